/*
 * `take` / `takeMaybe` (reference §3.8): patterns, channels, END and errors delivered to takers.
 * Differential against redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.11 END via `take` ends the saga "normally": finally runs, `cancelled()` is false, the task
 *   is DONE with result undefined.
 * - §4.15 `eventChannel` ignores a matcher passed to `take`; `multicastChannel` has no buffer.
 */
import { describe, expect, it } from 'vitest'
import { both, chain, expectBoth, reduxStore, storeLike } from './support/differential.js'

/** A tiny emitter standing in for mitt: `on(listener)`, `off(listener)`, `emit(value)`. */
function emitter() {
  const listeners = new Set<(value: unknown) => void>()
  return {
    on: (listener: (value: unknown) => void) => listeners.add(listener),
    off: (listener: (value: unknown) => void) => listeners.delete(listener),
    emit: (value: unknown) => [...listeners].forEach((listener) => listener(value)),
  }
}

describe('take() from the store channel', () => {
  it('matches "*", strings, arrays, predicates, mixed arrays and symbols, and ends the saga on END', async () => {
    await expectBoth(async (lib) => {
      const { take } = lib.effects
      const store = storeLike(lib)
      const typeSymbol = Symbol('action-symbol')
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        try {
          seen.push(yield take())
          seen.push(yield take('action-1'))
          seen.push(yield take(['action-2', 'action-2222']))
          seen.push(yield take((a: any) => a.isAction))
          seen.push(yield take(['action-3', (a: any) => a.isMixedWithPredicate]))
          seen.push(yield take(['action-3', (a: any) => a.isMixedWithPredicate]))
          seen.push((yield take(typeSymbol)).type === typeSymbol)
          seen.push(yield take('never-happening-action'))
        } finally {
          seen.push('auto ended')
        }
      }
      const task = lib.runSaga(store, saga)
      await chain(
        () => store.dispatch({ type: 'action-*' }),
        () => store.dispatch({ type: 'action-1' }),
        () => store.dispatch({ type: 'action-2' }),
        () => store.dispatch({ type: 'unnoticeable-action' }),
        () => store.dispatch({ type: '', isAction: true }),
        () => store.dispatch({ type: '', isMixedWithPredicate: true }),
        () => store.dispatch({ type: 'action-3' }),
        () => store.dispatch({ type: typeSymbol }),
        () => store.dispatch({ ...lib.END, timestamp: Date.now() }),
      )
      const result = await task.toPromise()
      return { seen, result, cancelled: task.isCancelled(), running: task.isRunning() }
    }, {
      seen: [
        { type: 'action-*' },
        { type: 'action-1' },
        { type: 'action-2' },
        { type: '', isAction: true },
        { type: '', isMixedWithPredicate: true },
        { type: 'action-3' },
        true,
        'auto ended',
      ],
      result: undefined,
      cancelled: false,
      running: false,
    })
  })

  it('matches an action creator that has its own toString by its type', async () => {
    await expectBoth(async (lib) => {
      const { take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const creator = Object.assign((payload: number) => ({ type: 'CREATED', payload }), { toString: () => 'CREATED' })
      function* saga(): Generator<any, unknown, any> {
        return yield take(creator)
      }
      const task = middleware.run(saga)
      store.dispatch({ type: 'OTHER' })
      store.dispatch(creator(7))
      return task.toPromise()
    }, { type: 'CREATED', payload: 7 })
  })

  it("reads an action creator's toString once, when the take starts (a difference on purpose: redux-saga reads it for every action checked)", async () => {
    // Fuzzer round 8: the reference's matcher calls String(creator) each time it checks an action,
    // so a toString with side effects (or one that throws) shows when and how often. sagaflow
    // reads the type once and indexes the taker by it, as CONTRACT 1.10 promises a put costs
    // O(matching takers); docs/migrating.md lists the difference.
    const calls = await both(async (lib) => {
      const { fork, put, take } = lib.effects
      const { middleware } = reduxStore(lib)
      let n = 0
      const creator = Object.assign(() => ({ type: 'CREATED' }), {
        toString: () => {
          n++
          return 'CREATED'
        },
      })
      function* saga(): Generator<any, unknown, any> {
        yield fork(function* putter(): Generator<any, void, any> {
          yield put({ type: 'OTHER' })
          yield put({ type: 'OTHER' })
          yield put(creator())
        })
        return yield take(creator)
      }
      await middleware.run(saga).toPromise()
      return n
    })
    expect(calls).toEqual({ reference: 3, sagaflow: 1 })
  })

  it('answers cancelled() with false in the finally of a saga ended by END', async () => {
    await expectBoth(async (lib) => {
      const { cancelled, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, string, any> {
        try {
          yield take('NEVER')
          return 'unreachable'
        } finally {
          seen.push(['cancelled()', yield cancelled()])
        }
      }
      const task = middleware.run(saga)
      store.dispatch(lib.END)
      return [seen, await task.toPromise(), task.isCancelled(), task.isAborted()]
    }, [[['cancelled()', false]], undefined, false, false])
  })

  it('delivers END as a value to takeMaybe', async () => {
    await expectBoth(async (lib) => {
      const { takeMaybe } = lib.effects
      const { store, middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        const first = yield takeMaybe('A')
        const second = yield takeMaybe('A')
        return [first, second]
      }
      const task = middleware.run(saga)
      store.dispatch({ type: 'A' })
      store.dispatch(lib.END)
      return task.toPromise()
    }, [{ type: 'A' }, { type: '@@redux-saga/CHANNEL_END' }])
  })

  it('gives END at once to a take issued after the store channel closed', async () => {
    await expectBoth(async (lib) => {
      const { fork, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: string[] = []
      function* late(): Generator<any, void, any> {
        try {
          yield take('ANY')
          seen.push('unreachable')
        } finally {
          seen.push('late ended')
        }
      }
      function* saga(): Generator<any, void, any> {
        yield Promise.resolve()
        yield fork(late)
        seen.push('after fork')
      }
      store.dispatch(lib.END)
      await middleware.run(saga).toPromise()
      return seen
    }, ['late ended', 'after fork'])
  })

  it('takes from a multicast channel with a pattern', async () => {
    await expectBoth(async (lib) => {
      const { take } = lib.effects
      const chan = lib.multicastChannel()
      const seen: unknown[] = []
      function* taker(pattern: string): Generator<any, void, any> {
        seen.push([pattern, yield take(chan, pattern)])
      }
      const t1 = lib.runSaga({}, taker, 'A')
      const t2 = lib.runSaga({}, taker, 'B')
      chan.put({ type: 'B', n: 1 })
      chan.put({ type: 'A', n: 2 })
      chan.put({ type: 'B', n: 3 })
      await Promise.all([t1.toPromise(), t2.toPromise()])
      return seen
    }, [['B', { type: 'B', n: 1 }], ['A', { type: 'A', n: 2 }]])
  })

  // Issue #2: sagaflow registered takes straight in a stdChannel's taker index, so a `take`
  // the user replaced (on the channel, or on a spread copy, which copies the index too) was never
  // called, with or without a SagaMonitor, in a race of takes too.
  for (const how of ['replaced on the channel', 'replaced on a spread copy'] as const) {
    for (const monitor of [false, true]) {
      it(`calls a channel option's take ${how}${monitor ? ', with a SagaMonitor' : ''}`, async () => {
        await expectBoth(async (lib) => {
          const { race, take } = lib.effects
          const seen: unknown[] = []
          const base = lib.stdChannel()
          const ownTake = base.take
          const take_ = (cb: any, matcher: any) => {
            seen.push('take called')
            ownTake(cb, matcher)
          }
          let channel = base
          if (how === 'replaced on the channel') base.take = take_
          else channel = { ...base, take: take_ }
          const { store, middleware } = reduxStore(lib, undefined, { sagaOptions: { channel, ...(monitor ? { sagaMonitor: {} } : {}) } })
          middleware.run(function* saga(): Generator<any, void, any> {
            seen.push((yield take('A')).type)
            seen.push((yield race([take('B'), take('C'), take('D'), take('E'), take('F'), take('G'), take('H'), take('I')]))[1].type)
            seen.push((yield take(channel, 'A')).type)
          })
          store.dispatch({ type: 'A' })
          store.dispatch({ type: 'C' })
          store.dispatch({ type: 'A' })
          return seen
        }, ['take called', 'A', ...Array(8).fill('take called'), 'C', 'take called', 'A'])
      })
    }
  }

  it('throws an exception raised by channel.take itself into the saga', async () => {
    await expectBoth(async (lib) => {
      const { take } = lib.effects
      const broken = {
        take() {
          throw new Error('take failed')
        },
        close() {},
      }
      function* saga(): Generator<any, unknown, any> {
        try {
          yield take(broken)
          return 'no error'
        } catch (error) {
          return (error as Error).message
        }
      }
      return lib.runSaga({}, saga).toPromise()
    }, 'take failed')
  })
})

describe('take() from a channel', () => {
  it('takes messages from a provided channel and END after close (takeMaybe)', async () => {
    await expectBoth(async (lib) => {
      const { takeMaybe } = lib.effects
      const chan = lib.channel()
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        for (let i = 0; i < 6; i++) seen.push(yield takeMaybe(chan))
      }
      const task = middleware.run(saga)
      await chain(
        () => chan.put(1),
        () => chan.put(2),
        () => chan.put(3),
        () => chan.put(4),
        () => chan.close(),
      )
      await task.toPromise()
      return seen
    }, [1, 2, 3, 4, { type: '@@redux-saga/CHANNEL_END' }, { type: '@@redux-saga/CHANNEL_END' }])
  })

  it('takes from an eventChannel and throws an emitted Error into the saga', async () => {
    await expectBoth(async (lib) => {
      const { take } = lib.effects
      const em = emitter()
      const error = new Error('ERROR')
      const chan = lib.eventChannel((emit) => {
        em.on(emit)
        return () => em.off(emit)
      })
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        try {
          seen.push(yield take(chan))
          seen.push(yield take(chan))
          seen.push(yield take(chan))
        } catch (e) {
          seen.push('in-catch-block')
          seen.push(e === error)
        }
      }
      const task = middleware.run(saga)
      await chain(
        () => em.emit('action-1'),
        () => em.emit('action-2'),
        () => em.emit(error),
        () => em.emit('action-after-error'),
      )
      await task.toPromise()
      return seen
    }, ['action-1', 'action-2', 'in-catch-block', true])
  })

  it('ends the saga when the taken channel closes', async () => {
    await expectBoth(async (lib) => {
      const { take } = lib.effects
      const chan = lib.channel()
      const seen: string[] = []
      function* saga(): Generator<any, void, any> {
        try {
          yield take(chan)
          seen.push('unreachable')
        } finally {
          seen.push('ended')
        }
      }
      const task = lib.runSaga({}, saga)
      chan.close()
      return [seen, task.isRunning(), task.isCancelled()]
    }, [['ended'], false, false])
  })

  // Issue #2: a channel() / eventChannel() whose take the user replaced kept sagaflow's own
  // taker cancel; the reference runs the (here missing) cancel the user's take left on the taker.
  for (const kind of ['channel', 'eventChannel'] as const) {
    it(`treats ${kind}() with a replaced take as a user channel when its take is cancelled`, async () => {
      await expectBoth(async (lib) => {
        const { cancelled, take } = lib.effects
        const seen: unknown[] = []
        const chan: any = kind === 'channel' ? lib.channel() : lib.eventChannel(() => () => {})
        const ownTake = chan.take
        chan.take = (cb: (message: unknown) => void) => ownTake((message: unknown) => cb({ wrapped: message }))
        const task = lib.runSaga({}, function* saga(): Generator<any, void, any> {
          try {
            yield take(chan)
          } finally {
            seen.push(['finally', yield cancelled()])
          }
        })
        try {
          task.cancel()
        } catch (error) {
          seen.push((error as Error).message)
        }
        return [seen, task.isRunning(), task.isCancelled()]
      }, [['currCb.cancel is not a function'], false, true])
    })
  }
})
