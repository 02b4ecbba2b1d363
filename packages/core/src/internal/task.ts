/*
 * A Task is the aggregation of a main flow (the generator, run by the Driver of proc.ts, which
 * extends this class: one object per task) and the tasks it
 * forked (attached). Fork-queue semantics (reference 3.3):
 * - it completes when the main flow and every attached fork have completed; its result is the
 *   main flow's return value;
 * - if it is cancelled, the main flow and every fork are cancelled (main first, then forks in
 *   fork order), then it ends with TASK_CANCEL;
 * - if any of them fails, the others are cancelled and it ends with that error.
 * Beyond the reference, a task also knows when its cleanup has finished (`whenFinished`):
 * its generator has really returned (async work in `finally` included) and so has every
 * sub-task and attached fork. `halt` waits on that.
 */
import { CancellationTokenSource, type CancellationToken } from '@sagaflow/cancellation'
import { check, isDevelopment } from './dev.js'
import * as is from './is.js'
import { TASK, TASK_CANCEL } from '../symbols.js'
import type { Task, TaskMeta } from '../types.js'
import { cancelReason, materialize, REASON_PARENT_ERROR, type Describe } from './cancel-reason.js'
import type { Env } from './env.js'
import type { Frame } from './proc.js'
import { addSagaFrame, clearSagaStack, metaOf, sagaStackToString } from './saga-error.js'
import { shared } from './shared.js'
import { reportUncaught } from './report.js'

export const RUNNING = 0
export const CANCELLED = 1
export const ABORTED = 2
export const DONE = 3

/**
 * Bits of `TaskImpl.flags`: the task's booleans in one field, not one field each (bench "fork
 * 25k on take": heap per task; "fork + join": stores per task, issue #7). ENDED and NATIVE are
 * the Driver's.
 */
export const ROOT = 1
/** The main flow is still in the fork queue. */
export const MAIN_LIVE = 2
/** The fork queue completed (or was cancelled): later member ends are ignored. */
export const QUEUE_COMPLETED = 4
/** The Driver's generator finished (see Driver.finishGenerator). */
export const ENDED = 8
/** The Driver's iterator is a plain generator, resumed through the generator builtins (see the Driver constructor). */
export const NATIVE = 16
/** A root task's flags at its start (a constant: an `|` there would first run at a run's second root). */
const ROOT_START = ROOT | MAIN_LIVE

/** A `join` waiting for a running task: told the task's outcome once, when it ends. */
export interface Joiner {
  settle(result: unknown, isErr: boolean): void
}

/** `task.joiners` of a task no join waits for (see TaskImpl.joiners); never pushed into. One array for every copy of the package (see `shared`): a join from another copy tests for it. */
export const NO_JOINERS: Joiner[] = shared('NO_JOINERS', Object.freeze([]) as unknown as Joiner[])

/** What only some tasks need, allocated on first use (bench "fork 25k on take": heap per task, issue #7). */
interface TaskExtras {
  deferred: { promise: Promise<any>; resolve(v: unknown): void; reject(e: unknown): void } | null
  tokenSource: CancellationTokenSource | null
  cancelledDueToErrorTasks: string[] | null
  finishedCallbacks: (() => void)[] | null
  taskError: unknown
  aborting: boolean
  /** Ends of the fork list (see `prevFork`): only tasks that fork have one. */
  firstFork: TaskImpl | null
  lastFork: TaskImpl | null
  /** Told once when the fork list empties (see `whenForksEnded`). */
  forksEnded: (() => void) | null
}

type AnyFunction = (...args: any[]) => any

/**
 * The tasks a `halt` waits on (effects/halt.ts). An error thrown by the cleanup of such a task,
 * or of a task it started, while it is cancelled is collected here and thrown at the `halt`,
 * which waits for that cleanup anyway, instead of being re-thrown to whoever cancelled
 * (reference 3.2): for cleanup that ends asynchronously that is a promise callback, so an
 * unhandled rejection, and for synchronous cleanup the halt runner, which aborted the halting
 * saga past its try/catch. Keyed weakly by task (a mock task from @sagaflow/testing too).
 */
const haltWaiters = new WeakMap<Task, { halts: number; errors: unknown[] }>()

/** A `halt` starts waiting on `task`. */
export function waitForHalt(task: Task): void {
  const waiter = haltWaiters.get(task)
  if (waiter !== undefined) waiter.halts++
  else haltWaiters.set(task, { halts: 1, errors: [] })
}

