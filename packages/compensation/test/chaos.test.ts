// Chaos test (issue #5): hundreds of seeded random transactions, with random step failures and
// retries, random compensation failures, parallel groups, nested transactions, pivots and
// random cancellation points (cancel, halt, a lost race, a second cancellation during the undo).
// For every seed: every completed step is undone exactly once (unless its compensation failed
// for good) or the transaction committed / passed its pivot; nothing is ever undone twice; the
// undo order is the reverse of the start order.
import { describe, expect, it } from 'vitest'
import {
  CompensationError,
  defineStep,
  recover,
  transaction,
  TransactionAbortedError,
  TransactionStuckError,
  TRANSACTION_OBSERVER,
  type Step,
  type Transaction,
  type TransactionEvent,
} from '@sagaflow/compensation'
import { cancel, delay, fork, halt, join, race, type Task } from '@sagaflow/core'
import { crashingJournal, prng, quiesce, SteppingClock, start } from './support.js'

const SEEDS = 400


interface StepPlan {
  name: string
  ms: number
  /** Per attempt: true = this attempt fails. */
  failures: boolean[]
  maxAttempts: number
  compensable: boolean
  undoMs: number
  undoFailures: boolean[]
  undoAttempts: number
}
type Group =
  | { kind: 'step'; step: StepPlan; pivot: boolean }
  | { kind: 'parallel'; steps: StepPlan[] }
  | { kind: 'nested'; steps: StepPlan[] }
  | { kind: 'throw' }
interface Plan {
  groups: Group[]
  ending: 'join' | 'cancel' | 'halt' | 'race'
  endAt: number
  cancelRootAt: number | undefined
}

function makePlan(seed: number): Plan {
  const rnd = prng(seed)
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))
  let n = 0
  const step = (): StepPlan => {
    const maxAttempts = int(1, 3)
    const undoAttempts = int(1, 2)
    return {
      name: `s${++n}`,
      ms: int(1, 20),
      failures: Array.from({ length: maxAttempts }, () => rnd() < 0.15),
      maxAttempts,
      compensable: rnd() < 0.9,
      undoMs: int(0, 15),
      undoFailures: Array.from({ length: undoAttempts }, () => rnd() < 0.1),
      undoAttempts,
    }
  }
  const groups: Group[] = []
  const count = int(2, 6)
  let pivotPlaced = false
  for (let i = 0; i < count; i++) {
    const r = rnd()
    if (r < 0.2) groups.push({ kind: 'parallel', steps: Array.from({ length: int(2, 3) }, step) })
    else if (r < 0.3) groups.push({ kind: 'nested', steps: Array.from({ length: int(1, 3) }, step) })
    else {
      const pivot: boolean = !pivotPlaced && i > 0 && rnd() < 0.2
      pivotPlaced ||= pivot
      groups.push({ kind: 'step', step: step(), pivot })
    }
  }
  if (rnd() < 0.25) groups.splice(int(0, groups.length), 0, { kind: 'throw' })
  const endings = ['join', 'cancel', 'halt', 'race'] as const
  return {
    groups,
    ending: endings[int(0, 3)]!,
    endAt: int(0, 120),
    cancelRootAt: rnd() < 0.3 ? int(0, 200) : undefined,
  }
}

interface World {
  /** External effects, in order: `do s1`, `undo s1`. */
  effects: string[]
  /** Steps in the order they started (from the observer's step:started events). */
  started: string[]
  haltReturnedWith: string[] | undefined
}

function makeStep(plan: StepPlan, world: World): Step<void, string> {
  return defineStep(plan.name, {
    run: function* (_: void, context) {
      yield* delay(plan.ms)
      if (plan.failures[context.attempt - 1]) throw new Error(`${plan.name} attempt ${context.attempt} failed`)
      world.effects.push(`do ${plan.name}`)
      return plan.name
    },
    compensate: plan.compensable
      ? function* (_result, _input, context) {
          yield* delay(plan.undoMs)
          if (plan.undoFailures[context.attempt - 1]) throw new Error(`undo ${plan.name} attempt ${context.attempt} failed`)
          world.effects.push(`undo ${plan.name}`)
        }
      : undefined,
    retry: { maxAttempts: plan.maxAttempts, delayMs: 3 },
    compensationRetry: { maxAttempts: plan.undoAttempts, delayMs: 2 },
  })
}

