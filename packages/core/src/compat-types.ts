/*
 * The type names redux-saga 1.5 exports that sagaflow's own types do not already cover, as
 * aliases of sagaflow's types, so that a typed redux-saga app compiles after its imports are
 * changed (docs/migrating.md). New code needs none of them: `yield*` infers results.
 */
import type { END } from './channel.js'
import type {
  ActionChannelEffect,
  CallEffect,
  CancelEffect,
  CancelledEffect,
  FlushEffect,
  ForkEffect,
  GetContextEffect,
  JoinEffect,
  PutEffect,
  SelectEffect,
  SetContextEffect,
  TakeEffect,
} from './io.js'
import type { Matcher, Pattern } from './matcher.js'
import type { Action, Effect, SagaReturn } from './types.js'

/**
 * A saga's generator: what a generator function used as a saga returns (redux-saga's name).
 *
 * @example
 * ```ts
 * function* rootSaga(): SagaIterator {
 *   yield takeEvery('PING', pong)
 * }
 * ```
 */
export type SagaIterator<RT = any> = Generator<any, RT, any>

/**
 * A function that returns a saga's generator (redux-saga's name).
 *
 * @example
 * ```ts
 * const sagas: Saga[] = [watchLogin, watchLogout]
 * ```
 */
export type Saga<Args extends any[] = any[]> = (...args: Args) => Generator<any, any, any>

/**
 * An action with any other fields, typed `any` (redux-saga's name; prefer `UnknownAction`).
 *
 * @example
 * ```ts
 * function* worker(action: AnyAction) {
 *   yield put({ type: 'DONE', id: action.id })
 * }
 * ```
 */
export interface AnyAction extends Action<string> {
  [extraProps: string]: any
}

/**
 * What `eventChannel(subscribe)` is given: subscribes `cb` to the source and returns the
 * unsubscribe function.
 *
 * @example
 * ```ts
 * const everySecond: Subscribe<number> = (emit) => {
 *   const id = setInterval(() => emit(Date.now()), 1000)
 *   return () => clearInterval(id)
 * }
 * const ticks = eventChannel(everySecond)
 * ```
 */
export type Subscribe<T> = (cb: (input: T | END) => void) => Unsubscribe

/**
 * The function a `Subscribe` returns: stops the source.
 *
 * @example
 * ```ts
 * const stop: Unsubscribe = () => socket.close()
 * ```
 */
export type Unsubscribe = () => void

/**
 * A channel whose `take` also accepts a matcher (a multicast channel, the store's channel).
 *
 * @example
 * ```ts
 * const actions: PredicateTakeableChannel<UnknownAction> = stdChannel()
 * ```
 */
export interface PredicateTakeableChannel<T> {
  /** Registers `cb` for the next message `matcher` accepts (any message without one); see `MulticastChannel.take`. */
  take(cb: (message: T | END) => void, matcher?: Matcher | null): void
}

/**
 * The shape of a Redux middleware (redux-saga re-declares Redux's; the saga middleware is one).
 *
 * @example
 * ```ts
 * const middlewares: Middleware[] = [createSagaMiddleware()]
 * ```
 *
 * @typeParam _DispatchExt - not used; kept so that redux-saga's type arguments still fit
 * @typeParam S - the store's state, what `getState` returns
 * @typeParam D - the store's `dispatch` function
 */
export interface Middleware<_DispatchExt = {}, S = any, D extends (action: any, ...extraArgs: any[]) => any = (action: any) => any> {
  (api: { dispatch: D; getState(): S }): (next: (action: unknown) => unknown) => (action: unknown) => unknown
}

/**
 * A pattern of `take` and the helpers (redux-saga's name for `Pattern` over actions).
 *
 * @example
 * ```ts
 * const pattern: ActionPattern = ['LOGIN', (action) => action.type.startsWith('AUTH_')]
 * ```
 */
export type ActionPattern<A extends Action = Action> = Pattern<A>

/**
 * An effect of type `T` with payload `P` (redux-saga's name).
 *
 * @example
 * ```ts
 * const effect: SimpleEffect<'CALL'> = call(fetchUser, 1)
 * ```
 */
export type SimpleEffect<T extends string = string, P = any> = Effect<T, P>

/**
 * Any effect (redux-saga's name, for typing what a saga yields).
 *
 * @example
 * ```ts
 * function* rootSaga(): Generator<StrictEffect, void, any> {
 *   yield call(init)
 * }
 * ```
 */
export type StrictEffect<T extends string = any, P = any> = Effect<T, P>

/**
 * What `call(fn)` resumes with when `fn` is a saga, an async function or a plain one (redux-saga's
 * `SagaReturnType`; with `yield*` the type is inferred and this is not needed).
 *
 * @example
 * ```ts
 * const user: SagaReturnType<typeof fetchUser> = yield call(fetchUser, id)
 * ```
 */
