/// <reference types="node" />
/**
 * `postgresJournal`: the journal in PostgreSQL, shared by many workers on many machines.
 *
 * Protocol
 * - Each `append` is one database transaction: check (and renew) the writer's lease on the
 *   transaction's root, insert the record, and, for a terminal record, mark the transaction
 *   finished. It resolves after `COMMIT`, so the record is durable (as durable as the server's
 *   `synchronous_commit` makes it) before the step goes on; if anything fails nothing of it is
 *   written.
 * - `transaction:started` creates the transaction's row; a root transaction is owned by the
 *   worker that starts it (the record's `workerId`, else the journal's) with a lease of
 *   `leaseMs`. Leases: see `leases.ts`.
 * - `unfinished({ workerId, leaseMs })` claims expired trees (see `claimExpired`); `release`
 *   only stops renewing (the lease runs out on its own, so a transaction `recover` could not
 *   finish is retried by some worker one lease later, not in a hot loop).
 * - Migrations run on first use (see `schema.ts`).
 * - Writes, reads and claims use at most the pool's `max` connections at once and queue in the
 *   journal beyond that (`limitPool`); the heartbeat goes to the pool directly.
 */
import { hostname } from 'node:os'
import pg from 'pg'
import { nanoid } from 'nanoid'
import { systemClock, type Clock } from '@sagaflow/cancellation'
import type { ClaimOptions, Journal, JournalRecord } from '../journal.js'
import { checkKeys, checkMs, describeValue } from '../internal/retry.js'
import { journalError, PostgresJournalError } from './errors.js'
import { claimExpired, leaseInterval, Leases, type Hold } from './leases.js'
import { DEFAULT_POOL_SIZE, inTransaction, limitPool, poolSize, type PostgresClient, type PostgresPool } from './pool.js'
import { migrate, tablesIn, type Tables } from './schema.js'

/**
 * Where the journal's database is: an existing pool (yours to configure and to end), or a
 * connection string (the journal makes a pool and ends it in `close()`).
 *
 * @example
 * ```ts
 * const a: PostgresConnection = { connectionString: 'postgres://app@db.internal/bookings' }
 * const b: PostgresConnection = { pool: new pg.Pool({ max: 20 }) }
 * ```
 */
export type PostgresConnection =
  | {
      /**
       * A `pg.Pool` (or anything with its `connect`, `query` and `end`): the journal uses it and never ends it; end it yourself after
       * `journal.close()`. At most its `options.max` (else 10) of the journal's writes use it at once; the others wait in the journal.
       */
      readonly pool: PostgresPool
      /** Not with `pool`: pass one or the other. */
      readonly connectionString?: undefined
    }
  | {
      /**
       * A PostgreSQL URI (`postgres://user:password@host:5432/db`; also `postgresql://`, `socket:` or a socket path): the journal makes
       * its own `pg.Pool` (10 connections) on first use and ends it in `close()`. Anything else is refused when the journal is made.
       */
      readonly connectionString: string
      /** Not with `connectionString`: pass one or the other. */
      readonly pool?: undefined
    }

/**
 * Options of {@link postgresJournal}.
 *
 * @example
 * ```ts
 * const journal = postgresJournal({ connectionString }, { workerId: `api-${process.env.POD_NAME}`, leaseMs: 15_000, schema: 'sagas' })
 * ```
 */
export interface PostgresJournalOptions {
  /** This worker: the owner of the transactions it starts. Default: `<hostname>:<pid>:<random>`, unique per journal. */
  readonly workerId?: string | undefined
  /** How long a lease lasts without renewal (ms, default 30 000). A worker that dies holds its transactions this long. */
  readonly leaseMs?: number | undefined
  /** How often held leases are renewed (ms, default `leaseMs / 3`). */
  readonly heartbeatMs?: number | undefined
  /** The PostgreSQL schema of the tables (default `'public'`; created if missing). */
  readonly schema?: string | undefined
  /** At most this many transaction trees are claimed by one `unfinished` call (default 100). */
  readonly claimLimit?: number | undefined
  /** Clock of the heartbeat timer (default: the system clock). Lease expiry itself is on the database's clock. */
  readonly clock?: Clock | undefined
}

