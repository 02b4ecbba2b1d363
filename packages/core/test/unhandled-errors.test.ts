/*
 * The test run fails on any unhandled rejection or uncaught exception (issue #9), even when
 * every test passes. vitest does this by default (`dangerouslyIgnoreUnhandledErrors: false`);
 * this proves our configuration (vitest.config.ts, scripts/vitest-setup.ts) keeps it so, by
 * running vitest with that configuration on fixtures whose only test passes.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import base from '../../../vitest.config.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const config = fileURLToPath(new URL('./fixtures/unhandled/vitest.config.ts', import.meta.url))
const vitest = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url))
const run = promisify(execFile)

/** Runs vitest on one fixture with the repository's configuration: exit code and output. */
async function runFixture(fixture: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [vitest, 'run', '--config', config], {
      cwd: root,
      env: { ...process.env, FIXTURE: fixture, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 60_000,
    })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string }
    return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` }
  }
}

describe.concurrent('unhandled errors fail the test run', () => {
  it('the configuration does not ignore them', () => {
    expect(base.test?.dangerouslyIgnoreUnhandledErrors).toBeFalsy()
  })

  it('a clean run passes (the control)', { timeout: 60_000 }, async () => {
    const { code, output } = await runFixture('clean')
    expect(output).toContain('1 passed')
    expect(code).toBe(0)
  })

  it('an unhandled rejection fails the run although its test passed', { timeout: 60_000 }, async () => {
    const { code, output } = await runFixture('rejection')
    expect(output).toContain('1 passed')
    expect(output).toContain('Unhandled Rejection')
    expect(output).toContain('fixture: nobody handles this rejection')
    expect(code).not.toBe(0)
  })

  it('an uncaught exception fails the run although its test passed', { timeout: 60_000 }, async () => {
    const { code, output } = await runFixture('exception')
    expect(output).toContain('1 passed')
    expect(output).toContain('Uncaught Exception')
    expect(output).toContain('fixture: uncaught exception in a timer')
    expect(code).not.toBe(0)
  })
})
