/*
 * Stack safety of synchronous resumption (reference §3.2, CONTRACT §1.10): long chains of effects
 * that settle synchronously are trampolined, not recursed, and keep their ordering. The large
 * counts run on sagaflow only; the reference-sized ones (interpreter/stackoverflow.js and
 * syncEffects.js) run on both libraries. Assertions are on completion and results, never timing.
 */
import { describe, expect, it } from 'vitest'
import { all, call, cancel, cancelled, fork, put, race, take, takeEvery } from '@sagaflow/core/effects'
import { runSaga, stdChannel, type Task } from '@sagaflow/core'
import { expectBoth, reduxStore, sleep } from './support/differential.js'

describe('stack safety (sagaflow at scale)', () => {
  it('runs 1,000,000 synchronous effects in one saga', async () => {
    let count = 0
    const inc = () => ++count
    function* saga(): Generator<any, number, any> {
      let last = 0
      for (let i = 0; i < 1_000_000; i++) last = yield call(inc)
      return last
    }
    const task = runSaga({}, saga)
    expect(task.isRunning()).toBe(false)
    expect(await task.toPromise()).toBe(1_000_000)
  })

  it('runs 1,000,000 synchronous effects with a monitor attached', async () => {
    let triggered = 0
    const sagaMonitor = { effectTriggered: () => void triggered++ }
    function* saga(): Generator<any, number, any> {
      let sum = 0
      for (let i = 0; i < 1_000_000; i++) sum += yield i & 1
      return sum
    }
    expect(await runSaga({ sagaMonitor }, saga).toPromise()).toBe(500_000)
    expect(triggered).toBe(1_000_000)
  })

  it('nests call() 10,000 deep and unwinds the result', async () => {
    function* nested(depth: number): Generator<any, number, any> {
      if (depth === 0) return 0
      return 1 + (yield call(nested, depth - 1))
    }
    const task = runSaga({}, nested, 10_000)
    expect(await task.toPromise()).toBe(10_000)
  })

  it('nests call() 10,000 deep and unwinds an error thrown at the bottom', async () => {
    function* nested(depth: number): Generator<any, number, any> {
      if (depth === 0) throw new Error('bottom')
      return 1 + (yield call(nested, depth - 1))
    }
    function* root(): Generator<any, string, any> {
      try {
        yield call(nested, 10_000)
        return 'no error'
      } catch (error) {
        return (error as Error).message
      }
    }
    expect(await runSaga({}, root).toPromise()).toBe('bottom')
  })

  it('nests call() 10,000 deep over a promise at the bottom and unwinds the result', async () => {
    function* nested(depth: number): Generator<any, number, any> {
      if (depth === 0) return yield Promise.resolve(0)
      return 1 + (yield call(nested, depth - 1))
    }
    expect(await runSaga({}, nested, 10_000).toPromise()).toBe(10_000)
  })

  it('nests call() 10,000 deep through all() and race(), with a monitor and effect middlewares', async () => {
    const passThrough = (next: (effect: unknown) => void) => (effect: unknown) => next(effect)
    for (const options of [{}, { sagaMonitor: { effectTriggered() {} }, effectMiddlewares: [passThrough, passThrough] }]) {
      for (const asyncBottom of [false, true]) {
        function* nested(depth: number): Generator<any, number, any> {
          if (depth === 0) return asyncBottom ? yield Promise.resolve(0) : 0
          const [won] = yield all([race({ a: call(nested, depth - 1) })])
          return 1 + won.a
        }
        expect(await runSaga(options, nested, 10_000).toPromise()).toBe(10_000)
      }
    }
  })

  it('cancels a chain of calls 10,000 deep: every finally runs', async () => {
    let finallies = 0
    function* nested(depth: number): Generator<any, void, any> {
      try {
        if (depth === 0) yield take('NEVER')
        else yield call(nested, depth - 1)
      } finally {
        if (yield cancelled()) finallies++
      }
    }
    const task = runSaga({}, nested, 10_000)
    task.cancel()
    expect(await task.toPromise()).toBe('@@redux-saga/TASK_CANCEL')
    expect(finallies).toBe(10_001)
  })

  // Task completion (a fork ending ends its parent, recursively) is not trampolined: nesting
  // forks stays safe to a few thousand levels (the reference overflows near 1,000).
  it('forks 2,000 nested children, each forking the next', async () => {
    let deepest = 0
    function* nested(depth: number): Generator<any, void, any> {
      if (depth === 2_000) deepest = depth
      else yield fork(nested, depth + 1)
    }
    await runSaga({}, nested, 0).toPromise()
    expect(deepest).toBe(2_000)
  })

  it('forks 10,000 children that complete synchronously', async () => {
    let count = 0
    function* child() {
      count++
    }
    function* parent() {
      for (let i = 0; i < 10_000; i++) yield fork(child)
    }
    const task = runSaga({}, parent)
    await task.toPromise()
    expect(count).toBe(10_000)
  })

  it('forks 10,000 children that block, then cancels them all', async () => {
    let cancelledCount = 0
    function* child(): Generator<any, void, any> {
      try {
        yield take('NEVER')
      } finally {
        if (yield cancelled()) cancelledCount++
      }
    }
    function* parent(): Generator<any, void, any> {
      const tasks: Task[] = []
      for (let i = 0; i < 10_000; i++) tasks.push(yield fork(child))
      yield cancel(tasks)
    }
    await runSaga({}, parent).toPromise()
    expect(cancelledCount).toBe(10_000)
  })

  it('resolves 5,000 races whose first child wins synchronously', async () => {
    function* saga(): Generator<any, number, any> {
      let wins = 0
      for (let i = 0; i < 5_000; i++) {
        const result = yield race({ sync: call(() => i), never: take('NEVER') })
        if (result.sync === i) wins++
      }
      return wins
    }
    expect(await runSaga({}, saga).toPromise()).toBe(5_000)
  })

  it('survives 2,000 all()s that fail synchronously', async () => {
    const fail = () => {
      throw new Error('sync')
    }
    function* saga(): Generator<any, number, any> {
      let caught = 0
      for (let i = 0; i < 2_000; i++) {
        try {
          yield all([call(fail), call(() => i)])
        } catch {
          caught++
        }
      }
      return caught
    }
    expect(await runSaga({}, saga).toPromise()).toBe(2_000)
  })

  it('delivers 32,768 actions put in one dispatch', async () => {
    const channel = stdChannel()
    const rawPut = channel.put
    let taken = 0
    channel.put = (action) => {
      if ((action as any).type === 'burst') for (let i = 0; i < 32_768; i++) rawPut({ type: 'test' })
      else rawPut(action)
    }
    const task = runSaga({ channel, dispatch: (a: any) => channel.put(a) }, function* () {
      yield takeEvery('test', () => {
        taken++
      })
      yield put({ type: 'burst' })
    })
    expect(taken).toBe(32_768)
    task.cancel()
  })

  it('delivers 10,000 synchronous puts in order to a taker', async () => {
    const channel = stdChannel()
    const seen: number[] = []
    function* taker(): Generator<any, void, any> {
      while (true) seen.push((yield take('N')).n)
    }
    function* putter() {
      for (let i = 0; i < 10_000; i++) yield put({ type: 'N', n: i })
    }
    const task = runSaga({ channel, dispatch: (a: any) => channel.put(a) }, function* () {
      yield fork(taker)
      yield fork(putter)
    })
    expect(seen.length).toBe(10_000)
    expect(seen.every((n, i) => n === i)).toBe(true)
    task.cancel()
  })
})

