import { call, delay, type CallEffect, type CallTarget, type TargetFn } from '../io.js'
import type { SagaReturn } from '../types.js'
import { named } from './internal.js'

function* retryLoop(maxTries: number, delayMs: number, fn: any, args: any[]): Generator<any, any, any> {
  let remaining = maxTries
  const callEffect = call(fn, ...args)
  const delayEffect = delay(delayMs)
  while (true) {
    try {
      return yield callEffect
    } catch (error) {
      remaining -= 1
      if (remaining <= 0) throw error
    }
    yield delayEffect
  }
}

export function retryHelper(maxTries: number, delayMs: number, fn: any, ...args: any[]) {
  return named(retryLoop(maxTries, delayMs, fn, args), `retry(${fn.name})`)
}

/**
 * Calls `fn(...args)`; if it fails, waits `delayMs` (on the saga's clock) and tries again, at most
 * `maxTries` times in total, then throws the last error.
 *
 * @example
 * ```ts
 * const user = yield* retry(3, 1000, api.fetchUser, id)
 * ```
 */
export function retry<T extends CallTarget>(
  maxTries: number,
  delayMs: number,
  fn: T,
  ...args: Parameters<TargetFn<T>>
): CallEffect<SagaReturn<ReturnType<TargetFn<T>>>> {
  return call(retryHelper, maxTries, delayMs, fn, ...args)
}
