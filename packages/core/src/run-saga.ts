import { CancellationError, CancellationToken, systemClock, type Clock, type DisposableCancellationToken } from '@sagaflow/cancellation'
import { stdChannel } from './channel.js'
import { cancelReason, type TaskCancellationError } from './internal/cancel-reason.js'
import { check, isDevelopment } from './internal/dev.js'
import type { FullMonitor } from './internal/env.js'
import { makeEnv, noop } from './internal/env.js'
import * as is from './internal/is.js'
import { Driver, Frame, isNativeGenerator, proc } from './internal/proc.js'
import { SagaEffect } from './internal/effect.js'
import { TakeFrame } from './effects/take.js'
import { PutFrame } from './effects/put.js'
import { DelayFrame } from './effects/call.js'
import { metaOf } from './internal/saga-error.js'
import { immediately } from './internal/scheduler.js'
import { nextEffectId } from './internal/uid.js'
import { SAGA_ACTION } from './symbols.js'
import { MONITOR_CLOCK } from './internal/monitor-clock.js'
import { fail } from './resilience/options.js'
import type { EffectMiddleware, ErrorInfo, SagaMonitor, SagaReturn, Task } from './types.js'

/**
 * Options of `runSaga` (and, except `dispatch` / `getState`, of `createSagaMiddleware`). `A` is
 * what `dispatch` receives and `S` what `getState` returns (both `any` unless given, as in
 * redux-saga's `RunSagaOptions<Action, State>`).
 *
 * @example
 * ```ts
 * const options: RunSagaOptions<AppAction, AppState> = { channel, dispatch: store.dispatch, getState: store.getState }
 * runSaga(options, rootSaga)
 * ```
 */
export interface RunSagaOptions<A = any, S = any> {
  /** Where `take` reads actions from (default: a fresh `stdChannel()`). */
  channel?: any
  /** Used by `put`. */
  dispatch?: ((action: A) => any) | undefined
  /** Used by `select`. */
  getState?: (() => S) | undefined
  /** Root context, inherited by every task. */
  context?: object | undefined
  /**
   * Told about every effect the sagas run (see `SagaMonitor`); a `createTracer()` records them.
   * Hooks it lacks are filled in with no-ops on the object itself, as redux-saga does.
   */
  sagaMonitor?: SagaMonitor | undefined
  /**
   * Called once when a root task (the root saga or a spawned task) fails. Default: two
   * `console.error`s. Typed as redux-saga types it (a method taking an `Error`, so handlers
   * written for redux-saga compile), but it receives whatever the saga threw, which need not be
   * an `Error`.
   */
  onError?: OnError | undefined
  /**
   * Functions `next => effect => ...` wrapped around the runner of every effect, nested ones
   * included, the first outermost. Each may pass the effect on, pass another effect, or pass a
   * plain value that the effect then resolves with; at once or later.
   */
  effectMiddlewares?: EffectMiddleware[] | undefined
  /** Clock behind `delay`, `debounce`, `throttle`, `retry` and `timeout` (default `systemClock`). */
  clock?: Clock | undefined
  /**
   * Cancels the root task when it fires; one that already fired gives a cancelled task whose saga
   * never ran. The task's reason (`task.token.reason`) is a `CancellationError` of kind `'signal'`
   * whose `reason` (and `cause`) is what the signal fired with.
   */
  signal?: AbortSignal | CancellationToken | undefined
}

/**
 * `onError`'s type: a method's type (its parameters are bivariant, as a method's are in redux-saga's
 * `onError?(error: Error, errorInfo: ErrorInfo): void`), taken as a property so that it may also be
 * `undefined` under `exactOptionalPropertyTypes`.
 */
type OnError = { onError(error: Error, errorInfo: ErrorInfo): void }['onError']

// A plain literal, not a template: bundlers keep a template with a substitution even when only
// development code reads it (issue #7, bundle size).
const NON_GENERATOR_ERR = 'runSaga(options, saga, ...args): saga argument must be a Generator function!'

function logError(error: unknown, { sagaStack }: ErrorInfo): void {
  console.error(error)
  console.error(sagaStack)
}

function compose(middlewares: EffectMiddleware[]): EffectMiddleware {
  if (middlewares.length === 1) return middlewares[0]!
  return middlewares.reduce((a, b) => (next) => a(b(next)))
}

/** `{ value: true }`: non-enumerable, read-only, as the reference defines it. One shared object, not one per put. */
const SAGA_ACTION_DESCRIPTOR: PropertyDescriptor = Object.freeze({ value: true })

