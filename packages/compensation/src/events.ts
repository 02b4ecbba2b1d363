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
  | (EventBase & {
      /** A step (or a nested transaction, or a `tx.compensate` undo) starts. */
      readonly type: 'step:started'
      /** The step's name, unique within its transaction. */
      readonly step: string
      /** The input of a `defineStep` step; `null` for `tx.step` / `tx.pivot(name, ...)`, `undefined` for `tx.compensate` and nested transactions. */
      readonly input: unknown
      /** True for a step run by `tx.pivot`. */
      readonly pivot: boolean
    })
  | (EventBase & {
      /** A step's work succeeded; emitted before its `step:completed` record is written. */
      readonly type: 'step:completed'
      /** The step that completed. */
      readonly step: string
      /** What the step resolved to, as the body receives it (a nested transaction's result; `undefined` for `tx.compensate`). */
      readonly result: unknown
    })
  | (EventBase & {
      /** One attempt of a step's work threw (or a nested transaction failed, or the step was cancelled because its `tx.race` branch lost: a `CancellationError`). */
      readonly type: 'step:failed'
      /** The step that failed. */
      readonly step: string
      /** What the attempt threw, unchanged. */
      readonly error: unknown
      /** Which attempt failed: 1 for the first, 2 for the first retry, ... */
      readonly attempt: number
      /** True when the step's retry policy runs another attempt; false when the error goes to the body. */
      readonly willRetry: boolean
    })
  | (EventBase & {
      /** A step's compensation is about to run (before its `compensation:started` record is written). */
      readonly type: 'compensation:started'
      /** The step being undone. */
      readonly step: string
    })
  | (EventBase & {
      /** A step's compensation succeeded. */
      readonly type: 'compensation:completed'
      /** The step that was undone. */
      readonly step: string
    })
  | (EventBase & {
      /** One attempt of a step's compensation threw. */
      readonly type: 'compensation:failed'
      /** The step whose undo failed. */
      readonly step: string
      /** What the attempt threw, unchanged. */
      readonly error: unknown
      /** Which attempt of the compensation failed: 1 for the first, 2 for the first retry, ... */
      readonly attempt: number
      /** True when the compensation's retry policy runs another attempt; false when it gives up (the undo goes on with the next step). */
      readonly willRetry: boolean
    })
  | (EventBase & {
      /** The transaction committed: the body returned and its `transaction:committed` record is durable. */
      readonly type: 'committed'
      /** The body's result (`undefined` when `recover` finished the transaction). */
      readonly result: unknown
    })
  | (EventBase & {
      /** The undo is over; the transaction ends with `error`. */
      readonly type: 'rolled-back'
      /** What the transaction throws: a `TransactionAbortedError`, or a `CompensationError` when an undo failed for good. */
      readonly error: TransactionAbortedError | CompensationError
      /** The steps undone, in the order they were undone (the same as `error.compensated`). */
      readonly compensated: readonly string[]
    })
  | (EventBase & {
      /** The transaction failed after its pivot; nothing was undone and it stays open for `recover`. */
      readonly type: 'stuck'
      /** What the transaction throws. */
      readonly error: TransactionStuckError
    })

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
 * not throw: an error it throws does not affect the transaction, and is reported as uncaught
 * (thrown from a microtask of its own, as a throwing event listener's is).
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
