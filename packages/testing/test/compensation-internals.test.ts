/*
 * expectSaga on sagas that run @sagaflow/compensation transactions: the effects the package
 * yields for its own bookkeeping (journal appends, context reads, its task wrappers, the race and
 * delay of a step timeout, retry waits...) are not the user's, and stay out of the assertions,
 * `exactly()`, `effects`, `effectsByTask` and the trace; every effect of the user's code counts.
 */
import { describe, expect, it } from 'vitest'
import { defineStep, transaction, TransactionAbortedError } from '@sagaflow/compensation'
import { call, delay, getContext, join, put, race, setContext, spawn, take } from '@sagaflow/core'
import { expectSaga, formatTrace, matchers, SagaTestError } from '@sagaflow/testing'
import { sagaMatchers } from '@sagaflow/testing/vitest'

expect.extend(sagaMatchers)

const api = {
  reserveFlight: (to: string) => ({ flight: to }),
  cancelFlight: (_flight: unknown) => undefined,
  reserveHotel: (to: string) => ({ hotel: to }),
  cancelHotel: (_hotel: unknown) => undefined,
  sendMail: (to: string) => `sent to ${to}`,
  sendSorry: (_to: string) => undefined,
  audit: (what: string) => what,
}

const reserveFlight = defineStep('reserve-flight', {
  run: function* (to: string) {
    return yield* call(api.reserveFlight, to)
  },
  compensate: function* (flight: unknown) {
    yield* call(api.cancelFlight, flight)
    yield* put({ type: 'FLIGHT_CANCELLED' })
  },
})

const reserveHotel = defineStep('reserve-hotel', {
  run: function* (to: string) {
    yield* put({ type: 'HOTEL_REQUESTED', to })
    return yield* call(api.reserveHotel, to)
  },
  compensate: function* (hotel: unknown) {
    yield* call(api.cancelHotel, hotel)
  },
})

function* bookTrip(to: string) {
  return yield* transaction('trip', function* (tx) {
    return yield* tx.run(reserveFlight, to)
  })
}

/** Every step form at once: defineStep sagas, an effect as operation (with a timeout), an effect-returning compensation. */
function* fullTrip(to: string, email: string) {
  return yield* transaction('trip', function* (tx) {
    const flight = yield* tx.run(reserveFlight, to)
    const hotel = yield* tx.run(reserveHotel, to)
    yield* tx.step('notify', call(api.sendMail, email), { compensate: () => call(api.sendSorry, email), timeoutMs: 1_000 })
    yield* put({ type: 'BOOKED', to })
    yield* call(api.audit, 'booked')
    return { flight, hotel }
  })
}

