// The examples of docs/testing.md, run as tests so the guide stays true.
import { describe, expect, it } from 'vitest'
import { call, debounce, delay, put, select, take } from '@sagaflow/core/effects'
import { cloneableGenerator, expectSaga, matchers, testSaga, throwError, dynamic } from '@sagaflow/testing'

interface User {
  id: number
  name: string
  petId: number
}
interface Api {
  fetchUser(id: number, token: string): Promise<User>
  fetchPet(id: number): Promise<{ id: number; name: string }>
}
const api: Api = {
  fetchUser: async () => {
    throw new Error('no network in tests')
  },
  fetchPet: async () => {
    throw new Error('no network in tests')
  },
}
const selectToken = (state: { token: string }) => state.token

function* userSaga(api: Api) {
  const { id } = yield* take<{ type: 'REQUEST_USER'; id: number }>('REQUEST_USER')
  const token = yield* select(selectToken)
  try {
    const user = yield* call(api.fetchUser, id, token)
    yield* delay(60_000)
    yield* put({ type: 'RECEIVE_USER', user })
    return user
  } catch (error) {
    yield* put({ type: 'FAIL_USER', error })
  }
}

const ada = { id: 42, name: 'Ada', petId: 7 }

describe('docs/testing.md', () => {
  it('1. steps through the saga', () => {
    testSaga(userSaga, api)
      .next()
      .take('REQUEST_USER')
      .next({ type: 'REQUEST_USER', id: 42 })
      .select(selectToken)
      .next('token-1')
      .call(api.fetchUser, 42, 'token-1')
      .next(ada)
      .delay(60_000)
      .next()
      .put({ type: 'RECEIVE_USER', user: ada })
      .next()
      .returns(ada)
  })

  it('1. explores branches with save, restore, back', () => {
    const saga = testSaga(userSaga, api)
      .next()
      .take('REQUEST_USER')
      .next({ type: 'REQUEST_USER', id: 42 })
      .select(selectToken)
      .next('token-1')
      .call(api.fetchUser, 42, 'token-1')
      .save('fetching')
    saga.next(ada).delay(60_000)
    saga
      .restore('fetching')
      .throw(new Error('404'))
      .put({ type: 'FAIL_USER', error: new Error('404') })
      .next()
      .isDone()
    saga.restore('fetching').back(1).next('token-2').call(api.fetchUser, 42, 'token-2')
  })

  it('1. clones a generator', () => {
    const gen = cloneableGenerator(userSaga)(api)
    gen.next()
    gen.next({ type: 'REQUEST_USER', id: 42 })
    const clone = gen.clone()
    expect(gen.next('token-1').value).toEqual(call(api.fetchUser, 42, 'token-1'))
    expect(() => clone.throw(new Error('no token'))).toThrow('no token')
  })

  it('2. runs the whole saga on virtual time', async () => {
    await expectSaga(userSaga, api)
      .withState({ token: 'token-1' })
      .provide([[call(api.fetchUser, 42, 'token-1'), ada]])
      .dispatch({ type: 'REQUEST_USER', id: 42 })
      .put({ type: 'RECEIVE_USER', user: ada })
      .returns(ada)
      .run()
  })

  it('2. debounces on virtual time', async () => {
    function* search(action: { q: string }) {
      yield* put({ type: 'RESULTS', q: action.q })
    }
    function* searchBox() {
      yield* debounce(300, 'INPUT', search)
    }
    await expectSaga(searchBox)
      .dispatchAt(0, { type: 'INPUT', q: 'a' })
      .dispatchAt(100, { type: 'INPUT', q: 'ab' })
      .put({ type: 'RESULTS', q: 'ab' })
      .not.put({ type: 'RESULTS', q: 'a' })
      .run()
  })

  it('3. provides, with matchers, throwError and dynamic', async () => {
    await expectSaga(userSaga, api)
      .provide([
        [select(selectToken), 'token-1'],
        [matchers.call.fn(api.fetchUser), throwError(new Error('404'))],
        [matchers.call.fn(api.fetchPet), dynamic(({ args: [id] }, next) => (id === 7 ? { id, name: 'Rex' } : next()))],
      ])
      .dispatch({ type: 'REQUEST_USER', id: 42 })
      .put.like({ action: { type: 'FAIL_USER' } })
      .run()
    await expectSaga(userSaga, api)
      .provide({
        call({ fn, args }, next) {
          if (fn === api.fetchUser) return { id: args[0], name: 'Ada', petId: 7 }
          return next()
        },
        select: ({ selector }, next) => (selector === selectToken ? 'token-1' : next()),
      })
      .dispatch({ type: 'REQUEST_USER', id: 42 })
      .put({ type: 'RECEIVE_USER', user: ada })
      .run()
  })
})
