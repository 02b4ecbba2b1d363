/** A message store behind a channel. `flush` is absent on `buffers.none()`, as in the reference. */
export interface Buffer<T> {
  isEmpty(): boolean
  put(message: T): void
  take(): T | undefined
  flush?(): T[]
}

const BUFFER_OVERFLOW = "Channel's Buffer overflow!"
const enum Overflow {
  Throw,
  Drop,
  Slide,
  Expand,
}

const zeroBuffer: Buffer<any> = { isEmpty: () => true, put: () => {}, take: () => undefined }

class RingBuffer<T> implements Buffer<T> {
  private items: (T | null | undefined)[]
  private length = 0
  private pushIndex = 0
  private popIndex = 0

  constructor(
    private limit: number,
    private readonly overflow: Overflow,
  ) {
    this.items = new Array(limit)
  }

  isEmpty(): boolean {
    return this.length === 0
  }

  put(message: T): void {
    if (this.length < this.limit) return this.push(message)
    switch (this.overflow) {
      case Overflow.Throw:
        throw new Error(BUFFER_OVERFLOW)
      case Overflow.Slide:
        this.items[this.pushIndex] = message
        this.pushIndex = (this.pushIndex + 1) % this.limit
        this.popIndex = this.pushIndex
        return
      case Overflow.Expand: {
        const items = this.flush()
        this.limit *= 2
        this.length = items.length
        this.pushIndex = items.length
        this.popIndex = 0
        items.length = this.limit
        this.items = items
        return this.push(message)
      }
      // Overflow.Drop: the new message is dropped.
    }
  }

  take(): T | undefined {
    if (this.length === 0) return undefined
    const message = this.items[this.popIndex]
    // null, as the reference's ring buffer stores: a buffer of size 0 (whose indexes become NaN)
    // gives back what such slots hold, as the reference does (buffers.expanding(0)).
    this.items[this.popIndex] = null
    this.length--
    this.popIndex = (this.popIndex + 1) % this.limit
    return message as T | undefined
  }

  flush(): T[] {
    const out: T[] = []
    while (this.length) out.push(this.take() as T)
    return out
  }

  private push(message: T): void {
    this.items[this.pushIndex] = message
    this.pushIndex = (this.pushIndex + 1) % this.limit
    this.length++
  }
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
  fixed: <T>(limit = 10): Buffer<T> => new RingBuffer<T>(limit, Overflow.Throw),
  /** Holds `limit` messages; further messages are dropped until there is room. */
  dropping: <T>(limit = 10): Buffer<T> => new RingBuffer<T>(limit, Overflow.Drop),
  /** Holds the latest `limit` messages; the oldest is overwritten when full. */
  sliding: <T>(limit = 10): Buffer<T> => new RingBuffer<T>(limit, Overflow.Slide),
  /** Starts with room for `initialSize` messages and doubles when full. */
  expanding: <T>(initialSize = 10): Buffer<T> => new RingBuffer<T>(initialSize, Overflow.Expand),
})

/**
 * A buffer's room before it overflows (`fromAsyncIterable` reads that far ahead): its `limit` for
 * ours, 0 for `none()` and buffers we did not make. A function beside the class, not a getter on
 * it, so that apps that never call it do not bundle it.
 */
export function bufferCapacity(buffer: Buffer<unknown>): number {
  return buffer instanceof RingBuffer ? buffer['limit'] : 0
}