const INTERNAL_TEXT = /@@sagaflow\/compensation|appendRecord|TxRuntime|transaction\(trip\)|step\(|attempt 1|commit\(|rollback\(|join\(|spawn\(/

describe('expectSaga with @sagaflow/compensation: the package’s own effects', () => {
  it('lets exactly() see only the user’s calls (the trial’s repro)', async () => {
    await expectSaga(bookTrip, 'B').call(api.reserveFlight, 'B').exactly().run()
  })

  it('keeps them out of effects, effectsByTask and the trace', async () => {
    const result = await expectSaga(bookTrip, 'B').run()
    expect(result.effects).toEqual([call(api.reserveFlight, 'B')])
    expect(result.effects.getContext).toEqual([])
    expect(result.effects.setContext).toEqual([])
    expect(result.effects.spawn).toEqual([])
    expect(result.effects.join).toEqual([])
    // The tasks that ran only the package's effects are gone; the root and the user's sagas stay.
    expect(Object.keys(result.effectsByTask)).toEqual(['bookTrip', 'run'])
    expect(result.effectsByTask.bookTrip).toEqual([])
    expect(result.effectsByTask.run).toEqual([call(api.reserveFlight, 'B')])
    expect(formatTrace(result.trace)).toBe("     0 ms  run  call(reserveFlight, 'B')  -> { flight: 'B' }")
  })

  it('prints only the user’s effects when compensated() fails', async () => {
    function* twoSteps(to: string) {
      return yield* transaction('trip', function* (tx) {
        yield* tx.run(reserveFlight, to)
        yield* tx.run(reserveHotel, to)
        throw new Error('no car')
      })
    }
    const error: SagaTestError = await expectSaga(twoSteps, 'B')
      .throws(TransactionAbortedError)
      .compensated(['reserve-flight', 'reserve-hotel'])
      .run()
      .catch((e) => e)
    expect(error).toBeInstanceOf(SagaTestError)
    const trace = error.message.slice(error.message.indexOf('Trace:'))
    expect(trace).not.toMatch(INTERNAL_TEXT)
    expect(trace.split('\n').slice(1)).toEqual([
      "     0 ms  run  call(reserveFlight, 'B')  -> { flight: 'B' }",
      "     0 ms  run#2  put({ type: 'HOTEL_REQUESTED', to: 'B' })  ok",
      "     0 ms  run#2  call(reserveHotel, 'B')  -> { hotel: 'B' }",
      "     0 ms  compensate  call(cancelHotel, { hotel: 'B' })  ok",
      "     0 ms  compensate#2  call(cancelFlight, { flight: 'B' })  ok",
      "     0 ms  compensate#2  put({ type: 'FLIGHT_CANCELLED' })  ok",
    ])
  })

  it('lists only the user’s effects in a toHaveYielded() failure', async () => {
    const result = await expectSaga(bookTrip, 'B').run()
    expect(() => expect(result).toHaveYielded(matchers.call.fn(api.sendMail))).toThrow(
      "expected the saga to have yielded call.fn(sendMail) (found 0); it yielded:\n  call(reserveFlight, 'B')",
    )
  })

  it('lists only the user’s waits in requireDone’s blocked tasks', async () => {
    function* waiting() {
      return yield* transaction('trip', function* (tx) {
        yield* tx.run(reserveFlight, 'B')
        yield* take('CONFIRM')
      })
    }
    const error: SagaTestError = await expectSaga(waiting)
      .run({ requireDone: true })
      .catch((e) => e)
    expect(error.message).toContain("blocked:\n      body: take('CONFIRM')\n")
  })
})

describe('expectSaga with @sagaflow/compensation: the user’s effects still count', () => {
  it('in steps, in the body, in an effect given as a step’s operation (raced against its timeout)', async () => {
    const result = await expectSaga(fullTrip, 'B', 'ada@example.com')
      .call(api.reserveFlight, 'B')
      .call(api.reserveHotel, 'B')
      .call(api.sendMail, 'ada@example.com')
      .call(api.audit, 'booked')
      .put({ type: 'HOTEL_REQUESTED', to: 'B' })
      .put({ type: 'BOOKED', to: 'B' })
      .exactly()
      .returns({ flight: { flight: 'B' }, hotel: { hotel: 'B' } })
      .run()
    expect(result.effects.call).toEqual([
      call(api.reserveFlight, 'B'),
      call(api.reserveHotel, 'B'),
      call(api.sendMail, 'ada@example.com'),
      call(api.audit, 'booked'),
    ])
    // The step's timeout (a race with a delay) is the package's, not a delay of the user's.
    expect(result.effects.delay).toEqual([])
    expect(result.effects.race).toEqual([])
    expect(result.effectsByTask['step(notify)']).toEqual([call(api.sendMail, 'ada@example.com')])
    expect(result.effectsByTask.body).toEqual([put({ type: 'BOOKED', to: 'B' }), call(api.audit, 'booked')])
  })

  it('in compensations: sagas and effects returned by compensate', async () => {
    await expectSaga(fullTrip, 'B', 'ada@example.com')
      .failAt(matchers.call.fn(api.audit), new Error('audit down'))
      .throws(TransactionAbortedError)
      .compensated(['notify', 'reserve-hotel', 'reserve-flight'])
      .inOrder()
      .call(api.audit, 'booked')
      .call(api.sendSorry, 'ada@example.com')
      .call(api.cancelHotel, { hotel: 'B' })
      .call(api.cancelFlight, { flight: 'B' })
      .put({ type: 'FLIGHT_CANCELLED' })
      .run()
    const { effects } = await expectSaga(fullTrip, 'B', 'ada@example.com').failAt(matchers.call.fn(api.audit), new Error('audit down')).throws(TransactionAbortedError).run()
    expect(effects.call.slice(4)).toEqual([call(api.sendSorry, 'ada@example.com'), call(api.cancelHotel, { hotel: 'B' }), call(api.cancelFlight, { flight: 'B' })])
    expect(effects.put).toEqual([put({ type: 'HOTEL_REQUESTED', to: 'B' }), put({ type: 'BOOKED', to: 'B' }), put({ type: 'FLIGHT_CANCELLED' })])
  })

  it('in tx.race branches and in nested transactions', async () => {
    const slowFlight = defineStep('slow-flight', {
      run: function* (to: string) {
        yield* delay(10)
        return yield* call(api.reserveFlight, to)
      },
    })
    function* nested() {
      return yield* transaction('outer', function* (tx) {
        const won = yield* tx.race({ flight: tx.run(slowFlight, 'B'), timeout: delay(50) })
        yield* transaction('inner', function* (inner) {
          yield* inner.run(reserveHotel, 'C')
        })
        return won
      })
    }
    const { effects } = await expectSaga(nested)
      .call(api.reserveFlight, 'B')
      .call(api.reserveHotel, 'C')
      .put({ type: 'HOTEL_REQUESTED', to: 'C' })
      .exactly()
      .returns({ flight: { flight: 'B' } })
      .run()
    // The user's delays (one in the step, one as a branch) count; tx.race's own race does not.
    expect(effects.delay).toEqual([delay(10), delay(50)])
    expect(effects.race).toEqual([])
  })

  it('a step whose run is a plain function: the call of that function is the step’s work', async () => {
    const charge = defineStep('charge', { run: (amount: number) => ({ charged: amount }), compensate: () => undefined })
    function* pay() {
      return yield* transaction('pay', function* (tx) {
        return yield* tx.run(charge, 30)
      })
    }
    const { effects } = await expectSaga(pay).call.fn(charge.run).exactly().returns({ charged: 30 }).run()
    expect(effects.call).toHaveLength(1)
    expect(effects.call[0]!.payload.args[0]).toBe(30)
  })

  it('every attempt of a retried step, but not the retry waits', async () => {
    const flaky = defineStep('flaky', {
      run: function* () {
        return yield* call(api.audit, 'try')
      },
      retry: { maxAttempts: 3, delayMs: 500 },
    })
    function* retried() {
      return yield* transaction('retried', function* (tx) {
        return yield* tx.run(flaky)
      })
    }
    const { effects } = await expectSaga(retried)
      .failAt(matchers.call.fn(api.audit), new Error('busy'))
      .returns('try')
      .run()
    expect(effects).toEqual([call(api.audit, 'try'), call(api.audit, 'try')])
  })

  it('the user’s own context, delay, race, spawn and join effects in the body', async () => {
    function* child() {
      yield* put({ type: 'CHILD' })
    }
    function* body() {
      return yield* transaction('trip', function* () {
        const token = yield* getContext<string>('token')
        yield* setContext({ seen: token })
        yield* race({ slow: delay(10), never: take('NEVER') })
        const task = yield* spawn(child)
        yield* join(task)
        return token
      })
    }
    const { effects } = await expectSaga(body).withContext({ token: 't' }).returns('t').run()
    expect(effects.getContext).toEqual([getContext('token')])
    expect(effects.setContext).toEqual([setContext({ seen: 't' })])
    expect(effects.race).toHaveLength(1)
    expect(effects.delay).toEqual([delay(10)])
    expect(effects.spawn).toEqual([spawn(child)])
    expect(effects.join).toHaveLength(1)
    expect(effects.put).toEqual([put({ type: 'CHILD' })])
  })
})

describe('expectSaga with @sagaflow/compensation: injection leaves the package’s effects alone', () => {
  it('a dynamic provider is asked only about the user’s effects', async () => {
    const asked: string[] = []
    const seen = (kind: string) => (payload: any, next: () => unknown) => {
      asked.push(kind === 'call' ? `call ${payload.fn.name}` : kind)
      return next()
    }
    const { returnValue } = await expectSaga(fullTrip, 'B', 'a@b')
      .provide({ call: seen('call'), fork: seen('fork'), spawn: seen('spawn'), join: seen('join'), getContext: seen('getContext'), setContext: seen('setContext'), race: seen('race'), delay: seen('delay') })
      .run()
    expect(returnValue).toEqual({ flight: { flight: 'B' }, hotel: { hotel: 'B' } })
    // The step sagas' calls, the notify step's operation (raced against its timeout by the
    // package: the race and the timeout's delay are not asked about), the body's audit.
    expect(asked).toEqual(['call reserveFlight', 'call reserveHotel', 'call sendMail', 'call audit'])
  })

  it('a provider that answers every call answers only the user’s: the transaction still commits', async () => {
    const { returnValue, effects } = await expectSaga(bookTrip, 'B')
      .provide({ call: () => 'mocked' })
      .run()
    // The transaction and its step ran (a mocked internal call would have skipped them).
    expect(effects.call).toEqual([call(api.reserveFlight, 'B')])
    expect(returnValue).toBe('mocked')
  })

  it('failAt and cancelAt count only the user’s effects towards nth', async () => {
    // The first fork/spawn/call the user's code yields is reserveFlight's call: failing it rolls
    // back nothing and the transaction fails with the injected error, not an internal one.
    await expectSaga(bookTrip, 'B')
      .failAt(matchers.kind('call'), new Error('down'))
      .throws(TransactionAbortedError)
      .run()
    const { effects } = await expectSaga(fullTrip, 'B', 'a@b')
      .failAt(matchers.kind('call'), new Error('down'), 2)
      .throws(TransactionAbortedError)
      .run()
    // The second user call (reserveHotel) failed: the flight is cancelled.
    expect(effects.call).toEqual([call(api.reserveFlight, 'B'), call(api.reserveHotel, 'B'), call(api.cancelFlight, { flight: 'B' })])
    const cancelled = await expectSaga(fullTrip, 'B', 'a@b').cancelAt(matchers.kind('call'), 2).run()
    expect(cancelled.effects.call).toEqual([call(api.reserveFlight, 'B'), call(api.reserveHotel, 'B'), call(api.cancelFlight, { flight: 'B' })])
  })
})