/**
 * A journal in PostgreSQL: {@link Journal} plus this worker's id and lease, `migrate()`,
 * `heartbeat()` and `close()`.
 *
 * @example
 * ```ts
 * const journal: PostgresJournal = postgresJournal({ connectionString: process.env.DATABASE_URL! })
 * await journal.migrate() // optional: the first use migrates too
 * ```
 */
export interface PostgresJournal extends Journal {
  /** Resolves once the record is committed; rejects with a {@link PostgresJournalError} (or a `TypeError` for a record that is not JSON). */
  append(record: JournalRecord): Promise<void>
  /** Gives up `recover`'s claim on a transaction: this journal stops renewing it (its lease then runs out). */
  release(transactionId: string, options?: ClaimOptions): Promise<void>
  /** The worker that owns the transactions started through this journal (unless a record names another). */
  readonly workerId: string
  /** The lease of those transactions, in ms. */
  readonly leaseMs: number
  /** Creates or upgrades the tables now (otherwise the first use does); resolves to the schema version. */
  migrate(): Promise<number>
  /** Renews now every lease this journal holds (a timer does it every `heartbeatMs` anyway). */
  heartbeat(): Promise<void>
  /** Stops renewing leases, waits for writes under way, and ends the pool if the journal made it. Calling it again returns the same promise; other methods reject from then on. */
  close(): Promise<void>
}

const KINDS = new Set([
  'transaction:started',
  'step:started',
  'step:completed',
  'step:failed',
  'compensation:started',
  'compensation:completed',
  'compensation:failed',
  'transaction:committed',
  'transaction:rolled-back',
  'transaction:stuck',
])

/**
 * A journal kept in PostgreSQL (through `pg`), so that many worker processes on many machines
 * share it: every record is committed in its own database transaction before the step goes on;
 * each transaction is owned by the worker running it, which renews its lease; and
 * `recover({ journal, steps, workerId, leaseMs })` on any worker claims only transactions whose
 * owner's lease expired, each by exactly one worker. It creates its tables (a versioned schema)
 * on first use. Step inputs and results must be JSON-serialisable.
 *
 * @example
 * ```ts
 * import { transaction } from '@sagaflow/compensation'
 * import { postgresJournal, startRecoveryWorker } from '@sagaflow/compensation/postgres'
 *
 * const journal = postgresJournal({ connectionString: process.env.DATABASE_URL! }, { leaseMs: 30_000 })
 * const recovery = startRecoveryWorker({ journal, steps: bookingSteps, pollMs: 5_000 })
 *
 * function* bookTrip(details: TripRequest) {
 *   return yield* transaction('book-trip', function* (tx) {
 *     // ...
 *   }, { journal })
 * }
 *
 * // on shutdown
 * await recovery.stop()
 * await journal.close()
 * ```
 */
