import { describe, expect, it } from 'vitest'
import { all, call, cancel, cancelled, delay, fork, join, put, putResolve, race, select, spawn, take, takeMaybe, type Task } from '@sagaflow/core'
import { createMockTask, delayed, dynamic, expectSaga, matchers, throwError, type RunResult } from '@sagaflow/testing'

interface User {
  id: number
  name: string
  petId: number
}
const api = {
  fetchUser: async (id: number): Promise<User> => {
    throw new Error(`the real fetchUser(${id}) must not run in tests`)
  },
  fetchPet: async (id: number) => ({ id, name: 'real pet' }),
}
const selectToken = (state: { token: string }) => state.token

function* userSaga(id: number) {
  try {
    const user: User = yield call(api.fetchUser, id)
    const pet: unknown = yield call(api.fetchPet, user.petId)
    yield put({ type: 'RECEIVE_USER', user, pet })
  } catch (error) {
    yield put({ type: 'FAIL_USER', error })
  }
}

const ada: User = { id: 42, name: 'Ada', petId: 7 }
const rex = { id: 7, name: 'Rex' }

describe('provide(): static providers', () => {
  it('answers an effect that deep-equals the provided one', async () => {
    await expectSaga(userSaga, 42)
      .provide([
        [call(api.fetchUser, 42), ada],
        [call(api.fetchPet, 7), rex],
      ])
      .put({ type: 'RECEIVE_USER', user: ada, pet: rex })
      .run()
  })

  it('answers every effect a matcher matches', async () => {
    await expectSaga(userSaga, 42)
      .provide([
        [matchers.call.fn(api.fetchUser), ada],
        [matchers.call.like({ fn: api.fetchPet }), rex],
      ])
      .put({ type: 'RECEIVE_USER', user: ada, pet: rex })
      .run()
  })

  it('makes the effect throw with throwError()', async () => {
    const error = new Error('404')
    await expectSaga(userSaga, 42)
      .provide([[matchers.call.fn(api.fetchUser), throwError(error)]])
      .put({ type: 'FAIL_USER', error })
      .run()
  })

  it('uses the first provider that matches, and runs unmatched effects for real', async () => {
    await expectSaga(userSaga, 42)
      .provide([
        [matchers.call.fn(api.fetchUser), ada],
        [matchers.call.fn(api.fetchUser), { ...ada, name: 'second' }],
      ])
      .put({ type: 'RECEIVE_USER', user: ada, pet: { id: 7, name: 'real pet' } })
      .run()
  })

  it('computes a value with dynamic(), passing on with next()', async () => {
    const add2 = (a: number) => a + 2
    function* sums() {
      const x: number = yield call(add2, 4)
      const y: number = yield call(add2, 6)
      const z: number = yield call(add2, 8)
      yield put({ type: 'DONE', sum: x + y + z })
    }
    await expectSaga(sums)
      .provide([
        [matchers.call.fn(add2), dynamic(({ args: [a] }, next) => (a === 6 ? a * 2 : next()))],
        [matchers.call.fn(add2), dynamic(({ args: [a] }, next) => (a > 4 ? a * 3 : next()))],
      ])
      .put({ type: 'DONE', sum: 6 + 12 + 24 })
      .run()
  })

  it('answers select, take, fork (with a mock task) and whole all / race effects', async () => {
    const task = createMockTask()
    function* worker() {}
    function* saga() {
      const token: string = yield select(selectToken)
      const action: { type: string } = yield take('START')
      const forked: unknown = yield fork(worker)
      const both: unknown = yield all([call(api.fetchUser, 1), call(api.fetchUser, 2)])
      const winner: unknown = yield race({ user: call(api.fetchUser, 3), timeout: delay(1_000) })
      yield cancel(forked as any)
      yield put({ type: 'DONE', token, action, both, winner })
    }
    await expectSaga(saga)
      .provide([
        [matchers.select.selector(selectToken), 'token-1'],
        [take('START'), { type: 'START' }],
        [matchers.fork.fn(worker), task],
        [matchers.all.like([call(api.fetchUser, 1), call(api.fetchUser, 2)]), ['a', 'b']],
        [matchers.race.like({ user: call(api.fetchUser, 3), timeout: delay(1_000) }), { timeout: true }],
      ])
      .put({ type: 'DONE', token: 'token-1', action: { type: 'START' }, both: ['a', 'b'], winner: { timeout: true } })
      .run()
    expect(task.isCancelled()).toBe(true)
  })

  it('leaves a provided mock task as the saga left it: the end of the run does not cancel it', async () => {
    function* worker() {}
    function* forksAndReturns() {
      const task: Task = yield fork(worker)
      return task.isRunning()
    }
    function* forksAndJoins() {
      const task: Task = yield fork(worker)
      const result: unknown = yield join(task)
      return result
    }
    const kept = createMockTask()
    await expectSaga(forksAndReturns).provide([[matchers.fork.fn(worker), kept]]).returns(true).run()
    // A saga that never cancels it, done or cut short at the timeout while joining it.
    expect(kept.isCancelled()).toBe(false)
    const joined = createMockTask()
    await expectSaga(forksAndJoins).provide({ fork: () => joined }).run({ timeout: 100 })
    expect(joined.isRunning()).toBe(true)
    joined.setResult('set after the run')
  })

  it('gives a fork or spawn any provided value, a task or not, as redux-saga-test-plan does', async () => {
    function* worker() {}
    function* saga() {
      const forked: unknown = yield fork(worker)
      const spawned: unknown = yield spawn(worker)
      yield put({ type: 'DONE', forked, spawned })
    }
    const stand = { hello: 'world' }
    await expectSaga(saga)
      .provide([[matchers.fork.fn(worker), stand as never]])
      .provide({ spawn: () => 'not a task' })
      .put({ type: 'DONE', forked: stand, spawned: 'not a task' })
      .run({ requireDone: true })
  })

  it('answers effects inside all() and inside forked and spawned tasks', async () => {
    function* fetchBoth() {
      const [a, b]: User[] = yield all([call(api.fetchUser, 1), call(api.fetchUser, 2)])
      yield put({ type: 'BOTH', names: [a!.name, b!.name] })
    }
    function* parent() {
      yield fork(fetchBoth)
      yield spawn(fetchBoth)
    }
    const { effects } = await expectSaga(parent)
      .provide([[matchers.call.fn(api.fetchUser), dynamic(({ args: [id] }) => ({ ...ada, id, name: `user ${id}` }))]])
      .run()
    expect(effects.put).toEqual([put({ type: 'BOTH', names: ['user 1', 'user 2'] }), put({ type: 'BOTH', names: ['user 1', 'user 2'] })])
  })

  it('gives an effect provided as a value back as data, not run', async () => {
    const makeAction = () => put({ type: 'NOT_RUN' })
    function* saga() {
      const effect: unknown = yield call(makeAction)
      return effect
    }
    await expectSaga(saga)
      .provide([[matchers.call.fn(makeAction), put({ type: 'AS_DATA' })]])
      .not.put({ type: 'AS_DATA' })
      .returns(put({ type: 'AS_DATA' }))
      .run()
  })
})

