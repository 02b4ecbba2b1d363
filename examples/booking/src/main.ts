// The main demo (`pnpm start`): a small Redux app driven by sagas, printing what happens.
import { legacy_createStore as createStore, applyMiddleware } from 'redux'
import createSagaMiddleware from '@sagaflow/core'
import { call, delay, put, race, take, takeLatest } from '@sagaflow/core/effects'

interface State {
  log: string[]
}
const reducer = (state: State = { log: [] }, action: { type: string; query?: string }): State =>
  action.type.startsWith('@@') ? state : { log: [...state.log, action.type] }

const started = Date.now()
const say = (line: string) => console.log(`${String(Date.now() - started).padStart(5)} ms  ${line}`)

function* search(action: { type: 'SEARCH'; query: string }) {
  try {
    say(`search "${action.query}" started`)
    yield* delay(50)
    say(`search "${action.query}" finished`)
    yield* put({ type: 'SEARCH_DONE', query: action.query })
  } finally {
    // takeLatest cancels the previous search when a new one arrives
  }
}

function* loginFlow() {
  const { login, timeout } = yield* race({ login: take('LOGIN'), timeout: delay(200) })
  say(login ? 'logged in' : timeout ? 'login timed out' : 'unexpected')
  return yield* call(() => Promise.resolve('session-42'))
}

function* rootSaga() {
  yield* takeLatest('SEARCH', search)
  const session = yield* call(loginFlow)
  say(`session ${session} ready`)
}

const sagaMiddleware = createSagaMiddleware()
const store = createStore(reducer, applyMiddleware(sagaMiddleware))
const task = sagaMiddleware.run(rootSaga)

store.dispatch({ type: 'SEARCH', query: 'par' })
store.dispatch({ type: 'SEARCH', query: 'paris' }) // cancels "par"
setTimeout(() => store.dispatch({ type: 'LOGIN' }), 20)
setTimeout(() => {
  say(`actions seen by the store: ${store.getState().log.join(', ')}`)
  task.cancel()
  say(`root task cancelled: ${task.isCancelled()}`)
}, 150)
