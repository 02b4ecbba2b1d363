/*
 * "Did you mean" for misspelt names (provider keys, option names): a name counts as a misspelling
 * of a known one when they differ only in case and underscores (`CALL`, `get_context`), or by at
 * most one edit (two for names longer than four letters).
 */

/** Letters only, lower-cased: `GET_CONTEXT` and `getContext` give the same key. */
const loose = (name: string): string => name.replace(/[_-]/g, '').toLowerCase()

/** Levenshtein distance of `a` and `b`, or `max + 1` as soon as it must exceed `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost)
      best = Math.min(best, current[j]!)
    }
    if (best > max) return max + 1
    previous = current
  }
  return previous[b.length]!
}

/**
 * The known name `name` most likely misspells, or undefined (also when `name` is itself known).
 *
 * @example
 * ```ts
 * closestName('cal', ['call', 'put']) // 'call'
 * closestName('CALL', ['call', 'put']) // 'call'
 * closestName('custom', ['call', 'put']) // undefined
 * ```
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  if (known.includes(name)) return undefined
  const key = loose(name)
  let found: string | undefined
  let best = Infinity
  for (const candidate of known) {
    const max = candidate.length > 4 ? 2 : 1
    const d = loose(candidate) === key ? 0 : distance(key, loose(candidate), max)
    if (d <= max && d < best) {
      best = d
      found = candidate
    }
  }
  return found
}
