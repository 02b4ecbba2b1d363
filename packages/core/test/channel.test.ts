/*
 * Channels (reference §1.4): `channel`, `eventChannel`, `multicastChannel`, `stdChannel`, used
 * directly and from sagas. Differential against redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.15 `eventChannel` ignores a matcher passed to `take`; `multicastChannel` has no buffer
 *   (a message with no matching taker is lost).
 */
import { describe, it } from 'vitest'
import { expectBoth, expectSame, reduxStore, sleep } from './support/differential.js'

function emitter() {
  const listeners = new Set<(value: unknown) => void>()
  return {
    on: (listener: (value: unknown) => void) => listeners.add(listener),
    off: (listener: (value: unknown) => void) => listeners.delete(listener),
    emit: (value: unknown) => [...listeners].forEach((listener) => listener(value)),
    count: () => listeners.size,
  }
}

const END = { type: '@@redux-saga/CHANNEL_END' }

describe('channel()', () => {
  it('rejects undefined messages', async () => {
    await expectBoth((lib) => {
      try {
        lib.channel(lib.buffers.none()).put(undefined)
        return 'no error'
      } catch (e) {
        return /provided with an undefined/.test((e as Error).message)
      }
    }, true)
  })

  it('without a buffer: notifies the oldest taker, drops cancelled takers, gives END after close', async () => {
    await expectBoth((lib) => {
      const chan = lib.channel(lib.buffers.none())
      const steps: unknown[] = []
      let actual: unknown[] = []
      const logger = () => (ac: unknown) => actual.push(ac)
      chan.take(logger())
      const cb: any = logger()
      chan.take(cb)
      chan.put(1)
      steps.push([...actual])
      cb.cancel()
      chan.put(1)
      steps.push([...actual])
      actual = []
      chan.take(logger())
      chan.take(logger())
      chan.close()
      steps.push([...actual])
      actual = []
      chan.take(logger())
      steps.push([...actual])
      chan.put('action-after-end')
      steps.push([...actual])
      return steps
    }, [[1], [1], [END, END], [END], [END]])
  })

  it('with a buffer: queues takers, buffers messages, drains the buffer after close, then gives END', async () => {
    await expectBoth((lib) => {
      const buffer: unknown[] = []
      const spyBuffer = { isEmpty: () => !buffer.length, put: (it: unknown) => buffer.push(it), take: () => buffer.shift() }
      const chan = lib.channel(spyBuffer)
      const log: unknown[] = []
      const steps: unknown[] = []
      const taker = () => {
        const t: any = (ac: unknown) => {
          t.called = true
          log.push(ac)
        }
        t.called = false
        return t
      }
      const t1 = taker()
      chan.take(t1)
      steps.push([t1.called, [...log], [...buffer]])
      const t2 = taker()
      chan.take(t2)
      chan.put(1)
      steps.push([t1.called, t2.called, [...log], [...buffer]])
      chan.put(2)
      chan.put(3)
      chan.put(4)
      steps.push([[...buffer], t2.called, [...log]])
      const t3 = taker()
      chan.take(t3)
      steps.push([t3.called, [...buffer], [...log]])
      chan.close()
      chan.close()
      chan.put('hi')
      chan.put('I said hi')
      steps.push([...buffer])
      chan.take(taker())
      steps.push([[...log], [...buffer]])
      chan.take(taker())
      steps.push([...log])
      return steps
    }, [
      [false, [], []],
      [true, false, [1], []],
      [[3, 4], true, [1, 2]],
      [true, [4], [1, 2, 3]],
      [4],
      [[1, 2, 3, 4], []],
      [1, 2, 3, 4, END],
    ])
  })

  it('flushes every buffered message, or END once closed and empty', async () => {
    await expectBoth((lib) => {
      const chan = lib.channel(lib.buffers.expanding(2))
      const seen: unknown[] = []
      chan.put('action-1')
      chan.put('action-2')
      chan.put('action-3')
      chan.flush((items: unknown) => seen.push(items))
      chan.put('action-4')
      chan.close()
      chan.flush((items: unknown) => seen.push(items))
      chan.flush((items: unknown) => seen.push(items))
      return seen
    }, [['action-1', 'action-2', 'action-3'], ['action-4'], END])
  })

  it('rejects a buffer that is not one', async () => {
    await expectBoth((lib) => {
      try {
        lib.channel({ isEmpty() {} } as any)
        return 'no error'
      } catch (e) {
        return (e as Error).message
      }
    }, 'invalid buffer passed to channel factory function')
  })

  it('rejects a take callback that is not a function', async () => {
    await expectBoth((lib) => {
      try {
        lib.channel().take('not a function')
        return 'no error'
      } catch (e) {
        return (e as Error).message
      }
    }, "channel.take's callback must be a function")
  })
})

