import { isEnd, type Taker } from '../channel.js'
import * as is from '../internal/is.js'
import { matcher, type Pattern } from '../matcher.js'
import { TERMINATE } from '../symbols.js'
import type { Runner } from './runner.js'

/**
 * `take(pattern)` / `take(channel)`: registers a taker. An Error message is thrown into the saga;
 * END terminates the saga unless `maybe` (takeMaybe).
 */
export const runTake: Runner<{ channel?: any; pattern?: Pattern; maybe?: boolean }> = (env, payload, frame) => {
  const channel = payload.channel === undefined ? env.channel : payload.channel
  const maybe = payload.maybe
  const taker: Taker<unknown> = (input) => {
    if (input instanceof Error) return frame.settle(input, true)
    if (isEnd(input) && !maybe) return frame.settle(TERMINATE)
    frame.settle(input)
  }
  try {
    channel.take(taker, is.notUndef(payload.pattern) ? matcher(payload.pattern!) : null)
  } catch (error) {
    frame.settle(error, true)
    return
  }
  return taker.cancel
}
