/*
 * Combinators beyond the reference's `all` / `race`: `allSettled` (never fails fast) and
 * `allLimit` (`all` with bounded concurrency). Both take effects as data, so a child that has not
 * started yet costs nothing: `allLimit` digests each effect only when a slot frees up.
 */
import { makeEffect } from '../internal/effect.js'
import type { Effect, EffectResult } from '../types.js'
import { checkCount, fail } from './options.js'
import { registerRunner } from '../effects/index.js'
import { runAllSettled } from '../effects/all-settled.js'
import { runAllLimit } from '../effects/all-limit.js'

// Registered here, not in the registry, so an app that never uses this effect does not bundle its runner.
registerRunner('ALL_SETTLED', runAllSettled)
registerRunner('ALL_LIMIT', runAllLimit)

/**
 * The outcome of one effect of `allSettled`, shaped like `Promise.allSettled`'s.
 *
 * @example
 * ```ts
 * const [outcome]: Settled<User>[] = yield* allSettled([call(fetchUser, id)])
 * if (outcome.status === 'rejected') console.error(outcome.reason)
 * else render(outcome.value)
 * ```
 */
export type Settled<T> =
  | {
      /** The effect resolved. */
      readonly status: 'fulfilled'
      /** What it resolved with. */
      readonly value: T
    }
  | {
      /** The effect failed. */
      readonly status: 'rejected'
      /** What it threw. */
      readonly reason: unknown
    }

/**
 * The effects `allSettled` and `allLimit` build; `yield*` gives `R`.
 *
 * @example
 * ```ts
 * const settled: AllSettledEffect<[Settled<User>]> = allSettled([call(fetchUser, id)])
 * const limited: AllLimitEffect<User[]> = allLimit(2, ids.map((id) => call(fetchUser, id)))
 * ```
 */
export type AllSettledEffect<R = any> = Effect<'ALL_SETTLED', any, R>
/**
 * The effect `allLimit(limit, effects)` builds; `yield*` gives the results in input order.
 *
 * @example
 * ```ts
 * const limited: AllLimitEffect<User[]> = allLimit(2, ids.map((id) => call(fetchUser, id)))
 * ```
 */
export type AllLimitEffect<R = any> = Effect<
  'ALL_LIMIT',
  {
    /** How many effects may run at once: an integer >= 1, or `Infinity`. */
    limit: number
    /** The effects to run; the results come in this order. */
    effects: readonly unknown[]
  },
  R
>

/**
 * Runs every effect in parallel and resumes, once all have settled, with one
 * `{ status: 'fulfilled', value } | { status: 'rejected', reason }` per effect, in the input's
 * shape and order (an array, or an object with its keys as written). An error does not cancel
 * the others. Like `all`, a child that terminates (a `take` that got END) or joins a cancelled
 * task ends the saga the same way.
 *
 * @example
 * ```ts
 * const [user, repos] = yield* allSettled([call(fetchUser, id), call(fetchRepos, id)])
 * if (user.status === 'fulfilled') yield* put({ type: 'USER', user: user.value })
 * const { a, b } = yield* allSettled({ a: call(f), b: call(g) })
 * ```
 */
export function allSettled<T extends readonly unknown[] | []>(
  effects: T,
): AllSettledEffect<{ -readonly [K in keyof T]: Settled<EffectResult<T[K]>> }>
export function allSettled<T extends Record<string, unknown>>(effects: T): AllSettledEffect<{ [K in keyof T]: Settled<EffectResult<T[K]>> }>
export function allSettled(effects: any): AllSettledEffect {
  if (effects === null || typeof effects !== 'object') fail('allSettled(effects)', 'effects', 'an array or an object of effects', effects)
  return makeEffect('ALL_SETTLED', effects, true)
}

/**
 * Like `all([...])`, with at most `limit` effects running at once: the first `limit` start at
 * once, the next one each time one finishes. Results come in input order. Fail fast: the first
 * error cancels the running effects, starts no more, and is thrown.
 *
 * @example
 * ```ts
 * // fetch 200 pages, 4 requests in flight at a time
 * const pages = yield* allLimit(4, ids.map((id) => call(fetchPage, id)))
 * ```
 */
export function allLimit<T extends readonly unknown[] | []>(
  limit: number,
  effects: T,
): AllLimitEffect<{ -readonly [K in keyof T]: EffectResult<T[K]> }> {
  checkCount('allLimit(limit, effects)', 'limit', limit, 1, true)
  if (!Array.isArray(effects)) fail('allLimit(limit, effects)', 'effects', 'an array of effects', effects)
  return makeEffect('ALL_LIMIT', { limit, effects }, true)
}
