import { isEnd, type TakeableChannel, type Taker } from '../channel.js'
import { checkKeys, describeValue, fail } from '../resilience/options.js'
import { thrownBy } from '../internal/thrown.js'

/**
 * Options of `toAsyncIterable`.
 *
 * @example
 * ```ts
 * const options: ToAsyncIterableOptions = { closeOnReturn: true }
 * ```
 */
export interface ToAsyncIterableOptions {
  /**
   * Close the channel when the loop stops early (`break`, `return`, a `throw` in the body), so a
   * channel you own releases its source. Default false: the channel may be shared.
   */
  readonly closeOnReturn?: boolean | undefined
}

/**
 * Lets plain async code consume a channel with `for await`: each iteration takes one message;
 * the loop ends on END; a message that is an `Error` is thrown (as `take` does). Stopping the
 * loop early cancels the pending take and, with `closeOnReturn`, closes the channel.
 *
 * @example
 * ```ts
 * const events = eventChannel<Tick>((emit) => clock.subscribe(emit))
 * for await (const tick of toAsyncIterable(events)) {
 *   render(tick)
 *   if (tick.last) break
 * }
 * ```
 */
export function toAsyncIterable<T>(
  channel: TakeableChannel<T> & { close?: () => unknown },
  options: ToAsyncIterableOptions = {},
): AsyncIterableIterator<T> {
  if (!channel || typeof channel.take !== 'function') {
    throw new TypeError(`toAsyncIterable(channel): channel must be a channel (with take), got ${describeValue(channel)}`)
  }
  if (options === null || typeof options !== 'object') throw new TypeError(`toAsyncIterable(channel, options): options must be an object { closeOnReturn? }, got ${describeValue(options)}`)
  checkKeys('toAsyncIterable(channel, options)', 'options', options, ['closeOnReturn'])
  if (options.closeOnReturn !== undefined && typeof options.closeOnReturn !== 'boolean') {
    fail('toAsyncIterable(channel, options)', 'options.closeOnReturn', 'a boolean', options.closeOnReturn)
  }
  let finished = false
  // Takes in flight, each with the resolver of its `next()` promise.
  const pending = new Map<Taker<T>, (result: IteratorResult<T>) => void>()

  const stop = (): void => {
    finished = true
    const waiting = [...pending]
    pending.clear()
    for (const [taker, resolve] of waiting) {
      taker.cancel?.()
      resolve({ done: true, value: undefined })
    }
  }

  return {
    next(): Promise<IteratorResult<T>> {
      if (finished) return Promise.resolve({ done: true, value: undefined })
      return new Promise((resolve, reject) => {
        const taker: Taker<T> = (message) => {
          pending.delete(taker)
          if (isEnd(message)) {
            finished = true
            resolve({ done: true, value: undefined })
          } else if (message instanceof Error) reject(thrownBy(message))
          else resolve({ done: false, value: message })
        }
        pending.set(taker, resolve)
        channel.take(taker)
      })
    },
    async return(): Promise<IteratorResult<T>> {
      if (!finished) {
        stop()
        if (options.closeOnReturn && typeof channel.close === 'function') await channel.close()
      }
      return { done: true, value: undefined }
    },
    [Symbol.asyncIterator]() {
      return this
    },
  }
}
