// Fork N tasks blocked on `delay`, then cancel the root: time per task and heap per blocked task.
// Every timer must be cleared (the process would otherwise stay alive) and every `finally` run.
export default {
  title: 'fork 100k on delay + cancel',
  n: 100_000,
  quick: 5_000,
  unit: 'task',
  heap: true,
  target: { ratio: 0.35, heapPerTask: 1000 },
  async run(lib, N, probe) {
    const { fork, delay } = lib.effects
    let cleaned = 0
    function* child() {
      try {
        yield delay(1_000_000)
      } finally {
        cleaned++
      }
    }
    function* root() {
      for (let i = 0; i < N; i++) yield fork(child)
    }
    probe.start()
    const { task } = lib.run(root)
    probe.heap()
    task.cancel()
    probe.stop()
    const ok = cleaned === N && task.isCancelled()
    return { ok, detail: `cleaned=${cleaned}` }
  },
  // Bare generators parked on a real timer each, then all cleared and returned.
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
    const parked = []
    for (let i = 0; i < N; i++) {
      const it = child()
      it.next()
      parked.push({ it, timer: setTimeout(() => it.next(), 1_000_000) })
    }
    probe.heap()
    for (const p of parked) {
      clearTimeout(p.timer)
      p.it.return()
    }
    probe.stop()
    return { ok: cleaned === N }
  },
}
