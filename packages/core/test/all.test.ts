/*
 * `all` (reference §3.4): parallel effects, result shapes, fail fast, END. Differential against
 * redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.1 `all` with a synchronously failing child still starts, and never cancels, later children.
 */
import { describe, expect, it } from 'vitest'
import { chain, deferred, deferreds, expectBoth, reduxStore, sleep } from './support/differential.js'

describe('all()', () => {
  it('resolves with the results of promises, cps calls and takes in array order', async () => {
    await expectBoth(async (lib) => {
      const { all, cps, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const def = deferred()
      let cpsCb: any = {}
      const cpsFn = (val: number, cb: unknown) => (cpsCb = { val, cb })
      let result: unknown
      function* saga(): Generator<any, void, any> {
        result = yield all([def.promise, cps(cpsFn, 2), take('action')])
      }
      const task = middleware.run(saga)
      await chain(
        () => def.resolve(1),
        () => cpsCb.cb(null, cpsCb.val),
        () => store.dispatch({ type: 'action' }),
      )
      await task.toPromise()
      return result
    }, [1, 2, { type: 'action' }])
  })

  it('resolves an empty array synchronously with an empty array', async () => {
    await expectBoth(async (lib) => {
      const { all } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        return [yield all([]), yield all({})]
      }
      const task = middleware.run(saga)
      return [task.isRunning(), task.result()]
    }, [false, [[], {}]])
  })

  it('throws the first error into the saga', async () => {
    await expectBoth(async (lib) => {
      const { all } = lib.effects
      const { middleware } = reduxStore(lib)
      const defs = deferreds(2)
      let result: unknown
      chain(
        () => defs[0]!.reject('error'),
        () => defs[1]!.resolve(1),
      )
      function* saga(): Generator<any, void, any> {
        try {
          result = yield all([defs[0]!.promise, defs[1]!.promise])
        } catch (err) {
          result = [err]
        }
      }
      await middleware.run(saga).toPromise()
      return result
    }, ['error'])
  })

  it('terminates the saga when a child take gets END', async () => {
    await expectBoth(async (lib) => {
      const { all, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const def = deferred()
      let result: unknown
      function* saga(): Generator<any, void, any> {
        try {
          result = yield all([def.promise, take('action')])
        } finally {
          result = 'end'
        }
      }
      const task = middleware.run(saga)
      await chain(
        () => def.resolve(1),
        () => store.dispatch(lib.END),
      )
      await task.toPromise()
      return [result, task.isCancelled()]
    }, ['end', false])
  })

  it('resolves an object of effects with an object of results', async () => {
    await expectBoth(async (lib) => {
      const { all, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const def = deferred()
      let result: unknown
      function* saga(): Generator<any, void, any> {
        result = yield all({ ac: take('action'), prom: def.promise })
      }
      const task = middleware.run(saga)
      await chain(
        () => def.resolve(1),
        () => store.dispatch({ type: 'action' }),
      )
      await task.toPromise()
      return result
    }, { ac: { type: 'action' }, prom: 1 })
  })

  it('still starts, and never cancels, the children after one that failed synchronously', async () => {
    await expectBoth(async (lib) => {
      const { all, call, cancelled } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const fail = () => {
        throw new Error('sync failure')
      }
      function* longSaga(): Generator<any, void, any> {
        seen.push('long started')
        try {
          yield Promise.resolve()
          seen.push('long finished')
        } finally {
          seen.push(['long cancelled', yield cancelled()])
        }
      }
      function* saga(): Generator<any, void, any> {
        try {
          yield all([call(fail), call(longSaga)])
        } catch (error) {
          seen.push(`caught ${(error as Error).message}`)
        }
      }
      await middleware.run(saga).toPromise()
      await sleep(0)
      return seen
    }, ['long started', 'caught sync failure', 'long finished', ['long cancelled', false]])
  })
})

describe('allSettled()', () => {
  it('resolves with the outcome of every effect, fulfilled or rejected, in input order', async () => {
    const { allSettled } = await import('@sagaflow/core/effects')
    const { runSaga } = await import('@sagaflow/core')
    let actual: unknown
    function* saga(): Generator<any, void, any> {
      actual = yield allSettled([
        Promise.resolve(1),
        Promise.reject(2),
        new Promise((res) => setTimeout(() => res(3), 10)),
        new Promise((_res, rej) => setTimeout(() => rej(4), 20)),
      ])
    }
    await runSaga({}, saga).toPromise()
    expect(actual).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: 2 },
      { status: 'fulfilled', value: 3 },
      { status: 'rejected', reason: 4 },
    ])
  })
})