describe('channels used directly: what the reference gives back', () => {
  it('has the reference keys, and returns nothing from take / flush on a closed channel, whatever the callback returns', async () => {
    await expectBoth((lib) => {
      const chan = lib.channel()
      const keys = Object.keys(chan)
      chan.close()
      const multicast = lib.multicastChannel()
      multicast.close()
      const std = lib.stdChannel()
      std.close()
      return [keys, chan.take(() => 'R'), chan.flush(() => 'R'), multicast.take(() => 'R'), std.take(() => 'R')]
    }, [['take', 'put', 'flush', 'close'], undefined, undefined, undefined, undefined])
  })

  it("calls a user's matcher function even if it has a key property (no type index is read off it)", async () => {
    await expectBoth((lib) => {
      const chan = lib.multicastChannel()
      const got: unknown[] = []
      const onlyA = Object.assign((a: any) => a.type === 'A', { key: 'B' })
      chan.take((message: any) => got.push(message.type), onlyA)
      chan.put({ type: 'A' })
      chan.put({ type: 'B' })
      return got
    }, ['A'])
  })
})

describe('eventChannel()', () => {
  it('requires subscribe to return an unsubscribe function', async () => {
    await expectBoth((lib) => {
      try {
        lib.eventChannel((() => {}) as any)
        return 'no error'
      } catch (e) {
        return (e as Error).message
      }
    }, 'in eventChannel: subscribe should return a function to unsubscribe')
  })

  it('notifies a taker once per take, ignores matchers, and gives END to pending and later takers on close', async () => {
    await expectBoth((lib) => {
      const em = emitter()
      const chan = lib.eventChannel((emit) => {
        em.on(emit)
        return () => em.off(emit)
      })
      const steps: unknown[] = []
      let actual: unknown[] = []
      chan.take((ac: unknown) => actual.push(ac))
      em.emit('action-1')
      steps.push([...actual])
      em.emit('action-1')
      steps.push([...actual])
      actual = []
      chan.take((ac: unknown) => actual.push(ac), (ac: unknown) => ac === 'action-xxx')
      chan.close()
      steps.push([...actual], em.count())
      actual = []
      chan.take((ac: unknown) => actual.push(ac), (ac: unknown) => ac === 'action-yyy')
      steps.push([...actual])
      return steps
    }, [['action-1'], ['action-1'], [END], 0, [END]])
  })

  it('unsubscribes on close, on END emitted during subscribe, and on END emitted later', async () => {
    await expectBoth(async (lib) => {
      const seen: unknown[] = []
      let unsubscribed = 0
      const chan = lib.eventChannel(() => () => {
        unsubscribed++
      })
      chan.close()
      chan.close()
      seen.push(unsubscribed)
      unsubscribed = 0
      lib.eventChannel((emit) => {
        emit(lib.END)
        return () => {
          unsubscribed++
        }
      })
      seen.push(unsubscribed)
      unsubscribed = 0
      const later = lib.eventChannel((emit) => {
        setTimeout(() => emit(lib.END), 0)
        return () => {
          unsubscribed++
        }
      })
      await new Promise<void>((resolve) =>
        later.take((input: unknown) => {
          seen.push(input, unsubscribed)
          resolve()
        }),
      )
      return seen
    }, [1, 1, END, 1])
  })

  it('buffers emitted messages with the given buffer', async () => {
    await expectBoth((lib) => {
      const em = emitter()
      const chan = lib.eventChannel((emit) => {
        em.on(emit)
        return () => em.off(emit)
      }, lib.buffers.expanding())
      em.emit(1)
      em.emit(2)
      const seen: unknown[] = []
      chan.take((m: unknown) => seen.push(m))
      chan.flush((items: unknown) => seen.push(items))
      return seen
    }, [1, [2]])
  })

  it('has no put', async () => {
    await expectBoth((lib) => typeof lib.eventChannel(() => () => {}).put, 'undefined')
  })
})

