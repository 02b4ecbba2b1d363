import * as is from '../internal/is.js'
import type { Cont, TaskImpl } from '../internal/task.js'
import { AllGroup, type AllSlot } from './all-style.js'
import type { Runner } from './runner.js'

function joinOne(joining: TaskImpl, target: TaskImpl, cb: Cont): (() => void) | undefined {
  if (target.isRunning()) {
    const joiner = { task: joining, cb }
    target.joiners!.push(joiner)
    return () => {
      if (!target.isRunning()) return
      const index = target.joiners!.indexOf(joiner)
      if (index >= 0) target.joiners!.splice(index, 1)
    }
  }
  if (target.isAborted()) cb(target.error(), true)
  else cb(target.result())
  return undefined
}

/** `join(task)` / `join([...tasks])`: the result, the error, or (for a cancelled task) TASK_CANCEL, which cancels the joiner. */
export const runJoin: Runner<TaskImpl | TaskImpl[]> = (_env, taskOrTasks, frame, driver) => {
  if (!is.array(taskOrTasks)) return joinOne(driver.task, taskOrTasks, frame.settle)
  if (taskOrTasks.length === 0) {
    frame.settle([])
    return
  }
  const group = new AllGroup(Object.keys(taskOrTasks), true, frame)
  frame.setDisposer(group.cancel)
  taskOrTasks.forEach((t, i) => {
    const slot: AllSlot = group.slot(i)
    slot.dispose = joinOne(driver.task, t, slot.settle) ?? null
  })
  return group.cancel
}
