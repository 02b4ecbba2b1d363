// Builds the package in the current directory: every `src/**/*.ts` file is transpiled (not
// bundled, so `@sagaflow/core` and `@sagaflow/core/effects` share one copy of the runtime's
// module state) to `dist/esm` and `dist/cjs`, and `tsc` writes the declarations beside both.
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'

const cwd = process.cwd()
const srcDir = join(cwd, 'src')
const distDir = join(cwd, 'dist')

function sourceFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.ts$/.test(entry.name) && !/\.(test|test-d)\.ts$/.test(entry.name) ? [path] : []
  })
}

rmSync(distDir, { recursive: true, force: true })
const entryPoints = sourceFiles(srcDir)
const common = { entryPoints, bundle: false, platform: 'neutral', target: 'es2022', logLevel: 'warning' }
await build({ ...common, outdir: join(distDir, 'esm'), format: 'esm' })
await build({ ...common, outdir: join(distDir, 'cjs'), format: 'cjs' })
writeFileSync(join(distDir, 'cjs', 'package.json'), '{ "type": "commonjs" }\n')
writeFileSync(join(distDir, 'esm', 'package.json'), '{ "type": "module" }\n')

const require = createRequire(import.meta.url)
const tsc = require.resolve('typescript/bin/tsc')
const project = existsSync(join(cwd, 'tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json'
execFileSync(process.execPath, [tsc, '-p', project, '--emitDeclarationOnly', '--declaration', '--outDir', join(distDir, 'types')], {
  stdio: 'inherit',
})
for (const flavour of ['esm', 'cjs']) cpSync(join(distDir, 'types'), join(distDir, flavour), { recursive: true })
rmSync(join(distDir, 'types'), { recursive: true, force: true })
console.log(`built ${relative(join(cwd, '..', '..'), cwd)}: ${entryPoints.length} modules (esm, cjs, d.ts)`)
