/**
 * The string keys and sentinel values the runtime shares with redux-saga. They are strings, not
 * JS Symbols, so effects and actions stay plain serialisable data and two copies of the runtime
 * (or redux-saga itself) recognise each other's values.
 */

/** Marks an object as an effect: `effect['@@redux-saga/IO'] === true`. */
export const IO = '@@redux-saga/IO'
/** Brand of a Task object. */
export const TASK = '@@redux-saga/TASK'
/**
 * What a cancelled task's `result()` gives and its `toPromise()` resolves with.
 *
 * @example
 * ```ts
 * const task = runSaga({}, saga)
 * task.cancel()
 * expect(await task.toPromise()).toBe(TASK_CANCEL)
 * ```
 */
export const TASK_CANCEL = '@@redux-saga/TASK_CANCEL'
/** Resume value that makes the driver `return()` a generator (a `take` that hit END). */
export const TERMINATE = '@@redux-saga/TERMINATE'
/** Payload of `cancel()` with no argument: the current task cancels itself. */
export const SELF_CANCELLATION = '@@redux-saga/SELF_CANCELLATION'
/** Key under which a multicast taker keeps its matcher. */
export const MATCH = '@@redux-saga/MATCH'
/** Brand of a multicast channel. */
export const MULTICAST = '@@redux-saga/MULTICAST'
/** Key of a `use()` resource scope that is releasing (internal: the driver does not cancel it). */
export const RELEASING = '@@sagaflow/RELEASING'
/** Non-enumerable mark on actions dispatched by a saga's `put`. */
export const SAGA_ACTION = '@@redux-saga/SAGA_ACTION'
/** The `type` of the END message. */
export const CHANNEL_END_TYPE = '@@redux-saga/CHANNEL_END'
/**
 * Key a promise may carry: `promise[CANCEL] = () => abort()` is called when the effect waiting
 * on it is cancelled.
 *
 * @example
 * ```ts
 * function fetchWithCancel(url: string) {
 *   const controller = new AbortController()
 *   const promise = fetch(url, { signal: controller.signal })
 *   ;(promise as any)[CANCEL] = () => controller.abort()
 *   return promise
 * }
 * ```
 */
export const CANCEL = '@@redux-saga/CANCEL_PROMISE'
/**
 * Key under which babel-plugin-redux-saga stores `{ fileName, lineNumber, code }` on effects and
 * saga functions; `sagaStack` prints it when present.
 *
 * @example
 * ```ts
 * function* worker() {}
 * ;(worker as any)[SAGA_LOCATION] = { fileName: 'sagas.ts', lineNumber: 12 }
 * ```
 */
export const SAGA_LOCATION = '@@redux-saga/LOCATION'
