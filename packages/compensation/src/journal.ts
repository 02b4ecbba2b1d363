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
  /** The error's `name` (`'TypeError'`, `'TimeoutError'`...); `'NonError'` when the thrown value was not an `Error`. */
  readonly name: string
  /** The error's `message`; for a thrown non-`Error`, the value itself if a string, else its JSON text. */
  readonly message: string
  /** The error's own `code` (`'ECONNRESET'`, an HTTP status...), kept only when it is a string or a number. */
  readonly code?: string | number
}

interface RecordBase {
  /** The transaction (`tx.id`). */
  readonly transactionId: string
  /**
   * The record's number within its transaction: 0 for `transaction:started`, then 1, 2, ... in
   * the order the runtime created the records, each number used once. A record whose `append`
   * failed leaves its number out of the journal (undoing goes on after such a failure), so a
   * reader must not expect the stored numbers to have no gaps. Records of one transaction may
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
 * - `step:failed`: `{ error, attempt, final, abandoned? }`; `final` is false when a retry follows;
 *   `abandoned` is true for a step cancelled because its `tx.race` branch lost.
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
      /** The first record of a transaction (sequence 0): `unfinished` looks for it. */
      readonly kind: 'transaction:started'
      /** Absent: the record is about the whole transaction. */
      readonly step?: undefined
      /** Who the transaction is: its name, its place in an outer transaction, its worker. */
      readonly payload: {
        /** The name given to `transaction(name, ...)`; `recover` reports it. */
        readonly name: string
        /** Set only for a nested transaction: where it stands in the transaction it runs in. */
        readonly parent?: {
          /** `tx.id` of the outer transaction, whose journal records hold the step standing for this one. */
          readonly transactionId: string
          /** The name of that step in the outer transaction (the nested transaction's own name). */
          readonly step: string
        }
        /** `options.workerId` of `transaction`, when given: a shared journal makes that worker the owner (else its own worker). */
        readonly workerId?: string
      }
    })
  | (RecordBase & {
      /** Written, and durable, before the step's work is first called (write-ahead). */
      readonly kind: 'step:started'
      /** The step's name, unique within its transaction: the later records of the step repeat it. */
      readonly step: string
      /** What `recover` needs to undo or redo the step. */
      readonly payload: {
        /** Start order of the step in its transaction, from 0: compensations run in decreasing `index`. */
        readonly index: number
        /** The input given to `tx.run` / `tx.pivot` for a `defineStep` step, which `recover` passes back to it; `null` for inline steps and nested transactions. */
        readonly input: unknown
        /** True for a step run by `tx.pivot`: once it completes, nothing of the transaction is undone. */
        readonly pivot: boolean
        /** True for `tx.step`, `tx.pivot(name, ...)` and `tx.compensate`, which `recover` can handle only through a `defineStep` of the same name. */
        readonly inline: boolean
        /** True when the step will be undone if the transaction fails: it has a compensation, is not a pivot, and no pivot has completed before it. */
        readonly compensable: boolean
        /** Set when the step is a nested transaction: its `tx.id`, under which its own records are. */
        readonly transaction?: string
      }
    })
  | (RecordBase & {
      /** The step's work succeeded; durable before the body receives the result. */
      readonly kind: 'step:completed'
      /** The step that completed. */
      readonly step: string
      /** The step's outcome. */
      readonly payload: {
        /** What the step's work resolved to, which `recover` passes to `compensate`; `null` for `tx.compensate` and nested transactions. */
        readonly result: unknown
        /** Set on a nested transaction's step: true when that transaction passed its own pivot, which makes the outer one irreversible too. */
        readonly pivot?: boolean
      }
    })
  | (RecordBase & {
      /** One attempt of the step's work (`step:failed`) or of its compensation (`compensation:failed`) threw. */
      readonly kind: 'step:failed' | 'compensation:failed'
      /** The step whose work or undo failed. */
      readonly step: string
      /** The failure and whether another attempt follows. */
      readonly payload: {
        /** What the attempt threw, as plain data. */
        readonly error: RecordedError
        /** Which attempt failed: 1 for the first, 2 for the first retry, ... */
        readonly attempt: number
        /** True when the retry policy gave up (no attempt follows); false when a retry follows. */
        readonly final: boolean
        /**
         * `step:failed` only: true when the step did not fail but was cancelled because its
         * `tx.race` branch lost (`error` is a `CancellationError`). `recover` never runs it again.
         */
        readonly abandoned?: boolean
      }
    })
  | (RecordBase & {
      /** A compensation is about to run (`started`, durable before it is called) or succeeded (`completed`). */
      readonly kind: 'compensation:started' | 'compensation:completed'
      /** The step being undone. */
      readonly step: string
      /** Empty: the kind says it all. */
      readonly payload: {}
    })
  | (RecordBase & {
      /** The body returned and every record before this one is durable. Terminal. */
      readonly kind: 'transaction:committed'
      /** Absent: the record is about the whole transaction. */
      readonly step?: undefined
      /** Empty: the body's result is not recorded. */
      readonly payload: {}
    })
  | (RecordBase & {
      /** The transaction failed or was cancelled, and its undo is over. Terminal, even when a compensation failed. */
      readonly kind: 'transaction:rolled-back'
      /** Absent: the record is about the whole transaction. */
      readonly step?: undefined
      /** Which undos worked and which did not. */
      readonly payload: {
        /** The steps undone by this rollback, in the order they were undone; a nested transaction contributes its own steps. */
        readonly compensated: readonly string[]
        /** The steps whose compensation failed for good (or could not be journalled), each named once. */
        readonly failed: readonly string[]
      }
    })
  | (RecordBase & {
      /** The transaction failed after its pivot, so nothing was undone. Not terminal: `recover` retries it forward. */
      readonly kind: 'transaction:stuck'
      /** Absent: the record is about the whole transaction (the failed step, if any, is in the payload). */
      readonly step?: undefined
      /** What failed after the pivot. */
      readonly payload: {
        /** The error the transaction ended with, as plain data. */
        readonly error: RecordedError
        /** The step after the pivot that still failed after its retries; absent when the body itself threw. */
        readonly step?: string
      }
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
 * - A journal with leases rejects an `append` to a transaction another worker took over with an
 *   error whose `reason` is `'lease-lost'` (see `append`).
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
  /**
   * Stores one record. Resolve only once the record is durable: the runtime waits for it before
   * it calls the step's work, hands a result to the body, or runs a compensation. Return nothing
   * only when the record is stored by the time `append` returns (`memoryJournal` does that;
   * `fileJournal` resolves after `fdatasync`, `postgresJournal` after `COMMIT`).
   *
   * Records of one transaction may arrive concurrently and out of `sequence` order (parallel
   * steps); the runtime never appends a record twice, and does not retry a failed append. A
   * rejection (or a throw) fails what the record is about: the step (its transaction then rolls
   * back, or is stuck past its pivot) or, for a record that ends the transaction, the transaction
   * itself, which stays open for `recover`. While compensating, it is collected with the
   * compensation failures; a compensation whose `compensation:started` was refused is not run,
   * and the transaction then stays open (no terminal record) for `recover` to run it.
   *
   * A journal with leases refuses a write to a transaction that another worker has taken over
   * (this worker's lease ran out and that worker claimed it) with an error whose `reason` is
   * `'lease-lost'` (`PostgresJournalError` does). `recover` recognises it by that property alone:
   * it ends the recovery of that transaction only (reported `'compensation-failed'` from a
   * rollback, `'stuck'` going forward) and goes on with the others it claimed.
   *
   * @param record - The record to store, keyed by `(record.transactionId, record.sequence)`.
   * @example
   * ```ts
   * // One row per record, in a table with primary key (transaction_id, sequence):
   * const append: Journal['append'] = async (record) => {
   *   await db.query('INSERT INTO journal (transaction_id, sequence, record) VALUES ($1, $2, $3)', [
   *     record.transactionId,
   *     record.sequence,
   *     JSON.stringify(record),
   *   ])
   * }
   * ```
   */
  append(record: JournalRecord): Promise<void> | void
  /**
   * Resolves to every stored record of one transaction, sorted by `sequence`, or to an empty
   * array when the journal has no such transaction (it must not reject for that). `recover`
   * rebuilds a transaction from this alone, and `transaction` calls it to check that a given
   * `options.id` is new.
   *
   * @param transactionId - `tx.id` of the transaction.
   * @example
   * ```ts
   * const read: Journal['read'] = async (transactionId) => {
   *   const { rows } = await db.query('SELECT record FROM journal WHERE transaction_id = $1 ORDER BY sequence', [transactionId])
   *   return rows.map((row: { record: string }) => JSON.parse(row.record) as JournalRecord)
   * }
   * ```
   */
  read(transactionId: string): Promise<readonly JournalRecord[]>
  /**
   * Resolves to the ids of the transactions that have a `transaction:started` record and no
   * terminal one (`transaction:committed`, `transaction:rolled-back`), oldest first. A
   * `transaction:stuck` record does not finish a transaction. `recover` calls it once per run.
   *
   * A journal shared by several workers hands out only transactions whose owner's lease has
   * expired, each to exactly one caller, and makes `options.workerId` their owner for
   * `options.leaseMs`. A journal used by one process ignores `options`.
   *
   * @param options - Who claims the transactions and for how long (journals with leases only).
   * @example
   * ```ts
   * const unfinished: Journal['unfinished'] = async () => {
   *   const { rows } = await db.query(
   *     `SELECT transaction_id FROM journal GROUP BY transaction_id
   *      HAVING bool_or(kind = 'transaction:started')
   *         AND NOT bool_or(kind IN ('transaction:committed', 'transaction:rolled-back'))
   *      ORDER BY min(written_at)`,
   *   )
   *   return rows.map((row: { transaction_id: string }) => row.transaction_id)
   * }
   * ```
   */
  unfinished(options?: ClaimOptions): Promise<readonly string[]>
  /**
   * Optional. `recover` calls it once for every id `unfinished` gave it, when it is done with that
   * transaction (finished, left stuck or unrecoverable, or when recovery threw), with the options
   * it passed to `unfinished`. A journal with leases stops renewing the claim there; journals
   * without leases leave it out.
   *
   * @param transactionId - A transaction `unfinished` handed out.
   * @param options - The `workerId` and `leaseMs` `recover` claimed it with (each may be absent).
   * @example
   * ```ts
   * const renewing = new Set<string>() // the transactions this worker's heartbeat renews
   * const release: NonNullable<Journal['release']> = async (transactionId) => {
   *   renewing.delete(transactionId) // the lease now runs out on its own
   * }
   * ```
   */
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
  if (record === null || typeof record !== 'object') throw new TypeError(`isTerminalRecord(record): record must be a journal record (an object with a kind), got ${describeValue(record)}`)
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
