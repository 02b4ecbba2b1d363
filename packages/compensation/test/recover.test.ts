// recover(): finishes unfinished transactions from the journal, exactly once, and is itself
// crash-safe and idempotent (issue #5). Crashes are simulated in-process with a journal that
// stops recording (crash.test.ts kills real processes).
import { describe, expect, it } from 'vitest'
import {
  CompensationError,
  defineStep,
  isTerminalRecord,
  memoryJournal,
  recover,
  transaction,
  TRANSACTION_OBSERVER,
  TransactionStuckError,
  type JournalRecord,
  type Transaction,
  type StepContext,
  type TransactionEvent,
} from '@sagaflow/compensation'
import { cancel, delay, fork, stdChannel, take } from '@sagaflow/core'
import { crashingJournal, quiesce, settle, start, track } from './support.js'

function bookingSteps(log: (entry: string) => void) {
  const make = (name: string) =>
    defineStep(name, {
      run: (input: { id: number }) => {
        log(`do ${name} ${input.id}`)
        return { ref: `${name}-${input.id}` }
      },
      compensate: (result, input, context) => {
        log(`undo ${name} ${result.ref} ${input.id}${context.recovering ? ' (recovering)' : ''}`)
      },
    })
  return [make('flight'), make('hotel'), make('car'), make('payment')] as const
}

/** Runs a 4-step booking on a journal that crashes after `durable` records; resolves to the records that survived. */
async function crashAfter(durable: number, log: (entry: string) => void): Promise<readonly JournalRecord[]> {
  const steps = bookingSteps(log)
  const journal = crashingJournal(durable)
  const { clock } = start(function* () {
    yield* transaction('booking', function* (tx) {
      for (const step of steps) yield* tx.run(step, { id: 7 })
      yield* delay(10)
      throw new Error('never reached in these tests')
    }, { journal })
  })
  await quiesce(clock)
  return journal.records()
}

