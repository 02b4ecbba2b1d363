import { describe, expect, it } from 'vitest'
import { TimeoutError, isCancellationError, runSaga } from '@sagaflow/core'
import { VirtualClock } from '@sagaflow/cancellation'
import { abortSignal, call, cancelled, delay, fork, take, timeout } from '@sagaflow/core/effects'
import { start, track } from './support/virtual-time.js'

describe('timeout()', () => {
  it('resumes with the effect result when it settles in time', async () => {
    function* saga() {
      return yield* timeout(100, delay(50, 'fast'))
    }
    const { task, advance } = start(saga)
    await advance(50)
    expect(await task.toPromise()).toBe('fast')
  })

  it('on a virtual clock moved past both times at once, an effect due first still wins, as on the system clock', async () => {
    function* saga(ms: number, due: number) {
      try {
        return yield* timeout(ms, delay(due, 'value'))
      } catch (error) {
        return (error as Error).name
      }
    }
    // One advance fires both timers before any promise job runs; delay settles through one.
    const earlier = new VirtualClock()
    const first = runSaga({ clock: earlier }, saga, 100, 99)
    earlier.advance(100)
    expect(await first.toPromise()).toBe('value')
    // Due at the same time: the effect's timer was set first, so it fires first.
    const tie = new VirtualClock()
    const second = runSaga({ clock: tie }, saga, 30, 30)
    tie.advance(30)
    expect(await second.toPromise()).toBe('value')
    // The system clock agrees on the tie.
    expect(await runSaga({}, saga, 30, 30).toPromise()).toBe('value')
    // And a later effect still times out.
    const later = new VirtualClock()
    const third = runSaga({ clock: later }, saga, 100, 101)
    later.advance(101)
    expect(await third.toPromise()).toBe('TimeoutError')
    expect(later.pending()).toBe(0)
  })

  it('throws a TimeoutError carrying ms when the effect takes too long', async () => {
    function* saga() {
      try {
        yield* timeout(100, delay(500))
        return 'no timeout'
      } catch (error) {
        return error
      }
    }
    const { task, advance, clock } = start(saga)
    await advance(100)
    const error = await task.toPromise()
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error).toMatchObject({ name: 'TimeoutError', ms: 100 })
    expect(clock.pending()).toBe(0)
  })

  it('cancels a timed-out call of a saga: its finally runs and its signal aborts with kind timeout', async () => {
    const log = track()
    let signal!: AbortSignal
    function* slow() {
      signal = yield* abortSignal()
      try {
        yield* take('NEVER')
      } finally {
        log(`slow finally, cancelled=${yield* cancelled()}`)
      }
    }
    function* saga() {
      try {
        yield* timeout(1_000, call(slow))
      } catch (error) {
        log((error as Error).name)
      }
    }
    const { task, advance } = start(saga)
    await advance(1_000)
    await task.toPromise()
    expect(log.entries).toEqual(['slow finally, cancelled=true', 'TimeoutError'])
    expect(signal.aborted).toBe(true)
    expect(isCancellationError(signal.reason)).toBe(true)
    expect(signal.reason.kind).toBe('timeout')
  })

  it('starts no timer when the effect settles synchronously', () => {
    let result: unknown
    function* saga() {
      result = yield* timeout(100, call(() => 42))
    }
    const { clock } = start(saga)
    expect(result).toBe(42)
    expect(clock.pending()).toBe(0)
  })

  it('clears its timer when the effect settles first', async () => {
    function* saga() {
      yield* timeout(1_000, delay(10))
      return 'done'
    }
    const { task, advance, clock } = start(saga)
    await advance(10)
    expect(await task.toPromise()).toBe('done')
    expect(clock.pending()).toBe(0)
  })

  it('passes the effect error through unchanged', async () => {
    const boom = new Error('boom')
    function* saga() {
      yield* timeout(100, call(() => Promise.reject(boom)))
    }
    const { task } = start(saga)
    await expect(task.toPromise()).rejects.toBe(boom)
  })

  it('cancels the inner effect and its timer when the task running it is cancelled', async () => {
    const log = track()
    function* inner() {
      try {
        yield* delay(10_000)
      } finally {
        log('inner cleanup')
      }
    }
    function* saga() {
      yield* timeout(5_000, call(inner))
    }
    const { task, clock } = start(saga)
    task.cancel()
    expect(log.entries).toEqual(['inner cleanup'])
    expect(clock.pending()).toBe(0)
  })

  it('accepts a generator as the effect', async () => {
    function* work() {
      yield* delay(5)
      return 'from generator'
    }
    function* saga() {
      return yield* timeout(10, work())
    }
    const { task, advance } = start(saga)
    await advance(5)
    expect(await task.toPromise()).toBe('from generator')
  })

  it('lets a forked child of the timed-out saga be cancelled too', async () => {
    const log = track()
    function* child() {
      try {
        yield* take('NEVER')
      } finally {
        log('child cancelled')
      }
    }
    function* parentOfChild() {
      yield* fork(child)
      yield* take('NEVER')
    }
    function* saga() {
      try {
        yield* timeout(10, call(parentOfChild))
      } catch {
        log('timed out')
      }
    }
    const { task, advance } = start(saga)
    await advance(10)
    await task.toPromise()
    expect(log.entries).toEqual(['child cancelled', 'timed out'])
  })

  it('rejects a bad ms with a TypeError naming the API and the value', () => {
    expect(() => timeout(-1, delay(1))).toThrow(new TypeError('timeout(ms, effect): ms must be a finite number of milliseconds >= 0, got -1 (number)'))
    expect(() => timeout(10, undefined as never)).toThrow(TypeError)
  })

  it('rejects what is not running work: a plain value, or a function given without call', () => {
    // @ts-expect-error: a number is no running work (rejected by the types too)
    expect(() => timeout(10, 42)).toThrow(new TypeError('timeout(ms, effect): effect must be an effect, a generator or a promise, got 42 (number)'))
    async function fetchUser() {
      return 1
    }
    // @ts-expect-error: the function itself, not called (rejected by the types too)
    expect(() => timeout(10, fetchUser)).toThrow(
      new TypeError('timeout(ms, effect): effect must be an effect, a generator or a promise (to call a function, pass call(fn, ...args)), got function fetchUser'),
    )
    expect(() => timeout(10, fetchUser())).not.toThrow()
    expect(() => timeout(10, (function* () {})())).not.toThrow()
  })
})
