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
 */
import { systemClock, type Clock } from '@sagaflow/cancellation'
import type { ClaimOptions } from '../journal.js'
import { recover, type RecoverOptions, type RecoverySummary } from '../recover.js'
import { checkKeys, checkMs, describeValue } from '../internal/retry.js'

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
  /** Called after each round that recovered (or tried to recover) transactions. */
  readonly onRecovered?: ((summary: RecoverySummary) => void) | undefined
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
 * @example
 * ```ts
 * import { postgresJournal, startRecoveryWorker } from '@sagaflow/compensation/postgres'
 *
 * const journal = postgresJournal({ connectionString: process.env.DATABASE_URL! }, { leaseMs: 30_000 })
 * const recovery = startRecoveryWorker({
 *   journal,
 *   steps: [reserveFlight, reserveHotel, reserveCar, chargePayment, issueTickets],
 *   pollMs: 5_000,
 *   onRecovered: ({ transactions }) => transactions.forEach((t) => console.log(`${t.name} ${t.id}: ${t.outcome}`)),
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
        const summary = await recover(recoverOptions)
        // Only finished transactions count as progress: a stuck or unrecoverable one, or one
        // this process is still running, is found again by a journal without leases, and must
        // not make the loop spin.
        finished = summary.transactions.filter((t) => t.outcome !== 'stuck' && t.outcome !== 'unrecoverable' && t.outcome !== 'running').length
        if (summary.transactions.length > 0) onRecovered?.(summary)
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

function reportError(error: unknown): void {
  console.error('startRecoveryWorker: a recovery round failed; retrying after pollMs', error)
}
