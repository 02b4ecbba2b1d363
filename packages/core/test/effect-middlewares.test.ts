/*
 * `effectMiddlewares` (reference §3.12): `next => effect => void`, composed around the runner of
 * every digested effect (children of all/race and effects of sub-tasks included); `next` may be
 * called later, with another effect, or with a plain value that resolves the effect.
 * Differential against redux-saga 1.5.1.
 */
import { describe, it } from 'vitest'
import { chain, expectBoth, expectSame, monitorLog, reduxStore, sleep } from './support/differential.js'

describe('effectMiddlewares', () => {
  it('lets one middleware resolve an effect with a value of its choosing, later', async () => {
    await expectBoth(async (lib) => {
      const { all, call, take } = lib.effects
      const apiCall = call(() => new Promise(() => {}))
      const effectMiddleware = (next: (e: unknown) => void) => (effect: unknown) => {
        if (effect === apiCall) {
          Promise.resolve().then(() => next('injected value'))
          return
        }
        return next(effect)
      }
      const { store, middleware } = reduxStore(lib, (_s: unknown, action: any) => action, {
        sagaOptions: { effectMiddlewares: [effectMiddleware] },
      })
      const seen: unknown[] = []
      function* fnA(): Generator<any, unknown, any> {
        const result = []
        result.push((yield take('ACTION-1')).val)
        result.push((yield take('ACTION-2')).val)
        return result
      }
      function* root(): Generator<any, void, any> {
        seen.push(yield all([call(fnA), apiCall]))
      }
      const task = middleware.run(root)
      chain(
        () => store.dispatch({ type: 'ACTION-1', val: 1 }),
        () => store.dispatch({ type: 'ACTION-2', val: 2 }),
      )
      await task.toPromise()
      return seen
    }, [[[1, 2], 'injected value']])
  })

  it('chains several middlewares, the first outermost; a value passed to next goes through the rest', async () => {
    await expectBoth(async (lib) => {
      const { call } = lib.effects
      const seen: unknown[] = []
      const apiCall1 = call(() => new Promise(() => {}))
      const apiCall2 = call(() => new Promise(() => {}))
      function* fnA() {
        return 'fnA result'
      }
      const callA = call(fnA)
      const name = (e: unknown) => (e === apiCall1 ? 'apiCall1' : e === apiCall2 ? 'apiCall2' : e === callA ? 'callA' : e)
      const mw1 = (next: (e: unknown) => void) => (effect: unknown) => {
        seen.push('middleware1 received', name(effect))
        if (effect === apiCall1) {
          Promise.resolve().then(() => next('middleware1 injected value'))
          return
        }
        seen.push('middleware1 passed through', name(effect))
        return next(effect)
      }
      const mw2 = (next: (e: unknown) => void) => (effect: unknown) => {
        seen.push('middleware2 received', name(effect))
        if (effect === apiCall2) {
          Promise.resolve().then(() => next('middleware2 injected value'))
          return
        }
        seen.push('middleware2 passed through', name(effect))
        return next(effect)
      }
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { effectMiddlewares: [mw1, mw2] } })
      function* root(): Generator<any, void, any> {
        seen.push("effect's result is", yield apiCall1)
        seen.push("effect's result is", yield callA)
        seen.push("effect's result is", yield apiCall2)
      }
      await middleware.run(root).toPromise()
      return seen
    }, [
      'middleware1 received', 'apiCall1',
      'middleware2 received', 'middleware1 injected value',
      'middleware2 passed through', 'middleware1 injected value',
      "effect's result is", 'middleware1 injected value',
      'middleware1 received', 'callA',
      'middleware1 passed through', 'callA',
      'middleware2 received', 'callA',
      'middleware2 passed through', 'callA',
      "effect's result is", 'fnA result',
      'middleware1 received', 'apiCall2',
      'middleware1 passed through', 'apiCall2',
      'middleware2 received', 'apiCall2',
      "effect's result is", 'middleware2 injected value',
    ])
  })

  it('intercepts the effects of called sub-sagas too', async () => {
    await expectBoth(async (lib) => {
      const { call, take } = lib.effects
      const apiCall = call(() => new Promise(() => {}))
      const effectMiddleware = (next: (e: unknown) => void) => (effect: unknown) => {
        if (effect === apiCall) {
          Promise.resolve().then(() => next('injected value'))
          return
        }
        return next(effect)
      }
      const { store, middleware } = reduxStore(lib, (_s: unknown, action: any) => action, {
        sagaOptions: { effectMiddlewares: [effectMiddleware] },
      })
      const seen: unknown[] = []
      function* fnA(): Generator<any, string, any> {
        seen.push((yield take('ACTION-1')).val)
        seen.push((yield take('ACTION-2')).val)
        seen.push(yield apiCall)
        return 'result'
      }
      function* root(): Generator<any, void, any> {
        seen.push(yield call(fnA))
      }
      const task = middleware.run(root)
      chain(
        () => store.dispatch({ type: 'ACTION-1', val: 1 }),
        () => store.dispatch({ type: 'ACTION-2', val: 2 }),
      )
      await task.toPromise()
      return seen
    }, [1, 2, 'injected value', 'result'])
  })

  it('runs the effect a middleware substitutes, and sees every effect of forks and helpers', async () => {
    await expectBoth(async (lib) => {
      const { call, fork, put, takeEvery } = lib.effects
      const seen: unknown[] = []
      const rewrite = (next: (e: any) => void) => (effect: any) => {
        if (effect && effect.type) seen.push(effect.type)
        if (effect && effect.type === 'PUT' && effect.payload.action.type === 'ORIGINAL') return next(put({ type: 'REWRITTEN' }))
        return next(effect)
      }
      const { store, middleware } = reduxStore(
        lib,
        (state: string[] = [], action: any) => (action.type.startsWith('@@') ? state : [...state, action.type]),
        { sagaOptions: { effectMiddlewares: [rewrite] } },
      )
      function* worker() {
        yield call(() => 'work')
      }
      function* root() {
        yield takeEvery('GO', worker)
        yield fork(function* () {
          yield put({ type: 'ORIGINAL' })
        })
      }
      middleware.run(root)
      store.dispatch({ type: 'GO' })
      return [seen, store.getState()]
    }, [['FORK', 'TAKE', 'FORK', 'PUT', 'FORK', 'CALL', 'TAKE'], ['REWRITTEN', 'GO']])
  })

  it('is applied after the monitor saw the original effect', async () => {
    await expectSame(async (lib) => {
      const { call } = lib.effects
      const log: unknown[] = []
      const original = call(function original() {
        return 'original'
      })
      const swap = (next: (e: unknown) => void) => (effect: unknown) =>
        next(effect === original ? call(function swapped() { return 'swapped' }) : effect)
      function* root(): Generator<any, unknown, any> {
        return yield original
      }
      const result = await lib.runSaga({ sagaMonitor: monitorLog(log), effectMiddlewares: [swap] }, root).toPromise()
      return [result, log]
    })
  })

  it('runs for every child of all() and race() and every effect of sub-sagas, after the monitor', async () => {
    await expectSame(async (lib) => {
      const { all, race, call, delay } = lib.effects
      const log: unknown[] = []
      const mw = (next: any) => (e: any) => { log.push(['mw', e && e.type]); next(e) }
      const t = lib.runSaga({ sagaMonitor: monitorLog(log), effectMiddlewares: [mw] }, function* (): Generator<any, unknown, any> {
        return yield all([race({ a: delay(1), b: call(() => 'sync') }), call(function* () { yield 5; return 6 })])
      })
      return [await t.toPromise(), log]
    })
  })
})

