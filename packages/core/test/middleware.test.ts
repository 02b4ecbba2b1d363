/*
 * The Redux middleware (reference §1.1, §1.7): its shape, `run`, `setContext`, options, and how
 * actions reach sagas after the reducers. Differential against redux-saga 1.5.1.
 */
import { describe, expect, it } from 'vitest'
import { expectBoth, reduxStore, sagaflow } from './support/differential.js'

describe('createSagaMiddleware()', () => {
  it('has the middleware arities Redux expects', async () => {
    await expectBoth((lib) => {
      const middleware = lib.createSagaMiddleware()
      const nextHandler = middleware({})
      const actionHandler = nextHandler()
      return [typeof middleware, middleware.length, typeof nextHandler, nextHandler.length, typeof actionHandler, actionHandler.length]
    }, ['function', 1, 'function', 1, 'function', 1])
  })

  it("returns what the next handler returned from the action handler", async () => {
    await expectBoth((lib) => {
      const action = {}
      const actionHandler = lib.createSagaMiddleware()({})((a: unknown) => a)
      return actionHandler(action) === action
    }, true)
  })

  it('throws from run() before it is mounted, then runs a saga with its arguments and returns a Task', async () => {
    await expectBoth((lib) => {
      const middleware = lib.createSagaMiddleware()
      let early: string | undefined
      try {
        middleware.run(function* () {})
      } catch (e) {
        early = (e as Error).message
      }
      let args: unknown[] = []
      const { middleware: mounted } = reduxStore(lib)
      const task = mounted.run(function* (...a: unknown[]) {
        args = a
      }, 'argument')
      return [early, !!task['@@redux-saga/TASK'], args]
    }, ['Before running a Saga, you must mount the Saga middleware on the Store using applyMiddleware', true, ['argument']])
  })

  it('calls options.onError with an error thrown by a root saga', async () => {
    await expectBoth((lib) => {
      const err = new Error('test')
      let actual: unknown
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: (e: unknown) => (actual = e) } })
      middleware.run(function* () {
        throw err
      })
      return actual === err
    }, true)
  })

  it('rejects a saga argument that is not a generator function', async () => {
    await expectBoth((lib) => {
      const { middleware } = reduxStore(lib)
      const messages: string[] = []
      for (const bad of [{}, () => 42]) {
        try {
          middleware.run(bad)
        } catch (e) {
          messages.push((e as Error).message)
        }
      }
      middleware.run(function* saga() {})
      return messages
    }, [
      'runSaga(options, saga, ...args): saga argument must be a Generator function!',
      'runSaga(options, saga, ...args): saga argument must be a Generator function!',
    ])
  })

  it('lets a custom channel re-put batched actions, which sagas see in order after the reducers', async () => {
    await expectBoth((lib) => {
      const { put, takeEvery } = lib.effects
      const seen: unknown[] = []
      const channel = lib.stdChannel()
      const rawPut = channel.put
      channel.put = (action: any) => {
        if (action.type === 'batch') {
          action.batch.forEach(rawPut)
          return
        }
        rawPut(action)
      }
      function* saga() {
        yield takeEvery(
          (ac: any) => ac.from !== 'saga',
          function* ({ type }: any) {
            seen.push({ saga: true, got: type })
            yield put({ type: `pong_${type}`, from: 'saga' })
          },
        )
        yield takeEvery(
          (ac: any) => ac.from === 'saga',
          ({ type }: any) => {
            seen.push({ saga: true, got: type })
          },
        )
      }
      let recording = false
      const { store, middleware } = reduxStore(
        lib,
        (state = {}, { type }: any) => {
          if (recording) seen.push({ reducer: true, got: type })
          return state
        },
        { sagaOptions: { channel } },
      )
      recording = true
      middleware.run(saga)
      store.dispatch({ type: 'a' })
      store.dispatch({ type: 'batch', batch: [{ type: 'b' }, { type: 'c' }] })
      store.dispatch({ type: 'd' })
      return seen
    }, [
      { reducer: true, got: 'a' },
      { saga: true, got: 'a' },
      { reducer: true, got: 'pong_a' },
      { saga: true, got: 'pong_a' },
      { reducer: true, got: 'batch' },
      { saga: true, got: 'b' },
      { reducer: true, got: 'pong_b' },
      { saga: true, got: 'pong_b' },
      { saga: true, got: 'c' },
      { reducer: true, got: 'pong_c' },
      { saga: true, got: 'pong_c' },
      { reducer: true, got: 'd' },
      { saga: true, got: 'd' },
      { reducer: true, got: 'pong_d' },
      { saga: true, got: 'pong_d' },
    ])
  })

  it('rejects a channel option that is not a channel', async () => {
    await expectBoth((lib) => {
      try {
        lib.createSagaMiddleware({ channel: {} })
        return 'no error'
      } catch (e) {
        return (e as Error).message
      }
    }, 'options.channel passed to the Saga middleware is not a channel')
  })

  it('rejects an onError that is not a function when a saga runs', async () => {
    await expectBoth((lib) => {
      let factory = 'no error'
      let middleware: any
      try {
        middleware = reduxStore(lib, undefined, { sagaOptions: { onError: 42 } }).middleware
      } catch (e) {
        factory = (e as Error).message
      }
      try {
        middleware.run(function* () {})
        return [factory, 'no error']
      } catch (e) {
        return [factory, (e as Error).message]
      }
    }, ['no error', 'onError passed to the redux-saga is not a function!'])
  })

  it('merges setContext() into the root context of later runs, and checks its argument', async () => {
    await expectBoth((lib) => {
      const { getContext } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { context: { a: 1 } } })
      middleware.setContext({ b: 2 })
      let got: unknown
      middleware.run(function* (): Generator<any, void, any> {
        got = [yield getContext('a'), yield getContext('b')]
      })
      let message: string | undefined
      try {
        middleware.setContext(5)
      } catch (e) {
        message = (e as Error).message
      }
      return [got, message]
    }, [[1, 2], 'sagaMiddleware.setContext(props): argument 5 is not a plain object'])
  })

  it('delivers actions to sagas after the reducers ran', async () => {
    await expectBoth((lib) => {
      const { select, take } = lib.effects
      const { store, middleware } = reduxStore(lib, (state = 0, action: any) => (action.type === 'INC' ? state + 1 : state))
      let seen: unknown
      middleware.run(function* (): Generator<any, void, any> {
        yield take('INC')
        seen = yield select()
      })
      store.dispatch({ type: 'INC' })
      return seen
    }, 1)
  })
})

