import { describe, expect, it, vi } from 'vitest'
import { VirtualClock } from '@sagaflow/cancellation'
import { cancel, delay, fork, halt, join, race, runSaga } from '@sagaflow/core'
import { createMockTask } from '@sagaflow/testing'

function* worker() {}
function* parent() {
  const task: unknown = yield fork(worker)
  yield cancel(task as any)
  yield join(task as any)
}

describe('createMockTask()', () => {
  it('is running, with no result or error, when created', () => {
    const task = createMockTask()
    expect(task.isRunning()).toBe(true)
    expect(task.result()).toBeUndefined()
    expect(task.error()).toBeUndefined()
  })

  it('can be given back to a saga where it forked, then asserted in cancel() and join()', () => {
    const task = createMockTask()
    const gen = parent()
    expect(gen.next().value).toEqual(fork(worker))
    expect(gen.next(task).value).toEqual(cancel(task))
    expect(gen.next().value).toEqual(join(task))
  })

  it('ends with a result after setResult()', () => {
    const task = createMockTask<number>()
    task.setResult(42)
    expect([task.isRunning(), task.isAborted(), task.isCancelled(), task.result()]).toEqual([false, false, false, 42])
  })

  it('ends with an error after setError()', () => {
    const task = createMockTask()
    const error = new Error('oh no')
    task.setError(error)
    expect([task.isRunning(), task.isAborted(), task.isCancelled(), task.error()]).toEqual([false, true, false, error])
  })

  it('ends cancelled after cancel()', () => {
    const task = createMockTask()
    task.cancel()
    expect([task.isRunning(), task.isAborted(), task.isCancelled()]).toEqual([false, false, true])
  })

  it('throws the reference message on a status change once it is no longer running', () => {
    const cases = [
      ['Cancelled', (t: ReturnType<typeof createMockTask>) => t.cancel()],
      ['Aborted', (t: ReturnType<typeof createMockTask>) => t.setError(new Error('x'))],
      ['Done', (t: ReturnType<typeof createMockTask>) => t.setResult(1)],
    ] as const
    for (const [status, end] of cases) {
      const task = createMockTask()
      end(task)
      const message = `The task is no longer Running, it is ${status}. You can't change the status of a task once it is no longer running.`
      expect(() => task.setResult(42)).toThrow(message)
      expect(() => task.setError(undefined)).toThrow(message)
      expect(() => task.cancel()).toThrow(message)
    }
  })

  it('warns that setRunning() is deprecated', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    createMockTask().setRunning(false)
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^setRunning has been deprecated/))
    warn.mockRestore()
  })

  it('gives join() its result in a real run', async () => {
    const seen: unknown[] = []
    const task = createMockTask<number>()
    task.setResult(42)
    await runSaga({}, function* () {
      seen.push(yield join(task))
    }).toPromise()
    expect(seen).toEqual([42])
  })

  it('throws its error into join() in a real run', async () => {
    const error = new Error('something wrong')
    const task = createMockTask()
    task.setError(error)
    const seen: unknown[] = []
    await runSaga({}, function* () {
      try {
        yield join(task)
      } catch (e) {
        seen.push(e)
      }
    }).toPromise()
    expect(seen).toEqual([error])
  })

  it('is cancelled by the cancel effect, and joining it then resumes', async () => {
    const task = createMockTask()
    await runSaga({}, function* () {
      yield cancel(task)
      yield join(task)
    }).toPromise()
    expect(task.isCancelled()).toBe(true)
  })

  it('does not resume a join started before setResult() (as the reference)', async () => {
    const mock = createMockTask<number>()
    const clock = new VirtualClock()
    const task = runSaga({ clock }, function* () {
      const joiner: any = yield fork(function* () {
        return yield* join(mock)
      })
      mock.setResult(42)
      const result: any = yield race({ timeout: delay(1), joined: join(joiner) })
      yield cancel(joiner)
      return result
    })
    clock.advance(1)
    expect(await task.toPromise()).toEqual({ timeout: true })
  })

  it('can be halted: halt() cancels it and resumes at once (a mock has no cleanup)', async () => {
    const task = createMockTask()
    await runSaga({}, function* () {
      yield halt(task)
    }).toPromise()
    expect(task.isCancelled()).toBe(true)
  })

  it('fires its token and signal only when cancelled', () => {
    const finished = createMockTask()
    finished.setResult(1)
    expect(finished.token.isCancelled).toBe(false)
    const cancelled = createMockTask()
    const { signal } = cancelled
    cancelled.cancel()
    expect(signal.aborted).toBe(true)
  })
})
