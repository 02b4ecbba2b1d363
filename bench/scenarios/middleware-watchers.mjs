// A Redux store with the saga middleware and 100 `takeEvery` watchers on unrelated types, vs the
// bare store: N dispatches of an action no saga listens to. The raw baseline is the bare store.
const WATCHERS = 100

function reducer(state = { n: 0 }, action) {
  return action.type === 'INC' ? { n: state.n + 1 } : state
}

export default {
  title: 'middleware, 100 watchers',
  n: 200_000,
  quick: 10_000,
  unit: 'dispatch',
  target: { vsRaw: 4 },
  async run(lib, N, probe) {
    const { createStore, applyMiddleware } = lib.redux
    const { takeEvery } = lib.effects
    let workerRuns = 0
    function* worker() {
      workerRuns++
    }
    function* root() {
      for (let i = 0; i < WATCHERS; i++) yield takeEvery(`UNRELATED_${i}`, worker)
    }
    const sagaMiddleware = lib.createSagaMiddleware()
    const store = createStore(reducer, applyMiddleware(sagaMiddleware))
    const task = sagaMiddleware.run(root)
    probe.start()
    for (let i = 0; i < N; i++) store.dispatch({ type: 'INC' })
    probe.stop()
    store.dispatch({ type: 'UNRELATED_7' })
    const ok = store.getState().n === N && workerRuns === 1 && task.isRunning()
    task.cancel()
    return { ok, detail: `n=${store.getState().n} workerRuns=${workerRuns}` }
  },
  // The bare store.
  async raw(_, N, probe) {
    const { createStore } = await import('redux')
    const store = createStore(reducer)
    probe.start()
    for (let i = 0; i < N; i++) store.dispatch({ type: 'INC' })
    probe.stop()
    return { ok: store.getState().n === N }
  },
}
