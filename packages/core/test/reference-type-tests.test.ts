// redux-saga 1.5.1 ships its own type tests (`@redux-saga/core/types/*.test.ts`, files of
// `@ts-expect-error` lines), and @redux-saga/testing-utils 1.2.3 one more. This compiles them,
// where they lie in node_modules, with the `redux-saga` imports pointed at sagaflow's sources
// (`@redux-saga/testing-utils` at @sagaflow/testing's): a typed redux-saga program must compile
// after its imports change (issue #2, docs/migrating.md). What sagaflow accepts and those tests
// expect to be an error (an unused `@ts-expect-error`) is allowed up to a recorded number, so a
// loosening shows up here too; tightening lowers the number.
import { readdirSync, realpathSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))
const source = (path: string) => join(root, 'packages', path)
/** The reference's type tests, next to redux-saga in pnpm's store. */
const typesDir = join(realpathSync(join(root, 'node_modules', 'redux-saga')), '..', '@redux-saga', 'core', 'types')
const testingTypesDir = join(realpathSync(join(root, 'node_modules', '@redux-saga', 'testing-utils')), 'types')
const testFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => join(dir, name))
/** Lines those tests expect to fail that sagaflow's types accept (measured 2026-12-01; see docs/migrating.md). */
const ACCEPTED_EXPECTED_ERRORS = 46

function compile(): readonly ts.Diagnostic[] {
  const program = ts.createProgram([...testFiles(typesDir), ...testFiles(testingTypesDir)], {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    // sagaflow's sources are compiled here (not its declarations), and they need ES2022's library.
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    paths: {
      'redux-saga': [source('core/src/index.ts')],
      'redux-saga/effects': [source('core/src/effects.ts')],
      '@redux-saga/testing-utils': [source('testing/src/index.ts')],
      '@sagaflow/core': [source('core/src/index.ts')],
      '@sagaflow/core/effects': [source('core/src/effects.ts')],
      '@sagaflow/cancellation': [source('cancellation/src/index.ts')],
    },
  })
  // Only the tests' own lines: the root `tsc` checks the sources.
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file === undefined || d.file.fileName.startsWith(typesDir) || d.file.fileName.startsWith(testingTypesDir))
}

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')
  if (!diagnostic.file || diagnostic.start === undefined) return message
  const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
  const text = diagnostic.file.text.split('\n')[line]?.trim()
  return `${diagnostic.file.fileName.split('/').pop()}:${line + 1}: ${message} | ${text}`
}

describe("redux-saga 1.5.1's and testing-utils 1.2.3's own type tests against sagaflow's types", () => {
  const diagnostics = compile()
  const unusedExpectError = diagnostics.filter((d) => d.code === 2578)

  it('finds the reference type tests', () => {
    expect(testFiles(typesDir).length).toBeGreaterThanOrEqual(4)
    expect(testFiles(testingTypesDir).length).toBeGreaterThanOrEqual(1)
  })

  it('compiles every line they expect to compile', () => {
    expect(diagnostics.filter((d) => d.code !== 2578).map(describeDiagnostic)).toEqual([])
  })

  it(`accepts at most ${ACCEPTED_EXPECTED_ERRORS} of the lines they expect to be errors`, () => {
    expect(unusedExpectError.length, unusedExpectError.map(describeDiagnostic).join('\n')).toBeLessThanOrEqual(ACCEPTED_EXPECTED_ERRORS)
  })
})
