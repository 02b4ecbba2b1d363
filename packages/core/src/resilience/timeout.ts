import { makeEffect } from '../internal/effect.js'
import * as is from '../internal/is.js'
import type { Effect, EffectResult } from '../types.js'
import { checkMs, fail } from './options.js'
import { registerRunner } from '../effects/index.js'
import { runTimeout } from '../effects/timeout.js'

// Registered here, not in the registry, so an app that never uses this effect does not bundle its runner.
registerRunner('TIMEOUT', runTimeout)

/**
 * The effect `timeout(ms, effect)` builds; `yield*` gives `R`, the wrapped effect's result.
 *
 * @example
 * ```ts
 * const effect: TimeoutEffect<User> = timeout(5_000, call(fetchUser, id))
 * ```
 */
export type TimeoutEffect<R = any> = Effect<'TIMEOUT', TimeoutPayload, R>

/**
 * The payload of a `timeout` effect. `message`, when set on an effect already built, is the
 * message of the `TimeoutError` it throws (default: TimeoutError's own); @sagaflow/compensation
 * sets it for a step's `timeoutMs` (`step "name" timed out after 50 ms`).
 *
 * @example
 * ```ts
 * const effect = timeout(5_000, call(fetchUser, id))
 * effect.payload.ms // 5000
 * ```
 */
export interface TimeoutPayload {
  /** The time limit, in milliseconds on the saga's clock. */
  ms: number
  /** What runs under the limit: an effect, an iterator or a promise. */
  effect: unknown
  /** When set, the message of the `TimeoutError` thrown instead of its default one. */
  message?: string | undefined
}

/**
 * Runs `effect` with a time limit on the saga's clock: resumes with its result if it settles
 * within `ms`, otherwise cancels it and throws a `TimeoutError` (from `@sagaflow/cancellation`,
 * with `ms` set). `effect` is any effect (or a generator, or a promise).
 *
 * Cancelling a `call` of a saga cancels that sub-task: its `finally` runs and its `signal` /
 * `token` fire with a reason whose `kind` is `'timeout'`. The timeout does not wait for that
 * cleanup (like `race`); the effect's own outcome (an error, END) passes through unchanged.
 *
 * @example
 * ```ts
 * function* loadUser(id: string) {
 *   const signal = yield* abortSignal()          // aborted when the timeout cancels this saga
 *   return yield* call(fetchJson, `/users/${id}`, { signal })
 * }
 * try {
 *   const user = yield* timeout(5_000, call(loadUser, id))
 * } catch (error) {
 *   if (error instanceof TimeoutError) yield* put({ type: 'USER_TIMEOUT', ms: error.ms })
 *   else throw error
 * }
 * ```
 */
// Typed as what the runtime accepts: an effect (or any plain-data effect), an iterator, a promise.
export function timeout<
  E extends
    | Effect<string, any, any>
    | {
        /** The effect mark: any plain-data effect is accepted, also one another copy of the runtime built. */
        readonly '@@redux-saga/IO': true
      }
    | Iterator<any, any, any>
    | PromiseLike<any>,
>(
  ms: number,
  effect: E,
): TimeoutEffect<EffectResult<E>> {
  checkMs('timeout(ms, effect)', 'ms', ms)
  // What it times must be running work: a plain value (or a function not yet called) would
  // "finish" at once, and the time limit would never apply.
  if (!(is.effect(effect) || is.iterator(effect) || is.promise(effect))) {
    const hint = typeof effect === 'function' ? ' (to call a function, pass call(fn, ...args))' : ''
    fail('timeout(ms, effect)', 'effect', `an effect, a generator or a promise${hint}`, effect)
  }
  return makeEffect('TIMEOUT', { ms, effect }, true)
}
