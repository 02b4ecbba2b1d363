// Journals: every step start, result, failure and compensation is recorded before the saga goes
// on; memoryJournal; fileJournal is append-only JSON lines, synced per record, and tolerates a
// torn last line (issue #5).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { CompensationError, defineStep, isTerminalRecord, memoryJournal, recover, transaction, type Journal, type JournalRecord } from '@sagaflow/compensation'
import { fileJournal } from '@sagaflow/compensation/node'
import { delay } from '@sagaflow/core'
import { drive, run, start, track } from './support.js'

const scratch = mkdtempSync(join(tmpdir(), 'sagaflow-journal-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let fileCount = 0
const newPath = () => join(scratch, `journal-${++fileCount}.jsonl`)

const kinds = (records: readonly JournalRecord[]) => records.map((r) => `${r.kind}${r.step ? ` ${r.step}` : ''}`)

describe('what a transaction records', () => {
  it('records start, results, failure and compensations in order, numbered by sequence', async () => {
    const journal = memoryJournal()
    const a = defineStep('a', { run: (n: number) => n * 2, compensate: () => {} })
    const b = defineStep('b', {
      run: () => {
        throw new Error('b broke')
      },
    })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(a, 21)
        yield* tx.run(b)
      }, { journal })
    })
    const records = journal.records()
    expect(kinds(records)).toEqual([
      'transaction:started',
      'step:started a',
      'step:completed a',
      'step:started b',
      'step:failed b',
      'compensation:started a',
      'compensation:completed a',
      'transaction:rolled-back',
    ])
    expect(records.map((r) => r.sequence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(new Set(records.map((r) => r.transactionId)).size).toBe(1)
    expect(records[0]!.payload).toEqual({ name: 't' })
    expect(records[1]!.payload).toEqual({ index: 0, input: 21, pivot: false, inline: false, compensable: true })
    expect(records[2]!.payload).toEqual({ result: 42 })
    expect(records[4]!.payload).toEqual({ error: { name: 'Error', message: 'b broke' }, attempt: 1, final: true })
    expect(records[7]!.payload).toEqual({ compensated: ['a'], failed: [] })
  })

  it('has each record durable before the saga goes on', async () => {
    const journal = memoryJournal()
    const seen: string[][] = []
    const snapshot = () => seen.push(kinds(journal.records()))
    const a = defineStep('a', { run: () => snapshot(), compensate: () => snapshot() })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(a)
        snapshot()
        throw new Error('boom')
      }, { journal })
    })
    expect(seen).toEqual([
      // inside run: the start is recorded
      ['transaction:started', 'step:started a'],
      // back in the body: the result is recorded
      ['transaction:started', 'step:started a', 'step:completed a'],
      // inside compensate: the compensation start is recorded
      ['transaction:started', 'step:started a', 'step:completed a', 'compensation:started a'],
    ])
  })

  it('waits for a slow journal before the step result reaches the body', async () => {
    const log = track()
    const inner = memoryJournal()
    const slow: Journal = {
      append: (record) =>
        new Promise((resolve) =>
          setTimeout(() => {
            log(`stored ${record.kind}`)
            resolve(inner.append(record))
          }, 1),
        ),
      read: (id) => inner.read(id),
      unfinished: () => inner.unfinished(),
    }
    const step = defineStep('s', { run: () => log('run s') })
    const { task } = start(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step)
        log('body resumed')
      }, { journal: slow })
    })
    await task.toPromise()
    expect(log.entries).toEqual([
      'stored transaction:started',
      'stored step:started',
      'run s',
      'stored step:completed',
      'body resumed',
      'stored transaction:committed',
    ])
  })

  it('fails the step when the journal cannot record it', async () => {
    const broken: Journal = {
      append: async (record) => {
        if (record.kind === 'step:started') throw new Error('disk full')
      },
      read: async () => [],
      unfinished: async () => [],
    }
    const step = defineStep('s', { run: () => 'never' })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step)
      }, { journal: broken })
    })
    expect(((outcome as { error: { cause: Error } }).error.cause).message).toBe('disk full')
  })
})

