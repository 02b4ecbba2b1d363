// Where the demo's timeline goes, and its screenshot in headless Chromium (Debian's package,
// driven by playwright-core) when the browser is installed.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Tracer } from '@sagaflow/core'

export const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'out')
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync']

/** Writes `out/timeline.html` and returns its path. */
export function writeTimeline(tracer: Tracer): string {
  mkdirSync(outDir, { recursive: true })
  const path = join(outDir, 'timeline.html')
  writeFileSync(path, tracer.toHTML({ title: 'sagaflow demo: travel booking' }))
  return path
}

export interface Screenshot {
  readonly path: string
  /** What the page rendered: lanes (one per task), effect bars, failure and cancellation markers. */
  readonly counts: { lanes: number; effects: number; failed: number; cancelled: number }
  /** Requests the page made other than loading itself (must be none: the page is self-contained). */
  readonly requests: string[]
}

/** Opens the timeline in headless Chromium and writes `out/timeline.png`; undefined without Chromium. */
export async function screenshot(htmlPath: string): Promise<Screenshot | undefined> {
  if (!existsSync(chromiumPath)) return undefined
  const { chromium } = await import('playwright-core')
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    const pageUrl = `file://${htmlPath}`
    const requests: string[] = []
    page.on('request', (request) => {
      if (request.url() !== pageUrl) requests.push(request.url())
    })
    await page.goto(pageUrl)
    const counts = await page.evaluate(() => ({
      lanes: document.querySelectorAll('.lane').length,
      effects: document.querySelectorAll('.effect').length,
      failed: document.querySelectorAll('.marker.failed').length,
      cancelled: document.querySelectorAll('.marker.cancelled').length,
    }))
    const path = join(outDir, 'timeline.png')
    await page.screenshot({ path, fullPage: true })
    return { path, counts, requests }
  } finally {
    await browser.close()
  }
}
