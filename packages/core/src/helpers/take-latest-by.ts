import type { TakeableChannel } from '../channel.js'
import type { TaskImpl } from '../internal/task.js'
import { cancel, fork, take, type ForkEffect } from '../io.js'
import type { Pattern, PatternAction, TypedPattern } from '../matcher.js'
import type { Task } from '../types.js'
import { forkHelper, named, safeName, shippedName, workerName } from './internal.js'
import { CALL_TARGET, fail, isCallTarget } from '../resilience/options.js'
import { shared } from '../internal/shared.js'
import * as is from '../internal/is.js'

/**
 * Runs `forget` once `task` and its cleanup have finished (at once if they have). Keyed helpers
 * use it to drop a key when its worker ends, so their maps hold only live workers.
 */
export function whenTaskFinished(task: Task, forget: () => void): void {
  ;(task as TaskImpl).whenFinished(forget)
}

export function validateKeyedHelper(name: string, patternOrChannel: unknown, keyOf: unknown, worker: unknown): void {
  const api = `${name}(pattern, keyOf, worker, ...args)`
  // (Not the reference helpers' "requires a pattern or channel": these are sagaflow's, whose
  // messages show the bad value.)
  // Checked in full here: the watcher's `take` would otherwise fail at run time with take's own
  // message, naming neither this helper nor (for an object without a prototype) the value.
  if (!(is.pattern(patternOrChannel) || is.channel(patternOrChannel))) {
    fail(api, 'pattern', 'a pattern or a channel', patternOrChannel)
  }
  if (typeof keyOf !== 'function') fail(api, 'keyOf', 'a function (action) => key', keyOf)
  // Checked here, not at the first action, where fork() would fail inside the watcher.
  if (!isCallTarget(worker)) fail(api, 'worker', `a saga or ${CALL_TARGET}`, worker)
}

function* takeLatestByLoop(patternOrChannel: any, keyOf: (action: any) => unknown, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  const takeEffect = take(patternOrChannel)
  const latest = new Map<unknown, Task>()
  while (true) {
    const action = yield takeEffect
    const key = keyOf(action)
    const last = latest.get(key)
    if (last) yield cancel(last)
    const task: Task = yield fork(worker, ...args, action)
    latest.set(key, task)
    whenTaskFinished(task, () => {
      if (latest.get(key) === task) latest.delete(key)
    })
  }
}

export const takeLatestByHelper = shared('takeLatestByHelper', function takeLatestByHelper(patternOrChannel: any, keyOf: (action: any) => unknown, worker: (...args: any[]) => any, ...args: any[]) {
  return named(takeLatestByLoop(patternOrChannel, keyOf, worker, args), `takeLatestBy(${safeName(patternOrChannel)}, ${workerName(worker)})`)
})
shippedName(takeLatestByHelper, 'takeLatestByHelper')

/**
 * `takeLatest` per key: forks `worker(...args, action)` for each matching action and cancels the
 * previous worker of the same key (`keyOf(action)`, compared with `Map` key equality) if it is
 * still running; workers of other keys run on. Non-blocking (a fork of a watcher loop, named
 * `takeLatestBy(PATTERN, worker)`); END stops it. A key is forgotten when its worker finishes,
 * so the watcher's memory is bounded by the number of live workers.
 *
 * @example
 * ```ts
 * // one in-flight load per product; a newer request for the same product replaces the older
 * yield* takeLatestBy('LOAD_PRODUCT', (action: LoadProduct) => action.id, loadProduct)
 * ```
 */
// As takeLatest's overloads: a typed pattern (an action creator, a type guard, an array of them)
// types the action keyOf and the worker get, and a worker of the action alone comes first (its
// optional parameters are not read as wanting extra arguments).
export function takeLatestBy<P extends TypedPattern>(
  patternOrChannel: P,
  keyOf: (action: PatternAction<P>) => unknown,
  worker: (action: PatternAction<P>) => any,
): ForkEffect<never>
export function takeLatestBy<A = any>(patternOrChannel: Pattern<A> | TakeableChannel<A>, keyOf: (action: A) => unknown, worker: (action: A) => any): ForkEffect<never>
export function takeLatestBy<P extends TypedPattern, Args extends any[] = []>(
  patternOrChannel: P,
  keyOf: (action: PatternAction<P>) => unknown,
  worker: (...args: [...Args, PatternAction<P>]) => any,
  ...args: Args
): ForkEffect<never>
export function takeLatestBy<A = any, Args extends any[] = []>(
  patternOrChannel: Pattern<A> | TakeableChannel<A>,
  keyOf: (action: A) => unknown,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<never>
export function takeLatestBy(patternOrChannel: any, keyOf: (action: any) => unknown, worker: (...args: any[]) => any, ...args: any[]): ForkEffect<never> {
  validateKeyedHelper('takeLatestBy', patternOrChannel, keyOf, worker)
  return forkHelper(takeLatestByHelper, patternOrChannel, keyOf, worker, ...args)
}
