// `call` nested DEPTH deep (a generator calling itself), REPEAT times; must complete without a stack
// overflow. N counts nested calls in total (DEPTH x REPEAT).
const DEPTH = 10_000

export default {
  title: 'call nested 10k',
  n: 200_000,
  quick: 20_000,
  unit: 'nested call',
  target: { completes: true },
  async run(lib, N, probe) {
    const { call } = lib.effects
    const depth = Math.min(DEPTH, N)
    const repeat = Math.max(1, Math.round(N / depth))
    function* nested(n) {
      if (n === 0) return 0
      const below = yield call(nested, n - 1)
      return below + 1
    }
    function* root() {
      let total = 0
      for (let r = 0; r < repeat; r++) total += yield call(nested, depth)
      return total
    }
    probe.start()
    const { task, error } = lib.run(root)
    let total
    try {
      total = await task.toPromise()
    } catch (e) {
      probe.stop()
      return { ok: false, detail: `failed: ${String(e).slice(0, 80)}` }
    }
    probe.stop()
    void error
    return { ok: total === depth * repeat, detail: `depth=${depth} total=${total}` }
  },
  // Bare generators: a stack of iterators driven by one loop.
  async raw(_, N, probe) {
    const depth = Math.min(DEPTH, N)
    const repeat = Math.max(1, Math.round(N / depth))
    function* nested(n) {
      if (n === 0) return 0
      const below = yield n - 1
      return below + 1
    }
    probe.start()
    let total = 0
    for (let r = 0; r < repeat; r++) {
      const stack = [nested(depth)]
      let value
      while (stack.length) {
        const res = stack[stack.length - 1].next(value)
        if (res.done) {
          stack.pop()
          value = res.value
        } else {
          stack.push(nested(res.value))
          value = undefined
        }
      }
      total += value
    }
    probe.stop()
    return { ok: total === depth * repeat }
  },
}
