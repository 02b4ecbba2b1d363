// Smoke test of the packages as a user installs them: packs the four packages (`pnpm pack`
// rewrites `workspace:*` to versions), installs the tarballs with npm into a scratch project
// outside the workspace, then runs one small scenario (a saga on a virtual clock, a rolled-back
// transaction, testSaga and expectSaga) three ways:
//   - from an .mjs file (ESM build) and a .cjs file (CJS build), importing every public subpath;
//   - from a browser bundle (esbuild, platform 'browser'), which must not pull in any Node
//     builtin, run in a `node:vm` context that has browser globals but no `process`/`require`,
//     and, when Debian's chromium is at /usr/bin/chromium, in a real page (playwright-core).
// Then it type-checks a typed consumer (`scripts/smoke-types.ts`) against the packed declarations
// with the TypeScript versions we support (5.4, the repo's 6.0, 7.0), resolving as a bundler and
// as Node (ESM and CommonJS) do; its `@ts-expect-error` lines fail the check if a type is lost.
// Run after `pnpm build`; part of `pnpm test` (`pnpm smoke`). Temp dirs are removed on exit.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import vm from 'node:vm'
import { build } from 'esbuild'

const root = new URL('..', import.meta.url).pathname
const names = ['cancellation', 'core', 'compensation', 'testing']
const chromium = '/usr/bin/chromium'
const started = Date.now()
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`
const step = (message) => console.log(`smoke: ${message} (${elapsed()})`)

// The scenario every entry runs, given the packages' namespaces. Plain JavaScript (`yield`, not
// `yield*`), as an untyped user would write it; serialized into each entry with toString().
async function scenario({ core, effects, cancellation, compensation, testing, node }) {
  const check = (ok, what) => {
    if (!ok) throw new Error(`smoke scenario: ${what}`)
  }
  const { runSaga } = core
  const { call, delay, put } = effects
  const { VirtualClock, CancellationTokenSource } = cancellation
  const { transaction, memoryJournal, TransactionAbortedError } = compensation
  const { testSaga, expectSaga } = testing
  check(typeof core.default === 'function', 'the default export of @sagaflow/core is createSagaMiddleware')

  // A saga on a virtual clock: a minute of delay() takes no real time.
  const hello = (name) => `hello ${name}`
  function* greet(name) {
    yield delay(60_000)
    const text = yield call(hello, name)
    yield put({ type: 'GREETED', text })
    return text
  }
  const clock = new VirtualClock()
  const dispatched = []
  const task = runSaga({ clock, dispatch: (action) => dispatched.push(action), getState: () => ({}) }, greet, 'ada')
  check(task.isRunning(), 'greet waits for its delay')
  clock.advance(60_000)
  check((await task.toPromise()) === 'hello ada', 'greet returns its greeting')
  check(dispatched.length === 1 && dispatched[0].text === 'hello ada', 'greet puts GREETED')

  // A cancellation token cancelled by its source.
  const source = new CancellationTokenSource()
  source.cancel()
  check(source.token.isCancelled, 'a cancelled source cancels its token')

  // A transaction whose second step fails: the first is undone.
  async function rollBack(journal) {
    const undone = []
    let id
    function* book() {
      try {
        yield transaction('book', function* (tx) {
          id = tx.id
          yield tx.step('reserve', () => 'seat-1', { compensate: (seat) => void undone.push(seat) })
          yield tx.step('charge', () => Promise.reject(new Error('card declined')))
        }, { journal })
        return null
      } catch (error) {
        return error
      }
    }
    const error = await runSaga({}, book).toPromise()
    check(error instanceof TransactionAbortedError && error.name === 'TransactionAbortedError', `the transaction is rolled back (got ${error})`)
    check(undone.join() === 'seat-1', 'the completed step is undone')
    check(/^[A-Za-z0-9_-]{21}$/.test(id), `the transaction id is a nanoid (got ${id})`)
  }
  await rollBack(memoryJournal())
  if (node) {
    const journal = node.fileJournal(node.journalPath, { fsync: false })
    await rollBack(journal)
    check((await journal.records()).length > 0, 'the file journal holds the records')
    await journal.close()
    check(typeof node.sagaMatchers.toHaveYielded === 'function', '@sagaflow/testing/vitest exports sagaMatchers')
  }

  // Step by step, and as a whole on virtual time.
  testSaga(greet, 'ada').next().delay(60_000).next().call(hello, 'ada').next('hi').put({ type: 'GREETED', text: 'hi' }).next().returns('hi')
  await expectSaga(greet, 'bob').put({ type: 'GREETED', text: 'hello bob' }).returns('hello bob').run()
  return 'ok'
}

const entries = {
  // Static imports so the ESM build is what loads; the namespaces are passed as they are.
  'esm.mjs': `import * as core from '@sagaflow/core'
