// `npx tsx src/main.ts`: a paginated source (400 pages of 50 records) consumed by sagas through
// `fromAsyncIterable`: stop early (one page fetched), cancel mid-page (the source's finally
// runs), and stream all 20,000 records while the heap stays flat.
import { runSaga, TASK_CANCEL } from '@sagaflow/core'
import { firstRecords, syncAll } from './sagas.js'
import { createPagedApi, recordStream, type SyncRecord } from './source.js'

const gc = (globalThis as { gc?: () => void }).gc
const heapMb = (): number => {
  gc?.()
  return process.memoryUsage().heapUsed / 1024 / 1024
}
const flushIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

async function stopEarly(): Promise<void> {
  const api = createPagedApi()
  const stream = recordStream(api)
  const task = runSaga({}, firstRecords, stream.records, 10)
  const records = await task.toPromise()
  await flushIo()
  console.log(`1. took ${records.length} records (ids ${records[0]!.id}..${records.at(-1)!.id}): fetched ${api.pagesFetched} of ${api.pages} pages, source finally ran: ${stream.finished}`)
}

async function cancelMidPage(): Promise<void> {
  const api = createPagedApi()
  const stream = recordStream(api)
  let saved = 0
  let reached!: () => void
  const reachedRecord75 = new Promise<void>((resolve) => (reached = resolve))
  const save = (_record: SyncRecord) => {
    saved++
    if (saved === 75) {
      reached()
      return new Promise<void>(() => {}) // a save that hangs: we cancel the sync while it waits
    }
  }
  const task = runSaga({}, syncAll, stream.records, save, () => {})
  await reachedRecord75
  task.cancel()
  const result = await task.toPromise()
  await flushIo()
  console.log(
    `2. cancelled after ${saved} records (mid page ${Math.floor((saved - 1) / api.perPage)}): result ${(result as unknown) === TASK_CANCEL ? 'TASK_CANCEL' : String(result)}, ` +
      `fetched ${api.pagesFetched} pages, source finally ran: ${stream.finished}`,
  )
}

async function streamEverything(): Promise<void> {
  const api = createPagedApi()
  const stream = recordStream(api)
  const samples: string[] = []
  const before = heapMb()
  let min = Infinity
  let max = -Infinity
  const save = (record: SyncRecord) => {
    if ((record.id + 1) % 2_500 === 0) {
      const mb = heapMb()
      min = Math.min(min, mb)
      max = Math.max(max, mb)
      samples.push(`${record.id + 1}: ${mb.toFixed(1)} MB`)
    }
  }
  let total = 0
  const started = performance.now()
  await runSaga({}, syncAll, stream.records, save, (count) => (total = count)).toPromise()
  const ms = performance.now() - started
  console.log(`3. streamed ${total} records from ${api.pagesFetched} pages in ${ms.toFixed(0)} ms; source finally ran: ${stream.finished}`)
  console.log(`   heap before: ${before.toFixed(1)} MB; while streaming (every 2,500 records): ${samples.join(', ')}`)
  console.log(
    `   heap range while streaming: ${(max - min).toFixed(1)} MB (holding all 20,000 records would take roughly 20,000 x 300 bytes = 6 MB)` +
      (gc ? '' : '; run with --expose-gc (as `pnpm start` does) for steadier numbers'),
  )
}

await stopEarly()
await cancelMidPage()
await streamEverything()
