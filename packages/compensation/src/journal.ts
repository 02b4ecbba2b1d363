/**
 * The journal: where a transaction writes down, before it goes on, every step it starts, every
 * result, every failure and every compensation, so that `recover` can finish its work after a
 * crash.
 */
import { describeValue } from './internal/retry.js'

/**
 * A failure as it is written to a journal: plain data, so every journal can store it.
 *
 * @example
 * ```ts
 * const recorded: RecordedError = { name: 'Error', message: 'hotel API down', code: 'ECONNRESET' }
 * ```
 */
export interface RecordedError {
  readonly name: string
  readonly message: string
  readonly code?: string | number
}

interface RecordBase {
  /** The transaction (`tx.id`). */
  readonly transactionId: string
  /**
   * The record's number within its transaction: 0 for `transaction:started`, then 1, 2, ...
   * without gaps, in the order the runtime created the records. Records of one transaction may
   * reach `append` concurrently (parallel steps); the sequence says their order.
   */
  readonly sequence: number
  /** When the journal stored the record (ms since the epoch), if the journal keeps time. */
  readonly at?: number
}

/**
 * One line of a journal. `kind` says what happened; `step` names the step (unique within its
 * transaction) for step and compensation records; `payload` holds the kind's data, which must be
 * JSON-serialisable for a durable journal (inputs and results of steps included).
 *
 * - `transaction:started`: `{ name, parent?, workerId? }`; `parent` is set for a nested
 *   transaction: the outer transaction and the step that stands for this one in it.
 * - `step:started`: `{ index, input, pivot, inline, compensable, transaction? }`; `index` is the
 *   step's start order in its transaction (0, 1, ...: compensations run in reverse `index`
 *   order), `inline` is true for `tx.step`/`tx.compensate` steps (not from `defineStep`),
 *   `transaction` is set when the step is a nested transaction (its id).
 * - `step:completed`: `{ result, pivot? }` (`pivot` when a nested transaction passed its own pivot).
 * - `step:failed`: `{ error, attempt, final }`; `final` is false when a retry follows.
 * - `compensation:started`, `compensation:completed`: `{}`.
 * - `compensation:failed`: `{ error, attempt, final }`.
 * - `transaction:committed`: `{}`. Terminal.
 * - `transaction:rolled-back`: `{ compensated, failed }` (step names). Terminal.
 * - `transaction:stuck`: `{ error, step? }`: it failed after its pivot; not terminal (`recover`
 *   finishes it forward).
 *
 * @example
 * ```ts
 * const record: JournalRecord = {
 *   transactionId: 'V1StGXR8_Z5jdHi6B-myT',
 *   sequence: 1,
 *   kind: 'step:started',
 *   step: 'reserve-flight',
 *   payload: { index: 0, input: { from: 'CDG', to: 'JFK' }, pivot: false, inline: false, compensable: true },
 * }
 * ```
 */
export type JournalRecord =
  | (RecordBase & {
      readonly kind: 'transaction:started'
      readonly step?: undefined
      readonly payload: {
        readonly name: string
        readonly parent?: { readonly transactionId: string; readonly step: string }
        readonly workerId?: string
      }
    })
  | (RecordBase & {
      readonly kind: 'step:started'
      readonly step: string
      readonly payload: {
        readonly index: number
        readonly input: unknown
        readonly pivot: boolean
        readonly inline: boolean
        readonly compensable: boolean
        readonly transaction?: string
      }
    })
  | (RecordBase & { readonly kind: 'step:completed'; readonly step: string; readonly payload: { readonly result: unknown; readonly pivot?: boolean } })
  | (RecordBase & {
      readonly kind: 'step:failed' | 'compensation:failed'
      readonly step: string
      readonly payload: { readonly error: RecordedError; readonly attempt: number; readonly final: boolean }
    })
  | (RecordBase & { readonly kind: 'compensation:started' | 'compensation:completed'; readonly step: string; readonly payload: {} })
  | (RecordBase & { readonly kind: 'transaction:committed'; readonly step?: undefined; readonly payload: {} })
  | (RecordBase & {
      readonly kind: 'transaction:rolled-back'
      readonly step?: undefined
      readonly payload: { readonly compensated: readonly string[]; readonly failed: readonly string[] }
    })
  | (RecordBase & {
      readonly kind: 'transaction:stuck'
      readonly step?: undefined
      readonly payload: { readonly error: RecordedError; readonly step?: string }
    })

/**
 * Every `kind` of {@link JournalRecord}.
 *
 * @example
 * ```ts
 * const kind: JournalRecordKind = 'compensation:completed'
 * ```
 */
export type JournalRecordKind = JournalRecord['kind']

/**
 * Which transactions `unfinished` may hand out, for journals shared by several workers.
 *
 * @example
 * ```ts
 * const ids = await journal.unfinished({ workerId: 'worker-7', leaseMs: 30_000 })
 * ```
 */
export interface ClaimOptions {
  /** The worker asking. A shared journal hands it only transactions whose owner's lease expired, and makes it the owner. */
  readonly workerId?: string | undefined
  /** How long the claim lasts without renewal. */
  readonly leaseMs?: number | undefined
}

