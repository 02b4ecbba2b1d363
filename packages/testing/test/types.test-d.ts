/*
 * Type tests (checked by the root `tsc`): providers and assertions are typed from the effect
 * creators, so a wrong provided value or a wrong argument is a compile error.
 */
import { expect, expectTypeOf } from 'vitest'
import { call, channel, END, fork, put, select, take, type CallEffect, type Effect, type Task } from '@sagaflow/core'
import {
  cloneableGenerator,
  createMockTask,
  delayed,
  dynamic,
  expectSaga,
  matchers,
  testSaga,
  throwError,
  type EffectList,
  type EffectMatcher,
  type MatchedResult,
  type RunResult,
  type SagaIteratorClone,
} from '@sagaflow/testing'
import type {} from '@sagaflow/testing/vitest'
import * as reduxSagaEffects from 'redux-saga/effects'

interface User {
  id: number
  name: string
  tags: string[]
}
declare function fetchUser(id: number): Promise<User>
declare function countUsers(): number
declare const selectUser: (state: { user: User }, id: number) => User

function* loadUser(id: number) {
  const user: User = yield call(fetchUser, id)
  yield put({ type: 'LOADED', user })
  return user
}

const ada: User = { id: 1, name: 'Ada', tags: [] }

// ---- providers: the value must have the effect's result type --------------------------------
expectSaga(loadUser, 1).provide([
  [call(fetchUser, 1), ada],
  [matchers.call.fn(fetchUser), { id: 2, name: 'Bob', tags: ['x'] }],
  [matchers.call.fn(countUsers), 3],
  [select(selectUser, 1), ada],
  [take('START'), { type: 'START' }],
  [matchers.call.fn(fetchUser), throwError(new Error('404'))],
  [matchers.call.fn(fetchUser), dynamic(({ args: [id] }, next) => (id === 1 ? ada : next()))],
  [matchers.call.like({ fn: fetchUser }), 'anything: like() does not know the function'],
  [(effect: Effect) => effect.type === 'CALL', 'anything: a predicate does not know the result'],
  { call: ({ fn }, next) => (fn === fetchUser ? ada : next()) },
])

// A provided promise is awaited, as the effect's own would be: a promise of the result type fits.
expectSaga(loadUser, 1).provide([[matchers.call.fn(fetchUser), Promise.resolve(ada)]])
// @ts-expect-error a promise of something else does not
expectSaga(loadUser, 1).provide([[matchers.call.fn(fetchUser), Promise.resolve('not a user')]])
// The matchers of the other reference effects carry their result types too.
expectSaga(loadUser, 1).provide([
  [matchers.cancelled(), true],
  [matchers.putResolve.actionType('X'), 'anything: a partial matcher does not know the result'],
  [matchers.apply.fn(fetchUser), ada],
])
// @ts-expect-error cancelled() gives a boolean
expectSaga(loadUser, 1).provide([[matchers.cancelled(), 'yes']])
// @ts-expect-error apply.fn(fetchUser) gives a User
expectSaga(loadUser, 1).provide([[matchers.apply.fn(fetchUser), 'not a user']])
// A cps matcher gives what the callback is called with, not what the function returns (void).
declare function readText(path: string, callback: (error: Error | null, text: string) => void): void
expectSaga(loadUser, 1).provide([
  [matchers.cps.fn(readText), 'file contents'],
  [matchers.cps(readText, 'a.txt'), 'file contents'],
])
expectTypeOf(matchers.cps.fn(readText)).toEqualTypeOf<EffectMatcher<string>>()
// @ts-expect-error cps.fn(readText) gives a string
expectSaga(loadUser, 1).provide([[matchers.cps.fn(readText), 42]])
// delayed(ms, value): the value (or a promise of it, or throwError) must have the result type too.
expectSaga(loadUser, 1).provide([
  [matchers.call.fn(fetchUser), delayed(50, ada)],
  [matchers.call.fn(fetchUser), delayed(50, Promise.resolve(ada))],
  [matchers.call.fn(fetchUser), delayed(50, throwError(new Error('timeout')))],
])
// @ts-expect-error a delayed string is not a User
expectSaga(loadUser, 1).provide([[matchers.call.fn(fetchUser), delayed(50, 'not a user')]])
// Effects built by redux-saga/effects designate effects too (their result type is not known).
expectSaga(loadUser, 1).provide([[reduxSagaEffects.call(fetchUser, 1), ada]]).not.effect(reduxSagaEffects.put({ type: 'X' }))
testSaga(loadUser, 1).next().effect(reduxSagaEffects.call(fetchUser, 1))

