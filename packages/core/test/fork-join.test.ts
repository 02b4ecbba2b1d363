/*
 * `fork`, `spawn`, `detach`, `join` and the fork model (reference §3.3, §3.5): what a forked
 * function's result means, parents waiting for attached children, error propagation and
 * automatic cancellation. Differential against redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.7 an attached fork that fails synchronously aborts the parent without resuming it: the
 *   parent's own try/catch around `yield fork(...)` does not see the error.
 * - §4.8 `fork(() => someEffect)` does not run the effect: the task's result is the effect object.
 * - §4.10 in an error-aborted parent's `finally`, `cancelled()` is true; afterwards `isCancelled()`
 *   is false (and `isAborted()` true).
 */
import { describe, expect, it } from 'vitest'
import { chain, deferred, deferreds, expectBoth, expectSame, reduxStore, sleep } from './support/differential.js'

describe('fork() of functions that are not generators', () => {
  it('does not interpret an effect returned by the forked function', async () => {
    await expectBoth(async (lib) => {
      const { call, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const fn = () => null
      function* saga(): Generator<any, unknown, any> {
        const task = yield fork(() => call(fn))
        return task.toPromise()
      }
      const result = await middleware.run(saga).toPromise()
      expect(result).toEqual(call(fn))
      return result.type
    }, 'CALL')
  })

  it('does not run a helper forked as a plain function: fork(takeEvery, pattern, fn)', async () => {
    await expectBoth(async (lib) => {
      const { fork, takeEvery } = lib.effects
      const { middleware } = reduxStore(lib)
      const fn = () => null
      function* saga(): Generator<any, unknown, any> {
        const task = yield fork(takeEvery, 'pattern', fn)
        return task.toPromise()
      }
      const result = await middleware.run(saga).toPromise()
      expect(result).toEqual(takeEvery('pattern', fn))
      return [result.type, result.payload.args]
    }, ['FORK', ['pattern', expect.any(Function)]])
  })

  it('names a task forked from a function returning no iterator "iterator"', async () => {
    await expectBoth(async (lib) => {
      const { fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const names: string[] = []
      function api() {
        return Promise.resolve('a')
      }
      function plain() {
        return 'plain'
      }
      function* gen() {}
      function* saga(): Generator<any, void, any> {
        for (const fn of [api, plain, gen]) names.push((yield fork(fn)).meta.name)
      }
      await middleware.run(saga).toPromise()
      return names
    }, ['iterator', 'iterator', 'gen'])
  })

  it('waits for a promise returned by the forked function', async () => {
    await expectBoth(async (lib) => {
      const { fork } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        const task = yield fork(() => Promise.resolve('a'))
        return task.toPromise()
      }
      return middleware.run(saga).toPromise()
    }, 'a')
  })

  it('resolves the task with undefined for a returned promise resolving undefined', async () => {
    await expectBoth(async (lib) => {
      const { fork } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        const task = yield fork(() => Promise.resolve(undefined))
        return [yield task.toPromise(), task.isRunning()]
      }
      return middleware.run(saga).toPromise()
    }, [undefined, false])
  })

  it('runs an iterator returned by the forked function', async () => {
    await expectBoth(async (lib) => {
      const { fork } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        const task = yield fork(function* () {
          yield 1
          return 'b'
        })
        return task.toPromise()
      }
      return middleware.run(saga).toPromise()
    }, 'b')
  })
})

