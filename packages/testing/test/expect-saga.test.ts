import { describe, expect, it, vi } from 'vitest'
import { CancellationToken } from '@sagaflow/cancellation'
import { actionChannel, call, cancelled, cps, debounce, eventChannel, delay, fork, fromAsyncIterable, getClock, getContext, isEnd, put, race, retry, select, spawn, take, takeEvery, takeMaybe, throttle, type END } from '@sagaflow/core'
import { expectSaga, SagaTestError } from '@sagaflow/testing'

const api = {
  fetchUser: async (id: number) => ({ id, name: 'Ada' }),
}

describe('expectSaga(): virtual time', () => {
  // Without real timers, the test's own timeout bounds the real time; bench/complexity.mjs guards
  // that the cost follows the timers, not the virtual milliseconds.
  it('runs a saga with delay(60_000) and a debounce without real timers', async () => {
    function* search(action: { q: string }) {
      yield put({ type: 'RESULTS', q: action.q })
    }
    function* saga() {
      yield debounce(300, 'INPUT', search)
      yield delay(60_000)
      yield put({ type: 'MINUTE_LATER' })
    }
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    await expectSaga(saga)
      .dispatchAt(0, { type: 'INPUT', q: 'a' })
      .dispatchAt(100, { type: 'INPUT', q: 'ab' })
      .put({ type: 'RESULTS', q: 'ab' })
      .not.put({ type: 'RESULTS', q: 'a' })
      .put({ type: 'MINUTE_LATER' })
      .run({ timeout: 120_000 })
    const calls = setTimeoutSpy.mock.calls.length
    setTimeoutSpy.mockRestore()
    expect(calls).toBe(0)
  })

  it("runs redux-saga's own delay (a saga written with redux-saga/effects) on virtual time too", async () => {
    const rs = await import('redux-saga/effects')
    function* search(action: { type: string; q: string }) {
      yield rs.put({ type: 'RESULTS', q: action.q })
    }
    function* saga() {
      yield rs.debounce(300, 'INPUT', search)
      yield rs.delay(60_000)
      yield rs.put({ type: 'MINUTE_LATER' })
    }
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout')
    const { effects } = await expectSaga(saga)
      .dispatchAt(0, { type: 'INPUT', q: 'a' })
      .dispatchAt(100, { type: 'INPUT', q: 'ab' })
      .put({ type: 'RESULTS', q: 'ab' })
      .not.put({ type: 'RESULTS', q: 'a' })
      .put({ type: 'MINUTE_LATER' })
      .effect(delay(60_000))
      .run({ timeout: 120_000, asyncTimeout: 100 })
    const calls = setTimeoutSpy.mock.calls.length
    setTimeoutSpy.mockRestore()
    expect(calls).toBe(0)
    expect(effects.delay.map((effect) => effect.payload.args[0])).toEqual([60_000, 300, 300])
  })

  it('gives the virtual clock to getClock(), so a token timeout the saga makes fires on virtual time', async () => {
    function* saga() {
      const deadline = CancellationToken.timeout(30_000, { clock: yield* getClock() })
      yield* race({ done: take('DONE'), timedOut: call(() => deadline.whenCancelled()) })
      yield* put({ type: 'GAVE_UP', reason: (deadline.reason as Error).name })
    }
    // On the real clock the token would not fire within the run's virtual timeout: no GAVE_UP.
    await expectSaga(saga).put({ type: 'GAVE_UP', reason: 'TimeoutError' }).run()
  })

  it('times effects on the virtual clock', async () => {
    function* saga() {
      yield delay(1_500)
      yield put({ type: 'LATER' })
    }
    const { trace } = await expectSaga(saga).run()
    const put1 = trace.find((entry) => entry.kind === 'effect' && (entry.effect as any).type === 'PUT')
    expect(put1).toMatchObject({ kind: 'effect', startedAt: 1_500 })
  })

  it('drives throttle (its sliding buffer keeps the latest action) and retry back-off on the virtual clock', async () => {
    let attempts = 0
    const flaky = async () => {
      if (++attempts < 3) throw new Error('flaky')
      return 'ok'
    }
    function* worker(action: { n: number }) {
      yield put({ type: 'HANDLED', n: action.n })
    }
    function* saga() {
      yield throttle(1_000, 'TICK', worker)
      const result: string = yield retry(3, 10_000, flaky)
      yield put({ type: 'RETRIED', result })
    }
    await expectSaga(saga)
      .dispatchAt(0, { type: 'TICK', n: 1 })
      .dispatchAt(500, { type: 'TICK', n: 2 })
      .dispatchAt(600, { type: 'TICK', n: 3 })
      .put({ type: 'HANDLED', n: 1 })
      .not.put({ type: 'HANDLED', n: 2 })
      .put({ type: 'HANDLED', n: 3 })
      .put({ type: 'RETRIED', result: 'ok' })
      .run()
  })

  it('dispatches at a virtual time after the timers due then have fired', async () => {
    function* saga() {
      yield delay(1_000)
      const action: { type: string } = yield take('GO')
      yield put({ type: 'GOT', at: action.type })
    }
    await expectSaga(saga).dispatchAt(1_000, { type: 'GO' }).put({ type: 'GOT', at: 'GO' }).run({ requireDone: true })
  })

  it('dispatches in order, each once the saga has run as far as it can', async () => {
    function* saga() {
      yield take('FIRST')
      yield call(() => Promise.resolve('async work'))
      yield take('SECOND')
      return 'both'
    }
    await expectSaga(saga).dispatch({ type: 'FIRST' }).dispatch({ type: 'SECOND' }).returns('both').run({ requireDone: true })
  })

  it('delivers a dispatch made while run() goes on to that run', async () => {
    function* saga() {
      yield take('FOO')
      const bar: { type: string; n: number } = yield take('BAR')
      yield put({ type: 'DONE', n: bar.n })
      yield delay(100)
      yield take('BAZ')
      return 'all three'
    }
    const test = expectSaga(saga).dispatch({ type: 'FOO' }).put({ type: 'DONE', n: 1 })
    const running = test.run({ requireDone: true })
    // Called after run(), as redux-saga-test-plan allows: they reach the running saga (they were
    // copied out when the run started, and lost).
    test.dispatch({ type: 'BAR', n: 1 })
    test.dispatchAt(150, { type: 'BAZ' })
    const result = await running
    expect(result.returnValue).toBe('all three')
    expect(result.trace.filter((entry) => entry.kind === 'dispatch').map((entry) => [entry.at, (entry.action as { type: string }).type])).toEqual([
      [0, 'FOO'],
      [0, 'BAR'],
      [150, 'BAZ'],
    ])
    // Once the run is over, a dispatch is for the next run again.
    test.dispatch({ type: 'BAR', n: 1 }).dispatchAt(150, { type: 'BAZ' })
    expect((await test.run({ requireDone: true })).returnValue).toBe('all three')
  })

  it('cancels a saga still running at the virtual timeout and records its cleanup', async () => {
    function* watcher() {
      try {
        while (true) {
          yield take('PING')
          yield put({ type: 'PONG' })
        }
      } finally {
        if (yield* cancelled()) yield put({ type: 'STOPPED' })
      }
    }
    const result = await expectSaga(watcher).dispatchAt(10, { type: 'PING' }).put({ type: 'PONG' }).put({ type: 'STOPPED' }).run()
    expect(result.blocked).toEqual([{ task: 'watcher', effect: take('PING') }])
    expect(result.returnValue).toBeUndefined()
  })

  it('stops at the timeout given to run() even when timers keep coming', async () => {
    function* poller() {
      while (true) {
        yield delay(1_000)
        yield put({ type: 'POLL' })
      }
    }
    const { effects } = await expectSaga(poller).run({ timeout: 10_500 })
    expect(effects.put).toHaveLength(10)
    const { effects: more } = await expectSaga(poller).run(3_000)
    expect(more.put).toHaveLength(3)
  })

  it('rejects with the blocked tasks when requireDone is set and the saga did not finish', async () => {
    function* child() {
      yield take('NEVER')
    }
    function* parent() {
      yield fork(child)
      yield race({ a: take('A'), b: take('B') })
    }
    const error: SagaTestError = await expectSaga(parent).run({ requireDone: true }).catch((e) => e)
    expect(error).toBeInstanceOf(SagaTestError)
    expect(error.message).toContain('expectSaga(parent): 1 of 1 assertion failed')
    expect(error.message).toContain('the saga did not finish (run({ requireDone: true })): it was still running at 0 ms with nothing left to make progress')
    expect(error.message).toContain("parent: race({ a: take('A'), b: take('B') })")
    expect(error.message).toContain("child: take('NEVER')")
  })
})