function* body(tx: Transaction, plan: Plan, world: World): Generator<any, string, any> {
  for (const group of plan.groups) {
    if (group.kind === 'throw') throw new Error('the body gave up')
    if (group.kind === 'step') {
      const step = makeStep(group.step, world)
      if (group.pivot) yield* tx.pivot(step)
      else yield* tx.run(step)
    } else if (group.kind === 'parallel') {
      yield* tx.all(group.steps.map((s) => tx.run(makeStep(s, world))))
    } else {
      yield* transaction(`inner-${group.steps[0]!.name}`, function* (inner) {
        for (const s of group.steps) yield* inner.run(makeStep(s, world))
      })
    }
  }
  return 'committed'
}

interface Result {
  outcome: 'committed' | 'aborted' | 'compensation-error' | 'stuck' | 'cancelled'
  pivoted: boolean
}

async function runSeed(seed: number): Promise<{ plan: Plan; world: World; result: Result }> {
  const plan = makePlan(seed)
  const world: World = { effects: [], started: [], haltReturnedWith: undefined }
  let pivoted = false
  let result: Result['outcome'] = 'cancelled'
  const observer = (event: TransactionEvent) => {
    if (event.type === 'step:started' && !event.step.startsWith('inner-')) world.started.push(event.step)
    if (event.type === 'step:completed' && plan.groups.some((g) => g.kind === 'step' && g.pivot && g.step.name === event.step)) pivoted = true
  }
  function* owner(): Generator<any, void, any> {
    const run = transaction('chaos', (tx) => body(tx, plan, world))
    try {
      if (plan.ending === 'race') {
        const winner = yield* race({ done: run, timeout: delay(plan.endAt) })
        if (!('done' in winner)) return
      } else {
        yield* run
      }
      result = 'committed'
    } catch (error) {
      result =
        error instanceof TransactionStuckError
          ? 'stuck'
          : error instanceof CompensationError
            ? 'compensation-error'
            : error instanceof TransactionAbortedError
              ? 'aborted'
              : (() => {
                  throw error
                })()
    }
  }
  function* root(): Generator<any, void, any> {
    const task: Task = yield* fork(owner)
    if (plan.ending === 'cancel' || plan.ending === 'halt') {
      yield* race([join(task), delay(plan.endAt)])
      if (plan.ending === 'cancel') yield* cancel(task)
      else {
        yield* halt(task)
        world.haltReturnedWith = [...world.effects]
      }
    }
    yield* join(task)
  }
  const { task, clock } = start(root, { context: { [TRANSACTION_OBSERVER]: observer } })
  if (plan.cancelRootAt !== undefined) {
    const at = plan.cancelRootAt
    clock.setTimeout(() => (task as { cancel(): void }).cancel(), at)
  }
  await quiesce(clock)
  return { plan, world, result: { outcome: result, pivoted } }
}

function allSteps(plan: Plan): StepPlan[] {
  return plan.groups.flatMap((g) => (g.kind === 'step' ? [g.step] : g.kind === 'throw' ? [] : g.steps))
}