describe('recover()', () => {
  it('compensates the completed steps of an unfinished transaction in reverse, from the recorded results', async () => {
    const log = track()
    // transaction:started, started+completed of flight and hotel, started of car: car ran, but
    // the process died before its result was recorded.
    const records = await crashAfter(6, log)
    expect(log.entries).toEqual(['do flight 7', 'do hotel 7', 'do car 7'])
    log.entries.length = 0
    const journal = memoryJournal(records)
    const summary = await recover({ journal, steps: bookingSteps(log) })
    expect(summary).toEqual({
      transactions: [{ id: records[0]!.transactionId, name: 'booking', outcome: 'rolled-back', compensated: ['hotel', 'flight'] }],
    })
    // car has no recorded result, so it is not undone (see docs: steps should be idempotent).
    expect(log.entries).toEqual(['undo hotel hotel-7 7 (recovering)', 'undo flight flight-7 7 (recovering)'])
    expect((await journal.read(records[0]!.transactionId)).at(-1)).toMatchObject({
      kind: 'transaction:rolled-back',
      payload: { compensated: ['hotel', 'flight'], failed: [] },
    })
  })

  it('does nothing the second time', async () => {
    const log = track()
    const journal = memoryJournal(await crashAfter(7, log))
    const steps = bookingSteps(log)
    const first = await recover({ journal, steps })
    const second = await recover({ journal, steps })
    expect(first.transactions[0]!.compensated).toEqual(['car', 'hotel', 'flight'])
    expect(second).toEqual({ transactions: [] })
    expect(log.entries.filter((e) => e.startsWith('undo'))).toEqual([
      'undo car car-7 7 (recovering)',
      'undo hotel hotel-7 7 (recovering)',
      'undo flight flight-7 7 (recovering)',
    ])
  })

  it('leaves finished transactions alone', async () => {
    const log = track()
    const steps = bookingSteps(log)
    const journal = memoryJournal()
    const { clock } = start(function* () {
      yield* transaction('ok', function* (tx) {
        yield* tx.run(steps[0], { id: 1 })
      }, { journal })
      try {
        yield* transaction('failed', function* (tx) {
          yield* tx.run(steps[0], { id: 2 })
          throw new Error('boom')
        }, { journal })
      } catch {
        // rolled back
      }
    })
    await quiesce(clock)
    log.entries.length = 0
    expect(await recover({ journal, steps })).toEqual({ transactions: [] })
    expect(log.entries).toEqual([])
  })

  it('finishes a rollback that a crash interrupted, without undoing a step twice', async () => {
    const log = track()
    const steps = bookingSteps(log)
    // Run to the end, fail, and crash after the first two compensations were recorded.
    const full = memoryJournal()
    const { clock } = start(function* () {
      yield* transaction('booking', function* (tx) {
        for (const step of steps) yield* tx.run(step, { id: 3 })
        throw new Error('boom')
      }, { journal: full })
    })
    await quiesce(clock)
    const records = full.records()
    const cut = records.findIndex((r) => r.kind === 'compensation:completed' && r.step === 'car') + 1
    log.entries.length = 0
    const summary = await recover({ journal: memoryJournal(records.slice(0, cut)), steps })
    expect(summary.transactions[0]).toMatchObject({ outcome: 'rolled-back', compensated: ['hotel', 'flight'] })
    expect(log.entries).toEqual(['undo hotel hotel-3 3 (recovering)', 'undo flight flight-3 3 (recovering)'])
  })

  it('runs again a compensation whose end was not recorded (compensations should be idempotent)', async () => {
    const log = track()
    const steps = bookingSteps(log)
    const records = await crashAfter(9, log) // all four steps completed
    // A first recovery dies right after recording "compensation:started" for payment, its undo
    // under way (the compensation itself is synchronous here, so it did happen).
    const dying = crashingJournal(1, records)
    void recover({ journal: dying, steps })
    await settle()
    expect(dying.crashed).toBe(true)
    expect(log.entries.at(-1)).toBe('undo payment payment-7 7 (recovering)')
    log.entries.length = 0
    const summary = await recover({ journal: memoryJournal(dying.records()), steps })
    expect(summary.transactions[0]!.compensated).toEqual(['payment', 'car', 'hotel', 'flight'])
    expect(log.entries[0]).toBe('undo payment payment-7 7 (recovering)')
  })

  it('survives being killed at any point and still undoes each step once', async () => {
    const log = track()
    const records = await crashAfter(9, log) // all four steps completed
    for (let durable = 0; durable < 12; durable++) {
      const undone: string[] = []
      const keys = new Set<string>()
      // Idempotent compensations: the fake API ignores an undo it has already applied.
      const steps = ['flight', 'hotel', 'car', 'payment'].map((name) =>
        defineStep(name, {
          run: () => ({ ref: name }),
          compensate: (_result, _input, context: StepContext) => {
            if (keys.has(context.idempotencyKey)) return
            keys.add(context.idempotencyKey)
            undone.push(name)
          },
        }),
      )
      let journal = crashingJournal(durable, records)
      void recover({ journal, steps })
      for (let i = 0; i < 5; i++) await settle()
      // Recover until a recovery finishes.
      for (let round = 0; round < 10 && journal.crashed; round++) {
        journal = crashingJournal(durable + 2 * (round + 1), journal.records())
        void recover({ journal, steps })
        for (let i = 0; i < 5; i++) await settle()
      }
      const final = memoryJournal(journal.records())
      await recover({ journal: final, steps })
      expect(undone, `killed after ${durable} recovery records`).toEqual(['payment', 'car', 'hotel', 'flight'])
      expect(await final.unfinished()).toEqual([])
    }
  })

  it('leaves a transaction naming an unknown step untouched and reports it', async () => {
    const log = track()
    const records = await crashAfter(7, log)
    const journal = memoryJournal(records)
    const [flight, hotel] = bookingSteps(log)
    log.entries.length = 0
    const summary = await recover({ journal, steps: [flight, hotel] })
    expect(summary.transactions).toHaveLength(1)
    const [entry] = summary.transactions
    expect(entry).toMatchObject({ id: records[0]!.transactionId, name: 'booking', outcome: 'unrecoverable', compensated: [] })
    expect((entry!.error as Error).message).toBe(
      `recover(): transaction "booking" (${records[0]!.transactionId}) recorded step "car", which is not among the steps passed to recover: pass its defineStep("car", ...) in recover({ steps }). The transaction was left untouched`,
    )
    expect(log.entries).toEqual([])
    expect(journal.records()).toEqual(records)
    expect(await journal.unfinished()).toEqual([records[0]!.transactionId])
  })

  it('reports as unrecoverable a transaction whose nested transaction after the pivot rolled back', async () => {
    const pay = defineStep('pay', { run: () => 'paid' })
    const ship = defineStep('ship', {
      run: (): string => {
        throw new Error('no courier')
      },
      compensate: () => undefined,
    })
    const journal = memoryJournal()
    const { clock } = start(function* () {
      yield* transaction(
        'order',
        function* (tx) {
          yield* tx.pivot(pay)
          yield* transaction('delivery', function* (itx) {
            yield* itx.run(ship)
          })
        },
        { journal },
      )
    })
    await quiesce(clock)
    const records = journal.records()
    const outerId = records[0]!.transactionId
    expect(await journal.unfinished()).toEqual([outerId])
    const summary = await recover({ journal, steps: [pay, ship] })
    const [entry] = summary.transactions
    expect(entry).toMatchObject({ id: outerId, name: 'order', outcome: 'unrecoverable' })
    expect((entry!.error as Error).message).toMatch(
      /^recover\(\): transaction "order" \(.*\) passed its pivot, then its nested transaction "delivery" \(.*\) rolled back; recover cannot run a nested transaction again/,
    )
    expect(journal.records()).toEqual(records)
  })

  it('recovers the other transactions when one is unrecoverable', async () => {
    const log = track()
    const a = await crashAfter(3, log)
    const b = await crashAfter(3, log)
    const broken = a.map((r) => (r.step === 'flight' ? ({ ...r, step: 'teleport' } as JournalRecord) : r))
    const journal = memoryJournal([...broken, ...b])
    log.entries.length = 0
    const summary = await recover({ journal, steps: bookingSteps(log) })
    expect(summary.transactions.map((t) => t.outcome)).toEqual(['unrecoverable', 'rolled-back'])
    expect(log.entries).toEqual(['undo flight flight-7 7 (recovering)'])
  })

  it('needs a defineStep of the same name to undo an inline step', async () => {
    const log = track()
    const journal = crashingJournal(5)
    const { clock } = start(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.step('lock', () => log('locked'), { compensate: () => log('unlocked') })
        yield* tx.compensate('audit', () => log('audit undone'))
        yield* delay(10)
      }, { journal })
    })
    await quiesce(clock)
    const records = journal.records()
    const without = await recover({ journal: memoryJournal(records), steps: [] })
    expect(without.transactions[0]!.outcome).toBe('unrecoverable')
    expect((without.transactions[0]!.error as Error).message).toContain(
      'recorded step "lock", which is not among the steps passed to recover: it is an inline step (tx.step / tx.compensate), which recover can only undo through a defineStep("lock", { run, compensate }) passed in steps',
    )
    const lock = defineStep('lock', { run: () => {}, compensate: () => log('unlocked by recover') })
    const audit = defineStep('audit', { run: () => {}, compensate: () => log('audit undone by recover') })
    const withDefs = await recover({ journal: memoryJournal(records), steps: [lock, audit] })
    expect(withDefs.transactions[0]).toMatchObject({ outcome: 'rolled-back', compensated: ['audit', 'lock'] })
    expect(log.entries).toEqual(['locked', 'audit undone by recover', 'unlocked by recover'])
  })

  it('reports compensations that still fail, with a CompensationError', async () => {
    const log = track()
    const records = await crashAfter(5, log)
    const [flight] = bookingSteps(log)
    const hotel = defineStep('hotel', {
      run: () => ({ ref: 'h' }),
      compensate: () => {
        throw new Error('hotel API down')
      },
    })
    log.entries.length = 0
    const summary = await recover({ journal: memoryJournal(records), steps: [flight, hotel, ...bookingSteps(log).slice(2)] })
    expect(summary.transactions[0]).toMatchObject({ outcome: 'compensation-failed', compensated: ['flight'] })
    expect(summary.transactions[0]!.error).toBeInstanceOf(CompensationError)
    expect(log.entries).toEqual(['undo flight flight-7 7 (recovering)'])
  })

  it('reports recovery events to the observer in its context', async () => {
    const log = track()
    const records = await crashAfter(5, log)
    const events: TransactionEvent[] = []
    await recover({ journal: memoryJournal(records), steps: bookingSteps(log), context: { [TRANSACTION_OBSERVER]: (e: TransactionEvent) => events.push(e) } })
    expect(events.map((e) => `${e.type}${'step' in e ? ` ${e.step}` : ''}`)).toEqual([
      'compensation:started hotel',
      'compensation:completed hotel',
      'compensation:started flight',
      'compensation:completed flight',
      'rolled-back',
    ])
  })

  it('redoes a pivot whose outcome the crash hid, then goes forward', async () => {
    const log = track()
    const reserve = defineStep('reserve', { run: () => log('reserve'), compensate: () => log('unreserve') })
    const charge = defineStep('charge', { run: (_: void, context: StepContext) => log(`charge ${context.idempotencyKey}`) })
    const ship = defineStep('ship', { run: () => log('ship') })
    const journal = crashingJournal(4) // started, reserve started+completed, charge started
    const { clock } = start(function* () {
      yield* transaction('order', function* (tx) {
        yield* tx.run(reserve)
        yield* tx.pivot(charge)
        yield* tx.run(ship)
      }, { journal })
    })
    await quiesce(clock)
    const id = journal.records()[0]!.transactionId
    log.entries.length = 0
    const events: TransactionEvent[] = []
    const summary = await recover({
      journal: memoryJournal(journal.records()),
      steps: [reserve, charge, ship],
      context: { [TRANSACTION_OBSERVER]: (e: TransactionEvent) => events.push(e) },
    })
    // The ship step never started, so the journal cannot know of it: recovery commits after the pivot.
    expect(summary.transactions[0]).toMatchObject({ outcome: 'committed', compensated: [] })
    expect(log.entries).toEqual([`charge ${id}:charge`])
    // The redone pivot is reported as a step run by the body is: started, then completed.
    expect(events.map((e) => `${e.type}${'step' in e ? ` ${e.step}` : ''}`)).toEqual(['step:started charge', 'step:completed charge', 'committed'])
    expect(events[0]).toMatchObject({ type: 'step:started', step: 'charge', pivot: true, transactionId: id })
  })

  it('finishes the rollback, without redoing the pivot, when the crash hit the undo of a transaction cancelled during its pivot', async () => {
    const log = track()
    const reserve = defineStep('reserve', { run: () => log('reserve'), compensate: () => log('unreserve') })
    const hold = defineStep('hold', { run: () => log('hold'), compensate: () => log('release') })
    const charge = defineStep('charge', {
      run: function* () {
        yield* delay(10)
        log('charge')
      },
    })
    // started, reserve and hold started+completed, charge started, then (cancelled) the undo of hold starts: crash
    const journal = crashingJournal(7)
    const { clock } = start(function* () {
      const task = yield* fork(function* () {
        yield* transaction('order', function* (tx) {
          yield* tx.run(reserve)
          yield* tx.run(hold)
          yield* tx.pivot(charge)
        }, { journal })
      })
      yield* delay(5)
      yield* cancel(task)
    })
    await quiesce(clock)
    expect(journal.records().map((r) => `${r.kind} ${r.step ?? ''}`.trim()).slice(-2)).toEqual(['step:started charge', 'compensation:started hold'])
    log.entries.length = 0
    const summary = await recover({ journal: memoryJournal(journal.records()), steps: [reserve, hold, charge] })
    // The live transaction had given the pivot up and was rolling back: recovery goes on with that.
    expect(summary.transactions[0]).toMatchObject({ outcome: 'rolled-back', compensated: ['hold', 'reserve'] })
    expect(log.entries).toEqual(['release', 'unreserve'])
  })

  it('does not run again, going forward, a step whose tx.race branch lost after the pivot', async () => {
    const log = track()
    const pay = defineStep('pay', { run: () => log('pay') })
    const email = defineStep('email', {
      run: function* () {
        yield* delay(100)
        log('email')
      },
    })
    const sms = defineStep('sms', {
      run: function* () {
        yield* delay(1)
        log('sms')
      },
    })
    let shipping = false
    const ship = defineStep('ship', {
      run: () => {
        if (!shipping) throw new Error('warehouse down')
        log('ship')
      },
    })
    const journal = memoryJournal()
    const events: TransactionEvent[] = []
    const { clock } = start(
      function* () {
        yield* transaction('order', function* (tx) {
          yield* tx.pivot(pay)
          yield* tx.race({ email: tx.run(email), sms: tx.run(sms) })
          yield* tx.run(ship)
        }, { journal })
      },
      { context: { [TRANSACTION_OBSERVER]: (e: TransactionEvent) => events.push(e) } },
    )
    await quiesce(clock)
    // The losing step is recorded as abandoned (a final step:failed), and reported so.
    const abandoned = journal.records().find((r) => r.kind === 'step:failed' && r.step === 'email')
    expect(abandoned?.payload).toEqual({
      error: { name: 'CancellationError', message: 'step "email" of transaction "order" was cancelled: its branch lost the tx.race' },
      attempt: 1,
      final: true,
      abandoned: true,
    })
    expect(events.find((e) => e.type === 'step:failed' && e.step === 'email')).toMatchObject({ willRetry: false, attempt: 1 })
    expect(journal.records().at(-1)?.kind).toBe('transaction:stuck')
    shipping = true
    log.entries.length = 0
    const summary = await recover({ journal, steps: [pay, email, sms, ship] })
    expect(summary.transactions[0]).toMatchObject({ outcome: 'committed', compensated: [] })
    // Only the step that failed is run again; the branch that lost the race stays lost.
    expect(log.entries).toEqual(['ship'])
  })

  it('after the pivot, runs again only the failed branch of a tx.race that failed, not the branches it cancelled', async () => {
    const log = track()
    const pay = defineStep('pay', { run: () => log('pay') })
    const email = defineStep('email', {
      run: function* () {
        yield* delay(100)
        log('email')
      },
    })
    let smsUp = false
    const sms = defineStep('sms', {
      run: function* () {
        yield* delay(1)
        if (!smsUp) throw new Error('sms gateway down')
        log('sms')
      },
    })
    const journal = memoryJournal()
    const { clock } = start(function* () {
      yield* transaction('order', function* (tx) {
        yield* tx.pivot(pay)
        yield* tx.race({ email: tx.run(email), sms: tx.run(sms) })
      }, { journal })
    })
    await quiesce(clock)
    expect(journal.records().map((r) => `${r.kind} ${r.step ?? ''}`.trim()).slice(-3)).toEqual(['step:failed sms', 'step:failed email', 'transaction:stuck'])
    smsUp = true
    log.entries.length = 0
    const summary = await recover({ journal, steps: [pay, email, sms] })
    expect(summary.transactions[0]).toMatchObject({ outcome: 'committed' })
    expect(log.entries).toEqual(['sms'])
  })

  it('leaves stuck, not rolled back, a redone pivot that ran but whose completion could not be recorded', async () => {
    const log = track()
    const reserve = defineStep('reserve', { run: () => log('reserve'), compensate: () => log('unreserve') })
    const charge = defineStep('charge', { run: () => log('charge') })
    const journal = crashingJournal(4) // started, reserve started+completed, charge started
    const { clock } = start(function* () {
      yield* transaction('order', function* (tx) {
        yield* tx.run(reserve)
        yield* tx.pivot(charge)
      }, { journal })
    })
    await quiesce(clock)
    log.entries.length = 0
    const source = memoryJournal(journal.records())
    const diskFull = new Error('disk full')
    const flaky = {
      read: (id: string) => source.read(id),
      unfinished: () => source.unfinished(),
      append: (record: JournalRecord) => (record.kind === 'step:completed' && record.step === 'charge' ? Promise.reject(diskFull) : source.append(record)),
    }
    const summary = await recover({ journal: flaky, steps: [reserve, charge] })
    // The charge happened: undoing the reservation would leave a charge for nothing.
    expect(log.entries).toEqual(['charge'])
    expect(summary.transactions[0]).toMatchObject({ outcome: 'stuck', compensated: [] })
    expect((summary.transactions[0]!.error as Error).cause).toBe(diskFull)
  })

  it('ends only its recovery when the journal refuses a record of a transaction going forward as lease-lost, and recovers the others', async () => {
    // Regression: a journal with leases refuses the records of a worker whose transaction another
    // worker took over (an error with reason 'lease-lost'); going forward, that made recover()
    // reject, and the transactions it had claimed besides were left unrecovered.
    const log = track()
    const reserve = defineStep('reserve', { run: () => log('reserve'), compensate: () => log('unreserve') })
    const charge = defineStep('charge', { run: () => log('charge') })
    const ship = defineStep('ship', { run: () => log('ship') })
    const body = function* (tx: Transaction) {
      yield* tx.run(reserve)
      yield* tx.pivot(charge)
      yield* tx.run(ship)
    }
    const unpaid = crashingJournal(3) // started, reserve started+completed: charge never started
    const paid = crashingJournal(6) // ... charge started+completed, ship started: ship to retry
    for (const [id, journal] of [['unpaid', unpaid], ['paid', paid]] as const) {
      const { clock } = start(function* () {
        yield* transaction('order', body, { journal, id })
      })
      await quiesce(clock)
    }
    log.entries.length = 0
    const source = memoryJournal([...unpaid.records(), ...paid.records()])
    const refusal = Object.assign(new Error('worker "w1" no longer owns transaction "paid": worker "w2" claimed it'), { reason: 'lease-lost' })
    const journal = {
      read: (id: string) => source.read(id),
      unfinished: () => source.unfinished(),
      append: (record: JournalRecord) => (record.transactionId === 'paid' && record.kind === 'transaction:committed' ? Promise.reject(refusal) : source.append(record)),
    }
    const summary = await recover({ journal, steps: [reserve, charge, ship] })
    expect(summary.transactions).toMatchObject([
      { id: 'unpaid', outcome: 'rolled-back', compensated: ['reserve'] },
      { id: 'paid', name: 'order', outcome: 'stuck', compensated: [] },
    ])
    const { error } = summary.transactions[1]!
    expect(error).toBeInstanceOf(TransactionStuckError)
    expect((error as TransactionStuckError).cause).toBe(refusal)
    expect(log.entries).toEqual(['ship', 'unreserve'])
  })

  it('keeps the recovery error when journal.release fails too, and still releases every claimed id', async () => {
    const source = memoryJournal(
      ['a', 'b'].map((id) => ({ transactionId: id, sequence: 0, kind: 'transaction:started', payload: { name: id }, at: 0 }) as JournalRecord),
    )
    const released: string[] = []
    const readFailed = new Error('read failed')
    const releaseFailed = new Error('release failed')
    const journal = {
      append: (record: JournalRecord) => source.append(record),
      unfinished: () => source.unfinished(),
      read: () => Promise.reject(readFailed),
      release: async (id: string) => {
        released.push(id)
        throw releaseFailed
      },
    }
    const error = await recover({ journal, steps: [] }).then(() => undefined, (e: unknown) => e)
    expect(error).toBe(readFailed)
    expect((error as { releaseErrors?: unknown[] }).releaseErrors).toEqual([releaseFailed, releaseFailed])
    expect(released.sort()).toEqual(['a', 'b'])
  })

  it('rejects bad options with clear errors', async () => {
    const journal = memoryJournal()
    const step = defineStep('s', { run: () => 1 })
    await expect(recover({ journal, steps: [{ name: 's', run: () => 1 } as any] })).rejects.toThrow(
      'recover({ journal, steps }): steps[0] must be made by defineStep(name, { run, compensate }), got {…} (object)',
    )
    await expect(recover({ journal, steps: [step, defineStep('s', { run: () => 2 })] })).rejects.toThrow(
      'recover({ journal, steps }): two steps are named "s"; recover matches journal records to steps by name, so names must be unique',
    )
    await expect(recover({ journal: undefined as any, steps: [] })).rejects.toThrow('recover({ journal, steps }): journal must be a Journal')
  })

  it('rejects a bad workerId, leaseMs, clock or context even for a journal without leases', async () => {
    const journal = memoryJournal()
    await expect(recover({ journal, steps: [], workerId: 5 as any })).rejects.toThrow(
      new TypeError('recover({ journal, steps }): workerId must be a non-empty string naming this worker, got 5 (number)'),
    )
    await expect(recover({ journal, steps: [], leaseMs: -1 })).rejects.toThrow(
      new TypeError('recover({ journal, steps }): leaseMs must be a finite number of milliseconds > 0, got -1 (number)'),
    )
    await expect(recover({ journal, steps: [], clock: {} as any })).rejects.toThrow(/^recover\(\{ journal, steps \}\): clock must be a Clock .* got \{…\} \(object\)$/)
    await expect(recover({ journal, steps: [], context: 'ctx' as any })).rejects.toThrow(/^recover\(\{ journal, steps \}\): context must be an object .* got "ctx" \(string\)$/)
  })
})

