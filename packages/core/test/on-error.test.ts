/*
 * `onError` and the `sagaStack` text (reference §3.11): only root tasks (runSaga roots, spawned
 * tasks) report, once, with the chain of tasks the error went through, the crashed effect (with
 * babel-plugin-redux-saga locations) and the tasks cancelled because of it. Differential against
 * redux-saga 1.5.1, exact text.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { expectBoth, reduxStore, sleep, storeLike, type Lib } from './support/differential.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** Runs `saga` as a root with an onError that records `[error, sagaStack]`. */
async function reportsOf(lib: Lib, saga: (...args: any[]) => any, wait = 0): Promise<unknown[]> {
  const reports: unknown[] = []
  const store = storeLike(lib)
  const onError = (error: unknown, { sagaStack }: { sagaStack: string }) =>
    reports.push([error instanceof Error ? `Error: ${error.message}` : error, sagaStack])
  const task = lib.runSaga({ ...store, onError }, saga)
  await task.toPromise().catch(() => {})
  if (wait) await sleep(wait)
  return reports
}

describe('onError', () => {
  it('defaults to two console.error calls: the error, then the sagaStack', async () => {
    await expectBoth(async (lib) => {
      const spy = vi.spyOn(console, 'error').mockImplementation(() => {})
      const { call } = lib.effects
      const expectedError = new Error('child error')
      const { middleware } = reduxStore(lib)
      function* child() {
        throw expectedError
      }
      function* main() {
        yield call(child)
      }
      const error = await middleware.run(main).toPromise().catch((e: unknown) => e)
      const calls = spy.mock.calls.map((args) => args.map((a) => (a === expectedError ? 'expectedError' : a)))
      spy.mockRestore()
      return [error === expectedError, calls]
    }, [true, [['expectedError'], ['The above error occurred in task child\n    created by main\n']]])
  })

  it('receives the thrown Error instance, or the thrown primitive', async () => {
    await expectBoth(async (lib) => {
      const { call } = lib.effects
      const seen: unknown[] = []
      const expectedError = new Error('child error')
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: (e: unknown) => seen.push(e) } })
      await middleware
        .run(function* main() {
          yield call(function* child() {
            throw expectedError
          })
        })
        .toPromise()
        .catch(() => {})
      await middleware
        .run(function* main() {
          yield call(function* child() {
            throw 'a primitive'
          })
        })
        .toPromise()
        .catch(() => {})
      return [seen[0] === expectedError, seen[1], seen.length]
    }, [true, 'a primitive', 2])
  })

  it('is not called for caught errors', async () => {
    await expectBoth(async (lib) => {
      const { call } = lib.effects
      const expectedError = new Error('child error')
      let reported: unknown
      let caught: unknown
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: (e: unknown) => (reported = e) } })
      function* child() {
        throw expectedError
      }
      function* main() {
        try {
          yield call(child)
        } catch (err) {
          caught = err
        }
      }
      await middleware.run(main).toPromise()
      return [reported, caught === expectedError]
    }, [undefined, true])
  })

  it('is called once, by the root, not by the tasks the error went through', async () => {
    await expectBoth(async (lib) => {
      const { call, fork } = lib.effects
      function* leaf() {
        yield Promise.resolve()
        throw new Error('leaf failed')
      }
      function* middle() {
        yield fork(leaf)
        yield new Promise(() => {})
      }
      function* root() {
        yield call(middle)
      }
      return reportsOf(lib, root)
    }, [['Error: leaf failed', 'The above error occurred in task leaf\n    created by middle\n    created by root\nTasks cancelled due to error:\nmiddle']])
  })
})