describe('provide(): delayed() answers after virtual time', () => {
  function* signIn() {
    try {
      const user: User = yield call(api.fetchUser, 1)
      yield put({ type: 'SIGNED_IN', user })
    } catch (error) {
      yield put({ type: 'SIGN_IN_FAILED', error: (error as Error).message })
    } finally {
      const wasCancelled: boolean = yield cancelled()
      if (wasCancelled) yield put({ type: 'SIGN_IN_CANCELLED' })
    }
  }
  function* loginFlow() {
    yield take('LOGIN')
    const task: Task = yield fork(signIn)
    const next: { type: string } = yield take(['CANCEL_LOGIN', 'SIGNED_IN'])
    if (next.type === 'CANCEL_LOGIN') yield cancel(task)
  }
  const puts = (result: RunResult) => result.effects.put.map((effect) => (effect.payload.action as { type: string }).type)

  it('keeps the effect pending meanwhile: a dispatch reaches the saga during the request', async () => {
    const cancelledRun = await expectSaga(loginFlow)
      .provide([[matchers.call.fn(api.fetchUser), delayed(500, ada)]])
      .dispatch({ type: 'LOGIN' })
      .dispatch({ type: 'CANCEL_LOGIN' })
      .put({ type: 'SIGN_IN_CANCELLED' })
      .not.put({ type: 'SIGNED_IN', user: ada })
      .run()
    expect(puts(cancelledRun)).toEqual(['SIGN_IN_CANCELLED'])
    // Cancelled at 100 ms, before the answer at 500; answered when the cancel comes at 600.
    const early = await expectSaga(loginFlow)
      .provide([[matchers.call.fn(api.fetchUser), delayed(500, ada)]])
      .dispatch({ type: 'LOGIN' })
      .dispatchAt(100, { type: 'CANCEL_LOGIN' })
      .run()
    expect(puts(early)).toEqual(['SIGN_IN_CANCELLED'])
    const late = await expectSaga(loginFlow)
      .provide([[matchers.call.fn(api.fetchUser), delayed(500, ada)]])
      .dispatch({ type: 'LOGIN' })
      .dispatchAt(600, { type: 'CANCEL_LOGIN' })
      .run()
    expect(puts(late)).toEqual(['SIGNED_IN'])
    // A plain provided value answers at once: the cancel comes too late.
    const atOnce = await expectSaga(loginFlow)
      .provide([[matchers.call.fn(api.fetchUser), ada]])
      .dispatch({ type: 'LOGIN' })
      .dispatch({ type: 'CANCEL_LOGIN' })
      .run()
    expect(puts(atOnce)).toEqual(['SIGNED_IN'])
  })

  it('races on the virtual clock, fails with throwError(), and gives undefined, promises and effects as a plain value would', async () => {
    function* withTimeout() {
      const { user } = yield race({ user: call(api.fetchUser, 1), timeout: delay(1_000) })
      return user ?? 'timed out'
    }
    const fast = await expectSaga(withTimeout).provide([[matchers.call.fn(api.fetchUser), delayed(999, ada)]]).run()
    expect(fast.returnValue).toEqual(ada)
    const slow = await expectSaga(withTimeout).provide([[matchers.call.fn(api.fetchUser), delayed(1_001, ada)]]).run()
    expect(slow.returnValue).toBe('timed out')

    const failed = await expectSaga(loginFlow)
      .provide({ call: () => delayed(300, throwError(new Error('401'))) })
      .dispatch({ type: 'LOGIN' })
      .put({ type: 'SIGN_IN_FAILED', error: '401' })
      .run()
    const request = failed.trace.find((entry) => entry.kind === 'effect' && entry.injected === 'provided-error')
    expect(request).toMatchObject({ startedAt: 0, endedAt: 300, outcome: { status: 'error', error: new Error('401') } })

    const effect = put({ type: 'AS_DATA' })
    const lookup = (key: number): unknown => key
    function* answers() {
      const results: unknown[] = []
      for (const key of [1, 2, 3]) results.push(yield* call(lookup, key))
      return results
    }
    const values = await expectSaga(answers)
      .provide([
        [call(lookup, 1), delayed(10, undefined)],
        [call(lookup, 2), delayed(10, Promise.resolve(rex))],
        [call(lookup, 3), delayed(10, effect)],
      ])
      .run()
    expect(values.returnValue).toEqual([undefined, rex, effect])
  })

  it('rejects a wait that is not a finite number of milliseconds >= 0, or a delayed delayed()', () => {
    expect(() => delayed(-1, ada)).toThrow('delayed(ms, value): ms must be a finite number of virtual milliseconds >= 0, got -1')
    expect(() => delayed(Number.NaN, ada)).toThrow('got NaN')
    expect(() => delayed(Infinity, ada)).toThrow('got Infinity')
    expect(() => delayed('5' as unknown as number, ada)).toThrow("got '5'")
    expect(() => delayed(5, delayed(5, ada) as unknown as User)).toThrow('value is itself delayed(...)')
  })
})

