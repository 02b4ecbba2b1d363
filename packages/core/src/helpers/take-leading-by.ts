import type { TakeableChannel } from '../channel.js'
import { fork, take, type ForkEffect } from '../io.js'
import type { Pattern, PatternAction, TypedPattern } from '../matcher.js'
import type { Task } from '../types.js'
import { forkHelper, named, safeName, shippedName, workerName } from './internal.js'
import { validateKeyedHelper, whenTaskFinished } from './take-latest-by.js'
import { shared } from '../internal/shared.js'

function* takeLeadingByLoop(patternOrChannel: any, keyOf: (action: any) => unknown, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  const takeEffect = take(patternOrChannel)
  const running = new Set<unknown>()
  while (true) {
    const action = yield takeEffect
    const key = keyOf(action)
    if (running.has(key)) continue
    const task: Task = yield fork(worker, ...args, action)
    running.add(key)
    whenTaskFinished(task, () => running.delete(key))
  }
}

export const takeLeadingByHelper = shared('takeLeadingByHelper', function takeLeadingByHelper(patternOrChannel: any, keyOf: (action: any) => unknown, worker: (...args: any[]) => any, ...args: any[]) {
  return named(takeLeadingByLoop(patternOrChannel, keyOf, worker, args), `takeLeadingBy(${safeName(patternOrChannel)}, ${workerName(worker)})`)
})
shippedName(takeLeadingByHelper, 'takeLeadingByHelper')

/**
 * `takeLeading` per key: forks `worker(...args, action)` for a matching action unless a worker
 * for the same key (`keyOf(action)`) is still running, in which case the action is ignored (not
 * queued). Workers of different keys run concurrently; the watcher itself never blocks.
 * Non-blocking (named `takeLeadingBy(PATTERN, worker)`); END stops it. A key is forgotten when
 * its worker finishes.
 *
 * @example
 * ```ts
 * // a double-clicked "pay" button charges each order once, and orders don't wait for each other
 * yield* takeLeadingBy('PAY_ORDER', (action: PayOrder) => action.orderId, payOrder)
 * ```
 */
// As takeLatest's overloads: a typed pattern (an action creator, a type guard, an array of them)
// types the action keyOf and the worker get, and a worker of the action alone comes first (its
// optional parameters are not read as wanting extra arguments).
export function takeLeadingBy<P extends TypedPattern>(
  patternOrChannel: P,
  keyOf: (action: PatternAction<P>) => unknown,
  worker: (action: PatternAction<P>) => any,
): ForkEffect<never>
export function takeLeadingBy<A = any>(patternOrChannel: Pattern<A> | TakeableChannel<A>, keyOf: (action: A) => unknown, worker: (action: A) => any): ForkEffect<never>
export function takeLeadingBy<P extends TypedPattern, Args extends any[] = []>(
  patternOrChannel: P,
  keyOf: (action: PatternAction<P>) => unknown,
  worker: (...args: [...Args, PatternAction<P>]) => any,
  ...args: Args
): ForkEffect<never>
export function takeLeadingBy<A = any, Args extends any[] = []>(
  patternOrChannel: Pattern<A> | TakeableChannel<A>,
  keyOf: (action: A) => unknown,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<never>
export function takeLeadingBy(patternOrChannel: any, keyOf: (action: any) => unknown, worker: (...args: any[]) => any, ...args: any[]): ForkEffect<never> {
  validateKeyedHelper('takeLeadingBy', patternOrChannel, keyOf, worker)
  return forkHelper(takeLeadingByHelper, patternOrChannel, keyOf, worker, ...args)
}
