// One measurement in a fresh process: `node --expose-gc bench/scenario.mjs <scenario> <lib|raw> <N>`.
// Prints one JSON line: { scenario, lib, n, ok, ms, perUnitNs, heapPerTask?, detail?, error? }.
import { performance } from 'node:perf_hooks'
import { loadLib } from './lib.mjs'

const [scenarioName, libName, nArg] = process.argv.slice(2)
const N = Number(nArg)
if (!scenarioName || !libName || !Number.isFinite(N)) {
  console.error('usage: node --expose-gc bench/scenario.mjs <scenario> <sagaflow|redux-saga|raw> <N>')
  process.exit(2)
}
if (typeof globalThis.gc !== 'function') {
  console.error('run with --expose-gc')
  process.exit(2)
}

const scenario = (await import(`./scenarios/${scenarioName}.mjs`)).default
const lib = libName === 'raw' ? null : await loadLib(libName)

/** Given to scenarios: `measure.start()` / `measure.stop()` bracket the timed part; `heap()` samples after a full GC. */
function makeProbe() {
  let t0 = 0
  let t1 = 0
  let heapBase = 0
  let heapPeak = 0
  return {
    start() {
      globalThis.gc()
      globalThis.gc()
      heapBase = process.memoryUsage().heapUsed
      t0 = performance.now()
    },
    stop() {
      t1 = performance.now()
    },
    /** Heap in use now minus at start(), after two full GCs (not counted in the time). */
    heap() {
      const paused = performance.now()
      globalThis.gc()
      globalThis.gc()
      heapPeak = process.memoryUsage().heapUsed - heapBase
      t0 += performance.now() - paused
      return heapPeak
    },
    get ms() {
      return t1 - t0
    },
    get heapDelta() {
      return heapPeak
    },
  }
}

const out = { scenario: scenarioName, lib: libName, n: N }
try {
  const run = libName === 'raw' ? scenario.raw : scenario.run
  if (!run) throw new Error(`scenario ${scenarioName} has no ${libName === 'raw' ? 'raw baseline' : 'run'}`)
  // Warm-up on a small size (JIT), then the measured run; both validate their result.
  const warm = Math.max(1, Math.floor(N / 20))
  const warmProbe = makeProbe()
  const w = await run(lib, warm, warmProbe)
  if (!w.ok) throw new Error(`warm-up (n=${warm}) gave a wrong result: ${w.detail ?? ''}`)
  const probe = makeProbe()
  const r = await run(lib, N, probe)
  out.ok = !!r.ok
  out.ms = probe.ms
  out.perUnitNs = (probe.ms * 1e6) / N
  if (scenario.heap) out.heapPerTask = probe.heapDelta / N
  if (r.detail !== undefined) out.detail = r.detail
} catch (error) {
  out.ok = false
  out.error = String(error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error)
}
process.stdout.write(JSON.stringify(out) + '\n')
// Pending timers (cancelled delays in the reference keep none, but be safe) must not keep us alive.
process.exit(0)
