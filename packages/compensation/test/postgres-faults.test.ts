// The PostgreSQL journal when the database goes away (issue #10): a step whose record cannot be
// committed fails with a clear PostgresJournalError and nothing of the record is written (each
// write is one database transaction); a lost connection during recovery leaves the claim to
// expire and another worker finishes the transaction.
//
// Faults are real: the server terminates the connection before a chosen COMMIT
// (pg_terminate_backend), the server is stopped, or a TCP proxy cuts the network. Leases run on
// the database's clock, so the waits for them are real and short.
import { CompensationError, recover, TransactionAbortedError, type RecoverySummary } from '@sagaflow/compensation'
import { postgresJournal, PostgresJournalError, startRecoveryWorker, type PostgresJournal, type PostgresPool } from '@sagaflow/compensation/postgres'
import pg from 'pg'
import { afterAll, afterEach, expect, it } from 'vitest'
import { poolCutBeforeCommit, tcpProxy, type Proxy } from './support/faults.js'
import { describeWithPostgres } from './support/postgres.js'
import { eventually, gate, kinds, orderSteps, runOrder, settled, sleep } from './support/orders.js'
import { track } from './support.js'

describeWithPostgres('postgresJournal() when the database goes away', (db) => {
  const cleanup: (() => Promise<unknown>)[] = []
  let schemas = 0
  let schema = ''
  const newSchema = () => (schema = `faults_${++schemas}`)
  const journal = (options: Parameters<typeof postgresJournal>[1] & { url?: string; pool?: ReturnType<typeof poolCutBeforeCommit> }): PostgresJournal => {
    const { url, pool, ...rest } = options
    const j = postgresJournal(pool ? { pool } : { connectionString: url ?? db.url }, { schema, ...rest })
    cleanup.push(() => j.close())
    if (pool) cleanup.push(() => pool.end())
    return j
  }
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {})
  })
  let admin: pg.Pool | undefined
  const sql = async (text: string, values: unknown[] = []) => {
    if (!admin) {
      admin = new pg.Pool({ connectionString: db.url })
      admin.on('error', () => {}) // its idle connections die when a test stops the server
    }
    return (await admin.query(text, values)).rows
  }
  afterAll(async () => {
    await admin?.end()
  })
  const transactionRow = async (id: string) =>
    (await sql(`SELECT finished_at IS NOT NULL AS finished FROM ${schema}.sagaflow_transactions WHERE id = $1`, [id]))[0]

  it('fails the step with a clear error when the connection is lost as its record commits (in doubt: here nothing of it was written)', async () => {
    newSchema()
    const pool = poolCutBeforeCommit(db.url, (kind, step) => kind === 'step:completed' && step === 'charge')
    const j = journal({ pool, workerId: 'w' })
    const log = track()
    const outcome = await settled(runOrder(j, orderSteps(log), 1, { id: 'cut-step' }))
    expect(pool.cuts).toBe(1)
    expect(outcome.ok).toBe(false)
    const error = (outcome as { error: TransactionAbortedError }).error
    expect(error).toBeInstanceOf(TransactionAbortedError)
    expect(error.cause).toBeInstanceOf(PostgresJournalError)
    expect(error.cause).toMatchObject({ reason: 'unavailable', transactionId: 'cut-step' })
    expect((error.cause as Error).message).toMatch(
      // The backend was terminated as COMMIT was sent: a terminated backend may have committed
      // (synchronous replication), so the journal cannot say it did not.
      /^postgresJournal: could not record the step:completed of step "charge" of transaction "cut-step": the connection was lost while committing it \(.+\), so it may or may not have been committed; read the transaction back once the database is reachable$/,
    )
    // The step ran, so the live transaction (which knows it) undoes it; the journal has no trace of its completion.
    expect(log.entries).toEqual(['do reserve 1', 'do charge 1', 'undo charge-1', 'undo reserve-1'])
    const records = await j.read('cut-step')
    expect(records.map((r) => r.sequence)).not.toContain(4)
    expect(kinds(records)).toEqual([
      'transaction:started',
      'step:started reserve',
      'step:completed reserve',
      'step:started charge',
      'compensation:started charge',
      'compensation:completed charge',
      'compensation:started reserve',
      'compensation:completed reserve',
      'transaction:rolled-back',
    ])
    expect(await transactionRow('cut-step')).toEqual({ finished: true })
  })

  it('leaves the transaction open, with neither its terminal record nor its finished mark, when the connection is lost before that commit', async () => {
    newSchema()
    const pool = poolCutBeforeCommit(db.url, (kind) => kind === 'transaction:committed')
    const j = journal({ pool, workerId: 'w', leaseMs: 100 })
    const log = track()
    const steps = orderSteps(log)
    const outcome = await settled(runOrder(j, steps, 2, { id: 'cut-commit' }))
    expect(outcome.ok).toBe(false)
    expect((outcome as { error: unknown }).error).toMatchObject({ name: 'PostgresJournalError', reason: 'unavailable' })
    expect((outcome as { error: Error }).error.message).toContain('could not record the transaction:committed of transaction "cut-commit"')
    expect(kinds(await j.read('cut-commit'))).not.toContain('transaction:committed')
    expect(await transactionRow('cut-commit')).toEqual({ finished: false })

    // The caller was told the transaction failed; once the lease runs out another worker rolls it back.
    await sleep(150)
    const other = journal({ workerId: 'other' })
    const summary = await recover({ journal: other, steps: [steps.reserve, steps.charge, steps.ship], workerId: 'other', leaseMs: 5_000 })
    expect(summary.transactions).toEqual([{ id: 'cut-commit', name: 'order', outcome: 'rolled-back', compensated: ['ship', 'charge', 'reserve'] }])
    expect(await transactionRow('cut-commit')).toEqual({ finished: true })
  })

  it('says the write may have been committed when the connection drops during its COMMIT', async () => {
    // Issue #10 regression: the error said "Nothing of it was committed" when the server had
    // committed and only its reply was lost. Here the server commits, then the connection is
    // reset before the reply reaches the journal.
    newSchema()
    const inner = new pg.Pool({ connectionString: db.url })
    inner.on('error', () => {})
    cleanup.push(() => inner.end())
    let resetAfterCommit = false
    const pool: PostgresPool = {
      async connect() {
        const client = await inner.connect()
        return {
          async query(text: string, values?: any[]) {
            const result = await client.query(text, values)
            if (text === 'COMMIT' && resetAfterCommit) {
              resetAfterCommit = false
              throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', errno: -104, syscall: 'read' })
            }
            return result
          },
          release: (error?: Error | boolean) => client.release(error),
          on: (event: 'error', listener: (error: Error) => void) => client.on(event, listener),
          removeListener: (event: 'error', listener: (error: Error) => void) => client.removeListener(event, listener),
        }
      },
      query: (text, values) => inner.query(text, values),
      end: () => inner.end(),
    }
    const j = postgresJournal({ pool }, { schema })
    cleanup.push(() => j.close())
    await j.append({ transactionId: 'in-doubt', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })
    resetAfterCommit = true
    const error = await j.append({ transactionId: 'in-doubt', sequence: 1, kind: 'transaction:committed', payload: {} }).catch((e: unknown) => e)
    expect(error).toMatchObject({ name: 'PostgresJournalError', reason: 'unavailable', code: 'ECONNRESET', transactionId: 'in-doubt' })
    expect((error as Error).message).toBe(
      'postgresJournal: could not record the transaction:committed of transaction "in-doubt": the connection was lost while committing it (read ECONNRESET), so it may or may not have been committed; read the transaction back once the database is reachable',
    )
    expect(kinds(await j.read('in-doubt'))).toEqual(['transaction:started', 'transaction:committed']) // it was
  })

  it('fails the step when the server stops mid-transaction; after a restart another worker finishes the transaction', async () => {
    newSchema()
    const j = journal({ workerId: 'a', leaseMs: 300 })
    await j.migrate()
    const log = track()
    const charge = gate()
    const task = runOrder(j, orderSteps(log, { hold: { charge } }), 3, { id: 'server-stopped' })
    await charge.reached
    await db.server.stop('immediate')
    let outcome: Awaited<ReturnType<typeof settled>>
    try {
      charge.open()
      outcome = await settled(task)
    } finally {
      await db.server.start()
    }
    expect(outcome.ok).toBe(false)
    const error = (outcome as { error: CompensationError }).error
    // The step failed with the journal's error; the undo could not be recorded either.
    expect(error).toBeInstanceOf(CompensationError)
    expect(error.cause).toMatchObject({ name: 'PostgresJournalError', reason: 'unavailable' })
    expect((error.cause as Error).message).toContain('could not record the step:completed of step "charge" of transaction "server-stopped": the database is unreachable')
    expect(error.failures.every((failure) => failure.error instanceof PostgresJournalError && failure.error.reason === 'unavailable')).toBe(true)

    const other = journal({ workerId: 'b' })
    expect(kinds(await other.read('server-stopped'))).toEqual(['transaction:started', 'step:started reserve', 'step:completed reserve', 'step:started charge'])
    await sleep(350)
    const steps = orderSteps(log)
    const summary = await recover({ journal: other, steps: [steps.reserve, steps.charge, steps.ship], workerId: 'b', leaseMs: 5_000 })
    expect(summary.transactions).toEqual([{ id: 'server-stopped', name: 'order', outcome: 'rolled-back', compensated: ['reserve'] }])
    // The worker that lost the database undid nothing (its compensation:started records were not
    // durable); the recovering worker undid `reserve` once. `charge` ran but its completion was
    // never recorded, so nobody knows it to undo it: the documented limit of recovery.
    expect(log.entries).toEqual(['do reserve 3', 'do charge 3', 'undo reserve-3'])
    expect(await transactionRow('server-stopped')).toEqual({ finished: true })
  })

  it('leaves the claim to expire when a recovering worker loses its connection, and another worker finishes the transaction', async () => {
    newSchema()
    const log = track()
    // A worker dies while shipping order 4.
    const dead = journal({ workerId: 'dead', leaseMs: 100 })
    const task = runOrder(dead, orderSteps(log, { hold: { ship: gate() } }), 4, { id: 'orphan' })
    await eventually(async () => kinds(await dead.read('orphan')).includes('step:started ship'), 'order 4 reaches ship')
    await dead.close()
    expect(task.isRunning()).toBe(true)

    // Worker r1 reaches the database through a proxy; it starts undoing charge, then the network is cut.
    const proxy: Proxy = await tcpProxy(db.server.port)
    cleanup.push(() => proxy.close())
    const r1 = journal({ workerId: 'r1', url: `postgres://postgres@127.0.0.1:${proxy.port}/sagaflow_test`, leaseMs: 300 })
    const undoCharge = gate()
    const r1Steps = orderSteps(log, { hold: { 'undo charge': undoCharge } })
    const r1Rounds: RecoverySummary[] = []
    const r1Errors: unknown[] = []
    const worker1 = startRecoveryWorker({
      journal: r1,
      steps: [r1Steps.reserve, r1Steps.charge, r1Steps.ship],
      pollMs: 50,
      onRecovered: (summary) => r1Rounds.push(summary),
      onError: (error) => r1Errors.push(error),
    })
    cleanup.push(() => worker1.stop())
    await undoCharge.reached
    proxy.cut()
    undoCharge.open()
    await eventually(() => r1Rounds.length > 0, 'r1 ends its round')
    expect(r1Rounds[0]!.transactions).toMatchObject([{ id: 'orphan', outcome: 'compensation-failed' }])

    // Worker r2 claims it once r1's claim has run out, and finishes it.
    const r2 = journal({ workerId: 'r2' })
    const r2Steps = orderSteps(log)
    const r2Rounds: RecoverySummary[] = []
    const worker2 = startRecoveryWorker({ journal: r2, steps: [r2Steps.reserve, r2Steps.charge, r2Steps.ship], leaseMs: 5_000, pollMs: 50, onRecovered: (s) => r2Rounds.push(s) })
    cleanup.push(() => worker2.stop())
    await eventually(() => r2Rounds.length > 0, 'r2 recovers the orphan')
    expect(r2Rounds[0]!.transactions).toEqual([{ id: 'orphan', name: 'order', outcome: 'rolled-back', compensated: ['charge', 'reserve'] }])
    proxy.heal()
    await sleep(200) // r1 polls again through the healed link, and finds nothing to do
    expect(r1Rounds).toHaveLength(1)

    const records = await r2.read('orphan')
    expect(records.filter((r) => r.kind === 'transaction:rolled-back')).toHaveLength(1)
    const writers = (await sql(`SELECT written_by FROM ${schema}.sagaflow_journal WHERE transaction_id = 'orphan' ORDER BY sequence`)).map((r) => r.written_by)
    // dead wrote the start, r1 only what it wrote before the cut, r2 the rest.
    expect(writers.join(' ')).toMatch(/^(dead )+r1 (r2 )+r2$/)
    await worker1.stop()
    await worker2.stop()
  })
})
