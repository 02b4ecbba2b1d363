/**
 * Renders a bad argument for an error message: `-1 (number)`, `"abc" (string)`, `null`,
 * `{…} (object)`, `Map {…} (object)`, `[…] (array)`, `function foo`.
 *
 * @internal
 */
export function describeValue(value: unknown): string {
  const type = typeof value
  if (value === null || type === 'undefined') return String(value)
  if (type === 'string') {
    const text = value as string
    return `${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)} (string)`
  }
  if (type === 'function') {
    const name = (value as Function).name
    return `function ${name === '' ? '(anonymous)' : name}`
  }
  // A number, boolean, bigint or symbol (`String` also renders a symbol, where `${}` throws).
  if (type !== 'object') return `${String(value)} (${type})`
  if (Array.isArray(value)) return '[…] (array)'
  const proto: unknown = Object.getPrototypeOf(value)
  const name = proto === null || proto === Object.prototype ? '' : (value as { constructor?: { name?: unknown } }).constructor?.name
  return `${typeof name === 'string' && name !== '' ? `${name} ` : ''}{…} (object)`
}

/**
 * True for a number that can serve as a delay: not NaN, not negative (`Infinity` is allowed and
 * means "never").
 *
 * @internal
 */
export function isDelay(value: unknown): value is number {
  return typeof value === 'number' && value >= 0
}
