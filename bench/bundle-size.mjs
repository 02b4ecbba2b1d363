// Bundle size of a typical app import (issue #7): esbuild bundles the entry, minified, for the
// browser (ES2022) with NODE_ENV=production; the table shows minified and gzip (level 9) bytes,
// then what each module of the typical sagaflow import weighs. The packages are resolved as a
// user's bundler resolves them: through their package.json exports (the `browser` condition of
// platform 'browser'), so the BUILT files are measured (run `pnpm build` first), not the sources
// the repo's tsconfig paths point at.
//   node bench/bundle-size.mjs [--json]      (ALL=1: list every module, not the largest 12)
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
    metafile: true,
    stdin: { contents, resolveDir: here, loader: 'js' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    // ES2022 (class private fields kept, not lowered to WeakMaps), what the packages are published
    // as and what current browsers run (Vite's default build target supports it since Vite 7).
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
    // No tsconfig: its `paths` would resolve @sagaflow/* to the sources, not the package.
    tsconfigRaw: '{}',
    logLevel: 'silent',
    // @redux-saga/core is a dependency of redux-saga (pnpm: a sibling of its real directory).
    nodePaths: [join(realpathSync(join(here, 'node_modules/redux-saga')), '..')],
  })
  const code = result.outputFiles[0].contents
  // Minified bytes each source module contributes (esbuild's metafile), largest first.
  const output = Object.values(result.metafile.outputs)[0]
  const modules = Object.entries(output.inputs)
    .map(([path, { bytesInOutput }]) => ({ module: path.replace(/^.*?(packages|node_modules)\//, '').replace(/\/dist\/[a-z]+\//, '/'), bytes: bytesInOutput }))
    .filter((m) => m.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
  return { minified: code.length, gzip: gzipSync(code, { level: 9 }).length, modules }
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
if (typical.modules) {
  console.log(`\nsagaflow typical import, minified bytes per module (${process.env.ALL ? 'all' : 'largest 12'}):`)
  for (const m of typical.modules.slice(0, process.env.ALL ? 999 : 12)) console.log(`  ${String(m.bytes).padStart(6)}  ${m.module}`)
  const cancellation = typical.modules.filter((m) => m.module.startsWith('cancellation/')).reduce((sum, m) => sum + m.bytes, 0)
  console.log(`  @sagaflow/cancellation in total: ${cancellation} B of ${typical.minified} B`)
}
const budget = 7 * 1024
const pass = typical.gzip !== undefined && typical.gzip <= budget
console.log(`\ntarget: typical sagaflow import <= 7 KB gzip: ${pass ? 'PASS' : 'FAIL'} (${typical.gzip !== undefined ? kb(typical.gzip) : typical.error})`)
mkdirSync(join(here, 'results'), { recursive: true })
writeFileSync(join(here, 'results', 'bundle-size.json'), JSON.stringify({ date: new Date().toISOString(), typical: TYPICAL, target: 'es2022', rows: rows.map((r, i) => (i === 0 ? r : { ...r, modules: undefined })), budget, pass }, null, 2) + '\n')
