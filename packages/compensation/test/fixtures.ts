// Steps for the tests: a trip booking whose every call is written to an order log.
import { defineStep, type Step } from '@sagaflow/compensation'
import { delay } from '@sagaflow/core'

export interface Trip {
  steps: { flight: Step<string, string>; hotel: Step<string, string>; car: Step<string, string>; payment: Step<number, string>; tickets: Step<string, string> }
}

/** Steps that take `ms` virtual ms each (a saga with `delay`), log `do X` / `undo X`, and fail when `fail(name)` says so. */
export function tripSteps(log: (entry: string) => void, options: { ms?: number; fail?: (step: string) => boolean } = {}) {
  const ms = options.ms ?? 10
  const make = <I>(name: string) =>
    defineStep(name, {
      run: function* (input: I) {
        yield* delay(ms)
        if (options.fail?.(name)) throw new Error(`${name} failed`)
        log(`do ${name}`)
        return `${name}:${String(input)}`
      },
      compensate: (result: string) => {
        log(`undo ${name}`)
        return result
      },
    })
  return {
    flight: make<string>('flight'),
    hotel: make<string>('hotel'),
    car: make<string>('car'),
    payment: make<number>('payment'),
    tickets: make<string>('tickets'),
  }
}
