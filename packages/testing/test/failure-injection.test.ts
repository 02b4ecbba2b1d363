import { describe, expect, it } from 'vitest'
import { CompensationError, defineStep, transaction, TransactionAbortedError, type TransactionEvent } from '@sagaflow/compensation'
import { call, cancel, cancelled, delay, fork, put, spawn, take } from '@sagaflow/core'
import { expectSaga, matchers, SagaTestError } from '@sagaflow/testing'

const api = {
  reserveFlight: (to: string) => ({ flight: to }),
  reserveHotel: (to: string) => ({ hotel: to }),
  reserveCar: (to: string) => ({ car: to }),
  release: (_reservation: unknown) => undefined,
}

// Each step calls the API through an effect (so failAt can target it) and takes 100 virtual ms.
const step = (name: string, reserve: (to: string) => unknown) =>
  defineStep(name, {
    run: function* (to: string) {
      yield* delay(100)
      return yield* call(reserve, to)
    },
    compensate: function* (reservation: unknown) {
      yield* delay(50)
      yield* call(api.release, reservation)
    },
  })
const reserveFlight = step('reserve-flight', api.reserveFlight)
const reserveHotel = step('reserve-hotel', api.reserveHotel)
const reserveCar = step('reserve-car', api.reserveCar)

function* bookTrip(to: string) {
  try {
    return yield* transaction('book-trip', function* (tx) {
      const flight = yield* tx.run(reserveFlight, to)
      const hotel = yield* tx.run(reserveHotel, to)
      const car = yield* tx.run(reserveCar, to)
      return { flight, hotel, car }
    })
  } finally {
    if (yield* cancelled()) yield* put({ type: 'TRIP_CANCELLED' })
  }
}

describe('failAt()', () => {
  it('makes the matching effect throw, so the failure path can be tested', async () => {
    const noCar = new Error('no car left')
    await expectSaga(bookTrip, 'Lisbon')
      .failAt(matchers.call.fn(api.reserveCar), noCar)
      .throws((error: unknown) => error instanceof TransactionAbortedError && error.cause === noCar)
      .compensated(['reserve-hotel', 'reserve-flight'])
      .call(api.release, { hotel: 'Lisbon' })
      .run({ requireDone: true })
  })

  it('fails only the nth matching effect', async () => {
    function* threeFlights() {
      const booked: unknown[] = []
      for (const to of ['Oslo', 'Rome', 'Lima']) {
        try {
          booked.push(yield* call(api.reserveFlight, to))
        } catch {
          booked.push('failed')
        }
        yield* delay(1_000)
      }
      return booked
    }
    const { trace } = await expectSaga(threeFlights)
      .failAt(matchers.call.fn(api.reserveFlight), new Error('busy'), 2)
      .returns([{ flight: 'Oslo' }, 'failed', { flight: 'Lima' }])
      .run()
    const calls = trace.flatMap((entry) =>
      entry.kind === 'effect' && (entry.effect as any).payload?.fn === api.reserveFlight ? [[entry.startedAt, entry.outcome.status, entry.injected]] : [],
    )
    expect(calls).toEqual([
      [0, 'ok', undefined],
      [1_000, 'error', 'failed'],
      [2_000, 'ok', undefined],
    ])
  })

  it('counts every matching effect for each injection, so two injections fail the 1st and the 2nd', async () => {
    function* retrying() {
      const outcomes: unknown[] = []
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          outcomes.push(yield* call(api.reserveFlight, `try ${attempt}`))
        } catch (error) {
          outcomes.push((error as Error).message)
        }
      }
      return outcomes
    }
    await expectSaga(retrying)
      .failAt(matchers.call.fn(api.reserveFlight), new Error('first'), 1)
      .failAt(matchers.call.fn(api.reserveFlight), new Error('second'), 2)
      .returns(['first', 'second', { flight: 'try 3' }])
      .run()
    await expectSaga(retrying)
      .failAt(matchers.call.fn(api.reserveFlight), new Error('first'), 1)
      .cancelAt(matchers.call.fn(api.reserveFlight), 2)
      .not.call(api.reserveFlight, 'try 3')
      .run()
  })

  it('rejects the run when its predicate throws, even on an effect of a spawned task (whose own error would only be logged)', async () => {
    function* audit() {
      yield put({ type: 'AUDITED' })
    }
    function* saga() {
      yield spawn(audit)
      yield delay(10)
      return 'done'
    }
    await expect(
      expectSaga(saga)
        .failAt((effect: any) => effect.payload.fn.name === 'reserveFlight', new Error('down'))
        .returns('done')
        .run(),
    ).rejects.toThrow("expectSaga(...).failAt(matcher, error, nth): the predicate threw on put({ type: 'AUDITED' })")
  })

  it('rejects an nth below 1', () => {
    expect(() => expectSaga(bookTrip, 'x').failAt(matchers.call.fn(api.reserveCar), new Error(), 0)).toThrow(
      'expectSaga(...).failAt(matcher, error, nth): nth must be an integer >= 1, got 0',
    )
  })
})