describe('expectSaga(): work outside the saga (promises, callbacks, real I/O)', () => {
  /** Settles on a later event-loop turn, as real I/O does. */
  const afterIo = <T>(value: T) => new Promise<T>((resolve) => setImmediate(() => resolve(value)))

  it('waits for an async function however many promise turns it takes', async () => {
    async function manyTurns() {
      for (let i = 0; i < 500; i++) await null
      return 500
    }
    function* saga() {
      const n: number = yield call(manyTurns)
      yield put({ type: 'DONE', n })
      return n
    }
    const { returnValue } = await expectSaga(saga).put({ type: 'DONE', n: 500 }).run({ requireDone: true })
    expect(returnValue).toBe(500)
  })

  it('waits for promises and callbacks that settle on a later event-loop turn (I/O, real timers)', async () => {
    function readLater(name: string, callback: (error: unknown, data?: string) => void) {
      setImmediate(() => callback(null, `<${name}>`))
    }
    function* saga() {
      const a: string = yield call(afterIo, 'a')
      const b: string = yield cps(readLater, 'b')
      const c: number = yield new Promise<number>((resolve) => setTimeout(() => resolve(3), 5))
      yield put({ type: 'SAVED', a, b, c })
      return [a, b, c]
    }
    const { returnValue } = await expectSaga(saga).put({ type: 'SAVED', a: 'a', b: '<b>', c: 3 }).run({ requireDone: true })
    expect(returnValue).toEqual(['a', '<b>', 3])
  })

  it('moves virtual time only once the outside work has settled: it takes no virtual time', async () => {
    function* saga() {
      const winner: { user?: string; timedOut?: true } = yield race({ user: call(afterIo, 'ada'), timedOut: delay(5_000) })
      yield delay(1_000)
      return winner
    }
    const { returnValue } = await expectSaga(saga).run({ requireDone: true })
    expect(returnValue).toEqual({ user: 'ada' })
  })

  it('waits for outside work in forks, in sub-sagas and in the cleanup of a cancelled watcher', async () => {
    const log: string[] = []
    function* worker(id: number) {
      log.push(`${id}: ${yield* call(afterIo, 'fetched')}`)
    }
    function* watcher() {
      try {
        yield fork(worker, 1)
        yield call(function* sub() {
          log.push(`sub: ${yield* call(afterIo, 'fetched')}`)
        })
        yield take('NEVER')
      } finally {
        log.push(`cleanup: ${yield* call(afterIo, 'flushed')}`)
      }
    }
    await expectSaga(watcher).run()
    expect(log).toEqual(['1: fetched', 'sub: fetched', 'cleanup: flushed'])
  })

  it('gives up on a promise that never settles after asyncTimeout real ms, and reports it blocked', async () => {
    const never = () => new Promise<never>(() => {})
    function* saga() {
      yield put({ type: 'STARTED' })
      yield call(never)
    }
    const result = await expectSaga(saga).put({ type: 'STARTED' }).run({ asyncTimeout: 20 })
    expect(result.blocked).toEqual([{ task: 'saga', effect: call(never) }])
    const error: SagaTestError = await expectSaga(saga).run({ asyncTimeout: 20, requireDone: true }).catch((e) => e)
    expect(error.message).toContain('saga: call(never)')
    expect(error.message).toContain('waiting on a promise or callback that had not settled after 20 real ms (run({ asyncTimeout }))')
    await expect(expectSaga(saga).run({ asyncTimeout: -1 })).rejects.toThrow(
      'expectSaga(...).run({ asyncTimeout }): asyncTimeout must be a number of real ms >= 0, got -1',
    )
  })

  it('gives up on a promise that never settles once, not again at each later step of virtual time', async () => {
    const never = () => new Promise<never>(() => {})
    function* hanger() {
      yield call(never)
    }
    function* saga() {
      yield spawn(hanger)
      for (let i = 0; i < 3; i++) yield delay(1_000)
      return 'done'
    }
    // Each give-up waits asyncTimeout real ms: four of them (one per step) take 1,000 ms at least.
    const began = performance.now()
    const { returnValue } = await expectSaga(saga).run({ asyncTimeout: 250 })
    expect(returnValue).toBe('done')
    expect(performance.now() - began).toBeLessThan(1_000)
  })

  it('waits for outside work as long as asyncTimeout says, beyond the ~2 s a million event-loop turns take', async () => {
    // Real I/O that answers after 4 real seconds, raced against 5 virtual seconds: with asyncTimeout
    // 10 s the run waits for it (the clock does not move meanwhile), so the fetch wins.
    const slowFetch = () => new Promise<string>((resolve) => setTimeout(() => resolve('user'), 4_000))
    function* saga() {
      const winner: { user?: string } = yield race({ user: call(slowFetch), timeout: delay(5_000) })
      return winner.user ?? 'timed out'
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const { returnValue } = await expectSaga(saga).run({ asyncTimeout: 10_000 })
      expect(returnValue).toBe('user')
      // 4 s of real waiting with virtual time at 0 ms: the slow-outside-work warning (see below).
      expect(warn).toHaveBeenCalledTimes(1)
    } finally {
      warn.mockRestore()
    }
  })

  it('warns once when it has waited 3 s of real time on outside work while virtual time stood still', async () => {
    // A saga on a real timer: virtual time never moves, so run({ timeout }) cannot end it. Real
    // time is read 50 times faster than it runs, so that 3 s pass in well under a real second.
    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
    function* poller() {
      for (let i = 0; i < 100; i++) {
        yield call(sleep, 1)
        yield put({ type: 'TICK', i })
      }
    }
    // The same real waits, with virtual time moving between them: each instant waits ~50 ms.
    function* pacedPoller() {
      for (let i = 0; i < 100; i++) {
        yield call(sleep, 1)
        yield delay(10)
      }
    }
    const realNow = performance.now.bind(performance)
    const origin = realNow()
    const now = vi.spyOn(performance, 'now').mockImplementation(() => origin + (realNow() - origin) * 50)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      // (asyncTimeout: outside work may take a few real ms, hundreds of fast ms.)
      const { effects } = await expectSaga(poller).run({ timeout: 100, asyncTimeout: 1e9 })
      expect(effects.put).toHaveLength(100)
      expect(warn).toHaveBeenCalledTimes(1)
      expect(warn.mock.calls[0]![0]).toMatch(
        /^expectSaga\(poller\): \d+\.\d s of real time spent waiting on work outside the saga \(now call\(sleep, 1\) in poller\), while virtual time stays at 0 ms\. Real timers and I\/O take real time, and run\(\{ timeout \}\) counts virtual time only/,
      )
      expect(warn.mock.calls[0]![0]).toContain('provide the effect (a value, or delayed(ms, value) to take virtual time), or use delay() rather than a real timer.')
      warn.mockClear()
      const paced = await expectSaga(pacedPoller).run({ asyncTimeout: 1e9 })
      expect(paced.effects.delay).toHaveLength(100)
      expect(warn).not.toHaveBeenCalled()
    } finally {
      now.mockRestore()
      warn.mockRestore()
    }
  })

  it('waits on real I/O and real timers with fake timers installed in the test', async () => {
    // The run's event-loop turns are Node's own setImmediate, read when @sagaflow/testing loaded:
    // the fake one installed here would never fire, and the run would hang.
    const { stat } = await import('node:fs/promises')
    const realSetTimeout = globalThis.setTimeout
    function* saga() {
      const found: unknown[] = []
      for (let i = 0; i < 5; i++) {
        found.push(yield call(stat, '/'))
        found.push(yield call(() => new Promise((resolve) => realSetTimeout(() => resolve(i), 0))))
      }
      return found.length
    }
    vi.useFakeTimers()
    try {
      const { returnValue } = await expectSaga(saga).run({ requireDone: true })
      expect(returnValue).toBe(10)
    } finally {
      vi.useRealTimers()
    }
  })

  it('waits for a fromAsyncIterable source that reads on later event-loop turns', async () => {
    async function* pages() {
      for (let page = 0; page < 3; page++) yield await afterIo(`page ${page}`)
    }
    function* reader() {
      const ch = fromAsyncIterable(pages())
      const read: string[] = []
      while (true) {
        const page: string | END = yield* takeMaybe(ch)
        if (isEnd(page)) return read
        read.push(page)
      }
    }
    const { returnValue } = await expectSaga(reader).run({ requireDone: true })
    expect(returnValue).toEqual(['page 0', 'page 1', 'page 2'])
  })

  it('waits for a promise a provider answers with', async () => {
    function* saga() {
      const user: string = yield call(afterIo, 'real')
      return user
    }
    const { returnValue } = await expectSaga(saga)
      .provide([[call(afterIo, 'real'), afterIo('provided later')]])
      .run({ requireDone: true })
    expect(returnValue).toBe('provided later')
  })

  // Migration journey (audit round 3): a websocket saga tested with a fake socket on a real timer
  // passed under redux-saga-test-plan (its run waits 250 real ms) and failed here with no hint.
  it('says, when a task is left in a take on a channel fed from outside, that the run does not wait for it', async () => {
    function* watchSocket(subscribe: (emit: (message: unknown) => void) => () => void) {
      const socket = eventChannel(subscribe)
      while (true) yield* put({ type: 'WS_MESSAGE', message: yield* take(socket) })
    }
    const onRealTimer = (emit: (message: unknown) => void) => {
      const timer = setTimeout(() => emit({ a: 1 }), 10)
      return () => clearTimeout(timer)
    }
    const error = await expectSaga(watchSocket, onRealTimer).put({ type: 'WS_MESSAGE', message: { a: 1 } }).run().then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(SagaTestError)
    expect((error as Error).message).toContain(
      'watchSocket waited in a take on a channel fed from outside the saga (an eventChannel on a socket or a real timer, a channel the test keeps): the run does not wait for such a source to emit. Make it emit from the test once run() has started',
    )
  })

  it('does not give that hint for a take on an actionChannel, which the dispatches feed', async () => {
    function* queue() {
      const requests = yield* actionChannel('REQUEST')
      yield* take(requests)
      yield* put({ type: 'NEVER_REACHED' })
    }
    const error = await expectSaga(queue).put({ type: 'NEVER_REACHED' }).run().then(() => undefined, (e: unknown) => e)
    expect(error).toBeInstanceOf(SagaTestError)
    expect((error as Error).message).toContain('put({ type: \'NEVER_REACHED\' }) was never yielded')
    expect((error as Error).message).not.toContain('fed from outside the saga')
  })

  it('does not wait when every task waits on an action or a provided effect', async () => {
    function* saga() {
      const user: string = yield call(afterIo, 'real')
      yield take('NEVER')
      return user
    }
    const outcome = await Promise.race([
      expectSaga(saga)
        .provide([[call(afterIo, 'real'), 'provided']])
        .run({ asyncTimeout: 60_000 })
        .then((result) => result.effects.take),
      new Promise((resolve) => setTimeout(() => resolve('waited for the asyncTimeout'), 30_000)),
    ])
    expect(outcome).toEqual([take('NEVER')])
  })
})

