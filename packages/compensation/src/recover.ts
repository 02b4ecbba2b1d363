/**
 * `recover({ journal, steps })`: finishes the transactions a crash left open, from their journal.
 */
import { call, runSaga } from '@sagaflow/core'
import type { RetryPolicy } from '@sagaflow/core'
import type { Clock } from '@sagaflow/cancellation'
import { isStep, type Step, type StepContext } from './define-step.js'
import { CompensationError, TransactionStuckError } from './errors.js'
import { TRANSACTION_OBSERVER, type TransactionObserver } from './events.js'
import { isTerminalRecord, type Journal, type JournalRecord } from './journal.js'
import { checkKeys, checkRetryPolicy, describeValue, NO_RETRY } from './internal/retry.js'
import { appendRecord, endRunning, markRunning, runningName, TxRuntime, type Entry } from './internal/runtime.js'
import { runAttempts } from './internal/step.js'
import { recordError } from './internal/serialize.js'
import { rollBack } from './internal/undo.js'

/**
 * Options of {@link recover}.
 *
 * @example
 * ```ts
 * await recover({ journal: fileJournal('./journal.jsonl'), steps: [reserveFlight, reserveHotel, reserveCar, chargePayment, issueTickets] })
 * ```
 */
export interface RecoverOptions {
  /** The journal the transactions were recorded in. */
  readonly journal: Journal
  /**
   * The `defineStep` steps the transactions may have run, matched by name. (`Step<any, never>`
   * admits a step whose result is `never`, e.g. a run that always throws: `any` does not fit its
   * compensate's `never` parameter.)
   */
  readonly steps: readonly (Step<any, any> | Step<any, never>)[]
  /** Clock of retry waits and timeouts (default: the system clock). */
  readonly clock?: Clock | undefined
  /** Saga context the compensations run with (e.g. `{ [TRANSACTION_OBSERVER]: observer }`, or what your sagas `getContext`). */
  readonly context?: object | undefined
  /** This worker, for journals shared by several workers: only transactions whose owner's lease expired are claimed. */
  readonly workerId?: string | undefined
  /** How long a claim lasts, for journals with leases. */
  readonly leaseMs?: number | undefined
  /** Retry policy of compensations whose step has no `compensationRetry` (default: one attempt). */
  readonly compensationRetry?: RetryPolicy | undefined
}

/**
 * How `recover` left a transaction.
 * - `'rolled-back'`: its completed steps were undone (those not undone before the crash).
 * - `'compensation-failed'`: rolled back, but a compensation still failed (`error` is a `CompensationError`).
 * - `'committed'`: it had passed its pivot; the unfinished steps after it were retried and succeeded.
 * - `'stuck'`: it had passed its pivot and a step after it still fails; it stays open. Also
 *   when, going forward, the journal refused a record because another worker took the
 *   transaction over (its lease ran out): `error` is then a `TransactionStuckError` whose
 *   `cause` has `reason: 'lease-lost'`, and that worker finishes the transaction.
 * - `'unrecoverable'`: the journal names a step `recover` was not given (or cannot redo); the
 *   transaction was left untouched and `error` says which step.
 * - `'running'`: this process is running it (on the same journal object), or the transaction it
 *   is nested in, or another `recover` call on the same journal object is recovering it; it was
 *   left alone, as undoing it now would undo its steps twice.
 *
 * @example
 * ```ts
 * const outcome: RecoveryOutcome = summary.transactions[0].outcome
 * ```
 */
export type RecoveryOutcome = 'rolled-back' | 'compensation-failed' | 'committed' | 'stuck' | 'unrecoverable' | 'running'

/**
 * One transaction `recover` found unfinished, and what it did.
 *
 * @example
 * ```ts
 * const entry: RecoveredTransaction = { id: 'V1StGXR8_Z5jdHi6B-myT', name: 'book-trip', outcome: 'rolled-back', compensated: ['reserve-hotel', 'reserve-flight'] }
 * ```
 */
