/**
 * Transaction lifecycle events: emitted on `tx.events` (an eventemitter3 `EventEmitter`) and
 * passed to the observer found in the saga context under {@link TRANSACTION_OBSERVER}.
 */
import type { TransactionAbortedError, CompensationError, TransactionStuckError } from './errors.js'

interface EventBase {
  /** `tx.id` of the transaction that emitted the event. */
  readonly transactionId: string
  /** Its name. */
  readonly transaction: string
}

/**
 * One transaction lifecycle event. `type` is also the event name on `tx.events`.
 *
 * - `step:started` / `step:completed` / `step:failed` (`willRetry` tells whether another attempt follows)
 * - `compensation:started` / `compensation:completed` / `compensation:failed`, one per undone
 *   step, in the order of the undo. A nested transaction undone as a unit with its outer one
 *   reports its own steps' undo (with its own `transactionId`), in their place in the order.
 * - `committed`, `rolled-back` (with the error the transaction ends with), `stuck` (failed after
 *   its pivot; open for `recover`).
 *
 * @example
 * ```ts
 * const undone: string[] = []
 * const observer: TransactionObserver = (event) => {
 *   if (event.type === 'compensation:completed') undone.push(event.step)
 * }
 * ```
 */
export type TransactionEvent =
  | (EventBase & { readonly type: 'step:started'; readonly step: string; readonly input: unknown; readonly pivot: boolean })
  | (EventBase & { readonly type: 'step:completed'; readonly step: string; readonly result: unknown })
  | (EventBase & { readonly type: 'step:failed'; readonly step: string; readonly error: unknown; readonly attempt: number; readonly willRetry: boolean })
  | (EventBase & { readonly type: 'compensation:started'; readonly step: string })
  | (EventBase & { readonly type: 'compensation:completed'; readonly step: string })
  | (EventBase & {
      readonly type: 'compensation:failed'
      readonly step: string
      readonly error: unknown
      readonly attempt: number
      readonly willRetry: boolean
    })
  | (EventBase & { readonly type: 'committed'; readonly result: unknown })
  | (EventBase & {
      readonly type: 'rolled-back'
      readonly error: TransactionAbortedError | CompensationError
      readonly compensated: readonly string[]
    })
  | (EventBase & { readonly type: 'stuck'; readonly error: TransactionStuckError })

/**
 * Every `type` of {@link TransactionEvent}.
 *
 * @example
 * ```ts
 * const undoEvents: TransactionEventType[] = ['compensation:started', 'compensation:completed', 'compensation:failed']
 * ```
 */
export type TransactionEventType = TransactionEvent['type']

/**
 * The event map of `tx.events`: each event name to its listener's arguments (one event object).
 *
 * @example
 * ```ts
 * tx.events.on('compensation:completed', (event) => console.log('undid', event.step))
 * ```
 */
export type TransactionEvents = { [E in TransactionEvent as E['type']]: [event: E] }

/**
 * Receives every lifecycle event of every transaction run in its saga context (nested ones and
 * `recover`'s too). Put one in the context under {@link TRANSACTION_OBSERVER}. An observer must
 * not throw: an error it throws is ignored.
 *
 * @example
 * ```ts
 * const events: TransactionEvent[] = []
 * runSaga({ context: { [TRANSACTION_OBSERVER]: (e: TransactionEvent) => events.push(e) } }, rootSaga)
 * ```
 */
export type TransactionObserver = (event: TransactionEvent) => void

/**
 * The saga-context key under which transactions look for a {@link TransactionObserver}. It is a
 * plain string, so tools (such as `@sagaflow/testing`'s `.compensated([...])`) can install an
 * observer with `runSaga({ context })` or `setContext` without importing this package.
 *
 * @example
 * ```ts
 * const undone: string[] = []
 * const task = runSaga(
 *   { context: { [TRANSACTION_OBSERVER]: (e: TransactionEvent) => e.type === 'compensation:completed' && undone.push(e.step) } },
 *   bookTrip,
 *   request,
 * )
 * await task.toPromise().catch(() => {})
 * undone // ['reserve-car', 'reserve-hotel', 'reserve-flight']
 * ```
 */
export const TRANSACTION_OBSERVER = '@@sagaflow/compensation/observer'
