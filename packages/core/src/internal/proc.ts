/*
 * The driver loop: runs one generator, digesting each yielded value as an effect (reference 2
 * and 3.2).
 *
 * Protocol
 * - Every yielded value gets a fresh effect id and a Frame. The Frame is the single settle-once
 *   guard: a runner settles it with `frame.settle(value, isErr)`; a runner returns a disposer
 *   (or sets one later with `frame.setDisposer`) that runs if the effect is cancelled first.
 *   Settling after cancellation, or twice, is ignored.
 * - A Frame reports to its Continuation (the driver for top-level effects, a slot of `all` /
 *   `race` for their children). The Continuation knows its current Frame before the effect
 *   runs, so a cancellation arriving while the runner is still running reaches it.
 * - Synchronous results are trampolined: a settle arriving while the effect is still being
 *   digested, at the same scheduler depth (or deeper, when the digest itself started inside a
 *   lock), is stored and the loop continues instead of recursing. A settle at a deeper depth
 *   when the digest started at depth 0 (put's `asap`, fork's `immediately`) resumes recursively,
 *   inside the lock, which keeps the put ordering of reference 3.1.
 * - Fast paths: with no monitor and no effect middleware, a `call` (or `select`, or a plain
 *   value) that completes synchronously, a `fork`, and a `join` of an ended task resume without
 *   allocating a Frame; a `take` on a multicast channel, a `put` and a `delay` get a Frame
 *   subclass that is also their registration, job or timer (effects/take.ts, put.ts, call.ts);
 *   other effects go straight to their runner.
 */
import { effectTypes } from '../effect-types.js'
import { Frame, type Continuation } from './frame.js'
import { IO, RELEASING, TASK_CANCEL, TERMINATE } from '../symbols.js'
import type { TaskMeta } from '../types.js'
import { cancelReason } from './cancel-reason.js'
import { delayP } from './delay.js'
import type { Env } from './env.js'
import * as is from './is.js'
import { setCrashedEffect, clearSagaStack } from './saga-error.js'
import { asap, semaphore } from './scheduler.js'
import { ABORTED, CANCELLED, DONE, ENDED, NATIVE, RUNNING, TaskImpl, wasCancelled } from './task.js'
import { effectIds, nextEffectId } from './uid.js'
import { FUNCTION_CALL, invoke } from './invoke.js'
import { runnerFor } from '../effects/index.js'
import { awaitCallResult, resolvePromise, settleCallResult, startDelay } from '../effects/call.js'
import { cancelTask } from '../effects/cancel.js'
import { startFork } from '../effects/fork.js'
import { PutFrame } from '../effects/put.js'
import { registerTaker, TakeFrame } from '../effects/take.js'
import { TAKERS, type Takers } from '../channel.js'

export { Frame, type Cancellable, type Continuation, type Disposer } from './frame.js'

/*
 * Nesting bound (CONTRACT §1.10: `call` nested 10,000 deep; stack-safety.test.ts). Starting a
 * sub-task, or resuming a parent when its sub-task ends, runs that driver inside the current
 * one's stack. Past MAX_NESTING nested driver activations the activation is queued instead, and
 * the queue is drained, in order, once the stack has unwound to the outermost activation: a
 * trampoline that bounds the depth. One activation level can cost ~20 frames (a parent resumed
 * through all() and race() slots, with effect middlewares), so the bound is low; the reference
 * itself overflows between 500 and 1,000 such levels. Below the bound nothing is queued, so
 * ordering stays the reference's for all but pathologically deep programs. A queued resume
 * is dropped if its driver moved on meanwhile (its generator ended, or it was stepped by a
 * cancellation); a queued cancellation always runs unless the generator ended.
 */
const MAX_NESTING = 200
let nesting = 0
let draining = false
interface PendingStep {
  driver: Driver
  arg: unknown
  isErr: boolean
  steps: number
}
let pending: PendingStep[] = []
let pendingHead = 0

function drainPending(): void {
  draining = true
  try {
    while (pendingHead < pending.length) {
      const step = pending[pendingHead]!
      pending[pendingHead++] = undefined as unknown as PendingStep
      step.driver.runPending(step)
    }
  } finally {
    draining = false
    if (pendingHead >= pending.length) {
      pending = []
      pendingHead = 0
    }
  }
}

