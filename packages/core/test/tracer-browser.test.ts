/*
 * tracer.toHTML() opened in a real browser: headless Chromium (Debian's `chromium` package)
 * driven by playwright-core. Skipped, saying why, when the browser is not installed; CI installs
 * it with `apt-get install -y --no-install-recommends chromium`.
 *
 * The screenshot lands in packages/core/test/.output/tracer.png (gitignored) for a person to look at.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VirtualClock } from '@sagaflow/cancellation'
import { createTracer, runSaga, stdChannel, type Tracer } from '@sagaflow/core'
import { call, cancel, delay, fork, put, race, spawn, take, takeEvery } from '@sagaflow/core/effects'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const HAS_CHROMIUM = existsSync(CHROMIUM)
const SKIP_REASON = `skipped: no Chromium at ${CHROMIUM} (install it with \`apt-get install -y --no-install-recommends chromium\`, or set CHROMIUM_PATH)`
if (!HAS_CHROMIUM) console.warn(`tracer-browser.test.ts ${SKIP_REASON}`)

const OUTPUT_DIR = fileURLToPath(new URL('./.output/', import.meta.url))
const PAGE_URL = 'http://tracer.test/trace.html'
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
]

const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

/** A small app: a task that completes, one that fails, one that is cancelled, one still blocked. */
async function sampleTrace(): Promise<Tracer> {
  const clock = new VirtualClock()
  const tracer = createTracer({ clock })
  const channel = stdChannel()
  const dispatch = (action: any) => channel.put(action)

  function* fetchProfile(id: number) {
    yield delay(120)
    return { id, name: 'Ada' }
  }
  function* loadProfile() {
    const profile = yield* call(fetchProfile, 7)
    yield put({ type: 'PROFILE_LOADED', profile })
  }
  function* checkout() {
    yield delay(60)
    yield call(function chargeCard() {
      return Promise.reject(new Error('card declined'))
    })
  }
  function* syncInbox() {
    while (true) {
      yield race({ message: take('MESSAGE'), tick: delay(80) })
    }
  }
  function* watchSearch() {
    yield take('SEARCH')
  }
  function* pong() {
    yield delay(20)
    yield put({ type: 'PONG' })
  }
  function* rootSaga() {
    yield fork(loadProfile)
    yield spawn(checkout)
    const inbox = yield* fork(syncInbox)
    yield fork(watchSearch)
    yield takeEvery('PING', pong)
    yield delay(300)
    yield cancel(inbox)
    yield take('LOGOUT')
  }

  runSaga({ channel, dispatch, getState: () => ({}), sagaMonitor: tracer, clock, onError: () => {} }, rootSaga)
  for (let t = 0; t < 50; t++) {
    clock.advance(10)
    await settle()
    if (t === 14) dispatch({ type: 'PING' })
  }
  return tracer
}

describe.skipIf(!HAS_CHROMIUM)(`tracer.toHTML() in headless Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_REASON})`}`, () => {
  let browser: Browser
  let page: Page
  let tracer: Tracer
  const requests: string[] = []
  const pageErrors: string[] = []

  beforeAll(async () => {
    tracer = await sampleTrace()
    const html = tracer.toHTML({ title: 'sagaflow tracer: sample run' })
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    page.on('request', (request) => requests.push(request.url()))
    page.on('pageerror', (error) => pageErrors.push(String(error)))
    // The page itself is served from memory; any other request is recorded and refused.
    await page.route('**/*', (route) =>
      route.request().url() === PAGE_URL ? route.fulfill({ status: 200, contentType: 'text/html', body: html }) : route.abort(),
    )
    await page.goto(PAGE_URL, { waitUntil: 'load' })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('renders one lane per task, labelled with its name', async () => {
    const { tasks } = tracer.toJSON()
    await expect(page.locator('.lane').count()).resolves.toBe(tasks.length)
    const names = await page.locator('.lane .task-name').allInnerTexts()
    expect(names.map((name) => name.trim())).toEqual([
      'rootSaga',
      'loadProfile',
      'fetchProfile',
      'checkout',
      'syncInbox',
      'watchSearch',
      "takeEvery(PING, pong)",
      'pong',
    ])
  })

  it('renders one visible bar per effect, inside its lane', async () => {
    const { effects } = tracer.toJSON()
    await expect(page.locator('.effect').count()).resolves.toBe(effects.length)
    const outside = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.effect')].filter((bar) => {
        const track = bar.closest('.track')!.getBoundingClientRect()
        const box = bar.getBoundingClientRect()
        return box.width < 2 || box.height < 8 || box.left < track.left - 1 || box.right > track.right + 4
      }).length,
    )
    expect(outside).toBe(0)
  })

  it('marks the failed and the cancelled task on their lanes', async () => {
    await expect(page.locator('.lane.failed .marker.failed').count()).resolves.toBe(1)
    await expect(page.locator('.lane.cancelled .marker.cancelled').count()).resolves.toBe(1)
    await expect(page.locator('.lane.failed .task-name').innerText()).resolves.toContain('checkout')
    await expect(page.locator('.lane.failed .detail').innerText()).resolves.toBe('Error: card declined')
    await expect(page.locator('.effect.rejected').count()).resolves.toBe(1)
    expect(await page.locator('.effect.cancelled').count()).toBeGreaterThan(0)
  })

  it('shows blocked effects as waiting up to now, with hover details', async () => {
    const lane = page.locator('.lane').filter({ has: page.locator('.task-name', { hasText: /^watchSearch$/ }) })
    const waiting = lane.locator('.effect.pending')
    await expect(waiting.count()).resolves.toBe(1)
    await expect(waiting.getAttribute('title')).resolves.toMatch(/^take\('SEARCH'\)\nTAKE · waiting/)
    const [bar, track] = await Promise.all([
      waiting.boundingBox(),
      lane.locator('.track').boundingBox(),
    ])
    expect(Math.abs(bar!.x + bar!.width - (track!.x + track!.width))).toBeLessThan(2)
    await waiting.hover()
    await expect(page.locator('#details').innerText()).resolves.toContain("take('SEARCH')")
  })

  it('zooms the timeline with the zoom slider', async () => {
    const before = (await page.locator('.track').first().boundingBox())!.width
    await page.locator('#zoom').fill('3')
    const after = (await page.locator('.track').first().boundingBox())!.width
    expect(after).toBeGreaterThan(before * 2.5)
    await page.locator('#zoom').fill('1')
  })

  it('makes no network request and throws no script error; saves a screenshot', async () => {
    mkdirSync(OUTPUT_DIR, { recursive: true })
    await page.screenshot({ path: `${OUTPUT_DIR}tracer.png`, fullPage: true })
    expect(existsSync(`${OUTPUT_DIR}tracer.png`)).toBe(true)
    expect(requests).toEqual([PAGE_URL])
    expect(pageErrors).toEqual([])
  })
})