import * as effects from '@sagaflow/core/effects'
import * as cancellation from '@sagaflow/cancellation'
import * as compensation from '@sagaflow/compensation'
import * as testing from '@sagaflow/testing'
import { fileJournal } from '@sagaflow/compensation/node'
import { sagaMatchers } from '@sagaflow/testing/vitest'
const builds = ['@sagaflow/core', '@sagaflow/core/effects', '@sagaflow/compensation/node', '@sagaflow/testing/vitest'].map((id) => import.meta.resolve(id))
if (!builds.every((url) => url.includes('/dist/esm/'))) throw new Error('not the ESM build: ' + builds.join(', '))
${scenario}
console.log('esm', await scenario({ core, effects, cancellation, compensation, testing,
  node: { fileJournal, sagaMatchers, journalPath: new URL('./data/esm.jsonl', import.meta.url).pathname } }))
`,
  'cjs.cjs': `const core = require('@sagaflow/core')
const effects = require('@sagaflow/core/effects')
const cancellation = require('@sagaflow/cancellation')
const compensation = require('@sagaflow/compensation')
const testing = require('@sagaflow/testing')
const { fileJournal } = require('@sagaflow/compensation/node')
const { sagaMatchers } = require('@sagaflow/testing/vitest')
const builds = ['@sagaflow/core', '@sagaflow/core/effects', '@sagaflow/compensation/node', '@sagaflow/testing/vitest'].map((id) => require.resolve(id))
if (!builds.every((path) => path.includes('/dist/cjs/'))) throw new Error('not the CJS build: ' + builds.join(', '))
${scenario}
scenario({ core, effects, cancellation, compensation, testing,
  node: { fileJournal, sagaMatchers, journalPath: require('node:path').join(__dirname, 'data', 'cjs.jsonl') } })
  .then((result) => console.log('cjs', result), (error) => { console.error(error); process.exitCode = 1 })
`,
  // What a browser app imports (the list in issue #8), then the whole scenario.
  'browser.mjs': `import { runSaga } from '@sagaflow/core'
