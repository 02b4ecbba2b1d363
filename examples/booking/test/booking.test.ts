// The travel booking (issue #5): failing at each step undoes exactly the reservations made so
// far, in reverse order; cancelling midway does too; after the payment, tickets are retried
// and a stuck booking is finished by recover.
import { describe, expect, it } from 'vitest'
import { VirtualClock, type Clock } from '@sagaflow/cancellation'
import { memoryJournal, recover, TransactionAbortedError, TransactionStuckError, type JournalRecord } from '@sagaflow/compensation'
import { cancel, delay, fork, halt, runSaga, type Task } from '@sagaflow/core'
import { bookingSteps, bookTrip, createTravelApi, exampleTrip, TRAVEL_API, type Operation, type TravelApi } from '../src/booking.js'

/** A VirtualClock that knows its next timer, so the test can run the booking to its end at once. */
class TestClock implements Clock {
  readonly virtual = new VirtualClock()
  private readonly due = new Map<unknown, number>()
  now = () => this.virtual.now()
  setTimeout(callback: () => void, ms: number): unknown {
    const handle: unknown = this.virtual.setTimeout(() => {
      this.due.delete(handle)
      callback()
    }, ms)
    this.due.set(handle, this.virtual.now() + ms)
    return handle
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle)
    this.virtual.clearTimeout(handle)
  }
  async runToEnd(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      await new Promise((resolve) => setImmediate(resolve))
      const next = Math.min(...this.due.values())
      if (next === Infinity) return
      this.virtual.advanceTo(Math.max(next, this.virtual.now()))
    }
  }
}

const latencyMs: Partial<Record<Operation, number>> = { reserveFlight: 30, reserveHotel: 40, reserveCar: 20, chargePayment: 10, issueTickets: 10 }

function setup() {
  const clock = new TestClock()
  const api = createTravelApi({ clock, latencyMs })
  const journal = memoryJournal()
  const run = <R>(saga: () => Generator<any, R, any>) => runSaga({ clock, context: { [TRAVEL_API]: api }, onError: () => {} }, saga)
  return { clock, api, journal, run }
}

async function book(failAt?: Operation, times = 1) {
  const { clock, api, journal, run } = setup()
  if (failAt) api.failNext(failAt, times)
  const task = run(() => bookTrip(exampleTrip, { journal }))
  await clock.runToEnd()
  return { task, api, journal, clock }
}

const undos = (api: TravelApi) => api.log.filter((entry) => entry.startsWith('cancel'))