describe(`chaos: ${SEEDS} seeded random transactions`, () => {
  it('never undoes a step twice, undoes every completed step or none, in reverse order of start', async () => {
    const outcomes: Record<string, number> = {}
    for (let seed = 1; seed <= SEEDS; seed++) {
      const { plan, world, result } = await runSeed(seed)
      const where = `seed ${seed}: ${JSON.stringify({ ending: plan.ending, endAt: plan.endAt, result, effects: world.effects })}`
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1
      const byName = new Map(allSteps(plan).map((s) => [s.name, s]))
      const done = world.effects.filter((e) => e.startsWith('do ')).map((e) => e.slice(3))
      const undone = world.effects.filter((e) => e.startsWith('undo ')).map((e) => e.slice(5))

      // Never twice, and only what was done.
      expect(new Set(undone).size, where).toBe(undone.length)
      for (const name of undone) expect(done, where).toContain(name)
      // Every undo comes after every do of the transaction (no undo while steps still run).
      const firstUndo = world.effects.findIndex((e) => e.startsWith('undo '))
      if (firstUndo >= 0) expect(world.effects.slice(firstUndo).every((e) => e.startsWith('undo ')), where).toBe(true)

      if (result.outcome === 'committed' || result.pivoted) {
        expect(undone, where).toEqual([])
      } else {
        // Rolled back (by an error or a cancellation): each completed step with a compensation is
        // undone once, unless its compensation failed on every attempt.
        const expected = done.filter((name) => {
          const s = byName.get(name)!
          return s.compensable && !s.undoFailures.every(Boolean)
        })
        expect([...undone].sort(), where).toEqual([...expected].sort())
        if (result.outcome === 'aborted') expect(expected.length, where).toBe(done.filter((n) => byName.get(n)!.compensable).length)
        // Reverse order of start.
        const startOrder = (name: string) => world.started.indexOf(name)
        const sorted = [...undone].sort((a, b) => startOrder(b) - startOrder(a))
        expect(undone, where).toEqual(sorted)
      }
      if (world.haltReturnedWith) expect(world.haltReturnedWith, `${where}: halt returned before the undo ended`).toEqual(world.effects)
    }
    // The seeds cover every way a transaction can end.
    expect(Object.keys(outcomes).sort()).toEqual(['aborted', 'cancelled', 'committed', 'compensation-error', 'stuck'])
  }, 120_000)
})

const CRASH_SEEDS = 200

/**
 * The same random transactions (without nesting), on a journal that crashes after a random
 * number of records; then `recover`, itself crashing after a random number of records, until a
 * recovery completes. The travel API is idempotent (by idempotency key), as the docs require.
 */
async function crashSeed(seed: number) {
  const plan = makePlan(seed)
  plan.groups = plan.groups.map((g) => (g.kind === 'nested' ? { kind: 'parallel', steps: g.steps.length > 1 ? g.steps : [...g.steps, ...g.steps.map((s) => ({ ...s, name: `${s.name}b` }))] } : g))
  const rnd = prng(seed * 7919)
  const applied = new Set<string>()
  const effects: string[] = []
  const started: string[] = []
  const definitions = new Map<string, Step<void, string>>()
  const stepOf = (p: StepPlan): Step<void, string> => {
    let step = definitions.get(p.name)
    if (!step) {
      step = defineStep(p.name, {
        run: function* (_: void, context) {
          yield* delay(p.ms)
          if (p.failures[context.attempt - 1]) throw new Error(`${p.name} failed`)
          if (!applied.has(`do ${context.idempotencyKey}`)) {
            applied.add(`do ${context.idempotencyKey}`)
            effects.push(`do ${p.name}`)
          }
          return p.name
        },
        compensate: p.compensable
          ? function* (_result, _input, context) {
              yield* delay(p.undoMs)
              if (p.undoFailures[context.attempt - 1]) throw new Error(`undo ${p.name} failed`)
              if (!applied.has(`undo ${context.idempotencyKey}`)) {
                applied.add(`undo ${context.idempotencyKey}`)
                effects.push(`undo ${p.name}`)
              }
            }
          : undefined,
        retry: { maxAttempts: p.maxAttempts, delayMs: 3 },
        compensationRetry: { maxAttempts: p.undoAttempts, delayMs: 2 },
      })
      definitions.set(p.name, step)
    }
    return step
  }
  const observer = (event: TransactionEvent) => {
    if (event.type === 'step:started') started.push(event.step)
  }
  function* crashBody(tx: Transaction): Generator<any, string, any> {
    for (const group of plan.groups) {
      if (group.kind === 'throw') throw new Error('the body gave up')
      if (group.kind === 'step') yield* group.pivot ? tx.pivot(stepOf(group.step)) : tx.run(stepOf(group.step))
      else if (group.kind === 'parallel') yield* tx.all(group.steps.map((s) => tx.run(stepOf(s))))
    }
    return 'committed'
  }
  let journal = crashingJournal(Math.floor(rnd() * 30))
  const { clock } = start(
    function* () {
      try {
        yield* transaction('chaos', crashBody, { journal })
      } catch {
        // its outcome is in the journal
      }
    },
    { context: { [TRANSACTION_OBSERVER]: observer } },
  )
  await quiesce(clock)
  const steps = allSteps(plan).map(stepOf)
  let rounds = 0
  while (journal.crashed && rounds++ < 20) {
    journal = crashingJournal(Math.floor(rnd() * 8), journal.records())
    const c = new SteppingClock()
    void recover({ journal, steps, clock: c })
    await quiesce(c)
  }
  const records = journal.records()
  return { plan, effects, started, records, rounds }
}

