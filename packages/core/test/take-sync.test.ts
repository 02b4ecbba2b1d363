/*
 * Synchronous takes and puts (reference §3.1): the put scheduler queues a put (or an external
 * dispatch) issued while another is being delivered, so sagas see actions in dispatch order and
 * re-register their takes before the next action arrives. Differential against redux-saga 1.5.1.
 */
import { describe, it } from 'vitest'
import { expectBoth, flushMicrotasks, reduxStore, sleep, type Lib } from './support/differential.js'

/** A store whose reducer records `action.payload` of every action of type 'a'. */
function payloadLoggingStore(lib: Lib) {
  const seen: unknown[] = []
  const setup = reduxStore(lib, (_state: unknown, action: any) => {
    if (action.type === 'a') seen.push(action.payload)
    return true
  })
  return { ...setup, seen }
}

describe('synchronous takes', () => {
  it('lets two sagas take actions dispatched back to back without missing one', async () => {
    await expectBoth(async (lib) => {
      const { fork, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* fnA(): Generator<any, void, any> {
        seen.push(yield take('a1'))
        seen.push(yield take('a3'))
      }
      function* fnB(): Generator<any, void, any> {
        seen.push(yield take('a2'))
      }
      function* root() {
        yield fork(fnA)
        yield fork(fnB)
      }
      middleware.run(root)
      store.dispatch({ type: 'a1' })
      store.dispatch({ type: 'a2' })
      store.dispatch({ type: 'a3' })
      await flushMicrotasks()
      return seen
    }, [{ type: 'a1' }, { type: 'a2' }, { type: 'a3' }])
  })

  it('delivers an action only to the winner of a race of takes', async () => {
    await expectBoth(async (lib) => {
      const { race, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* root(): Generator<any, void, any> {
        seen.push(yield race({ a1: take('a1'), a2: take('a2') }))
        seen.push(yield take('a2'))
      }
      middleware.run(root)
      store.dispatch({ type: 'a1' })
      store.dispatch({ type: 'a2' })
      await flushMicrotasks()
      return seen
    }, [{ a1: { type: 'a1' } }, { type: 'a2' }])
  })

  it('resolves an all() of takes once every action was dispatched', async () => {
    await expectBoth(async (lib) => {
      const { all, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* root(): Generator<any, void, any> {
        seen.push(yield all([take('a1'), take('a2')]))
      }
      middleware.run(root)
      store.dispatch({ type: 'a1' })
      store.dispatch({ type: 'a2' })
      await flushMicrotasks()
      return seen
    }, [[{ type: 'a1' }, { type: 'a2' }]])
  })

  it('resolves an all() holding a race of takes and a take', async () => {
    await expectBoth(async (lib) => {
      const { all, race, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* root(): Generator<any, void, any> {
        seen.push(yield all([race({ a1: take('a1'), a2: take('a2') }), take('a2')]))
      }
      middleware.run(root)
      store.dispatch({ type: 'a1' })
      store.dispatch({ type: 'a2' })
      await flushMicrotasks()
      return seen
    }, [[{ a1: { type: 'a1' } }, { type: 'a2' }]])
  })
})

describe('synchronous puts', () => {
  it('lets a saga take the startup actions another saga puts while the store is being created', async () => {
    await expectBoth(async (lib) => {
      const { put, take } = lib.effects
      const { middleware, seen } = payloadLoggingStore(lib)
      function* fnA(): Generator<any, void, any> {
        seen.push(`fnA-${(yield take('a')).payload}`)
      }
      function* fnB() {
        yield put({ type: 'a', payload: 1 })
        yield put({ type: 'a', payload: 2 })
        yield put({ type: 'a', payload: 3 })
      }
      middleware.run(fnA)
      middleware.run(fnB)
      await flushMicrotasks()
      return seen
    }, [1, 'fnA-1', 2, 3])
  })

  it('interleaves takes and puts without losing actions', async () => {
    await expectBoth(async (lib) => {
      const { put, take } = lib.effects
      const { store, middleware, seen } = payloadLoggingStore(lib)
      function* root() {
        yield take('a')
        yield put({ type: 'a', payload: 'ack-1' })
        yield take('a')
        yield put({ type: 'a', payload: 'ack-2' })
      }
      middleware.run(root)
      store.dispatch({ type: 'a', payload: 1 })
      store.dispatch({ type: 'a', payload: 2 })
      await flushMicrotasks()
      return seen
    }, [1, 'ack-1', 2, 'ack-2'])
  })

  it('interleaves takes from a channel and puts to the store without losing actions', async () => {
    await expectBoth(async (lib) => {
      const { put, take } = lib.effects
      const chan = lib.channel()
      const { middleware, seen } = payloadLoggingStore(lib)
      function* root(): Generator<any, void, any> {
        seen.push((yield take(chan)).payload)
        yield put({ type: 'a', payload: 'ack-1' })
        seen.push((yield take(chan)).payload)
        yield put({ type: 'a', payload: 'ack-2' })
        yield take('never-happening-action')
      }
      middleware.run(root)
      chan.put({ type: 'a', payload: 1 })
      chan.put({ type: 'a', payload: 2 })
      chan.close()
      await flushMicrotasks()
      return seen
    }, [1, 'ack-1', 2, 'ack-2'])
  })

  it('lets sagas take the actions other sagas put', async () => {
    await expectBoth(async (lib) => {
      const { all, fork, put, take } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* someAction(payload: unknown) {
        seen.push(payload)
      }
      function* fnA(): Generator<any, void, any> {
        while (true) {
          const { payload } = yield take('a')
          yield fork(someAction, payload)
        }
      }
      function* fnB() {
        yield put({ type: 'a', payload: 1 })
        yield put({ type: 'a', payload: 2 })
        yield put({ type: 'a', payload: 3 })
      }
      function* root() {
        yield all([fork(fnA), fork(fnB)])
      }
      middleware.run(root)
      await flushMicrotasks()
      return seen
    }, [1, 2, 3])
  })

  it('lets sagas take the messages other sagas put into a buffered channel', async () => {
    await expectBoth(async (lib) => {
      const { all, call, fork, put, take } = lib.effects
      const chan = lib.channel()
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* someAction(action: unknown) {
        seen.push(action)
        yield Promise.resolve()
      }
      function* fnA(): Generator<any, void, any> {
        while (true) {
          const action = yield take(chan)
          yield call(someAction, action)
        }
      }
      function* fnB() {
        yield put(chan, 1)
        yield put(chan, 2)
        yield put(chan, 3)
        yield call(chan.close)
      }
      function* root() {
        yield all([fork(fnA), fork(fnB)])
      }
      await middleware.run(root).toPromise()
      return seen
    }, [1, 2, 3])
  })

  it('keeps send/acknowledge exchanges between sagas in order', async () => {
    await expectBoth(async (lib) => {
      const { all, fork, put, take } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const push = ({ type }: { type: string }) => seen.push(type)
      function* fnA(): Generator<any, void, any> {
        push(yield take('msg-1'))
        yield put({ type: 'ack-1' })
        push(yield take('msg-2'))
        yield put({ type: 'ack-2' })
      }
      function* fnB(): Generator<any, void, any> {
        yield put({ type: 'msg-1' })
        push(yield take('ack-1'))
        yield put({ type: 'msg-2' })
        push(yield take('ack-2'))
      }
      function* root() {
        yield all([fork(fnA), fork(fnB)])
      }
      middleware.run(root)
      await flushMicrotasks()
      return seen
    }, ['msg-1', 'ack-1', 'msg-2', 'ack-2'])
  })

  it('keeps send/acknowledge exchanges through an unbuffered channel in order', async () => {
    await expectBoth(async (lib) => {
      const { fork, put, take } = lib.effects
      const chan = lib.channel(lib.buffers.none())
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* fnA(): Generator<any, void, any> {
        seen.push(yield take(chan))
        yield put(chan, 'ack-1')
        seen.push(yield take(chan))
        yield put(chan, 'ack-2')
      }
      function* fnB(): Generator<any, void, any> {
        yield put(chan, 'msg-1')
        seen.push(yield take(chan))
        yield put(chan, 'msg-2')
        seen.push(yield take(chan))
      }
      function* root() {
        yield fork(fnA)
        yield fork(fnB)
      }
      middleware.run(root)
      await flushMicrotasks()
      return seen
    }, ['msg-1', 'ack-1', 'msg-2', 'ack-2'])
  })

  it('keeps send/acknowledge exchanges through a buffered channel in order', async () => {
    await expectBoth(async (lib) => {
      const { fork, put, take } = lib.effects
      const chan = lib.channel()
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* fnA(): Generator<any, void, any> {
        seen.push(yield take(chan))
        yield put(chan, 'ack-1')
        yield Promise.resolve()
        seen.push(yield take(chan))
        yield put(chan, 'ack-2')
      }
      function* fnB(): Generator<any, void, any> {
        yield put(chan, 'msg-1')
        yield Promise.resolve()
        seen.push(yield take(chan))
        yield put(chan, 'msg-2')
        yield Promise.resolve()
        seen.push(yield take(chan))
      }
      function* root() {
        yield fork(fnB)
        yield fork(fnA)
      }
      await middleware.run(root).toPromise()
      return seen
    }, ['msg-1', 'ack-1', 'msg-2', 'ack-2'])
  })

  it('lets a takeEvery take the puts of children forked by another takeEvery worker', async () => {
    await expectBoth(async (lib) => {
      const { all, fork, put, takeEvery } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: number[] = []
      let testCounter = 0
      function* takeTest1(): Generator<any, void, any> {
        if (testCounter === 0) {
          seen.push(1)
          testCounter++
          yield put({ type: 'TEST2' })
        } else {
          seen.push(++testCounter)
        }
      }
      function* forkedPut() {
        yield put({ type: 'TEST' })
      }
      function* takeTest2() {
        yield all([fork(forkedPut), fork(forkedPut)])
      }
      function* root() {
        yield all([takeEvery('TEST', takeTest1), takeEvery('TEST2', takeTest2)])
      }
      const task = middleware.run(root)
      store.dispatch({ type: 'TEST' })
      store.dispatch(lib.END)
      await task.toPromise()
      return seen
    }, [1, 2, 3])
  })

  it('schedules deeply nested forks and puts synchronously', async () => {
    await expectBoth(async (lib) => {
      const { fork, put, take } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* s3() {
        yield put({ type: 'a3' })
      }
      function* s2(): Generator<any, void, any> {
        yield fork(s3)
        seen.push(yield take('a3'))
        yield put({ type: 'a2' })
      }
      function* s1(): Generator<any, void, any> {
        yield fork(s2)
        seen.push(yield take('a2'))
      }
      middleware.run(s1)
      return seen
    }, [{ type: 'a3' }, { type: 'a2' }])
  })

  it('lets a takeEvery worker take the ack of the action it put to its own watcher', async () => {
    await expectBoth(async (lib) => {
      const { put, take, takeEvery } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: number[] = []
      let first = true
      function* ackWorker(action: any) {
        if (first) {
          first = false
          yield put({ type: 'PING', val: action.val + 1 })
          yield take(`ACK-${action.val + 1}`)
        }
        yield put({ type: `ACK-${action.val}` })
        seen.push(1)
      }
      function* root() {
        yield takeEvery('PING', ackWorker)
      }
      const task = middleware.run(root)
      store.dispatch({ type: 'PING', val: 0 })
      store.dispatch(lib.END)
      await task.toPromise()
      return seen
    }, [1, 1])
  })

  it('does not miss an action a store subscriber dispatches while a put is being handled', async () => {
    await expectBoth(async (lib) => {
      const { put, race, take } = lib.effects
      const { store, middleware } = reduxStore(lib, (_state: unknown, action: any) => action.type)
      const seen: string[] = []
      function* root(): Generator<any, void, any> {
        while (true) {
          const { a, b } = yield race({ a: take('a'), b: take('b') })
          seen.push(a ? a.type : b.type)
          if (a) {
            yield put({ type: 'c', test: true })
            continue
          }
          yield put({ type: 'd', test: true })
        }
      }
      middleware.run(root)
      store.subscribe(() => {
        if (store.getState() === 'c') store.dispatch({ type: 'b', test: true })
      })
      store.dispatch({ type: 'a', test: true })
      await flushMicrotasks()
      return seen
    }, ['a', 'b'])
  })

  it('lets a sibling take in the same all() take an action put by the root saga', async () => {
    await expectBoth(async (lib) => {
      const { all, put, takeEvery } = lib.effects
      const { store, middleware } = reduxStore(lib, (state: string[] | undefined, action: any) =>
        state ? state.concat(action.type) : [],
      )
      function* root() {
        yield all([
          put({ type: 'FIRST' }),
          takeEvery('FIRST', function* () {
            yield put({ type: 'SECOND' })
          }),
        ])
      }
      middleware.run(root)
      await flushMicrotasks()
      return store.getState()
    }, ['FIRST', 'SECOND'])
  })

  it('lets a parent take an action its fork put synchronously, after the parent was resumed asynchronously', async () => {
    await expectBoth(async (lib) => {
      const { delay, fork, put, take } = lib.effects
      const { middleware } = reduxStore(lib, (_state: unknown, action: any) => action.type)
      const seen: unknown[] = []
      function* root(): Generator<any, void, any> {
        yield delay(5)
        yield fork(function* () {
          yield put({ type: 'A', payload: 'foo' })
        })
        seen.push(yield take('A'))
      }
      await middleware.run(root).toPromise()
      return seen
    }, [{ type: 'A', payload: 'foo' }])
  })

  it('delivers an action to takers registered before the put, not to takers registered during it', async () => {
    await expectBoth(async (lib) => {
      const { fork, put, take } = lib.effects
      const store = storeLikeLogging(lib)
      const seen: string[] = []
      function* second(): Generator<any, void, any> {
        seen.push(`second got ${(yield take('X')).n}`)
      }
      function* first(): Generator<any, void, any> {
        seen.push(`first got ${(yield take('X')).n}`)
        yield fork(second)
        yield put({ type: 'X', n: 2 })
      }
      lib.runSaga(store, first)
      store.dispatch({ type: 'X', n: 1 })
      await sleep(0)
      return seen
    }, ['first got 1', 'second got 2'])
  })
})

function storeLikeLogging(lib: Lib) {
  const channel = lib.stdChannel()
  return { channel, dispatch: (action: any) => channel.put(action), getState: () => ({}) }
}
