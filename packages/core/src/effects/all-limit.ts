import { cancelReason } from '../internal/cancel-reason.js'
import type { Continuation } from '../internal/proc.js'
import * as is from '../internal/is.js'
import type { Runner } from './runner.js'

/**
 * `allLimit(limit, effects)`: at most `limit` children digested at a time, the next one each time
 * one settles. Children that settle synchronously are started from a loop, not by recursion, so a
 * long list of synchronous effects does not grow the stack. Fail fast like `all`.
 */
export const runAllLimit: Runner<{ limit: number; effects: readonly unknown[] }> = (_env, { limit, effects }, frame, driver) => {
  const total = effects.length
  if (total === 0) return frame.settle([])
  const results = new Array(total).fill(undefined)
  const active = new Set<Continuation>()
  let started = 0
  let finished = 0
  let completed = false
  let pumping = false

  const cancel = (reason?: unknown): void => {
    if (completed) return
    completed = true
    const running = [...active]
    active.clear()
    for (const slot of running) slot.frame?.cancel(reason)
  }

  const pump = (): void => {
    if (pumping) return
    pumping = true
    try {
      while (!completed && active.size < limit && started < total) {
        const index = started++
        const slot: Continuation = {
          frame: null,
          resume(value, isErr) {
            if (completed) return
            active.delete(slot)
            if (isErr || is.endSignal(value)) {
              cancel(cancelReason('all', 'cancelled because another effect of allLimit() failed'))
              return frame.settle(value, isErr)
            }
            results[index] = value
            if (++finished === total) {
              completed = true
              return frame.settle(results)
            }
            pump()
          },
        }
        active.add(slot)
        driver.digest(effects[index], frame.id, slot, String(index))
      }
    } finally {
      pumping = false
    }
  }

  frame.setDisposer(cancel)
  pump()
  return cancel
}