describe('multicastChannel()', () => {
  it('delivers a message to every matching taker registered before the put, once', async () => {
    await expectBoth((lib) => {
      const chan = lib.multicastChannel()
      const seen: unknown[] = []
      chan.take((m: any) => seen.push(['a', m]), (m: any) => m.type === 'A')
      chan.take((m: any) => seen.push(['any', m]))
      chan.take((m: any) => {
        seen.push(['b then re-take', m])
        chan.take((m2: any) => seen.push(['re-taken', m2]))
      }, (m: any) => m.type === 'B')
      chan.put({ type: 'B' })
      chan.put({ type: 'A' })
      chan.put({ type: 'C' })
      return seen
    }, [
      ['any', { type: 'B' }],
      ['b then re-take', { type: 'B' }],
      ['a', { type: 'A' }],
      ['re-taken', { type: 'A' }],
    ])
  })

  it('loses a message no taker matches, skips cancelled takers, gives END to all on close', async () => {
    await expectBoth((lib) => {
      const chan = lib.multicastChannel()
      const seen: unknown[] = []
      chan.put({ type: 'LOST' })
      const cancelled: any = (m: unknown) => seen.push(['cancelled', m])
      chan.take(cancelled)
      chan.take((m: unknown) => seen.push(['first', m]))
      chan.take((m: unknown) => seen.push(['second', m]), () => false)
      cancelled.cancel()
      chan.close()
      chan.take((m: unknown) => seen.push(['after close', m]))
      chan.put({ type: 'AFTER' })
      return seen
    }, [['first', END], ['second', END], ['after close', END]])
  })

  it('still calls a taker cancelled by an earlier taker of the same message (the delivery list is a snapshot)', async () => {
    await expectBoth((lib) => {
      const chan = lib.multicastChannel()
      const seen: unknown[] = []
      const second: any = (m: unknown) => seen.push(['second', m])
      chan.take((m: unknown) => {
        seen.push(['first', m])
        second.cancel()
      })
      chan.take(second)
      chan.take((m: unknown) => seen.push(['third', m]))
      chan.put({ type: 'X' })
      return seen
    }, [['first', { type: 'X' }], ['second', { type: 'X' }], ['third', { type: 'X' }]])
  })

  it('still matches and calls takers cancelled further down the list, keyed or not, but not the ones cancelled before the put', async () => {
    await expectBoth((lib) => {
      const chan = lib.multicastChannel()
      const seen: unknown[] = []
      const isX = (name: string) => (m: any) => {
        seen.push([`${name} matches?`, m.type])
        return m.type === 'X'
      }
      const early: any = (m: unknown) => seen.push(['early', m])
      const byType: any = (m: unknown) => seen.push(['byType', m])
      const byPredicate: any = (m: unknown) => seen.push(['byPredicate', m])
      chan.take(early, isX('early'))
      chan.take((m: unknown) => {
        seen.push(['first', m])
        byType.cancel()
        byPredicate.cancel()
      })
      chan.take((m: unknown) => seen.push(['second', m]), isX('second'))
      chan.take(byType, Object.assign((m: any) => m.type === 'X', { key: 'X' }))
      chan.take(byPredicate, isX('byPredicate'))
      early.cancel()
      chan.put({ type: 'X' })
      chan.put({ type: 'X' })
      return seen
    }, [
      ['first', { type: 'X' }],
      ['second matches?', 'X'],
      ['second', { type: 'X' }],
      ['byType', { type: 'X' }],
      ['byPredicate matches?', 'X'],
      ['byPredicate', { type: 'X' }],
    ])
  })

  it('closes on END', async () => {
    await expectBoth((lib) => {
      const chan = lib.multicastChannel()
      const seen: unknown[] = []
      chan.take((m: unknown) => seen.push(m))
      chan.put(lib.END)
      chan.take((m: unknown) => seen.push(m))
      return seen
    }, [END, END])
  })

  // The reference defaults only an `undefined` matcher to the wildcard, and its take runner
  // passes `null` when the take has no pattern: every put that reaches such a taker then throws
  // calling it, and the taker stays registered. Takers before it got the message; the ones after
  // it did not.
  it('throws at each put that reaches a taker registered with a null matcher, as `take(multicastChannel)` without a pattern makes', async () => {
    await expectSame(async (lib) => {
      const { put, take, takeMaybe } = lib.effects
      const log: unknown[] = []
      const chan = lib.multicastChannel()
      chan.take((m: unknown) => log.push(['before', m]), (m: any) => m.type === 'A')
      lib.runSaga({ onError: () => {} }, function* (): Generator<any, void, any> {
        log.push(['take gave', yield take(chan)])
      })
      lib.runSaga({ onError: () => {} }, function* (): Generator<any, void, any> {
        log.push(['takeMaybe gave', yield takeMaybe(chan)])
      })
      chan.take((m: unknown) => log.push(['after', m]))
      const direct = lib.multicastChannel()
      direct.take((m: unknown) => log.push(['direct', m]), null)
      for (const [name, c] of [['chan', chan], ['chan', chan], ['direct', direct]] as const) {
        try {
          c.put({ type: 'A' })
          log.push([name, 'put returned'])
        } catch (error) {
          log.push([name, 'put threw', (error as Error).constructor.name, (error as Error).message])
        }
      }
      // From a saga: the error is thrown into the putting saga.
      const putter = lib.runSaga({ onError: () => {} }, function* (): Generator<any, void, any> {
        try {
          yield put(chan, { type: 'B' })
        } catch (error) {
          log.push(['put effect threw', (error as Error).message])
        }
      })
      await putter.toPromise()
      // END closes the channel: every taker, that one too, gets END.
      chan.put(lib.END)
      await sleep(1)
      return log
    })
  })
})

