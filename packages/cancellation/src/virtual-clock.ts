import type { Clock } from './clock.js'
import { checkOptions } from './internal/checks.js'
import { isDevelopment } from './internal/dev.js'
import { describeValue } from './internal/describe.js'
import { TimerHeap, VirtualTimer } from './internal/timer-heap.js'

/**
 * Options of {@link VirtualClock}.
 *
 * @example
 * ```ts
 * // A test that legitimately fires a million chained timers in one runAll():
 * const clock = new VirtualClock(0, { loopLimit: 2_000_000 })
 * ```
 */
export interface VirtualClockOptions {
  /**
   * How many timers one `runAll()` may fire beyond those pending when it started (and how many
   * timers scheduled during one `advance`/`advanceTo` it may fire without time moving) before it
   * gives up with an error, because timers keep scheduling new timers. Default 100 000.
   */
  readonly loopLimit?: number | undefined
}

const DEFAULT_LOOP_LIMIT = 100_000

/**
 * A clock whose time moves only when the test says so. Pass it as `clock` wherever sagaflow
 * takes one, then drive it with {@link VirtualClock.advance | advance(ms)},
 * {@link VirtualClock.advanceTo | advanceTo(t)} or {@link VirtualClock.runAll | runAll()}.
 *
 * Deterministic: timers fire in order of due time, timers due at the same time in the order they
 * were created, and `now()` inside a timer callback is that timer's due time. A timer scheduled by
 * a firing timer fires in the same `advance` if it falls due within the advanced window.
 *
 * An error thrown by a timer callback does not stop the clock: the remaining due timers still
 * fire and time still reaches its target; then `advance`/`advanceTo`/`runAll` rethrows the error
 * (several errors together as one `AggregateError`).
 *
 * @example
 * ```ts
 * const clock = new VirtualClock()
 * const token = CancellationToken.timeout(1_000, { clock })
 * clock.advance(999)
 * token.isCancelled // false
 * clock.advance(1)
 * token.isCancelled // true, and no real time passed
 * ```
 */
export class VirtualClock implements Clock {
  #now: number
  #seq = 0
  #running = false
  readonly #timers = new TimerHeap()
  readonly #loopLimit: number

  /**
   * Creates a clock at `startTime`, with no timer pending.
   *
   * @param startTime - the initial value of `now()` (default 0; pass e.g. `Date.UTC(...)` for
   * code that formats timestamps)
   * @param options - see {@link VirtualClockOptions}
   */
  constructor(startTime = 0, options: VirtualClockOptions = {}) {
    if (isDevelopment) {
      if (typeof startTime !== 'number' || !Number.isFinite(startTime)) {
        throw new TypeError(`new VirtualClock(startTime): expected a finite number, got ${describeValue(startTime)}`)
      }
      checkOptions(options, ['loopLimit'], 'new VirtualClock(startTime, options)')
    }
    const loopLimit = options.loopLimit ?? DEFAULT_LOOP_LIMIT
    if (isDevelopment && (typeof loopLimit !== 'number' || !(loopLimit >= 1))) {
      throw new TypeError(`new VirtualClock(startTime, { loopLimit }): expected a number >= 1, got ${describeValue(loopLimit)}`)
    }
    this.#now = startTime
    this.#loopLimit = loopLimit
  }

  /**
   * The virtual time in milliseconds.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock(1_000)
   * clock.advance(500)
   * clock.now() // 1500
   * ```
   */
  now(): number {
    return this.#now
  }

