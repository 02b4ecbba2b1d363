import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', '**/out/**', 'bench/results/**', '.tmp*/**', '**/.output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-empty-object-type': 'off',
      'require-yield': 'off',
      // Effect creators read `arguments.length` to tell `take()` from `take(undefined)`, as the reference does.
      'prefer-rest-params': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['packages/core/src/**', 'packages/cancellation/src/**', 'packages/testing/src/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'Use the injected Clock.' }, { name: 'clearTimeout', message: 'Use the injected Clock.' }],
    },
  },
)
