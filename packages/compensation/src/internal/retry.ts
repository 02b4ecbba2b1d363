/*
 * Retry arithmetic and option checks for steps and compensations. The policy type is core's
 * `RetryPolicy` (the policy form of `retry`), and waits are computed the same way: constant
 * `delayMs` or exponential `backoff`, shortened by jitter to `w * (1 - j * random())`.
 * Options of sagaflow's own APIs are checked whenever they are built (they are built once).
 */
import { delay, type RetryPolicy } from '@sagaflow/core'
import { internal } from './marks.js'

export const NO_RETRY: RetryPolicy = Object.freeze({ maxAttempts: 1 })

/** The wait after the `failures`-th failed attempt (1-based), jitter applied. */
export function retryDelay(policy: RetryPolicy, failures: number): number {
  const backoff = policy.backoff
  const base = backoff
    ? Math.min(backoff.maxMs ?? Infinity, backoff.initialMs * (backoff.factor ?? 2) ** (failures - 1))
    : (policy.delayMs ?? 0)
  const jitter = policy.jitter === 'full' ? 1 : policy.jitter === 'none' || policy.jitter === undefined ? 0 : policy.jitter
  if (jitter === 0 || base === 0) return base
  const r = (policy.random ?? Math.random)()
  // Out of [0, 1), the wait would be negative (no wait at all) or NaN: say so instead.
  if (!(typeof r === 'number' && r >= 0 && r < 1)) throw new TypeError(`retry policy (retry / compensationRetry of defineStep, tx.step or transaction): random() must return a number in [0, 1), it returned ${describeValue(r)}`)
  return base * (1 - jitter * r)
}

/** True when another attempt may follow the `attempt`-th failure. */
export function mayRetry(policy: RetryPolicy, error: unknown, attempt: number): boolean {
  if (attempt >= policy.maxAttempts) return false
  return policy.shouldRetry ? policy.shouldRetry(error, attempt) : true
}

/** What follows a failed attempt: another one after `delayMs`, or none, with `error` as the failure to report. */
export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false; readonly error: unknown }

/**
 * Asks `policy` what follows the `attempt`-th failure, with `error`. The policy is user code:
 * a `shouldRetry` (or `random`) that throws ends the retries with what it threw, as core's
 * `retry` does, instead of escaping from the runtime (which would cut a rollback short).
 */
export function decideRetry(policy: RetryPolicy, error: unknown, attempt: number): RetryDecision {
  try {
    return mayRetry(policy, error, attempt) ? { retry: true, delayMs: retryDelay(policy, attempt) } : { retry: false, error }
  } catch (policyError) {
    return { retry: false, error: policyError }
  }
}

/** The longest wait one `delay` takes (a timer's limit, 2^31 - 1 ms, ~24.8 days). */
const MAX_DELAY_MS = 2_147_483_647

/**
 * Waits `ms` on the saga's clock before a retry. A back-off without `maxMs` (or a long
 * `delayMs`) can pass what one `delay` takes: it waits in parts, as core's `retry` does, rather
 * than fail with `delay`'s error.
 */
export function* retryWait(ms: number): Generator<unknown, void, any> {
  for (let left = ms; left > 0; left -= MAX_DELAY_MS) yield internal(delay(Math.min(left, MAX_DELAY_MS)))
}

/** Renders a bad value for an error message: `-1 (number)`, `"x" (string)`, `{…} (object)`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'undefined':
      return 'undefined'
    case 'string':
      return `${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)} (string)`
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${String(value)} (${typeof value})`
    case 'symbol':
      return `${value.toString()} (symbol)`
    case 'function':
      return `function ${value.name === '' ? '(anonymous)' : value.name}`
    default:
      return Array.isArray(value) ? '[…] (array)' : '{…} (object)'
  }
}

export function fail(api: string, what: string, expected: string, value: unknown): never {
  throw new TypeError(`${api}: ${what} must be ${expected}, got ${describeValue(value)}`)
}

/**
 * Only the keys `known` (own enumerable keys) in the object `what` of `api`: a misspelt option
 * (`compensation` for `compensate`) would otherwise be ignored, and with it the undo it gave.
 */
export function checkKeys(api: string, what: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new TypeError(`${api}: ${what} has an unknown key ${JSON.stringify(key)}; the keys are ${known.join(', ')}`)
  }
}

/** Checks a retry policy given as option `what` of `api`. */
export function checkRetryPolicy(api: string, what: string, policy: unknown): void {
  if (policy === undefined) return
  if (policy === null || typeof policy !== 'object') fail(api, what, 'a retry policy { maxAttempts, delayMs | backoff, jitter?, shouldRetry? }', policy)
  checkKeys(api, what, policy, ['maxAttempts', 'delayMs', 'backoff', 'jitter', 'shouldRetry', 'random'])
  const { maxAttempts, delayMs, backoff, jitter, shouldRetry, random } = policy as RetryPolicy
  if (!(typeof maxAttempts === 'number' && maxAttempts >= 1 && (Number.isInteger(maxAttempts) || maxAttempts === Infinity))) {
    fail(api, `${what}.maxAttempts`, 'an integer >= 1 (or Infinity)', maxAttempts)
  }
  if (delayMs !== undefined && backoff !== undefined) {
    throw new TypeError(`${api}: ${what}.delayMs and ${what}.backoff cannot both be set; use delayMs for a constant wait or backoff for a growing one`)
  }
  if (delayMs !== undefined) checkMs(api, `${what}.delayMs`, delayMs)
  if (backoff !== undefined) {
    if (backoff === null || typeof backoff !== 'object') fail(api, `${what}.backoff`, 'an object { initialMs, factor?, maxMs? }', backoff)
    checkKeys(api, `${what}.backoff`, backoff, ['initialMs', 'factor', 'maxMs'])
    checkMs(api, `${what}.backoff.initialMs`, backoff.initialMs)
    if (backoff.factor !== undefined && !(typeof backoff.factor === 'number' && backoff.factor >= 1 && Number.isFinite(backoff.factor))) {
      fail(api, `${what}.backoff.factor`, 'a finite number >= 1', backoff.factor)
    }
    if (backoff.maxMs !== undefined && !(typeof backoff.maxMs === 'number' && backoff.maxMs >= 0)) {
      fail(api, `${what}.backoff.maxMs`, 'a number of milliseconds >= 0', backoff.maxMs)
    }
  }
  if (!(jitter === undefined || jitter === 'none' || jitter === 'full' || (typeof jitter === 'number' && jitter >= 0 && jitter <= 1))) {
    fail(api, `${what}.jitter`, "'none', 'full' or a number between 0 and 1", jitter)
  }
  if (shouldRetry !== undefined && typeof shouldRetry !== 'function') fail(api, `${what}.shouldRetry`, 'a function (error, attempt) => boolean', shouldRetry)
  if (random !== undefined && typeof random !== 'function') fail(api, `${what}.random`, 'a function returning a number in [0, 1)', random)
}

export function checkMs(api: string, what: string, value: unknown): void {
  if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) fail(api, what, 'a finite number of milliseconds >= 0', value)
}
