import type { Clock } from '@sagaflow/cancellation'
import { delayMs, runDelay, delayP } from '../internal/delay.js'
import { invoke } from '../internal/invoke.js'
import * as is from '../internal/is.js'
import type { Env } from '../internal/env.js'
import { Frame } from '../internal/frame.js'
import { proc, type Cancellable, type Disposer, type Driver } from '../internal/proc.js'
import { crashRecord } from '../internal/saga-error.js'
import { CANCEL } from '../symbols.js'
import type { CallPayload } from '../io.js'
import { currentEffectId, nextEffectId } from '../internal/uid.js'
import type { Runner } from './runner.js'

/** `Frame.prototype.settle`, read once. */
const SETTLE = Frame.prototype.settle

/**
 * Waits for a promise (or thenable); its `[CANCEL]` method is the disposer. The two callbacks
 * are bound functions (48 B each, no closure context: bench "promise call", issue #7). The
 * fulfilment one is `settle` itself, given what the thenable passes, as the reference passes it
 * to its effect callback (a thenable that calls it with `(value, true)` fails the effect there too).
 */
export function resolvePromise(promise: PromiseLike<unknown>, frame: Frame): Disposer | undefined {
  const cancelPromise = (promise as any)[CANCEL]
  promise.then(SETTLE.bind(frame), failWith.bind(frame))
  return is.func(cancelPromise) ? userCancel(cancelPromise) : undefined
}

/**
 * The disposer of a user's cancel callback (a promise's `[CANCEL]`, a cps `callback.cancel`).
 * The reference stores it on its effect callback and runs it as `currCb.cancel()`: without
 * arguments, `this` being that callback (a function), and a cps `cancel` that is truthy but not a
 * function throws "currCb.cancel is not a function" there, when the effect is cancelled (fuzzer
 * round 8). Only effects whose user code set a cancel get here (delay has its own timer).
 */
export function userCancel(cancel: unknown): () => void {
  // Called as `this()` by the cancel, it does nothing, as the reference's settled callback.
  const currCb = function currCb() {} as unknown as { cancel: () => void }
  currCb.cancel = cancel as () => void
  return () => currCb.cancel()
}

function failWith(this: Frame, error: unknown): void {
  this.settle(error, true)
}

/** What a called function returned: a promise is awaited, an iterator runs as a sub-task, anything else is the result. */
export function settleCallResult(driver: Driver, frame: Frame, result: unknown, fn: unknown): void {
  const promise = is.promise(result)
  if (promise || is.iterator(result)) awaitCallResult(driver, frame, result, fn, promise)
  else frame.settle(result)
}

/**
 * What a called function returned when it is a promise (`promise` true) or an iterator: the
 * caller has read its `then` once, as the reference's runCallEffect does, and the `then` call
 * here reads it the second time (a getter sees the reference's two reads, not three).
 */
export function awaitCallResult(driver: Driver, frame: Frame, result: unknown, fn: unknown, promise: boolean): void {
  if (promise) frame.setDisposer(resolvePromise(result as PromiseLike<unknown>, frame))
  // The sub-task's parent effect id is the global counter now, as in the reference (see all.ts).
  else proc(driver.env, result as Iterator<unknown>, driver, currentEffectId(), fn as (...args: any[]) => any, false, frame)
}

/** `call(fn, ...args)`: invokes `fn` synchronously; sync throws are thrown into the saga (#152). */
export const runCall: Runner<CallPayload> = (env, { context, fn, args }, frame, driver) => {
  try {
    if (fn === delayP) return runDelayEffect(env.clock, args, frame)
    settleCallResult(driver, frame, invoke(fn, context, args), fn)
  } catch (error) {
    frame.settle(error, true)
  }
}

const resolved = Promise.resolve()

/*
 * `delay(ms, value)` in a saga: a timer on the saga's clock, without the promise `delayP` builds
 * (its executor, resolvers, `[CANCEL]` closure and `then` reaction were ~700 B per blocked task:
 * bench "fork 100k on delay", issue #7). Timing is the reference's: there the timer callback
 * resolves the promise and the saga resumes in the promise reaction job this enqueues; here the
 * callback enqueues that one job itself (`resolved.then`), also a promise job, so fake timers
 * (which never fake promise jobs) see the same order. A value that is an object or a function may
 * be a thenable, which `resolve` would adopt: it keeps the promise path.
 */
function runDelayEffect(clock: Clock, args: readonly unknown[], frame: Frame): Disposer | undefined {
  const value = delayValue(args)
  if (mayBeThenable(value)) return resolvePromise(runDelay(clock, args), frame)
  const ms = delayMs(args[0] as number)
  const timer = new DelayTimer(clock, frame, value)
  timer.handle = clock.setTimeout(timer.fire.bind(timer), ms)
  return timer
}

function delayValue(args: readonly unknown[]): unknown {
  return args.length > 1 && args[1] !== undefined ? args[1] : true
}

function mayBeThenable(value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || typeof value === 'function'
}

/**
 * A top-level `delay` without monitor or effect middleware: the frame also owns the timer (no
 * DelayTimer: bench "fork 100k on delay", "cancel latency", issue #7). Cancelling the frame
 * clears the timer; the timing is runDelayEffect's.
 */
export class DelayFrame extends Frame {
  private handle: unknown = undefined
  constructor(
    driver: Driver,
    id: number,
    effect: unknown,
    private readonly clock: Clock,
    private readonly value: unknown,
  ) {
    super(driver, id, crashRecord(effect), driver)
  }
  start(ms: number): void {
    this.handle = this.clock.setTimeout(this.fire.bind(this), ms)
  }
  fire(): void {
    resolved.then(() => this.settle(this.value))
  }
  override cancel(reason?: unknown): void {
    if (!this.settled) this.clock.clearTimeout(this.handle)
    super.cancel(reason)
  }
}

/**
 * The driver's fast path for a top-level `delay(ms, value)` (no monitor, no effect middleware).
 * Returns false, having done nothing, for a value that may be a thenable (the general path
 * keeps the promise that adopts it).
 */
export function startDelay(driver: Driver, env: Env, effect: { payload: CallPayload }): boolean {
  const args = effect.payload.args
  const value = delayValue(args)
  if (mayBeThenable(value)) return false
  const frame = new DelayFrame(driver, nextEffectId(), effect, env.clock, value)
  driver.frame = frame
  try {
    frame.start(delayMs(args[0] as number))
  } catch (error) {
    frame.settle(error, true)
  }
  return true
}

/** A running `delay`: its timer and the frame it settles. The frame's disposer clears the timer. */
class DelayTimer implements Cancellable {
  handle: unknown = undefined
  constructor(
    private readonly clock: Clock,
    private readonly frame: Frame,
    private readonly value: unknown,
  ) {}
  fire(): void {
    resolved.then(() => this.frame.settle(this.value))
  }
  cancel(): void {
    this.clock.clearTimeout(this.handle)
  }
}
