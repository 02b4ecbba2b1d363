// Compensation when the task running the transaction is cancelled (issue #5): the undo runs in
// the cancelled task's cleanup, is not cut short by a second cancellation, and halt waits for it.
import { describe, expect, it } from 'vitest'
import { defineStep, memoryJournal, transaction, TransactionAbortedError, TRANSACTION_OBSERVER, type Journal, type TransactionEvent } from '@sagaflow/compensation'
import { call, cancel, delay, fork, halt, put, race, take, takeLatest, type Task } from '@sagaflow/core'
import { run, settle, start, quiesce, track } from './support.js'
import { tripSteps } from './fixtures.js'

function* threeSteps(steps: ReturnType<typeof tripSteps>) {
  return yield* transaction('trip', function* (tx) {
    yield* tx.run(steps.flight, 'CDG')
    yield* tx.run(steps.hotel, 'Ritz')
    yield* tx.run(steps.car, 'Mini')
    return 'booked'
  })
}

describe('transaction cancelled with its task', () => {
  it('undoes the completed steps in reverse when the task is cancelled with cancel()', async () => {
    const log = track()
    const steps = tripSteps(log)
    await run(function* () {
      const task = yield* fork(threeSteps, steps)
      yield* delay(25) // flight and hotel done, car running
      yield* cancel(task)
      log('cancel returned')
    })
    // Synchronous compensations on a memory journal are done before cancel() even returns.
    expect(log.entries).toEqual(['do flight', 'do hotel', 'undo hotel', 'undo flight', 'cancel returned'])
  })

  it('lets cancel() return at once while a slow undo goes on to the end', async () => {
    const log = track()
    await run(function* () {
      const task = yield* fork(function* () {
        yield* transaction('trip', function* (tx) {
          yield* tx.step('a', () => log('do a'), { compensate: () => call(function* () { yield* delay(30); log('undo a') }) })
          yield* delay(1_000)
        })
      })
      yield* delay(10)
      yield* cancel(task)
      log('cancel returned')
    })
    expect(log.entries).toEqual(['do a', 'cancel returned', 'undo a'])
  })

  it('lets halt() resume only after the undo has finished', async () => {
    const log = track()
    const steps = tripSteps(log)
    const slowUndo = { ...steps }
    await run(function* () {
      const task = yield* fork(function* () {
        yield* transaction('trip', function* (tx) {
          yield* tx.run(slowUndo.flight, 'CDG')
          yield* tx.step('hotel', call(() => log('do hotel')), {
            compensate: function* () {
              yield* delay(100)
              log('undo hotel (after 100 ms)')
            },
          })
          yield* delay(1_000)
        })
      })
      yield* delay(15)
      yield* halt(task)
      log('halt returned')
    })
    expect(log.entries).toEqual(['do flight', 'do hotel', 'undo hotel (after 100 ms)', 'undo flight', 'halt returned'])
  })

  it('undoes when the transaction loses a race', async () => {
    const log = track()
    const steps = tripSteps(log)
    const outcome = await run(function* () {
      const winner = yield* race({ trip: call(threeSteps, steps), timeout: delay(15) })
      log(winner.timeout ? 'timed out' : 'booked')
      return winner
    })
    expect(outcome.status).toBe('ok')
    expect(log.entries).toEqual(['do flight', 'undo flight', 'timed out'])
  })

  it('undoes the previous transaction when takeLatest starts a new one', async () => {
    const log = track()
    const steps = tripSteps(log)
    function* book(action: { type: 'BOOK'; id: number }) {
      yield* transaction(`trip ${action.id}`, function* (tx) {
        yield* tx.step(`reserve ${action.id}`, call(() => log(`do ${action.id}`)), { compensate: () => log(`undo ${action.id}`) })
        yield* tx.run(steps.flight, `#${action.id}`)
      })
    }
    await run(function* () {
      yield* takeLatest('BOOK', book)
      yield* put({ type: 'BOOK', id: 1 })
      yield* delay(5)
      yield* put({ type: 'BOOK', id: 2 })
    })
    expect(log.entries.filter((entry) => entry.startsWith('undo'))).toEqual(['undo 1'])
    expect(log.entries).toEqual(expect.arrayContaining(['do 1', 'do 2', 'do flight']))
  })

  it('is not cut short when the task is cancelled again during the undo', async () => {
    const log = track()
    await run(function* () {
      let inner!: Task
      const outer = yield* fork(function* () {
        inner = yield* fork(function* () {
          yield* transaction('trip', function* (tx) {
            yield* tx.step('a', call(() => log('do a')), { compensate: () => call(function* () { yield* delay(50); log('undo a') }) })
            yield* tx.step('b', call(() => log('do b')), { compensate: () => call(function* () { yield* delay(50); log('undo b') }) })
            yield* take('NEVER')
          })
        })
        yield* take('NEVER')
      })
      yield* delay(1)
      yield* cancel(inner)
      yield* delay(10) // undo of b under way
      yield* cancel(outer) // cancels the parent again: the undo goes on
      log('outer cancelled')
    })
    expect(log.entries).toEqual(['do a', 'do b', 'outer cancelled', 'undo b', 'undo a'])
  })

  it('ends a cancelled transaction with a rolled-back event whose cause is the cancellation', async () => {
    const events: TransactionEvent[] = []
    const log = track()
    const steps = tripSteps(log)
    await run(
      function* () {
        const task = yield* fork(threeSteps, steps)
        yield* delay(15)
        yield* cancel(task)
      },
      { context: { [TRANSACTION_OBSERVER]: (event: TransactionEvent) => events.push(event) } },
    )
    const rolledBack = events.find((event) => event.type === 'rolled-back')
    expect(rolledBack?.type === 'rolled-back' && rolledBack.error).toBeInstanceOf(TransactionAbortedError)
    expect(rolledBack?.type === 'rolled-back' && (rolledBack.error.cause as Error).name).toBe('CancellationError')
    expect(rolledBack?.type === 'rolled-back' && rolledBack.compensated).toEqual(['flight'])
  })

  it('undoes nothing twice when cancelled while already rolling back after an error', async () => {
    const log = track()
    const { task, clock } = start(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.step('a', call(() => log('do a')), { compensate: () => call(function* () { yield* delay(20); log('undo a') }) })
        yield* tx.step('b', call(() => log('do b')), { compensate: () => call(function* () { yield* delay(20); log('undo b') }) })
        throw new Error('boom')
      })
    })
    await settle()
    clock.virtual.advance(10) // undo of b under way
    task.cancel()
    await quiesce(clock)
    expect(log.entries).toEqual(['do a', 'do b', 'undo b', 'undo a'])
  })
})

