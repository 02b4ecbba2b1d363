import { describe, expect, it } from 'vitest'
import { all, allSettled, call, delay, fork, put, spawn, supervise, take, takeEvery, timeout } from '@sagaflow/core'
import { expectSaga, formatTrace } from '@sagaflow/testing'

function* child(n: number) {
  yield put({ type: 'CHILD', n })
}
function* loadAll() {
  yield all([put({ type: 'IN_ALL_1' }), put({ type: 'IN_ALL_2' })])
  return 'loaded'
}
function* parent() {
  yield fork(child, 1)
  yield spawn(child, 2)
  yield call(loadAll)
  yield put({ type: 'PARENT' })
}

describe('expectSaga(): effects by task', () => {
  it('attributes each effect to the task that yielded it, not merged across forks', async () => {
    const { effectsByTask, effects } = await expectSaga(parent).run()
    expect(Object.keys(effectsByTask)).toEqual(['parent', 'child', 'child#2', 'loadAll'])
    expect(effectsByTask.parent).toEqual([fork(child, 1), spawn(child, 2), call(loadAll), put({ type: 'PARENT' })])
    expect(effectsByTask.child).toEqual([put({ type: 'CHILD', n: 1 })])
    expect(effectsByTask['child#2']).toEqual([put({ type: 'CHILD', n: 2 })])
    expect(effectsByTask.loadAll!.put).toEqual([put({ type: 'IN_ALL_1' }), put({ type: 'IN_ALL_2' })])
    expect(effects.put).toHaveLength(5)
  })

  it('names helper tasks as the runtime does, and lists forks without effects', async () => {
    function* worker(action: { type: string }) {
      yield put({ type: 'HANDLED', of: action.type })
    }
    function* idle() {}
    function* root() {
      yield takeEvery('PING', worker)
      yield fork(idle)
    }
    const { effectsByTask, trace } = await expectSaga(root).dispatch({ type: 'PING' }).dispatch({ type: 'PING' }).run()
    expect(Object.keys(effectsByTask)).toEqual(['root', 'takeEvery(PING, worker)', 'idle', 'worker', 'worker#2'])
    expect(effectsByTask['takeEvery(PING, worker)']!.take).toHaveLength(3)
    expect(effectsByTask.idle).toEqual([])
    expect(formatTrace(trace).split('\n')[0]).toBe("     0 ms  root  takeEvery('PING', worker)  -> Task(takeEvery(PING, worker))")
  })

  it('traces effects and dispatches in order, with virtual times and outcomes', async () => {
    function* saga() {
      const action: { type: string } = yield take('GO')
      yield delay(250)
      yield put({ type: 'DONE', after: action.type })
    }
    const { trace } = await expectSaga(saga).dispatchAt(100, { type: 'GO' }).run()
    expect(trace.map((entry) => (entry.kind === 'dispatch' ? ['dispatch', entry.at] : [entry.task, entry.startedAt, entry.endedAt, entry.outcome.status]))).toEqual([
      ['saga', 0, 100, 'ok'],
      ['dispatch', 100],
      ['saga', 100, 350, 'ok'],
      ['saga', 350, 350, 'ok'],
    ])
    expect(formatTrace(trace)).toBe(
      [
        "     0 ms  saga  take('GO')  -> { type: 'GO' }",
        "   100 ms  (test)  dispatch { type: 'GO' }",
        '   100 ms  saga  delay(250)  -> true',
        "   350 ms  saga  put({ type: 'DONE', after: 'GO' })  ok",
      ].join('\n'),
    )
  })

  it("attributes the effects run by sagaflow's own effects (timeout, supervise, allSettled) to the right tasks", async () => {
    function* worker(n: number) {
      yield put({ type: 'WORKED', n })
      return n
    }
    function* crashOnce() {
      yield put({ type: 'SUPERVISED' })
    }
    function* root() {
      yield timeout(1_000, call(worker, 1))
      yield allSettled([call(worker, 2), delay(10)])
      yield supervise(crashOnce, { restart: 'on-error', maxRestarts: 1, withinMs: 1_000 })
    }
    const { effectsByTask, effects } = await expectSaga(root).run()
    expect(Object.keys(effectsByTask)).toEqual(['root', 'worker', 'worker#2', 'crashOnce'])
    expect(effectsByTask.root!.call).toEqual([call(worker, 1), call(worker, 2), call(crashOnce)])
    expect(effectsByTask.root!.delay).toEqual([delay(10)])
    expect(effectsByTask.worker).toEqual([put({ type: 'WORKED', n: 1 })])
    expect(effectsByTask.crashOnce).toEqual([put({ type: 'SUPERVISED' })])
    expect(effects.ofKind('timeout')).toHaveLength(1)
  })

  it('formatTrace() rejects what is not a trace, or a bad limit, naming it', () => {
    expect(() => formatTrace(undefined as any)).toThrow(new TypeError('formatTrace(trace, limit?): trace must be an array of trace entries (result.trace), got undefined'))
    expect(() => formatTrace([undefined] as any)).toThrow(
      "formatTrace(trace, limit?): trace[0] is not a trace entry ({ kind: 'effect' | 'dispatch', ... } from result.trace), got undefined",
    )
    expect(() => formatTrace([], Symbol('n') as any)).toThrow('formatTrace(trace, limit?): limit must be an integer >= 0 (the most lines to print), got Symbol(n)')
    expect(() => formatTrace([], -1)).toThrow('limit must be an integer >= 0')
    expect(formatTrace([], 0)).toBe('')
  })

  it('lists in blocked each task still running and what it waited on', async () => {
    function* waiter() {
      yield take('NEVER')
    }
    function* root() {
      yield fork(waiter)
      yield call(function* sub() {
        yield delay(100_000)
      })
    }
    const { blocked } = await expectSaga(root).run()
    expect(blocked).toEqual([
      { task: 'root', effect: expect.objectContaining({ type: 'CALL' }) },
      { task: 'waiter', effect: take('NEVER') },
      { task: 'sub', effect: delay(100_000) },
    ])
  })
})
