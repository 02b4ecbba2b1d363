import { describe, expect, it } from 'vitest'
import { VirtualClock } from '@sagaflow/cancellation'
import { channel, runSaga, stdChannel, TASK_CANCEL, END } from '@sagaflow/core'
import { call, cancel, delay, fork, halt, join, take, use } from '@sagaflow/core/effects'
import { captureUncaught, start, track } from './support/virtual-time.js'

/** Fires every due timer `rounds` times, letting promise callbacks run before and after each. */
async function runTimers(clock: VirtualClock, rounds: number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await Promise.resolve()
    clock.runAll()
    await Promise.resolve()
  }
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

  it('runs a promise or a saga given as acquire, as a plain yield would, and releases what it gave', async () => {
    const log = track()
    function* openDb() {
      return 'db'
    }
    function* saga() {
      const conn = yield* use(Promise.resolve('conn'), (r) => log(`release ${r}`))
      const db = yield* use(openDb(), (r) => log(`release ${r}`))
      log(`using ${conn} ${db}`)
    }
    const { task } = start(saga)
    await task.toPromise()
    expect(log.entries).toEqual(['using conn db', 'release db', 'release conn'])
  })

  it('keeps an async iterator given as acquire as the resource itself', async () => {
    async function* source() {
      yield 1
    }
    const iterator = source()
    let resource: unknown
    function* saga() {
      resource = yield* use(iterator, (it) => it.return(undefined))
    }
    const { task } = start(saga)
    await task.toPromise()
    expect(resource).toBe(iterator)
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

  it('keeps the body\'s error when a release fails too, and lists the release error on it', async () => {
    const log = track()
    const releaseError = new Error('release b failed')
    function* saga(): Generator<any, void, any> {
      yield* use('a', () => log('release a'))
      yield* use('b', () => {
        throw releaseError
      })
      throw new Error('body failed')
    }
    const { task } = start(saga)
    const error = await task.toPromise().catch((e: unknown) => e)
    expect(error).toEqual(new Error('body failed'))
    expect((error as { releaseErrors: unknown[] }).releaseErrors).toEqual([releaseError])
    expect(Object.keys(error as object)).not.toContain('releaseErrors')
    expect(log.entries).toEqual(['release a'])
  })

  it('reports as uncaught the release errors that a primitive or frozen error of the body cannot carry', async () => {
    const releaseError = new Error('release failed')
    const reported = await captureUncaught(async () => {
      const frozen = Object.freeze(new Error('frozen body error'))
      for (const thrown of ['body failed', frozen]) {
        function* saga(): Generator<any, void, any> {
          yield* use('r', () => {
            throw releaseError
          })
          throw thrown
        }
        const { task } = start(saga)
        // The body's error still reaches the task unchanged.
        expect(await task.toPromise().catch((e: unknown) => e)).toBe(thrown)
      }
    })
    expect(reported).toHaveLength(2)
    expect((reported[0] as AggregateError).errors).toEqual([releaseError])
    expect((reported[0] as Error).message).toBe('use(): 1 release failed while the task failed with a string, which cannot carry them as releaseErrors (see .errors)')
    expect((reported[1] as Error).message).toContain('failed with a frozen object')
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
    const { task } = start(parent, { clock })
    await runTimers(clock, 3)
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
    const { task, dispatch } = start(saga)
    dispatch(END)
    await task.toPromise()
    expect(log.entries).toEqual(['released'])
  })

  it('releases nothing for an acquire that ended without a result (END, a joined cancelled task), still releasing earlier resources', async () => {
    const log = track()
    const source = channel<string>()
    function* worker() {
      yield* take('NEVER')
    }
    function* endedAcquire() {
      yield* use('earlier', (r) => log(`release ${r}`))
      yield* use(take(source), (r) => log(`release ${String(r)}`))
    }
    function* cancelledAcquire() {
      const task = yield* fork(worker)
      yield* cancel(task)
      yield* use(join(task), (r) => log(`release ${String(r)}`))
    }
    const ended = start(endedAcquire).task
    source.close()
    await ended.toPromise()
    expect(ended.isRunning()).toBe(false)
    const cancelled = start(cancelledAcquire).task
    await cancelled.toPromise()
    expect(cancelled.isCancelled()).toBe(true)
    expect(log.entries).toEqual(['release earlier'])
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

  describe('resources belong to the task: its attached forks', () => {
    function* worker(name: string, log: (entry: unknown) => void) {
      yield* take(`${name}_DONE`)
      log(`${name} done`)
    }

    function* failing() {
      yield* take('FAIL')
      throw new Error('fork failed')
    }

    it('are released once the forks still running when the body returned have ended', async () => {
      const log = track()
      const monitored: string[] = []
      function* saga() {
        const conn = yield* use('conn', (r) => log(`release ${r}`))
        yield* fork(worker, 'A', log)
        yield* fork(worker, 'B', log)
        log(`body returns with ${conn}`)
        return 'result'
      }
      const channel = stdChannel()
      const task = runSaga(
        { channel, sagaMonitor: { effectTriggered: ({ effect }: any) => void monitored.push(effect.type ?? typeof effect) } },
        saga,
      )
      expect(log.entries).toEqual(['body returns with conn'])
      expect(task.isRunning()).toBe(true)
      channel.put({ type: 'B_DONE' })
      expect(log.entries).toEqual(['body returns with conn', 'B done'])
      channel.put({ type: 'A_DONE' })
      expect(log.entries).toEqual(['body returns with conn', 'B done', 'A done', 'release conn'])
      expect(task.isRunning()).toBe(false)
      expect(await task.toPromise()).toBe('result')
      expect(monitored).toEqual(['USE', 'FORK', 'TAKE', 'FORK', 'TAKE', 'USE_FORKS_ENDED', 'CALL'])
    })

    it('are released at once when the body returns with no fork running (no wait)', async () => {
      const monitored: string[] = []
      function* quick() {}
      function* saga() {
        yield* use('r', () => {})
        yield* fork(quick)
      }
      runSaga({ sagaMonitor: { effectTriggered: ({ effect }: any) => void monitored.push(effect.type) } }, saga)
      expect(monitored).toEqual(['USE', 'FORK', 'CALL'])
    })

    it('are released when a fork fails during the wait, and the task fails with its error', async () => {
      const log = track()
      function* saga() {
        yield* use('conn', (r) => log(`release ${r}`))
        yield* fork(worker, 'A', log)
        yield* fork(failing)
        return 'result'
      }
      const { task, dispatch, errors } = start(saga)
      dispatch({ type: 'FAIL' })
      expect(log.entries).toEqual(['release conn'])
      await expect(task.toPromise()).rejects.toThrow('fork failed')
      expect(errors).toHaveLength(1)
    })

    it('are released as the body ends when the task is cancelled while its forks run, before the forks are cancelled', async () => {
      const log = track()
      function* forked() {
        try {
          yield* take('NEVER')
        } finally {
          log('fork finally')
        }
      }
      function* saga() {
        yield* fork(forked)
        yield* use('conn', (r) => log(`release ${r}`))
        try {
          yield* take('NEVER')
        } finally {
          log('body finally')
        }
      }
      const { task } = start(saga)
      task.cancel()
      expect(log.entries).toEqual(['body finally', 'release conn', 'fork finally'])
      expect(await task.toPromise()).toBe(TASK_CANCEL)
    })

    it('are released when a fork fails while the body runs, and the task fails with its error', async () => {
      const log = track()
      function* saga() {
        yield* use('conn', (r) => log(`release ${r}`))
        yield* fork(worker, 'A', log)
        yield* fork(failing)
        yield* take('NEVER')
      }
      const { task, dispatch } = start(saga)
      dispatch({ type: 'FAIL' })
      expect(log.entries).toEqual(['release conn'])
      await expect(task.toPromise()).rejects.toThrow('fork failed')
    })

    it('let halt() resume once released, for a task halted while its forks run', async () => {
      const log = track()
      function* target() {
        yield* fork(worker, 'A', log)
        yield* use('conn', (r) => log(`release ${r}`))
        yield* take('NEVER')
      }
      function* saga() {
        const task = yield* fork(target)
        yield* halt(task)
        log('halted')
      }
      const { task } = start(saga)
      expect(log.entries).toEqual(['release conn', 'halted'])
      expect(task.isRunning()).toBe(false)
    })

    it('are released when the task is cancelled during the wait', async () => {
      const log = track()
      function* saga() {
        yield* use('conn', (r) => log(`release ${r}`))
        yield* fork(worker, 'A', log)
        return 'result'
      }
      const { task } = start(saga)
      task.cancel()
      expect(log.entries).toEqual(['release conn'])
      expect(await task.toPromise()).toBe(TASK_CANCEL)
    })
  })

  it('finishes an async release that a cancellation interrupts, and runs the others (cleanup under way)', async () => {
    const clock = new VirtualClock()
    const log = track()
    function* release(name: string) {
      log(`releasing ${name}`)
      yield* delay(10)
      log(`released ${name} at ${clock.now()}`)
    }
    function* worker() {
      yield* use('one', (r) => call(release, r))
      yield* use('two', (r) => call(release, r))
      return 'body done'
    }
    function* parent() {
      const task = yield* fork(worker)
      yield* delay(5) // the worker is releasing 'two'
      yield* halt(task)
      log(`halt resumed at ${clock.now()}, cancelled: ${task.isCancelled()}`)
    }
    const { task } = start(parent, { clock })
    await runTimers(clock, 4)
    await task.toPromise()
    expect(log.entries).toEqual([
      'releasing two',
      'released two at 10',
      'releasing one',
      'released one at 20',
      'halt resumed at 20, cancelled: true',
    ])
  })
})
