// Sequential synchronous `call`: one saga, N `yield call(fn, i)` in a row.
const inc = (x) => x + 1

export default {
  title: 'sync call',
  n: 2_000_000,
  quick: 50_000,
  unit: 'call',
  target: { ratio: 0.4 },
  async run(lib, N, probe) {
    const { call } = lib.effects
    function* saga() {
      let sum = 0
      for (let i = 0; i < N; i++) sum += yield call(inc, i)
      return sum
    }
    probe.start()
    const { task } = lib.run(saga)
    const sum = await task.toPromise()
    probe.stop()
    const expected = (N * (N + 1)) / 2
    return { ok: sum === expected, detail: `sum=${sum}` }
  },
  // A bare generator loop: the driver calls the function the generator asks for.
  async raw(_, N, probe) {
    function* saga() {
      let sum = 0
      for (let i = 0; i < N; i++) sum += yield i
      return sum
    }
    probe.start()
    const it = saga()
    let r = it.next()
    while (!r.done) r = it.next(inc(r.value))
    probe.stop()
    return { ok: r.value === (N * (N + 1)) / 2 }
  },
}
