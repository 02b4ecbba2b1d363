/*
 * Undoing completed steps, and ending a transaction (commit, rollback, stuck).
 *
 * Protocol
 * - Entries are undone one at a time, in decreasing start index. Each undo is journalled
 *   `compensation:started` (durable before the compensation runs), then
 *   `compensation:completed` or `compensation:failed` per attempt.
 * - A compensation that fails is retried by its policy; when it gives up, the failure is
 *   collected and the next entry is undone anyway (continue-with-error).
 * - A nested transaction (a unit) is undone by undoing its own ledger, journalled on its own id,
 *   between the outer transaction's `compensation:started` and `compensation:completed`.
 * - These sagas never throw: a journal failure while undoing is collected like a compensation
 *   failure; the caller turns the outcome into the transaction's error.
 * - A compensation whose `compensation:started` cannot be recorded is not run (whoever holds the
 *   journal now may be recovering it), and the rollback then writes no terminal record: the
 *   transaction stays open, and `recover` runs that undo from the journal.
 */
import { call, join, setContext, type Task } from '@sagaflow/core'
import type { CompensationFailure } from '../errors.js'
import { CompensationError, TransactionAbortedError, TransactionStuckError } from '../errors.js'
import type { JournalRecord } from '../journal.js'
import { decideRetry, retryWait } from './retry.js'
import { recordError } from './serialize.js'
import { internal } from './marks.js'
import { settleAll, toEffect } from './operations.js'
import { appendRecord, CURRENT_TRANSACTION, type Entry, type TxRuntime } from './runtime.js'

export interface UndoOutcome {
  /** Undone steps, in undo order (a nested transaction contributes its own steps). */
  readonly compensated: string[]
  readonly failures: CompensationFailure[]
  /** Steps whose undo was not run because its `compensation:started` could not be recorded: left to `recover`. */
  readonly unrecorded: string[]
}

const emptyOutcome = (): UndoOutcome => ({ compensated: [], failures: [], unrecorded: [] })

/**
 * Undoes the `done` entries of `entries`, latest start first. Runs in a task of its own (the
 * uninterruptible rollback, or `recover`'s saga), whose context it may change.
 */
export function* undoEntries(runtime: TxRuntime, entries: readonly Entry[], outcome: UndoOutcome = emptyOutcome()) {
  // A transaction started inside a compensation is not nested in the one being undone (which has
  // ended, or is undoing a race's losers): the compensation is the unit, as a step's run is, and
  // as under `recover`, whose compensations run outside any transaction.
  yield internal(setContext({ [CURRENT_TRANSACTION]: null }))
  const todo = entries.filter((entry) => entry.state === 'done').sort((a, b) => b.index - a.index)
  for (const entry of todo) {
    // Another undo (a race's losers) may have taken it meanwhile.
    if (entry.state === 'done') yield* undoEntry(runtime, entry, outcome)
  }
  return outcome
}

/** Appends `record`; a failure is collected. Returns whether the record is durable. */
function* journal(runtime: TxRuntime, record: JournalRecord, outcome: UndoOutcome): Generator<unknown, boolean, any> {
  try {
    yield internal(call(appendRecord, runtime.journal, record))
    return true
  } catch (error) {
    outcome.failures.push({ step: record.step ?? runtime.name, error })
    return false
  }
}

