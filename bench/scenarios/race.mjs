// `race` of N branches, each `take` on its own action type; the last branch wins, the N-1 losers
// are cancelled (their takers unregistered).
export default {
  title: 'race 20k',
  n: 20_000,
  quick: 2_000,
  unit: 'branch',
  target: { ratio: 0.1 },
  async run(lib, N, probe) {
    const { race, take } = lib.effects
    function* saga() {
      const branches = new Array(N)
      for (let i = 0; i < N; i++) branches[i] = take(`R${i}`)
      probe.start() // the effects exist: time the runtime's work on them
      const result = yield race(branches)
      return result
    }
    const { task, channel } = lib.run(saga)
    channel.put({ type: `R${N - 1}`, value: 42 })
    channel.put({ type: 'R0', value: 0 }) // a loser's type: must reach nobody
    const result = await task.toPromise()
    probe.stop()
    let others = 0
    for (let i = 0; i < N - 1; i++) if (result[i] !== undefined) others++
    const ok = result.length === N && result[N - 1]?.value === 42 && others === 0
    return { ok, detail: `winner=${result[N - 1]?.value} others=${others}` }
  },
  // Direct calls: N callbacks registered in a Map, one delivered, the rest unregistered.
  async raw(_, N, probe) {
    probe.start()
    const listeners = new Map()
    const result = new Array(N).fill(undefined)
    let done = false
    for (let i = 0; i < N; i++) {
      listeners.set(`R${i}`, (action) => {
        if (done) return
        done = true
        result[i] = action
        listeners.clear()
      })
    }
    listeners.get(`R${N - 1}`)?.({ type: `R${N - 1}`, value: 42 })
    listeners.get('R0')?.({ type: 'R0', value: 0 })
    probe.stop()
    return { ok: result[N - 1]?.value === 42 && result[0] === undefined }
  },
}
