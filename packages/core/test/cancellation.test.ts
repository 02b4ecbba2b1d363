/*
 * Cancellation (reference §3.5): what cancelling a task reaches (the blocking effect first, then
 * the main flow's finally, then forks), joiners, all/race children, self-cancellation, and the
 * state a cancelled task ends in. Differential against redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.18 a put queued in the scheduler is dispatched even if its task is cancelled before the
 *   queue flushes.
 */
import { describe, it } from 'vitest'
import { chain, deferred, deferreds, expectBoth, expectSame, reduxStore, sleep, typeLoggingStore } from './support/differential.js'

describe('cancelling a task', () => {
  it('cancels a called sub-saga first: its finally runs before the caller finally', async () => {
    await expectBoth(async (lib) => {
      const { call, cancelled } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [startDef, cancelDef, subroutineDef] = deferreds<string>(3)
      chain(
        () => startDef!.resolve('start'),
        () => cancelDef!.resolve('cancel'),
        () => subroutineDef!.resolve('subroutine'),
      )
      function* subroutine(): Generator<any, void, any> {
        seen.push(yield 'subroutine start')
        try {
          seen.push(yield subroutineDef!.promise)
        } finally {
          if (yield cancelled()) seen.push(yield 'subroutine cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        seen.push(yield startDef!.promise)
        try {
          seen.push(yield call(subroutine))
        } finally {
          if (yield cancelled()) seen.push('cancelled')
        }
      }
      const task = middleware.run(main)
      cancelDef!.promise.then((v) => {
        seen.push(v)
        task.cancel()
      })
      await task.toPromise()
      return seen
    }, ['start', 'subroutine start', 'cancel', 'subroutine cancelled', 'cancelled'])
  })

  it('cancels the whole fork tree: main flow first, then forks in creation order, depth first', async () => {
    await expectBoth(async (lib) => {
      const { cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      const [cancelDef, rootDef, childADef, childBDef] = deferreds<string>(4)
      const neverDef = deferred()
      const defs = deferreds<string>(4)
      chain(
        () => childADef!.resolve('childA resolve'),
        () => rootDef!.resolve('root resolve'),
        () => defs[0]!.resolve('leaf 0 resolve'),
        () => childBDef!.resolve('childB resolve'),
        () => cancelDef!.resolve('cancel'),
        () => defs[3]!.resolve('leaf 3 resolve'),
        () => defs[2]!.resolve('leaf 2 resolve'),
        () => defs[1]!.resolve('leaf 1 resolve'),
      )
      function* leaf(idx: number): Generator<any, void, any> {
        try {
          seen.push(yield defs[idx]!.promise)
        } finally {
          if (yield cancelled()) seen.push(`leaf ${idx} cancelled`)
        }
      }
      function* childA(): Generator<any, void, any> {
        try {
          yield fork(leaf, 0)
          seen.push(yield childADef!.promise)
          yield fork(leaf, 1)
          yield neverDef.promise
        } finally {
          if (yield cancelled()) seen.push('childA cancelled')
        }
      }
      function* childB(): Generator<any, void, any> {
        try {
          yield fork(leaf, 2)
          seen.push(yield childBDef!.promise)
          yield fork(leaf, 3)
          yield neverDef.promise
        } finally {
          if (yield cancelled()) seen.push('childB cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        try {
          yield fork(childA)
          seen.push(yield rootDef!.promise)
          yield fork(childB)
          yield neverDef.promise
        } finally {
          if (yield cancelled()) seen.push('main cancelled')
        }
      }
      const task = middleware.run(main)
      cancelDef!.promise.then(() => task.cancel())
      await task.toPromise()
      return seen
    }, [
      'childA resolve',
      'root resolve',
      'leaf 0 resolve',
      'childB resolve',
      'main cancelled',
      'childA cancelled',
      'leaf 1 cancelled',
      'childB cancelled',
      'leaf 2 cancelled',
      'leaf 3 cancelled',
    ])
  })

  it('removes the taker of a cancelled take', async () => {
    await expectBoth(async (lib) => {
      const { cancelled, take } = lib.effects
      const { store, middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [startDef, cancelDef] = deferreds<string>(2)
      function* main(): Generator<any, void, any> {
        seen.push(yield startDef!.promise)
        try {
          seen.push(yield take('action'))
        } finally {
          if (yield cancelled()) seen.push(yield 'cancelled')
        }
      }
      const task = middleware.run(main)
      cancelDef!.promise.then((v) => {
        seen.push(v)
        task.cancel()
      })
      await chain(
        () => startDef!.resolve('start'),
        () => cancelDef!.resolve('cancel'),
        () => store.dispatch({ type: 'action' }),
      )
      await task.toPromise()
      return seen
    }, ['start', 'cancel', 'cancelled'])
  })

  it('cancels the joiners of a cancelled task, in other task trees too', async () => {
    await expectBoth(async (lib) => {
      const { all, call, cancel, cancelled, fork, join } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [cancelDef, subroutineDef] = deferreds<string>(2)
      chain(
        () => cancelDef!.resolve('cancel'),
        () => subroutineDef!.resolve('subroutine'),
      )
      function* subroutine(): Generator<any, void, any> {
        seen.push('subroutine start')
        try {
          seen.push(yield subroutineDef!.promise)
        } finally {
          if (yield cancelled()) seen.push(yield 'subroutine cancelled')
        }
      }
      function* joiner1(task: unknown): Generator<any, void, any> {
        seen.push('joiner1 start')
        try {
          seen.push(yield join(task))
        } finally {
          if (yield cancelled()) seen.push(yield 'joiner1 cancelled')
        }
      }
      function* callerOfJoiner1(task: unknown): Generator<any, void, any> {
        try {
          seen.push(yield all([call(joiner1, task), new Promise(() => {})]))
        } finally {
          if (yield cancelled()) seen.push(yield 'caller of joiner1 cancelled')
        }
      }
      function* joiner2(task: unknown): Generator<any, void, any> {
        seen.push('joiner2 start')
        try {
          seen.push(yield join(task))
        } finally {
          if (yield cancelled()) seen.push(yield 'joiner2 cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        seen.push('start')
        const task = yield fork(subroutine)
        yield fork(callerOfJoiner1, task)
        yield fork(joiner2, task)
        seen.push(yield cancelDef!.promise)
        yield cancel(task)
      }
      await middleware.run(main).toPromise()
      return seen
    }, [
      'start',
      'subroutine start',
      'joiner1 start',
      'joiner2 start',
      'cancel',
      'subroutine cancelled',
      'joiner1 cancelled',
      'caller of joiner1 cancelled',
      'joiner2 cancelled',
    ])
  })

  it('cancels a parent joining its own child before the child (no endless loop)', async () => {
    await expectBoth(async (lib) => {
      const { cancelled, fork, join } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [startDef, cancelDef, subroutineDef] = deferreds<string>(3)
      chain(
        () => startDef!.resolve('start'),
        () => cancelDef!.resolve('cancel'),
        () => subroutineDef!.resolve('subroutine'),
      )
      function* subroutine(): Generator<any, void, any> {
        seen.push(yield 'subroutine start')
        try {
          seen.push(yield subroutineDef!.promise)
        } finally {
          if (yield cancelled()) seen.push(yield 'subroutine cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        seen.push(yield startDef!.promise)
        const task = yield fork(subroutine)
        try {
          seen.push(yield join(task))
        } finally {
          if (yield cancelled()) seen.push(yield 'cancelled')
        }
      }
      const task = middleware.run(main)
      cancelDef!.promise.then((v) => {
        seen.push(v)
        task.cancel()
      })
      await task.toPromise()
      return seen
    }, ['start', 'subroutine start', 'cancel', 'cancelled', 'subroutine cancelled'])
  })

  it('cancels every pending child of a blocked all()', async () => {
    await expectBoth(async (lib) => {
      const { all, call, cancelled } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [startDef, cancelDef] = deferreds<string>(2)
      const subDefs = deferreds<string>(2)
      chain(
        () => startDef!.resolve('start'),
        () => subDefs[0]!.resolve('subroutine 1'),
        () => cancelDef!.resolve('cancel'),
        () => subDefs[1]!.resolve('subroutine 2'),
      )
      const subroutine = (i: number) =>
        function* (): Generator<any, void, any> {
          seen.push(yield `subroutine ${i + 1} start`)
          try {
            seen.push(yield subDefs[i]!.promise)
          } finally {
            if (yield cancelled()) seen.push(yield `subroutine ${i + 1} cancelled`)
          }
        }
      function* main(): Generator<any, void, any> {
        seen.push(yield startDef!.promise)
        try {
          seen.push(yield all([call(subroutine(0)), call(subroutine(1))]))
        } finally {
          if (yield cancelled()) seen.push(yield 'cancelled')
        }
      }
      const task = middleware.run(main)
      cancelDef!.promise.then((v) => {
        seen.push(v)
        task.cancel()
      })
      await task.toPromise()
      return seen
    }, ['start', 'subroutine 1 start', 'subroutine 2 start', 'subroutine 1', 'cancel', 'subroutine 2 cancelled', 'cancelled'])
  })

  it('cancels every child of a blocked race()', async () => {
    await expectBoth(async (lib) => {
      const { call, cancelled, race } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [startDef, cancelDef] = deferreds<string>(2)
      const subDefs = deferreds<string>(2)
      chain(
        () => startDef!.resolve('start'),
        () => cancelDef!.resolve('cancel'),
        () => subDefs[0]!.resolve('subroutine 1'),
        () => subDefs[1]!.resolve('subroutine 2'),
      )
      const subroutine = (i: number) =>
        function* (): Generator<any, void, any> {
          seen.push(yield `subroutine ${i + 1} start`)
          try {
            seen.push(yield subDefs[i]!.promise)
          } finally {
            if (yield cancelled()) seen.push(yield 'subroutine cancelled')
          }
        }
      function* main(): Generator<any, void, any> {
        seen.push(yield startDef!.promise)
        try {
          seen.push(yield race({ subroutine1: call(subroutine(0)), subroutine2: call(subroutine(1)) }))
        } finally {
          if (yield cancelled()) seen.push(yield 'cancelled')
        }
      }
      const task = middleware.run(main)
      cancelDef!.promise.then((v) => {
        seen.push(v)
        task.cancel()
      })
      await task.toPromise()
      return seen
    }, ['start', 'subroutine 1 start', 'subroutine 2 start', 'cancel', 'subroutine cancelled', 'subroutine cancelled', 'cancelled'])
  })

  it('cancels the pending children of an all() when one rejects', async () => {
    await expectBoth(async (lib) => {
      const { all, call, cancelled } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const defs1 = deferreds<string>(2)
      const defs2 = deferreds<string>(2)
      chain(
        () => defs1[0]!.resolve('subtask_1'),
        () => defs2[0]!.resolve('subtask_2'),
        () => defs1[1]!.reject('subtask_1 rejection'),
        () => defs2[1]!.resolve('subtask_2_2'),
      )
      function* subtask1(): Generator<any, void, any> {
        seen.push(yield defs1[0]!.promise)
        seen.push(yield defs1[1]!.promise)
      }
      function* subtask2(): Generator<any, void, any> {
        try {
          seen.push(yield defs2[0]!.promise)
          seen.push(yield defs2[1]!.promise)
        } finally {
          if (yield cancelled()) seen.push(yield 'subtask 2 cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        try {
          yield all([call(subtask1), call(subtask2)])
        } catch (error) {
          seen.push(yield `caught ${error}`)
        }
      }
      await middleware.run(main).toPromise()
      return seen
    }, ['subtask_1', 'subtask_2', 'subtask 2 cancelled', 'caught subtask_1 rejection'])
  })

  it('cancels the losers of a race but not the siblings of the race in an all()', async () => {
    await expectBoth(async (lib) => {
      const { all, call, cancelled, race } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const winner = deferreds<string>(2)
      const loser = deferreds<string>(2)
      const parallel = deferreds<string>(2)
      chain(
        () => winner[0]!.resolve('winner_1'),
        () => loser[0]!.resolve('loser_1'),
        () => parallel[0]!.resolve('parallel_1'),
        () => winner[1]!.resolve('winner_2'),
        () => loser[1]!.resolve('loser_2'),
        () => parallel[1]!.resolve('parallel_2'),
      )
      const subtask = (defs: typeof winner, name: string) =>
        function* (): Generator<any, void, any> {
          try {
            seen.push(yield defs[0]!.promise)
            seen.push(yield defs[1]!.promise)
          } finally {
            if (yield cancelled()) seen.push(yield `${name} subtask cancelled`)
          }
        }
      function* main() {
        yield all([
          race({ winner: call(subtask(winner, 'winner')), loser: call(subtask(loser, 'loser')) }),
          call(subtask(parallel, 'parallel')),
        ])
      }
      await middleware.run(main).toPromise()
      return seen
    }, ['winner_1', 'loser_1', 'parallel_1', 'winner_2', 'loser subtask cancelled', 'parallel_2'])
  })

  it('cancels a forked task with cancel(task)', async () => {
    await expectBoth(async (lib) => {
      const { cancel, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [signIn, signOut] = deferreds<string>(2)
      const expires = deferreds<string>(3)
      chain(
        () => signIn!.resolve('signIn'),
        () => expires[0]!.resolve('expire_1'),
        () => expires[1]!.resolve('expire_2'),
        () => signOut!.resolve('signOut'),
        () => expires[2]!.resolve('expire_3'),
      )
      function* subtask(): Generator<any, void, any> {
        try {
          for (const def of expires) seen.push(yield def.promise)
        } finally {
          if (yield cancelled()) seen.push(yield 'task cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        seen.push(yield signIn!.promise)
        const task = yield fork(subtask)
        seen.push(yield signOut!.promise)
        yield cancel(task)
      }
      await middleware.run(main).toPromise()
      return seen
    }, ['signIn', 'expire_1', 'expire_2', 'signOut', 'task cancelled'])
  })

  it('reaches sub-sagas called inside an all() of a cancelled fork, before the fork finally', async () => {
    await expectBoth(async (lib) => {
      const { all, call, cancel, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [start, stop] = deferreds<string>(2)
      const subDefs = deferreds<string>(2)
      const nested1 = deferreds<string>(2)
      const nested2 = deferreds<string>(2)
      chain(
        () => start!.resolve('start'),
        () => subDefs[0]!.resolve('subtask_1'),
        () => nested1[0]!.resolve('nested_task_1_1'),
        () => nested2[0]!.resolve('nested_task_2_1'),
        () => stop!.resolve('stop'),
        () => nested1[1]!.resolve('nested_task_1_2'),
        () => nested2[1]!.resolve('nested_task_2_2'),
        () => subDefs[1]!.resolve('subtask_2'),
      )
      const nested = (defs: typeof nested1, name: string) =>
        function* (): Generator<any, void, any> {
          try {
            seen.push(yield defs[0]!.promise)
            seen.push(yield defs[1]!.promise)
          } finally {
            if (yield cancelled()) seen.push(yield `${name} cancelled`)
          }
        }
      function* subtask(): Generator<any, void, any> {
        try {
          seen.push(yield subDefs[0]!.promise)
          yield all([call(nested(nested1, 'nested task 1')), call(nested(nested2, 'nested task 2'))])
          seen.push(yield subDefs[1]!.promise)
        } finally {
          if (yield cancelled()) seen.push(yield 'subtask cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        seen.push(yield start!.promise)
        const task = yield fork(subtask)
        seen.push(yield stop!.promise)
        yield cancel(task)
      }
      await middleware.run(main).toPromise()
      return seen
    }, ['start', 'subtask_1', 'nested_task_1_1', 'nested_task_2_1', 'stop', 'nested task 1 cancelled', 'nested task 2 cancelled', 'subtask cancelled'])
  })

  it('reaches tasks forked by a cancelled fork, after its own finally', async () => {
    await expectBoth(async (lib) => {
      const { cancel, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      const [start, stop] = deferreds<string>(2)
      const subDefs = deferreds<string>(2)
      const nestedDefs = deferreds<string>(2)
      chain(
        () => start!.resolve('start'),
        () => subDefs[0]!.resolve('subtask_1'),
        () => nestedDefs[0]!.resolve('nested_task_1'),
        () => stop!.resolve('stop'),
        () => nestedDefs[1]!.resolve('nested_task_2'),
        () => subDefs[1]!.resolve('subtask_2'),
      )
      function* nestedTask(): Generator<any, void, any> {
        try {
          seen.push(yield nestedDefs[0]!.promise)
          seen.push(yield nestedDefs[1]!.promise)
        } finally {
          if (yield cancelled()) seen.push(yield 'nested task cancelled')
        }
      }
      function* subtask(): Generator<any, void, any> {
        try {
          seen.push(yield subDefs[0]!.promise)
          yield fork(nestedTask)
          seen.push(yield subDefs[1]!.promise)
        } finally {
          if (yield cancelled()) seen.push(yield 'subtask cancelled')
        }
      }
      function* main(): Generator<any, void, any> {
        seen.push(yield start!.promise)
        const task = yield fork(subtask)
        seen.push(yield stop!.promise)
        yield cancel(task)
      }
      await middleware.run(main).toPromise()
      return seen
    }, ['start', 'subtask_1', 'nested_task_1', 'stop', 'subtask cancelled', 'nested task cancelled'])
  })

  it('cancels several tasks with cancel([...tasks])', async () => {
    await expectBoth(async (lib) => {
      const { cancel, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: number[] = []
      const defs = deferreds(3)
      function* worker(i: number): Generator<any, void, any> {
        try {
          yield defs[i]!.promise
        } finally {
          if (yield cancelled()) seen.push(i)
        }
      }
      function* main(): Generator<any, void, any> {
        const t1 = yield fork(worker, 0)
        const t2 = yield fork(worker, 1)
        const t3 = yield fork(worker, 2)
        yield cancel([t1, t2, t3])
      }
      await middleware.run(main).toPromise()
      return seen
    }, [0, 1, 2])
  })

  it('lets a task cancel itself with cancel()', async () => {
    await expectBoth(async (lib) => {
      const { cancel, cancelled, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      let worker: any
      function* selfCancelling(): Generator<any, void, any> {
        try {
          yield cancel()
          seen.push('unreachable')
        } finally {
          if (yield cancelled()) seen.push('self cancellation')
        }
      }
      function* main(): Generator<any, void, any> {
        worker = yield fork(selfCancelling)
      }
      await middleware.run(main).toPromise()
      return [seen, worker.isCancelled(), worker.result()]
    }, [['self cancellation'], true, '@@redux-saga/TASK_CANCEL'])
  })

  it('rejects the cancelling task with an exception thrown from a finally during cancellation', async () => {
    await expectBoth(async (lib) => {
      const { cancel, delay, fork } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: () => {} } })
      const expectedError = new Error('child error')
      function* child(): Generator<any, void, any> {
        try {
          yield delay(1000)
        } finally {
          // eslint-disable-next-line no-unsafe-finally
          throw expectedError
        }
      }
      function* worker(): Generator<any, void, any> {
        const taskA = yield fork(child)
        yield delay(5)
        yield cancel(taskA)
      }
      return middleware.run(worker).toPromise().then(
        () => 'resolved',
        (error: unknown) => error === expectedError,
      )
    }, true)
  })

  it('ends a task joining a cancelled child in the cancelled state', async () => {
    await expectBoth(async (lib) => {
      const { cancel, delay, fork, join } = lib.effects
      const { middleware } = reduxStore(lib)
      function* child() {
        yield delay(0)
        yield cancel()
      }
      function* parent(): Generator<any, void, any> {
        yield join(yield fork(child))
      }
      const task = middleware.run(parent)
      const result = await task.toPromise()
      return [result, task.isCancelled(), task.isRunning(), task.isAborted()]
    }, ['@@redux-saga/TASK_CANCEL', true, false, false])
  })

  it('ends a fork of a cancelled parent in the cancelled state', async () => {
    await expectBoth(async (lib) => {
      const { cancel, delay, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      let task: any
      function* child() {
        yield new Promise(() => {})
      }
      function* parent(): Generator<any, void, any> {
        task = yield fork(child)
      }
      function* worker(): Generator<any, void, any> {
        const parentTask = yield fork(parent)
        yield delay(0)
        yield cancel(parentTask)
      }
      await middleware.run(worker).toPromise()
      return [task.isCancelled(), task.isRunning(), task.isAborted(), task.result()]
    }, [true, false, false, '@@redux-saga/TASK_CANCEL'])
  })

  it('removes a cancelled joiner without cancelling the joined task', async () => {
    await expectBoth(async (lib) => {
      const { cancel, delay, fork, join } = lib.effects
      const { middleware } = reduxStore(lib)
      let target: any
      let joiner: any
      function* saga(): Generator<any, unknown, any> {
        target = yield fork(function* () {
          yield delay(10)
          return 'target done'
        })
        joiner = yield fork(function* () {
          yield join(target)
        })
        yield delay(1)
        yield cancel(joiner)
        return yield join(target)
      }
      const result = await middleware.run(saga).toPromise()
      return [result, joiner.isCancelled(), target.isCancelled(), target.result()]
    }, ['target done', true, false, 'target done'])
  })

  it("calls a promise's [CANCEL] method when the effect waiting on it is cancelled", async () => {
    await expectBoth(async (lib) => {
      const { call } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      const promise: any = new Promise(() => {})
      promise[lib.CANCEL] = () => seen.push('promise cancelled')
      function* saga() {
        yield call(() => promise)
      }
      const task = middleware.run(saga)
      task.cancel()
      return [seen, task.isCancelled()]
    }, [['promise cancelled'], true])
  })

  it('does nothing when cancelling a task that already ended', async () => {
    await expectBoth(async (lib) => {
      const { cancel, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      let child: any
      function* saga(): Generator<any, void, any> {
        child = yield fork(function* () {
          return 'done'
        })
        yield cancel(child)
      }
      await middleware.run(saga).toPromise()
      return [child.isCancelled(), child.result()]
    }, [false, 'done'])
  })

  it('answers cancelled() with false in the finally of a task that completes normally', async () => {
    await expectBoth(async (lib) => {
      const { cancelled } = lib.effects
      const { middleware } = reduxStore(lib)
      let wasCancelled: unknown
      function* saga(): Generator<any, void, any> {
        try {
          yield Promise.resolve()
        } finally {
          wasCancelled = yield cancelled()
        }
      }
      await middleware.run(saga).toPromise()
      return wasCancelled
    }, false)
  })

  it('runs further effects, async ones included, in the finally of a cancelled task, after the task ended', async () => {
    await expectBoth(async (lib) => {
      const { call, cancelled, delay } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        try {
          yield new Promise(() => {})
        } finally {
          seen.push(yield cancelled())
          seen.push(yield call(() => 'called in finally'))
          seen.push(yield delay(1, 'delayed in finally'))
        }
      }
      const task = middleware.run(saga)
      task.cancel()
      seen.push(['cancel() returned', task.isRunning()])
      const result = await task.toPromise()
      // the task already ended when cancel() returned; its finally goes on in the background
      await sleep(30)
      return [seen, result]
    }, [[true, 'called in finally', ['cancel() returned', false], 'delayed in finally'], '@@redux-saga/TASK_CANCEL'])
  })

  it('still dispatches a put queued before its task was cancelled', async () => {
    await expectBoth(async (lib) => {
      const { cancel, fork, put, take } = lib.effects
      const { store, middleware, types } = typeLoggingStore(lib)
      function* worker() {
        yield take('GO')
        yield put({ type: 'FROM_WORKER' })
      }
      function* canceller(task: unknown) {
        yield take('GO')
        yield cancel(task)
      }
      function* root(): Generator<any, void, any> {
        const task = yield fork(worker)
        yield fork(canceller, task)
      }
      middleware.run(root)
      store.dispatch({ type: 'GO' })
      await sleep(0)
      return types
    }, ['GO', 'FROM_WORKER'])
  })

  it('cancels a fork with task.cancel() and cancels the other forks of a failing parent', async () => {
    await expectSame(async (lib) => {
      const { fork, delay, cancelled } = lib.effects
      const log: unknown[] = []
      let child: any, child2: any
      const t = lib.runSaga({ onError: (e: any) => log.push(['onError', e.message]) }, function* (): Generator<any, unknown, any> {
        child = yield fork(function* (): Generator<any, void, any> { try { yield delay(50) } finally { log.push(['c1 cancelled', yield cancelled()]) } })
        child2 = yield fork(function* (): Generator<any, void, any> { try { yield delay(50) } finally { log.push(['c2 cancelled', yield cancelled()]) } })
        child.cancel()
        log.push(['after direct cancel', child.isRunning()])
        yield delay(1)
        throw new Error('parent fails')
      })
      const p2 = child2.toPromise()
      await t.toPromise().catch((e: any) => log.push(['rejected', e.message]))
      log.push(['child2', await p2, child2.isCancelled()])
      return log
    })
  })
})
