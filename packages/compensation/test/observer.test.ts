// The observer hook in the saga context: how tools (the testing package's `.compensated([...])`)
// see the undo order from outside, without importing this package (issue #5).
import { describe, expect, it } from 'vitest'
import { transaction, TRANSACTION_OBSERVER, type TransactionEvent } from '@sagaflow/compensation'
import { setContext } from '@sagaflow/core'
import { tripSteps } from './fixtures.js'
import { run, track } from './support.js'

describe('TRANSACTION_OBSERVER', () => {
  it('is a plain string key', () => {
    expect(TRANSACTION_OBSERVER).toBe('@@sagaflow/compensation/observer')
  })

  it('receives every lifecycle event of every transaction in the runSaga context, nested ones included', async () => {
    const log = track()
    const steps = tripSteps(log, { fail: (step) => step === 'payment' })
    const events: TransactionEvent[] = []
    await run(
      function* () {
        yield* transaction('trip', function* (tx) {
          yield* tx.run(steps.flight, 'CDG')
          yield* transaction('stay', function* (inner) {
            yield* inner.run(steps.hotel, 'Ritz')
            yield* inner.run(steps.car, 'Mini')
          })
          yield* tx.run(steps.payment, 100)
        })
      },
      { context: { '@@sagaflow/compensation/observer': (event: TransactionEvent) => events.push(event) } },
    )
    const undone = events.filter((e) => e.type === 'compensation:completed').map((e) => `${e.transaction}/${e.type === 'compensation:completed' ? e.step : ''}`)
    // The nested transaction is undone as a unit, in its place: its own steps report their undo.
    expect(undone).toEqual(['stay/car', 'stay/hotel', 'trip/flight'])
    expect(events.at(-1)).toMatchObject({ type: 'rolled-back', transaction: 'trip', compensated: ['car', 'hotel', 'flight'] })
    expect(new Set(events.map((e) => e.transactionId)).size).toBe(2)
  })

  it('can be installed with setContext for a part of the saga tree', async () => {
    const log = track()
    const steps = tripSteps(log, { fail: (step) => step === 'hotel' })
    const seen: string[] = []
    await run(function* () {
      yield* setContext({ [TRANSACTION_OBSERVER]: (event: TransactionEvent) => seen.push(event.type) })
      try {
        yield* transaction('trip', function* (tx) {
          yield* tx.run(steps.flight, 'CDG')
          yield* tx.run(steps.hotel, 'Ritz')
        })
      } catch {
        // rolled back
      }
    })
    expect(seen).toEqual([
      'step:started',
      'step:completed',
      'step:started',
      'step:failed',
      'compensation:started',
      'compensation:completed',
      'rolled-back',
    ])
  })
})