/** A `halt` stops waiting on `task`; returns (and clears) the cleanup errors collected for it. */
export function stopWaitingForHalt(task: Task): unknown[] {
  const waiter = haltWaiters.get(task)
  if (waiter === undefined) return []
  if (--waiter.halts === 0) haltWaiters.delete(task)
  return waiter.errors.splice(0, waiter.errors.length)
}

export function assignWithSymbols(target: object, source: object): void {
  Object.assign(target, source)
  for (const symbol of Object.getOwnPropertySymbols(source)) (target as any)[symbol] = (source as any)[symbol]
}

export abstract class TaskImpl implements Task {
  declare readonly [TASK]: true
  status = RUNNING
  /**
   * The joins waiting for this task; null once it ended. Until the first join, the shared empty
   * NO_JOINERS (bench "fork 25k on take": heap per task, issue #7): `join` replaces it before
   * pushing. Never null before the end, so a second `end()` still throws the reference's TypeError.
   */
  joiners: Joiner[] | null = NO_JOINERS
  /**
   * Told when this task ends: the Frame of the `call` (or yielded iterator) waiting for it, or the
   * parent whose fork queue it is in (`addMember`). Null for root and detached tasks. One field
   * and a method call, not a closure per task (bench "fork 25k on take", issue #7).
   */
  private waiter: Frame | TaskImpl | null
  private ownContext: Record<PropertyKey, any> | null = null
  private taskResult: unknown = undefined
  // The fork queue: the main flow (while running) then the attached forks, in fork order, as a
  // list threaded through the forks themselves (`prevFork` / `nextFork`): O(1) to add and
  // remove, nothing allocated per fork (a Set reallocated its table on every add/delete when it
  // held 0-1 forks: bench "cancel latency"; and nothing for a task that forks nothing: bench
  // "fork 25k on take", issue #7).
  private prevFork: TaskImpl | null = null
  private nextFork: TaskImpl | null = null
  private mainResult: unknown = undefined
  private cancelledWith: unknown = undefined
  // Cleanup tracking: own generator + live sub-tasks and attached forks; finished at 0.
  private pendingCleanup = 1
  private extras: TaskExtras | null = null
  /** ROOT, MAIN_LIVE, QUEUE_COMPLETED, and the Driver's ENDED and NATIVE. */
  protected flags: number

  /** The main flow's status (Driver): the task stays RUNNING while its forks run. */
  abstract mainStatus: number

  constructor(
    readonly env: Env,
    /** The parent task (whose context this one's inherits from); for a root task, its context's prototype. */
    private readonly contextParent: TaskImpl | object,
    readonly id: number,
    /** The task's meta, or the function whose `metaOf` it is (see `meta`). */
    private metaSource: TaskMeta | AnyFunction,
    isRoot: boolean,
    waiter: Frame | null,
  ) {
    this.waiter = waiter
    this.flags = 0 // stored twice, as the fields below
    this.flags = isRoot ? ROOT_START : MAIN_LIVE
    // Stored twice (see markMutable in proc.ts): these change after construction, often first
    // late in a run (the first cancel, `toPromise`, a task's first fork).
    this.status = RUNNING
    this.mainResult = undefined
    this.taskResult = undefined
    this.cancelledWith = undefined
    this.nextFork = null
    this.extras = null
    this.joiners = null // (null at the end: its field type too)
    this.joiners = NO_JOINERS
  }

  /**
   * `Object.create(parent's context)` (for a root or spawned task, `Object.create(contextParent)`),
   * created on first use (`getContext`, `setContext`, a child's first use): most tasks never touch
   * theirs (bench "fork 25k on take", issue #7). Reads through an unmaterialised chain give what
   * the eager chain gave: every context is created once and has its parent's as prototype. Not in
   * the constructor for roots either: code there that only roots run first runs at a run's second
   * root, after the constructor was optimised on forks, and throws that code away (bench "fork +
   * join", issue #7). runSaga checks its `context` option itself.
   */
  get context(): Record<PropertyKey, any> {
    if (this.ownContext === null) {
      this.ownContext = Object.create((this.flags & ROOT) !== 0 ? this.contextParent : (this.contextParent as TaskImpl).context)
    }
    return this.ownContext!
  }

  /**
   * `{ name, location }` of the task's function, made on first read: most tasks' meta is read only
   * if they fail or are named in a cancellation (bench "fork + join", issue #7). One object per
   * task, as in the reference.
   */
  get meta(): TaskMeta {
    const source = this.metaSource
    return typeof source === 'function' ? (this.metaSource = metaOf(source)) : source
  }

  /** A root task (runSaga, middleware.run) or a detached one (`spawn`): its context's parent is no task. */
  get isRoot(): boolean {
    return (this.flags & ROOT) !== 0
  }

