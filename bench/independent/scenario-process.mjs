// One run of one scenario: both libraries in this one process, timed by tinybench in the order
// given (run.mjs alternates it from run to run), then the heap sampled where a target needs it.
//   node --expose-gc bench/independent/scenario-process.mjs <scenario> <lib,lib> <minTimeMs> <minIterations>
// Prints one JSON line: for each library (and each comparison a target needs) the median ms per
// iteration and the problems found (every iteration checks its result); heap bytes per task.
//
// Why a fresh process per run, and several runs: V8 decides per allocation site whether to
// allocate objects directly in the old generation (pretenuring), and that decision, made early,
// holds for the life of the process. Runs of the same build differ by 2-5x for some scenarios
// depending on it (redux-saga's cancel latency: ~2.5 µs per cycle in some processes, ~13 in others),
// and a scenario whose tasks live long (25k blocked on `take`) makes a later one whose tasks
// die at once (fork + join) pay for promoting garbage (redux-saga: ~9 instead of ~1.5 µs per
// unit). One process per scenario and run keeps the scenarios apart and samples those states.
process.env.NODE_ENV = 'production' // before the libraries load: sagaflow reads it once
const { loadLibraries } = await import('./libs.mjs')
const { SCENARIOS, bareStore } = await import('./scenarios.mjs')
const { heapPerTask, timeRound } = await import('./measure.mjs')

const [id, libList, minTimeArg, minIterationsArg] = process.argv.slice(2)
const scenario = SCENARIOS.find((s) => s.id === id)
if (!scenario || !libList || typeof globalThis.gc !== 'function') {
  console.error('usage: node --expose-gc bench/independent/scenario-process.mjs <scenario> <lib,lib> <minTimeMs> <minIterations>')
  process.exit(2)
}
const names = libList.split(',')
const minTimeMs = Number(minTimeArg)
const libs = await loadLibraries()
const { n, target } = scenario

const subject = (label, size, make) => ({ label, n: size, make, problems: [] })
const timed = names.map((name) => subject(name, n, () => scenario.iteration(libs[name], n)))

// What some targets compare sagaflow with, timed in the same round.
const extra = {}
if (names.includes('sagaflow')) {
  if (target.growth) extra.growth = subject('sagaflow at 4N', 4 * n, () => scenario.iteration(libs.sagaflow, 4 * n))
  if (target.vsRaw) extra.vsRaw = subject('bare store', n, () => bareStore.iteration(libs.sagaflow, n))
  if (target.vsScenario) {
    const other = SCENARIOS.find((s) => s.id === target.vsScenario.id)
    extra.vsScenario = subject(`sagaflow ${other.id} at N`, n, () => other.iteration(libs.sagaflow, n))
  }
}

// The warm-up lasts as long as the measurement: the JIT needs several iterations of a fast scenario.
const subjects = [...timed, ...Object.values(extra)]
const medians = await timeRound(subjects, { minTimeMs, minIterations: Number(minIterationsArg), warmupMs: minTimeMs })

// Heap last: its forced full GCs would otherwise change how V8 allocates in the timed round.
const heap = {}
if (target.heapPerTask) {
  for (const s of timed) {
    const { bytes, problem } = heapPerTask(scenario.park, libs[s.label], n)
    heap[s.label] = bytes
    if (problem) s.problems.push(problem)
  }
}

const result = (s) => ({ n: s.n, ms: medians[s.label], problems: [...new Set(s.problems)] })
const output = {
  id,
  libs: Object.fromEntries(timed.map((s) => [s.label, result(s)])),
  extra: Object.fromEntries(Object.entries(extra).map(([key, s]) => [key, result(s)])),
  heap,
}
process.stdout.write(JSON.stringify(output) + '\n')
process.exit(0)