export interface RecoveredTransaction {
  /** The transaction's id (`tx.id`), its key in the journal. */
  readonly id: string
  /** The name it was started with (`transaction(name, ...)`), from its `transaction:started` record. */
  readonly name: string
  /** What this recovery did with it; see {@link RecoveryOutcome}. */
  readonly outcome: RecoveryOutcome
  /** The steps this recovery undid, in order (steps undone before the crash are not repeated here). */
  readonly compensated: readonly string[]
  /** Why the outcome is not `rolled-back` or `committed`. */
  readonly error?: unknown
}

/**
 * What {@link recover} did.
 *
 * @example
 * ```ts
 * const { transactions } = await recover({ journal, steps })
 * for (const t of transactions) console.log(t.name, t.outcome, t.compensated)
 * ```
 */
export interface RecoverySummary {
  /**
   * One entry per transaction the journal's `unfinished()` handed to this call (for a journal
   * with leases, those this worker claimed), in that order (oldest first); empty when there were none.
   */
  readonly transactions: readonly RecoveredTransaction[]
}

/**
 * Finds the transactions that never finished (the process running them died) and finishes them
 * from the journal:
 * - before the pivot: the completed steps are compensated in reverse order of start, exactly
 *   once, with the recorded inputs and results (steps already undone before the crash are
 *   skipped; an undo that was running when the process died is run again, so compensations
 *   should be idempotent: use `context.idempotencyKey`);
 * - after the pivot: the steps that did not complete are retried forward (never compensated);
 * - a transaction whose journal names a step missing from `steps` is left untouched and
 *   reported as `'unrecoverable'`.
 *
 * On a journal with leases, a transaction another worker took over meanwhile (the journal
 * refuses this worker's records with an error whose `reason` is `'lease-lost'`) ends that
 * transaction's recovery only: a rollback reports it `'compensation-failed'` (the refusals among
 * its failures), going forward it is reported `'stuck'`, and the other transactions are recovered.
 *
 * Crash-safe and idempotent: recovery writes the same records a live transaction does, so a
 * recovery killed midway is finished by the next one, and recovering twice does nothing the
 * second time. Run it at startup, before new transactions use a local journal (a journal with
 * leases lets workers recover concurrently); a transaction this process is still running, or
 * another `recover` call is recovering, on the same journal object is left alone and reported as
 * `'running'`. One that finished on its own after `recover` listed it (a running transaction that
 * committed or rolled back while the others were recovered) is left alone too, reported with the
 * outcome it finished with and nothing compensated.
 *
 * Only `defineStep` steps are recoverable. An inline step (`tx.step`, `tx.compensate`) that
 * needs undoing makes the transaction unrecoverable unless `steps` has a `defineStep` of the
 * same name.
 *
 * @example
 * ```ts
 * // at startup
 * const journal = fileJournal('./data/transactions.jsonl')
 * const summary = await recover({ journal, steps: [reserveFlight, reserveHotel, reserveCar, chargePayment, issueTickets] })
 * for (const t of summary.transactions) log.info(`${t.name} ${t.id}: ${t.outcome}`, t.compensated)
 * ```
 */