describe('fork() and join()', () => {
  it('gives a task named after the generator that resolves with its return value, methods included', async () => {
    await expectBoth(async (lib) => {
      const { fork } = lib.effects
      const { middleware } = reduxStore(lib)
      class C {
        constructor(readonly val: number) {}
        *gen() {
          return this.val
        }
      }
      const inst = new C(2)
      function* subGen(arg: number) {
        yield Promise.resolve(1)
        return arg
      }
      let task: any
      let task2: any
      function* saga(): Generator<any, void, any> {
        task = yield fork(subGen, 1)
        task2 = yield fork([inst, inst.gen])
      }
      await middleware.run(saga).toPromise()
      return [task.meta.name, typeof task.toPromise().then, await Promise.all([task.toPromise(), task2.toPromise()])]
    }, ['subGen', 'function', [1, 2]])
  })

  it('does not block the parent on a fork but blocks it on join', async () => {
    await expectBoth(async (lib) => {
      const { fork, join, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const defs = deferreds(2)
      const seen: unknown[] = []
      function* subGen(arg: number) {
        yield defs[1]!.promise
        return arg
      }
      function* saga(): Generator<any, void, any> {
        const task = yield fork(subGen, 1)
        seen.push(yield defs[0]!.promise)
        seen.push(yield take('action-1'))
        seen.push(yield join(task))
      }
      const task = middleware.run(saga)
      await chain(
        () => defs[0]!.resolve(true),
        () => store.dispatch({ type: 'action-1' }),
        () => defs[1]!.resolve(2),
      )
      await task.toPromise()
      return seen
    }, [true, { type: 'action-1' }, 1])
  })

  it('joins tasks forked from functions returning a promise or a plain value', async () => {
    await expectBoth(async (lib) => {
      const { fork, join } = lib.effects
      const { middleware } = reduxStore(lib)
      const defs = deferreds(2)
      const seen: unknown[] = []
      const api = () => defs[1]!.promise
      const syncFn = () => 'sync'
      function* saga(): Generator<any, void, any> {
        const task = yield fork(api)
        const syncTask = yield fork(syncFn)
        seen.push(yield defs[0]!.promise)
        seen.push(yield join(task))
        seen.push(yield join(syncTask))
      }
      const task = middleware.run(saga)
      await chain(
        () => defs[0]!.resolve(true),
        () => defs[1]!.resolve(2),
      )
      await task.toPromise()
      return seen
    }, [true, 2, 'sync'])
  })

  it('makes a parent wait for all its attached forks before it completes', async () => {
    await expectBoth(async (lib) => {
      const { fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: number[] = []
      const [rootDef, childADef, childBDef] = deferreds(3)
      const defs = deferreds(4)
      chain(childADef!.resolve, rootDef!.resolve, defs[0]!.resolve, childBDef!.resolve, defs[2]!.resolve, defs[3]!.resolve, defs[1]!.resolve)
      function* leaf(idx: number) {
        yield defs[idx]!.promise
        seen.push(idx)
      }
      function* childA() {
        yield fork(leaf, 0)
        yield childADef!.promise
        yield fork(leaf, 1)
      }
      function* childB() {
        yield fork(leaf, 2)
        yield childBDef!.promise
        yield fork(leaf, 3)
      }
      function* root() {
        yield fork(childA)
        yield rootDef!.promise
        yield fork(childB)
      }
      await middleware.run(root).toPromise()
      return seen
    }, [0, 2, 3, 1])
  })

  it('joins several tasks at once and resumes with their results in order', async () => {
    await expectBoth(async (lib) => {
      const { fork, join } = lib.effects
      const { middleware } = reduxStore(lib)
      const defs = deferreds(3)
      function* worker(i: number): Generator<any, unknown, any> {
        return yield defs[i]!.promise
      }
      let result: unknown
      function* saga(): Generator<any, void, any> {
        const t1 = yield fork(worker, 0)
        const t2 = yield fork(worker, 1)
        const t3 = yield fork(worker, 2)
        result = yield join([t1, t2, t3])
      }
      const task = middleware.run(saga)
      chain(
        () => defs[0]!.resolve(1),
        () => defs[2]!.resolve(3),
        () => defs[1]!.resolve(2),
      )
      await task.toPromise()
      return result
    }, [1, 2, 3])
  })

  it('resumes join([]) at once with an empty array', async () => {
    await expectBoth(async (lib) => {
      const { join } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        return yield join([])
      }
      return middleware.run(saga).toPromise()
    }, [])
  })

  it('throws the error of a joined task into the joiner', async () => {
    await expectBoth(async (lib) => {
      const { join, spawn } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: () => {} } })
      function* failing() {
        yield Promise.resolve()
        throw new Error('joined failure')
      }
      function* saga(): Generator<any, unknown, any> {
        const task = yield spawn(failing)
        try {
          yield join(task)
          return 'no error'
        } catch (error) {
          return (error as Error).message
        }
      }
      return middleware.run(saga).toPromise()
    }, 'joined failure')
  })

  it('throws the error of a task that already failed into its joiner, and cancels the joiner of a self-cancelled task', async () => {
    await expectSame(async (lib) => {
      const { fork, join, spawn, cancel, cancelled } = lib.effects
      const log: unknown[] = []
      const t = lib.runSaga({ onError: () => {} }, function* (): Generator<any, unknown, any> {
        const s = yield spawn(function* () { throw new Error('sync fail') })
        try { yield join(s) } catch (e) { log.push(['join caught', (e as Error).message]) }
        const c = yield fork(function* () { yield cancel() })
        try { log.push(['join cancelled', yield join(c)]) } finally { log.push(['parent cancelled?', yield cancelled()]) }
        return 'end'
      })
      log.push([await t.toPromise(), t.isCancelled()])
      return log
    })
  })
})

