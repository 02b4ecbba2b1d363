import type { Continuation } from '../internal/proc.js'
import { clearSagaStack } from '../internal/saga-error.js'
import { backoffDelay } from '../resilience/options.js'
import type { SuperviseOptions } from '../resilience/supervise.js'
import type { Runner } from './runner.js'

/**
 * Restarts without a wait that may follow each other at one instant of the clock before the next
 * waits a 0 ms timer. Unbounded restarts (`maxRestarts: Infinity`, or a window too large to ever
 * fill) of a saga that crashes at once, synchronously or in a promise job, would otherwise loop
 * without ever letting the event loop run: timers, I/O and the cancellation that could stop it
 * would never come. A limit that lets any realistic burst of crashes restart at once.
 */
const RESTARTS_PER_INSTANT = 1_000

/**
 * `supervise(saga, options, ...args)`: digests the `call` of the saga; an error restarts it
 * (after the back-off, on the saga's clock) unless the sliding window already holds
 * `maxRestarts` restarts, in which case the error is thrown. A swallowed crash is handled here as
 * if user code had caught it, so its sagaStack frames are cleared. Restarts after synchronous
 * crashes run from a loop, not by recursion.
 */
export const runSupervise: Runner<{ effect: unknown; options: SuperviseOptions }> = (env, { effect, options }, frame, driver) => {
  const { maxRestarts, withinMs, backoff } = options
  /** The times of the restarts in the window (`withinMs` finite), oldest first. */
  const restarts: number[] = []
  let restartsEver = 0
  let current: Continuation | null = null
  let timer: unknown = undefined
  let done = false
  let starting = false
  let startAgain = false
  /** The clock time of the last immediate restart, and how many there were at that time. */
  let burstAt = NaN
  let burst = 0

  const onCrash = (error: unknown): void => {
    const now = env.clock.now()
    // The window [now - withinMs, now] includes its bounds (as an OTP supervisor's period does): a
    // saga that crashes at once, again and again, gives up at the same instant even with withinMs 0.
    while (restarts.length > 0 && restarts[0]! < now - withinMs) restarts.shift()
    const inWindow = withinMs === Infinity ? restartsEver : restarts.length
    if (inWindow >= maxRestarts) {
      done = true
      return frame.settle(error, true)
    }
    clearSagaStack()
    // A window that never ends needs no times, only a count (no array that grows with every
    // restart of a saga supervised forever).
    if (withinMs === Infinity) restartsEver++
    else restarts.push(now)
    const wait = backoff ? backoffDelay(backoff, inWindow + 1) : 0
    if (wait === 0 && !tooManyAt(now)) return start()
    // A back-off, or a 0 ms timer that lets the event loop run (see RESTARTS_PER_INSTANT).
    timer = env.clock.setTimeout(() => {
      timer = undefined
      start()
    }, wait)
  }

  /** Counts an immediate restart at `now`; true when it is one too many for that instant. */
  const tooManyAt = (now: number): boolean => {
    if (now !== burstAt) {
      burstAt = now
      burst = 0
    }
    if (++burst <= RESTARTS_PER_INSTANT) return false
    burst = 0
    return true
  }

  const runOnce = (): void => {
    const slot: Continuation = {
      frame: null,
      resume(value, isErr) {
        if (done || slot !== current) return
        if (isErr) return onCrash(value)
        done = true
        frame.settle(value)
      },
    }
    current = slot
    driver.digest(effect, frame.id, slot, '')
  }

  function start(): void {
    if (starting) {
      startAgain = true
      return
    }
    starting = true
    try {
      do {
        startAgain = false
        runOnce()
      } while (startAgain && !done)
    } finally {
      starting = false
    }
  }

  const dispose = (reason?: unknown): void => {
    if (done) return
    done = true
    if (timer !== undefined) env.clock.clearTimeout(timer)
    current?.frame?.cancel(reason)
  }
  frame.setDisposer(dispose)
  start()
  return done ? undefined : dispose
}
