/**
 * `defineStep`: a named unit of work with its undo. Defined steps are what `recover` can replay
 * after a crash, so they live at module level and are passed to `recover({ steps })` by name.
 */
import type { Effect, RetryPolicy } from '@sagaflow/core'
import { checkKeys, checkMs, checkRetryPolicy, describeValue } from './internal/retry.js'

/**
 * What a step's function may return: a value, a promise of it, a saga (generator) returning it,
 * or an effect resolving to it.
 *
 * @example
 * ```ts
 * const a: StepReturn<number> = 1
 * const b: StepReturn<number> = Promise.resolve(1)
 * const c: StepReturn<number> = call(() => 1)
 * ```
 */
export type StepReturn<T> = T | PromiseLike<T> | Iterator<any, T, any> | Effect<string, any, T>

/**
 * The result a step function's return value resolves to: a promise is awaited, a saga's return
 * value taken, an effect's result taken.
 *
 * @example
 * ```ts
 * type A = StepResult<Promise<Flight>> // Flight
 * type B = StepResult<Generator<any, Hotel, any>> // Hotel
 * type C = StepResult<CallEffect<Car>> // Car
 * ```
 */
export type StepResult<R> =
  // An effect by its brand, not by being iterable: a string, an array, a Map or a Set is iterable
  // too, and is the step's result itself.
  R extends Iterator<any, infer T, any> ? T : R extends PromiseLike<infer P> ? Awaited<P> : R extends Effect<any, any, infer T> ? T : R

/**
 * Passed to a step's `run` (second argument) and `compensate` (third): where it runs and the
 * key to deduplicate it with.
 *
 * @example
 * ```ts
 * const charge = defineStep('charge-payment', {
 *   run: (payment: Payment, { idempotencyKey }: StepContext) => psp.charge({ ...payment, idempotencyKey }),
 * })
 * ```
 */
export interface StepContext {
  /** `tx.id` of the transaction running the step. */
  readonly transactionId: string
  /** The transaction's name. */
  readonly transaction: string
  /** The step's name. */
  readonly step: string
  /** 1 for the first attempt, 2 for the first retry, ... (of `run`, or of `compensate`). */
  readonly attempt: number
  /** `tx.idempotencyKey(step)`: the same across retries and across `recover`. */
  readonly idempotencyKey: string
  /** True when `recover` runs it (after a crash), false during the transaction itself. */
  readonly recovering: boolean
}

/**
 * The definition given to {@link defineStep}.
 *
 * @example
 * ```ts
 * const definition: StepDefinition<FlightRequest, Promise<Flight>> = {
 *   run: (req) => api.reserveFlight(req),
 *   compensate: (flight) => api.cancelFlight(flight.id),
 *   retry: { maxAttempts: 3, delayMs: 100 },
 *   timeoutMs: 5_000,
 * }
 * ```
 */
export interface StepDefinition<I, R> {
  /** Does the work. May return a value, a promise, a saga or an effect. Called again for each retry. */
  readonly run: (input: I, context: StepContext) => R
  /**
   * Undoes the work, given `run`'s result and input. May return a value, a promise, a saga or an
   * effect. Without it the step is never undone (e.g. a read).
   */
  readonly compensate?: ((result: NoInfer<StepResult<R>>, input: NoInfer<I>, context: StepContext) => unknown) | undefined
  /** Retry policy of `run` (default: one attempt). Delays run on the saga's clock. */
  readonly retry?: RetryPolicy | undefined
  /** Time limit of each attempt of `run`, in ms on the saga's clock: past it the attempt is cancelled and fails with a `TimeoutError`. */
  readonly timeoutMs?: number | undefined
  /** Retry policy of `compensate` (default: the transaction's `compensationRetry`, else one attempt). */
  readonly compensationRetry?: RetryPolicy | undefined
}

/**
 * A step made by {@link defineStep}: run it with `tx.run(step, input)`. `I` is its input, `O`
 * the result `tx.run` resolves to.
 *
 * @typeParam I - The input `tx.run(step, input)` takes, recorded in the journal and passed back to `compensate`.
 * @typeParam O - The result `tx.run` resolves to (what `run`'s return value resolves to), passed to `compensate`.
 *
 * @example
 * ```ts
 * const reserveFlight: Step<FlightRequest, Flight> = defineStep('reserve-flight', {
 *   run: (req: FlightRequest) => api.reserveFlight(req),
 *   compensate: (flight) => api.cancelFlight(flight.id),
 * })
 * ```
 */