import { call } from '@sagaflow/core/effects'
import { VirtualClock } from '@sagaflow/cancellation'
import { testSaga, expectSaga } from '@sagaflow/testing'
import { transaction } from '@sagaflow/compensation'
import * as core from '@sagaflow/core'
import * as effects from '@sagaflow/core/effects'
import * as cancellation from '@sagaflow/cancellation'
import * as compensation from '@sagaflow/compensation'
import * as testing from '@sagaflow/testing'
${scenario}
globalThis.smokeResult = (async () => {
  if (![runSaga, call, VirtualClock, testSaga, expectSaga, transaction].every((value) => typeof value === 'function')) throw new Error('missing export')
  return scenario({ core, effects, cancellation, compensation, testing })
})()
`,
}

/**
 * TypeScript versions the published declarations are checked with: the oldest supported (5.4: the
 * declarations use `NoInfer` and `Disposable`), the repo's own, and the latest major. Pinned, so
 * a new compiler release cannot fail a past commit's CI.
 */
const consumerCompilers = ['5.4.5', 'repo', '7.0.2']

/**
 * Type-checks `scripts/smoke-types.ts` in the scratch project, strict and with the libraries'
 * declarations checked (no skipLibCheck), with each of consumerCompilers, as `types.ts` under
 * `moduleResolution: bundler` and as `types.mts` / `types.cts` under `nodenext` (the ESM and the
 * CJS declarations). A compiler other than the repo's is installed from npm into its own directory.
 */
function consumerTypes(project, work) {
  const source = readFileSync(join(root, 'scripts', 'smoke-types.ts'), 'utf8')
  for (const file of ['types.ts', 'types.mts', 'types.cts']) writeFileSync(join(project, file), source)
  const options = { strict: true, noEmit: true, types: [], target: 'es2022', lib: ['es2022', 'dom'] }
  const configs = {
    'tsconfig.bundler.json': { compilerOptions: { ...options, module: 'esnext', moduleResolution: 'bundler' }, files: ['types.ts'] },
    'tsconfig.node.json': { compilerOptions: { ...options, module: 'nodenext', moduleResolution: 'nodenext' }, files: ['types.mts', 'types.cts'] },
  }
  for (const [file, config] of Object.entries(configs)) writeFileSync(join(project, file), JSON.stringify(config, null, 2))
  const checked = []
  const repoTsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc')
  for (const version of consumerCompilers) {
    let tsc = repoTsc
    if (version !== 'repo') {
      const dir = join(work, `typescript-${version}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'compiler', private: true }))
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `typescript@${version}`], { cwd: dir, stdio: 'pipe', env: npmEnv(), timeout: 120_000 })
      tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc')
    }
    const reported = execFileSync(process.execPath, [tsc, '--version'], { encoding: 'utf8' }).trim()
    for (const config of Object.keys(configs)) {
      try {
        execFileSync(process.execPath, [tsc, '-p', config], { cwd: project, encoding: 'utf8', stdio: 'pipe', timeout: 120_000 })
      } catch (error) {
        throw new Error(`${reported}, ${config}: the typed consumer does not compile against the packed declarations:\n${error.stdout}${error.stderr}`)
      }
    }
    checked.push(reported.replace('Version ', ''))
  }
  return `TypeScript ${checked.join(', ')}; bundler, nodenext ESM and CJS`
}

/** `promise`, or a rejection naming `what` after `ms` (a hung scenario must not hang the run). */
async function within(ms, what, promise) {
  let timer
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Environment for npm: pnpm's `npm_config_*` settings (when run as `pnpm smoke`) are not npm's. */
function npmEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_/i.test(key)))
}

/** Bundles `browser.mjs` for the browser; fails listing any Node builtin it reaches, and from where. */
async function bundleForBrowser(project) {
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))
  const reached = []
  const result = await build({
    entryPoints: [join(project, 'browser.mjs')],
    absWorkingDir: project,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'no-node-builtins',
        setup(pluginBuild) {
          pluginBuild.onResolve({ filter: /.*/ }, (args) => {
            if (!builtins.has(args.path) && !args.path.startsWith('node:')) return undefined
            reached.push(`${args.path} (imported by ${args.importer.slice(project.length + 1)})`)
            return { path: args.path, external: true }
          })
        },
      },
    ],
  })
  if (reached.length) throw new Error(`the browser bundle pulls in Node builtins:\n  ${reached.join('\n  ')}`)
  return result.outputFiles[0].text
}

/**
 * The argument checks in a browser bundle (core's and cancellation's `browser` builds): with
 * NODE_ENV defined as 'development' a bad `call` and a misspelt token-source option throw the
 * checks' messages; defined as 'production', the checks and their messages are not in the bundle
 * at all (issue #7, bundle size). Each bundle runs in a vm context without `process`, as a page
 * would.
 */
