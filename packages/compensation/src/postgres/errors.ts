/**
 * `PostgresJournalError`: what the PostgreSQL journal rejects with when the database cannot do
 * what the journal contract asks (write a record, claim, renew a lease).
 */

/**
 * Why a {@link PostgresJournalError} happened:
 * - `'unavailable'`: the database could not be reached, or the connection was lost (server
 *   stopped or restarted, backend terminated, network cut). Nothing of the failed write was
 *   committed (each write is one database transaction), unless the connection was lost during
 *   its `COMMIT`: then the message says that the write may or may not have been committed (the
 *   server may have committed before the connection dropped). Retrying later can succeed.
 * - `'lease-lost'`: this worker no longer owns the transaction: its lease expired and another
 *   worker claimed it (and now finishes it). The write was refused. `recover` then ends its
 *   recovery of that transaction only, and goes on with the others it claimed.
 * - `'unknown-transaction'`: the journal has no transaction with that id (`transaction:started`
 *   was never written).
 * - `'conflict'`: the id or the record's `sequence` is already in the journal.
 * - `'schema'`: the database holds a newer journal schema than this version of the package knows.
 * - `'closed'`: the journal was closed (`journal.close()`).
 * - `'database'`: any other error reported by PostgreSQL (its SQLSTATE is in `code`).
 *
 * @example
 * ```ts
 * if (error instanceof PostgresJournalError && error.reason === 'lease-lost') {
 *   // another worker finishes this transaction: stop working on it
 * }
 * ```
 */
export type PostgresJournalErrorReason = 'unavailable' | 'lease-lost' | 'unknown-transaction' | 'conflict' | 'schema' | 'closed' | 'database'

/**
 * The error the PostgreSQL journal rejects with. A step whose record cannot be written fails with
 * it (so the transaction rolls back, or is left for `recover` when even that cannot be written);
 * `reason` says why, `cause` holds the driver's error, `code` its SQLSTATE when there is one.
 *
 * @example
 * ```ts
 * try {
 *   yield* transaction('book-trip', body, { journal })
 * } catch (error) {
 *   // the database went away while the transaction ran: its step failed with
 *   // PostgresJournalError { reason: 'unavailable' } and the transaction stays open for recover()
 *   if (error instanceof CompensationError && error.failures.some((f) => f.error instanceof PostgresJournalError)) retryLater()
 * }
 * ```
 */
export class PostgresJournalError extends Error {
  /** Why the journal failed. */
  readonly reason: PostgresJournalErrorReason
  /** The transaction concerned, if any. */
  readonly transactionId: string | undefined
  /** PostgreSQL's SQLSTATE (`'57P01'`...) or the network error code (`'ECONNREFUSED'`...), when known. */
  readonly code: string | undefined
  /** The driver's or network's error this one wraps; undefined when the journal itself refused (`lease-lost`, `closed`, `unknown-transaction`, `schema`). */
  declare readonly cause: unknown

  /**
   * Made by the journal; you construct one only to fake a journal failure (in tests). `code` is
   * taken from `options.cause.code` when that is a string.
   *
   * @param options - What the error reports.
   * @param options.reason - Why the journal failed.
   * @param options.message - The error's message: the operation that failed and why.
   * @param options.transactionId - The transaction concerned, if any.
   * @param options.cause - The underlying error (passed to `Error` as its `cause` when given).
   */
  constructor(options: { reason: PostgresJournalErrorReason; message: string; transactionId?: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause })
    Object.setPrototypeOf(this, new.target.prototype)
    this.reason = options.reason
    this.transactionId = options.transactionId
    const code = (options.cause as { code?: unknown } | undefined)?.code
    this.code = typeof code === 'string' ? code : undefined
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'PostgresJournalError', writable: true, configurable: true })
  }
}

/**
 * True when `error` means the connection is gone rather than that PostgreSQL refused a
 * statement: network errors (a Node system error such as ECONNRESET or EPIPE, or a driver error
 * with no SQLSTATE), SQLSTATE class 08 (connection exception), 57P01-57P03 (server shutting
 * down, backend terminated, cannot connect now) and 53300 (too many connections).
 */
export function isConnectionError(error: unknown): boolean {
  const code = sqlState(error)
  if (code === undefined) return true
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '53300'
}

/**
 * The SQLSTATE of a driver error, or undefined. A Node system error's `code` is not one, even
 * when it has five characters like a SQLSTATE (`EPIPE`, `EBUSY`): it carries `syscall` / `errno`.
 */
export function sqlState(error: unknown): string | undefined {
  const { code, syscall, errno } = (error ?? {}) as { code?: unknown; syscall?: unknown; errno?: unknown }
  if (typeof syscall === 'string' || typeof errno === 'number') return undefined
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined
}

/**
 * Thrown by `inTransaction` when the connection was lost during `COMMIT` itself: the server may
 * have committed before the connection dropped, so the outcome is unknown. `cause` is the
 * driver's error.
 */
export class CommitInDoubt extends Error {
  constructor(readonly driverError: unknown) {
    super(driverError instanceof Error ? driverError.message : String(driverError))
  }
}

/** The `PostgresJournalError` for a driver error; a `PostgresJournalError` passes through unchanged. */
export function journalError(error: unknown, doing: string, transactionId?: string): PostgresJournalError {
  if (error instanceof PostgresJournalError) return error
  if (error instanceof CommitInDoubt) {
    return new PostgresJournalError({
      ...(transactionId === undefined ? {} : { transactionId }),
      reason: 'unavailable',
      cause: error.driverError,
      message: `postgresJournal: could not ${doing}: the connection was lost while committing it (${error.message}), so it may or may not have been committed; read the transaction back once the database is reachable`,
    })
  }
  const detail = error instanceof Error ? error.message : String(error)
  const code = (error as { code?: unknown } | null)?.code
  const base = transactionId === undefined ? {} : { transactionId }
  if (isConnectionError(error)) {
    return new PostgresJournalError({
      ...base,
      reason: 'unavailable',
      cause: error,
      message: `postgresJournal: could not ${doing}: the database is unreachable or the connection was lost (${detail}). Nothing of it was committed`,
    })
  }
  if (code === '23505') {
    return new PostgresJournalError({ ...base, reason: 'conflict', cause: error, message: `postgresJournal: could not ${doing}: it is already in the journal (${detail})` })
  }
  return new PostgresJournalError({
    ...base,
    reason: 'database',
    cause: error,
    message: `postgresJournal: could not ${doing}: PostgreSQL reported ${typeof code === 'string' ? `${code} ` : ''}${detail}`,
  })
}
