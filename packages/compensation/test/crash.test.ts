// Crash tests with real processes (issue #5): a child Node process runs a transaction with the
// file journal and is killed with SIGKILL after step k; `recover` in a new process undoes
// exactly steps 1..k in reverse, once; a recovery that is itself killed midway and run again
// still undoes each step once.
//
// The child script (fixtures/crash-child.ts) is bundled once from the sources with esbuild (the
// packages' own build tool), so each child is a plain `node child.mjs` that starts in
// milliseconds and runs the code under test, not a possibly stale dist.
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const scratch = mkdtempSync(join(tmpdir(), 'sagaflow-crash-'))
const child = join(scratch, 'crash-child.mjs')
beforeAll(async () => {
  await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url))],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    tsconfig: join(root, 'tsconfig.json'), // its paths map @sagaflow/* to the sources
    logLevel: 'warning',
  })
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const STEPS = ['flight', 'hotel', 'car', 'payment']
let dirs = 0

interface Files {
  journal: string
  api: string
}
function files(): Files {
  const dir = mkdtempSync(join(scratch, `case-${++dirs}-`))
  return { journal: join(dir, 'journal.jsonl'), api: join(dir, 'api.jsonl') }
}
function copy(from: Files): Files {
  const to = files()
  copyFileSync(from.journal, to.journal)
  copyFileSync(from.api, to.api)
  return to
}

/** Runs the child; with a kill point, SIGKILLs it as soon as it reports READY. */
function runChild(mode: 'run' | 'recover', f: Files, killPoint?: string): Promise<{ stdout: string; signal: NodeJS.Signals | null; code: number | null }> {
  return new Promise((resolve, reject) => {
    const args = [child, mode, f.journal, f.api, ...(killPoint ? [killPoint] : [])]
    const proc = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (killPoint && stdout.includes('READY\n')) proc.kill('SIGKILL')
    })
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    proc.on('error', reject)
    // 'close', not 'exit': 'exit' can come before the last stdout chunk is read, and a loaded
    // machine then parsed a truncated summary (CI failed on one: "Unexpected end of JSON input").
    proc.on('close', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`crash-child ${mode} exited with ${code}:\n${stderr}`))
      else resolve({ stdout, signal, code })
    })
  })
}

async function killedRun(f: Files, killPoint: string): Promise<void> {
  const { signal, stdout } = await runChild('run', f, killPoint)
  expect(signal).toBe('SIGKILL')
  expect(stdout).toBe('READY\n')
}

async function recoverIn(f: Files, killPoint?: string) {
  const { stdout, signal } = await runChild('recover', f, killPoint)
  if (killPoint) {
    expect(signal).toBe('SIGKILL')
    return undefined
  }
  return JSON.parse(stdout) as { transactions: { id: string; name: string; outcome: string; compensated: string[] }[] }
}

function apiLog(f: Files): { action: string; step: string }[] {
  if (!existsSync(f.api)) return []
  return readFileSync(f.api, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line))
}
const actions = (f: Files, ...kinds: string[]) => apiLog(f).filter((e) => kinds.includes(e.action)).map((e) => `${e.action} ${e.step}`)

describe('a transaction killed with SIGKILL', () => {
  it.concurrent.each([0, 1, 2, 3, 4])(
    'after step %i is undone by recover in a new process: exactly steps 1..k in reverse, once',
    async (k) => {
      const f = files()
      await killedRun(f, `after-step:${k}`)
      const done = STEPS.slice(0, k)
      expect(actions(f, 'do')).toEqual(done.map((s) => `do ${s}`))

      const summary = await recoverIn(f)
      const reversed = [...done].reverse()
      expect(summary!.transactions).toEqual([{ id: expect.any(String), name: 'book-trip', outcome: 'rolled-back', compensated: reversed }])
      expect(actions(f, 'do', 'undo')).toEqual([...done.map((s) => `do ${s}`), ...reversed.map((s) => `undo ${s}`)])
      // Each compensation was even called only once: the journal alone made it exactly-once.
      expect(actions(f, 'undo-call')).toEqual(reversed.map((s) => `undo-call ${s}`))

      // A second recovery, in yet another process, finds nothing to do.
      const again = await recoverIn(f)
      expect(again).toEqual({ transactions: [] })
      expect(actions(f, 'undo-call')).toHaveLength(k)
    },
    60_000,
  )

  it('while a step is running is undone without that step (it has no recorded result)', async () => {
    const f = files()
    await killedRun(f, 'during-step:3') // car's API call happened, its result was never recorded
    expect(actions(f, 'do')).toEqual(['do flight', 'do hotel', 'do car'])
    const summary = await recoverIn(f)
    expect(summary!.transactions[0]!.compensated).toEqual(['hotel', 'flight'])
  }, 60_000)

  it('commits normally when not killed, and leaves nothing to recover', async () => {
    const f = files()
    const { stdout } = await runChild('run', f)
    expect(stdout).toBe('COMMITTED\n')
    expect(await recoverIn(f)).toEqual({ transactions: [] })
  }, 60_000)
})

describe('a recovery killed with SIGKILL', () => {
  let crashed: Promise<Files> | undefined
  /** One run killed after all four steps, copied for each scenario. */
  const afterAllSteps = (): Promise<Files> =>
    (crashed ??= (async () => {
      const f = files()
      await killedRun(f, 'after-step:4')
      return f
    })())

  it.concurrent.each([1, 2, 3])(
    'after undoing %i step(s) is finished by the next recovery, each step undone once, in reverse',
    async (j) => {
      const f = copy(await afterAllSteps())
      await recoverIn(f, `after-undo:${j}`)
      expect(actions(f, 'undo')).toEqual(['undo payment', 'undo car', 'undo hotel', 'undo flight'].slice(0, j))
      const summary = await recoverIn(f)
      expect(summary!.transactions[0]).toMatchObject({ outcome: 'rolled-back', compensated: ['payment', 'car', 'hotel', 'flight'].slice(j) })
      expect(actions(f, 'undo')).toEqual(['undo payment', 'undo car', 'undo hotel', 'undo flight'])
      expect(actions(f, 'undo-call')).toEqual(['undo-call payment', 'undo-call car', 'undo-call hotel', 'undo-call flight'])
    },
    60_000,
  )

  it.concurrent.each([1, 2, 3, 4])(
    'inside compensation %i (undo applied, not yet recorded) re-runs that idempotent compensation, which applies once',
    async (j) => {
      const f = copy(await afterAllSteps())
      await recoverIn(f, `during-undo:${j}`)
      await recoverIn(f)
      expect(actions(f, 'undo')).toEqual(['undo payment', 'undo car', 'undo hotel', 'undo flight'])
      // The interrupted compensation was called twice (at-least-once); the API applied it once.
      const calls = actions(f, 'undo-call')
      expect(calls.filter((c) => c === `undo-call ${['payment', 'car', 'hotel', 'flight'][j - 1]}`)).toHaveLength(2)
      expect(calls).toHaveLength(5)
      expect(await recoverIn(f)).toEqual({ transactions: [] })
    },
    60_000,
  )
})