function wrapSagaDispatch(dispatch: ((action: any) => any) | undefined): (action: any) => any {
  return (action) => {
    if (isDevelopment) {
      check(
        action,
        (a) => !Object.isFrozen(a),
        "You can't put (a.k.a. dispatch from saga) frozen actions.\nWe have to define a special non-enumerable property on those actions for scheduling purposes.\nOtherwise you wouldn't be able to communicate properly between sagas & other subscribers (action ordering would become far less predictable).\nIf you are using redux and you care about this behaviour (frozen actions),\nthen you might want to switch to freezing actions in a middleware rather than in action creator.\nExample implementation:\n\nconst freezeActions = store => next => action => next(Object.freeze(action))\n",
      )
    }
    return dispatch!(Object.defineProperty(action, SAGA_ACTION, SAGA_ACTION_DESCRIPTOR))
  }
}

/**
 * Starts `saga(...args)` outside Redux (or inside any store that provides `dispatch` /
 * `getState` / a channel) and returns its Task. This signature takes redux-saga's three type
 * arguments, for code written against its types: `runSaga<DispatchedAction, State, typeof
 * saga>(options, saga, ...args)`; without type arguments, the task's result type is inferred.
 *
 * @example
 * ```ts
 * const channel = stdChannel()
 * const task = runSaga({ channel, dispatch: store.dispatch, getState: store.getState }, rootSaga)
 * store.subscribeToActions((action) => channel.put(action))
 * await task.toPromise()
 *
 * const typed = runSaga<MyAction, MyState, typeof rootSaga>({ dispatch, getState }, rootSaga)
 * ```
 *
 * @typeParam A - what `dispatch` receives
 * @typeParam S - what `getState` returns
 * @typeParam Fn - the saga function's type: its parameters type `args`, its return type the task's result
 */
export function runSaga<A, S, Fn extends (...args: any[]) => Iterator<any, any, any>>(
  options: RunSagaOptions<A, S>,
  saga: Fn,
  ...args: Parameters<Fn>
): Task<SagaReturn<ReturnType<Fn>>>
/**
 * Starts `saga(...args)` with options whose `dispatch` / `getState` are untyped; the task's
 * result is the saga's return type.
 *
 * @example
 * ```ts
 * const task = runSaga({ channel, dispatch }, loadUser, 42) // Task<User>
 * ```
 */
export function runSaga<Args extends any[], R>(
  options: RunSagaOptions,
  saga: (...args: Args) => Iterator<any, R, any>,
  ...args: Args
): Task<R>
export function runSaga(options: RunSagaOptions, saga: (...args: any[]) => Iterator<any, any, any>, ...args: any[]): Task {
  const {
    channel = stdChannel(),
    dispatch,
    getState,
    context = {},
    sagaMonitor,
    effectMiddlewares,
    onError = logError,
    clock = systemClock,
    signal,
  } = options
  if (isDevelopment) check(saga, is.func, NON_GENERATOR_ERR)
  const iterator = saga(...args)
  if (isDevelopment) check(iterator, is.iterator, NON_GENERATOR_ERR)
  // Checked before the saga starts: a bad signal must not leave a running saga behind.
  const token = signal === undefined ? undefined : signalToken(signal)
  const effectId = nextEffectId()
  let monitor: FullMonitor | undefined
  if (sagaMonitor) {
    // The reference fills missing hooks by mutating the monitor (4.12); existing monitors rely on it.
    const m = sagaMonitor as any
    m.rootSagaStarted = m.rootSagaStarted || noop
    m.effectTriggered = m.effectTriggered || noop
    m.effectResolved = m.effectResolved || noop
    m.effectRejected = m.effectRejected || noop
    m.effectCancelled = m.effectCancelled || noop
    m.actionDispatched = m.actionDispatched || noop
    monitor = m as FullMonitor
    // A tracer records times on the clock the sagas run on (internal/monitor-clock.ts).
    if (typeof m[MONITOR_CLOCK] === 'function') m[MONITOR_CLOCK](clock)
    // `sagaMonitor.<hook>(...)`, the reference's call (see Driver.digest).
    sagaMonitor.rootSagaStarted!({ effectId, saga, args })
  }
  if (isDevelopment) {
    if (is.notUndef(dispatch)) check(dispatch, is.func, 'dispatch must be a function')
    if (is.notUndef(getState)) check(getState, is.func, 'getState must be a function')
    if (is.notUndef(effectMiddlewares)) {
      const message = 'effectMiddlewares must be an array of functions'
      check(effectMiddlewares, is.array, message)
      effectMiddlewares!.forEach((mw) => check(mw, is.func, message))
    }
    check(onError, is.func, 'onError passed to the redux-saga is not a function!')
    checkClock('runSaga(options)', clock)
  }
  const env = makeEnv(
    channel,
    wrapSagaDispatch(dispatch),
    getState as () => any,
    monitor,
    // Typed with an Error (see RunSagaOptions.onError); it is given whatever was thrown.
    onError as (error: unknown, info: ErrorInfo) => void,
    effectMiddlewares && effectMiddlewares.length ? compose(effectMiddlewares) : undefined,
    clock,
  )
  // With a signal that already aborted, the saga does not start: its task is cancelled before its
  // first step, so none of its code runs (as `fetch` does nothing with an aborted signal).
  const aborted = token !== undefined && token.isCancelled
  const task = immediately(() => {
    // A generator's checks are made here, once, not in `proc`: there they would be code only the
    // root ever runs, so `proc`, optimised on forks, was thrown away when the next root started
    // (bench "fork + join": a deopt at the start of the measured run, issue #7).
    // The root's context is made on first use (TaskImpl.context), but `runSaga({ context: 42 })`
    // throws Object.create's TypeError here, as the reference does.
    Object.create(context)
    const root = proc(env, iterator, context, effectId, metaOf(saga), true, undefined, false, isNativeGenerator(iterator))
    if (aborted) {
      if (sagaMonitor) sagaMonitor.effectResolved!(effectId, root)
      linkSignal(signal!, token!, root)
      return root
    }
    // Linked before the first step: a signal that fires during the saga's synchronous start (the
    // saga's own code aborting it) cancels it there, not after it may already have finished.
    if (token !== undefined) linkSignal(signal!, token, root)
    ;(root as Driver).next()
    if (sagaMonitor) sagaMonitor.effectResolved!(effectId, root)
    return root
  })
  return task as unknown as Task
}

