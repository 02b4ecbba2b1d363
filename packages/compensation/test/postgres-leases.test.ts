// Leases of the PostgreSQL journal (issue #10): a transaction is owned by the worker running it,
// which renews its lease; unfinished() claims only expired transactions, each for exactly one
// worker (FOR UPDATE SKIP LOCKED), and a worker whose lease was taken over cannot write again.
//
// Leases run on the database's clock, so these tests wait for short leases in real time. A
// VirtualClock that is never advanced stands for a worker whose heartbeat stopped.
import { VirtualClock } from '@sagaflow/cancellation'
import type { JournalRecord } from '@sagaflow/compensation'
import { postgresJournal, PostgresJournalError, type PostgresJournal, type PostgresJournalOptions } from '@sagaflow/compensation/postgres'
import pg from 'pg'
import { afterAll, afterEach, expect, it } from 'vitest'
import { describeWithPostgres } from './support/postgres.js'
import { gate, kinds, orderSteps, runOrder, settled, sleep } from './support/orders.js'
import { track } from './support.js'

const started = (id: string, workerId?: string): JournalRecord => ({
  transactionId: id,
  sequence: 0,
  kind: 'transaction:started',
  payload: { name: 'order', ...(workerId ? { workerId } : {}) },
})

describeWithPostgres('postgresJournal() leases', (db) => {
  const open: PostgresJournal[] = []
  const pools: pg.Pool[] = []
  let schemas = 0
  let schema = ''
  const newSchema = () => (schema = `leases_${++schemas}`)
  /** A worker: a journal on the current test's schema, with its own pool. */
  const worker = (workerId: string, options: PostgresJournalOptions = {}) => {
    const journal = postgresJournal({ connectionString: db.url }, { schema, workerId, ...options })
    open.push(journal)
    return journal
  }
  /** A worker whose heartbeat never fires (its clock never moves). */
  const stalled = (workerId: string, leaseMs: number) => worker(workerId, { leaseMs, clock: new VirtualClock(0) })
  afterEach(async () => {
    await Promise.all(open.splice(0).map((journal) => journal.close()))
  })
  const sql = async (text: string, values: unknown[] = []) => {
    if (pools.length === 0) pools.push(new pg.Pool({ connectionString: db.url }))
    return (await pools[0]!.query(text, values)).rows
  }
  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()))
  })

  /** `n` transactions started by a worker that then died (no renewal), with leases of `leaseMs`. */
  async function orphans(n: number, leaseMs = 50): Promise<string[]> {
    const dead = worker('dead', { leaseMs })
    const ids = Array.from({ length: n }, (_, i) => `orphan-${String(i).padStart(3, '0')}`)
    for (const id of ids) await dead.append(started(id))
    await dead.close()
    await sleep(leaseMs + 20)
    return ids
  }

  it('gives each expired transaction to exactly one of several workers claiming at once', async () => {
    newSchema()
    const ids = await orphans(60)
    const claimers = ['w1', 'w2', 'w3', 'w4'].map((id) => worker(id, { claimLimit: 3 }))
    const claimedBy = new Map<string, string[]>()
    await Promise.all(
      claimers.map(async (claimer) => {
        for (;;) {
          const got = await claimer.unfinished({ workerId: claimer.workerId, leaseMs: 60_000 })
          if (got.length === 0) return
          for (const id of got) claimedBy.set(id, [...(claimedBy.get(id) ?? []), claimer.workerId])
        }
      }),
    )
    expect([...claimedBy.keys()].sort()).toEqual(ids)
    expect([...claimedBy.values()].filter((owners) => owners.length > 1)).toEqual([])
    // Every worker got some: they really claimed concurrently.
    expect(new Set([...claimedBy.values()].flat()).size).toBeGreaterThan(1)
    const rows = await sql(`SELECT DISTINCT claims FROM ${schema}.sagaflow_transactions`)
    expect(rows).toEqual([{ claims: 1 }])
  })

  it('does not hand out a transaction whose lease has not expired', async () => {
    newSchema()
    const owner = stalled('owner', 60_000)
    await owner.append(started('fresh'))
    expect(await worker('other').unfinished({ workerId: 'other', leaseMs: 1_000 })).toEqual([])
  })

  it('keeps a running transaction\'s lease renewed, so nobody claims it while it runs', async () => {
    newSchema()
    const owner = worker('owner', { leaseMs: 150 })
    const other = worker('other')
    const charge = gate()
    const task = runOrder(owner, orderSteps(track(), { hold: { charge } }), 1, { id: 'long' })
    await charge.reached
    for (let i = 0; i < 10; i++) {
      expect(await other.unfinished({ workerId: 'other', leaseMs: 1_000 })).toEqual([])
      await sleep(50) // 500 ms in all: more than three leases
    }
    charge.open()
    expect(await settled(task)).toEqual({ ok: true, value: 1 })
    expect(await other.unfinished({ workerId: 'other', leaseMs: 1_000 })).toEqual([])
  })

  it('lets a worker whose lease was taken over write no more to that transaction', async () => {
    newSchema()
    const slow = stalled('slow', 100)
    await slow.append(started('taken'))
    await sleep(120)
    const fast = worker('fast')
    expect(await fast.unfinished({ workerId: 'fast', leaseMs: 60_000 })).toEqual(['taken'])
    const error = await slow.append({ transactionId: 'taken', sequence: 1, kind: 'transaction:committed', payload: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PostgresJournalError)
    expect(error).toMatchObject({ reason: 'lease-lost', transactionId: 'taken' })
    expect((error as Error).message).toBe(
      'postgresJournal: worker "slow" no longer owns transaction "taken": its lease expired and worker "fast" claimed it; that worker finishes it, so this write was refused',
    )
    await fast.append({ transactionId: 'taken', sequence: 1, kind: 'transaction:rolled-back', payload: { compensated: [], failed: [] } })
    expect(kinds(await fast.read('taken'))).toEqual(['transaction:started', 'transaction:rolled-back'])
  })

  it('fences on the claim, not only on the worker id: a worker id reused by two processes cannot both write', async () => {
    newSchema()
    const first = stalled('same-id', 100)
    await first.append(started('shared'))
    await sleep(120)
    const second = worker('same-id')
    expect(await second.unfinished({ workerId: 'same-id', leaseMs: 60_000 })).toEqual(['shared'])
    await expect(first.append({ transactionId: 'shared', sequence: 1, kind: 'transaction:committed', payload: {} })).rejects.toMatchObject({ reason: 'lease-lost' })
  })

  it('never claims for a worker a transaction that worker is running itself', async () => {
    newSchema()
    const owner = stalled('owner', 100)
    await owner.append(started('mine'))
    await sleep(120) // the lease lapsed (no heartbeat), but this journal still runs it
    expect(await owner.unfinished({ workerId: 'owner', leaseMs: 60_000 })).toEqual([])
    expect(await worker('other').unfinished({ workerId: 'other', leaseMs: 60_000 })).toEqual(['mine'])
  })

  it('renews a claim until release(), then lets it run out so another worker can claim it', async () => {
    newSchema()
    const [id] = await orphans(1)
    const first = worker('first')
    const second = worker('second')
    expect(await first.unfinished({ workerId: 'first', leaseMs: 150 })).toEqual([id])
    for (let i = 0; i < 8; i++) {
      expect(await second.unfinished({ workerId: 'second', leaseMs: 60_000 })).toEqual([])
      await sleep(50)
    }
    await first.release!(id!, { workerId: 'first', leaseMs: 150 })
    await sleep(200)
    expect(await second.unfinished({ workerId: 'second', leaseMs: 60_000 })).toEqual([id])
  })

  it('renews in time a claim whose lease is shorter than the leases it already renews', async () => {
    // Issue #10 regression: the heartbeat armed for a running transaction (every 10 s here) was not
    // brought forward for a shorter claim, whose lease then ran out and was claimed again.
    newSchema()
    const [id] = await orphans(1)
    const busy = worker('busy', { leaseMs: 30_000 })
    const charge = gate()
    const task = runOrder(busy, orderSteps(track(), { hold: { charge } }), 1, { id: 'long' })
    await charge.reached
    expect(await busy.unfinished({ workerId: 'busy', leaseMs: 150 })).toEqual([id])
    await sleep(400) // more than two of the claim's leases
    const other = worker('other')
    const stolen = await other.unfinished({ workerId: 'other', leaseMs: 60_000 })
    charge.open()
    await settled(task)
    expect(stolen).toEqual([])
  })

  it('tells every later write of a transaction whose lease was taken over which worker owns it now', async () => {
    // Issue #10 regression: once the heartbeat (or a first refused write) dropped the hold, later
    // writes said this worker had never started or claimed the transaction.
    newSchema()
    const owner = worker('owner', { leaseMs: 300 })
    await owner.append(started('taken-over'))
    await sql(`UPDATE ${schema}.sagaflow_transactions SET lease_expires_at = now() - interval '1 second'`) // as if its renewals had failed
    expect(await worker('thief').unfinished({ workerId: 'thief', leaseMs: 60_000 })).toEqual(['taken-over'])
    await owner.heartbeat() // finds the lease taken and drops the hold
    const message = 'postgresJournal: worker "owner" no longer owns transaction "taken-over": its lease expired and worker "thief" claimed it; that worker finishes it, so this write was refused'
    for (const sequence of [1, 2]) {
      const error = await owner.append({ transactionId: 'taken-over', sequence, kind: 'step:started', step: `s${sequence}`, payload: { index: sequence - 1, input: null, pivot: false, inline: false, compensable: true } }).catch((e: unknown) => e)
      expect(error).toMatchObject({ name: 'PostgresJournalError', reason: 'lease-lost', transactionId: 'taken-over', message })
    }
  })

  it('claims a nested transaction together with its outer one, for one worker', async () => {
    newSchema()
    const dead = worker('dead', { leaseMs: 50 })
    await dead.append(started('outer'))
    await dead.append({ transactionId: 'outer', sequence: 1, kind: 'step:started', step: 'inner', payload: { index: 0, input: null, pivot: false, inline: false, compensable: true, transaction: 'inner' } })
    await dead.append({ transactionId: 'inner', sequence: 0, kind: 'transaction:started', payload: { name: 'inner', parent: { transactionId: 'outer', step: 'inner' } } })
    await dead.close()
    await sleep(70)
    const [a, b] = [worker('a'), worker('b')]
    const [gotA, gotB] = await Promise.all([a.unfinished({ workerId: 'a', leaseMs: 60_000 }), b.unfinished({ workerId: 'b', leaseMs: 60_000 })])
    expect([gotA, gotB].sort((x, y) => y.length - x.length)).toEqual([['outer', 'inner'], []])
  })

  it('stops renewing a transaction after a failed write, so it is recovered if its worker cannot finish it', async () => {
    newSchema()
    const owner = worker('owner', { leaseMs: 150 })
    await owner.append(started('in-doubt'))
    // A duplicate sequence number: the write fails (as a lost connection would).
    await owner.append({ transactionId: 'in-doubt', sequence: 1, kind: 'step:started', step: 's', payload: { index: 0, input: null, pivot: false, inline: false, compensable: true } })
    await expect(
      owner.append({ transactionId: 'in-doubt', sequence: 1, kind: 'step:completed', step: 's', payload: { result: 1 } }),
    ).rejects.toMatchObject({ reason: 'conflict' })
    await sleep(250)
    expect(await worker('other').unfinished({ workerId: 'other', leaseMs: 60_000 })).toEqual(['in-doubt'])
  })

  it('records who owns what, and how often it was claimed', async () => {
    newSchema()
    await orphans(1)
    await worker('claimer').unfinished({ workerId: 'claimer', leaseMs: 60_000 })
    const rows = await sql(`SELECT owner, claims, lease_expires_at > now() AS leased FROM ${schema}.sagaflow_transactions`)
    expect(rows).toEqual([{ owner: 'claimer', claims: 1, leased: true }])
  })

  it('checks the claim options', async () => {
    newSchema()
    const journal = worker('w')
    await expect(journal.unfinished({ workerId: '', leaseMs: 1 })).rejects.toThrow('postgresJournal.unfinished({ workerId, leaseMs }): workerId must be a non-empty string, got "" (string)')
    await expect(journal.unfinished({ workerId: 'w', leaseMs: 0 })).rejects.toThrow('leaseMs must be a finite number of milliseconds > 0, got 0 (number)')
  })
})
