// The booking with `--journal postgres://...` (issue #10): on a real PostgreSQL server, worker a
// commits one trip and rolls back another; it dies during the third, and worker b's recovery
// worker claims that transaction once its lease expires and undoes its reservations.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { describeWithPostgres } from '../../../packages/compensation/test/support/postgres.js'
import { runWithJournal } from '../src/run-with-journal.js'

const expected = (active: readonly string[]) => ({
  outcomes: ['trip 1: committed', 'trip 2 (payment refused): TransactionAbortedError (transaction "book-trip" was rolled back: chargePayment failed (the travel API is down))'],
  recovered: [{ id: expect.any(String), outcome: 'rolled-back', compensated: ['reserve-flight'] }],
  apiLog: expect.arrayContaining(['reserve flight F8', 'cancel flight F8']),
  active,
})

describeWithPostgres('the booking on a PostgreSQL journal (run-with-journal.ts)', (db) => {
  it('recovers the trip of the worker that died on another worker, leaving only the committed trip booked', async () => {
    const lines: string[] = []
    const result = await runWithJournal(db.url, (line) => lines.push(line))
    expect(result).toEqual(expected(['F1', 'C2', 'H3']))
    expect(lines).toContain('worker b: polling for transactions whose lease (1000 ms) expired')
  })
})

it('runs on a file journal too (one process at a time)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagaflow-booking-journal-'))
  try {
    expect(await runWithJournal(join(dir, 'journal.jsonl'), () => {})).toEqual(expected(['F1', 'C2', 'H3']))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
