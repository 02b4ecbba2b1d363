import type { TakeableChannel } from '../channel.js'
import { check, isDevelopment } from '../internal/dev.js'
import * as is from '../internal/is.js'
import { fork, take, type ForkEffect, type TakeEffect } from '../io.js'
import type { Pattern, PatternAction, TypedPattern } from '../matcher.js'
import { forkHelper, fsmNamed, safeName, shippedName, workerName } from './internal.js'
import { shared } from '../internal/shared.js'

function* takeEveryLoop(takeEffect: TakeEffect, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  while (true) {
    const action = yield takeEffect
    yield fork(worker, ...args, action)
  }
}

export const takeEveryHelper = shared('takeEveryHelper', function takeEveryHelper(patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]) {
  // The take is made here, not in the loop, as the reference does: an invalid pattern throws out
  // of this call, and the fork runner turns that into a task named 'iterator' that fails at once.
  return fsmNamed(takeEveryLoop(take(patternOrChannel), worker, args), `takeEvery(${safeName(patternOrChannel)}, ${workerName(worker)})`)
})
shippedName(takeEveryHelper, 'takeEvery$1')

export function validateTakeHelper(name: string, patternOrChannel: unknown, worker: unknown): void {
  check(patternOrChannel, is.notUndef, `${name} requires a pattern or channel`)
  check(worker, is.notUndef, `${name} requires a saga parameter`)
}

/**
 * Forks `worker(...args, action)` for every action matching `pattern` (or message of a channel).
 * Non-blocking: it is a fork of a watcher loop; END stops the loop.
 *
 * @example
 * ```ts
 * yield* takeEvery('FETCH_USER', fetchUser)
 * ```
 */
// A worker of the action alone comes first (as in redux-saga): a worker with optional parameters
// after the action would otherwise be read by the overloads below as wanting extra arguments.
export function takeEvery<P extends TypedPattern>(patternOrChannel: P, worker: (action: PatternAction<P>) => any): ForkEffect<never>
export function takeEvery<A = any>(patternOrChannel: Pattern<A> | TakeableChannel<A>, worker: (action: A) => any): ForkEffect<never>
export function takeEvery<P extends TypedPattern, Args extends any[] = []>(
  patternOrChannel: P,
  worker: (...args: [...Args, PatternAction<P>]) => any,
  ...args: Args
): ForkEffect<never>
export function takeEvery<A = any, Args extends any[] = []>(
  patternOrChannel: Pattern<A> | TakeableChannel<A>,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<never>
export function takeEvery<Args extends any[]>(
  patternOrChannel: Pattern | TakeableChannel<any>,
  worker: (...args: Args) => any,
  ...args: Args
): ForkEffect<never>
export function takeEvery(patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]): ForkEffect<never> {
  if (isDevelopment) validateTakeHelper('takeEvery', patternOrChannel, worker)
  return forkHelper(takeEveryHelper, patternOrChannel, worker, ...args)
}
