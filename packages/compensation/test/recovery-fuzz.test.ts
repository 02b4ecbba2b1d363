// Crash/recovery property test: seeded random transaction programs (steps with compensations,
// tx.all, tx.race with multi-step branches, nested transactions, a pivot or none, steps after the
// pivot, retries, steps failing at random attempts, a body that catches a failure and goes on, a
// cancellation of the transaction's task at a random time). Each program runs once to count its
// records, then once per record index k on a journal that "dies" after k records (later appends
// never resolve and the clock stops: the process is gone). `recover` then runs on what was
// written, itself killed at a few points and run again, until one recovery completes. The
// invariants are checked on the final journal and on the calls the fake, idempotent API saw.
//
// CHAOS_SEEDS=2000 npx vitest run packages/compensation/test/recovery-fuzz.test.ts runs more seeds;
// CHAOS_SEED_FROM=5001 starts at another seed (to shard a long run); RECOVERY_FUZZ_SEED=123 runs one seed (to debug a failure).
import { describe, expect, it } from 'vitest'
import { defineStep, memoryJournal, recover, transaction, type JournalRecord, type RecoverySummary, type Step, type Transaction } from '@sagaflow/compensation'
import { call, cancel, delay, fork, join, race, type Task } from '@sagaflow/core'
import { crashingJournal, prng, settle, SteppingClock, start } from './support.js'

const SEEDS = Number(process.env.CHAOS_SEEDS ?? 60)
const FROM = Number(process.env.CHAOS_SEED_FROM ?? 1)
const ONLY = process.env.RECOVERY_FUZZ_SEED === undefined ? undefined : Number(process.env.RECOVERY_FUZZ_SEED)


interface StepPlan {
  name: string
  ms: number
  /** Per attempt: true = this attempt fails (the same in every process: attempts restart at 1). */
  failures: boolean[]
  compensable: boolean
  undoMs: number
  /** The compensation fails on its first attempt (and succeeds on the retry). */
  undoFlaky: boolean
  /** The compensation always fails. */
  undoBroken: boolean
}
type Op =
  | { kind: 'step'; step: StepPlan }
  | { kind: 'pivot'; step: StepPlan }
  | { kind: 'all'; steps: StepPlan[] }
  | { kind: 'race'; branches: StepPlan[][] }
  | { kind: 'nested'; name: string; steps: StepPlan[]; pivot: boolean }
  | { kind: 'try'; op: Op }
  | { kind: 'throw' }
interface Program {
  ops: Op[]
  /** Virtual ms at which the transaction's task is cancelled (set from `cancelWhen` once the run's length is known). */
  cancelAt: number | undefined
  /** When to cancel, as a fraction of the uncancelled run's virtual duration. */
  cancelWhen: number | undefined
}

function makeProgram(seed: number): Program {
  const rnd = prng(seed)
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))
  let n = 0
  const step = (): StepPlan => {
    const attempts = int(1, 3)
    return {
      name: `s${++n}`,
      ms: int(1, 12),
      failures: Array.from({ length: attempts }, () => rnd() < 0.2),
      compensable: rnd() < 0.85,
      undoMs: int(0, 6),
      undoFlaky: rnd() < 0.15,
      undoBroken: rnd() < 0.03,
    }
  }
  const steps = (lo: number, hi: number) => Array.from({ length: int(lo, hi) }, step)
  let pivot = rnd() < 0.5
  const op = (depth: number): Op => {
    const r = rnd()
    if (r < 0.35) return { kind: 'step', step: step() }
    if (r < 0.5) return { kind: 'all', steps: steps(2, 3) }
    if (r < 0.65) return { kind: 'race', branches: Array.from({ length: int(2, 3) }, () => steps(1, 2)) }
    if (r < 0.78) {
      // Now and then the nested transaction ends with the pivot, which makes the outer one irreversible too.
      const inner = pivot && depth === 0 && rnd() < 0.25
      if (inner) pivot = false
      return { kind: 'nested', name: `n${++n}`, steps: [...steps(1, 2), ...(inner ? [step()] : [])], pivot: inner }
    }
    if (r < 0.92 && depth === 0) return { kind: 'try', op: op(1) }
    if (pivot && depth === 0) {
      pivot = false
      return { kind: 'pivot', step: step() }
    }
    return { kind: 'step', step: step() }
  }
  const ops = Array.from({ length: int(2, 6) }, () => op(0))
  if (pivot) ops.splice(int(0, ops.length), 0, { kind: 'pivot', step: step() })
  if (rnd() < 0.15) ops.splice(int(0, ops.length), 0, { kind: 'throw' })
  return { ops, cancelAt: undefined, cancelWhen: rnd() < 0.4 ? rnd() : undefined }
}

