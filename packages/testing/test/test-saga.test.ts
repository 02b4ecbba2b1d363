import { describe, expect, it } from 'vitest'
import { all, call, cancel, cancelled, delay, fork, join, put, race, select, take, takeEvery } from '@sagaflow/core'
import { createMockTask, matchers, SagaTestError, testSaga } from '@sagaflow/testing'

interface User {
  id: number
  name: string
}
const api = {
  fetchUser: async (id: number): Promise<User> => ({ id, name: 'real' }),
  charge: async (userId: number, amount: number) => ({ userId, amount }),
}
const selectUser = (state: { user: User | null }) => state.user

function* checkout(amount: number) {
  const user: User | null = yield select(selectUser)
  if (!user) {
    yield put({ type: 'LOGIN_REQUIRED' })
    return 'no user'
  }
  try {
    const receipt: unknown = yield call(api.charge, user.id, amount)
    yield put({ type: 'CHECKOUT_DONE', receipt })
    return 'paid'
  } catch (error) {
    yield put({ type: 'CHECKOUT_FAILED', error })
    return 'failed'
  }
}

const ada = { id: 1, name: 'Ada' }

function thrown(fn: () => unknown): SagaTestError {
  try {
    fn()
  } catch (error) {
    return error as SagaTestError
  }
  throw new Error('expected a throw')
}

