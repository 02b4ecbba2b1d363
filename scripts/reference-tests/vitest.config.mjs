// Runs redux-saga's own behaviour tests (packages/core/__tests__ or packages/testing-utils/__tests__
// of a redux-saga checkout, which this repository does not contain) against @sagaflow/core and
// @sagaflow/testing, or against redux-saga 1.5.1 and @redux-saga/testing-utils 1.2.3 for the
// baseline. See README.md here.
//   REF_TESTS=/path/to/__tests__ REF_TARGET=sagaflow npx vitest run --config scripts/reference-tests/vitest.config.mjs
//   (REF_PACKAGE=testing-utils for the testing-utils tests, whose `../src` is that package)
import { realpathSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const tests = process.env.REF_TESTS
if (!tests) throw new Error('REF_TESTS: set it to the __tests__ directory of a redux-saga checkout (packages/core/__tests__)')
const target = process.env.REF_TARGET ?? 'sagaflow'
const testedPackage = process.env.REF_PACKAGE ?? 'core'
if (testedPackage !== 'core' && testedPackage !== 'testing-utils') throw new Error(`REF_PACKAGE: expected core or testing-utils, got ${testedPackage}`)
if (target !== 'sagaflow' && target !== 'redux-saga') throw new Error(`REF_TARGET: expected sagaflow or redux-saga, got ${target}`)

// redux-saga's packages, in pnpm's store: @redux-saga/core beside redux-saga, its dependencies
// beside @redux-saga/core.
const core = realpathSync(join(realpathSync(join(root, 'node_modules', 'redux-saga')), '..', '@redux-saga', 'core'))
const pkg = (name, file) => join(name === 'core' ? core : realpathSync(join(core, '..', name)), file)
const targets = {
  'redux-saga': {
    core: pkg('core', 'dist/redux-saga-core.development.esm.js'),
    effects: pkg('core', 'effects/dist/redux-saga-core-effects.development.esm.js'),
    utils: join(realpathSync(join(root, 'node_modules', '@redux-saga', 'testing-utils')), 'dist/redux-saga-testing-utils.esm.js'),
  },
  sagaflow: {
    core: join(root, 'packages/core/src/index.ts'),
    effects: join(root, 'packages/core/src/effects.ts'),
    utils: join(root, 'packages/testing/src/index.ts'),
  },
}[target]

export default defineConfig({
  root: tests,
  resolve: {
    alias: [
      // The tests import the package's sources by relative path ('../../src', '../src/effects').
      { find: /^(\.\.\/)+src$/, replacement: testedPackage === 'core' ? targets.core : targets.utils },
      { find: /^(@redux-saga\/core|redux-saga)$/, replacement: targets.core },
      { find: /^(@redux-saga\/core|redux-saga)\/effects$/, replacement: targets.effects },
      { find: /^(\.\.\/)+src\/effects$/, replacement: targets.effects },
      { find: /^(\.\.\/)+src\/utils$/, replacement: targets.utils },
      { find: /^(\.\.\/)+src\/internal\/io-helpers$/, replacement: targets.effects },
      { find: /^(\.\.\/)+src\/internal\/utils$/, replacement: join(here, 'shims.mjs') },
      { find: /^(\.\.\/)+src\/internal\/io$/, replacement: join(here, 'shims.mjs') },
      { find: /^@redux-saga\/testing-utils$/, replacement: targets.utils },
      ...['deferred', 'is', 'symbols', 'delay-p'].map((name) => ({
        find: new RegExp(`^@redux-saga/${name}$`),
        replacement: pkg(name, `dist/redux-saga-${name}.esm.js`),
      })),
      { find: /^@sagaflow\/core\/effects$/, replacement: join(root, 'packages/core/src/effects.ts') },
      { find: /^@sagaflow\/core$/, replacement: join(root, 'packages/core/src/index.ts') },
      { find: /^@sagaflow\/cancellation$/, replacement: join(root, 'packages/cancellation/src/index.ts') },
      { find: /^redux$/, replacement: join(root, 'node_modules', 'redux') },
    ],
  },
  test: {
    include: ['**/*.js'],
    exclude: ['**/typescript/**', '**/node_modules/**'],
    globals: true,
    environment: 'node',
    setupFiles: [join(here, 'setup.mjs')],
    testTimeout: 10_000,
  },
})
