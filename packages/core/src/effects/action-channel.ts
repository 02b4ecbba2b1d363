import type { Buffer } from '../buffers.js'
import { channel, isEnd, type Taker } from '../channel.js'
import { matcher, type Pattern } from '../matcher.js'
import type { Runner } from './runner.js'

/**
 * `actionChannel(pattern, buffer)`: a channel that subscribes to the store's channel now and
 * re-subscribes after every delivered action, so none is missed; END is forwarded as a message.
 * Closing it unsubscribes.
 */
export const runActionChannel: Runner<{ pattern: Pattern; buffer?: Buffer<unknown> }> = (env, { pattern, buffer }, frame) => {
  const chan = channel(buffer)
  const match = matcher(pattern)
  // Named `_taker` and its `cancel` called unguarded on purpose: an actionChannel created after
  // END never registered (the closed channel answered END at once), and closing it then throws
  // "_taker.cancel is not a function", word for word as the reference (fuzzer seeds 1154, 22058).
  const _taker: Taker<unknown> = (action) => {
    if (!isEnd(action)) env.channel.take(_taker, match)
    chan.put(action)
  }
  const close = chan.close
  chan.close = () => {
    ;(_taker.cancel as () => void)()
    close()
  }
  env.channel.take(_taker, match)
  frame.settle(chan)
}
