/*
 * The helpers of `redux-saga/effects` (reference §1.2): takeEvery, takeLatest, takeLeading,
 * throttle, debounce, retry and delay. Differential against redux-saga 1.5.1 (real short timers,
 * or vitest fake timers where the reference test used jest's).
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.17 `delay(ms, val)` resolves with `val` (default `true`).
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { chain, deferreds, expectBoth, expectSame, reduxStore, sleep, storeLike } from './support/differential.js'

afterEach(() => {
  vi.useRealTimers()
})

describe('takeEvery()', () => {
  it('forks a worker with the extra arguments and the action for every action, until cancelled', async () => {
    await expectBoth(async (lib) => {
      const { cancel, take, takeEvery } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* worker(arg1: string, arg2: string, action: any) {
        seen.push([arg1, arg2, action.payload])
      }
      function* root(): Generator<any, void, any> {
        const task = yield takeEvery('ACTION', worker, 'a1', 'a2')
        yield take('CANCEL_WATCHER')
        yield cancel(task)
      }
      const mainTask = middleware.run(root)
      await chain(
        () => {
          for (let i = 1; i <= 5; i++) store.dispatch({ type: 'ACTION', payload: i })
        },
        () => store.dispatch({ type: 'CANCEL_WATCHER' }),
        () => {
          for (let i = 6; i <= 10; i++) store.dispatch({ type: 'ACTION', payload: i })
        },
      )
      await mainTask.toPromise()
      return seen
    }, [['a1', 'a2', 1], ['a1', 'a2', 2], ['a1', 'a2', 3], ['a1', 'a2', 4], ['a1', 'a2', 5]])
  })

  it('ends on END without calling the worker', async () => {
    await expectBoth(async (lib) => {
      const { takeEvery } = lib.effects
      const { store, middleware } = reduxStore(lib)
      let task: any
      let called = false
      function* saga(): Generator<any, void, any> {
        task = yield takeEvery('ACTION', function* () {
          called = true
        })
      }
      const mainTask = middleware.run(saga)
      store.dispatch(lib.END)
      store.dispatch({ type: 'ACTION' })
      await mainTask.toPromise()
      return [task.isRunning(), called]
    }, [false, false])
  })

  it('takes from a channel', async () => {
    await expectBoth(async (lib) => {
      const { takeEvery } = lib.effects
      const chan = lib.channel()
      const seen: unknown[] = []
      const task = lib.runSaga({}, function* () {
        yield takeEvery(chan, (m: unknown) => seen.push(m))
      })
      chan.put(1)
      chan.put(2)
      chan.close()
      await task.toPromise()
      return seen
    }, [1, 2])
  })

  it('is a fork of the helper with the pattern, the worker and the arguments', async () => {
    await expectBoth((lib) => {
      const { takeEvery, takeLatest, takeLeading, throttle, debounce } = lib.effects
      const worker = () => {}
      expect(takeEvery('A', worker, 1)).toEqual(takeEvery('A', worker, 1))
      return [
        takeEvery('A', worker, 1).payload.args,
        takeLatest('A', worker).payload.args,
        takeLeading('A', worker).payload.args,
        throttle(5, 'A', worker).payload.args,
        debounce(5, 'A', worker).payload.args,
        takeEvery('A', worker).type,
        takeEvery('A', worker).payload.context,
      ]
    }, [['A', expect.any(Function), 1], ['A', expect.any(Function)], ['A', expect.any(Function)], [5, 'A', expect.any(Function)], [5, 'A', expect.any(Function)], 'FORK', null])
  })

  it("names the helper functions as redux-saga 1.5.1 as shipped does (what a monitor printing effect.payload.fn.name shows)", async () => {
    await expectBoth((lib) => {
      const { takeEvery, takeLatest, takeLeading, throttle, debounce, retry } = lib.effects
      const worker = () => {}
      return [takeEvery('A', worker), takeLatest('A', worker), takeLeading('A', worker), throttle(1, 'A', worker), debounce(1, 'A', worker), retry(1, 1, worker)].map(
        (effect) => effect.payload.fn.name,
      )
    }, ['takeEvery$1', 'takeLatest$1', 'takeLeading$1', 'throttle$1', 'debounceHelper', 'retry$1'])
  })

  it('waits for workers that return promises after END ends the watcher', async () => {
    await expectSame(async (lib) => {
      const { takeEvery } = lib.effects
      const store = storeLike(lib)
      const log: unknown[] = []
      const t = lib.runSaga(store, function* () {
        yield takeEvery('A', (a: any) => new Promise((r) => setTimeout(() => { log.push(['done', a.n]); r(a.n) }, 5)))
      })
      store.dispatch({ type: 'A', n: 1 })
      store.dispatch({ type: 'A', n: 2 })
      store.dispatch(lib.END)
      log.push(['running after END', t.isRunning()])
      await t.toPromise()
      log.push(['finished'])
      return log
    })
  })
})

describe('takeLatest()', () => {
  it('cancels the running worker before forking a new one', async () => {
    await expectBoth(async (lib) => {
      const { cancel, take, takeLatest } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const defs = deferreds<string>(4)
      const seen: unknown[] = []
      function* worker(arg1: string, arg2: string, action: any): Generator<any, void, any> {
        const response = yield defs[action.payload - 1]!.promise
        seen.push([arg1, arg2, response])
      }
      function* root(): Generator<any, void, any> {
        const task = yield takeLatest('ACTION', worker, 'a1', 'a2')
        yield take('CANCEL_WATCHER')
        yield cancel(task)
      }
      middleware.run(root)
      await chain(
        () => store.dispatch({ type: 'ACTION', payload: 1 }),
        () => store.dispatch({ type: 'ACTION', payload: 2 }),
        () => defs[0]!.resolve('w-1'),
        () => store.dispatch({ type: 'ACTION', payload: 3 }),
        () => defs[1]!.resolve('w-2'),
        () => defs[2]!.resolve('w-3'),
        () => {
          store.dispatch({ type: 'ACTION', payload: 4 })
          store.dispatch({ type: 'CANCEL_WATCHER' })
        },
        () => defs[3]!.resolve('w-4'),
        () => store.dispatch({ type: 'ACTION', payload: 5 }),
      )
      return seen
    }, [['a1', 'a2', 'w-3']])
  })

  it('ends on END without calling the worker', async () => {
    await expectBoth(async (lib) => {
      const { takeLatest } = lib.effects
      const { store, middleware } = reduxStore(lib)
      let task: any
      let called = false
      function* saga(): Generator<any, void, any> {
        task = yield takeLatest('ACTION', function* () {
          called = true
        })
      }
      const mainTask = middleware.run(saga)
      store.dispatch(lib.END)
      store.dispatch({ type: 'ACTION' })
      store.dispatch({ type: 'ACTION' })
      await mainTask.toPromise()
      return [task.isRunning(), called]
    }, [false, false])
  })

  it('lets an already-forked worker finish after END', async () => {
    await expectBoth(async (lib) => {
      const { delay, takeLatest } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: string[] = []
      const mainTask = middleware.run(function* () {
        yield takeLatest('ACTION', function* () {
          yield delay(5)
          seen.push('worker finished')
        })
      })
      store.dispatch({ type: 'ACTION' })
      store.dispatch(lib.END)
      await mainTask.toPromise()
      return seen
    }, ['worker finished'])
  })
})

describe('takeLeading()', () => {
  it('ignores actions while its worker runs', async () => {
    await expectBoth(async (lib) => {
      const { cancel, take, takeLeading } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const defs = deferreds<string>(4)
      const seen: unknown[] = []
      function* worker(arg1: string, arg2: string, action: any): Generator<any, void, any> {
        const response = yield defs[action.payload - 1]!.promise
        seen.push([arg1, arg2, response])
      }
      function* root(): Generator<any, void, any> {
        const task = yield takeLeading('ACTION', worker, 'a1', 'a2')
        yield take('CANCEL_WATCHER')
        yield cancel(task)
      }
      middleware.run(root)
      await chain(
        () => store.dispatch({ type: 'ACTION', payload: 1 }),
        () => store.dispatch({ type: 'ACTION', payload: 2 }),
        () => defs[1]!.resolve('w-2'),
        () => defs[0]!.resolve('w-1'),
        () => store.dispatch({ type: 'ACTION', payload: 3 }),
        () => defs[2]!.resolve('w-3'),
        () => {
          store.dispatch({ type: 'ACTION', payload: 4 })
          store.dispatch({ type: 'CANCEL_WATCHER' })
        },
        () => defs[3]!.resolve('w-4'),
        () => store.dispatch({ type: 'ACTION', payload: 5 }),
      )
      return seen
    }, [['a1', 'a2', 'w-1'], ['a1', 'a2', 'w-3']])
  })

  it('ends on END without calling the worker', async () => {
    await expectBoth(async (lib) => {
      const { takeLeading } = lib.effects
      const { store, middleware } = reduxStore(lib)
      let task: any
      let called = false
      function* saga(): Generator<any, void, any> {
        task = yield takeLeading('ACTION', function* () {
          called = true
        })
      }
      const mainTask = middleware.run(saga)
      store.dispatch(lib.END)
      store.dispatch({ type: 'ACTION' })
      await mainTask.toPromise()
      return [task.isRunning(), called]
    }, [false, false])
  })
})

describe('throttle()', () => {
  async function throttleProgram(lib: import('./support/differential.js').Lib, viaChannel: boolean) {
    vi.useFakeTimers()
    const { cancel, fork, take, throttle } = lib.effects
    const { store, middleware } = reduxStore(lib)
    const seen: unknown[] = []
    function* worker(arg1: string, arg2: string, { payload }: any) {
      seen.push([arg1, arg2, payload])
    }
    function* watch(source: unknown): Generator<any, void, any> {
      const task = yield throttle(100, source, worker, 'a1', 'a2')
      yield take('CANCEL_WATCHER')
      yield cancel(task)
    }
    function* listen(chan: any): Generator<any, void, any> {
      while (true) chan.put(yield take('ACTION'))
    }
    middleware.run(function* () {
      if (viaChannel) {
        const chan = lib.channel(lib.buffers.sliding(1))
        yield fork(listen, chan)
        yield fork(watch, chan)
      } else yield fork(watch, 'ACTION')
    })
    for (let i = 0; i < 35; i++) {
      store.dispatch({ type: 'ACTION', payload: i })
      await vi.advanceTimersByTimeAsync(10)
    }
    await vi.advanceTimersByTimeAsync(100)
    store.dispatch({ type: 'CANCEL_WATCHER' })
    store.dispatch({ type: 'ACTION', payload: 40 })
    vi.useRealTimers()
    return seen
  }

  // Actions at t = 10 ms * i, 100 ms windows: a window ending at t = 100 ms * k ends before the
  // action dispatched at that same instant.
  it('forks the worker, then keeps only the latest action of each window', async () => {
    await expectBoth((lib) => throttleProgram(lib, false), [['a1', 'a2', 0], ['a1', 'a2', 9], ['a1', 'a2', 19], ['a1', 'a2', 29], ['a1', 'a2', 34]])
  })

  it('throttles the messages of a channel it is given', async () => {
    await expectBoth((lib) => throttleProgram(lib, true), [['a1', 'a2', 0], ['a1', 'a2', 9], ['a1', 'a2', 19], ['a1', 'a2', 29], ['a1', 'a2', 34]])
  })

  it('gives the same windows as the reference under its own fake-timer schedule', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const { cancel, take, throttle } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const delayP = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
      middleware.run(function* (): Generator<any, void, any> {
        const task = yield throttle(100, 'ACTION', (a1: string, a2: string, { payload }: any) => seen.push([a1, a2, payload]), 'a1', 'a2')
        yield take('CANCEL_WATCHER')
        yield cancel(task)
      })
      const dispatched: Promise<void>[] = []
      for (let i = 0; i < 35; i++) {
        dispatched.push(
          delayP(i * 10)
            .then(() => store.dispatch({ type: 'ACTION', payload: i }))
            .then(() => void vi.advanceTimersByTime(10)),
        )
      }
      Promise.resolve()
        .then(() => vi.advanceTimersByTime(1))
        .then(() => vi.advanceTimersByTime(10))
      await dispatched[34]!.then(() => vi.advanceTimersByTime(100))
      store.dispatch({ type: 'CANCEL_WATCHER' })
      store.dispatch({ type: 'ACTION', payload: 40 })
      vi.useRealTimers()
      return seen
    }, [['a1', 'a2', 0], ['a1', 'a2', 10], ['a1', 'a2', 20], ['a1', 'a2', 30], ['a1', 'a2', 34]])
  })

  it('ends on END without calling the worker', async () => {
    await expectBoth(async (lib) => {
      const { throttle } = lib.effects
      const { store, middleware } = reduxStore(lib)
      let task: any
      let called = false
      const mainTask = middleware.run(function* (): Generator<any, void, any> {
        task = yield throttle(20, 'ACTION', function* () {
          called = true
        })
      })
      store.dispatch(lib.END)
      await mainTask.toPromise()
      store.dispatch({ type: 'ACTION' })
      await sleep(40)
      return [task.isRunning(), called]
    }, [false, false])
  })
})

describe('debounce()', () => {
  const debounced = (lib: import('./support/differential.js').Lib, delayMs: number, source?: unknown) => {
    const { cancel, debounce, take } = lib.effects
    const { store, middleware } = reduxStore(lib)
    const seen: unknown[] = []
    let called = 0
    let task: any
    function* fnToCall(action: any) {
      called++
      seen.push([called, action && action.payload !== undefined ? action.payload : action])
    }
    middleware.run(function* (): Generator<any, void, any> {
      task = yield debounce(delayMs, source ?? 'ACTION', fnToCall)
      yield take('CANCEL_WATCHER')
      yield cancel(task)
    })
    return { store, seen, task: () => task, called: () => called }
  }

  it('calls the worker once with the latest of a burst of synchronous actions', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const { store, seen } = debounced(lib, 20)
      store.dispatch({ type: 'ACTION', payload: 'a' })
      store.dispatch({ type: 'ACTION', payload: 'b' })
      store.dispatch({ type: 'ACTION', payload: 'c' })
      await vi.advanceTimersByTimeAsync(60)
      store.dispatch({ type: 'CANCEL_WATCHER' })
      vi.useRealTimers()
      return seen
    }, [[1, 'c']])
  })

  it('restarts the wait on each action and calls the worker after a quiet period', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const { store, seen } = debounced(lib, 30)
      const step = async (ms: number) => vi.advanceTimersByTimeAsync(ms)
      store.dispatch({ type: 'ACTION', payload: 'a' })
      await step(20)
      store.dispatch({ type: 'ACTION', payload: 'b' })
      await step(20)
      store.dispatch({ type: 'ACTION', payload: 'c' })
      await step(40)
      store.dispatch({ type: 'ACTION', payload: 'd' })
      await step(40)
      store.dispatch({ type: 'ACTION', payload: 'e' })
      await step(20)
      store.dispatch({ type: 'CANCEL_WATCHER' })
      vi.useRealTimers()
      return seen
    }, [[1, 'c'], [2, 'd']])
  })

  it('does not call the worker when cancelled before the delay elapsed', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const { store, seen } = debounced(lib, 30)
      store.dispatch({ type: 'ACTION', payload: 'a' })
      await vi.advanceTimersByTimeAsync(10)
      store.dispatch({ type: 'CANCEL_WATCHER' })
      await vi.advanceTimersByTimeAsync(40)
      vi.useRealTimers()
      return seen
    }, [])
  })

  it('debounces the messages of a channel', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const chan = lib.channel()
      const { store, seen } = debounced(lib, 20, chan)
      chan.put('a')
      chan.put('b')
      chan.put('c')
      await vi.advanceTimersByTimeAsync(40)
      chan.put('d')
      store.dispatch({ type: 'CANCEL_WATCHER' })
      vi.useRealTimers()
      return seen
    }, [[1, 'c']])
  })

  it('ends on END from a channel or the store, without calling the worker', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const chan = lib.channel()
      const fromChannel = debounced(lib, 30, chan)
      const fromStore = debounced(lib, 30)
      await vi.advanceTimersByTimeAsync(5)
      chan.put(lib.END)
      fromStore.store.dispatch(lib.END)
      vi.useRealTimers()
      return [fromChannel.task().isRunning(), fromChannel.called(), fromStore.task().isRunning(), fromStore.called()]
    }, [false, 0, false, 0])
  })

  it('ends on END that arrives while waiting for the delay', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const { debounce } = lib.effects
      const { store, middleware } = reduxStore(lib)
      let called = 0
      let task: any
      middleware.run(function* (): Generator<any, void, any> {
        task = yield debounce(20, 'ACTION', () => {
          called++
        })
      })
      store.dispatch({ type: 'ACTION' })
      await Promise.resolve()
      store.dispatch(lib.END)
      await vi.advanceTimersByTimeAsync(30)
      store.dispatch({ type: 'ACTION' })
      await vi.advanceTimersByTimeAsync(30)
      vi.useRealTimers()
      return [called, task.isRunning()]
    }, [0, false])
  })
  it('fails when forked with no worker, as the reference (which reads worker.name there) does', async () => {
    await expectBoth(async (lib) => {
      const { debounce } = lib.effects
      const channel = lib.stdChannel()
      const errors: unknown[] = []
      const task = lib.runSaga(
        { channel, dispatch: (a: unknown) => channel.put(a), getState: () => ({}), onError: (e: any, { sagaStack }: any) => errors.push([e.message, sagaStack]) },
        function* root(): Generator<any, void, any> {
          yield debounce(10, 'A', undefined as any)
          errors.push('root went on')
        },
      )
      return [task.isAborted(), errors]
    }, [
      true,
      [["Cannot read properties of undefined (reading 'name')", 'The above error occurred in task iterator\n    created by root\nTasks cancelled due to error:\nroot']],
    ])
  })
})

describe('retry()', () => {
  it('tries maxTries times in total, then throws the last error', async () => {
    await expectBoth(async (lib) => {
      const { retry } = lib.effects
      const { middleware } = reduxStore(lib)
      let called = 0
      const seen: unknown[] = []
      let error: any
      function* fnToCall(arg1: string) {
        called++
        seen.push([arg1, called])
        throw new Error('failed')
      }
      function* saga() {
        try {
          yield retry(3, 0, fnToCall, 'a')
        } catch (e) {
          error = e
        }
      }
      await middleware.run(saga).toPromise()
      return [seen, error.message]
    }, [[['a', 1], ['a', 2], ['a', 3]], 'failed'])
  })

  it('resumes with the result once a try succeeds', async () => {
    await expectBoth(async (lib) => {
      const { retry } = lib.effects
      const { middleware } = reduxStore(lib)
      let called = false
      function* fnToCall(): Generator<any, number, any> {
        if (!called) {
          called = true
          throw new Error()
        }
        return 42
      }
      function* saga(): Generator<any, unknown, any> {
        return yield retry(3, 0, fnToCall)
      }
      return middleware.run(saga).toPromise()
    }, 42)
  })

  it('waits delayMs between tries', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const { retry } = lib.effects
      const { middleware } = reduxStore(lib)
      const times: number[] = []
      const start = Date.now()
      const task = middleware.run(function* () {
        yield retry(3, 100, () => {
          times.push(Date.now() - start)
          if (times.length < 3) throw new Error('again')
          return 'done'
        })
      })
      await vi.advanceTimersByTimeAsync(250)
      vi.useRealTimers()
      return [times, task.isRunning()]
    }, [[0, 100, 200], false])
  })
})

describe('delay()', () => {
  it('resolves with true, or with the value given', async () => {
    await expectBoth(async (lib) => {
      const { delay } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      middleware.run(function* (): Generator<any, void, any> {
        seen.push(yield delay(1))
        seen.push(yield delay(1, 'myValue'))
      })
      await sleep(30)
      return seen
    }, [true, 'myValue'])
  })

  it('is call(delayP, ms) with the arguments as given', async () => {
    await expectBoth((lib) => {
      const { call, delay } = lib.effects
      const effect = delay(100)
      expect(effect).toEqual(call(effect.payload.fn, 100))
      expect(effect).not.toEqual(call(effect.payload.fn, 100, true))
      return [effect.type, effect.payload.args, delay(5, 'v').payload.args]
    }, ['CALL', [100], [5, 'v']])
  })

  it('clears its timer when cancelled', async () => {
    await expectBoth(async (lib) => {
      vi.useFakeTimers()
      const { delay } = lib.effects
      const task = lib.runSaga({}, function* () {
        yield delay(1000)
      })
      const before = vi.getTimerCount()
      task.cancel()
      const after = vi.getTimerCount()
      vi.useRealTimers()
      return [before, after]
    }, [1, 0])
  })
})
