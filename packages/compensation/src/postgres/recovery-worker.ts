/**
 * `startRecoveryWorker`: `recover` in a loop, for workers that share a journal with leases.
 *
 * Protocol
 * - A round is one `recover({ ..., workerId, leaseMs })`: it claims the transactions whose lease
 *   expired and finishes them. After a round that finished some the next starts at once
 *   (draining a backlog); after a round that finished none, or failed, the worker waits `pollMs`.
 * - A round that fails midway (the database went away) releases what it had claimed and not
 *   finished yet (`recover` does, in its `finally`): their leases run out and some worker claims
 *   them again.
 * - `recover` is given the journal object itself, never a wrapper: it recognises the
 *   transactions this process runs (reported `'running'`, left alone) by that object.
 * - `stop()` ends the wait at once, but lets a round under way finish (a compensation is never
 *   cut short), and resolves after it.
 * - A transaction whose lease another worker took over while this one recovered it (this worker
 *   stalled past its lease) ends, in `recover`, with its records refused (`lease-lost`): a
 *   rollback as `'compensation-failed'` (the refusals among its failures), a recovery forward
 *   (after the pivot: a retried step's record, `transaction:committed`, `transaction:stuck`) as
 *   `'stuck'` (the refusal its cause); `recover` goes on with the round's other transactions. It
 *   is not this worker's to report: the new owner finishes it and reports its outcome. So it is
 *   moved from `transactions` to `takenOver`, and does not count as finished (see `takenOverBy`).
 */
import { systemClock, type Clock } from '@sagaflow/cancellation'
import { CompensationError, TransactionStuckError } from '../errors.js'
import type { ClaimOptions } from '../journal.js'
import { recover, type RecoveredTransaction, type RecoverOptions, type RecoverySummary } from '../recover.js'
import { checkKeys, checkMs, describeValue } from '../internal/retry.js'
import { PostgresJournalError } from './errors.js'

/**
 * A transaction this worker claimed and began to recover, but whose lease ran out meanwhile (the
 * worker stalled: a long compensation, a paused process, the database out of reach) and was
 * claimed by another worker. The journal refused this worker's later records (`lease-lost`), and
 * the new owner finishes the transaction and reports how it ended: this is not a failure.
 *
 * @example
 * ```ts
 * const lost: TakenOverTransaction = { id: 'V1StGXR8_Z5jdHi6B-myT', name: 'book-trip', compensated: ['reserve-hotel'], error }
 * log.info(`${lost.name} ${lost.id}: taken over (${lost.error.message})`)
 * ```
 */
export interface TakenOverTransaction {
  /** The transaction's id (`tx.id`). */
  readonly id: string
  /** The name it was started with. */
  readonly name: string
  /**
   * The undos this worker completed before its records were refused, in order (empty when it was
   * recovering the transaction forward, after its pivot). The new owner finds no record of an
   * undo, or of a retried step, whose completion was refused, and runs it again: compensations
   * and the steps after a pivot must be idempotent (`context.idempotencyKey`).
   */
  readonly compensated: readonly string[]
  /** The journal's refusal (`reason: 'lease-lost'`); its message names the worker that owns the transaction now. */
  readonly error: PostgresJournalError
}

/**
 * What one round of {@link startRecoveryWorker} did: `recover`'s summary, less the transactions
 * another worker took over, which are listed apart.
 *
 * @example
 * ```ts
 * const onRecovered = ({ transactions, takenOver }: RecoveryWorkerSummary) => {
 *   for (const t of transactions) if (t.outcome === 'compensation-failed') alert(t)
 *   for (const t of takenOver) log.info(`${t.name} ${t.id}: taken over by another worker`)
 * }
 * ```
 */
export interface RecoveryWorkerSummary extends RecoverySummary {
  /**
   * Those whose records the journal refused as `lease-lost` (`recover` reported them as
   * `'compensation-failed'` from a rollback, or `'stuck'` going forward): another worker owns
   * them now, finishes them and reports their outcome. They are not in `transactions`, and the
   * round went on with the others.
   */
  readonly takenOver: readonly TakenOverTransaction[]
}

/**
 * Options of {@link startRecoveryWorker}: those of `recover`, plus the polling period and where
 * results and errors go.
 *
 * @example
 * ```ts
 * const options: RecoveryWorkerOptions = {
 *   journal,
 *   steps: [reserveFlight, reserveHotel, chargePayment],
 *   workerId: 'worker-7',
 *   leaseMs: 30_000,
 *   pollMs: 5_000,
 *   onRecovered: (summary) => summary.transactions.forEach((t) => log.info(`${t.name} ${t.id}: ${t.outcome}`)),
 * }
 * ```
 */
