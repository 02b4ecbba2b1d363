// What the tracer (and sagaStack) call the tasks a transaction runs: named after the transaction
// and its steps, not after the package's own generators (runTransaction, runStep, invoke, finish).
import { describe, expect, it } from 'vitest'
import { defineStep, transaction } from '@sagaflow/compensation'
import { createTracer, type TracedTask } from '@sagaflow/core'
import { tripSteps } from './fixtures.js'
import { run, track } from './support.js'

/** `name` of each task, indented by depth, in start order. */
function outline(tasks: readonly TracedTask[]): string[] {
  const depth = new Map<number, number>()
  return tasks.map((task) => {
    const d = task.parentId === null ? 0 : (depth.get(task.parentId) ?? 0) + 1
    depth.set(task.id, d)
    return `${'  '.repeat(d)}${task.name} ${task.status}`
  })
}

describe('task names of a transaction', () => {
  it('names the transaction, its body, each step and attempt, and each compensation of the rollback', async () => {
    const log = track()
    const steps = tripSteps(log, { fail: (step) => step === 'payment' })
    let calls = 0
    const flaky = defineStep('seat', {
      run: () => {
        if (++calls === 1) throw new Error('busy')
        return 'seat 12A'
      },
      retry: { maxAttempts: 2 },
    })
    const tracer = createTracer()
    await run(
      function* book() {
        yield* transaction('trip', function* (tx) {
          yield* tx.run(steps.flight, 'CDG')
          yield* tx.run(flaky, undefined)
          yield* tx.run(steps.payment, 100)
        })
      },
      { sagaMonitor: tracer },
    )
    expect(outline(tracer.toJSON().tasks)).toEqual([
      'book failed',
      '  transaction(trip) failed',
      '    body failed',
      '      step(flight) done',
      '        attempt 1 done',
      '          run done',
      '      step(seat) done',
      '        attempt 1 failed',
      '        attempt 2 done',
      '      step(payment) failed',
      '        attempt 1 failed',
      '          run failed',
      '    rollback(trip) done',
      '      compensate(flight) done',
    ])
    expect(log.entries).toEqual(['do flight', 'undo flight'])
  })

  it('keeps the name of a named body, and names a commit and a pivot', async () => {
    const steps = tripSteps(track())
    const tracer = createTracer()
    await run(
      function* book() {
        yield* transaction('trip', function* reserve(tx) {
          yield* tx.run(steps.flight, 'CDG')
          yield* tx.pivot(steps.payment, 100)
        })
      },
      { sagaMonitor: tracer },
    )
    const names = tracer.toJSON().tasks.map((task) => task.name)
    expect(names).toEqual(['book', 'transaction(trip)', 'reserve', 'step(flight)', 'attempt 1', 'run', 'pivot(payment)', 'attempt 1', 'run', 'commit(trip)'])
  })
})
