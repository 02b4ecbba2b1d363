/**
 * Ports a module written for redux-saga to sagaflow: the imports are the only change.
 * `redux-saga` → `@sagaflow/core`, `redux-saga/effects` → `@sagaflow/core/effects`, in single or
 * double quotes (the quote style is kept).
 */
export function portToSagaflow(source: string): string {
  return source
    .replace(/from (['"])redux-saga\/effects\1/g, 'from $1@sagaflow/core/effects$1')
    .replace(/from (['"])redux-saga\1/g, 'from $1@sagaflow/core$1')
}