function stepsOf(op: Op): StepPlan[] {
  switch (op.kind) {
    case 'step':
    case 'pivot':
      return [op.step]
    case 'all':
    case 'nested':
      return op.steps
    case 'race':
      return op.branches.flat()
    case 'try':
      return stepsOf(op.op)
    case 'throw':
      return []
  }
}

/** What the outside world saw: every call to a step's run or compensate, in order. */
interface Call {
  what: 'do' | 'undo'
  step: string
  key: string
  recovering: boolean
  /** The phase: 0 for the run, r for the r-th recovery. */
  phase: number
}
interface World {
  calls: Call[]
  /** Keys the idempotent API applied (`do <key>`, `undo <key>`). */
  applied: Set<string>
  phase: number
  /** Virtual time at which the run stopped. */
  ended?: number
}

function makeSteps(program: Program, world: World): Map<string, Step<void, string>> {
  const all = program.ops.flatMap(stepsOf)
  return new Map(
    all.map((p) => [
      p.name,
      defineStep(p.name, {
        run: function* (_: void, context) {
          world.calls.push({ what: 'do', step: p.name, key: context.idempotencyKey, recovering: context.recovering, phase: world.phase })
          yield* delay(p.ms)
          if (p.failures[context.attempt - 1]) throw new Error(`${p.name} attempt ${context.attempt} failed`)
          world.applied.add(`do ${context.idempotencyKey}`)
          return p.name
        },
        compensate: p.compensable
          ? function* (_result, _input, context) {
              world.calls.push({ what: 'undo', step: p.name, key: context.idempotencyKey, recovering: context.recovering, phase: world.phase })
              yield* delay(p.undoMs)
              if (p.undoBroken || (p.undoFlaky && context.attempt === 1)) throw new Error(`undo ${p.name} attempt ${context.attempt} failed`)
              world.applied.add(`undo ${context.idempotencyKey}`)
            }
          : undefined,
        retry: { maxAttempts: p.failures.length, delayMs: 2 },
        compensationRetry: { maxAttempts: 2, delayMs: 1 },
      }),
    ]),
  )
}

function* runOp(tx: Transaction, op: Op, steps: Map<string, Step<void, string>>): Generator<any, void, any> {
  const run = (p: StepPlan) => tx.run(steps.get(p.name)!)
  switch (op.kind) {
    case 'step':
      yield* run(op.step)
      return
    case 'pivot':
      yield* tx.pivot(steps.get(op.step.name)!)
      return
    case 'all':
      yield* tx.all(op.steps.map(run))
      return
    case 'race':
      yield* tx.race(
        op.branches.map((branch) =>
          call(function* () {
            for (const p of branch) yield* run(p)
          }),
        ),
      )
      return
    case 'nested':
      yield* transaction(op.name, function* (inner) {
        for (const [i, p] of op.steps.entries()) yield* (op.pivot && i === op.steps.length - 1 ? inner.pivot(steps.get(p.name)!) : inner.run(steps.get(p.name)!))
      })
      return
    case 'try':
      try {
        yield* runOp(tx, op.op, steps)
      } catch {
        // the body goes on
      }
      return
    case 'throw':
      throw new Error('the body gave up')
  }
}

type Durable = ReturnType<typeof crashingJournal>

/** Runs the clock until nothing is left or the journal died (then the "process" is gone: the clock stops). */
async function runUntilDeath(clock: SteppingClock, journal: { readonly crashed: boolean }): Promise<void> {
  for (let i = 0; i < 100_000; i++) {
    await settle()
    if (journal.crashed) return
    const next = clock.nextDue()
    if (next === undefined) return
    clock.virtual.advanceTo(Math.max(next, clock.now()))
  }
  throw new Error('runUntilDeath: the saga keeps scheduling timers')
}

/** Runs the program on a journal that dies after `durable` records. */
async function runProgram(program: Program, world: World, durable: number): Promise<Durable> {
  const steps = makeSteps(program, world)
  const journal = crashingJournal(durable)
  function* owner(): Generator<any, void, any> {
    try {
      yield* transaction('fuzz', function* (tx) {
        for (const op of program.ops) yield* runOp(tx, op, steps)
        return 'done'
      }, { journal })
    } catch {
      // its outcome is in the journal
    }
  }
  function* root(): Generator<any, void, any> {
    const task: Task = yield* fork(owner)
    if (program.cancelAt !== undefined) {
      yield* race([join(task), delay(program.cancelAt)])
      yield* cancel(task)
    }
    yield* join(task)
  }
  const { clock } = start(root)
  await runUntilDeath(clock, journal)
  world.ended = clock.now()
  return journal
}

