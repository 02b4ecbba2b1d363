/*
 * The in-memory side of one transaction (a live one, or one rebuilt from its journal by
 * `recover`): its ledger of completed steps, its journal sequence, its events.
 *
 * Invariants
 * - Step `index` is the start order within the transaction, allocated synchronously when a step
 *   starts; compensation runs in decreasing `index` (reverse order of start), whatever the
 *   order of completion (parallel steps).
 * - An entry is added to the ledger synchronously when its step's `run` resolves, before the
 *   completion is journalled, so a cancellation that arrives while the record is being written
 *   still finds the step to undo. An entry is undone at most once: its `state` moves
 *   done -> undoing -> undone | failed and only `done` entries are picked.
 * - Journal `sequence` numbers are allocated synchronously when a record is built, so they
 *   follow the runtime's order even when appends run concurrently.
 */
import type { RetryPolicy, Task } from '@sagaflow/core'
import { EventEmitter } from 'eventemitter3'
import type { StepContext } from '../define-step.js'
import type { CompensationFailure } from '../errors.js'
import type { TransactionEvent, TransactionEvents, TransactionObserver } from '../events.js'
import type { Journal, JournalRecord } from '../journal.js'
import { internalFn } from './marks.js'

/*
 * Every saga-context key of this package starts with '@@sagaflow/compensation/' (tools treat a
 * get/setContext of such keys as the package's own: see `marks.ts`).
 */

/** Saga-context key of the innermost running transaction (a nested transaction registers with it). */
export const CURRENT_TRANSACTION = '@@sagaflow/compensation/current'
/** Saga-context key of the `tx.race` branches the current task runs in. */
export const BRANCHES = '@@sagaflow/compensation/branches'

/** How to call a step's or a compensation's function for one attempt, or the effect to yield. */
export type Invocation = { readonly fn: (...args: any[]) => unknown; readonly args: readonly unknown[] } | { readonly effect: unknown }

/** How to undo one completed step. */
export interface UndoPlan {
  readonly invoke: (context: StepContext) => Invocation
  readonly retry: RetryPolicy
}

/** A completed step that can be undone: by its plan, or (a nested transaction) by undoing its own ledger. */
export interface Entry {
  readonly name: string
  readonly index: number
  readonly plan: UndoPlan | undefined
  readonly unit: TxRuntime | undefined
  state: 'done' | 'undoing' | 'undone' | 'failed'
}

/** Where a running step is: its current attempt, and whether it has settled (completed, failed, or abandoned by a lost tx.race). */
export interface StepProgress {
  attempt: number
  settled: boolean
}

/** The completed steps of one `tx.race` branch, so a losing branch's steps can be undone. */
export class BranchScope {
  readonly entries: Entry[] = []
  /**
   * The endings (tasks of `finish`) of transactions nested in the racing one and started in this
   * branch, whose outcome has not reached the branch: a losing branch's cancellation starts their
   * rollback, and the race waits for it and reports its failures (nobody else would).
   */
  endings: readonly Task[] = []
  /**
   * The steps of the racing transaction started in this branch that have not settled (running, or
   * waiting to retry): when the branch loses, they are recorded as abandoned, so that `recover`
   * does not run them again.
   */
  readonly running = new Map<string, StepProgress>()
  won = false
  constructor(readonly runtime: TxRuntime) {}
}

type EventPayload = TransactionEvent extends infer E ? (E extends TransactionEvent ? Omit<E, 'transactionId' | 'transaction'> : never) : never
type RecordInput = JournalRecord extends infer R ? (R extends JournalRecord ? Omit<R, 'transactionId' | 'sequence' | 'at'> : never) : never

export class TxRuntime {
  readonly events = new EventEmitter<TransactionEvents>()
  /** Next journal sequence number. */
  sequence = 0
  /** Next step index. */
  nextIndex = 0
  /** `tx.attempt`: the attempt of the step attempt running now (1 outside retries). */
  attempt = 1
  readonly names = new Set<string>()
  readonly ledger: Entry[] = []
  /** True once a pivot of this transaction (or of a transaction nested in it) completed: nothing is undone any more. */
  pivoted = false
  /** The outer transaction, for a nested one. */
  parent: TxRuntime | undefined = undefined
  /** The last step that failed for good after the pivot (named by TransactionStuckError). */
  failedStep: string | undefined = undefined
  status: 'running' | 'ending' | 'ended' = 'running'
  /** Work that must finish before this transaction's own rollback starts: undos of race losers, nested transactions ending. */
  readonly pending: Task[] = []
  /**
   * The endings of transactions nested in this one whose outcome has not reached the body (as
   * `BranchScope.endings`, for the whole body): one cancelled (by a tx.all failing fast, say)
   * rolls back on its own, and nobody else would report its failures. The race of a losing branch
   * takes its own; this transaction's rollback counts the failures of the rest.
   */
  endings: readonly Task[] = []
  /**
   * Compensations that failed for good before the rollback: those of a tx.race's losing branches,
   * undone at once (transactions nested in them included). A rollback counts them with its own
   * (its error, its record's `failed`); a commit does not (tx.race threw them into the body).
   */
  readonly earlierUndoFailures: CompensationFailure[] = []
  /** Of those, the steps whose undo did not run because its start could not be recorded (left to `recover`). */
  readonly earlierUnrecorded: string[] = []

