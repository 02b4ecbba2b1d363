import { CancellationTokenSource, type CancellationToken } from '@sagaflow/cancellation'
import { TASK_CANCEL, type Task } from '@sagaflow/core'

const RUNNING = 0
const CANCELLED = 1
const ABORTED = 2
const DONE = 3
const STATUS_NAMES = ['Running', 'Cancelled', 'Aborted', 'Done'] as const

/**
 * A stand-in Task for step-by-step tests: it stays running until the test settles it with
 * `setResult`, `setError` or `cancel`.
 *
 * @example
 * ```ts
 * const task: MockTask<number> = createMockTask<number>()
 * task.setResult(42)
 * task.result() // 42
 * ```
 */
export interface MockTask<T = any> extends Task<T> {
  /**
   * @deprecated Use {@link MockTask.setResult}, {@link MockTask.setError} or `cancel()` to
   * change the running status of the mock task.
   */
  setRunning(running: boolean): void
  /** Ends the task with `result` (`isRunning()` false, `result()` gives it; `join` resumes with it). */
  setResult(result: T): void
  /** Ends the task with `error` (`isAborted()` true; `join` throws it). */
  setError(error: unknown): void
  /** The reference's joiner list; `join` on a running mock task registers here and never resumes. */
  joiners: unknown[]
  /**
   * Marks the mock task cancelled (`isCancelled()` true, its token cancelled). Unlike a real
   * task's `cancel`, it throws if the task is no longer running, as the reference's mock does.
   */
  cancel(): void
}

function assertStatusRunning(status: number): void {
  if (status !== RUNNING) {
    throw new Error(
      `The task is no longer Running, it is ${STATUS_NAMES[status]}. You can't change the status of a task once it is no longer running.`,
    )
  }
}

/**
 * Creates a mock Task (same behaviour and messages as `@redux-saga/testing-utils`): pass it back
 * to the saga where it yielded `fork`, then assert `cancel(task)` / `join(task)`; or give it to
 * `join` in a real run after `setResult` / `setError`. Changing the status of a task that is no
 * longer running throws `The task is no longer Running, it is <Status>. ...`.
 *
 * @example
 * ```ts
 * const task = createMockTask()
 * testSaga(loginFlow)
 *   .next().fork(authorize)
 *   .next(task).take('LOGOUT')
 *   .next({ type: 'LOGOUT' }).cancel(task)
 * ```
 */
export function createMockTask<T = any>(): MockTask<T> {
  let status = RUNNING
  let taskResult: T | undefined
  let taskError: unknown
  let source: CancellationTokenSource | undefined
  let deferred: { promise: Promise<T>; resolve(value: unknown): void; reject(error: unknown): void } | undefined
  const finished: (() => void)[] = []

  const settle = (): void => {
    if (deferred) {
      if (status === ABORTED) deferred.reject(taskError)
      else deferred.resolve(status === CANCELLED ? TASK_CANCEL : taskResult)
    }
    finished.splice(0).forEach((callback) => callback())
  }

  const task = {
    '@@redux-saga/TASK': true as const,
    id: 0,
    meta: { name: 'mockTask' },
    isRoot: false,
    context: {} as Record<PropertyKey, any>,
    isRunning: () => status === RUNNING,
    isCancelled: () => status === CANCELLED,
    isAborted: () => status === ABORTED,
    result: () => taskResult,
    error: () => taskError,
    cancel: () => {
      assertStatusRunning(status)
      status = CANCELLED
      source?.cancel()
      settle()
    },
    joiners: [] as unknown[],
    setRunning: (_running: boolean) => {
      console.warn(
        'setRunning has been deprecated. It no longer has any effect when being called. ' +
          'If you were calling setResult or setError followed by setRunning, those methods now change the ' +
          'running status of the task. Simply remove the call to setRunning for the desired behavior.',
      )
    },
    setResult: (result: T) => {
      assertStatusRunning(status)
      taskResult = result
      status = DONE
      settle()
    },
    setError: (error: unknown) => {
      assertStatusRunning(status)
      taskError = error
      status = ABORTED
      settle()
    },
    setContext: (props: object) => {
      Object.assign(task.context, props)
    },
    toPromise: (): Promise<T> => {
      if (!deferred) {
        let resolve!: (value: unknown) => void
        let reject!: (error: unknown) => void
        const promise = new Promise<T>((res, rej) => {
          resolve = res as (value: unknown) => void
          reject = rej
        })
        deferred = { promise, resolve, reject }
        if (status !== RUNNING) settle()
      }
      return deferred.promise
    },
    get token(): CancellationToken {
      if (!source) {
        source = new CancellationTokenSource()
        if (status === CANCELLED) source.cancel()
      }
      return source.token
    },
    get signal(): AbortSignal {
      return task.token.signal
    },
  }
  // `halt(task)` waits on this (the runtime's "cleanup finished" hook); a mock has no cleanup.
  Object.defineProperty(task, 'whenFinished', {
    value: (callback: () => void) => (status === RUNNING ? finished.push(callback) : callback()),
  })
  return task as unknown as MockTask<T>
}
