// postgresJournal(): the journal contract on a real PostgreSQL server (issue #10): records are
// committed before the step goes on, read back in sequence order, the same records a memory
// journal gets, and recover() on another worker finishes what a dead worker left.
//
// Leases run on the database's clock, so the few waits for a lease to expire are real (and short).
import { defineStep, memoryJournal, recover, transaction, TransactionAbortedError, type JournalRecord } from '@sagaflow/compensation'
import { postgresJournal, PostgresJournalError, type PostgresJournal } from '@sagaflow/compensation/postgres'
import { call, runSaga } from '@sagaflow/core'
import pg from 'pg'
import { afterAll, afterEach, expect, it } from 'vitest'
import { describeWithPostgres } from './support/postgres.js'
import { eventually, gate, kinds, orderSteps, runOrder, settled, sleep } from './support/orders.js'
import { track } from './support.js'

describeWithPostgres('postgresJournal()', (db) => {
  const open: PostgresJournal[] = []
  let schemas = 0
  /** A journal on a fresh PostgreSQL schema, so each test sees only its own transactions. */
  const journalIn = (schema: string, options: Parameters<typeof postgresJournal>[1] = {}) => {
    const journal = postgresJournal({ connectionString: db.url }, { schema, ...options })
    open.push(journal)
    return journal
  }
  const fresh = (options: Parameters<typeof postgresJournal>[1] = {}) => journalIn(`journal_${++schemas}`, options)
  afterEach(async () => {
    await Promise.all(open.splice(0).map((journal) => journal.close()))
  })
  let pool: pg.Pool | undefined
  const sql = (text: string, values: unknown[] = []) => (pool ??= new pg.Pool({ connectionString: db.url })).query(text, values)
  afterAll(async () => {
    await pool?.end()
  })

  it('records a committed transaction and reads its records back in sequence order', async () => {
    const journal = fresh()
    const log = track()
    const task = runOrder(journal, orderSteps(log), 1)
    expect(await settled(task)).toEqual({ ok: true, value: 1 })
    const [id] = (await sql(`SELECT id FROM journal_${schemas}.sagaflow_transactions`)).rows.map((r) => r.id as string)
    const records = await journal.read(id!)
    expect(kinds(records)).toEqual([
      'transaction:started',
      'step:started reserve',
      'step:completed reserve',
      'step:started charge',
      'step:completed charge',
      'step:started ship',
      'step:completed ship',
      'transaction:committed',
    ])
    expect(records.map((r) => r.sequence)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(records[2]).toMatchObject({ transactionId: id, step: 'reserve', payload: { result: { ref: 'reserve-1' } } })
    expect(records.every((r) => typeof r.at === 'number' && r.at > 0)).toBe(true)
  })

  it('writes the same records as a memory journal for the same transaction', async () => {
    const memory = memoryJournal()
    const postgres = fresh()
    const steps = orderSteps(track(), { fail: 'ship' })
    await settled(runOrder(memory, steps, 2, { id: 'same-2' }))
    await settled(runOrder(postgres, steps, 2, { id: 'same-2' }))
    const strip = (records: readonly JournalRecord[]) => records.map(({ at: _at, ...rest }) => rest)
    expect(strip(await postgres.read('same-2'))).toEqual(strip(await memory.read('same-2')))
    expect(kinds(await postgres.read('same-2'))).toContain('transaction:rolled-back')
  })

  it('has a step record committed, visible to every other connection, before the body goes on', async () => {
    const journal = fresh()
    const steps = orderSteps(track())
    const seen: string[] = []
    const countCompleted = async (id: string) => {
      const { rows } = await sql(`SELECT step FROM journal_${schemas}.sagaflow_journal WHERE transaction_id = $1 AND kind = 'step:completed' ORDER BY sequence`, [id])
      seen.push(rows.map((r) => r.step).join(','))
    }
    const task = runSaga({ onError: () => {} }, function* () {
      yield* transaction(
        'order',
        function* (tx) {
          yield* tx.run(steps.reserve, { order: 3 })
          yield call(countCompleted, tx.id)
          yield* tx.run(steps.charge, { order: 3 })
          yield call(countCompleted, tx.id)
        },
        { journal },
      )
    })
    await task.toPromise()
    expect(seen).toEqual(['reserve', 'reserve,charge'])
  })

  it('reads parallel steps back in sequence order whatever order their appends landed in', async () => {
    const journal = fresh()
    const make = (name: string, ms: number) => defineStep(name, { run: () => sleep(ms).then(() => name), compensate: () => {} })
    const [slow, fast] = [make('slow', 30), make('fast', 1)]
    const task = runSaga({ onError: () => {} }, function* () {
      return yield* transaction('parallel', function* (tx) {
        yield* tx.all([tx.run(slow), tx.run(fast)])
        return tx.id
      }, { journal })
    })
    const id = (await task.toPromise()) as string
    const records = await journal.read(id)
    expect(records.map((r) => r.sequence)).toEqual([0, 1, 2, 3, 4, 5])
    // Which step finishes first is real time under load; what must hold is the sequence order.
    const read = kinds(records)
    expect(read.slice(0, 3)).toEqual(['transaction:started', 'step:started slow', 'step:started fast'])
    expect([...read.slice(3, 5)].sort()).toEqual(['step:completed fast', 'step:completed slow'])
    expect(read[5]).toBe('transaction:committed')
  })

  it('keeps a nested transaction under its own id, in its outer transaction\'s tree', async () => {
    const journal = fresh()
    const steps = orderSteps(track())
    const task = runSaga({ onError: () => {} }, function* () {
      return yield* transaction('outer', function* (tx) {
        const inner = yield* transaction('inner', function* (itx) {
          yield* itx.run(steps.reserve, { order: 4 })
          return itx.id
        })
        yield* tx.run(steps.charge, { order: 4 })
        return [tx.id, inner]
      }, { journal })
    })
    const [outer, inner] = (await task.toPromise()) as [string, string]
    expect(kinds(await journal.read(inner))).toEqual(['transaction:started', 'step:started reserve', 'step:completed reserve', 'transaction:committed'])
    const { rows } = await sql(`SELECT id, root_id, parent_id, finished_at IS NOT NULL AS finished FROM journal_${schemas}.sagaflow_transactions ORDER BY position`)
    expect(rows).toEqual([
      { id: outer, root_id: outer, parent_id: null, finished: true },
      { id: inner, root_id: outer, parent_id: outer, finished: true },
    ])
  })

  it('reads an unknown transaction as empty', async () => {
    expect(await fresh().read('no-such-transaction')).toEqual([])
  })

  it('fails a step whose result is not JSON-serialisable, naming the step, and rolls the transaction back', async () => {
    const journal = fresh()
    const log = track()
    const bad = defineStep('bad', { run: () => ({ amount: 10n }), compensate: () => log('undo bad') })
    const steps = orderSteps(log)
    const task = runSaga({ onError: () => {} }, function* () {
      yield* transaction('order', function* (tx) {
        yield* tx.run(steps.reserve, { order: 5 })
        yield* tx.run(bad)
      }, { journal })
    })
    const outcome = await settled(task)
    expect(outcome.ok).toBe(false)
    const error = (outcome as { error: TransactionAbortedError }).error
    expect(error).toBeInstanceOf(TransactionAbortedError)
    expect(error.cause).toBeInstanceOf(TypeError)
    expect((error.cause as Error).message).toMatch(/^postgresJournal: the step:completed of step "bad" of transaction ".+" cannot be written as JSON \(.*BigInt.*\); step inputs and results must be JSON-serialisable$/)
    expect(log.entries).toEqual(['do reserve 5', 'undo bad', 'undo reserve-5'])
  })

  it('lists, for another worker, only transactions whose owner\'s lease expired', async () => {
    const schema = `journal_${++schemas}`
    const dead = journalIn(schema, { workerId: 'dead', leaseMs: 100 })
    const live = journalIn(schema, { workerId: 'live', leaseMs: 60_000 })
    const other = journalIn(schema, { workerId: 'other' })
    await dead.append({ transactionId: 'orphan', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })
    await dead.close() // the worker dies: nobody renews its lease
    const charge = gate()
    const blocked = runOrder(live, orderSteps(track(), { hold: { charge } }), 6, { id: 'running' })
    await charge.reached
    await sleep(150)
    expect(await other.unfinished({ workerId: 'other', leaseMs: 1_000 })).toEqual(['orphan'])
    charge.open()
    await settled(blocked)
    expect(await other.unfinished({ workerId: 'other', leaseMs: 1_000 })).toEqual([])
  })

  it('lets recover() on another worker roll back what a dead worker left, exactly once', async () => {
    const schema = `journal_${++schemas}`
    const log = track()
    const dead = journalIn(schema, { workerId: 'dead', leaseMs: 100 })
    const ship = gate() // never opened: the process "dies" in ship
    const task = runOrder(dead, orderSteps(log, { hold: { ship } }), 7, { id: 'order-7' })
    await eventually(async () => kinds(await dead.read('order-7')).includes('step:started ship'), 'the order reaches ship')
    await dead.close()
    expect(task.isRunning()).toBe(true)

    const survivor = journalIn(schema, { workerId: 'survivor' })
    await sleep(150)
    const steps = orderSteps(log)
    const summary = await recover({ journal: survivor, steps: [steps.reserve, steps.charge, steps.ship], workerId: 'survivor', leaseMs: 5_000 })
    expect(summary).toEqual({ transactions: [{ id: 'order-7', name: 'order', outcome: 'rolled-back', compensated: ['charge', 'reserve'] }] })
    expect(log.entries).toEqual(['do reserve 7', 'do charge 7', 'undo charge-7', 'undo reserve-7'])
    expect(await recover({ journal: survivor, steps: [steps.reserve, steps.charge, steps.ship], workerId: 'survivor', leaseMs: 5_000 })).toEqual({ transactions: [] })
    const { rows } = await sql(`SELECT owner, claims, finished_at IS NOT NULL AS finished FROM ${schema}.sagaflow_transactions WHERE id = 'order-7'`)
    expect(rows).toEqual([{ owner: 'survivor', claims: 1, finished: true }])
  })

  it('rejects appends after close(), saying so', async () => {
    const journal = fresh()
    await journal.close()
    await expect(journal.append({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 'x' } })).rejects.toThrow(
      'postgresJournal: cannot record the transaction:started of transaction "t": the journal was closed',
    )
  })

  it('refuses to write to a transaction it neither started nor claimed', async () => {
    const schema = `journal_${++schemas}`
    const owner = journalIn(schema, { workerId: 'owner' })
    const intruder = journalIn(schema, { workerId: 'intruder' })
    await owner.append({ transactionId: 'mine', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })
    const error = await intruder.append({ transactionId: 'mine', sequence: 1, kind: 'transaction:committed', payload: {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PostgresJournalError)
    expect(error).toMatchObject({ reason: 'lease-lost', transactionId: 'mine' })
    expect(kinds(await owner.read('mine'))).toEqual(['transaction:started'])
  })

  it('rejects a second transaction with the same id as a conflict', async () => {
    const journal = fresh()
    await journal.append({ transactionId: 'twice', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })
    await expect(journal.append({ transactionId: 'twice', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })).rejects.toMatchObject({
      name: 'PostgresJournalError',
      reason: 'conflict',
      code: '23505',
    })
  })

  it('waits for the writes under way in every close() call, not only the first', async () => {
    // Issue #10 regression: a second close() resolved at once, before the writes and the pool's end.
    const schema = `journal_${++schemas}`
    const journal = postgresJournal({ connectionString: db.url }, { schema })
    await journal.append({ transactionId: 'closing', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })
    const locker = new pg.Client({ connectionString: db.url })
    await locker.connect()
    await locker.query('BEGIN')
    await locker.query(`SELECT 1 FROM ${schema}.sagaflow_transactions WHERE id = 'closing' FOR UPDATE`) // holds the next write
    let written = false
    const writing = journal.append({ transactionId: 'closing', sequence: 1, kind: 'transaction:committed', payload: {} }).then(() => (written = true))
    await sleep(50)
    const first = journal.close()
    let closed = false
    const second = journal.close().then(() => (closed = true))
    await sleep(100)
    expect(closed).toBe(false)
    await locker.query('COMMIT')
    await locker.end()
    await second
    expect(written).toBe(true)
    await Promise.all([first, writing])
  })

  it('runs no step of a transaction whose start cannot be recorded', async () => {
    const journal = fresh()
    await journal.close() // every write fails from here on
    const log = track()
    const outcome = await settled(runOrder(journal, orderSteps(log), 8))
    expect(outcome.ok).toBe(false)
    const error = (outcome as { error: Error & { cause?: Error } }).error
    expect(error.cause?.message ?? error.message).toBe('postgresJournal: cannot record the transaction:started of transaction "' + (error as any).transactionId + '": the journal was closed')
    expect(log.entries).toEqual([])
  })

  it('checks its arguments', () => {
    expect(() => postgresJournal(undefined as never)).toThrow('postgresJournal(connection, options): connection must be { pool } (a pg.Pool) or { connectionString }, got undefined')
    expect(() => postgresJournal({ connectionString: '' })).toThrow("connection must be { pool } (a pg.Pool) or { connectionString: 'postgres://...' }")
    expect(() => postgresJournal({ pool: {} as never })).toThrow('connection.pool must be a pg.Pool (with connect and query), got {…} (object)')
    expect(() => postgresJournal({ connectionString: 'postgres://x' }, { leaseMs: -1 })).toThrow('options.leaseMs must be a finite number of milliseconds >= 0, got -1 (number)')
    expect(() => postgresJournal({ connectionString: 'postgres://x' }, { leaseMs: 100, heartbeatMs: 100 })).toThrow(
      'options.heartbeatMs (100) must be shorter than options.leaseMs (100)',
    )
    expect(() => postgresJournal({ connectionString: 'postgres://x' }, { schema: 'x; DROP TABLE y' })).toThrow('options.schema must be a PostgreSQL identifier')
  })

  it('refuses a connection string that is not a PostgreSQL URL when made, without showing the password', () => {
    // Issue #10 regression: such strings were accepted, then every use failed as "the database is
    // unreachable" (retried forever by a recovery worker): a port pg cannot parse said "Invalid
    // URL", and a string that is no URL at all was resolved against postgres://base and said
    // "getaddrinfo ENOTFOUND base".
    const make = (connectionString: string) => () => postgresJournal({ connectionString })
    expect(make('postgres://app:s3cret@db.internal:99999/bookings')).toThrow(
      'postgresJournal(connection, options): connection.connectionString "postgres://app:***@db.internal:99999/bookings" is not a valid URL (check the host and that the port is a number up to 65535); write it as postgres://user:password@host:5432/database',
    )
    expect(make('host=db.internal dbname=bookings password=s3cret')).toThrow('connection.connectionString "host=db.internal dbname=bookings password=***" is not a valid URL')
    expect(make('mysql://app:s3cret@db.internal/bookings')).toThrow(
      'postgresJournal(connection, options): connection.connectionString "mysql://app:***@db.internal/bookings" is not a PostgreSQL URL (its scheme is "mysql:", not "postgres:"); write it as postgres://user:password@host:5432/database',
    )
    expect(make('db.internal:5432/bookings?password=s3cret')).toThrow('connection.connectionString "db.internal:5432/bookings?password=***" is not a PostgreSQL URL (its scheme is "db.internal:"')
    // What pg reads is accepted: URLs of both schemes, an empty host with a socket directory, sockets.
    for (const ok of ['postgres://x', 'postgresql://app:p%40ss@[::1]:5432/db?sslmode=verify-full', 'postgres://app@/db?host=/var/run/postgresql', 'postgresql:///db', 'socket:/var/run/postgresql?db=app', '/var/run/postgresql app']) {
      expect(make(ok)).not.toThrow()
    }
  })

  it('records a tx.all of hundreds of steps on a small pool without failing them as unreachable', async () => {
    // Issue #10 regression: every append asked the pool for a connection at once; those that
    // waited longer than the pool's connectionTimeoutMillis for a free one failed their step with
    // "the database is unreachable (timeout exceeded when trying to connect)". (With the journal's
    // own pool, a tx.all of 10,000 steps did so.) Here one connection, already open, serves them
    // all: none should wait in the pool.
    const userPool = new pg.Pool({ connectionString: db.url, max: 1, connectionTimeoutMillis: 200 })
    userPool.on('error', () => {})
    try {
      await userPool.query('SELECT 1')
      const journal = postgresJournal({ pool: userPool }, { schema: `journal_${++schemas}` })
      open.push(journal)
      await journal.migrate()
      const steps = Array.from({ length: 300 }, (_, i) => defineStep(`item-${i}`, { run: (item: number) => item * 2, compensate: () => {} }))
      const task = runSaga({ onError: () => {} }, function* () {
        return yield* transaction('fan-out', function* (tx) {
          const results = yield* tx.all(steps.map((step, i) => tx.run(step, i)))
          return results.length
        }, { journal, id: 'fan-out' })
      })
      const outcome = await settled(task)
      expect(outcome.ok ? outcome.value : (outcome.error as Error).message).toBe(300)
      expect(await journal.read('fan-out')).toHaveLength(2 + 2 * 300)
      await journal.close()
    } finally {
      await userPool.end()
    }
  })

  it('accepts a pg.Pool it does not end on close()', async () => {
    const userPool = new pg.Pool({ connectionString: db.url, max: 2 })
    const journal = postgresJournal({ pool: userPool }, { schema: `journal_${++schemas}` })
    await journal.append({ transactionId: 'pooled', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })
    await journal.close()
    expect((await userPool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await userPool.end()
  })
})

