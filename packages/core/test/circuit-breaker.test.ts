import { describe, expect, it } from 'vitest'
import { CircuitOpenError, call, circuitBreaker, delay, fork, take } from '@sagaflow/core/effects'
import { CircuitOpenError as RootCircuitOpenError } from '@sagaflow/core'
import { start, track } from './support/virtual-time.js'

/** A service whose next outcomes are scripted: true = succeed, false = fail. */
function service() {
  let up = true
  let calls = 0
  const fn = (n?: number) => {
    calls++
    if (!up) throw new Error('service down')
    return `ok ${n ?? ''}`.trim()
  }
  return {
    fn,
    setUp: (value: boolean) => void (up = value),
    get calls() {
      return calls
    },
  }
}

/** Runs `breaker.call(fn)` once, returning 'ok...' or the error's name. */
function* attempt(breaker: ReturnType<typeof circuitBreaker>, fn: () => string) {
  try {
    return yield* breaker.call(fn)
  } catch (error) {
    return (error as Error).name === 'CircuitOpenError' ? 'open' : 'failed'
  }
}

describe('circuitBreaker()', () => {
  it('passes calls through while closed and returns their results', () => {
    const svc = service()
    const breaker = circuitBreaker({ failureThreshold: 2, resetTimeoutMs: 1_000 })
    let result: unknown
    function* saga() {
      result = yield* breaker.call(svc.fn, 7)
    }
    start(saga)
    expect(result).toBe('ok 7')
    expect(breaker.state).toBe('closed')
  })

  it('opens after failureThreshold consecutive failures and then fails fast without calling fn', () => {
    const svc = service()
    svc.setUp(false)
    const breaker = circuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1_000 })
    const log = track()
    function* saga() {
      for (let i = 0; i < 5; i++) log(yield* attempt(breaker, svc.fn))
    }
    start(saga)
    expect(log.entries).toEqual(['failed', 'failed', 'failed', 'open', 'open'])
    expect(svc.calls).toBe(3)
    expect(breaker.state).toBe('open')
  })

  it('counts only consecutive failures: a success resets the count', () => {
    const svc = service()
    const breaker = circuitBreaker({ failureThreshold: 2, resetTimeoutMs: 1_000 })
    function* saga() {
      svc.setUp(false)
      yield* attempt(breaker, svc.fn)
      svc.setUp(true)
      yield* attempt(breaker, svc.fn)
      svc.setUp(false)
      yield* attempt(breaker, svc.fn)
    }
    start(saga)
    expect(breaker.state).toBe('closed')
  })

  it('throws a CircuitOpenError saying when to retry', () => {
    const svc = service()
    svc.setUp(false)
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1_000 })
    let error: unknown
    function* saga() {
      yield* attempt(breaker, svc.fn)
      yield* delay(400)
      try {
        yield* breaker.call(svc.fn)
      } catch (e) {
        error = e
      }
    }
    const { advance } = start(saga)
    return advance(400).then(() => {
      expect(error).toBeInstanceOf(CircuitOpenError)
      expect(error).toBeInstanceOf(RootCircuitOpenError)
      expect(error).toMatchObject({ name: 'CircuitOpenError', retryAfterMs: 600 })
    })
  })

  it('half-opens after resetTimeoutMs on the saga clock and closes when the trial call succeeds', async () => {
    const svc = service()
    svc.setUp(false)
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1_000 })
    const log = track()
    function* saga() {
      log(yield* attempt(breaker, svc.fn))
      yield* delay(999)
      log(yield* attempt(breaker, svc.fn))
      yield* delay(1)
      svc.setUp(true)
      log(breaker.state)
      log(yield* attempt(breaker, svc.fn))
      log(breaker.state)
    }
    const { task, advance } = start(saga)
    await advance(1_000, 1)
    await task.toPromise()
    expect(log.entries).toEqual(['failed', 'open', 'half-open', 'ok', 'closed'])
    expect(svc.calls).toBe(2)
  })

  it('re-opens when the trial call fails', async () => {
    const svc = service()
    svc.setUp(false)
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 100 })
    const log = track()
    function* saga() {
      log(yield* attempt(breaker, svc.fn))
      yield* delay(100)
      log(yield* attempt(breaker, svc.fn))
      log(breaker.state)
      log(yield* attempt(breaker, svc.fn))
    }
    const { task, advance } = start(saga)
    await advance(100)
    await task.toPromise()
    expect(log.entries).toEqual(['failed', 'failed', 'open', 'open'])
  })

  it('allows halfOpenMax trial calls at a time while half-open', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 100, halfOpenMax: 2 })
    const log = track()
    const slow = (ms: number) => delay(ms, 'slow ok')
    function* trial(name: string) {
      try {
        log(`${name}: ${yield* breaker.call(function* () {
          return yield* slow(50)
        })}`)
      } catch (error) {
        log(`${name}: ${(error as Error).name}`)
      }
    }
    function* saga() {
      try {
        yield* breaker.call(() => {
          throw new Error('down')
        })
      } catch {
        /* opens the circuit */
      }
      yield* delay(100)
      yield* fork(trial, 't1')
      yield* fork(trial, 't2')
      yield* fork(trial, 't3')
    }
    const { task, advance } = start(saga)
    await advance(150, 50)
    await task.toPromise()
    expect(log.entries).toEqual(['t3: CircuitOpenError', 't1: slow ok', 't2: slow ok'])
    expect(breaker.state).toBe('closed')
  })

  it('frees the half-open trial slot when the trial is cancelled', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10 })
    const log = track()
    function* saga() {
      try {
        yield* breaker.call(() => Promise.reject(new Error('down')))
      } catch {
        /* open */
      }
      yield* delay(10)
      const trial = yield* fork(function* () {
        yield* breaker.call(function* () {
          yield* take('NEVER')
        })
      })
      trial.cancel()
      log(breaker.state)
      log(yield* breaker.call(() => 'second trial'))
      log(breaker.state)
    }
    const { task, advance } = start(saga)
    await advance(10)
    await task.toPromise()
    expect(log.entries).toEqual(['half-open', 'second trial', 'closed'])
  })

  it('keeps a shared state across sagas', () => {
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1_000 })
    function* failing() {
      try {
        yield* breaker.call(() => {
          throw new Error('down')
        })
      } catch {
        /* ignore */
      }
    }
    const log = track()
    function* other() {
      try {
        yield* breaker.call(() => 'never called')
      } catch (error) {
        log((error as Error).name)
      }
    }
    start(failing)
    start(other)
    expect(log.entries).toEqual(['CircuitOpenError'])
  })

  it('passes args and `this` like call', () => {
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1 })
    const api = { base: 10, add(n: number) { return this.base + n } }
    let result: unknown
    function* saga() {
      result = yield* breaker.call([api, api.add], 5)
    }
    start(saga)
    expect(result).toBe(15)
  })

  it('ignores the outcome of a call that started before the circuit changed state', async () => {
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10 })
    const log = track()
    function* slowFailure() {
      try {
        yield* breaker.call(function* () {
          yield* delay(50)
          throw new Error('late failure')
        })
      } catch {
        /* stale: started while closed */
      }
    }
    function* fastFailure() {
      try {
        yield* breaker.call(() => Promise.reject(new Error('down')))
      } catch {
        /* opens the circuit */
      }
    }
    function* trial() {
      log(yield* breaker.call(function* () {
        return yield* delay(100, 'trial ok')
      }))
    }
    function* saga() {
      yield* fork(slowFailure)
      yield* fork(fastFailure)
      yield* delay(10)
      yield* fork(trial)
      yield* delay(50)
      log(`at 60: ${breaker.state}`)
    }
    const { task, advance } = start(saga)
    await advance(110, 10)
    await task.toPromise()
    expect(log.entries).toEqual(['at 60: half-open', 'trial ok'])
    expect(breaker.state).toBe('closed')
  })

  it('validates its options with a TypeError naming the option and value', () => {
    expect(() => circuitBreaker({ failureThreshold: 0, resetTimeoutMs: 10 })).toThrow(
      new TypeError('circuitBreaker(options): options.failureThreshold must be an integer >= 1, got 0 (number)'),
    )
    expect(() => circuitBreaker({ failureThreshold: 1, resetTimeoutMs: -5 })).toThrow(/options.resetTimeoutMs must be a finite number of milliseconds >= 0, got -5/)
    expect(() => circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 5, halfOpenMax: 1.5 })).toThrow(/options.halfOpenMax/)
    expect(() => circuitBreaker(undefined as any)).toThrow(TypeError)
    expect(() => circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 5, halfOpen: 2 } as any)).toThrow(
      'circuitBreaker(options): options has an unknown key "halfOpen"; the keys are failureThreshold, resetTimeoutMs, halfOpenMax',
    )
  })

  it('gives the effect a call effect as payload, so monitors see the inner call', () => {
    const breaker = circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1 })
    const fn = (n: number) => n
    expect(breaker.call(fn, 1).payload.effect).toEqual(call(fn, 1))
  })
})
