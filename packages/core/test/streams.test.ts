import { EventEmitter, on } from 'node:events'
import { describe, expect, it } from 'vitest'
import { END, buffers, channel, eventChannel, isEnd } from '@sagaflow/core'
import { all, call, flush as flushChannel, race, take, takeMaybe, use, type AsyncIterableChannel } from '@sagaflow/core/effects'
import { fromAsyncIterable, toAsyncIterable } from '@sagaflow/core/effects'
import { captureUncaught, flush, start, track } from './support/virtual-time.js'

/** An async source of `pages` pages of `perPage` numbers, logging each fetch and its cleanup. */
function pagedSource(log: (entry: unknown) => void, pages = 5, perPage = 3) {
  let fetched = 0
  async function* source() {
    try {
      for (let page = 0; page < pages; page++) {
        const items = await Promise.resolve(Array.from({ length: perPage }, (_, i) => page * perPage + i))
        fetched++
        log(`page ${page}`)
        yield* items
      }
    } finally {
      log('source finally')
    }
  }
  return { source, fetched: () => fetched }
}

describe('fromAsyncIterable()', () => {
  it('delivers the items to take in order, then END', async () => {
    const log = track()
    const { source } = pagedSource(log, 2, 2)
    function* saga() {
      const ch = fromAsyncIterable(source())
      const items: unknown[] = []
      while (true) {
        const item = yield* takeMaybe(ch)
        if (isEnd(item)) break
        items.push(item)
      }
      return items
    }
    const { task } = start(saga)
    expect(await task.toPromise()).toEqual([0, 1, 2, 3])
    expect(log.entries).toEqual(['page 0', 'page 1', 'source finally'])
  })

  it('terminates a saga blocked in take(ch) when the iterable ends', async () => {
    const log = track()
    function* saga() {
      const ch = fromAsyncIterable((async function* () {
        yield 1
      })())
      try {
        while (true) log(yield* take(ch))
      } finally {
        log('terminated')
      }
    }
    const { task } = start(saga)
    await task.toPromise()
    expect(log.entries).toEqual([1, 'terminated'])
  })

  it('pulls lazily: nothing before the first take, and only what takers asked for', async () => {
    const log = track()
    const { source, fetched } = pagedSource(log, 100, 50)
    const ch = fromAsyncIterable(source())
    await flush()
    expect(fetched()).toBe(0)
    function* saga() {
      const items: number[] = []
      for (let i = 0; i < 10; i++) items.push(yield* take(ch))
      return items
    }
    const { task } = start(saga)
    expect(await task.toPromise()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    await flush()
    expect(fetched()).toBe(1)
    expect(log.entries).toEqual(['page 0'])
  })

  it('reads ahead up to buffer items, and no further', async () => {
    let nextCalls = 0
    const iterable = {
      [Symbol.asyncIterator]() {
        let i = 0
        return {
          next: async () => {
            nextCalls++
            return { done: false, value: i++ }
          },
        }
      },
    }
    const ch = fromAsyncIterable(iterable, 3)
    function* saga() {
      return yield* take(ch)
    }
    const { task } = start(saga)
    expect(await task.toPromise()).toBe(0)
    await flush()
    expect(nextCalls).toBe(4) // the item taken + 3 read ahead
    function* drain() {
      return yield* flushChannel(ch)
    }
    expect(await start(drain).task.toPromise()).toEqual([1, 2, 3])
  })

  it('takes a buffer from buffers as well: it reads ahead as far as the buffer holds, and buffers.none() on demand', async () => {
    const counted = () => {
      const calls = { next: 0 }
      const iterable = {
        [Symbol.asyncIterator]() {
          let i = 0
          return {
            next: async () => {
              calls.next++
              return { done: false, value: i++ }
            },
          }
        },
      }
      return { calls, iterable }
    }
    for (const [buffer, pulls] of [[buffers.fixed(3), 4], [buffers.sliding(2), 3], [buffers.expanding(2), 3], [buffers.none(), 1]] as const) {
      const { calls, iterable } = counted()
      const ch = fromAsyncIterable(iterable, buffer)
      const { task } = start(function* saga() {
        return yield* take(ch)
      })
      expect(await task.toPromise()).toBe(0)
      await flush()
      expect(calls.next).toBe(pulls) // the item taken + the buffer's size read ahead
    }
  })

  it('throws an error of the iterable into the taker, then gives END', async () => {
    const log = track()
    const boom = new Error('page fetch failed')
    function* saga() {
      const ch = fromAsyncIterable((async function* () {
        yield 'first'
        throw boom
      })())
      log(yield* take(ch))
      try {
        yield* take(ch)
      } catch (error) {
        log(error)
      }
      log(isEnd(yield* takeMaybe(ch)))
    }
    const { task } = start(saga)
    await task.toPromise()
    expect(log.entries).toEqual(['first', boom, true])
  })

  it('keeps an error that arrives with no taker waiting for the next take', async () => {
    const boom = new Error('early failure')
    const ch = fromAsyncIterable(
      (async function* () {
        yield 1
        throw boom
      })(),
      1,
    )
    function* first() {
      return yield* take(ch)
    }
    expect(await start(first).task.toPromise()).toBe(1)
    await flush()
    function* second() {
      yield* take(ch)
    }
    await expect(start(second).task.toPromise()).rejects.toBe(boom)
  })

  it('throws a non-Error value into the saga as it was thrown (take, race, toAsyncIterable)', async () => {
    const source = () =>
      (async function* () {
        throw 'plain string'
      })()
    function* viaTake() {
      try {
        yield* take(fromAsyncIterable(source()))
      } catch (thrown) {
        return thrown
      }
    }
    expect(await start(viaTake).task.toPromise()).toBe('plain string')
    function* viaRace() {
      try {
        yield* race({ item: take(fromAsyncIterable(source())), never: take('NEVER') })
      } catch (thrown) {
        return thrown
      }
    }
    expect(await start(viaRace).task.toPromise()).toBe('plain string')
    const iterated = (async () => {
      for await (const item of toAsyncIterable(fromAsyncIterable(source()))) void item
    })()
    await expect(iterated).rejects.toBe('plain string')
    // A callback taking from the channel directly sees the wrapper, with the value as cause.
    const ch = fromAsyncIterable(source())
    const message = await new Promise((resolve) => ch.take(resolve))
    expect(message).toBeInstanceOf(Error)
    expect((message as Error).message).toBe('fromAsyncIterable: the iterable threw a non-Error value: "plain string" (string)')
    expect((message as Error).cause).toBe('plain string')
  })

  it("runs the producer's finally when closed between pulls", async () => {
    const log = track()
    const { source } = pagedSource(log, 10, 5)
    const ch = fromAsyncIterable(source())
    function* reader() {
      log(yield* take(ch))
      yield* take('NEVER')
    }
    start(reader)
    await flush()
    expect(log.entries).toEqual(['page 0', 0])
    await ch.close()
    expect(log.entries).toEqual(['page 0', 0, 'source finally'])
  })

  it('gives END to a taker waiting when the channel is closed', async () => {
    const log = track()
    const ch = fromAsyncIterable((async function* () {
      await new Promise(() => {}) // a page that never arrives
    })())
    function* reader() {
      log(isEnd(yield* takeMaybe(ch)) ? 'END' : 'item')
    }
    start(reader)
    await flush()
    void ch.close()
    expect(log.entries).toEqual(['END'])
  })

  it("runs an async generator's finally once the pull in flight settles when closed mid-pull", async () => {
    const log = track()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    async function* source() {
      try {
        log('fetching')
        await gate
        log('fetched')
        yield 'page'
      } finally {
        log('finally')
      }
    }
    const ch = fromAsyncIterable(source())
    function* saga() {
      try {
        yield* take(ch)
      } finally {
        log('saga finally')
      }
    }
    const { task } = start(saga)
    await flush()
    expect(log.entries).toEqual(['fetching'])
    const closed = ch.close()
    expect(log.entries).toEqual(['fetching', 'saga finally'])
    release()
    await closed
    expect(log.entries).toEqual(['fetching', 'saga finally', 'fetched', 'finally'])
    await task.toPromise()
  })

  it('ends a pull that would never settle when closed: return() of an iterator that is not a generator (events.on)', async () => {
    // Like `events.on(emitter, 'job')`: next() waits for the next event, return() ends it.
    const log = track()
    let pending: ((result: IteratorResult<string>) => void) | null = null
    const events: AsyncIterableIterator<string> = {
      [Symbol.asyncIterator]() {
        return this
      },
      next: () => new Promise((resolve) => (pending = resolve)), // no event ever comes
      return: async () => {
        log('return')
        pending?.({ done: true, value: undefined })
        return { done: true, value: undefined }
      },
    }
    function* consumer() {
      const ch = yield* use(fromAsyncIterable(events), (c) => c.close())
      yield* race({ job: take(ch), stop: take('STOP') })
      return 'stopped'
    }
    const { task, dispatch } = start(consumer)
    await flush()
    dispatch({ type: 'STOP' })
    await flush()
    expect(log.entries).toEqual(['return'])
    expect(task.isRunning()).toBe(false)
    expect(task.result()).toBe('stopped')
  })

  it('ends a live source closed before any take (events.on: its listener is removed), and leaves a plain iterable alone', async () => {
    const emitter = new EventEmitter()
    const ch = fromAsyncIterable(on(emitter, 'job'))
    expect(emitter.listenerCount('job')).toBe(1)
    await ch.close()
    expect(emitter.listenerCount('job')).toBe(0)
    // An iterable that is not its own iterator has made none: closing does not make one.
    let made = 0
    const iterable = {
      [Symbol.asyncIterator]() {
        made++
        return { next: async () => ({ done: true as const, value: undefined }) }
      },
    }
    await fromAsyncIterable(iterable).close()
    expect(made).toBe(0)
  })

  it("closes with the owning task through use(), so cancelling the task runs the producer's finally", async () => {
    const log = track()
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    async function* source() {
      try {
        yield* [0, 1, 2]
        await gate
        log('second page fetched')
        yield* [3, 4, 5]
      } finally {
        log('source finally')
      }
    }
    function* consumer() {
      const ch = yield* use(fromAsyncIterable(source()), (c) => c.close())
      while (true) log(`item ${yield* take(ch)}`)
    }
    const { task } = start(consumer)
    await flush()
    expect(log.entries).toEqual(['item 0', 'item 1', 'item 2'])
    task.cancel()
    release()
    await flush()
    expect(log.entries).toEqual(['item 0', 'item 1', 'item 2', 'second page fetched', 'source finally'])
    expect(task.isCancelled()).toBe(true)
  })

  it('pulls a sync iterable synchronously', () => {
    const log = track()
    function* numbers() {
      try {
        yield 1
        yield 2
        yield 3
      } finally {
        log('sync finally')
      }
    }
    function* saga() {
      const ch = fromAsyncIterable(numbers())
      log(yield* take(ch))
      log(yield* take(ch))
      ch.close()
    }
    start(saga)
    expect(log.entries).toEqual([1, 2, 'sync finally'])
  })

  it('awaits promise items of a sync iterable, as for await does', async () => {
    function* saga() {
      const ch = fromAsyncIterable([Promise.resolve('a'), 'b'])
      return [yield* take(ch), yield* take(ch)]
    }
    expect(await start(saga).task.toPromise()).toEqual(['a', 'b'])
  })

  it("closes a sync iterator whose promise item rejects, running its finally, and throws the item's error into the taker", async () => {
    const log = track()
    const bad = new Error('bad item')
    function* source() {
      try {
        yield 1
        yield Promise.reject(bad)
        yield 3
      } finally {
        log('source finally')
      }
    }
    function* saga() {
      const ch = fromAsyncIterable(source())
      try {
        while (true) log(yield* take(ch))
      } catch (error) {
        log(error === bad ? 'caught bad' : error)
      }
      return yield* takeMaybe(ch)
    }
    const { task } = start(saga)
    await flush()
    expect(isEnd(await task.toPromise())).toBe(true)
    expect(log.entries).toEqual([1, 'source finally', 'caught bad'])
  })

  it('reports an error of the return() that closes a sync iterator after a rejected item as uncaught, and still throws the item error', async () => {
    const bad = new Error('bad item')
    const returnError = new Error('return failed')
    const iterator = {
      [Symbol.iterator]() {
        return this
      },
      next: () => ({ done: false, value: Promise.reject(bad) }),
      return: (): IteratorResult<number> => {
        throw returnError
      },
    }
    function* saga() {
      try {
        yield* take(fromAsyncIterable(iterator as Iterable<Promise<number>>))
      } catch (error) {
        return error
      }
    }
    let result: unknown
    const reported = await captureUncaught(async () => {
      const { task } = start(saga)
      await flush()
      result = await task.toPromise()
    })
    expect(result).toBe(bad)
    expect(reported).toEqual([returnError])
  })

  it('streams a long sync iterable without growing the stack', () => {
    let count = 0
    function* counting() {
      const ch = fromAsyncIterable(Array.from({ length: 50_000 }, (_, i) => i))
      while (true) {
        yield* take(ch)
        count++
      }
    }
    const { task } = start(counting)
    expect(task.isRunning()).toBe(false)
    expect(count).toBe(50_000)
  })

  it('keeps an item whose taker was cancelled while it was being fetched', async () => {
    let release!: () => void
    const gate = new Promise<void>((resolve) => (release = resolve))
    const ch = fromAsyncIterable((async function* () {
      await gate
      yield 'kept'
    })())
    function* impatient() {
      yield* take(ch)
    }
    const first = start(impatient)
    await flush()
    first.task.cancel()
    release()
    await flush()
    function* patient() {
      return yield* take(ch)
    }
    expect(await start(patient).task.toPromise()).toBe('kept')
  })

  it('hands each item to one of several workers taking from the channel', async () => {
    async function* source() {
      for (let i = 0; i < 12; i++) yield i
    }
    const got: number[][] = [[], [], []]
    function* worker(ch: AsyncIterableChannel<number>, index: number) {
      while (true) {
        got[index]!.push(yield* take(ch))
        yield* call(() => Promise.resolve())
      }
    }
    function* saga() {
      const ch = fromAsyncIterable(source())
      yield* all([call(worker, ch, 0), call(worker, ch, 1), call(worker, ch, 2)])
    }
    await start(saga).task.toPromise()
    expect(got.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])
    expect(got.every((items) => items.length > 0)).toBe(true)
  })

  it('batches: a take then a flush of what was read ahead', async () => {
    async function* source() {
      for (let i = 0; i < 7; i++) yield i
    }
    const batches: number[][] = []
    function* saga() {
      const ch = yield* use(fromAsyncIterable(source(), 3), (c) => c.close())
      while (true) {
        const first = yield* take(ch)
        yield* call(() => new Promise((resolve) => setImmediate(resolve))) // let the read-ahead fill
        const rest = yield* flushChannel(ch)
        batches.push([first, ...(isEnd(rest) ? [] : rest)])
      }
    }
    await start(saga).task.toPromise()
    expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(batches[0]).toEqual([0, 1, 2, 3])
  })

  it('rejects what is not an iterable and a bad buffer', () => {
    expect(() => fromAsyncIterable(42 as any)).toThrow(
      new TypeError('fromAsyncIterable(iterable, buffer?): iterable must be an async or sync iterable, got 42 (number)'),
    )
    expect(() => fromAsyncIterable([], -1)).toThrow(
      new TypeError('fromAsyncIterable(iterable, buffer?): buffer must be an integer >= 0 or a buffer (buffers.fixed(n), buffers.sliding(n), ...), got -1 (number)'),
    )
  })
})

