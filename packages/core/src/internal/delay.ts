import { systemClock, type Clock } from '@sagaflow/cancellation'
import { CANCEL } from '../symbols.js'
import { isDevelopment } from './dev.js'
import { shared } from './shared.js'

/** The longest wait one `delay` takes: setTimeout's limit, 2^31 - 1 ms (~24.8 days). */
export const MAX_SIGNED_INT = 2147483647

/**
 * The function behind `delay(ms, value)`: `delay(ms)` deep-equals `call(delayP, ms)` as in the
 * reference. The call runner recognises it and runs it on the saga's clock (`runDelay`), so a
 * `VirtualClock` drives every delay; called directly it uses the system clock. One function for
 * every copy of the package in the process (see `shared`).
 */
function delayPromise<T = true>(...args: [ms: number, value?: T]): Promise<T> {
  return runDelay(systemClock, args) as Promise<T>
}
// Named as the reference's (monitors and loggers print `payload.fn.name`), here rather than by the
// declaration: a bundler may rename a function that shares its name with a binding.
Object.defineProperty(delayPromise, 'name', { value: 'delayP' })
export const delayP = shared('delayP', delayPromise)

/**
 * The timer length of `delay(ms)`: past the largest timer it throws in development and is capped
 * in production, as the reference's builds do.
 */
export function delayMs(ms: number): number {
  if (isDevelopment && ms > MAX_SIGNED_INT) throw new Error(`delay only supports a maximum value of ${MAX_SIGNED_INT}ms`)
  return Math.min(MAX_SIGNED_INT, ms)
}

/** Runs a delay on `clock`; the promise carries `[CANCEL]` that clears the timer. */
export function runDelay(clock: Clock, args: readonly unknown[]): Promise<unknown> {
  const value = args.length > 1 && args[1] !== undefined ? args[1] : true
  const ms = delayMs(args[0] as number)
  let handle: unknown
  const promise = new Promise((resolve) => {
    handle = clock.setTimeout(() => resolve(value), ms)
  })
  ;(promise as any)[CANCEL] = () => clock.clearTimeout(handle)
  return promise
}
