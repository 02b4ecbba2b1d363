/*
 * SagaMonitor hooks (reference §1.6): which hook fires when, with which ids, parent ids, labels,
 * effects and results. Differential against redux-saga 1.5.1: both logs are recorded by
 * `monitorLog`, which renumbers effect ids in first-seen order (ids are global counters).
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.12 the `sagaMonitor` object is mutated (noop hooks added); `actionDispatched` is called
 *   only by the middleware, never by runSaga alone.
 * - §4.13 effect ids are global across all sagas and runs (compared relatively here).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { deferreds, expectBoth, expectSame, monitorLog, reduxStore, sleep, storeLike } from './support/differential.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('sagaMonitor', () => {
  it('reports the root, every effect with its parent and label, results, errors and cancellations', async () => {
    const log = await expectSame(async (lib) => {
      const { call, put, race, take } = lib.effects
      const log: unknown[] = []
      const sagaMonitor = monitorLog(log)
      const { store, middleware } = reduxStore(lib, undefined, { sagaOptions: { sagaMonitor } })
      const apiDefs = deferreds(2)
      Promise.resolve()
        .then(() => apiDefs[0]!.resolve('api1'))
        .then(() => apiDefs[1]!.resolve('api2'))
      const api = (idx: number) => apiDefs[idx]!.promise
      function* child() {
        yield call(api, 1)
        yield put({ type: 'SAGA_ACTION' })
        throw 'child error'
      }
      function* main() {
        try {
          yield call(api, 0)
          yield race({ action: take('action'), call: call(child) })
        } catch {
          // caught
        }
      }
      store.dispatch({ type: 'STORE_ACTION' })
      await middleware.run(main).toPromise()
      return log
    })
    expect(log).toEqual([
      ['dispatched', { type: 'STORE_ACTION' }],
      ['root', '#1', 'fn:main', []],
      ['triggered', '#2', '#1', '', { CALL: { fn: 'fn:api', args: [0] } }],
      ['resolved', '#1', 'task:main'],
      ['resolved', '#2', 'api1'],
      ['triggered', '#3', '#1', '', { RACE: { action: { TAKE: { pattern: 'action' } }, call: { CALL: { fn: 'fn:child', args: [] } } } }],
      ['triggered', '#4', '#3', 'action', { TAKE: { pattern: 'action' } }],
      ['triggered', '#5', '#3', 'call', { CALL: { fn: 'fn:child', args: [] } }],
      ['triggered', '#6', '#5', '', { CALL: { fn: 'fn:api', args: [1] } }],
      ['resolved', '#6', 'api2'],
      ['triggered', '#7', '#5', '', { PUT: { action: { type: 'SAGA_ACTION' } } }],
      ['dispatched', { type: 'SAGA_ACTION' }],
      ['resolved', '#7', { type: 'SAGA_ACTION' }],
      ['rejected', '#5', 'child error'],
      ['cancelled', '#4'],
      ['rejected', '#3', 'child error'],
    ])
  })

  it('reports rootSagaStarted with the saga and its arguments, and never actionDispatched from runSaga alone', async () => {
    await expectBoth(async (lib) => {
      const { put } = lib.effects
      const log: unknown[] = []
      const store = storeLike(lib)
      function* saga(a: number, b: string) {
        yield put({ type: 'X', a, b })
      }
      await lib.runSaga({ ...store, sagaMonitor: monitorLog(log) }, saga, 1, 'two').toPromise()
      return log
    }, [
      ['root', '#1', 'fn:saga', [1, 'two']],
      ['triggered', '#2', '#1', '', { PUT: { action: { type: 'X', a: 1, b: 'two' } } }],
      // the root task is reported once runSaga's lock is released, after the put it flushed
      ['resolved', '#1', 'task:saga'],
      ['resolved', '#2', { type: 'X', a: 1, b: 'two' }],
    ])
  })

  it('fills the missing hooks of a monitor with functions (the monitor object is mutated)', async () => {
    await expectBoth(async (lib) => {
      const { call, put, race, take } = lib.effects
      const sagaMonitor: Record<string, unknown> = {}
      const { store, middleware } = reduxStore(lib, undefined, { sagaOptions: { sagaMonitor } })
      function* main(): Generator<any, string, any> {
        try {
          yield call(() => Promise.resolve('api'))
          yield race({ action: take('action'), call: call(function* () { yield put({ type: 'A' }); throw 'child error' }) })
        } catch {
          // caught
        }
        return 'success'
      }
      store.dispatch({ type: 'STORE_ACTION' })
      const result = await middleware.run(main).toPromise()
      return [result, Object.keys(sagaMonitor).sort(), Object.values(sagaMonitor).every((f) => typeof f === 'function')]
    }, ['success', ['actionDispatched', 'effectCancelled', 'effectRejected', 'effectResolved', 'effectTriggered', 'rootSagaStarted'], true])
  })

  it('labels the children of all() and race() by key and reports forks, joins and cancellation', async () => {
    await expectSame(async (lib) => {
      const { all, call, cancel, delay, fork, join, race, select, spawn } = lib.effects
      const log: unknown[] = []
      const store = storeLike(lib, (s) => s, { n: 1 })
      function* worker(ms: number): Generator<any, string, any> {
        yield delay(ms)
        return `slept ${ms}`
      }
      function* blocked() {
        yield new Promise(() => {})
      }
      function* main(): Generator<any, unknown, any> {
        const t1 = yield fork(worker, 1)
        const t2 = yield spawn(worker, 2)
        const t3 = yield fork(blocked)
        const both = yield all([join(t1), join(t2)])
        const winner = yield race([delay(1, 'fast'), call(worker, 50)])
        const named = yield all({ s: select((s: any) => s.n), v: call(() => 'value') })
        yield cancel(t3)
        return [both, winner, named]
      }
      vi.useFakeTimers()
      const task = lib.runSaga({ ...store, sagaMonitor: monitorLog(log) }, main)
      await vi.advanceTimersByTimeAsync(100)
      vi.useRealTimers()
      await task.toPromise()
      return log
    })
  })

  it('reports values yielded without an effect: plain values, promises and iterators', async () => {
    await expectSame(async (lib) => {
      const log: unknown[] = []
      function* sub(): Generator<any, string, any> {
        yield 'inner plain'
        return 'sub result'
      }
      function* main(): Generator<any, void, any> {
        yield 42
        yield Promise.resolve('promised')
        yield sub()
        try {
          yield Promise.reject(new Error('rejected promise'))
        } catch {
          // caught
        }
      }
      await lib.runSaga({ sagaMonitor: monitorLog(log) }, main).toPromise()
      return log
    })
  })

  it('reports effectCancelled for the effect a cancelled task was blocked on, and for its sub-tasks', async () => {
    await expectSame(async (lib) => {
      const { call, cancelled, take } = lib.effects
      const log: unknown[] = []
      const store = storeLike(lib)
      function* inner(): Generator<any, void, any> {
        try {
          yield take('NEVER')
        } finally {
          yield cancelled()
        }
      }
      function* main() {
        yield call(inner)
      }
      const task = lib.runSaga({ ...store, sagaMonitor: monitorLog(log) }, main)
      await sleep(1)
      task.cancel()
      await task.toPromise()
      return log
    })
  })

  it('reports synchronous call results and errors with the effect that produced them', async () => {
    await expectSame(async (lib) => {
      const { call, select } = lib.effects
      const log: unknown[] = []
      const store = storeLike(lib, (s) => s, { n: 3 })
      const fail = () => {
        throw new Error('sync failure')
      }
      function* main(): Generator<any, void, any> {
        yield call((a: number) => a + 1, 1)
        yield select((s: any) => s.n)
        try {
          yield call(fail)
        } catch {
          // caught
        }
      }
      await lib.runSaga({ ...store, sagaMonitor: monitorLog(log) }, main).toPromise()
      return log
    })
  })

  it('reports the effects of helpers (takeEvery, takeLatest, throttle, debounce, retry)', async () => {
    await expectSame(async (lib) => {
      const { cancel, debounce, retry, takeEvery, takeLatest, throttle } = lib.effects
      const log: unknown[] = []
      const store = storeLike(lib)
      let attempts = 0
      const flaky = () => {
        if (++attempts < 2) throw new Error('flaky')
        return 'ok'
      }
      function* worker() {
        yield Promise.resolve()
      }
      function* main(): Generator<any, void, any> {
        const tasks = [
          yield takeEvery('E', worker),
          yield takeLatest('L', worker),
          yield throttle(1, 'T', worker),
          yield debounce(1, 'D', worker),
        ]
        yield retry(2, 1, flaky)
        yield new Promise((r) => setTimeout(r, 10))
        yield cancel(tasks)
      }
      vi.useFakeTimers()
      const task = lib.runSaga({ ...store, sagaMonitor: monitorLog(log) }, main)
      for (const type of ['E', 'L', 'L', 'T', 'T', 'D', 'D']) store.dispatch({ type })
      await vi.advanceTimersByTimeAsync(20)
      vi.useRealTimers()
      await task.toPromise()
      return log
    })
  })

  it('reports children of all() and race() that settle synchronously, puts included', async () => {
    await expectSame(async (lib) => {
      const { all, race, put, take, call, select } = lib.effects
      const store = storeLike(lib)
      const log: unknown[] = []
      const t = lib.runSaga({ ...store, sagaMonitor: monitorLog(log) }, function* (): Generator<any, unknown, any> {
        const a = yield all([put({ type: 'X' }), take('X'), call(() => 1), select(() => 2)])
        const b = yield race([call(() => 3), take('NEVER')])
        const c = yield all({})
        return [a, b, c]
      })
      return [await t.toPromise(), log]
    })
  })
})
