// The three booking runs of the main demo, as a function: `main.ts` prints them, the tests run
// them and open the resulting timeline in a browser.
import { TRANSACTION_OBSERVER, type TransactionEvent } from '@sagaflow/compensation'
import { createTracer, type Tracer } from '@sagaflow/core'
import { createTravelApi, exampleTrip, TRAVEL_API } from './booking.js'
import { bookings, createBookingStore } from './store.js'

function eventLine(event: TransactionEvent): string | undefined {
  switch (event.type) {
    case 'step:started':
      return `  ▸ ${event.step}`
    case 'step:completed':
      return `  ✓ ${event.step}`
    case 'step:failed':
      return `  ✗ ${event.step}: ${String((event as { error?: unknown }).error)}${(event as { willRetry?: boolean }).willRetry ? ' (retrying)' : ''}`
    case 'compensation:started':
      return `  ↶ undo ${event.step}`
    case 'compensation:completed':
      return `  ↶ undone ${event.step}`
    case 'compensation:failed':
      return `  ✗ undo ${event.step} failed`
    case 'committed':
      return '  ● committed'
    case 'rolled-back':
      return '  ○ rolled back'
    default:
      return undefined
  }
}

export interface DemoResult {
  readonly tracer: Tracer
  readonly statuses: Record<string, string | undefined>
}

/** Runs the three bookings (commit, payment failure, cancellation), reporting through `print`. */
export async function runDemo(print: (line: string) => void = console.log): Promise<DemoResult> {
  const started = Date.now()
  const say = (line: string) => print(`${String(Date.now() - started).padStart(5)} ms  ${line}`)
  const api = createTravelApi({ latencyMs: { reserveFlight: 40, reserveHotel: 60, reserveCar: 30, chargePayment: 20, issueTickets: 20 } })
  const tracer = createTracer()
  let transactionsDone = 0
  const { store, task } = createBookingStore({
    sagaMonitor: tracer,
    context: {
      [TRAVEL_API]: api,
      [TRANSACTION_OBSERVER]: (event: TransactionEvent) => {
        const line = eventLine(event)
        if (line) say(line)
        if (event.type === 'committed' || event.type === 'rolled-back') transactionsDone++
      },
    },
  })

  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 10_000
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`demo: timed out waiting for ${what}`)
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
  }

  const statusOf = (id: string) => store.getState().bookings[id]?.status

  async function run(id: string, title: string, act: (logFrom: number) => Promise<void> | void): Promise<void> {
    print(`\n── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`)
    const before = transactionsDone
    const heldBefore = new Set(api.active())
    const logFrom = api.log.length
    store.dispatch(bookings.actions.requested({ id, trip: exampleTrip }))
    await act(logFrom)
    await until(() => statusOf(id) !== 'booking' && transactionsDone > before, `${id} to finish`)
    const booking = store.getState().bookings[id]!
    say(`${id}: ${booking.status}${booking.detail ? ` (${booking.detail})` : ''}`)
    const held = api.active().filter((reservation) => !heldBefore.has(reservation))
    say(`reservations this run still holds: ${held.length ? held.join(', ') : 'none'}`)
  }

  await run('trip-1', 'Run 1: everything succeeds', () => {})

  await run('trip-2', 'Run 2: the payment fails, the reservations are undone in reverse', () => {
    api.failNext('chargePayment', 3) // the step retries twice, then gives up
  })

  await run('trip-3', 'Run 3: the traveller cancels while the hotel is being reserved', async (logFrom) => {
    await until(() => api.log.slice(logFrom).some((entry) => entry.startsWith('reserve car')), 'the car reservation')
    say('traveller: cancel trip-3')
    store.dispatch(bookings.actions.cancelRequested({ id: 'trip-3' }))
  })

  print('\n── Task tree ' + '─'.repeat(50))
  print(tracer.tree())
  task.cancel()
  return { tracer, statuses: Object.fromEntries(['trip-1', 'trip-2', 'trip-3'].map((id) => [id, statusOf(id)])) }
}
