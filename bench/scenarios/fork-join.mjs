// fork + join, N times in a row: each child makes one synchronous call and returns.
const triple = (x) => 3 * x

export default {
  title: 'fork + join',
  n: 100_000,
  quick: 5_000,
  unit: 'fork+join',
  target: { ratio: 0.25 },
  async run(lib, N, probe) {
    const { fork, join, call } = lib.effects
    function* child(i) {
      const v = yield call(triple, i)
      return v
    }
    function* root() {
      let sum = 0
      for (let i = 0; i < N; i++) {
        const t = yield fork(child, i)
        sum += yield join(t)
      }
      return sum
    }
    probe.start()
    const { task } = lib.run(root)
    const sum = await task.toPromise()
    probe.stop()
    return { ok: sum === (3 * N * (N - 1)) / 2, detail: `sum=${sum}` }
  },
  async raw(_, N, probe) {
    function* child(i) {
      const v = yield i
      return v
    }
    probe.start()
    let sum = 0
    for (let i = 0; i < N; i++) {
      const it = child(i)
      let r = it.next()
      while (!r.done) r = it.next(triple(r.value))
      sum += r.value
    }
    probe.stop()
    return { ok: sum === (3 * N * (N - 1)) / 2 }
  },
}