/** Throws a TypeError naming `api` unless `clock` is a Clock (also createSagaMiddleware's check). */
export function checkClock(api: string, clock: unknown): void {
  const isClock = !!clock && is.func((clock as Clock).setTimeout) && is.func((clock as Clock).clearTimeout) && is.func((clock as Clock).now)
  if (!isClock) fail(api, 'options.clock', 'a Clock ({ now, setTimeout, clearTimeout })', clock)
}

/** The token `signal` is followed through; a TypeError naming `api` if it is neither signal nor token. */
export function signalToken(signal: AbortSignal | CancellationToken, api = 'runSaga(options)'): CancellationToken {
  try {
    return CancellationToken.from(signal)
  } catch {
    // (Object.prototype.toString for objects: `String` throws on one without a prototype.)
    const shown = typeof signal === 'object' && signal !== null ? Object.prototype.toString.call(signal) : String(signal)
    throw new TypeError(`${api}: options.signal must be an AbortSignal or a CancellationToken, got ${shown}`)
  }
}

function linkSignal(signal: AbortSignal | CancellationToken, token: CancellationToken, task: Task): void {
  const cancel = (reason: unknown) => {
    if (task.isRunning()) {
      // Kind 'signal', carrying what the signal fired with as `reason` and `cause`.
      const error = new CancellationError(reason, `root task "${task.meta.name}" cancelled by runSaga's signal`)
      ;(task as any).cancel(Object.assign(error, { kind: 'signal' as const }) satisfies TaskCancellationError)
    }
  }
  if (token.isCancelled) return cancel(token.reason)
  const registration = token.onCancel(cancel)
  const release = () => {
    registration.dispose()
    // A token of another copy of @sagaflow/cancellation is followed through a linked token made
    // for this run alone (the only token `from` makes with a `dispose`): dispose it too, or each
    // run would leave a registration on the caller's token.
    if (token !== signal) (token as Partial<DisposableCancellationToken>).dispose?.()
  }
  task.toPromise().then(release, release)
}

/*
 * keepShapes. V8 gives objects built the same way one hidden class, and optimised code checks
 * for it; but the class lives only while an object of it does (or its constructor's first one).
 * When a saga's whole world is collected (its task, env, channel, frames, effects: a test, or a
 * benchmark's warm-up run), the next saga's objects get new hidden classes and the optimised
 * driver code is thrown away ("weak objects") and warmed up again: 20-40 ms of slow steps
 * (bench "sync call", "fork + join", issue #7). One inert object of each kind, kept here for the
 * module's lifetime, keeps the classes. None of them runs or holds user data.
 */
const shapeEnv = makeEnv(stdChannel(), noop, noop, undefined, noop, undefined, systemClock)
const shapeTask = new Driver(shapeEnv, Object.freeze({}) as Iterator<unknown>, {}, 0, { name: '' }, true, null, false)
const shapeEffect = new SagaEffect('', null, false)
/** @internal Kept alive on purpose (see keepShapes). */
export const KEPT_SHAPES: readonly unknown[] = [
  shapeTask,
  new Frame(shapeTask, 0, shapeEffect, shapeTask),
  new TakeFrame(shapeTask, 0, shapeEffect, false),
  new PutFrame(shapeTask, 0, shapeEffect, null as any),
  new DelayFrame(shapeTask, 0, shapeEffect, systemClock, true),
  cancelReason('cancel', ''),
]
