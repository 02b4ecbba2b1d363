// expectSaga in environments without Node's event-loop primitives: it waits on real outside work
// with whatever turn the environment has (setImmediate, MessageChannel, setTimeout), as the built
// package is loaded there. Runs against dist/, like core's packaging test (`pnpm test` builds first).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const scratch = mkdtempSync(join(root, '.tmp-environments-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A saga that waits on a real timer, then on virtual time, run by expectSaga after `prelude`. */
function runWith(name: string, prelude: string): string {
  const file = join(scratch, `${name}.mjs`)
  writeFileSync(
    file,
    `${prelude}
     const { call, put, delay } = await import('@sagaflow/core/effects')
     const { expectSaga } = await import('@sagaflow/testing')
     const realTimer = globalThis.savedTimer ?? globalThis.setTimeout
     function* saga() {
       const value = yield call(() => new Promise((resolve) => realTimer(() => resolve('real'), 5)))
       yield delay(60_000)
       yield put({ type: 'GOT', value })
     }
     const { effects } = await expectSaga(saga).run({ requireDone: true })
     console.log(effects.put.map((e) => e.payload.action.value).join())`,
  )
  return execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8' }).trim()
}

describe('expectSaga outside Node-like environments', () => {
  it('waits on real work with MessageChannel turns where there is no setImmediate (browsers)', () => {
    expect(runWith('no-immediate', 'delete globalThis.setImmediate')).toBe('real')
  })

  it("waits on real work with setTimeout turns where there is neither (Jest's jsdom environment)", () => {
    expect(runWith('timers-only', 'delete globalThis.setImmediate; delete globalThis.MessageChannel')).toBe('real')
  })

  it('uses the real setTimeout that fake timers installed before it loaded keep (Jest: fakeTimers.enableGlobally)', () => {
    // @sinonjs/fake-timers' own marks: the fake's `clock` keeps the replaced function as `_setTimeout`.
    const prelude = `delete globalThis.setImmediate; delete globalThis.MessageChannel
      const saved = (globalThis.savedTimer = globalThis.setTimeout)
      globalThis.setTimeout = Object.assign(() => { throw new Error('a fake timer ran') }, { clock: { _setTimeout: saved } })`
    expect(runWith('faked-before', prelude)).toBe('real')
  })

  it('says what to do where there is no turn at all (setTimeout faked before it loaded, no original kept)', () => {
    const prelude = `delete globalThis.setImmediate; delete globalThis.MessageChannel
      globalThis.savedTimer = globalThis.setTimeout
      globalThis.setTimeout = Object.assign(() => {}, { _isMockFunction: true })`
    expect(() => runWith('no-turn', prelude)).toThrow(/no setImmediate, no MessageChannel, and setTimeout was already replaced by fakes that keep no original/)
  })
})
