/*
 * `put` / `putResolve` (reference §3.9, §3.1): dispatching to the store or into a channel, the
 * dispatch result, reducer errors, and the ordering of nested puts. Differential against
 * redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.16 `putResolve` with a non-promise dispatch result resumes synchronously like `put`.
 */
import type { Middleware } from 'redux'
import { describe, it } from 'vitest'
import { chain, deferred, expectBoth, reduxStore, sleep } from './support/differential.js'

/** redux-thunk's little sibling: a dispatched promise is returned as is. */
const promiseMiddleware: Middleware = () => (next) => (action: any) => {
  if (typeof action.then === 'function') return action
  return next(action)
}

describe('put()', () => {
  it('dispatches actions to the store in order', async () => {
    await expectBoth(async (lib) => {
      const { put } = lib.effects
      const seen: unknown[] = []
      const spy: Middleware = () => (next) => (action: any) => {
        seen.push(action.type)
        return next(action)
      }
      const { middleware } = reduxStore(lib, undefined, { before: [spy] })
      function* saga(arg: string) {
        yield put({ type: arg })
        yield put({ type: 'second' })
      }
      await middleware.run(saga, 'arg').toPromise()
      return seen
    }, ['arg', 'second'])
  })

  it('puts messages into a given channel', async () => {
    await expectBoth(async (lib) => {
      const { put } = lib.effects
      const buffer: unknown[] = []
      const spyBuffer = {
        isEmpty: () => !buffer.length,
        put: (it: unknown) => buffer.push(it),
        take: () => buffer.shift(),
      }
      const chan = lib.channel(spyBuffer)
      const { middleware } = reduxStore(lib)
      function* saga(arg: string) {
        yield put(chan, arg)
        yield put(chan, 2)
      }
      await middleware.run(saga, 'arg').toPromise()
      return buffer
    }, ['arg', 2])
  })

  it('resumes with what dispatch returned', async () => {
    await expectBoth(async (lib) => {
      const { put } = lib.effects
      const tagger: Middleware = () => (next) => (action: any) => {
        next(action)
        return `dispatched ${action.type}`
      }
      const { middleware } = reduxStore(lib, undefined, { before: [tagger] })
      function* saga(): Generator<any, unknown, any> {
        return yield put({ type: 'A' })
      }
      return middleware.run(saga).toPromise()
    }, 'dispatched A')
  })

  it('waits for a promise returned by dispatch with putResolve', async () => {
    await expectBoth(async (lib) => {
      const { putResolve } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { before: [promiseMiddleware] })
      const seen: unknown[] = []
      function* saga(arg: string): Generator<any, void, any> {
        seen.push(yield putResolve(Promise.resolve(arg)))
        seen.push(yield putResolve(Promise.resolve(2)))
      }
      await middleware.run(saga, 'arg').toPromise()
      return seen
    }, ['arg', 2])
  })

  it('resumes putResolve synchronously when dispatch returns no promise', async () => {
    await expectBoth(async (lib) => {
      const { putResolve } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        return yield putResolve({ type: 'PLAIN' })
      }
      const task = middleware.run(saga)
      return [task.isRunning(), task.result()]
    }, [false, { type: 'PLAIN' }])
  })

  it('does not wait for a promise returned by dispatch with put', async () => {
    await expectBoth(async (lib) => {
      const { put } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { before: [promiseMiddleware] })
      const promise = new Promise(() => {})
      function* saga(): Generator<any, unknown, any> {
        return (yield put(promise as any)) === promise
      }
      const task = middleware.run(saga)
      return [task.isRunning(), task.result()]
    }, [false, true])
  })

  it('throws an error of a reducer into the putting saga', async () => {
    await expectBoth(async (lib) => {
      const { put } = lib.effects
      const error = new Error('error')
      const { middleware } = reduxStore(lib, (state = {}, action: any) => {
        if (action.error) throw error
        return state
      })
      const seen: unknown[] = []
      function* saga(arg: string) {
        try {
          yield put({ type: arg, error: true })
        } catch (err) {
          seen.push(err === error)
        }
      }
      await middleware.run(saga, 'arg').toPromise()
      return seen
    }, [true])
  })

  it('throws a rejection of the dispatched promise into a putResolve saga', async () => {
    await expectBoth(async (lib) => {
      const { putResolve } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { before: [promiseMiddleware] })
      const seen: unknown[] = []
      function* saga(arg: string): Generator<any, void, any> {
        try {
          seen.push(yield putResolve(Promise.reject(new Error(`error ${arg}`))))
        } catch (err) {
          seen.push((err as Error).message)
        }
      }
      await middleware.run(saga, 'arg').toPromise()
      return seen
    }, ['error arg'])
  })

  it('runs a nested put after the outer put has been delivered', async () => {
    await expectBoth(async (lib) => {
      const { fork, put, take } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      function* genA() {
        yield put({ type: 'a' })
        seen.push('put a')
      }
      function* genB() {
        yield take('a')
        yield put({ type: 'b' })
        seen.push('put b')
      }
      function* root() {
        yield fork(genB)
        yield fork(genA)
      }
      await middleware.run(root).toPromise()
      return seen
    }, ['put a', 'put b'])
  })

  it('survives 32768 actions emitted while a put is dispatched', async () => {
    await expectBoth(async (lib) => {
      const { delay, put, takeEvery } = lib.effects
      const chan = lib.stdChannel()
      const rawPut = chan.put
      chan.put = () => {
        for (let i = 0; i < 32768; i++) rawPut({ type: 'test' })
      }
      let taken = 0
      const { middleware } = reduxStore(lib, (_state: unknown, action: any) => action.type, { sagaOptions: { channel: chan } })
      function* root() {
        yield takeEvery('test', () => {
          taken++
        })
        yield put({ type: 'put a lot of actions' })
        yield delay(0)
      }
      const task = middleware.run(root)
      await sleep(5)
      task.cancel()
      return taken
    }, 32768)
  })

  it('does not let a task miss the actions dispatched right after it was created by another put', async () => {
    await expectBoth(async (lib) => {
      const { fork, put, take } = lib.effects
      const { store, middleware } = reduxStore(lib, (_state: unknown, action: any) => ({ callSubscriber: action.callSubscriber }))
      const seen: string[] = []
      const task = middleware.run(function* () {
        yield take('a')
        yield put({ type: 'b', callSubscriber: true })
        yield take('c')
        yield fork(function* () {
          yield take('do not miss')
          seen.push("didn't get missed")
        })
      })
      store.subscribe(() => {
        if (store.getState().callSubscriber) {
          store.dispatch({ type: 'c' })
          store.dispatch({ type: 'do not miss' })
        }
      })
      store.dispatch({ type: 'a' })
      await task.toPromise()
      return seen
    }, ["didn't get missed"])
  })

  it('lets END reach tasks created after it was dispatched', async () => {
    await expectBoth(async (lib) => {
      const { fork, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: string[] = []
      function* subTask() {
        try {
          while (true) {
            seen.push('subTask taking END')
            yield take('NEXT')
            seen.push('should not get here')
          }
        } finally {
          seen.push('auto ended')
        }
      }
      const def = deferred()
      const rootTask = middleware.run(function* () {
        while (true) {
          yield take('START')
          seen.push('start taken')
          yield def.promise
          seen.push('non-take effect resolved')
          yield fork(subTask)
          seen.push('subTask forked')
        }
      })
      chain(
        () => {
          store.dispatch({ type: 'START' })
          store.dispatch(lib.END)
        },
        () => {
          def.resolve()
          store.dispatch({ type: 'NEXT' })
          store.dispatch({ type: 'START' })
        },
      )
      await rootTask.toPromise()
      return seen
    }, ['start taken', 'non-take effect resolved', 'subTask taking END', 'auto ended', 'subTask forked'])
  })

  it('marks actions put by sagas with a non-enumerable SAGA_ACTION flag', async () => {
    await expectBoth(async (lib) => {
      const { put } = lib.effects
      const seen: unknown[] = []
      const spy: Middleware = () => (next) => (action: any) => {
        seen.push([action.type, action['@@redux-saga/SAGA_ACTION'], Object.keys(action)])
        return next(action)
      }
      const { store, middleware } = reduxStore(lib, undefined, { before: [spy] })
      store.dispatch({ type: 'FROM_STORE' })
      await middleware.run(function* () {
        yield put({ type: 'FROM_SAGA' })
      }).toPromise()
      return seen
    }, [['FROM_STORE', undefined, ['type']], ['FROM_SAGA', true, ['type']]])
  })
})
