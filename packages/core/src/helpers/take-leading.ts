import type { TakeableChannel } from '../channel.js'
import { isDevelopment } from '../internal/dev.js'
import { call, take, type ForkEffect, type TakeEffect } from '../io.js'
import type { Pattern, PatternAction, TypedPattern } from '../matcher.js'
import { forkHelper, fsmNamed, safeName, shippedName, workerName } from './internal.js'
import { validateTakeHelper } from './take-every.js'
import { shared } from '../internal/shared.js'

function* takeLeadingLoop(takeEffect: TakeEffect, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  while (true) {
    const action = yield takeEffect
    yield call(worker, ...args, action)
  }
}

export const takeLeadingHelper = shared('takeLeadingHelper', function takeLeadingHelper(patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]) {
  return fsmNamed(takeLeadingLoop(take(patternOrChannel), worker, args), `takeLeading(${safeName(patternOrChannel)}, ${workerName(worker)})`)
})
shippedName(takeLeadingHelper, 'takeLeading$1')

/**
 * Calls `worker(...args, action)` for a matching action and ignores further actions until it
 * finishes (they are not queued).
 *
 * @example
 * ```ts
 * yield* takeLeading('SUBMIT', submitForm)
 * ```
 */
// A worker of the action alone comes first (as in redux-saga): a worker with optional parameters
// after the action would otherwise be read by the overloads below as wanting extra arguments.
export function takeLeading<P extends TypedPattern>(patternOrChannel: P, worker: (action: PatternAction<P>) => any): ForkEffect<never>
export function takeLeading<A = any>(patternOrChannel: Pattern<A> | TakeableChannel<A>, worker: (action: A) => any): ForkEffect<never>
export function takeLeading<P extends TypedPattern, Args extends any[] = []>(
  patternOrChannel: P,
  worker: (...args: [...Args, PatternAction<P>]) => any,
  ...args: Args
): ForkEffect<never>
export function takeLeading<A = any, Args extends any[] = []>(
  patternOrChannel: Pattern<A> | TakeableChannel<A>,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<never>
export function takeLeading<Args extends any[]>(
  patternOrChannel: Pattern | TakeableChannel<any>,
  worker: (...args: Args) => any,
  ...args: Args
): ForkEffect<never>
export function takeLeading(patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]): ForkEffect<never> {
  if (isDevelopment) validateTakeHelper('takeLeading', patternOrChannel, worker)
  return forkHelper(takeLeadingHelper, patternOrChannel, worker, ...args)
}
