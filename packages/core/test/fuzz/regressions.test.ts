/*
 * Regression tests for the differences the differential fuzzer (differential.fuzz.test.ts,
 * issue #9) found between redux-saga 1.5.1 and @sagaflow/core. Each test is a minimised
 * counterexample, rewritten as a plain saga, run on both libraries; the observations must be
 * equal. Test names give seeds of the fuzzer whose minimised programs show the same thing
 * (`FUZZ_SEEDS=1 FUZZ_START=<seed> npx vitest run packages/core/test/fuzz/differential` replays
 * and shrinks one).
 *
 * What the fuzzer found (see also docs/errors.md, "Known differences"):
 * - the failed retry() task's name in sagaStack ("retry$1" in the reference): fixed;
 * - a fork that fails at once inside a `finally` after its task's fork queue completed
 *   (the task was cancelled, cancelled itself, or is being aborted by another child): both
 *   libraries crash with a TypeError reading `null`, with different messages, and the
 *   reference's sagaStack lists the main flow under "Tasks cancelled due to error" (once per
 *   abort) where sagaflow does not;
 * - closing an actionChannel made after END reached the store's channel throws in the
 *   reference ("_taker.cancel is not a function"), not in sagaflow;
 * - with an effect middleware that calls next() later, the reference's SagaMonitor sees a
 *   called sub-saga's (and all/race children's) parentEffectId taken from its global id counter
 *   at the time the runner runs; sagaflow gives the id of the effect that started it;
 * - forks started by a cancelled task's finally were named under "Tasks cancelled due to error"
 *   when the task had no forks before (seeds 411056, 422220): fixed, test in on-error.test.ts;
 * - a taker cancelled during a delivery by an earlier taker was skipped when further down the
 *   list (its predicate did not run): fixed, tests in channel.test.ts;
 * - an effect middleware calling next() twice on an all / race: a child of the first run cancelled
 *   its own siblings, where the reference cancels through the effect's one cancel slot, which the
 *   second run replaced (seeds 5018574, 6004886): fixed, tests in effect-middlewares.test.ts;
 * - an actionChannel on a multicast input channel re-entered by a saga's put during a delivery
 *   ended up registered twice (the outer delivery must cancel the callback's latest
 *   registration; seeds 25003127, 25026022 of a heavier-weighted generator): fixed, test in
 *   action-channel.test.ts.
 * - round 4: a helper (takeEvery, takeLatest, takeLeading, debounce) given an invalid pattern:
 *   the reference makes its take when the helper is called, so its failed task is the fork
 *   runner's 'iterator' in sagaStack, and retry() with a bad fn rejects with the call() check's
 *   error in the calling task (seed 41001122 and many more, reached through effect middlewares
 *   that rewrite a channel-making call);
 * - round 4: a `call` on the fast path whose function gets its own task cancelled or aborted
 *   deeper in the put scheduler (a dispatch, a root saga started with middleware.run) resumed
 *   the generator, already stepped into its finally, with the stale result (seeds 41039645,
 *   41096883).
 * - round 5: the same for a `select` on the driver's fast path whose selector dispatches: a
 *   cancellation at the same depth (a multicastChannel input channel) was overwritten by the
 *   selector's result, which resumed the cancelled generator (seed 50001235 and 5 more); deeper in
 *   the scheduler, a selector that then threw (the dispatch rethrew the error of a finally run by
 *   the cancellation) threw into the ended generator and escaped as an unhandled rejection (seed
 *   50010529). The reference ignores both, the select's callback being cancelled.
 * - round 5: a `fork` / `spawn` on the fast path whose function dispatches, and a taker of that
 *   action aborts (or cancels) the parent deeper in the scheduler: the new task resumed the
 *   parent's finally, already waiting on a delay or a join (seeds 50138313, 51103438); the step
 *   count that guards `resumeFork` was read after the function ran.
 * - round 6: cancelling a `take` on a user channel whose `take` gave the taker no `cancel` was a
 *   no-op; the reference calls the missing cancel, so the cancellation throws "currCb.cancel is not
 *   a function" at whoever cancelled (a race's winner, task.cancel(), an aborting sibling) and
 *   goes no further (seed 55000216 and 17 more).
 * - round 7: a helper (takeEvery, takeLatest, takeLeading, throttle, debounce) whose task a
 *   SagaMonitor's effectResolved cancelled while the helper's take was settling stopped; the
 *   reference's helpers are state machines whose `return` ends nothing, so the resume that
 *   follows steps them on and they keep forking workers (seed 60115359): fixed, helpers;
 * - round 7 (found reading the reference's fsmIterator for the above): a falsy error thrown into a
 *   helper (takeLeading's worker or retry's fn failing with undefined, null, 0, '') failed it; the
 *   reference steps the state machine on as if the effect had given null: fixed, helpers.
 * - round 8: a cps `callback.cancel` that is truthy but not a function was ignored; the reference
 *   calls it as `currCb.cancel()`, so cancelling the cps (a race lost, task.cancel()) throws
 *   "currCb.cancel is not a function" at whoever cancelled (seeds 62700026, 62700080); and a cps
 *   cancel or a promise's `[CANCEL]` ran with `this` undefined, the reference's being its effect
 *   callback (a function; seed 62700012): fixed, effects/call.ts `userCancel`; the same for the
 *   `cancel` a user channel's `take` gives its taker: it ran with `this` undefined and the
 *   cancellation reason as argument, and a non-function one threw "dispose.cancel is not a
 *   function" (seeds 62710486, 62710579): fixed, effects/take.ts;
 * - round 8 (probing the SagaMonitor-hook area): a hook that is truthy but not a function threw
 *   "monitor.effectTriggered is not a function" (and "this.driver.env.sagaMonitor?.effectCancelled
 *   ..."), the reference "env.sagaMonitor.effectTriggered is not a function" ("sagaMonitor.
 *   rootSagaStarted ..." in runSaga): fixed, the hooks are called through the reference's
 *   expressions (proc.ts, frame.ts, run-saga.ts).
 */