describe('expectSaga(): detached tasks', () => {
  it('does not fail the run when a spawned task throws, but reports it when the run fails', async () => {
    function* crashing() {
      yield delay(10)
      throw new Error('spawned crash')
    }
    function* saga() {
      yield spawn(crashing)
      yield delay(20)
      yield put({ type: 'STILL_HERE' })
    }
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      await expectSaga(saga).put({ type: 'STILL_HERE' }).run()
      // Not dropped: logged, as the runtime's default onError logs a root task's error.
      expect(logged).toHaveBeenCalledWith('expectSaga(saga): a detached (spawned) task failed:', new Error('spawned crash'), expect.stringContaining('The above error occurred in task crashing'))
      const error: SagaTestError = await expectSaga(saga).put({ type: 'MISSING' }).run().catch((e) => e)
      expect(error.message).toContain('Errors in detached (spawned) tasks:\n  Error: spawned crash\n    The above error occurred in task crashing')
    } finally {
      logged.mockRestore()
    }
  })

  it('goes on after the root saga ends while a task it spawned runs: test dispatches reach it', async () => {
    function* worker() {
      const action: { type: string } = yield take('PING')
      yield put({ type: 'PONG', after: action.type })
    }
    // A resilient root: it only spawns its watchers, and ends at once.
    function* root() {
      yield spawn(worker)
    }
    await expectSaga(root).dispatch({ type: 'PING' }).put({ type: 'PONG', after: 'PING' }).run()
    await expectSaga(root).dispatchAt(5_000, { type: 'PING' }).put({ type: 'PONG', after: 'PING' }).run()
    const failed: SagaTestError = await expectSaga(root).dispatch({ type: 'PING' }).not.put({ type: 'PONG', after: 'PING' }).run().catch((e) => e)
    expect(failed.message).toContain('✗ not.put')
  })

  it('fails when a scheduled dispatch falls after the end of the run', async () => {
    function* watcher() {
      while (true) yield take('TICK')
    }
    const error: SagaTestError = await expectSaga(watcher).dispatchAt(90_000, { type: 'TICK' }).run().catch((e) => e)
    expect(error).toBeInstanceOf(SagaTestError)
    expect(error.message).toContain("✗ dispatchAt(90000, { type: 'TICK' }) was never delivered: the run ended at 60000 virtual ms (run({ timeout }) to go further)")
    await expectSaga(watcher).dispatchAt(90_000, { type: 'TICK' }).run({ timeout: 100_000 })
  })
})