// The effect types the driver tests on every step, as module constants (a read of the frozen
// `effectTypes` is a property load per test until the JIT folds it: bench "put -> take", cold path).
const { CALL, CANCEL, FORK, JOIN, PUT, SELECT, TAKE } = effectTypes

/** What Driver's constructor stores in `iterator` before the iterator (see markAny there). */
const ANY_ITERATOR = Object.freeze({}) as unknown as Iterator<unknown, unknown, unknown>

const SYNC_NONE = 0
const SYNC_OK = 1
const SYNC_ERR = 2

/**
 * A task's main flow: the generator and the loop that digests what it yields. The Driver IS the
 * task (it extends TaskImpl, which holds the fork queue, result and cancellation): one object per
 * task, not two (bench "fork 25k on take": heap per task, issue #7).
 */
export class Driver extends TaskImpl implements Continuation {
  /** The main flow's status (the task's own is `status`: it stays RUNNING while forks run). */
  mainStatus = RUNNING
  frame: Frame | null = null
  /** The scheduler depth the current effect is being digested at; -1 when not digesting. */
  private digestingSemaphore = -1
  /** A settle that arrived while digesting (SYNC_OK / SYNC_ERR, with `syncArg`), run by the loop. */
  private sync = SYNC_NONE
  private syncArg: unknown = undefined
  private cancelWith: unknown = undefined
  /** Iterator steps taken (see MAX_NESTING); a resume for an older step is stale. */
  steps = 0
  private iterator: Iterator<unknown, unknown, unknown>

  constructor(
    env: Env,
    iterator: Iterator<unknown, unknown, unknown>,
    contextParent: TaskImpl | object,
    id: number,
    meta: TaskMeta | ((...args: any[]) => any),
    isRoot: boolean,
    waiter: Frame | null,
    native: boolean,
  ) {
    super(env, contextParent, id, meta, isRoot, waiter)
    // markAny: V8 tracks the class of the objects a field has held; while that is one class,
    // optimised code relies on it. A generator's class is its generator function's, so in a run of
    // one saga this field held one class, which died with that saga's closures: the optimised
    // step and callTop were thrown away at the next run's first step ("weak objects"; bench "sync
    // call", "fork + join": the measured run started cold, issue #7). A store of another class
    // first makes the field hold any object from the first task on.
    this.iterator = ANY_ITERATOR
    this.iterator = iterator
    // NATIVE: the iterator is a plain generator (its `next`, `throw` and `return` are the
    // builtins): they are called as known functions, and it cannot be a ResourceScope (see
    // GENERATOR_NEXT). ENDED (the generator finished) is set by finishGenerator.
    if (native) this.flags |= NATIVE
    // markMutable: V8 treats a field stored only by its initialiser as a constant of the class's
    // shape, and optimised code relies on that. The first later store to it (here the first
    // cancel) turns it mutable and throws away every optimised function that relied on it: next,
    // the constructors, memberEnded... which then compile again, late in a run. A second store
    // in the constructor turns it mutable on the first task instead, before anything is
    // optimised (bench "fork + join", "fork 25k on take": warm-up, issue #7; TaskImpl and the
    // frames do the same).
    this.mainStatus = RUNNING
    this.cancelWith = undefined
  }

  /**
   * Cancels the main flow: the generator is resumed with `return(TASK_CANCEL)`. Not while it
   * releases `use()` resources: that is cleanup under way, which a cancellation does not cut
   * short (CONTRACT §1.3, §1.6); the flow is marked cancelled and the releases go on.
   */
  cancelMain(reason?: unknown): void {
    if (this.mainStatus !== RUNNING) return
    this.mainStatus = CANCELLED
    this.cancelWith = reason
    // (A key test, not `instanceof ResourceScope`: apps that never `use()` do not bundle it.)
    if ((this.flags & NATIVE) === 0 && (this.iterator as any)[RELEASING] === true) return this.fireCancelledToken()
    this.next(TASK_CANCEL, false)
  }