  /** The task that started this one and holds its cleanup: none for a root or spawned task (see isRoot). */
  get parentTask(): TaskImpl | null {
    return (this.flags & ROOT) !== 0 ? null : (this.contextParent as TaskImpl)
  }

  /** Set while a child's error is cancelling this task's members: the task fails, it is not cancelled. */
  get aborting(): boolean {
    return this.extras !== null && this.extras.aborting
  }

  private get rare(): TaskExtras {
    return (this.extras ??= {
      deferred: null,
      tokenSource: null,
      cancelledDueToErrorTasks: null,
      finishedCallbacks: null,
      taskError: undefined,
      aborting: false,
      firstFork: null,
      lastFork: null,
      forksEnded: null,
    })
  }

  // ---- fork queue ----

  /** Adds a running child task to the fork queue; it reports its end through `memberEnded`. */
  addMember(child: TaskImpl): void {
    const rare = this.rare
    child.prevFork = rare.lastFork
    if (rare.lastFork === null) rare.firstFork = child
    else rare.lastFork.nextFork = child
    rare.lastFork = child
    child.waiter = this
  }

  /**
   * A member (the main flow or an attached fork) ended. Members that ended before, or after the
   * queue completed (cancelled members), are ignored.
   */
  memberEnded(member: TaskImpl, result: unknown, isErr: boolean): void {
    const flags = this.flags
    if ((flags & QUEUE_COMPLETED) !== 0) return
    if (member === this) {
      if ((flags & MAIN_LIVE) === 0) return
      this.flags = flags & ~MAIN_LIVE
      if (!isErr) this.mainResult = result
    } else if (!this.removeFork(member as TaskImpl)) return
    if (isErr) this.abort(result)
    else if ((this.flags & MAIN_LIVE) === 0 && (this.extras === null || this.extras.firstFork === null)) {
      this.flags |= QUEUE_COMPLETED
      this.end(this.mainResult, false)
    } else if (member !== this && this.extras!.firstFork === null && this.extras!.forksEnded !== null) {
      // The last fork ended well while the main flow waits for it (see whenForksEnded).
      const forksEnded = this.extras!.forksEnded
      this.extras!.forksEnded = null
      forksEnded()
    }
  }

  /** Unlinks a fork from the queue; false if it was not in it (any more). */
  private removeFork(fork: TaskImpl): boolean {
    const rare = this.rare
    const prev = fork.prevFork
    const next = fork.nextFork
    if (prev === null && rare.firstFork !== fork) return false
    if (prev === null) rare.firstFork = next
    else prev.nextFork = next
    if (next === null) rare.lastFork = prev
    else next.prevFork = prev
    fork.prevFork = fork.nextFork = null
    return true
  }

  /**
   * A member failed: cancel the others, then end with the error. As in the reference, this also
   * runs when the queue already completed (a fork failing from a `finally` while the task is
   * being cancelled): the names are listed again and the task ends a second time.
   */
  abort(error: unknown): void {
    const rare = this.rare
    const names = (rare.cancelledDueToErrorTasks ??= [])
    if ((this.flags & MAIN_LIVE) !== 0) names.push(this.meta.name)
    for (let fork = rare.firstFork; fork !== null; fork = fork.nextFork) names.push(fork.meta.name)
    rare.aborting = true
    this.cancelMembers(REASON_PARENT_ERROR(this))
    this.end(error, true)
  }

  /** Cancels the members still in the queue: main first, then forks in fork order. */
  private cancelMembers(reason: unknown): void {
    if ((this.flags & QUEUE_COMPLETED) !== 0) return
    this.flags |= QUEUE_COMPLETED
    // The members stay listed while they are cancelled (a child failing meanwhile names them in
    // sagaStack, fuzzer seed 67700); a fork started from a `finally` below joins the queue but is
    // not cancelled, as in the reference (it iterates a snapshot).
    const before = this.extras
    const last = before === null ? null : before.lastFork
    if ((this.flags & MAIN_LIVE) !== 0) this.cancelMain(reason)
    if (last !== null) {
      for (let fork = before!.firstFork!; ; fork = fork.nextFork!) {
        fork.cancel(childReason(reason, this))
        if (fork === last) break
      }
    }
    // Then the queue is emptied, as the reference's `tasks = []`: that also drops the forks the
    // main flow's `finally` started meanwhile, even when there were no forks to cancel (their
    // names are not listed if the task fails later: fuzzer), and a task kept by user code does
    // not keep its siblings alive. (The extras may have been made by such a fork.)
    const rare = this.extras
    if (rare !== null && rare.firstFork !== null) {
      for (let fork: TaskImpl | null = rare.firstFork; fork !== null; ) {
        const next: TaskImpl | null = fork.nextFork
        fork.prevFork = fork.nextFork = null
        fork = next
      }
      rare.firstFork = rare.lastFork = null
    }
    this.flags &= ~MAIN_LIVE
  }

