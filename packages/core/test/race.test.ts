/*
 * `race` (reference §3.4): result shapes, losers cancelled, END and errors, synchronous winners.
 * Differential against redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.2 `race({})` / `race([])` never resolves.
 * - §4.3 a race whose first child settles synchronously never starts the others.
 */
import { describe, it } from 'vitest'
import { chain, deferred, expectBoth, expectSame, flushMicrotasks, monitorLog, reduxStore, sleep, storeLike } from './support/differential.js'

describe('race()', () => {
  it('resolves with an object holding only the winner key', async () => {
    await expectBoth(async (lib) => {
      const { race, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const timeout = deferred()
      let result: unknown = 'initial'
      function* saga(): Generator<any, void, any> {
        result = yield race({ event: take('action'), timeout: timeout.promise })
      }
      const task = middleware.run(saga)
      await chain(
        () => timeout.resolve(1),
        () => store.dispatch({ type: 'action' }),
      )
      await task.toPromise()
      return result
    }, { timeout: 1 })
  })

  it('resolves an array race with an array holding only the winner slot', async () => {
    await expectBoth(async (lib) => {
      const { race, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const timeout = deferred()
      let result: any
      function* saga(): Generator<any, void, any> {
        result = yield race([take('action'), timeout.promise])
      }
      const task = middleware.run(saga)
      await chain(
        () => timeout.resolve(1),
        () => store.dispatch({ type: 'action' }),
      )
      await task.toPromise()
      return [result.length, 0 in result, result[0], result[1]]
    }, [2, true, undefined, 1])
  })

  it('terminates the saga when a child take gets END', async () => {
    await expectBoth(async (lib) => {
      const { race, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const timeout = deferred()
      let result: unknown = 'initial'
      let called = false
      function* saga(): Generator<any, void, any> {
        called = true
        result = yield race({ event: take('action'), task: timeout.promise })
      }
      const task = middleware.run(saga)
      await chain(
        () => store.dispatch(lib.END),
        () => timeout.resolve(1),
      )
      await task.toPromise()
      return [called, result]
    }, [true, 'initial'])
  })

  it('does not start the remaining children once one settled synchronously', async () => {
    await expectBoth(async (lib) => {
      const { actionChannel, flush, race, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        const xChan = yield actionChannel('x')
        const yChan = yield actionChannel('y')
        yield take('start')
        seen.push(yield race({ x: take(xChan), y: take(yChan) }))
        yield Promise.resolve()
        seen.push(yield flush(xChan), yield flush(yChan))
      }
      const task = middleware.run(saga)
      await chain(
        () => store.dispatch({ type: 'x' }),
        () => store.dispatch({ type: 'y' }),
        () => store.dispatch({ type: 'start' }),
      )
      await task.toPromise()
      return seen
    }, [{ x: { type: 'x' } }, [], [{ type: 'y' }]])
  })

  it('cancels a losing join without cancelling the joined tasks', async () => {
    await expectBoth(async (lib) => {
      const { delay, fork, join, race } = lib.effects
      const { middleware } = reduxStore(lib)
      let tasks: any[] = []
      function* saga(): Generator<any, unknown, any> {
        tasks = [yield fork(function* () { yield delay(10) }), yield fork(function* () { yield delay(40) })]
        return yield race({ join: join(tasks), timeout: delay(20) })
      }
      const result = await middleware.run(saga).toPromise()
      return [result, tasks.map((t) => [t.isRunning(), t.isCancelled()])]
    }, [{ timeout: true }, [[false, false], [false, false]]])
  })

  it('throws the error of a child into the saga after cancelling the others', async () => {
    await expectBoth(async (lib) => {
      const { call, cancelled, race } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* loser(): Generator<any, void, any> {
        try {
          yield new Promise(() => {})
        } finally {
          seen.push(['loser cancelled', yield cancelled()])
        }
      }
      function* saga(): Generator<any, void, any> {
        try {
          yield race({ fail: call(() => Promise.reject(new Error('boom'))), loser: call(loser) })
        } catch (error) {
          seen.push((error as Error).message)
        }
      }
      await middleware.run(saga).toPromise()
      return seen
    }, [['loser cancelled', true], 'boom'])
  })

  it('never resolves an empty race', async () => {
    await expectBoth(async (lib) => {
      const { race } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, void, any> {
        yield race({})
      }
      function* saga2(): Generator<any, void, any> {
        yield race([])
      }
      const t1 = middleware.run(saga)
      const t2 = middleware.run(saga2)
      await sleep(5)
      const running = [t1.isRunning(), t2.isRunning()]
      t1.cancel()
      t2.cancel()
      return running
    }, [true, true])
  })

  it('cancels a self-cancelled child race as a whole: the saga is cancelled', async () => {
    await expectBoth(async (lib) => {
      const { call, cancel, cancelled, race } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* selfCancelling() {
        yield cancel()
      }
      function* saga(): Generator<any, void, any> {
        try {
          seen.push(yield race({ a: call(selfCancelling), b: new Promise(() => {}) }))
        } finally {
          seen.push(['saga cancelled', yield cancelled()])
        }
      }
      const task = middleware.run(saga)
      await flushMicrotasks()
      return [seen, task.isCancelled()]
    }, [[['saga cancelled', true]], true])
  })

  it('lets a put and a take race, the put settling first', async () => {
    await expectSame(async (lib) => {
      const { put, race, take, fork } = lib.effects
      const store = storeLike(lib)
      const log: unknown[] = []
      const t = lib.runSaga({ ...store, sagaMonitor: monitorLog(log) }, function* (): Generator<any, unknown, any> {
        yield fork(function* (): Generator<any, void, any> {
          log.push(['forked took', yield take('A')])
        })
        return yield race({ p: put({ type: 'A' }), t: take('A') })
      })
      return [await t.toPromise(), log]
    })
  })
})
