/* global AbortController, EventTarget, CustomEvent */
// eventChannel subscribe/close, 100,000 times: every channel subscribes a listener to one shared
// AbortSignal and to one shared EventTarget; closing it (close(), emit(END), or cancelling the
// task blocked on it) must unsubscribe, so the shared listeners return to zero.
import { END, eventChannel, runSaga } from '@sagaflow/core'
import { call, cancel, fork, take } from '@sagaflow/core/effects'
import { getEventListeners } from 'node:events'
import { MB, abortListeners, measureSync } from './harness.mjs'

const shared = new AbortController()
const bus = new EventTarget()
let subscribed = 0
let unsubscribed = 0

function subscribe(emit) {
  subscribed++
  const onAbort = () => emit(END)
  const onMessage = (event) => emit(event.detail)
  shared.signal.addEventListener('abort', onAbort)
  bus.addEventListener('message', onMessage)
  return () => {
    unsubscribed++
    shared.signal.removeEventListener('abort', onAbort)
    bus.removeEventListener('message', onMessage)
  }
}

function* reader(chan) {
  yield take(chan)
}

function* cycles(n) {
  for (let i = 0; i < n; i++) {
    const chan = yield call(eventChannel, subscribe)
    const task = yield fork(reader, chan)
    if (i % 3 === 0) chan.close()
    else if (i % 3 === 1) yield cancel(task)
    // i % 3 === 2: a message ends the reader, then close
    else {
      bus.dispatchEvent(new CustomEvent('message', { detail: { type: 'M', i } }))
      chan.close()
    }
    if (i % 3 === 1) chan.close()
  }
}

await measureSync('eventChannel subscribe/close', {
  warmup: 2_000,
  cycles: 100_000,
  tolerance: 1 * MB,
  batch: (n) => runSaga({}, cycles, n),
  counts: () => ({
    sharedAbortListeners: abortListeners(shared.signal),
    sharedBusListeners: getEventListeners(bus, 'message').length,
    stillSubscribed: subscribed - unsubscribed,
  }),
})