describe("createSagaMiddleware({ signal }), sagaflow's own option", () => {
  it('leaves no registration on a token of another copy of @sagaflow/cancellation, and still cancels every root with it', async () => {
    const callbacks = new Set<(reason: unknown) => void>()
    // What a second copy of the package (an ESM and a CJS one side by side) looks like: a token by shape.
    const foreign = {
      isCancelled: false,
      canBeCancelled: true,
      reason: undefined as unknown,
      throwIfCancelled() {},
      onCancel(callback: (reason: unknown) => void) {
        callbacks.add(callback)
        const dispose = () => void callbacks.delete(callback)
        return { dispose, [Symbol.dispose]: dispose }
      },
    }
    const { middleware } = reduxStore(sagaflow, undefined, { sagaOptions: { signal: foreign } })
    for (let i = 0; i < 3; i++) await middleware.run(function* () {}).toPromise()
    expect(callbacks.size).toBe(0)

    const { take } = sagaflow.effects
    const roots = [0, 1].map(() => middleware.run(function* () {
      yield take('NEVER')
    }))
    foreign.isCancelled = true
    for (const callback of [...callbacks]) callback('shutdown')
    expect(roots.map((task) => task.isCancelled())).toEqual([true, true])
    expect(callbacks.size).toBe(0)
  })
})
