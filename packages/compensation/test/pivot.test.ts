// tx.pivot: the point of no return, and forward recovery after it (issue #5).
import { describe, expect, it } from 'vitest'
import { defineStep, memoryJournal, recover, transaction, TransactionAbortedError, TransactionStuckError } from '@sagaflow/compensation'
import { call, cancel, delay, fork } from '@sagaflow/core'
import { run, track } from './support.js'

function steps(log: (entry: string) => void, failing: Set<string>) {
  const make = (name: string, options: { retry?: { maxAttempts: number; delayMs?: number } } = {}) =>
    defineStep(name, {
      run: (input: string) => {
        if (failing.has(name)) throw new Error(`${name} failed`)
        log(`do ${name} ${input}`)
        return `${name}-result`
      },
      compensate: () => log(`undo ${name}`),
      ...options,
    })
  return {
    flight: make('flight'),
    payment: make('payment'),
    tickets: make('tickets', { retry: { maxAttempts: 3, delayMs: 10 } }),
  }
}

function* booking(s: ReturnType<typeof steps>, journal = memoryJournal()) {
  return yield* transaction(
    'booking',
    function* (tx) {
      yield* tx.run(s.flight, 'f')
      yield* tx.pivot(s.payment, 'p')
      yield* tx.run(s.tickets, 't')
      return 'done'
    },
    { journal },
  )
}

describe('tx.pivot()', () => {
  it('rolls back the steps before it when the pivot itself fails', async () => {
    const log = track()
    const outcome = await run(booking, {}, steps(log, new Set(['payment'])))
    expect((outcome as { error: unknown }).error).toBeInstanceOf(TransactionAbortedError)
    expect(log.entries).toEqual(['do flight f', 'undo flight'])
  })

  it('never undoes anything once the pivot completed: a later failure is retried, then TransactionStuckError', async () => {
    const log = track()
    const journal = memoryJournal()
    const outcome = await run(booking, {}, steps(log, new Set(['tickets'])), journal)
    const error = (outcome as { error: TransactionStuckError }).error
    expect(error).toBeInstanceOf(TransactionStuckError)
    expect(error.name).toBe('TransactionStuckError')
    expect(error.step).toBe('tickets')
    expect((error.cause as Error).message).toBe('tickets failed')
    expect(log.entries).toEqual(['do flight f', 'do payment p'])
    expect(journal.records().filter((r) => r.kind === 'step:failed').length).toBe(3)
    expect(journal.records().at(-1)!.kind).toBe('transaction:stuck')
    expect(await journal.unfinished()).toEqual([journal.records()[0]!.transactionId])
  })

  it('leaves a stuck transaction for recover, which retries the failed step forward and commits', async () => {
    const log = track()
    const failing = new Set(['tickets'])
    const s = steps(log, failing)
    const journal = memoryJournal()
    await run(booking, {}, s, journal)
    failing.clear() // the ticketing system is back
    const summary = await recover({ journal, steps: [s.flight, s.payment, s.tickets] })
    expect(summary).toEqual({ transactions: [{ id: expect.any(String), name: 'booking', outcome: 'committed', compensated: [] }] })
    expect(log.entries).toEqual(['do flight f', 'do payment p', 'do tickets t'])
    expect(await journal.unfinished()).toEqual([])
  })

  it('recovers a stuck transaction forward even when an inline step with an undo came before the pivot', async () => {
    const log = track()
    const failing = new Set(['tickets'])
    const s = steps(log, failing)
    const journal = memoryJournal()
    await run(function* () {
      yield* transaction('booking', function* (tx) {
        yield* tx.step('notify', () => log('notify'), { compensate: () => log('unnotify') })
        yield* tx.pivot(s.payment, 'p')
        yield* tx.run(s.tickets, 't')
      }, { journal })
    })
    failing.clear()
    // Nothing before the pivot is undone any more, so recover needs no defineStep('notify').
    const summary = await recover({ journal, steps: [s.payment, s.tickets] })
    expect(summary.transactions[0]).toMatchObject({ outcome: 'committed', compensated: [] })
    expect(log.entries).toEqual(['notify', 'do payment p', 'do tickets t'])
    expect(await journal.unfinished()).toEqual([])
  })

  it('reports a transaction still stuck when the forward retry fails again', async () => {
    const log = track()
    const s = steps(log, new Set(['tickets']))
    const journal = memoryJournal()
    await run(booking, {}, s, journal)
    const summary = await recover({ journal, steps: [s.flight, s.payment, s.tickets] })
    expect(summary.transactions[0]).toMatchObject({ outcome: 'stuck', compensated: [] })
    expect(summary.transactions[0]!.error).toBeInstanceOf(TransactionStuckError)
    expect(log.entries).toEqual(['do flight f', 'do payment p'])
    expect((await journal.unfinished()).length).toBe(1)
  })

  it('accepts an inline pivot with tx.pivot(name, operation)', async () => {
    const log = track()
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        yield* tx.step('a', () => log('do a'), { compensate: () => log('undo a') })
        const receipt = yield* tx.pivot('charge', call(() => 'receipt-1'))
        throw new Error(`after ${receipt}`)
      })
    })
    expect((outcome as { error: unknown }).error).toBeInstanceOf(TransactionStuckError)
    expect(log.entries).toEqual(['do a'])
  })

  it('does not undo on cancellation after the pivot: the transaction stays open', async () => {
    const log = track()
    const journal = memoryJournal()
    await run(function* () {
      const task = yield* fork(function* () {
        yield* transaction(
          't',
          function* (tx) {
            yield* tx.step('a', () => log('do a'), { compensate: () => log('undo a') })
            yield* tx.pivot('charge', () => log('charged'))
            yield* delay(100)
          },
          { journal },
        )
      })
      yield* delay(10)
      yield* cancel(task)
    })
    expect(log.entries).toEqual(['do a', 'charged'])
    expect(journal.records().at(-1)!.kind).toBe('transaction:stuck')
  })

  it('refuses tx.compensate after the pivot', async () => {
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.pivot('charge', () => 1)
        yield* tx.compensate('late', () => {})
      })
    })
    const error = (outcome as { error: TransactionStuckError }).error
    expect((error.cause as Error).message).toBe(
      'tx.compensate("late", undo): transaction "t" has passed its pivot, after which nothing is undone; register compensations before tx.pivot(...)',
    )
  })
})
