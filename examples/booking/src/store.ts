// The app around the booking transaction: a Redux Toolkit store, a `bookings` slice, and a saga
// that books a trip on request and undoes it when the traveller cancels.
import { configureStore, createSlice, type PayloadAction } from '@reduxjs/toolkit'
import { TransactionAbortedError } from '@sagaflow/compensation'
import createSagaMiddleware, { type SagaMiddlewareOptions } from '@sagaflow/core'
import { call, put, race, take, takeLatest } from '@sagaflow/core/effects'
import { bookTrip, type Trip, type TripRequest } from './booking.js'

export type BookingStatus = 'booking' | 'confirmed' | 'failed' | 'cancelled'

export interface Booking {
  readonly id: string
  readonly status: BookingStatus
  readonly detail?: string
}

export const bookings = createSlice({
  name: 'bookings',
  initialState: {} as Record<string, Booking>,
  reducers: {
    requested: (state, action: PayloadAction<{ id: string; trip: TripRequest }>) => {
      state[action.payload.id] = { id: action.payload.id, status: 'booking' }
    },
    cancelRequested: (_state, _action: PayloadAction<{ id: string }>) => {},
    confirmed: (state, action: PayloadAction<{ id: string; trip: Trip }>) => {
      const { flight, hotel, car, payment } = action.payload.trip
      state[action.payload.id] = { id: action.payload.id, status: 'confirmed', detail: `${flight.id} ${hotel.id} ${car.id} ${payment.id}` }
    },
    failed: (state, action: PayloadAction<{ id: string; reason: string }>) => {
      state[action.payload.id] = { id: action.payload.id, status: 'failed', detail: action.payload.reason }
    },
    cancelled: (state, action: PayloadAction<{ id: string }>) => {
      state[action.payload.id] = { id: action.payload.id, status: 'cancelled', detail: 'cancelled by the traveller' }
    },
  },
})

/** Books one trip; a matching `cancelRequested` wins the race and cancels the transaction, which undoes itself. */
export function* bookingWorker(action: ReturnType<typeof bookings.actions.requested>) {
  const { id, trip } = action.payload
  try {
    const outcome = yield* race({
      trip: call(bookTrip, trip),
      cancel: take((a: any) => bookings.actions.cancelRequested.match(a) && a.payload.id === id),
    })
    if (outcome.trip) yield* put(bookings.actions.confirmed({ id, trip: outcome.trip }))
    else yield* put(bookings.actions.cancelled({ id }))
  } catch (error) {
    const reason = error instanceof TransactionAbortedError ? `${String(error.cause)}; undone: ${error.compensated.join(', ')}` : String(error)
    yield* put(bookings.actions.failed({ id, reason }))
  }
}

export function* bookingsSaga() {
  yield* takeLatest(bookings.actions.requested.type, bookingWorker)
}

export function createBookingStore(options: SagaMiddlewareOptions = {}) {
  const sagaMiddleware = createSagaMiddleware(options)
  const store = configureStore({
    reducer: { bookings: bookings.reducer },
    middleware: (getDefaultMiddleware) => getDefaultMiddleware().concat(sagaMiddleware),
  })
  const task = sagaMiddleware.run(bookingsSaga)
  return { store, task }
}
