// The independent harness (issue #7): the main harness's 13 scenarios, written again
// (scenarios.mjs) and measured another way, to check that bench/run.mjs's table is not an
// artefact of its method.
//
// Method: for each scenario, --runs fresh processes (scenario-process.mjs), each holding BOTH
// libraries; in each, tinybench warms every library up and then times at least
// --min-iterations iterations and --min-time ms of work, and keeps the median iteration; which
// library goes first alternates from run to run; the table shows the median over the runs. The
// main harness instead times one long run of one library per process.
//
//   node --expose-gc bench/independent/run.mjs [--only=race,put-take] [--runs=5]
//        [--min-time=250] [--min-iterations=3] [--out=bench/results/independent.json]
//        [--main=bench/results/latest.json]
//
// Prints a markdown table, compared with the main harness's results file (--main; compare
// runs of the same build) when present, and writes bench/results/independent.json.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LIBRARY_NAMES } from './libs.mjs'
import { median, tryInChild } from './measure.mjs'
import { SCENARIOS } from './scenarios.mjs'
import { describeOtherLoad, startOtherLoad } from '../other-load.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const resultsDir = join(here, '..', 'results')

const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback
const only = option('only')?.split(',')
const runs = Number(option('runs', 5))
const minTimeMs = Number(option('min-time', 250))
const minIterations = Number(option('min-iterations', 3))
const outFile = option('out', join(resultsDir, 'independent.json'))
const mainFile = option('main', join(resultsDir, 'latest.json'))