  /**
   * Schedules `callback` at `now() + ms`. Like the host's `setTimeout`, a negative or NaN `ms`
   * counts as 0; `Infinity` never fires (and is not counted by `pending()`).
   *
   * @example
   * ```ts
   * const clock = new VirtualClock()
   * clock.setTimeout(() => console.log('at', clock.now()), 100)
   * clock.advance(100) // logs 'at 100'
   * ```
   */
  setTimeout(callback: () => void, ms: number): object {
    if (isDevelopment && typeof callback !== 'function') {
      throw new TypeError(`VirtualClock.setTimeout(callback, ms): expected callback to be a function, got ${describeValue(callback)}`)
    }
    const delay = Number(ms)
    const timer = new VirtualTimer(this, this.#now + (delay > 0 ? delay : 0), this.#seq++, callback)
    if (timer.due !== Infinity) this.#timers.push(timer)
    return timer
  }

  /**
   * Cancels a pending timer. A handle that already fired, was cleared, or came from another
   * clock is ignored.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock()
   * const handle = clock.setTimeout(() => console.log('never'), 100)
   * clock.clearTimeout(handle)
   * clock.pending() // 0
   * ```
   */
  clearTimeout(handle: unknown): void {
    if (handle instanceof VirtualTimer && handle.owner === this) this.#timers.remove(handle)
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due on the way (see the class
   * description for the order).
   *
   * @example
   * ```ts
   * const clock = new VirtualClock()
   * const source = new CancellationTokenSource({ timeoutMs: 5_000, clock })
   * clock.advance(5_000)
   * source.token.reason // TimeoutError: Operation timed out after 5000 ms
   * ```
   */
  advance(ms: number): void {
    if (isDevelopment && (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity)) {
      throw new TypeError(`VirtualClock.advance(ms): expected a finite non-negative number, got ${describeValue(ms)}`)
    }
    this.#runUntil(this.#now + ms, 'advance(ms)')
  }

  /**
   * Moves time forward to the absolute time `time`, firing every timer due until then.
   * Throws a `RangeError` if `time` is before `now()`.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock(1_000)
   * clock.advanceTo(1_250)
   * clock.now() // 1250
   * clock.advanceTo(1_000) // RangeError: cannot travel back in time
   * ```
   */
  advanceTo(time: number): void {
    if (isDevelopment && (typeof time !== 'number' || !Number.isFinite(time))) {
      throw new TypeError(`VirtualClock.advanceTo(t): expected a finite number, got ${describeValue(time)}`)
    }
    if (time < this.#now) {
      throw new RangeError(`VirtualClock.advanceTo(t): cannot travel back in time from ${this.#now} to ${time}`)
    }
    this.#runUntil(time, 'advanceTo(t)')
  }

  /**
   * Fires timers, moving time forward to each, until none is pending, including timers that
   * firing timers schedule. Gives up with an error if timers keep scheduling timers (a polling
   * loop, an interval) beyond the loop limit; use `advance(ms)` for those.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock()
   * clock.setTimeout(() => clock.setTimeout(() => console.log('done at', clock.now()), 50), 100)
   * clock.runAll() // logs 'done at 150'
   * clock.pending() // 0
   * ```
   */
  runAll(): void {
    this.#enter('runAll()')
    const timers = this.#timers
    const limit = timers.size + this.#loopLimit
    const errors: unknown[] = []
    let fired = 0
    try {
      for (let timer = timers.pop(); timer !== undefined; timer = timers.pop()) {
        if (++fired > limit) {
          timers.push(timer)
          throw givingUp(
            `VirtualClock.runAll(): gave up after firing ${this.#loopLimit} timers beyond those pending at the start: ` +
              `timers keep scheduling new timers (an interval or a polling loop?). ` +
              `Use advance(ms) to run a bounded stretch of time, or raise the limit with new VirtualClock(startTime, { loopLimit }).`,
            errors,
            'runAll()',
          )
        }
        this.#fire(timer, errors)
      }
    } finally {
      this.#running = false
    }
    rethrow(errors, 'runAll()')
  }

  /**
   * The number of timers scheduled and not yet fired or cleared.
   *
   * @example
   * ```ts
   * const clock = new VirtualClock()
   * clock.setTimeout(() => {}, 10)
   * clock.pending() // 1
   * clock.advance(10)
   * clock.pending() // 0
   * ```
   */
  pending(): number {
    return this.#timers.size
  }

  #runUntil(time: number, api: string): void {
    this.#enter(api)
    const timers = this.#timers
    const errors: unknown[] = []
    // Only timers scheduled during this call count towards the limit: any number of timers set
    // up beforehand for one instant is finite work (as in runAll), not a zero-delay loop.
    const firstNew = this.#seq
    let firedAtThisInstant = 0
    try {
      for (let timer = timers.peek(); timer !== undefined && timer.due <= time; timer = timers.peek()) {
        if (timer.due > this.#now) firedAtThisInstant = 0
        if (timer.seq >= firstNew && ++firedAtThisInstant > this.#loopLimit) {
          throw givingUp(
            `VirtualClock.${api}: gave up after firing ${this.#loopLimit} timers at time ${this.#now} without time moving: ` +
              `a timer keeps scheduling zero-delay timers. Raise the limit with new VirtualClock(startTime, { loopLimit }) if this is intended.`,
            errors,
            api,
          )
        }
        timers.pop()
        this.#fire(timer, errors)
      }
      this.#now = time
    } finally {
      this.#running = false
    }
    rethrow(errors, api)
  }

  #fire(timer: VirtualTimer, errors: unknown[]): void {
    if (timer.due > this.#now) this.#now = timer.due
    try {
      timer.callback()
    } catch (error) {
      errors.push(error)
    }
  }

  /** Moving time from inside a timer callback would fire timers out of order. */
  #enter(api: string): void {
    if (this.#running) {
      throw new Error(`VirtualClock.${api}: called from inside a timer callback; move time from the test, outside the callbacks`)
    }
    this.#running = true
  }
}

/** The loop-limit error, with what timer callbacks threw before it as its `cause` (not dropped). */
function givingUp(message: string, errors: unknown[], api: string): Error {
  if (errors.length === 0) return new Error(message)
  const cause = errors.length === 1 ? errors[0] : new AggregateError(errors, `VirtualClock.${api}: ${errors.length} timer callbacks threw`)
  return new Error(`${message} Timer callbacks threw before that (see cause).`, { cause })
}

function rethrow(errors: unknown[], api: string): void {
  if (errors.length === 1) throw errors[0]
  if (errors.length > 1) throw new AggregateError(errors, `VirtualClock.${api}: ${errors.length} timer callbacks threw`)
}
