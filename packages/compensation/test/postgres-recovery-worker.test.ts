// startRecoveryWorker() (issue #10): recover() in a loop on a journal shared by several workers;
// each orphan is finished by exactly one worker, a failing round is reported and the loop goes
// on, and stop() waits for the round under way.
//
// Leases run on the database's clock, so the waits for them are real and short.
import { VirtualClock } from '@sagaflow/cancellation'
import { memoryJournal, transaction, type Journal, type RecoverySummary } from '@sagaflow/compensation'
import { runSaga } from '@sagaflow/core'
import {
  postgresJournal,
  PostgresJournalError,
  startRecoveryWorker,
  type PostgresJournal,
  type RecoveryWorker,
  type RecoveryWorkerSummary,
} from '@sagaflow/compensation/postgres'
import { afterEach, describe, expect, it } from 'vitest'
import { describeWithPostgres } from './support/postgres.js'
import { eventually, gate, kinds, orderSteps, runOrder, settled, sleep, type OrderSteps } from './support/orders.js'
import { settle, track } from './support.js'

/** A journal whose every `unfinished()` fails as an unreachable database would; `calls` counts them. */
function unreachableJournal() {
  const journal = {
    calls: 0,
    append: async () => {},
    read: async () => [],
    unfinished: async (): Promise<string[]> => {
      journal.calls++
      throw new Error('database unreachable')
    },
  }
  return journal
}

/** An order whose charge is its pivot: once charged, it is finished forward (ship retried), never rolled back. */
function runPaidOrder(journal: Journal, steps: OrderSteps, order: number, id: string) {
  return runSaga({ onError: () => {} }, function* () {
    return yield* transaction(
      'paid-order',
      function* (tx) {
        yield* tx.run(steps.reserve, { order })
        yield* tx.pivot(steps.charge, { order })
        yield* tx.run(steps.ship, { order })
        return order
      },
      { journal, id },
    )
  })
}

