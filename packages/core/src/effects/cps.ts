import * as is from '../internal/is.js'
import type { CallPayload } from '../io.js'
import { userCancel } from './call.js'
import type { Runner } from './runner.js'

/** `cps(fn, ...args)`: `fn(...args, (err, res) => ...)`; if `fn` set `callback.cancel`, it is the disposer. */
export const runCps: Runner<CallPayload> = (_env, { context, fn, args }, frame) => {
  try {
    const callback = (error: unknown, result?: unknown): void => {
      if (is.undef(error)) frame.settle(result)
      else frame.settle(error, true)
    }
    fn.apply(context, args.concat(callback))
    // Any truthy `cancel`, as the reference (`if (cpsCb.cancel)`): one that is not a function
    // throws when the effect is cancelled (userCancel).
    const cancel = (callback as { cancel?: unknown }).cancel
    if (cancel) return userCancel(cancel)
  } catch (error) {
    frame.settle(error, true)
  }
}
