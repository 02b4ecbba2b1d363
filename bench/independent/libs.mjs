// Loads both runtimes into this one process behind the same small interface, so every scenario
// program below is written once. Only the BUILT packages are imported (`pnpm build` first):
// @sagaflow/core resolves through bench/node_modules to packages/core/dist.
//
// NODE_ENV must be 'production' before the first import: sagaflow reads it once at load and
// both libraries then skip their argument checks (the main harness measures the same way).
import * as redux from 'redux'

export const LIBRARY_NAMES = ['sagaflow', 'redux-saga']

export async function loadLibraries() {
  if (process.env.NODE_ENV !== 'production') throw new Error('set NODE_ENV=production before loading the libraries')
  const sagaflow = adapter('sagaflow', await import('@sagaflow/core'), await import('@sagaflow/core/effects'))
  const reduxSaga = adapter('redux-saga', await import('redux-saga'), await import('redux-saga/effects'))
  return { sagaflow, 'redux-saga': reduxSaga }
}

function adapter(name, core, effects) {
  // redux-saga's middleware factory is its default export; sagaflow also names it.
  const createSagaMiddleware = core.createSagaMiddleware ?? core.default
  if (typeof createSagaMiddleware !== 'function') throw new Error(`${name}: no createSagaMiddleware`)
  return {
    name,
    effects,
    redux,
    createSagaMiddleware,
    newChannel: () => core.stdChannel(),
    /**
     * Starts `saga` as a root task on `channel` (a fresh one by default); the task's `put`s go
     * back into that channel. Errors reach the task's promise, not the console.
     */
    start(saga, channel = core.stdChannel()) {
      return core.runSaga({ channel, dispatch: (action) => channel.put(action), onError: () => {} }, saga)
    },
  }
}
