import type { TakeableChannel } from '../channel.js'
import { delay, fork, race, take, type ForkEffect } from '../io.js'
import type { Pattern } from '../matcher.js'
import { named, safeName, workerName } from './internal.js'

function* debounceLoop(ms: number, pattern: any, worker: (...args: any[]) => any, args: any[]): Generator<any, void, any> {
  const takeEffect = take(pattern)
  const raceEffect = race({ action: take(pattern), debounce: delay(ms) })
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

export function debounceHelper(ms: number, pattern: any, worker: (...args: any[]) => any, ...args: any[]) {
  return named(debounceLoop(ms, pattern, worker, args), `debounce(${safeName(pattern)}, ${workerName(worker)})`)
}

/**
 * Forks `worker(...args, action)` once no matching action arrived for `ms` after the last one.
 * Uses the saga's clock.
 *
 * @example
 * ```ts
 * yield* debounce(300, 'SEARCH_INPUT', search)
 * ```
 */
export function debounce<A = any, Args extends any[] = []>(
  ms: number,
  pattern: Pattern<A> | TakeableChannel<A>,
  worker: (...args: [...Args, A]) => any,
  ...args: Args
): ForkEffect<void> {
  return fork(debounceHelper, ms, pattern, worker, ...args)
}
