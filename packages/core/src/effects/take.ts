import { ADD_TAKER, isEnd, TakerNode, type Taker } from '../channel.js'
import * as is from '../internal/is.js'
import type { Frame } from '../internal/proc.js'
import { matcher, wildcard, type Pattern } from '../matcher.js'
import { TERMINATE } from '../symbols.js'
import type { Runner } from './runner.js'

/** A `take` registered on a multicast channel: taker, channel node and disposer in one object. */
class FrameTaker extends TakerNode {
  constructor(
    private readonly frame: Frame,
    private readonly maybe: boolean | undefined,
  ) {
    super()
  }
  deliver(input: unknown): void {
    settleTake(this.frame, this.maybe, input)
  }
}

function settleTake(frame: Frame, maybe: boolean | undefined, input: unknown): void {
  if (input instanceof Error) return frame.settle(input, true)
  if (isEnd(input) && !maybe) return frame.settle(TERMINATE)
  frame.settle(input)
}

/**
 * `take(pattern)` / `take(channel)`: registers a taker. An Error message is thrown into the saga;
 * END terminates the saga unless `maybe` (takeMaybe). On the multicast channels made by
 * `channel.ts` the taker is one FrameTaker, and a string pattern needs no matcher (its per-type
 * list is the match); any other channel gets a callback, as in the reference.
 */
export const runTake: Runner<{ channel?: any; pattern?: Pattern; maybe?: boolean }> = (env, payload, frame) => {
  const channel = payload.channel === undefined ? env.channel : payload.channel
  const maybe = payload.maybe
  const pattern = payload.pattern
  try {
    // `channel.take` on null/undefined must still throw its own TypeError, below.
    const addTaker = channel != null ? channel[ADD_TAKER] : undefined
    if (addTaker !== undefined) {
      const node = new FrameTaker(frame, maybe)
      if (typeof pattern === 'string' && pattern !== '*') addTaker(node, pattern, null)
      else {
        const match = is.notUndef(pattern) ? matcher(pattern!) : wildcard
        addTaker(node, match.key, match)
      }
      return node
    }
    const taker: Taker<unknown> = (input) => settleTake(frame, maybe, input)
    channel.take(taker, is.notUndef(pattern) ? matcher(pattern!) : null)
    return taker.cancel
  } catch (error) {
    frame.settle(error, true)
    return
  }
}