  constructor(
    readonly id: string,
    readonly name: string,
    readonly journal: Journal,
    readonly observer: TransactionObserver | undefined,
    readonly recovering: boolean,
    readonly compensationRetry: RetryPolicy,
  ) {}

  /** Builds the next record of this transaction. */
  record(input: RecordInput): JournalRecord {
    return { transactionId: this.id, sequence: this.sequence++, ...input } as JournalRecord
  }

  emit(payload: EventPayload): void {
    const event = { transactionId: this.id, transaction: this.name, ...payload } as TransactionEvent
    // Listeners must not break the transaction (a throwing one would abort a compensation), and
    // what they throw must not vanish (a failed assertion in a test's listener): it is reported
    // as uncaught, from a job of its own, as a throwing event listener or timer callback is.
    try {
      ;(this.events.emit as (type: string, event: TransactionEvent) => boolean)(event.type, event)
    } catch (error) {
      reportUncaught(error)
    }
    try {
      this.observer?.(event)
    } catch (error) {
      reportUncaught(error)
    }
  }

  /** Reserves `name` for a new step and returns its index; throws if taken or if the transaction ended. */
  claim(api: string, name: string): number {
    if (this.status !== 'running') {
      throw new Error(`${api}: transaction "${this.name}" has already ended; start steps only while its body runs`)
    }
    if (this.names.has(name)) {
      throw new Error(
        `${api}: duplicate step name: transaction "${this.name}" already has a step named "${name}"; give each step of a transaction its own name (the journal and recover identify steps by name)`,
      )
    }
    this.names.add(name)
    return this.nextIndex++
  }

  /** A pivot completed: this transaction and every transaction it is nested in are past the point of no return. */
  markPivoted(): void {
    this.pivoted = true
    this.parent?.markPivoted()
  }

  /** Adds a completed step to the ledger (and to the race branches it ran in). */
  register(entry: Entry, scopes: readonly BranchScope[] | undefined): void {
    this.ledger.push(entry)
    if (scopes) for (const scope of scopes) if (scope.runtime === this) scope.entries.push(entry)
  }

  idempotencyKey(step: string): string {
    return `${this.id}:${step}`
  }

  stepContext(step: string, attempt: number): StepContext {
    return {
      transactionId: this.id,
      transaction: this.name,
      step,
      attempt,
      idempotencyKey: this.idempotencyKey(step),
      recovering: this.recovering,
    }
  }
}

/**
 * `journal.append(record)` as a function for `call` (keeps `this`); a journal that stores at once
 * returns nothing, and the saga goes on synchronously. Marked internal (see `marks.ts`).
 */
export function appendRecord(journal: Journal, record: JournalRecord): Promise<void> | void {
  return journal.append(record)
}
internalFn(appendRecord)

/*
 * The transactions this process is running, by journal: `recover` leaves them alone. Their
 * journal shows them unfinished, like those of a process that died, and undoing one while it
 * runs would undo its steps twice (the live transaction rolls back too). A nested transaction
 * stays listed until its outermost one ends: until then that one may still undo it as a unit.
 */
const running = new WeakMap<Journal, Map<string, { name: string; root: string }>>()

/** Notes that transaction `id` (named `name`, nested in the one with id `root` or itself the root) runs on `journal`. */
export function markRunning(journal: Journal, id: string, name: string, root: string): void {
  let ids = running.get(journal)
  if (ids === undefined) running.set(journal, (ids = new Map()))
  ids.set(id, { name, root })
}

/** The transaction with id `root` ended: it and those nested in it no longer run. */
export function endRunning(journal: Journal, root: string): void {
  const ids = running.get(journal)
  if (ids === undefined) return
  for (const [id, entry] of ids) if (entry.root === root) ids.delete(id)
}

/** The name of transaction `id` if this process is running it (or the transaction it is nested in) on `journal`. */
export function runningName(journal: Journal, id: string): string | undefined {
  return running.get(journal)?.get(id)?.name
}

/**
 * Throws `error` from a microtask of its own, so the host reports it as uncaught (Node: the
 * process's 'uncaughtException'; a browser: the window's `error` event), as core's
 * internal/report.ts does for cleanup errors nobody is left to catch.
 */
function reportUncaught(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}