describeWithPostgres('startRecoveryWorker()', (db) => {
  const cleanup: (() => Promise<unknown>)[] = []
  let schemas = 0
  let schema = ''
  const newSchema = () => (schema = `recovery_${++schemas}`)
  const journal = (workerId: string, leaseMs = 30_000): PostgresJournal => {
    const j = postgresJournal({ connectionString: db.url }, { schema, workerId, leaseMs })
    cleanup.push(() => j.close())
    return j
  }
  const started = (worker: RecoveryWorker) => {
    cleanup.push(() => worker.stop())
    return worker
  }
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
  })

  /** `n` orders whose worker died after charging them (before shipping): each must be rolled back. */
  async function orphanOrders(n: number, log: ReturnType<typeof track>): Promise<string[]> {
    const dead = journal('dead', 100)
    const ship = gate() // never opened: the worker "dies" in ship
    const ids = Array.from({ length: n }, (_, i) => `order-${i}`)
    ids.forEach((id, i) => runOrder(dead, orderSteps(log, { hold: { ship } }), i, { id }))
    await eventually(async () => (await Promise.all(ids.map(async (id) => kinds(await dead.read(id)).includes('step:started ship')))).every(Boolean), 'every order reaches ship')
    await dead.close()
    return ids
  }

  it('has two workers recover every orphan, each exactly once', async () => {
    newSchema()
    const log = track()
    const ids = await orphanOrders(20, log)
    const rounds: { worker: string; summary: RecoverySummary }[] = []
    for (const id of ['r1', 'r2']) {
      const steps = orderSteps(log)
      started(
        startRecoveryWorker({
          journal: journal(id),
          steps: [steps.reserve, steps.charge, steps.ship],
          leaseMs: 10_000,
          pollMs: 20,
          onRecovered: (summary) => rounds.push({ worker: id, summary }),
        }),
      )
    }
    const recovered = () => rounds.flatMap((r) => r.summary.transactions)
    await eventually(() => recovered().length >= ids.length, 'all orders are recovered')
    await sleep(100) // a duplicate would show up here
    expect(recovered().map((t) => t.id).sort()).toEqual([...ids].sort())
    expect(recovered().every((t) => t.outcome === 'rolled-back')).toBe(true)
    for (const i of ids.keys()) {
      expect(log.entries.filter((e) => e === `undo charge-${i}`)).toHaveLength(1)
      expect(log.entries.filter((e) => e === `undo reserve-${i}`)).toHaveLength(1)
    }
  })

  it('defaults its worker id and lease to the journal\'s', async () => {
    newSchema()
    const log = track()
    await orphanOrders(1, log)
    const survivor = journal('survivor', 5_000)
    const steps = orderSteps(log)
    const rounds: RecoverySummary[] = []
    started(startRecoveryWorker({ journal: survivor, steps: [steps.reserve, steps.charge, steps.ship], pollMs: 20, onRecovered: (s) => rounds.push(s) }))
    await eventually(() => rounds.length > 0, 'the orphan is recovered')
    expect(rounds[0]!.transactions).toMatchObject([{ id: 'order-0', outcome: 'rolled-back', compensated: ['charge', 'reserve'] }])
  })

  it('reports a transaction whose lease another worker took over as taken over, not as a failed compensation', async () => {
    // Regression: a recovery worker that stalled mid-rollback past its lease had its later records
    // refused (lease-lost), correctly, but reported the transaction as 'compensation-failed' while
    // the worker that took it over rolled it back fine: a false alert.
    newSchema()
    const log = track()
    await orphanOrders(1, log)
    // Worker "slow": its heartbeat never fires (its journal's clock never moves), and it stalls in the undo of charge.
    const slowJournal = postgresJournal({ connectionString: db.url }, { schema, workerId: 'slow', leaseMs: 150, clock: new VirtualClock(0) })
    cleanup.push(() => slowJournal.close())
    const undo = gate()
    const slowSteps = orderSteps(log, { hold: { 'undo charge': undo } })
    const slowRounds: RecoveryWorkerSummary[] = []
    started(startRecoveryWorker({ journal: slowJournal, steps: [slowSteps.reserve, slowSteps.charge, slowSteps.ship], pollMs: 20, onRecovered: (s) => slowRounds.push(s) }))
    await undo.reached
    // Worker "fast" claims the order once slow's lease has run out, and rolls it back.
    const fastSteps = orderSteps(log)
    const fastRounds: RecoveryWorkerSummary[] = []
    started(startRecoveryWorker({ journal: journal('fast'), steps: [fastSteps.reserve, fastSteps.charge, fastSteps.ship], pollMs: 20, onRecovered: (s) => fastRounds.push(s) }))
    await eventually(() => fastRounds.length > 0, 'fast recovers the order')
    expect(fastRounds[0]!.transactions).toMatchObject([{ id: 'order-0', outcome: 'rolled-back', compensated: ['charge', 'reserve'] }])
    undo.open()
    await eventually(() => slowRounds.length > 0, 'slow ends its round')
    expect(slowRounds[0]!.transactions).toEqual([])
    expect(slowRounds[0]!.takenOver).toMatchObject([{ id: 'order-0', name: 'order', compensated: ['charge'] }])
    const { error } = slowRounds[0]!.takenOver[0]!
    expect(error).toBeInstanceOf(PostgresJournalError)
    expect(error).toMatchObject({ reason: 'lease-lost', transactionId: 'order-0' })
    expect(error.message).toContain('worker "fast" claimed it')
    expect(kinds(await slowJournal.read('order-0')).slice(-1)).toEqual(['transaction:rolled-back'])
  })

  it('reports a transaction taken over while it was finished forward as taken over, and recovers the round\'s others', async () => {
    // Regression: a lease lost after the pivot (the retried step's record, transaction:committed
    // or transaction:stuck refused as lease-lost) made recover() reject: the round went to onError
    // as a failure, and the other transactions it had claimed waited for their leases to run out.
    newSchema()
    const log = track()
    // Two orphans of a dead worker, both in ship: "rollback" before any pivot, "forward" (newer,
    // recovered first) after its pivot.
    const dead = journal('dead', 100)
    const deadSteps = orderSteps(log, { hold: { ship: gate() } })
    const reachedShip = (id: string) => async () => kinds(await dead.read(id)).includes('step:started ship')
    runOrder(dead, deadSteps, 1, { id: 'rollback' })
    await eventually(reachedShip('rollback'), 'rollback reaches ship')
    runPaidOrder(dead, deadSteps, 2, 'forward')
    await eventually(reachedShip('forward'), 'forward reaches ship')
    await dead.close()
    const sql = (text: string) => db.server.query(text, [], 'sagaflow_test')
    const expired = async () => (await sql(`SELECT id FROM ${schema}.sagaflow_transactions WHERE lease_expires_at < now()`)).rows.length === 2
    await eventually(expired, 'both leases run out') // so that slow's first round claims both
    // Worker "slow" claims both (its heartbeat never fires: its journal's clock never moves), and
    // stalls in the retry of forward's ship.
    const slowJournal = postgresJournal({ connectionString: db.url }, { schema, workerId: 'slow', leaseMs: 30_000, clock: new VirtualClock(0) })
    cleanup.push(() => slowJournal.close())
    const ship = gate()
    const slowSteps = orderSteps(log, { hold: { ship } })
    const slowRounds: RecoveryWorkerSummary[] = []
    const slowErrors: unknown[] = []
    started(
      startRecoveryWorker({
        journal: slowJournal,
        steps: [slowSteps.reserve, slowSteps.charge, slowSteps.ship],
        pollMs: 20,
        onRecovered: (s) => slowRounds.push(s),
        onError: (e) => slowErrors.push(e),
      }),
    )
    await ship.reached
    // Slow's lease on forward alone runs out (as if its renewals had failed), and worker "fast"
    // claims it and finishes it.
    await sql(`UPDATE ${schema}.sagaflow_transactions SET lease_expires_at = now() - interval '1 second' WHERE id = 'forward'`)
    const fastSteps = orderSteps(log)
    const fastRounds: RecoveryWorkerSummary[] = []
    started(startRecoveryWorker({ journal: journal('fast'), steps: [fastSteps.reserve, fastSteps.charge, fastSteps.ship], pollMs: 20, onRecovered: (s) => fastRounds.push(s) }))
    await eventually(() => fastRounds.length > 0, 'fast recovers forward')
    expect(fastRounds[0]!.transactions).toMatchObject([{ id: 'forward', outcome: 'committed' }])
    ship.open()
    await eventually(() => slowRounds.length + slowErrors.length > 0, 'slow ends its round')
    expect(slowErrors).toEqual([])
    expect(slowRounds[0]!.transactions).toMatchObject([{ id: 'rollback', outcome: 'rolled-back', compensated: ['charge', 'reserve'] }])
    expect(slowRounds[0]!.takenOver).toMatchObject([{ id: 'forward', name: 'paid-order', compensated: [] }])
    const { error } = slowRounds[0]!.takenOver[0]!
    expect(error).toMatchObject({ name: 'PostgresJournalError', reason: 'lease-lost', transactionId: 'forward' })
    expect(error.message).toContain('worker "fast" claimed it')
    expect(log.entries.filter((e) => e === 'do ship 2')).toHaveLength(2) // by fast, then by slow, whose record was refused
    expect(kinds(await slowJournal.read('forward')).slice(-2)).toEqual(['step:completed ship', 'transaction:committed'])
  })

  it('lets the round under way finish before stop() resolves', async () => {
    newSchema()
    const log = track()
    await orphanOrders(1, log)
    const undo = gate()
    const steps = orderSteps(log, { hold: { 'undo charge': undo } })
    const worker = startRecoveryWorker({ journal: journal('r', 5_000), steps: [steps.reserve, steps.charge, steps.ship], pollMs: 20 })
    await undo.reached
    let stopped = false
    const stopping = worker.stop().then(() => (stopped = true))
    await sleep(50)
    expect(stopped).toBe(false)
    undo.open()
    await stopping
    expect(log.entries.slice(-2)).toEqual(['undo charge-0', 'undo reserve-0'])
  })
})

