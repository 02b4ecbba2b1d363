import type { CancellationToken } from '@sagaflow/cancellation'
import type { IO, TASK } from './symbols.js'

/**
 * Anything `yield*` can run to get a `T`: every effect is one, and so is any generator returning `T`.
 *
 * @example
 * ```ts
 * function* loadUser(id: string): Operation<User> {
 *   return yield* call(api.fetchUser, id)
 * }
 * ```
 */
export interface Operation<T> {
  [Symbol.iterator](): Iterator<any, T, any>
}

/**
 * An effect: plain data describing what the runtime should do. `yield effect` runs it and resumes
 * with its result; `yield* effect` does the same and types the result as `Result`.
 *
 * @example
 * ```ts
 * const effect = call(fetchUser, 1)
 * effect.type // 'CALL'
 * effect.payload // { context: null, fn: fetchUser, args: [1] }
 * ```
 */
export interface Effect<Type extends string = string, Payload = any, Result = any> extends Operation<Result> {
  readonly [IO]: true
  readonly combinator: boolean
  readonly type: Type
  readonly payload: Payload
}

/** The result type of whatever `yield` receives: an effect's result, an awaited promise, a saga's return. */
export type EffectResult<E> =
  E extends Effect<any, any, infer R> ? R : E extends PromiseLike<infer P> ? Awaited<P> : E extends Iterator<any, infer R, any> ? R : E

/** What `call(fn)` resumes with: the awaited promise, the saga's return value, or the plain value. */
export type SagaReturn<R> =
  R extends Iterator<any, infer T, any> ? T : R extends PromiseLike<infer P> ? Awaited<P> : R

/**
 * A Redux-style action. A type alias, not an interface, as in redux-saga: an alias satisfies an
 * index signature, so Redux 5's `dispatch(action: UnknownAction)` accepts an `Action`.
 */
export type Action<T = any> = { type: T }
/** An action with any other fields. */
export interface UnknownAction extends Action<string> {
  [extraProps: string]: unknown
}

/** Task metadata: the saga's name (used in `sagaStack`) and, with the babel plugin, its location. */
export interface TaskMeta {
  name: string
  location?: { fileName: string; lineNumber: number; code?: string } | undefined
}

/**
 * A running saga: its main generator plus the tasks it forked (attached). Returned by `runSaga`,
 * `middleware.run` and `yield fork(...)`.
 *
 * @example
 * ```ts
 * const task = yield* fork(poll)
 * yield* delay(5000)
 * yield* cancel(task)
 * task.isCancelled() // true
 * ```
 */
export interface Task<T = any> {
  readonly [TASK]: true
  /** Id of the effect that started the task. */
  readonly id: number
  readonly meta: TaskMeta
  readonly isRoot: boolean
  readonly context: Record<PropertyKey, any>
  /** True until the main flow and every attached fork ended. */
  isRunning(): boolean
  isCancelled(): boolean
  /** True when the task ended with an error. */
  isAborted(): boolean
  /** The main flow's return value; `TASK_CANCEL` if cancelled; `undefined` while running. */
  result<R = T>(): R | undefined
  /** What the task failed with (`undefined` unless it failed): `any`, as in redux-saga, since anything can be thrown. */
  error(): any
  /** Resolves with the result (`TASK_CANCEL` when cancelled), rejects with the error. Created lazily. */
  toPromise<R = T>(): Promise<R>
  /** Cancels the task and its attached forks. A no-op unless running. */
  cancel(): void
  setContext<C extends object = object>(props: Partial<C>): void
  /** Cancelled (only) when this task is cancelled, with a reason saying why. */
  readonly token: CancellationToken
  /** Aborted (only) when this task is cancelled; pass it to `fetch`. */
  readonly signal: AbortSignal
}

/** Hooks a saga monitor may implement (all optional); see the reference's SagaMonitor. */
export interface SagaMonitor {
  rootSagaStarted?(options: { effectId: number; saga: (...args: any[]) => any; args: any[] }): void
  effectTriggered?(options: { effectId: number; parentEffectId: number; label?: string; effect: any }): void
  effectResolved?(effectId: number, result: any): void
  effectRejected?(effectId: number, error: any): void
  effectCancelled?(effectId: number): void
  actionDispatched?(action: any): void
}

/** `next => effect => void`: intercepts every effect before its runner (see `effectMiddlewares`). */
export type EffectMiddleware = (next: (effect: any) => void) => (effect: any) => void

/** Extra information passed to `onError`. */
export interface ErrorInfo {
  sagaStack: string
}
