// 100,000 take/cancel cycles: a forked task waits in take (alone, in a race, with its
// AbortSignal read) and is cancelled; the stdChannel's takers and the tasks must not pile up.
import { runSaga, stdChannel } from '@sagaflow/core'
import { abortSignal, cancel, fork, race, take } from '@sagaflow/core/effects'
import { MB, abortListeners, measureSync } from './harness.mjs'

const channel = stdChannel()
const dispatch = (action) => channel.put(action)
const signals = new Set()

function* waitAlone() {
  yield take('NEVER')
}
function* waitInRace() {
  yield race({ a: take('A'), b: take(['B', 'C']) })
}
function* waitWithSignal() {
  const signal = yield abortSignal()
  signals.add(signal)
  yield take('NEVER')
}
const waiters = [waitAlone, waitInRace, waitWithSignal]

function* cycles(n) {
  for (let i = 0; i < n; i++) {
    const task = yield fork(waiters[i % 3])
    yield cancel(task)
  }
}

// One long-lived watcher on the same channel, so the channel's taker list is in use throughout.
runSaga({ channel, dispatch }, function* watcher() {
  while (true) yield take('TICK')
})

let aborted = true
await measureSync('take/cancel cycles', {
  warmup: 2_000,
  cycles: 100_000,
  tolerance: 1 * MB,
  batch: (n) => {
    runSaga({ channel, dispatch }, cycles, n)
    for (const signal of signals) {
      aborted &&= signal.aborted && abortListeners(signal) === 0
    }
    signals.clear()
    dispatch({ type: 'TICK' })
  },
  counts: () => ({ signalsAbortedWithNoListenersLeft: aborted }),
})
