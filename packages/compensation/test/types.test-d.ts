// Type-level tests, checked by the root `tsc` (not run by vitest).
import { expectTypeOf } from 'vitest'
import {
  CompensationError,
  defineStep,
  memoryJournal,
  recover,
  transaction,
  TransactionAbortedError,
  TransactionStuckError,
  TRANSACTION_OBSERVER,
  type Journal,
  type RecoverySummary,
  type Step,
  type StepContext,
  type Transaction,
  type TransactionEvent,
} from '@sagaflow/compensation'
import { fileJournal, type FileJournal } from '@sagaflow/compensation/node'
import { call, delay, type CallEffect } from '@sagaflow/core'

interface FlightRequest {
  from: string
  to: string
}
interface Flight {
  flightId: string
}
interface Hotel {
  hotelId: number
}
declare const api: {
  reserveFlight(req: FlightRequest): Promise<Flight>
  cancelFlight(id: string): Promise<void>
  reserveHotel(city: string): Promise<Hotel>
}

// A step whose result is a string or an array: its compensate receives that result.
const trimmed = defineStep('trim', { run: (s: string) => s.trim(), compensate: (result: string) => result.length })
expectTypeOf(trimmed).toEqualTypeOf<Step<string, string>>()
expectTypeOf(defineStep('wrap', { run: (n: number) => [n] })).toEqualTypeOf<Step<number, number[]>>()

// defineStep infers input and result from run: promise, saga, plain value, effect.
const reserveFlight = defineStep('reserve-flight', {
  run: (req: FlightRequest) => api.reserveFlight(req),
  compensate: (flight, req) => {
    expectTypeOf(flight).toEqualTypeOf<Flight>()
    expectTypeOf(req).toEqualTypeOf<FlightRequest>()
    return api.cancelFlight(flight.flightId)
  },
})
expectTypeOf(reserveFlight).toEqualTypeOf<Step<FlightRequest, Flight>>()
const sagaStep = defineStep('saga', {
  run: function* (n: number) {
    yield* delay(1)
    return { n }
  },
  compensate: function* (result) {
    expectTypeOf(result).toEqualTypeOf<{ n: number }>()
    yield* delay(1)
  },
})
expectTypeOf(sagaStep).toEqualTypeOf<Step<number, { n: number }>>()
const effectStep = defineStep('effect', { run: (city: string) => call(api.reserveHotel, city) })
expectTypeOf(effectStep).toEqualTypeOf<Step<string, Hotel>>()
const plainStep = defineStep('plain', { run: () => 42 })
expectTypeOf(plainStep).toEqualTypeOf<Step<unknown, number>>()
defineStep('context', {
  run: (_input: string, context) => {
    expectTypeOf(context).toEqualTypeOf<StepContext>()
    expectTypeOf(context.idempotencyKey).toBeString()
    expectTypeOf(context.attempt).toBeNumber()
  },
})

// A compensate that takes the wrong type is a compile error.
defineStep('wrong-result', {
  run: (req: FlightRequest) => api.reserveFlight(req),
  // @ts-expect-error: compensate receives a Flight, not a Hotel
  compensate: (hotel: Hotel) => hotel.hotelId,
})
defineStep('wrong-input', {
  run: (req: FlightRequest) => api.reserveFlight(req),
  // @ts-expect-error: the second argument is the FlightRequest
  compensate: (_flight: Flight, city: number) => city,
})