interface Trial {
  /** What the run left, before any recovery. */
  crashRecords: readonly JournalRecord[]
  /** The records before each recovery (index r-1 for recovery r). */
  beforeRecovery: (readonly JournalRecord[])[]
  records: readonly JournalRecord[]
  summary: RecoverySummary | undefined
  world: World
}

/** Runs `program` killed after `durable` records, then recovers (killed at `recoveryDeaths`, then to the end). */
async function trial(program: Program, durable: number, recoveryDeaths: number[]): Promise<Trial> {
  const world: World = { calls: [], applied: new Set(), phase: 0 }
  let journal = await runProgram(program, world, durable)
  const crashRecords = journal.records()
  const beforeRecovery: (readonly JournalRecord[])[] = []
  const steps = [...makeSteps(program, world).values()]
  for (const death of recoveryDeaths) {
    if ((await memoryJournal(journal.records()).unfinished()).length === 0) break
    world.phase++
    beforeRecovery.push(journal.records())
    journal = crashingJournal(death, journal.records())
    const clock = new SteppingClock()
    void recover({ journal, steps, clock }).catch(() => {})
    await runUntilDeath(clock, journal)
    if (!journal.crashed) break
  }
  world.phase++
  beforeRecovery.push(journal.records())
  const final = memoryJournal(journal.records())
  const clock = new SteppingClock()
  let summary: RecoverySummary | undefined
  let failure: unknown
  recover({ journal: final, steps, clock }).then(
    (s) => (summary = s),
    (error) => (failure = error),
  )
  await runUntilDeath(clock, { crashed: false })
  if (failure !== undefined) throw failure
  if (summary === undefined) throw new Error('recover() did not finish')
  return { crashRecords, beforeRecovery, records: final.records(), summary, world }
}

const show = (records: readonly JournalRecord[]) =>
  records.map((r) => `${r.transactionId.slice(0, 4)} ${r.kind}${r.step ? ` ${r.step}` : ''}${r.kind === 'step:failed' && r.payload.abandoned ? ' (abandoned)' : ''}`)

