// A small app written for redux-saga 1.5, untouched. `src/migrate.ts` ports it to sagaflow by
// rewriting its two imports; the test runs both and compares what they did, action by action.
import { legacy_createStore as createStore, applyMiddleware, type Reducer } from 'redux'
import createSagaMiddleware, { type Task } from 'redux-saga'
import { call, cancel, cancelled, delay, fork, put, race, select, take, takeEvery, takeLatest } from 'redux-saga/effects'

export interface AppState {
  user: string | null
  todos: string[]
  results: string[]
  status: string
}

const initial: AppState = { user: null, todos: [], results: [], status: 'idle' }

const reducer: Reducer<AppState, any> = (state = initial, action) => {
  switch (action.type) {
    case 'LOGGED_IN':
      return { ...state, user: action.user, status: 'online' }
    case 'LOGGED_OUT':
      return { ...state, user: null, status: 'offline' }
    case 'LOGIN_TIMED_OUT':
      return { ...state, status: 'timed out' }
    case 'TODO_SAVED':
      return { ...state, todos: [...state.todos, action.text] }
    case 'RESULTS':
      return { ...state, results: action.results }
    default:
      return state
  }
}

export interface Api {
  saveTodo(text: string): Promise<string>
  search(query: string): Promise<string[]>
  syncOnce(): Promise<void>
}

export function createApp(api: Api, log: (line: string) => void) {
  function* saveTodo(action: { type: 'ADD_TODO'; text: string }): any {
    const saved: string = yield call([api, api.saveTodo], action.text)
    yield put({ type: 'TODO_SAVED', text: saved })
  }

  function* search(action: { type: 'SEARCH'; query: string }): any {
    try {
      log(`search ${action.query}`)
      const results: string[] = yield call(api.search, action.query)
      yield put({ type: 'RESULTS', results })
    } finally {
      if (yield cancelled()) log(`search ${action.query} cancelled`)
    }
  }

  function* backgroundSync(): any {
    try {
      while (true) {
        yield call(api.syncOnce)
        log('synced')
        yield delay(5)
      }
    } finally {
      if (yield cancelled()) log('sync stopped')
    }
  }

  function* session(): any {
    while (true) {
      const { login, timeout } = yield race({ login: take('LOGIN'), timeout: delay(100) })
      if (timeout) {
        yield put({ type: 'LOGIN_TIMED_OUT' })
        continue
      }
      yield put({ type: 'LOGGED_IN', user: login.user })
      const user: string = yield select((state: AppState) => state.user)
      log(`welcome ${user}`)
      const sync: Task = yield fork(backgroundSync)
      yield take('LOGOUT')
      yield cancel(sync)
      yield put({ type: 'LOGGED_OUT' })
    }
  }

  function* rootSaga(): any {
    yield takeEvery('ADD_TODO', saveTodo)
    yield takeLatest('SEARCH', search)
    yield fork(session)
  }

  const sagaMiddleware = createSagaMiddleware({ onError: (error) => log(`error: ${String(error)}`) })
  const store = createStore(reducer, applyMiddleware(sagaMiddleware))
  store.subscribe(() => log(`state ${JSON.stringify(store.getState())}`))
  const task = sagaMiddleware.run(rootSaga)
  return { store, task }
}