const unknown = only?.filter((id) => !SCENARIOS.some((s) => s.id === id)) ?? []
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`)
  process.exit(2)
}

const mainRun = readMainHarness()
const started = Date.now()
const loadBefore = os.loadavg()[0]
const otherLoad = startOtherLoad(os.cpus().length)
const rows = []
for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.id))) {
  rows.push(summarize(scenario, measure(scenario)))
  process.stderr.write(`  ${scenario.id}: done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`)
}

// ---- one scenario ----

/**
 * The stack-depth scenarios are first tried once per library in a child process of their own
 * (see measure.mjs, tryInChild); a library that fails there is not timed. Then `runs` runs.
 */
function measure(scenario) {
  const failed = {}
  if (scenario.target.completes) {
    for (const name of LIBRARY_NAMES) {
      const problem = tryInChild(scenario.id, name)
      if (problem) failed[name] = problem
    }
  }
  const names = LIBRARY_NAMES.filter((name) => !failed[name])
  const results = []
  for (let run = 0; run < runs && names.length; run++) {
    results.push(runInItsOwnProcess(scenario, run % 2 === 0 ? names : [...names].reverse()))
  }
  return { failed, results }
}

/** One scenario-process.mjs; a crash or a timeout is a problem of every library in it. */
function runInItsOwnProcess(scenario, names) {
  const args = ['--expose-gc', join(here, 'scenario-process.mjs'), scenario.id, names.join(','), minTimeMs, minIterations].map(String)
  const child = spawnSync(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  })
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop())
  } catch {
    const crashed = { ms: undefined, problems: [`scenario process: ${child.error ?? `exit ${child.status} ${child.signal ?? ''}`}`] }
    return { libs: Object.fromEntries(names.map((name) => [name, crashed])), extra: {}, heap: {} }
  }
}

/** The row of the table: medians over the runs, the checks of both harnesses, their agreement. */
function summarize(scenario, { failed, results }) {
  const { id, n, target } = scenario
  const summary = (pick, size, upFront) => {
    const runsMs = results.map((r) => pick(r)?.ms)
    const problems = upFront ? [upFront] : [...new Set(results.flatMap((r) => pick(r)?.problems ?? ['not measured']))]
    const ms = upFront ? undefined : median(runsMs)
    return {
      ok: problems.length === 0 && ms !== undefined,
      problems,
      msPerIteration: ms,
      perUnitNs: ms === undefined ? undefined : (ms * 1e6) / size,
      runsMs,
    }
  }
  const sf = summary((r) => r.libs.sagaflow, n, failed.sagaflow)
  const rs = summary((r) => r.libs['redux-saga'], n, failed['redux-saga'])
  const both = sf.ok && rs.ok
  const runRatios = both ? sf.runsMs.map((ms, i) => ms / rs.runsMs[i]) : []
  const extraKeys = Object.keys(results[0]?.extra ?? {})
  const extra = Object.fromEntries(extraKeys.map((key) => [key, summary((r) => r.extra[key], results[0].extra[key].n)]))
  const extraMs = (key) => (extra[key]?.ok && sf.ok ? extra[key].msPerIteration : undefined)
  const heapSamples = (name) => results.map((r) => r.heap[name]).filter((b) => b !== undefined)

  const metrics = {
    sagaflowOk: sf.ok,
    referenceOk: rs.ok,
    ratio: both ? sf.msPerIteration / rs.msPerIteration : undefined,
    heapPerTask: target.heapPerTask && sf.ok ? median(heapSamples('sagaflow')) : undefined,
    growth: divide(extraMs('growth'), sf.msPerIteration),
    vsRaw: divide(sf.msPerIteration, extraMs('vsRaw')),
    vsScenario: divide(sf.msPerIteration, extraMs('vsScenario')),
  }
  const checks = evaluate(target, metrics)
  const mainRow = mainRun?.results.find((r) => r.id === id)
  const mainMetrics = mainRow && {
    sagaflowOk: mainRow.sagaflow.ok,
    referenceOk: mainRow.reduxSaga.ok,
    ratio: mainRow.ratio,
    heapPerTask: mainRow.sagaflow.heapPerTask,
    growth: mainRow.growth,
    vsRaw: mainRow.ratioRaw,
    vsScenario: mainRow.vsScenario,
  }
  const mainChecks = mainMetrics && evaluate(target, mainMetrics)
  return {
    id,
    title: scenario.title,
    n,
    mainN: mainRow?.n,
    unit: scenario.unit,
    target,
    sagaflow: sf,
    reduxSaga: rs,
    extra,
    heapPerTask: target.heapPerTask ? Object.fromEntries(LIBRARY_NAMES.map((name) => [name, heapSamples(name)])) : undefined,
    ratioRange: runRatios.length ? [Math.min(...runRatios), Math.max(...runRatios)] : undefined,
    metrics,
    checks,
    pass: checks.every((c) => c.pass),
    main: mainRow && { metrics: mainMetrics, checks: mainChecks, pass: mainChecks.every((c) => c.pass) },
    agreement: agreement(checks, mainChecks),
  }
}

/** a / b, or undefined when either is missing. */
function divide(a, b) {
  return a === undefined || b === undefined ? undefined : a / b
}

// ---- targets and agreement (the same rules for both harnesses' numbers) ----

/** One check per target, as bench/run.mjs states them. */
function evaluate(target, m) {
  const atMost = (key, label, max, format) => ({
    key,
    label,
    value: m[key],
    shown: m[key] === undefined ? 'n/a' : format(m[key]),
    pass: m.sagaflowOk && m[key] !== undefined && m[key] <= max,
  })
  const checks = []
  if (target.completes) checks.push({ key: 'completes', label: 'completes', shown: m.sagaflowOk ? 'completes' : 'fails', pass: m.sagaflowOk })
  if (target.ratio !== undefined) {
    checks.push(
      m.referenceOk
        ? atMost('ratio', `ratio <= ${target.ratio}`, target.ratio, (x) => x.toFixed(2))
        : { key: 'ratio', label: `ratio <= ${target.ratio}`, shown: 'reference fails', pass: m.sagaflowOk },
    )
  }
  if (target.heapPerTask !== undefined) checks.push(atMost('heapPerTask', `heap/task <= ${target.heapPerTask} B`, target.heapPerTask, (x) => `${Math.round(x)} B`))
  if (target.growth !== undefined) checks.push(atMost('growth', `growth <= ${target.growth}`, target.growth, (x) => `growth ${x.toFixed(2)}`))
  if (target.vsRaw !== undefined) checks.push(atMost('vsRaw', `<= ${target.vsRaw}x bare store`, target.vsRaw, (x) => `${x.toFixed(2)}x bare`))
  if (target.vsScenario !== undefined) {
    const { id, max } = target.vsScenario
    checks.push(atMost('vsScenario', `per-put <= ${max}x ${id}`, max, (x) => `${x.toFixed(2)}x ${id}`))
  }
  return checks
}

/**
 * The harnesses agree on a check when both put it on the same side of its target, or when
 * their values are within 0.1 of each other (100 B for heap per task): a value that close to
 * the target is "at the target" on this machine either way.
 */
function agreement(checks, mainChecks) {
  if (!mainChecks) return { verdict: 'n/a', details: [] }
  const details = checks.map((c, i) => {
    const other = mainChecks[i]
    const tolerance = c.key === 'heapPerTask' ? 100 : 0.1
    const close = c.value !== undefined && other.value !== undefined && Math.abs(c.value - other.value) <= tolerance
    const verdict = c.pass === other.pass ? 'same side' : close ? 'within tolerance' : 'disagree'
    return { check: c.label, independent: c.shown, main: other.shown, verdict }
  })
  const verdict = details.some((d) => d.verdict === 'disagree') ? 'no' : details.some((d) => d.verdict === 'within tolerance') ? 'yes (close)' : 'yes'
  return { verdict, details }
}

/** Which sagaflow was measured: the dist's build time and the commit (other work may rebuild it). */
function buildUnderTest() {
  const dist = join(here, '..', '..', 'packages', 'core', 'dist', 'esm', 'index.js')
  const built = existsSync(dist) ? statSync(dist).mtime.toISOString() : 'not built'
  let commit = 'unknown commit'
  try {
    const git = (...args) => execFileSync('git', args, { cwd: here, encoding: 'utf8' }).trim()
    const dirty = git('status', '--porcelain', '--', '../../packages/core/src') !== ''
    commit = `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted packages/core/src changes' : ''}`
  } catch {
    // not a git checkout: the build time alone
  }
  return `packages/core/dist built ${built}, ${commit}`
}

