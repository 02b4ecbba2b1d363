// tx.all and tx.race: parallel branches are undone only where they completed (issue #5).
import { describe, expect, it } from 'vitest'
import { CompensationError, defineStep, memoryJournal, transaction, TransactionAbortedError } from '@sagaflow/compensation'
import { delay, fork, halt } from '@sagaflow/core'
import { run, track } from './support.js'

function timedStep(log: (entry: string) => void, name: string, ms: number, fails = false) {
  return defineStep(name, {
    run: function* () {
      yield* delay(ms)
      if (fails) throw new Error(`${name} failed`)
      log(`do ${name}`)
      return name
    },
    compensate: () => log(`undo ${name}`),
  })
}

describe('tx.all()', () => {
  it('resolves to the results of every branch, typed as a tuple', async () => {
    const log = track()
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        const [hotel, car] = yield* tx.all([tx.run(timedStep(log, 'hotel', 10)), tx.run(timedStep(log, 'car', 5))])
        return `${hotel}+${car}`
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: 'hotel+car' })
  })

  it('undoes the branches that completed and the earlier steps, not the ones cancelled by the failure', async () => {
    const log = track()
    await run(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.run(timedStep(log, 'flight', 1))
        yield* tx.all([
          tx.run(timedStep(log, 'hotel', 10)),
          tx.run(timedStep(log, 'car', 20, true)),
          tx.run(timedStep(log, 'train', 30)),
        ])
      })
    })
    // train was still running when car failed: all() cancelled it, so it is not undone.
    expect(log.entries).toEqual(['do flight', 'do hotel', 'undo hotel', 'undo flight'])
  })

  it('undoes every completed branch in reverse order of start', async () => {
    const log = track()
    await run(function* () {
      yield* transaction('trip', function* (tx) {
        yield* tx.run(timedStep(log, 'flight', 1))
        yield* tx.all({ hotel: tx.run(timedStep(log, 'hotel', 10)), car: tx.run(timedStep(log, 'car', 5)) })
        throw new Error('payment declined')
      })
    })
    expect(log.entries).toEqual(['do flight', 'do car', 'do hotel', 'undo car', 'undo hotel', 'undo flight'])
  })

  describe('with a nested transaction in a branch cancelled by the failure', () => {
    // The inner transaction completes `held` at 1 and then waits; `car` fails at 10, which cancels
    // the inner transaction: it rolls back on its own, and undoing `held` fails.
    const held = defineStep('held', {
      run: () => undefined,
      compensate: () => {
        throw new Error('seat still held')
      },
    })
    const hang = defineStep('hang', { run: () => delay(1_000) })
    function* allWithNested(log: (entry: string) => void, tx: Parameters<Parameters<typeof transaction>[1]>[0]) {
      yield* tx.run(timedStep(log, 'flight', 1))
      yield* tx.all([
        tx.run(timedStep(log, 'car', 10, true)),
        transaction('inner', function* (itx) {
          yield* itx.run(held)
          yield* itx.run(hang)
        }),
      ])
    }

    it('counts the failure of the nested rollback in the rollback', async () => {
      const log = track()
      const journal = memoryJournal()
      const outcome = await run(function* () {
        yield* transaction('t', (tx) => allWithNested(log, tx), { journal })
      })
      const error = (outcome as { error: CompensationError }).error
      expect(error).toBeInstanceOf(CompensationError)
      expect(error.failures.map((failure) => failure.step)).toEqual(['held'])
      expect(error.compensated).toEqual(['flight'])
      expect((error.cause as Error).message).toBe('car failed')
      const outer = journal.records().filter((record) => record.transactionId === error.transactionId)
      expect(outer.at(-1)).toMatchObject({ kind: 'transaction:rolled-back', payload: { compensated: ['flight'], failed: ['held'] } })
      expect(log.entries).toEqual(['do flight', 'undo flight'])
    })

    it('commits when the body catches the error: the nested rollback reported its failure itself', async () => {
      const log = track()
      const journal = memoryJournal()
      const outcome = await run(function* () {
        return yield* transaction(
          't',
          function* (tx) {
            try {
              yield* allWithNested(log, tx)
            } catch (error) {
              log(`caught ${(error as Error).message}`)
            }
            return 'ok'
          },
          { journal },
        )
      })
      expect(outcome).toMatchObject({ status: 'ok', value: 'ok' })
      expect(journal.records().filter((record) => record.kind === 'transaction:rolled-back')).toMatchObject([{ payload: { failed: ['held'] } }])
      expect(log.entries).toEqual(['do flight', 'caught car failed'])
    })

    it('does not report again a nested rollback failure that the branch already caught', async () => {
      const log = track()
      const outcome = await run(function* () {
        yield* transaction('t', function* (tx) {
          yield* tx.all([
            tx.run(timedStep(log, 'car', 10, true)),
            function* () {
              try {
                yield* transaction('inner', function* (itx) {
                  yield* itx.run(held)
                  throw new Error('no seat')
                })
              } catch (error) {
                log(`caught ${(error as CompensationError).name}`)
              }
              yield* delay(100)
            }.call(null),
          ])
        })
      })
      const error = (outcome as { error: TransactionAbortedError }).error
      expect(error).toBeInstanceOf(TransactionAbortedError)
      expect(log.entries).toEqual(['caught CompensationError'])
    })
  })
})

