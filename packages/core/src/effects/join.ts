import * as is from '../internal/is.js'
import type { Cancellable } from '../internal/proc.js'
import { NO_JOINERS, type Joiner as JoinerShape, type TaskImpl } from '../internal/task.js'
import { AllGroup } from './all-style.js'
import type { Runner } from './runner.js'

/** What a join settles: the join effect's Frame, or a slot of `join([...])`. */
interface Settleable {
  settle(value: unknown, isErr?: boolean): void
}

/** A join waiting for a running task; also its disposer (a cancelled join stops waiting). */
class Joiner implements JoinerShape, Cancellable {
  constructor(
    private readonly target: TaskImpl,
    private readonly waiter: Settleable,
  ) {}
  settle(result: unknown, isErr: boolean): void {
    this.waiter.settle(result, isErr)
  }
  cancel(): void {
    if (!this.target.isRunning()) return
    const joiners = this.target.joiners!
    const index = joiners.indexOf(this)
    if (index >= 0) joiners.splice(index, 1)
  }
}

function joinOne(target: TaskImpl, waiter: Settleable): Joiner | undefined {
  if (target.isRunning()) {
    const joiner = new Joiner(target, waiter)
    if (target.joiners === NO_JOINERS) target.joiners = []
    target.joiners!.push(joiner)
    return joiner
  }
  if (target.isAborted()) waiter.settle(target.error(), true)
  else waiter.settle(target.result())
  return undefined
}

/** `join(task)` / `join([...tasks])`: the result, the error, or (for a cancelled task) TASK_CANCEL, which cancels the joiner. */
export const runJoin: Runner<TaskImpl | TaskImpl[]> = (_env, taskOrTasks, frame) => {
  if (!is.array(taskOrTasks)) return joinOne(taskOrTasks, frame)
  if (taskOrTasks.length === 0) {
    frame.settle([])
    return
  }
  const group = new AllGroup(Object.keys(taskOrTasks), true, frame)
  frame.setGroup(group)
  taskOrTasks.forEach((t, i) => {
    const slot = group.slot(i)
    slot.dispose = joinOne(t, slot) ?? null
  })
  return group
}