describe('stack safety (differential, reference sizes)', () => {
  it('runs 10,000 synchronous calls', async () => {
    await expectBoth(async (lib) => {
      let count = 0
      const { middleware } = reduxStore(lib)
      await middleware
        .run(function* () {
          for (let i = 0; i < 10_000; i++) yield lib.effects.call(() => count++)
        })
        .toPromise()
      return count
    }, 10_000)
  })

  for (const afterAsync of [false, true]) {
    const when = afterAsync ? ' after an asynchronous resumption' : ''
    it(`runs 1,500 synchronous calls, forks and puts in a called saga${when}`, async () => {
      await expectBoth(async (lib) => {
        const { call: c, fork: f, put: p } = lib.effects
        let calls = 0
        let forks = 0
        const { middleware, store } = reduxStore(lib, (state = { n: 0 }, action: any) => (action.type === 'INC' ? { n: state.n + 1 } : state))
        function* child() {
          forks++
        }
        function* parent() {
          if (afterAsync) yield Promise.resolve()
          for (let i = 0; i < 1500; i++) yield c(() => calls++)
          for (let i = 0; i < 1500; i++) yield f(child)
          for (let i = 0; i < 1500; i++) yield p({ type: 'INC' })
        }
        await middleware
          .run(function* () {
            yield c(parent)
          })
          .toPromise()
        return [calls, forks, store.getState().n]
      }, [1500, 1500, 1500])
    })
  }

  it('runs nested forks with puts at each level, in depth order', async () => {
    await expectBoth(async (lib) => {
      const { fork: f, put: p } = lib.effects
      const seen: number[] = []
      const { middleware, store } = reduxStore(lib, (state = { level: 0 }, action: any) => (action.type === 'LEVEL' ? { level: action.payload } : state))
      function* level(depth: number): Generator<any, void, any> {
        yield p({ type: 'LEVEL', payload: depth })
        seen.push(depth)
        if (depth < 8) yield f(level, depth + 1)
      }
      await middleware
        .run(function* () {
          yield f(level, 1)
        })
        .toPromise()
      return [seen, store.getState().level]
    }, [[1, 2, 3, 4, 5, 6, 7, 8], 8])
  })

  it('runs alternating puts, calls and forks, and 50 children putting at once', async () => {
    await expectBoth(async (lib) => {
      const { call: c, fork: f, put: p } = lib.effects
      const seen: string[] = []
      const { middleware, store } = reduxStore(lib, (state = { puts: 0 }, action: any) => (action.type === 'P' ? { puts: state.puts + 1 } : state))
      function* task() {
        seen.push('ran')
      }
      function* childWithPut() {
        yield p({ type: 'P' })
        seen.push('child')
      }
      function* alternating() {
        for (let i = 0; i < 200; i++) {
          yield p({ type: 'P' })
          yield c(task)
          yield f(task)
        }
        for (let i = 0; i < 50; i++) yield f(childWithPut)
      }
      await middleware
        .run(function* () {
          yield c(alternating)
        })
        .toPromise()
      return [seen.length, store.getState().puts]
    }, [450, 250])
  })

  it('stops a synchronous call loop at once when the task is cancelled from inside it', async () => {
    await expectBoth(async (lib) => {
      const { call: c, cancelled: isCancelled } = lib.effects
      const seen: unknown[] = []
      const cancelAt = 100
      function* loop(): Generator<any, void, any> {
        yield Promise.resolve()
        try {
          for (let i = 0; i < 10_000; i++) {
            yield c(() => {
              seen.push(i)
              if (i === cancelAt) task.cancel()
            })
          }
        } finally {
          seen.push(['finally', yield isCancelled()])
        }
      }
      const task = lib.runSaga({}, loop)
      await task.toPromise()
      return [seen.length, seen[seen.length - 2], seen[seen.length - 1]]
    }, [102, 100, ['finally', true]])
  })

  it('throws an error at the end of a long synchronous chain into the saga', async () => {
    await expectBoth(async (lib) => {
      const { call: c } = lib.effects
      function* saga(): Generator<any, unknown, any> {
        let n = 0
        try {
          for (let i = 0; i < 5_000; i++) n = yield c(() => i)
          yield c(() => {
            throw new Error(`failed after ${n}`)
          })
        } catch (e) {
          return (e as Error).message
        }
      }
      return lib.runSaga({}, saga).toPromise()
    }, 'failed after 4999')
  })
})

it('leaves the scheduler usable after a long synchronous burst', async () => {
  const channel = stdChannel()
  const seen: string[] = []
  runSaga({ channel, dispatch: (a: any) => channel.put(a) }, function* () {
    for (let i = 0; i < 50_000; i++) yield put({ type: 'noise' })
    seen.push((yield take('AFTER')).type)
  })
  await sleep(0)
  channel.put({ type: 'AFTER' })
  expect(seen).toEqual(['AFTER'])
})
