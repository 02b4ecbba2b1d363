// The built package loads by name from plain Node ESM and CommonJS files, `/node` included
// (CONTRACT §0). Runs against dist/, so `pnpm test` builds first.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const built = existsSync(join(root, 'packages/compensation/dist/cjs/index.js')) && existsSync(join(root, 'packages/compensation/dist/esm/node.js'))
const scratch = mkdtempSync(join(root, '.tmp-compensation-packaging-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function runNode(fileName: string, source: string): string {
  const file = join(scratch, fileName)
  writeFileSync(file, source)
  return execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

const probe = (load: string) => `${load}
const { runSaga } = core
const journal = comp.memoryJournal()
const undone = []
const step = comp.defineStep('s', { run: (n) => n + 1, compensate: (r) => undone.push(r) })
const task = runSaga({ onError() {} }, function* () {
  yield* comp.transaction('t', function* (tx) {
    yield* tx.run(step, 1)
    throw new Error('boom')
  }, { journal })
})
task.toPromise().catch((error) => {
  console.log([error.name, undone.join(), typeof node.fileJournal, journal.records().length].join(' '))
})`

describe.skipIf(!built)('the built @sagaflow/compensation', () => {
  it('loads and runs from a CommonJS file', () => {
    const out = runNode(
      'probe.cjs',
      probe(`const comp = require('@sagaflow/compensation'); const node = require('@sagaflow/compensation/node'); const core = require('@sagaflow/core')`),
    )
    expect(out).toBe('TransactionAbortedError 2 function 6')
  })

  it('loads and runs from an ES module', () => {
    const out = runNode(
      'probe.mjs',
      probe(`import * as comp from '@sagaflow/compensation'; import * as node from '@sagaflow/compensation/node'; import * as core from '@sagaflow/core'`),
    )
    expect(out).toBe('TransactionAbortedError 2 function 6')
  })
})
