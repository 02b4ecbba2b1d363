import type { Clock } from '../clock.js'
import { describeValue, isDelay } from './describe.js'

/**
 * True for an `AbortSignal`, checked by shape so that signals of another realm (an iframe,
 * jsdom) count too.
 *
 * @internal
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  if (typeof AbortSignal === 'function' && value instanceof AbortSignal) return true
  return hasShape(value, { aborted: 'boolean', addEventListener: 'function' })
}

/**
 * True for a non-null object whose properties have the given `typeof` types, read in the order
 * of `shape`, stopping at the first mismatch.
 *
 * @internal
 */
export function hasShape(value: unknown, shape: Readonly<Record<string, string>>): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.keys(shape).every((key) => typeof (value as Record<string, unknown>)[key] === shape[key])
  )
}

/**
 * Throws a `TypeError` naming `api` unless `value` is a delay in ms: not NaN, not negative
 * (`Infinity` means "never").
 *
 * @internal
 */
export function checkDelay(value: unknown, api: string): asserts value is number {
  if (!isDelay(value)) {
    throw new TypeError(`${api}: expected a non-negative number, got ${describeValue(value)} (use Infinity for no timeout)`)
  }
}

/**
 * Throws a `TypeError` naming `api` unless `value` has the three methods of a `Clock`.
 *
 * @internal
 */
export function checkClock(value: unknown, api: string): asserts value is Clock {
  if (!hasShape(value, { now: 'function', setTimeout: 'function', clearTimeout: 'function' })) {
    throw new TypeError(`${api}: expected a Clock ({ now, setTimeout, clearTimeout }), e.g. systemClock or a VirtualClock, got ${describeValue(value)}`)
  }
}

/**
 * Throws a `TypeError` naming `api` unless `options` is undefined or a plain object whose own
 * keys are all in `known`: a misspelt option (`parent` for `parents`) would otherwise be ignored, and
 * with it the link or the timeout it asked for.
 *
 * @internal
 */
export function checkOptions(options: unknown, known: readonly string[], api: string): void {
  if (options === undefined) return
  // Not a plain object: a clock passed as is (`timeout(ms, clock)`), whose keys are private.
  const proto: unknown = typeof options === 'object' && options !== null ? Object.getPrototypeOf(options) : undefined
  if (proto !== Object.prototype && proto !== null && !isOtherRealmObjectPrototype(proto)) {
    const hint = known.includes('clock') && hasShape(options, { now: 'function', setTimeout: 'function' }) ? ' (pass a clock as { clock })' : ''
    throw new TypeError(`${api}: expected an options object ({ ${known.map((key) => `${key}?`).join(', ')} }) or nothing, got ${describeValue(options)}${hint}`)
  }
  for (const key of Object.keys(options as object)) {
    if (!known.includes(key)) throw new TypeError(`${api}: unknown option ${JSON.stringify(key)}; the options are ${known.join(', ')}`)
  }
}

/** `Object.prototype` of another realm (an iframe, a `vm` context): its plain objects are options too. */
function isOtherRealmObjectPrototype(proto: unknown): boolean {
  if (typeof proto !== 'object' || proto === null || Object.getPrototypeOf(proto) !== null) return false
  const constructor = (proto as { constructor?: unknown }).constructor
  return typeof constructor === 'function' && constructor.name === 'Object'
}