  /** `next`, as a Continuation: the same function (see the end of this class). */
  declare resume: (value: unknown, isErr: boolean) => void

  private cancelCurrent(): void {
    const frame = this.frame
    if (frame) frame.cancel(this.cancelWith)
  }

  /**
   * The main flow is cancelled: the effect it waits on is cancelled first, then the token fires,
   * then (in the caller) the generator returns. In that order a callback on the token cannot
   * resume the flow through the pending effect (a put its `take` waits for, say), and the
   * `finally` still sees `signal.aborted`. The token fires even if cancelling the effect throws
   * (a user channel's missing `cancel`, thrown at whoever cancelled as in the reference).
   */
  private onCancelled(): void {
    this.mainStatus = CANCELLED
    try {
      this.cancelCurrent()
    } finally {
      this.fireCancelledToken()
    }
  }

  /** Fires the task's token for a cancellation of the main flow (not while the task is failing). */
  private fireCancelledToken(): void {
    if (!this.aborting) this.fireToken(this.cancelWith ?? cancelReason('join', wasCancelled, this))
  }

  next(arg?: unknown, isErr = false): void {
    const digesting = this.digestingSemaphore
    if (digesting === semaphore || (digesting > 0 && semaphore > digesting)) {
      // is.taskCancel(arg), written out (see `step`).
      if (typeof arg === 'string' && arg === TASK_CANCEL) this.onCancelled()
      this.sync = isErr ? SYNC_ERR : SYNC_OK
      this.syncArg = arg
      return
    }
    if (nesting >= MAX_NESTING) {
      pending.push({ driver: this, arg, isErr, steps: this.steps })
      return
    }
    nesting++
    const plain = this.env.sagaMonitor === undefined && this.env.middleware === undefined
    try {
      while (true) {
        const result = this.step(arg, isErr, plain, digesting)
        if (result !== undefined) {
          if (this.mainStatus !== CANCELLED) this.mainStatus = DONE
          this.finishGenerator()
          this.memberEnded(this, result.value, false)
          return
        }
        const sync = this.sync
        if (sync === SYNC_NONE) return
        arg = this.syncArg
        isErr = sync === SYNC_ERR
        this.sync = SYNC_NONE
        this.syncArg = undefined
      }
    } catch (error) {
      this.digestingSemaphore = digesting
      if (this.mainStatus === CANCELLED) {
        // Before finishGenerator, which may end the cleanup a halt waits on (task.ts haltWaiters).
        const halted = this.reportCleanupErrorToHalt(error)
        this.finishGenerator()
        if (!halted) throw error
        return
      }
      this.mainStatus = ABORTED
      this.finishGenerator()
      this.memberEnded(this, error, true)
    } finally {
      if (--nesting === 0 && !draining && pendingHead < pending.length) drainPending()
    }
  }

  /**
   * One turn of `next`'s loop: resumes the generator with `arg` and digests what it yields. Gives
   * the iterator's result if the generator returned (`next` ends the flow), otherwise undefined
   * (with `sync` set if the effect settled synchronously). A function of its own, called once per
   * effect: it is optimised the usual way within a few thousand effects, while `next` itself may
   * stay in one activation for a whole run of synchronous effects, where only on-stack
   * replacement could optimise it, and that compiles late (bench "sync call", issue #7). The
   * generator's end is handled by `next`, so the first end of a run does not throw away this
   * function's optimised code.
   */
  private step(arg: unknown, isErr: boolean, plain: boolean, digesting: number): IteratorResult<unknown> | undefined {
    // Read each turn: `use()` may wrap the iterator in a ResourceScope mid-run.
    const iterator = this.iterator
    const native = (this.flags & NATIVE) !== 0
    let result: IteratorResult<unknown>
    this.steps++
    // The resume-string tests of internal/is.ts written out: the `typeof` test is one bytecode,
    // and two calls per step cost until the JIT has inlined them (bench "put -> take", cold path).
    if (isErr || (typeof arg === 'string' && (arg === TASK_CANCEL || arg === TERMINATE))) result = this.resumeAbrupt(iterator, native, arg, isErr)
    else if (native) result = GENERATOR_NEXT.call(iterator, arg)
    else result = iterator.next(arg)
    if (result.done) return result
    this.sync = SYNC_NONE
    this.digestingSemaphore = semaphore
    const effect: any = result.value
    if (plain && effect !== null && typeof effect === 'object' && effect[IO] === true) {
      const type = effect.type
      if (type === CALL && effect.payload.fn !== delayP) this.callTop(effect)
      else this.digestEffect(effect, type)
    } else this.digestTop(effect)
    // Restored here, and by `next`'s `catch` if the digest threw (no try/finally per step:
    // bench "sync call", issue #7). Nested activations restore their own value.
    this.digestingSemaphore = digesting
    return undefined
  }

