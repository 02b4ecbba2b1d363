import { describe, expect, it } from 'vitest'
import { runSaga, stdChannel } from '@sagaflow/core'
import { call, put, take, fork, all, race, delay, cancel, cancelled } from '@sagaflow/core/effects'

describe('smoke', () => {
  it('runs a saga', async () => {
    const log: unknown[] = []
    const channel = stdChannel()
    const dispatch = (a: any) => { log.push(a.type); channel.put(a) }
    function* child() { try { yield take('NEVER') } finally { log.push(['child cancelled', yield* cancelled()]) } }
    function* main() {
      const x = yield* call((a: number) => a + 1, 1)
      log.push(x)
      const t = yield* fork(child)
      yield* put({ type: 'A' })
      const r = yield* race({ a: take('B'), t: delay(5) })
      log.push(r)
      const [p, q] = yield* all([call(() => Promise.resolve(3)), call(function* () { return 4 })])
      log.push(p, q)
      yield* cancel(t)
      return 'done'
    }
    const task = runSaga({ channel, dispatch }, main)
    expect(await task.toPromise()).toBe('done')
    expect(log).toEqual([2, 'A', { t: true }, 3, 4, ['child cancelled', true]])
  })
})
