// The benchmark orchestrator (issue #7). Every measurement runs in a fresh child process
// (`node --expose-gc bench/scenario.mjs <scenario> <lib> <N>`, NODE_ENV=production); the two
// libraries alternate within each repetition (sagaflow first on even repetitions, redux-saga
// first on odd ones) and the table shows medians. Writes bench/results/latest.json.
//
//   node bench/run.mjs                 full run (5 repetitions)
//   node bench/run.mjs --quick         smoke run: small N, 1 repetition, no growth runs
//   node bench/run.mjs --reps=7 --only=race,put-take --no-growth --out=path.json
//   node bench/run.mjs --node-flags=--no-opt --out=bench/results/no-opt.json
//                                      extra flags for every child (here: the interpreter and
//                                      baseline tiers only, what rarely-run saga code runs in)
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LIBS, SCENARIOS } from './lib.mjs'
import { describeOtherLoad, startOtherLoad } from './other-load.mjs'

const here = dirname(fileURLToPath(import.meta.url))


const args = process.argv.slice(2)
const flag = (name) => args.includes(`--${name}`)
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const quick = flag('quick')
const reps = Number(option('reps') ?? (quick ? 1 : 7))
const only = option('only')?.split(',')
const growthRuns = !quick && !flag('no-growth')
const outFile = option('out') ?? join(here, 'results', quick ? 'quick.json' : 'latest.json')
const timeoutMs = Number(option('timeout') ?? 300_000)
const nodeFlags = args.find((a) => a.startsWith('--node-flags='))?.slice('--node-flags='.length).split(/[ ,]+/).filter(Boolean) ?? []

function measure(id, lib, n) {
  const child = spawnSync(process.execPath, [...nodeFlags, '--expose-gc', join(here, 'scenario.mjs'), id, lib, String(n)], {
    env: { ...process.env, NODE_ENV: 'production' },
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  })
  const line = child.stdout.trim().split('\n').pop()
  try {
    return JSON.parse(line)
  } catch {
    const why = child.error ? String(child.error) : `exit ${child.status} ${child.signal ?? ''} ${child.stderr.slice(0, 300)}`
    return { scenario: id, lib, n, ok: false, error: why.trim() }
  }
}

const median = (xs) => {
  if (xs.length === 0) return undefined
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}

/** Median of the successful runs; `ok` only if every run validated. */
function summarize(runs) {
  const good = runs.filter((r) => r.ok)
  return {
    ok: runs.length > 0 && good.length === runs.length,
    runs: runs.length,
    ms: median(good.map((r) => r.ms)),
    perUnitNs: median(good.map((r) => r.perUnitNs)),
    heapPerTask: good.some((r) => r.heapPerTask !== undefined) ? median(good.map((r) => r.heapPerTask)) : undefined,
    errors: [...new Set(runs.filter((r) => !r.ok).map((r) => r.error ?? r.detail ?? 'wrong result'))],
  }
}

function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown'
  try {
    const lscpu = execFileSync('lscpu', { encoding: 'utf8' })
    cpu = /Model name:\s*(.+)/.exec(lscpu)?.[1]?.trim() ?? cpu
  } catch {
    // no lscpu (macOS, Windows): keep os.cpus()' model
  }
  return { node: process.version, cpu, cores: os.cpus().length, platform: `${os.platform()} ${os.arch()}`, memGB: Math.round(os.totalmem() / 2 ** 30) }
}

const started = Date.now()
const otherLoad = startOtherLoad(os.cpus().length)
const results = []
const ids = SCENARIOS.filter((id) => !only || only.includes(id))
for (const id of ids) {
  const scenario = (await import(join(here, 'scenarios', `${id}.mjs`))).default
  const n = quick ? scenario.quick : scenario.n
  const runs = { sagaflow: [], 'redux-saga': [], raw: [], growth: [], baseline: [] }
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? LIBS : [...LIBS].reverse()
    for (const lib of order) runs[lib].push(measure(id, lib, n))
    runs.raw.push(measure(id, 'raw', n))
    if (growthRuns && !scenario.noGrowth) runs.growth.push(measure(id, 'sagaflow', 4 * n))
    // A per-unit comparison with another scenario is made at this scenario's N (same JIT warm-up).
    if (scenario.target?.vsScenario) runs.baseline.push(measure(scenario.target.vsScenario.id, 'sagaflow', n))
  }
  const row = {
    id,
    title: scenario.title,
    n,
    unit: scenario.unit,
    target: scenario.target,
    sagaflow: summarize(runs.sagaflow),
    reduxSaga: summarize(runs['redux-saga']),
    raw: summarize(runs.raw),
    growth4N: runs.growth.length ? summarize(runs.growth) : undefined,
    baseline: runs.baseline.length ? summarize(runs.baseline) : undefined,
  }
  results.push(row)
  process.stderr.write(`  ${id}: done (${((Date.now() - started) / 1000).toFixed(0)} s)\n`)
}