export async function recover(options: RecoverOptions): Promise<RecoverySummary> {
  const registry = checkOptions(options)
  const { journal, workerId, leaseMs } = options
  const claim = { ...(workerId !== undefined ? { workerId } : {}), ...(leaseMs !== undefined ? { leaseMs } : {}) }
  const ids = await journal.unfinished(claim)
  const transactions: RecoveredTransaction[] = new Array(ids.length)
  // Newest first, so a nested transaction is finished before the one it is nested in; reported oldest first.
  // Every claimed id is released, also those not reached when one recovery throws (a journal with
  // leases would otherwise keep renewing them).
  let next = ids.length - 1
  // A release that fails must neither hide the recovery's own error nor skip the other releases.
  const releaseErrors: unknown[] = []
  const release = async (id: string): Promise<void> => {
    try {
      await journal.release?.(id, claim)
    } catch (error) {
      releaseErrors.push(error)
    }
  }
  let failed: { error: unknown } | undefined
  try {
    for (; next >= 0; next--) {
      const id = ids[next]!
      try {
        const running = runningName(journal, id)
        if (running !== undefined) {
          transactions[next] = { id, name: running || parse(await journal.read(id)).name, outcome: 'running', compensated: [] }
        } else {
          // Listed as running while it is recovered (marked synchronously with the check above),
          // so that another recover on this journal object, started before this one ends, leaves
          // it alone instead of undoing its steps a second time.
          markRunning(journal, id, '', id)
          try {
            transactions[next] = await recoverOne(options, registry, id)
          } finally {
            endRunning(journal, id)
          }
        }
      } finally {
        await release(id)
      }
    }
  } catch (error) {
    failed = { error }
  } finally {
    for (let i = next - 1; i >= 0; i--) await release(ids[i]!)
  }
  if (failed) throw withReleaseErrors(failed.error, releaseErrors)
  if (releaseErrors.length === 1) throw releaseErrors[0]
  if (releaseErrors.length > 1) throw new AggregateError(releaseErrors, `recover(): ${releaseErrors.length} journal.release calls failed`)
  return { transactions }
}

/**
 * The recovery's error, with the failed releases as `releaseErrors` (non-enumerable, as core's
 * `use()` does); one that cannot carry them (a primitive, a frozen object) is wrapped with them in
 * an AggregateError, the recovery's error first.
 */
function withReleaseErrors(error: unknown, releaseErrors: unknown[]): unknown {
  if (releaseErrors.length === 0) return error
  if (typeof error !== 'object' || error === null || !Object.isExtensible(error)) {
    return new AggregateError([error, ...releaseErrors], `recover(): a recovery failed, and ${releaseErrors.length} journal.release call${releaseErrors.length === 1 ? '' : 's'} too (see .errors)`)
  }
  Object.defineProperty(error, 'releaseErrors', { value: releaseErrors, writable: true, configurable: true })
  return error
}

function checkOptions(options: RecoverOptions): Map<string, Step> {
  const api = 'recover({ journal, steps })'
  if (options === null || typeof options !== 'object') throw new TypeError(`${api}: options must be an object, got ${describeValue(options)}`)
  checkKeys(api, 'options', options, ['journal', 'steps', 'clock', 'context', 'workerId', 'leaseMs', 'compensationRetry'])
  const { journal, steps, compensationRetry, workerId, leaseMs, clock, context } = options
  if (typeof journal !== 'object' || journal === null || typeof journal.unfinished !== 'function' || typeof journal.read !== 'function') {
    throw new TypeError(`${api}: journal must be a Journal (memoryJournal(), fileJournal(path), ...), got ${describeValue(journal)}`)
  }
  if (!Array.isArray(steps)) throw new TypeError(`${api}: steps must be an array of defineStep(...) steps, got ${describeValue(steps)}`)
  checkRetryPolicy(api, 'compensationRetry', compensationRetry)
  // Checked here for every journal: one without leases ignores them, and a typo would go unseen.
  if (workerId !== undefined && (typeof workerId !== 'string' || workerId === '')) {
    throw new TypeError(`${api}: workerId must be a non-empty string naming this worker, got ${describeValue(workerId)}`)
  }
  if (leaseMs !== undefined && !(typeof leaseMs === 'number' && leaseMs > 0 && Number.isFinite(leaseMs))) {
    throw new TypeError(`${api}: leaseMs must be a finite number of milliseconds > 0, got ${describeValue(leaseMs)}`)
  }
  if (clock !== undefined && !(typeof clock === 'object' && clock !== null && typeof clock.now === 'function' && typeof clock.setTimeout === 'function' && typeof clock.clearTimeout === 'function')) {
    throw new TypeError(`${api}: clock must be a Clock ({ now, setTimeout, clearTimeout }), e.g. systemClock or a VirtualClock, got ${describeValue(clock)}`)
  }
  if (context !== undefined && (typeof context !== 'object' || context === null)) {
    throw new TypeError(`${api}: context must be an object (the saga context the compensations run with), got ${describeValue(context)}`)
  }
  const registry = new Map<string, Step>()
  steps.forEach((step, i) => {
    if (!isStep(step)) throw new TypeError(`${api}: steps[${i}] must be made by defineStep(name, { run, compensate }), got ${describeValue(step)}`)
    if (registry.has(step.name)) {
      throw new TypeError(`${api}: two steps are named "${step.name}"; recover matches journal records to steps by name, so names must be unique`)
    }
    registry.set(step.name, step)
  })
  return registry
}