describe('journal failures while undoing', () => {
  it('leaves a transaction open when the start of an undo could not be recorded, so recover runs that undo (issue #5: marked rolled back, never undone)', async () => {
    const records = memoryJournal()
    let refuseNextUndo = false
    const journal: Journal = {
      append: (record) => {
        if (refuseNextUndo && record.kind === 'compensation:started') {
          refuseNextUndo = false
          throw new Error('connection reset')
        }
        return records.append(record)
      },
      read: (id) => records.read(id),
      unfinished: () => records.unfinished(),
    }
    const log = track()
    const flight = defineStep('flight', { run: () => 'F', compensate: () => log('undo flight') })
    const hotel = defineStep('hotel', { run: () => 'H', compensate: () => log('undo hotel') })
    const outcome = await run(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.run(flight)
        yield* tx.run(hotel)
        refuseNextUndo = true
        throw new Error('no car')
      }, { journal })
    })
    const error = (outcome as { error: CompensationError }).error
    expect(error).toBeInstanceOf(CompensationError)
    expect(error.failures.map((f) => [f.step, (f.error as Error).message])).toEqual([['hotel', 'connection reset']])
    // The hotel's undo did not run (its start is not in the journal); the transaction is still open.
    expect(log.entries).toEqual(['undo flight'])
    expect(records.records().some(isTerminalRecord)).toBe(false)
    const summary = await recover({ journal, steps: [flight, hotel] })
    expect(summary.transactions.map(({ outcome, compensated }) => ({ outcome, compensated }))).toEqual([{ outcome: 'rolled-back', compensated: ['hotel'] }])
    expect(log.entries).toEqual(['undo flight', 'undo hotel'])
  })
})

describe('memoryJournal()', () => {
  it('lists unfinished transactions, oldest first', async () => {
    const journal = memoryJournal()
    const record = (transactionId: string, sequence: number, kind: JournalRecord['kind']) =>
      journal.append({ transactionId, sequence, kind, payload: kind === 'transaction:started' ? { name: transactionId } : {} } as JournalRecord)
    await record('x', 0, 'transaction:started')
    await record('y', 0, 'transaction:started')
    await record('z', 0, 'transaction:started')
    await record('y', 1, 'transaction:committed')
    expect(await journal.unfinished()).toEqual(['x', 'z'])
    expect((await journal.read('y')).map((r) => r.kind)).toEqual(['transaction:started', 'transaction:committed'])
    expect(await journal.read('unknown')).toEqual([])
  })

  it('orders a transaction records by sequence even when appended out of order', async () => {
    const journal = memoryJournal()
    await journal.append({ transactionId: 't', sequence: 1, kind: 'transaction:committed', payload: {} })
    await journal.append({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } })
    expect((await journal.read('t')).map((r) => r.sequence)).toEqual([0, 1])
    expect(journal.records().map((r) => r.sequence)).toEqual([1, 0])
  })

  it('starts from a copy of given records', async () => {
    const source = memoryJournal()
    await source.append({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } })
    const copy = memoryJournal(source.records())
    await copy.append({ transactionId: 't', sequence: 1, kind: 'transaction:committed', payload: {} })
    expect(await source.unfinished()).toEqual(['t'])
    expect(await copy.unfinished()).toEqual([])
    expect(isTerminalRecord(copy.records()[1]!)).toBe(true)
  })

  it('rejects records that are not an iterable of journal records, naming the bad value', () => {
    expect(() => memoryJournal(5 as never)).toThrow(
      new TypeError("memoryJournal(records): records must be an iterable of journal records (e.g. another journal's records()), or nothing, got 5 (number)"),
    )
    expect(() => memoryJournal([{ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } }, 'x' as never])).toThrow(
      /^memoryJournal\(records\): records\[1\] is not a journal record \(\{ transactionId, sequence, kind, \.\.\. \}\), got "x" \(string\); pass what a journal recorded/,
    )
  })
})

