// The main demo's timeline (issue #6): the three booking runs traced, the tracer's HTML opened in
// real headless Chromium, lanes and markers counted, and the screenshot written where `pnpm start`
// tells the user to look (examples/booking/out/timeline.png).
import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runDemo } from '../src/demo.js'
import { chromiumPath, outDir, screenshot, writeTimeline } from '../src/timeline.js'

const hasChromium = existsSync(chromiumPath)
const title = hasChromium
  ? 'renders one lane per task, the effects, and the failure and cancellation markers'
  : `skipped: no Chromium at ${chromiumPath} (apt-get install -y --no-install-recommends chromium)`

describe('the booking demo timeline in Chromium', () => {
  it.runIf(hasChromium)(title, async () => {
    const lines: string[] = []
    const { tracer, statuses } = await runDemo((line) => lines.push(line))
    expect(statuses).toEqual({ 'trip-1': 'confirmed', 'trip-2': 'failed', 'trip-3': 'cancelled' })
    const shot = await screenshot(writeTimeline(tracer))
    const tasks = tracer.toJSON().tasks
    expect(shot!.path).toBe(`${outDir}/timeline.png`)
    expect(existsSync(shot!.path)).toBe(true)
    expect(shot!.counts.lanes).toBe(tasks.length)
    expect(shot!.counts.effects).toBeGreaterThan(tasks.length)
    expect(shot!.counts.failed).toBeGreaterThan(0)
    expect(shot!.counts.cancelled).toBeGreaterThan(0)
    expect(shot!.requests).toEqual([])
  })
})