describe(`chaos: ${CRASH_SEEDS} seeded random crashes and recoveries`, () => {
  it('undoes exactly the steps whose completion was recorded, once each, in reverse, unless committed or past the pivot', async () => {
    const coverage = { recovered: 0, recoveryCrashed: 0, rolledBack: 0, committed: 0, stuck: 0 }
    for (let seed = 1; seed <= CRASH_SEEDS; seed++) {
      const { plan, effects, started, records, rounds } = await crashSeed(seed)
      if (rounds > 0) coverage.recovered++
      if (rounds > 1) coverage.recoveryCrashed++
      const end = records.at(-1)?.kind
      if (end === 'transaction:rolled-back') coverage.rolledBack++
      if (end === 'transaction:committed') coverage.committed++
      if (end === 'transaction:stuck') coverage.stuck++
      const where = `seed ${seed}: ${JSON.stringify({ effects, records: records.map((r) => `${r.kind} ${r.step ?? ''}`) })}`
      const byName = new Map(allSteps(plan).map((s) => [s.name, s]))
      const kinds = records.map((r) => r.kind)
      if (kinds.length === 0) {
        // Crashed before the transaction was recorded: it never began.
        expect(effects, where).toEqual([])
        continue
      }
      // Finished: a recovery (or the run itself) ended it, unless it is stuck after its pivot.
      const last = kinds.at(-1)
      expect(['transaction:committed', 'transaction:rolled-back', 'transaction:stuck'], where).toContain(last)
      const undone = effects.filter((e) => e.startsWith('undo ')).map((e) => e.slice(5))
      expect(new Set(undone).size, where).toBe(undone.length)
      const pivotPassed = records.some((r) => r.kind === 'step:completed' && plan.groups.some((g) => g.kind === 'step' && g.pivot && g.step.name === r.step))
      if (last === 'transaction:committed' || pivotPassed) {
        expect(undone, where).toEqual([])
        continue
      }
      const recordedDone = records.filter((r) => r.kind === 'step:completed').map((r) => r.step!)
      const expected = recordedDone.filter((name) => byName.get(name)!.compensable && !byName.get(name)!.undoFailures.every(Boolean))
      expect([...undone].sort(), where).toEqual([...expected].sort())
      const order = (name: string) => started.indexOf(name)
      expect(undone, where).toEqual([...undone].sort((a, b) => order(b) - order(a)))
    }
    // The seeds cover recoveries, recoveries that crashed themselves, and every ending.
    expect(coverage.recovered).toBeGreaterThan(50)
    expect(coverage.recoveryCrashed).toBeGreaterThan(20)
    expect(Math.min(coverage.rolledBack, coverage.committed, coverage.stuck)).toBeGreaterThan(0)
  }, 120_000)
})