describe('sagaStack', () => {
  it('does not list the forks a cancelled task\'s finally started while it was being cancelled, once the task fails', async () => {
    // The reference empties its fork queue after cancelling it (`tasks = []`), which also drops
    // the forks the main flow's `finally` started during the cancellation, even when the queue
    // had no forks to cancel. The task then fails, after having ended cancelled: both libraries
    // throw the same TypeError out of the dispatch (a task ended twice).
    await expectBoth(async (lib) => {
      const { cancelled, fork, take, takeLatest } = lib.effects
      const log: unknown[] = []
      const channel = lib.stdChannel()
      const onError = (error: Error, { sagaStack }: { sagaStack: string }) => log.push([error.message, sagaStack])
      const task = lib.runSaga({ channel, dispatch: (a: any) => channel.put(a), onError }, function* root(): Generator<any, any, any> {
        try {
          yield take('NEVER')
        } finally {
          yield cancelled()
          yield takeLatest('B', function* worker() {})
          yield take('GO')
          yield fork(function failsAtOnce() {
            throw new Error('boom')
          })
        }
      })
      task.cancel()
      try {
        channel.put({ type: 'GO' })
      } catch (error) {
        log.push(['dispatch threw', (error as Error).name])
      }
      return log
    }, [['boom', 'The above error occurred in task iterator\n    created by root\n'], ['dispatch threw', 'TypeError']])
  })

  it('lists the tasks cancelled because of the error', async () => {
    await expectBoth(async (lib) => {
      const { fork } = lib.effects
      function* sibling() {
        yield new Promise(() => {})
      }
      function* failing() {
        yield Promise.resolve()
        throw new Error('failing')
      }
      function* root() {
        yield fork(sibling)
        yield fork(failing)
        yield fork(sibling)
        yield new Promise(() => {})
      }
      return reportsOf(lib, root)
    }, [['Error: failing', 'The above error occurred in task failing\n    created by root\nTasks cancelled due to error:\nroot\nsibling\nsibling']])
  })

  it('names helper tasks after the helper, the pattern and the worker', async () => {
    await expectBoth(async (lib) => {
      const { put, takeEvery, takeLatest, takeLeading } = lib.effects
      function* worker() {
        throw new Error('worker failed')
      }
      const reports: unknown[] = []
      for (const helper of [takeEvery, takeLatest, takeLeading]) {
        const store = storeLike(lib)
        lib.runSaga(
          { ...store, onError: (e: Error, { sagaStack }: { sagaStack: string }) => reports.push([e.message, sagaStack]) },
          function* root() {
            yield helper('GO', worker)
            yield put({ type: 'GO' })
          },
        )
      }
      return reports
    }, [
      ['worker failed', 'The above error occurred in task worker\n    created by takeEvery(GO, worker)\n    created by root\nTasks cancelled due to error:\ntakeEvery(GO, worker)\nroot'],
      ['worker failed', 'The above error occurred in task worker\n    created by takeLatest(GO, worker)\n    created by root\nTasks cancelled due to error:\ntakeLatest(GO, worker)\nroot'],
      ['worker failed', 'The above error occurred in task worker\n    created by takeLeading(GO, worker)\n    created by root\nTasks cancelled due to error:\nroot'],
    ])
  })

  it('names throttle, debounce and retry tasks, and channel or function patterns', async () => {
    await expectBoth(async (lib) => {
      const { debounce, put, retry, takeEvery, throttle } = lib.effects
      const chan = lib.channel()
      function* worker() {
        throw new Error('worker failed')
      }
      function failing(): never {
        throw new Error('always fails')
      }
      const isGo = (a: any) => a.type === 'GO'
      vi.useFakeTimers()
      const reports: unknown[] = []
      const run = (saga: any) => {
        const store = storeLike(lib)
        lib.runSaga({ ...store, onError: (e: Error, { sagaStack }: { sagaStack: string }) => reports.push([e.message, sagaStack]) }, saga)
      }
      run(function* root() {
        yield throttle(1, 'GO', worker)
        yield put({ type: 'GO' })
      })
      run(function* root() {
        yield debounce(1, 'GO', worker)
        yield put({ type: 'GO' })
      })
      run(function* root() {
        yield retry(2, 1, failing)
      })
      run(function* root() {
        yield takeEvery(chan, worker)
        yield takeEvery(isGo, worker)
        yield put({ type: 'GO' })
      })
      chan.put('message')
      await vi.advanceTimersByTimeAsync(20)
      vi.useRealTimers()
      return reports
    }, [
      ['worker failed', 'The above error occurred in task worker\n    created by throttle(GO, worker)\n    created by root\nTasks cancelled due to error:\nthrottle(GO, worker)\nroot'],
      ['worker failed', 'The above error occurred in task worker\n    created by takeEvery(isGo, worker)\n    created by root\nTasks cancelled due to error:\ntakeEvery(isGo, worker)\nroot\ntakeEvery(channel, worker)'],
      ['worker failed', 'The above error occurred in task worker\n    created by debounce(GO, worker)\n    created by root\nTasks cancelled due to error:\ndebounce(GO, worker)'],
      // retry's task is named after the helper function it calls, as bundled in the npm package
      ['always fails', 'The above error occurred in task retry$1\n    created by root\n'],
    ])
  })

  it('gives a spawned task its own report', async () => {
    await expectBoth(async (lib) => {
      const { spawn } = lib.effects
      function* detached() {
        yield Promise.resolve()
        throw new Error('detached failed')
      }
      function* root() {
        yield spawn(detached)
        yield new Promise((r) => setTimeout(r, 5))
      }
      return reportsOf(lib, root, 10)
    }, [['Error: detached failed', 'The above error occurred in task detached\n']])
  })

  it('starts afresh after an error was caught and another thrown', async () => {
    await expectBoth(async (lib) => {
      const { call } = lib.effects
      function* first() {
        throw new Error('first')
      }
      function* second() {
        yield Promise.resolve()
        throw new Error('second')
      }
      function* root() {
        try {
          yield call(first)
        } catch {
          // handled
        }
        yield call(second)
      }
      return reportsOf(lib, root)
    }, [['Error: second', 'The above error occurred in task second\n    created by root\n']])
  })

  it('names a task forked from a function that throws synchronously "iterator", and anonymous sagas "anonymous"', async () => {
    await expectBoth(async (lib) => {
      const { call, fork } = lib.effects
      function immediatelyFailing() {
        throw new Error('sync fork failure')
      }
      const anonymous = [
        function* () {
          yield fork(immediatelyFailing)
        },
      ][0]!
      function* root() {
        yield call(anonymous)
      }
      return reportsOf(lib, root)
    }, [['Error: sync fork failure', 'The above error occurred in task iterator\n    created by anonymous\n    created by root\nTasks cancelled due to error:\nanonymous']])
  })

  it('prints the babel-plugin-redux-saga locations of tasks and of the crashed effect', async () => {
    await expectBoth(async (lib) => {
      const { call } = lib.effects
      const loc = (fileName: string, lineNumber: number, code?: string) => ({ fileName, lineNumber, ...(code ? { code } : {}) })
      function fail() {
        throw new Error('located failure')
      }
      function* child() {
        const effect = call(fail)
        effect[lib.SAGA_LOCATION] = loc('child.js', 7, 'call(fail)')
        yield effect
      }
      ;(child as any)[lib.SAGA_LOCATION] = loc('child.js', 5)
      function* root() {
        yield call(child)
      }
      ;(root as any)[lib.SAGA_LOCATION] = loc('root.js', 1)
      return reportsOf(lib, root)
    }, [[
      'Error: located failure',
      'The above error occurred in task child  child.js?5 \n when executing effect call(fail)  child.js?7\n    created by root  root.js?1\n',
    ]])
  })

  it('prints the location of a blocked take that an Error on the channel made throw, and no effect for one without a location', async () => {
    // A blocked top-level take keeps only a located effect for this (internal/saga-error.ts crashRecord).
    await expectBoth(async (lib) => {
      const { take } = lib.effects
      const reports: unknown[] = []
      const onError = (error: unknown, { sagaStack }: { sagaStack: string }) => reports.push([(error as Error).message, sagaStack])
      function* located() {
        const effect = take('A')
        effect[lib.SAGA_LOCATION] = { fileName: 'take.js', lineNumber: 3, code: "take('A')" }
        yield effect
      }
      function* plain() {
        yield take('A')
      }
      for (const saga of [located, plain]) {
        const store = storeLike(lib)
        const task = lib.runSaga({ ...store, onError }, saga)
        store.channel.put(Object.assign(new Error(`${saga.name} failed`), { type: 'A' }))
        await task.toPromise().catch(() => {})
      }
      return reports
    }, [
      ['located failed', "The above error occurred in task located \n when executing effect take('A')  take.js?3\n"],
      ['plain failed', 'The above error occurred in task plain\n'],
    ])
  })

  it('reports the error of a throwing effect runner, like a flush without buffer.flush', async () => {
    await expectBoth(async (lib) => {
      const { flush } = lib.effects
      const chan = lib.eventChannel(() => () => {})
      function* root() {
        yield flush(chan)
      }
      return reportsOf(lib, root)
    }, [['Error: buffer.flush is not a function', 'The above error occurred in task root\n']])
  })
})

it('keeps a caught error out of onError even when it crossed several tasks', async () => {
  await expectBoth(async (lib) => {
    const { call, fork } = lib.effects
    const reports = await reportsOf(lib, function* root() {
      try {
        yield call(function* middle() {
          yield fork(function* leaf() {
            yield Promise.resolve()
            throw new Error('leaf')
          })
          yield new Promise(() => {})
        })
      } catch (error) {
        expect((error as Error).message).toBe('leaf')
      }
    })
    return reports
  }, [])
})
