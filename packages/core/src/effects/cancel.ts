import { cancelReason, type Describe } from '../internal/cancel-reason.js'
import * as is from '../internal/is.js'
import type { TaskImpl } from '../internal/task.js'
import { SELF_CANCELLATION } from '../symbols.js'
import type { Runner } from './runner.js'

const cancelledItself: Describe = (task) => `task "${task.meta.name}" cancelled itself`
const cancelledBy: Describe = (task, by) => `task "${task.meta.name}" was cancelled by task "${by.meta.name}"`

/** `cancel(task | tasks)` or `cancel()` (self): cancels running tasks and resumes at once. Not cancellable. */
export const runCancel: Runner<TaskImpl | TaskImpl[] | typeof SELF_CANCELLATION> = (_env, taskOrTasks, frame, driver) => {
  const by = driver
  if (taskOrTasks === SELF_CANCELLATION) cancelTask(by, by)
  else if (is.array(taskOrTasks)) taskOrTasks.forEach((task) => cancelTask(task, by))
  else cancelTask(taskOrTasks, by)
  frame.settle()
}

/** Cancels `task` if it runs, for a `cancel` effect yielded by task `by` (the runner and the driver's frameless fast path in proc.ts). */
export function cancelTask(task: TaskImpl, by: TaskImpl): void {
  if (!task.isRunning()) return
  task.cancel(task === by ? cancelReason('cancel', cancelledItself, by) : cancelReason('cancel', cancelledBy, task, by))
}