export function postgresJournal(connection: PostgresConnection, options: PostgresJournalOptions = {}): PostgresJournal {
  const api = 'postgresJournal(connection, options)'
  const settings = checkOptions(api, connection, options)
  const { workerId, leaseMs, tables, claimLimit } = settings
  let pool: PostgresPool | undefined = connection.pool
  const ownsPool = pool === undefined
  const rawPool = (): PostgresPool => {
    if (pool) return pool
    // TCP keep-alive: a connection to a server that vanished without closing it (a network
    // partition) is eventually noticed by the OS instead of waiting forever.
    const made = new pg.Pool({
      connectionString: connection.connectionString,
      max: DEFAULT_POOL_SIZE,
      connectionTimeoutMillis: 10_000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    })
    // An idle connection dropped by the server (restart, failover) must not crash the process;
    // the next query gets a fresh connection.
    made.on('error', () => {})
    pool = made as unknown as PostgresPool
    return pool
  }
  // Writes, reads and claims wait in the journal for a free connection (see limitPool); the
  // heartbeat does not queue behind them, so that a burst of writes of one transaction does not
  // hold up the renewal of the others' leases.
  let limited: PostgresPool | undefined
  const getPool = (): PostgresPool => (limited ??= limitPool(rawPool(), poolSize(rawPool())))
  const leases = new Leases(rawPool, tables, settings.clock, settings.heartbeatMs)
  let migrated: Promise<number> | undefined
  let closed = false
  let closing: Promise<void> | undefined
  const busy = new Set<Promise<unknown>>()

  const ensureSchema = (): Promise<number> => {
    migrated ??= inTransaction(getPool(), (client) => migrate(client, tables)).catch((error: unknown) => {
      migrated = undefined // a later call tries again (the database may be back)
      throw journalError(error, `create or upgrade the journal's tables in schema "${tables.schema}"`)
    })
    return migrated
  }

  /** Runs `work` after the schema is ready, tracked so `close()` can wait for it. */
  const track = <T>(what: string, work: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(closedError(what))
    const done = ensureSchema().then(work)
    busy.add(done)
    const untrack = () => busy.delete(done)
    done.then(untrack, untrack)
    return done
  }

  const lookupRoot = async (client: PostgresClient, id: string): Promise<string> => {
    const { rows } = await client.query(`SELECT root_id FROM ${tables.transactions} WHERE id = $1`, [id])
    if (rows.length === 0) {
      throw new PostgresJournalError({
        reason: 'unknown-transaction',
        transactionId: id,
        message: `postgresJournal: the journal has no transaction "${id}" (its transaction:started record was never written)`,
      })
    }
    return rows[0].root_id as string
  }

  /** Renews the lease of the held tree, or throws `lease-lost` naming the new owner. */
  const fence = async (client: PostgresClient, hold: Hold, id: string): Promise<void> => {
    const renewed = await client.query(
      `UPDATE ${tables.transactions} SET lease_expires_at = ${leaseInterval(4)} WHERE id = $1 AND owner = $2 AND claims = $3`,
      [hold.root, hold.workerId, hold.epoch, hold.leaseMs],
    )
    if (renewed.rowCount === 1) return
    throw await leaseLost(client, hold.root, hold.workerId, id)
  }

  /** The `lease-lost` error of a write to a tree this worker held and another claimed, naming the new owner. */
  const leaseLost = async (client: PostgresClient, root: string, writer: string, id: string): Promise<PostgresJournalError> => {
    const { rows } = await client.query(`SELECT owner FROM ${tables.transactions} WHERE id = $1`, [root])
    const owner = rows[0]?.owner as string | undefined
    return new PostgresJournalError({
      reason: 'lease-lost',
      transactionId: id,
      message: `postgresJournal: worker "${writer}" no longer owns transaction "${id}": its lease expired and ${owner === undefined ? 'the transaction is gone' : `worker "${owner}" claimed it`}; that worker finishes it, so this write was refused`,
    })
  }

  const notHeld = (id: string): PostgresJournalError =>
    new PostgresJournalError({
      reason: 'lease-lost',
      transactionId: id,
      message: `postgresJournal: worker "${workerId}" does not hold transaction "${id}": this journal neither started it nor claimed it with unfinished(), or gave it up after a failed write (its lease then runs out and recover() on some worker finishes it); the write was refused`,
    })

  const insertRecord = (client: PostgresClient, record: JournalRecord, payload: string, writer: string) =>
    client.query(`INSERT INTO ${tables.journal} (transaction_id, sequence, kind, step, payload, written_by) VALUES ($1, $2, $3, $4, $5::json, $6)`, [
      record.transactionId,
      record.sequence,
      record.kind,
      record.step ?? null,
      payload,
      writer,
    ])

  /** `transaction:started` of a root transaction: its row, owned by the worker that starts it. */
  const startRoot = async (record: Extract<JournalRecord, { kind: 'transaction:started' }>, payload: string): Promise<void> => {
    const owner = record.payload.workerId ?? workerId
    await inTransaction(getPool(), async (client) => {
      await client.query(
        `INSERT INTO ${tables.transactions} (id, root_id, name, owner, lease_expires_at) VALUES ($1, $1, $2, $3, ${leaseInterval(4)})`,
        [record.transactionId, record.payload.name, owner, leaseMs],
      )
      await insertRecord(client, record, payload, owner)
    })
    leases.started(record.transactionId, owner, leaseMs)
  }

  /** Any other record (a nested transaction's start included): written only through a hold on its tree. */
  const write = async (record: JournalRecord, payload: string): Promise<void> => {
    const id = record.transactionId
    const nested = record.kind === 'transaction:started' ? record.payload : undefined
    // A nested transaction joins its parent's tree.
    const anchor = nested?.parent?.transactionId ?? id
    const known = leases.knownRoot(anchor)
    // Known before connecting, so that a write failing to connect still marks the hold in doubt.
    let hold: Hold | undefined = known === undefined ? undefined : leases.hold(known)
    try {
      await inTransaction(getPool(), async (client) => {
        if (!hold) {
          const root = await lookupRoot(client, anchor)
          hold = leases.hold(root)
          // A tree this journal lost to another worker (found by a refused write or by the
          // heartbeat): say so, as the first refused write did.
          if (!hold) {
            const heldAs = leases.takenOverFrom(root)
            throw heldAs === undefined ? notHeld(id) : await leaseLost(client, root, heldAs, id)
          }
        }
        await fence(client, hold, id)
        if (nested) {
          await client.query(`INSERT INTO ${tables.transactions} (id, root_id, parent_id, name) VALUES ($1, $2, $3, $4)`, [id, hold.root, anchor, nested.name])
        }
        await insertRecord(client, record, payload, hold.workerId)
        if (record.kind === 'transaction:committed' || record.kind === 'transaction:rolled-back') {
          await client.query(`UPDATE ${tables.transactions} SET finished_at = clock_timestamp() WHERE id = $1`, [id])
        }
      })
    } catch (error) {
      if (hold) {
        if (error instanceof PostgresJournalError && error.reason === 'lease-lost') leases.lost(hold)
        else leases.failed(hold)
      }
      throw error
    }
    const held = hold!
    leases.joined(id, held)
    leases.wrote(held)
    const ends = record.kind === 'transaction:committed' || record.kind === 'transaction:rolled-back' || record.kind === 'transaction:stuck'
    if (ends && held.root === id) leases.ended(held)
  }

  return {
    workerId,
    leaseMs,
    append(record) {
      let payload: string
      try {
        payload = serialise(record)
      } catch (error) {
        return Promise.reject(error)
      }
      const what = `record the ${describeRecord(record)}`
      const work = record.kind === 'transaction:started' && record.payload.parent === undefined ? () => startRoot(record, payload) : () => write(record, payload)
      return track(what, work).catch(
        (error: unknown) => {
          throw journalError(error, what, record.transactionId)
        },
      )
    },
    read(transactionId) {
      if (typeof transactionId !== 'string') return Promise.reject(new TypeError(`postgresJournal.read(transactionId): transactionId must be a string, got ${describeValue(transactionId)}`))
      return track(`read transaction "${transactionId}"`, async () => {
        try {
          const { rows } = await getPool().query(
            `SELECT transaction_id, sequence, kind, step, payload, floor(extract(epoch FROM written_at) * 1000)::float8 AS at
               FROM ${tables.journal} WHERE transaction_id = $1 ORDER BY sequence`,
            [transactionId],
          )
          return rows.map(toRecord)
        } catch (error) {
          throw journalError(error, `read transaction "${transactionId}"`, transactionId)
        }
      })
    },
    unfinished(claim: ClaimOptions = {}) {
      const claimer = claim?.workerId ?? workerId
      const lease = claim?.leaseMs ?? leaseMs
      if (typeof claimer !== 'string' || claimer === '') {
        return Promise.reject(new TypeError(`postgresJournal.unfinished({ workerId, leaseMs }): workerId must be a non-empty string, got ${describeValue(claimer)}`))
      }
      if (!(typeof lease === 'number' && lease > 0 && Number.isFinite(lease))) {
        return Promise.reject(new TypeError(`postgresJournal.unfinished({ workerId, leaseMs }): leaseMs must be a finite number of milliseconds > 0, got ${describeValue(lease)}`))
      }
      return track(`claim unfinished transactions for worker "${claimer}"`, async () => {
        let claimed: { id: string; root: string; epoch: number }[]
        try {
          claimed = await inTransaction(getPool(), (client) =>
            claimExpired(client, tables, { workerId: claimer, leaseMs: lease, limit: claimLimit, exclude: leases.heldRoots() }),
          )
        } catch (error) {
          throw journalError(error, `claim unfinished transactions for worker "${claimer}"`)
        }
        leases.claimed(claimer, lease, claimed)
        return claimed.map((t) => t.id)
      })
    },
    async release(transactionId) {
      leases.release(transactionId)
    },
    migrate() {
      if (closed) return Promise.reject(closedError('migrate'))
      return ensureSchema()
    },
    heartbeat() {
      return track('renew leases', () => leases.renew())
    },
    close() {
      // Every call resolves when the first one does: after the writes under way and the pool's end.
      closing ??= (async () => {
        closed = true
        leases.close()
        await Promise.allSettled([...busy])
        if (ownsPool && pool) await pool.end()
      })()
      return closing
    },
  }
}