import { describe, expect, it } from 'vitest'
import { expectSame, monitorLog, sleep, type Lib } from '../support/differential.js'

/** Runs `saga` with runSaga on a fresh stdChannel, recording onError and what runSaga throws. */
async function run(lib: Lib, saga: () => Generator, prepare?: (channel: any) => void) {
  const log: unknown[] = []
  const channel = lib.stdChannel()
  prepare?.(channel)
  let task: any
  try {
    task = lib.runSaga(
      {
        channel,
        dispatch: (action: any) => channel.put(action),
        onError: (error: Error, { sagaStack }: { sagaStack: string }) => log.push(['onError', error.message, sagaStack]),
      },
      saga,
    )
  } catch (error) {
    log.push(['runSaga threw', (error as Error).message])
  }
  const dispatch = (action: unknown) => {
    try {
      channel.put(action)
    } catch (error) {
      log.push(['dispatch threw', (error as Error).message])
    }
  }
  return { log, task, dispatch }
}

const named = (name: string, fn: () => Generator<any, any, any>) => Object.defineProperty(fn, 'name', { value: name })

describe('fuzzer regressions: sagaStack', () => {
  it('names the task of a failed retry() "retry$1", the reference helper\'s name (fixed)', async () => {
    await expectSame(async (lib) => {
      const { retry } = lib.effects
      const f0 = named('f0', function* (): Generator<any, any, any> {
        yield retry(1, 0, function flakyFn() {
          throw new Error('r1')
        })
      })
      return (await run(lib, f0)).log
    })
  })

  it('lists the cancelled main flow under "Tasks cancelled due to error" when a fork made in its finally fails (seed 33575)', async () => {
    await expectSame(async (lib) => {
      const { fork, cancel, delay, cancelled } = lib.effects
      const f4 = named('f4', function* (): Generator<any, any, any> {
        throw new Error('t77')
      })
      const f3 = named('f3', function* (): Generator<any, any, any> {
        try {
          yield delay(0)
        } finally {
          yield cancelled()
          yield fork(f4)
        }
      })
      const f0 = named('f0', function* (): Generator<any, any, any> {
        const task = yield fork(f3)
        yield cancel(task)
      })
      return (await run(lib, f0)).log
    })
  })

  it('lists the main flow twice when two errors abort a task whose finally is running (seed 4358)', async () => {
    await expectSame(async (lib) => {
      const { fork, put, takeLeading, cancelled } = lib.effects
      const f1 = named('f1', function* (): Generator<any, any, any> {
        throw new Error('s47')
      })
      const f0 = named('f0', function* (): Generator<any, any, any> {
        try {
          yield takeLeading('A', f1)
          yield put({ type: 'A' })
        } finally {
          yield cancelled()
          yield fork(f1)
        }
      })
      return (await run(lib, f0)).log
    })
  })
})

