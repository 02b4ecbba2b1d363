import type { Continuation } from '../internal/proc.js'
import { CircuitOpenError, type Breaker } from '../resilience/circuit-breaker.js'
import * as is from '../internal/is.js'
import type { Runner } from './runner.js'

/**
 * `breaker.call(fn, ...args)`: asks the breaker for admission on the saga's clock; refused, it
 * fails at once with CircuitOpenError; admitted, it digests the inner `call` and reports its
 * outcome (cancellation included) to the breaker before passing it on.
 */
export const runCircuitBreaker: Runner<{ breaker: Breaker; effect: unknown }> = (env, { breaker, effect }, frame, driver) => {
  const admission = breaker.admit(env.clock)
  if (admission instanceof CircuitOpenError) return frame.settle(admission, true)
  let done = false
  const child: Continuation = {
    frame: null,
    resume(value, isErr) {
      if (done) return
      done = true
      const cancelled = !isErr && is.endSignal(value)
      breaker.settled(admission, isErr ? 'error' : cancelled ? 'cancelled' : 'ok', env.clock)
      frame.settle(value, isErr)
    },
  }
  const dispose = (reason?: unknown): void => {
    if (done) return
    done = true
    breaker.settled(admission, 'cancelled', env.clock)
    child.frame?.cancel(reason)
  }
  frame.setDisposer(dispose)
  driver.digest(effect, frame.id, child, '')
  return done ? undefined : dispose
}
