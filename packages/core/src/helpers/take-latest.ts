import type { TakeableChannel } from '../channel.js'
import { isDevelopment } from '../internal/dev.js'
import { cancel, fork, take, type ForkEffect, type TakeEffect } from '../io.js'
import type { Pattern, PatternAction, TypedPattern } from '../matcher.js'
import type { Task } from '../types.js'
import { fsmNamed, safeName, shippedName, workerName } from './internal.js'
import { validateTakeHelper } from './take-every.js'

function* takeLatestLoop(takeEffect: TakeEffect, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  let last: Task | undefined
  while (true) {
    const action = yield takeEffect
    if (last) yield cancel(last)
    last = yield fork(worker, ...args, action)
  }
}

export function takeLatestHelper(patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]) {
  return fsmNamed(takeLatestLoop(take(patternOrChannel), worker, args), `takeLatest(${safeName(patternOrChannel)}, ${workerName(worker)})`)
}
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
export function takeLatest<P extends TypedPattern, Args extends any[] = []>(
  patternOrChannel: P,
  worker: (...args: [...Args, PatternAction<P>]) => any,
  ...args: Args
): ForkEffect<void>
export function takeLatest<A = any, Args extends any[] = []>(
  patternOrChannel: Pattern<A> | TakeableChannel<A>,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<void>
export function takeLatest<Args extends any[]>(
  patternOrChannel: Pattern | TakeableChannel<any>,
  worker: (...args: Args) => any,
  ...args: Args
): ForkEffect<void>
export function takeLatest(patternOrChannel: any, worker: (...args: any[]) => any, ...args: any[]): ForkEffect<void> {
  if (isDevelopment) validateTakeHelper('takeLatest', patternOrChannel, worker)
  return fork(takeLatestHelper, patternOrChannel, worker, ...args)
}
