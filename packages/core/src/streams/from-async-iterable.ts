/*
 * A channel pulled from an (async or sync) iterable.
 *
 * Protocol
 * - Lazy: the iterator is created on the first `take`, and `next()` is called only while
 *   `takers waiting + readAhead - items buffered > 0`, one call at a time. With the default
 *   read-ahead of 0 that is "only when a taker waits": a consumer that stops early leaves the
 *   rest of the source unread (a paginated source fetches only the pages it needed).
 * - An item that arrives after its taker went away (cancelled while the pull was in flight) is
 *   buffered, never lost, so the buffer holds at most `readAhead + 1` items.
 * - The iterable ending gives END (after the buffered items); an error it throws is given to the
 *   first waiting taker (`take` throws it into the saga) or kept for the next `take`, then END.
 * - `close()` gives END to waiting takers and calls `iterator.return()` at once, so the
 *   producer's `finally` runs, also with a pull in flight: an async generator queues the return
 *   behind that pull (its `finally` runs once the pending `await` settles), and an iterator that
 *   is not a generator (`events.on(emitter, name)`, a stream's reader) ends the pending `next()`,
 *   which may never settle by itself (no next event). The value of that pull is dropped. Items
 *   already buffered can still be taken, as with the reference's channels.
 * - Sync iterators are pulled synchronously (a thenable item is awaited, as `for await` does;
 *   an item that rejects closes the iterator, as the current spec of `for await` does).
 */
import type { END, EventChannel, Taker } from '../channel.js'
import { END as END_MESSAGE } from '../channel.js'
import { bufferCapacity, type Buffer } from '../buffers.js'
import * as is from '../internal/is.js'
import { describeValue, fail as badArgument } from '../resilience/options.js'
import { ThrownValue } from '../internal/thrown.js'
import { reportUncaught } from '../internal/report.js'

/**
 * The channel `fromAsyncIterable` returns: `take(ch)`, `takeMaybe(ch)` and `flush(ch)` work on it
 * like on the reference's channels.
 *
 * @example
 * ```ts
 * const rows: AsyncIterableChannel<Row> = fromAsyncIterable(db.streamRows())
 * const row = yield* take(rows)
 * ```
 */
export interface AsyncIterableChannel<T> extends EventChannel<T> {
  /**
   * Stops the channel: waiting takers get END, and `iterator.return()` is called at once so the
   * producer's `finally` runs (an async generator busy in an `await` runs it once that settles;
   * an iterator such as `events.on(...)` ends its pending pull). Idempotent. The returned promise
   * resolves when the producer has finished its cleanup and rejects if that cleanup threw;
   * ignoring it is safe (it never becomes an unhandled rejection).
   */
  close(): Promise<void>
}

type AnyIterator<T> = Iterator<T> | AsyncIterator<T>

const API = 'fromAsyncIterable(iterable, buffer?)'

/** See the end of `fromAsyncIterable`. */
const CHANNEL_PULLING = Symbol.for('@sagaflow/channel-pulling')

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as any).then === 'function'
}

async function awaitValue<T>(result: IteratorResult<T>): Promise<IteratorResult<T>> {
  return result.done ? result : { done: false, value: await result.value }
}

/**
 * A thrown value as a channel message: an Error as it is, anything else in a ThrownValue, which
 * the takers unwrap (internal/thrown.ts), so the saga catches what the iterable threw.
 */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown
  return new ThrownValue(thrown, `fromAsyncIterable: the iterable threw a non-Error value: ${describeValue(thrown)}`)
}