describe('fuzzer regressions: a fork that fails at once in a finally after the task ended its fork queue', () => {
  it('throws the same TypeError out of runSaga when the saga cancelled itself (seed 12175)', async () => {
    await expectSame(async (lib) => {
      const { fork, cancel, cancelled } = lib.effects
      const f1 = named('f1', function* (): Generator<any, any, any> {
        throw new Error('t50')
      })
      const f0 = named('f0', function* (): Generator<any, any, any> {
        try {
          yield cancel()
        } finally {
          yield cancelled()
          yield fork(f1)
        }
      })
      return (await run(lib, f0)).log
    })
  })

  it('throws the same TypeError out of task.cancel() (seeds 714, 4598)', async () => {
    await expectSame(async (lib) => {
      const { fork, take, cancelled } = lib.effects
      const f1 = named('f1', function* (): Generator<any, any, any> {
        throw new Error('t43')
      })
      const f0 = named('f0', function* (): Generator<any, any, any> {
        try {
          yield take('NEVER')
        } finally {
          yield cancelled()
          yield fork(f1)
        }
      })
      const { log, task } = await run(lib, f0)
      try {
        task.cancel()
      } catch (error) {
        log.push(['cancel threw', (error as Error).message])
      }
      log.push(['state', task.isCancelled(), task.isAborted(), task.result(), (task.error() as Error | undefined)?.message])
      return log
    })
  })
})

describe('fuzzer regressions: a worker that cancels its own watcher, then fails', () => {
  it('throws the same TypeError out of dispatch (seeds 10382, 11571)', async () => {
    await expectSame(async (lib) => {
      const { takeLatest, cancel, call } = lib.effects
      let watcher: any
      const f4 = named('f4', function* (): Generator<any, any, any> {
        yield cancel(watcher)
        yield call(function throwFn() {
          throw new Error('t101')
        })
      })
      const f0 = named('f0', function* (): Generator<any, any, any> {
        watcher = yield takeLatest('A', f4)
      })
      const { log, task, dispatch } = await run(lib, f0)
      dispatch({ type: 'A' })
      log.push(['watcher', watcher.isRunning(), watcher.isCancelled(), watcher.isAborted(), (watcher.error() as Error)?.message])
      log.push(['root', task.isRunning(), task.isAborted()])
      return log
    })
  })
})

describe('fuzzer regressions: SagaMonitor parentEffectId with an effect middleware that defers next()', () => {
  // The reference's call / fork / all / race runners take the parent id from its global effect-id
  // counter when the runner runs (`current`), not from the effect: when a middleware calls
  // next() later, effects allocated in between (other sagas, sibling children) shift it.
  it('gives a called sub-saga\'s effects the latest allocated id as parentEffectId (seeds 190, 250, 2928)', async () => {
    await expectSame(async (lib) => {
      const log: unknown[] = []
      const { all, call } = lib.effects
      const later = (next: (effect: unknown) => void) => (effect: unknown) => {
        Promise.resolve().then(() => next(effect))
      }
      const task = lib.runSaga(
        { sagaMonitor: monitorLog(log, ['effectTriggered']), effectMiddlewares: [later] },
        named('root', function* (): Generator<any, any, any> {
          yield all([
            call(named('a', function* (): Generator<any, any, any> {
              yield 'in a'
            })),
            call(named('b', function* (): Generator<any, any, any> {
              yield 'in b'
            })),
          ])
        }),
      )
      await task.toPromise()
      return log
    })
  })
})

describe('fuzzer regressions: actionChannel on a closed stdChannel', () => {
  it('throws from close() an actionChannel made after END, as the reference does (seeds 1154, 22058)', async () => {
    await expectSame(async (lib) => {
      const { actionChannel, call, takeMaybe } = lib.effects
      const f0 = named('f0', function* (): Generator<any, any, any> {
        const chan = yield actionChannel('A')
        const first = yield takeMaybe(chan)
        yield call(function closeFn() {
          chan.close()
        })
        return first
      })
      const { log, task } = await run(lib, f0, (channel) => channel.put(lib.END))
      log.push(['state', task.isAborted(), task.result()])
      return log
    })
  })
})

describe('fuzzer regressions: helpers whose effects are invalid (round 4, seed 41001122)', () => {
  // The reference's helpers build their take (retry: its call) when the helper function is
  // called, inside the fork / call runner's try: a bad pattern throws there, so the forked task
  // is the runner's failed 'iterator' (retry: the error goes straight to the saga that yielded
  // it). sagaflow's helper generators built the effect on their first step.
  const helpers: [string, (effects: any) => unknown][] = [
    ['takeEvery(42, w)', (E) => E.takeEvery(42, function* w() {})],
    ['takeLatest([chan, undefined], w)', (E) => E.takeLatest([{ take() {} }, undefined], function* w() {})],
    ['takeLeading(["A", 42], w)', (E) => E.takeLeading(['A', 42], function* w() {})],
    ['debounce(5, undefined, w)', (E) => E.debounce(5, undefined, function* w() {})],
  ]
  for (const [name, make] of helpers) {
    it(`names the failed task of ${name} 'iterator' in sagaStack`, async () => {
      await expectSame(async (lib) => {
        const f0 = named('f0', function* (): Generator<any, any, any> {
          yield make(lib.effects)
          yield lib.effects.delay(0)
        })
        const { log, task } = await run(lib, f0)
        await task.toPromise().catch(() => undefined)
        log.push(['state', task.isAborted(), (task.error() as Error | undefined)?.message])
        return log
      })
    })
  }

  it('rejects retry() of an undefined fn with the call() check\'s error, in the calling task', async () => {
    await expectSame(async (lib) => {
      const log: unknown[] = []
      const f0 = named('f0', function* (): Generator<any, any, any> {
        try {
          yield lib.effects.retry(2, 0, undefined)
        } catch (error) {
          log.push(['caught', (error as Error).message])
        }
        yield lib.effects.retry(1, 0, 42)
      })
      const { log: runLog, task } = await run(lib, f0)
      await task.toPromise().catch(() => undefined)
      return [...log, ...runLog]
    })
  })
})