  /** Cancels the main flow (Driver): its generator returns, running its `finally`. */
  abstract cancelMain(reason?: unknown): void

  // ---- Task API ----

  cancel(reason?: unknown): void {
    if (this.status !== RUNNING) return
    this.status = CANCELLED
    const why = reason ?? cancelReason('cancel', wasCancelled, this)
    // A running main flow fires the token once the effect it waits on is cancelled, before its
    // `finally` and the forks (Driver.onCancelled: a token callback must not resume the flow
    // through that effect). A task whose main flow has returned fires it before its forks are
    // cancelled. (Once fired, fireToken does nothing: the last call covers a main flow that did not.)
    if ((this.flags & MAIN_LIVE) === 0) this.fireToken(why)
    this.cancelMembers(why)
    this.fireToken(why)
    this.end(TASK_CANCEL, false)
  }

  end(result: unknown, isErr: boolean): void {
    if (!isErr) {
      // is.taskCancel(result), written out: a call per ended task until the JIT inlines it (cold path).
      if (typeof result === 'string' && result === TASK_CANCEL) this.status = CANCELLED
      else if (this.status !== CANCELLED) this.status = DONE
      this.taskResult = result
      this.extras?.deferred?.resolve(result)
    } else {
      this.status = ABORTED
      addSagaFrame(this.meta, this.extras?.cancelledDueToErrorTasks ?? [])
      if ((this.flags & ROOT) !== 0) {
        const sagaStack = sagaStackToString()
        clearSagaStack()
        this.env.onError(result, { sagaStack })
      }
      this.rare.taskError = result
      this.extras!.deferred?.reject(result)
    }
    const waiter = this.waiter
    if (waiter !== null) {
      if (waiter instanceof TaskImpl) waiter.memberEnded(this, result, isErr)
      else waiter.settle(result, isErr)
    }
    // `forEach` read on purpose: a task ended twice (see abort) fails here exactly as the reference
    // does, "Cannot read properties of null (reading 'forEach')" (fuzzer seeds 714, 9492). The
    // loop itself is written out: forEach's callback was a closure per ended task (~100 B: bench
    // "fork 25k on take", issue #7). Joins cannot be added or removed while it runs (not running).
    const joiners = this.joiners as Joiner[]
    if (joiners.forEach !== undefined) for (let i = 0; i < joiners.length; i++) joiners[i]!.settle(result, isErr)
    this.joiners = null
  }

  setContext<C extends object = object>(props: Partial<C>): void {
    if (isDevelopment) check(props, is.object, `task.setContext(props): argument ${props} is not a plain object`)
    assignWithSymbols(this.context, props)
  }

  toPromise(): Promise<any> {
    const rare = this.rare
    if (rare.deferred) return rare.deferred.promise
    let resolve!: (v: unknown) => void
    let reject!: (e: unknown) => void
    const promise = new Promise((res, rej) => {
      resolve = res
      reject = rej
    })
    rare.deferred = { promise, resolve, reject }
    if (this.status === ABORTED) reject(rare.taskError)
    else if (this.status !== RUNNING) resolve(this.taskResult)
    return promise
  }

  isRunning(): boolean {
    return this.status === RUNNING
  }
  isCancelled(): boolean {
    return this.status === CANCELLED || (this.status === RUNNING && this.mainStatus === CANCELLED)
  }
  isAborted(): boolean {
    return this.status === ABORTED
  }
  result(): any {
    return this.taskResult
  }
  error(): unknown {
    return this.extras?.taskError
  }

  // ---- cancellation token and signal (CONTRACT §1.3) ----

  get token(): CancellationToken {
    const rare = this.rare
    if (!rare.tokenSource) {
      rare.tokenSource = new CancellationTokenSource()
      if (this.cancelledWith !== undefined) rare.tokenSource.cancel(materialize(this.cancelledWith))
    }
    return rare.tokenSource.token
  }

  get signal(): AbortSignal {
    return this.token.signal
  }

