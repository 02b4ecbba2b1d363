/*
 * Telling the effects sagaflow packages yield for their own bookkeeping from the user's, without
 * importing those packages. `@sagaflow/compensation` runs a transaction with sagas of its own
 * (journal appends, context reads, task wrappers, the timeout of a step's `timeoutMs`...);
 * `expectSaga` leaves those effects out of its assertions, `exactly()`, `effects`,
 * `effectsByTask`, `blocked` and the trace, so a test sees only what the user's code yielded; its
 * injector (providers, `failAt`, `cancelAt`) lets them run untouched and uncounted.
 *
 * Protocol (written down on the other side in `@sagaflow/compensation`'s `internal/marks.ts`):
 * an effect is internal when
 * - it carries the registered symbol `Symbol.for('@@sagaflow/internal')` (a non-enumerable own
 *   property: it does not change deep equality), or
 * - it is a call, fork, spawn or cps of a function carrying that symbol, or
 * - it is a `getContext` / `setContext` of keys that all start with `'@@sagaflow/compensation/'`, or
 * - it is a `join` of tasks that internal forks or spawns started.
 * The user's effects are never marked, wherever they run (in a step's `run` or `compensate`, in
 * the transaction body, or yielded by the package itself as a step's operation).
 */
import { effectTypes, type Effect } from '@sagaflow/core'
import { isEffect, isTask } from './effects.js'

/** The mark of what a sagaflow package yields for itself. */
export const INTERNAL = Symbol.for('@@sagaflow/internal')

/** Saga-context keys of `@sagaflow/compensation` (its transaction observer's key included). */
export const COMPENSATION_CONTEXT_PREFIX = '@@sagaflow/compensation/'

function marked(value: unknown): boolean {
  return (typeof value === 'function' || (typeof value === 'object' && value !== null)) && (value as Record<symbol, unknown>)[INTERNAL] === true
}

const isPackageKey = (key: unknown): boolean => typeof key === 'string' && key.startsWith(COMPENSATION_CONTEXT_PREFIX)

/**
 * Whether `effect` is a package's own (see the module comment). `internalTasks` holds the tasks
 * internal forks and spawns started; the caller adds them (effects are classified in order).
 */
export function isInternalEffect(effect: unknown, internalTasks: WeakSet<object>): boolean {
  if (!isEffect(effect)) return false
  if (marked(effect)) return true
  const payload = (effect as Effect).payload as any
  switch ((effect as Effect).type) {
    case effectTypes.CALL:
    case effectTypes.FORK:
    case effectTypes.CPS:
      return !!payload && marked(payload.fn)
    case effectTypes.GET_CONTEXT:
      return isPackageKey(payload)
    case effectTypes.SET_CONTEXT: {
      const keys = payload && typeof payload === 'object' ? Object.keys(payload) : []
      return keys.length > 0 && keys.every(isPackageKey)
    }
    case effectTypes.JOIN: {
      const tasks: unknown[] = Array.isArray(payload) ? payload : [payload]
      return tasks.length > 0 && tasks.every((task) => isTask(task) && internalTasks.has(task))
    }
    default:
      return false
  }
}
