// transaction(): reverse-order, exactly-once compensation when the body throws; commit; the tx
// handle (issue #5).
import { describe, expect, it } from 'vitest'
import {
  CompensationError,
  defineStep,
  memoryJournal,
  transaction,
  TransactionAbortedError,
  TransactionStuckError,
  TRANSACTION_OBSERVER,
  type TransactionEvent,
} from '@sagaflow/compensation'
import { all, call, delay, put, take } from '@sagaflow/core'
import { tripSteps } from './fixtures.js'
import { run, start, quiesce, track } from './support.js'
// The same queueMicrotask capture: compensation reports listener errors as core reports cleanup errors.
import { captureUncaught } from '../../core/test/support/virtual-time.js'

describe('transaction()', () => {
  it('resolves to the body result and undoes nothing when the body returns', async () => {
    const log = track()
    const steps = tripSteps(log)
    const outcome = await run(function* () {
      return yield* transaction('trip', function* (tx) {
        const flight = yield* tx.run(steps.flight, 'CDG')
        const hotel = yield* tx.run(steps.hotel, 'Ritz')
        return { flight, hotel }
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: { flight: 'flight:CDG', hotel: 'hotel:Ritz' } })
    expect(log.entries).toEqual(['do flight', 'do hotel'])
  })

  it('runs the effect a plain-function body returns, as its type says, and undoes it on failure', async () => {
    const log = track()
    const steps = tripSteps(log)
    const outcome = await run(function* () {
      const flight = yield* transaction('one-step', (tx) => tx.run(steps.flight, 'CDG'))
      const both = yield* transaction('two-steps', (tx) =>
        tx.all([
          tx.run(steps.hotel, 'Ritz'),
          tx.step('fail', function* () {
            yield* delay(50)
            throw new Error('no car')
          }),
        ]),
      )
      return { flight, both }
    })
    expect((outcome as { error: TransactionAbortedError }).error).toBeInstanceOf(TransactionAbortedError)
    expect(log.entries).toEqual(['do flight', 'do hotel', 'undo hotel'])
  })

  it("returns what a saga body returns, an effect object included, as any called saga's value", async () => {
    const effect = put({ type: 'AS_DATA' })
    const outcome = await run(function* () {
      return yield* transaction('t', function* () {
        yield* delay(1)
        return effect
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: effect })
  })

  it('works with plain yield as well as yield*', async () => {
    const log = track()
    const steps = tripSteps(log)
    const outcome = await run(function* (): Generator<any, unknown, any> {
      return yield transaction('trip', function* (tx): Generator<any, string, any> {
        return yield tx.run(steps.flight, 'CDG')
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: 'flight:CDG' })
  })

  it('undoes the completed steps in reverse order of start when the body throws', async () => {
    const log = track()
    const steps = tripSteps(log, { fail: (step) => step === 'car' })
    await run(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.run(steps.flight, 'CDG')
        yield* tx.run(steps.hotel, 'Ritz')
        yield* tx.run(steps.car, 'Mini')
      })
    })
    expect(log.entries).toEqual(['do flight', 'do hotel', 'undo hotel', 'undo flight'])
  })

  it('undoes steps in reverse order of start, not of completion', async () => {
    const log = track()
    const slow = defineStep('slow', {
      run: function* () {
        yield* delay(50)
        log('do slow')
      },
      compensate: () => log('undo slow'),
    })
    const fast = defineStep('fast', {
      run: function* () {
        yield* delay(5)
        log('do fast')
      },
      compensate: () => log('undo fast'),
    })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.all([tx.run(slow), tx.run(fast)])
        throw new Error('boom')
      })
    })
    expect(log.entries).toEqual(['do fast', 'do slow', 'undo fast', 'undo slow'])
  })

  it('throws TransactionAbortedError with the original cause and the undone steps', async () => {
    const log = track()
    const steps = tripSteps(log, { fail: (step) => step === 'car' })
    const outcome = await run(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.run(steps.flight, 'CDG')
        yield* tx.run(steps.hotel, 'Ritz')
        yield* tx.run(steps.car, 'Mini')
      })
    })
    expect(outcome.status).toBe('error')
    const error = (outcome as { error: TransactionAbortedError }).error
    expect(error).toBeInstanceOf(TransactionAbortedError)
    expect(error.name).toBe('TransactionAbortedError')
    expect((error.cause as Error).message).toBe('car failed')
    expect(error.compensated).toEqual(['hotel', 'flight'])
    expect(error.transaction).toBe('trip')
    expect(error.message).toBe('transaction "trip" was rolled back: car failed')
  })

  it('lets the body catch a failed step and commit anyway', async () => {
    const log = track()
    const steps = tripSteps(log, { fail: (step) => step === 'car' })
    const outcome = await run(function* () {
      return yield* transaction('trip', function* (tx) {
        yield* tx.run(steps.flight, 'CDG')
        try {
          yield* tx.run(steps.car, 'Mini')
        } catch {
          return 'no car'
        }
        return 'car'
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: 'no car' })
    expect(log.entries).toEqual(['do flight'])
  })

  it('never undoes a step that failed or a step without compensate', async () => {
    const log = track()
    const read = defineStep('read', { run: () => log('do read') })
    const failing = defineStep('failing', {
      run: () => {
        throw new Error('nope')
      },
      compensate: () => log('undo failing'),
    })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(read)
        yield* tx.run(failing)
      })
    })
    expect(log.entries).toEqual(['do read'])
  })

  it('runs steps given as functions, promise functions, sagas and effect-returning functions', async () => {
    const log = track()
    const plain = defineStep('plain', { run: (n: number) => n + 1, compensate: (r) => log(`undo plain ${r}`) })
    const promised = defineStep('promised', { run: async (n: number) => n * 10, compensate: async (r) => log(`undo promised ${r}`) })
    const saga = defineStep('saga', {
      run: function* (n: number) {
        yield* delay(1)
        return `s${n}`
      },
      compensate: function* (r) {
        yield* delay(1)
        log(`undo saga ${r}`)
      },
    })
    const effect = defineStep('effect', { run: (n: number) => call(() => n - 1), compensate: (r) => call(() => log(`undo effect ${r}`)) })
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        const a = yield* tx.run(plain, 1)
        const b = yield* tx.run(promised, a)
        const c = yield* tx.run(saga, b)
        const d = yield* tx.run(effect, a)
        log(`results ${a} ${b} ${c} ${d}`)
        throw new Error('boom')
      })
    })
    expect(outcome.status).toBe('error')
    expect(log.entries).toEqual(['results 2 20 s20 1', 'undo effect 1', 'undo saga s20', 'undo promised 20', 'undo plain 2'])
  })

  it('passes compensate the step result and its input', async () => {
    const calls: unknown[] = []
    const step = defineStep('s', { run: (input: { n: number }) => ({ id: input.n * 2 }), compensate: (result, input) => void calls.push(result, input) })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step, { n: 21 })
        throw new Error('boom')
      })
    })
    expect(calls).toEqual([{ id: 42 }, { n: 21 }])
  })

  it('runs inline steps with tx.step and their compensate, which may return an effect', async () => {
    const log = track()
    const sendMail = (to: string) => log(`mail ${to}`)
    const sendSorry = (to: string) => log(`sorry ${to}`)
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        const id = yield* tx.step('notify', call(sendMail, 'ann@example.com'), { compensate: () => call(sendSorry, 'ann@example.com') })
        const n = yield* tx.step('compute', () => 41 + 1, { compensate: (value) => log(`undo compute ${value}`) })
        log(`got ${String(id)} ${n}`)
        throw new Error('boom')
      })
    })
    expect(outcome.status).toBe('error')
    expect(log.entries).toEqual(['mail ann@example.com', 'got undefined 42', 'undo compute 42', 'sorry ann@example.com'])
  })

  it('registers an undo alone with tx.compensate, undone in order with the steps', async () => {
    const log = track()
    const steps = tripSteps(log)
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(steps.flight, 'CDG')
        log('lock taken')
        yield* tx.compensate('release-lock', () => log('lock released'))
        yield* tx.run(steps.hotel, 'Ritz')
        throw new Error('boom')
      })
    })
    expect(log.entries).toEqual(['do flight', 'lock taken', 'do hotel', 'undo hotel', 'lock released', 'undo flight'])
  })

  it('registers the undo of tx.compensate when called, and journals it when yielded', async () => {
    const log = track()
    const journal = memoryJournal()
    await run(function* () {
      yield* transaction('t', function* (tx) {
        tx.compensate('not-yielded', () => log('undo not-yielded'))
        yield* tx.compensate('yielded', () => log('undo yielded'))
        throw new Error('boom')
      }, { journal })
    })
    expect(log.entries).toEqual(['undo yielded', 'undo not-yielded'])
    expect(journal.records().filter((r) => r.kind === 'step:started').map((r) => r.step)).toEqual(['yielded'])
  })

  it('accepts an effect as the undo of tx.compensate', async () => {
    const log = track()
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.compensate('say', call(log, 'undone'))
        throw new Error('boom')
      })
    })
    expect(log.entries).toEqual(['undone'])
  })

  it('gives each transaction a nanoid id and stable idempotency keys', async () => {
    const ids: string[] = []
    const keys: string[] = []
    await run(function* () {
      for (let i = 0; i < 2; i++) {
        yield* transaction('t', function* (tx) {
          ids.push(tx.id)
          keys.push(tx.idempotencyKey('charge'), tx.idempotencyKey('charge'))
          expect(tx.name).toBe('t')
        })
      }
    })
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{21}$/)
    expect(ids[0]).not.toBe(ids[1])
    expect(keys[0]).toBe(keys[1])
    expect(keys[0]).toBe(`${ids[0]}:charge`)
    expect(keys[2]).not.toBe(keys[0])
  })

  it('uses options.id when given', async () => {
    const journal = memoryJournal()
    await run(function* () {
      yield* transaction('t', function* (tx) {
        expect(tx.id).toBe('order-42')
      }, { id: 'order-42', journal })
    })
    expect(journal.records()[0]).toMatchObject({ transactionId: 'order-42', kind: 'transaction:started' })
  })

  it('emits lifecycle events on tx.events', async () => {
    const seen: string[] = []
    const log = track()
    const steps = tripSteps(log, { fail: (step) => step === 'hotel' })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        const record = (event: TransactionEvent) => seen.push(`${event.type}${'step' in event ? ` ${event.step}` : ''}`)
        for (const type of ['step:started', 'step:completed', 'step:failed', 'compensation:started', 'compensation:completed', 'rolled-back'] as const) {
          tx.events.on(type, record)
        }
        yield* tx.run(steps.flight, 'CDG')
        yield* tx.run(steps.hotel, 'Ritz')
      })
    })
    expect(seen).toEqual([
      'step:started flight',
      'step:completed flight',
      'step:started hotel',
      'step:failed hotel',
      'compensation:started flight',
      'compensation:completed flight',
      'rolled-back',
    ])
  })

  it('emits committed with the result', async () => {
    let committed: unknown
    await run(function* () {
      yield* transaction('t', function* (tx) {
        tx.events.on('committed', (event) => (committed = event.result))
        return 7
      })
    })
    expect(committed).toBe(7)
  })

  it('keeps running the compensations when an event listener throws', async () => {
    const log = track()
    const steps = tripSteps(log, { fail: (step) => step === 'hotel' })
    const reported = await captureUncaught(() =>
      run(function* () {
        yield* transaction('t', function* (tx) {
          tx.events.on('compensation:started', () => {
            throw new Error('bad listener')
          })
          yield* tx.run(steps.flight, 'CDG')
          yield* tx.run(steps.hotel, 'Ritz')
        })
      }),
    )
    expect(log.entries).toEqual(['do flight', 'undo flight'])
    expect(reported).toEqual([new Error('bad listener')])
  })

  it('reports what a listener or the observer throws as uncaught, leaving the transaction as it was', async () => {
    let result: unknown
    const reported = await captureUncaught(async () => {
      const { task, clock } = start(
        function* () {
          return yield* transaction('t', function* (tx) {
            tx.events.on('committed', () => {
              throw new Error('listener: expected 8')
            })
            return 7
          })
        },
        { context: { [TRANSACTION_OBSERVER]: () => { throw new Error('observer failed') } } },
      )
      await quiesce(clock)
      result = task.result()
    })
    expect(result).toBe(7)
    expect(reported).toContainEqual(new Error('listener: expected 8'))
    expect(reported).toContainEqual(new Error('observer failed'))
  })

  it('may be interleaved with other effects of the saga', async () => {
    const log = track()
    const { task, clock } = start(function* () {
      return yield* transaction('t', function* (tx) {
        yield* tx.step('wait', take('GO'), { compensate: () => log('undo wait') })
        yield* put({ type: 'DONE' })
        return 'done'
      })
    })
    await quiesce(clock)
    expect(task.isRunning()).toBe(true)
    ;(task as any).cancel()
    await quiesce(clock)
    expect(log.entries).toEqual([])
  })
})

