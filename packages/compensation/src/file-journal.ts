/// <reference types="node" />
/**
 * `fileJournal(path)`: a durable journal in one append-only file of JSON lines. The only
 * Node-only module of the package (entry `@sagaflow/compensation/node`).
 *
 * Protocol
 * - One record per line, `JSON.stringify(record) + '\n'`, appended with `O_APPEND`; `append`
 *   resolves after the bytes are written and `fdatasync`ed. Appends waiting at the same time are
 *   written and synced together (group commit), in call order.
 * - On open, a torn tail (a last line without its newline, or lines at the end that do not
 *   parse, which is what a crash in the middle of a write leaves) is cut off, so the next
 *   record starts on a line of its own. A bad line followed by good ones is corruption: opening
 *   fails and names the line.
 * - The journal keeps an index of the file in memory; one process (one `fileJournal` instance)
 *   writes a file at a time. Several workers sharing transactions need a journal with leases.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs'
import { mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import { systemClock, type Clock } from '@sagaflow/cancellation'
import { checkKeys, describeValue, fail } from './internal/retry.js'
import { unfinishedIds, type Journal, type JournalRecord } from './journal.js'

/**
 * Options of {@link fileJournal}.
 *
 * @example
 * ```ts
 * const journal = fileJournal('./data/journal.jsonl', { fsync: process.env.NODE_ENV !== 'test' })
 * ```
 */
export interface FileJournalOptions {
  /** Sync every append to disk (`fdatasync`) before it resolves. Default true; false trades durability for speed (tests). */
  readonly fsync?: boolean | undefined
  /** Clock for the records' `at` time stamps (default: the system clock). */
  readonly clock?: Clock | undefined
}

/**
 * A journal in an append-only JSON-lines file: {@link Journal} plus `records()` (every record in
 * file order) and `close()`.
 *
 * @example
 * ```ts
 * const journal: FileJournal = fileJournal('./journal.jsonl')
 * await journal.close()
 * ```
 */
export interface FileJournal extends Journal {
  /** The file. */
  readonly path: string
  /** Every record, in file order. */
  records(): Promise<readonly JournalRecord[]>
  /** Waits for pending appends and closes the file. Later calls reopen it. */
  close(): Promise<void>
}

interface Pending {
  readonly line: string
  readonly record: JournalRecord
  resolve(): void
  reject(error: unknown): void
}

/**
 * A durable journal: one JSON record per line in the file at `path` (created, with its
 * directory, if missing), appended and flushed to disk (fsync) before each step goes on. After a
 * crash it tolerates a torn last line. For `transaction(..., { journal })` and `recover`.
 *
 * @example
 * ```ts
 * import { recover, transaction } from '@sagaflow/compensation'
 * import { fileJournal } from '@sagaflow/compensation/node'
 *
 * const journal = fileJournal('./data/transactions.jsonl')
 * await recover({ journal, steps }) // at startup: finish what a crash left open
 *
 * function* bookTrip(details: TripRequest) {
 *   return yield* transaction('book-trip', function* (tx) {
 *     // ...
 *   }, { journal })
 * }
 * ```
 */
