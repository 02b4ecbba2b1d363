/*
 * Leak tests (issue #9). vitest cannot expose `gc`, so each scenario is a plain Node script in
 * this folder, run here with `node --expose-gc` against the built packages (dist/, so `pnpm test`
 * builds first). A script prints one JSON line per measurement: the heap after full collections
 * once the scenario has warmed up (`baseline`) and after many more cycles (`after`), the stated
 * `tolerance`, and counts (listeners, registrations, open producers) at both points.
 *
 * Run one by hand: `pnpm build && node --expose-gc packages/core/test/leaks/take-cancel.mjs`.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const here = fileURLToPath(new URL('.', import.meta.url))
const root = join(here, '..', '..', '..', '..')
const run = promisify(execFile)

interface Measurement {
  name: string
  cycles?: number
  baseline?: number
  after?: number
  tolerance?: number
  countsBefore?: Record<string, unknown>
  countsAfter?: Record<string, unknown>
  [key: string]: unknown
}

async function scenario(file: string): Promise<Measurement[]> {
  const { stdout } = await run(process.execPath, ['--expose-gc', join(here, file)], { cwd: root, timeout: 120_000 })
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Measurement)
}

/** The heap came back to its baseline (within the tolerance) and the counts did not grow. */
function expectNoGrowth(m: Measurement): void {
  const growth = m.after! - m.baseline!
  expect(growth, `${m.name}: heap grew by ${growth} bytes over ${m.cycles} cycles (tolerance ${m.tolerance})`).toBeLessThanOrEqual(m.tolerance!)
  expect(m.countsAfter, `${m.name}: counts after the cycles`).toEqual(m.countsBefore)
}

describe.concurrent('leaks (node --expose-gc, built packages)', () => {
  it('runs against built packages (run `pnpm build` first)', () => {
    for (const name of ['cancellation', 'core']) {
      expect(existsSync(join(root, 'packages', name, 'dist', 'esm', 'index.js')), `packages/${name}/dist`).toBe(true)
    }
  })

  it('100,000 take/cancel cycles leave no takers, tasks or signal listeners behind', { timeout: 120_000 }, async () => {
    const [m] = await scenario('take-cancel.mjs')
    expectNoGrowth(m!)
    expect(m!.countsAfter).toEqual({ signalsAbortedWithNoListenersLeft: true })
  })

  it('100,000 eventChannel subscribe/close cycles unsubscribe every listener from the shared signal', { timeout: 120_000 }, async () => {
    const [m] = await scenario('event-channel.mjs')
    expectNoGrowth(m!)
    expect(m!.countsAfter).toEqual({ sharedAbortListeners: 0, sharedBusListeners: 0, stillSubscribed: 0 })
  })

  it('100,000 takeLatest cancellations keep one registration on the shared tokens, and none once the root ended', { timeout: 120_000 }, async () => {
    const [churn, end] = await scenario('take-latest.mjs')
    expectNoGrowth(churn!)
    // While running: the root's link to the shutdown signal and the live worker's link to the app token.
    expect(churn!.countsAfter).toEqual({ appRegistrations: 1, shutdownRegistrations: 1, shutdownSignalListeners: 1, pendingRequests: 1 })
    // A signal's bridge token keeps its one 'abort' listener for the signal's life (by design: the
    // token is made once per signal); registrations on it return to zero.
    expect(end).toMatchObject({ appRegistrations: 0, shutdownRegistrations: 0, shutdownSignalListeners: 1, pendingRequests: 0, rootRunning: false })
  })

  it('1,000,000 links to a long-lived token and signal leave no registration behind', { timeout: 120_000 }, async () => {
    const [m] = await scenario('linked-tokens.mjs')
    expectNoGrowth(m!)
    expect(m!.countsAfter).toEqual({ parentRegistrations: 0, signalTokenRegistrations: 0, signalListeners: 1 })
  })

  it('100,000 fromAsyncIterable channels closed early run every producer finally', { timeout: 120_000 }, async () => {
    const [m] = await scenario('from-async-iterable.mjs')
    expectNoGrowth(m!)
    expect(m!.countsAfter).toEqual({ producersStillOpen: 0 })
  })

  it('a watcher traced in bounded mode stays within maxEffects over 100,000 actions', { timeout: 120_000 }, async () => {
    const [m] = await scenario('tracer-bounded.mjs')
    expectNoGrowth(m!)
    expect(m!.countsAfter).toMatchObject({ withinBound: true })
  })
})
