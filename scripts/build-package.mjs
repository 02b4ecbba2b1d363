// Builds the package in the current directory: every `src/**/*.ts` file is transpiled (not
// bundled, so `@sagaflow/core` and `@sagaflow/core/effects` share one copy of the runtime's
// module state) to `dist/esm` and `dist/cjs`, and `tsc` writes the declarations beside both.
// A package whose exports have a `browser` condition also gets `dist/browser` (ESM): the same
// modules with every `isDevelopment` test written out for bundlers (see BROWSER_DEV_TEST).
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'

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
const packageJson = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'))
/*
 * Each flavour's own package.json sets its module type, and repeats the package's `sideEffects`:
 * bundlers (esbuild, webpack, Rollup) read `sideEffects` from the package.json NEAREST to a
 * module, so without it every module of dist/ counted as having side effects, and an app
 * bundled the runner registrations of effects it never imports (issue #7, bundle size).
 */
function writeFlavourPackageJson(flavour, type) {
  const fields = { type, ...(packageJson.sideEffects !== undefined && { sideEffects: packageJson.sideEffects }) }
  writeFileSync(join(distDir, flavour, 'package.json'), JSON.stringify(fields) + '\n')
}
writeFlavourPackageJson('cjs', 'commonjs')
writeFlavourPackageJson('esm', 'module')

/*
 * ESM-only dependencies in the CommonJS build. Node 20 `require()`s an ES module only from 20.19
 * on, and a built package must load by name from a plain Node 20 CommonJS file (CONTRACT §0).
 * Each dependency named in package.json `sagaflow.cjsVendor` (nanoid 5 is ESM-only) is bundled
 * once by esbuild into `dist/cjs/vendor/<name>.js`, in its browser variant (nanoid's uses the
 * global `crypto`, which Node 20 and browsers have, so a CommonJS bundle for the browser works
 * too), and the CJS modules require that file instead. The ESM flavour imports the package as is.
 */
const cjsVendor = packageJson.sagaflow?.cjsVendor ?? []
for (const name of cjsVendor) {
  const version = JSON.parse(readFileSync(createRequire(join(cwd, 'package.json')).resolve(`${name}/package.json`), 'utf8')).version
  await build({
    stdin: { contents: `export * from '${name}'`, resolveDir: cwd, loader: 'js' },
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    target: 'es2022',
    outfile: join(distDir, 'cjs', 'vendor', `${name}.js`),
    banner: { js: `/* ${name} ${version} (MIT licence, see its package), bundled as CommonJS by sagaflow's build */` },
    logLevel: 'warning',
  })
  let rewritten = 0
  for (const file of sourceFiles(srcDir)) {
    const out = join(distDir, 'cjs', relative(srcDir, file).replace(/\.ts$/, '.js'))
    const code = readFileSync(out, 'utf8')
    const vendored = relative(dirname(out), join(distDir, 'cjs', 'vendor', `${name}.js`))
    const replaced = code.replaceAll(`require("${name}")`, () => {
      rewritten++
      return `require(${JSON.stringify(vendored.startsWith('.') ? vendored : `./${vendored}`)})`
    })
    if (replaced !== code) writeFileSync(out, replaced)
  }
  if (rewritten === 0) throw new Error(`build: package.json sagaflow.cjsVendor names ${name}, but no CJS module requires it`)
}

/*
 * The browser build. Bundlers replace `process.env.NODE_ENV` with a string literal, so written
 * out at each test, `isDevelopment && process.env.NODE_ENV !== 'production'` folds to false in a
 * production bundle and the argument checks (and their long messages) are dropped: about 1.5 KB
 * of a typical app's 14 KB (issue #7, bundle size; bench/bundle-size.mjs). The flag read at load
 * (core's internal/dev.ts) is the first operand: false where `process` does not exist, so an
 * unbundled browser never reads it. Node keeps the plain flag (`process.env` costs ~600 ns per
 * read). Only `isDevelopment` identifiers outside import lines are rewritten; a package that
 * declares a browser build but has none fails the build, so the flavour cannot silently drift.
 */
const BROWSER_DEV_TEST = "(isDevelopment && process.env.NODE_ENV !== 'production')"
if (packageJson.exports?.['.']?.browser) {
  let rewritten = 0
  const devTests = {
    name: 'browser-dev-tests',
    setup(context) {
      context.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8')
        if (args.path.endsWith(join('internal', 'dev.ts'))) return { contents: source, loader: 'ts' }
        const contents = source
          .split('\n')
          .map((line) => {
            if (/^\s*import\b/.test(line)) return line
            return line.replace(/\bisDevelopment\b/g, () => {
              rewritten++
              return BROWSER_DEV_TEST
            })
          })
          .join('\n')
        return { contents, loader: 'ts' }
      })
    },
  }
  await build({ ...common, outdir: join(distDir, 'browser'), format: 'esm', plugins: [devTests] })
  writeFlavourPackageJson('browser', 'module')
  if (rewritten === 0) throw new Error('build: package.json declares a browser build, but no isDevelopment test was found to rewrite')
}

const require = createRequire(import.meta.url)
const tsc = require.resolve('typescript/bin/tsc')
const project = existsSync(join(cwd, 'tsconfig.build.json')) ? 'tsconfig.build.json' : 'tsconfig.json'
execFileSync(process.execPath, [tsc, '-p', project, '--emitDeclarationOnly', '--declaration', '--outDir', join(distDir, 'types')], {
  stdio: 'inherit',
})
for (const flavour of ['esm', 'cjs']) cpSync(join(distDir, 'types'), join(distDir, flavour), { recursive: true })
rmSync(join(distDir, 'types'), { recursive: true, force: true })
console.log(`built ${relative(join(cwd, '..', '..'), cwd)}: ${entryPoints.length} modules (esm, cjs, d.ts)`)
