/*
 * How `expectSaga(...).compensated([...])` sees the undo order of transactions without depending
 * on `@sagaflow/compensation`: that package calls the observer it finds in the saga context
 * under the plain string key '@@sagaflow/compensation/observer' (its `TRANSACTION_OBSERVER`)
 * with every transaction lifecycle event, and an `expectSaga` run puts one there. The events
 * used: `compensation:started`, `compensation:completed`, `compensation:failed`, each with
 * `{ transaction, transactionId, step }`, emitted in the order of the undo.
 */

/** The saga-context key of `@sagaflow/compensation`'s transaction observer. */
export const TRANSACTION_OBSERVER = '@@sagaflow/compensation/observer'

/** What a compensation event carries (a subset of `@sagaflow/compensation`'s `TransactionEvent`). */
interface CompensationEvent {
  readonly type: string
  readonly transaction?: string
  readonly transactionId?: string
  readonly step?: string
  readonly error?: unknown
  readonly willRetry?: boolean
}

/** One compensation seen in a run: a step being undone, and how its undo went. */
export interface CompensationRecord {
  readonly transaction: string | undefined
  readonly transactionId: string | undefined
  readonly step: string
  status: 'running' | 'ok' | 'error'
  error: unknown
}

/** Collects the compensations of a run from transaction events. */
export class CompensationLog {
  readonly records: CompensationRecord[] = []

  /**
   * The observer to install in the root context; it also forwards every event to `next` (an
   * observer the test put in `withContext`).
   */
  observer(next: unknown): (event: CompensationEvent) => void {
    return (event) => {
      this.record(event)
      if (typeof next === 'function') next(event)
    }
  }

  private record(event: CompensationEvent): void {
    if (!event || typeof event.step !== 'string') return
    const { type, transaction, transactionId, step } = event
    if (type === 'compensation:started') {
      this.records.push({ transaction, transactionId, step, status: 'running', error: undefined })
      return
    }
    if (type !== 'compensation:completed' && type !== 'compensation:failed') return
    let record: CompensationRecord | undefined
    for (let i = this.records.length - 1; i >= 0 && !record; i--) {
      const candidate = this.records[i]!
      if (candidate.step === step && candidate.transactionId === transactionId && candidate.status === 'running') record = candidate
    }
    if (!record) {
      record = { transaction, transactionId, step, status: 'running', error: undefined }
      this.records.push(record)
    }
    if (type === 'compensation:completed') record.status = 'ok'
    else {
      record.error = event.error
      // A failed attempt that will be retried leaves the compensation running.
      if (!event.willRetry) record.status = 'error'
    }
  }
}
