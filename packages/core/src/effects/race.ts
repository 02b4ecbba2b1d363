import { cancelReason } from '../internal/cancel-reason.js'
import * as is from '../internal/is.js'
import type { Continuation, Frame } from '../internal/proc.js'
import { TASK_CANCEL, TERMINATE } from '../symbols.js'
import type { Runner } from './runner.js'

class RaceSlot implements Continuation {
  frame: Frame | null = null
  constructor(
    private readonly race: RaceGroup,
    readonly key: string,
  ) {}
  resume(value: unknown, isErr: boolean): void {
    this.race.childSettled(this.key, value, isErr)
  }
}

class RaceGroup {
  completed = false
  readonly slots: RaceSlot[]
  constructor(
    keys: string[],
    private readonly response: any,
    private readonly parent: Frame,
  ) {
    this.slots = keys.map((key) => new RaceSlot(this, key))
  }

  readonly cancel = (reason?: unknown): void => {
    if (this.completed) return
    this.completed = true
    for (const slot of this.slots) slot.frame?.cancel(reason)
  }

  childSettled(key: string, value: unknown, isErr: boolean): void {
    if (this.completed) return
    this.cancel(cancelReason('race', `cancelled because it lost a race (winner: "${key}")`))
    if (isErr || value === TERMINATE || value === TASK_CANCEL) return this.parent.settle(value, isErr)
    this.response[key] = value
    this.parent.settle(this.response)
  }
}

/**
 * `race(effects)`: the first child to settle wins, the others are cancelled. A child that settles
 * synchronously keeps the later ones from starting; `race({})` never settles.
 */
export const runRace: Runner<any> = (_env, effects, frame, driver) => {
  const keys = Object.keys(effects)
  const response = is.array(effects) ? new Array(keys.length).fill(undefined) : {}
  const group = new RaceGroup(keys, response, frame)
  frame.setDisposer(group.cancel)
  for (const slot of group.slots) {
    if (group.completed) break
    driver.digest(effects[slot.key], frame.id, slot, slot.key)
  }
  return group.cancel
}
