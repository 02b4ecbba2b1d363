// Is the machine steady enough to benchmark? Times the same work in 40 chunks, twice: an ALU-only
// loop, then a loop that only allocates small objects (what a saga runtime does most). On a
// steady machine both columns stay within a few percent; the allocation column of a noisy one
// switches between two speeds (docs/performance.md, "Latest run").
//   node bench/noise-check.mjs
import { performance } from 'node:perf_hooks'

function alu(n) {
  let x = 0
  for (let i = 0; i < n; i++) x = (x * 31 + i) | 0
  return x
}

function allocate(n) {
  let last = null
  for (let i = 0; i < n; i++) last = { value: i, next: { value: i } }
  return last.value
}

function chunks(work, size) {
  const times = []
  let sink = 0
  for (let c = 0; c < 40; c++) {
    const t0 = performance.now()
    sink += work(size)
    times.push(performance.now() - t0)
  }
  // The first chunks include the JIT's warm-up: judge the rest.
  const steady = times.slice(5)
  const spread = Math.max(...steady) / Math.min(...steady)
  return { times, spread, sink }
}

for (const [name, work, size] of [
  ['alu', alu, 5_000_000],
  ['allocate', allocate, 300_000],
]) {
  const { times, spread } = chunks(work, size)
  console.log(`${name.padEnd(9)} max/min ${spread.toFixed(2)} | ${times.map((t) => t.toFixed(1)).join(' ')} ms`)
}
