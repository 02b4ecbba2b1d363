/**
 * A message store behind a channel. `flush` is declared on every buffer, as redux-saga's types
 * declare it, though `buffers.none()` has none at run time, as in the reference (flushing a
 * channel without a buffer throws there too).
 */
export interface Buffer<T> {
  /** True when the buffer holds no message (always, for `buffers.none()`). A channel asks before it calls `take`. */
  isEmpty(): boolean
  /**
   * Stores `message` as the newest. When the buffer is full, what happens depends on the kind:
   * `fixed` throws `Channel's Buffer overflow!`, `dropping` drops `message`, `sliding` drops the
   * oldest message, `expanding` doubles its room; `none` drops every message.
   *
   * @example
   * ```ts
   * const latest = buffers.sliding<number>(2)
   * latest.put(1)
   * latest.put(2)
   * latest.put(3) // full: 1 is dropped
   * latest.take() // 2
   * ```
   */
  put(message: T): void
  /**
   * Removes and returns the oldest message; `undefined` when the buffer is empty.
   *
   * @example
   * ```ts
   * const queue = buffers.fixed<string>(10)
   * queue.put('a')
   * queue.put('b')
   * queue.take() // 'a'
   * queue.take() // 'b'
   * queue.take() // undefined
   * ```
   */
  take(): T | undefined
  /** Removes and returns every message, oldest first (`[]` when empty). Missing at run time on `buffers.none()`. */
  flush(): T[]
}

const BUFFER_OVERFLOW = "Channel's Buffer overflow!"
const enum Overflow {
  Throw,
  Drop,
  Slide,
  Expand,
}

// No `flush`: the reference's `none()` has none (Object.keys match), whatever Buffer declares.
const zeroBuffer = { isEmpty: () => true, put: () => {}, take: () => undefined } as Partial<Buffer<any>> as Buffer<any>

/**
 * The capacity of each ring buffer made here (`bufferCapacity`): a buffer is a plain object of its
 * four methods, as the reference's are, so nothing else may show on it.
 */
const capacities = new WeakMap<Buffer<unknown>, () => number>()

/**
 * A ring buffer of `limit` messages that does `overflow` when full. Closures over local state, as
 * the reference's are: its methods work detached from the object (`const { put } = buffer`), and a
 * copy (`{ ...buffer }`) is a buffer too.
 */
function ringBuffer<T>(limit = 10, overflow: Overflow): Buffer<T> {
  let items: (T | null | undefined)[] = new Array(limit)
  let length = 0
  let pushIndex = 0
  let popIndex = 0
  const push = (message: T): void => {
    items[pushIndex] = message
    pushIndex = (pushIndex + 1) % limit
    length++
  }
  const take = (): T | undefined => {
    if (length === 0) return undefined
    const message = items[popIndex]
    // null, as the reference's ring buffer stores: a buffer of size 0 (whose indexes become NaN)
    // gives back what such slots hold, as the reference does (buffers.expanding(0)).
    items[popIndex] = null
    length--
    popIndex = (popIndex + 1) % limit
    return message as T | undefined
  }
  const flush = (): T[] => {
    const out: T[] = []
    while (length) out.push(take() as T)
    return out
  }
  const buffer: Buffer<T> = {
    isEmpty: () => length === 0,
    put(message: T): void {
      if (length < limit) return push(message)
      switch (overflow) {
        case Overflow.Throw:
          throw new Error(BUFFER_OVERFLOW)
        case Overflow.Slide:
          items[pushIndex] = message
          pushIndex = (pushIndex + 1) % limit
          popIndex = pushIndex
          return
        case Overflow.Expand: {
          const kept: (T | null | undefined)[] = flush()
          limit *= 2
          length = kept.length
          pushIndex = kept.length
          popIndex = 0
          kept.length = limit
          items = kept
          return push(message)
        }
        // Overflow.Drop: the new message is dropped.
      }
    },
    take,
    flush,
  }
  capacities.set(buffer, () => limit)
  return buffer
}

/**
 * Buffer factories for `channel`, `eventChannel` and `actionChannel`. Ring buffers hold `limit`
 * messages (default 10) and differ in what they do when full: `fixed` throws, `dropping` drops the
 * new message, `sliding` drops the oldest, `expanding` doubles its capacity. `none` stores nothing.
 *
 * @example
 * ```ts
 * const chan = yield actionChannel('REQUEST', buffers.sliding(5))
 * ```
 */
export const buffers = Object.freeze({
  /** No buffering: messages put while no taker waits are lost. Has no `flush`. */
  none: <T>(): Buffer<T> => zeroBuffer,
  /** Holds `limit` messages; putting one more throws `Channel's Buffer overflow!`. */
  fixed: <T>(limit?: number): Buffer<T> => ringBuffer<T>(limit, Overflow.Throw),
  /** Holds `limit` messages; further messages are dropped until there is room. */
  dropping: <T>(limit?: number): Buffer<T> => ringBuffer<T>(limit, Overflow.Drop),
  /** Holds the latest `limit` messages; the oldest is overwritten when full. */
  sliding: <T>(limit?: number): Buffer<T> => ringBuffer<T>(limit, Overflow.Slide),
  /** Starts with room for `initialSize` messages and doubles when full. */
  expanding: <T>(initialSize?: number): Buffer<T> => ringBuffer<T>(initialSize, Overflow.Expand),
})

/**
 * A buffer's room before it overflows (`fromAsyncIterable` reads that far ahead): its `limit` for
 * ours, 0 for `none()` and buffers we did not make.
 */
export function bufferCapacity(buffer: Buffer<unknown>): number {
  const capacity = capacities.get(buffer)
  return capacity === undefined ? 0 : capacity()
}
