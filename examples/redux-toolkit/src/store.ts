import { configureStore } from '@reduxjs/toolkit'
import createSagaMiddleware, { type RunSagaOptions } from '@sagaflow/core'
import { rootSaga, type Api } from './sagas.js'
import { search, session } from './slices.js'

export function createApp(api: Api, options: Pick<RunSagaOptions, 'clock'> = {}) {
  const sagaMiddleware = createSagaMiddleware({ context: { api }, ...options })
  const store = configureStore({
    reducer: { session: session.reducer, search: search.reducer },
    middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(sagaMiddleware),
  })
  const task = sagaMiddleware.run(rootSaga)
  return { store, task }
}

export type AppStore = ReturnType<typeof createApp>['store']
