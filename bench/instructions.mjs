// Machine instructions per unit of each scenario, sagaflow beside redux-saga: a measure that the
// machine's speed phases and other processes cannot move (docs/performance.md, "Instructions per
// unit"). Each measurement runs `bench/scenario.mjs` under valgrind's callgrind with V8 in
// single-threaded mode (the JIT compiles on the main thread, so every run takes the same path), at
// N and 2N; the difference of the two instruction totals, divided by the extra units (the
// scenario's N/20 warm-up included), is the steady-state cost of one unit, garbage collection
// included. Start-up, warm-up and compilation cost the same at both sizes and cancel out.
// Run to run, a total moves by ~0.5%; per unit that is a few percent for the small scenarios.
//
//   node bench/instructions.mjs [--only=sync-call,fork-join] [--json]     (needs valgrind)
// Writes bench/results/instructions.json. N is a quarter of the scenario's full size (half for the
// small ones): large enough that the difference dwarfs the run-to-run noise, small enough that
// redux-saga's slow scenarios finish under valgrind in a few minutes (the whole table: ~40 min).
// Instructions are not time: a cache miss or a wait for the compiler costs time and no
// instructions, so the ratios here are not the timed ratios; they compare builds exactly.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { selectedScenarios } from './lib.mjs'

const here = dirname(fileURLToPath(import.meta.url))

const probe = spawnSync('valgrind', ['--version'], { encoding: 'utf8' })
if (probe.error || probe.status !== 0) {
  console.error('bench/instructions.mjs needs valgrind on PATH (Debian: apt-get install valgrind); it was not found.')
  process.exit(1)
}

/** Instructions executed by one scenario process (callgrind's "Collected"), or an error. */
function instructions(id, lib, n) {
  const child = spawnSync(
    'valgrind',
    ['--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, '--single-threaded', '--expose-gc', join(here, 'scenario.mjs'), id, lib, String(n)],
    { env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  const line = child.stdout.trim().split('\n').pop() ?? ''
  let result
  try {
    result = JSON.parse(line)
  } catch {
    return { error: `no result (exit ${child.status}): ${child.stderr.split('\n').filter((l) => !l.startsWith('==')).join(' ').slice(0, 200)}` }
  }
  if (!result.ok) return { error: firstLine(result.error ?? `wrong result: ${result.detail ?? ''}`) }
  const collected = /Collected : (\d+)/.exec(child.stderr)
  if (!collected) return { error: 'callgrind printed no total' }
  return { total: Number(collected[1]) }
}

/** An error's first line, without the harness's own prefix: a table cell. */
function firstLine(text) {
  return String(text).split(' | ')[0].replace(/^Error: warm-up \(n=\d+\) gave a wrong result: failed: /, '').slice(0, 80)
}

/** Instructions per unit: the difference between N and 2N (each with its N/20 warm-up). */
function perUnit(id, lib, n) {
  const small = instructions(id, lib, n)
  if (small.error) return { ok: false, error: small.error }
  const large = instructions(id, lib, 2 * n)
  if (large.error) return { ok: false, error: large.error }
  const units = 2 * n + Math.floor((2 * n) / 20) - (n + Math.floor(n / 20))
  return { ok: true, perUnit: (large.total - small.total) / units, totals: [small.total, large.total] }
}

const args = process.argv.slice(2)
const rows = []
for (const { id, scenario } of await selectedScenarios(args)) {
  // Half the full size for the scenarios of 25,000 units or fewer: their garbage collections
  // and timer lists vary more between N and 2N than a quarter of their units cost.
  const n = Math.floor(scenario.n / (scenario.n <= 25_000 ? 2 : 4))
  const sagaflow = perUnit(id, 'sagaflow', n)
  const reference = perUnit(id, 'redux-saga', n)
  const ratio = sagaflow.ok && reference.ok ? sagaflow.perUnit / reference.perUnit : undefined
  rows.push({ scenario: id, title: scenario.title, unit: scenario.unit, n, sagaflow, reference, ratio })
  if (!args.includes('--json')) process.stderr.write(`${id} done\n`)
}

const cell = (r) => (r.ok ? Math.round(r.perUnit).toLocaleString('en-US') : `error: ${r.error}`)
if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2))
else {
  console.log('| scenario | N, 2N | sagaflow instructions per unit | redux-saga | ratio |\n|---|---|---|---|---|')
  for (const r of rows) {
    console.log(`| ${r.title} | ${r.n.toLocaleString('en-US')}, ${(2 * r.n).toLocaleString('en-US')} | ${cell(r.sagaflow)} | ${cell(r.reference)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} |`)
  }
}
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'instructions.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, rows }, null, 2) + '\n')
