import { CommitInDoubt, isConnectionError } from './errors.js'

/**
 * The part of node-postgres (`pg`) the journal uses, as structural types: a `pg.Pool` fits
 * them, and so does any wrapper with the same methods (tests wrap a pool to cut a connection at a
 * chosen statement). Keeping `pg`'s own types out of the public declarations means users need
 * no `@types/pg` to compile.
 */

/**
 * A result of {@link PostgresClient.query}: the rows (one object per row, keyed by column name).
 *
 * @example
 * ```ts
 * const { rows } = await client.query('SELECT 1 AS one')
 * rows[0].one // 1
 * ```
 */
export interface PostgresQueryResult {
  /** The rows, one object per row keyed by column name. */
  readonly rows: any[]
  /** How many rows the statement returned or changed. */
  readonly rowCount: number | null
}

/**
 * A connection checked out of a {@link PostgresPool} (a `pg.PoolClient`).
 *
 * @example
 * ```ts
 * const client: PostgresClient = await pool.connect()
 * try {
 *   await client.query('SELECT 1')
 * } finally {
 *   client.release()
 * }
 * ```
 */
export interface PostgresClient {
  /** Runs one statement with `$1, $2...` parameters. */
  query(text: string, values?: any[]): Promise<PostgresQueryResult>
  /** Returns the connection to the pool; with an error (or `true`) the pool discards it. */
  release(error?: Error | boolean): void
  /** Listens for the connection's errors (a connection lost while checked out emits one). */
  on(event: 'error', listener: (error: Error) => void): unknown
  /** Stops listening. */
  removeListener(event: 'error', listener: (error: Error) => void): unknown
}

/**
 * A connection pool (a `pg.Pool`): what `postgresJournal({ pool })` accepts.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * const pool: PostgresPool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
 * ```
 */
export interface PostgresPool {
  /** Checks out a connection (for a database transaction). */
  connect(): Promise<PostgresClient>
  /** Runs one statement on any connection. */
  query(text: string, values?: any[]): Promise<PostgresQueryResult>
  /** Closes every connection. */
  end(): Promise<void>
}

/** How many statements or database transactions of one journal run at once when the pool does not say (`pg.Pool`'s default `max`). */
export const DEFAULT_POOL_SIZE = 10

/** The pool's `max` (a `pg.Pool` keeps its options), or {@link DEFAULT_POOL_SIZE}. */
export function poolSize(pool: PostgresPool): number {
  const max = (pool as { options?: { max?: unknown } }).options?.max
  return typeof max === 'number' && Number.isInteger(max) && max >= 1 ? max : DEFAULT_POOL_SIZE
}

/**
 * `pool`, with at most `size` of the journal's connections checked out or statements running at
 * once; the others wait here, in order, for as long as it takes.
 *
 * A `pg.Pool` gives up on a `connect()` that waited `connectionTimeoutMillis` for a free
 * connection, with the error a server that cannot be reached gives ("timeout exceeded when
 * trying to connect"): a burst of appends (a `tx.all` of thousands of steps) would fail its steps
 * as if the database were down. Waiting here, each `connect()` reaches the pool when a connection
 * is free, so that timeout only measures how long the server takes to accept a new connection.
 */
export function limitPool(pool: PostgresPool, size: number): PostgresPool {
  let running = 0
  const waiting: (() => void)[] = []
  const acquire = (): Promise<void> | undefined => {
    if (running < size) {
      running++
      return undefined
    }
    return new Promise<void>((resolve) => waiting.push(resolve))
  }
  const release = (): void => {
    const next = waiting.shift()
    if (next) next() // the slot passes to the next waiter as it is
    else running--
  }
  return {
    async connect() {
      await acquire()
      let client: PostgresClient
      try {
        client = await pool.connect()
      } catch (error) {
        release()
        throw error
      }
      let released = false
      return {
        query: (text, values) => client.query(text, values),
        on: (event, listener) => client.on(event, listener),
        removeListener: (event, listener) => client.removeListener(event, listener),
        release(error) {
          if (released) return
          released = true
          client.release(error)
          release()
        },
      }
    },
    async query(text, values) {
      await acquire()
      try {
        return await pool.query(text, values)
      } finally {
        release()
      }
    },
    end: () => pool.end(),
  }
}

/**
 * Runs `work` in one database transaction on one pooled connection: `BEGIN`, `work`, `COMMIT`;
 * `ROLLBACK` if `work` throws. A connection that failed is discarded, not returned to the pool.
 * While checked out the connection has an `'error'` listener, so a connection lost mid-way
 * rejects the statement instead of crashing the process with an unhandled `'error'` event.
 */
export async function inTransaction<T>(pool: PostgresPool, work: (client: PostgresClient) => Promise<T>): Promise<T> {
  const client = await pool.connect()
  let lost: Error | undefined
  const onError = (error: Error): void => {
    lost ??= error
  }
  client.on('error', onError)
  try {
    await client.query('BEGIN')
    const value = await work(client)
    const lostBeforeCommit = lost
    try {
      await client.query('COMMIT')
    } catch (error) {
      // A connection lost after COMMIT was sent (dropped with no word from the server, or ended
      // by it: 08xxx, 57P01-03) may have been lost after the server committed, before its reply
      // arrived; with synchronous replication a backend terminated while waiting for a replica
      // has already committed locally. Nobody here knows whether the work is in the database.
      // Any other error the server sent for COMMIT means it did not commit.
      throw lostBeforeCommit === undefined && isConnectionError(error) ? new CommitInDoubt(error) : error
    }
    return value
  } catch (error) {
    if (lost === undefined) {
      // Still connected: end the transaction here so the connection can be reused.
      try {
        await client.query('ROLLBACK')
      } catch (rollbackError) {
        lost = rollbackError as Error
      }
    }
    throw error
  } finally {
    client.removeListener('error', onError)
    // A connection that failed (an error event, or a ROLLBACK that could not run) is discarded.
    client.release(lost)
  }
}
