import { describe, expect, it } from 'vitest'
import { END } from '@sagaflow/core'
import { allLimit, allSettled, call, cancelled, delay, take } from '@sagaflow/core/effects'
import { start, track } from './support/virtual-time.js'

describe('allSettled()', () => {
  it('resumes with one outcome per effect, in the array order, once all have settled', async () => {
    const boom = new Error('boom')
    function* saga() {
      return yield* allSettled([delay(20, 'a'), call(() => Promise.reject(boom)), call(() => 3)])
    }
    const { task, advance } = start(saga)
    await advance(20)
    expect(await task.toPromise()).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'rejected', reason: boom },
      { status: 'fulfilled', value: 3 },
    ])
  })

  it('keeps the object shape', async () => {
    function* saga() {
      return yield* allSettled({ user: call(() => 'ann'), fail: call(() => { throw new Error('no') }) })
    }
    const { task } = start(saga)
    const result = await task.toPromise()
    expect(result.user).toEqual({ status: 'fulfilled', value: 'ann' })
    expect(result.fail).toMatchObject({ status: 'rejected', reason: { message: 'no' } })
  })

  it('gives the keys of an object in the order they were written, not the order the effects settled', async () => {
    function* saga() {
      return yield* allSettled({ slow: delay(20, 'slow'), fast: call(() => 'fast') })
    }
    const { task, advance } = start(saga)
    await advance(20)
    expect(Object.keys(await task.toPromise())).toEqual(['slow', 'fast'])
  })

  it('does not cancel the other effects when one fails', async () => {
    const log = track()
    function* slow() {
      yield* delay(100)
      log('slow finished')
      return 'slow'
    }
    function* saga() {
      return yield* allSettled([call(slow), call(() => Promise.reject(new Error('fast failure')))])
    }
    const { task, advance } = start(saga)
    await advance(100)
    const [slowOutcome] = await task.toPromise()
    expect(slowOutcome).toEqual({ status: 'fulfilled', value: 'slow' })
    expect(log.entries).toEqual(['slow finished'])
  })

  it('resumes at once with an empty array or object', () => {
    const log = track()
    function* saga() {
      log(yield* allSettled([]))
      log(yield* allSettled({}))
    }
    start(saga)
    expect(log.entries).toEqual([[], {}])
  })

  it('cancels every pending effect when the task running it is cancelled', () => {
    const log = track()
    function* branch(name: string) {
      try {
        yield* take('NEVER')
      } finally {
        log(`${name} cancelled=${yield* cancelled()}`)
      }
    }
    function* saga() {
      yield* allSettled([call(branch, 'a'), call(branch, 'b')])
    }
    const { task } = start(saga)
    task.cancel()
    expect(log.entries).toEqual(['a cancelled=true', 'b cancelled=true'])
  })

  it('terminates the saga when a take inside gets END, as all does', () => {
    const log = track()
    function* saga() {
      try {
        yield* allSettled([take('A'), delay(100)])
        log('resumed')
      } finally {
        log('finally')
      }
    }
    const { dispatch, task, clock } = start(saga)
    dispatch(END)
    expect(log.entries).toEqual(['finally'])
    expect(task.isRunning()).toBe(false)
    expect(clock.pending()).toBe(0)
  })
})

describe('allLimit()', () => {
  it('runs at most limit effects at once and keeps results in input order', async () => {
    const log = track()
    let running = 0
    let maxRunning = 0
    function* job(id: number, ms: number) {
      running++
      maxRunning = Math.max(maxRunning, running)
      log(`start ${id}`)
      yield* delay(ms)
      running--
      return id * 10
    }
    function* saga() {
      return yield* allLimit(2, [call(job, 1, 30), call(job, 2, 10), call(job, 3, 10), call(job, 4, 10)])
    }
    const { task, advance } = start(saga)
    await advance(40, 10)
    expect(await task.toPromise()).toEqual([10, 20, 30, 40])
    expect(maxRunning).toBe(2)
    expect(log.entries).toEqual(['start 1', 'start 2', 'start 3', 'start 4'])
  })

  it('does not start an effect before a slot frees up', async () => {
    const log = track()
    function* job(id: number) {
      log(`start ${id}`)
      yield* delay(10)
    }
    function* saga() {
      yield* allLimit(1, [call(job, 1), call(job, 2), call(job, 3)])
    }
    const { advance } = start(saga)
    expect(log.entries).toEqual(['start 1'])
    await advance(10)
    expect(log.entries).toEqual(['start 1', 'start 2'])
  })

  it('fails fast: cancels the running effects and starts no more on the first error', async () => {
    const log = track()
    function* job(id: number, ms: number, fail = false) {
      log(`start ${id}`)
      try {
        yield* delay(ms)
        if (fail) throw new Error(`job ${id} failed`)
        return id
      } finally {
        if (yield* cancelled()) log(`cancel ${id}`)
      }
    }
    function* saga() {
      yield* allLimit(2, [call(job, 1, 100), call(job, 2, 10, true), call(job, 3, 10), call(job, 4, 10)])
    }
    const { task, advance } = start(saga)
    await advance(10)
    await expect(task.toPromise()).rejects.toThrow('job 2 failed')
    expect(log.entries).toEqual(['start 1', 'start 2', 'cancel 1'])
  })

  it('runs a long list of synchronous effects without growing the stack', () => {
    const effects = Array.from({ length: 20_000 }, (_, i) => call(() => i))
    let result: number[] = []
    function* saga() {
      result = yield* allLimit(3, effects)
    }
    start(saga)
    expect(result).toHaveLength(20_000)
    expect(result[19_999]).toBe(19_999)
  })

  it('resumes at once with [] for no effects', () => {
    let result: unknown
    function* saga() {
      result = yield* allLimit(4, [])
    }
    start(saga)
    expect(result).toEqual([])
  })

  it('rejects a bad limit with a TypeError naming the API and the value', () => {
    expect(() => allLimit(0, [])).toThrow(new TypeError('allLimit(limit, effects): limit must be an integer >= 1 (or Infinity), got 0 (number)'))
    expect(() => allLimit(2, {} as any)).toThrow(TypeError)
  })
})