/**
 * Creates a channel fed by `iterable` (an async iterable, e.g. an async generator or a Node
 * stream, or a sync one), pulled lazily: the iterator is started by the first `take`, and its
 * `next()` is called only when a taker waits or, with `buffer` > 0, to keep up to `buffer` items
 * read ahead. So a saga that takes 10 records of a paginated source and stops fetches only the
 * pages those 10 records needed.
 *
 * The iterable ending gives END (a `take` terminates the saga, `takeMaybe` returns END); an error
 * it throws is thrown into the taker as it was thrown (a non-Error value too). `close()` calls
 * `iterator.return()` at once, so the producer's `finally` runs, even when a pull is in flight
 * (an async generator busy in an `await` queues the return until that settles). Tie the channel
 * to the task that uses it, so that cancelling the task closes it:
 * `yield* use(fromAsyncIterable(src), (c) => c.close())`, or a `try/finally`. Like the reference's
 * channels, an item that is itself an `Error` is thrown into the taker.
 *
 * @param buffer how many items may be read ahead of the takers (default 0: pull on demand only),
 * or a buffer from `buffers` (`buffers.fixed(5)`, `buffers.sliding(5)`...): its size is how far
 * the channel reads ahead (`buffers.none()`: on demand). The channel pulls only while there is
 * room, so nothing is ever dropped or overflows.
 *
 * @example
 * ```ts
 * async function* orders(api: Api) {
 *   for (let page = 1; ; page++) {
 *     const { items, last } = await api.fetchOrders(page)
 *     yield* items
 *     if (last) return
 *   }
 * }
 *
 * function* firstTen(api: Api) {
 *   const ch = fromAsyncIterable(orders(api))
 *   try {
 *     const out: Order[] = []
 *     while (out.length < 10) out.push(yield* take(ch)) // one page fetched, not all of them
 *     return out
 *   } finally {
 *     ch.close() // the generator's finally runs
 *   }
 * }
 * ```
 */