const closedError = (what: string) => new PostgresJournalError({ reason: 'closed', message: `postgresJournal: cannot ${what}: the journal was closed` })

interface Settings {
  readonly workerId: string
  readonly leaseMs: number
  readonly heartbeatMs: number
  readonly tables: Tables
  readonly claimLimit: number
  readonly clock: Clock
}

function checkOptions(api: string, connection: PostgresConnection, options: PostgresJournalOptions): Settings {
  if (connection === null || typeof connection !== 'object') {
    throw new TypeError(`${api}: connection must be { pool } (a pg.Pool) or { connectionString }, got ${describeValue(connection)}`)
  }
  const { pool, connectionString } = connection
  if (pool !== undefined && connectionString !== undefined) throw new TypeError(`${api}: pass either connection.pool or connection.connectionString, not both`)
  if (pool !== undefined) {
    if (pool === null || typeof pool !== 'object' || typeof pool.connect !== 'function' || typeof pool.query !== 'function') {
      throw new TypeError(`${api}: connection.pool must be a pg.Pool (with connect and query), got ${describeValue(pool)}`)
    }
  } else if (typeof connectionString !== 'string' || connectionString === '') {
    throw new TypeError(`${api}: connection must be { pool } (a pg.Pool) or { connectionString: 'postgres://...' }, got ${describeValue(connectionString)} as connectionString`)
  } else {
    checkConnectionString(api, connectionString)
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`${api}: options must be an object, got ${describeValue(options)}`)
  checkKeys(api, 'options', options, ['workerId', 'leaseMs', 'heartbeatMs', 'schema', 'claimLimit', 'clock'])
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${nanoid(8)}`
  if (typeof workerId !== 'string' || workerId === '') throw new TypeError(`${api}: options.workerId must be a non-empty string, got ${describeValue(workerId)}`)
  const leaseMs = options.leaseMs ?? 30_000
  checkMs(api, 'options.leaseMs', leaseMs)
  if (leaseMs === 0) throw new TypeError(`${api}: options.leaseMs must be > 0 (a lease of 0 ms expires at once), got 0`)
  const heartbeatMs = options.heartbeatMs ?? Math.max(1, Math.floor(leaseMs / 3))
  checkMs(api, 'options.heartbeatMs', heartbeatMs)
  if (heartbeatMs >= leaseMs) {
    throw new TypeError(`${api}: options.heartbeatMs (${heartbeatMs}) must be shorter than options.leaseMs (${leaseMs}), or leases expire between renewals`)
  }
  const schema = options.schema ?? 'public'
  if (typeof schema !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new TypeError(`${api}: options.schema must be a PostgreSQL identifier (letters, digits, _; not starting with a digit), got ${describeValue(schema)}`)
  }
  const claimLimit = options.claimLimit ?? 100
  if (!(Number.isInteger(claimLimit) && claimLimit >= 1)) throw new TypeError(`${api}: options.claimLimit must be an integer >= 1, got ${describeValue(claimLimit)}`)
  return { workerId, leaseMs, heartbeatMs, tables: tablesIn(schema), claimLimit, clock: options.clock ?? systemClock }
}

/**
 * Refuses a connection string `pg` would misread: `pg` resolves anything that is not a URL
 * against `postgres://base` (so a libpq `'host=db dbname=app'` string tries to reach a host
 * named `base`), reads `'db.internal:5432/app'` as a URL of scheme `db.internal:` (and connects
 * to localhost), and a URL it cannot parse (a port above 65535) fails every use as if the
 * server were unreachable. Accepted: `postgres://` and `postgresql://`
 * URLs (an empty host, `postgres://user@/db?host=/socket`, included), `socket:` URLs and
 * socket paths (`/var/run/postgresql dbname`), as `pg` reads them. The password is never shown.
 */
