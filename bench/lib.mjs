// The `lib` object every scenario receives: the same names for both runtimes, so one scenario
// program measures both. Only BUILT packages are imported (run `pnpm build` first).
import * as redux from 'redux'

export const LIBS = ['sagaflow', 'redux-saga']

/** Scenario ids, in table order (files in bench/scenarios). */
export const SCENARIOS = [
  'sync-call',
  'promise-call',
  'all-calls',
  'all-calls-400k',
  'race',
  'fork-take-cancel',
  'fork-delay-cancel',
  'fork-join',
  'put-take',
  'put-take-others',
  'middleware-watchers',
  'nested-call',
  'cancel-latency',
]

/** The scenarios an `--only=a,b` argument selects (every one without it), in table order, with their modules. */
export async function selectedScenarios(args) {
  const only = args.find((a) => a.startsWith('--only='))?.split('=')[1].split(',')
  const ids = SCENARIOS.filter((id) => !only || only.includes(id))
  return Promise.all(ids.map(async (id) => ({ id, scenario: (await import(`./scenarios/${id}.mjs`)).default })))
}

export async function loadLib(name) {
  if (name === 'sagaflow') {
    const core = await import('@sagaflow/core')
    const effects = await import('@sagaflow/core/effects')
    return make(name, core, effects)
  }
  if (name === 'redux-saga') {
    const core = await import('redux-saga')
    const effects = await import('redux-saga/effects')
    return make(name, core, effects)
  }
  throw new Error(`unknown lib ${name} (expected one of ${LIBS.join(', ')})`)
}

function make(name, core, effects) {
  const createSagaMiddleware = core.default?.default ?? core.default ?? core.createSagaMiddleware
  return {
    name,
    runSaga: core.runSaga,
    stdChannel: core.stdChannel,
    END: core.END,
    createSagaMiddleware,
    effects,
    redux,
    /** Runs `saga` on a fresh stdChannel whose dispatch feeds the same channel; silent onError. */
    run(saga, ...args) {
      const channel = core.stdChannel()
      let error
      const task = core.runSaga(
        { channel, dispatch: (action) => channel.put(action), onError: (e) => (error = e) },
        saga,
        ...args,
      )
      return { task, channel, error: () => error }
    },
  }
}
