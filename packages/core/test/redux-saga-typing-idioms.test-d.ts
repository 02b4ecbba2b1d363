// Type tests (checked by the root `tsc`): idioms of typed redux-saga 1.5 code that must still
// compile once its imports point at sagaflow (found by compiling ~450 such cases against both
// libraries' types). Each block is one idiom redux-saga's declarations accept.
import { legacy_createStore, type UnknownAction as ReduxUnknownAction } from 'redux'
import { expectTypeOf } from 'vitest'
import createSagaMiddleware, {
  buffers,
  END,
  runSaga,
  type Action,
  type AnyAction,
  type Buffer,
  type SagaIterator,
  type SagaMiddlewareOptions,
  type Task,
  type UnknownAction,
} from '@sagaflow/core'
import {
  all,
  call,
  debounce,
  put,
  putResolve,
  race,
  setContext,
  takeEvery,
  takeLatest,
  takeLeading,
  throttle,
  type AllEffect,
  type CallEffect,
  type ForkEffect,
  type RaceEffect,
  type SetContextEffect,
  type SetContextEffectDescriptor,
} from '@sagaflow/core/effects'

interface User {
  id: string
}
const fetchUser = async (id: string): Promise<User> => ({ id })

// A worker with an optional (or defaulted) parameter after the action, passed to a helper
// without extra arguments: the reference's first overload is `worker: (action) => any`.
function* workerWithOption(action: AnyAction, retries?: number): SagaIterator {
  yield call(fetchUser, String(retries ?? action.type))
}
function* workerWithDefault(action: AnyAction, label = 'x'): SagaIterator {
  yield call(fetchUser, `${label}${action.type}`)
}
export function* watchers(): SagaIterator {
  yield takeEvery('A', workerWithOption)
  yield takeLatest('B', workerWithDefault)
  yield takeLeading(['C', 'D'], workerWithOption)
  yield throttle(100, 'E', workerWithOption)
  yield debounce(100, 'F', workerWithDefault)
  // Extra arguments still go before the action, typed.
  yield takeEvery('G', (id: number, action: AnyAction) => [id, action], 7)
  // @ts-expect-error: the extra argument must be a number
  yield takeEvery('G', (id: number, action: AnyAction) => [id, action], 'seven')
}

// Helpers are ForkEffect<never> (they never resume with a value), as in the reference.
export const rootEffects: ForkEffect<never>[] = [takeEvery('A', workerWithOption), takeLatest('B', workerWithDefault)]
expectTypeOf(takeLeading('C', workerWithOption)).toEqualTypeOf<ForkEffect<never>>()

// onError handlers written for redux-saga: `error` is an Error there (and a method's parameters
// are bivariant, so a handler declaring `error: Error` is accepted).
createSagaMiddleware({ onError: (error, { sagaStack }) => console.error(error.message, sagaStack) })
createSagaMiddleware({ onError: (error: Error) => console.error(error.stack) })
export const options: SagaMiddlewareOptions = { onError: (error) => console.error(error.name) }
runSaga({ onError: (error: Error) => console.error(error) }, function* () {})

// END and a plain Action dispatched to a Redux 5 store (its dispatch takes UnknownAction, whose
// index signature an interface does not satisfy and a type alias does).
const store = legacy_createStore((state: number = 0, _action: ReduxUnknownAction) => state)
store.dispatch(END)
const plain: Action = { type: 'PLAIN' }
store.dispatch(plain)
const typed: Action<'TYPED'> = { type: 'TYPED' }
store.dispatch(typed)
expectTypeOf(END).toExtend<UnknownAction>()

// put / putResolve of a Redux thunk, including Redux Toolkit's createAsyncThunk actions, whose
// dispatch parameter is a thunk dispatch of three overloads (redux-thunk's ThunkDispatch).
interface ThunkDispatch<State, Extra, Basic extends Action> {
  <R>(thunk: (dispatch: ThunkDispatch<State, Extra, Basic>, getState: () => State, extra: Extra) => R): R
  <A extends Basic>(action: A): A
  <R, A extends Basic>(action: A | ((dispatch: ThunkDispatch<State, Extra, Basic>, getState: () => State, extra: Extra) => R)): A | R
}
type AsyncThunkAction<Returned> = (dispatch: ThunkDispatch<unknown, unknown, UnknownAction>, getState: () => unknown, extra: unknown) => Promise<Returned>
declare const fetchTodos: (id: string) => AsyncThunkAction<User>
export function* thunks(): SagaIterator {
  yield put(fetchTodos('1'))
  yield putResolve(fetchTodos('2'))
  yield put((dispatch: (action: AnyAction) => void, getState: () => number) => dispatch({ type: 'SET', value: getState() }))
}
// With yield*, what the thunk returns: its promise from put, the awaited value from putResolve.
export function* thunkResults() {
  expectTypeOf(yield* put(fetchTodos('1'))).toEqualTypeOf<Promise<User>>()
  expectTypeOf(yield* putResolve(fetchTodos('1'))).toEqualTypeOf<User>()
}

// Task.result / toPromise with the result type given at the call.
declare const task: Task
expectTypeOf(task.result<User>()).toEqualTypeOf<User | undefined>()
expectTypeOf(task.toPromise<User>()).toEqualTypeOf<Promise<User>>()
// error() is any in redux-saga: reading a field of it compiles.
export const failure: string | undefined = task.isAborted() ? task.error().message : undefined

// setContext with its type, and its effect and descriptor types.
export const contextEffect: SetContextEffect<{ api: string }> = setContext<{ api: string }>({ api: 'v1' })
expectTypeOf<SetContextEffectDescriptor<{ api: string }>>().toEqualTypeOf<{ api: string }>()

// middleware.run with the saga's type as its one type argument.
function* rootSaga(id: number, name: string): SagaIterator {
  yield call(fetchUser, `${id}${name}`)
}
const sagaMiddleware = createSagaMiddleware()
sagaMiddleware.run<typeof rootSaga>(rootSaga, 1, 'b')

// all / race with the element effect type given explicitly, as redux-saga types them.
export function* explicitCombinators(): SagaIterator {
  yield all<CallEffect>([call(fetchUser, '1'), call(fetchUser, '2')])
  yield race<CallEffect>({ a: call(fetchUser, '1'), b: call(fetchUser, '2') })
}
// (sagaflow's AllEffect<T> / RaceEffect<T> take the result type, not the element effect type:
// docs/migrating.md.)
expectTypeOf(all<CallEffect<User>>([call(fetchUser, '1')])).toEqualTypeOf<AllEffect<User[]>>()
expectTypeOf(race<CallEffect<User>>({ a: call(fetchUser, '1') })).toEqualTypeOf<RaceEffect<{ [key: string]: User | undefined }>>()
export const annotated: AllEffect<unknown[]> = all([call(fetchUser, '1'), call(fetchUser, '2')])

// Buffer.flush is a required method, as in the reference's types.
const sliding: Buffer<number> = buffers.sliding<number>(5)
expectTypeOf(sliding.flush()).toEqualTypeOf<number[]>()