describe('stdChannel()', () => {
  it('queues a put issued while another put is being delivered', async () => {
    await expectBoth((lib) => {
      const chan = lib.stdChannel()
      const seen: string[] = []
      chan.take((m: any) => {
        seen.push(`got ${m.type}`)
        chan.take((m2: any) => seen.push(`then got ${m2.type}`))
        chan.put({ type: 'nested' })
        seen.push('after nested put')
      })
      chan.put({ type: 'outer' })
      return seen
    }, ['got outer', 'after nested put', 'then got nested'])
  })
})

describe('channels and sagas', () => {
  it('runs the predicate pattern of a take whose task an earlier taker of the same action cancelled', async () => {
    await expectBoth((lib) => {
      const { cancel, fork, take } = lib.effects
      const seen: unknown[] = []
      const channel = lib.stdChannel()
      const isA = (name: string) => (action: any) => {
        seen.push([`${name} matches?`, action.type])
        return action.type === 'A'
      }
      let last: unknown
      lib.runSaga({ channel, dispatch: (a: any) => channel.put(a) }, function* root(): Generator<any, any, any> {
        yield fork(function* canceller(): Generator<any, any, any> {
          yield take('B')
          yield cancel(last)
        })
        yield fork(function* middle(): Generator<any, any, any> {
          yield take(isA('middle'))
        })
        last = yield fork(function* lastOne(): Generator<any, any, any> {
          try {
            yield take(isA('last'))
          } finally {
            seen.push('last cancelled')
          }
        })
      })
      channel.put({ type: 'B' })
      return seen
    }, ['last cancelled', ['middle matches?', 'B'], ['last matches?', 'B']])
  })

  it('dispatches to free workers through a channel', async () => {
    await expectBoth(async (lib) => {
      const { fork, put, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* worker(idx: number, chan: unknown): Generator<any, void, any> {
        let count = 0
        while (true) {
          seen.push([idx, yield take(chan)])
          if (idx === 1 && ++count === 2) yield Promise.resolve()
        }
      }
      function* saga(): Generator<any, void, any> {
        const chan = lib.channel()
        try {
          for (let i = 0; i < 3; i++) yield fork(worker, i + 1, chan)
          while (true) {
            const { payload } = yield take('ACTION')
            yield put(chan, payload)
          }
        } finally {
          chan.close()
        }
      }
      const taskP = middleware.run(saga).toPromise()
      for (let i = 0; i < 10; i++) store.dispatch({ type: 'ACTION', payload: i + 1, round: 1 })
      store.dispatch(lib.END)
      await taskP
      return seen
    }, [[1, 1], [2, 2], [3, 3], [1, 4], [2, 5], [3, 6], [2, 7], [3, 8], [2, 9], [3, 10]])
  })

  it('lets a saga take from an eventChannel fed by timers and close it in finally', async () => {
    await expectSame(async (lib) => {
      const { cancel, fork, take } = lib.effects
      let unsubscribed = false
      const ticks = lib.eventChannel((emit) => {
        let n = 0
        const id = setInterval(() => emit(++n), 1)
        return () => {
          unsubscribed = true
          clearInterval(id)
        }
      })
      const seen: unknown[] = []
      function* reader(): Generator<any, void, any> {
        try {
          while (true) seen.push(yield take(ticks))
        } finally {
          ticks.close()
        }
      }
      function* saga(): Generator<any, void, any> {
        const task = yield fork(reader)
        yield new Promise((r) => setTimeout(r, 15))
        yield cancel(task)
      }
      await lib.runSaga({}, saga).toPromise()
      await sleep(5)
      return [seen.length > 0, seen.slice(0, 2), unsubscribed]
    })
  })
})
