import { cancelReason } from '../internal/cancel-reason.js'
import * as is from '../internal/is.js'
import { reportUncaught } from '../internal/report.js'
import { cleanupIncludes, stopWaitingForHalt, TaskImpl, waitForHalt } from '../internal/task.js'
import type { Runner } from './runner.js'

/**
 * `halt(task | tasks)`: cancels like `cancel`, then settles only once each task and all its
 * cleanup (async work in `finally`, sub-tasks, attached forks) has finished. Cancelling the
 * halting task stops the wait, not the cleanup. An error that cleanup throws is thrown at the
 * halt (several: an AggregateError), not re-thrown to the canceller as after `cancel` (see
 * `haltWaiters` in internal/task.ts).
 */
export const runHalt: Runner<TaskImpl | TaskImpl[]> = (_env, taskOrTasks, frame, driver) => {
  const tasks = is.array(taskOrTasks) ? taskOrTasks : [taskOrTasks]
  const api = is.array(taskOrTasks) ? 'halt([...tasks])' : 'halt(task)'
  let pending = tasks.length
  let waiting = true
  const stopWaiting = (): unknown[] => tasks.flatMap(stopWaitingForHalt)
  // What the cleanup threw when this halt cannot throw it any more: to a halt up the chain, or
  // else reported as uncaught (there is no saga left to catch it).
  const passOn = (errors: unknown[]): void => {
    for (const error of errors) if (!driver.reportCleanupErrorToHalt(error)) reportUncaught(error)
  }
  const onFinished = (): void => {
    if (!waiting || --pending !== 0) return
    waiting = false
    const errors = stopWaiting()
    // A task that halts itself (or an ancestor) is cancelled by its own halt, which ended this
    // effect before it could install its disposer.
    if (frame.settled) passOn(errors)
    else if (errors.length === 0) frame.settle()
    else if (errors.length === 1) frame.settle(errors[0], true)
    else frame.settle(new AggregateError(errors, `${api}: the cleanup threw ${errors.length} errors (see .errors)`), true)
  }
  if (pending === 0) return frame.settle()
  for (const task of tasks) waitForHalt(task)
  for (const task of tasks) {
    if (task.isRunning()) {
      task.cancel(cancelReason('halt', `task "${task.meta.name}" was halted by task "${driver.meta.name}"`))
    }
  }
  // A halting task still running after the cancellation (it is cleaning up already) that is
  // part of a halted task's cleanup (it is that task, or one it started) would wait for itself
  // forever: the halt fails instead of hanging it and whoever waits on it.
  const own = frame.settled ? undefined : tasks.find((task) => task instanceof TaskImpl && cleanupIncludes(task, driver))
  if (own !== undefined) {
    waiting = false
    passOn(stopWaiting())
    const name = own.meta.name
    const who = own === driver ? 'it is that task' : `it was started by "${name}"`
    return frame.settle(
      new Error(
        `${api}: task "${driver.meta.name}" is part of the cleanup of task "${name}" (${who}), so halting "${name}" from it would wait forever; ` +
          `halt "${name}" from a task outside it, or use cancel(task), which does not wait`,
      ),
      true,
    )
  }
  for (const task of tasks) task.whenFinished(onFinished)
  return () => {
    if (!waiting) return
    waiting = false
    // The halting task is cancelled: what the cleanup threw meanwhile is passed on (not thrown
    // here, which would stop the halting task's own cancellation midway).
    passOn(stopWaiting())
  }
}
