import { describe, expect, it } from 'vitest'
import { defineStep, isStep } from '@sagaflow/compensation'

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
    expect(() => defineStep('s', { run: () => 1, compensationRetry: { maxAttempts: 2, delayMs: 1, backoff: { initialMs: 1 } } })).toThrow(
      'compensationRetry.delayMs and compensationRetry.backoff cannot both be set',
    )
    expect(() => defineStep('s', { run: () => 1, timeoutMs: -1 })).toThrow('defineStep("s", definition): timeoutMs must be a finite number of milliseconds >= 0, got -1 (number)')
  })
})