describe('testSaga()', () => {
  it('steps through a saga, asserting each yielded effect in order', () => {
    testSaga(checkout, 30)
      .next()
      .select(selectUser)
      .next(ada)
      .call(api.charge, 1, 30)
      .next({ ok: true })
      .put({ type: 'CHECKOUT_DONE', receipt: { ok: true } })
      .next()
      .returns('paid')
  })

  it("asserts redux-saga's own delay (from redux-saga/effects) with .delay(ms)", async () => {
    const rs = await import('redux-saga/effects')
    function* saga() {
      yield rs.delay(500)
      yield rs.delay(500, 'late')
    }
    testSaga(saga).next().delay(500).next().delay(500, 'late').next().isDone()
    expect(thrown(() => testSaga(saga).next().delay(400)).message).toContain('delay(500)')
  })

  it('throws an error into the saga with throw()', () => {
    const error = new Error('declined')
    testSaga(checkout, 30)
      .next()
      .select(selectUser)
      .next(ada)
      .call(api.charge, 1, 30)
      .throw(error)
      .put({ type: 'CHECKOUT_FAILED', error })
      .next()
      .isDone()
  })

  it('returns from the saga with return(), running its finally block', () => {
    function* worker() {
      try {
        yield take('JOB')
      } finally {
        if (yield* cancelled()) yield put({ type: 'WORKER_CANCELLED' })
      }
    }
    testSaga(worker).next().take('JOB').return().cancelled().next(true).put({ type: 'WORKER_CANCELLED' }).next().isDone()
  })

  it('names the step and shows expected vs actual when an effect differs', () => {
    const error = thrown(() => testSaga(checkout, 30).next().select(selectUser).next(ada).call(api.charge, 1, 31))
    expect(error).toBeInstanceOf(SagaTestError)
    expect(error.name).toBe('SagaTestError')
    expect(error.step).toBe(2)
    expect(error.message).toBe(
      'testSaga(checkout) step 2 (.next({ id: 1, name: \'Ada\' })): call effects do not match\n' +
        '  expected: call(charge, 1, 31)\n' +
        '  actual:   call(charge, 1, 30)',
    )
    expect(error.expected).toEqual(call(api.charge, 1, 31))
    expect(error.actual).toEqual(call(api.charge, 1, 30))
  })

  it('says where expected and actual differ when both print the same (another function of that name, another task)', () => {
    const v1 = { charge: async (_id: number) => 'v1' }
    const v2 = { charge: async (_id: number) => 'v2' }
    function* pay() {
      yield call(v1.charge, 1)
    }
    expect(thrown(() => testSaga(pay).next().call(v2.charge, 1)).message).toBe(
      'testSaga(pay) step 1 (.next()): call effects do not match\n' +
        '  expected: call(charge, 1)\n' +
        '  actual:   call(charge, 1)\n' +
        '  (both print the same, but they differ at payload.fn: functions, tasks and channels must be the very same object, not one with the same name)',
    )
    const [task, other] = [createMockTask(), createMockTask()]
    function* wait() {
      yield join(task)
      return task
    }
    expect(thrown(() => testSaga(wait).next().join(other)).message).toContain('  (both print the same, but they differ at payload: ')
    expect(thrown(() => testSaga(wait).next().join(task).next().returns(other)).message).toContain('  (both print the same, but they are different objects: ')
    // An action that refers to itself: the search does not follow the cycle (it overflowed the stack).
    const selfAction = (cb: () => void) => {
      const action: { type: string; [key: string]: unknown } = { type: 'X' }
      action.self = action
      action.cb = cb
      return action
    }
    const handlers = [function handler() {}, function handler() {}] as const
    function* notify() {
      yield put(selfAction(handlers[0]))
    }
    expect(thrown(() => testSaga(notify).next().put(selfAction(handlers[1]))).message).toContain('they differ at payload.action.cb')
  })

  it('says so when the saga yielded another kind of effect', () => {
    const error = thrown(() => testSaga(checkout, 30).next().put({ type: 'LOGIN_REQUIRED' }))
    expect(error.message).toContain('step 1 (.next()): expected a put effect, but the saga yielded a select effect')
    expect(error.message).toContain('actual:   select(selectUser)')
  })

  it('says so when the saga is already done or threw', () => {
    function* boom() {
      yield put({ type: 'A' })
      throw new Error('boom')
    }
    expect(thrown(() => testSaga(checkout, 1).next().select(selectUser).next(null).put({ type: 'LOGIN_REQUIRED' }).next().put({ type: 'X' })).message).toContain(
      "step 3 (.next()): expected put({ type: 'X' }), but the saga is done (returned 'no user')",
    )
    expect(thrown(() => testSaga(boom).next().put({ type: 'A' }).next().isDone()).message).toContain('the saga threw Error: boom')
    testSaga(boom).next().put({ type: 'A' }).next().throws(Error)
  })

  it('goes on stepping after a failed assertion whose error the test caught; isDone() reports expected and actual', () => {
    const stepper = testSaga(checkout, 30)
    const step = stepper.next()
    const error = thrown(() => step.isDone())
    expect(error).toMatchObject({ step: 1, expected: 'done', actual: select(selectUser) })
    // The failed isDone() was step 1's assertion: stepping on is allowed.
    stepper.next(ada).call(api.charge, 1, 30)
  })

  it('requires an assertion after every step', () => {
    const step = testSaga(checkout, 30).next() as any
    expect(() => step.next()).toThrow(/step 1 \(\.next\(\)\): the saga yielded select\(selectUser\) and no assertion followed/)
  })

  it("says that the step needs its assertion when it is saved or left unasserted (redux-saga-test-plan's .next().save(label))", () => {
    const step = testSaga(checkout, 30).next() as any
    expect(() => step.save('start')).toThrow(
      'testSaga(checkout) step 1 (.next()): the saga yielded select(selectUser) and no assertion followed; assert the step (.put(...), .call(...), .effect(...), .inspect(...)) before save()',
    )
    expect(() => step.back()).toThrow('no assertion followed; assert the step (.put(...), .call(...), .effect(...), .inspect(...)) before back()')
    step.select(selectUser)
    step.save('asserted').next(null).put({ type: 'LOGIN_REQUIRED' })
    step.restore('asserted').next(ada).call(api.charge, 1, 30)
  })

  it("names what replaces redux-saga-test-plan's finish and parallel, instead of 'is not a function'", () => {
    const stepper = testSaga(checkout, 30).next().select(selectUser) as any
    expect(() => stepper.finish()).toThrow(new TypeError("testSaga(checkout).finish(...) is redux-saga-test-plan's; here, use .return(value) (then assert, e.g. .isDone())"))
    expect(() => stepper.next(ada).parallel([])).toThrow(new TypeError("testSaga(checkout).parallel(...) is redux-saga-test-plan's; here, use .all([...effects])"))
  })

  it("names .effect(...) for redux-saga-test-plan's helper assertions (takeEvery, throttle, retry, ...)", () => {
    function* watcher() {
      yield takeEvery('CHECKOUT', checkout)
    }
    const step = testSaga(watcher).next() as any
    expect(() => step.takeEvery('CHECKOUT', checkout)).toThrow(
      new TypeError("testSaga(watcher).takeEvery(...) is redux-saga-test-plan's; here, use .effect(takeEvery(pattern, worker, ...args))"),
    )
    expect(() => step.retry(3, 10, api.charge)).toThrow("here, use .effect(retry(maxTries, delayMs, fn, ...args))")
    step.effect(takeEvery('CHECKOUT', checkout)).next().isDone()
  })

  it('says why an assertion cannot run before the first step, or twice on one step', () => {
    expect(() => (testSaga(checkout, 30) as any).put({ type: 'A' })).toThrow(
      'testSaga(checkout) before the first step: .put(...): assert after next(), throw() or return()',
    )
    const api = testSaga(checkout, 30).next().select(selectUser) as any
    expect(() => api.call(api.fetchUser, 1)).toThrow(
      'testSaga(checkout) step 1 (.next()): .call(...): this step is asserted already; move on with next(), throw() or return() first',
    )
    expect(() => (testSaga(checkout, 30).next() as any).effect(42)).toThrow(
      'testSaga(checkout) step 1: .effect(effectOrMatcher): expected an effect, a matcher (from `matchers`) or a predicate, got 42',
    )
    expect(() => (testSaga(checkout, 30).next() as any).inspect(42)).toThrow(
      'testSaga(checkout) step 1: .inspect(inspector): expected a function (yieldedValue) => void, got 42',
    )
  })

  it('rejects a saga function that returns no iterator, naming it', () => {
    const notASaga = () => 5
    expect(() => testSaga(notASaga as any)).toThrow(
      'testSaga(saga, ...args): saga must be a generator function (or return an iterator), but notASaga(...) returned 5',
    )
  })

  it('rejects an async generator function, whose steps would all yield promises', () => {
    async function* asyncSaga() {
      yield put({ type: 'A' })
    }
    expect(() => testSaga(asyncSaga as any)).toThrow(
      'testSaga(saga, ...args): asyncSaga is an async generator function; a saga is a plain generator function (function*, not async function*)',
    )
  })

  it('goes back n steps with back(n) to try another branch', () => {
    testSaga(checkout, 30)
      .next()
      .select(selectUser)
      .next(ada)
      .call(api.charge, 1, 30)
      .back(2)
      .next()
      .select(selectUser)
      .next(null)
      .put({ type: 'LOGIN_REQUIRED' })
      .next()
      .returns('no user')
  })

  it('restores a saved point with restore(label), as often as needed', () => {
    const saga = testSaga(checkout, 30).next().select(selectUser).save('user known')
    saga.next(ada).call(api.charge, 1, 30).next({}).put({ type: 'CHECKOUT_DONE', receipt: {} })
    saga.restore('user known').next(null).put({ type: 'LOGIN_REQUIRED' })
    saga.restore('user known').next(ada).call(api.charge, 1, 30).throw(new Error('x')).effect(matchers.put.actionType('CHECKOUT_FAILED'))
  })

  it('rejects restore() of an unknown label and back() past the start', () => {
    const saga = testSaga(checkout, 30).next().select(selectUser).save('a')
    expect(() => saga.restore('b')).toThrow("testSaga(checkout).restore('b'): no point was saved under this label (saved: 'a')")
    expect(() => saga.back(5)).toThrow('testSaga(checkout).back(5): can go back 0 to 1 steps')
  })

  it('rejects save() of a label that is not a string', () => {
    const saga = testSaga(checkout, 30).next().select(selectUser)
    expect(() => saga.save(undefined as any)).toThrow(new TypeError('testSaga(checkout).save(label): label must be a string, got undefined'))
  })

  it('rejects throws(undefined), a misspelt import, naming the step', () => {
    expect(() => testSaga(checkout, 30).next().throws(undefined as any)).toThrow('testSaga(checkout) step 1: .throws(expected): expected is undefined (a misspelt import?)')
  })

  it('new SagaTestError() rejects a message that is not a string', () => {
    expect(() => new SagaTestError(Symbol('m') as any)).toThrow(new TypeError('new SagaTestError(message, details?): message must be a string, got Symbol(m)'))
    expect(() => new SagaTestError('m', null as any)).toThrow('new SagaTestError(message, details?): details must be an object { step?, expected?, actual?, result? }, got null')
  })

  it('restarts with new arguments', () => {
    testSaga(checkout, 30).next().select(selectUser).restart(50).next().select(selectUser).next(ada).call(api.charge, 1, 50)
  })

  it('asserts every kind of effect the contract lists', () => {
    const task = createMockTask()
    function* everything() {
      yield take('START')
      const t: unknown = yield fork(api.fetchUser, 1)
      yield all([call(api.fetchUser, 1), call(api.fetchUser, 2)])
      yield race({ user: call(api.fetchUser, 1), timeout: delay(1000) })
      yield delay(500)
      yield join(t as any)
      yield cancel(t as any)
      yield takeEvery('PING', checkout)
      yield 42
    }
    testSaga(everything)
      .next()
      .take('START')
      .next()
      .fork(api.fetchUser, 1)
      .next(task)
      .all([call(api.fetchUser, 1), call(api.fetchUser, 2)])
      .next()
      .race({ user: call(api.fetchUser, 1), timeout: delay(1000) })
      .next()
      .delay(500)
      .next()
      .join(task)
      .next()
      .cancel(task)
      .next()
      .effect(takeEvery('PING', checkout))
      .next()
      .is(42)
      .next()
      .isDone()
  })

  it('accepts matchers and predicates in effect() and custom checks in inspect()', () => {
    testSaga(checkout, 30)
      .next()
      .effect(matchers.select.selector(selectUser))
      .next(ada)
      .inspect((effect: any) => expect(effect.payload.args).toEqual([1, 30]))
      .next({})
      .effect((effect: any) => effect.type === 'PUT')
  })

  it('gives inspect() what the saga returned once it is done (as redux-saga-test-plan), and fails it when the saga threw', () => {
    const seen: unknown[] = []
    testSaga(checkout, 30).next().select(selectUser).next(null).put({ type: 'LOGIN_REQUIRED' }).next().inspect((value) => seen.push(value))
    expect(seen).toEqual(['no user'])
    function* boom() {
      throw new Error('boom')
    }
    expect(() => testSaga(boom).next().inspect(() => {})).toThrow('step 1 (.next()): expected a yielded value, but the saga threw Error: boom')
  })

  it('compares with asymmetric matchers', () => {
    testSaga(checkout, 30)
      .next()
      .select(selectUser)
      .next(ada)
      .call(api.charge, expect.any(Number) as any, 30)
  })
})
