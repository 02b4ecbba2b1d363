/**
 * How a transaction that did not commit ends. Each error carries a stable `name`, the
 * transaction's `transactionId` and `transaction` name, and the original error as `cause`.
 */

import { describeValue } from './internal/retry.js'

/**
 * One compensation that still failed after its retry policy (an entry of `CompensationError.failures`).
 *
 * @example
 * ```ts
 * for (const { step, error } of compensationError.failures) log.error(`could not undo ${step}`, error)
 * ```
 */
export interface CompensationFailure {
  /** The step whose undo failed. */
  readonly step: string
  /** What the last attempt threw. */
  readonly error: unknown
}

/**
 * The transaction failed (its body threw, or its task was cancelled) and every completed step was
 * undone. `cause` is the original error (or the cancellation reason) and `compensated` lists
 * the undone steps in the order they were undone (reverse order of their start).
 *
 * @example
 * ```ts
 * try {
 *   yield* transaction('book-trip', bookTripBody)
 * } catch (error) {
 *   if (error instanceof TransactionAbortedError) {
 *     error.cause // what went wrong, e.g. the hotel API's error
 *     error.compensated // ['reserve-car', 'reserve-flight']
 *   }
 * }
 * ```
 */
export class TransactionAbortedError extends Error {
  /** The id of the aborted transaction (`tx.id`). */
  readonly transactionId: string
  /** The name given to `transaction(name, ...)`. */
  readonly transaction: string
  /** The steps that were undone, in the order they were undone. */
  readonly compensated: readonly string[]
  /**
   * What made the transaction fail: the error that escaped its body, or the reason its task was
   * cancelled (from `recover`: an error saying the transaction's process stopped).
   */
  declare readonly cause: unknown

  /**
   * Made by the runtime when a rollback has undone every completed step; you construct one only
   * to fake a rolled-back transaction (in tests). The message names the transaction and the cause.
   *
   * @param options - What the error reports (a TypeError naming the field if it is not of this shape).
   * @param options.transactionId - The transaction's `tx.id`.
   * @param options.transaction - The transaction's name.
   * @param options.cause - The original error or cancellation reason (also passed to `Error` as its `cause`).
   * @param options.compensated - The undone steps in undo order; the error keeps a frozen copy.
   */
  constructor(options: { transactionId: string; transaction: string; cause: unknown; compensated: readonly string[] }) {
    checkOptions('TransactionAbortedError', options, ['compensated'])
    super(`transaction "${options.transaction}" was rolled back${describeCause(options.cause)}`, { cause: options.cause })
    Object.setPrototypeOf(this, new.target.prototype)
    this.transactionId = options.transactionId
    this.transaction = options.transaction
    this.compensated = Object.freeze([...options.compensated])
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'TransactionAbortedError', writable: true, configurable: true })
  }
}

/**
 * The transaction failed and at least one compensation still failed after its retry policy. The
 * other compensations ran anyway. `errors` holds the original cause first, then every
 * compensation failure; `failures` names the step of each.
 *
 * @example
 * ```ts
 * try {
 *   yield* transaction('book-trip', bookTripBody)
 * } catch (error) {
 *   if (error instanceof CompensationError) {
 *     error.cause // the original failure
 *     error.failures // [{ step: 'reserve-hotel', error: Error('hotel API down') }]
 *     error.compensated // the undos that did succeed, in order
 *     alertOperator(error)
 *   }
 * }
 * ```
 */
export class CompensationError extends AggregateError {
  /** The id of the transaction (`tx.id`). */
  readonly transactionId: string
  /** The name given to `transaction(name, ...)`. */
  readonly transaction: string
  /** The steps that were undone, in the order they were undone. */
  readonly compensated: readonly string[]
  /** Each compensation that failed for good, with its step. */
  readonly failures: readonly CompensationFailure[]
  /**
   * The failure that started the undo, as `TransactionAbortedError.cause` would be (for the undo
   * of a `tx.race`'s losers: the race's error, or an error saying that undo failed); also `errors[0]`.
   */
  declare readonly cause: unknown

  /**
   * Made by the runtime when a rollback (or the undo of a `tx.race`'s losers) ends with failed
   * compensations. `errors` becomes `[cause, ...failures' errors]`, and the message names every
   * failed step.
   *
   * @param options - What the error reports (a TypeError naming the field if it is not of this shape).
   * @param options.transactionId - The transaction's `tx.id`.
   * @param options.transaction - The transaction's name.
   * @param options.cause - The original failure.
   * @param options.compensated - The undos that succeeded, in undo order; the error keeps a frozen copy.
   * @param options.failures - Each compensation that failed for good, with its step; the error keeps a frozen copy.
   */
  constructor(options: {
    transactionId: string
    transaction: string
    cause: unknown
    compensated: readonly string[]
    failures: readonly CompensationFailure[]
  }) {
    checkOptions('CompensationError', options, ['compensated', 'failures'])
    const steps = options.failures.map((failure) => `"${failure.step}"`).join(', ')
    super(
      [options.cause, ...options.failures.map((failure) => failure.error)],
      `transaction "${options.transaction}" could not be fully rolled back: the compensation of ${steps} failed${describeCause(options.cause, ' after')}`,
      { cause: options.cause },
    )
    Object.setPrototypeOf(this, new.target.prototype)
    this.transactionId = options.transactionId
    this.transaction = options.transaction
    this.compensated = Object.freeze([...options.compensated])
    this.failures = Object.freeze([...options.failures])
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'CompensationError', writable: true, configurable: true })
  }
}

