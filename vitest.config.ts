import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url))

// Tests import the packages by their public names; these aliases point those names at the
// sources so a test run needs no build (CI also builds, and `test/packaging` checks the dist).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@sagaflow\/core\/effects$/, replacement: src('core/src/effects.ts') },
      { find: /^@sagaflow\/core$/, replacement: src('core/src/index.ts') },
      { find: /^@sagaflow\/cancellation$/, replacement: src('cancellation/src/index.ts') },
      { find: /^@sagaflow\/compensation\/node$/, replacement: src('compensation/src/node.ts') },
      { find: /^@sagaflow\/compensation\/postgres$/, replacement: src('compensation/src/postgres.ts') },
      { find: /^@sagaflow\/compensation$/, replacement: src('compensation/src/index.ts') },
      { find: /^@sagaflow\/testing\/vitest$/, replacement: src('testing/src/vitest.ts') },
      { find: /^@sagaflow\/testing$/, replacement: src('testing/src/index.ts') },
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'scripts/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    setupFiles: ['./scripts/vitest-setup.ts'],
  },
})
