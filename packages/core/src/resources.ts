import { makeEffect } from './internal/effect.js'
import { isDevelopment } from './internal/dev.js'
import { fail } from './resilience/options.js'
import type { Effect, EffectResult } from './types.js'
import { registerRunner } from './effects/index.js'
import { runUse, runUseForksEnded } from './effects/use.js'
import { USE_FORKS_ENDED } from './internal/resource-scope.js'

// Registered here, not in the registry, so an app that never uses this effect does not bundle its runner.
registerRunner('USE', runUse)
registerRunner(USE_FORKS_ENDED, runUseForksEnded)

/**
 * The effect `use(acquire, release)` builds; `yield*` gives the resource, released when the task ends.
 *
 * @example
 * ```ts
 * const effect: UseEffect<Connection> = use(call(connect, url), (connection: Connection) => call(disconnect, connection))
 * ```
 */
export type UseEffect<R> = Effect<
  'USE',
  {
    /** What `use` runs to get the resource: an effect, a promise, an iterator, or the resource itself. */
    acquire: unknown
    /** What runs when the task ends: a function given the resource, or an effect. */
    release: unknown
  },
  R
>

/**
 * Acquires a resource and ties its release to the current task: runs `acquire` as a plain `yield`
 * would (an effect, a promise, a saga's iterator; any other value, such as a channel, is the
 * resource itself) and resumes with the resource; when the task ends in any way (return, error,
 * cancellation, END) `release(resource)` runs (a function returning a value, promise, saga or
 * effect, or an effect). Several resources are released in reverse order of acquisition, each
 * once; a failing release does not skip the others (if the body threw, its error is kept and
 * lists the release errors in `error.releaseErrors`). When the body returns while attached forks
 * still run, the releases wait until those forks have ended; a cancellation arriving during a
 * release does not cut it short.
 *
 * @example
 * ```ts
 * function* sync() {
 *   const db = yield* use(call(openDb), (conn) => call([conn, conn.close]))
 *   const ch = yield* use(fromAsyncIterable(pages()), (c) => c.close())
 *   // ... no finally needed: both are released when this task ends, ch first
 * }
 * ```
 */
// The resource's type comes from `acquire` alone: a `release` annotated with another type is an
// error, not a cast (`use(call(connect), (c: FileHandle) => ...)`).
export function use<A>(acquire: A, release: ((resource: NoInfer<EffectResult<A>>) => unknown) | Effect): UseEffect<EffectResult<A>> {
  if (isDevelopment && typeof release !== 'function' && !(!!release && (release as any)['@@redux-saga/IO'])) {
    fail('use(acquire, release)', 'release', 'a function or an effect', release)
  }
  return makeEffect('USE', { acquire, release })
}
