// One `put` -> `take` loop: a receiver blocked on take('PING'), a sender putting N PINGs.
// With `others`, that many extra tasks wait on other action types the whole time (they must not
// slow a put down: CONTRACT §1.10). Only the N put/take round trips are timed.
export function putTakeScenario({ title, n, quick, others, target }) {
  return {
    title,
    n,
    quick,
    unit: 'put',
    target,
    async run(lib, N, probe) {
      const { fork, take, put, cancel } = lib.effects
      let count = 0
      let sum = 0
      let otherWoken = 0
      function* receiver() {
        while (true) {
          const action = yield take('PING')
          count++
          sum += action.i
        }
      }
      function* other(type) {
        yield take(type)
        otherWoken++
      }
      function* root() {
        const waiting = []
        for (let i = 0; i < others; i++) waiting.push(yield fork(other, `OTHER_${i}`))
        const r = yield fork(receiver)
        probe.start()
        for (let i = 0; i < N; i++) yield put({ type: 'PING', i })
        probe.stop()
        yield cancel(r)
        yield cancel(waiting)
      }
      const { task } = lib.run(root)
      await task.toPromise()
      const ok = count === N && sum === (N * (N - 1)) / 2 && otherWoken === 0
      return { ok, detail: `count=${count}` }
    },
    // Direct calls: the sender invokes the receiver's callback, re-registered after each message.
    async raw(_, N, probe) {
      let count = 0
      let sum = 0
      const takers = new Map()
      for (let i = 0; i < others; i++) takers.set(`OTHER_${i}`, [() => {}])
      const receive = (action) => {
        count++
        sum += action.i
        takers.get('PING').push(receive)
      }
      takers.set('PING', [receive])
      probe.start()
      for (let i = 0; i < N; i++) {
        const list = takers.get('PING')
        const cb = list.shift()
        cb({ type: 'PING', i })
      }
      probe.stop()
      return { ok: count === N && sum === (N * (N - 1)) / 2 }
    },
  }
}

export default putTakeScenario({ title: 'put -> take', n: 200_000, quick: 10_000, others: 0, target: { ratio: 0.6 } })