describe('expectSaga(): throws', () => {
  it('a not.throws(...) assertion does not hide another error: the run rejects with it', async () => {
    function* saga() {
      yield delay(10)
      throw new RangeError('out of range')
    }
    await expect(expectSaga(saga).not.throws(TypeError).run()).rejects.toThrow(new RangeError('out of range'))
    await expectSaga(saga).throws(RangeError).not.throws(TypeError).run()
  })
})

describe('expectSaga(): state, context and result', () => {
  it('reads withState() in select', async () => {
    function* saga() {
      const name: string = yield select((state: { name: string }) => state.name)
      yield put({ type: 'HELLO', name })
    }
    await expectSaga(saga).withState({ name: 'Ada' }).put({ type: 'HELLO', name: 'Ada' }).run()
  })

  it('applies withReducer() to puts and dispatches, and checks hasFinalState()', async () => {
    const reducer = (state = { count: 0 }, action: { type: string }) => (action.type === 'INC' ? { count: state.count + 1 } : state)
    function* saga() {
      yield take('INC')
      yield put({ type: 'INC' })
      const count: number = yield select((state: { count: number }) => state.count)
      yield put({ type: 'COUNT', count })
    }
    const result = await expectSaga(saga)
      .withReducer(reducer)
      .dispatch({ type: 'INC' })
      .put({ type: 'COUNT', count: 2 })
      .hasFinalState({ count: 2 })
      .run()
    expect(result.storeState).toEqual({ count: 2 })
    await expectSaga(saga).withReducer(reducer, { count: 10 }).dispatch({ type: 'INC' }).hasFinalState({ count: 12 }).run()
  })

  it('gives withContext() to getContext', async () => {
    function* saga() {
      const fetchUser: typeof api.fetchUser = yield getContext('fetchUser')
      return yield* call(fetchUser, 1)
    }
    await expectSaga(saga).withContext({ fetchUser: api.fetchUser }).returns({ id: 1, name: 'Ada' }).run()
  })

  it('names the builder method a bad argument was given to', async () => {
    function* saga() {
      yield put({ type: 'A' })
    }
    expect(() => expectSaga(saga).call(undefined as any)).toThrow(
      'expectSaga(...).call(...) could not build the expected effect: call: argument fn is undefined or null',
    )
    expect(() => expectSaga(saga).not.put(undefined as any)).toThrow(
      'expectSaga(...).not.put(...) could not build the expected effect: put(action): argument action is undefined',
    )
    expect(() => expectSaga(saga).effect(5 as any)).toThrow('expectSaga(...).effect(effectOrMatcher): expected an effect, a matcher (from `matchers`) or a predicate, got 5')
    expect(() => expectSaga(saga).cancelAt('A' as any)).toThrow("expectSaga(...).cancelAt(matcher, nth): expected an effect, a matcher (from `matchers`) or a predicate, got 'A'")
    expect(() => expectSaga(saga).failAt(42 as any, new Error())).toThrow('expectSaga(...).failAt(matcher, error, nth): expected an effect')
    expect(() => expectSaga(saga).dispatchAt(5, undefined as any)).toThrow('expectSaga(...).dispatchAt(ms, action): action must be an action (or END), got undefined')
    expect(() => expectSaga(saga).dispatch(null as any)).toThrow('expectSaga(...).dispatch(action): action must be an action (or END), got null')
    await expect(expectSaga(saga).run({ timout: 5 } as any)).rejects.toThrow(
      "expectSaga(...).run(options): unknown option 'timout' (did you mean `timeout`?); the options are timeout, requireDone and asyncTimeout",
    )
    const notASaga = () => 5
    await expect(expectSaga(notASaga as any).run()).rejects.toThrow(
      'expectSaga(saga, ...args): saga must be a generator function (or return an iterator), but notASaga(...) did not return one',
    )
  })

  it("names what replaces redux-saga-test-plan's silentRun, delay and silenceTimeout, instead of 'is not a function'", async () => {
    function* saga() {
      yield put({ type: 'A' })
    }
    expect(() => (expectSaga(saga) as any).silentRun(100)).toThrow(
      new TypeError("expectSaga(...).silentRun(...) is redux-saga-test-plan's; here, use .run(timeout) or .run({ timeout }): reaching the virtual timeout never warns"),
    )
    expect(() => (expectSaga(saga) as any).delay(250)).toThrow(
      new TypeError("expectSaga(...).delay(...) is redux-saga-test-plan's; here, use .dispatchAt(ms, action) to dispatch at a virtual time"),
    )
    await expect(expectSaga(saga).run({ silenceTimeout: true } as any)).rejects.toThrow(
      "expectSaga(...).run(options): unknown option 'silenceTimeout' (redux-saga-test-plan's): reaching the virtual timeout never warns here, so remove it",
    )
    // Not part of the API: an object spread or a key listing does not show them.
    expect(Object.keys(expectSaga(saga))).not.toContain('silentRun')
  })

  it('rejects run() options of another type, instead of running with the defaults', async () => {
    function* saga() {
      yield put({ type: 'A' })
    }
    for (const [options, shown] of [['10s', "'10s'"], [true, 'true'], [null, 'null']] as const) {
      await expect(expectSaga(saga).run(options as any)).rejects.toThrow(
        new TypeError(
          `expectSaga(...).run(options): options must be an object { timeout?, requireDone?, asyncTimeout? }, a number of virtual ms (the timeout) or false (no timeout), got ${shown}`,
        ),
      )
    }
    await expect(expectSaga(saga).run({ requireDone: 'yes' } as any)).rejects.toThrow("expectSaga(...).run({ requireDone }): requireDone must be true or false, got 'yes'")
    await expectSaga(saga).run(1000)
    await expectSaga(saga).run(false)
  })

  it('rejects put.like() of something other than an object when the assertion is built', () => {
    function* saga() {
      yield put({ type: 'A' })
    }
    expect(() => expectSaga(saga).put.like(undefined as any)).toThrow(
      'expectSaga(...).put.like(...) could not build the expected effect: matchers.put.like(payload): payload must be an object { action?, channel?, resolve? } (the fields to match), got undefined',
    )
    expect(() => expectSaga(saga).not.call.like(42 as any)).toThrow('matchers.call.like(payload): payload must be an object { context?, fn?, args? } (the fields to match), got 42')
    expect(() => expectSaga(saga).all.like('A' as any)).toThrow("matchers.all.like(effects): effects must be an array or object of effects (the fields to match), got 'A'")
    expect(() => expectSaga(saga).take.like(['A'] as any)).toThrow('matchers.take.like(payload): payload must be an object { pattern?, channel?, maybe? }')
  })

  it('rejects a withContext() argument that is not an object, naming it', () => {
    expect(() => expectSaga(function* saga() {}).withContext('ctx' as never)).toThrow(
      new TypeError("expectSaga(...).withContext(context): context must be an object of the values getContext reads, got 'ctx'"),
    )
  })

  it('resolves with effects, effectsByTask, returnValue, storeState, blocked and trace', async () => {
    function* saga() {
      yield put({ type: 'A' })
      return 7
    }
    const result = await expectSaga(saga).withState({ s: 1 }).run()
    expect(Object.keys(result).sort()).toEqual(['blocked', 'effects', 'effectsByTask', 'returnValue', 'storeState', 'trace'])
    expect(result.effects).toEqual([put({ type: 'A' })])
    expect(result.effectsByTask).toEqual({ saga: [put({ type: 'A' })] })
    expect(result.returnValue).toBe(7)
    expect(result.storeState).toEqual({ s: 1 })
    expect(result.blocked).toEqual([])
    expect(result.trace).toEqual([
      expect.objectContaining({ kind: 'effect', task: 'saga', effect: put({ type: 'A' }), outcome: { status: 'ok', value: { type: 'A' } } }),
    ])
  })

  it('offers per-kind views of the effects, delays apart from calls', async () => {
    function* saga() {
      yield call(api.fetchUser, 1)
      yield delay(5)
      yield put({ type: 'A' })
      yield takeEvery('X', function* worker() {})
    }
    const { effects } = await expectSaga(saga).run()
    expect(effects.call).toEqual([call(api.fetchUser, 1)])
    expect(effects.delay).toEqual([delay(5)])
    expect(effects.put).toHaveLength(1)
    expect(effects.fork).toHaveLength(1)
    expect(effects.take).toEqual([take('X')])
    expect(effects.select).toEqual([])
    expect(effects.ofKind('delay')).toEqual([delay(5)])
  })
})