/** What the journal says about one step. */
interface StepState {
  readonly name: string
  readonly index: number
  readonly input: unknown
  readonly pivot: boolean
  readonly inline: boolean
  readonly compensable: boolean
  readonly nested: string | undefined
  /** The `sequence` of its `step:started` record. */
  readonly startedAt: number
  completed: boolean
  result: unknown
  passedPivot: boolean
  failedForGood: boolean
  /** Cancelled because its tx.race branch lost: never run again. */
  abandoned: boolean
  undo: 'none' | 'started' | 'completed' | 'failed'
}

interface Parsed {
  readonly name: string
  readonly nextSequence: number
  readonly steps: StepState[]
  /** The highest `sequence` of a compensation record (-1 if none): an undo had begun by then. */
  readonly lastUndo: number
}

function parse(records: readonly JournalRecord[]): Parsed {
  let name = ''
  let nextSequence = 0
  let lastUndo = -1
  const byName = new Map<string, StepState>()
  for (const record of records) {
    nextSequence = Math.max(nextSequence, record.sequence + 1)
    if (record.kind === 'transaction:started') {
      name = record.payload.name
      continue
    }
    if (record.kind === 'step:started') {
      const { index, input, pivot, inline, compensable, transaction } = record.payload
      byName.set(record.step, {
        name: record.step,
        index,
        input,
        pivot,
        inline,
        compensable,
        nested: transaction,
        startedAt: record.sequence,
        completed: false,
        result: undefined,
        passedPivot: false,
        failedForGood: false,
        abandoned: false,
        undo: 'none',
      })
      continue
    }
    if (record.kind.startsWith('compensation:')) lastUndo = Math.max(lastUndo, record.sequence)
    const step = record.step === undefined ? undefined : byName.get(record.step)
    if (!step) continue
    switch (record.kind) {
      case 'step:completed':
        step.completed = true
        step.result = record.payload.result
        step.passedPivot = step.pivot || record.payload.pivot === true
        break
      case 'step:failed':
        if (record.payload.final) step.failedForGood = true
        if (record.payload.abandoned === true) step.abandoned = true
        break
      case 'compensation:started':
        step.undo = 'started'
        break
      case 'compensation:completed':
        step.undo = 'completed'
        break
      case 'compensation:failed':
        if (record.payload.final) step.undo = 'failed'
        break
    }
  }
  return { name, nextSequence, steps: [...byName.values()].sort((a, b) => a.index - b.index), lastUndo }
}

class Unrecoverable extends Error {
  constructor(message: string) {
    super(message)
    Object.setPrototypeOf(this, new.target.prototype)
  }
  static {
    Object.defineProperty(this.prototype, 'name', { value: 'UnrecoverableTransactionError', writable: true, configurable: true })
  }
}

interface Setup {
  readonly options: RecoverOptions
  readonly registry: Map<string, Step>
  readonly observer: TransactionObserver | undefined
  readonly compensationRetry: RetryPolicy
}