function readMainHarness() {
  if (!existsSync(mainFile)) return undefined
  try {
    return JSON.parse(readFileSync(mainFile, 'utf8'))
  } catch {
    return undefined
  }
}

// ---- table ----

const fmtNs = (ns) => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`)
const fmtLib = (s) => {
  if (s.ok) return fmtNs(s.perUnitNs)
  const why = s.problems.join(' ')
  if (/never settled/.test(why)) return 'stack overflow (hangs)'
  return /call stack size/.test(why) ? 'stack overflow' : 'FAIL'
}
const fmtChecks = (checks, pass) => `${checks.map((c) => c.shown).join(', ')}: ${pass ? 'PASS' : 'FAIL'}`

const header = ['scenario', 'N', 'sagaflow per unit', 'redux-saga per unit', 'ratio [run min-max]', 'main harness ratio', 'target', 'independent', 'main harness', 'agree?']
const cells = rows.map((r) => [
  r.title,
  r.n.toLocaleString('en-US') + (r.mainN && r.mainN !== r.n ? ` (main ${r.mainN.toLocaleString('en-US')})` : ''),
  fmtLib(r.sagaflow),
  fmtLib(r.reduxSaga),
  r.metrics.ratio === undefined ? '—' : `${r.metrics.ratio.toFixed(2)} [${r.ratioRange.map((x) => x.toFixed(2)).join('-')}]`,
  r.main ? (r.main.metrics.ratio === undefined ? '—' : r.main.metrics.ratio.toFixed(2)) : 'n/a',
  r.checks.map((c) => c.label).join(', '),
  fmtChecks(r.checks, r.pass),
  r.main ? fmtChecks(r.main.checks, r.main.pass) : 'n/a',
  r.agreement.verdict,
])
const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i].length)))
const line = (row) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`
const table = [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...cells.map(line)].join('\n')

const machine = {
  node: process.version,
  build: buildUnderTest(),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  platform: `${os.platform()} ${os.arch()}`,
  loadAverage: { before: loadBefore, after: os.loadavg()[0] },
  otherLoadCores: otherLoad(),
}
const durationS = (Date.now() - started) / 1000
console.log(`\nIndependent harness: sagaflow vs redux-saga 1.5.1, both libraries in each process, tinybench; ${runs} runs (processes) per scenario, medians`)
console.log(`node ${machine.node}, ${machine.cpu}, ${machine.cores} cores, load ${loadBefore.toFixed(1)} -> ${machine.loadAverage.after.toFixed(1)}, ${durationS.toFixed(0)} s`)
console.log(describeOtherLoad(machine.otherLoadCores))
console.log(`sagaflow build: ${machine.build}`)
const shownMainFile = relative(process.cwd(), mainFile).startsWith('..') ? mainFile : relative(process.cwd(), mainFile)
console.log(`main harness: ${mainRun ? `${shownMainFile} (${mainRun.date}${mainRun.quick ? ', QUICK' : ''})` : `no ${mainFile}`}\n`)
console.log(table)
const passing = rows.filter((r) => r.pass).length
const disagreeing = rows.filter((r) => r.agreement.verdict === 'no')
console.log(`\n${passing}/${rows.length} targets met here${mainRun ? `, ${rows.filter((r) => r.main?.pass).length}/${rows.length} in the main harness` : ''}`)
if (mainRun) {
  console.log(disagreeing.length ? `harnesses disagree on: ${disagreeing.map((r) => r.id).join(', ')}` : 'the harnesses agree on every scenario')
  for (const r of disagreeing) {
    for (const d of r.agreement.details.filter((x) => x.verdict === 'disagree')) {
      // A ratio that one of this harness's runs also saw is noise between runs, not a method difference.
      const [low, high] = r.ratioRange ?? []
      const inRange = d.check.startsWith('ratio') && r.main.metrics.ratio >= low && r.main.metrics.ratio <= high
      console.log(`  ${r.id}: ${d.check}: independent ${d.independent}, main ${d.main}${inRange ? ` (inside this harness's run range ${low.toFixed(2)}-${high.toFixed(2)})` : ''}`)
    }
  }
}

mkdirSync(dirname(outFile), { recursive: true })
const settings = { runs, minTimeMs, minIterations }
const mainHarness = mainRun && { file: mainFile, date: mainRun.date, quick: mainRun.quick, reps: mainRun.reps }
writeFileSync(outFile, JSON.stringify({ date: new Date().toISOString(), settings, machine, durationS, mainHarness, table, results: rows }, null, 2) + '\n')
console.log(`results written to ${outFile}`)
// A wrong sagaflow result fails the run; a missed target or a disagreement is reported only.
process.exitCode = rows.some((r) => !r.sagaflow.ok) ? 1 : 0
