/*
 * The driver loop: what a plain `yield` of a value, a promise or an iterator does (reference §2),
 * and how uncaught errors end a root task. Differential: every program runs on redux-saga 1.5.1
 * and on sagaflow.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.4 `yield [a, b]` returns the array unchanged (no implicit `all`).
 * - §4.9 a generator's `return somePromise` is not awaited: the task result is the promise.
 */
import { describe, it } from 'vitest'
import { chain, deferreds, expectBoth, reduxStore } from './support/differential.js'

describe('yield of plain values', () => {
  it('resumes the generator with each yielded value and resolves toPromise() with the return value', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga() {
        seen.push(yield 1)
        seen.push(yield 2)
        return 3
      }
      const task = middleware.run(saga)
      const result = await task.toPromise()
      return { seen, result, running: task.isRunning() }
    }, { seen: [1, 2], result: 3, running: false })
  })

  it('injects falsy values back unchanged', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga() {
        seen.push(yield false)
        seen.push(yield undefined)
        seen.push(yield null)
        seen.push(yield '')
        seen.push(yield 0)
        seen.push(yield NaN)
      }
      await middleware.run(saga).toPromise()
      return seen
    }, [false, undefined, null, '', 0, NaN])
  })

  it('returns a yielded array unchanged instead of running it as all()', async () => {
    await expectBoth(async (lib) => {
      const { call } = lib.effects
      const { middleware } = reduxStore(lib)
      const fn = () => 1
      let got: any
      function* saga(): Generator<any, void, any> {
        got = yield [call(fn), 2]
      }
      await middleware.run(saga).toPromise()
      return [Array.isArray(got), got.length, got[0]['@@redux-saga/IO'], got[1]]
    }, [true, 2, true, 2])
  })

  it('does not await a promise returned by the generator', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib)
      const promise = Promise.resolve('inner')
      function* saga() {
        return promise
      }
      const task = middleware.run(saga)
      return [task.isRunning(), task.result() === promise]
    }, [false, true])
  })
})

describe('uncaught errors', () => {
  it('rejects toPromise() when the generator throws', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: () => {} } })
      function* saga() {
        throw new Error('error')
      }
      const task = middleware.run(saga)
      return task.toPromise().then(
        () => 'resolved',
        (error: Error) => [task.isAborted(), task.error() === error, error.message],
      )
    }, [true, true, 'error'])
  })

  it('routes a synchronous throw to the generator catch and finally blocks', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      const fail = () => {
        throw new Error('error')
      }
      function* saga() {
        try {
          fail()
          seen.push('unreachable')
        } catch (error) {
          seen.push(`caught-${(error as Error).message}`)
        } finally {
          seen.push('finally')
        }
      }
      await middleware.run(saga).toPromise()
      return seen
    }, ['caught-error', 'finally'])
  })
})

describe('yield of a promise', () => {
  it('resumes with the resolved value and throws the rejection into the saga', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga() {
        try {
          seen.push(yield Promise.resolve(1))
          seen.push(yield Promise.reject('error'))
        } catch (error) {
          seen.push(`caught ${error}`)
        }
      }
      await middleware.run(saga).toPromise()
      return seen
    }, [1, 'caught error'])
  })

  it('throws undefined into the saga for a promise rejected without a reason', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga() {
        try {
          seen.push(yield Promise.reject())
        } catch (error) {
          seen.push(`caught ${error}`)
        }
      }
      await middleware.run(saga).toPromise()
      return seen
    }, ['caught undefined'])
  })

  it('treats any thenable as a promise', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib)
      const thenable = { then: (resolve: (v: string) => void) => resolve('from thenable') }
      function* saga(): Generator<any, unknown, any> {
        return yield thenable
      }
      return middleware.run(saga).toPromise()
    }, 'from thenable')
  })
})

describe('yield of an iterator', () => {
  it('runs a yielded iterator as a sub-task whose effects, result and error reach the parent', async () => {
    await expectBoth(async (lib) => {
      const { take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const defs = deferreds(3)
      const seen: unknown[] = []
      function* child(): Generator<any, void, any> {
        seen.push(yield defs[0]!.promise)
        seen.push(yield take('action-1'))
        seen.push(yield defs[1]!.promise)
        seen.push(yield take('action-2'))
        seen.push(yield defs[2]!.promise)
        seen.push(yield take('action-3'))
        seen.push(yield Promise.reject('child error'))
      }
      function* main() {
        try {
          yield child()
        } catch (error) {
          seen.push(`caught ${error}`)
        }
      }
      const task = middleware.run(main)
      await chain(
        () => defs[0]!.resolve(1),
        () => store.dispatch({ type: 'action-1' }),
        () => defs[1]!.resolve(2),
        () => store.dispatch({ type: 'action-2' }),
        () => defs[2]!.resolve(3),
        () => store.dispatch({ type: 'action-3' }),
      )
      await task.toPromise()
      return seen
    }, [1, { type: 'action-1' }, 2, { type: 'action-2' }, 3, { type: 'action-3' }, 'caught child error'])
  })

  it('rejects async generators with the reference message', async () => {
    await expectBoth(async (lib) => {
      const { middleware } = reduxStore(lib)
      async function* saga() {}
      try {
        middleware.run(saga)
        return 'no error'
      } catch (error) {
        return (error as Error).message
      }
    }, "redux-saga doesn't support async generators, please use only regular ones")
  })
})