function* undoEntry(runtime: TxRuntime, entry: Entry, outcome: UndoOutcome): Generator<unknown, void, any> {
  const step = entry.name
  entry.state = 'undoing'
  if (entry.unit) {
    // A nested transaction: journalled as one step here; its events are its own steps' (emitted
    // by it), so observers see the steps that are really undone.
    yield* journal(runtime, runtime.record({ kind: 'compensation:started', step, payload: {} }), outcome)
    const before = outcome.failures.length
    yield* settleAll(entry.unit.pending)
    yield* undoEntries(entry.unit, entry.unit.ledger, outcome)
    const failure = outcome.failures[before]
    entry.state = failure === undefined ? 'undone' : 'failed'
    const record =
      failure === undefined
        ? runtime.record({ kind: 'compensation:completed', step, payload: {} })
        : runtime.record({ kind: 'compensation:failed', step, payload: { error: recordError(failure.error), attempt: 1, final: true } })
    yield* journal(runtime, record, outcome)
    return
  }
  runtime.emit({ type: 'compensation:started', step })
  // The compensation runs only once its start is durable: if the journal refused the record
  // (the database went away, another worker took the transaction over), the undo is left to
  // whoever recovers the transaction, so it is not done twice.
  if (!(yield* journal(runtime, runtime.record({ kind: 'compensation:started', step, payload: {} }), outcome))) {
    entry.state = 'failed'
    outcome.unrecorded.push(step)
    return
  }
  const plan = entry.plan!
  for (let attempt = 1; ; attempt++) {
    try {
      yield toEffect(plan.invoke(runtime.stepContext(step, attempt)), attempt === 1 ? `compensate(${step})` : `compensate(${step}) attempt ${attempt}`)
    } catch (thrown) {
      const next = decideRetry(plan.retry, thrown, attempt)
      runtime.emit({ type: 'compensation:failed', step, error: thrown, attempt, willRetry: next.retry })
      const record = runtime.record({ kind: 'compensation:failed', step, payload: { error: recordError(thrown), attempt, final: !next.retry } })
      yield* journal(runtime, record, outcome)
      if (!next.retry) {
        entry.state = 'failed'
        // What the policy threw, if its shouldRetry did (see decideRetry); else the last attempt's error.
        outcome.failures.push({ step, error: next.error })
        return
      }
      yield* retryWait(next.delayMs)
      continue
    }
    entry.state = 'undone'
    outcome.compensated.push(step)
    runtime.emit({ type: 'compensation:completed', step })
    yield* journal(runtime, runtime.record({ kind: 'compensation:completed', step, payload: {} }), outcome)
    return
  }
}

/** How the body of a transaction ended. */
export type Ending =
  | { readonly status: 'ok'; readonly result: unknown }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'cancelled'; readonly reason: unknown }

/** How the transaction ends: with the body's result, or with the error to throw. */
export type Settled = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown }

/** The step standing for a nested transaction in its outer transaction. */
export interface ParentLink {
  readonly runtime: TxRuntime
  readonly step: string
}

/**
 * Ends a transaction: commits it, rolls it back, or leaves it stuck after its pivot. Runs
 * uninterruptibly (see `uninterruptible`). Never throws.
 */
export function* finish(runtime: TxRuntime, ending: Ending, parent: ParentLink | undefined): Generator<unknown, Settled, any> {
  runtime.status = 'ending'
  try {
    // Whatever ending: work still under way for this transaction (a nested transaction that a
    // tx.all cancelled, still rolling back; the undo of a race's losers) ends first. A transaction
    // that committed while a nested one was still rolling back would end its tree's 'running'
    // mark, and a recover could undo that nested transaction a second time.
    yield* settleAll(runtime.pending)
    if (ending.status === 'ok') return yield* commit(runtime, ending.result, parent)
    const cause = ending.status === 'error' ? ending.error : ending.reason
    if (parent) {
      parent.runtime.emit({ type: 'step:failed', step: parent.step, error: cause, attempt: 1, willRetry: false })
      const record = parent.runtime.record({ kind: 'step:failed', step: parent.step, payload: { error: recordError(cause), attempt: 1, final: true } })
      yield* journal(parent.runtime, record, emptyOutcome())
    }
    if (runtime.pivoted) return yield* stuck(runtime, cause)
    return yield* rollBack(runtime, cause)
  } catch (error) {
    // Only a journal failure while committing or getting stuck lands here.
    return { ok: false, error }
  } finally {
    runtime.status = 'ended'
  }
}

function* commit(runtime: TxRuntime, result: unknown, parent: ParentLink | undefined): Generator<unknown, Settled, any> {
  if (parent) {
    // The outer transaction's record first: once this one is committed, the outer one must know the unit is complete.
    parent.runtime.emit({ type: 'step:completed', step: parent.step, result })
    const record = parent.runtime.record({ kind: 'step:completed', step: parent.step, payload: { result: null, pivot: runtime.pivoted } })
    yield internal(call(appendRecord, parent.runtime.journal, record))
  }
  yield internal(call(appendRecord, runtime.journal, runtime.record({ kind: 'transaction:committed', payload: {} })))
  runtime.emit({ type: 'committed', result })
  return { ok: true, value: result }
}