/** True when a pivot of the transaction, or of a transaction nested in it, completed. */
async function passedPivot(journal: Journal, id: string): Promise<boolean> {
  for (const step of parse(await journal.read(id)).steps) {
    if (step.completed && step.passedPivot) return true
    if (step.nested && (await passedPivot(journal, step.nested))) return true
  }
  return false
}

interface Rebuilt {
  readonly runtime: TxRuntime
  readonly parsed: Parsed
  /** Index of the first step past which nothing is undone (a completed pivot, or a nested transaction that passed its own). */
  readonly pivotIndex: number | undefined
}

/** Rebuilds a transaction's runtime (ledger of steps still to undo, nested units included) from the journal. */
async function rebuild(setup: Setup, id: string, outerName: string): Promise<Rebuilt> {
  const parsed = parse(await setup.options.journal.read(id))
  const runtime = new TxRuntime(id, parsed.name, setup.options.journal, setup.observer, true, setup.compensationRetry)
  runtime.sequence = parsed.nextSequence
  let pivotIndex: number | undefined
  for (const step of parsed.steps) {
    runtime.names.add(step.name)
    runtime.nextIndex = Math.max(runtime.nextIndex, step.index + 1)
    const pivot = (step.completed && step.passedPivot) || (step.nested !== undefined && (await passedPivot(setup.options.journal, step.nested)))
    if (pivot && pivotIndex === undefined) pivotIndex = step.index
    if (!step.nested && !step.inline && !setup.registry.has(step.name)) throw unknownStep(outerName, id, parsed.name, step.name)
  }
  runtime.pivoted = pivotIndex !== undefined
  // Past a completed pivot nothing is undone (recovery only goes forward), so no undo is needed:
  // an inline step before the pivot must not make the transaction unrecoverable.
  if (runtime.pivoted) return { runtime, parsed, pivotIndex }
  for (const step of parsed.steps) {
    if (!step.completed || !step.compensable || step.pivot || step.undo === 'completed') continue
    let entry: Entry
    if (step.nested) {
      const inner = await rebuild(setup, step.nested, outerName)
      entry = { name: step.name, index: step.index, plan: undefined, unit: inner.runtime, state: 'done' }
    } else {
      const definition = setup.registry.get(step.name)
      if (!definition) throw unknownStep(outerName, id, parsed.name, step.name, true)
      const compensate = definition.compensate
      if (!compensate) {
        throw new Unrecoverable(
          `recover(): transaction "${outerName}" (${id}) must undo step "${step.name}", but the defineStep("${step.name}") passed to recover has no compensate; the transaction was left untouched`,
        )
      }
      const { result, input } = step
      const plan = {
        invoke: (context: StepContext) => ({ fn: compensate, args: [result, input, context] }),
        retry: definition.compensationRetry ?? setup.compensationRetry,
      }
      entry = { name: step.name, index: step.index, plan, unit: undefined, state: 'done' }
    }
    runtime.ledger.push(entry)
  }
  return { runtime, parsed, pivotIndex }
}

function unknownStep(outerName: string, id: string, name: string, step: string, inline = false): Unrecoverable {
  const where = name === outerName ? `transaction "${name}" (${id})` : `transaction "${outerName}" (nested transaction "${name}", ${id})`
  const fix = inline
    ? `it is an inline step (tx.step / tx.compensate), which recover can only undo through a defineStep("${step}", { run, compensate }) passed in steps`
    : `pass its defineStep("${step}", ...) in recover({ steps })`
  return new Unrecoverable(`recover(): ${where} recorded step "${step}", which is not among the steps passed to recover: ${fix}. The transaction was left untouched`)
}