  /**
   * `step`'s resume with an error (`throw`), a cancellation or END's TERMINATE (`return`). A
   * method of its own: `step` must stay within the size the JIT inlines into `next`'s loop
   * (460 bytecodes; it was at 459), and these resumes are the rare ones (bench "sync call", issue #7).
   */
  private resumeAbrupt(iterator: Iterator<unknown, unknown, unknown>, native: boolean, arg: unknown, isErr: boolean): IteratorResult<unknown> {
    if (isErr) {
      const result = native ? GENERATOR_THROW.call(iterator, arg) : iterator.throw!(arg)
      clearSagaStack()
      return result
    }
    if (arg === TASK_CANCEL) {
      this.onCancelled()
      if (native) return GENERATOR_RETURN.call(iterator, TASK_CANCEL)
      return is.func(iterator.return) ? iterator.return(TASK_CANCEL) : { done: true, value: TASK_CANCEL }
    }
    if (native) return GENERATOR_RETURN.call(iterator, undefined)
    return is.func(iterator.return) ? iterator.return() : { done: true, value: undefined }
  }

  /**
   * Resumes with the task a frameless `fork` started (fork.ts `startFork`), as the fork's Frame
   * would have: not if the driver was cancelled or stepped meanwhile.
   */
  resumeFork(child: TaskImpl, steps: number): void {
    if (!this.movedOn(steps)) this.next(child, false)
  }

  /**
   * The settle-once guard of the frameless fast paths (callTop, select, fork), which run user code
   * with no Frame to ignore a late settle: true when, since the driver was at step `steps`, a
   * settle arrived at the same depth (`sync`) or the generator was stepped on deeper in the
   * scheduler (that code dispatched, and a taker cancelled or aborted this task). What the code
   * then gives is stale and ignored, as the reference's cancelled callback ignores it.
   */
  private movedOn(steps: number): boolean {
    return this.sync !== SYNC_NONE || this.steps !== steps
  }

  /** Runs an activation queued by the nesting bound, unless it went stale meanwhile. */
  runPending(step: PendingStep): void {
    if ((this.flags & ENDED) !== 0) return
    if (step.arg !== TASK_CANCEL && step.steps !== this.steps) return
    this.next(step.arg, step.isErr)
  }

  /**
   * Replaces the iterator this driver resumes with what `wrap` makes of it (`use()` wraps the
   * generator in a ResourceScope that appends the releases). Takes effect at the next resume.
   */
  wrapIterator<I extends Iterator<unknown, unknown, unknown>>(wrap: (current: Iterator<unknown, unknown, unknown>) => I): I {
    const wrapped = wrap(this.iterator)
    this.iterator = wrapped
    this.flags &= ~NATIVE
    return wrapped
  }

  private finishGenerator(): void {
    this.flags |= ENDED
    this.frame = null
    this.releaseCleanup()
  }

