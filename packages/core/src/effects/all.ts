import * as is from '../internal/is.js'
import { AllGroup } from './all-style.js'
import type { Runner } from './runner.js'

/** `all(effects)`: every child digested in key order (even after one failed synchronously: reference quirk 4.1). */
export const runAll: Runner<any> = (_env, effects, frame, driver) => {
  const keys = Object.keys(effects)
  if (keys.length === 0) {
    frame.settle(is.array(effects) ? [] : {})
    return
  }
  const group = new AllGroup(keys, is.array(effects), frame)
  frame.setDisposer(group.cancel)
  for (let i = 0; i < keys.length; i++) driver.digest(effects[keys[i]!], frame.id, group.slots[i]!, keys[i]!)
  return group.cancel
}
