/*
 * Checks and delay arithmetic shared by the resilience helpers (retry policies, supervise's
 * back-off). Option objects of sagaflow's own APIs are checked whenever they are built, not only
 * in development: they are built once, and a bad value would otherwise surface much later as a
 * strange schedule. Messages name the API, the option and the bad value.
 */

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

/** What `call` accepts as its function (its own checks then name what is wrong inside). */
export function isCallTarget(value: unknown): boolean {
  return typeof value === 'function' || Array.isArray(value) || (typeof value === 'object' && value !== null && 'fn' in value)
}

/** How a message names what `isCallTarget` accepts. */
export const CALL_TARGET = 'a function (or [context, fn], { context, fn })'

export function fail(api: string, what: string, expected: string, value: unknown): never {
  throw new TypeError(`${api}: ${what} must be ${expected}, got ${describeValue(value)}`)
}

/**
 * Only the keys `known` (own enumerable keys): a misspelt option (`delay` for `delayMs`) would
 * otherwise be ignored, and with it what it asked for. `what` names the object (`policy`,
 * `options`).
 */
export function checkKeys(api: string, what: string, value: object, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new TypeError(`${api}: ${what} has an unknown key ${JSON.stringify(key)}; the keys are ${known.join(', ')}`)
  }
}

/** An integer >= `min`, or Infinity when `allowInfinity`. */
export function checkCount(api: string, what: string, value: unknown, min: number, allowInfinity = false): void {
  const ok =
    typeof value === 'number' && value >= min && (Number.isInteger(value) || (allowInfinity && value === Infinity))
  if (!ok) fail(api, what, `an integer >= ${min}${allowInfinity ? ' (or Infinity)' : ''}`, value)
}

/** A finite number >= 0. */
export function checkMs(api: string, what: string, value: unknown): void {
  if (!(typeof value === 'number' && value >= 0 && Number.isFinite(value))) fail(api, what, 'a finite number of milliseconds >= 0', value)
}

/**
 * Exponential back-off: the n-th wait (n = 1, 2, ...) is `initialMs * factor ** (n - 1)`, capped
 * at `maxMs`.
 *
 * @example
 * ```ts
 * const backoff: Backoff = { initialMs: 100, factor: 2, maxMs: 5_000 } // 100, 200, 400, ... 5000
 * ```
 */
export interface Backoff {
  /** The first wait, in ms. */
  readonly initialMs: number
  /** Each wait is the previous one times `factor` (default 2; 1 = constant). */
  readonly factor?: number | undefined
  /** Cap on a wait, in ms (default: no cap). */
  readonly maxMs?: number | undefined
}

export function checkBackoff(api: string, backoff: unknown): void {
  if (backoff === null || typeof backoff !== 'object') fail(api, 'backoff', 'an object { initialMs, factor?, maxMs? }', backoff)
  checkKeys(api, 'backoff', backoff, ['initialMs', 'factor', 'maxMs'])
  const { initialMs, factor, maxMs } = backoff as Backoff
  checkMs(api, 'backoff.initialMs', initialMs)
  if (factor !== undefined && !(typeof factor === 'number' && factor >= 1 && Number.isFinite(factor))) {
    fail(api, 'backoff.factor', 'a finite number >= 1', factor)
  }
  if (maxMs !== undefined && !(typeof maxMs === 'number' && maxMs >= 0)) fail(api, 'backoff.maxMs', 'a number of milliseconds >= 0', maxMs)
}

/** The `n`-th wait (1-based) of `backoff`. */
export function backoffDelay(backoff: Backoff, n: number): number {
  const { initialMs, factor = 2, maxMs = Infinity } = backoff
  return Math.min(maxMs, initialMs * factor ** (n - 1))
}
