import type { TakeableChannel } from '../channel.js'
import { isDevelopment } from '../internal/dev.js'
import { cancel, fork, take, type ForkEffect, type TakeEffect } from '../io.js'
import type { Pattern, PatternAction, TypedPattern } from '../matcher.js'
import type { Task } from '../types.js'
import { forkHelper, fsmNamed, safeName, shippedName, workerName } from './internal.js'
import { validateTakeHelper } from './take-every.js'
import { shared } from '../internal/shared.js'

function* takeLatestLoop(takeEffect: TakeEffect, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  let last: Task | undefined
  while (true) {
    const action = yield takeEffect
    if (last) yield cancel(last)
    last = yield fork(worker, ...args, action)
  }
}

export const takeLatestHelper = shared('takeLatestHelper', function takeLatestHelper(patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]) {
  return fsmNamed(takeLatestLoop(take(patternOrChannel), worker, args), `takeLatest(${safeName(patternOrChannel)}, ${workerName(worker)})`)
})
shippedName(takeLatestHelper, 'takeLatest$1')

/**
 * Forks `worker(...args, action)` for each matching action, cancelling the previous worker if it
 * is still running (its `signal` aborts, its `finally` runs).
 *
 * @example
 * ```ts
 * yield* takeLatest('SEARCH', search)
 * ```
 */
// A worker of the action alone comes first (as in redux-saga): a worker with optional parameters
// after the action would otherwise be read by the overloads below as wanting extra arguments.
export function takeLatest<P extends TypedPattern>(patternOrChannel: P, worker: (action: PatternAction<P>) => any): ForkEffect<never>
export function takeLatest<A = any>(patternOrChannel: Pattern<A> | TakeableChannel<A>, worker: (action: A) => any): ForkEffect<never>
export function takeLatest<P extends TypedPattern, Args extends any[] = []>(
  patternOrChannel: P,
  worker: (...args: [...Args, PatternAction<P>]) => any,
  ...args: Args
): ForkEffect<never>
export function takeLatest<A = any, Args extends any[] = []>(
  patternOrChannel: Pattern<A> | TakeableChannel<A>,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<never>
export function takeLatest<Args extends any[]>(
  patternOrChannel: Pattern | TakeableChannel<any>,
  worker: (...args: Args) => any,
  ...args: Args
): ForkEffect<never>
export function takeLatest(patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]): ForkEffect<never> {
  if (isDevelopment) validateTakeHelper('takeLatest', patternOrChannel, worker)
  return forkHelper(takeLatestHelper, patternOrChannel, worker, ...args)
}