function* body(tx: Transaction) {
  // tx.run has the step's result type, and checks the input.
  const flight = yield* tx.run(reserveFlight, { from: 'CDG', to: 'JFK' })
  expectTypeOf(flight).toEqualTypeOf<Flight>()
  // @ts-expect-error: the input must be a FlightRequest
  yield* tx.run(reserveFlight, { from: 'CDG' })
  // @ts-expect-error: the input is required
  yield* tx.run(reserveFlight)
  const n = yield* tx.run(plainStep) // input optional for a step that takes none
  expectTypeOf(n).toEqualTypeOf<number>()
  expectTypeOf(tx.run(reserveFlight, { from: 'a', to: 'b' })).toEqualTypeOf<CallEffect<Flight>>()

  // Parallel steps: tuples and objects.
  const [hotel, value] = yield* tx.all([tx.run(effectStep, 'Paris'), tx.run(sagaStep, 1)])
  expectTypeOf(hotel).toEqualTypeOf<Hotel>()
  expectTypeOf(value).toEqualTypeOf<{ n: number }>()
  const both = yield* tx.all({ hotel: tx.run(effectStep, 'Paris'), n: tx.run(plainStep) })
  expectTypeOf(both).toEqualTypeOf<{ hotel: Hotel; n: number }>()
  const winner = yield* tx.race({ hotel: tx.run(effectStep, 'Paris'), timeout: delay(100) })
  expectTypeOf(winner).toEqualTypeOf<{ hotel?: Hotel; timeout?: true }>()

  // Inline steps take their type from the effect or the function.
  const mailed = yield* tx.step('notify', call(() => 'sent' as const), { compensate: (result) => expectTypeOf(result).toEqualTypeOf<'sent'>() })
  expectTypeOf(mailed).toEqualTypeOf<'sent'>()
  const computed = yield* tx.step('compute', async () => 1)
  expectTypeOf(computed).toEqualTypeOf<number>()
  yield* tx.step('typed', () => 'x', {
    // @ts-expect-error: the inline step's result is a string
    compensate: (result: number) => result,
  })
  // Results that are iterable themselves (a string, an array, a Map) are the results, not
  // operations whose result would be taken.
  expectTypeOf(yield* tx.step('text', () => 'x')).toEqualTypeOf<string>()
  expectTypeOf(yield* tx.step('list', () => [1, 2])).toEqualTypeOf<number[]>()
  expectTypeOf(yield* tx.pivot('map', () => new Map<string, number>())).toEqualTypeOf<Map<string, number>>()
  yield* tx.step('text', () => 'x', { compensate: (result: string) => result.trim() })
  // A step operation is an effect, a generator or a function: not a string or an array of effects.
  // @ts-expect-error: a string is no operation
  yield* tx.step('hello', 'hello')
  // @ts-expect-error: an array of effects is no operation (use tx.all)
  yield* tx.step('both', [call(api.cancelFlight, 'a'), call(api.cancelFlight, 'b')])
  // @ts-expect-error: an undo is an effect or a function
  tx.compensate('unlock', 'unlock')
  yield* tx.compensate('undo', () => call(api.cancelFlight, flight.flightId))
  const receipt = yield* tx.pivot('charge', () => Promise.resolve({ receipt: 'r' }))
  expectTypeOf(receipt).toEqualTypeOf<{ receipt: string }>()
  const again = yield* tx.pivot(reserveFlight, { from: 'a', to: 'b' })
  expectTypeOf(again).toEqualTypeOf<Flight>()

  expectTypeOf(tx.id).toBeString()
  expectTypeOf(tx.attempt).toBeNumber()
  expectTypeOf(tx.idempotencyKey('charge')).toBeString()
  tx.events.on('compensation:completed', (event) => expectTypeOf(event.step).toBeString())
  tx.events.on('rolled-back', (event) => expectTypeOf(event.error).toEqualTypeOf<TransactionAbortedError | CompensationError>())
  return { flight, hotel }
}

// transaction() is an effect typed by the body's result, for yield* and plain yield.
function* saga() {
  const result = yield* transaction('book', body, { journal: memoryJournal() })
  expectTypeOf(result).toEqualTypeOf<{ flight: Flight; hotel: Hotel }>()
  expectTypeOf(transaction('book', body)).toEqualTypeOf<CallEffect<{ flight: Flight; hotel: Hotel }>>()
  const raw: unknown = yield transaction('plain', function* () {
    return 1
  })
  return raw
}
void saga

// Errors.
expectTypeOf<TransactionAbortedError['compensated']>().toEqualTypeOf<readonly string[]>()
expectTypeOf<CompensationError>().toMatchTypeOf<AggregateError>()
expectTypeOf<TransactionStuckError['step']>().toEqualTypeOf<string | undefined>()

// Journals and recover.
expectTypeOf(memoryJournal()).toMatchTypeOf<Journal>()
expectTypeOf(fileJournal('x.jsonl')).toEqualTypeOf<FileJournal>()
expectTypeOf(recover({ journal: memoryJournal(), steps: [reserveFlight, sagaStep] })).toEqualTypeOf<Promise<RecoverySummary>>()
// A step whose result is never (it always throws, or never settles) is a step recover accepts too.
const refuse = defineStep('refuse', {
  run: (): never => {
    throw new Error('closed')
  },
})
expectTypeOf(refuse).toEqualTypeOf<Step<unknown, never>>()
void recover({ journal: memoryJournal(), steps: [reserveFlight, refuse, defineStep('hang', { run: () => new Promise<never>(() => {}) })] })
expectTypeOf<typeof TRANSACTION_OBSERVER>().toEqualTypeOf<'@@sagaflow/compensation/observer'>()
expectTypeOf<Extract<TransactionEvent, { type: 'compensation:started' }>['step']>().toBeString()

// A step's result type is checked both ways: a Step<string, Flight> is no Step<string, PricedFlight>.
interface PricedFlight extends Flight {
  price: number
}
// @ts-expect-error: reserveFlight gives a Flight, which has no price
export const priced: Step<FlightRequest, PricedFlight> = reserveFlight
// @ts-expect-error: nor is a step of unknown result a step of some result
export const anyResult: Step<string, Flight> = defineStep('loose', { run: (s: string): unknown => s })
