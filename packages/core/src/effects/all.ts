import { effectTypes } from '../effect-types.js'
import { delayP } from '../internal/delay.js'
import { invoke } from '../internal/invoke.js'
import * as is from '../internal/is.js'
import { Frame } from '../internal/proc.js'
import { setCrashedEffect } from '../internal/saga-error.js'
import { currentEffectId, nextEffectId } from '../internal/uid.js'
import { IO } from '../symbols.js'
import { AllGroup } from './all-style.js'
import { awaitCallResult } from './call.js'
import type { Runner } from './runner.js'

/**
 * `all(effects)`: every child digested in key order (even after one failed synchronously: reference quirk 4.1).
 * Fast path (no monitor, no effect middleware, as in the driver's): a `call` child is invoked
 * directly and, if it returns a plain value or throws, settles its key without a Frame or a slot;
 * only a promise or iterator result gets them. Same effect ids, same order (bench: all 100k, issue #7).
 */
export const runAll: Runner<any> = (env, effects, frame, driver) => {
  // As the reference: children's parent id is the global counter now (not `frame.id`); they differ
  // when an effect middleware called next() late (fuzzer seeds 190, 250).
  const parentId = currentEffectId()
  const keys = Object.keys(effects)
  if (keys.length === 0) {
    frame.settle(is.array(effects) ? [] : {})
    return
  }
  const group = new AllGroup(keys, is.array(effects), frame)
  frame.setGroup(group)
  const fast = env.sagaMonitor === undefined && env.middleware === undefined
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const effect = effects[key]
    if (fast && effect !== null && typeof effect === 'object' && effect[IO] === true && effect.type === effectTypes.CALL && effect.payload.fn !== delayP) {
      const { context, fn, args } = effect.payload
      const effectId = nextEffectId()
      let result: unknown
      try {
        result = invoke(fn, context, args)
      } catch (error) {
        setCrashedEffect(effect)
        group.childSettled(key, error, true)
        continue
      }
      // `then` read once here and once by the `then` call, as the reference's runCallEffect.
      const promise = is.promise(result)
      if (!promise && !is.iterator(result)) {
        group.childSettled(key, result, false)
        continue
      }
      const slot = group.slot(i)
      const childFrame = new Frame(driver, effectId, effect, slot)
      slot.frame = childFrame
      try {
        awaitCallResult(driver, childFrame, result, fn, promise)
      } catch (error) {
        childFrame.settle(error, true)
      }
      continue
    }
    driver.digest(effect, parentId, group.slot(i), key)
  }
  return group
}