describe('errors in the fork tree', () => {
  it('aborts a parent whose forked function throws synchronously; the error surfaces at its caller', async () => {
    await expectBoth(async (lib) => {
      const { call, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      function immediatelyFailingFork() {
        throw 'immediatelyFailingFork'
      }
      function* parent(): Generator<any, void, any> {
        try {
          seen.push('start parent')
          yield fork(immediatelyFailingFork)
          seen.push('success parent')
        } catch (error) {
          seen.push(`parent caught ${error}`)
        }
      }
      function* main(): Generator<any, void, any> {
        try {
          seen.push('start main')
          yield call(parent)
          seen.push('success main')
        } catch (error) {
          seen.push(`main caught ${error}`)
        }
      }
      await middleware.run(main).toPromise()
      return seen
    }, ['start main', 'start parent', 'main caught immediatelyFailingFork'])
  })

  it('a forked generator function whose parameters throw when bound fails at once, named iterator, bound once', async () => {
    // Forks of generator functions skip the iterator checks (fork.ts, bench "fork + join"); a
    // generator function can still throw when called, before its body runs.
    await expectBoth(async (lib) => {
      const { fork, spawn, join } = lib.effects
      const log: unknown[] = []
      let defaults = 0
      const boom = (): number => {
        defaults++
        throw new Error('default threw')
      }
      function* destructures({ a }: { a: number }): Generator<any, number, any> {
        return a
      }
      function* withDefault(x: number = boom()): Generator<any, number, any> {
        return x
      }
      const task = lib.runSaga({ onError: (e: Error, { sagaStack }: { sagaStack: string }) => log.push(['onError', e.message, sagaStack.split('\n')[0]]) }, function* root(): Generator<any, void, any> {
        const spawned = yield spawn(withDefault)
        try {
          yield join(spawned)
        } catch (e) {
          log.push(['join', (e as Error).message, spawned.isAborted()])
        }
        log.push(['ok', yield join(yield fork(destructures, { a: 1 }))])
        yield fork(destructures, undefined)
        log.push('not reached')
      })
      await task.toPromise().catch((e: Error) => log.push(['rejected', e.constructor.name]))
      log.push(['defaults evaluated', defaults])
      return log
    }, [
      // A spawned task is a root: its failure goes to onError too.
      ['onError', 'default threw', 'The above error occurred in task iterator'],
      ['join', 'default threw', true],
      ['ok', 1],
      ['onError', "Cannot destructure property 'a' of 'undefined' as it is undefined.", 'The above error occurred in task iterator'],
      ['rejected', 'TypeError'],
      ['defaults evaluated', 1],
    ])
  })

  it('a hand-made fork effect whose fn is not a function fails the forked task as the reference does', async () => {
    await expectSame(async (lib) => {
      const log: unknown[] = []
      const task = lib.runSaga({ onError: (e: Error, { sagaStack }: { sagaStack: string }) => log.push(['onError', e.message, sagaStack.split('\n')[0]]) }, function* root(): Generator<any, void, any> {
        yield { '@@redux-saga/IO': true, combinator: false, type: 'FORK', payload: { context: null, fn: undefined, args: [] } }
        log.push('not reached')
      })
      await task.toPromise().catch((e: Error) => log.push(['rejected', e.constructor.name]))
      return log
    })
  })

  it('a generator whose throw and return were replaced is failed and cancelled through them', async () => {
    await expectSame(async (lib) => {
      const { fork, call, cancel, delay } = lib.effects
      const log: unknown[] = []
      function* child(): Generator<any, string, any> {
        try {
          yield call(() => {
            throw new Error('boom')
          })
        } catch (e) {
          log.push(['caught', (e as Error).message])
        }
        yield delay(1000)
        return 'never'
      }
      function wrapped() {
        const gen = child()
        const { throw: throwFn, return: returnFn } = gen
        gen.throw = (error: unknown) => {
          log.push(['throw', (error as Error).message])
          return throwFn.call(gen, error)
        }
        gen.return = (value: any) => {
          log.push(['return', typeof value])
          return returnFn.call(gen, value)
        }
        return gen
      }
      const task = lib.runSaga({}, function* root(): Generator<any, void, any> {
        const t = yield fork(wrapped)
        yield cancel(t)
        log.push(['cancelled', t.isCancelled()])
      })
      await task.toPromise()
      return log
    })
  })

  it('a generator whose next was replaced runs with the replacement, as the reference calls it', async () => {
    await expectSame(async (lib) => {
      const { fork, call } = lib.effects
      const log: unknown[] = []
      function* child(): Generator<any, string, any> {
        const v = yield call(() => 'real')
        return v
      }
      function wrapped() {
        const gen = child()
        const next = gen.next.bind(gen)
        gen.next = (value?: unknown) => {
          log.push(['next', value])
          return next(value)
        }
        return gen
      }
      const task = lib.runSaga({}, function* root(): Generator<any, void, any> {
        const t = yield fork(wrapped)
        log.push(['forked', t.result()])
        log.push(['called', yield call(wrapped)])
      })
      await task.toPromise()
      return log
    })
  })

  it('propagates a synchronous fork failure up to the root of the fork tree', async () => {
    await expectBoth(async (lib) => {
      const { fork } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: () => {} } })
      const seen: string[] = []
      function immediatelyFailingFork() {
        throw new Error('immediatelyFailingFork')
      }
      function* parent(): Generator<any, void, any> {
        try {
          seen.push('start parent')
          yield fork(immediatelyFailingFork)
          seen.push('success parent')
        } catch (error) {
          seen.push(`parent caught ${(error as Error).message}`)
        }
      }
      function* main(): Generator<any, void, any> {
        try {
          seen.push('start main')
          yield fork(parent)
          seen.push('success main')
        } catch (error) {
          seen.push(`main caught ${(error as Error).message}`)
        }
      }
      await middleware
        .run(main)
        .toPromise()
        .catch((error: Error) => seen.push(`uncaught ${error.message}`))
      return seen
    }, ['start main', 'start parent', 'uncaught immediatelyFailingFork'])
  })

  it('aborts a parent whose forked generator fails synchronously', async () => {
    await expectBoth(async (lib) => {
      const { call, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      function* genChild(): Generator<any, void, any> {
        throw 'gen error'
      }
      function* parent(): Generator<any, void, any> {
        try {
          seen.push('start parent')
          yield fork(genChild)
          seen.push('success parent')
        } catch (error) {
          seen.push(`parent caught ${error}`)
        }
      }
      function* main(): Generator<any, void, any> {
        try {
          seen.push('start main')
          yield call(parent)
          seen.push('success main')
        } catch (error) {
          seen.push(`main caught ${error}`)
        }
      }
      await middleware.run(main).toPromise()
      return seen
    }, ['start main', 'start parent', 'main caught gen error'])
  })

  it('does not fail the parent when a spawned task fails synchronously', async () => {
    await expectBoth(async (lib) => {
      const { spawn } = lib.effects
      const errors: string[] = []
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: (e: Error) => errors.push(e.message) } })
      const seen: string[] = []
      function* genChild(): Generator<any, void, any> {
        throw new Error('gen error')
      }
      function* main(): Generator<any, void, any> {
        try {
          seen.push('start main')
          const task = yield spawn(genChild)
          seen.push(`spawn ${task.meta.name}`)
          seen.push('success parent')
        } catch (error) {
          seen.push(`main caught ${(error as Error).message}`)
        }
      }
      await middleware.run(main).toPromise()
      return { seen, errors }
    }, { seen: ['start main', 'spawn genChild', 'success parent'], errors: ['gen error'] })
  })

  it('reports errors of a detached takeEvery to onError and keeps the parent running', async () => {
    await expectBoth(async (lib) => {
      const { takeEvery } = lib.effects
      const seen: unknown[] = []
      const { store, middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: (e: unknown) => seen.push(e) } })
      const failError = new Error('fail error')
      function willFail(action: any) {
        if (!action.fail) {
          seen.push(action.i)
          return
        }
        throw failError
      }
      const wontFail = (action: any) => seen.push(action.i)
      function* saga() {
        yield lib.detach(takeEvery('ACTION_TYPE', willFail))
        yield takeEvery('ACTION_TYPE2', wontFail)
      }
      const task = middleware.run(saga)
      await chain(
        () => store.dispatch({ type: 'ACTION_TYPE', i: 0 }),
        () => store.dispatch({ type: 'ACTION_TYPE', i: 1 }),
        () => store.dispatch({ type: 'ACTION_TYPE', i: 2 }),
        () => store.dispatch({ type: 'ACTION_TYPE', i: 3, fail: true }),
        () => store.dispatch({ type: 'ACTION_TYPE2', i: 4 }),
      )
      return [seen.map((x) => (x === failError ? 'failError' : x)), task.isRunning()]
    }, [[0, 1, 2, 'failError', 4], true])
  })

  it('cancels the forks of a parent whose main flow fails, then throws to its caller', async () => {
    await expectBoth(async (lib) => {
      const { call, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      const [mainDef, childADef, childBDef] = deferreds<string>(3)
      const defs = deferreds<string>(4)
      chain(
        () => childADef!.resolve('childA resolved'),
        () => defs[0]!.resolve('leaf 1 resolved'),
        () => childBDef!.resolve('childB resolved'),
        () => defs[1]!.resolve('leaf 2 resolved'),
        () => mainDef!.reject('main error'),
        () => defs[2]!.resolve('leaf 3 resolved'),
        () => defs[3]!.resolve('leaf 4 resolved'),
      )
      function* leaf(idx: number): Generator<any, void, any> {
        try {
          seen.push(yield defs[idx]!.promise)
        } finally {
          if (yield cancelled()) seen.push(`leaf ${idx + 1} cancelled`)
        }
      }
      function* childA(): Generator<any, void, any> {
        try {
          yield fork(leaf, 0)
          seen.push(yield childADef!.promise)
          yield fork(leaf, 1)
        } finally {
          if (yield cancelled()) seen.push('childA cancelled')
        }
      }
      function* childB(): Generator<any, void, any> {
        try {
          yield fork(leaf, 2)
          yield fork(leaf, 3)
          seen.push(yield childBDef!.promise)
        } finally {
          if (yield cancelled()) seen.push('childB cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        try {
          yield fork(childA)
          yield fork(childB)
          seen.push(yield mainDef!.promise)
        } catch (error) {
          seen.push(error as string)
          throw error
        } finally {
          if (yield cancelled()) seen.push('main cancelled')
        }
      }
      function* root(): Generator<any, void, any> {
        try {
          seen.push(yield call(main))
        } catch (error) {
          seen.push(`root caught ${error}`)
        }
      }
      await middleware.run(root).toPromise()
      return seen
    }, [
      'childA resolved',
      'leaf 1 resolved',
      'childB resolved',
      'leaf 2 resolved',
      'main error',
      'leaf 3 cancelled',
      'leaf 4 cancelled',
      'root caught main error',
    ])
  })

  it('cancels the forks of a cancelled parent after its main flow', async () => {
    await expectBoth(async (lib) => {
      const { cancel, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      const [rootDef, mainDef, childADef, childBDef] = deferreds<string>(4)
      const defs = deferreds<string>(4)
      chain(
        () => childADef!.resolve('childA resolved'),
        () => defs[0]!.resolve('leaf 1 resolved'),
        () => childBDef!.resolve('childB resolved'),
        () => defs[1]!.resolve('leaf 2 resolved'),
        () => rootDef!.resolve('root resolved'),
        () => mainDef!.resolve('main resolved'),
        () => defs[2]!.resolve('leaf 3 resolved'),
        () => defs[3]!.resolve('leaf 4 resolved'),
      )
      function* leaf(idx: number): Generator<any, void, any> {
        try {
          seen.push(yield defs[idx]!.promise)
        } finally {
          if (yield cancelled()) seen.push(`leaf ${idx + 1} cancelled`)
        }
      }
      function* childA(): Generator<any, void, any> {
        try {
          yield fork(leaf, 0)
          seen.push(yield childADef!.promise)
          yield fork(leaf, 1)
        } finally {
          if (yield cancelled()) seen.push('childA cancelled')
        }
      }
      function* childB(): Generator<any, void, any> {
        try {
          yield fork(leaf, 2)
          yield fork(leaf, 3)
          seen.push(yield childBDef!.promise)
        } finally {
          if (yield cancelled()) seen.push('childB cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        try {
          yield fork(childA)
          yield fork(childB)
          seen.push(yield mainDef!.promise)
        } finally {
          if (yield cancelled()) seen.push('main cancelled')
        }
      }
      function* root(): Generator<any, void, any> {
        try {
          const task = yield fork(main)
          seen.push(yield rootDef!.promise)
          yield cancel(task)
        } catch (error) {
          seen.push(`root caught ${error}`)
        }
      }
      await middleware.run(root).toPromise()
      return seen
    }, [
      'childA resolved',
      'leaf 1 resolved',
      'childB resolved',
      'leaf 2 resolved',
      'root resolved',
      'main cancelled',
      'leaf 3 cancelled',
      'leaf 4 cancelled',
    ])
  })

  function childAbortProgram(order: 'main first' | 'leaf first') {
    return async (lib: import('./support/differential.js').Lib) => {
      const { call, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      const [mainDef, childADef, childBDef] = deferreds<string>(3)
      const defs = deferreds<string>(4)
      const steps = [
        () => childADef!.resolve('childA resolved'),
        () => defs[0]!.resolve('leaf 1 resolved'),
        () => childBDef!.resolve('childB resolved'),
        () => defs[1]!.resolve('leaf 2 resolved'),
      ]
      const resolveMain = () => mainDef!.resolve('main resolved')
      const failLeaf = () => defs[2]!.reject('leaf 3 error')
      if (order === 'main first') steps.push(resolveMain, failLeaf)
      else steps.push(failLeaf, resolveMain)
      steps.push(() => defs[3]!.resolve('leaf 4 resolved'))
      chain(...steps)
      function* leaf(idx: number): Generator<any, void, any> {
        try {
          seen.push(yield defs[idx]!.promise)
        } catch (error) {
          seen.push(error as string)
          throw error
        } finally {
          if (yield cancelled()) seen.push(`leaf ${idx + 1} cancelled`)
        }
      }
      function* childA(): Generator<any, void, any> {
        try {
          yield fork(leaf, 0)
          seen.push(yield childADef!.promise)
          yield fork(leaf, 1)
        } finally {
          if (yield cancelled()) seen.push('childA cancelled')
        }
      }
      function* childB(): Generator<any, void, any> {
        try {
          yield fork(leaf, 2)
          yield fork(leaf, 3)
          seen.push(yield childBDef!.promise)
        } finally {
          if (yield cancelled()) seen.push('childB cancelled')
        }
      }
      function* main(): Generator<any, string, any> {
        try {
          yield fork(childA)
          yield fork(childB)
          seen.push(yield mainDef!.promise)
          return 'main returned'
        } catch (error) {
          seen.push(error as string)
          throw error
        } finally {
          if (yield cancelled()) seen.push('main cancelled')
        }
      }
      function* root(): Generator<any, void, any> {
        try {
          seen.push(yield call(main))
        } catch (error) {
          seen.push(`root caught ${error}`)
        }
      }
      await middleware.run(root).toPromise()
      return seen
    }
  }

  it('cancels the remaining forks when a child aborts after the main flow returned', async () => {
    await expectBoth(childAbortProgram('main first'), [
      'childA resolved',
      'leaf 1 resolved',
      'childB resolved',
      'leaf 2 resolved',
      'main resolved',
      'leaf 3 error',
      'leaf 4 cancelled',
      'root caught leaf 3 error',
    ])
  })

  it('cancels the main flow (cancelled() is true in its finally) and the forks when a child aborts', async () => {
    await expectBoth(childAbortProgram('leaf first'), [
      'childA resolved',
      'leaf 1 resolved',
      'childB resolved',
      'leaf 2 resolved',
      'leaf 3 error',
      'leaf 4 cancelled',
      'main cancelled',
      'root caught leaf 3 error',
    ])
  })

  it('leaves an error-aborted task aborted, not cancelled, once its finally has run', async () => {
    await expectBoth(async (lib) => {
      const { call, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: () => {} } })
      let parentTask: any
      const seen: unknown[] = []
      function* failing() {
        yield Promise.resolve()
        throw new Error('boom')
      }
      function* parent(): Generator<any, void, any> {
        try {
          yield fork(failing)
          yield new Promise(() => {})
        } finally {
          seen.push(['in finally', yield cancelled()])
        }
      }
      function* root(): Generator<any, void, any> {
        parentTask = yield fork(function* () {
          yield call(parent)
        })
        try {
          yield (parentTask as any).toPromise()
        } catch (error) {
          seen.push((error as Error).message)
        }
      }
      await middleware.run(root).toPromise().catch(() => {})
      return [seen, parentTask.isCancelled(), parentTask.isAborted(), parentTask.isRunning()]
    }, [[['in finally', true]], false, true, false])
  })
})

describe('spawn()', () => {
  it('neither waits for nor is cancelled with a spawned task', async () => {
    await expectBoth(async (lib) => {
      const { cancelled, spawn } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const def = deferred()
      let child: any
      function* spawned(): Generator<any, void, any> {
        try {
          yield def.promise
          seen.push('spawned done')
        } finally {
          seen.push(['spawned cancelled', yield cancelled()])
        }
      }
      function* parent(): Generator<any, void, any> {
        child = yield spawn(spawned)
        yield new Promise(() => {})
      }
      const task = middleware.run(parent)
      await sleep(0)
      task.cancel()
      seen.push(['parent running', task.isRunning(), 'child running', child.isRunning(), child.isRoot])
      def.resolve()
      await child.toPromise()
      return seen
    }, [['parent running', false, 'child running', true, true], 'spawned done', ['spawned cancelled', false]])
  })
})
