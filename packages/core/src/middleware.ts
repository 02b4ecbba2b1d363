import type { DisposableCancellationToken } from '@sagaflow/cancellation'
import { stdChannel } from './channel.js'
import { check, isDevelopment } from './internal/dev.js'
import * as is from './internal/is.js'
import { assignWithSymbols } from './internal/task.js'
import { checkClock, runSaga, signalToken, type RunSagaOptions } from './run-saga.js'
import type { SagaReturn, Task } from './types.js'

/**
 * Options of `createSagaMiddleware`: those of `runSaga` except `dispatch` and `getState`. `C` is
 * the root context's type (redux-saga's `SagaMiddlewareOptions<C>`).
 *
 * @example
 * ```ts
 * const options: SagaMiddlewareOptions<{ api: Api }> = { context: { api }, onError: report }
 * const sagaMiddleware = createSagaMiddleware(options)
 * ```
 */
export type SagaMiddlewareOptions<C extends object = object> = Omit<RunSagaOptions, 'dispatch' | 'getState' | 'context'> & {
  /** Root context, inherited by every task. */
  context?: C | undefined
}

interface MiddlewareAPI {
  getState(): any
  dispatch(action: any): any
}

/**
 * The Redux middleware; `run` starts a root saga, `setContext` adds to the root context (of type `C`).
 *
 * @example
 * ```ts
 * const sagaMiddleware: SagaMiddleware<{ api: Api }> = createSagaMiddleware({ context: { api } })
 * sagaMiddleware.setContext({ api: mockApi }) // checked against { api: Api }
 * const task = sagaMiddleware.run(rootSaga)
 * ```
 */
export interface SagaMiddleware<C extends object = object> {
  (api: MiddlewareAPI): (next: (action: any) => any) => (action: any) => any
  /**
   * Starts `saga(...args)` as a root task with the middleware's options, taking the store's
   * actions and dispatching to it, and returns its Task. Call it after the store is created:
   * before the middleware is mounted (`applyMiddleware`, `configureStore`) it throws.
   *
   * @example
   * ```ts
   * const sagaMiddleware = createSagaMiddleware()
   * const store = createStore(reducer, applyMiddleware(sagaMiddleware))
   * const task = sagaMiddleware.run(watchOrders, api)
   * task.toPromise().catch((error) => console.error('watchOrders crashed', error))
   * ```
   */
  run<Args extends any[], R>(saga: (...args: Args) => Iterator<any, R, any>, ...args: Args): Task<R>
  /**
   * `run<typeof rootSaga>(rootSaga, ...args)`: the saga's type given, as redux-saga's `run<S>`.
   *
   * @typeParam S - the saga function's type: its parameters type `args`, its return type the task's result
   */
  run<S extends (...args: any[]) => Iterator<any, any, any>>(saga: S, ...args: Parameters<S>): Task<SagaReturn<ReturnType<S>>>
  /**
   * Merges `props` (symbol keys included) into the root context, which every task started by `run`
   * inherits: tasks already running see the new values too, unless they set the same key
   * themselves. Throws in development if `props` is not a plain object.
   *
   * @example
   * ```ts
   * const sagaMiddleware = createSagaMiddleware<{ api: Api }>()
   * sagaMiddleware.setContext({ api: createApi(baseUrl) })
   * // in any saga: const api = yield* getContext<Api>('api')
   * ```
   */
  setContext(props: Partial<C>): void
}

/**
 * Creates the Redux middleware. Actions reach sagas after the reducers ran, so `select()` right
 * after `take()` sees the new state. Works with `applyMiddleware` and Redux Toolkit's
 * `configureStore({ middleware: (gDM) => gDM().concat(sagaMiddleware) })`.
 *
 * @example
 * ```ts
 * const sagaMiddleware = createSagaMiddleware()
 * const store = createStore(reducer, applyMiddleware(sagaMiddleware))
 * sagaMiddleware.run(rootSaga)
 * ```
 */
export function createSagaMiddleware<C extends object = object>(options: SagaMiddlewareOptions<C> = {}): SagaMiddleware<C> {
  const { context = {}, channel = stdChannel(), sagaMonitor, ...rest } = options
  let boundRunSaga: ((saga: any, ...args: any[]) => Task) | undefined
  if (isDevelopment) check(channel, is.channel, 'options.channel passed to the Saga middleware is not a channel')
  // sagaflow's own options, checked when the middleware is made rather than at its first run().
  if (isDevelopment && rest.clock !== undefined) checkClock('createSagaMiddleware(options)', rest.clock)
  if (rest.signal !== undefined) {
    // Only checked here: each run links to the signal itself. A token of another copy of
    // @sagaflow/cancellation is followed through a linked token made for this check alone:
    // dispose it, or the middleware would leave a registration on the caller's token.
    const checked = signalToken(rest.signal, 'createSagaMiddleware(options)')
    if (checked !== rest.signal) (checked as Partial<DisposableCancellationToken>).dispose?.()
  }

  const sagaMiddleware = (({ getState, dispatch }: MiddlewareAPI) => {
    boundRunSaga = (saga, ...args) => runSaga({ ...rest, context, channel, dispatch, getState, sagaMonitor }, saga, ...args)
    return (next: (action: any) => any) => (action: any) => {
      if (sagaMonitor && sagaMonitor.actionDispatched) sagaMonitor.actionDispatched(action)
      const result = next(action)
      channel.put(action)
      return result
    }
  }) as SagaMiddleware<C>

  sagaMiddleware.run = (saga: (...args: any[]) => Iterator<any, any, any>, ...args: any[]): Task => {
    if (!boundRunSaga) {
      throw new Error('Before running a Saga, you must mount the Saga middleware on the Store using applyMiddleware')
    }
    return boundRunSaga(saga, ...args)
  }
  sagaMiddleware.setContext = (props) => {
    if (isDevelopment) check(props, is.object, `sagaMiddleware.setContext(props): argument ${props} is not a plain object`)
    assignWithSymbols(context, props)
  }
  return sagaMiddleware
}
