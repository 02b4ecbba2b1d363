// Sequential promise `call`: N `yield call(fn, i)` where fn returns a resolved promise.
const incAsync = (x) => Promise.resolve(x + 1)

export default {
  title: 'promise call',
  n: 1_000_000,
  quick: 20_000,
  unit: 'call',
  target: { ratio: 0.75 },
  async run(lib, N, probe) {
    const { call } = lib.effects
    function* saga() {
      let sum = 0
      for (let i = 0; i < N; i++) sum += yield call(incAsync, i)
      return sum
    }
    probe.start()
    const { task } = lib.run(saga)
    const sum = await task.toPromise()
    probe.stop()
    return { ok: sum === (N * (N + 1)) / 2, detail: `sum=${sum}` }
  },
  // Direct calls: an async loop awaiting the same function.
  async raw(_, N, probe) {
    probe.start()
    let sum = 0
    for (let i = 0; i < N; i++) sum += await incAsync(i)
    probe.stop()
    return { ok: sum === (N * (N + 1)) / 2 }
  },
}
