// A long-running watcher traced in bounded mode (createTracer({ maxEffects })): after 100,000
// actions (each a worker with a call, a select and a put) the heap is back where it was after
// the warm-up, and the tracer keeps at most maxEffects finished effects.
import { VirtualClock } from '@sagaflow/cancellation'
import { createTracer, runSaga, stdChannel } from '@sagaflow/core'
import { call, put, select, takeEvery } from '@sagaflow/core/effects'
import { MB, measureSync } from './harness.mjs'

const MAX_EFFECTS = 1_000
const clock = new VirtualClock()
const tracer = createTracer({ clock, maxEffects: MAX_EFFECTS })
const channel = stdChannel()
let state = 0
const dispatch = (action) => {
  if (action.type === 'DONE') state++
  channel.put(action)
}

function* worker(action) {
  const doubled = yield call((n) => n * 2, action.n)
  yield select((s) => s)
  yield put({ type: 'DONE', doubled })
}

runSaga({ channel, dispatch, getState: () => state, sagaMonitor: tracer, clock }, function* watcher() {
  yield takeEvery('TICK', worker)
})

let n = 0
await measureSync('tracer in bounded mode', {
  warmup: 20_000,
  cycles: 100_000,
  tolerance: 1 * MB,
  batch: (count) => {
    for (let i = 0; i < count; i++) {
      dispatch({ type: 'TICK', n: n++ })
      if (i % 100 === 0) clock.advance(1)
    }
  },
  counts: () => {
    const snapshot = tracer.toJSON()
    return {
      finishedEffectsKept: snapshot.effects.filter((e) => e.end !== null).length,
      withinBound: snapshot.effects.filter((e) => e.end !== null).length <= MAX_EFFECTS,
      tasksKept: snapshot.tasks.length,
    }
  },
})
