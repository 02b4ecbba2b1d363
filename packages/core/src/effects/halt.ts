import { cancelReason } from '../internal/cancel-reason.js'
import * as is from '../internal/is.js'
import type { TaskImpl } from '../internal/task.js'
import type { Runner } from './runner.js'

/**
 * `halt(task | tasks)`: cancels like `cancel`, then settles only once each task and all its
 * cleanup (async work in `finally`, sub-tasks, attached forks) has finished. Cancelling the
 * halting task stops the wait, not the cleanup.
 */
export const runHalt: Runner<TaskImpl | TaskImpl[]> = (_env, taskOrTasks, frame, driver) => {
  const tasks = is.array(taskOrTasks) ? taskOrTasks : [taskOrTasks]
  let pending = tasks.length
  let waiting = true
  const onFinished = (): void => {
    if (waiting && --pending === 0) frame.settle()
  }
  for (const task of tasks) {
    if (task.isRunning()) {
      task.cancel(cancelReason('halt', `task "${task.meta.name}" was halted by task "${driver.meta.name}"`))
    }
  }
  if (pending === 0) return frame.settle()
  for (const task of tasks) task.whenFinished(onFinished)
  return () => {
    waiting = false
  }
}
