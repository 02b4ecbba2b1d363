// Steps and helpers for the PostgreSQL journal tests: an order whose steps log `do X` / `undo X`
// (with the idempotency key, so a repeated undo is visible), and a gate to hold a step mid-way.
import { defineStep, transaction, type Journal, type JournalRecord } from '@sagaflow/compensation'
import { runSaga, type Task } from '@sagaflow/core'

export interface Gate {
  /** A promise that resolves when the gate opens. */
  readonly passed: Promise<void>
  /** True once something waits at the gate. */
  readonly reached: Promise<void>
  wait(): Promise<void>
  open(): void
}

/** A gate: `await gate.wait()` in a step holds it until `gate.open()`; `await gate.reached` waits for the step to arrive. */
export function gate(): Gate {
  let open!: () => void
  let arrive!: () => void
  const passed = new Promise<void>((resolve) => (open = resolve))
  const reached = new Promise<void>((resolve) => (arrive = resolve))
  return {
    passed,
    reached,
    wait() {
      arrive()
      return passed
    },
    open,
  }
}

export type Log = ((entry: string) => void) & { entries: string[] }

/**
 * The order steps: `reserve` and `ship` (compensable), `charge` (compensable). `hold` maps a
 * step name (or `undo <name>`) to a gate it waits at; `fail` names a step that throws.
 */
export function orderSteps(log: Log, options: { hold?: Record<string, Gate>; fail?: string } = {}) {
  const make = (name: string) =>
    defineStep(name, {
      run: async (input: { order: number }) => {
        await options.hold?.[name]?.wait()
        if (options.fail === name) throw new Error(`${name} failed`)
        log(`do ${name} ${input.order}`)
        return { ref: `${name}-${input.order}` }
      },
      compensate: async (result: { ref: string }) => {
        await options.hold?.[`undo ${name}`]?.wait()
        log(`undo ${result.ref}`)
      },
    })
  return { reserve: make('reserve'), charge: make('charge'), ship: make('ship') }
}

export type OrderSteps = ReturnType<typeof orderSteps>

/** Runs the order transaction (reserve, charge, ship) for `order` on the system clock. */
export function runOrder(journal: Journal, steps: OrderSteps, order: number, options: { id?: string; workerId?: string } = {}): Task<unknown> {
  return runSaga({ onError: () => {} }, function* () {
    return yield* transaction(
      'order',
      function* (tx) {
        yield* tx.run(steps.reserve, { order })
        yield* tx.run(steps.charge, { order })
        yield* tx.run(steps.ship, { order })
        return order
      },
      { journal, ...options },
    )
  })
}

/** The outcome of a task as a value: `{ ok: true, value }` or `{ ok: false, error }`. */
export function settled<T>(task: Task<T>): Promise<{ ok: true; value: T } | { ok: false; error: any }> {
  return task.toPromise().then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  )
}

/** `kind step` of each record: what a reader compares. */
export const kinds = (records: readonly JournalRecord[]) => records.map((r) => (r.step === undefined ? r.kind : `${r.kind} ${r.step}`))

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** Polls `check` every 10 ms until it holds (or fails after `ms`). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`)
    await sleep(10)
  }
}
