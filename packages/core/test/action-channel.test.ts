/*
 * `actionChannel` (reference §3.8): a channel that queues store actions matching a pattern from
 * the moment it is created, so none is missed between two takes. Differential against
 * redux-saga 1.5.1.
 */
import { describe, expect, it } from 'vitest'
import { expectBoth, reduxStore } from './support/differential.js'

describe('actionChannel()', () => {
  it('queues actions dispatched while the saga is busy elsewhere', async () => {
    await expectBoth(async (lib) => {
      const { actionChannel, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        const chan = yield actionChannel('action')
        for (let i = 0; i < 10; i++) {
          yield Promise.resolve(1)
          const { payload } = yield take(chan)
          seen.push(payload)
        }
      }
      const task = middleware.run(saga)
      for (let i = 0; i < 10; i++) store.dispatch({ type: 'action', payload: i + 1 })
      await task.toPromise()
      return seen
    }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('puts the queued actions into the given buffer', async () => {
    await expectBoth(async (lib) => {
      const { actionChannel } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const buffer = lib.buffers.expanding()
      function* saga(): Generator<any, unknown, any> {
        return yield actionChannel('action', buffer)
      }
      const task = middleware.run(saga)
      await Promise.resolve().then(() => {
        for (let i = 0; i < 10; i++) store.dispatch({ type: 'action', payload: i + 1 })
      })
      await task.toPromise()
      return buffer.flush().map((item: any) => item.payload)
    }, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  it('takes consecutive synchronous actions even though the saga blocks between takes, and ends on END', async () => {
    await expectBoth(async (lib) => {
      const { actionChannel, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        const chan = yield actionChannel('ACTION')
        while (true) {
          const { payload } = yield take(chan)
          seen.push(payload)
          yield Promise.resolve()
        }
      }
      const taskP = middleware.run(saga).toPromise()
      for (let i = 0; i < 3; i++) store.dispatch({ type: 'ACTION', payload: i + 1 })
      store.dispatch(lib.END)
      await taskP
      return seen
    }, [1, 2, 3])
  })

  it('stops queueing once closed', async () => {
    await expectBoth(async (lib) => {
      const { actionChannel, flush } = lib.effects
      const { store, middleware } = reduxStore(lib)
      let chan: any
      function* saga(): Generator<any, unknown, any> {
        chan = yield actionChannel('A')
        yield Promise.resolve()
        const first = yield flush(chan)
        chan.close()
        yield Promise.resolve()
        return [first, yield flush(chan)]
      }
      const task = middleware.run(saga)
      store.dispatch({ type: 'A', n: 1 })
      await Promise.resolve()
      store.dispatch({ type: 'A', n: 2 })
      return task.toPromise()
    }, [[{ type: 'A', n: 1 }], { type: '@@redux-saga/CHANNEL_END' }])
  })

  it('is plain data equal to a freshly created effect, with or without a buffer', async () => {
    await expectBoth((lib) => {
      const { actionChannel, call, take } = lib.effects
      function* saga(): Generator<any, void, any> {
        const buffer = yield call(lib.buffers.dropping, 1)
        const chan = yield actionChannel('ACTION', buffer)
        while (true) {
          yield take(chan)
          yield Promise.resolve()
        }
      }
      const gen = saga()
      expect(gen.next().value).toEqual(call(lib.buffers.dropping, 1))
      const buffer = lib.buffers.dropping(1)
      expect(gen.next(buffer).value).toEqual(actionChannel('ACTION', buffer))
      const mockChannel = lib.channel()
      expect(gen.next(mockChannel).value).toEqual(take(mockChannel))
      const plain = actionChannel('ACTION')
      return [plain.type, plain.payload.pattern, plain.payload.buffer]
    }, ['ACTION_CHANNEL', 'ACTION', undefined])
  })

  it('stays registered once when a nested delivery on a multicast input channel already re-registered it', async () => {
    // The reference's outer delivery calls `taker.cancel()` on its stale snapshot entry, which is
    // the callback's latest registration (made by the nested delivery), then calls the taker,
    // which registers again: one registration, the action queued twice (fuzzer).
    await expectBoth(async (lib) => {
      const { fork, take, call, actionChannel, flush } = lib.effects
      const channel = lib.multicastChannel()
      const env = { channel, dispatch: (a: any) => channel.put(a), getState: () => ({}) }
      let chan: any
      lib.runSaga(env, function* root(): Generator<any, any, any> {
        yield fork(function* echo(): Generator<any, any, any> {
          yield take('B')
          yield call(() => channel.put({ type: 'B', n: 'inner' }))
        })
        chan = yield actionChannel('B')
      })
      channel.put({ type: 'B', n: 'outer' })
      channel.put({ type: 'B', n: 'later' })
      const flushed: unknown[] = []
      lib.runSaga(env, function* (): Generator<any, any, any> {
        flushed.push(yield flush(chan))
      })
      return flushed
    }, [[{ type: 'B', n: 'inner' }, { type: 'B', n: 'outer' }, { type: 'B', n: 'later' }]])
  })
})
