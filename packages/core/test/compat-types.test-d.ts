// Type tests (checked by the root `tsc`): redux-saga's type names, so that a typed redux-saga file
// compiles after its imports change (docs/migrating.md). The saga code below is written as for
// redux-saga 1.5, with plain `yield` and its helper types.
import { expectTypeOf } from 'vitest'
import createSagaMiddleware, {
  buffers,
  eventChannel,
  type END,
  runSaga,
  stdChannel,
  type Task,
  type AnyAction,
  type Middleware,
  type PredicateTakeableChannel,
  type Saga,
  type SagaIterator,
  type Subscribe,
  type UnknownAction,
  type Unsubscribe,
} from '@sagaflow/core'
import {
  actionChannel,
  all,
  apply,
  call,
  cps,
  debounce,
  put,
  select,
  take,
  takeEvery,
  takeLatest,
  takeLeading,
  takeMaybe,
  throttle,
  type ActionPattern,
  type AllButLast,
  type CallEffect,
  type CallEffectDescriptor,
  type ChannelTakeEffect,
  type CpsCallback,
  type Effect,
  type ForkEffect,
  type HelperWorkerParameters,
  type Pattern,
  type PutEffect,
  type SagaReturnType,
  type SimpleEffect,
  type StrictEffect,
  type Tail,
  type TakeEffectDescriptor,
} from '@sagaflow/core/effects'

interface User {
  id: string
  name: string
}
const fetchUser = async (id: string): Promise<User> => ({ id, name: 'Ada' })
function* loadProfile(id: string): SagaIterator<number> {
  yield call(fetchUser, id)
  return 1
}
const getToken = (state: { token: string }) => state.token
type LoadAction = { type: 'LOAD'; id: string }

// A worker typed the redux-saga way.
function* load(action: LoadAction): Generator<StrictEffect, void, SagaReturnType<typeof fetchUser>> {
  const user = yield call(fetchUser, action.id)
  yield put({ type: 'LOADED', user })
}
function* save(api: { save(): void }, action: AnyAction): SagaIterator {
  yield call([api, api.save])
  yield put({ type: 'SAVED', id: action.id })
}

export function* rootSaga(): SagaIterator {
  const token: string = yield select(getToken)
  yield all([takeLatest('LOAD', load), takeEvery('SAVE', save, { save() {} })])
  const action: LoadAction = yield take('LOAD')
  expectTypeOf(token).toBeString()
  expectTypeOf(action.id).toBeString()
}

expectTypeOf<SagaReturnType<typeof fetchUser>>().toEqualTypeOf<User>()
expectTypeOf<SagaReturnType<typeof loadProfile>>().toEqualTypeOf<number>()
expectTypeOf<SagaReturnType<() => string>>().toEqualTypeOf<string>()

const sagas: Saga[] = [rootSaga, loadProfile]
expectTypeOf(sagas).toBeArray()
const middlewares: Middleware[] = [createSagaMiddleware()]
expectTypeOf(middlewares).toBeArray()

const pattern: ActionPattern = ['LOAD', (a: AnyAction) => a.type === 'SAVE']
const samePattern: Pattern = pattern
expectTypeOf(samePattern).not.toBeAny()

const subscribe: Subscribe<number> = (emit) => {
  emit(1)
  const stop: Unsubscribe = () => {}
  return stop
}
const ticks = eventChannel(subscribe)
const tick: ChannelTakeEffect<number> = take(ticks)
expectTypeOf(tick.type).toEqualTypeOf<'TAKE'>()
const actions: PredicateTakeableChannel<UnknownAction> = stdChannel()
expectTypeOf(actions.take).toBeFunction()