function* stuck(runtime: TxRuntime, cause: unknown): Generator<unknown, Settled, any> {
  const error = new TransactionStuckError({ transactionId: runtime.id, transaction: runtime.name, cause, step: runtime.failedStep })
  const payload = runtime.failedStep === undefined ? { error: recordError(cause) } : { error: recordError(cause), step: runtime.failedStep }
  yield internal(call(appendRecord, runtime.journal, runtime.record({ kind: 'transaction:stuck', payload })))
  runtime.emit({ type: 'stuck', error })
  return { ok: false, error }
}

/** Undoes the ledger, journals `transaction:rolled-back`, and builds the transaction's error. */
export function* rollBack(runtime: TxRuntime, cause: unknown): Generator<unknown, Settled, any> {
  yield* settleAll(runtime.pending)
  // Undos that already failed for good count as this rollback's failures: a tx.race's losers, and
  // the rollbacks of nested transactions whose outcome reached nobody (a tx.all cancelled them).
  runtime.earlierUndoFailures.push(...(yield* takeEndings(runtime, runtime.endings)).failures)
  const outcome = yield* undoEntries(runtime, runtime.ledger, { compensated: [], failures: [...runtime.earlierUndoFailures], unrecorded: [...runtime.earlierUnrecorded] })
  const base = { transactionId: runtime.id, transaction: runtime.name, cause, compensated: outcome.compensated }
  const failed = [...new Set(outcome.failures.map((failure) => failure.step))]
  // An undo left to recovery (its start could not be recorded, so it did not run) keeps the
  // transaction open: with its terminal record, no recover would ever find it and run that undo.
  if (outcome.unrecorded.length === 0) {
    yield* journal(runtime, runtime.record({ kind: 'transaction:rolled-back', payload: { compensated: outcome.compensated, failed } }), outcome)
  }
  const error = outcome.failures.length > 0 ? new CompensationError({ ...base, failures: outcome.failures }) : new TransactionAbortedError(base)
  runtime.emit({ type: 'rolled-back', error, compensated: outcome.compensated })
  return { ok: false, error }
}

/**
 * Undoes some entries now (the completed steps of a race's losing branches), once `endings` (the
 * rollbacks of transactions nested in those branches, started when they were cancelled) have
 * ended; those contribute their undone steps and failures. Never throws. What fails for good is
 * also kept for the transaction's rollback, should it come to one.
 */
export function* undoNow(runtime: TxRuntime, entries: readonly Entry[], endings: readonly Task[] = []): Generator<unknown, UndoOutcome, any> {
  const outcome = yield* takeEndings(runtime, endings)
  yield* undoEntries(runtime, entries, outcome)
  runtime.earlierUndoFailures.push(...outcome.failures)
  runtime.earlierUnrecorded.push(...outcome.unrecorded)
  return outcome
}

/**
 * Waits for `endings` (of transactions nested in `runtime`, whose outcome reached nobody) and
 * gathers what they undid and what failed. Taken off `runtime.endings` at once, so that nothing is
 * reported twice. Never throws.
 */
function* takeEndings(runtime: TxRuntime, endings: readonly Task[]): Generator<unknown, UndoOutcome, any> {
  runtime.endings = runtime.endings.filter((task) => !endings.includes(task))
  const outcome = emptyOutcome()
  for (const task of endings) {
    let settled: Settled
    try {
      settled = (yield internal(join(task))) as Settled
    } catch {
      continue // `finish` never throws
    }
    // Only failures are taken over: an undo in there left unrecorded keeps that nested transaction
    // open in the journal, and `recover` finishes it on its own.
    if (settled.ok) continue
    if (settled.error instanceof CompensationError) {
      outcome.compensated.push(...settled.error.compensated)
      outcome.failures.push(...settled.error.failures)
    } else if (settled.error instanceof TransactionAbortedError) {
      outcome.compensated.push(...settled.error.compensated)
    }
  }
  return outcome
}
