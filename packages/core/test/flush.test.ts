/*
 * `flush` (reference §1.4, §3.8): every buffered message of a channel, or END once it is closed
 * and empty (as a value: flush never terminates the saga). Differential against redux-saga 1.5.1.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.5 `flush()` of an eventChannel with the default `buffers.none()` throws
 *   `buffer.flush is not a function` from the runner; it bypasses the saga's try/catch and aborts
 *   the task.
 */
import { describe, it } from 'vitest'
import { expectBoth, reduxStore } from './support/differential.js'

describe('flush()', () => {
  it('resumes with the buffered messages, then END once the channel is closed and empty', async () => {
    await expectBoth(async (lib) => {
      const { call, flush, put } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        const chan = yield call(lib.channel)
        seen.push(yield flush(chan))
        yield put(chan, 1)
        yield put(chan, 2)
        yield put(chan, 3)
        seen.push(yield flush(chan))
        yield put(chan, 4)
        yield put(chan, 5)
        chan.close()
        seen.push(yield flush(chan))
        seen.push(yield flush(chan))
      }
      await middleware.run(saga).toPromise()
      return seen
    }, [[], [1, 2, 3], [4, 5], { type: '@@redux-saga/CHANNEL_END' }])
  })

  it('aborts the task, past its try/catch, when the channel buffer has no flush', async () => {
    await expectBoth(async (lib) => {
      const { flush } = lib.effects
      const errors: string[] = []
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: (e: Error) => errors.push(e.message) } })
      const chan = lib.eventChannel(() => () => {})
      const seen: string[] = []
      function* saga(): Generator<any, void, any> {
        try {
          yield flush(chan)
          seen.push('flushed')
        } catch {
          seen.push('caught')
        }
      }
      const task = middleware.run(saga)
      const outcome = await task.toPromise().then(
        () => 'resolved',
        (e: Error) => `rejected: ${e.message}`,
      )
      return { seen, errors, outcome }
    }, { seen: [], errors: ['buffer.flush is not a function'], outcome: 'rejected: buffer.flush is not a function' })
  })
})
