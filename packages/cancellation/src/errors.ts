/**
 * Marks errors created by any copy of this package (the ESM and the CommonJS build can both be
 * loaded in one process), so that `isCancellationError` and `throwIfCancelled` recognise them
 * where `instanceof` would not.
 */
const brand = Symbol.for('@sagaflow/cancellation.error')

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `: ${reason.message === '' ? reason.name : reason.message}`
  const type = typeof reason
  return (type === 'string' && reason !== '') || type === 'number' || type === 'boolean' || type === 'bigint' ? `: ${String(reason)}` : ''
}

/**
 * The error that says "this operation was cancelled". It is the default reason of
 * `source.cancel()`, and what `token.throwIfCancelled()` throws when the reason is not already
 * a `CancellationError` or a `TimeoutError`.
 *
 * `reason` holds whatever the canceller passed (also set as the standard `cause`), so the code
 * that catches the error can tell why.
 *
 * @example
 * ```ts
 * const source = new CancellationTokenSource()
 * source.cancel('user left the page')
 * try {
 *   source.token.throwIfCancelled()
 * } catch (error) {
 *   if (error instanceof CancellationError) {
 *     error.message // 'Operation was cancelled: user left the page'
 *     error.reason // 'user left the page'
 *   }
 * }
 * ```
 */
export class CancellationError extends Error {
  /** What the canceller passed to `cancel(reason)`; `undefined` for a plain `cancel()`. */
  readonly reason: unknown

  /**
   * Creates the error. `source.cancel()` and `token.throwIfCancelled()` make one for you; make
   * your own to cancel with a message of your choosing.
   *
   * @param reason - why the operation was cancelled; its text is appended to the message
   * @param message - replaces the default `Operation was cancelled…` message
   */
  constructor(reason?: unknown, message?: string) {
    super(message ?? `Operation was cancelled${describeReason(reason)}`, reason === undefined ? undefined : { cause: reason })
    // Keeps `instanceof` working when a consumer downlevels this class to ES5.
    Object.setPrototypeOf(this, new.target.prototype)
    this.reason = reason
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'CancellationError', writable: true, configurable: true })
    Object.defineProperty(this.prototype, brand, { value: true })
  }
}

/**
 * The reason a token carries when its timeout elapses (`timeoutMs`, `cancelAfter(ms)`,
 * `CancellationToken.timeout(ms)`). `ms` is the timeout that elapsed.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock()
 * const token = CancellationToken.timeout(500, { clock })
 * clock.advance(500)
 * const reason = token.reason
 * if (reason instanceof TimeoutError) reason.message // 'Operation timed out after 500 ms'
 * ```
 */
export class TimeoutError extends Error {
  /** The timeout, in milliseconds, that elapsed. */
  readonly ms: number

  /**
   * Creates the error. A token makes one for you when its timeout elapses.
   *
   * @param ms - the timeout that elapsed, in milliseconds
   * @param message - replaces the default `Operation timed out after <ms> ms` message
   */
  constructor(ms: number, message?: string) {
    super(message ?? `Operation timed out after ${ms} ms`)
    Object.setPrototypeOf(this, new.target.prototype)
    this.ms = ms
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'TimeoutError', writable: true, configurable: true })
    Object.defineProperty(this.prototype, brand, { value: true })
  }
}

/**
 * True for a `CancellationError` or `TimeoutError` from this package (any copy of it).
 *
 * @internal
 */
export function isOwnCancellationError(value: unknown): value is CancellationError | TimeoutError {
  return typeof value === 'object' && value !== null && (value as { [brand]?: unknown })[brand] === true
}

/**
 * True when `error` means "cancelled" rather than "failed": a `CancellationError`, a
 * `TimeoutError`, or what an aborted `AbortSignal` throws (a `DOMException` named `AbortError`,
 * or `TimeoutError` for `AbortSignal.timeout()`), e.g. from `fetch`.
 *
 * @example
 * ```ts
 * try {
 *   await fetch(url, { signal: token.signal })
 * } catch (error) {
 *   if (isCancellationError(error)) return // cancelled: not a failure
 *   throw error
 * }
 * ```
 */
// The predicate names subtypes of Error, not Error itself: `error is Error` made the false branch
// `never` for a value typed Error (`if (isCancellationError(err)) return; err.message`).
export function isCancellationError(
  error: unknown,
): error is
  | CancellationError
  | TimeoutError
  | (Error & {
      /** `'AbortError'` for what an aborted signal throws, `'TimeoutError'` for `AbortSignal.timeout()`'s. */
      readonly name: 'AbortError' | 'TimeoutError'
    }) {
  if (isOwnCancellationError(error)) return true
  if (typeof error !== 'object' || error === null) return false
  const name = (error as { name?: unknown }).name
  if (name === 'AbortError') return error instanceof Error || isDomException(error)
  return name === 'TimeoutError' && isDomException(error)
}

function isDomException(value: object): boolean {
  return typeof DOMException === 'function' && value instanceof DOMException
}
