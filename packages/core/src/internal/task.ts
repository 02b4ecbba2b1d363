/*
 * A Task is the aggregation of a main flow (the generator, run by a Driver) and the tasks it
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
import { cancelReason, materialize, REASON_PARENT_ERROR } from './cancel-reason.js'
import type { Env } from './env.js'
import { noop } from './env.js'
import { addSagaFrame, clearSagaStack, sagaStackToString } from './saga-error.js'

export const RUNNING = 0
export const CANCELLED = 1
export const ABORTED = 2
export const DONE = 3

export type Cont = (result: unknown, isErr?: boolean) => void

/** A member of a fork queue: the main flow or an attached child task. */
export interface QueueMember {
  meta: TaskMeta
  cont: Cont
  cancel(reason?: unknown): void
}

export interface Joiner {
  task: TaskImpl
  cb: Cont
}

export function assignWithSymbols(target: object, source: object): void {
  Object.assign(target, source)
  for (const symbol of Object.getOwnPropertySymbols(source)) (target as any)[symbol] = (source as any)[symbol]
}

export class TaskImpl implements Task {
  declare readonly [TASK]: true
  readonly context: Record<PropertyKey, any>
  joiners: Joiner[] | null = []
  cont: Cont
  status = RUNNING
  private taskResult: unknown
  private taskError: unknown
  private deferred: { promise: Promise<any>; resolve(v: unknown): void; reject(e: unknown): void } | null = null
  private cancelledDueToErrorTasks: string[] | null = null
  // The fork queue: the main flow (while running) then the attached forks, in fork order. The
  // forks' Set is created by the first fork, so a task that forks nothing carries none (bench
  // "fork 25k on take": heap per task, issue #7).
  private mainLive = false
  private forks: Set<QueueMember> | null = null
  private queueCompleted = false
  private mainResult: unknown
  private tokenSource: CancellationTokenSource | null = null
  private cancelledWith: unknown = undefined
  /** Set while a child's error is cancelling this task's members: the task fails, it is not cancelled. */
  aborting = false
  // Cleanup tracking: own generator + live sub-tasks and attached forks.
  private pendingCleanup = 1
  private finishedCallbacks: (() => void)[] | null = null
  cleanupParent: TaskImpl | null = null
  finished = false

  constructor(
    readonly env: Env,
    readonly main: QueueMember & { status: number },
    parentContext: object,
    readonly id: number,
    readonly meta: TaskMeta,
    readonly isRoot: boolean,
    cont: Cont | undefined,
  ) {
    this.context = Object.create(parentContext)
    this.cont = cont ?? noop
    this.addMember(main)
  }

  // ---- fork queue ----

  addMember(member: QueueMember): void {
    if (member === this.main) this.mainLive = true
    else (this.forks ??= new Set()).add(member)
    member.cont = (result, isErr) => {
      if (this.queueCompleted) return
      if (member === this.main) this.mainLive = false
      else this.forks!.delete(member)
      member.cont = noop
      if (isErr) this.abort(result)
      else {
        if (member === this.main) this.mainResult = result
        if (!this.mainLive && (this.forks === null || this.forks.size === 0)) {
          this.queueCompleted = true
          this.end(this.mainResult, false)
        }
      }
    }
  }

  /** The members still in the queue: main first, then forks in fork order. */
  private liveMembers(): QueueMember[] {
    const members: QueueMember[] = this.mainLive ? [this.main] : []
    if (this.forks) for (const fork of this.forks) members.push(fork)
    return members
  }

  /** A member failed: cancel the others, then end with the error. */
  abort(error: unknown): void {
    const names = (this.cancelledDueToErrorTasks ??= [])
    for (const member of this.liveMembers()) names.push(member.meta.name)
    this.aborting = true
    this.cancelMembers(REASON_PARENT_ERROR(this.meta.name))
    this.end(error, true)
  }

  private cancelMembers(reason: unknown): void {
    if (this.queueCompleted) return
    this.queueCompleted = true
    const members = this.liveMembers()
    this.mainLive = false
    this.forks?.clear()
    for (const member of members) {
      member.cont = noop
      member.cancel(member === this.main ? reason : childReason(reason, this.meta.name))
    }
  }

