import { describe, expect, it } from 'vitest'
import { runSaga, TASK_CANCEL } from '@sagaflow/core'
import { firstRecords, syncAll } from '../src/sagas.js'
import { createPagedApi, recordStream, type SyncRecord } from '../src/source.js'

const flushIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

describe('paginated sync', () => {
  it('fetches exactly one page for a saga that takes 10 records and stops', async () => {
    const api = createPagedApi({ pages: 400, perPage: 50 })
    const stream = recordStream(api)
    const records = await runSaga({}, firstRecords, stream.records, 10).toPromise()
    await flushIo()
    expect(records.map((r) => r.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(api.pagesFetched).toBe(1)
    expect(stream.finished).toBe(true)
  })

  it("runs the source generator's finally when the saga is cancelled mid-page", async () => {
    const api = createPagedApi({ pages: 400, perPage: 50 })
    const stream = recordStream(api)
    let saved = 0
    let reached!: () => void
    const reachedRecord75 = new Promise<void>((resolve) => (reached = resolve))
    const save = () => {
      saved++
      if (saved === 75) {
        reached()
        return new Promise<void>(() => {}) // hangs until the sync is cancelled
      }
    }
    const task = runSaga({}, syncAll, stream.records, save, () => {})
    await reachedRecord75
    expect(stream.finished).toBe(false)
    task.cancel()
    expect(await task.toPromise()).toBe(TASK_CANCEL)
    await flushIo()
    expect(stream.finished).toBe(true)
    expect(api.pagesFetched).toBe(2)
  })

  it('streams all 20,000 records in order, one page in memory at a time', async () => {
    const api = createPagedApi({ pages: 400, perPage: 50 })
    const stream = recordStream(api)
    let expected = 0
    let outOfOrder = 0
    let maxPagesAhead = 0
    const save = (record: SyncRecord) => {
      if (record.id !== expected++) outOfOrder++
      // the source never runs ahead of the consumer by more than the page being read
      maxPagesAhead = Math.max(maxPagesAhead, api.pagesFetched - record.page - 1)
    }
    let total = 0
    await runSaga({}, syncAll, stream.records, save, (count) => (total = count)).toPromise()
    expect(total).toBe(20_000)
    expect(outOfOrder).toBe(0)
    expect(maxPagesAhead).toBe(0)
    expect(api.pagesFetched).toBe(400)
    expect(stream.finished).toBe(true)
  })
})