export interface RecoveryWorkerOptions extends Omit<RecoverOptions, 'workerId' | 'leaseMs' | 'clock'> {
  /** This worker (default: the journal's `workerId`, for a `postgresJournal`). */
  readonly workerId?: string | undefined
  /** The lease of each claim (default: the journal's `leaseMs`, for a `postgresJournal`). */
  readonly leaseMs?: number | undefined
  /** The wait between two rounds that found nothing to do (ms, default 5 000). */
  readonly pollMs?: number | undefined
  /**
   * Called after each round that recovered (or tried to recover) transactions. A transaction
   * another worker took over meanwhile is in `summary.takenOver`, not in `summary.transactions`
   * (where it would read as `'compensation-failed'` or `'stuck'`).
   */
  readonly onRecovered?: ((summary: RecoveryWorkerSummary) => void) | undefined
  /** Called when a round fails (e.g. the database is unreachable); the worker goes on polling. Default: `console.error`. */
  readonly onError?: ((error: unknown) => void) | undefined
  /** Clock of the polling waits, and of the compensations' retries and timeouts (default: the system clock). */
  readonly clock?: Clock | undefined
}

/**
 * A running recovery loop.
 *
 * @example
 * ```ts
 * const worker: RecoveryWorker = startRecoveryWorker({ journal, steps })
 * process.on('SIGTERM', () => void worker.stop().then(() => journal.close()))
 * ```
 */
export interface RecoveryWorker {
  /** Stops polling; resolves once the round under way (if any) has finished. */
  stop(): Promise<void>
}

/**
 * Runs `recover({ journal, steps, workerId, leaseMs })` every `pollMs` until stopped: on a
 * journal with leases (`postgresJournal`) each worker process runs one, and together they finish
 * every transaction whose owner died, each transaction by exactly one of them.
 *
 * A worker that stalls mid-recovery past its lease loses the transaction to the worker that
 * claims it next; its later records are refused (`lease-lost`), and `onRecovered` lists the
 * transaction in `takenOver` (the new owner reports how it ended), not as `'compensation-failed'`
 * or `'stuck'`, whether it was rolling the transaction back or finishing it forward; the round
 * goes on with the other transactions it claimed.
 *
 * @example
 * ```ts
 * import { postgresJournal, startRecoveryWorker } from '@sagaflow/compensation/postgres'
 *
 * const journal = postgresJournal({ connectionString: process.env.DATABASE_URL! }, { leaseMs: 30_000 })
 * const recovery = startRecoveryWorker({
 *   journal,
 *   steps: [reserveFlight, reserveHotel, reserveCar, chargePayment, issueTickets],
 *   pollMs: 5_000,
 *   onRecovered: ({ transactions, takenOver }) => {
 *     transactions.forEach((t) => console.log(`${t.name} ${t.id}: ${t.outcome}`))
 *     takenOver.forEach((t) => console.log(`${t.name} ${t.id}: taken over by another worker`))
 *   },
 * })
 * // on shutdown:
 * await recovery.stop()
 * await journal.close()
 * ```
 */