describe('cancelAt()', () => {
  it('cancels the saga when the matching effect is reached; cleanup and compensations still run to the end', async () => {
    const result = await expectSaga(bookTrip, 'Lisbon')
      .cancelAt(matchers.call.fn(api.reserveCar))
      .put({ type: 'TRIP_CANCELLED' })
      .compensated(['reserve-hotel', 'reserve-flight'], { transaction: 'book-trip' })
      .call(api.release, { flight: 'Lisbon' })
      .run()
    const car = result.trace.find((entry) => entry.kind === 'effect' && (entry.effect as any).payload?.fn === api.reserveCar)
    expect(car).toMatchObject({ startedAt: 300, outcome: { status: 'cancelled' }, injected: 'cancelled' })
    const lastRelease = result.trace.filter((entry) => entry.kind === 'effect' && (entry.effect as any).payload?.fn === api.release).at(-1)
    expect(lastRelease).toMatchObject({ startedAt: 400, outcome: { status: 'ok' } })
    expect(result.returnValue).toBeUndefined()
  })

  it('can cancel at the very first effect, while the saga is still starting', async () => {
    function* saga() {
      try {
        yield* call(api.reserveFlight, 'x')
      } finally {
        if (yield* cancelled()) yield* put({ type: 'CANCELLED' })
      }
    }
    await expectSaga(saga).cancelAt(matchers.call.fn(api.reserveFlight)).put({ type: 'CANCELLED' }).run()
  })

  it('cancels at the nth match, in a forked task too', async () => {
    function* ticker() {
      for (let i = 0; ; i++) {
        yield* delay(100)
        yield* put({ type: 'TICK', i })
      }
    }
    function* parent() {
      yield* fork(ticker)
      yield* take('NEVER')
    }
    const { effects } = await expectSaga(parent).cancelAt(matchers.put.actionType('TICK'), 3).run()
    expect(effects.put).toEqual([put({ type: 'TICK', i: 0 }), put({ type: 'TICK', i: 1 }), put({ type: 'TICK', i: 2 })])
  })

  it('cancels the detached tasks already running with the root, so their later effects do not count', async () => {
    function* watcher() {
      while (true) {
        yield* take('PING')
        yield* put({ type: 'PONG' })
      }
    }
    function* root() {
      yield* spawn(watcher)
      yield* take('GO')
    }
    const { effects } = await expectSaga(root).cancelAt(matchers.take('GO')).dispatchAt(100, { type: 'PING' }).not.put({ type: 'PONG' }).run()
    expect(effects.take).toEqual([take('PING'), take('GO')])
  })

  it('cancels during a rollback without cutting it short: the matching undo runs, and so do the rest, as with a real cancellation', async () => {
    const noCar = new Error('no car left')
    const result = await expectSaga(bookTrip, 'Lisbon')
      .failAt(matchers.call.fn(api.reserveCar), noCar)
      // The hotel's undo, at 350 ms: the body already threw, the transaction is rolling back.
      .cancelAt(matchers.call.fn(api.release))
      .put({ type: 'TRIP_CANCELLED' })
      .compensated(['reserve-hotel', 'reserve-flight'])
      .call(api.release, { hotel: 'Lisbon' })
      .call(api.release, { flight: 'Lisbon' })
      .run({ requireDone: true })
    const releases = result.trace.filter((entry) => entry.kind === 'effect' && (entry.effect as any).payload?.fn === api.release)
    expect(releases).toMatchObject([
      { startedAt: 350, outcome: { status: 'ok' }, injected: undefined },
      { startedAt: 400, outcome: { status: 'ok' } },
    ])
  })

  it('lets an effect in the cleanup of a task already cancelled run: the cancellation cannot reach it again', async () => {
    function* child() {
      try {
        yield* take('NEVER')
      } finally {
        yield* put({ type: 'CLEANED', step: 1 })
        yield* put({ type: 'CLEANED', step: 2 })
      }
    }
    function* parent() {
      const task = yield* fork(child)
      yield* delay(100)
      yield* cancel(task)
      yield* take('NEVER')
    }
    await expectSaga(parent)
      .cancelAt(matchers.put.actionType('CLEANED'))
      .put({ type: 'CLEANED', step: 1 })
      .put({ type: 'CLEANED', step: 2 })
      .run({ requireDone: true })
  })

  it('lets a rollback under way when the run times out finish, as a real cancellation does', async () => {
    function* watcher() {
      yield* take('BOOK')
      yield* bookTrip('Lisbon')
    }
    await expectSaga(watcher)
      .dispatch({ type: 'BOOK' })
      .failAt(matchers.call.fn(api.reserveCar), new Error('no car left'))
      // The rollback starts at 300 ms; the run stops at 320, while the hotel's undo waits.
      .compensated(['reserve-hotel', 'reserve-flight'])
      .call(api.release, { flight: 'Lisbon' })
      .run({ timeout: 320 })
  })
})

