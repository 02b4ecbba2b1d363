// How the independent harness measures: tinybench drives the iterations in this process, the
// heap is read with global.gc(), and the one thing that cannot safely run in-process (a library
// overflowing the stack) is tried in a child process.
import { spawnSync } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Bench } from 'tinybench'

const here = dirname(fileURLToPath(import.meta.url))

export const median = (values) => {
  const sorted = values.filter((v) => v !== undefined && v !== null).sort((a, b) => a - b)
  if (sorted.length === 0) return undefined
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function fullGc() {
  // Two passes: the first can leave objects that only the second finds unreachable (weak refs).
  globalThis.gc()
  globalThis.gc()
}

/**
 * One round: every subject is warmed up (one iteration, and at least `warmupMs` of work), then
 * measured for at least `minIterations` iterations and `minTimeMs` of timed work, in the order
 * given.
 *
 * No full GC is forced around the timed work: forcing one before each phase made V8 pretenure
 * redux-saga's short-lived task objects after a few iterations (its fork + join went from ~2 to
 * ~10 µs per unit, nearly all of it scavenges promoting garbage), an artefact of the benchmark.
 * Garbage left by the previous subject is cheap for a scavenge, and the order alternates.
 *
 * A subject is `{ label, n, make: () => iteration, problems: [] }`; a wrong result is pushed to
 * `problems` (a FAIL), it does not stop the round.
 * Returns `{ [label]: median ms per iteration }`.
 */
export async function timeRound(subjects, { minIterations, minTimeMs, warmupMs = 0 }) {
  const bench = new Bench({
    iterations: minIterations,
    time: minTimeMs,
    warmupIterations: 1,
    warmupTime: warmupMs,
    throws: false,
  })
  for (const subject of subjects) {
    let current
    bench.add(subject.label, async () => current.run(), {
      // Declared async so tinybench does not call the function once to find out.
      async: true,
      beforeEach: async () => {
        current = subject.make()
        await current.setup?.()
      },
      afterEach: () => {
        const problem = current.finish()
        if (problem) subject.problems.push(problem)
        current = undefined
      },
    })
  }
  await bench.run()
  const medians = {}
  for (const subject of subjects) {
    const { result } = bench.getTask(subject.label)
    if (result.state === 'completed') medians[subject.label] = result.latency.p50
    else subject.problems.push(`tinybench: ${result.state} ${result.error ?? ''}`.trim())
  }
  return medians
}

/**
 * Heap bytes per blocked task: heap in use (after full GCs) with `n` tasks parked, minus before,
 * divided by `n`. The parked tasks are then released and their result checked.
 */
export function heapPerTask(park, lib, n) {
  fullGc()
  const before = process.memoryUsage().heapUsed
  const parked = park(lib, n)
  fullGc()
  const after = process.memoryUsage().heapUsed
  const problem = parked.release()
  return { bytes: (after - before) / n, problem }
}

/** Runs one iteration in-process, untimed, and returns its problem (or a thrown error) or null. */
export async function tryOnce(make) {
  try {
    const iteration = make()
    await iteration.setup?.()
    await iteration.run()
    return iteration.finish()
  } catch (error) {
    return String(error)
  }
}

/**
 * Tries one full-size iteration of a stack-depth scenario in a child process. A runtime that
 * overflows the stack can leave its task unsettled forever and its module state half-updated,
 * which must not leak into the measurements made in this process. Returns a problem or null.
 */
export function tryInChild(scenarioId, libName) {
  const child = spawnSync(process.execPath, [join(here, 'probe.mjs'), scenarioId, libName], {
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: 120_000,
  })
  const last = child.stdout.trim().split('\n').pop()
  try {
    return JSON.parse(last).problem
  } catch {
    // Node exits with 13 when the top-level await never settles: the task was left hanging.
    if (child.status === 13) return 'never settled (its stack overflow was swallowed)'
    return `child process: ${child.error ?? `exit ${child.status} ${child.signal ?? ''}`} ${child.stderr.slice(0, 200)}`.trim()
  }
}