function checkConnectionString(api: string, connectionString: string): void {
  if (connectionString.startsWith('/')) return
  const example = 'postgres://user:password@host:5432/database'
  const shown = JSON.stringify(connectionString.replace(/^([^:/?#]*:\/\/[^:@/?#]*:)[^/?#]*@/, '$1***@').replace(/(\bpassword=)[^&\s]*/gi, '$1***'))
  // As pg does: spaces and stray % encoded, and an empty host (a socket directory in ?host=) filled in.
  const text = /[ ]|%[^a-f0-9]|%[a-f0-9][^a-f0-9]/i.test(connectionString) ? encodeURI(connectionString).replace(/%25(\d\d)/g, '%$1') : connectionString
  let url: URL | undefined
  for (const candidate of [text, text.replace('@/', '@host/')]) {
    try {
      url = new URL(candidate)
      break
    } catch {
      // try the next form
    }
  }
  if (url === undefined) {
    throw new TypeError(`${api}: connection.connectionString ${shown} is not a valid URL (check the host and that the port is a number up to 65535); write it as ${example}`)
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:' && url.protocol !== 'socket:') {
    throw new TypeError(`${api}: connection.connectionString ${shown} is not a PostgreSQL URL (its scheme is "${url.protocol}", not "postgres:"); write it as ${example}`)
  }
}

function describeRecord(record: JournalRecord): string {
  return record.step === undefined || record.step === null ? `${record.kind} of transaction "${record.transactionId}"` : `${record.kind} of step "${record.step}" of transaction "${record.transactionId}"`
}

/** The record's payload as JSON text; a TypeError like fileJournal's when it cannot be. */
function serialise(record: JournalRecord): string {
  const api = 'postgresJournal.append(record)'
  if (record === null || typeof record !== 'object') throw new TypeError(`${api}: record must be a journal record, got ${describeValue(record)}`)
  if (typeof record.transactionId !== 'string' || record.transactionId === '') {
    throw new TypeError(`${api}: record.transactionId must be a non-empty string, got ${describeValue(record.transactionId)}`)
  }
  if (!(Number.isInteger(record.sequence) && record.sequence >= 0 && record.sequence <= 2_147_483_647)) {
    throw new TypeError(`${api}: record.sequence must be an integer >= 0, got ${describeValue(record.sequence)}`)
  }
  if (!KINDS.has(record.kind)) throw new TypeError(`${api}: record.kind must be one of ${[...KINDS].join(', ')}, got ${describeValue(record.kind)}`)
  let text: string | undefined
  try {
    text = JSON.stringify(record.payload ?? {})
  } catch (error) {
    throw new TypeError(
      `postgresJournal: the ${describeRecord(record)} cannot be written as JSON (${(error as Error).message}); step inputs and results must be JSON-serialisable`,
    )
  }
  return text ?? '{}'
}

function toRecord(row: { transaction_id: string; sequence: number; kind: string; step: string | null; payload: unknown; at: number }): JournalRecord {
  return {
    transactionId: row.transaction_id,
    sequence: row.sequence,
    kind: row.kind,
    ...(row.step === null ? {} : { step: row.step }),
    payload: row.payload,
    at: row.at,
  } as JournalRecord
}
