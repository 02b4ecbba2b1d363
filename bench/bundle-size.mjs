// Bundle size of a typical app import (issue #7): esbuild bundles the entry, minified, for the
// browser with NODE_ENV=production; the table shows minified and gzip (level 9) bytes.
//   node bench/bundle-size.mjs [--json]
import { build } from 'esbuild'
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const here = dirname(fileURLToPath(import.meta.url))
const TYPICAL = ['takeEvery', 'takeLatest', 'call', 'put', 'select', 'race', 'delay']

const entries = {
  'sagaflow: typical app import': `import createSagaMiddleware from '@sagaflow/core'
import { ${TYPICAL.join(', ')} } from '@sagaflow/core/effects'
console.log(createSagaMiddleware, ${TYPICAL.join(', ')})`,
  'redux-saga: typical app import': `import createSagaMiddleware from 'redux-saga'
import { ${TYPICAL.join(', ')} } from 'redux-saga/effects'
console.log(createSagaMiddleware, ${TYPICAL.join(', ')})`,
  'sagaflow: everything (core + effects)': `import * as core from '@sagaflow/core'
import * as effects from '@sagaflow/core/effects'
console.log(core, effects)`,
  'redux-saga: everything (core + effects)': `import * as core from 'redux-saga'
import * as effects from 'redux-saga/effects'
console.log(core, effects)`,
  // The reference's own core package alone, as published (the "5.6 KB" of the issue).
  '@redux-saga/core: everything': `import * as core from '@redux-saga/core'
import * as effects from '@redux-saga/core/effects'
console.log(core, effects)`,
}

async function measure(contents) {
  const result = await build({
    stdin: { contents, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    // @redux-saga/core is a dependency of redux-saga (pnpm: a sibling of its real directory).
    nodePaths: [join(realpathSync(join(here, 'node_modules/redux-saga')), '..')],
  })
  const code = result.outputFiles[0].contents
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length }
}

const rows = []
for (const [name, contents] of Object.entries(entries)) {
  try {
    rows.push({ name, ...(await measure(contents)) })
  } catch (error) {
    rows.push({ name, error: String(error.message ?? error).split('\n')[0] })
  }
}
const kb = (b) => `${(b / 1024).toFixed(2)} KB`
console.log(`typical import: createSagaMiddleware + ${TYPICAL.join(', ')} (esbuild --minify, NODE_ENV=production, gzip -9)\n`)
console.log('| bundle | minified | min + gzip |\n|---|---|---|')
for (const r of rows) console.log(r.error ? `| ${r.name} | error: ${r.error} | |` : `| ${r.name} | ${kb(r.minified)} | ${kb(r.gzip)} |`)
const typical = rows[0]
const budget = 7 * 1024
const pass = typical.gzip !== undefined && typical.gzip <= budget
console.log(`\ntarget: typical sagaflow import <= 7 KB gzip: ${pass ? 'PASS' : 'FAIL'} (${typical.gzip !== undefined ? kb(typical.gzip) : typical.error})`)
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'bundle-size.json'), JSON.stringify({ date: new Date().toISOString(), typical: TYPICAL, rows, budget, pass }, null, 2) + '\n')
