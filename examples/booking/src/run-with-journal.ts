// The booking on a durable journal shared by workers (issue #10):
//
//   pnpm --filter @sagaflow/example-booking exec tsx src/run-with-journal.ts --journal postgres://user@host:5432/db
//   pnpm --filter @sagaflow/example-booking exec tsx src/run-with-journal.ts --journal ./out/journal.jsonl
//
// Worker "a" books three trips on the journal: one commits, one whose payment is refused is
// rolled back, and during the third worker "a" dies (it stops mid-way and never comes back).
// Worker "b", whose recovery worker polls the same journal, claims the dead worker's
// transaction once its lease expires and undoes its reservations. With a PostgreSQL URL the
// journal is `postgresJournal` (the workers could be on different machines); with a file path it
// is `fileJournal`, for one process at a time, so "b" runs `recover` once "a" is gone.
import { pathToFileURL } from 'node:url'
import { recover, TRANSACTION_OBSERVER, type Journal, type TransactionEvent } from '@sagaflow/compensation'
import { fileJournal } from '@sagaflow/compensation/node'
import { postgresJournal, startRecoveryWorker } from '@sagaflow/compensation/postgres'
import { runSaga } from '@sagaflow/core'
import { bookingSteps, bookTrip, createTravelApi, exampleTrip, TRAVEL_API, type TravelApi } from './booking.js'

/** What the demo did: each trip's outcome, and the travel API's log and open reservations at the end. */
export interface JournalDemoResult {
  readonly outcomes: readonly string[]
  readonly recovered: readonly { readonly id: string; readonly outcome: string; readonly compensated: readonly string[] }[]
  readonly apiLog: readonly string[]
  readonly active: readonly string[]
}

/** Runs the demo on the journal at `target` (a `postgres://` URL or a file path); `say` prints a line. */
export async function runWithJournal(target: string, say: (line: string) => void = console.log): Promise<JournalDemoResult> {
  const postgres = /^postgres(ql)?:\/\//.test(target)
  const leaseMs = 1_000
  // Both workers reach the same travel API (it is in memory, so they share this process).
  const api = createTravelApi({ latencyMs: { reserveFlight: 40, reserveHotel: 60, reserveCar: 30, chargePayment: 20, issueTickets: 20 } })
  const observe = (worker: string) => (event: TransactionEvent) => {
    if (event.type === 'step:completed' || event.type === 'compensation:completed' || event.type === 'committed' || event.type === 'rolled-back') {
      say(`  [${worker}] ${event.type}${'step' in event && event.step ? ` ${event.step}` : ''} (${event.transactionId.slice(0, 8)})`)
    }
  }
  const context = (worker: string) => ({ [TRAVEL_API]: api, [TRANSACTION_OBSERVER]: observe(worker) })

  const journalA: Journal & { close(): Promise<void> } = postgres
    ? postgresJournal({ connectionString: target }, { workerId: 'a', leaseMs })
    : fileJournal(target)
  const book = (label: string, journal: Journal) =>
    runSaga({ context: context('a'), onError: () => {} }, bookTrip, exampleTrip, { journal })
      .toPromise()
      .then(
        () => `${label}: committed`,
        (error: Error) => `${label}: ${error.name} (${error.message})`,
      )

  const outcomes: string[] = []
  say(`worker a: booking on ${postgres ? 'PostgreSQL' : `the file ${target}`}`)
  outcomes.push(await book('trip 1', journalA))
  say(outcomes.at(-1)!)
  api.failNext('chargePayment', 3)
  outcomes.push(await book('trip 2 (payment refused)', journalA))
  say(outcomes.at(-1)!)

  // Trip 3: worker a dies while the hotel and the car are being reserved: those calls never
  // answer, it stops renewing its lease and never writes again. Its saga stays suspended
  // forever, as in a process that was killed.
  say('trip 3: worker a dies while reserving the hotel and the car')
  const hang = hangCalls(api, ['reserveHotel', 'reserveCar'])
  void book('trip 3', journalA)
  await hang.reached
  await journalA.close()

  const recovered: JournalDemoResult['recovered'][number][] = []
  const report = (transactions: readonly { id: string; outcome: string; compensated: readonly string[] }[]) => {
    for (const { id, outcome, compensated } of transactions) {
      recovered.push({ id, outcome, compensated })
      say(`worker b recovered ${id.slice(0, 8)}: ${outcome}, undid ${compensated.join(', ') || 'nothing'}`)
    }
  }
  if (postgres) {
    const journalB = postgresJournal({ connectionString: target }, { workerId: 'b', leaseMs })
    say(`worker b: polling for transactions whose lease (${leaseMs} ms) expired`)
    let done!: () => void
    const found = new Promise<void>((resolve) => (done = resolve))
    const worker = startRecoveryWorker({
      journal: journalB,
      steps: bookingSteps,
      context: context('b'),
      pollMs: 200,
      onRecovered: ({ transactions }) => {
        report(transactions)
        done()
      },
    })
    await found
    await worker.stop()
    await journalB.close()
  } else {
    const journalB = fileJournal(target)
    report((await recover({ journal: journalB, steps: bookingSteps, context: context('b') })).transactions)
    await journalB.close()
  }
  hang.release()
  say(`travel API: ${api.log.join('; ')}`)
  say(`open reservations: ${api.active().join(', ') || 'none'}`)
  return { outcomes, recovered, apiLog: [...api.log], active: api.active() }
}

/** Makes the next call of each operation never answer; `reached` resolves once all were called. */
function hangCalls(api: TravelApi, operations: readonly ('reserveHotel' | 'reserveCar')[]): { reached: Promise<void>; release(): void } {
  const calls = api as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  const originals = operations.map((operation) => [operation, calls[operation]!] as const)
  let waiting = operations.length
  let arrived!: () => void
  const reached = new Promise<void>((resolve) => (arrived = resolve))
  for (const [operation, original] of originals) {
    calls[operation] = () => {
      calls[operation] = original
      if (--waiting === 0) arrived()
      return new Promise(() => {})
    }
  }
  return { reached, release: () => originals.forEach(([operation, original]) => (calls[operation] = original)) }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2)
  const at = argv.indexOf('--journal')
  const target = at >= 0 ? argv[at + 1] : undefined
  if (!target) {
    console.error('usage: tsx src/run-with-journal.ts --journal postgres://user@host:5432/db | --journal ./out/journal.jsonl')
    process.exit(2)
  }
  runWithJournal(target).then(
    () => process.exit(0), // trip 3's saga of the "dead" worker a is still suspended: leave it
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
