import { buffers } from '../buffers.js'
import type { TakeableChannel } from '../channel.js'
import { check, isDevelopment } from '../internal/dev.js'
import * as is from '../internal/is.js'
import { actionChannel, delay, fork, take, type ForkEffect } from '../io.js'
import type { Pattern, PatternAction, TypedPattern } from '../matcher.js'
import { forkHelper, fsmNamed, safeName, shippedName, workerName } from './internal.js'
import { shared } from '../internal/shared.js'

function* throttleLoop(ms: number, patternOrChannel: any, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  const channel = is.channel(patternOrChannel) ? patternOrChannel : yield actionChannel(patternOrChannel, buffers.sliding(1))
  const delayEffect = delay(ms)
  while (true) {
    const action = yield take(channel)
    yield fork(worker, ...args, action)
    yield delayEffect
  }
}

export const throttleHelper = shared('throttleHelper', function throttleHelper(ms: number, patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]) {
  return fsmNamed(throttleLoop(ms, patternOrChannel, worker, args), `throttle(${safeName(patternOrChannel)}, ${workerName(worker)})`)
})
shippedName(throttleHelper, 'throttle$1')

/**
 * Forks `worker(...args, action)` for a matching action, then ignores actions for `ms`
 * (keeping only the latest one, handled when the window ends). Uses the saga's clock.
 *
 * @example
 * ```ts
 * yield* throttle(500, 'INPUT_CHANGED', validate)
 * ```
 */
// A worker of the action alone comes first (as in redux-saga): a worker with optional parameters
// after the action would otherwise be read by the overloads below as wanting extra arguments.
export function throttle<P extends TypedPattern>(ms: number, patternOrChannel: P, worker: (action: PatternAction<P>) => any): ForkEffect<never>
export function throttle<A = any>(ms: number, patternOrChannel: Pattern<A> | TakeableChannel<A>, worker: (action: A) => any): ForkEffect<never>
export function throttle<P extends TypedPattern, Args extends any[] = []>(
  ms: number,
  patternOrChannel: P,
  worker: (...args: [...Args, PatternAction<P>]) => any,
  ...args: Args
): ForkEffect<never>
export function throttle<A = any, Args extends any[] = []>(
  ms: number,
  patternOrChannel: Pattern<A> | TakeableChannel<A>,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<never>
export function throttle<Args extends any[]>(
  ms: number,
  patternOrChannel: Pattern | TakeableChannel<any>,
  worker: (...args: Args) => any,
  ...args: Args
): ForkEffect<never>
export function throttle(ms: number, patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]): ForkEffect<never> {
  if (isDevelopment) {
    check(patternOrChannel, is.notUndef, 'throttle requires a pattern or channel')
    check(worker, is.notUndef, 'throttle requires a saga parameter')
  }
  return forkHelper(throttleHelper, ms, patternOrChannel, worker, ...args)
}
