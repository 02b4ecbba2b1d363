/*
 * `runSaga` outside Redux, the Task it returns (`toPromise`, `result`, `isRunning`...), and the
 * put scheduler seen through `stdChannel` (reference §1.1, §1.5, §3.1). Differential against
 * redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.14 the scheduler is a module singleton: two runtimes in one process (here redux-saga and
 *   sagaflow) have independent queues, so the puts of one are not ordered against the other's.
 */
import { describe, expect, it } from 'vitest'
import { chain, expectBoth, expectSame, reference, sagaflow, storeLike } from './support/differential.js'

describe('runSaga()', () => {
  it('connects a saga to a store-like object: takes, selects and puts', async () => {
    await expectBoth(async (lib) => {
      const { all, fork, put, select, take } = lib.effects
      const store = storeLike(lib, (_state, action) => action, {})
      const typeSelector = (a: any) => a.type
      const seen: unknown[] = []
      function* fnA(): Generator<any, void, any> {
        seen.push(yield take('ACTION-1'))
        seen.push(yield select(typeSelector))
        seen.push(yield take('ACTION-2'))
        seen.push(yield select(typeSelector))
        yield put({ type: 'ACTION-3' })
      }
      function* fnB(): Generator<any, void, any> {
        seen.push(yield take('ACTION-3'))
        seen.push(yield select(typeSelector))
      }
      function* root() {
        yield all([fork(fnA), fork(fnB)])
      }
      const task = lib.runSaga(store, root)
      chain(
        () => store.dispatch({ type: 'ACTION-1' }),
        () => store.dispatch({ type: 'ACTION-2' }),
      )
      await task.toPromise()
      return seen
    }, [{ type: 'ACTION-1' }, 'ACTION-1', { type: 'ACTION-2' }, 'ACTION-2', { type: 'ACTION-3' }, 'ACTION-3'])
  })

  it('runs with no options beyond an empty object', async () => {
    await expectBoth(async (lib) => {
      const { call, delay } = lib.effects
      function* saga(a: number, b: number): Generator<any, unknown, any> {
        yield delay(1)
        return yield call((x: number, y: number) => x * y, a, b)
      }
      return lib.runSaga({}, saga, 6, 7).toPromise()
    }, 42)
  })

  it('checks its options', async () => {
    await expectBoth((lib) => {
      const messages: string[] = []
      const attempt = (options: any) => {
        try {
          lib.runSaga(options, function* () {})
        } catch (e) {
          messages.push((e as Error).message)
        }
      }
      attempt({ dispatch: 1 })
      attempt({ getState: 'state' })
      attempt({ effectMiddlewares: {} })
      attempt({ effectMiddlewares: [() => {}, 2] })
      attempt({ onError: true })
      return messages
    }, [
      'dispatch must be a function',
      'getState must be a function',
      'effectMiddlewares must be an array of functions',
      'effectMiddlewares must be an array of functions',
      'onError passed to the redux-saga is not a function!',
    ])
  })

  // sagaflow makes a root's context on first use, but checks the option where the reference's
  // Object.create does: after the monitor's rootSagaStarted, before the saga runs.
  it('throws Object.create\'s TypeError for a context that is not an object, before the saga runs', async () => {
    await expectSame((lib) => {
      const log: unknown[] = []
      const sagaMonitor = { rootSagaStarted: () => log.push('rootSagaStarted') }
      for (const context of [42, 'text', true]) {
        try {
          lib.runSaga({ context: context as any, sagaMonitor }, function* () {
            log.push('saga ran')
          })
        } catch (e) {
          log.push([(e as Error).constructor.name, (e as Error).message])
        }
      }
      const task = lib.runSaga({ context: null as any }, function* (): Generator<any, unknown[], any> {
        const { getContext } = lib.effects
        return [yield getContext('missing'), 'ran']
      })
      log.push(task.result())
      return log
    })
  })

  it('rejects frozen actions put by a saga', async () => {
    await expectBoth((lib) => {
      const { put } = lib.effects
      const store = storeLike(lib)
      let message: string | undefined
      lib.runSaga(store, function* () {
        try {
          yield put(Object.freeze({ type: 'FROZEN' }))
        } catch (e) {
          message = (e as Error).message
        }
      })
      return message?.split('\n')[0]
    }, "You can't put (a.k.a. dispatch from saga) frozen actions.")
  })

  it('starts the root saga synchronously: it runs until its first blocking effect before runSaga returns', async () => {
    await expectBoth((lib) => {
      const { put, take } = lib.effects
      const seen: string[] = []
      const store = storeLike(lib, (s, a) => {
        seen.push(`reduced ${a.type}`)
        return s
      })
      lib.runSaga(store, function* () {
        seen.push('started')
        yield put({ type: 'A' })
        seen.push('after put')
        yield take('NEVER')
      })
      seen.push('runSaga returned')
      return seen
    }, ['started', 'reduced A', 'after put', 'runSaga returned'])
  })
})

