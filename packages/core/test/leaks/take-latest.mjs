/* global AbortController */
// takeLatest churn: 100,000 actions, each cancelling the previous worker. A worker links its
// task's token to a long-lived app token (CancellationToken.any) and waits on a request that
// listens to the linked signal; the root saga is bound to a shared AbortSignal (runSaga's
// `signal`). Registrations on the shared token and listeners on the shared signal must not grow,
// and once the root ends they return to zero registrations.
import { CancellationToken, CancellationTokenSource } from '@sagaflow/cancellation'
import { END, runSaga, stdChannel } from '@sagaflow/core'
import { call, cancellationToken, takeLatest } from '@sagaflow/core/effects'
import { registrationCount } from '../../../cancellation/dist/esm/internal/inspect.js'
import { MB, abortListeners, heap, measure, settle } from './harness.mjs'

const app = new CancellationTokenSource()
const shutdown = new AbortController()
const shutdownToken = CancellationToken.from(shutdown.signal)
const channel = stdChannel()
const dispatch = (action) => channel.put(action)
let requests = 0

/** A request that ends when its signal aborts (the way fetch does). */
function request(signal) {
  requests++
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => {
      requests--
      resolve('aborted')
    }, { once: true })
  })
}

function* worker() {
  const token = yield cancellationToken()
  const linked = CancellationToken.any([token, app.token])
  try {
    yield call(request, linked.signal)
  } finally {
    linked.dispose()
  }
}

const root = runSaga({ channel, dispatch, signal: shutdown.signal }, function* root() {
  yield takeLatest('GO', worker)
})

const counts = () => ({
  appRegistrations: registrationCount(app.token),
  shutdownRegistrations: registrationCount(shutdownToken),
  shutdownSignalListeners: abortListeners(shutdown.signal),
  pendingRequests: requests,
})

await measure('takeLatest churn', {
  warmup: 20,
  cycles: 100,
  tolerance: 1 * MB,
  // 1,000 actions per cycle: 100,000 in the measured part.
  cycle: async () => {
    for (let i = 0; i < 1_000; i++) dispatch({ type: 'GO' })
    await settle(1)
  },
  counts,
})

// The end: END stops the watcher, the last worker is cancelled... and the root's link to the
// shared signal is released once the root has ended.
dispatch(END)
root.cancel()
await root.toPromise()
await heap()
console.log(JSON.stringify({ name: 'takeLatest churn: after the root ended', ...counts(), rootRunning: root.isRunning() }))
