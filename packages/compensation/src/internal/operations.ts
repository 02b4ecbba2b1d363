/*
 * Small sagas the runtime is built from: calling user functions (which may return an effect),
 * and running work that a cancellation must not cut short.
 */
import { call, join, spawn, TASK_CANCEL, type Task } from '@sagaflow/core'
import { internal, internalFn, isGeneratorFunction } from './marks.js'
import type { Invocation } from './runtime.js'

/** True for an effect (`{ '@@redux-saga/IO': true, ... }`). */
export function isEffect(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)['@@redux-saga/IO'] === true
}

/**
 * Calls `fn(...args)` with `call` (a promise is awaited, a saga run) and, when it returns an
 * effect (`compensate: () => call(sendSorry, email)`), runs that effect too.
 *
 * The `call` of the user's function is marked internal (see `marks.ts`) when it only starts what
 * the user's code yields: a saga (its effects are the user's), or a function that returns the
 * effect to run (that effect is the user's). A call of a plain or async function
 * (`run: api.reserveFlight`) is the step's work itself and stays the user's.
 */
export function* invoke(fn: (...args: any[]) => unknown, args: readonly unknown[]): Generator<unknown, unknown, any> {
  const effect = call(fn, ...args)
  if (isGeneratorFunction(fn)) internal(effect)
  const value = yield effect
  if (!isEffect(value)) return value
  internal(effect)
  return yield value
}

/**
 * The effect that performs one attempt of an invocation. A function runs as a task named `name`
 * (the tracer's tree and `sagaStack` show e.g. `attempt 2` under `step(reserve-flight)`).
 */
export function toEffect(invocation: Invocation, name: string): unknown {
  return 'fn' in invocation ? internal(call(named(name, invoke), invocation.fn, invocation.args)) : invocation.effect
}

/**
 * `fn` under another name. A task takes its name from the function it runs, so the task that
 * `call(named('step(reserve-flight)', runStep), ...)` starts is shown as `step(reserve-flight)`
 * by the tracer and in `sagaStack`, not as the package's own generator name. The wrapper is
 * marked internal (see `marks.ts`): it is the package's own function.
 */
export function named<F extends (...args: any[]) => any>(name: string, fn: F): F {
  const wrapper = function (this: unknown, ...args: unknown[]) {
    return fn.apply(this, args)
  }
  Object.defineProperty(wrapper, 'name', { value: name })
  return internalFn(wrapper as F)
}

/**
 * Runs `saga(...args)` so that cancelling the current task cannot cut it short, and resumes with
 * its result. The saga runs as a detached task (a cancellation of this task does not reach it);
 * if this task is cancelled while waiting, the wait goes on in this task's cleanup, so
 * `halt(task)` resumes only after the saga ended and `cancel(task)` lets it finish. The saga
 * must not throw (return an outcome instead): a detached task's error would go to `onError`.
 * `onStart` receives the task as soon as it exists (to let other work wait for it).
 *
 * A caller that `yield*`s it must test what it gives with {@link cancelledWhileWaiting}: when
 * this task is cancelled during the wait, the cancellation's `return()` passes into this
 * generator, whose `finally` yields to keep waiting; once that `finally` ends, `yield*` resumes
 * the caller normally, with TASK_CANCEL, not with a return. The caller must then return itself
 * (its cancellation goes on from there), not use the value as the saga's result.
 */
export function* uninterruptible<A extends unknown[], T>(
  saga: (...args: A) => Generator<unknown, T, any>,
  args: A,
  onStart?: (task: Task<T>) => void,
): Generator<unknown, T, any> {
  const task = (yield internal(spawn(saga as any, ...(args as any[])))) as Task<T>
  onStart?.(task)
  try {
    return (yield internal(join(task))) as T
  } finally {
    // Reached with the task still running only when this task was cancelled during the join.
    if (task.isRunning()) yield internal(join(task))
  }
}

/** True when `uninterruptible` gave TASK_CANCEL: the caller's task was cancelled during the wait. */
export function cancelledWhileWaiting(value: unknown): boolean {
  return value === TASK_CANCEL
}

/** Waits for every task of `tasks` (its length may grow while waiting). Never throws. */
export function* settleAll(tasks: Task[]): Generator<unknown, void, any> {
  for (let i = 0; i < tasks.length; i++) {
    const task = tasks[i]!
    if (!task.isRunning()) continue
    try {
      yield internal(join(task))
    } catch {
      // Their outcome is theirs to report; here we only wait.
    }
  }
}
