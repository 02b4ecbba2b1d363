import type { CancellationToken } from '@sagaflow/cancellation'
import type { IO, TASK } from './symbols.js'

/**
 * Anything `yield*` can run to get a `T`: every effect is one, and so is any generator returning
 * `T`. A parameter type for code that runs any of them. To annotate a saga's own return type, use
 * `SagaIterator<T>` (a `Generator`): `call`, `fork` and `runSaga` infer `T` from a generator's
 * type, not from an `Operation`'s.
 *
 * @example
 * ```ts
 * function* timed<T>(label: string, operation: Operation<T>): SagaIterator<T> {
 *   const start = Date.now()
 *   try {
 *     return yield* operation
 *   } finally {
 *     console.log(label, Date.now() - start, 'ms')
 *   }
 * }
 * const user = yield* timed('load user', call(api.fetchUser, id))
 * ```
 */
export interface Operation<T> {
  /** The iterator `yield*` drives: it yields effects for the runtime to run and returns the operation's result, a `T`. */
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
  /** Always `true`: the mark (key `'@@redux-saga/IO'`) by which the runtime, monitors and redux-saga tools tell an effect from a plain value. */
  readonly [IO]: true
  /** True for `all` and `race` (as in redux-saga) and for sagaflow's `allSettled`, `allLimit` and `timeout`; false for every other effect. */
  readonly combinator: boolean
  /** Which runner handles the effect: one of `effectTypes` (`'CALL'`, `'TAKE'`...) or a sagaflow type such as `'TIMEOUT'`. */
  readonly type: Type
  /** The effect's arguments as data, shaped by `type` (for `CALL`: `{ context, fn, args }`). */
  readonly payload: Payload
}

/** The result type of whatever `yield` receives: an effect's result, an awaited promise, a saga's return. */
export type EffectResult<E> =
  E extends Effect<any, any, infer R> ? R : E extends PromiseLike<infer P> ? Awaited<P> : E extends Iterator<any, infer R, any> ? R : E

/** What `call(fn)` resumes with: the awaited promise, the saga's return value, or the plain value. */
export type SagaReturn<R> =
  R extends Iterator<any, infer T, any> ? T : R extends PromiseLike<infer P> ? Awaited<P> : R

/**
 * What `cps(fn, ...)` resumes with: the result a Node-style function passes to its callback, the
 * `R` of a last parameter `(error, result: R) => ...` (`any` when `fn` has no such parameter).
 *
 * @example
 * ```ts
 * declare function readText(path: string, callback: (error: Error | null, text: string) => void): void
 * type Text = CpsResult<typeof readText> // string
 * ```
 *
 * @typeParam Fn - the Node-style function, whose last parameter is the callback
 */
export type CpsResult<Fn> = Fn extends (...args: infer A) => any ? (A extends [...any[], (error: any, result: infer R) => any] ? R : any) : any

/**
 * A Redux-style action. A type alias, not an interface, as in redux-saga: an alias satisfies an
 * index signature, so Redux 5's `dispatch(action: UnknownAction)` accepts an `Action`.
 */
export type Action<T = any> = {
  /** What kind of action this is: the value reducers switch on and `take` patterns match. */
  type: T
}
/** An action with any other fields. */
export interface UnknownAction extends Action<string> {
  [extraProps: string]: unknown
}

/** Task metadata: the saga's name (used in `sagaStack`) and, with the babel plugin, its location. */
export interface TaskMeta {
  /** The saga function's `name` (`'anonymous'` if it has none); a helper's task is named like `takeEvery(LOGIN, worker)`. */
  name: string
  /** Where the saga is written, as babel-plugin-redux-saga records it under `SAGA_LOCATION`; `undefined` without the plugin. */
  location?:
    | {
        /** The source file, as the plugin saw it. */
        fileName: string
        /** The line in `fileName`. */
        lineNumber: number
        /** The source text of the expression, when the plugin recorded one (it does for effects). */
        code?: string
      }
    | undefined
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
  /** Always `true`: the brand (key `'@@redux-saga/TASK'`) that `join`, `cancel` and redux-saga tools check for. */
  readonly [TASK]: true
  /** Id of the effect that started the task. */
  readonly id: number
  /** The saga's name and, with the babel plugin, its location: what `sagaStack` and the tracer print. */
  readonly meta: TaskMeta
  /**
   * True for a task with no parent task: the one `runSaga` / `middleware.run` started, or one
   * started by `spawn` (or `detach(fork(...))`). Such a task reports its own failure to `onError`.
   */
  readonly isRoot: boolean
  /**
   * The task's context: the props set on this task, on top of its parent's context (or the root
   * context), which it inherits through the prototype chain. `getContext` reads it.
   */
  readonly context: Record<PropertyKey, any>
  /** True until the main flow and every attached fork ended. */
  isRunning(): boolean
  /**
   * True once the task was cancelled: by `task.cancel()` or `cancel(task)`, with its parent, by a
   * lost `race`, a failing `all`, `takeLatest`... Also true while a task whose fork failed runs its
   * `finally` (its main flow was cancelled); once that task has ended it reads false, since it
   * failed (`isAborted()`).
   *
   * @example
   * ```ts
   * const task = yield* fork(pollServer)
   * yield* take('LOGOUT')
   * yield* cancel(task)
   * task.isCancelled() // true
   * task.result() // TASK_CANCEL
   * ```
   */
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
  /**
   * Merges `props` (symbol keys included) into this task's own context: the task, and the tasks it
   * starts, read them with `getContext`. Throws in development if `props` is not a plain object.
   *
   * @example
   * ```ts
   * const task = runSaga({ context: { locale: 'en' } }, rootSaga)
   * task.setContext({ locale: 'fr' }) // rootSaga's getContext('locale') now gives 'fr'
   * ```
   */
  setContext<C extends object = object>(props: Partial<C>): void
  /** Cancelled (only) when this task is cancelled, with a reason saying why. */
  readonly token: CancellationToken
  /** Aborted (only) when this task is cancelled; pass it to `fetch`. */
  readonly signal: AbortSignal
}

