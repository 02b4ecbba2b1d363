/*
 * A fake paginated API and the async generator that flattens it into records: the kind of
 * source `fromAsyncIterable` is for. The API counts the pages it served and the generator
 * reports when its `finally` ran, so the demo and the tests can show what was fetched and that
 * the source was closed.
 */

export interface SyncRecord {
  readonly id: number
  readonly page: number
  readonly payload: string
}

export interface PagedApi {
  /** Resolves with one page of records (after `latency()`, a microtask by default). */
  fetchPage(page: number): Promise<SyncRecord[]>
  readonly pagesFetched: number
  readonly pages: number
  readonly perPage: number
}

export interface PagedApiOptions {
  pages?: number
  perPage?: number
  /** Simulated network latency; default: none (one microtask). */
  latency?: () => Promise<void>
}

export function createPagedApi({ pages = 400, perPage = 50, latency = () => Promise.resolve() }: PagedApiOptions = {}): PagedApi {
  let pagesFetched = 0
  return {
    pages,
    perPage,
    get pagesFetched() {
      return pagesFetched
    },
    async fetchPage(page) {
      await latency()
      pagesFetched++
      return Array.from({ length: perPage }, (_, i) => {
        const id = page * perPage + i
        // ~200 bytes per record, so keeping 20,000 of them by mistake would show in the heap
        return { id, page, payload: `record ${id} `.padEnd(200, '.') }
      })
    },
  }
}

export interface RecordStream {
  /** The records, page after page; a page is fetched only when its first record is wanted. */
  readonly records: AsyncGenerator<SyncRecord, void, undefined>
  /** True once the generator's `finally` ran (it ended, or it was closed early). */
  readonly finished: boolean
}

export function recordStream(api: PagedApi): RecordStream {
  let finished = false
  async function* records(): AsyncGenerator<SyncRecord, void, undefined> {
    try {
      for (let page = 0; page < api.pages; page++) {
        const batch = await api.fetchPage(page)
        yield* batch
      }
    } finally {
      finished = true
    }
  }
  return {
    records: records(),
    get finished() {
      return finished
    },
  }
}