  /**
   * A top-level `call` on the fast path (no monitor, no effect middleware): invoked at once, a
   * plain result or a throw resumes the loop without a Frame. Kept small so the loop inlines it
   * (bench "sync call", issue #7).
   */
  private callTop(effect: any): void {
    const payload = effect.payload
    const fn = payload.fn
    const effectId = ++effectIds.current
    this.frame = null
    // fn may end this task (see `movedOn` and staleCallResult).
    const steps = this.steps
    let result: unknown
    try {
      result = invoke(fn, payload.context, payload.args)
    } catch (error) {
      if (this.movedOn(steps)) return
      setCrashedEffect(effect)
      this.sync = SYNC_ERR
      this.syncArg = error
      return
    }
    if (this.movedOn(steps)) return this.staleCallResult(effectId, effect, result, fn)
    // A primitive result is neither a promise nor an iterator: skip both lookups (`then` on a
    // number walks Number.prototype; bench "sync call", issue #7).
    if ((typeof result !== 'object' && typeof result !== 'function') || result === null) {
      this.sync = SYNC_OK
      this.syncArg = result
      return
    }
    // `then` is read once here (and once by the `then` call), as in the reference's runCallEffect.
    const promise = typeof (result as PromiseLike<unknown>).then === 'function'
    if (promise || is.iterator(result)) return this.awaitCall(effectId, effect, result, fn, promise)
    this.sync = SYNC_OK
    this.syncArg = result
  }

  /**
   * callTop's promise or iterator result: the Frame that waits for it. A method of its own, as
   * is staleCallResult, so callTop stays small enough for the JIT to inline into the loop
   * (bench "sync call", issue #7).
   */
  private awaitCall(effectId: number, effect: unknown, result: unknown, fn: unknown, promise: boolean): void {
    const frame = new Frame(this, effectId, effect, this)
    this.frame = frame
    try {
      awaitCallResult(this, frame, result, fn, promise)
    } catch (error) {
      frame.settle(error, true)
    }
  }

  /**
   * What a call gave after its function ended its own task (see `movedOn`). The reference still
   * takes it to its (cancelled) callback: an iterator runs as a sub-task whose end goes nowhere,
   * and a promise gets its handlers, so its rejection is handled, not an unhandled rejection. The
   * stale frame ignores whatever settles it.
   */
  private staleCallResult(effectId: number, effect: unknown, result: unknown, fn: unknown): void {
    if ((typeof result !== 'object' || result === null) && typeof result !== 'function') return
    const stale = new Frame(this, effectId, effect, this)
    stale.cancel()
    try {
      settleCallResult(this, stale, result, fn)
    } catch (error) {
      stale.settle(error, true)
    }
  }

  /** A top-level effect, with the synchronous fast paths. */
  private digestTop(effect: any): void {
    const env = this.env
    if (env.sagaMonitor === undefined && env.middleware === undefined) {
      if (effect !== null && typeof effect === 'object' && effect[IO] === true) return this.digestEffect(effect, effect.type)
      const promise = is.promise(effect)
      if (!promise && !is.iterator(effect)) {
        effectIds.current++
        this.frame = null
        this.sync = SYNC_OK
        this.syncArg = effect
        return
      }
      // What `digest` and `runEffect` do without monitor and middleware, knowing which of the
      // two it is: `then` is read here and by the `then` call, as in the reference's runEffect.
      const frame = new Frame(this, nextEffectId(), effect, this)
      this.frame = frame
      if (promise) frame.setDisposer(resolvePromise(effect, frame))
      else proc(env, effect, this, frame.id, this.meta, false, frame)
      return
    }
    this.digest(effect, this.id, this, '')
  }

