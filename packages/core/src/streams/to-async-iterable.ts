import { isEnd, type TakeableChannel, type Taker } from '../channel.js'
import { checkKeys, describeValue, fail } from '../resilience/options.js'
import { thrownBy } from '../internal/thrown.js'
import { reportUncaught } from '../internal/report.js'
import * as is from '../internal/is.js'

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
   * Close the channel when the loop stops early (`break`, `return`, a `throw` in the body, or
   * an `Error` message that ends it), so a channel you own releases its source. Default false:
   * the channel may be shared.
   */
  readonly closeOnReturn?: boolean | undefined
}

/**
 * Lets plain async code consume a channel with `for await`: each iteration takes one message;
 * the loop ends on END; a message that is an `Error` is thrown (as `take` does). Stopping the
 * loop early cancels the pending take and, with `closeOnReturn`, closes the channel (also when
 * an `Error` message ends the loop, where `for await` calls no `return()`).
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

  /**
   * `closeOnReturn` and an Error message: ends the iteration, starts closing the channel, and
   * rejects with the error at once (not after the close: a source's cleanup may wait for its
   * own pending work). The iteration's error wins over one the close throws (as when a loop body
   * throws and return() fails too); that one is reported uncaught, not lost.
   */
  const closeAfterError = (error: unknown, reject: (error: unknown) => void): void => {
    stop()
    try {
      const closing: unknown = typeof channel.close === 'function' ? channel.close() : undefined
      if (is.promise(closing)) Promise.resolve(closing).catch(reportUncaught)
    } catch (closeError) {
      reportUncaught(closeError)
    }
    reject(error)
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
          } else if (message instanceof Error) {
            // The loop ends with this error, and `for await` calls no return() after a next()
            // that rejects: a channel the loop owns is closed here, or nothing would close it.
            if (options.closeOnReturn) closeAfterError(thrownBy(message), reject)
            else reject(thrownBy(message))
          } else resolve({ done: false, value: message })
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