/**
 * The stale-call program: f0 forks `child`, which fails once `takeEffect()` is satisfied, then
 * calls `fn(channel)`, which satisfies it and so gets f0 aborted while fn runs; f0's finally
 * then calls `sub` (a delay, then its result). Returns the run's log and what f0 saw.
 */
async function runStaleCall(lib: Lib, seen: unknown[], takeEffect: () => unknown, fn: (channel: any) => unknown): Promise<unknown[]> {
  const { call, delay, fork } = lib.effects
  const sub = named('sub', function* (): Generator<any, any, any> {
    yield delay(5)
    return 'sub result'
  })
  const child = named('child', function* (): Generator<any, any, any> {
    yield takeEffect()
    throw new Error('boom')
  })
  let channel: any
  const f0 = named('f0', function* (): Generator<any, any, any> {
    yield fork(child)
    yield delay(0)
    try {
      yield call(function cancelsCaller() {
        return fn(channel)
      })
    } finally {
      seen.push(['call(sub) gave', yield call(sub)])
    }
  })
  const { log, task } = await run(lib, f0, (c) => (channel = c))
  // The root ends after its finally (sub's delay(5)), so after anything shorter it started; the
  // extra turn lets whatever a wrong resume would still do show up.
  await task.toPromise().catch((error: Error) => seen.push(['root rejected', error.message]))
  await new Promise((resolve) => setTimeout(resolve, 20))
  return [...log, ...seen]
}

describe('fuzzer regressions: a call whose function gets its own task cancelled (round 4, seed 41039645)', () => {
  // Without monitor and effect middleware, a `call` runs on the driver's frameless fast path. When
  // fn dispatches and a taker of that action makes the calling task abort (or cancels it), the
  // cancellation arrives deeper in the put scheduler and steps the generator on at once: its
  // finally runs and waits on call(sub). The reference ignores what fn then returns (the call's
  // callback was cancelled); sagaflow resumed the generator with it, so call(sub) gave undefined.
  it('does not resume the finally\'s pending effect with the stale call result', async () => {
    await expectSame((lib) =>
      runStaleCall(lib, [], () => lib.effects.take('X'), (channel) => {
        channel.put({ type: 'X' })
        return 'stale'
      }),
    )
  })
  // What fn returns is ignored, but the reference still runs a returned iterator, as an orphan
  // sub-task, whether the cancellation came deeper in the scheduler (a dispatch) or at the same
  // depth (a put on a plain channel()).
  for (const via of ['dispatch', 'channel'] as const) {
    it(`still runs the iterator the stale call returned (cancellation through a ${via})`, async () => {
      await expectSame((lib) => {
        const { delay, take } = lib.effects
        const seen: unknown[] = []
        const plain = lib.channel()
        const orphan = named('orphan', function* (): Generator<any, any, any> {
          seen.push('orphan runs')
          yield delay(1)
          seen.push('orphan ends')
          return 'orphan result'
        })
        return runStaleCall(lib, seen, () => (via === 'dispatch' ? take('X') : take(plain)), (channel) => {
          if (via === 'dispatch') channel.put({ type: 'X' })
          else plain.put(1)
          return orphan()
        })
      })
    })
  }
  // Found reading the fast path in the twelfth performance round: sagaflow attached nothing to a
  // promise the stale call returned, so its rejection was an unhandled rejection (the process
  // fails on one); the reference hands it to its cancelled callback, which handles it.
  it('handles the rejection of a promise the stale call returned', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason)
    }
    process.on('unhandledRejection', onUnhandled)
    try {
      await expectSame((lib) =>
        runStaleCall(lib, [], () => lib.effects.take('X'), (channel) => {
          channel.put({ type: 'X' })
          return Promise.reject(new Error('stale rejection'))
        }),
      )
      await sleep(10)
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
    expect(unhandled).toEqual([])
  })
})

