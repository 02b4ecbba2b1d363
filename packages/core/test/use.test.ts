import { describe, expect, it } from 'vitest'
import { VirtualClock } from '@sagaflow/cancellation'
import { runSaga, stdChannel, TASK_CANCEL, END } from '@sagaflow/core'
import { call, cancel, delay, fork, halt, take, use } from '@sagaflow/core/effects'

function track() {
  const entries: unknown[] = []
  return Object.assign((entry: unknown) => void entries.push(entry), { entries })
}

function start<R>(saga: () => Generator<any, R, any>, clock?: VirtualClock) {
  const channel = stdChannel()
  const errors: unknown[] = []
  const task = runSaga({ channel, dispatch: (a: any) => channel.put(a), onError: (e) => errors.push(e), clock }, saga)
  return { task, channel, errors }
}

describe('use()', () => {
  it('releases resources in reverse order of acquisition when the task returns', async () => {
    const log = track()
    function* saga() {
      const a = yield* use(call(() => Promise.resolve('A')), (r) => log(`release ${r}`))
      const b = yield* use('B', (r) => log(`release ${r}`))
      log(`using ${a} ${b}`)
      return 'done'
    }
    const { task } = start(saga)
    expect(await task.toPromise()).toBe('done')
    expect(log.entries).toEqual(['using A B', 'release B', 'release A'])
  })

  it('releases when the task fails, and the task keeps its own error', async () => {
    const log = track()
    function* saga(): Generator<any, void, any> {
      yield* use('db', (r) => log(`release ${r}`))
      throw new Error('body failed')
    }
    const { task } = start(saga)
    await expect(task.toPromise()).rejects.toThrow('body failed')
    expect(log.entries).toEqual(['release db'])
  })

  it('releases when the task is cancelled, running async releases to the end', async () => {
    const clock = new VirtualClock()
    const log = track()
    function* release(name: string) {
      yield* delay(10)
      log(`released ${name} at ${clock.now()}`)
    }
    function* worker() {
      yield* use('one', (r) => call(release, r))
      yield* use('two', (r) => call(release, r))
      yield* take('NEVER')
    }
    function* parent() {
      const task = yield* fork(worker)
      yield* halt(task)
      log(`halt resumed at ${clock.now()}`)
      return task.isCancelled()
    }
    const { task } = start(parent, clock)
    for (let i = 0; i < 3; i++) {
      await Promise.resolve()
      clock.runAll()
      await Promise.resolve()
    }
    expect(await task.toPromise()).toBe(true)
    expect(log.entries).toEqual(['released two at 10', 'released one at 20', 'halt resumed at 20'])
  })

  it('runs every release once even when one fails, then fails the task with that error', async () => {
    const log = track()
    function* saga() {
      yield* use('a', () => log('release a'))
      yield* use('b', () => {
        throw new Error('release b failed')
      })
      yield* use('c', () => log('release c'))
      return 'body ok'
    }
    const { task } = start(saga)
    await expect(task.toPromise()).rejects.toThrow('release b failed')
    expect(log.entries).toEqual(['release c', 'release a'])
  })

  it('accepts an effect as release and runs it', async () => {
    const log = track()
    function* closer() {
      log('closed')
    }
    function* saga() {
      yield* use('conn', call(closer))
    }
    await start(saga).task.toPromise()
    expect(log.entries).toEqual(['closed'])
  })

  it('releases when the saga is terminated by END', async () => {
    const log = track()
    function* saga() {
      yield* use('sub', () => log('released'))
      yield* take('NEVER')
    }
    const { task, channel } = start(saga)
    channel.put(END)
    await task.toPromise()
    expect(log.entries).toEqual(['released'])
  })

  it('ties a resource to a called sub-saga, released when it returns', async () => {
    const log = track()
    function* sub() {
      yield* use('inner', () => log('release inner'))
      log('sub body')
    }
    function* saga() {
      yield* call(sub)
      log('after sub')
    }
    await start(saga).task.toPromise()
    expect(log.entries).toEqual(['sub body', 'release inner', 'after sub'])
  })

  it('releases on cancel() and the cancelled task ends with TASK_CANCEL', async () => {
    const log = track()
    function* worker() {
      yield* use('r', () => log('released'))
      yield* take('NEVER')
    }
    function* parent() {
      const task = yield* fork(worker)
      yield* cancel(task)
      return task.result()
    }
    expect(await start(parent).task.toPromise()).toBe(TASK_CANCEL)
    expect(log.entries).toEqual(['released'])
  })
})
