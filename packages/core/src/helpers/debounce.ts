import type { TakeableChannel } from '../channel.js'
import { delay, fork, race, take, type ForkEffect, type RaceEffect, type TakeEffect } from '../io.js'
import type { Pattern, PatternAction, TypedPattern } from '../matcher.js'
import { forkHelper, fsmNamed, safeName, shippedName, workerName } from './internal.js'
import { shared } from '../internal/shared.js'

function* debounceLoop(takeEffect: TakeEffect, raceEffect: RaceEffect<any>, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  let action = yield takeEffect
  while (true) {
    const outcome = yield raceEffect
    if (outcome.debounce) {
      yield fork(worker, ...args, action)
      action = yield takeEffect
    } else {
      // The reference yields the newer action as a plain value (one more effect id).
      action = yield outcome.action
    }
  }
}

export const debounceHelper = shared('debounceHelper', function debounceHelper(ms: number, pattern: any, worker: (...args: any[]) => any, ...args: any[]) {
  return fsmNamed(debounceLoop(take(pattern), race({ action: take(pattern), debounce: delay(ms) }), worker, args), `debounce(${safeName(pattern)}, ${workerName(worker)})`)
})
shippedName(debounceHelper, 'debounceHelper')

/**
 * Forks `worker(...args, action)` once no matching action arrived for `ms` after the last one.
 * Uses the saga's clock.
 *
 * @example
 * ```ts
 * yield* debounce(300, 'SEARCH_INPUT', search)
 * ```
 */
// A worker of the action alone comes first (as in redux-saga): a worker with optional parameters
// after the action would otherwise be read by the overloads below as wanting extra arguments.
export function debounce<P extends TypedPattern>(ms: number, pattern: P, worker: (action: PatternAction<P>) => any): ForkEffect<never>
export function debounce<A = any>(ms: number, pattern: Pattern<A> | TakeableChannel<A>, worker: (action: A) => any): ForkEffect<never>
export function debounce<P extends TypedPattern, Args extends any[] = []>(
  ms: number,
  pattern: P,
  worker: (...args: [...Args, PatternAction<P>]) => any,
  ...args: Args
): ForkEffect<never>
export function debounce<A = any, Args extends any[] = []>(
  ms: number,
  pattern: Pattern<A> | TakeableChannel<A>,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<never>
export function debounce<Args extends any[]>(
  ms: number,
  pattern: Pattern | TakeableChannel<any>,
  worker: (...args: Args) => any,
  ...args: Args
): ForkEffect<never>
export function debounce(ms: number, pattern: any, worker: (...args: any[]) => any, ...args: any[]): ForkEffect<never> {
  return forkHelper(debounceHelper, ms, pattern, worker, ...args)
}