describe('task.toPromise()', () => {
  const quiet = (lib: any, saga: any) => {
    const channel = lib.stdChannel()
    return lib.runSaga({ channel, dispatch: channel.put, onError: () => {} }, saga)
  }

  it('resolves with the result of an already completed task', async () => {
    await expectBoth(async (lib) => {
      const task = quiet(lib, function* () {
        return 'result-of-saga'
      })
      return [task.isRunning(), await task.toPromise()]
    }, [false, 'result-of-saga'])
  })

  it('resolves with the result once a running task completes', async () => {
    await expectBoth(async (lib) => {
      const { delay } = lib.effects
      const task = quiet(lib, function* () {
        yield delay(5)
        return 'result-of-saga'
      })
      return [task.isRunning(), task.result(), await task.toPromise(), task.result()]
    }, [true, undefined, 'result-of-saga', 'result-of-saga'])
  })

  it('rejects with the error of an already aborted task', async () => {
    await expectBoth(async (lib) => {
      const task = quiet(lib, function* () {
        throw new Error('test-error')
      })
      return [task.isRunning(), task.error().message, await task.toPromise().catch((e: Error) => `rejected ${e.message}`)]
    }, [false, 'test-error', 'rejected test-error'])
  })

  it('rejects with the error once a running task aborts', async () => {
    await expectBoth(async (lib) => {
      const { delay } = lib.effects
      const task = quiet(lib, function* () {
        yield delay(5)
        throw new Error('test-error')
      })
      return [task.isRunning(), await task.toPromise().catch((e: Error) => `rejected ${e.message}`), task.isAborted()]
    }, [true, 'rejected test-error', true])
  })

  it('resolves with TASK_CANCEL for an already cancelled task', async () => {
    await expectBoth(async (lib) => {
      const { cancel, delay, fork } = lib.effects
      let child: any
      quiet(lib, function* (): Generator<any, void, any> {
        child = yield fork(function* child() {
          yield delay(10000)
        })
        yield cancel(child)
      })
      return [child.isRunning(), await child.toPromise()]
    }, [false, '@@redux-saga/TASK_CANCEL'])
  })

  it('resolves with TASK_CANCEL once a running task gets cancelled', async () => {
    await expectBoth(async (lib) => {
      const { cancel, delay, fork } = lib.effects
      let child: any
      quiet(lib, function* (): Generator<any, void, any> {
        child = yield fork(function* child() {
          yield delay(10000)
        })
        yield delay(5)
        yield cancel(child)
      })
      return [child.isRunning(), await child.toPromise(), child.isCancelled()]
    }, [true, '@@redux-saga/TASK_CANCEL', true])
  })

  it('returns the same promise every time', async () => {
    await expectBoth((lib) => {
      const task = quiet(lib, function* () {
        yield new Promise(() => {})
      })
      const same = task.toPromise() === task.toPromise()
      task.cancel()
      return same
    }, true)
  })
})

describe('the put scheduler, seen through stdChannel', () => {
  it('runs puts triggered during a delivery after it, in order', async () => {
    await expectBoth((lib) => {
      const chan = lib.stdChannel()
      const seen: string[] = []
      chan.take(() => {
        seen.push('1')
        chan.take(() => seen.push('2'))
        chan.put({ type: 'second' })
        chan.take(() => seen.push('3'))
        chan.put({ type: 'third' })
      })
      chan.put({ type: 'first' })
      return seen
    }, ['1', '2', '3'])
  })

  it('queues external actions dispatched while a saga is starting and delivers them after it blocks', async () => {
    await expectBoth((lib) => {
      const { take } = lib.effects
      const store = storeLike(lib)
      const seen: unknown[] = []
      lib.runSaga(store, function* (): Generator<any, void, any> {
        store.dispatch({ type: 'EARLY' })
        seen.push('dispatched during start')
        seen.push(yield take('EARLY'))
      })
      return seen
    }, ['dispatched during start', { type: 'EARLY' }])
  })
})

describe('two runtimes in one process', () => {
  it('keep independent put queues', () => {
    const seen: string[] = []
    const ours = sagaflow.stdChannel()
    const theirs = reference.stdChannel()
    theirs.take((m: any) => seen.push(`redux-saga got ${m.type}`))
    ours.take((m: any) => seen.push(`sagaflow got ${m.type}`))
    ours.take(() => {
      seen.push('inside a sagaflow delivery')
      ours.put({ type: 'nested sagaflow put' })
      theirs.put({ type: 'redux-saga put' })
      seen.push('after both puts')
    })
    ours.put({ type: 'outer' })
    expect(seen).toEqual([
      'sagaflow got outer',
      'inside a sagaflow delivery',
      'redux-saga got redux-saga put',
      'after both puts',
    ])
  })
})