export type SagaReturnType<S extends Function> = S extends (...args: any[]) => infer R ? SagaReturn<R> : never

/**
 * The Node-style callback `cps` passes as a function's last argument.
 *
 * @example
 * ```ts
 * function readConfig(path: string, cb: CpsCallback<string>) {
 *   fs.readFile(path, 'utf8', cb)
 * }
 * ```
 */
export interface CpsCallback<R> {
  (error: any, result: R): void
  /**
   * Set by the called function, before it returns, to abort its work: cancelling the `cps` effect
   * (the task is cancelled, the race is lost...) then calls it.
   *
   * @example
   * ```ts
   * function wait(ms: number, cb: CpsCallback<void>) {
   *   const id = setTimeout(() => cb(null), ms)
   *   cb.cancel = () => clearTimeout(id)
   * }
   * yield* cps(wait, 1_000)
   * ```
   */
  cancel?(): void
}

/**
 * The parameters of a Node-style function without its callback.
 *
 * @example
 * ```ts
 * type Args = CpsFunctionParameters<typeof fs.readFile> // the arguments before the callback
 * ```
 *
 * @typeParam Fn - the Node-style function, whose last parameter is the callback
 */
export type CpsFunctionParameters<Fn extends (...args: any[]) => any> = AllButLast<Parameters<Fn>>

/**
 * A parameter list without its first element: `[]` for an empty or one-element list, and the list
 * itself for an array type (`Tail<unknown[]>` is `unknown[]`), as redux-saga's `Tail`. `select`
 * types a selector's extra arguments with it, so a selector typed `any` takes any arguments.
 *
 * @example
 * ```ts
 * type Rest = Tail<[string, number, boolean]> // [number, boolean]
 * type Loose = Tail<unknown[]> // unknown[]
 * ```
 */
export type Tail<L extends any[]> = ((...list: L) => any) extends (head: any, ...tail: infer T) => any ? T : never

/**
 * A tuple without its last element.
 *
 * @example
 * ```ts
 * type Leading = AllButLast<[string, number, boolean]> // [string, number]
 * ```
 */
export type AllButLast<L extends any[]> = L extends [...infer H, any] ? H : never

/**
 * The extra arguments a helper's worker takes before the action (`takeEvery(pattern, worker, ...args)`).
 *
 * @example
 * ```ts
 * function* save(api: Api, action: SaveAction) {}
 * type Extra = HelperWorkerParameters<SaveAction, typeof save> // [Api]
 * ```
 *
 * @typeParam T - the action the helper appends to the worker's arguments
 * @typeParam Fn - the worker function
 */
export type HelperWorkerParameters<T, Fn extends (...args: any[]) => any> =
  Parameters<Fn> extends [...infer H, infer Last] ? (T extends Last ? H : Parameters<Fn>) : Parameters<Fn>

/**
 * A Redux thunk, which `put` also accepts when the store has the thunk middleware.
 *
 * @example
 * ```ts
 * const refresh: ThunkAction<void, State, unknown, UnknownAction> = (dispatch) => dispatch({ type: 'REFRESH' })
 * ```
 */
export type ThunkAction<ReturnType, State, ExtraThunkArg, BasicAction extends Action> = (
  dispatch: ThunkDispatch<State, ExtraThunkArg, BasicAction>,
  getState: () => State,
  extraArgument: ExtraThunkArg,
) => ReturnType

/**
 * The `dispatch` a thunk receives, as redux-thunk (and Redux Toolkit) type it: an action, a thunk,
 * or either. The same three signatures as theirs, so their thunks (`createAsyncThunk`'s
 * actions) are `ThunkAction`s.
 */
interface ThunkDispatch<State, ExtraThunkArg, BasicAction extends Action> {
  <ReturnType>(thunk: ThunkAction<ReturnType, State, ExtraThunkArg, BasicAction>): ReturnType
  <A extends BasicAction>(action: A): A
  <ReturnType, A extends BasicAction>(action: A | ThunkAction<ReturnType, State, ExtraThunkArg, BasicAction>): A | ReturnType
}

/**
 * `take(channel)`'s effect (redux-saga's name; sagaflow's `TakeEffect` covers both forms).
 *
 * @example
 * ```ts
 * const ticks = channel<number>()
 * const effect: ChannelTakeEffect<number> = take(ticks)
 * ```
 */
export type ChannelTakeEffect<T> = TakeEffect<T>

/**
 * `put(channel, message)`'s effect (redux-saga's name; sagaflow's `PutEffect` covers both forms).
 *
 * @example
 * ```ts
 * const effect: ChannelPutEffect<number> = put(numbers, 1)
 * ```
 */