describe('bad input', () => {
  it('rejects a second step with the same name in one transaction, naming it', async () => {
    const log = track()
    const steps = tripSteps(log)
    const outcome = await run(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.run(steps.flight, 'CDG')
        yield* tx.run(steps.flight, 'ORY')
      })
    })
    expect(outcome.status).toBe('error')
    const cause = (outcome as { error: TransactionAbortedError }).error.cause as Error
    expect(cause.message).toBe(
      'tx.run("flight"): duplicate step name: transaction "trip" already has a step named "flight"; give each step of a transaction its own name (the journal and recover identify steps by name)',
    )
    expect(log.entries).toEqual(['do flight', 'undo flight'])
  })

  it('rejects duplicate names across tx.run, tx.step and tx.compensate', async () => {
    const outcome = await run(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.step('x', () => 1)
        yield* tx.compensate('x', () => {})
      })
    })
    expect(((outcome as { error: TransactionAbortedError }).error.cause as Error).message).toContain('already has a step named "x"')
  })

  it('rejects tx.run of something that is not a defined step', async () => {
    const outcome = await run(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.run({ name: 'fake', run: () => 1 } as any)
      })
    })
    expect(((outcome as { error: TransactionAbortedError }).error.cause as Error).message).toMatch(
      /^tx\.run\(step, input\): step must be made by defineStep\(name, \{ run, compensate \}\), got \{…\} \(object\)/,
    )
  })

  it('rejects an inline step without a name or with a compensate that is not a function', async () => {
    const errors: string[] = []
    await run(function* () {
      yield* transaction('trip', function* (tx) {
        for (const make of [() => tx.step('', () => 1), () => tx.step('notify', () => 1, { compensate: 'sorry' as any })]) {
          try {
            make()
          } catch (error) {
            errors.push((error as Error).message)
          }
        }
      })
    })
    expect(errors).toEqual([
      'tx.step(name, operation, options): the step has no name; pass a non-empty string as the first argument, got "" (string)',
      'tx.step("notify", operation, options): the compensate of step "notify" is not a function (got "sorry" (string)); pass a function (result) => undo, e.g. () => call(sendSorry, email)',
    ])
  })

  it('rejects bad transaction arguments where the effect is created', () => {
    expect(() => transaction('', function* () {})).toThrow('transaction(name, body, options): name must be a non-empty string naming the transaction, got "" (string)')
    expect(() => transaction('t', 42 as any)).toThrow('transaction("t", body, options): body must be a function')
    expect(() => transaction('t', function* () {}, { journal: {} as any })).toThrow('options.journal must be a Journal')
    expect(() => transaction('t', function* () {}, { compensationRetry: { maxAttempts: 0 } })).toThrow(
      'transaction("t", body, options): options.compensationRetry.maxAttempts must be an integer >= 1 (or Infinity), got 0 (number)',
    )
  })

  it('rejects an id already in the journal', async () => {
    const journal = memoryJournal()
    const outcome = await run(function* () {
      yield* transaction('a', function* () {}, { id: 'same', journal })
      yield* transaction('b', function* () {}, { id: 'same', journal })
    })
    expect((outcome as { error: Error }).error.message).toContain('the journal already has a transaction with id "same"')
  })

  it('rejects an id of a transaction started at the same time on the same journal (issue #5: both ran, with clashing records)', async () => {
    const journal = memoryJournal()
    const errors: string[] = []
    const once = (name: string) =>
      call(function* () {
        try {
          yield* transaction(name, function* () {
            yield* delay(1)
          }, { id: 'order-1', journal })
        } catch (error) {
          errors.push((error as Error).message)
        }
      })
    await run(function* () {
      yield* all([once('first'), once('second')])
    })
    expect(errors).toEqual(['transaction("second", body, options): a transaction with id "order-1" is already running on this journal; ids must be unique (leave options.id out to get a nanoid)'])
    const sequences = journal.records().map((record) => record.sequence)
    expect(new Set(sequences).size).toBe(sequences.length)
  })

  it('rejects steps started after the transaction ended', async () => {
    let leaked: any
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        leaked = tx
      })
      yield* leaked.step('late', () => 1)
    })
    expect((outcome as { error: Error }).error.message).toBe('tx.step("late", operation, options): transaction "t" has already ended; start steps only while its body runs')
  })

  it('rejects bad options of the error constructors, naming the field', () => {
    expect(() => new CompensationError(undefined as never)).toThrow(
      new TypeError('new CompensationError(options): options must be an object { transactionId, transaction, cause, compensated, failures }, got undefined'),
    )
    const base = { transactionId: 'tx-1', transaction: 'trip', cause: new Error('boom'), compensated: ['hotel'] }
    expect(() => new CompensationError({ ...base, failures: undefined as never })).toThrow(
      new TypeError("new CompensationError(options): options.failures must be an array of { step, error } (e.g. [{ step: 'reserve-hotel', error }]), got undefined"),
    )
    expect(() => new TransactionAbortedError({ ...base, compensated: 'hotel' as never })).toThrow(
      new TypeError("new TransactionAbortedError(options): options.compensated must be an array of step names (e.g. ['reserve-hotel', 'reserve-flight']), got \"hotel\" (string)"),
    )
    expect(() => new TransactionStuckError({ transactionId: 'tx-1', cause: 1, step: undefined } as never)).toThrow(
      new TypeError('new TransactionStuckError(options): options.transaction must be a string, got undefined'),
    )
    // Good options still make the error.
    expect(new CompensationError({ ...base, failures: [{ step: 'car', error: new Error('no') }] }).message).toBe(
      'transaction "trip" could not be fully rolled back: the compensation of "car" failed after: boom',
    )
  })
})
