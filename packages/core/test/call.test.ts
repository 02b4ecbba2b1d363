/*
 * `call` / `apply` (reference §3.6): what the called function's result means (promise, iterator,
 * plain value) and how errors reach the caller. Differential against redux-saga 1.5.1.
 */
import { describe, it } from 'vitest'
import { expectBoth, expectSame, monitorLog, reduxStore, sleep, typeLoggingStore } from './support/differential.js'


describe('call()', () => {
  it('resolves every function-descriptor form and resumes with the results', async () => {
    await expectBoth(async (lib) => {
      const { call, apply } = lib.effects
      const { middleware } = reduxStore(lib)
      class C {
        constructor(readonly val: number) {}
        method() {
          return Promise.resolve(this.val)
        }
      }
      const insts = [1, 2, 3, 4, 5, 6].map((v) => new C(v))
      const eight = Symbol('eight')
      function* subGen(_io: unknown, arg: number) {
        yield Promise.resolve(null)
        return arg
      }
      const identity = (x: unknown) => x
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        seen.push(yield call([insts[0], insts[0]!.method]))
        seen.push(yield call([insts[1], 'method']))
        seen.push(yield apply(insts[2], insts[2]!.method))
        seen.push(yield apply(insts[3], 'method'))
        seen.push(yield call({ context: insts[4], fn: insts[4]!.method }))
        seen.push(yield call({ context: insts[5], fn: 'method' }))
        seen.push(yield call(subGen, null, 7))
        seen.push((yield call(identity, eight)) === eight)
      }
      await middleware.run(saga).toPromise()
      return seen
    }, [1, 2, 3, 4, 5, 6, 7, true])
  })

  it('throws a rejected promise into the calling generator', async () => {
    await expectBoth(async (lib) => {
      const { call, put } = lib.effects
      const { middleware, types } = typeLoggingStore(lib)
      const fail = (message: string) => Promise.reject(message)
      function* saga(): Generator<any, void, any> {
        try {
          yield put({ type: 'start' })
          yield call(fail, 'failure')
          yield put({ type: 'success' })
        } catch (error) {
          yield put({ type: error })
        }
      }
      await middleware.run(saga).toPromise()
      return types
    }, ['start', 'failure'])
  })

  it('throws a synchronous throw of the called function into the calling generator', async () => {
    await expectBoth(async (lib) => {
      const { call, put } = lib.effects
      const { middleware, types } = typeLoggingStore(lib)
      const fail = (message: string) => {
        throw new Error(message)
      }
      function* child(): Generator<any, void, any> {
        try {
          yield put({ type: 'startChild' })
          yield call(fail, 'child error')
          yield put({ type: 'success child' })
        } catch {
          yield put({ type: 'failure child' })
        }
      }
      function* parent(): Generator<any, void, any> {
        try {
          yield put({ type: 'start parent' })
          yield call(child)
          yield put({ type: 'success parent' })
        } catch {
          yield put({ type: 'failure parent' })
        }
      }
      await middleware.run(parent).toPromise()
      return types
    }, ['start parent', 'startChild', 'failure child', 'success parent'])
  })

  it('propagates an error rethrown by a called saga to its caller', async () => {
    await expectBoth(async (lib) => {
      const { call, put } = lib.effects
      const { middleware, types } = typeLoggingStore(lib)
      const fail = (message: string) => {
        throw new Error(message)
      }
      function* child(): Generator<any, void, any> {
        try {
          yield put({ type: 'startChild' })
          yield call(fail, 'child error')
          yield put({ type: 'success child' })
        } catch (error) {
          yield put({ type: 'failure child' })
          throw error
        }
      }
      function* parent(): Generator<any, void, any> {
        try {
          yield put({ type: 'start parent' })
          yield call(child)
          yield put({ type: 'success parent' })
        } catch {
          yield put({ type: 'failure parent' })
        }
      }
      await middleware.run(parent).toPromise()
      return types
    }, ['start parent', 'startChild', 'failure child', 'failure parent'])
  })

  it('throws a called generator that fails at once into the caller', async () => {
    await expectBoth(async (lib) => {
      const { call, put } = lib.effects
      const { middleware, types } = typeLoggingStore(lib)
      function* child(): Generator<any, void, any> {
        throw 'child error'
      }
      function* parent(): Generator<any, void, any> {
        try {
          yield put({ type: 'start parent' })
          yield call(child)
          yield put({ type: 'success parent' })
        } catch (error) {
          yield put({ type: error })
          yield put({ type: 'failure parent' })
        }
      }
      await middleware.run(parent).toPromise()
      return types
    }, ['start parent', 'child error', 'failure parent'])
  })

  it('does not interpret an effect returned by a plain function', async () => {
    await expectBoth(async (lib) => {
      const { call, put } = lib.effects
      const { middleware, types } = typeLoggingStore(lib)
      const makeEffect = () => put({ type: 'never dispatched' })
      function* saga(): Generator<any, unknown, any> {
        const result = yield call(makeEffect)
        return [result.type, result.payload.action.type]
      }
      const result = await middleware.run(saga).toPromise()
      return [result, types]
    }, [['PUT', 'never dispatched'], []])
  })

  it('resumes synchronously with a plain return value, undefined included', async () => {
    await expectBoth(async (lib) => {
      const { call } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        seen.push(yield call(() => undefined))
        seen.push(yield call((a: number, b: number) => a + b, 1, 2))
      }
      const task = middleware.run(saga)
      return [task.isRunning(), seen]
    }, [false, [undefined, 3]])
  })

  it('runs a called generator with its own attached forks and waits for them', async () => {
    await expectBoth(async (lib) => {
      const { call, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      function* leaf() {
        yield Promise.resolve()
        seen.push('leaf done')
      }
      function* child() {
        yield fork(leaf)
        seen.push('child returns')
        return 'child result'
      }
      function* parent(): Generator<any, void, any> {
        seen.push(`parent got ${yield call(child)}`)
      }
      await middleware.run(parent).toPromise()
      return seen
    }, ['child returns', 'leaf done', 'parent got child result'])
  })

  it('runs a called hand-written iterator without return() and cancels it', async () => {
    await expectSame(async (lib) => {
      const { call } = lib.effects
      const log: unknown[] = []
      let i = 0
      const it = { next: (v: unknown) => { log.push(['next', v]); return i++ < 2 ? { value: new Promise(() => {}), done: false } : { value: 'r', done: true } }, throw: (e: unknown) => { throw e } }
      const t = lib.runSaga({ sagaMonitor: monitorLog(log) }, function* (): Generator<any, unknown, any> {
        return yield call(() => it)
      })
      await sleep(1)
      t.cancel()
      return [t.isCancelled(), t.result(), log]
    })
  })

  // A `then` getter sees how often the runtime reads it: the reference's runCallEffect reads it
  // twice per call (its promise test, then the `then` call), on every path.
  it('reads the `then` of what the function returned as often as the reference', async () => {
    await expectSame(async (lib) => {
      const { all, call, fork, join } = lib.effects
      const log: unknown[] = []
      const counted = (label: string, value: unknown): PromiseLike<unknown> => {
        const thenable = {} as PromiseLike<unknown>
        Object.defineProperty(thenable, 'then', {
          get() {
            log.push(['then read', label])
            return (resolve: (v: unknown) => void) => resolve(value)
          },
        })
        return thenable
      }
      const saga = function* (): Generator<any, void, any> {
        log.push(yield call(counted, 'top', 1))
        log.push(yield all([call(counted, 'all 0', 2), call(counted, 'all 1', 3)]))
        log.push(yield all({ a: call(() => 4), b: call(counted, 'all b', 5) }))
        log.push(yield counted('yielded', 6))
        log.push(yield join(yield fork(counted, 'forked', 7)))
      }
      for (const options of [{}, { sagaMonitor: monitorLog([]) }, { effectMiddlewares: [(next: (e: unknown) => void) => (e: unknown) => next(e)] }]) {
        log.push(['options', Object.keys(options)])
        await lib.runSaga(options, saga).toPromise()
      }
      return log
    })
  })

  // sagaflow passes up to three arguments as a plain call (internal/invoke.ts); anything unusual
  // must still go through `fn.apply` as in the reference.
  it('invokes through fn.apply when a function replaced its apply or call, or args is not an array', async () => {
    await expectSame(async (lib) => {
      const { call, apply, fork, all } = lib.effects
      const log: unknown[] = []
      const own = function (this: unknown, ...args: unknown[]) {
        log.push(['own', this, args])
        return args.length
      }
      const patchedApply = Object.assign((...args: unknown[]) => log.push(['patched apply was bypassed', args]), {
        apply: (context: unknown, args: unknown[]) => (log.push(['patched apply', context, args]), 'from apply'),
      })
      const patchedCall = Object.assign((...args: unknown[]) => (log.push(['plain', args]), 'plain'), {
        call: () => (log.push(['patched call']), 'from call'),
      })
      // Generator functions too: fork tells them by their prototype only when `call` is the builtin.
      const generatorPatchedCall = Object.assign(
        function* (x: number) {
          log.push(['generator', x])
          return x * 2
        },
        { call: () => (log.push(['generator patched call was used']), null) },
      )
      const generatorPatchedApply = Object.assign(
        function* (x: number) {
          log.push(['generator patched apply was bypassed', x])
        },
        {
          apply: (context: unknown, args: unknown[]) => {
            log.push(['generator patched apply', context, args])
            return (function* () {
              return 'from patched apply'
            })()
          },
        },
      )
      const arrayLike = { length: 2, 0: 'a', 1: 'b' }
      const task = lib.runSaga({ onError: () => {} }, function* (): Generator<any, void, any> {
        log.push(yield call(patchedApply, 1, 2))
        log.push(yield call(patchedCall, 1))
        log.push(yield apply('ctx', own, null as any))
        log.push(yield apply('ctx', own, arrayLike as any))
        log.push(yield apply('ctx', own, [1, 2, 3, 4, 5]))
        log.push(yield all([call(own, 1), call(patchedApply, 2)]))
        const child = yield fork(patchedApply, 3)
        log.push(child.result())
        log.push((yield fork(generatorPatchedCall, 4)).result())
        log.push((yield fork(generatorPatchedApply, 5)).result())
        log.push(yield call(generatorPatchedCall, 6))
        try {
          yield apply('ctx', own, 'ab' as any)
        } catch (error) {
          log.push(['threw', (error as Error).constructor.name])
        }
      })
      await task.toPromise()
      return log
    })
  })
})