describe('recover() beside transactions this process is running', () => {
  it('leaves a running transaction alone and reports it as running; the live one then undoes each step once', async () => {
    const log = track()
    const steps = bookingSteps(log)
    const [flight, hotel] = steps
    const journal = memoryJournal()
    const channel = stdChannel()
    const { clock } = start(function* () {
      return yield* transaction('booking', function* (tx) {
        yield* tx.run(flight, { id: 1 })
        yield* transaction('extras', function* (inner) {
          yield* inner.run(hotel, { id: 1 })
        })
        yield* take('GO')
        throw new Error('payment declined')
      }, { journal })
    }, { channel, dispatch: (action: any) => channel.put(action) })
    await quiesce(clock)
    // The nested transaction committed (the outer one would undo it as a unit); the outer one waits.
    expect(await journal.unfinished()).toHaveLength(1)
    const summary = await recover({ journal, steps })
    expect(summary.transactions.map(({ name, outcome, compensated }) => ({ name, outcome, compensated }))).toEqual([
      { name: 'booking', outcome: 'running', compensated: [] },
    ])
    expect(log.entries).toEqual(['do flight 1', 'do hotel 1'])
    // The live transaction fails and undoes each step once (nested one as a unit).
    channel.put({ type: 'GO' })
    await quiesce(clock)
    expect(log.entries).toEqual(['do flight 1', 'do hotel 1', 'undo hotel hotel-1 1', 'undo flight flight-1 1'])
    expect(await journal.unfinished()).toEqual([])
    expect(await recover({ journal, steps })).toEqual({ transactions: [] })
  })

  it('leaves a transaction another recover call is recovering to it, reported as running (issue #5: both undid it)', async () => {
    const log = track()
    const flight = defineStep('flight', {
      run: () => ({ ref: 'flight-7' }),
      compensate: async (result: { ref: string }) => {
        await settle()
        log(`undo ${result.ref}`)
      },
    })
    const records = await crashAfter(3, log) // transaction:started, flight started and completed
    log.entries.length = 0
    const journal = memoryJournal(records)
    const [first, second] = await Promise.all([recover({ journal, steps: [flight] }), recover({ journal, steps: [flight] })])
    expect(log.entries).toEqual(['undo flight-7'])
    expect(first.transactions.map(({ name, outcome }) => ({ name, outcome }))).toEqual([{ name: 'booking', outcome: 'rolled-back' }])
    expect(second.transactions.map(({ name, outcome }) => ({ name, outcome }))).toEqual([{ name: 'booking', outcome: 'running' }])
    expect(journal.records().filter((r) => r.kind === 'compensation:started')).toHaveLength(1)
    expect(await recover({ journal, steps: [flight] })).toEqual({ transactions: [] })
  })

  it('leaves alone a running transaction that commits while recover works on another one (issue #5: it undid the committed transaction)', async () => {
    const log = track()
    const [flight, , , payment] = bookingSteps(log)
    let ticketing: 'down' | 'up' = 'down'
    let answer!: () => void
    const ticketIssued = new Promise<void>((resolve) => (answer = resolve))
    const ticket = defineStep('ticket', {
      run: async () => {
        if (ticketing === 'down') throw new Error('ticketing down')
        await ticketIssued
        log('do ticket')
      },
    })
    const journal = memoryJournal()
    const channel = stdChannel()
    // 'live' runs, waiting for GO; 'stuck' (started after it) is stuck past its pivot.
    const { clock } = start(function* () {
      yield* transaction('live', function* (tx) {
        yield* tx.run(flight, { id: 1 })
        yield* take('GO')
      }, { journal })
    }, { channel, dispatch: (action: any) => channel.put(action) })
    start(function* () {
      yield* transaction('stuck', function* (tx) {
        yield* tx.pivot(payment, { id: 2 })
        yield* tx.run(ticket, undefined)
      }, { journal })
    }, { clock })
    await quiesce(clock)
    ticketing = 'up'
    // recover takes the newest first: while it redoes the stuck ticket, the live transaction commits.
    const summary = recover({ journal, steps: [flight, payment, ticket] })
    await settle()
    channel.put({ type: 'GO' })
    await quiesce(clock)
    answer()
    expect((await summary).transactions.map(({ name, outcome, compensated }) => ({ name, outcome, compensated }))).toEqual([
      { name: 'live', outcome: 'committed', compensated: [] },
      { name: 'stuck', outcome: 'committed', compensated: [] },
    ])
    expect(log.entries).toEqual(['do flight 1', 'do payment 2', 'do ticket'])
    expect(journal.records().filter(isTerminalRecord)).toHaveLength(2)
  })

  it('recovers a transaction of the same process once it ended unfinished (stuck past its pivot)', async () => {
    const log = track()
    const [flight] = bookingSteps(log)
    let failures = 0
    const ticket = defineStep('ticket', {
      run: () => {
        if (failures++ < 1) throw new Error('ticketing down')
        log('do ticket')
        return 'T'
      },
    })
    const journal = memoryJournal()
    const { task, clock } = start(function* () {
      yield* transaction('booking', function* (tx) {
        yield* tx.pivot(flight, { id: 2 })
        yield* tx.run(ticket, undefined)
      }, { journal })
    })
    await quiesce(clock)
    expect(task.isAborted()).toBe(true)
    const summary = await recover({ journal, steps: [flight, ticket] })
    expect(summary.transactions.map(({ outcome }) => outcome)).toEqual(['committed'])
    expect(log.entries).toEqual(['do flight 2', 'do ticket'])
  })
})