// @ts-expect-error a provider for call(fetchUser) must give a User
expectSaga(loadUser, 1).provide([[call(fetchUser, 1), 'not a user']])
// @ts-expect-error a provider for call.fn(fetchUser) must give a User
expectSaga(loadUser, 1).provide([[matchers.call.fn(fetchUser), { id: 'one' }]])
// @ts-expect-error the second provider is wrong: countUsers returns a number
expectSaga(loadUser, 1).provide([[call(fetchUser, 1), ada], [matchers.call.fn(countUsers), 'three']])
// @ts-expect-error a dynamic value must have the result type too
expectSaga(loadUser, 1).provide([[matchers.call.fn(fetchUser), dynamic(() => 42)]])
// dynamic(...) may answer with delayed(ms, value) or a promise (as the docs say), checked the same way
expectSaga(loadUser, 1).provide([
  [matchers.call.fn(fetchUser), dynamic(({ args: [id] }, next) => (id === 1 ? delayed(100, ada) : next()))],
  [matchers.call.fn(fetchUser), dynamic(async () => ada)],
  [matchers.call.fn(fetchUser), dynamic(() => delayed(100, throwError(new Error('404'))))],
])
// @ts-expect-error a delayed dynamic value must have the result type too
expectSaga(loadUser, 1).provide([[matchers.call.fn(fetchUser), dynamic(() => delayed(100, 42))]])
// @ts-expect-error a promised dynamic value must have the result type too
expectSaga(loadUser, 1).provide([[matchers.call.fn(fetchUser), dynamic(async () => 42)]])
// @ts-expect-error select(selectUser, 1) gives a User
expectSaga(loadUser, 1).provide([[select(selectUser, 1), null]])
// @ts-expect-error a dynamic provider must be a function
expectSaga(loadUser, 1).provide({ call: 42 })

// ---- matchers carry the result type -------------------------------------------------------
expectTypeOf(matchers.call.fn(fetchUser)).toEqualTypeOf<EffectMatcher<User>>()
expectTypeOf(matchers.call(fetchUser, 1)).toEqualTypeOf<EffectMatcher<User>>()
expectTypeOf(matchers.fork.fn(loadUser)).toEqualTypeOf<EffectMatcher<Task<User>>>()
expectTypeOf(matchers.select.selector(selectUser)).toEqualTypeOf<EffectMatcher<User>>()
expectTypeOf<MatchedResult<CallEffect<User>>>().toEqualTypeOf<User>()
// @ts-expect-error call(fn, ...args) checks args against fn
matchers.call(fetchUser, 'one')
// select() without a selector (the whole state) is a select the creator builds: it is matched and asserted too.
expectTypeOf(matchers.select()).toEqualTypeOf<EffectMatcher<unknown>>()
expectSaga(loadUser, 1).provide([[matchers.select(), { user: ada }]]).select().not.select()
// join(task) gives the task's result, join([a, b]) the tuple of results, as the join creator types them.
declare const userTask: Task<User>
declare const countTask: Task<number>
expectTypeOf(matchers.join(userTask)).toEqualTypeOf<EffectMatcher<User>>()
expectTypeOf(matchers.join([userTask, countTask])).toEqualTypeOf<EffectMatcher<[User, number]>>()
expectSaga(loadUser, 1).provide([[matchers.join(userTask), ada], [matchers.join([userTask, countTask]), [ada, 1]], [matchers.join.like({}), 'anything']])
// @ts-expect-error join(userTask) gives a User
expectSaga(loadUser, 1).provide([[matchers.join(userTask), 'not a user']])
// @ts-expect-error join([userTask, countTask]) gives [User, number]
expectSaga(loadUser, 1).provide([[matchers.join([userTask, countTask]), [ada, 'one']]])

// ---- assertions are typed like the effect creators ------------------------------------------
expectSaga(loadUser, 1).call(fetchUser, 1).put({ type: 'LOADED', user: ada }).select(selectUser, 1).fork(loadUser, 2).returns(ada)
// @ts-expect-error fetchUser takes a number
expectSaga(loadUser, 1).call(fetchUser, '1')
// @ts-expect-error fork(loadUser) needs its id
expectSaga(loadUser, 1).fork(loadUser)
// @ts-expect-error selectUser takes an id after the state
expectSaga(loadUser, 1).select(selectUser, 'x')
// @ts-expect-error loadUser returns a User
expectSaga(loadUser, 1).returns('done')
// @ts-expect-error the saga's arguments are checked
expectSaga(loadUser, '1')
// @ts-expect-error the negated assertions are typed the same way
expectSaga(loadUser, 1).not.call(fetchUser, '1')

const reducer = (state: { count: number } | undefined, _action: unknown) => state ?? { count: 0 }
expectSaga(loadUser, 1).withReducer(reducer).hasFinalState({ count: 1 })
// @ts-expect-error the final state has the reducer's type
expectSaga(loadUser, 1).withReducer(reducer).hasFinalState({ total: 1 })

async function results() {
  const result = await expectSaga(loadUser, 1).withState({ count: 1 }).run()
  expectTypeOf(result).toEqualTypeOf<RunResult<User, { count: number }>>()
  expectTypeOf(result.returnValue).toEqualTypeOf<User | undefined>()
  expectTypeOf(result.effectsByTask.loadUser).toEqualTypeOf<EffectList>()
  expectTypeOf(result.effects.put[0]).toMatchTypeOf<Effect<'PUT'> | undefined>()
}
void results

