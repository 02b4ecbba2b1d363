import { describe, expect, it } from 'vitest'
import { END, type Task } from '@sagaflow/core'
import { cancelled, delay, fork, takeLatestBy, takeLeadingBy } from '@sagaflow/core/effects'
import { start, track } from './support/virtual-time.js'

interface Load {
  type: 'LOAD'
  id: string
  n: number
}
const load = (id: string, n: number): Load => ({ type: 'LOAD', id, n })

describe('takeLatestBy()', () => {
  it('cancels the previous worker of the same key only', async () => {
    const log = track()
    function* worker(action: Load) {
      try {
        yield* delay(100)
        log(`done ${action.id}${action.n}`)
      } finally {
        if (yield* cancelled()) log(`cancel ${action.id}${action.n}`)
      }
    }
    function* saga() {
      yield* takeLatestBy('LOAD', (action: Load) => action.id, worker)
    }
    const { dispatch, advance } = start(saga)
    dispatch(load('a', 1))
    dispatch(load('b', 1))
    dispatch(load('a', 2))
    await advance(100)
    expect(log.entries).toEqual(['cancel a1', 'done b1', 'done a2'])
  })

  it('passes extra args before the action', () => {
    const log = track()
    function* worker(prefix: string, action: Load) {
      log(`${prefix}${action.id}`)
    }
    function* saga() {
      yield* takeLatestBy('LOAD', (action: Load) => action.id, worker, 'got ')
    }
    const { dispatch } = start(saga)
    dispatch(load('x', 1))
    expect(log.entries).toEqual(['got x'])
  })

  it('is non-blocking, names its task and stops on END', async () => {
    const log = track()
    let watcher!: Task
    function* worker() {}
    function* saga() {
      watcher = yield* takeLatestBy('LOAD', (action: Load) => action.id, worker)
      log('after')
    }
    const { dispatch, task } = start(saga)
    expect(log.entries).toEqual(['after'])
    expect(watcher.meta.name).toBe('takeLatestBy(LOAD, worker)')
    dispatch(END)
    expect(watcher.isRunning()).toBe(false)
    await task.toPromise()
  })

  it('forgets a key once its worker finishes (no growth over many keys)', async () => {
    let live = 0
    function* worker() {
      live++
      yield* delay(1)
      live--
    }
    function* saga() {
      yield* takeLatestBy('LOAD', (action: Load) => action.id, worker)
    }
    const effectTypes: string[] = []
    const sagaMonitor = { effectTriggered: ({ effect }: { effect: any }) => void effectTypes.push(effect?.type) }
    const { dispatch, advance } = start(saga, { sagaMonitor })
    for (let i = 0; i < 1_000; i++) dispatch(load(`k${i}`, i))
    expect(live).toBe(1_000)
    await advance(1)
    expect(live).toBe(0)
    // a key seen before starts fresh: no cancel effect, the finished worker was forgotten
    effectTypes.length = 0
    dispatch(load('k1', 2))
    expect(live).toBe(1)
    expect(effectTypes).not.toContain('CANCEL')
    dispatch(load('k1', 3))
    expect(effectTypes).toContain('CANCEL')
  })
})

describe('takeLeadingBy()', () => {
  it('ignores actions for a key whose worker is still running, without blocking other keys', async () => {
    const log = track()
    function* worker(action: Load) {
      log(`start ${action.id}${action.n}`)
      yield* delay(100)
      log(`end ${action.id}${action.n}`)
    }
    function* saga() {
      yield* takeLeadingBy('LOAD', (action: Load) => action.id, worker)
    }
    const { dispatch, advance } = start(saga)
    dispatch(load('a', 1))
    dispatch(load('a', 2))
    dispatch(load('b', 1))
    await advance(100)
    dispatch(load('a', 3))
    expect(log.entries).toEqual(['start a1', 'start b1', 'end a1', 'end b1', 'start a3'])
  })

  it('accepts the key again as soon as a synchronous worker returns', () => {
    const log = track()
    function* worker(action: Load) {
      log(`run ${action.n}`)
    }
    function* saga() {
      yield* takeLeadingBy('LOAD', (action: Load) => action.id, worker)
    }
    const { dispatch } = start(saga)
    dispatch(load('a', 1))
    dispatch(load('a', 2))
    expect(log.entries).toEqual(['run 1', 'run 2'])
  })

  it('names its task and stops on END', () => {
    let watcher!: Task
    function* worker() {}
    function* saga() {
      watcher = yield* fork(function* () {
        yield* takeLeadingBy('LOAD', (action: Load) => action.id, worker)
      })
    }
    const { dispatch } = start(saga)
    expect(watcher.isRunning()).toBe(true)
    dispatch(END)
    expect(watcher.isRunning()).toBe(false)
  })

  it('has the takeLeadingBy(pattern, worker) task name', () => {
    let watcher!: Task
    function* worker() {}
    function* saga() {
      watcher = yield* takeLeadingBy('LOAD', (action: Load) => action.id, worker)
    }
    start(saga)
    expect(watcher.meta.name).toBe('takeLeadingBy(LOAD, worker)')
  })

  it('rejects a keyOf that is not a function', () => {
    function* worker() {}
    expect(() => takeLeadingBy('LOAD', 'id' as any, worker)).toThrow(
      new TypeError('takeLeadingBy(pattern, keyOf, worker, ...args): keyOf must be a function (action) => key, got "id" (string)'),
    )
  })

  it('rejects a missing pattern or worker, showing the value', () => {
    expect(() => takeLatestBy(undefined as any, (a: any) => a.id, function* () {})).toThrow(
      new TypeError('takeLatestBy(pattern, keyOf, worker, ...args): pattern must be a pattern or a channel, got undefined'),
    )
    expect(() => takeLatestBy('LOAD', (a: any) => a.id, undefined as any)).toThrow(
      new TypeError('takeLatestBy(pattern, keyOf, worker, ...args): worker must be a saga or a function (or [context, fn], { context, fn }), got undefined'),
    )
  })
})
