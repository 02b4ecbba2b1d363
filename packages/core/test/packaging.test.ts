// The built packages load by name from plain Node files, ESM and CommonJS, with no TypeScript
// loader (issue #2). Runs against dist/, so `pnpm test` builds first.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const scratch = mkdtempSync(join(root, '.tmp-packaging-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function runNode(fileName: string, source: string, env: NodeJS.ProcessEnv = process.env): string {
  const file = join(scratch, fileName)
  writeFileSync(file, source)
  return execFileSync(process.execPath, [file], { cwd: root, encoding: 'utf8', env }).trim()
}

describe('built packages', () => {
  it('have been built (run `pnpm build` first)', () => {
    for (const name of ['cancellation', 'core', 'compensation', 'testing']) {
      expect(existsSync(join(root, 'packages', name, 'dist', 'esm', 'index.js')), `packages/${name}/dist`).toBe(true)
      expect(existsSync(join(root, 'packages', name, 'dist', 'cjs', 'index.js')), `packages/${name}/dist`).toBe(true)
    }
  })

  it('declare sideEffects: false in every flavour, since bundlers read the nearest package.json', () => {
    const flavours: [string, string, string][] = [
      ['cancellation', 'esm', 'module'],
      ['cancellation', 'cjs', 'commonjs'],
      ['cancellation', 'browser', 'module'],
      ['core', 'esm', 'module'],
      ['core', 'cjs', 'commonjs'],
      ['core', 'browser', 'module'],
      ['compensation', 'esm', 'module'],
      ['testing', 'esm', 'module'],
    ]
    for (const [name, flavour, type] of flavours) {
      const json = JSON.parse(readFileSync(join(root, 'packages', name, 'dist', flavour, 'package.json'), 'utf8'))
      expect(json, `packages/${name}/dist/${flavour}/package.json`).toEqual({ type, sideEffects: false })
    }
  })

  it.each([
    ['core', 'io.js'],
    ['cancellation', 'token.js'],
  ])('give %s a browser build whose argument checks a bundler can fold', (name, file) => {
    const source = readFileSync(join(root, 'packages', name, 'dist', 'browser', file), 'utf8')
    expect(source).toContain(`if (isDevelopment && process.env.NODE_ENV !== "production")`)
    expect(source).not.toMatch(/if \(isDevelopment\)/)
    const node = readFileSync(join(root, 'packages', name, 'dist', 'esm', file), 'utf8')
    expect(node).not.toContain('process.env')
  })

  it('leave no development check message in a production browser bundle of a typical import (issue #7, bundle size)', async () => {
    const bundle = async (mode: string): Promise<string> => {
      const result = await build({
        stdin: {
          contents: `import createSagaMiddleware, { takeEvery, takeLatest, call, put, select, race, delay, channel, runSaga } from '@sagaflow/core'
            import { CancellationTokenSource } from '@sagaflow/cancellation'
            console.log(createSagaMiddleware, takeEvery, takeLatest, call, put, select, race, delay, channel, runSaga, CancellationTokenSource)`,
          resolveDir: scratch,
          loader: 'js',
        },
        bundle: true,
        minify: true,
        platform: 'browser',
        format: 'esm',
        target: 'es2022',
        write: false,
        logLevel: 'silent',
        define: { 'process.env.NODE_ENV': JSON.stringify(mode) },
        // No tsconfig: its `paths` would resolve @sagaflow/* to the sources, not the built packages.
        tsconfigRaw: '{}',
      })
      return result.outputFiles[0]!.text
    }
    const messages = [
      'argument fn is undefined or null', // io.ts
      'Cannot have a closed channel with pending takers', // channel.ts, consistency check
      'saga argument must be a Generator function', // run-saga.ts
      'unknown option', // @sagaflow/cancellation
      'expected a non-negative number', // @sagaflow/cancellation
    ]
    const development = await bundle('development')
    for (const message of messages) expect(development, message).toContain(message)
    const production = await bundle('production')
    for (const message of messages) expect(production, message).not.toContain(message)
  })

  it("run cancellation's argument checks in development only, as core's (issue #7: every app bundles them)", () => {
    const source = `import { CancellationToken, CancellationTokenSource } from '@sagaflow/cancellation'
       const outcomes = []
       const attempts = [() => new CancellationTokenSource({ timeout: 5 }), () => CancellationToken.timeout(-1).dispose(), () => CancellationToken.from(3)]
       for (const attempt of attempts) {
         try { attempt(); outcomes.push('ran') } catch (error) { outcomes.push(error.name + ': ' + error.message) }
       }
       console.log(outcomes.join(' | '))`
    // from(x) is not a check (no token to give instead): it throws in production too, without describing x.
    expect(runNode('cancellation-prod.mjs', source, { ...process.env, NODE_ENV: 'production' })).toBe(
      'ran | ran | TypeError: CancellationToken.from(source): expected an AbortSignal or a CancellationToken',
    )
    expect(runNode('cancellation-dev.mjs', source, { ...process.env, NODE_ENV: 'development' })).toBe(
      'TypeError: new CancellationTokenSource(options): unknown option "timeout"; the options are parents, timeoutMs, clock | ' +
        'TypeError: CancellationToken.timeout(ms): expected a non-negative number, got -1 (number) (use Infinity for no timeout) | ' +
        'TypeError: CancellationToken.from(source): expected an AbortSignal or a CancellationToken, got 3 (number)',
    )
  })

  it('cap a delay past the largest timer in production, and throw in development, as the reference builds do', () => {
    const source = `import { runSaga } from '@sagaflow/core'
       import { delay, race } from '@sagaflow/core/effects'
       const task = runSaga({ onError: () => {} }, function* () {
         return yield race({ long: delay(1e10), short: delay(5) })
       })
       task.toPromise().then((r) => console.log(Object.keys(r).join()), (e) => console.log('threw ' + e.message))`
    expect(runNode('delay-prod.mjs', source, { ...process.env, NODE_ENV: 'production' })).toBe('short')
    expect(runNode('delay-dev.mjs', source, { ...process.env, NODE_ENV: 'development' })).toBe('threw delay only supports a maximum value of 2147483647ms')
  })

  it('load @sagaflow/core and @sagaflow/core/effects from a CommonJS file', () => {
    const out = runNode(
      'probe.cjs',
      `const core = require('@sagaflow/core')
       const { call } = require('@sagaflow/core/effects')
       const effect = call(Math.max, 1, 2)
       let result
       core.runSaga({}, function* () { result = yield effect })
       console.log(typeof core.default, typeof core.runSaga, effect.type, result)`,
    )
    expect(out).toBe('function function CALL 2')
  })

  it('load @sagaflow/core and @sagaflow/core/effects from an ES module', () => {
    const out = runNode(
      'probe.mjs',
      `import createSagaMiddleware, { runSaga, END } from '@sagaflow/core'
       import { call } from '@sagaflow/core/effects'
       let result
       runSaga({}, function* () { result = yield call(Math.min, 1, 2) })
       console.log(typeof createSagaMiddleware, END.type, result)`,
    )
    expect(out).toBe('function @@redux-saga/CHANNEL_END 1')
  })

  it('share delay, the helpers and task joins between the ESM and the CommonJS copy loaded in one process', () => {
    // An ES module importing @sagaflow/core and a CommonJS dependency requiring it load two copies.
    const out = runNode(
      'dual.mjs',
      `import { createRequire } from 'node:module'
       import { deepEqual } from 'node:assert'
       import { runSaga } from '@sagaflow/core'
       import * as esm from '@sagaflow/core/effects'
       import { VirtualClock } from '@sagaflow/cancellation'
       const require = createRequire(import.meta.url)
       const cjs = require('@sagaflow/core/effects')
       if (esm.call === cjs.call) throw new Error('expected two copies of the package')
       const worker = () => {}
       const key = (action) => action.id
       const made = {
         delay: (e) => e.delay(5, 'v'),
         takeEvery: (e) => e.takeEvery('A', worker),
         takeLatest: (e) => e.takeLatest('A', worker),
         takeLeading: (e) => e.takeLeading('A', worker),
         throttle: (e) => e.throttle(10, 'A', worker),
         debounce: (e) => e.debounce(10, 'A', worker),
         retry: (e) => e.retry(3, 10, worker),
         takeLatestBy: (e) => e.takeLatestBy('A', key, worker),
         takeLeadingBy: (e) => e.takeLeadingBy('A', key, worker),
       }
       const equal = Object.entries(made).filter(([, make]) => {
         try { deepEqual(make(esm), make(cjs)); return true } catch { return false }
       })
       // The ESM runtime runs the CommonJS copy's delay on the saga's clock, and joins its tasks.
       const clock = new VirtualClock()
       let woke = false
       runSaga({ clock }, function* () { yield cjs.delay(60_000); woke = true })
       clock.advance(60_000)
       const other = require('@sagaflow/core').runSaga({}, function* () { yield cjs.delay(5); return 'other copy' })
       const joined = await runSaga({}, function* () { return yield esm.join(other) }).toPromise()
       // Named as the reference's built functions are, whatever the build did to the source's names.
       const names = Object.values(made).map((make) => make(esm).payload.fn.name + '/' + make(cjs).payload.fn.name)
       console.log(equal.map(([name]) => name).join(), woke, joined, names.join())`,
    )
    expect(out).toBe(
      'delay,takeEvery,takeLatest,takeLeading,throttle,debounce,retry,takeLatestBy,takeLeadingBy true other copy ' +
        'delayP/delayP,takeEvery$1/takeEvery$1,takeLatest$1/takeLatest$1,takeLeading$1/takeLeading$1,throttle$1/throttle$1,' +
        'debounceHelper/debounceHelper,retry$1/retry$1,takeLatestByHelper/takeLatestByHelper,takeLeadingByHelper/takeLeadingByHelper',
    )
  })

  it('load every package by name from both module systems', () => {
    const names = ['@sagaflow/cancellation', '@sagaflow/core', '@sagaflow/compensation', '@sagaflow/testing']
    const cjs = runNode('all.cjs', `console.log(${JSON.stringify(names)}.map((n) => Object.keys(require(n)).length > 0).join())`)
    const esm = runNode(
      'all.mjs',
      `const names = ${JSON.stringify(names)}
       const loaded = await Promise.all(names.map((n) => import(n)))
       console.log(loaded.map((m) => Object.keys(m).length > 0).join())`,
    )
    expect(cjs).toBe('true,true,true,true')
    expect(esm).toBe('true,true,true,true')
  })
})
