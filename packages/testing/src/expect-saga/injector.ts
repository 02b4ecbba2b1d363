/*
 * The effect middleware of an `expectSaga` run: failure injection (`failAt`, `cancelAt`) first,
 * then providers, then the real runtime; a sagaflow package's own effects go straight to the
 * runtime (internal/package-effects.ts). It only uses the public `effectMiddlewares` protocol:
 * `next(value)` settles the effect with a plain value, and `next(effect)` runs another effect in
 * its place (a `call` that throws makes the effect fail synchronously).
 */
import { call, delay, effectTypes, type EffectMiddleware, type Task } from '@sagaflow/core'
import { delayFn, isDelayFn, isEffect, isPromise } from '../internal/effects.js'
import type { EffectMatcher } from '../matchers.js'
import type { Provision } from '../providers.js'
import type { Recorder, TaskRecord } from './recorder.js'

export interface FailureInjection {
  readonly type: 'fail' | 'cancel'
  readonly matcher: EffectMatcher
  /** 1-based occurrence of a matching effect to act on. */
  readonly nth: number
  readonly error?: unknown
}

function throwing(error: unknown): unknown {
  return call(() => {
    throw error
  })
}

/** A provided value as the effect's result: effects are returned as data, not run. */
function literal(value: unknown): unknown {
  return isEffect(value) ? call(() => value) : value
}

/**
 * `delayed(ms, ...)`'s answer: a `delay` on the run's virtual clock whose value is a thenable
 * settling as provided (a `delay` adopts a thenable value, as the reference's `delay` promise
 * does; a plain value could not be `undefined`, which `delay` turns into `true`). A provided
 * promise is then awaited, an effect given as data.
 */
function after(ms: number, outcome: unknown, failed: boolean): unknown {
  const settle: PromiseLike<unknown> = {
    then(resolve: (value: unknown) => void, reject: (error: unknown) => void) {
      if (failed) reject(outcome)
      else resolve(outcome)
    },
  } as PromiseLike<unknown>
  return delay(ms, settle)
}

/**
 * `misuse(error)`: a matcher of the test (a predicate given to `provide`, `failAt` or `cancelAt`)
 * threw on an effect. That is the test's error, not the saga's: thrown from the middleware, it
 * would abort the task at that effect (beyond the saga's `catch`, and only logged in a spawned
 * task), so the run is cancelled there and `run()` rejects with it. Once it has happened, every
 * effect runs for real, so the cleanup is not stopped by the same predicate again.
 */
export function createInjector(
  recorder: Recorder,
  injections: readonly FailureInjection[],
  provide: (value: unknown) => Provision,
  requestCancel: () => boolean,
  misuse: (error: unknown) => void,
): EffectMiddleware {
  const seen = injections.map(() => 0)
  let misused = false
  return (next) => (effect) => {
    const record = recorder.lastTriggered !== undefined && recorder.lastTriggered.effect === effect ? recorder.lastTriggered : undefined
    // A package's own effect (a transaction's journal, context, timers...) is not the user's to
    // provide or fail, and does not count towards an injection's `nth`.
    if (misused || (record !== undefined && record.internal)) return next(effect)
    let fired: FailureInjection | undefined
    let provision: Provision
    try {
      // Every injection counts every effect it matches, whichever acts on it: with failAt(m, e1, 1)
      // and failAt(m, e2, 2), the second matching effect is the second one's, not the third.
      for (let i = 0; i < injections.length; i++) {
        const injection = injections[i]
        if (injection.matcher.test(effect) && ++seen[i] === injection.nth) fired ??= injection
      }
      // (A dynamic provider that throws fails the effect: `provide` catches that itself.)
      provision = fired === undefined ? provide(effect) : { status: 'next' }
    } catch (error) {
      misused = true
      misuse(error)
      // Left pending: cancelling the root saga cancels it.
      requestCancel()
      return undefined
    }
    if (fired !== undefined) {
      if (fired.type === 'fail') {
        if (record) record.injected = 'failed'
        return next(throwing(fired.error))
      }
      const owner = record && ownTask(record.task)
      const wasCancelled = owner?.isCancelled() ?? false
      const cancelledNow = requestCancel()
      // The cancellation does not reach every task: not a transaction's rollback (a package's
      // task, which a cancellation must not cut short), nor a task already cancelled and in its
      // cleanup. There the effect runs, as it would have; elsewhere (and while the root is still
      // starting, until it is cancelled) it is left pending, and the cancellation of its task
      // cancels it.
      if (cancelledNow && owner !== undefined && (wasCancelled || !owner.isCancelled())) return next(effect)
      if (record) record.injected = 'cancelled'
      return undefined
    }
    if (provision.status === 'value') {
      if (record) {
        record.injected = 'provided'
        // (A delayed promise is awaited once the virtual wait is over: not outside work before.)
        if (isPromise(provision.value) && provision.delayMs === undefined) record.providedPromise = true
      }
      if (provision.delayMs !== undefined) return next(after(provision.delayMs, provision.value, false))
      return next(literal(provision.value))
    }
    if (provision.status === 'error') {
      if (record) record.injected = 'provided-error'
      if (provision.delayMs !== undefined) return next(after(provision.delayMs, provision.error, true))
      return next(throwing(provision.error))
    }
    // redux-saga's own delay (a saga written with redux-saga/effects) waits on the virtual clock too.
    if (isForeignDelay(effect)) return next(delay(...((effect as { payload: { args: [number, unknown?] } }).payload.args)))
    return next(effect)
  }
}

/** The Task running a task record's effects: its own, or (a called saga) its caller's. */
function ownTask(task: TaskRecord | undefined): Task | undefined {
  for (let current = task; current !== undefined; current = current.parent) {
    if (current.task !== undefined) return current.task
  }
  return undefined
}

function isForeignDelay(effect: unknown): boolean {
  if (!isEffect(effect) || effect.type !== effectTypes.CALL) return false
  const fn = (effect.payload as { fn?: unknown } | undefined)?.fn
  return fn !== delayFn && isDelayFn(fn)
}