describe('a cancel(task) whose cancellation ends the cancelling task (frameless fast path)', () => {
  // The cancelled task's finally dispatches; a take of that action in a race cancels the worker
  // that is cancelling it. The reference's cancel effect callback is then cancelled, so the
  // worker goes straight to its finally and is not resumed after `cancel`. Same depth (a
  // multicastChannel input delivers synchronously) or deeper in the put scheduler (stdChannel).
  for (const input of ['multicastChannel', 'stdChannel'] as const) {
    it(`does not resume the canceller after the cancel (${input})`, async () => {
      await expectSame(async (lib) => {
        const { call, cancel, cancelled, delay, fork, race, take } = lib.effects
        const log: unknown[] = []
        const channel = input === 'stdChannel' ? lib.stdChannel() : lib.multicastChannel()
        const dispatch = (action: unknown) => channel.put(action)
        const victim = named('victim', function* (): Generator<any, any, any> {
          try {
            yield take('NEVER')
          } finally {
            log.push('victim finally')
            dispatch({ type: 'A' })
          }
        })
        const worker = named('worker', function* (): Generator<any, any, any> {
          const v = yield fork(victim)
          try {
            if (input === 'stdChannel') yield delay(0)
            log.push(['cancel gave', yield cancel(v)])
            log.push(['worker after cancel', v.isCancelled()])
          } finally {
            log.push(['worker finally', 'cancelled', yield cancelled()])
          }
        })
        const f0 = named('f0', function* (): Generator<any, any, any> {
          log.push(['race gave', yield race({ t: take('A'), w: call(worker) })])
        })
        const task = lib.runSaga({ channel, dispatch, onError: (error: Error) => log.push(['onError', error.message]) }, f0)
        task.toPromise().then(
          () => log.push('root resolved'),
          (error: Error) => log.push(['root rejected', error.message]),
        )
        await new Promise((resolve) => setTimeout(resolve, 10))
        return log
      })
    })
  }
})

describe('fuzzer regressions: a select whose selector gets its own task cancelled (round 5, seed 50001235)', () => {
  // The selector dispatches; a take of that action in a race cancels the called worker that is
  // selecting. The reference ignores what the selector returns (the effect's callback was
  // cancelled); the worker goes straight to its finally. The cancellation comes at the same
  // depth (a multicastChannel as the input channel delivers synchronously) or deeper in the put
  // scheduler (a stdChannel's dispatch, from a task resumed by a timer).
  for (const input of ['multicastChannel', 'stdChannel'] as const) {
    it(`does not resume the worker with the selector's result (${input})`, async () => {
      await expectSame(async (lib) => {
        const { call, delay, race, select, take, cancelled } = lib.effects
        const log: unknown[] = []
        const channel = input === 'stdChannel' ? lib.stdChannel() : lib.multicastChannel()
        const dispatch = (action: unknown) => channel.put(action)
        const worker = named('worker', function* (): Generator<any, any, any> {
          try {
            if (input === 'stdChannel') yield delay(0)
            const state = yield select(function dispatchingSelector(s: number) {
              dispatch({ type: 'A' })
              return s
            })
            log.push(['worker got', state])
          } finally {
            log.push(['worker ends', 'cancelled', yield cancelled()])
          }
        })
        const f0 = named('f0', function* (): Generator<any, any, any> {
          log.push(['race gave', yield race({ t: take('A'), w: call(worker) })])
        })
        const task = lib.runSaga(
          { channel, dispatch, getState: () => 7, onError: (error: Error) => log.push(['onError', error.message]) },
          f0,
        )
        task.toPromise().then(
          () => log.push('root resolved'),
          (error: Error) => log.push(['root rejected', error.message]),
        )
        await new Promise((resolve) => setTimeout(resolve, 10))
        return log
      })
    })
  }

  // Deeper in the scheduler (seed 50010529): the task, resumed by a timer, dispatches from its
  // selector; a takeLatest of that action cancels it inside the dispatch, and its finally starts
  // waiting on a call. The selector's result must not resume that finally.
  // Deeper in the scheduler (seed 50010529): the worker's selector dispatches A; delivering it
  // makes f2 (called in f1's finally) put and fail in its own finally, which aborts f1 and the
  // root, so the root cancels takeLatest and its worker, still in the selector; the error is
  // rethrown to the dispatcher, out of the selector. The reference ignores that throw, the
  // select's callback being cancelled; sagaflow threw it into the ended generator, and it
  // escaped as an unhandled rejection.
  it('ignores what the selector throws after its dispatch cancelled its task (seed 50010529)', async () => {
    await expectSame(async (lib) => {
      const { fork, cancel, delay, take, put, select, takeLatest, join, call, cancelled } = lib.effects
      const seen: unknown[] = []
      const escaped: unknown[] = []
      const onRejection = (reason: unknown) => escaped.push(['escaped', String(reason)])
      process.on('unhandledRejection', onRejection)
      const channel = lib.stdChannel()
      let dispatches = 0
      const f2 = named('f2', function* (): Generator<any, any, any> {
        try {
          try {
            // (empty)
          } finally {
            yield cancelled()
            yield take('A')
          }
        } finally {
          yield cancelled()
          yield put({ type: 'A' })
          // eslint-disable-next-line no-unsafe-finally -- a finally that fails, as in the seed
          throw new Error('s87')
        }
      })
      const f1 = named('f1', function* (): Generator<any, any, any> {
        try {
          yield join(yield fork(f2))
        } finally {
          yield cancelled()
          yield call(f2)
        }
      })
      const worker = named('worker', function* (): Generator<any, any, any> {
        try {
          yield delay(5)
          seen.push(['worker got', yield select(function dispatchingSelector() {
            if (dispatches++ === 0) channel.put({ type: 'A' })
            return 0
          })])
        } finally {
          seen.push('worker ends')
        }
      })
      const f0 = named('f0', function* (): Generator<any, any, any> {
        try {
          yield delay(0)
          yield cancel(yield fork(f2))
          throw new Error('s30')
        } catch {
          yield takeLatest('A', worker)
          yield fork(f1)
        }
      })
      const task = lib.runSaga(
        { channel, dispatch: (action: unknown) => channel.put(action), getState: () => 0, onError: (error: Error) => seen.push(['onError', error.message]) },
        f0,
      )
      task.toPromise().catch((error: Error) => seen.push(['root rejected', error.message]))
      await new Promise((resolve) => setTimeout(resolve, 30))
      process.off('unhandledRejection', onRejection)
      return [...seen, ...escaped]
    })
  })
})

