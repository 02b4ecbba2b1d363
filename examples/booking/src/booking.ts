// The seeds' travel booking as a transaction: reserve a flight, then a hotel and a car in
// parallel, charge the payment (the pivot: the point of no return), then issue the tickets.
// If anything fails before the payment, or the booking is cancelled, every reservation made so
// far is cancelled again, in reverse order. After the payment, the tickets are retried instead.
//
// The travel API is a fake kept in memory, with latency on an injected clock and failure
// injection, so the tests can fail the booking at each step.
import { systemClock, type Clock } from '@sagaflow/cancellation'
import { defineStep, transaction, type Journal } from '@sagaflow/compensation'
import { abortSignal, call, getContext } from '@sagaflow/core'

export interface FlightRequest {
  readonly from: string
  readonly to: string
  readonly date: string
}
export interface HotelRequest {
  readonly city: string
  readonly nights: number
}
export interface CarRequest {
  readonly city: string
  readonly days: number
}
export interface PaymentRequest {
  readonly card: string
  readonly amountCents: number
}
export interface TripRequest {
  readonly traveller: string
  readonly flight: FlightRequest
  readonly hotel: HotelRequest
  readonly car: CarRequest
  readonly payment: PaymentRequest
}

export interface Reservation {
  readonly id: string
}
export interface Payment {
  readonly id: string
  readonly amountCents: number
}
export interface Tickets {
  readonly numbers: readonly string[]
}
export interface Trip {
  readonly flight: Reservation
  readonly hotel: Reservation
  readonly car: Reservation
  readonly payment: Payment
  readonly tickets: Tickets
}

/** The operations of the travel API, for failure injection and latency. */
export type Operation = 'reserveFlight' | 'reserveHotel' | 'reserveCar' | 'chargePayment' | 'issueTickets' | 'cancelFlight' | 'cancelHotel' | 'cancelCar'

export interface TravelApiOptions {
  /** Clock of the simulated latency (a VirtualClock in tests). */
  readonly clock?: Clock
  /** Latency of each operation in ms (default 10 for every operation). */
  readonly latencyMs?: Partial<Record<Operation, number>>
}

/** A travel API kept in memory: flights, hotels, cars, payments, tickets. */
export interface TravelApi {
  reserveFlight(request: FlightRequest, signal?: AbortSignal): Promise<Reservation>
  reserveHotel(request: HotelRequest, signal?: AbortSignal): Promise<Reservation>
  reserveCar(request: CarRequest, signal?: AbortSignal): Promise<Reservation>
  cancelFlight(id: string): Promise<void>
  cancelHotel(id: string): Promise<void>
  cancelCar(id: string): Promise<void>
  /** Idempotent: charging twice with the same key returns the first payment. */
  chargePayment(request: PaymentRequest & { readonly idempotencyKey: string }): Promise<Payment>
  issueTickets(flightId: string, traveller: string): Promise<Tickets>
  /** Makes the next `times` calls of `operation` fail (failure injection). */
  failNext(operation: Operation, times?: number): void
  /** Every call that took effect, in order: `reserve flight F1`, `cancel flight F1`, ... */
  readonly log: readonly string[]
  /** Reservations that exist now (not cancelled). */
  active(): string[]
}

export function createTravelApi(options: TravelApiOptions = {}): TravelApi {
  const clock = options.clock ?? systemClock
  const log: string[] = []
  const failures = new Map<Operation, number>()
  const reservations = new Map<string, string>()
  const payments = new Map<string, Payment>()
  let next = 0

  /** Waits for the operation's latency, then fails (if injected) or does `effect`. Aborting the signal before then does nothing. */
  const perform = <T>(operation: Operation, effect: () => T, signal?: AbortSignal): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const handle = clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        const left = failures.get(operation) ?? 0
        if (left > 0) {
          failures.set(operation, left - 1)
          reject(new Error(`${operation} failed (the travel API is down)`))
        } else resolve(effect())
      }, options.latencyMs?.[operation] ?? 10)
      const onAbort = () => {
        clock.clearTimeout(handle)
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })

  const reserve = (kind: string, prefix: string) => (): Reservation => {
    const id = `${prefix}${++next}`
    reservations.set(id, kind)
    log.push(`reserve ${kind} ${id}`)
    return { id }
  }
  const cancel = (kind: string) => (id: string) => () => {
    if (!reservations.delete(id)) throw new Error(`no ${kind} reservation ${id}`)
    log.push(`cancel ${kind} ${id}`)
  }

  return {
    reserveFlight: (_request, signal) => perform('reserveFlight', reserve('flight', 'F'), signal),
    reserveHotel: (_request, signal) => perform('reserveHotel', reserve('hotel', 'H'), signal),
    reserveCar: (_request, signal) => perform('reserveCar', reserve('car', 'C'), signal),
    cancelFlight: (id) => perform('cancelFlight', cancel('flight')(id)),
    cancelHotel: (id) => perform('cancelHotel', cancel('hotel')(id)),
    cancelCar: (id) => perform('cancelCar', cancel('car')(id)),
    chargePayment: (request) =>
      perform('chargePayment', () => {
        const existing = payments.get(request.idempotencyKey)
        if (existing) return existing
        const payment = { id: `P${++next}`, amountCents: request.amountCents }
        payments.set(request.idempotencyKey, payment)
        log.push(`charge ${request.amountCents} ${payment.id}`)
        return payment
      }),
    issueTickets: (flightId, traveller) =>
      perform('issueTickets', () => {
        log.push(`issue tickets ${flightId} ${traveller}`)
        return { numbers: [`T-${flightId}-1`] }
      }),
    failNext(operation, times = 1) {
      failures.set(operation, (failures.get(operation) ?? 0) + times)
    },
    log,
    active: () => [...reservations.keys()],
  }
}