async function recoverOne(options: RecoverOptions, registry: Map<string, Step>, id: string): Promise<RecoveredTransaction> {
  const context = (options.context ?? {}) as Record<string, unknown>
  const setup: Setup = {
    options,
    registry,
    observer: context[TRANSACTION_OBSERVER] as TransactionObserver | undefined,
    compensationRetry: options.compensationRetry ?? NO_RETRY,
  }
  const records = await options.journal.read(id)
  const name = parse(records).name
  markRunning(options.journal, id, name, id)
  // `unfinished` was read once, before the transactions before this one were recovered: one that
  // this process was running then (reported 'running' only while it runs) may have committed or
  // rolled back meanwhile. It is finished: recovering it would undo a committed transaction.
  const terminal = records.find(isTerminalRecord)
  if (terminal !== undefined) return { id, name, outcome: terminal.kind === 'transaction:committed' ? 'committed' : 'rolled-back', compensated: [] }
  let rebuilt: Rebuilt
  try {
    rebuilt = await rebuild(setup, id, name)
  } catch (error) {
    if (!(error instanceof Unrecoverable)) throw error
    return { id, name, outcome: 'unrecoverable', compensated: [], error }
  }
  const forward = await forwardPlan(rebuilt, registry, options.journal)
  if (forward instanceof Unrecoverable) return { id, name, outcome: 'unrecoverable', compensated: [], error: forward }
  if (forward instanceof TransactionStuckError) return { id, name, outcome: 'stuck', compensated: [], error: forward }
  const task = runSaga(
    { context: options.context ?? {}, ...(options.clock ? { clock: options.clock } : {}), onError: () => {} },
    recoverSaga,
    rebuilt.runtime,
    forward,
    registry,
  )
  try {
    return await task.toPromise()
  } catch (error) {
    // Going forward, a record the journal refuses ends the saga (a rollback collects refusals
    // with its compensation failures instead). Refused because another worker owns the
    // transaction now, it ends only this transaction's recovery: that worker finishes it.
    if (!isLeaseLost(error)) throw error
    return { id, name, outcome: 'stuck', compensated: [], error: new TransactionStuckError({ transactionId: id, transaction: name, step: undefined, cause: error }) }
  }
}

/** A journal's refusal of a write because another worker took the transaction over (`reason: 'lease-lost'`, see {@link Journal}). */
function isLeaseLost(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { reason?: unknown }).reason === 'lease-lost'
}

interface ForwardPlan {
  /** A pivot that started but whose outcome is unknown: redo it, then go forward (or roll back if it fails). */
  readonly pivot: StepState | undefined
  /** Steps after the pivot that did not complete. */
  readonly steps: readonly StepState[]
}

async function forwardPlan({ runtime, parsed, pivotIndex }: Rebuilt, registry: Map<string, Step>, journal: Journal): Promise<ForwardPlan | Unrecoverable | TransactionStuckError> {
  // A pivot that started and whose outcome the journal does not know is redone, unless an undo was
  // recorded after it started: the pivot was cut short (its task cancelled, its tx.race branch
  // lost) and the transaction was rolling back, which recovery finishes instead of charging again.
  const inDoubtPivot =
    pivotIndex === undefined ? parsed.steps.find((step) => step.pivot && !step.completed && !step.failedForGood && parsed.lastUndo < step.startedAt) : undefined
  const from = pivotIndex ?? inDoubtPivot?.index
  const steps: StepState[] = []
  for (const step of parsed.steps) {
    // A step whose tx.race branch lost was cancelled on purpose: going forward does not include it.
    if (from === undefined || step.completed || step.abandoned || step.index < from || (step.index === from && !step.nested)) continue
    if (step.nested) {
      // A nested transaction cannot be re-run from here; it is recovered on its own (before this one).
      const records = await journal.read(step.nested)
      if (records.some((record) => record.kind === 'transaction:committed')) continue
      // Rolled back: it failed for good after the pivot, and recover cannot run a nested
      // transaction again, so the outer one can never go forward.
      if (records.some((record) => record.kind === 'transaction:rolled-back')) {
        return new Unrecoverable(
          `recover(): transaction "${runtime.name}" (${runtime.id}) passed its pivot, then its nested transaction "${step.name}" (${step.nested}) rolled back; recover cannot run a nested transaction again (only defineStep steps), so it cannot finish this one going forward. The transaction was left untouched: finish it by hand (its journal records say what ran)`,
        )
      }
      return new TransactionStuckError({
        transactionId: runtime.id,
        transaction: runtime.name,
        step: step.name,
        cause: new Error(`the nested transaction "${step.name}" (${step.nested}) after the pivot is not finished; recover finishes it first, then this one`),
      })
    }
    steps.push(step)
  }
  for (const step of [...(inDoubtPivot ? [inDoubtPivot] : []), ...steps]) {
    if (!registry.has(step.name)) return unknownStep(runtime.name, runtime.id, runtime.name, step.name, step.inline)
  }
  return { pivot: inDoubtPivot, steps }
}

