import { abortSignal, call, delay, getContext, put, race, take, takeLatest } from '@sagaflow/core/effects'
import {
  loggedOut,
  loginRequested,
  loginSucceeded,
  loginTimedOut,
  searchFailed,
  searchRequested,
  searchSucceeded,
} from './slices.js'

/** What the sagas need from the outside world (put in the saga context by `createApp`). */
export interface Api {
  baseUrl: string
  authenticate(user: string, password: string): Promise<string>
}

export const LOGIN_TIMEOUT_MS = 5_000

export function* fetchJson<T>(url: string) {
  const signal = yield* abortSignal() // aborted when this task is cancelled
  const response = yield* call(fetch, url, { signal })
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`)
  return (yield* call(() => response.json())) as T
}

/** takeLatest: a newer search cancels the running one, and its HTTP request is aborted. */
export function* searchWorker(action: ReturnType<typeof searchRequested>) {
  const api = yield* getContext<Api>('api')
  try {
    const results = yield* call(fetchJson<string[]>, `${api.baseUrl}/search?q=${encodeURIComponent(action.payload)}`)
    yield* put(searchSucceeded(results))
  } catch (error) {
    yield* put(searchFailed(String(error)))
  }
}

/** Login, racing a timeout; then wait for logout. */
export function* loginFlow() {
  const api = yield* getContext<Api>('api')
  while (true) {
    const request = yield* take<{ type: string; payload: { user: string; password: string } }>('session/credentials')
    yield* put(loginRequested())
    const { token, timeout } = yield* race({
      token: call([api, api.authenticate], request.payload.user, request.payload.password),
      timeout: delay(LOGIN_TIMEOUT_MS),
    })
    if (timeout || !token) {
      yield* put(loginTimedOut())
      continue
    }
    yield* put(loginSucceeded(request.payload.user))
    yield* take(loggedOut.type)
  }
}

export function* rootSaga() {
  yield* takeLatest(searchRequested.type, searchWorker)
  yield* call(loginFlow)
}
