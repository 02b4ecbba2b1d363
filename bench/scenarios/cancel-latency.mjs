// Cancel latency: N cycles of fork a task blocked in `delay` with a `finally`, then cancel it.
export default {
  title: 'cancel latency',
  n: 20_000,
  quick: 2_000,
  unit: 'cycle',
  target: { ratio: 0.7 },
  async run(lib, N, probe) {
    const { fork, cancel, delay } = lib.effects
    let cleaned = 0
    function* child() {
      try {
        yield delay(1_000_000)
      } finally {
        cleaned++
      }
    }
    function* root() {
      for (let i = 0; i < N; i++) {
        const t = yield fork(child)
        yield cancel(t)
      }
    }
    probe.start()
    const { task } = lib.run(root)
    await task.toPromise()
    probe.stop()
    return { ok: cleaned === N && !task.isRunning(), detail: `cleaned=${cleaned}` }
  },
  async raw(_, N, probe) {
    let cleaned = 0
    function* child() {
      try {
        yield 'DELAY'
      } finally {
        cleaned++
      }
    }
    probe.start()
    for (let i = 0; i < N; i++) {
      const it = child()
      it.next()
      const timer = setTimeout(() => it.next(), 1_000_000)
      clearTimeout(timer)
      it.return()
    }
    probe.stop()
    return { ok: cleaned === N }
  },
}