describe('tx.race()', () => {
  it('keeps the winner and undoes the completed steps of the losing branches at once', async () => {
    const log = track()
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        const winner = yield* tx.race({
          fast: tx.run(timedStep(log, 'fast', 10)),
          slow: function* () {
            // A branch of several steps: the first one completes before the race is decided.
            yield* tx.run(timedStep(log, 'slow-1', 5))
            return yield* tx.run(timedStep(log, 'slow-2', 50))
          }.call(null),
        })
        log(`winner ${Object.keys(winner).join()}`)
        return winner
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: { fast: 'fast' } })
    expect(log.entries).toEqual(['do slow-1', 'do fast', 'undo slow-1', 'winner fast'])
  })

  it('when a branch fails, undoes at once what the other branches completed, before the body sees the error', async () => {
    const log = track()
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        try {
          yield* tx.race([
            function* () {
              yield* tx.run(timedStep(log, 'hold-seat', 5))
              yield* delay(100)
            }.call(null),
            tx.run(timedStep(log, 'check-fraud', 10, true)),
          ])
        } catch (error) {
          log(`fallback after ${(error as Error).message}`)
        }
        return 'ok'
      })
    })
    // The body caught the error and committed: without the undo here, hold-seat would stay.
    expect(outcome).toMatchObject({ status: 'ok', value: 'ok' })
    expect(log.entries).toEqual(['do hold-seat', 'undo hold-seat', 'fallback after check-fraud failed'])
  })

  it('rejects effects that are neither an array nor an object, naming the value', async () => {
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.race(5 as never)
      })
    })
    expect(((outcome as { error: TransactionAbortedError }).error.cause as Error).message).toMatch(
      /^tx\.race\(effects\): effects must be an array or an object of steps, .* got 5 \(number\)$/,
    )
    // An empty race would never settle (core's race([]) waits forever, as redux-saga's does).
    for (const empty of [[], {}]) {
      const hung = await run(function* () {
        yield* transaction('t', function* (tx) {
          yield* tx.race(empty as never)
        })
      })
      expect(((hung as { error: TransactionAbortedError }).error.cause as Error).message).toMatch(/^tx\.race\(effects\): effects is empty \(.*\), and a race of nothing never settles; pass at least one step$/)
    }
  })

  it('leaves the winner to be undone with the transaction', async () => {
    const log = track()
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(timedStep(log, 'first', 1))
        yield* tx.race([tx.run(timedStep(log, 'a', 10)), tx.run(timedStep(log, 'b', 20))])
        throw new Error('boom')
      })
    })
    expect(log.entries).toEqual(['do first', 'do a', 'undo a', 'undo first'])
  })

  it('throws CompensationError into the body when undoing a losing branch fails', async () => {
    const log = track()
    const loser = defineStep('loser', {
      run: function* () {
        yield* delay(1)
        log('do loser')
      },
      compensate: () => {
        throw new Error('stuck reservation')
      },
    })
    const journal = memoryJournal()
    const outcome = await run(function* () {
      yield* transaction(
        't',
        function* (tx) {
          yield* tx.race({
            win: tx.run(timedStep(log, 'win', 10)),
            lose: function* () {
              yield* tx.run(loser)
              yield* delay(100)
            }.call(null),
          })
        },
        { journal },
      )
    })
    expect(outcome.status).toBe('error')
    // The body did not catch it, so the transaction rolled back (undoing the winner) with it as the
    // cause. The loser's undo failed for good: the transaction ends with a CompensationError that
    // lists it, and the journal's rolled-back record names it as failed.
    const error = (outcome as { error: CompensationError }).error
    expect(error).toBeInstanceOf(CompensationError)
    expect(error.failures.map((failure) => failure.step)).toEqual(['loser'])
    expect(error.compensated).toEqual(['win'])
    expect(error.cause).toBeInstanceOf(CompensationError)
    expect(((error.cause as CompensationError).cause as Error).message).toContain('undoing the completed steps of the losing branches')
    expect(journal.records().at(-1)).toMatchObject({ kind: 'transaction:rolled-back', payload: { compensated: ['win'], failed: ['loser'] } })
    expect(log.entries).toEqual(['do loser', 'do win', 'undo win'])
  })

  describe('with a nested transaction in a losing branch', () => {
    // The inner transaction completes `held` at 1 and then waits; `win` wins at 10, which cancels
    // the inner transaction: it rolls back, and undoing `held` takes 20 (10 to 30).
    function heldStep(log: (entry: string) => void, undo: 'ok' | 'fails') {
      return defineStep('held', {
        run: function* () {
          yield* delay(1)
          log('do held')
        },
        compensate: function* () {
          yield* delay(20)
          if (undo === 'fails') throw new Error('seat still held')
          log('undo held')
        },
      })
    }
    const hang = defineStep('hang', { run: () => delay(1_000) })
    function* raceWithNested(log: (entry: string) => void, undo: 'ok' | 'fails', tx: Parameters<Parameters<typeof transaction>[1]>[0]) {
      yield* tx.race({
        win: tx.run(timedStep(log, 'win', 10)),
        lose: transaction('inner', function* (itx) {
          yield* itx.run(heldStep(log, undo))
          yield* itx.run(hang)
        }),
      })
      log('race over')
    }

    it('goes on only once the nested transaction has rolled back', async () => {
      const log = track()
      const outcome = await run(function* () {
        return yield* transaction('t', function* (tx) {
          yield* raceWithNested(log, 'ok', tx)
          return 'ok'
        })
      })
      expect(outcome).toMatchObject({ status: 'ok', value: 'ok' })
      expect(log.entries).toEqual(['do held', 'do win', 'undo held', 'race over'])
    })

    it('throws CompensationError into the body when the nested rollback fails, and counts it in the rollback', async () => {
      const log = track()
      const journal = memoryJournal()
      const outcome = await run(function* () {
        yield* transaction('t', (tx) => raceWithNested(log, 'fails', tx), { journal })
      })
      // As for a loser step whose undo failed: the race throws, the body does not catch it, and the
      // rollback (undoing the winner) ends with a CompensationError listing the nested step.
      const error = (outcome as { error: CompensationError }).error
      expect(error).toBeInstanceOf(CompensationError)
      expect(error.failures.map((failure) => failure.step)).toEqual(['held'])
      expect(error.compensated).toEqual(['win'])
      expect(error.cause).toBeInstanceOf(CompensationError)
      expect(((error.cause as CompensationError).cause as Error).message).toContain('undoing the completed steps of the losing branches')
      const outer = journal.records().filter((record) => record.transactionId === error.transactionId)
      expect(outer.at(-1)).toMatchObject({ kind: 'transaction:rolled-back', payload: { compensated: ['win'], failed: ['held'] } })
      expect(log.entries).toEqual(['do held', 'do win', 'undo win'])
    })

    it('does not report again a nested rollback failure that the losing branch already caught', async () => {
      const log = track()
      const outcome = await run(function* () {
        return yield* transaction('t', function* (tx) {
          yield* tx.race({
            win: tx.run(timedStep(log, 'win', 50)),
            lose: function* () {
              try {
                yield* transaction('inner', function* (itx) {
                  yield* itx.run(heldStep(log, 'fails'))
                  throw new Error('no seat')
                })
              } catch (error) {
                log(`caught ${(error as CompensationError).name}`)
              }
              yield* delay(100)
            }.call(null),
          })
          return 'ok'
        })
      })
      expect(outcome).toMatchObject({ status: 'ok', value: 'ok' })
      expect(log.entries).toEqual(['do held', 'caught CompensationError', 'do win'])
    })

    it('halt while the race waits for the nested rollback resumes once everything is undone', async () => {
      const log = track()
      await run(function* () {
        const task = yield* fork(function* () {
          yield* transaction('t', function* (tx) {
            yield* raceWithNested(log, 'ok', tx)
            yield* delay(1_000)
          })
        })
        yield* delay(15)
        yield* halt(task)
        log('halt returned')
      })
      expect(log.entries).toEqual(['do held', 'do win', 'undo held', 'undo win', 'halt returned'])
    })
  })
})