describe('provide(): dynamic providers', () => {
  it('receives the payload of each effect of its kind and can pass it on with next()', async () => {
    await expectSaga(userSaga, 42)
      .provide({
        call({ fn, args }, next) {
          if (fn === api.fetchUser) return { ...ada, id: args[0] }
          return next()
        },
      })
      .put({ type: 'RECEIVE_USER', user: ada, pet: { id: 7, name: 'real pet' } })
      .run()
  })

  it('makes the effect throw when the provider throws or returns throwError()', async () => {
    const error = new Error('offline')
    await expectSaga(userSaga, 42)
      .provide({
        call() {
          throw error
        },
      })
      .put({ type: 'FAIL_USER', error })
      .run()
    await expectSaga(userSaga, 42)
      .provide({ call: () => throwError(error) })
      .put({ type: 'FAIL_USER', error })
      .run()
  })

  it('composes a list of provider objects and static providers, first answer wins', async () => {
    function* saga() {
      const user: User = yield call(api.fetchUser, 1)
      const token: string = yield select(selectToken)
      const pet: unknown = yield call(api.fetchPet, 2)
      yield put({ type: 'DONE', user, token, pet })
    }
    await expectSaga(saga)
      .provide([
        { call: ({ fn }, next) => (fn === api.fetchUser ? ada : next()) },
        [matchers.call.fn(api.fetchPet), rex],
        { select: () => 'from provider', call: () => 'never reached for fetchUser' },
      ])
      .put({ type: 'DONE', user: ada, token: 'from provider', pet: rex })
      .run()
  })

  it('routes takeMaybe to take, putResolve to put, and delays to their own key', async () => {
    const seen: string[] = []
    function* saga() {
      yield delay(1_000_000)
      const taken: unknown = yield takeMaybe('X')
      const resolved: unknown = yield putResolve({ type: 'THUNK' })
      yield put({ type: 'REAL', taken, resolved })
    }
    await expectSaga(saga)
      .provide({
        delay: ({ args }) => {
          seen.push(`delay ${args[0]}`)
          return true
        },
        call: () => {
          throw new Error('a delay is not a call here')
        },
        take: ({ maybe }) => (maybe ? 'maybe taken' : 'taken'),
        put: ({ resolve }, next) => (resolve ? 'resolved' : next()),
      })
      .put({ type: 'REAL', taken: 'maybe taken', resolved: 'resolved' })
      .run({ timeout: 10 })
    expect(seen).toEqual(['delay 1000000'])
  })

  it('answers join() of a real task', async () => {
    function* child() {
      yield take('NEVER')
    }
    function* parent() {
      const task: Task = yield fork(child)
      const result: unknown = yield join(task)
      yield cancel(task)
      return result
    }
    await expectSaga(parent).provide({ join: () => 'joined' }).returns('joined').run()
  })

  it('rejects providers that are not pairs or objects of functions', () => {
    expect(() => expectSaga(userSaga, 1).provide([[call(api.fetchUser, 1)] as any])).toThrow('a static provider is a pair [effectOrMatcher, value], got 1 elements')
    expect(() => expectSaga(userSaga, 1).provide({ call: 42 } as any)).toThrow('expectSaga(...).provide({ call }): a dynamic provider must be a function (payload, next) => value, got 42')
  })

  it('rejects an empty provider object, which would answer nothing, and names the bad entry of a list', () => {
    expect(() => expectSaga(userSaga, 1).provide([{}] as any)).toThrow(
      new TypeError(
        'expectSaga(...).provide([...]): the provider at index 0 is {}, which provides nothing: a static provider is a pair [effectOrMatcher, value], a dynamic one an object of functions keyed by effect kind ({ call(payload, next) { ... } })',
      ),
    )
    expect(() => expectSaga(userSaga, 1).provide({})).toThrow('expectSaga(...).provide(providers): the argument is {}, which provides nothing')
    expect(() => expectSaga(userSaga, 1).provide([[matchers.call.fn(api.fetchUser), ada], 42] as any)).toThrow(
      'expectSaga(...).provide([...]): the provider at index 1 is 42: a static provider is a pair [effectOrMatcher, value]',
    )
    expect(() => expectSaga(userSaga, 1).provide(42 as any)).toThrow(
      'expectSaga(...).provide(providers): expected [[effectOrMatcher, value], ...] or { call(payload, next) { ... }, ... }, got 42',
    )
    // The dynamic object given whole, and mixed in a list, still work.
    expect(() => expectSaga(userSaga, 1).provide({ call: () => ada }).provide([[matchers.call.fn(api.fetchUser), ada], { select: () => 1 }])).not.toThrow()
  })

  it('rejects dynamic() of something other than a function when it is built, not when the effect is met', () => {
    expect(() => dynamic(42 as any)).toThrow(new TypeError('dynamic(provider): provider must be a function (payload, next) => value, got 42'))
  })

  it('says so when a pair lost its brackets, and which one', () => {
    expect(() => expectSaga(userSaga, 1).provide([call(api.fetchUser, 1), ada] as any)).toThrow(
      'expectSaga(...).provide([...]): the provider at index 0 is the effect call(fetchUser, 1), not a pair: static providers are pairs, provide([[effectOrMatcher, value], ...])',
    )
    expect(() => expectSaga(userSaga, 1).provide([[matchers.call.fn(api.fetchPet), rex], matchers.call.fn(api.fetchUser)] as any)).toThrow(
      'the provider at index 1 is a matcher, not a pair',
    )
    expect(() => expectSaga(userSaga, 1).provide([[42, ada]] as any)).toThrow(
      'expectSaga(...).provide([...]): the provider at index 0: expected an effect, a matcher (from `matchers`) or a predicate, got 42',
    )
  })

  it('rejects a function matcher that is not a function (a misspelt api.fetchUsr), instead of matching nothing', () => {
    const missing = (api as Record<string, any>).fetchUsr
    expect(() => matchers.call.fn(missing)).toThrow('matchers.call.fn(fn): fn must be a function, got undefined')
    expect(() => matchers.apply.fn(missing)).toThrow('matchers.apply.fn(fn): fn must be a function, got undefined')
    expect(() => matchers.fork.fn(missing)).toThrow('matchers.fork.fn(fn): fn must be a function, got undefined')
    expect(() => matchers.spawn.fn(missing)).toThrow('matchers.spawn.fn(fn): fn must be a function, got undefined')
    expect(() => matchers.cps.fn(missing)).toThrow('matchers.cps.fn(fn): fn must be a function, got undefined')
    expect(() => matchers.select.selector(missing)).toThrow('matchers.select.selector(selector): selector must be a function, got undefined')
    expect(() => expectSaga(userSaga, 1).call.fn(missing)).toThrow('matchers.call.fn(fn): fn must be a function, got undefined')
  })

  it('rejects the run, naming the provider, when its predicate throws on an effect it does not designate (not the saga’s error)', async () => {
    function* saga() {
      try {
        yield put({ type: 'SAVING' })
      } catch {
        yield put({ type: 'SAVE_FAILED' })
      }
      const user: User = yield call(api.fetchUser, 1)
      return user
    }
    // `args[0]` of a put: the predicate throws on the put, which would have aborted the saga
    // there with a bare TypeError (beyond its catch), and stalled on the pending call.
    const byFirstArgument = (effect: any) => effect.payload.args[0] === 1
    await expect(expectSaga(saga).provide([[byFirstArgument, ada]]).returns(ada).run()).rejects.toThrow(
      "expectSaga(...).provide([...]): the provider at index 0: the predicate threw on put({ type: 'SAVING' }): Cannot read properties of undefined (reading '0'); it is asked about every effect, so it must return false for the effects it does not designate",
    )
    await expectSaga(saga).provide([[(effect: any) => effect.payload.args?.[0] === 1, ada]]).returns(ada).run()
  })

  it('rejects a dynamic provider key that misspells an effect kind, and keeps other keys for effects of your own', async () => {
    expect(() => expectSaga(userSaga, 1).provide({ cal: () => ada })).toThrow("expectSaga(...).provide({ cal }): no effect kind is called 'cal'; did you mean `call`?")
    expect(() => expectSaga(userSaga, 1).provide({ CALL: () => ada })).toThrow('did you mean `call`?')
    expect(() => expectSaga(userSaga, 1).provide({ get_context: () => 1 })).toThrow('did you mean `getContext`?')
    expect(() => expectSaga(userSaga, 1).provide({ circuitBreakr: () => 1 })).toThrow('did you mean `circuitBreaker`?')
    expect(() => expectSaga(userSaga, 1).provide({ takeMaybe: () => 1 })).toThrow(
      'expectSaga(...).provide({ takeMaybe }): takeMaybe effects are given to the `take` provider (as in redux-saga-test-plan)',
    )
    expect(() => expectSaga(userSaga, 1).provide({ putResolve: () => 1 })).toThrow('given to the `put` provider')
    // Far from every kind: a key for an effect an effect middleware of the app handles.
    expect(() => expectSaga(userSaga, 1).provide({ myAnalytics: () => 1, halt: () => undefined })).not.toThrow()
    await expectSaga(userSaga, 1)
      .provide({ call: ({ fn }, next) => (fn === api.fetchUser ? ada : fn === api.fetchPet ? rex : next()) })
      .put({ type: 'RECEIVE_USER', user: ada, pet: rex })
      .run()
  })
})