const effect: SimpleEffect<'CALL'> = call(fetchUser, '1')
const strict: StrictEffect = put({ type: 'X' })
const any: Effect = effect
const descriptor: CallEffectDescriptor<User> = call(fetchUser, '1').payload
expectTypeOf(descriptor.args).toEqualTypeOf<any[]>()
const takeDescriptor: TakeEffectDescriptor = take('LOAD').payload
expectTypeOf(takeDescriptor.pattern).toEqualTypeOf<Pattern | undefined>()
expectTypeOf([strict, any]).toBeArray()
expectTypeOf<PutEffect<AnyAction>['type']>().toEqualTypeOf<'PUT'>()
expectTypeOf<CallEffect['type']>().toEqualTypeOf<'CALL'>()
expectTypeOf<ForkEffect['type']>().toEqualTypeOf<'FORK'>()

expectTypeOf<Tail<[string, number, boolean]>>().toEqualTypeOf<[number, boolean]>()
// As redux-saga's Tail: an empty or one-element list gives [], an array type gives itself.
expectTypeOf<Tail<[]>>().toEqualTypeOf<[]>()
expectTypeOf<Tail<[state?: unknown]>>().toEqualTypeOf<[]>()
expectTypeOf<Tail<unknown[]>>().toEqualTypeOf<unknown[]>()
expectTypeOf<Tail<[state: unknown, ...ids: number[]]>>().toEqualTypeOf<number[]>()
expectTypeOf<AllButLast<[string, number, boolean]>>().toEqualTypeOf<[string, number]>()
expectTypeOf<HelperWorkerParameters<AnyAction, typeof save>>().toEqualTypeOf<[api: { save(): void }]>()
const callback: CpsCallback<string> = (error, result) => {
  expectTypeOf(result).toBeString()
  expectTypeOf(error).toBeAny()
}
expectTypeOf(callback).toBeFunction()

// Code that redux-saga 1.5's own type tests (shipped in @redux-saga/core's `types/`) accept,
// checked against sagaflow's types in the session of 2026-12-01; each case below failed before.

// `yield*` of a saga typed with `SagaIterator` or `Saga` (both are generators).
function* child(): SagaIterator<number> {
  yield put({ type: 'CHILD' })
  return 1
}
const childSaga: Saga = function* () {
  yield put({ type: 'CHILD' })
}
export function* delegating(): SagaIterator {
  const n = yield* child()
  expectTypeOf(n).toBeNumber()
  yield* childSaga()
}

// A typed root context: createSagaMiddleware<C>, and setContext checked against it.
interface AppContext {
  api: string
  retries: number
}
const typedMiddleware = createSagaMiddleware<AppContext>({ context: { api: '/v1', retries: 3 } })
typedMiddleware.setContext({ retries: 4 })
// @ts-expect-error: not a key of AppContext
typedMiddleware.setContext({ other: 1 })
// @ts-expect-error: the context must be an AppContext
createSagaMiddleware<AppContext>({ context: { api: '/v1' } })
const rootTask = typedMiddleware.run(function* () {
  yield put({ type: 'START' })
})
rootTask.setContext<AppContext>({ api: '/v2' })
// @ts-expect-error: not a key of AppContext
rootTask.setContext<AppContext>({ other: 1 })

// runSaga with redux-saga's three type arguments: what `dispatch` receives, the state, the saga.
interface Ping {
  type: 'PING'
  at: number
}
const pinger = function* (): SagaIterator {
  yield put({ type: 'PING', at: 1 })
}
const typedTask = runSaga<Ping, { online: boolean }, typeof pinger>(
  {
    dispatch(action) {
      expectTypeOf(action).toEqualTypeOf<Ping>()
    },
    getState: () => ({ online: true }),
  },
  pinger,
)
expectTypeOf(typedTask.isRunning()).toBeBoolean()
// @ts-expect-error: getState must return the declared state
runSaga<Ping, { online: boolean }, typeof pinger>({ getState: () => 42 }, pinger)
// Without type arguments the result is still inferred.
expectTypeOf(runSaga({}, child)).toEqualTypeOf<Task<number>>()