describe('an effect middleware that runs an all() or race() twice (fuzzer)', () => {
  // In the reference the second run replaces the effect's one cancel slot, so when a child of
  // the first run settles, it cancels the second run's children, not its own siblings.
  /** Runs `root` with a middleware that passes every effect of `type` to `next` twice. */
  function runTwice(lib: any, type: string, root: () => Generator) {
    const twice = (next: (effect: unknown) => void) => (effect: any) => {
      next(effect)
      if (effect && effect.type === type) next(effect)
    }
    const channel = lib.stdChannel()
    return lib.runSaga({ channel, dispatch: (a: unknown) => channel.put(a), effectMiddlewares: [twice], onError: () => {} }, root)
  }

  function childOf(lib: any, log: unknown[], failFirst: boolean) {
    const { delay, cancelled } = lib.effects
    let runs = 0
    return function* child(): Generator<any, any, any> {
      const n = ++runs
      log.push(['child starts', n])
      try {
        yield delay(n === 1 ? 0 : 10)
        if (failFirst && n === 1) throw new Error('first failed')
        log.push(['child returns', n])
        return n
      } finally {
        log.push(['child finally', n, 'cancelled', yield cancelled()])
      }
    }
  }

  it("race: the first run's winner cancels the second run's children", async () => {
    await expectBoth(async (lib) => {
      const { race, call } = lib.effects
      const log: unknown[] = []
      const child = childOf(lib, log, false)
      const task = runTwice(lib, 'RACE', function* root(): Generator<any, any, any> {
        log.push(['race result', yield race([call(child)])])
      })
      await sleep(30)
      log.push(['root running', task.isRunning()])
      return log
    }, [
      ['child starts', 1],
      ['child starts', 2],
      ['child returns', 1],
      ['child finally', 1, 'cancelled', false],
      ['child finally', 2, 'cancelled', true],
      ['race result', [1]],
      ['root running', false],
    ])
  })

  it("all: the first run's failing child cancels the second run's children", async () => {
    await expectBoth(async (lib) => {
      const { all, call } = lib.effects
      const log: unknown[] = []
      const child = childOf(lib, log, true)
      runTwice(lib, 'ALL', function* root(): Generator<any, any, any> {
        try {
          yield all([call(child)])
        } catch (error) {
          log.push(['caught', (error as Error).message])
        }
      })
      await sleep(30)
      return log
    }, [
      ['child starts', 1],
      ['child starts', 2],
      ['child finally', 1, 'cancelled', false],
      ['child finally', 2, 'cancelled', true],
      ['caught', 'first failed'],
    ])
  })
})
