/*
 * The compiler's messages for common mistakes (CONTRACT §1.2): a `call` / `fork` / `spawn` with
 * missing or extra arguments reports the function's arity, not the method-form overload's
 * `MethodTarget<unknown, never>`. Compiled with the TypeScript API against the sources, as the
 * repo's typecheck does; a `@ts-expect-error` could only say that there is an error.
 */
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..')

/** The compiler's messages for `source` (an ES module in packages/core/test), one per diagnostic; `options` override the repo's. */
function diagnostics(source: string, options: ts.CompilerOptions = {}): string[] {
  const configPath = join(root, 'tsconfig.json')
  const config = ts.getParsedCommandLineOfConfigFile(configPath, options, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!
  const file = join(root, 'packages/core/test/__type-errors__.ts')
  const host = ts.createCompilerHost(config.options)
  const getSourceFile = host.getSourceFile
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === file ? ts.createSourceFile(name, source, languageVersion) : getSourceFile.call(host, name, languageVersion, ...rest)
  const fileExists = host.fileExists
  host.fileExists = (name) => name === file || fileExists.call(host, name)
  const program = ts.createProgram([file], config.options, host)
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => `${ts.getLineAndCharacterOfPosition(d.file!, d.start!).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`)
}

describe('type errors name the mistake', () => {
  it('missing and extra arguments of call, fork and spawn report the arity', { timeout: 60_000 }, () => {
    const messages = diagnostics(`import { call, fork, spawn } from '@sagaflow/core/effects'
const fetchUser = (id: number): Promise<string> => Promise.resolve(String(id))
export function* saga() {
  yield call(fetchUser)
  yield* fork(fetchUser, 1, 2)
  yield spawn(fetchUser)
  yield call(fetchUser, 'x')
  const ok: string = yield* call(fetchUser, 1)
  return ok
}
`)
    expect(messages).toEqual([
      '4: Expected 2 arguments, but got 1.',
      '5: Expected 2 arguments, but got 3.',
      '6: Expected 2 arguments, but got 1.',
      // (A wrong argument type lists both overloads, the function form's first.)
      expect.stringMatching(/^7: No overload matches this call.\n {2}Overload 1 of 2, .*\n {4}Argument of type 'string' is not assignable to parameter of type 'number'\./),
    ])
  })
})

describe('option objects under exactOptionalPropertyTypes', () => {
  it('accept an optional value passed on (undefined), as the runtime does', { timeout: 60_000 }, () => {
    const messages = diagnostics(`import { CancellationTokenSource, CancellationToken, VirtualClock, type Clock } from '@sagaflow/cancellation'
import createSagaMiddleware, { runSaga, createTracer, circuitBreaker, supervise, retry, toAsyncIterable, channel } from '@sagaflow/core'
import { defineStep, transaction, recover, memoryJournal } from '@sagaflow/compensation'
import { expectSaga } from '@sagaflow/testing'
declare const signal: AbortSignal | undefined
declare const clock: Clock | undefined
declare const ms: number | undefined
declare const fn: (() => number) | undefined
function* saga() {}
runSaga({ signal, clock, context: undefined, onError: undefined, sagaMonitor: undefined, effectMiddlewares: undefined }, saga)
createSagaMiddleware({ signal, clock, onError: undefined })
createTracer({ clock, maxEffects: ms })
new CancellationTokenSource({ timeoutMs: ms, clock, parents: undefined })
CancellationToken.timeout(1, { clock })
new VirtualClock(0, { loopLimit: ms })
circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 1, halfOpenMax: ms })
supervise(saga, { restart: 'on-error', maxRestarts: 1, withinMs: 1, backoff: undefined })
retry({ maxAttempts: 2, delayMs: ms, jitter: undefined, shouldRetry: undefined, random: fn }, saga)
toAsyncIterable(channel(), { closeOnReturn: undefined })
const step = defineStep('s', { run: () => 1, compensate: undefined, retry: undefined, timeoutMs: ms, compensationRetry: undefined })
function* body() {
  yield* transaction('t', function* (tx) {
    yield* tx.run(step, undefined)
  }, { journal: undefined, id: undefined })
}
void recover({ journal: memoryJournal(), steps: [step], clock, context: undefined })
void expectSaga(body).run({ timeout: ms, asyncTimeout: ms })
`, { exactOptionalPropertyTypes: true })
    expect(messages).toEqual([])
  })
})