describe('expectSaga(): returns and throws', () => {
  class PaymentError extends Error {}
  function* failing() {
    yield put({ type: 'STARTED' })
    throw new PaymentError('declined')
  }

  it('checks the return value', async () => {
    function* saga() {
      return { ok: true }
    }
    await expectSaga(saga).returns({ ok: true }).run()
    await expect(expectSaga(saga).returns({ ok: false }).run()).rejects.toThrow('returns({ ok: false }): the saga returned { ok: true }')
  })

  it('sees what the saga returned while a watcher it forked still runs (as redux-saga-test-plan does)', async () => {
    function* analytics() {
      while (true) yield take('TRACK')
    }
    function* checkout() {
      yield fork(analytics)
      yield put({ type: 'ORDERED' })
      return 'order-1'
    }
    const result = await expectSaga(checkout).returns('order-1').run()
    expect(result.returnValue).toBe('order-1')
    expect(result.blocked).toEqual([{ task: 'analytics', effect: take('TRACK') }])
    await expect(expectSaga(checkout).returns('order-2').run()).rejects.toThrow('returns(\'order-2\'): the saga returned \'order-1\'')
    // requireDone still fails: the forked watcher never ended.
    await expect(expectSaga(checkout).run({ requireDone: true })).rejects.toThrow(
      "the saga did not finish (run({ requireDone: true })): it returned 'order-1', and tasks it forked were still running at 0 ms",
    )
    // A saga cancelled before its own code returned returned nothing, whatever its `finally` returns.
    function* interrupted() {
      try {
        yield take('NEVER')
        return 'finished'
      } finally {
        // eslint-disable-next-line no-unsafe-finally
        return 'cleanup'
      }
    }
    expect((await expectSaga(interrupted).run()).returnValue).toBeUndefined()
    await expect(expectSaga(interrupted).returns('cleanup').run()).rejects.toThrow("returns('cleanup'): the saga was still running at 0 ms")
  })

  it('checks a thrown error by class, predicate or value, with the other assertions', async () => {
    await expectSaga(failing).throws(PaymentError).put({ type: 'STARTED' }).run()
    await expectSaga(failing).throws((error: Error) => error.message === 'declined').run()
    await expectSaga(failing).throws(new PaymentError('declined')).run()
    await expectSaga(failing).not.throws(TypeError).throws(Error).run()
    // The error is named by its class (its name, 'Error', is only inherited).
    await expect(expectSaga(failing).throws(TypeError).run()).rejects.toThrow('throws(TypeError): the saga threw PaymentError: declined')
  })

  it('rejects throws(undefined), a misspelt import, when the assertion is built; a thrown string or number is still a value', async () => {
    expect(() => expectSaga(failing).throws(undefined as any)).toThrow(
      new TypeError(
        'expectSaga(...).throws(expected): expected is undefined (a misspelt import?); pass an error class, a predicate (error) => boolean, or the value thrown (for `throw undefined`, the predicate (error) => error === undefined)',
      ),
    )
    expect(() => expectSaga(failing).not.throws(undefined as any)).toThrow('expectSaga(...).not.throws(expected): expected is undefined')
    function* throwsCode() {
      yield put({ type: 'STARTED' })
      throw 'E_DECLINED'
    }
    await expectSaga(throwsCode).throws('E_DECLINED').run()
  })

  it('rejects with the saga’s own error, unchanged, when no throws() is asserted', async () => {
    const error = await expectSaga(failing).put({ type: 'STARTED' }).run().catch((e) => e)
    expect(error).toBeInstanceOf(PaymentError)
    expect(error.message).toBe('declined')
  })
})
