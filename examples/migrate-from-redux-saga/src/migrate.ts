/**
 * Ports a module written for redux-saga to sagaflow: the imports are the only change.
 * `redux-saga` → `@sagaflow/core`, `redux-saga/effects` → `@sagaflow/core/effects`.
 */
export function portToSagaflow(source: string): string {
  return source
    .replace(/from 'redux-saga\/effects'/g, "from '@sagaflow/core/effects'")
    .replace(/from 'redux-saga'/g, "from '@sagaflow/core'")
}
