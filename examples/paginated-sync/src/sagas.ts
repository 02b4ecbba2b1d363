import { call, fromAsyncIterable, take, use } from '@sagaflow/core/effects'
import type { SyncRecord } from './source.js'

/**
 * Takes the first `n` records and stops. `use` ties the channel to this saga's task: when the
 * saga returns (or fails, or is cancelled) the channel is closed, which returns the source
 * generator, so no further page is fetched and the generator's `finally` runs.
 */
export function* firstRecords(source: AsyncIterable<SyncRecord>, n: number) {
  const records = yield* use(fromAsyncIterable(source), (ch) => ch.close())
  const out: SyncRecord[] = []
  while (out.length < n) out.push(yield* take(records))
  return out
}

/**
 * Streams every record into `save`, one at a time: only one page is in memory at once. Returns
 * the number of records saved when the source ends (a `take` that gets END terminates the loop,
 * and the `finally` reports the count).
 */
export function* syncAll(source: AsyncIterable<SyncRecord>, save: (record: SyncRecord) => void | Promise<void>, done: (count: number) => void) {
  const records = yield* use(fromAsyncIterable(source), (ch) => ch.close())
  let count = 0
  try {
    while (true) {
      const record = yield* take(records)
      yield* call(save, record)
      count++
    }
  } finally {
    done(count)
  }
}