describe('fromAsyncIterable(): an iterator that breaks the iterator protocol', () => {
  const take1 = (iterable: unknown) =>
    function* saga() {
      return yield* take(fromAsyncIterable(iterable as AsyncIterable<number>))
    }
  const rejection = async (iterable: unknown) => {
    const { task } = start(take1(iterable))
    await flush()
    expect(task.isRunning(), 'the taker is not left waiting').toBe(false)
    return task.toPromise().then(
      () => 'resolved',
      (error: Error) => `${error.name}: ${error.message}`,
    )
  }

  it("throws a TypeError into the taker when an async iterator's next() resolves to a non-object, instead of an unhandled rejection and a take that never ends", async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => void unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      expect(await rejection({ [Symbol.asyncIterator]: () => ({ next: async () => undefined }) })).toBe(
        "TypeError: fromAsyncIterable(iterable, buffer?): the iterator's next() gave undefined, not an iterator result ({ done, value })",
      )
      await flush()
      expect(unhandled).toEqual([])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  it('throws a TypeError into the taker for a next() result that is a primitive, instead of taking undefined', async () => {
    expect(await rejection({ [Symbol.asyncIterator]: () => ({ next: async () => 42 }) })).toBe(
      "TypeError: fromAsyncIterable(iterable, buffer?): the iterator's next() gave 42 (number), not an iterator result ({ done, value })",
    )
    expect(await rejection({ [Symbol.iterator]: () => ({ next: () => null }) })).toBe(
      "TypeError: fromAsyncIterable(iterable, buffer?): the iterator's next() gave null, not an iterator result ({ done, value })",
    )
  })

  it('throws a TypeError naming the method when [Symbol.asyncIterator]() gives no iterator', async () => {
    expect(await rejection({ [Symbol.asyncIterator]: () => undefined })).toBe(
      "TypeError: fromAsyncIterable(iterable, buffer?): the iterable's [Symbol.asyncIterator]() returned undefined, not an iterator (an object with a next() method)",
    )
    expect(await rejection({ [Symbol.iterator]: () => ({}) })).toBe(
      "TypeError: fromAsyncIterable(iterable, buffer?): the iterable's [Symbol.iterator]() returned {…} (object), not an iterator (an object with a next() method)",
    )
  })
})

describe('toAsyncIterable()', () => {
  it('rejects a closeOnReturn that is not a boolean', () => {
    expect(() => toAsyncIterable(channel<number>(), { closeOnReturn: 'yes' } as any)).toThrow(
      new TypeError('toAsyncIterable(channel, options): options.closeOnReturn must be a boolean, got "yes" (string)'),
    )
  })

  it('rejects options it does not know', () => {
    const ch = channel<number>()
    expect(() => toAsyncIterable(ch, { closeOnReturns: true } as any)).toThrow(
      new TypeError('toAsyncIterable(channel, options): options has an unknown key "closeOnReturns"; the keys are closeOnReturn'),
    )
    expect(() => toAsyncIterable(ch, null as any)).toThrow('toAsyncIterable(channel, options): options must be an object { closeOnReturn? }, got null')
  })

  it('iterates a channel with for await, ending on END', async () => {
    const ch = channel<number>(buffers.expanding())
    ch.put(1)
    ch.put(2)
    ch.put(END)
    const seen: number[] = []
    for await (const n of toAsyncIterable(ch)) seen.push(n)
    expect(seen).toEqual([1, 2])
  })

  it('throws an Error message out of the loop', async () => {
    const ch = channel<unknown>(buffers.expanding())
    const boom = new Error('bad message')
    ch.put('ok')
    ch.put(boom)
    const seen: unknown[] = []
    await expect(
      (async () => {
        for await (const m of toAsyncIterable(ch)) seen.push(m)
      })(),
    ).rejects.toBe(boom)
    expect(seen).toEqual(['ok'])
  })

  it('round-trips fromAsyncIterable', async () => {
    async function* source() {
      yield 'a'
      yield 'b'
    }
    const seen: string[] = []
    for await (const s of toAsyncIterable(fromAsyncIterable(source()))) seen.push(s)
    expect(seen).toEqual(['a', 'b'])
  })

  it('closes the channel on break with closeOnReturn, running the producer finally', async () => {
    const log = track()
    const { source } = pagedSource(log, 10, 2)
    for await (const n of toAsyncIterable(fromAsyncIterable(source()), { closeOnReturn: true })) {
      if (n === 2) break
    }
    expect(log.entries).toEqual(['page 0', 'page 1', 'source finally'])
  })

  it('closes the channel with closeOnReturn when an Error message ends the loop (for await calls no return() then)', async () => {
    let unsubscribed = 0
    let emit!: (message: unknown) => void
    const events = eventChannel<unknown>((emitter) => {
      emit = emitter
      return () => void unsubscribed++
    })
    const boom = new Error('socket error')
    const seen: unknown[] = []
    const loop = (async () => {
      for await (const m of toAsyncIterable(events, { closeOnReturn: true })) seen.push(m)
    })()
    emit('a')
    await flush()
    emit(boom)
    await expect(loop).rejects.toBe(boom)
    expect(seen).toEqual(['a'])
    expect(unsubscribed).toBe(1)
    // Without closeOnReturn the channel may be shared: it stays open.
    const shared = channel<unknown>(buffers.expanding())
    shared.put(boom)
    shared.put('after')
    const iterator = toAsyncIterable(shared)
    await expect(iterator.next()).rejects.toBe(boom)
    expect(await iterator.next()).toEqual({ done: false, value: 'after' })
  })

  it('with closeOnReturn, rejects with the Error message that ended the loop and reports a close that throws as uncaught', async () => {
    const boom = new Error('bad message')
    const closeError = new Error('close failed')
    const ch = Object.assign(channel<unknown>(buffers.expanding()), {
      close: () => {
        throw closeError
      },
    })
    ch.put(boom)
    const reported = await captureUncaught(async () => {
      await expect(toAsyncIterable(ch, { closeOnReturn: true }).next()).rejects.toBe(boom)
    })
    expect(reported).toEqual([closeError])
    // A close that rejects: the same.
    const later = Object.assign(channel<unknown>(buffers.expanding()), { close: () => Promise.reject(closeError) })
    later.put(boom)
    const reportedLater = await captureUncaught(async () => {
      await expect(toAsyncIterable(later, { closeOnReturn: true }).next()).rejects.toBe(boom)
      await flush()
    })
    expect(reportedLater).toEqual([closeError])
  })

  it('cancels its pending take on return, leaving the channel usable', async () => {
    const ch = channel<number>(buffers.expanding())
    const iterator = toAsyncIterable(ch)
    const pending = iterator.next()
    await iterator.return!()
    expect(await pending).toEqual({ done: true, value: undefined })
    ch.put(7)
    function* saga() {
      return yield* take(ch)
    }
    expect(await start(saga).task.toPromise()).toBe(7)
  })

  it('can be consumed from a saga with call', async () => {
    const ch = channel<number>(buffers.expanding())
    ch.put(5)
    ch.put(END)
    async function sum(iterable: AsyncIterable<number>) {
      let total = 0
      for await (const n of iterable) total += n
      return total
    }
    function* saga() {
      return yield* call(sum, toAsyncIterable(ch))
    }
    expect(await start(saga).task.toPromise()).toBe(5)
  })
})
