/*
 * Differential fuzzer (issue #9): random saga programs run on redux-saga 1.5.1 and on
 * @sagaflow/core, with a real Redux store (or runSaga) and vitest's fake timers as the one clock
 * for both; the full logs must be equal. Differences are grouped by what differs, the first
 * program of each group is shrunk to a minimal one, and all of it is reported with the seeds;
 * minimal counterexamples become tests in regressions.test.ts.
 *
 * CI runs a fixed budget of seeds (FUZZ_SEEDS, default 1,000). More: `pnpm fuzz` (5,000 seeds),
 * or e.g. `FUZZ_SEEDS=50000 FUZZ_START=100000 npx vitest run packages/core/test/fuzz/differential`.
 * One seed, with its program printed: `FUZZ_SEEDS=1 FUZZ_START=<seed> FUZZ_PRINT=1 npx vitest run
 * packages/core/test/fuzz/differential`. A run that hangs: FUZZ_TRACE=<file> writes each seed to
 * the file before it runs. FUZZ_FOCUS=6 (7, 8, 9) weights the generator towards the sixth (seventh, eighth, ninth) round's shapes.
 */
import { writeFileSync } from 'node:fs'
import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { compare, formatDifference, interceptUnhandledRejections, setLogFilter } from './interpreter.js'
import { generate, printProgram } from './program.js'
import { report, shrink } from './shrink.js'

// Captured before the tests install fake timers (they fake hrtime too).
const realHrtime = process.hrtime.bigint.bind(process.hrtime)
const SEEDS = Number(process.env.FUZZ_SEEDS ?? 1_000)
const START = Number(process.env.FUZZ_START ?? 1)
/** Exactly these seeds instead (FUZZ_LIST=<seed>,<seed>,...): e.g. to recheck the seeds a long run reported. */
const LIST = process.env.FUZZ_LIST ? process.env.FUZZ_LIST.split(',').map(Number) : null
/** A file to which each seed is written before it runs (FUZZ_TRACE): finds a seed that hangs. */
const TRACE = process.env.FUZZ_TRACE
/**
 * Exploration aid, to look past a reported divergence (FUZZ_FILTER=helperNames): the failed task
 * of a helper given an invalid pattern, 'iterator' in the reference's sagaStack, is the helper
 * itself in sagaflow until the helpers make their take eagerly (fuzzer round 4).
 */
if (process.env.FUZZ_FILTER === 'helperNames') {
  // On the JSON text of the log, where sagaStack's newlines are the two characters `\n`.
  const helperTask = /occurred in task (?:iterator|(?:takeEvery|takeLatest|takeLeading|debounce)\([^"]*?\))(?=\\n|")/g
  setLogFilter((log) => JSON.parse(JSON.stringify(log).replace(helperTask, 'occurred in task <iterator or helper>')))
}
/**
 * FUZZ_SCAN=1: only list the seeds that differ (and those that take over a second), without
 * grouping or shrinking; the test still fails if any differs. Then FUZZ_LIST the ones to shrink.
 */
const SCAN = Boolean(process.env.FUZZ_SCAN)
/** FUZZ_FOCUS=6 / 7 / 8 / 9: programs made mostly of the sixth / seventh / eighth / ninth round's shapes (program.ts `shape6` ... `shape9`). */
const FOCUS = process.env.FUZZ_FOCUS === '6' ? 6 : process.env.FUZZ_FOCUS === '7' ? 7 : process.env.FUZZ_FOCUS === '8' ? 8 : process.env.FUZZ_FOCUS === '9' ? 9 : 0
/** How many groups of differences get a shrunk counterexample (shrinking takes a while). */
const MAX_SHRUNK = Number(process.env.FUZZ_MAX_SHRUNK ?? 8)

/** What kind of difference: the two first differing entries, numbers (ids, seeds) blanked. */
function signature(reference: unknown, sagaflow: unknown): string {
  return inspect([reference, sagaflow], { depth: 6, breakLength: Infinity }).replace(/\d+/g, 'N')
}

describe('differential fuzzer: redux-saga 1.5.1 vs @sagaflow/core', () => {
  let restoreRejections: () => void
  beforeEach(() => {
    vi.useFakeTimers()
    restoreRejections = interceptUnhandledRejections()
  })
  afterEach(() => {
    restoreRejections()
    vi.useRealTimers()
  })

  const seeds = LIST ?? Array.from({ length: SEEDS }, (_, i) => START + i)
  const range = LIST ? `seeds ${LIST.join(', ')}` : `seeds ${START}..${START + SEEDS - 1}`
  it(`logs the same for ${seeds.length} random programs (${range})`, { timeout: Math.max(120_000, seeds.length * 100) }, async () => {
    const groups = new Map<string, { seeds: number[]; report: string }>()
    let failing = 0
    for (const seed of seeds) {
      const program = generate(seed, FOCUS)
      if (TRACE) writeFileSync(TRACE, `${seed}\n`)
      if (process.env.FUZZ_PRINT) console.log(`seed ${seed}\n${printProgram(program)}`)
      const t0 = realHrtime()
      const difference = await compare(program)
      if (SCAN) {
        const ms = Number((realHrtime() - t0) / 1_000_000n)
        if (difference || ms > 1_000) console.log(`scan: seed ${seed}${difference ? ' differs' : ''}${ms > 1_000 ? `, ${ms} ms` : ''}`)
        if (difference) failing++
        continue
      }
      if (!difference) continue
      failing++
      const key = signature(difference.reference[difference.index], difference.sagaflow[difference.index])
      const group = groups.get(key)
      if (group) {
        group.seeds.push(seed)
        continue
      }
      const text =
        groups.size < MAX_SHRUNK
          ? report(seed, program, await shrink(program))
          : `seed ${seed}, not shrunk (FUZZ_MAX_SHRUNK):\n${printProgram(program)}\n${formatDifference(difference, 2)}`
      groups.set(key, { seeds: [seed], report: text })
    }
    if (SCAN) expect(failing, `${failing} program(s) differ (seeds listed above)`).toBe(0)
    const reports = [...groups.values()].map((g) => `### ${g.seeds.length} seed(s): ${g.seeds.join(', ')}\n${g.report}`)
    if (reports.length > 0) console.error(`${failing} of ${seeds.length} programs differ, in ${groups.size} group(s):\n\n${reports.join('\n\n')}`)
    expect(reports, `${failing} program(s) differ; minimised counterexamples above`).toEqual([])
  })
})