  /**
   * A top-level effect of type `type` on the fast path (no monitor, no effect middleware). The
   * loop has read `type` already; the likeliest types are tested first and the type strings are
   * module constants, not reads of `effectTypes` (bench "put -> take", cold path).
   */
  private digestEffect(effect: any, type: string): void {
    const env = this.env
    if (type === TAKE) {
      // What `runTake` does on a multicast channel, with a frame that is also the channel
      // registration (effects/take.ts); any other channel takes the general path below. Written
      // here rather than called: this method is optimised with it inlined anyway, and a
      // separate function was also optimised on its own first (bench "put -> take", cold path:
      // TurboFan time on the first puts).
      const payload = effect.payload
      const channel = payload.channel === undefined ? env.channel : payload.channel
      const takers: Takers | undefined = channel != null ? channel[TAKERS] : undefined
      if (takers !== undefined && channel.take === takers.ownTake) {
        const frame = new TakeFrame(this, ++effectIds.current, effect, payload.maybe)
        this.frame = frame
        const pattern = payload.pattern
        try {
          // A string pattern needs no matcher (its per-type list is the match).
          if (typeof pattern === 'string' && pattern !== '*') takers.add(frame, pattern, null)
          else registerTaker(takers, frame, pattern)
        } catch (error) {
          frame.settle(error, true)
        }
        return
      }
    } else if (type === PUT) {
      // The frame is also the scheduler job (effects/put.ts).
      const frame = new PutFrame(this, ++effectIds.current, effect, effect.payload)
      this.frame = frame
      return asap(frame)
    } else if (type === CALL) {
      if (effect.payload.fn !== delayP) return this.callTop(effect)
      // The frame owns the timer (effects/call.ts).
      if (startDelay(this, env, effect)) return
    } else if (type === FORK) {
      // No Frame: the child starts, and the parent resumes with it, inside the call
      // (bench "fork + join", issue #7).
      effectIds.current++
      this.frame = null
      startFork(env, effect.payload, this, null)
      return
    } else if (type === JOIN) {
      // `join` of a task that already ended resumes at once, as its Frame would have.
      const target = effect.payload
      // (The status tests are isRunning / isAborted: bench "fork + join", cold path.)
      if (target instanceof TaskImpl && target.status !== RUNNING) {
        effectIds.current++
        this.frame = null
        if (target.status === ABORTED) {
          setCrashedEffect(effect)
          this.next(target.error(), true)
        } else this.next(target.result(), false)
        return
      }
    } else if (type === CANCEL) {
      // `cancel(task)` of one task of this runtime: no Frame, as a Frame would settle at once.
      // The cancellation runs user code (finally blocks) that may end this task; then it does
      // not resume (see `movedOn`), as the cancelled Frame would not (bench "cancel latency").
      const target = effect.payload
      if (target instanceof TaskImpl) {
        effectIds.current++
        this.frame = null
        const steps = this.steps
        cancelTask(target, this)
        if (this.movedOn(steps)) return
        this.sync = SYNC_OK
        this.syncArg = undefined
        return
      }
    } else if (type === SELECT) {
      effectIds.current++
      this.frame = null
      const { selector, args } = effect.payload
      // A selector that dispatches may end this task (see `movedOn`).
      const steps = this.steps
      let result: unknown
      try {
        result = selector(env.getState(), ...args)
      } catch (error) {
        if (this.movedOn(steps)) return
        setCrashedEffect(effect)
        this.sync = SYNC_ERR
        this.syncArg = error
        return
      }
      if (this.movedOn(steps)) return
      this.sync = SYNC_OK
      this.syncArg = result
      return
    }
    // Any other effect goes straight to its runner: all that `digest` would add is for a
    // monitor or effect middlewares (bench "put -> take", issue #7).
    const frame = new Frame(this, nextEffectId(), effect, this)
    this.frame = frame
    frame.setDisposer(runnerFor(type)(env, effect.payload, frame, this))
  }

  /** Runs one effect for continuation `k` (monitor, middlewares, runner). */
  digest(effect: unknown, parentEffectId: number, k: Continuation, label: string): Frame {
    const effectId = nextEffectId()
    const env = this.env
    // Called as `env.sagaMonitor.effectTriggered(...)`: a hook that is not a function throws the
    // reference's TypeError word for word (the same in frame.ts and run-saga.ts; fuzzer round 8).
    if (env.sagaMonitor) env.sagaMonitor.effectTriggered({ effectId, parentEffectId, label, effect })
    const frame = new Frame(this, effectId, effect, k)
    k.frame = frame
    const middleware = this.env.middleware
    if (middleware) middleware((eff) => this.runEffect(eff, frame))(effect)
    else this.runEffect(effect, frame)
    return frame
  }

  private runEffect(effect: any, frame: Frame): void {
    if (is.promise(effect)) frame.setDisposer(resolvePromise(effect, frame))
    else if (is.iterator(effect)) proc(this.env, effect, this, frame.id, this.meta, false, frame)
    else if (effect && effect[IO]) {
      const runner = runnerFor(effect.type)
      frame.setDisposer(runner(this.env, effect.payload, frame, this))
    } else frame.settle(effect)
  }
}