export interface Step<I = any, O = any> {
  /** The name given to `defineStep`: identifies the step in the journal, where `recover({ steps })` looks it up. */
  readonly name: string
  /** Typed by the result too, so that a `Step<I, Flight>` is not taken for a `Step<I, PricedFlight>`. */
  readonly run: (input: I, context: StepContext) => StepReturn<O>
  /** The definition's `compensate`, called with `run`'s result and input; undefined when the step is never undone. */
  readonly compensate: ((result: O, input: I, context: StepContext) => unknown) | undefined
  /** Retry policy of `run`, as defined; undefined means one attempt. */
  readonly retry: RetryPolicy | undefined
  /** Time limit of each attempt of `run`, in ms on the saga's clock; undefined means no limit. */
  readonly timeoutMs: number | undefined
  /** Retry policy of `compensate`, as defined; undefined falls back to the transaction's (or `recover`'s) `compensationRetry`, else one attempt. */
  readonly compensationRetry: RetryPolicy | undefined
}

const STEP_BRAND = '@@sagaflow/compensation/step'

/**
 * Defines a step: `run` does the work, `compensate` undoes it. Both may be plain functions,
 * promise-returning functions, sagas (generator functions) or functions returning an effect.
 * `tx.run(step, input)` resolves to `run`'s result, typed; a `compensate` whose first parameter
 * does not accept that result is a compile error.
 *
 * The name identifies the step in the journal: it must be unique within a transaction and
 * stable across deployments (`recover` finds the definition by name).
 *
 * @example
 * ```ts
 * const reserveFlight = defineStep('reserve-flight', {
 *   run: (req: FlightRequest) => api.reserveFlight(req), // Promise<Flight>
 *   compensate: (flight, req) => api.cancelFlight(flight.id), // flight: Flight, req: FlightRequest
 *   retry: { maxAttempts: 3, backoff: { initialMs: 100 } },
 *   timeoutMs: 10_000,
 * })
 *
 * function* book(req: FlightRequest) {
 *   return yield* transaction('book', function* (tx) {
 *     const flight = yield* tx.run(reserveFlight, req) // Flight
 *     return flight
 *   })
 * }
 * ```
 */
export function defineStep<I, R>(name: string, definition: StepDefinition<I, R>): Step<I, StepResult<R>> {
  const api = `defineStep(${typeof name === 'string' && name !== '' ? JSON.stringify(name) : 'name'}, definition)`
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`${api}: the step has no name; pass a non-empty string as the first argument, e.g. defineStep('reserve-flight', { run, compensate }) (got ${describeValue(name)})`)
  }
  if (definition === null || typeof definition !== 'object') {
    throw new TypeError(`${api}: definition must be an object { run, compensate?, retry?, timeoutMs?, compensationRetry? }, got ${describeValue(definition)}`)
  }
  checkKeys(api, 'definition', definition, ['run', 'compensate', 'retry', 'timeoutMs', 'compensationRetry'])
  const { run, compensate, retry, timeoutMs, compensationRetry } = definition
  if (typeof run !== 'function') {
    throw new TypeError(`${api}: step "${name}" needs a run function (input) => result, got ${describeValue(run)}`)
  }
  if (compensate !== undefined && typeof compensate !== 'function') {
    throw new TypeError(
      `${api}: the compensate of step "${name}" is not a function (got ${describeValue(compensate)}); pass a function (result, input) => undo, or leave compensate out`,
    )
  }
  checkRetryPolicy(api, 'retry', retry)
  checkRetryPolicy(api, 'compensationRetry', compensationRetry)
  if (timeoutMs !== undefined) checkMs(api, 'timeoutMs', timeoutMs)
  const step = {
    name,
    run,
    compensate,
    retry,
    timeoutMs,
    compensationRetry,
  }
  Object.defineProperty(step, STEP_BRAND, { value: true })
  return Object.freeze(step) as unknown as Step<I, StepResult<R>>
}

/**
 * True for a step made by {@link defineStep}.
 *
 * @example
 * ```ts
 * isStep(reserveFlight) // true
 * isStep({ name: 'x', run() {} }) // false
 * ```
 */
export function isStep(value: unknown): value is Step {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[STEP_BRAND] === true
}