describe('fuzzer regressions: a fork whose function gets its parent cancelled (round 5, seed 50138313)', () => {
  // The forked (or spawned) function dispatches; a taker of that action fails and aborts the
  // parent, deeper in the put scheduler (the parent was resumed by a timer), which steps the
  // parent into its finally, now waiting on a delay. The reference's callback for the fork was
  // cancelled: the new task is not given to the finally's delay.
  for (const how of ['spawn', 'fork'] as const) {
    it(`does not resume the parent's finally with the task (${how})`, async () => {
      await expectSame(async (lib) => {
        const { fork, spawn, take, delay, cancelled } = lib.effects
        const seen: unknown[] = []
        let channel: any
        const child = named('child', function* (): Generator<any, any, any> {
          yield take('A')
          throw new Error('boom')
        })
        const f0 = named('f0', function* (): Generator<any, any, any> {
          try {
            yield fork(child)
            yield delay(0)
            yield (how === 'spawn' ? spawn : fork)(function dispatchA() {
              channel.put({ type: 'A' })
              return 1
            })
          } finally {
            seen.push(['f0 cancelled', yield cancelled()])
            seen.push(['delay gave', yield delay(0, 'fresh')])
          }
        })
        const { log, task } = await run(lib, f0, (c) => (channel = c))
        await task.toPromise().catch((error: Error) => seen.push(['root rejected', error.message]))
        return [...log, ...seen]
      })
    })
  }
})

describe('fuzzer regressions: channels implemented by the user (round 6)', () => {
  /** A plain-object channel, a queue whose `take` gives a waiting taker no `cancel`. */
  const userChannel = (lib: Lib) => {
    const buffer: unknown[] = []
    const takers: any[] = []
    return {
      take(cb: any) {
        if (buffer.length > 0) cb(buffer.shift())
        else takers.push(cb)
      },
      put(message: unknown) {
        const taker = takers.shift()
        if (taker) taker(message)
        else buffer.push(message)
      },
      flush: (cb: any) => cb(buffer.splice(0)),
      close: () => {
        for (const t of takers.splice(0)) t(lib.END)
      },
    }
  }

  it('throws "currCb.cancel is not a function" at the canceller when a take\'s taker has no cancel (seed 55000216)', async () => {
    await expectSame(async (lib) => {
      const { take, cancelled } = lib.effects
      const seen: unknown[] = []
      const chan = userChannel(lib)
      const f0 = named('f0', function* (): Generator<any, any, any> {
        try {
          yield take(chan)
        } finally {
          seen.push(['finally', yield cancelled()])
        }
      })
      const { log, task } = await run(lib, f0)
      try {
        task.cancel()
      } catch (error) {
        seen.push(['cancel threw', (error as Error).name, (error as Error).message])
      }
      seen.push(['root', task.isRunning(), task.isCancelled()])
      return [...log, ...seen]
    })
  })
})