export function fileJournal(path: string, options: FileJournalOptions = {}): FileJournal {
  if (typeof path !== 'string' || path === '') throw new TypeError(`fileJournal(path): path must be a non-empty string, got ${describeValue(path)}`)
  if (options === null || typeof options !== 'object') throw new TypeError(`fileJournal(path, options): options must be an object { fsync?, clock? }, got ${describeValue(options)}`)
  checkKeys('fileJournal(path, options)', 'options', options, ['fsync', 'clock'])
  if (options.fsync !== undefined && typeof options.fsync !== 'boolean') fail('fileJournal(path, options)', 'options.fsync', 'a boolean', options.fsync)
  const chosen = options.clock
  if (chosen !== undefined && (chosen === null || typeof chosen !== 'object' || typeof (chosen as Partial<Clock>).now !== 'function')) {
    fail('fileJournal(path, options)', 'options.clock', 'a Clock ({ now, setTimeout, clearTimeout }), e.g. systemClock or a VirtualClock', chosen)
  }
  const fsync = options.fsync ?? true
  const clock = options.clock ?? systemClock
  let state: Promise<State> | null = null
  let queue: Pending[] = []
  let flushing: Promise<void> | null = null
  let broken: unknown = undefined

  interface State {
    readonly handle: FileHandle
    readonly all: JournalRecord[]
    readonly byId: Map<string, JournalRecord[]>
  }

  const index = (s: State, record: JournalRecord): void => {
    s.all.push(record)
    let own = s.byId.get(record.transactionId)
    if (!own) s.byId.set(record.transactionId, (own = []))
    let i = own.length
    while (i > 0 && own[i - 1]!.sequence > record.sequence) i--
    own.splice(i, 0, record)
  }

  const load = async (): Promise<State> => {
    await mkdir(dirname(path), { recursive: true })
    let text = ''
    let existed = true
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error
      existed = false
    }
    const { records, validLength } = parseLines(path, text)
    if (validLength < Buffer.byteLength(text, 'utf8')) await truncate(path, validLength)
    const handle = await open(path, 'a')
    if (!existed && fsync) syncDirectory(dirname(path))
    const s: State = { handle, all: [], byId: new Map() }
    for (const record of records) index(s, record)
    return s
  }

  // An error opening the file names the journal and says what to fix (Node's own only says `EISDIR`).
  const ready = (): Promise<State> => (state ??= load().catch((error: unknown) => Promise.reject(openError(path, error))))

  const flush = async (): Promise<void> => {
    let s: State
    try {
      s = await ready()
    } catch (error) {
      // The file could not be opened (or is corrupt): every waiting append fails with that.
      const batch = queue
      queue = []
      for (const p of batch) p.reject(error)
      return
    }
    while (queue.length > 0) {
      const batch = queue
      queue = []
      try {
        if (broken !== undefined) throw broken
        await s.handle.write(batch.map((p) => p.line).join(''))
        if (fsync) await s.handle.datasync()
      } catch (error) {
        // What reached the file is unknown now: refuse further appends rather than guess.
        broken ??= error
        for (const p of batch) p.reject(error)
        continue
      }
      for (const p of batch) {
        index(s, p.record)
        p.resolve()
      }
    }
  }

  const kick = (): void => {
    if (flushing) return
    flushing = flush().finally(() => {
      flushing = null
      if (queue.length > 0) kick()
    })
    // Errors are delivered to each append's own promise.
    flushing.catch(() => {})
  }

  return {
    path,
    append(record) {
      let line: string
      try {
        line = `${JSON.stringify({ ...record, at: clock.now() })}\n`
      } catch (error) {
        const what = record.step === undefined ? record.kind : `${record.kind} of step "${record.step}"`
        return Promise.reject(
          new TypeError(`fileJournal(${JSON.stringify(path)}): the ${what} cannot be written as JSON (${(error as Error).message}); step inputs and results must be JSON-serialisable`),
        )
      }
      const stored = JSON.parse(line) as JournalRecord
      return new Promise<void>((resolve, reject) => {
        queue.push({ line, record: stored, resolve, reject })
        kick()
      })
    },
    async read(transactionId) {
      const s = await ready()
      return [...(s.byId.get(transactionId) ?? [])]
    },
    async unfinished() {
      return unfinishedIds((await ready()).byId)
    },
    async records() {
      return [...(await ready()).all]
    },
    async close() {
      while (flushing) await flushing
      if (!state) return
      const opening = state
      state = null
      // After a failed write the handle is refused (what reached the file is unknown); a reopen
      // reads the file again, which knows, so it may append again.
      broken = undefined
      // A file that could not be opened (unreadable, corrupt) has no handle to close; its error
      // went to the calls that needed the file. Closing forgets it, so a later call opens the
      // file again (once repaired or moved, as that error asks).
      const s = await opening.catch(() => undefined)
      await s?.handle.close()
    },
  }
}

/**
 * An error opening the file at `path`, as fileJournal reports it: the journal, the path, the
 * system's message, and what to do. The system error is its `cause` and its `code` is kept. A
 * corrupt file's error, which already says all that, is passed through.
 */
function openError(path: string, error: unknown): unknown {
  if (!(error instanceof Error) || error.message.startsWith('fileJournal(')) return error
  const code = (error as { code?: unknown }).code
  const fix =
    code === 'EISDIR'
      ? `the path is a directory: pass the path of a file, e.g. ${JSON.stringify(`${path.replace(/[\\/]+$/, '')}/journal.jsonl`)}`
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'this process may not read and write it: fix its permissions, or pass another path'
        : 'pass the path of a file this process can create, read and append to'
  const wrapped = new Error(`fileJournal(${JSON.stringify(path)}): cannot open the journal file (${error.message}); ${fix}`, { cause: error })
  if (typeof code === 'string') Object.defineProperty(wrapped, 'code', { value: code, enumerable: true, writable: true, configurable: true })
  return wrapped
}

/** Parses the file's lines; `validLength` is the byte length of the good prefix (a torn tail excluded). */
function parseLines(path: string, text: string): { records: JournalRecord[]; validLength: number } {
  const records: JournalRecord[] = []
  let validLength = 0
  let offset = 0
  let badLine: number | undefined
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const complete = i < lines.length - 1
    const bytes = Buffer.byteLength(line, 'utf8') + (complete ? 1 : 0)
    offset += bytes
    if (line.trim() === '') {
      if (complete && badLine === undefined) validLength = offset
      continue
    }
    let record: JournalRecord | undefined
    if (complete) {
      try {
        record = JSON.parse(line) as JournalRecord
      } catch {
        record = undefined
      }
    }
    if (record === undefined || record === null || typeof record !== 'object' || typeof record.transactionId !== 'string') {
      badLine ??= i + 1
      continue
    }
    if (badLine !== undefined) {
      throw new Error(
        `fileJournal(${JSON.stringify(path)}): line ${badLine} is not a journal record but later lines are, so the file is corrupt (a crash only tears the last line); repair or move the file`,
      )
    }
    records.push(record)
    validLength = offset
  }
  return { records, validLength }
}

/** Makes a newly created file's directory entry durable (best effort: not every platform can fsync a directory). */
function syncDirectory(directory: string): void {
  let fd: number | undefined
  try {
    fd = openSync(directory, 'r')
    fsyncSync(fd)
  } catch {
    // e.g. Windows
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
