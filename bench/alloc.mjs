// Bytes allocated per unit of each scenario, sagaflow beside redux-saga: a measure the machine's
// speed phases cannot move (docs/performance.md, "Noise"). Each measurement runs in a fresh child
// with a new space large enough that no garbage collection runs while the scenario's timed part
// runs; the heap's growth over that part is then everything it allocated. A collection that ran
// anyway (seen by a `gc` PerformanceObserver) makes the row an error, not a wrong number.
//
//   node bench/alloc.mjs [--only=sync-call,fork-join] [--json]
// Writes bench/results/alloc.json. Sizes are the scenarios' `quick` sizes (times 2): allocation
// per unit does not depend on N, and the largest must fit the new space.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { selectedScenarios } from './lib.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const SEMI_SPACE_MB = 512

if (process.argv[2] === '--child') {
  await child(process.argv[3], process.argv[4], Number(process.argv[5]))
  process.exit(0)
}

/** In the child: warm up, then measure the timed part of one run without a collection. */
async function child(id, libName, n) {
  const v8 = await import('node:v8')
  const { PerformanceObserver, performance } = await import('node:perf_hooks')
  const { loadLib } = await import('./lib.mjs')
  const scenario = (await import(`./scenarios/${id}.mjs`)).default
  const lib = await loadLib(libName)
  const used = () => v8.getHeapStatistics().used_heap_size
  const collections = []
  new PerformanceObserver((list) => collections.push(...list.getEntries().map((e) => e.startTime))).observe({ entryTypes: ['gc'] })
  let start = 0
  let end = 0
  let t0 = 0
  let t1 = 0
  const probe = {
    start() {
      globalThis.gc()
      globalThis.gc()
      t0 = performance.now()
      start = used()
    },
    stop() {
      end = used()
      t1 = performance.now()
    },
    // The heap-per-task sample of the timed scenarios collects garbage: not here.
    heap() {},
  }
  const out = { scenario: id, lib: libName, n }
  try {
    const warm = await scenario.run(lib, Math.max(1, Math.floor(n / 4)), { ...probe, start() {}, stop() {} })
    if (!warm.ok) throw new Error(`warm-up gave a wrong result: ${warm.detail ?? ''}`)
    const r = await scenario.run(lib, n, probe)
    // Let the observer report collections that ran during the measured part.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const during = collections.filter((at) => at >= t0 && at <= t1).length
    if (!r.ok) throw new Error(`wrong result: ${r.detail ?? ''}`)
    if (during > 0) throw new Error(`${during} garbage collection(s) ran during the measured part: lower N`)
    out.ok = true
    out.bytesPerUnit = (end - start) / n
  } catch (error) {
    out.ok = false
    out.error = String(error.message ?? error)
  }
  process.stdout.write(JSON.stringify(out) + '\n')
}

function measure(id, lib, n) {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', `--max-semi-space-size=${SEMI_SPACE_MB}`, `--min-semi-space-size=${SEMI_SPACE_MB}`, fileURLToPath(import.meta.url), '--child', id, lib, String(n)],
    { env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
  )
  try {
    return JSON.parse(child.stdout.trim().split('\n').pop())
  } catch {
    // 13: the run's promise never settled (redux-saga's nested calls overflow the stack).
    const why = child.status === 13 ? 'did not finish' : `exit ${child.status} ${child.stderr.slice(0, 300)}`
    return { scenario: id, lib, n, ok: false, error: why }
  }
}

const args = process.argv.slice(2)
const rows = []
for (const { id, scenario } of await selectedScenarios(args)) {
  const n = scenario.quick * 2
  const sagaflow = measure(id, 'sagaflow', n)
  const reference = measure(id, 'redux-saga', n)
  const ratio = sagaflow.ok && reference.ok ? sagaflow.bytesPerUnit / reference.bytesPerUnit : undefined
  rows.push({ scenario: id, title: scenario.title, unit: scenario.unit, n, sagaflow, reference, ratio })
}

const cell = (r) => (r.ok ? `${Math.round(r.bytesPerUnit).toLocaleString('en-US')} B` : `error: ${r.error}`)
if (args.includes('--json')) console.log(JSON.stringify(rows, null, 2))
else {
  console.log('| scenario | N | sagaflow per unit | redux-saga per unit | ratio |\n|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.title} | ${r.n.toLocaleString('en-US')} | ${cell(r.sagaflow)} | ${cell(r.reference)} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} |`)
}
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'alloc.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, semiSpaceMb: SEMI_SPACE_MB, rows }, null, 2) + '\n')