describe('fuzzer regressions: a SagaMonitor that cancels a helper while its take settles (round 7)', () => {
  /*
   * The reference's helpers are state machines whose `return` ends nothing: a cancellation that
   * arrives while the helper's own effect settles (here from the monitor's effectResolved, which
   * runs between the settle and the resume) ends the task, and the resume that follows steps the
   * machine on anyway, so the helper goes on taking and forking workers (seed 60115359, a monitor
   * that dispatched an action a root saga took before cancelling itself and its throttle).
   */
  for (const helper of ['takeEvery', 'takeLatest', 'takeLeading', 'throttle', 'debounce'] as const) {
    it(`${helper} keeps forking workers after the cancellation (seed 60115359)`, async () => {
      await expectSame(async (lib) => {
        const E = lib.effects
        const log: unknown[] = []
        const channel = lib.stdChannel()
        let watcher: any
        let armed = true
        const sagaMonitor = {
          effectResolved(_id: number, result: any) {
            if (armed && result && result.type === 'X') {
              armed = false
              log.push('monitor cancels the helper')
              watcher.cancel()
            }
          },
        }
        const worker = function* worker(action: { type: string; n: number }): Generator<any, any, any> {
          log.push(['worker', action.n])
        }
        const task = lib.runSaga(
          { channel, dispatch: (action: any) => channel.put(action), sagaMonitor, onError: (error: Error) => log.push(['onError', error.message]) },
          function* root(): Generator<any, any, any> {
            watcher = yield helper === 'throttle' || helper === 'debounce' ? E[helper](0, 'X', worker) : E[helper]('X', worker)
          },
        )
        for (let n = 1; n <= 3; n++) {
          channel.put({ type: 'X', n })
          await sleep(10)
        }
        log.push(['watcher', watcher.isRunning(), watcher.isCancelled()], ['root', task.isRunning(), task.isCancelled()])
        return log
      })
    })
  }
})

describe('fuzzer regressions: helpers given a falsy error (round 7)', () => {
  /*
   * The reference's state machines throw only a truthy error (`if (error && !errorState)`); a
   * falsy one steps them on as if the effect had given null.
   */
  for (const how of ['throw undefined', 'Promise.reject()', 'throw 0'] as const) {
    const fail = () => {
      if (how === 'throw undefined') throw undefined
      if (how === 'throw 0') throw 0
      return Promise.reject()
    }
    it(`takeLeading keeps taking after its worker failed with ${how}`, async () => {
      await expectSame(async (lib) => {
        const { call, takeLeading } = lib.effects
        const seen: unknown[] = []
        let watcher: any
        const f0 = named('f0', function* (): Generator<any, any, any> {
          watcher = yield takeLeading('X', function* worker(action: { n: number }): Generator<any, any, any> {
            seen.push(['worker', action.n])
            yield call(fail)
          })
        })
        const { log, task, dispatch } = await run(lib, f0)
        dispatch({ type: 'X', n: 1 })
        await sleep(5)
        dispatch({ type: 'X', n: 2 })
        await sleep(5)
        seen.push(['watcher', watcher.isRunning(), watcher.isAborted()], ['root', task.isRunning(), task.isAborted()])
        return [...log, ...seen]
      })
    })
    it(`retry returns null after a first failure with ${how}`, async () => {
      await expectSame(async (lib) => {
        const { retry } = lib.effects
        const seen: unknown[] = []
        let calls = 0
        const f0 = named('f0', function* (): Generator<any, any, any> {
          try {
            seen.push(['retry gave', yield retry(3, 0, () => (calls++, fail()))])
          } catch (error) {
            seen.push(['retry threw', error])
          }
        })
        const { log } = await run(lib, f0)
        await sleep(10)
        seen.push(['calls', calls])
        return [...log, ...seen]
      })
    })
  }
})

