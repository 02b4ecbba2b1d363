/*
 * Structural equality with the rules test runners use for `toEqual` (so an assertion that passes
 * here passes there): own enumerable keys (string and symbol), properties whose value is
 * `undefined` count as absent, prototypes are not compared but `Object.prototype.toString` tags
 * are, and cycles are handled. Beyond that:
 * - Tasks compare by identity (a task is a live object, not data);
 * - redux-saga's `delayP` equals sagaflow's: `delay(ms)` from either library is the same effect;
 * - an asymmetric matcher on the expected side (`expect.any(String)`, `expect.objectContaining`)
 *   is asked, so `put({ type: 'SAVED', id: expect.any(String) })` works in assertions.
 */
import { isDelayFn, isEffect, isTask } from './effects.js'

interface AsymmetricMatcher {
  asymmetricMatch(other: unknown): boolean
}

export function isAsymmetricMatcher(value: unknown): value is AsymmetricMatcher {
  return !!value && typeof value === 'object' && typeof (value as AsymmetricMatcher).asymmetricMatch === 'function'
}

const tagOf = (value: unknown): string => Object.prototype.toString.call(value)

function ownKeys(value: object): PropertyKey[] {
  const keys: PropertyKey[] = Object.keys(value)
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (Object.prototype.propertyIsEnumerable.call(value, symbol)) keys.push(symbol)
  }
  return keys.filter((key) => (value as any)[key] !== undefined)
}

/** True when `actual` and `expected` are structurally equal (see the module comment). */
export function deepEqual(actual: unknown, expected: unknown): boolean {
  return equals(actual, expected, [])
}

function equals(a: any, b: any, seen: [unknown, unknown][]): boolean {
  if (isAsymmetricMatcher(b)) return b.asymmetricMatch(a)
  if (isAsymmetricMatcher(a)) return a.asymmetricMatch(b)
  if (Object.is(a, b)) return true
  if (typeof a === 'function') return typeof b === 'function' && isDelayFn(a) && isDelayFn(b)
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (isTask(a) || isTask(b)) return false
  if (tagOf(a) !== tagOf(b)) return false
  for (const [x, y] of seen) if (x === a && y === b) return true
  seen.push([a, b])
  try {
    if (a instanceof Date) return Object.is(a.getTime(), b.getTime())
    if (a instanceof RegExp) return a.source === b.source && a.flags === b.flags
    if (a instanceof Error && (a.name !== b.name || a.message !== b.message)) return false
    if (Array.isArray(a)) {
      if (a.length !== b.length) return false
      for (let i = 0; i < a.length; i++) if (!equals(a[i], b[i], seen)) return false
      return true
    }
    if (a instanceof Map) {
      if (a.size !== b.size) return false
      for (const [key, value] of a) if (!b.has(key) || !equals(value, b.get(key), seen)) return false
      return true
    }
    if (a instanceof Set) {
      if (a.size !== b.size) return false
      for (const value of a) if (!b.has(value) && ![...b].some((other) => equals(value, other, seen))) return false
      return true
    }
    const keysA = ownKeys(a)
    const keysB = ownKeys(b)
    if (keysA.length !== keysB.length) return false
    for (const key of keysA) {
      if (!Object.prototype.hasOwnProperty.call(b, key) || !equals(a[key], b[key], seen)) return false
    }
    return true
  } finally {
    seen.pop()
  }
}

/**
 * Where `actual` first differs from `expected`, as a path (`payload.fn`, `payload.args[1]`; `''`
 * for the values themselves), or undefined when they are equal: what a failure message adds
 * when both sides print the same (another function of the same name, another task).
 */