function* redo(runtime: TxRuntime, step: StepState, definition: Step): Generator<unknown, void, any> {
  const { input } = step
  // As a step run by the body does; its `step:started` record is already in the journal.
  runtime.emit({ type: 'step:started', step: step.name, input, pivot: step.pivot })
  const result = yield* runAttempts(runtime, step.name, {
    invoke: (context) => ({ fn: definition.run, args: [input, context] }),
    retry: definition.retry ?? NO_RETRY,
    timeoutMs: definition.timeoutMs,
  })
  // As a live pivot: past the point of no return once its run succeeded, before its record is
  // written (a record that then fails leaves the transaction stuck, not rolled back).
  if (step.pivot) runtime.pivoted = true
  runtime.emit({ type: 'step:completed', step: step.name, result })
  yield call(appendRecord, runtime.journal, runtime.record({ kind: 'step:completed', step: step.name, payload: { result } }))
}

function* recoverSaga(runtime: TxRuntime, forward: ForwardPlan, steps: Map<string, Step>): Generator<unknown, RecoveredTransaction, any> {
  const registry = (step: StepState) => steps.get(step.name)!
  const base = { id: runtime.id, name: runtime.name }
  function* stuckAt(step: StepState, cause: unknown): Generator<unknown, RecoveredTransaction, any> {
    yield call(appendRecord, runtime.journal, runtime.record({ kind: 'transaction:stuck', payload: { error: recordError(cause), step: step.name } }))
    const error = new TransactionStuckError({ transactionId: runtime.id, transaction: runtime.name, cause, step: step.name })
    runtime.emit({ type: 'stuck', error })
    return { ...base, outcome: 'stuck', compensated: [], error }
  }
  if (forward.pivot) {
    try {
      yield* redo(runtime, forward.pivot, registry(forward.pivot))
    } catch (cause) {
      // The pivot ran, but its completion could not be recorded: it happened, so nothing is undone.
      if (runtime.pivoted) return yield* stuckAt(forward.pivot, cause)
      // The pivot failed for good (its error is in its step:failed event and record): roll back below.
    }
  }
  if (runtime.pivoted) {
    for (const step of forward.steps) {
      try {
        yield* redo(runtime, step, registry(step))
      } catch (cause) {
        return yield* stuckAt(step, cause)
      }
    }
    yield call(appendRecord, runtime.journal, runtime.record({ kind: 'transaction:committed', payload: {} }))
    runtime.emit({ type: 'committed', result: undefined })
    return { ...base, outcome: 'committed', compensated: [] }
  }
  const cause = new Error(`transaction "${runtime.name}" (${runtime.id}) did not finish (its process stopped); recover() rolled it back`)
  const settled = yield* rollBack(runtime, cause)
  const error = settled.ok ? undefined : (settled.error as { compensated: readonly string[] })
  const compensated = [...(error?.compensated ?? [])]
  if (error instanceof CompensationError) return { ...base, outcome: 'compensation-failed', compensated, error }
  return { ...base, outcome: 'rolled-back', compensated }
}
