/* global AbortController */
// Linked tokens: a long-lived parent (a token, and an AbortSignal) linked 1,000,000 times by
// CancellationToken.any and by sources with parents, each link then disposed or cancelled
// (CONTRACT §2: "no leak when a long-lived parent is linked a million times").
import { CancellationToken, CancellationTokenSource } from '@sagaflow/cancellation'
import { registrationCount } from '../../../cancellation/dist/esm/internal/inspect.js'
import { MB, abortListeners, measureSync } from './harness.mjs'

const parent = new CancellationTokenSource()
const controller = new AbortController()
const signalToken = CancellationToken.from(controller.signal)

function links(n) {
  for (let i = 0; i < n; i++) {
    switch (i % 4) {
      case 0:
        CancellationToken.any([parent.token, controller.signal]).dispose()
        break
      case 1: {
        const child = new CancellationTokenSource({ parents: [parent.token, controller.signal], timeoutMs: 60_000 })
        child.token.onCancel(() => {})
        child.dispose()
        break
      }
      case 2: {
        // Cancelled (not disposed): it unlinks itself from its parents.
        const child = new CancellationTokenSource({ parents: [parent.token, controller.signal] })
        void child.token.signal
        child.cancel('done')
        break
      }
      default: {
        // A chain: grandchild of the parent through a linked token.
        const middle = CancellationToken.any([parent.token])
        const leaf = CancellationToken.any([middle, controller.signal])
        leaf.whenCancelled()
        leaf.dispose()
        middle.dispose()
      }
    }
  }
}

await measureSync('linked tokens', {
  warmup: 10_000,
  cycles: 1_000_000,
  tolerance: 1 * MB,
  batch: links,
  counts: () => ({
    parentRegistrations: registrationCount(parent.token),
    signalTokenRegistrations: registrationCount(signalToken),
    signalListeners: abortListeners(controller.signal),
  }),
})