export function firstDifference(actual: unknown, expected: unknown, path = '', visiting = new Map<object, Set<unknown>>()): string | undefined {
  if (deepEqual(actual, expected)) return undefined
  const a = actual as any
  const b = expected as any
  // A pair already being compared further up (an action that refers to itself): its difference,
  // if any, is found along another key, not by following the cycle forever.
  if (typeof a === 'object' && a !== null) {
    const against = visiting.get(a) ?? new Set<unknown>()
    if (against.has(b)) return undefined
    visiting.set(a, against.add(b))
  }
  // Only into data (arrays, plain objects, effects): a task, a channel or a buffer differs as a whole.
  const live = (value: any): boolean => isTask(value) || typeof value.take === 'function' || typeof value.put === 'function'
  const data = (value: unknown): boolean => (isPlainObject(value) && !live(value)) || isEffect(value)
  if (Array.isArray(a) ? Array.isArray(b) && a.length === b.length : data(a) && data(b) && !isAsymmetricMatcher(b)) {
    const keys = Array.isArray(a) ? a.map((_, index) => index) : [...new Set([...ownKeys(a), ...ownKeys(b)])]
    for (const key of keys) {
      const step = typeof key === 'number' ? `[${key}]` : typeof key === 'symbol' ? `[${String(key)}]` : path === '' ? key : `.${key}`
      const inner = firstDifference(a[key], b[key], path + step, visiting)
      if (inner !== undefined) return inner
    }
  }
  return path
}

function isPlainObject(value: unknown): value is Record<PropertyKey, unknown> {
  if (!value || typeof value !== 'object') return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * Partial matching for `.like(...)`, redux-saga-test-plan's rule (lodash `isMatch`): every key of
 * a plain `expected` object must match the same key of `actual` (recursively, so
 * `{ action: { type: 'X' } }` ignores the action's other fields); every element of an `expected`
 * array must match a different element of `actual`, in any order, and `actual` may have more
 * (`args: [reservation]` matches `call(reserve, reservation, token)`), whenever such a pairing
 * exists (see everyMatchesADifferentElement); anything else must be `deepEqual`.
 */
export function matchesPartially(actual: unknown, expected: unknown): boolean {
  if (isAsymmetricMatcher(expected)) return expected.asymmetricMatch(actual)
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length < expected.length) return false
    return everyMatchesADifferentElement(actual, expected)
  }
  if (isPlainObject(expected)) {
    if (!actual || typeof actual !== 'object') return false
    return ownKeys(expected).every((key) => matchesPartially((actual as any)[key], (expected as any)[key]))
  }
  return deepEqual(actual, expected)
}

/**
 * True when each element of `expected` can be paired with a different element of `actual` that it
 * matches partially: a maximum bipartite matching (augmenting paths), so an expected element that
 * matches several is not stuck on the first one when another expected element needs it (lodash's
 * `isMatch`, which redux-saga-test-plan uses, pairs greedily and misses such pairings: every
 * assertion it accepts is accepted here too).
 */
function everyMatchesADifferentElement(actual: readonly unknown[], expected: readonly unknown[]): boolean {
  const fits = new Map<number, boolean>()
  const matches = (a: number, e: number): boolean => {
    const key = e * actual.length + a
    let fit = fits.get(key)
    if (fit === undefined) fits.set(key, (fit = matchesPartially(actual[a], expected[e])))
    return fit
  }
  const owner = new Array<number>(actual.length).fill(-1)
  const place = (e: number, visited: boolean[]): boolean => {
    for (let a = 0; a < actual.length; a++) {
      if (visited[a] || !matches(a, e)) continue
      visited[a] = true
      if (owner[a] === -1 || place(owner[a]!, visited)) {
        owner[a] = e
        return true
      }
    }
    return false
  }
  for (let e = 0; e < expected.length; e++) {
    if (!place(e, new Array<boolean>(actual.length).fill(false))) return false
  }
  return true
}

/**
 * What `throws(expected)` accepts (testSaga and expectSaga alike): an Error class (or any class)
 * matches by `instanceof`, another function is a predicate, any other value is compared deeply.
 */
export function errorMatches(error: unknown, expected: unknown): boolean {
  if (typeof expected === 'function') {
    const fn = expected as (...args: any[]) => any
    const isClass = fn === Error || fn.prototype instanceof Error || /^class[\s{]/.test(Function.prototype.toString.call(fn))
    return isClass ? error instanceof fn : !!fn(error)
  }
  return deepEqual(error, expected)
}

/**
 * Checks a `throws(expected)` argument when the assertion is built. Any value is a valid
 * expectation, but `undefined` is almost always a misspelt import (`throws(errors.NotFoundEror)`),
 * which would then expect `throw undefined`.
 */
export function checkThrowsExpectation(api: string, expected: unknown): unknown {
  if (expected === undefined) {
    throw new TypeError(
      `${api}: expected is undefined (a misspelt import?); pass an error class, a predicate (error) => boolean, or the value thrown (for \`throw undefined\`, the predicate (error) => error === undefined)`,
    )
  }
  return expected
}
