// Per-step retry and timeout on the saga's clock; compensation retry policy, continue-with-error
// and the aggregated CompensationError (issue #5).
import { describe, expect, it } from 'vitest'
import { CompensationError, defineStep, memoryJournal, transaction, TransactionAbortedError, type StepContext } from '@sagaflow/compensation'
import { CancellationError, TimeoutError } from '@sagaflow/cancellation'
import { call, cancellationToken, delay } from '@sagaflow/core'
import { run, SteppingClock, track } from './support.js'

describe('step retry and timeout', () => {
  it('retries a failing step by its policy, waiting on the saga clock', async () => {
    const log = track()
    const clock = new SteppingClock()
    const flaky = defineStep('flaky', {
      run: (_: void, context: StepContext) => {
        log(`attempt ${context.attempt} at ${clock.now()} ms`)
        if (context.attempt < 3) throw new Error(`fail ${context.attempt}`)
        return 'ok'
      },
      retry: { maxAttempts: 3, backoff: { initialMs: 100, factor: 2 } },
    })
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        return yield* tx.run(flaky)
      })
    }, { clock })
    expect(outcome).toMatchObject({ status: 'ok', value: 'ok' })
    expect(log.entries).toEqual(['attempt 1 at 0 ms', 'attempt 2 at 100 ms', 'attempt 3 at 300 ms'])
  })

  it('waits in parts for a back-off longer than one timer allows, rather than failing with delay\'s error', async () => {
    const clock = new SteppingClock()
    const flaky = defineStep('flaky', {
      run: (_: void, context: StepContext) => {
        if (context.attempt < 2) throw new Error('fail')
        return 'ok'
      },
      retry: { maxAttempts: 2, backoff: { initialMs: 3_000_000_000 } },
    })
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        return yield* tx.run(flaky)
      })
    }, { clock })
    expect(outcome).toMatchObject({ status: 'ok', value: 'ok' })
    expect(clock.now()).toBe(3_000_000_000)
  })

  it('gives up after maxAttempts and rolls back with the last error', async () => {
    const log = track()
    const first = defineStep('first', { run: () => log('do first'), compensate: () => log('undo first') })
    let attempts = 0
    const flaky = defineStep('flaky', {
      run: () => {
        attempts++
        throw new Error(`fail ${attempts}`)
      },
      retry: { maxAttempts: 2, delayMs: 10 },
    })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(first)
        yield* tx.run(flaky)
      })
    })
    expect(attempts).toBe(2)
    expect(((outcome as { error: TransactionAbortedError }).error.cause as Error).message).toBe('fail 2')
    expect(log.entries).toEqual(['do first', 'undo first'])
  })

  it('stops retrying when shouldRetry says no', async () => {
    let attempts = 0
    const step = defineStep('s', {
      run: () => {
        attempts++
        throw new TypeError('permanent')
      },
      retry: { maxAttempts: 5, shouldRetry: (error) => !(error instanceof TypeError) },
    })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step)
      })
    })
    expect(attempts).toBe(1)
  })

  it('fails an attempt that exceeds timeoutMs with a TimeoutError and cancels it', async () => {
    const log = track()
    const slow = defineStep('slow', {
      run: function* () {
        try {
          yield* delay(1_000)
          log('finished')
        } finally {
          log('attempt ended')
        }
      },
      timeoutMs: 50,
    })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(slow)
      })
    })
    const cause = (outcome as { error: TransactionAbortedError }).error.cause
    expect(cause).toBeInstanceOf(TimeoutError)
    expect((cause as TimeoutError).message).toBe('step "slow" timed out after 50 ms')
    expect(outcome.clock.now()).toBe(50)
    expect(log.entries).toEqual(['attempt ended'])
  })

  it("cancels a timed-out attempt with a reason of kind 'timeout' that names the limit", async () => {
    let reason: unknown
    const slow = defineStep('slow', {
      run: function* () {
        const token = yield* cancellationToken()
        try {
          yield* delay(1_000)
        } finally {
          reason = token.reason
        }
      },
      timeoutMs: 50,
    })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(slow)
      })
    })
    expect(reason).toBeInstanceOf(CancellationError)
    expect(reason).toMatchObject({ kind: 'timeout', message: 'cancelled by timeout(50): it took longer than 50 ms' })
  })

  it('retries an attempt that timed out', async () => {
    const log = track()
    const step = defineStep('s', {
      run: function* (_: void, context: StepContext) {
        yield* delay(context.attempt === 1 ? 500 : 10)
        log(`attempt ${context.attempt} done`)
        return context.attempt
      },
      timeoutMs: 100,
      retry: { maxAttempts: 2 },
    })
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        return yield* tx.run(step)
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: 2 })
    expect(outcome.clock.now()).toBe(110)
    expect(log.entries).toEqual(['attempt 2 done'])
  })

  it('exposes the attempt number as tx.attempt and keeps the idempotency key across retries', async () => {
    const seen: string[] = []
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        seen.push(`before ${tx.attempt}`)
        const value = yield* tx.step(
          'charge',
          (context) => {
            seen.push(`attempt ${tx.attempt} ${context.idempotencyKey === tx.idempotencyKey('charge')}`)
            if (tx.attempt < 3) throw new Error('try again')
            return 'charged'
          },
          { retry: { maxAttempts: 3 } },
        )
        seen.push(`after ${tx.attempt}`)
        return value
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: 'charged' })
    expect(seen).toEqual(['before 1', 'attempt 1 true', 'attempt 2 true', 'attempt 3 true', 'after 1'])
  })

  it('puts tx.attempt back to 1 when a retrying step is cancelled mid-attempt', async () => {
    const flaky = defineStep('flaky', {
      run: function* () {
        yield* delay(10)
        throw new Error('flaky')
      },
      retry: { maxAttempts: 5 },
    })
    const outcome = await run(function* () {
      return yield* transaction('t', function* (tx) {
        try {
          // flaky is in its second attempt when the other branch fails and all() cancels it.
          yield* tx.all([
            tx.run(flaky),
            call(function* () {
              yield* delay(15)
              throw new Error('other branch')
            }),
          ])
        } catch {
          // go on without them
        }
        return tx.attempt
      })
    })
    expect(outcome).toMatchObject({ status: 'ok', value: 1 })
  })

  it('journals every failed attempt before retrying', async () => {
    const journal = memoryJournal()
    let attempts = 0
    const step = defineStep('s', {
      run: () => {
        if (++attempts < 2) throw new Error('once')
        return 'ok'
      },
      retry: { maxAttempts: 2 },
    })
    await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step)
      }, { journal })
    })
    expect(journal.records().map((r) => [r.kind, r.step ?? '', r.kind === 'step:failed' ? r.payload : undefined])).toEqual([
      ['transaction:started', '', undefined],
      ['step:started', 's', undefined],
      ['step:failed', 's', { error: { name: 'Error', message: 'once' }, attempt: 1, final: false }],
      ['step:completed', 's', undefined],
      ['transaction:committed', '', undefined],
    ])
  })
})

