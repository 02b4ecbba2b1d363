import * as is from '../internal/is.js'
import { asap } from '../internal/scheduler.js'
import { resolvePromise } from './call.js'
import type { Runner } from './runner.js'

/**
 * `put(action)` / `put(channel, action)`: scheduled with `asap`, so a put issued while another
 * is being delivered waits for it (reference 3.1). Not cancellable: a queued put is dispatched
 * even if its task is cancelled first.
 */
export const runPut: Runner<{ channel: any; action: unknown; resolve?: boolean }> = (env, { channel, action, resolve }, frame) => {
  asap(() => {
    let result: unknown
    try {
      result = channel ? channel.put(action) : env.dispatch(action)
    } catch (error) {
      frame.settle(error, true)
      return
    }
    if (resolve && is.promise(result)) frame.setDisposer(resolvePromise(result, frame))
    else frame.settle(result)
  })
}