  /**
   * Records why the task is cancelled and fires its token, once. Never called on success or
   * failure. An error thrown by a callback on the token (an AggregateError of them) does not stop
   * the cancellation: it is cleanup that failed, so a `halt` waiting on the task throws it;
   * otherwise it is reported once the current work is done, as an uncaught error, like one thrown
   * by a listener of the task's AbortSignal (it would leave the task half-cancelled if thrown here:
   * no `finally` run, forks not cancelled, no result).
   */
  fireToken(reason: unknown): void {
    if (this.cancelledWith !== undefined) return
    this.cancelledWith = reason
    const source = this.extras === null ? null : this.extras.tokenSource
    if (source === null) return
    try {
      source.cancel(materialize(reason))
    } catch (error) {
      if (!this.reportCleanupErrorToHalt(error)) reportUncaught(error)
    }
  }

  // ---- cleanup tracking (for halt) ----

  /**
   * The cleanup of this task (or of a task it started) threw while cancelled: hands the error to
   * the nearest `halt` waiting on this task or an ancestor and returns true; false when no halt
   * waits (the error is then re-thrown to whoever cancelled, reference 3.2). See `haltWaiters`.
   */
  reportCleanupErrorToHalt(error: unknown): boolean {
    let waiter = haltWaiters.get(this)
    // A loop up the chain, not a recursion (10,000 nested calls: stack-safety.test.ts).
    for (let task = this.parentTask; waiter === undefined && task !== null; task = task.parentTask) waiter = haltWaiters.get(task)
    if (waiter === undefined) return false
    waiter.errors.push(error)
    return true
  }

  /** Runs `callback` once this task and all its cleanup have finished (at once if they have). */
  whenFinished(callback: () => void): void {
    if (this.pendingCleanup <= 0) return callback()
    ;(this.rare.finishedCallbacks ??= []).push(callback)
  }

  holdCleanup(): void {
    this.pendingCleanup++
  }

  /**
   * One holder of this task's cleanup is done; at 0 the task's cleanup finished, and that
   * releases its parent's hold, which is the task that started it (none for root and spawned
   * tasks, the ones whose context has no parent task either). A loop up the chain, not a
   * recursion: the last of 10,000 nested calls finishing releases all 10,000 levels at once
   * (stack-safety.test.ts).
   */
  releaseCleanup(): void {
    if (--this.pendingCleanup !== 0) return
    this.cleanupFinished()
    for (let parent = this.parentTask; parent !== null && --parent.pendingCleanup === 0; parent = parent.parentTask) parent.cleanupFinished()
  }

  private cleanupFinished(): void {
    const extras = this.extras
    const callbacks = extras === null ? null : extras.finishedCallbacks
    if (callbacks) {
      extras!.finishedCallbacks = null
      for (const callback of callbacks) callback()
    }
  }
}
Object.defineProperty(TaskImpl.prototype, TASK, { value: true, enumerable: true })

function childReason(reason: unknown, parent: TaskImpl): unknown {
  const kind = (reason as { kind?: string } | undefined)?.kind
  if (kind === 'parent-error') return reason
  return cancelReason('parent', parentWasCancelled, parent)
}

export const wasCancelled: Describe = (task) => `task "${task.meta.name}" was cancelled`
const parentWasCancelled: Describe = (parent) => `cancelled because its parent task "${parent.meta.name}" was cancelled`

/*
 * Waiting for a task's attached forks, for `use()` (internal/resource-scope.ts, effects/use.ts).
 * Functions beside the class, not methods, so that an app that never uses `use()` does not bundle
 * them (issue #7, bundle size); they reach the task's extras as the class itself would.
 */
const extrasOf = (task: TaskImpl): TaskExtras | null => (task as unknown as { extras: TaskExtras | null }).extras

/** Whether attached forks are still running (they keep the task running after its main flow). */
export function hasRunningForks(task: TaskImpl): boolean {
  const extras = extrasOf(task)
  return extras !== null && extras.firstFork !== null
}

/**
 * Calls `callback` once, when the last attached fork has ended well (at once if none runs; see
 * `memberEnded`), unless `cancelForksEndedWait` came first. The task's main flow must be live.
 */
export function whenForksEnded(task: TaskImpl, callback: () => void): void {
  if (!hasRunningForks(task)) return callback()
  extrasOf(task)!.forksEnded = callback
}

/**
 * True when `inner` is `task` or a task it started (a fork or a called sub-saga, at any depth;
 * not a spawned one): while `inner`'s generator runs, `task`'s cleanup cannot finish
 * (`releaseCleanup`), so a `halt` of `task` by `inner` would wait for itself (effects/halt.ts).
 */
export function cleanupIncludes(task: TaskImpl, inner: TaskImpl): boolean {
  for (let current: TaskImpl | null = inner; current !== null; current = current.parentTask) {
    if (current === task) return true
  }
  return false
}

export function cancelForksEndedWait(task: TaskImpl): void {
  const extras = extrasOf(task)
  if (extras !== null) extras.forksEnded = null
}