// ---- targets ----
const byId = Object.fromEntries(results.map((r) => [r.id, r]))
for (const row of results) {
  const s = row.sagaflow
  const t = row.target ?? {}
  row.ratio = s.ms !== undefined && row.reduxSaga.ok ? s.ms / row.reduxSaga.ms : undefined
  row.ratioRaw = s.ms !== undefined && row.raw.ok ? s.ms / row.raw.ms : undefined
  row.growth = row.growth4N?.ok && s.ok ? row.growth4N.ms / s.ms : undefined
  const checks = []
  checks.push({ what: 'result valid', pass: s.ok, got: s.ok ? 'ok' : s.errors.join('; ') })
  if (t.ratio !== undefined) {
    checks.push(
      row.ratio === undefined
        ? { what: `ratio <= ${t.ratio}`, pass: s.ok && !row.reduxSaga.ok, got: 'redux-saga fails' }
        : { what: `ratio <= ${t.ratio}`, pass: row.ratio <= t.ratio, got: row.ratio.toFixed(2) },
    )
  }
  if (t.heapPerTask !== undefined) {
    checks.push({ what: `heap/task <= ${t.heapPerTask} B`, pass: s.heapPerTask <= t.heapPerTask, got: `${Math.round(s.heapPerTask)} B` })
  }
  if (t.growth !== undefined) {
    checks.push({ what: `growth <= ${t.growth}`, pass: row.growth !== undefined && row.growth <= t.growth, got: row.growth?.toFixed(2) ?? 'n/a' })
  }
  if (t.vsRaw !== undefined) {
    checks.push({ what: `<= ${t.vsRaw}x bare store`, pass: row.ratioRaw !== undefined && row.ratioRaw <= t.vsRaw, got: `${row.ratioRaw?.toFixed(2)}x` })
  }
  if (t.vsScenario !== undefined) {
    const other = row.baseline ?? byId[t.vsScenario.id]?.sagaflow
    const x = other?.perUnitNs ? s.perUnitNs / other.perUnitNs : undefined
    row.vsScenario = x
    checks.push({ what: `per-put <= ${t.vsScenario.max}x ${t.vsScenario.id} (same N)`, pass: x !== undefined && x <= t.vsScenario.max, got: x === undefined ? 'n/a' : `${x.toFixed(2)}x` })
  }
  row.checks = checks
  row.pass = checks.every((c) => c.pass)
}

// ---- table ----
const fmtNs = (ns) => (ns === undefined ? '—' : ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : ns >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`)
const fmtX = (x) => (x === undefined ? '—' : x.toFixed(2))
const header = ['scenario', 'N', 'unit', 'sagaflow', 'redux-saga', 'raw', 'ratio', 'vs raw', 'heap/task', 'growth', 'target', 'result']
const table = results.map((r) => [
  r.title,
  r.n.toLocaleString('en-US'),
  r.unit,
  r.sagaflow.ok ? fmtNs(r.sagaflow.perUnitNs) : 'FAIL',
  r.reduxSaga.ok ? fmtNs(r.reduxSaga.perUnitNs) : /stack size/.test(r.reduxSaga.errors.join()) ? 'stack overflow' : 'FAIL',
  r.raw.ok ? fmtNs(r.raw.perUnitNs) : 'FAIL',
  fmtX(r.ratio),
  fmtX(r.ratioRaw),
  r.sagaflow.heapPerTask !== undefined ? `${Math.round(r.sagaflow.heapPerTask)} B (ref ${Math.round(r.reduxSaga.heapPerTask ?? NaN)} B)` : '',
  fmtX(r.growth),
  r.checks.slice(1).map((c) => c.what).join(', ') || 'completes',
  r.pass ? 'PASS' : `FAIL (${r.checks.filter((c) => !c.pass).map((c) => `${c.what.split(' ')[0]}: ${c.got}`).join('; ')})`,
])
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => String(row[i]).length)))
const line = (cells) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |'
const rendered = [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...table.map(line)].join('\n')

const info = { ...machine(), otherLoadCores: otherLoad() }
console.log(`\nsagaflow vs redux-saga 1.5.1 — ${reps} repetition(s), medians, ${quick ? 'QUICK (small N)' : 'full N'}${nodeFlags.length ? `, node flags ${nodeFlags.join(' ')}` : ''}`)
console.log(`node ${info.node}, ${info.cpu}, ${info.cores} cores; times per unit; ratio = sagaflow / redux-saga; growth = t(4N)/t(N), sagaflow\n`)
console.log(rendered)
const failed = results.filter((r) => !r.pass)
console.log(`\n${describeOtherLoad(info.otherLoadCores)}`)
console.log(`${results.length - failed.length}/${results.length} scenarios meet their targets${failed.length ? `; missed: ${failed.map((r) => r.id).join(', ')}` : ''}`)

mkdirSync(dirname(outFile), { recursive: true })
writeFileSync(
  outFile,
  JSON.stringify({ date: new Date().toISOString(), quick, reps, nodeFlags, machine: info, durationS: (Date.now() - started) / 1000, table: rendered, results }, null, 2) + '\n',
)
console.log(`results written to ${outFile}`)
// A wrong (or missing) sagaflow result fails the run; a missed timing target is reported, not fatal.
process.exitCode = results.some((r) => !r.sagaflow.ok) ? 1 : 0
