// `all` of N synchronous calls, as one array effect (factory: also used for 400k). The N effects
// are built (with the library's own `call`) before the clock starts.
const double = (x) => 2 * x

export function allScenario({ title, n, quick, target }) {
  return {
    title,
    n,
    quick,
    unit: 'child',
    target,
    async run(lib, N, probe) {
      const { all, call } = lib.effects
      function* saga() {
        const effects = new Array(N)
        for (let i = 0; i < N; i++) effects[i] = call(double, i)
        probe.start() // the effects exist: time the runtime's work on them
        const results = yield all(effects)
        probe.stop()
        let sum = 0
        for (let i = 0; i < results.length; i++) sum += results[i]
        return { length: results.length, sum }
      }
      const { task } = lib.run(saga)
      const r = await task.toPromise()
      return { ok: r.length === N && r.sum === N * (N - 1), detail: `length=${r.length}` }
    },
    async raw(_, N, probe) {
      probe.start()
      const results = new Array(N)
      for (let i = 0; i < N; i++) results[i] = double(i)
      let sum = 0
      for (let i = 0; i < N; i++) sum += results[i]
      probe.stop()
      return { ok: sum === N * (N - 1) }
    },
  }
}

export default allScenario({ title: 'all 100k', n: 100_000, quick: 5_000, target: { ratio: 0.35 } })
