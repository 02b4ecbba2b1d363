import { cancelReason } from '../internal/cancel-reason.js'
import * as is from '../internal/is.js'
import type { Continuation } from '../internal/proc.js'
import { clearSagaStack } from '../internal/saga-error.js'
import type { Runner } from './runner.js'

/**
 * `allSettled(effects)`: every child digested in key order; each outcome recorded as
 * `{ status, value | reason }`. A rejection is caught here, as if by user code, so its sagaStack
 * frames are cleared. TERMINATE / TASK_CANCEL still end the saga, cancelling the others (as `all`).
 */
export const runAllSettled: Runner<any> = (_env, effects, frame, driver) => {
  const keys = Object.keys(effects)
  const results: any = is.array(effects) ? new Array(keys.length).fill(undefined) : {}
  // An object's keys are laid out in the order written, not the order the effects settle in
  // (the reference's all() gives settle order; allSettled is ours, and reads like its input).
  if (!is.array(effects)) for (const key of keys) results[key] = undefined
  if (keys.length === 0) return frame.settle(results)
  let remaining = keys.length
  let completed = false
  const slots: Continuation[] = []
  const cancel = (reason?: unknown): void => {
    if (completed) return
    completed = true
    for (const slot of slots) slot.frame?.cancel(reason)
  }
  for (const key of keys) {
    slots.push({
      frame: null,
      resume(value, isErr) {
        if (completed) return
        if (!isErr && is.endSignal(value)) {
          cancel(cancelReason('all', 'cancelled because another effect of allSettled() was terminated'))
          return frame.settle(value)
        }
        if (isErr) clearSagaStack()
        results[key] = isErr ? { status: 'rejected', reason: value } : { status: 'fulfilled', value }
        if (--remaining === 0) {
          completed = true
          frame.settle(results)
        }
      },
    })
  }
  frame.setDisposer(cancel)
  for (let i = 0; i < keys.length && !completed; i++) driver.digest(effects[keys[i]!], frame.id, slots[i]!, keys[i]!)
  return cancel
}
