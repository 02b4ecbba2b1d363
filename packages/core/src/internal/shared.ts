/*
 * One object per process for what effects carry inside them, and for the markers one copy's
 * runtime reads on another copy's objects. A process can load two copies of
 * @sagaflow/core: its ESM build (an `import`) and its CommonJS build (a `require` from a CommonJS
 * dependency, e.g. a saga library or redux-saga-test-plan with `redux-saga` aliased to sagaflow).
 * `delay(ms)` is `call(delayP, ms)` and `takeEvery(...)` is `fork(takeEveryHelper, ...)`: were
 * `delayP` and the helpers one function per copy, effects made by one copy would not deep-equal
 * the other's (a test comparing them fails), and a runtime would not recognise the other copy's
 * `delay` (it would run on the system clock, not the saga's VirtualClock).
 */

/**
 * The version of what is shared: copies of different releases share the first-loaded copy's
 * functions and markers while this number is the same. Bump it when a shared function's behaviour
 * or a shared marker's meaning changes, so that such releases keep their own.
 */
const SHARED_VERSION = 1

/**
 * `local`, unless a copy of this package loaded earlier registered one under `name`: then that
 * one. The registry is `globalThis`, keyed by `Symbol.for` (the same symbol for every copy in the
 * realm).
 */
export function shared<T extends object>(name: string, local: T): T {
  const registry = globalThis as unknown as Record<symbol, T | undefined>
  const key = Symbol.for(`@sagaflow/core@${SHARED_VERSION}/${name}`)
  return (registry[key] ??= local)
}
