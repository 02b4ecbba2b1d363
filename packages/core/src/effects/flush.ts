import type { Runner } from './runner.js'

/** `flush(channel)`: every buffered message, or END. A channel without `buffer.flush` throws from the runner (reference quirk 4.5). */
export const runFlush: Runner<{ flush(cb: (items: unknown) => void): void }> = (_env, channel, frame) => {
  channel.flush(frame.callback())
}
