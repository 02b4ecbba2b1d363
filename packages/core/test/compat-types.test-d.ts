// Type tests (checked by the root `tsc`): redux-saga's type names, so that a typed redux-saga file
// compiles after its imports change (docs/migrating.md). The saga code below is written as for
// redux-saga 1.5, with plain `yield` and its helper types.
import { expectTypeOf } from 'vitest'
import createSagaMiddleware, {
  eventChannel,
  stdChannel,
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
  all,
  call,
  put,
  select,
  take,
  takeEvery,
  takeLatest,
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
expectTypeOf<AllButLast<[string, number, boolean]>>().toEqualTypeOf<[string, number]>()
expectTypeOf<HelperWorkerParameters<AnyAction, typeof save>>().toEqualTypeOf<[api: { save(): void }]>()
const callback: CpsCallback<string> = (error, result) => {
  expectTypeOf(result).toBeString()
  expectTypeOf(error).toBeAny()
}
expectTypeOf(callback).toBeFunction()
