// Nested transactions: a committed inner transaction is one step of the outer one, undone as a
// unit (issue #5).
import { describe, expect, it } from 'vitest'
import { defineStep, memoryJournal, recover, transaction, TransactionAbortedError, TransactionStuckError } from '@sagaflow/compensation'
import { call, cancel, delay, fork } from '@sagaflow/core'
import { quiesce, quiesceUntil, run, start, SteppingClock, track } from './support.js'

const step = (log: (entry: string) => void, name: string, fails = false) =>
  defineStep(name, {
    run: function* () {
      yield* delay(1)
      if (fails) throw new Error(`${name} failed`)
      log(`do ${name}`)
      return name
    },
    compensate: () => log(`undo ${name}`),
  })

describe('nested transactions', () => {
  it('undoes a committed inner transaction as a unit, in its place in the reverse order', async () => {
    const log = track()
    const outcome = await run(function* () {
      yield* transaction('outer', function* (tx) {
        yield* tx.run(step(log, 'a'))
        const inner = yield* transaction('inner', function* (itx) {
          yield* itx.run(step(log, 'b'))
          yield* itx.run(step(log, 'c'))
          return 'inner result'
        })
        log(inner)
        yield* tx.run(step(log, 'd'))
        yield* tx.run(step(log, 'e', true))
      })
    })
    expect(log.entries).toEqual(['do a', 'do b', 'do c', 'inner result', 'do d', 'undo d', 'undo c', 'undo b', 'undo a'])
    expect((outcome as { error: TransactionAbortedError }).error.compensated).toEqual(['d', 'c', 'b', 'a'])
  })

  it('rolls back an inner transaction that fails on its own, and lets the outer one decide', async () => {
    const log = track()
    const outcome = await run(function* () {
      return yield* transaction('outer', function* (tx) {
        yield* tx.run(step(log, 'a'))
        try {
          yield* transaction('inner', function* (itx) {
            yield* itx.run(step(log, 'b'))
            yield* itx.run(step(log, 'c', true))
          })
        } catch (error) {
          log(`inner failed: ${(error as TransactionAbortedError).compensated.join()}`)
        }
        return 'outer committed'
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: 'outer committed' })
    expect(log.entries).toEqual(['do a', 'do b', 'undo b', 'inner failed: b'])
  })

  it('undoes inner steps before the outer ones when the whole task is cancelled', async () => {
    const log = track()
    await run(function* () {
      const task = yield* fork(function* () {
        yield* transaction('outer', function* (tx) {
          yield* tx.run(step(log, 'a'))
          yield* transaction('inner', function* (itx) {
            yield* itx.step('b', () => log('do b'), {
              compensate: function* () {
                yield* delay(50) // a slow undo: the outer one must wait for it
                log('undo b')
              },
            })
            yield* delay(1_000)
          })
        })
      })
      yield* delay(10)
      yield* cancel(task)
    })
    expect(log.entries).toEqual(['do a', 'do b', 'undo b', 'undo a'])
  })

  it('names the inner transaction as a step of the outer one in the journal', async () => {
    const log = track()
    const journal = memoryJournal()
    await run(function* () {
      yield* transaction(
        'outer',
        function* () {
          yield* transaction('inner', function* (itx) {
            yield* itx.run(step(log, 'b'))
          })
        },
        { journal },
      )
    })
    const records = journal.records()
    const outerId = records[0]!.transactionId
    const innerStart = records.find((r) => r.kind === 'transaction:started' && r.transactionId !== outerId)!
    expect(innerStart.payload).toEqual({ name: 'inner', parent: { transactionId: outerId, step: 'inner' } })
    expect(records.find((r) => r.kind === 'step:started' && r.transactionId === outerId)).toMatchObject({
      step: 'inner',
      payload: { transaction: innerStart.transactionId },
    })
  })

  it('is undone as a unit by recover after a crash of the outer transaction', async () => {
    const log = track()
    const journal = memoryJournal()
    const b = step(log, 'b')
    const c = step(log, 'c')
    const a = step(log, 'a')
    const { task, clock } = start(function* () {
      yield* transaction(
        'outer',
        function* (tx) {
          yield* tx.run(a)
          yield* transaction('inner', function* (itx) {
            yield* itx.run(b)
            yield* itx.run(c)
          })
          yield* delay(1_000_000) // the process dies here
        },
        { journal },
      )
    })
    await quiesceUntil(clock, () => log.entries.length === 3)
    expect(task.isRunning()).toBe(true)
    const crashed = memoryJournal(journal.records())
    const summary = await recover({ journal: crashed, steps: [a, b, c] })
    expect(summary.transactions).toEqual([{ id: expect.any(String), name: 'outer', outcome: 'rolled-back', compensated: ['c', 'b', 'a'] }])
    expect(log.entries).toEqual(['do a', 'do b', 'do c', 'undo c', 'undo b', 'undo a'])
  })

  it('makes the outer transaction pass its pivot when a committed inner one passed its own', async () => {
    const log = track()
    const outcome = await run(function* () {
      yield* transaction('outer', function* (tx) {
        yield* tx.run(step(log, 'a'))
        yield* transaction('payment', function* (itx) {
          yield* itx.pivot(step(log, 'charge'))
        })
        yield* tx.run(step(log, 'ship', true))
      })
    })
    expect((outcome as { error: Error }).error).toBeInstanceOf(TransactionStuckError)
    expect(log.entries).toEqual(['do a', 'do charge'])
  })

  it('never undoes the outer steps once a nested transaction passed its pivot, even if it then got stuck', async () => {
    const log = track()
    const journal = memoryJournal()
    let receiptDown = true
    const receipt = defineStep('receipt', {
      run: () => {
        if (receiptDown) throw new Error('receipt service down')
        log('do receipt')
      },
    })
    const steps = { a: step(log, 'a'), charge: step(log, 'charge'), receipt }
    const outcome = await run(function* () {
      yield* transaction(
        'outer',
        function* (tx) {
          yield* tx.run(steps.a)
          yield* transaction('payment', function* (itx) {
            yield* itx.pivot(steps.charge)
            yield* itx.run(steps.receipt)
          })
        },
        { journal },
      )
    })
    expect((outcome as { error: Error }).error).toBeInstanceOf(TransactionStuckError)
    expect(log.entries).toEqual(['do a', 'do charge'])
    // recover agrees: it retries forward and never undoes "a"; the outer transaction waits for the inner one.
    const recovered = memoryJournal(journal.records())
    const registry = [steps.a, steps.charge, steps.receipt]
    const first = await recover({ journal: recovered, steps: registry })
    expect(first.transactions.map((t) => [t.name, t.outcome, t.compensated])).toEqual([
      ['outer', 'stuck', []],
      ['payment', 'stuck', []],
    ])
    receiptDown = false
    const second = await recover({ journal: recovered, steps: registry })
    expect(second.transactions.map((t) => [t.name, t.outcome])).toEqual([
      ['outer', 'committed'],
      ['payment', 'committed'],
    ])
    expect(log.entries).toEqual(['do a', 'do charge', 'do receipt'])
    expect(await recovered.unfinished()).toEqual([])
  })

  it('runs a transaction started inside a compensation on its own, not nested in the one being undone (issue #5: it failed, "has already ended")', async () => {
    const log = track()
    const refund = step(log, 'refund')
    const charge = defineStep('charge', {
      run: () => log('do charge'),
      compensate: function* () {
        yield* transaction('undo-charge', function* (utx) {
          yield* utx.run(refund)
        })
      },
    })
    const journal = memoryJournal()
    const outcome = await run(function* () {
      yield* transaction('order', function* (tx) {
        yield* tx.run(charge)
        throw new Error('out of stock')
      }, { journal })
    })
    expect(log.entries).toEqual(['do charge', 'do refund'])
    expect((outcome as { error: TransactionAbortedError }).error).toBeInstanceOf(TransactionAbortedError)
    expect((outcome as { error: TransactionAbortedError }).error.compensated).toEqual(['charge'])
    expect(await journal.unfinished()).toEqual([])
  })

  it('keeps a transaction started inside the compensation of a race loser out of the ledger of the transaction racing', async () => {
    const log = track()
    const refund = step(log, 'refund')
    const slow = defineStep('slow', {
      run: function* () {
        yield* delay(1)
        log('do slow')
      },
      compensate: function* () {
        yield* transaction('undo-slow', function* (utx) {
          yield* utx.run(refund)
        })
      },
    })
    const outcome = await run(function* () {
      yield* transaction('order', function* (tx) {
        yield* tx.race({
          fast: tx.step('fast', () => delay(5)),
          slow: function* () {
            yield* tx.run(slow)
            yield* delay(10)
          }(),
        })
        throw new Error('later failure')
      })
    })
    // The loser's undo ran its own transaction (when the race ended), which the failing order does not undo.
    expect(log.entries).toEqual(['do slow', 'do refund'])
    expect((outcome as { error: TransactionAbortedError }).error).toBeInstanceOf(TransactionAbortedError)
  })

  it('commits only once a nested transaction that tx.all cancelled has rolled back, so recover cannot undo it again (issue #5: undone twice)', async () => {
    const log = track()
    const held = defineStep('held', {
      run: () => log('do held'),
      compensate: function* () {
        yield* delay(100)
        log('undo held')
      },
    })
    const hang = defineStep('hang', { run: () => new Promise<never>(() => {}) })
    const journal = memoryJournal()
    const clock = new SteppingClock()
    const { task } = start(function* () {
      yield* transaction('outer', function* (tx) {
        try {
          yield* tx.all([
            transaction('inner', function* (itx) {
              yield* itx.run(held)
              yield* itx.run(hang)
            }),
            tx.run(step(log, 'fails', true)),
          ])
        } catch {
          log('outer goes on')
        }
      }, { journal })
      log('outer committed')
      const summary = yield* call(() => recover({ journal, steps: [held, hang], clock }))
      log(`recover found ${summary.transactions.length}`)
    }, { clock })
    await quiesce(clock)
    expect(task.isAborted()).toBe(false)
    expect(log.entries).toEqual(['do held', 'outer goes on', 'undo held', 'outer committed', 'recover found 0'])
  })

  it('refuses a nested transaction with its own journal', async () => {
    const outcome = await run(function* () {
      yield* transaction('outer', function* () {
        yield* transaction('inner', function* () {}, { journal: memoryJournal() })
      })
    })
    expect(((outcome as { error: TransactionAbortedError }).error.cause as Error).message).toContain(
      "a transaction nested in \"outer\" is recorded in the outer transaction's journal",
    )
  })
})