describe('bookTrip', () => {
  it('books flight, hotel and car, charges the payment and issues the tickets', async () => {
    const { task, api } = await book()
    expect(task.result()).toMatchObject({ flight: { id: 'F1' }, hotel: { id: 'H3' }, car: { id: 'C2' }, payment: { amountCents: 189_000 }, tickets: { numbers: ['T-F1-1'] } })
    expect(api.log).toEqual(['reserve flight F1', 'reserve car C2', 'reserve hotel H3', 'charge 189000 P4', 'issue tickets F1 Ada Lovelace'])
  })

  it('undoes nothing when the flight cannot be reserved', async () => {
    const { task, api } = await book('reserveFlight', 2) // both attempts fail
    expect(task.error()).toBeInstanceOf(TransactionAbortedError)
    expect(api.log).toEqual([])
  })

  it('retries the flight once before giving up', async () => {
    const { task, api } = await book('reserveFlight', 1)
    expect(task.isAborted()).toBe(false)
    expect(api.log[0]).toBe('reserve flight F1')
  })

  it('cancels the car and the flight when the hotel fails', async () => {
    const { task, api } = await book('reserveHotel')
    expect((task.error() as TransactionAbortedError).compensated).toEqual(['reserve-car', 'reserve-flight'])
    expect(undos(api)).toEqual(['cancel car C2', 'cancel flight F1'])
    expect(api.active()).toEqual([])
  })

  it('cancels the flight when the car fails, and never makes the hotel reservation that was in flight', async () => {
    const { task, api } = await book('reserveCar')
    expect((task.error() as TransactionAbortedError).compensated).toEqual(['reserve-flight'])
    expect(api.log).toEqual(['reserve flight F1', 'cancel flight F1'])
    expect(api.active()).toEqual([])
  })

  it('cancels car, hotel and flight, in reverse order of start, when the payment fails', async () => {
    const { task, api } = await book('chargePayment', 3)
    expect((task.error() as TransactionAbortedError).cause).toBeInstanceOf(Error)
    expect(undos(api)).toEqual(['cancel car C2', 'cancel hotel H3', 'cancel flight F1'])
    expect(api.active()).toEqual([])
  })

  it('retries the tickets after the payment and never undoes the booking', async () => {
    const { task, api } = await book('issueTickets', 2)
    expect(task.isAborted()).toBe(false)
    expect(undos(api)).toEqual([])
    expect(api.log.at(-1)).toBe('issue tickets F1 Ada Lovelace')
  })

  it('is stuck when the tickets keep failing, and recover finishes it once the API is back', async () => {
    const { task, api, journal, clock } = await book('issueTickets', 4)
    expect(task.error()).toBeInstanceOf(TransactionStuckError)
    expect(undos(api)).toEqual([])
    const recovering = recover({ journal, steps: bookingSteps, clock, context: { [TRAVEL_API]: api } })
    await clock.runToEnd()
    const summary = await recovering
    expect(summary.transactions).toEqual([{ id: expect.any(String), name: 'book-trip', outcome: 'committed', compensated: [] }])
    expect(api.log.at(-1)).toBe('issue tickets F1 Ada Lovelace')
    expect(api.log.filter((entry) => entry.startsWith('charge'))).toHaveLength(1)
  })

  it('undoes what was booked when it is cancelled midway, and halt waits for the undo', async () => {
    const { clock, api, run } = setup()
    const seen: string[][] = []
    const task = run(function* () {
      const booking: Task = yield* fork(bookTrip, exampleTrip)
      yield* delay(55) // flight (done at 30) and car (50) done, hotel (70) in flight
      yield* halt(booking)
      seen.push([...api.log])
    })
    await clock.runToEnd()
    expect(task.isRunning()).toBe(false)
    expect(api.log).toEqual(['reserve flight F1', 'reserve car C2', 'cancel car C2', 'cancel flight F1'])
    expect(seen).toEqual([api.log])
    expect(api.active()).toEqual([])
  })

  it('undoes what was booked when its task is cancelled with cancel()', async () => {
    const { clock, api, run } = setup()
    run(function* () {
      const booking: Task = yield* fork(bookTrip, exampleTrip)
      yield* delay(35) // flight done, hotel and car in flight
      yield* cancel(booking)
    })
    await clock.runToEnd()
    expect(api.log).toEqual(['reserve flight F1', 'cancel flight F1'])
  })

  it('is rolled back by recover after its process died between the reservations and the payment', async () => {
    const { clock, api, run } = setup()
    // A journal whose process "dies" once the parallel group is recorded: later records are lost
    // and the saga never gets past them.
    const journal = memoryJournal()
    let dead = false
    const dying = {
      ...journal,
      append: (record: JournalRecord) => {
        if (dead) return new Promise<void>(() => {})
        if (record.kind === 'step:completed' && record.step === 'reserve-hotel') dead = true
        return journal.append(record)
      },
    }
    run(() => bookTrip(exampleTrip, { journal: dying }))
    await clock.runToEnd()
    expect(api.log).toEqual(['reserve flight F1', 'reserve car C2', 'reserve hotel H3'])
    // A new process: a copy of what was written, the same (remote) travel API.
    const recovering = recover({ journal: memoryJournal(journal.records()), steps: bookingSteps, clock, context: { [TRAVEL_API]: api } })
    await clock.runToEnd()
    expect((await recovering).transactions[0]).toMatchObject({ outcome: 'rolled-back', compensated: ['reserve-car', 'reserve-hotel', 'reserve-flight'] })
    expect(undos(api)).toEqual(['cancel car C2', 'cancel hotel H3', 'cancel flight F1'])
  })
})
