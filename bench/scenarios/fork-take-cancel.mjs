// Fork N tasks blocked on `take`, then cancel the root: time per task (fork + cancel) and heap
// bytes per blocked task. Every child's `finally` must run.
export default {
  title: 'fork 25k on take + cancel',
  n: 25_000,
  quick: 2_000,
  unit: 'task',
  heap: true,
  growth: true,
  target: { ratio: 0.15, heapPerTask: 1000, growth: 4.5 },
  async run(lib, N, probe) {
    const { fork, take } = lib.effects
    let cleaned = 0
    let started = 0
    function* child() {
      started++
      try {
        yield take('NEVER')
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
    const ok = started === N && cleaned === N && task.isCancelled() && !task.isRunning()
    return { ok, detail: `started=${started} cleaned=${cleaned}` }
  },
  // Bare generators: N started, each parked on a registered callback, then all returned.
  async raw(_, N, probe) {
    let cleaned = 0
    function* child() {
      try {
        yield 'NEVER'
      } finally {
        cleaned++
      }
    }
    probe.start()
    const parked = new Set()
    for (let i = 0; i < N; i++) {
      const it = child()
      it.next()
      parked.add(it)
    }
    probe.heap()
    for (const it of parked) it.return()
    parked.clear()
    probe.stop()
    return { ok: cleaned === N }
  },
}