/** Hooks a saga monitor may implement (all optional); see the reference's SagaMonitor. */
export interface SagaMonitor {
  /**
   * Called by `runSaga` (and `middleware.run`) before the root saga takes its first step.
   * `effectId` is the root's id: its top-level effects carry it as `parentEffectId`, and
   * `effectResolved(effectId, task)` follows once the root has started.
   *
   * @example
   * ```ts
   * const monitor: SagaMonitor = {
   *   rootSagaStarted({ effectId, saga, args }) {
   *     console.log(`#${effectId} root ${saga.name} started with`, args)
   *   },
   * }
   * runSaga({ sagaMonitor: monitor }, rootSaga)
   * ```
   */
  rootSagaStarted?(options: { effectId: number; saga: (...args: any[]) => any; args: any[] }): void
  /**
   * Called when a task starts running a yielded value (an effect, a promise, an iterator or a
   * plain value), before the effect middlewares and the runner see it. `parentEffectId` is the id
   * of the effect that started the task; for the children of `all` / `race` (and the effect a
   * `timeout` or `use` wraps) it is the parent effect's id, and `label` is the child's key
   * (`'0'`, `'1'` for an array), `''` otherwise.
   *
   * @example
   * ```ts
   * const calls: SagaMonitor = {
   *   effectTriggered({ effectId, parentEffectId, effect }) {
   *     if (effect && effect.type === effectTypes.CALL) console.log(`#${effectId} (in #${parentEffectId}) calls`, effect.payload.fn.name)
   *   },
   * }
   * ```
   */
  effectTriggered?(options: { effectId: number; parentEffectId: number; label?: string; effect: any }): void
  /**
   * Called when an effect settles with a value: `result` is what the saga resumes with (the Task
   * for `fork` and `spawn`). Also called with the root's id and its Task once `runSaga` started it.
   *
   * @example
   * ```ts
   * const started = new Map<number, number>()
   * const timing: SagaMonitor = {
   *   effectTriggered: ({ effectId }) => void started.set(effectId, performance.now()),
   *   effectResolved: (effectId) => console.log(`#${effectId} took`, performance.now() - (started.get(effectId) ?? 0), 'ms'),
   * }
   * ```
   */
  effectResolved?(effectId: number, result: any): void
  /**
   * Called when an effect settles with an error: `error` is what is thrown into the saga (a
   * rejected promise's reason, an error from a sub-saga, a reducer...).
   *
   * @example
   * ```ts
   * const errors: SagaMonitor = {
   *   effectRejected: (effectId, error) => console.warn(`effect #${effectId} failed:`, error),
   * }
   * ```
   */
  effectRejected?(effectId: number, error: any): void
  /**
   * Called when an effect is cancelled before it settled: its task was cancelled, it lost a
   * `race`, or a sibling in `all` failed. It is not followed by `effectResolved` or `effectRejected`.
   *
   * @example
   * ```ts
   * const cancellations: SagaMonitor = {
   *   effectCancelled: (effectId) => console.log(`effect #${effectId} was cancelled`),
   * }
   * ```
   */
  effectCancelled?(effectId: number): void
  /**
   * Called by the saga middleware for each action dispatched to the store, before the reducers
   * and the sagas see it. `runSaga` on its own never calls it.
   *
   * @example
   * ```ts
   * const actions: SagaMonitor = { actionDispatched: (action) => console.log('dispatched', action.type) }
   * const sagaMiddleware = createSagaMiddleware({ sagaMonitor: actions })
   * ```
   */
  actionDispatched?(action: any): void
}

/** `next => effect => void`: intercepts every effect before its runner (see `effectMiddlewares`). */
export type EffectMiddleware = (next: (effect: any) => void) => (effect: any) => void

/** Extra information passed to `onError`. */
export interface ErrorInfo {
  /**
   * Which task the error occurred in (and, with the babel plugin, at which effect), the chain of
   * tasks that started it, and the tasks cancelled because of it: redux-saga's text.
   */
  sagaStack: string
}