export function startRecoveryWorker(options: RecoveryWorkerOptions): RecoveryWorker {
  const api = 'startRecoveryWorker({ journal, steps, pollMs })'
  if (options === null || typeof options !== 'object') throw new TypeError(`${api}: options must be an object, got ${describeValue(options)}`)
  checkKeys(api, 'options', options, ['journal', 'steps', 'pollMs', 'onRecovered', 'onError', 'clock', 'context', 'workerId', 'leaseMs', 'compensationRetry'])
  const { journal, steps, pollMs = 5_000, onRecovered, onError = reportError, clock = systemClock, workerId: _workerId, leaseMs: _leaseMs, ...rest } = options
  if (journal === null || typeof journal !== 'object' || typeof journal.unfinished !== 'function' || typeof journal.read !== 'function' || typeof journal.append !== 'function') {
    throw new TypeError(`${api}: journal must be a Journal (postgresJournal(...), ...), got ${describeValue(journal)}`)
  }
  // recover checks each step in every round; a wrong shape is caught here, once.
  if (!Array.isArray(steps)) throw new TypeError(`${api}: steps must be an array of defineStep(...) steps, got ${describeValue(steps)}`)
  const leased = journal as Partial<{ workerId: string; leaseMs: number }> | undefined
  const workerId = options.workerId ?? leased?.workerId
  const leaseMs = options.leaseMs ?? leased?.leaseMs
  if (workerId !== undefined && (typeof workerId !== 'string' || workerId === '')) {
    throw new TypeError(`${api}: workerId must be a non-empty string, got ${describeValue(workerId)}`)
  }
  if (leaseMs !== undefined) checkMs(api, 'leaseMs', leaseMs)
  checkMs(api, 'pollMs', pollMs)
  if (onRecovered !== undefined && typeof onRecovered !== 'function') throw new TypeError(`${api}: onRecovered must be a function, got ${describeValue(onRecovered)}`)
  if (typeof onError !== 'function') throw new TypeError(`${api}: onError must be a function, got ${describeValue(onError)}`)

  const claim: ClaimOptions = { ...(workerId !== undefined ? { workerId } : {}), ...(leaseMs !== undefined ? { leaseMs } : {}) }
  const recoverOptions: RecoverOptions = { ...rest, ...claim, steps, journal, clock }

  let stopped = false
  let wake: (() => void) | undefined
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = clock.setTimeout(() => {
        wake = undefined
        resolve()
      }, ms)
      wake = () => {
        clock.clearTimeout(handle)
        wake = undefined
        resolve()
      }
    })

  const loop = async (): Promise<void> => {
    while (!stopped) {
      let finished = 0
      try {
        const summary = sortTakenOver(await recover(recoverOptions))
        // Only finished transactions count as progress: a stuck or unrecoverable one, or one
        // this process is still running, is found again by a journal without leases, and must
        // not make the loop spin. One taken over was finished by another worker, not this one.
        finished = summary.transactions.filter((t) => t.outcome !== 'stuck' && t.outcome !== 'unrecoverable' && t.outcome !== 'running').length
        if (summary.transactions.length > 0 || summary.takenOver.length > 0) onRecovered?.(summary)
      } catch (error) {
        finished = 0
        try {
          onError(error)
        } catch (reportingError) {
          // A throwing onError must not stop the worker, nor hide the round's failure (or its own).
          reportError(new AggregateError([error, reportingError], 'startRecoveryWorker: onError threw while reporting a failed round (see .errors: the round\'s error, then what onError threw)'))
        }
      }
      if (!stopped && finished === 0) await sleep(pollMs)
    }
  }
  const running = loop()

  return {
    async stop() {
      stopped = true
      wake?.()
      await running
    },
  }
}

/** Moves the transactions another worker took over out of `transactions` (see {@link takenOverBy}). */
function sortTakenOver(summary: RecoverySummary): RecoveryWorkerSummary {
  const transactions: RecoveredTransaction[] = []
  const takenOver: TakenOverTransaction[] = []
  for (const t of summary.transactions) {
    const error = takenOverBy(t)
    if (error === undefined) transactions.push(t)
    else takenOver.push({ id: t.id, name: t.name, compensated: t.compensated, error })
  }
  return { ...summary, transactions, takenOver }
}

/**
 * The `lease-lost` refusal that ended this worker's recovery of `t`, if any. Once one record of a
 * transaction is refused so, every later one is too, and the new owner decides how it ends (it
 * runs again every undo, or retried step, whose completion it finds no record of), so the other
 * failures of this recovery (a compensation that failed here, a refused `transaction:rolled-back`)
 * are not its outcome either. A rollback reports the refusals among its failures
 * (`'compensation-failed'`); going forward, `recover` reports the refusal that stopped it as the
 * cause of a `'stuck'` outcome (a step that failed for good has its `transaction:stuck` record
 * refused too, which is then the cause).
 */
function takenOverBy(t: RecoveredTransaction): PostgresJournalError | undefined {
  if (t.outcome === 'stuck' && t.error instanceof TransactionStuckError) return leaseLost(t.error.cause)
  if (t.outcome !== 'compensation-failed' || !(t.error instanceof CompensationError)) return undefined
  for (const { error } of t.error.failures) {
    const refusal = leaseLost(error)
    if (refusal) return refusal
  }
  return undefined
}

function leaseLost(error: unknown): PostgresJournalError | undefined {
  return error instanceof PostgresJournalError && error.reason === 'lease-lost' ? error : undefined
}

function reportError(error: unknown): void {
  console.error('startRecoveryWorker: a recovery round failed; retrying after pollMs', error)
}