  // ---- Task API ----

  cancel(reason?: unknown): void {
    if (this.status !== RUNNING) return
    this.status = CANCELLED
    this.fireToken(reason ?? cancelReason('cancel', `task "${this.meta.name}" was cancelled`))
    this.cancelMembers(this.cancelledWith)
    this.end(TASK_CANCEL, false)
  }

  end(result: unknown, isErr: boolean): void {
    if (!isErr) {
      if (result === TASK_CANCEL) this.status = CANCELLED
      else if (this.status !== CANCELLED) this.status = DONE
      this.taskResult = result
      this.deferred?.resolve(result)
    } else {
      this.status = ABORTED
      addSagaFrame(this.meta, this.cancelledDueToErrorTasks ?? [])
      if (this.isRoot) {
        const sagaStack = sagaStackToString()
        clearSagaStack()
        this.env.onError(result, { sagaStack })
      }
      this.taskError = result
      this.deferred?.reject(result)
    }
    this.cont(result, isErr)
    const joiners = this.joiners!
    this.joiners = null
    for (let i = 0; i < joiners.length; i++) joiners[i]!.cb(result, isErr)
  }

  setContext(props: object): void {
    if (isDevelopment) check(props, is.object, `task.setContext(props): argument ${props} is not a plain object`)
    assignWithSymbols(this.context, props)
  }

  toPromise(): Promise<any> {
    if (this.deferred) return this.deferred.promise
    let resolve!: (v: unknown) => void
    let reject!: (e: unknown) => void
    const promise = new Promise((res, rej) => {
      resolve = res
      reject = rej
    })
    this.deferred = { promise, resolve, reject }
    if (this.status === ABORTED) reject(this.taskError)
    else if (this.status !== RUNNING) resolve(this.taskResult)
    return promise
  }

  isRunning(): boolean {
    return this.status === RUNNING
  }
  isCancelled(): boolean {
    return this.status === CANCELLED || (this.status === RUNNING && this.main.status === CANCELLED)
  }
  isAborted(): boolean {
    return this.status === ABORTED
  }
  result(): any {
    return this.taskResult
  }
  error(): unknown {
    return this.taskError
  }

  // ---- cancellation token and signal (CONTRACT §1.3) ----

  get token(): CancellationToken {
    if (!this.tokenSource) {
      this.tokenSource = new CancellationTokenSource()
      if (this.cancelledWith !== undefined) this.tokenSource.cancel(materialize(this.cancelledWith))
    }
    return this.tokenSource.token
  }

  get signal(): AbortSignal {
    return this.token.signal
  }

  /** Records why the task is cancelled and fires its token, once. Never called on success or failure. */
  fireToken(reason: unknown): void {
    if (this.cancelledWith !== undefined) return
    this.cancelledWith = reason
    this.tokenSource?.cancel(materialize(reason))
  }

  // ---- cleanup tracking (for halt) ----

  /** Runs `callback` once this task and all its cleanup have finished (at once if they have). */
  whenFinished(callback: () => void): void {
    if (this.finished) return callback()
    ;(this.finishedCallbacks ??= []).push(callback)
  }

  holdCleanup(): void {
    this.pendingCleanup++
  }

  releaseCleanup(): void {
    if (--this.pendingCleanup > 0) return
    this.finished = true
    const callbacks = this.finishedCallbacks
    this.finishedCallbacks = null
    if (callbacks) for (const callback of callbacks) callback()
    const parent = this.cleanupParent
    this.cleanupParent = null
    parent?.releaseCleanup()
  }
}
Object.defineProperty(TaskImpl.prototype, TASK, { value: true, enumerable: true })

function childReason(reason: unknown, parentName: string): unknown {
  const kind = (reason as { kind?: string } | undefined)?.kind
  if (kind === 'parent-error') return reason
  return cancelReason('parent', `cancelled because its parent task "${parentName}" was cancelled`)
}