describe('a cancellation that arrives while the transaction is finishing or undoing race losers', () => {
  function timedStep(log: (entry: string) => void, name: string, ms: number, undoMs = 0) {
    return defineStep(name, {
      run: function* () {
        yield* delay(ms)
        log(`do ${name}`)
        return name
      },
      compensate: function* () {
        if (undoMs) yield* delay(undoMs)
        log(`undo ${name}`)
      },
    })
  }
  // The loser completes `lose` at 5, the winner wins at 10, the loser's undo runs from 10 to 30.
  function* raceThenFail(log: (entry: string) => void, journal: Journal) {
    yield* transaction(
      't',
      function* (tx) {
        yield* tx.race({
          win: tx.run(timedStep(log, 'win', 10)),
          lose: call(function* () {
            yield* tx.run(timedStep(log, 'lose', 5, 20))
            yield* delay(100)
          }),
        })
        yield* delay(1_000)
      },
      { journal },
    )
  }

  /** Halts `task`, logging whether the halt returned or what it threw. */
  function* haltLogging(task: Task, log: (entry: string) => void) {
    try {
      yield* halt(task)
      log('halt returned')
    } catch (error) {
      log(`halt threw ${String(error)}`)
    }
  }

  it('cancel during the undo of race losers: the undo ends, then the transaction rolls back', async () => {
    const log = track()
    const journal = memoryJournal()
    await run(function* () {
      const task = yield* fork(raceThenFail, log, journal)
      yield* delay(15)
      yield* cancel(task)
    })
    expect(log.entries).toEqual(['do lose', 'do win', 'undo lose', 'undo win'])
    expect(journal.records().at(-1)!.kind).toBe('transaction:rolled-back')
  })

  it('halt during the undo of race losers resumes once everything is undone', async () => {
    const log = track()
    await run(function* () {
      const task = yield* fork(raceThenFail, log, memoryJournal())
      yield* delay(15)
      yield* haltLogging(task, log)
    })
    expect(log.entries).toEqual(['do lose', 'do win', 'undo lose', 'undo win', 'halt returned'])
  })

  it('halt during a rollback under way resumes after it, without throwing', async () => {
    const log = track()
    await run(function* () {
      const task = yield* fork(function* () {
        try {
          yield* transaction('t', function* (tx) {
            yield* tx.run(timedStep(log, 'a', 1, 20))
            throw new Error('boom')
          })
        } catch {
          // the transaction's error is its task's business
        }
      })
      yield* delay(10)
      yield* haltLogging(task, log)
    })
    expect(log.entries).toEqual(['do a', 'undo a', 'halt returned'])
  })
})