describe('fileJournal()', () => {
  afterEach(() => vi.restoreAllMocks())

  it('appends one JSON record per line and reads them back', async () => {
    const path = newPath()
    const journal = fileJournal(path)
    const step = defineStep('s', { run: (input: { city: string }) => ({ booked: input.city }), compensate: () => {} })
    const { task, clock } = start(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step, { city: 'Lyon' })
      }, { journal })
    })
    await drive(task, clock)
    await journal.close()
    const lines = readFileSync(path, 'utf8').split('\n')
    expect(lines.at(-1)).toBe('')
    const parsed = lines.slice(0, -1).map((line) => JSON.parse(line))
    expect(parsed.map((r) => r.kind)).toEqual(['transaction:started', 'step:started', 'step:completed', 'transaction:committed'])
    expect(parsed[2]).toMatchObject({ step: 's', sequence: 2, payload: { result: { booked: 'Lyon' } }, at: expect.any(Number) })
    const reopened = fileJournal(path)
    expect((await reopened.read(parsed[0].transactionId)).map((r) => r.kind)).toEqual(parsed.map((r) => r.kind))
    expect(await reopened.unfinished()).toEqual([])
    await reopened.close()
  })

  it('only ever appends: earlier bytes never change', async () => {
    const path = newPath()
    const journal = fileJournal(path)
    const snapshots: string[] = []
    for (let i = 0; i < 5; i++) {
      await journal.append({ transactionId: 't', sequence: i, kind: i === 0 ? 'transaction:started' : 'compensation:started', step: 's', payload: i === 0 ? { name: 't' } : {} } as JournalRecord)
      snapshots.push(readFileSync(path, 'utf8'))
    }
    await journal.close()
    for (let i = 1; i < snapshots.length; i++) expect(snapshots[i]!.startsWith(snapshots[i - 1]!)).toBe(true)
  })

  it('syncs the file to disk before an append resolves', async () => {
    const path = newPath()
    const probe = await open(path, 'a')
    const proto = Object.getPrototypeOf(probe)
    await probe.close()
    const order: string[] = []
    const realSync = proto.datasync
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      await realSync.call(this)
      order.push('synced')
    })
    const journal = fileJournal(path)
    for (let i = 0; i < 3; i++) {
      await journal.append({ transactionId: 't', sequence: i, kind: 'transaction:started', payload: { name: 't' } })
      order.push(`append ${i} resolved`)
    }
    await journal.close()
    expect(order).toEqual(['synced', 'append 0 resolved', 'synced', 'append 1 resolved', 'synced', 'append 2 resolved'])
  })

  it('refuses appends after a failed write until closed, and works again once reopened', async () => {
    const path = newPath()
    const probe = await open(path, 'a')
    const proto = Object.getPrototypeOf(probe)
    await probe.close()
    const realSync = proto.datasync
    let failNext = false
    vi.spyOn(proto, 'datasync').mockImplementation(async function (this: unknown) {
      if (failNext) {
        failNext = false
        throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' })
      }
      await realSync.call(this)
    })
    const journal = fileJournal(path)
    const record = (sequence: number): JournalRecord => ({ transactionId: 't', sequence, kind: 'compensation:started', step: `s${sequence}`, payload: {} })
    await journal.append(record(0))
    failNext = true
    await expect(journal.append(record(1))).rejects.toThrow('EIO')
    // What reached the file is unknown: nothing more is appended through this handle.
    await expect(journal.append(record(2))).rejects.toThrow('EIO')
    await journal.close()
    // Reopened, the journal reads the file again (the truth of what reached it) and appends.
    await journal.append(record(3))
    expect((await journal.read('t')).map((r) => r.sequence)).toEqual([0, 1, 3])
    await journal.close()
  })

  it('writes concurrent appends in call order', async () => {
    const path = newPath()
    const journal = fileJournal(path)
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => journal.append({ transactionId: 't', sequence: i, kind: 'compensation:started', step: `s${i}`, payload: {} })),
    )
    await journal.close()
    const sequences = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line).sequence)
    expect(sequences).toEqual(Array.from({ length: 20 }, (_, i) => i))
  })

  it('tolerates a torn last line after a crash, and cuts it off before appending', async () => {
    const path = newPath()
    const good = [
      { transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } },
      { transactionId: 't', sequence: 1, kind: 'step:started', step: 'a', payload: { index: 0, input: 1, pivot: false, inline: false, compensable: true } },
    ]
    writeFileSync(path, good.map((r) => JSON.stringify(r) + '\n').join('') + '{"transactionId":"t","sequence":2,"kind":"step:compl')
    const journal = fileJournal(path)
    expect((await journal.read('t')).map((r) => r.sequence)).toEqual([0, 1])
    await journal.append({ transactionId: 't', sequence: 2, kind: 'step:completed', step: 'a', payload: { result: 2 } })
    await journal.close()
    const lines = readFileSync(path, 'utf8').trim().split('\n')
    expect(lines.map((line) => JSON.parse(line).sequence)).toEqual([0, 1, 2])
  })

  it('tolerates a last line that was written but is garbage', async () => {
    const path = newPath()
    writeFileSync(path, JSON.stringify({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } }) + '\n\u0000\u0000\u0000\n')
    const journal = fileJournal(path)
    expect(await journal.unfinished()).toEqual(['t'])
    await journal.append({ transactionId: 't', sequence: 1, kind: 'transaction:committed', payload: {} })
    await journal.close()
    expect(readFileSync(path, 'utf8').trim().split('\n').length).toBe(2)
  })

  it('refuses a file whose bad line is followed by good ones, naming the line', async () => {
    const path = newPath()
    const line = JSON.stringify({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } })
    writeFileSync(path, `${line}\nnot json\n${line}\n`)
    await expect(fileJournal(path).read('t')).rejects.toThrow(`fileJournal(${JSON.stringify(path)}): line 2 is not a journal record but later lines are, so the file is corrupt`)
    // JSON that is not an object, null included, is not a record either.
    for (const bad of ['null', '42', '"text"']) {
      const other = newPath()
      writeFileSync(other, `${line}\n${bad}\n${line}\n`)
      await expect(fileJournal(other).read('t')).rejects.toThrow('line 2 is not a journal record but later lines are')
      writeFileSync(other, `${line}\n${bad}\n`)
      expect(await fileJournal(other).unfinished()).toEqual(['t'])
    }
  })

  it('closes a journal whose file could not be opened, and opens the file again once repaired (issue #5: close rejected, forever)', async () => {
    const path = newPath()
    const line = JSON.stringify({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } })
    writeFileSync(path, `not json\n${line}\n`)
    const journal = fileJournal(path)
    await expect(journal.unfinished()).rejects.toThrow('line 1 is not a journal record but later lines are')
    await expect(journal.close()).resolves.toBeUndefined()
    writeFileSync(path, `${line}\n`)
    expect(await journal.unfinished()).toEqual(['t'])
    await journal.close()
  })

  it('creates the file and its directory when missing', async () => {
    const path = join(scratch, 'deep', 'er', 'journal.jsonl')
    const journal = fileJournal(path)
    expect(await journal.unfinished()).toEqual([])
    await journal.append({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } })
    await journal.close()
    expect(readFileSync(path, 'utf8')).toContain('"transaction:started"')
  })

  it('rejects a path that is a directory with an error naming the journal and the fix', async () => {
    const journal = fileJournal(scratch)
    const expected = `fileJournal(${JSON.stringify(scratch)}): cannot open the journal file (EISDIR: illegal operation on a directory, read); the path is a directory: pass the path of a file, e.g. ${JSON.stringify(`${scratch}/journal.jsonl`)}`
    await expect(journal.unfinished()).rejects.toThrow(expected)
    await expect(journal.append({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 't' } })).rejects.toMatchObject({
      message: expected,
      code: 'EISDIR',
      cause: expect.objectContaining({ code: 'EISDIR' }),
    })
    await journal.close()
  })

  it('rejects a record that is not JSON-serialisable, naming the step', async () => {
    const journal = fileJournal(newPath())
    const cyclic: any = {}
    cyclic.self = cyclic
    await expect(journal.append({ transactionId: 't', sequence: 1, kind: 'step:completed', step: 'reserve', payload: { result: cyclic } })).rejects.toThrow(
      'the step:completed of step "reserve" cannot be written as JSON',
    )
    await journal.close()
  })

  it('records a transaction whose steps wait on the saga clock', async () => {
    const path = newPath()
    const journal = fileJournal(path)
    const log = track()
    const step = defineStep('s', {
      run: function* () {
        yield* delay(5)
        log('done')
      },
    })
    const { task, clock } = start(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step)
      }, { journal })
    })
    await drive(task, clock)
    expect(task.isAborted()).toBe(false)
    expect(log.entries).toEqual(['done'])
    expect((await journal.records()).map((r) => r.kind)).toEqual(['transaction:started', 'step:started', 'step:completed', 'transaction:committed'])
    await journal.close()
  })
})
