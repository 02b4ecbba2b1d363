// The built `@sagaflow/compensation/postgres` loads by name from plain Node CommonJS and ES module
// files and runs a transaction on a real PostgreSQL server (issue #10, CONTRACT §0). Runs against
// dist/, so `pnpm test` builds first.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, it } from 'vitest'
import { describeWithPostgres } from './support/postgres.js'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const built = existsSync(join(root, 'packages/compensation/dist/cjs/postgres.js')) && existsSync(join(root, 'packages/compensation/dist/esm/postgres.js'))
const scratch = mkdtempSync(join(root, '.tmp-compensation-postgres-packaging-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const probe = (load: string, schema: string) => `${load}
const journal = pgj.postgresJournal({ connectionString: process.argv[2] }, { schema: '${schema}' })
const step = comp.defineStep('s', { run: (n) => n + 1, compensate: () => {} })
const task = core.runSaga({ onError() {} }, function* () {
  return yield* comp.transaction('t', function* (tx) {
    yield* tx.run(step, 1)
    return tx.id
  }, { journal })
})
task.toPromise().then(async (id) => {
  const records = await journal.read(id)
  await journal.close()
  console.log([records.map((r) => r.kind).join(','), pgj.POSTGRES_SCHEMA_VERSION, typeof pgj.startRecoveryWorker].join(' '))
})`

describeWithPostgres('the built @sagaflow/compensation/postgres', (db) => {
  const run = (fileName: string, source: string) => {
    const file = join(scratch, fileName)
    writeFileSync(file, source)
    return execFileSync(process.execPath, [file, db.url], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
  }
  const expected = 'transaction:started,step:started,step:completed,transaction:committed 1 function'

  it.skipIf(!built)('loads and runs from a CommonJS file', () => {
    const load = `const comp = require('@sagaflow/compensation'); const pgj = require('@sagaflow/compensation/postgres'); const core = require('@sagaflow/core')`
    expect(run('probe.cjs', probe(load, 'packaging_cjs'))).toBe(expected)
  })

  it.skipIf(!built)('loads and runs from an ES module', () => {
    const load = `import * as comp from '@sagaflow/compensation'; import * as pgj from '@sagaflow/compensation/postgres'; import * as core from '@sagaflow/core'`
    expect(run('probe.mjs', probe(load, 'packaging_esm'))).toBe(expected)
  })
})