/** The saga-context key under which the steps find the travel API (`runSaga({ context: { [TRAVEL_API]: api } })`). */
export const TRAVEL_API = 'travelApi'

function* travelApi() {
  return yield* getContext<TravelApi>(TRAVEL_API)
}

// The steps are module-level definitions: `recover` finds them by name after a crash. The
// reservations pass the task's AbortSignal to the API, so a reservation cancelled mid-flight
// (the other branch of the parallel group failed) is not made at all.
export const reserveFlight = defineStep('reserve-flight', {
  run: function* (request: FlightRequest) {
    const api = yield* travelApi()
    return yield* call(api.reserveFlight, request, yield* abortSignal())
  },
  compensate: function* (flight) {
    const api = yield* travelApi()
    yield* call(api.cancelFlight, flight.id)
  },
  retry: { maxAttempts: 2, delayMs: 100 },
  timeoutMs: 5_000,
})

export const reserveHotel = defineStep('reserve-hotel', {
  run: function* (request: HotelRequest) {
    const api = yield* travelApi()
    return yield* call(api.reserveHotel, request, yield* abortSignal())
  },
  compensate: function* (hotel) {
    const api = yield* travelApi()
    yield* call(api.cancelHotel, hotel.id)
  },
  compensationRetry: { maxAttempts: 5, backoff: { initialMs: 100, factor: 2 } },
})

export const reserveCar = defineStep('reserve-car', {
  run: function* (request: CarRequest) {
    const api = yield* travelApi()
    return yield* call(api.reserveCar, request, yield* abortSignal())
  },
  compensate: function* (car) {
    const api = yield* travelApi()
    yield* call(api.cancelCar, car.id)
  },
  compensationRetry: { maxAttempts: 5, backoff: { initialMs: 100, factor: 2 } },
})

/** The pivot. The idempotency key (from `tx.idempotencyKey`) makes a retried or recovered charge safe. */
export const chargePayment = defineStep('charge-payment', {
  run: function* (request: PaymentRequest & { readonly idempotencyKey: string }) {
    const api = yield* travelApi()
    return yield* call(api.chargePayment, request)
  },
  retry: { maxAttempts: 3, delayMs: 200 },
})

/** After the pivot: never undone, retried until it works (and by `recover` if it still fails). */
export const issueTickets = defineStep('issue-tickets', {
  run: function* (request: { readonly flightId: string; readonly traveller: string }) {
    const api = yield* travelApi()
    return yield* call(api.issueTickets, request.flightId, request.traveller)
  },
  retry: { maxAttempts: 4, backoff: { initialMs: 100, factor: 2, maxMs: 1_000 } },
})

/** Every step, for `recover({ journal, steps: bookingSteps, context: { [TRAVEL_API]: api } })`. */
export const bookingSteps = [reserveFlight, reserveHotel, reserveCar, chargePayment, issueTickets]

/** Books a trip as one transaction; the travel API comes from the saga context (`TRAVEL_API`). */
export function* bookTrip(request: TripRequest, options: { readonly journal?: Journal } = {}) {
  return yield* transaction(
    'book-trip',
    function* (tx) {
      const flight = yield* tx.run(reserveFlight, request.flight)
      const [hotel, car] = yield* tx.all([tx.run(reserveHotel, request.hotel), tx.run(reserveCar, request.car)])
      const payment = yield* tx.pivot(chargePayment, { ...request.payment, idempotencyKey: tx.idempotencyKey('charge-payment') })
      const tickets = yield* tx.run(issueTickets, { flightId: flight.id, traveller: request.traveller })
      return { flight, hotel, car, payment, tickets } satisfies Trip
    },
    options,
  )
}

export const exampleTrip: TripRequest = {
  traveller: 'Ada Lovelace',
  flight: { from: 'LHR', to: 'JFK', date: '2026-06-01' },
  hotel: { city: 'New York', nights: 3 },
  car: { city: 'New York', days: 3 },
  payment: { card: '4242 4242 4242 4242', amountCents: 189_000 },
}