export type ChannelPutEffect<T> = PutEffect<T>

/**
 * The payload of a `take(pattern)` effect.
 *
 * @example
 * ```ts
 * const { pattern }: TakeEffectDescriptor = take('LOGIN').payload
 * ```
 */
export type TakeEffectDescriptor = TakeEffect['payload']

/**
 * The payload of a `take(channel)` effect.
 *
 * @example
 * ```ts
 * const { channel }: ChannelTakeEffectDescriptor<number> = take(ticks).payload
 * ```
 */
export type ChannelTakeEffectDescriptor<T> = TakeEffect<T>['payload']

/**
 * The payload of a `put(action)` effect.
 *
 * @example
 * ```ts
 * const { action }: PutEffectDescriptor<UnknownAction> = put({ type: 'X' }).payload
 * ```
 */
export type PutEffectDescriptor<A extends Action = Action> = PutEffect<A>['payload']

/**
 * The payload of a `put(channel, message)` effect.
 *
 * @example
 * ```ts
 * const { channel }: ChannelPutEffectDescriptor<number> = put(numbers, 1).payload
 * ```
 */
export type ChannelPutEffectDescriptor<T> = PutEffect<T>['payload']

/**
 * The payload of a `call` (and `apply`, `cps`) effect: `{ context, fn, args }`.
 *
 * @example
 * ```ts
 * const { fn, args }: CallEffectDescriptor<User> = call(fetchUser, 1).payload
 * ```
 */
export type CallEffectDescriptor<_RT = any> = CallEffect['payload']

/**
 * The payload of a `fork` or `spawn` effect: a call's, and `detached` for `spawn`.
 *
 * @example
 * ```ts
 * const { detached }: ForkEffectDescriptor<void> = spawn(worker).payload
 * ```
 */
export type ForkEffectDescriptor<_RT = any> = ForkEffect['payload']

/**
 * The payload of a `select` effect: `{ selector, args }`.
 *
 * @example
 * ```ts
 * const { selector }: SelectEffectDescriptor = select(getUser).payload
 * ```
 */
export type SelectEffectDescriptor = SelectEffect['payload']

/**
 * The payload of a `join` effect: the task, or the tasks.
 *
 * @example
 * ```ts
 * const joined: JoinEffectDescriptor = join(task).payload
 * ```
 */
export type JoinEffectDescriptor = JoinEffect['payload']

/**
 * The payload of a `cancel` effect: the task(s), or the self-cancellation marker.
 *
 * @example
 * ```ts
 * const target: CancelEffectDescriptor = cancel(task).payload
 * ```
 */
export type CancelEffectDescriptor = CancelEffect['payload']

/**
 * The payload of a `cancelled()` effect (empty).
 *
 * @example
 * ```ts
 * const payload: CancelledEffectDescriptor = cancelled().payload
 * ```
 */
export type CancelledEffectDescriptor = CancelledEffect['payload']

/**
 * The payload of an `actionChannel` effect: `{ pattern, buffer }`.
 *
 * @example
 * ```ts
 * const { pattern }: ActionChannelEffectDescriptor = actionChannel('REQUEST').payload
 * ```
 */
export type ActionChannelEffectDescriptor = ActionChannelEffect['payload']

/**
 * The payload of a `flush` effect: the channel.
 *
 * @example
 * ```ts
 * const numbers = channel<number>()
 * const flushed: FlushEffectDescriptor<number> = flush(numbers).payload
 * ```
 */
export type FlushEffectDescriptor<T> = FlushEffect<T>['payload']

/**
 * The payload of a `getContext` effect: the key.
 *
 * @example
 * ```ts
 * const key: GetContextEffectDescriptor = getContext('api').payload
 * ```
 */
export type GetContextEffectDescriptor = GetContextEffect['payload']

/**
 * The payload of a `setContext` effect: the properties.
 *
 * @example
 * ```ts
 * const props: SetContextEffectDescriptor = setContext({ api }).payload
 * ```
 */
export type SetContextEffectDescriptor<C extends object = object> = SetContextEffect<C>['payload']

/**
 * The payload of an `all` effect: the array or object of effects.
 *
 * @example
 * ```ts
 * const effects: AllEffectDescriptor<CallEffect> = all([call(a), call(b)]).payload
 * ```
 */
export type AllEffectDescriptor<T = any> = T[] | Record<string, T>

/**
 * The payload of a `race` effect: the array or object of effects.
 *
 * @example
 * ```ts
 * const effects: RaceEffectDescriptor<unknown> = race({ a: call(a), t: delay(10) }).payload
 * ```
 */
export type RaceEffectDescriptor<T = any> = T[] | Record<string, T>
