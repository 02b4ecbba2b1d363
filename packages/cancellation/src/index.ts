/**
 * `@sagaflow/cancellation`: cancellation tokens, the `AbortSignal` bridge, and clocks.
 *
 * @packageDocumentation
 */
export { CancellationError, TimeoutError, isCancellationError } from './errors.js'
export { systemClock } from './clock.js'
export { VirtualClock } from './virtual-clock.js'
export { CancellationToken, CancellationTokenSource, isCancellationToken } from './token.js'

export type { Clock } from './clock.js'
export type { VirtualClockOptions } from './virtual-clock.js'
export type {
  CancellationRegistration,
  CancellationTimeoutOptions,
  CancellationTokenSourceOptions,
  DisposableCancellationToken,
} from './token.js'