/**
 * Where transactions record their progress. `memoryJournal()` (the default) and `fileJournal(path)`
 * (`@sagaflow/compensation/node`) implement it; so can any durable store (a database table
 * `(transaction_id, sequence, kind, step, payload)` with primary key `(transaction_id, sequence)`).
 *
 * The contract:
 * - `append(record)` resolves only once the record is durable (the runtime waits for it before
 *   the step's result, failure or compensation is acted on). It may return nothing when the
 *   record is stored at once (as `memoryJournal` does, so that in-memory transactions, and their
 *   undo on cancellation, run synchronously as far as their steps do). Records of one transaction arrive
 *   with distinct `sequence` numbers, possibly concurrently and so out of order; order is by
 *   `sequence`. Rejecting fails the step (or, while compensating, is reported with the
 *   compensation failures).
 * - `read(id)` resolves to the transaction's records sorted by `sequence` (empty if unknown).
 * - `unfinished(options)` resolves to the ids of transactions that have a `transaction:started`
 *   record and no terminal record (`transaction:committed`, `transaction:rolled-back`), oldest
 *   first. A journal shared by several workers (with leases) returns only the transactions whose
 *   owner's lease has expired, claimed for `options.workerId` for `options.leaseMs`, each
 *   transaction to exactly one worker; a journal may treat every `append` for a transaction as a
 *   renewal of its owner's lease. Local journals ignore the options.
 * - `release(id, options)` (optional) is called by `recover` when it is done with a claimed
 *   transaction.
 *
 * @example
 * ```ts
 * // A journal that keeps records in a Map (what memoryJournal does):
 * const byId = new Map<string, JournalRecord[]>()
 * const journal: Journal = {
 *   async append(record) {
 *     const records = byId.get(record.transactionId) ?? []
 *     records.push(record)
 *     records.sort((a, b) => a.sequence - b.sequence)
 *     byId.set(record.transactionId, records)
 *   },
 *   async read(id) {
 *     return byId.get(id) ?? []
 *   },
 *   async unfinished() {
 *     return [...byId].filter(([, records]) => !records.some(isTerminalRecord)).map(([id]) => id)
 *   },
 * }
 * ```
 */
export interface Journal {
  append(record: JournalRecord): Promise<void> | void
  read(transactionId: string): Promise<readonly JournalRecord[]>
  unfinished(options?: ClaimOptions): Promise<readonly string[]>
  release?(transactionId: string, options: ClaimOptions): Promise<void>
}

/**
 * True for the records that end a transaction: `transaction:committed` and
 * `transaction:rolled-back`. A transaction with one of them is finished; `recover` leaves it alone.
 *
 * @example
 * ```ts
 * const finished = (await journal.read(id)).some(isTerminalRecord)
 * ```
 */
export function isTerminalRecord(record: JournalRecord): boolean {
  return record.kind === 'transaction:committed' || record.kind === 'transaction:rolled-back'
}

/**
 * A journal kept in memory: {@link Journal} plus `records()`, every record in append order.
 *
 * @example
 * ```ts
 * const journal = memoryJournal()
 * yield* transaction('book-trip', body, { journal })
 * journal.records().map((r) => r.kind) // ['transaction:started', 'step:started', ...]
 * ```
 */
export interface MemoryJournal extends Journal {
  /** Every record, in the order they were appended. */
  records(): readonly JournalRecord[]
}

/**
 * A journal kept in memory: the default of `transaction`. It survives a failed or cancelled
 * transaction but not the process. Pass `records` (e.g. another journal's `records()`) to start
 * from a copy of them, which is how tests simulate a crash followed by `recover`.
 *
 * @example
 * ```ts
 * const journal = memoryJournal()
 * const task = runSaga({}, function* () {
 *   yield* transaction('book-trip', bookTripBody, { journal })
 * })
 * // ... the process "dies" here; a new one starts from what was written:
 * const summary = await recover({ journal: memoryJournal(journal.records()), steps: [reserveFlight, reserveHotel] })
 * ```
 */
export function memoryJournal(records: Iterable<JournalRecord> = []): MemoryJournal {
  if (records === null || typeof (records as Partial<Iterable<unknown>> | undefined)?.[Symbol.iterator] !== 'function') {
    throw new TypeError(`memoryJournal(records): records must be an iterable of journal records (e.g. another journal's records()), or nothing, got ${describeValue(records)}`)
  }
  const all: JournalRecord[] = []
  const byId = new Map<string, JournalRecord[]>()
  const add = (record: JournalRecord): void => {
    all.push(record)
    let own = byId.get(record.transactionId)
    if (!own) byId.set(record.transactionId, (own = []))
    // Records mostly arrive in sequence order; keep the list sorted with an insertion step.
    let i = own.length
    while (i > 0 && own[i - 1]!.sequence > record.sequence) i--
    own.splice(i, 0, record)
  }
  let index = 0
  for (const record of records) {
    if (!isRecordShape(record)) {
      throw new TypeError(
        `memoryJournal(records): records[${index}] is not a journal record ({ transactionId, sequence, kind, ... }), got ${describeValue(record)}; pass what a journal recorded, e.g. journal.records()`,
      )
    }
    add(record)
    index++
  }
  return {
    append(record) {
      add(record)
    },
    async read(transactionId) {
      return [...(byId.get(transactionId) ?? [])]
    },
    async unfinished() {
      return unfinishedIds(byId)
    },
    records() {
      return [...all]
    },
  }
}

/** Ids of the transactions that started and did not finish, oldest first. */
export function unfinishedIds(byId: ReadonlyMap<string, readonly JournalRecord[]>): string[] {
  const ids: string[] = []
  for (const [id, records] of byId) {
    if (records.some((r) => r.kind === 'transaction:started') && !records.some(isTerminalRecord)) ids.push(id)
  }
  return ids
}

function isRecordShape(value: unknown): value is JournalRecord {
  const record = value as Partial<JournalRecord> | null
  return typeof record === 'object' && record !== null && typeof record.transactionId === 'string' && typeof record.sequence === 'number' && typeof record.kind === 'string'
}
