/*
 * A value that is not an Error, thrown by a channel's source (`fromAsyncIterable`), carried as a
 * channel message. Channels tell an error from a message by `instanceof Error` (reference
 * semantics), so such a value travels wrapped in this Error, and each taker that throws a message
 * into a saga (take, the combined race taker) or rejects with it (`toAsyncIterable`) unwraps it:
 * what user code threw reaches the user unchanged (CONTRACT §1.8). A callback given to
 * `channel.take` directly sees the wrapper, whose `cause` is the value.
 */
export class ThrownValue extends Error {
  constructor(
    readonly value: unknown,
    message: string,
  ) {
    super(message, { cause: value })
    this.name = 'ThrownValue'
  }
}

/** What a taker throws for an Error message: the value a ThrownValue carries, any other Error as is. */
export function thrownBy(error: Error): unknown {
  return error instanceof ThrownValue ? error.value : error
}