async function devChecksInBundles(project) {
  const entry = `import { call } from '@sagaflow/core/effects'
import { CancellationTokenSource } from '@sagaflow/cancellation'
let outcome = 'no check'
try { call(undefined) } catch (error) { outcome = error.message }
let tokenOutcome = 'no check'
try { new CancellationTokenSource({ timeout: 5 }) } catch (error) { tokenOutcome = error.message }
globalThis.outcome = outcome
globalThis.tokenOutcome = tokenOutcome`
  const results = {}
  for (const mode of ['development', 'production']) {
    const result = await build({
      stdin: { contents: entry, resolveDir: project, loader: 'js' },
      bundle: true,
      minify: true,
      platform: 'browser',
      format: 'iife',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
    })
    const code = result.outputFiles[0].text
    const context = vm.createContext({})
    vm.runInContext(code, context)
    results[mode] = {
      outcome: context.outcome,
      tokenOutcome: context.tokenOutcome,
      hasMessages: code.includes('argument fn is undefined or null') || code.includes('unknown option'),
    }
  }
  const { development, production } = results
  if (!/^call: argument/.test(development.outcome)) throw new Error(`dev checks: the development bundle's call(undefined) gave ${JSON.stringify(development.outcome)}`)
  if (!/unknown option "timeout"/.test(development.tokenOutcome)) {
    throw new Error(`dev checks: the development bundle's new CancellationTokenSource({ timeout }) gave ${JSON.stringify(development.tokenOutcome)}`)
  }
  // Without its check, call(undefined) fails later, on its own terms (as the reference's production build does).
  if (/^call: argument/.test(production.outcome) || production.tokenOutcome !== 'no check' || production.hasMessages) {
    throw new Error(
      `dev checks: the production bundle still checks (call(undefined) gave ${JSON.stringify(production.outcome)}, ` +
        `the token source ${JSON.stringify(production.tokenOutcome)}, messages in bundle: ${production.hasMessages})`,
    )
  }
  return 'on in development, compiled out in production'
}

/** Runs the bundle in a fresh V8 context with the globals a browser has, and no Node APIs. */
async function runInVm(code) {
  const browserGlobals = [
    'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'structuredClone',
    'AbortController', 'AbortSignal', 'EventTarget', 'Event', 'DOMException', 'URL', 'URLSearchParams',
    'TextEncoder', 'TextDecoder', 'crypto', 'performance',
  ]
  const context = vm.createContext(Object.fromEntries(browserGlobals.map((name) => [name, globalThis[name]])))
  vm.runInContext('globalThis.self = globalThis.window = globalThis', context)
  for (const name of ['process', 'require', 'module', 'Buffer', 'global']) {
    if (vm.runInContext(`typeof ${name}`, context) !== 'undefined') throw new Error(`the vm context has ${name}`)
  }
  vm.runInContext(code, context, { filename: 'browser-bundle.js' })
  return await within(30_000, 'the bundle in the vm context', context.smokeResult)
}

/** Loads the bundle in a real page when Debian's chromium is there (CI installs it). */
async function runInChromium(code) {
  if (!existsSync(chromium)) return `skipped: no ${chromium}`
  const { chromium: launcher } = await import('playwright-core')
  const browser = await launcher.launch({ executablePath: chromium, args: ['--no-sandbox'] })
  try {
    const page = await browser.newPage()
    const errors = []
    page.on('pageerror', (error) => errors.push(error))
    await page.setContent('<!doctype html><title>sagaflow smoke</title>')
    await page.addScriptTag({ type: 'module', content: code })
    // A module script may run after addScriptTag resolves: wait until it has set its result.
    await page.waitForFunction(() => globalThis.smokeResult !== undefined, undefined, { timeout: 30_000 })
    const result = await within(30_000, 'the bundle in chromium', page.evaluate(() => globalThis.smokeResult))
    if (errors.length) throw errors[0]
    if (result !== 'ok') throw new Error(`the bundle in chromium gave ${JSON.stringify(result)}`)
    return result
  } finally {
    await browser.close()
  }
}

/**
 * The packages say `engines: node >=20`, but Node 20 loads an ES module with `require()` only
 * from 20.19 on. Running the CJS entry with that switched off finds a CJS build requiring an
 * ESM-only dependency (compensation's CJS build carries its own CommonJS copy of nanoid for that:
 * `sagaflow.cjsVendor` in scripts/build-package.mjs).
 */
