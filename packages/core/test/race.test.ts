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

/*
 * A race of 8 or more `take(type)` children on one channel, with no monitor or effect middleware,
 * registers one combined taker (effects/race.ts, bench "race 20k", issue #7). These pin down that
 * it behaves as one taker per child does in the reference.
 */
describe('race() of many takes', () => {
  const TYPES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J']

  it('delivers to the first child taking the type, in registration order with other takers', async () => {
    await expectSame(async (lib) => {
      const { fork, race, take } = lib.effects
      const store = storeLike(lib)
      const log: unknown[] = []
      const watcher = (name: string, type: string) =>
        function* (): Generator<any, void, any> {
          log.push([name, (yield take(type)).n])
        }
      const task = lib.runSaga(store, function* (): Generator<any, unknown, any> {
        yield fork(watcher('before', 'C'))
        const result = yield race([...TYPES.map((type) => take(type)), take('C')])
        log.push(['race', result.map((r: any) => r && r.n)])
        yield fork(watcher('after', 'C'))
        return result.length
      })
      store.dispatch({ type: 'C', n: 1 })
      store.dispatch({ type: 'C', n: 2 })
      return [await task.toPromise(), log]
    })
  })

  it('gives the winner of an object race its key and leaves the others out', async () => {
    await expectSame(async (lib) => {
      const { race, take } = lib.effects
      const store = storeLike(lib)
      const task = lib.runSaga(store, function* (): Generator<any, unknown, any> {
        return yield race(Object.fromEntries(TYPES.map((type) => [type.toLowerCase(), take(type)])))
      })
      store.dispatch({ type: 'UNRELATED' })
      store.dispatch({ type: 'H' })
      return await task.toPromise()
    })
  })

  it('stops taking once one child won, and unregisters every child when cancelled', async () => {
    await expectSame(async (lib) => {
      const { cancel, fork, race, take } = lib.effects
      const store = storeLike(lib)
      const log: unknown[] = []
      const task = lib.runSaga(store, function* (): Generator<any, void, any> {
        const racer = yield fork(function* (): Generator<any, void, any> {
          log.push(['won', yield race(TYPES.map((type) => take(type)))])
          log.push(['won again', yield race(TYPES.map((type) => take(type)))])
        })
        yield take('NEXT')
        yield cancel(racer)
        yield fork(function* (): Generator<any, void, any> {
          log.push(['late taker', yield take('B')])
        })
      })
      store.dispatch({ type: 'A' })
      store.dispatch({ type: 'A' })
      store.dispatch({ type: 'NEXT' })
      store.dispatch({ type: 'B' })
      await task.toPromise()
      return log
    })
  })

  it('terminates on END, and gives END to a takeMaybe first child', async () => {
    await expectSame(async (lib) => {
      const { cancelled, fork, race, take, takeMaybe } = lib.effects
      const store = storeLike(lib)
      const log: unknown[] = []
      const task = lib.runSaga(store, function* (): Generator<any, void, any> {
        yield fork(function* (): Generator<any, void, any> {
          try {
            log.push(['plain', yield race(TYPES.map((type) => take(type)))])
          } finally {
            log.push(['plain finally, cancelled', yield cancelled()])
          }
        })
        yield fork(function* (): Generator<any, void, any> {
          log.push(['maybe', yield race([takeMaybe('Z'), ...TYPES.map((type) => take(type))])])
        })
      })
      store.dispatch(lib.END)
      await task.toPromise()
      return log
    })
  })

  it('settles child 0 at once on a closed channel, using the effect ids the reference does', async () => {
    await expectSame(async (lib) => {
      const { fork, race, takeMaybe } = lib.effects
      const store = storeLike(lib)
      store.dispatch(lib.END)
      const task = lib.runSaga(store, function* (): Generator<any, unknown, any> {
        const before = yield fork(function* () {})
        const result = yield race(TYPES.map((type) => takeMaybe(type)))
        const after = yield fork(function* () {})
        return [result.map((r: unknown) => (r === undefined ? 'none' : lib.isEnd(r))), after.id - before.id]
      })
      return await task.toPromise()
    })
  })

  it('uses the effect ids of one digest per child while waiting', async () => {
    await expectSame(async (lib) => {
      const { fork, race, take } = lib.effects
      const store = storeLike(lib)
      const task = lib.runSaga(store, function* (): Generator<any, unknown, any> {
        const before = yield fork(function* () {})
        yield race(TYPES.map((type) => take(type)))
        const after = yield fork(function* () {})
        return after.id - before.id
      })
      store.dispatch({ type: 'J' })
      return await task.toPromise()
    })
  })

  it('finds the winner after many unrelated puts', async () => {
    await expectSame(async (lib) => {
      const { race, take } = lib.effects
      const store = storeLike(lib)
      const task = lib.runSaga(store, function* (): Generator<any, unknown, any> {
        return yield race([...TYPES.map((type) => take(type)), take('G')])
      })
      for (let i = 0; i < 40; i++) store.dispatch({ type: `OTHER_${i}` })
      store.dispatch({ type: 'G', n: 1 })
      return await task.toPromise()
    })
  })

  it('throws an Error message into the saga', async () => {
    await expectSame(async (lib) => {
      const { race, take } = lib.effects
      const channel = lib.multicastChannel()
      const task = lib.runSaga({ onError: () => {} }, function* (): Generator<any, unknown, any> {
        try {
          yield race(TYPES.map((type) => take(channel, type)))
          return 'not thrown'
        } catch (error) {
          return ['caught', (error as Error).message]
        }
      })
      channel.put(Object.assign(new Error('boom'), { type: 'D' }))
      return await task.toPromise()
    })
  })
})