/** Checks every invariant on one trial; returns the violations (empty when it holds). */
function violations(program: Program, t: Trial): string[] {
  const out: string[] = []
  const plans = new Map(program.ops.flatMap(stepsOf).map((p) => [p.name, p]))
  const raceSteps = new Set(program.ops.flatMap((op) => (op.kind === 'race' || (op.kind === 'try' && op.op.kind === 'race') ? stepsOf(op) : [])).map((p) => p.name))
  const pivots = new Set(
    program.ops.flatMap((op) => {
      const o = op.kind === 'try' ? op.op : op
      return o.kind === 'pivot' ? [o.step.name] : o.kind === 'nested' && o.pivot ? [o.steps.at(-1)!.name] : []
    }),
  )
  const byTx = new Map<string, JournalRecord[]>()
  for (const r of t.records) {
    let list = byTx.get(r.transactionId)
    if (!list) byTx.set(r.transactionId, (list = []))
    list.push(r)
  }
  const rootId = t.records.find((r) => r.kind === 'transaction:started' && r.payload.parent === undefined)?.transactionId
  if (rootId === undefined) {
    if (t.world.calls.length > 0) out.push('the transaction was never recorded, yet steps were called')
    return out
  }
  const pivoted = t.records.some((r) => r.kind === 'step:completed' && (pivots.has(r.step!) || r.payload.pivot === true))
  const outcome = new Map(t.summary!.transactions.map((s) => [s.id, s]))

  // 1. Every transaction ends terminal (stuck / unrecoverable only past the pivot).
  for (const [id, records] of byTx) {
    if (records.some((r) => r.kind === 'transaction:committed' || r.kind === 'transaction:rolled-back')) continue
    const o = outcome.get(id)?.outcome
    if ((o === 'stuck' || o === 'unrecoverable') && pivoted) continue
    out.push(`transaction ${id.slice(0, 4)} ended ${o ?? 'unfinished'} (pivoted: ${pivoted})`)
  }

  // 2. Exactly-once undo: no more compensation calls than compensation:started records; applied at most once.
  const started = (step: string) => t.records.filter((r) => r.kind === 'compensation:started' && r.step === step).length
  for (const [name] of plans) {
    const calls = t.world.calls.filter((c) => c.what === 'undo' && c.step === name)
    const p = plans.get(name)!
    const attempts = started(name) * (p.undoFlaky || p.undoBroken ? 2 : 1) // a flaky or broken undo makes 2 attempts (compensationRetry)
    if (calls.length > attempts) out.push(`${name}: ${calls.length} compensation calls for ${started(name)} compensation:started`)
    // 8. Stable idempotency keys.
    const keys = new Set(t.world.calls.filter((c) => c.step === name).map((c) => c.key))
    if (keys.size > 1) out.push(`${name}: idempotency keys ${[...keys].join(', ')}`)
  }
  for (const [id, records] of byTx) {
    const startedUndos = records.filter((r) => r.kind === 'compensation:started').map((r) => r.step!)
    const completedSteps = new Set(records.filter((r) => r.kind === 'step:completed').map((r) => r.step!))
    for (const step of startedUndos) if (!completedSteps.has(step)) out.push(`${id.slice(0, 4)}: undo of ${step}, which never completed`)
    // 3. Reverse start order (race steps, undone when their race ends, apart).
    const index = new Map(records.filter((r) => r.kind === 'step:started').map((r) => [r.step!, r.payload.index]))
    const order = [...new Set(startedUndos.filter((s) => !raceSteps.has(s)))]
    for (let i = 1; i < order.length; i++) {
      if (index.get(order[i]!)! > index.get(order[i - 1]!)!) out.push(`${id.slice(0, 4)}: undo order ${order.join(', ')} is not the reverse of the start order`)
    }
  }
  // 3b. A nested transaction is undone as a unit: its undos sit between the outer undo of its step and the next outer undo.
  for (const r of t.records) {
    if (r.kind !== 'transaction:started' || r.payload.parent === undefined) continue
    const { transactionId: parentId, step } = r.payload.parent
    const innerUndos = t.records.map((x, i) => [x, i] as const).filter(([x]) => x.transactionId === r.transactionId && x.kind.startsWith('compensation:'))
    const innerRolledBack = byTx.get(r.transactionId)!.some((x) => x.kind === 'transaction:rolled-back')
    if (innerRolledBack || innerUndos.length === 0) continue
    for (const [, i] of innerUndos) {
      let j = i
      while (j >= 0 && !(t.records[j]!.transactionId === parentId && t.records[j]!.kind === 'compensation:started')) j--
      if (j < 0 || t.records[j]!.step !== step) out.push(`nested ${step}: an undo of its steps outside the outer undo of the unit`)
    }
  }

  // 4/5. Committed: nothing undone (but race losers and nested transactions that rolled back on their own);
  // rolled back (not past the pivot): every completed compensable step undone.
  const rootRecords = byTx.get(rootId)!
  const rootEnd = rootRecords.find((r) => r.kind === 'transaction:committed' || r.kind === 'transaction:rolled-back')?.kind
  const rolledBackAlone = new Set([...byTx].filter(([id, rs]) => id !== rootId && rs.some((x) => x.kind === 'transaction:rolled-back')).map(([id]) => id))
  const undoneSteps = (pred: (r: JournalRecord) => boolean) => t.records.filter((r) => r.kind === 'compensation:started' && pred(r)).map((r) => r.step!)
  if (rootEnd === 'transaction:committed' || pivoted) {
    const wrong = undoneSteps((r) => !raceSteps.has(r.step!) && !rolledBackAlone.has(r.transactionId) )
    if (wrong.length > 0) out.push(`committed or past its pivot, yet undid ${wrong.join(', ')}`)
    // Bug 1 of the audit: a transaction whose rollback had begun never ends committed.
  }
  if (rootEnd === 'transaction:rolled-back' && !pivoted) {
    for (const r of t.records) {
      if (r.kind !== 'step:completed' || !plans.has(r.step!)) continue
      const p = plans.get(r.step!)!
      if (!p.compensable || pivots.has(p.name) || p.undoBroken) continue
      if (!t.world.applied.has(`undo ${r.transactionId}:${p.name}`)) out.push(`rolled back, but ${p.name} (completed) was not undone`)
    }
  }

  // 6/7. Recovery runs forward only what it may: never a step a lost race abandoned, never a
  // completed pivot, never a step before the pivot.
  t.beforeRecovery.forEach((before, r) => {
    const phase = r + 1
    const ran = t.world.calls.filter((c) => c.what === 'do' && c.phase === phase).map((c) => c.step)
    for (const step of new Set(ran)) {
      const recs = before.filter((x) => x.step === step)
      if (recs.some((x) => x.kind === 'step:failed' && x.payload.abandoned)) out.push(`recovery ${phase} ran ${step}, abandoned by a lost race`)
      if (recs.some((x) => x.kind === 'step:completed')) out.push(`recovery ${phase} ran ${step} again, though the journal shows it completed`)
      const rolling = before.some((x) => x.transactionId === recs[0]?.transactionId && x.kind === 'compensation:started' && !raceSteps.has(x.step!))
      if (rolling) out.push(`recovery ${phase} ran ${step} forward in a transaction that was rolling back`)
    }
  })
  return out
}

