/**
 * The recipe: run sagas against any store that has `getState` / `setState` / `subscribe`
 * (zustand, or your own), with `runSaga` and a `stdChannel`.
 *
 * - `dispatch(action)` reduces the action into the store, then puts it into the channel, so a
 *   saga's `select()` right after `take()` sees the new state (as with the Redux middleware);
 * - sagas' `put`s go through the same `dispatch`;
 * - the returned `run` starts a root saga, `dispatch` is what your UI calls.
 */
import { runSaga, stdChannel, type RunSagaOptions, type Task } from '@sagaflow/core'

export interface StateStore<S> {
  getState(): S
  setState(state: S, replace: true): void
}

export interface Action {
  type: string
  [key: string]: unknown
}

export function connectSagas<S>(
  store: StateStore<S>,
  reducer: (state: S, action: Action) => S,
  options: Omit<RunSagaOptions, 'channel' | 'dispatch' | 'getState'> = {},
) {
  const channel = stdChannel<Action>()
  const dispatch = (action: Action): Action => {
    store.setState(reducer(store.getState(), action), true)
    channel.put(action)
    return action
  }
  const run = <Args extends any[], R>(saga: (...args: Args) => Iterator<any, R, any>, ...args: Args): Task<R> =>
    runSaga({ ...options, channel, dispatch, getState: store.getState }, saga, ...args)
  return { dispatch, run }
}
