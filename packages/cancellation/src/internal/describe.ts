/**
 * Renders a bad argument for an error message: `-1 (number)`, `"abc" (string)`, `null`,
 * `{…} (object)`, `Map {…} (object)`, `[…] (array)`, `function foo`.
 *
 * @internal
 */
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
    default: {
      if (Array.isArray(value)) return '[…] (array)'
      const proto: unknown = Object.getPrototypeOf(value)
      if (proto === null || proto === Object.prototype) return '{…} (object)'
      const name = (value as { constructor?: { name?: unknown } }).constructor?.name
      return typeof name === 'string' && name !== '' ? `${name} {…} (object)` : '{…} (object)'
    }
  }
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