describe('startRecoveryWorker() on any journal', () => {
  const workers: RecoveryWorker[] = []
  const started = (worker: RecoveryWorker) => (workers.push(worker), worker)
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()))
  })

  it('reports a failing round to onError and keeps polling', async () => {
    const errors: unknown[] = []
    const failing = unreachableJournal()
    started(startRecoveryWorker({ journal: failing, steps: [], pollMs: 10, onError: (error) => errors.push(error) }))
    await eventually(() => failing.calls >= 3, 'three rounds')
    expect(errors.slice(0, 3).map((e) => (e as Error).message)).toEqual(['database unreachable', 'database unreachable', 'database unreachable'])
  })

  it('reports the round\'s error and its own when onError throws, and keeps polling', async () => {
    const logged: unknown[][] = []
    const original = console.error
    console.error = (...args: unknown[]) => void logged.push(args)
    try {
      const failing = unreachableJournal()
      const worker = started(startRecoveryWorker({ journal: failing, steps: [], pollMs: 10, onError: () => { throw new Error('logger down') } }))
      await eventually(() => failing.calls >= 2, 'two rounds')
      await worker.stop()
    } finally {
      console.error = original
    }
    const reported = logged[0]!.find((arg) => arg instanceof AggregateError) as AggregateError
    expect(reported.errors.map((e) => (e as Error).message)).toEqual(['database unreachable', 'logger down'])
  })

  it('runs on any journal: a memory journal in one process', async () => {
    const log = track()
    const steps = orderSteps(log)
    const source = memoryJournal()
    const task = runOrder(source, orderSteps(log, { hold: { ship: gate() } }), 9, { id: 'local' })
    await eventually(async () => kinds(await source.read('local')).includes('step:started ship'), 'the order reaches ship')
    expect(task.isRunning()).toBe(true)
    const rounds: RecoverySummary[] = []
    started(startRecoveryWorker({ journal: memoryJournal(source.records()), steps: [steps.reserve, steps.charge, steps.ship], pollMs: 10, onRecovered: (s) => rounds.push(s) }))
    await eventually(() => rounds.length > 0, 'the order is recovered')
    expect(rounds[0]!.transactions).toMatchObject([{ id: 'local', outcome: 'rolled-back' }])
  })

  it('leaves alone a transaction this process runs on the same journal object, and waits pollMs after finding only it', async () => {
    // Issue #10 regression: recover() was handed a wrapper of the journal, so it did not see the
    // transactions running on the journal itself and undid them while they ran.
    const log = track()
    const journal = memoryJournal()
    const ship = gate()
    const task = runOrder(journal, orderSteps(log, { hold: { ship } }), 11, { id: 'live' })
    await eventually(async () => kinds(await journal.read('live')).includes('step:started ship'), 'the order reaches ship')
    const steps = orderSteps(log)
    const rounds: RecoverySummary[] = []
    const clock = new VirtualClock(0)
    const worker: RecoveryWorker = started(
      startRecoveryWorker({
        journal,
        steps: [steps.reserve, steps.charge, steps.ship],
        pollMs: 50,
        clock,
        onRecovered: (summary) => {
          rounds.push(summary)
          if (rounds.length > 3) void worker.stop() // a loop that does not wait would never yield
        },
      }),
    )
    await settle()
    clock.advance(60)
    await settle()
    expect(rounds).toHaveLength(2) // at 0 and 50 ms
    expect(rounds[0]!.transactions).toEqual([{ id: 'live', name: 'order', outcome: 'running', compensated: [] }])
    ship.open()
    expect(await settled(task)).toEqual({ ok: true, value: 11 })
    expect(log.entries).toEqual(['do reserve 11', 'do charge 11', 'do ship 11'])
  })

  it('waits pollMs between rounds that finish nothing, even when they find an unrecoverable transaction', async () => {
    const log = track()
    const source = memoryJournal()
    runOrder(source, orderSteps(log, { hold: { ship: gate() } }), 10, { id: 'unknown-steps' })
    await eventually(async () => kinds(await source.read('unknown-steps')).includes('step:started ship'), 'the order reaches ship')
    const rounds: RecoverySummary[] = []
    const clock = new VirtualClock(0)
    // No steps given: the order cannot be recovered and stays open round after round.
    started(startRecoveryWorker({ journal: memoryJournal(source.records()), steps: [], pollMs: 50, clock, onRecovered: (s) => rounds.push(s) }))
    for (let ms = 0; ms < 200; ms += 10) {
      await settle()
      clock.advance(10)
    }
    await settle()
    expect(rounds).toHaveLength(5) // at 0, 50, 100, 150 and 200 ms
    expect(rounds[0]!.transactions).toMatchObject([{ id: 'unknown-steps', outcome: 'unrecoverable' }])
  })

  it('checks its options', () => {
    expect(() => startRecoveryWorker(undefined as never)).toThrow('startRecoveryWorker({ journal, steps, pollMs }): options must be an object, got undefined')
    expect(() => startRecoveryWorker({ journal: {} as never, steps: [] })).toThrow('journal must be a Journal (postgresJournal(...), ...), got {…} (object)')
    expect(() => startRecoveryWorker({ journal: memoryJournal(), steps: 'x' as never })).toThrow('steps must be an array of defineStep(...) steps, got "x" (string)')
    expect(() => startRecoveryWorker({ journal: memoryJournal(), steps: [], pollMs: -5 })).toThrow('pollMs must be a finite number of milliseconds >= 0, got -5 (number)')
  })
})
