import { TimeoutError } from '@sagaflow/cancellation'
import { cancelReason } from '../internal/cancel-reason.js'
import type { Continuation } from '../internal/proc.js'
import type { TimeoutPayload } from '../resilience/timeout.js'
import type { Runner } from './runner.js'

/*
 * `timeout(ms, effect)`: the child is digested like a race branch; a timer on the saga's clock
 * races it. The timer is started only if the child did not settle synchronously, and cleared
 * whichever way the effect ends. On expiry the child is cancelled first (reason kind 'timeout',
 * which a cancelled sub-task's signal carries), then the effect fails with a TimeoutError.
 */
export const runTimeout: Runner<TimeoutPayload> = (env, { ms, effect, message }, frame, driver) => {
  let handle: unknown = undefined
  let done = false
  const child: Continuation = {
    frame: null,
    resume(value, isErr) {
      if (done) return
      done = true
      if (handle !== undefined) env.clock.clearTimeout(handle)
      frame.settle(value, isErr)
    },
  }
  const dispose = (reason?: unknown): void => {
    if (done) return
    done = true
    if (handle !== undefined) env.clock.clearTimeout(handle)
    child.frame?.cancel(reason)
  }
  frame.setDisposer(dispose)
  driver.digest(effect, frame.id, child, '')
  if (done) return
  // The expiry settles one promise job after the timer fires, as `delay` does (effects/call.ts):
  // an effect whose own timer fired first (a `delay`, a sub-saga's) settles first. Ending the
  // wait inside the timer's callback made a VirtualClock's `advance` past both times end with a
  // TimeoutError: it fires every due timer before any promise job runs, where the system clock
  // runs the effect's settle between the two timers.
  const expire = (): void => {
    if (done) return
    done = true
    child.frame?.cancel(cancelReason('timeout', `cancelled by timeout(${ms}): it took longer than ${ms} ms`))
    frame.settle(new TimeoutError(ms, message), true)
  }
  handle = env.clock.setTimeout(() => {
    if (!done) RESOLVED.then(expire)
  }, ms)
  return dispose
}

const RESOLVED = Promise.resolve()