// A frame resumes its driver with `next` itself, not a method that calls it: one frame less per
// settled effect until the JIT has inlined it (bench "put -> take", cold path).
Driver.prototype.resume = Driver.prototype.next

/** `Symbol.asyncIterator`, read once (a global and a property load per task otherwise). */
const ASYNC_ITERATOR: symbol = Symbol.asyncIterator

/*
 * Generators. Each generator function has its own prototype, so the generator objects of two
 * sagas have different maps: a property load on them (`iterator.next`, `result.then`) is
 * polymorphic, then megamorphic in an app with many sagas, and optimised code that saw a few
 * sagas deoptimises on the next new one (bench "fork + join": the measured run's fresh closures
 * threw away digestEffect, startFork and taskIterator; "cancel latency": `next` on `return`).
 * Calling the builtin `next`, `throw` and `return` themselves, and telling generator functions
 * by their prototype (one map for all), avoids both. `proc` checks once per task that the
 * iterator's methods are the builtins (a generator whose `next` was replaced keeps its own).
 */
const GENERATOR_FUNCTION_PROTOTYPE: object = Object.getPrototypeOf(function* () {})
type GeneratorMethod = (this: Iterator<unknown>, value?: unknown) => IteratorResult<unknown>
const GENERATOR_PROTOTYPE = (GENERATOR_FUNCTION_PROTOTYPE as { prototype: Record<'next' | 'throw' | 'return', GeneratorMethod> }).prototype
export const GENERATOR_NEXT = GENERATOR_PROTOTYPE.next
export const GENERATOR_THROW = GENERATOR_PROTOTYPE.throw
const GENERATOR_RETURN = GENERATOR_PROTOTYPE.return

/**
 * True for a generator function (a saga): calling it gives a generator, whose `next` is
 * GENERATOR_NEXT. `fn.call` is read first (`invoke` reads it next anyway, and a function whose
 * own `call` was replaced takes the checked path): that load tells the JIT `fn`'s map, so the
 * prototype test is folded into it; without it, `Object.getPrototypeOf` was a call into V8's
 * runtime per fork (~2% of fork + join, issue #7).
 */
export function isGeneratorFunction(fn: unknown): boolean {
  return typeof fn === 'function' && fn.call === FUNCTION_CALL && Object.getPrototypeOf(fn) === GENERATOR_FUNCTION_PROTOTYPE
}

/** True for a generator whose `next` / `throw` / `return` are the builtins (see GENERATOR_NEXT). */
export function isNativeGenerator(iterator: Iterator<unknown, unknown, unknown>): boolean {
  return iterator.next === GENERATOR_NEXT && iterator.throw === GENERATOR_THROW && iterator.return === GENERATOR_RETURN
}

/**
 * Starts `iterator` as a task. `contextParent` is the task that starts it, whose context the new
 * one inherits and whose cleanup includes it; for a root (or spawned, detached) task, the object
 * its context inherits from. `cont` is the Frame of the `call` (or yielded iterator) that waits
 * for it.
 */
export function proc(
  env: Env,
  iterator: Iterator<unknown, unknown, unknown>,
  contextParent: TaskImpl | object,
  parentEffectId: number,
  meta: TaskMeta | ((...args: any[]) => any),
  isRoot: boolean,
  cont: Frame | undefined,
  /** False: the task is made but its generator not stepped (runSaga with an aborted signal cancels it). */
  start = true,
  /** The caller knows `iterator` is a native generator (fork.ts: a generator function made it; runSaga: isNativeGenerator). */
  generator = false,
): TaskImpl {
  if (!generator && (iterator as any)[ASYNC_ITERATOR]) {
    throw new Error("redux-saga doesn't support async generators, please use only regular ones")
  }
  const native = generator || isNativeGenerator(iterator)
  const task = new Driver(env, iterator, contextParent, parentEffectId, meta, isRoot, cont ?? null, native)
  if (!isRoot) (contextParent as TaskImpl).holdCleanup()
  if (cont) cont.setDisposer(task)
  if (start) task.next()
  return task
}