/**
 * The transaction failed after its pivot (the point of no return), so it could not be rolled
 * back, and the step after the pivot still failed after its retry policy. The transaction stays
 * open in the journal; `recover` retries the unfinished steps forward.
 *
 * @example
 * ```ts
 * try {
 *   yield* transaction('book-trip', bookTripBody, { journal })
 * } catch (error) {
 *   if (error instanceof TransactionStuckError) {
 *     error.step // 'issue-tickets'
 *     // later, or in a recovery worker:
 *     await recover({ journal, steps })
 *   }
 * }
 * ```
 */
export class TransactionStuckError extends Error {
  /** The id of the transaction (`tx.id`). */
  readonly transactionId: string
  /** The name given to `transaction(name, ...)`. */
  readonly transaction: string
  /** The step after the pivot that failed, if a step failed (the body may also throw on its own). */
  readonly step: string | undefined
  /** What failed after the pivot: the last error of `step`, what the body threw, or the reason its task was cancelled. */
  declare readonly cause: unknown

  /**
   * Made by the runtime (and by `recover`) when a transaction fails past its pivot. The message
   * names the transaction, the step and the cause, and says the transaction stays open.
   *
   * @param options - What the error reports (a TypeError naming the field if it is not of this shape).
   * @param options.transactionId - The transaction's `tx.id`.
   * @param options.transaction - The transaction's name.
   * @param options.cause - The error that made it stuck (also passed to `Error` as its `cause`).
   * @param options.step - The step after the pivot that failed, or undefined when the body itself threw.
   */
  constructor(options: { transactionId: string; transaction: string; cause: unknown; step: string | undefined }) {
    checkOptions('TransactionStuckError', options, ['step'])
    const where = options.step === undefined ? 'after its pivot' : `at step "${options.step}", after its pivot`
    super(
      `transaction "${options.transaction}" is stuck: it failed ${where}, so it cannot be rolled back${describeCause(options.cause)}; it stays open in the journal for recover() to finish`,
      { cause: options.cause },
    )
    Object.setPrototypeOf(this, new.target.prototype)
    this.transactionId = options.transactionId
    this.transaction = options.transaction
    this.step = options.step
  }

  static {
    Object.defineProperty(this.prototype, 'name', { value: 'TransactionStuckError', writable: true, configurable: true })
  }
}

/**
 * The options of an error's constructor (public, for tests that fake an outcome): a clear error
 * naming the bad field, rather than a TypeError from deep inside the constructor. `extra`: the
 * constructor's fields beyond `transactionId`, `transaction` and `cause`.
 */
function checkOptions(name: string, options: unknown, extra: readonly ('compensated' | 'failures' | 'step')[]): void {
  const api = `new ${name}(options)`
  const fields = ['transactionId', 'transaction', 'cause', ...extra].join(', ')
  if (options === null || typeof options !== 'object') throw new TypeError(`${api}: options must be an object { ${fields} }, got ${describeValue(options)}`)
  const given = options as Record<string, unknown>
  for (const key of ['transactionId', 'transaction'] as const) {
    if (typeof given[key] !== 'string') throw new TypeError(`${api}: options.${key} must be a string, got ${describeValue(given[key])}`)
  }
  if (extra.includes('compensated') && !(Array.isArray(given.compensated) && given.compensated.every((step) => typeof step === 'string'))) {
    throw new TypeError(`${api}: options.compensated must be an array of step names (e.g. ['reserve-hotel', 'reserve-flight']), got ${describeValue(given.compensated)}`)
  }
  if (extra.includes('failures')) {
    const failures = given.failures
    if (!Array.isArray(failures) || !failures.every((failure) => typeof failure === 'object' && failure !== null && typeof (failure as CompensationFailure).step === 'string')) {
      throw new TypeError(`${api}: options.failures must be an array of { step, error } (e.g. [{ step: 'reserve-hotel', error }]), got ${describeValue(failures)}`)
    }
  }
  if (extra.includes('step') && given.step !== undefined && typeof given.step !== 'string') {
    throw new TypeError(`${api}: options.step must be a step name or undefined, got ${describeValue(given.step)}`)
  }
}

function describeCause(cause: unknown, joiner = ''): string {
  const text = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : ''
  return text === '' ? '' : `${joiner}: ${text}`
}