/** What the trials exercised, so that a generator change that stops covering a case is seen. */
const coverage = { trials: 0, recoveryKilled: 0, abandoned: 0, pivotInDoubt: 0, pivotDone: 0, nestedUnitUndone: 0, cancelled: 0, caught: 0, rolledBack: 0, committed: 0, stuck: 0, compensationFailed: 0, unrecoverable: 0 }

function count(program: Program, t: Trial): void {
  coverage.trials++
  if (t.beforeRecovery.length > 1) coverage.recoveryKilled++
  if (t.crashRecords.some((r) => r.kind === 'step:failed' && r.payload.abandoned)) coverage.abandoned++
  const pivot = t.crashRecords.find((r) => r.kind === 'step:started' && r.payload.pivot)
  if (pivot && !t.crashRecords.some((r) => r.step === pivot.step && r.kind !== 'step:started')) coverage.pivotInDoubt++
  if (pivot && t.crashRecords.some((r) => r.step === pivot.step && r.kind === 'step:completed')) coverage.pivotDone++
  if (t.records.some((r) => r.kind === 'compensation:started' && r.step!.startsWith('n'))) coverage.nestedUnitUndone++
  if (program.cancelAt !== undefined) coverage.cancelled++
  if (program.ops.some((op) => op.kind === 'try')) coverage.caught++
  for (const s of t.summary!.transactions) {
    const key = ({ 'rolled-back': 'rolledBack', committed: 'committed', stuck: 'stuck', 'compensation-failed': 'compensationFailed', unrecoverable: 'unrecoverable' } as const)[s.outcome as 'stuck']
    if (key) coverage[key]++
  }
}

async function checkSeed(seed: number): Promise<{ failures: string[] }> {
  const program = makeProgram(seed)
  if (program.cancelWhen !== undefined) {
    const probe = await trial(program, Number.MAX_SAFE_INTEGER, [])
    program.cancelAt = Math.floor(program.cancelWhen * probe.world.ended!)
  }
  const full = await trial(program, Number.MAX_SAFE_INTEGER, [])
  const total = full.crashRecords.length
  const rnd = prng(seed * 31 + 7)
  const failures: string[] = []
  for (let k = 0; k <= total; k++) {
    const deaths = k < total ? [Math.floor(rnd() * 10), Math.floor(rnd() * 10)] : []
    const t = await trial(program, k, deaths)
    const bad = violations(program, t)
    count(program, t)
    if (bad.length > 0) {
      failures.push(`seed ${seed}, killed after ${k} records, recoveries killed after ${deaths.join('/')}: ${bad.join('; ')}\nprogram: ${JSON.stringify(program)}\nrecords:\n  ${show(t.records).join('\n  ')}`)
      break
    }
  }
  return { failures }
}

describe(`recovery fuzz: ${ONLY === undefined ? SEEDS : 1} seeded programs, killed at every record, recovery killed too`, () => {
  it('ends every transaction, undoes each step once in reverse, never redoes a completed pivot or an abandoned step', async () => {
    const failures: string[] = []
    const seeds = ONLY === undefined ? Array.from({ length: SEEDS }, (_, i) => i + FROM) : [ONLY]
    for (const seed of seeds) {
      const result = await checkSeed(seed)
      failures.push(...result.failures)
      if (failures.length >= 3) break
    }
    if (process.env.CHAOS_SEEDS !== undefined) console.log(coverage)
    expect(failures.join('\n\n')).toBe('')
    // The default seeds reach every case the invariants are about.
    if (ONLY === undefined) for (const [what, n] of Object.entries(coverage)) expect(n, `coverage of ${what}`).toBeGreaterThan(0)
  }, 600_000)
})