describe('compensated()', () => {
  it('rejects options that are not { transaction? }, instead of ignoring them', () => {
    expect(() => expectSaga(bookTrip, 'Lisbon').compensated([], { transacton: 'book-trip' } as any)).toThrow(
      new TypeError("expectSaga(...).compensated(steps, options): unknown option 'transacton' (did you mean `transaction`?); the one option is transaction"),
    )
    expect(() => expectSaga(bookTrip, 'Lisbon').compensated([], 'book-trip' as any)).toThrow(
      "expectSaga(...).compensated(steps, options): options must be an object { transaction? } (the name of the transaction whose steps count), got 'book-trip'",
    )
    expect(() => expectSaga(bookTrip, 'Lisbon').compensated([], null as any)).toThrow('options must be an object { transaction? }')
    expect(() => expectSaga(bookTrip, 'Lisbon').compensated([], { transaction: 7 } as any)).toThrow(
      'expectSaga(...).compensated(steps, options): transaction must be the name of a transaction (a string), got 7',
    )
  })

  it('rejects with the compensations seen when the order differs', async () => {
    const error: SagaTestError = await expectSaga(bookTrip, 'Lisbon')
      .failAt(matchers.call.fn(api.reserveCar), new Error('no car'))
      .throws(TransactionAbortedError)
      .compensated(['reserve-flight', 'reserve-hotel'])
      .run()
      .catch((e) => e)
    expect(error).toBeInstanceOf(SagaTestError)
    expect(error.message).toContain(
      "✗ compensated(['reserve-flight', 'reserve-hotel']): compensated ['reserve-hotel', 'reserve-flight']; seen: reserve-hotel (ok), reserve-flight (ok)",
    )
  })

  it('counts only compensations that succeeded', async () => {
    const airlineDown = new Error('airline down')
    const error: SagaTestError = await expectSaga(bookTrip, 'Lisbon')
      .failAt(matchers.call.fn(api.reserveCar), new Error('no car'))
      .failAt(matchers.call(api.release, { flight: 'Lisbon' }), airlineDown)
      .throws(CompensationError)
      .compensated(['reserve-hotel', 'reserve-flight'])
      .run()
      .catch((e) => e)
    expect(error.message).toContain("compensated ['reserve-hotel']; seen: reserve-hotel (ok), reserve-flight (failed: Error: airline down)")
  })

  it('says when no compensation ran', async () => {
    const error: SagaTestError = await expectSaga(bookTrip, 'Lisbon')
      .compensated(['reserve-hotel'])
      .run()
      .catch((e) => e)
    expect(error.message).toContain("compensated(['reserve-hotel']): compensated []; seen: no compensation ran")
  })

  it('filters by transaction name, and still calls an observer given with withContext()', async () => {
    const events: string[] = []
    await expectSaga(bookTrip, 'Lisbon')
      .withContext({ '@@sagaflow/compensation/observer': (event: TransactionEvent) => events.push(event.type) })
      .failAt(matchers.call.fn(api.reserveCar), new Error('no car'))
      .throws(TransactionAbortedError)
      .compensated([], { transaction: 'another' })
      .compensated(['reserve-hotel', 'reserve-flight'], { transaction: 'book-trip' })
      .run()
    expect(events).toContain('rolled-back')
  })
})