// apply with a method name as an explicit type argument, and its arguments checked.
const repo = {
  prefix: 'user:',
  key(id: string, version: number): string {
    return `${this.prefix}${id}@${version}`
  },
  count(): number {
    return 0
  },
  page(size?: number): number[] {
    return Array.from({ length: size ?? 1 }, (_, i) => i)
  },
}
export function* applied(): SagaIterator {
  yield apply<typeof repo, 'key'>(repo, 'key', ['a', 1])
  const key = yield* apply(repo, repo.key, ['a', 1])
  expectTypeOf(key).toBeString()
  yield* apply(repo, 'count')
  expectTypeOf(yield* apply(repo, repo.page)).toEqualTypeOf<number[]>()
  yield apply(repo, 'page', [10])
  // @ts-expect-error: key takes (string, number)
  yield apply(repo, repo.key, [1, 'a'])
  // @ts-expect-error: key needs its arguments
  yield apply(repo, 'key')
}

// cps with the context and the function type as explicit type arguments.
const store = {
  read(path: string, cb: CpsCallback<string>): void {
    cb(null, path)
  },
}
export function* cpsTyped(): SagaIterator {
  const text = yield* cps<typeof store, typeof store.read>([store, store.read], '/a')
  expectTypeOf(text).toBeString()
  yield cps<typeof store, typeof store.read>({ context: store, fn: store.read }, '/a')
}

// Helpers: a type-guard pattern narrows the worker's action; a worker may ignore the action.
interface Saved {
  type: 'SAVED'
  id: string
}
const isSaved = (action: AnyAction): action is Saved => action.type === 'SAVED'
const audit = (who: 'admin', where: 'eu') => `${who}@${where}`
export function* helpersTyped(): SagaIterator {
  yield takeEvery(isSaved, (action) => expectTypeOf(action.id).toBeString())
  yield takeLatest(isSaved, (action) => action.id)
  yield takeLeading(isSaved, (prefix: string, action) => prefix + action.id, 'saved:')
  yield throttle(100, isSaved, (action) => action.id)
  yield debounce(100, isSaved, (action) => action.id)
  yield takeEvery('AUDIT', audit, 'admin', 'eu')
  // @ts-expect-error: audit's second argument is 'eu'
  yield takeEvery('AUDIT', audit, 'admin', 'us')
}

// Patterns whose type tells the action: type guards and action creators (arrays of them too).
interface Deleted {
  type: 'DELETED'
  id: string
  hard: boolean
}
const isDeleted = (action: AnyAction): action is Deleted => action.type === 'DELETED'
const savedCreator = Object.assign((id: string): Saved => ({ type: 'SAVED', id }), { toString: () => 'SAVED' })
export function* typedPatterns(): SagaIterator {
  expectTypeOf(yield* take(isDeleted)).toEqualTypeOf<Deleted>()
  expectTypeOf(yield* take(savedCreator)).toEqualTypeOf<Saved>()
  expectTypeOf(yield* take([savedCreator, isDeleted])).toEqualTypeOf<Saved | Deleted>()
  expectTypeOf(yield* takeMaybe(isDeleted)).toEqualTypeOf<Deleted | END>()
  const requests = yield* actionChannel(savedCreator)
  expectTypeOf(yield* take(requests)).toEqualTypeOf<Saved>()
  yield takeEvery([savedCreator, isDeleted], (action) => {
    if (action.type === 'DELETED') expectTypeOf(action.hard).toBeBoolean()
    // @ts-expect-error: neither pattern matches 'OTHER'
    if (action.type === 'OTHER') return
  })
  // Untyped patterns keep the explicit or default type.
  expectTypeOf(yield* take<Saved>('SAVED')).toEqualTypeOf<Saved>()
  expectTypeOf(yield* take('SAVED')).toEqualTypeOf<UnknownAction>()
  // @ts-expect-error: a predicate must return a boolean (an action creator, an action)
  yield take(() => {})
  // @ts-expect-error: an action channel's buffer holds actions
  yield actionChannel('SAVED', buffers.expanding<number>())
}