describe('compensation retry and failures', () => {
  it('retries a failing compensation by its compensationRetry policy', async () => {
    const log = track()
    let tries = 0
    const step = defineStep('s', {
      run: () => log('do s'),
      compensate: (_result, _input, context) => {
        tries++
        log(`undo attempt ${context.attempt}`)
        if (tries < 3) throw new Error('undo failed')
      },
      compensationRetry: { maxAttempts: 3, delayMs: 1_000 },
    })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step)
        throw new Error('boom')
      })
    })
    expect((outcome as { error: unknown }).error).toBeInstanceOf(TransactionAbortedError)
    expect(log.entries).toEqual(['do s', 'undo attempt 1', 'undo attempt 2', 'undo attempt 3'])
    expect(outcome.clock.now()).toBe(2_000)
  })

  it('uses the transaction compensationRetry for steps without their own', async () => {
    let tries = 0
    await run(function* () {
      yield* transaction(
        't',
        function* (tx) {
          yield* tx.step('s', () => 1, {
            compensate: () => {
              if (++tries < 2) throw new Error('again')
            },
          })
          throw new Error('boom')
        },
        { compensationRetry: { maxAttempts: 2 } },
      )
    })
    expect(tries).toBe(2)
  })

  it('still runs the remaining compensations when one fails for good, then throws CompensationError', async () => {
    const log = track()
    const a = defineStep('a', { run: () => log('do a'), compensate: () => log('undo a') })
    const b = defineStep('b', {
      run: () => log('do b'),
      compensate: () => {
        throw new Error('cannot undo b')
      },
    })
    const c = defineStep('c', { run: () => log('do c'), compensate: () => log('undo c') })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(a)
        yield* tx.run(b)
        yield* tx.run(c)
        throw new Error('boom')
      })
    })
    expect(log.entries).toEqual(['do a', 'do b', 'do c', 'undo c', 'undo a'])
    const error = (outcome as { error: CompensationError }).error
    expect(error).toBeInstanceOf(CompensationError)
    expect(error).toBeInstanceOf(AggregateError)
    expect(error.name).toBe('CompensationError')
    expect((error.cause as Error).message).toBe('boom')
    expect(error.errors.map((e) => (e as Error).message)).toEqual(['boom', 'cannot undo b'])
    expect(error.failures.map((f) => f.step)).toEqual(['b'])
    expect(error.compensated).toEqual(['c', 'a'])
    expect(error.message).toBe('transaction "t" could not be fully rolled back: the compensation of "b" failed after: boom')
  })

  it('collects every compensation that failed', async () => {
    const failing = (name: string) =>
      defineStep(name, {
        run: () => name,
        compensate: () => {
          throw new Error(`undo ${name} failed`)
        },
      })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(failing('a'))
        yield* tx.run(failing('b'))
        throw new Error('boom')
      })
    })
    const error = (outcome as { error: CompensationError }).error
    expect(error.failures.map((f) => [f.step, (f.error as Error).message])).toEqual([
      ['b', 'undo b failed'],
      ['a', 'undo a failed'],
    ])
    expect(error.compensated).toEqual([])
  })

  it('still runs the remaining compensations when a compensationRetry shouldRetry throws, reporting what it threw (issue #5: it cut the rollback short)', async () => {
    const log = track()
    const journal = memoryJournal()
    const a = defineStep('a', { run: () => log('do a'), compensate: () => log('undo a') })
    const b = defineStep('b', {
      run: () => log('do b'),
      compensate: () => {
        throw new Error('cannot undo b')
      },
      compensationRetry: {
        maxAttempts: 3,
        shouldRetry: () => {
          throw new Error('bug in shouldRetry')
        },
      },
    })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(a)
        yield* tx.run(b)
        throw new Error('boom')
      }, { journal })
    })
    expect(log.entries).toEqual(['do a', 'do b', 'undo a'])
    const error = (outcome as { error: CompensationError }).error
    expect(error).toBeInstanceOf(CompensationError)
    expect(error.failures.map((f) => [f.step, (f.error as Error).message])).toEqual([['b', 'bug in shouldRetry']])
    expect(error.compensated).toEqual(['a'])
    expect(journal.records().at(-1)).toMatchObject({ kind: 'transaction:rolled-back', payload: { compensated: ['a'], failed: ['b'] } })
  })

  it('fails a step with what its retry shouldRetry throws, after journalling the attempt as final', async () => {
    const journal = memoryJournal()
    const step = defineStep('s', {
      run: () => {
        throw new Error('s down')
      },
      retry: {
        maxAttempts: 3,
        shouldRetry: () => {
          throw new Error('bug in shouldRetry')
        },
      },
    })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step)
      }, { journal })
    })
    expect(((outcome as { error: TransactionAbortedError }).error.cause as Error).message).toBe('bug in shouldRetry')
    expect(journal.records().find((r) => r.kind === 'step:failed')).toMatchObject({ payload: { error: { message: 's down' }, attempt: 1, final: true } })
  })

  it('fails a step with a TypeError naming random() when its policy\'s random() returns a value outside [0, 1) (it retried with no wait)', async () => {
    let attempts = 0
    const step = defineStep('s', {
      run: () => {
        attempts++
        throw new Error('s down')
      },
      retry: { maxAttempts: 3, delayMs: 100, jitter: 'full', random: () => 5 },
    })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(step)
      })
    })
    expect(((outcome as { error: TransactionAbortedError }).error.cause as Error).message).toBe('retry policy (retry / compensationRetry of defineStep, tx.step or transaction): random() must return a number in [0, 1), it returned 5 (number)')
    expect(attempts).toBe(1)
  })

  it('waits in parts for a compensation retry longer than one timer allows, then goes on undoing (issue #5: delay threw and cut the rollback short)', async () => {
    const log = track()
    let attempts = 0
    const a = defineStep('a', { run: () => log('do a'), compensate: () => log('undo a') })
    const b = defineStep('b', {
      run: () => log('do b'),
      compensate: () => {
        if (++attempts < 2) throw new Error('b down')
        log('undo b')
      },
      compensationRetry: { maxAttempts: 2, delayMs: 3_000_000_000 },
    })
    const outcome = await run(function* () {
      yield* transaction('t', function* (tx) {
        yield* tx.run(a)
        yield* tx.run(b)
        throw new Error('boom')
      })
    })
    expect(log.entries).toEqual(['do a', 'do b', 'undo b', 'undo a'])
    expect((outcome as { error: TransactionAbortedError }).error).toBeInstanceOf(TransactionAbortedError)
    expect(outcome.clock.now()).toBe(3_000_000_000)
  })

  it('records the failed compensations in the journal', async () => {
    const journal = memoryJournal()
    await run(function* () {
      yield* transaction(
        't',
        function* (tx) {
          yield* tx.step('s', () => 1, {
            compensate: () => call(() => {
              throw new Error('no')
            }),
          })
          throw new Error('boom')
        },
        { journal },
      )
    })
    const tail = journal.records().slice(-3)
    expect(tail.map((r) => r.kind)).toEqual(['compensation:started', 'compensation:failed', 'transaction:rolled-back'])
    expect(tail[2]!.payload).toEqual({ compensated: [], failed: ['s'] })
  })
})
