import { makeEffect } from '../internal/effect.js'
import { call, type CallEffect, type CallTarget, type MethodArgs, type MethodName, type MethodOf, type MethodTarget, type TargetFn } from '../io.js'
import type { Effect, SagaReturn } from '../types.js'
import { checkBackoff, checkCount, checkKeys, fail, isCallTarget, type Backoff } from './options.js'
import { registerRunner } from '../effects/index.js'
import { runSupervise } from '../effects/supervise.js'

// Registered here, not in the registry, so an app that never uses this effect does not bundle its runner.
registerRunner('SUPERVISE', runSupervise)

/**
 * Options of `supervise`.
 *
 * @example
 * ```ts
 * const options: SuperviseOptions = { restart: 'on-error', maxRestarts: 5, withinMs: 60_000, backoff: { initialMs: 1_000 } }
 * ```
 */
export interface SuperviseOptions {
  /** When to restart: `'on-error'` (the saga threw). */
  readonly restart: 'on-error'
  /** Restarts allowed within any `withinMs` window; one more crash gives up. An integer >= 0. */
  readonly maxRestarts: number
  /** The sliding window, in ms on the saga's clock (`Infinity`: restarts are counted forever). */
  readonly withinMs: number
  /**
   * Wait before each restart: the n-th restart of the current window waits
   * `initialMs * factor ** (n - 1)` (capped at `maxMs`). Default: restart at once.
   */
  readonly backoff?: Backoff | undefined
}

/**
 * The effect `supervise(saga, options, ...args)` builds; `yield*` gives the saga's return value.
 *
 * @example
 * ```ts
 * const effect: SuperviseEffect<void> = supervise(listen, { restart: 'on-error', maxRestarts: 3, withinMs: 10_000 })
 * ```
 */
export type SuperviseEffect<R = any> = Effect<
  'SUPERVISE',
  {
    /** The `call` of the supervised saga, run again at each restart. */
    effect: CallEffect<R>
    /** The restart policy, as given to `supervise`. */
    options: SuperviseOptions
  },
  R
>

const API = 'supervise(saga, options, ...args)'

/**
 * Runs `saga(...args)` (like `call`: blocking) and restarts it whenever it throws, instead of
 * letting the crash propagate and kill the root saga. A crash caused by one of the saga's forks
 * counts too (the saga's task fails with it). If the saga crashes again after `maxRestarts`
 * restarts within `withinMs` (a sliding window on the saga's clock, bounds included: a restart
 * `withinMs` ago still counts), supervision gives up and throws that last error. `backoff`
 * spaces the restarts out; without it a restart is immediate, except that after 1,000 at one
 * instant of the clock the next waits a 0 ms timer (so unbounded restarts of a saga that crashes
 * at once cannot freeze the event loop). A normal return ends supervision with the saga's return value (a saga
 * ended by END returns, as with `call`); cancelling the supervising task cancels the saga (and a
 * pending restart) as usual.
 *
 * Options are checked when the effect is created (a `TypeError` naming the option and value).
 *
 * @example
 * ```ts
 * function* root() {
 *   // a websocket listener that crashes on a bad frame is restarted, at most 5 times a minute
 *   yield* fork(function* () {
 *     yield* supervise(listenToPrices, { restart: 'on-error', maxRestarts: 5, withinMs: 60_000, backoff: { initialMs: 500 } }, url)
 *   })
 *   yield* takeEvery('ORDER', placeOrder)
 * }
 * ```
 */
export function supervise<T extends CallTarget>(
  saga: T,
  options: SuperviseOptions,
  ...args: Parameters<TargetFn<T>>
): SuperviseEffect<SagaReturn<ReturnType<TargetFn<T>>>>
/** A method by name, `[watcher, 'run']` / `{ context: watcher, fn: 'run' }`, as `call` takes it. */
export function supervise<C, K extends MethodName<C>>(
  saga: MethodTarget<C, K>,
  options: SuperviseOptions,
  ...args: MethodArgs<C, K>
): SuperviseEffect<SagaReturn<ReturnType<MethodOf<C, K>>>>
export function supervise(saga: any, options: SuperviseOptions, ...args: any[]): SuperviseEffect {
  if (!isCallTarget(saga)) fail(API, 'saga', 'a saga function (or [context, fn], { context, fn })', saga)
  if (options === null || typeof options !== 'object') fail(API, 'options', "an object { restart: 'on-error', maxRestarts, withinMs, backoff? }", options)
  checkKeys(API, 'options', options, ['restart', 'maxRestarts', 'withinMs', 'backoff'])
  const { restart, maxRestarts, withinMs, backoff } = options
  if (restart !== 'on-error') fail(API, 'options.restart', "'on-error'", restart)
  checkCount(API, 'options.maxRestarts', maxRestarts, 0, true)
  if (!(typeof withinMs === 'number' && withinMs >= 0)) fail(API, 'options.withinMs', 'a number of milliseconds >= 0 (or Infinity)', withinMs)
  if (backoff !== undefined) checkBackoff(API, backoff)
  return makeEffect('SUPERVISE', { effect: call(saga, ...args), options })
}
