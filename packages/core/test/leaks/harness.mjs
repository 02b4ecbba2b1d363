/* global setImmediate */
// Shared by the leak scripts (issue #9). Each script runs with `node --expose-gc` against the
// built packages and prints one JSON line per measurement:
//   { name, cycles, baseline, after, tolerance, ...counts }
// leaks.test.ts runs every script and asserts `after - baseline <= tolerance` and the counts.
import { getEventListeners } from 'node:events'

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc')
  process.exit(2)
}

/** Lets pending callbacks run: a few macrotask turns. */
export async function settle(turns = 3) {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve))
}

/** heapUsed after full collections (and the callbacks they allow, e.g. FinalizationRegistry). */
export async function heap() {
  await settle()
  for (let i = 0; i < 4; i++) globalThis.gc()
  await settle()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

/** How many 'abort' listeners an AbortSignal has. */
export const abortListeners = (signal) => getEventListeners(signal, 'abort').length

/**
 * Runs `cycle(i)` `warmup` times, measures the baseline, runs it `cycles` more times, measures
 * again, and prints the result (with whatever `counts()` returns at both points).
 */
export async function measure(name, { warmup, cycles, cycle, tolerance, counts = () => ({}) }) {
  for (let i = 0; i < warmup; i++) await cycle(i)
  const baseline = await heap()
  const countsBefore = counts()
  for (let i = 0; i < cycles; i++) await cycle(warmup + i)
  const after = await heap()
  const countsAfter = counts()
  console.log(JSON.stringify({ name, cycles, baseline, after, tolerance, countsBefore, countsAfter }))
}

/** Same, for a cycle that is synchronous (much faster than awaiting each one). */
export async function measureSync(name, { warmup, cycles, batch, tolerance, counts = () => ({}) }) {
  batch(warmup)
  const baseline = await heap()
  const countsBefore = counts()
  batch(cycles)
  const after = await heap()
  const countsAfter = counts()
  console.log(JSON.stringify({ name, cycles, baseline, after, tolerance, countsBefore, countsAfter }))
}

export const MB = 1024 * 1024
