/*
 * `retry(policy, fn, ...args)`: the policy form of `retry`. Like the reference form it is
 * `call(helper, ...)` of a generator, so the attempts are ordinary `call` effects and the waits
 * ordinary `delay` effects on the saga's clock (visible to monitors, the tracer and tests).
 */
import { call, delay } from '../io.js'
import { named } from '../helpers/internal.js'
import { MAX_SIGNED_INT as MAX_DELAY_MS } from '../internal/delay.js'
import { backoffDelay, checkBackoff, checkCount, checkKeys, checkMs, describeValue, fail, type Backoff } from './options.js'

/**
 * How `retry(policy, fn, ...args)` retries.
 *
 * - `maxAttempts`: attempts in total, the first included (>= 1; `Infinity` retries until
 *   `shouldRetry` says no). Without a wait, every 1,001st consecutive retry waits a 0 ms
 *   `delay`, so endless retries of a call that fails at once still let the event loop run.
 * - the wait after a failure: `delayMs` (constant, default 0) or `backoff` (exponential:
 *   `initialMs * factor ** (failures - 1)`, capped at `maxMs`), not both.
 * - `jitter` randomises each wait `w` to a uniform value between `w * (1 - j)` and `w`:
 *   `'none'` is j = 0 (the default), `'full'` is j = 1 ("full jitter": anywhere up to `w`), a
 *   number is j itself (0..1; e.g. 0.2 shortens waits by up to 20 %). Waits never exceed
 *   `backoff.maxMs`.
 * - `random` is the source of randomness for the jitter (default `Math.random`): pass a seeded
 *   generator (or `() => 0.5`) to make waits deterministic in tests.
 * - `shouldRetry(error, attempt)` (attempt = the 1-based number of the attempt that just failed)
 *   returns false to give up at once and throw `error`. By default every error is retried.
 *
 * @example
 * ```ts
 * const policy: RetryPolicy = {
 *   maxAttempts: 5,
 *   backoff: { initialMs: 200, factor: 2, maxMs: 5_000 },
 *   jitter: 'full',
 *   shouldRetry: (error) => !(error instanceof HttpError && error.status < 500),
 * }
 * const user = yield* retry(policy, api.fetchUser, id)
 * ```
 */
export type RetryPolicy = RetryPolicyOptions & (ConstantWait | GrowingWait)

/** What every retry policy may say, whatever its wait. */
interface RetryPolicyOptions {
  readonly maxAttempts: number
  readonly jitter?: 'none' | 'full' | number | undefined
  readonly shouldRetry?: ((error: unknown, attempt: number) => boolean) | undefined
  readonly random?: (() => number) | undefined
}
/** `delayMs` or `backoff`, not both (a compile error, as it is a run-time one). */
interface ConstantWait {
  readonly delayMs?: number | undefined
  readonly backoff?: undefined
}
interface GrowingWait {
  readonly backoff: Backoff
  readonly delayMs?: undefined
}

const API = 'retry(policy, fn, ...args)'

/** Throws a TypeError naming the bad option. */
export function validateRetryPolicy(policy: unknown, api = API): void {
  if (policy === null || typeof policy !== 'object') fail(api, 'policy', 'an object { maxAttempts, delayMs | backoff, jitter?, shouldRetry? }', policy)
  checkKeys(api, 'policy', policy as object, ['maxAttempts', 'delayMs', 'backoff', 'jitter', 'shouldRetry', 'random'])
  const { maxAttempts, delayMs, backoff, jitter, shouldRetry, random } = policy as RetryPolicy
  checkCount(api, 'policy.maxAttempts', maxAttempts, 1, true)
  if (delayMs !== undefined && backoff !== undefined) {
    throw new TypeError(`${api}: policy.delayMs and policy.backoff cannot both be set; use delayMs for a constant wait or backoff for a growing one`)
  }
  if (delayMs !== undefined) checkMs(api, 'policy.delayMs', delayMs)
  if (backoff !== undefined) checkBackoff(api, backoff)
  if (!(jitter === undefined || jitter === 'none' || jitter === 'full' || (typeof jitter === 'number' && jitter >= 0 && jitter <= 1))) {
    fail(api, 'policy.jitter', "'none', 'full' or a number between 0 and 1", jitter)
  }
  if (shouldRetry !== undefined && typeof shouldRetry !== 'function') fail(api, 'policy.shouldRetry', 'a function (error, attempt) => boolean', shouldRetry)
  if (random !== undefined && typeof random !== 'function') fail(api, 'policy.random', 'a function returning a number in [0, 1)', random)
}

/** The wait after the `failures`-th failed attempt (1-based), jitter applied. */
export function retryDelay(policy: RetryPolicy, failures: number): number {
  const base = policy.backoff ? backoffDelay(policy.backoff, failures) : (policy.delayMs ?? 0)
  const jitter = policy.jitter === 'full' ? 1 : policy.jitter === 'none' || policy.jitter === undefined ? 0 : policy.jitter
  if (jitter === 0 || base === 0) return base
  const random = policy.random ?? Math.random
  const r = random()
  // Out of [0, 1), the wait would be negative (no wait at all) or NaN: say so instead.
  if (!(typeof r === 'number' && r >= 0 && r < 1)) {
    throw new TypeError(`${API}: policy.random() must return a number in [0, 1), it returned ${describeValue(r)}`)
  }
  return base * (1 - jitter * r)
}

/**
 * Retries without a wait that may follow each other before the next one waits a 0 ms `delay`.
 * Unbounded immediate retries (`maxAttempts: Infinity`, no `delayMs`) of a call that fails at
 * once, synchronously or in a promise job, would otherwise loop without ever letting the event
 * loop run: timers, I/O and the cancellation that could stop them would never come (as
 * supervise's restarts, effects/supervise.ts).
 */
const IMMEDIATE_RETRIES = 1_000

function* retryPolicyLoop(policy: RetryPolicy, fn: any, args: any[]): Generator<any, any, any> {
  const callEffect = call(fn, ...(args as []))
  let immediate = 0
  for (let attempt = 1; ; attempt++) {
    try {
      return yield callEffect
    } catch (error) {
      if (attempt >= policy.maxAttempts) throw error
      if (policy.shouldRetry && !policy.shouldRetry(error, attempt)) throw error
    }
    const wait = retryDelay(policy, attempt)
    if (wait > 0) immediate = 0
    else if (++immediate > IMMEDIATE_RETRIES) {
      immediate = 0
      yield delay(0)
    }
    // A back-off without maxMs can grow past what one delay takes (2^31 - 1 ms, ~24.8 days,
    // setTimeout's limit): wait in parts, rather than fail with delay's error instead of the
    // attempt's.
    for (let ms = wait; ms > 0; ms -= MAX_DELAY_MS) yield delay(Math.min(ms, MAX_DELAY_MS))
  }
}

/** The function behind `retry(policy, fn, ...args)` (`call(retryPolicyHelper, policy, fn, ...args)`). */
export function retryPolicyHelper(policy: RetryPolicy, fn: any, ...args: any[]) {
  return named(retryPolicyLoop(policy, fn, args), `retry(${fn?.name})`)
}
// Its task is named 'retry' in sagaStack, like the reference form's helper.
Object.defineProperty(retryPolicyHelper, 'name', { value: 'retry' })
