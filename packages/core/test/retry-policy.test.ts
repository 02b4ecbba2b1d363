import { describe, expect, it } from 'vitest'
import { call, delay, retry, timeout, type RetryPolicy } from '@sagaflow/core/effects'
import { start, track } from './support/virtual-time.js'

/** A function failing its first `failures` calls, logging the virtual time of each attempt. */
function flaky(failures: number, now: () => number, log: (entry: unknown) => void) {
  let attempts = 0
  return () => {
    attempts++
    log(now())
    if (attempts <= failures) throw new Error(`attempt ${attempts}`)
    return `ok after ${attempts}`
  }
}

describe('retry(maxTries, delayMs, fn)', () => {
  it('keeps producing the reference effect', () => {
    const fn = (a: number, b: string) => `${a}${b}`
    const effect = retry(3, 1000, fn, 1, 'x')
    expect(effect).toEqual(call(effect.payload.fn, 3, 1000, fn, 1, 'x'))
    expect(effect.payload.args).toEqual([3, 1000, fn, 1, 'x'])
    expect(retry(1, 0, fn, 2, 'y').payload.fn).toBe(effect.payload.fn)
  })
})

describe('retry(policy, fn)', () => {
  it('retries with a constant delayMs until an attempt succeeds', async () => {
    const log = track()
    let clockNow = () => 0
    function* saga() {
      return yield* retry({ maxAttempts: 5, delayMs: 100 }, fn)
    }
    const fn = flaky(2, () => clockNow(), log)
    const { task, clock, advance } = start(saga)
    clockNow = () => clock.now()
    await advance(200, 100)
    expect(await task.toPromise()).toBe('ok after 3')
    expect(log.entries).toEqual([0, 100, 200])
  })

  it('throws the last error after maxAttempts attempts', async () => {
    const log = track()
    const fn = flaky(10, () => 0, log)
    function* saga() {
      yield* retry({ maxAttempts: 3, delayMs: 10 }, fn)
    }
    const { task, advance } = start(saga)
    await advance(20, 10)
    await expect(task.toPromise()).rejects.toThrow('attempt 3')
    expect(log.entries).toHaveLength(3)
  })

  it('waits an exponential backoff capped at maxMs', async () => {
    const times: number[] = []
    let now = () => 0
    const fn = () => {
      times.push(now())
      throw new Error('down')
    }
    function* saga() {
      yield* retry({ maxAttempts: 6, backoff: { initialMs: 100, factor: 2, maxMs: 500 } }, fn)
    }
    const { task, clock, advance } = start(saga)
    now = () => clock.now()
    await advance(2_000, 50)
    await expect(task.toPromise()).rejects.toThrow('down')
    // waits: 100, 200, 400, 500 (capped), 500
    expect(times).toEqual([0, 100, 300, 700, 1200, 1700])
  })

  it('waits a back-off longer than one delay can (2^31 - 1 ms) in parts, on the clock', async () => {
    const times: number[] = []
    let now = () => 0
    const fn = () => {
      times.push(now())
      if (times.length < 3) throw new Error(`attempt ${times.length}`)
      return 'ok'
    }
    function* saga() {
      return yield* retry({ maxAttempts: 3, backoff: { initialMs: 2_000_000_000, factor: 2 } }, fn)
    }
    const { task, clock, advance } = start(saga)
    now = () => clock.now()
    // (In steps: each part starts when the step that fired the one before it ends.)
    await advance(7_000_000_000, 500_000_000)
    expect(await task.toPromise()).toBe('ok')
    expect(times.slice(0, 2)).toEqual([0, 2_000_000_000])
    expect(times[2]).toBeGreaterThanOrEqual(6_000_000_000)
  })

  it('lets the event loop run during endless immediate retries: every 1,001st consecutive retry without a wait waits a 0 ms delay', async () => {
    let attempts = 0
    const fn = () => {
      attempts++
      throw new Error(attempts < 5_000 ? 'down' : 'stop')
    }
    function* saga() {
      // maxAttempts: Infinity and no delayMs: retries until shouldRetry says no (a bound for
      // this test only: a loop that never yields could not be stopped otherwise).
      return yield* retry({ maxAttempts: Infinity, shouldRetry: (error) => (error as Error).message !== 'stop' }, fn)
    }
    const { task, clock } = start(saga)
    // The first attempt and 1,000 immediate retries ran synchronously; the next waits a timer.
    expect(attempts).toBe(1_001)
    expect(clock.pending()).toBe(1)
    clock.advance(0)
    await Promise.resolve()
    await Promise.resolve()
    expect(attempts).toBe(2_002)
    // And the task can be stopped, as a loop that never yields could not be.
    task.cancel()
    expect(task.isCancelled()).toBe(true)
    expect(clock.pending()).toBe(0)
  })

  it('applies full jitter with the injected random source', async () => {
    const times: number[] = []
    let now = () => 0
    const fn = () => {
      times.push(now())
      if (times.length < 3) throw new Error('down')
      return 'up'
    }
    const policy: RetryPolicy = { maxAttempts: 3, backoff: { initialMs: 100 }, jitter: 'full', random: () => 0.5 }
    function* saga() {
      return yield* retry(policy, fn)
    }
    const { task, clock, advance } = start(saga)
    now = () => clock.now()
    await advance(200, 10)
    expect(await task.toPromise()).toBe('up')
    // waits: 100 * (1 - 0.5) = 50, then 200 * (1 - 0.5) = 100
    expect(times).toEqual([0, 50, 150])
  })

  it('applies a proportional jitter: a wait w becomes w * (1 - j * random())', async () => {
    const times: number[] = []
    let now = () => 0
    const fn = () => {
      times.push(now())
      if (times.length < 2) throw new Error('down')
      return 'up'
    }
    function* saga() {
      return yield* retry({ maxAttempts: 2, delayMs: 1_000, jitter: 0.2, random: () => 0.5 }, fn)
    }
    const { task, clock, advance } = start(saga)
    now = () => clock.now()
    await advance(1_000, 100)
    expect(await task.toPromise()).toBe('up')
    expect(times).toEqual([0, 900])
  })

  it('fails with a TypeError naming policy.random when it returns a value outside [0, 1), instead of not waiting at all', async () => {
    const fn = () => {
      throw new Error('down')
    }
    function* saga() {
      return yield* retry({ maxAttempts: 3, delayMs: 1_000, jitter: 'full', random: () => 5 }, fn)
    }
    const { task } = start(saga)
    await expect(task.toPromise()).rejects.toThrow(
      new TypeError('retry(policy, fn, ...args): policy.random() must return a number in [0, 1), it returned 5 (number)'),
    )
  })

  it('gives up at once when shouldRetry returns false, passing the error and attempt number', async () => {
    const seen: unknown[] = []
    class Fatal extends Error {}
    let attempts = 0
    const fn = () => {
      attempts++
      throw attempts < 2 ? new Error('transient') : new Fatal('fatal')
    }
    function* saga() {
      yield* retry(
        {
          maxAttempts: 10,
          delayMs: 5,
          shouldRetry: (error, attempt) => {
            seen.push([(error as Error).message, attempt])
            return !(error instanceof Fatal)
          },
        },
        fn,
      )
    }
    const { task, advance } = start(saga)
    await advance(5)
    await expect(task.toPromise()).rejects.toBeInstanceOf(Fatal)
    expect(seen).toEqual([
      ['transient', 1],
      ['fatal', 2],
    ])
  })

  it('retries a timed-out attempt when the attempt is a timeout effect inside a saga', async () => {
    let attempts = 0
    function* attempt() {
      attempts++
      return yield* timeout(100, delay(attempts === 1 ? 1_000 : 10, `attempt ${attempts}`))
    }
    function* saga() {
      return yield* retry({ maxAttempts: 2, delayMs: 0 }, attempt)
    }
    const { task, advance } = start(saga)
    await advance(110, 10)
    expect(await task.toPromise()).toBe('attempt 2')
  })

  it('passes args to fn and types the result', async () => {
    const add = (a: number, b: number) => Promise.resolve(a + b)
    function* saga() {
      const sum: number = yield* retry({ maxAttempts: 1 }, add, 2, 3)
      return sum
    }
    const { task } = start(saga)
    expect(await task.toPromise()).toBe(5)
  })

  it('rejects invalid policies with a TypeError naming the option and value', () => {
    const fn = () => 1
    expect(() => retry({ maxAttempts: 0 }, fn)).toThrow(
      new TypeError('retry(policy, fn, ...args): policy.maxAttempts must be an integer >= 1 (or Infinity), got 0 (number)'),
    )
    // @ts-expect-error: delayMs and backoff together (a compile error too)
    expect(() => retry({ maxAttempts: 2, delayMs: 1, backoff: { initialMs: 1 } }, fn)).toThrow(/cannot both be set/)
    expect(() => retry({ maxAttempts: 2, jitter: 2 }, fn)).toThrow(/policy.jitter must be 'none', 'full' or a number between 0 and 1, got 2/)
    expect(() => retry({ maxAttempts: 2, backoff: { initialMs: 10, factor: 0.5 } }, fn)).toThrow(/backoff.factor/)
  })

  it('rejects a misspelt option instead of retrying without the wait it asked for', () => {
    const fn = () => 1
    expect(() => retry({ maxAttempts: 3, delay: 100 } as any, fn)).toThrow(
      new TypeError('retry(policy, fn, ...args): policy has an unknown key "delay"; the keys are maxAttempts, delayMs, backoff, jitter, shouldRetry, random'),
    )
    expect(() => retry({ maxAttempts: 3, backoff: { initialMs: 10, max: 50 } } as any, fn)).toThrow(
      'retry(policy, fn, ...args): backoff has an unknown key "max"; the keys are initialMs, factor, maxMs',
    )
  })
})