// ---- testSaga ------------------------------------------------------------------------------
testSaga(loadUser, 1).next().call(fetchUser, 1).next(ada).put({ type: 'LOADED', user: ada }).next().returns(ada)
// @ts-expect-error fetchUser takes a number
testSaga(loadUser, 1).next().call(fetchUser, 'x')
// @ts-expect-error loadUser returns a User
testSaga(loadUser, 1).next().returns(42)
// @ts-expect-error every step is followed by an assertion
testSaga(loadUser, 1).next().next()
// @ts-expect-error the saga's arguments are checked
testSaga(loadUser)
// restart(...args) checks the new arguments the same way; restart() keeps the old ones.
testSaga(loadUser, 1).restart(2).next().call(fetchUser, 2).restart()
// @ts-expect-error restart's arguments are the saga's: loadUser takes a number
testSaga(loadUser, 1).restart('2')
// @ts-expect-error and they stay checked after a step
testSaga(loadUser, 1).next().call(fetchUser, 1).restart('2')

// Method-name targets (`[context, 'method']`, `{ context, fn: 'method' }`) are typed as the creators type them.
const users = { prefix: 'u', find(id: number): Promise<User> { return fetchUser(id) } }
testSaga(loadUser, 1).next().call([users, 'find'], 1).next(ada).fork({ context: users, fn: 'find' }, 2).next().apply(users, 'find', [3])
// @ts-expect-error find takes a number
testSaga(loadUser, 1).next().call([users, 'find'], '1')
// @ts-expect-error prefix is not a method
testSaga(loadUser, 1).next().call([users, 'prefix'])
// @ts-expect-error apply's arguments are checked against the function
testSaga(loadUser, 1).next().apply(users, users.find, ['1'])
expectSaga(loadUser, 1).call([users, 'find'], 1).spawn([users, 'find'], 1).not.fork({ context: users, fn: 'find' }, 1)
// @ts-expect-error find takes a number
expectSaga(loadUser, 1).call([users, 'find'], '1')
expectTypeOf(matchers.call([users, 'find'], 1)).toEqualTypeOf<EffectMatcher<User>>()
// @ts-expect-error a provider for call([users, 'find']) must give a User
expectSaga(loadUser, 1).provide([[matchers.call([users, 'find'], 1), 'not a user']])

// Every form the creators accept is accepted, and typed the same way.
const refresh = (_dispatch: unknown) => 42
const loadLater = async (_dispatch: unknown) => 'loaded'
const numbers = channel<number>()
const isSaved = (action: { type: 'SAVED'; id: string } | { type: 'DELETED' }): action is { type: 'SAVED'; id: string } => action.type === 'SAVED'
const [first, second] = [createMockTask<number>(), createMockTask<string>()]
testSaga(loadUser, 1).next().put(refresh).next().putResolve(loadLater).next().put(numbers, END).next().putResolve(numbers, 1)
testSaga(loadUser, 1).next().join([first, second]).next().cancel([first, second])
expectSaga(loadUser, 1).put(refresh).put(numbers, END)
expectTypeOf(matchers.put(refresh)).toEqualTypeOf<EffectMatcher<number>>()
expectTypeOf(matchers.putResolve(loadLater)).toEqualTypeOf<EffectMatcher<string>>()
expectTypeOf(matchers.take(isSaved)).toEqualTypeOf<EffectMatcher<{ type: 'SAVED'; id: string }>>()
expectSaga(loadUser, 1).provide([[matchers.join([first, second]), [1, 'two']], [matchers.cancel([first, second]), undefined]])
// @ts-expect-error take(isSaved) gives a SAVED action
expectSaga(loadUser, 1).provide([[matchers.take(isSaved), { type: 'DELETED' }]])
// @ts-expect-error testSaga's put takes an action, a thunk, or a channel and a message of its type
testSaga(loadUser, 1).next().put(numbers, 'one')

// ---- reference utilities -------------------------------------------------------------------
const clone = cloneableGenerator(loadUser)(1)
expectTypeOf(clone.clone()).toEqualTypeOf<typeof clone>()
expectTypeOf(clone).toMatchTypeOf<SagaIteratorClone>()
// @ts-expect-error loadUser takes a number
cloneableGenerator(loadUser)('1')
const task = createMockTask<number>()
task.setResult(1)
// @ts-expect-error the mock task's result type is number
task.setResult('one')
expectTypeOf(task).toMatchTypeOf<Task<number>>()
void fork

// ---- @sagaflow/testing/vitest ---------------------------------------------------------------
declare const someEffects: EffectList
expect(someEffects).toHaveYielded(put({ type: 'LOADED' }))
expect(someEffects).not.toHaveYielded(matchers.call.fn(fetchUser), 2)
// @ts-expect-error toHaveYielded takes an effect, a matcher or a predicate
expect(someEffects).toHaveYielded(42)
