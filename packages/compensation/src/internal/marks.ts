/*
 * Marks on what this package yields for its own bookkeeping, so tools can tell those effects
 * from the user's (`@sagaflow/testing`'s `expectSaga` leaves them out of its assertions,
 * `exactly()`, `effects`, `effectsByTask` and traces) without importing this package.
 *
 * Protocol (the testing package reads it in its `internal/package-effects.ts`):
 * - Every effect this package builds for itself and yields (journal appends, context reads and
 *   writes, the calls that start its own tasks and the transaction body, the `timeout` of a
 *   step's `timeoutMs`, retry waits, spawns and joins of its uninterruptible regions,
 *   `cancellationToken()`) carries the registered symbol `Symbol.for('@@sagaflow/internal')` as a
 *   non-enumerable own property set to `true`, so it still deep-equals redux-saga's plain effect
 *   objects.
 * - Every function it passes to `call` / `spawn` for itself (the `named(...)` task wrappers,
 *   `appendRecord`, `readRecords`) carries the same symbol: a call, fork, spawn or cps of it is
 *   internal even when the effect itself is not marked (as in `recover`).
 * - Its saga-context keys all start with `'@@sagaflow/compensation/'`: a `getContext` /
 *   `setContext` of such keys only is internal. A `join` of a task an internal spawn started is too.
 * - The `call` of a user's function (a step's `run`, a `compensate`) is internal only when it just
 *   starts the user's code: a saga, or a function returning the effect to run (see `invoke`).
 *   A call of a plain or async function is the step's work and stays the user's.
 * Effects of the user (inside a step's `run` / `compensate`, inside the body, an effect passed
 * as a step's operation such as `tx.step('notify', call(sendMail, email))`) are never marked.
 */

/** The mark, a registered symbol so that another copy of this package (or a tool) finds the same one. */
export const INTERNAL = Symbol.for('@@sagaflow/internal')

/** Marks a function this package calls or spawns for itself; returns it. */
export function internalFn<F extends (...args: any[]) => any>(fn: F): F {
  Object.defineProperty(fn, INTERNAL, { value: true })
  return fn
}

/** Marks an effect this package yields for itself (non-enumerable); returns it. */
export function internal<E>(effect: E): E {
  if (typeof effect === 'object' && effect !== null && Object.isExtensible(effect)) Object.defineProperty(effect, INTERNAL, { value: true })
  return effect
}

/** True for a generator function (a saga: its own effects are what it does). */
export function isGeneratorFunction(fn: unknown): boolean {
  const tag = typeof fn === 'function' ? Object.prototype.toString.call(fn) : ''
  return tag === '[object GeneratorFunction]' || tag === '[object AsyncGeneratorFunction]'
}
