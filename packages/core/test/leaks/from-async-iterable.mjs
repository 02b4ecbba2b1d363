/* global setImmediate */
// fromAsyncIterable close, 100,000 times: a saga takes one record of an endless async generator
// and stops (closing the channel, or being cancelled while it holds the channel through use());
// every producer's finally must run, and nothing may pile up.
import { runSaga } from '@sagaflow/core'
import { call, cancel, fork, fromAsyncIterable, join, take, use } from '@sagaflow/core/effects'
import { MB, measure } from './harness.mjs'

let started = 0
let finished = 0

async function* records() {
  started++
  try {
    for (let i = 0; ; i++) yield { i }
  } finally {
    finished++
  }
}

function* closeAfterOne() {
  const chan = fromAsyncIterable(records())
  try {
    yield take(chan)
  } finally {
    chan.close()
  }
}

function* holdUntilCancelled() {
  const chan = yield use(fromAsyncIterable(records()), (c) => c.close())
  yield take(chan)
  yield take('NEVER')
}

function* batch(n) {
  const tasks = []
  for (let i = 0; i < n; i++) tasks.push(yield fork(i % 2 === 0 ? closeAfterOne : holdUntilCancelled))
  // Every other one is cancelled at once (a pull in flight); the rest once they got their record.
  for (let i = 1; i < n; i += 4) yield cancel(tasks[i])
  yield call(() => new Promise((resolve) => setImmediate(resolve)))
  for (const task of tasks) if (task.isRunning()) yield cancel(task)
  yield join(tasks)
}

await measure('fromAsyncIterable close', {
  warmup: 5,
  cycles: 100,
  tolerance: 1 * MB,
  // 1,000 channels per cycle: 100,000 in the measured part.
  cycle: async () => {
    const task = runSaga({}, batch, 1_000)
    await task.toPromise()
  },
  counts: () => ({ producersStillOpen: started - finished }),
})