describe('fuzzer regressions: user cancel callbacks (round 8)', () => {
  /*
   * The reference copies a cps `callback.cancel` (any truthy value) or a promise's `[CANCEL]`
   * (a function) onto its effect callback and runs it as `currCb.cancel()` when the effect is
   * cancelled: `this` is that callback, a function, and a cancel that is not a function throws.
   */
  it('fails the task that cancels a cps whose callback.cancel is not a function (seed 62700080)', async () => {
    await expectSame(async (lib) => {
      const { call, cps, race } = lib.effects
      const f0 = named('f0', function* (): Generator<any, any, any> {
        yield race([
          cps((cb: any) => {
            cb.cancel = { notA: 'function' }
          }),
          call(function throwFn() {
            throw new Error('t91')
          }),
        ])
      })
      const { log, task } = await run(lib, f0)
      await sleep(5)
      return [...log, task.isAborted(), task.error()?.message]
    })
  })

  it('throws at task.cancel() / cancel(task) when the task waits on such a cps (seed 62700026)', async () => {
    await expectSame(async (lib) => {
      const { cancel, cps, delay, fork } = lib.effects
      const seen: unknown[] = []
      let child: any
      const f0 = named('f0', function* (): Generator<any, any, any> {
        child = yield fork(function* waiter(): Generator<any, any, any> {
          yield cps((cb: any) => {
            cb.cancel = true
          })
        })
        yield delay(1)
        try {
          yield cancel(child)
        } catch (error) {
          seen.push(['cancel threw', (error as Error).message])
        }
      })
      const { log, task } = await run(lib, f0)
      await sleep(5)
      return [...log, ...seen, ['child', child.isRunning(), child.isCancelled()], ['root', task.isRunning(), task.isAborted()]]
    })
  })

  for (const kind of ['a function', 'an object'] as const) {
    it(`runs the cancel of a user channel's taker as the reference does when it is ${kind} (seeds 62710486, 62710579)`, async () => {
      await expectSame(async (lib) => {
        const { call, delay, race, take } = lib.effects
        const seen: unknown[] = []
        let taker: unknown
        const userChannel = {
          take(cb: any) {
            taker = cb
            cb.cancel =
              kind === 'an object'
                ? { notA: 'function' }
                : function userCancel(this: unknown, ...args: unknown[]) {
                    seen.push(['cancel', typeof this, this === taker, args.length])
                  }
          },
          put() {},
          close() {},
        }
        const f0 = named('f0', function* (): Generator<any, any, any> {
          try {
            const throwFn = () => {
              throw new Error('t1')
            }
            seen.push(['race', yield race([take(userChannel as any), delay(1), call(throwFn)])])
          } catch (error) {
            seen.push(['caught', (error as Error).message])
          }
        })
        const { log, task } = await run(lib, f0)
        await sleep(5)
        return [...log, ...seen, task.isRunning(), task.isAborted()]
      })
    })
  }

  it("runs a cps cancel and a promise's [CANCEL] with the effect's callback as `this`, without arguments (seed 62700012)", async () => {
    await expectSame(async (lib) => {
      const { call, cps, delay, race } = lib.effects
      const seen: unknown[] = []
      const f0 = named('f0', function* (): Generator<any, any, any> {
        let cpsCallback: unknown
        let promise: any
        yield race([
          delay(1),
          cps((cb: any) => {
            cpsCallback = cb
            cb.cancel = function cpsCancel(this: unknown, ...args: unknown[]) {
              seen.push(['cps cancel', typeof this, this === cpsCallback, args.length])
            }
          }),
          call(() => {
            promise = new Promise(() => {})
            promise[lib.CANCEL] = function promiseCancel(this: unknown, ...args: unknown[]) {
              seen.push(['[CANCEL]', typeof this, this === promise, args.length])
            }
            return promise
          }),
        ])
      })
      const { log } = await run(lib, f0)
      await sleep(5)
      return [...log, ...seen]
    })
  })
})

describe('fuzzer regressions: SagaMonitor hooks that are not functions (round 8)', () => {
  /*
   * The reference calls its hooks as `env.sagaMonitor.<hook>(...)` (runSaga: `sagaMonitor.<hook>`),
   * so a hook that is truthy but not a function throws a TypeError naming that expression, which
   * a saga's onError and task.error() show.
   */
  for (const hook of ['effectTriggered', 'effectRejected', 'effectCancelled', 'rootSagaStarted'] as const) {
    it(`throws the reference's TypeError for ${hook}`, async () => {
      await expectSame(async (lib) => {
        const { call, cancel, fork, take } = lib.effects
        const seen: unknown[] = []
        const sagaMonitor: any = { [hook]: 5 }
        const f0 = named('f0', function* (): Generator<any, any, any> {
          try {
            yield call(() => {
              throw new Error('e1')
            })
          } catch (error) {
            seen.push(['caught', (error as Error).message])
          }
          const child = yield fork(function* waiter(): Generator<any, any, any> {
            yield take('NEVER')
          })
          yield cancel(child)
          seen.push(['cancelled', child.isCancelled()])
        })
        const channel = lib.stdChannel()
        try {
          const task = lib.runSaga(
            { channel, sagaMonitor, onError: (error: Error) => seen.push(['onError', error.message]) },
            f0,
          )
          await sleep(5)
          seen.push(['task', task.isRunning(), task.isAborted(), (task.error() as Error | undefined)?.message])
        } catch (error) {
          seen.push(['runSaga threw', (error as Error).message])
        }
        return seen
      })
    })
  }
})
