/*
 * The driver's fast-path frames (issue #7): without a monitor or effect middleware, a top-level
 * `take` on a multicast channel, a `put` and a `delay` run on a frame that is also their channel
 * registration, scheduler job or timer (effects/take.ts, put.ts, call.ts). Each case runs the same
 * program with and without a monitor (the monitor forces the general path) and expects the same
 * log, plus what the fast path must clean up itself: the taker, the timer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { END, runSaga, stdChannel, type SagaMonitor, type Task } from '@sagaflow/core'
import { call, cancel, delay, fork, put, putResolve, take, takeMaybe } from '@sagaflow/core/effects'

const quietMonitor: SagaMonitor = { effectTriggered() {}, effectResolved() {}, effectRejected() {}, effectCancelled() {} }

/** Runs `saga` on a fresh stdChannel whose dispatch feeds the channel; `monitored` forces the general path. */
function start(saga: () => Generator, monitored: boolean, dispatch?: (action: unknown) => unknown) {
  const channel = stdChannel()
  const task: Task = runSaga(
    { channel, dispatch: dispatch ?? ((action: any) => channel.put(action)), sagaMonitor: monitored ? quietMonitor : undefined },
    saga,
  )
  return { channel, task }
}

afterEach(() => {
  vi.useRealTimers()
})

describe.each([
  ['fast path', false],
  ['general path (monitor)', true],
])('%s', (_name, monitored) => {
  it('a cancelled take no longer receives, and a later take of the same type does', () => {
    const log: string[] = []
    function* waiter(name: string): Generator {
      try {
        const action = yield take('PING')
        log.push(`${name} got ${action.n}`)
      } finally {
        log.push(`${name} finally`)
      }
    }
    function* root(): Generator {
      const first = yield fork(waiter, 'first')
      yield cancel(first)
      yield fork(waiter, 'second')
      yield put({ type: 'PING', n: 1 })
      yield put({ type: 'PING', n: 2 })
    }
    start(root, monitored)
    expect(log).toEqual(['first finally', 'second got 1', 'second finally'])
  })

  it('END terminates a take at once on a closed channel, and takeMaybe receives it', () => {
    const log: unknown[] = []
    const { channel } = start(function* (): Generator {
      yield take('NEVER')
    }, monitored)
    channel.put(END)
    function* after(): Generator {
      try {
        yield take('X')
        log.push('not reached')
      } finally {
        log.push('terminated')
      }
    }
    function* maybe(): Generator {
      log.push(yield takeMaybe('X'))
    }
    runSaga({ channel, dispatch: () => {}, sagaMonitor: monitored ? quietMonitor : undefined }, after)
    runSaga({ channel, dispatch: () => {}, sagaMonitor: monitored ? quietMonitor : undefined }, maybe)
    expect(log).toEqual(['terminated', END])
  })

  it('putResolve waits for the promise dispatch returns; put does not', async () => {
    const log: unknown[] = []
    const dispatch = (action: any) => Promise.resolve(`handled ${action.type}`)
    const { task } = start(function* (): Generator {
      log.push(yield put({ type: 'A' }))
      log.push(yield putResolve({ type: 'B' }))
    }, monitored, dispatch)
    await task.toPromise()
    expect(log).toHaveLength(2)
    expect(log[0]).toBeInstanceOf(Promise)
    expect(log[1]).toBe('handled B')
  })

  it('a put that throws is thrown into the saga', () => {
    const log: unknown[] = []
    start(function* (): Generator {
      try {
        yield put({ type: 'BOOM' })
      } catch (error) {
        log.push((error as Error).message)
      }
    }, monitored, () => {
      throw new Error('reducer failed')
    })
    expect(log).toEqual(['reducer failed'])
  })

  it('cancelling a task blocked in delay clears its timer; an uncancelled delay resumes with its value', async () => {
    vi.useFakeTimers()
    const log: unknown[] = []
    function* sleeper(): Generator {
      try {
        yield delay(60_000)
        log.push('woke')
      } finally {
        log.push('sleeper finally')
      }
    }
    const { task } = start(function* (): Generator {
      const sleeping = yield fork(sleeper)
      expect(vi.getTimerCount()).toBe(1)
      yield cancel(sleeping)
      expect(vi.getTimerCount()).toBe(0)
      log.push(yield delay(10, 'value'))
      log.push(yield call(() => 'after'))
    }, monitored)
    await vi.advanceTimersByTimeAsync(10)
    await task.toPromise()
    expect(log).toEqual(['sleeper finally', 'value', 'after'])
  })

  it('delay beyond the largest timer throws into the saga, as in the reference', () => {
    const log: string[] = []
    start(function* (): Generator {
      try {
        yield delay(2 ** 31)
      } catch (error) {
        log.push((error as Error).message)
      }
    }, monitored)
    expect(log).toEqual(['delay only supports a maximum value of 2147483647ms'])
  })
})
