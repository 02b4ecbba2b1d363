import { call, delay, type CallEffect, type CallTarget, type MethodArgs, type MethodName, type MethodOf, type MethodTarget, type TargetFn } from '../io.js'
import type { SagaReturn } from '../types.js'
import { fsmNamed, shippedName } from './internal.js'
import { retryPolicyHelper, validateRetryPolicy, type RetryPolicy } from '../resilience/retry-policy.js'
import { CALL_TARGET, fail, isCallTarget } from '../resilience/options.js'
import { shared } from '../internal/shared.js'

function* retryLoop(maxTries: number, callEffect: CallEffect, delayEffect: CallEffect): Generator<any, any, any> {
  let remaining = maxTries
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

export const retryHelper = shared('retryHelper', function retryHelper(maxTries: number, delayMs: number, fn: any, ...args: any[]) {
  // The effects are made here, before fn.name is read, as the reference does: a bad fn throws the
  // call() check's error out of this call, to the saga that yielded retry().
  const callEffect = call(fn, ...args)
  const delayEffect = delay(delayMs)
  return fsmNamed(retryLoop(maxTries, callEffect, delayEffect), `retry(${fn.name})`)
})
shippedName(retryHelper, 'retry$1')

/**
 * Calls `fn(...args)`; if it fails, waits (on the saga's clock) and tries again, then throws the
 * last error.
 *
 * - `retry(maxTries, delayMs, fn, ...args)` (the reference's form): at most `maxTries` attempts
 *   in total, `delayMs` between them.
 * - `retry(policy, fn, ...args)`: attempts, waits (constant or exponential back-off, jitter with
 *   an injectable `random`) and which errors to retry come from a {@link RetryPolicy}.
 *
 * @example
 * ```ts
 * const user = yield* retry(3, 1000, api.fetchUser, id)
 * const order = yield* retry(
 *   { maxAttempts: 5, backoff: { initialMs: 100, factor: 2, maxMs: 2_000 }, jitter: 'full' },
 *   api.fetchOrder,
 *   orderId,
 * )
 * ```
 */
export function retry<T extends CallTarget>(
  policy: RetryPolicy,
  fn: T,
  ...args: Parameters<TargetFn<T>>
): CallEffect<SagaReturn<ReturnType<TargetFn<T>>>>
export function retry<T extends CallTarget>(
  maxTries: number,
  delayMs: number,
  fn: T,
  ...args: Parameters<TargetFn<T>>
): CallEffect<SagaReturn<ReturnType<TargetFn<T>>>>
// A method by name, `[api, 'fetchUser']` / `{ context: api, fn: 'fetchUser' }`, as `call` takes it.
export function retry<C, K extends MethodName<C>>(
  policy: RetryPolicy,
  fn: MethodTarget<C, K>,
  ...args: MethodArgs<C, K>
): CallEffect<SagaReturn<ReturnType<MethodOf<C, K>>>>
export function retry<C, K extends MethodName<C>>(
  maxTries: number,
  delayMs: number,
  fn: MethodTarget<C, K>,
  ...args: MethodArgs<C, K>
): CallEffect<SagaReturn<ReturnType<MethodOf<C, K>>>>
export function retry(...input: any[]): CallEffect {
  const [first, ...rest] = input
  if (typeof first === 'object' && first !== null) {
    validateRetryPolicy(first)
    // (The reference's form leaves a bad fn to call()'s own check, as redux-saga does.)
    if (!isCallTarget(rest[0])) fail('retry(policy, fn, ...args)', 'fn', CALL_TARGET, rest[0])
    return call(retryPolicyHelper, first, ...(rest as [any, ...any[]]))
  }
  const [delayMs, fn, ...args] = rest
  return call(retryHelper, first, delayMs, fn, ...args)
}
