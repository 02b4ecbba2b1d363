/**
 * The source of time for everything in sagaflow that waits: token timeouts here, and `delay`,
 * `debounce`, `throttle`, `retry` back-off and `timeout` in `@sagaflow/core`. Inject
 * {@link systemClock} in production and a {@link VirtualClock} in tests.
 *
 * A handle is whatever `setTimeout` returned; only the same clock's `clearTimeout` understands
 * it. `clearTimeout` of a timer that already fired or was already cleared does nothing.
 *
 * @example
 * ```ts
 * // A clock that logs every timer it schedules.
 * const loggingClock: Clock = {
 *   now: () => systemClock.now(),
 *   setTimeout(callback, ms) {
 *     console.log(`timer in ${ms} ms`)
 *     return systemClock.setTimeout(callback, ms)
 *   },
 *   clearTimeout: (handle) => systemClock.clearTimeout(handle),
 * }
 * const token = CancellationToken.timeout(1_000, { clock: loggingClock })
 * ```
 */
export interface Clock {
  /** The current time in milliseconds (for `systemClock`, `Date.now()`). */
  now(): number
  /** Calls `callback` once, `ms` milliseconds from now; returns a handle for `clearTimeout`. */
  setTimeout(callback: () => void, ms: number): unknown
  /** Cancels a timer that has not fired yet. */
  clearTimeout(handle: unknown): void
}

/** The largest delay engines accept; a longer one fires at once (Node also warns). */
const MAX_DELAY = 2 ** 31 - 1

/** The handle of a timer longer than `MAX_DELAY`, re-armed in `MAX_DELAY` steps. */
class LongTimer {
  id: unknown = undefined
}

/** The handle of a timer that never fires (`ms === Infinity`). */
const neverHandle = Object.freeze({})

/**
 * The real clock: `Date.now()` and the host's `setTimeout` / `clearTimeout`. This is the only
 * module in sagaflow that touches the global timer functions.
 *
 * Delays longer than about 24.8 days (2^31 - 1 ms) are split into steps, and `Infinity` never
 * fires, where the host's `setTimeout` would fire both at once.
 *
 * @example
 * ```ts
 * const handle = systemClock.setTimeout(() => console.log('one second later'), 1_000)
 * systemClock.clearTimeout(handle) // changed my mind
 * systemClock.now() // same as Date.now()
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now(): number {
    return Date.now()
  },

  setTimeout(callback: () => void, ms: number): unknown {
    if (ms === Infinity) return neverHandle
    // eslint-disable-next-line no-restricted-globals
    if (!(ms > MAX_DELAY)) return setTimeout(callback, ms)
    const timer = new LongTimer()
    const due = Date.now() + ms
    const arm = (): void => {
      const left = due - Date.now()
      // eslint-disable-next-line no-restricted-globals
      timer.id = left > MAX_DELAY ? setTimeout(arm, MAX_DELAY) : setTimeout(callback, Math.max(0, left))
    }
    arm()
    return timer
  },

  clearTimeout(handle: unknown): void {
    if (handle === neverHandle) return
    // eslint-disable-next-line no-restricted-globals
    clearTimeout((handle instanceof LongTimer ? handle.id : handle) as Parameters<typeof clearTimeout>[0])
  },
})
