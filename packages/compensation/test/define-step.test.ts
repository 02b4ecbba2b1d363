import { describe, expect, it } from 'vitest'
import { runSaga } from '@sagaflow/core'
import { defineStep, isStep, isTerminalRecord, memoryJournal, recover, transaction } from '@sagaflow/compensation'
import { fileJournal } from '@sagaflow/compensation/node'
import { postgresJournal, startRecoveryWorker } from '@sagaflow/compensation/postgres'

describe('defineStep()', () => {
  it('returns a frozen step carrying its definition', () => {
    const run = (n: number) => n
    const compensate = () => {}
    const step = defineStep('reserve-flight', { run, compensate, retry: { maxAttempts: 2 }, timeoutMs: 100 })
    expect(step).toMatchObject({ name: 'reserve-flight', run, compensate, retry: { maxAttempts: 2 }, timeoutMs: 100 })
    expect(Object.isFrozen(step)).toBe(true)
    expect(isStep(step)).toBe(true)
    expect(isStep({ name: 'x', run })).toBe(false)
  })

  it('rejects a step without a name', () => {
    expect(() => defineStep('', { run: () => 1 })).toThrow(
      "defineStep(name, definition): the step has no name; pass a non-empty string as the first argument, e.g. defineStep('reserve-flight', { run, compensate }) (got \"\" (string))",
    )
    expect(() => (defineStep as any)(undefined, { run: () => 1 })).toThrow('the step has no name')
    expect(() => (defineStep as any)({ run: () => 1 })).toThrow('the step has no name')
  })

  it('rejects a compensate that is not a function, naming the step', () => {
    expect(() => defineStep('reserve-hotel', { run: () => 1, compensate: 'cancel' as any })).toThrow(
      'defineStep("reserve-hotel", definition): the compensate of step "reserve-hotel" is not a function (got "cancel" (string)); pass a function (result, input) => undo, or leave compensate out',
    )
  })

  it('rejects a missing run, naming the step', () => {
    expect(() => defineStep('reserve-car', {} as any)).toThrow('defineStep("reserve-car", definition): step "reserve-car" needs a run function (input) => result, got undefined')
  })

  it('rejects bad retry policies and timeouts', () => {
    expect(() => defineStep('s', { run: () => 1, retry: { maxAttempts: 1.5 } })).toThrow('defineStep("s", definition): retry.maxAttempts must be an integer >= 1 (or Infinity), got 1.5 (number)')
    // @ts-expect-error: delayMs and backoff together (a compile error too)
    expect(() => defineStep('s', { run: () => 1, compensationRetry: { maxAttempts: 2, delayMs: 1, backoff: { initialMs: 1 } } })).toThrow(
      'compensationRetry.delayMs and compensationRetry.backoff cannot both be set',
    )
    expect(() => defineStep('s', { run: () => 1, timeoutMs: -1 })).toThrow('defineStep("s", definition): timeoutMs must be a finite number of milliseconds >= 0, got -1 (number)')
  })

  it('rejects a misspelt key instead of leaving the step without its undo', () => {
    expect(() => defineStep('reserve', { run: () => 1, compensation: () => {} } as any)).toThrow(
      new TypeError('defineStep("reserve", definition): definition has an unknown key "compensation"; the keys are run, compensate, retry, timeoutMs, compensationRetry'),
    )
    expect(() => defineStep('s', { run: () => 1, retry: { maxAttempts: 3, delay: 10 } } as any)).toThrow(
      'defineStep("s", definition): retry has an unknown key "delay"; the keys are maxAttempts, delayMs, backoff, jitter, shouldRetry, random',
    )
    expect(() => defineStep('s', { run: () => 1, retry: { maxAttempts: 3, backoff: { initial: 10 } } } as any)).toThrow(
      'retry.backoff has an unknown key "initial"; the keys are initialMs, factor, maxMs',
    )
  })
})

describe('the options of transaction(), tx.step() and the journals', () => {
  it('rejects keys they do not know, naming the API', async () => {
    expect(() => transaction('t', function* () {}, { journl: memoryJournal() } as any)).toThrow(
      'transaction("t", body, options): options has an unknown key "journl"; the keys are journal, id, compensationRetry, workerId',
    )
    expect(() => fileJournal('/tmp/x.jsonl', { fsyc: false } as any)).toThrow('fileJournal(path, options): options has an unknown key "fsyc"; the keys are fsync, clock')
    await expect(recover({ journal: memoryJournal(), steps: [], retry: { maxAttempts: 2 } } as any)).rejects.toThrow(
      'options has an unknown key "retry"; the keys are journal, steps, clock, context, workerId, leaseMs, compensationRetry',
    )
    expect(() => postgresJournal({ connectionString: 'postgres://localhost/none' }, { leaseMS: 5_000 } as any)).toThrow(
      'options has an unknown key "leaseMS"; the keys are workerId, leaseMs, heartbeatMs, schema, claimLimit, clock',
    )
    expect(() => startRecoveryWorker({ journal: memoryJournal(), steps: [], poll: 10 } as any)).toThrow(
      'startRecoveryWorker({ journal, steps, pollMs }): options has an unknown key "poll"; the keys are journal, steps, pollMs, onRecovered, onError, clock, context, workerId, leaseMs, compensationRetry',
    )
    const task = runSaga(
      { onError: () => {} },
      function* () {
        yield* transaction('t', function* (tx) {
          yield* tx.step('send', () => 1, { undo: () => {} } as any)
        })
      },
    )
    await expect(task.toPromise()).rejects.toThrow(
      'tx.step("send", operation, options): options has an unknown key "undo"; the keys are compensate, retry, timeoutMs, compensationRetry',
    )
  })

  it('rejects bad values of the journals\' options and of tx.compensate / tx.idempotencyKey, naming the API and the value', async () => {
    expect(() => fileJournal(Object.create(null))).toThrow('fileJournal(path): path must be a non-empty string, got {…} (object)')
    expect(() => fileJournal('/tmp/x.jsonl', { clock: 'str' } as any)).toThrow(
      'fileJournal(path, options): options.clock must be a Clock ({ now, setTimeout, clearTimeout }), e.g. systemClock or a VirtualClock, got "str" (string)',
    )
    expect(() => fileJournal('/tmp/x.jsonl', { fsync: 'no' } as any)).toThrow('fileJournal(path, options): options.fsync must be a boolean, got "no" (string)')
    expect(() => isTerminalRecord(null as any)).toThrow('isTerminalRecord(record): record must be a journal record (an object with a kind), got null')
    const outcomes: string[] = []
    for (const bad of [Symbol('s'), Object.create(null), 42, undefined]) {
      const task = runSaga({ onError: () => {} }, function* () {
        yield* transaction('t', function* (tx) {
          try {
            tx.idempotencyKey(bad as any)
          } catch (error) {
            outcomes.push((error as Error).message)
          }
          yield* tx.compensate(bad as any, () => {})
        })
      })
      await task.toPromise().catch((error: Error) => outcomes.push((error.cause as Error).message))
    }
    const shown = ['Symbol(s) (symbol)', '{…} (object)', '42 (number)', 'undefined']
    expect(outcomes).toEqual(
      shown.flatMap((value) => [
        `tx.idempotencyKey(step): step must be a non-empty step name, the name given to tx.run / tx.step, got ${value}`,
        `tx.compensate(name, undo): the compensation has no name; pass a non-empty string as the first argument, got ${value}`,
      ]),
    )
  })
})