export function fromAsyncIterable<T>(iterable: AsyncIterable<T> | Iterable<T | PromiseLike<T>>, buffer: number | Buffer<T> = 0): AsyncIterableChannel<T> {
  const source = iterable as any
  if (source === null || source === undefined || (typeof source[Symbol.asyncIterator] !== 'function' && typeof source[Symbol.iterator] !== 'function')) {
    throw new TypeError(`${API}: iterable must be an async or sync iterable, got ${describeValue(iterable)}`)
  }
  let readAhead: number
  if (typeof buffer === 'number' && Number.isInteger(buffer) && buffer >= 0) readAhead = buffer
  else if (is.buffer(buffer)) readAhead = bufferCapacity(buffer as Buffer<T>)
  else badArgument(API, 'buffer', 'an integer >= 0 or a buffer (buffers.fixed(n), buffers.sliding(n), ...)', buffer)

  let iterator: AnyIterator<T> | null = null
  let isSync = false
  const items: T[] = []
  const takers: Taker<T>[] = []
  let pulling = false
  /** The iterable ended (done, threw) or the channel was closed: no more pulls. */
  let ended = false
  let closed = false
  let pendingError: Error | null = null
  let closing: Promise<void> | null = null

  function start(): void {
    if (iterator || ended) return
    try {
      isSync = typeof source[Symbol.asyncIterator] !== 'function'
      const made = isSync ? source[Symbol.iterator]() : source[Symbol.asyncIterator]()
      if (made === null || (typeof made !== 'object' && typeof made !== 'function') || typeof made.next !== 'function') {
        const method = isSync ? 'Symbol.iterator' : 'Symbol.asyncIterator'
        throw new TypeError(`${API}: the iterable's [${method}]() returned ${describeValue(made)}, not an iterator (an object with a next() method)`)
      }
      iterator = made
    } catch (error) {
      fail(error)
    }
  }

  /**
   * What `for await` checks: a `next()` result must be an object (`{ done, value }`). Anything
   * else would read as an item `undefined`, or throw inside a promise callback (an unhandled
   * rejection, and a taker left waiting forever).
   */
  function checkResult(result: unknown): asserts result is IteratorResult<T> {
    if (result === null || (typeof result !== 'object' && typeof result !== 'function')) {
      throw new TypeError(`${API}: the iterator's next() gave ${describeValue(result)}, not an iterator result ({ done, value })`)
    }
  }

  function wanted(): boolean {
    return !ended && !pulling && takers.length + readAhead - items.length > 0
  }

  /** Pulls while there is demand; synchronous results loop here instead of recursing. */
  function pump(): void {
    while (wanted()) {
      pulling = true
      let result: IteratorResult<T> | PromiseLike<IteratorResult<T>>
      try {
        result = iterator!.next()
      } catch (error) {
        pulling = false
        fail(error)
        return
      }
      if (isSync) {
        try {
          checkResult(result)
        } catch (error) {
          pulling = false
          fail(error)
          return
        }
        if (!isThenable(result) && !isThenable(result.value)) {
          pulling = false
          received(result)
          continue
        }
      }
      // `for await` over a sync iterable awaits each item; do the same.
      const pulled = iterator!
      const settled = isSync ? Promise.resolve(result).then(awaitValue<T>) : Promise.resolve(result)
      settled.then(
        (r) => {
          pulling = false
          if (closed) return
          if (!isSync) {
            try {
              checkResult(r)
            } catch (error) {
              fail(error)
              return
            }
          }
          received(r)
          pump()
        },
        (error) => {
          pulling = false
          if (closed) return
          // An item of a sync iterator that rejects: the iterator itself is still open (its
          // next() did not throw), so it is closed, its `finally` runs, as `for await` does
          // (current spec); the item's error is what the taker gets.
          if (isSync) closeRejected(pulled)
          fail(error)
        },
      )
      return
    }
  }

  function received(result: IteratorResult<T>): void {
    if (result.done) {
      ended = true
      iterator = null
      if (items.length === 0) endTakers()
      return
    }
    const taker = takers.shift()
    if (taker) taker(result.value)
    else items.push(result.value)
  }

  function fail(thrown: unknown): void {
    ended = true
    iterator = null
    const error = asError(thrown)
    const taker = takers.shift()
    if (taker) {
      taker(error as unknown as T)
      endTakers()
    } else pendingError = error
  }

  function endTakers(): void {
    const waiting = takers.splice(0, takers.length)
    for (const taker of waiting) taker(END_MESSAGE)
  }

  function take(cb: Taker<T>): void {
    if (items.length > 0) {
      cb(items.shift()!)
      if (!closed) pump()
      return
    }
    if (pendingError) {
      const error = pendingError
      pendingError = null
      return cb(error as unknown as T)
    }
    if (ended || closed) return cb(END_MESSAGE)
    takers.push(cb)
    cb.cancel = () => {
      const index = takers.indexOf(cb)
      if (index >= 0) takers.splice(index, 1)
    }
    start()
    pump()
  }

  function flush(cb: (messages: T[] | END) => void): void {
    if (items.length === 0 && (ended || closed) && !pendingError) return cb(END_MESSAGE)
    cb(items.splice(0, items.length))
  }

  function callReturn(it: AnyIterator<T>): Promise<void> {
    try {
      const result = typeof it.return === 'function' ? it.return() : undefined
      return Promise.resolve(result).then(() => undefined)
    } catch (error) {
      return Promise.reject(error)
    }
  }

  /** Closes a sync iterator whose item rejected; an error of its return() is reported uncaught, not lost. */
  function closeRejected(it: AnyIterator<T>): void {
    try {
      if (typeof it.return === 'function') it.return()
    } catch (error) {
      reportUncaught(error)
    }
  }

  function close(): Promise<void> {
    if (closing) return closing
    closed = true
    const wasEnded = ended
    ended = true
    endTakers()
    // Not pulled yet: a source that is its own iterator (an async generator, `events.on(...)`)
    // is already live and holds what it acquired (a listener, a connection); return it too. A
    // plain iterable has made no iterator, so there is nothing to end.
    const it = iterator ?? (wasEnded || typeof source.next !== 'function' ? null : (source as AnyIterator<T>))
    iterator = null
    closing = wasEnded || !it ? Promise.resolve() : callReturn(it)
    // Marked handled: a caller that ignores the promise never gets an unhandled rejection.
    closing.catch(() => {})
    return closing
  }

  const channel: AsyncIterableChannel<T> = { take, flush, close }
  // Whether a taker waits on a pull of the source under way: work outside the saga, which
  // @sagaflow/testing's expectSaga waits for before it moves virtual time (a registered symbol,
  // non-enumerable, so the channel's own keys stay take/flush/close).
  Object.defineProperty(channel, CHANNEL_PULLING, { get: () => pulling && takers.length > 0 })
  return channel
}