function cjsWithoutRequireEsm(project) {
  try {
    return execFileSync(process.execPath, ['--no-experimental-require-module', 'cjs.cjs'], { cwd: project, encoding: 'utf8', stdio: 'pipe', timeout: 30_000 }).trim()
  } catch (error) {
    const stderr = String(error.stderr ?? '')
    if (/bad option/.test(stderr)) return `skipped: node ${process.version} has no --no-experimental-require-module`
    const cause = stderr.match(/^Error \[ERR_REQUIRE_ESM\]: (require\(\) of ES Module \S+ from \S+)/m)?.[1] ?? stderr.trim().split('\n').slice(0, 5).join(' | ')
    throw new Error(`the CJS entry fails without require(esm), as on Node 20 before 20.19: ${cause.replaceAll(project + '/', '')}`)
  }
}

const work = mkdtempSync(join(tmpdir(), 'sagaflow-smoke-'))
let failed = false
try {
  for (const name of names) {
    if (!existsSync(join(root, 'packages', name, 'dist', 'esm', 'index.js'))) {
      throw new Error(`packages/${name} is not built: run \`pnpm build\` first`)
    }
  }
  const tarballs = join(work, 'tarballs')
  const project = join(work, 'project')
  const pnpm = join(root, 'node_modules', '.bin', 'pnpm')
  for (const name of names) {
    execFileSync(pnpm, ['pack', '--pack-destination', tarballs], { cwd: join(root, 'packages', name), stdio: 'pipe' })
  }
  const dependencies = {}
  for (const name of names) {
    const file = readdirSync(tarballs).find((entry) => entry.startsWith(`sagaflow-${name}-`) && entry.endsWith('.tgz'))
    dependencies[`@sagaflow/${name}`] = `file:${join(tarballs, file)}`
  }
  step(`packed ${Object.values(dependencies).map((spec) => spec.split('/').pop()).join(', ')}`)

  // `overrides` makes the packages' dependencies on each other (now plain versions) resolve to
  // the tarballs too, never to whatever the registry has under that name.
  const overrides = Object.fromEntries(Object.keys(dependencies).map((name) => [name, `$${name}`]))
  mkdirSync(join(project, 'data'), { recursive: true })
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'sagaflow-smoke', private: true, dependencies, overrides }, null, 2))
  for (const [file, source] of Object.entries(entries)) writeFileSync(join(project, file), source)
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
    cwd: project, stdio: 'pipe', env: npmEnv(), timeout: 90_000,
  })
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'))
  const installed = Object.entries(lock.packages).filter(([path]) => /node_modules\/@sagaflow\//.test(path))
  const stray = installed.filter(([path, entry]) => !/^node_modules\/@sagaflow\/[^/]+$/.test(path) || !/^file:.*tarballs\/sagaflow-[a-z]+-[^/]+\.tgz$/.test(String(entry.resolved)))
  if (installed.length !== names.length || stray.length) {
    throw new Error(`expected one copy of each package, from the tarballs; got ${installed.map(([path, entry]) => `${path} <- ${entry.resolved}`).join(', ')}`)
  }
  step('installed the tarballs with npm')

  for (const file of ['esm.mjs', 'cjs.cjs']) {
    const output = execFileSync(process.execPath, [file], { cwd: project, encoding: 'utf8', stdio: 'pipe', timeout: 30_000 })
    step(`node ${file}: ${output.trim()}`)
  }
  step(`node cjs.cjs without require(esm), as on Node 20 before 20.19: ${cjsWithoutRequireEsm(project)}`)

  const bundle = await bundleForBrowser(project)
  step(`browser bundle: ${(bundle.length / 1024).toFixed(0)} KiB, no Node builtins`)
  step(`browser bundle in a vm context without process/require: ${await runInVm(bundle)}`)
  step(`browser bundle in chromium: ${await runInChromium(bundle)}`)
  step(`argument checks in browser bundles: ${await devChecksInBundles(project)}`)
  step(`typed consumer compiles: ${consumerTypes(project, work)}`)
} catch (error) {
  failed = true
  console.error(`smoke: FAIL\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stack ?? error}`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
console.log(failed ? `smoke: failed after ${elapsed()}` : `smoke: passed in ${elapsed()}`)
process.exit(failed ? 1 : 0)
