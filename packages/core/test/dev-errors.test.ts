/*
 * Development-mode argument errors (reference §3.13): effect creators, helpers and channels check
 * their arguments and throw with the reference's exact message. Differential against
 * redux-saga 1.5.1's development build.
 *
 * Reference quirks verified on redux-saga 1.5.1 here:
 * - §4.6 `take(5)` (a numeric pattern) is rejected although the TypeScript types allow numbers.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { expectBoth, reduxStore, type Lib } from './support/differential.js'

afterEach(() => {
  vi.restoreAllMocks()
})

/** The message `fn` throws, or 'no error'. */
function messageOf(fn: () => unknown): string {
  try {
    fn()
    return 'no error'
  } catch (e) {
    return (e as Error).message
  }
}

const HINT = '\n(HINT: if you are getting these errors in tests, consider using createMockTask from @redux-saga/testing-utils)'

function aTask(lib: Lib): unknown {
  return lib.runSaga({}, function* () {})
}

describe('development-mode argument errors', () => {
  it('put() and putResolve()', async () => {
    await expectBoth((lib) => {
      const { put, putResolve } = lib.effects
      const chan = lib.channel()
      return [
        messageOf(() => put(undefined)),
        messageOf(() => put(undefined, { type: 'A' })),
        messageOf(() => put({}, { type: 'A' })),
        messageOf(() => put(chan, undefined)),
        messageOf(() => putResolve(undefined)),
        messageOf(() => put({ type: 'OK' })),
      ]
    }, [
      'put(action): argument action is undefined',
      'put(channel, action): argument channel is undefined',
      'put(channel, action): argument [object Object] is not a valid channel',
      'put(channel, action): argument action is undefined',
      'put(action): argument action is undefined',
      'no error',
    ])
  })

  it('take() and takeMaybe()', async () => {
    await expectBoth((lib) => {
      const { take, takeMaybe } = lib.effects
      return [
        messageOf(() => take(undefined)),
        messageOf(() => take(5)),
        messageOf(() => take({})),
        messageOf(() => take([5])),
        messageOf(() => takeMaybe(undefined)),
        messageOf(() => take()),
        messageOf(() => take(null)),
      ]
    }, [
      'take(patternOrChannel): patternOrChannel is undefined',
      'take(patternOrChannel): argument 5 is not valid channel or a valid pattern',
      'take(patternOrChannel): argument [object Object] is not valid channel or a valid pattern',
      'take(patternOrChannel): argument 5 is not valid channel or a valid pattern',
      'take(patternOrChannel): patternOrChannel is undefined',
      'no error',
      'take(patternOrChannel): patternOrChannel is undefined',
    ])
  })

  it('take() warns about a second argument it ignores', async () => {
    await expectBoth((lib) => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
      const { take } = lib.effects
      const chan = lib.channel()
      const multicast = lib.multicastChannel()
      const withPattern = take('A', 'B')
      const withChannel = take(chan, 'A')
      const withMulticast = take(multicast, 'A')
      const calls = warn.mock.calls.map((args) => args.join(' '))
      warn.mockRestore()
      return [calls, withPattern.payload, withChannel.payload.pattern, withMulticast.payload.pattern]
    }, [
      [
        'take(pattern) takes one argument but two were provided. Consider passing an array for listening to several action types',
        'take(channel) takes one argument but two were provided. Second argument is ignored.',
      ],
      { pattern: 'A' },
      undefined,
      'A',
    ])
  })

  it('call(), apply(), cps(), fork() and spawn() function descriptors', async () => {
    await expectBoth((lib) => {
      const { apply, call, cps, fork, spawn } = lib.effects
      const ctx = { method() {} }
      const results: string[] = []
      for (const [name, creator] of [['call', call], ['cps', cps], ['fork', fork], ['spawn', spawn]] as const) {
        results.push(
          name,
          messageOf(() => creator(undefined)),
          messageOf(() => creator(null)),
          messageOf(() => creator([ctx, undefined])),
          messageOf(() => creator({ context: ctx, fn: null })),
          messageOf(() => creator(5)),
          messageOf(() => creator([ctx, 'missing'])),
          messageOf(() => creator([ctx, 5])),
          messageOf(() => creator({ context: ctx, fn: {} })),
          messageOf(() => creator([ctx, 'method'])),
        )
      }
      results.push(
        'apply',
        messageOf(() => apply(ctx, undefined)),
        messageOf(() => apply(ctx, 'missing')),
        messageOf(() => apply(ctx, 5)),
        messageOf(() => apply(ctx, 'method', [])),
      )
      return results
    }, [
      ...(['call', 'cps', 'fork', 'spawn'] as const).flatMap((name) => [
        name,
        `${name}: argument fn is undefined or null`,
        `${name}: argument fn is undefined or null`,
        `${name}: argument of type [context, fn] has undefined or null \`fn\``,
        `${name}: argument of type {context, fn} has undefined or null \`fn\``,
        `${name}: argument fn is not function`,
        `${name}: context arguments has no such method - "missing"`,
        `${name}: unpacked fn argument (from [context, fn] or {context, fn}) is not a function`,
        `${name}: unpacked fn argument (from [context, fn] or {context, fn}) is not a function`,
        'no error',
      ]),
      'apply',
      'apply: argument of type [context, fn] has undefined or null `fn`',
      'apply: context arguments has no such method - "missing"',
      'apply: unpacked fn argument (from [context, fn] or {context, fn}) is not a function',
      'no error',
    ])
  })

  it('call(delay, ms) and fork(effect)', async () => {
    await expectBoth((lib) => {
      const { call, delay, fork } = lib.effects
      return [messageOf(() => call(delay, 100)), messageOf(() => call(delay)), messageOf(() => fork(call(() => 1)))]
    }, [
      'instead of writing `yield call(delay, 100)` where delay is an effect from `redux-saga/effects` you should write `yield delay(100)`',
      'instead of writing `yield call(delay, ms)` where delay is an effect from `redux-saga/effects` you should write `yield delay(ms)`',
      'fork: argument of type {context, fn} has undefined or null `fn`',
    ])
  })

  it('detach()', async () => {
    await expectBoth((lib) => {
      const { call, fork } = lib.effects
      const detached = lib.detach(fork(function* () {}))
      return [messageOf(() => lib.detach(call(() => 1))), messageOf(() => lib.detach({})), detached.payload.detached]
    }, ['detach(eff): argument must be a fork effect', 'detach(eff): argument must be a fork effect', true])
  })

  it('join() and cancel()', async () => {
    await expectBoth((lib) => {
      const { cancel, join } = lib.effects
      const task = aTask(lib)
      return [
        messageOf(() => join(task, task)),
        messageOf(() => cancel(task, task)),
        messageOf(() => join({})),
        messageOf(() => join(undefined)),
        messageOf(() => join([task, 'nope'])),
        messageOf(() => cancel({})),
        messageOf(() => cancel([task, 5])),
        messageOf(() => cancel()),
        messageOf(() => cancel(undefined)),
        messageOf(() => join(task)),
        messageOf(() => join([])),
      ]
    }, [
      'join(...tasks) is not supported any more. Please use join([...tasks]) to join multiple tasks.',
      'cancel(...tasks) is not supported any more. Please use cancel([...tasks]) to cancel multiple tasks.',
      `join(task): argument [object Object] is not a valid Task object ${HINT}`,
      `join(task): argument undefined is not a valid Task object ${HINT}`,
      `join([...tasks]): argument nope is not a valid Task object ${HINT}`,
      `cancel(task): argument [object Object] is not a valid Task object ${HINT}`,
      `cancel([...tasks]): argument 5 is not a valid Task object ${HINT}`,
      'no error',
      'no error',
      'no error',
      'no error',
    ])
  })

  it('select()', async () => {
    await expectBoth((lib) => {
      const { select } = lib.effects
      return [messageOf(() => select(undefined)), messageOf(() => select(5)), messageOf(() => select()), messageOf(() => select((s: unknown) => s, 1, 2))]
    }, ['select(selector, [...]): argument selector is undefined', 'select(selector, [...]): argument 5 is not a function', 'no error', 'no error'])
  })

  it('actionChannel() and flush()', async () => {
    await expectBoth((lib) => {
      const { actionChannel, flush } = lib.effects
      return [
        messageOf(() => actionChannel(5)),
        messageOf(() => actionChannel(undefined)),
        messageOf(() => actionChannel('A', undefined)),
        messageOf(() => actionChannel('A', {})),
        messageOf(() => actionChannel('A', lib.buffers.sliding(1))),
        messageOf(() => flush({})),
        messageOf(() => flush(undefined)),
        messageOf(() => flush(lib.channel())),
      ]
    }, [
      'actionChannel(pattern,...): argument pattern is not valid',
      'actionChannel(pattern,...): argument pattern is not valid',
      'actionChannel(pattern, buffer): argument buffer is undefined',
      'actionChannel(pattern, buffer): argument [object Object] is not a valid buffer',
      'no error',
      'flush(channel): argument [object Object] is not valid channel',
      'flush(channel): argument undefined is not valid channel',
      'no error',
    ])
  })

  it('getContext(), setContext() and task.setContext()', async () => {
    await expectBoth((lib) => {
      const { getContext, setContext } = lib.effects
      const task: any = aTask(lib)
      return [
        messageOf(() => getContext(5)),
        messageOf(() => getContext(undefined)),
        messageOf(() => setContext(5)),
        messageOf(() => setContext([1])),
        messageOf(() => setContext(null)),
        messageOf(() => task.setContext('x')),
        messageOf(() => setContext({ a: 1 })),
      ]
    }, [
      'getContext(prop): argument 5 is not a string',
      'getContext(prop): argument undefined is not a string',
      'setContext(props): argument 5 is not a plain object',
      'setContext(props): argument 1 is not a plain object',
      'setContext(props): argument null is not a plain object',
      'task.setContext(props): argument x is not a plain object',
      'no error',
    ])
  })

  it('takeEvery(), takeLatest(), takeLeading() and throttle() need a pattern and a worker; debounce() and retry() are unchecked', async () => {
    await expectBoth((lib) => {
      const { debounce, retry, takeEvery, takeLatest, takeLeading, throttle } = lib.effects
      const worker = () => {}
      return [
        messageOf(() => takeEvery(undefined, worker)),
        messageOf(() => takeEvery('A', undefined)),
        messageOf(() => takeLatest(undefined, worker)),
        messageOf(() => takeLatest('A', undefined)),
        messageOf(() => takeLeading(undefined, worker)),
        messageOf(() => takeLeading('A', undefined)),
        messageOf(() => throttle(1, undefined, worker)),
        messageOf(() => throttle(1, 'A', undefined)),
        messageOf(() => debounce(1, undefined, worker)),
        messageOf(() => retry(1, 1, worker)),
      ]
    }, [
      'takeEvery requires a pattern or channel',
      'takeEvery requires a saga parameter',
      'takeLatest requires a pattern or channel',
      'takeLatest requires a saga parameter',
      'takeLeading requires a pattern or channel',
      'takeLeading requires a saga parameter',
      'throttle requires a pattern or channel',
      'throttle requires a saga parameter',
      'no error',
      'no error',
    ])
  })

  it('channels reject undefined messages and bad callbacks', async () => {
    await expectBoth((lib) => {
      const multicast = lib.multicastChannel()
      const std = lib.stdChannel()
      const first = (m: string) => m.split('\n')[0]
      return [
        first(messageOf(() => multicast.put(undefined))),
        first(messageOf(() => std.put(undefined))),
        messageOf(() => lib.channel().flush('not a function')),
      ]
    }, [
      'Saga or channel was provided with an undefined action',
      "Cannot read properties of undefined (reading '@@redux-saga/SAGA_ACTION')",
      "channel.flush' callback must be a function",
    ])
  })

  it('throws an argument error inside the saga, where try/catch sees it', async () => {
    await expectBoth(async (lib) => {
      const { put } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        try {
          yield put(undefined)
          return 'no error'
        } catch (e) {
          return (e as Error).message
        }
      }
      return middleware.run(saga).toPromise()
    }, 'put(action): argument action is undefined')
  })

  it('rejects a delay longer than 2147483647 ms inside the call, so it reaches onError', async () => {
    await expectBoth(async (lib) => {
      const { call, delay } = lib.effects
      let reported: unknown
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { onError: (e: unknown) => (reported = e) } })
      function* child() {
        yield delay(2147483648)
      }
      function* main() {
        yield call(child)
      }
      const created = messageOf(() => delay(2147483648))
      await middleware.run(main).toPromise().catch(() => {})
      expect(reported).toBeInstanceOf(Error)
      return [created, (reported as Error).message]
    }, ['no error', 'delay only supports a maximum value of 2147483647ms'])
  })
})
