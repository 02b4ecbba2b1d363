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
  const taker: Taker<unknown> = (action) => {
    if (!isEnd(action)) env.channel.take(taker, match)
    chan.put(action)
  }
  const close = chan.close
  chan.close = () => {
    taker.cancel?.()
    close()
  }
  env.channel.take(taker, match)
  frame.settle(chan)
}
