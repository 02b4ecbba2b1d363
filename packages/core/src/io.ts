/*
 * Effect creators. Each builds plain data (reference 1.3) and, in development, checks its
 * arguments with the reference's messages (reference 3.13): the error is thrown where the effect
 * is created, i.e. inside the saga.
 */
import type { Buffer } from './buffers.js'
import type { END, FlushableChannel, PuttableChannel, TakeableChannel } from './channel.js'
import { effectTypes } from './effect-types.js'
import { check, isDevelopment, TEST_HINT } from './internal/dev.js'
import { delayP } from './internal/delay.js'
import { makeEffect, SagaEffect } from './internal/effect.js'
import * as is from './internal/is.js'
import type { Pattern, PatternAction, TypedPattern } from './matcher.js'
import type { Tail, ThunkAction } from './compat-types.js'
import { SELF_CANCELLATION } from './symbols.js'
import type { Action, CpsResult, Effect, EffectResult, SagaReturn, Task, UnknownAction } from './types.js'

type AnyFn = (...args: any[]) => any
/** `apply`'s arguments array: required unless the function can be called with none. */
type ApplyArgs<Fn extends AnyFn> = [] extends Parameters<Fn> ? [args?: Parameters<Fn>] : [args: Parameters<Fn>]

/** What `call`, `fork`, `spawn` and `cps` accept: a function, `[context, fn | 'method']` or `{ context, fn }`. */
export type CallTarget<Fn extends AnyFn = AnyFn> =
  | Fn
  | readonly [any, Fn]
  | {
      /** What `fn` is called with as `this`. */
      context: any
      /** The function to call. */
      fn: Fn
    }
/** Names of the methods of `C`. */
export type MethodName<C> = { [K in keyof C]: C[K] extends AnyFn ? K : never }[keyof C] & string
/** `[context, 'method']` / `{ context, fn: 'method' }`. */
export type MethodTarget<C, K extends MethodName<C>> = readonly [C, K] | { context: C; fn: K }
export type MethodOf<C, K> = K extends keyof C ? (C[K] extends AnyFn ? C[K] : never) : never
/**
 * The arguments of method `K` of `C`. With no method (the target is a plain function whose
 * arguments do not fit the function overload), one impossible argument: the overload then fails
 * on arity too, so the compiler reports the function overload's "Expected 2 arguments, but got 1"
 * rather than "not assignable to parameter of type 'MethodTarget<unknown, never>'".
 */
export type MethodArgs<C, K> = [K] extends [never] ? [never] : Parameters<MethodOf<C, K>>
/** The function a call target designates (for helpers typed over any target). */
export type TargetFn<T> = T extends AnyFn
  ? T
  : T extends readonly [infer C, infer F]
    ? F extends AnyFn
      ? F
      : MethodOf<C, F>
    : T extends { context: infer C; fn: infer F }
      ? F extends AnyFn
        ? F
        : MethodOf<C, F>
      : never

export interface CallPayload<Fn extends AnyFn = AnyFn> {
  context: any
  fn: Fn
  args: any[]
}
/**
 * The effect `call(fn, ...args)` and `apply(context, fn, args)` build; `yield*` gives `R`, a promise's value unwrapped.
 *
 * @example
 * ```ts
 * const effect: CallEffect<User> = call(fetchUser, id)
 * ```
 */
export type CallEffect<R = any> = Effect<'CALL', CallPayload, R>
/**
 * The effect `cps(fn, ...args)` builds (a Node-style callback function); `yield*` gives `R`.
 *
 * @example
 * ```ts
 * const effect: CpsEffect<Buffer> = cps(readFile, path)
 * ```
 */
export type CpsEffect<R = any> = Effect<'CPS', CallPayload, R>
/**
 * The effect `fork` and `spawn` build; `yield*` gives the started `Task<R>`.
 *
 * @example
 * ```ts
 * const effect: ForkEffect<void> = fork(watchOrders)
 * ```
 */
export type ForkEffect<R = any> = Effect<
  'FORK',
  CallPayload & {
    /** True for `spawn` and `detach(fork(...))`: the task is not attached to its parent; absent for `fork`. */
    detached?: boolean
  },
  Task<R>
>
/**
 * The effect `take` and `takeMaybe` build; `yield*` gives the message taken.
 *
 * @example
 * ```ts
 * const effect: TakeEffect<{ type: 'LOGIN' }> = take<{ type: 'LOGIN' }>('LOGIN')
 * ```
 */
export type TakeEffect<T = any> = Effect<
  'TAKE',
  {
    /** What the take waits for (`'*'` for `take()`); absent for `take(channel)`, set with a channel only for `take(multicastChannel, pattern)`. */
    pattern?: Pattern
    /** The channel to take from; absent when the take reads the store's actions. */
    channel?: TakeableChannel<any>
    /** True for `takeMaybe`: END is then a value the saga receives instead of ending it. */
    maybe?: boolean
  },
  T
>
/**
 * The effect `put` and `putResolve` build; `yield*` gives the action put.
 *
 * @example
 * ```ts
 * const effect: PutEffect<{ type: 'SAVED' }> = put({ type: 'SAVED' as const })
 * ```
 */
export type PutEffect<T = any> = Effect<
  'PUT',
  {
    /** The channel to put into; `undefined` to dispatch to the store. */
    channel: PuttableChannel<any> | undefined
    /** The action to dispatch, or the message to put into `channel`. */
    action: T
    /** True for `putResolve`: a promise that dispatch returns is awaited. */
    resolve?: boolean
  },
  T
>
/**
 * `put(thunk)` (with the thunk middleware): resumes with what the thunk returns (`putResolve`:
 * awaited). redux-saga types it `PutEffect<BasicAction>`; it is assignable to `PutEffect`.
 */
export type ThunkPutEffect<R = any> = Effect<'PUT', { channel: PuttableChannel<any> | undefined; action: ThunkAction<any, any, any, any>; resolve?: boolean }, R>
/**
 * The effect `select(selector, ...args)` builds; `yield*` gives the selector's result.
 *
 * @example
 * ```ts
 * const effect: SelectEffect<number> = select((state: { count: number }) => state.count)
 * ```
 */
export type SelectEffect<R = any> = Effect<
  'SELECT',
  {
    /** Called with the state, then `args`; the identity (the whole state) for `select()`. */
    selector: AnyFn
    /** The arguments passed to `selector` after the state. */
    args: any[]
  },
  R
>
/**
 * The effect `join(task)` builds; `yield*` gives the task's result.
 *
 * @example
 * ```ts
 * const effect: JoinEffect<User> = join(task)
 * ```
 */
export type JoinEffect<R = any> = Effect<'JOIN', Task | Task[], R>
/**
 * The effect `cancel(task)`, `cancel([...tasks])` and `cancel()` (the current task) build.
 *
 * @example
 * ```ts
 * const effect: CancelEffect = cancel(task)
 * ```
 */
export type CancelEffect = Effect<'CANCEL', Task | Task[] | typeof SELF_CANCELLATION, void>
/**
 * The effect `cancelled()` builds; `yield*` gives true inside the `finally` of a cancelled task.
 *
 * @example
 * ```ts
 * const effect: CancelledEffect = cancelled()
 * ```
 */
export type CancelledEffect = Effect<'CANCELLED', {}, boolean>
/**
 * The effect `actionChannel(pattern, buffer?)` builds; `yield*` gives the channel that buffers the matching actions.
 *
 * @example
 * ```ts
 * const effect: ActionChannelEffect<{ type: 'JOB' }> = actionChannel<{ type: 'JOB' }>('JOB')
 * ```
 */
export type ActionChannelEffect<T = any> = Effect<
  'ACTION_CHANNEL',
  {
    /** Which store actions the channel queues. */
    pattern: Pattern
    /** Where the channel keeps them until taken; `undefined` gives an expanding buffer (room for 10 to start). */
    buffer?: Buffer<T>
  },
  import('./channel.js').Channel<T>
>
/**
 * The effect `flush(channel)` builds; `yield*` gives the buffered messages (END once the channel is closed and empty).
 *
 * @example
 * ```ts
 * const effect: FlushEffect<Job> = flush(jobs)
 * ```
 */
export type FlushEffect<T = any> = Effect<'FLUSH', FlushableChannel<T>, T[] | END>
/**
 * The effect `getContext(key)` builds; `yield*` gives the value of `key` in the task's context.
 *
 * @example
 * ```ts
 * const effect: GetContextEffect<Api> = getContext('api')
 * ```
 */
export type GetContextEffect<T = any> = Effect<'GET_CONTEXT', string, T>
/**
 * The effect `setContext(props)` builds: merges `props` into the task's context.
 *
 * @example
 * ```ts
 * const effect: SetContextEffect<{ api: Api }> = setContext({ api })
 * ```
 */
export type SetContextEffect<C extends object = object> = Effect<'SET_CONTEXT', C, void>
/**
 * The effect `all([...])` and `all({...})` build; `yield*` gives the results, in the same shape.
 *
 * @example
 * ```ts
 * const effect: AllEffect<[User, Order[]]> = all([call(fetchUser, id), call(fetchOrders, id)])
 * ```
 */
export type AllEffect<R = any> = Effect<'ALL', any, R>
/**
 * The effect `race({...})` and `race([...])` build; `yield*` gives the winner's result under its key.
 *
 * @example
 * ```ts
 * const effect: RaceEffect<{ user?: User; timeout?: true }> = race({ user: call(fetchUser, id), timeout: delay(1_000) })
 * ```
 */
export type RaceEffect<R = any> = Effect<'RACE', any, R>

const identity = <T>(v: T): T => v

function validateFnDescriptor(effectName: string, fnDescriptor: any): void {
  check(fnDescriptor, is.notUndef, `${effectName}: argument fn is undefined or null`)
  if (is.func(fnDescriptor)) return
  let context: any = null
  let fn: any
  if (is.array(fnDescriptor)) {
    ;[context, fn] = fnDescriptor
    check(fn, is.notUndef, `${effectName}: argument of type [context, fn] has undefined or null \`fn\``)
  } else if (is.object(fnDescriptor)) {
    context = fnDescriptor.context
    fn = fnDescriptor.fn
    check(fn, is.notUndef, `${effectName}: argument of type {context, fn} has undefined or null \`fn\``)
  } else {
    check(fnDescriptor, is.func, `${effectName}: argument fn is not function`)
    return
  }
  if (context && is.string(fn)) {
    check(context[fn], is.func, `${effectName}: context arguments has no such method - "${fn}"`)
    return
  }
  check(fn, is.func, `${effectName}: unpacked fn argument (from [context, fn] or {context, fn}) is not a function`)
}

function fnCallDescriptor(fnDescriptor: any, args: any[]): CallPayload {
  if (typeof fnDescriptor === 'function') return { context: null, fn: fnDescriptor, args }
  let context: any
  let fn: any
  if (is.array(fnDescriptor)) [context, fn] = fnDescriptor
  else ({ context, fn } = fnDescriptor)
  if (context && is.string(fn) && is.func(context[fn])) fn = context[fn]
  return { context, fn, args }
}

/*
 * `take` without the development check, which reads `arguments.length` (take() and
 * take(undefined) differ there): a function that mentions `arguments` allocates them on every
 * call until the JIT has optimised it (bench "put -> take", cold path). Same for `put`.
 */
const takeEffect = function take(patternOrChannel: any = '*', multicastPattern?: any): TakeEffect {
  // The common `take('TYPE')` first: a non-empty string is a pattern (is.pattern), and the effect
  // is made without makeEffect's call (bench "put -> take", cold path).
  if (typeof patternOrChannel === 'string' && patternOrChannel !== '' && (multicastPattern === undefined || multicastPattern === null)) {
    return new SagaEffect(effectTypes.TAKE, { pattern: patternOrChannel }, false) as unknown as TakeEffect
  }
  if (is.pattern(patternOrChannel)) {
    if (is.notUndef(multicastPattern)) {
      console.warn(
        'take(pattern) takes one argument but two were provided. Consider passing an array for listening to several action types',
      )
    }
    return makeEffect(effectTypes.TAKE, { pattern: patternOrChannel })
  }
  if (is.multicast(patternOrChannel) && is.notUndef(multicastPattern) && is.pattern(multicastPattern)) {
    return makeEffect(effectTypes.TAKE, { channel: patternOrChannel, pattern: multicastPattern })
  }
  if (is.channel(patternOrChannel)) {
    if (is.notUndef(multicastPattern)) {
      console.warn('take(channel) takes one argument but two were provided. Second argument is ignored.')
    }
    return makeEffect(effectTypes.TAKE, { channel: patternOrChannel })
  }
  if (isDevelopment) {
    throw new Error(`take(patternOrChannel): argument ${String(patternOrChannel)} is not valid channel or a valid pattern`)
  }
  return makeEffect(effectTypes.TAKE, { pattern: patternOrChannel })
}

/**
 * Waits for the next message matching `pattern` on the store's channel (`'*'` by default), or the
 * next message of `channel`. On END the saga terminates (its `finally` runs, `cancelled()` false).
 *
 * @example
 * ```ts
 * const action = yield* take<LoginAction>('LOGIN')
 * const message = yield* take(socketChannel)
 * ```
 */
export const take: {
  <P extends TypedPattern>(pattern: P): TakeEffect<PatternAction<P>>
  <A = UnknownAction>(pattern?: Pattern<A>): TakeEffect<A>
  <T>(channel: TakeableChannel<T>, multicastPattern?: Pattern<T>): TakeEffect<T>
} = isDevelopment
  ? function take(patternOrChannel?: any, multicastPattern?: any): TakeEffect {
      if (arguments.length) check(patternOrChannel, is.notUndef, 'take(patternOrChannel): patternOrChannel is undefined')
      return takeEffect(patternOrChannel, multicastPattern)
    }
  : takeEffect

/**
 * Like `take`, but END is delivered as a value instead of terminating the saga.
 *
 * @example
 * ```ts
 * const message = yield* takeMaybe(chan)
 * if (isEnd(message)) return
 * ```
 */
export function takeMaybe<P extends TypedPattern>(pattern: P): TakeEffect<PatternAction<P> | END>
export function takeMaybe<A = UnknownAction>(pattern?: Pattern<A>): TakeEffect<A | END>
export function takeMaybe<T>(channel: TakeableChannel<T>, multicastPattern?: Pattern<T>): TakeEffect<T | END>
export function takeMaybe(...args: any[]): TakeEffect {
  const effect = (take as AnyFn)(...args) as TakeEffect
  ;(effect.payload as { maybe?: boolean }).maybe = true
  return effect
}

/** `put` without the development checks (see `takeEffect`). */
const putEffect = function put(channel: any, action?: any): PutEffect {
  if (action === null || action === undefined) {
    action = channel
    channel = undefined
  }
  return new SagaEffect(effectTypes.PUT, { channel, action }, false) as unknown as PutEffect
}

/**
 * Dispatches `action` to the store (or puts it into `channel`), through the put scheduler.
 * Resumes with what dispatch returned; errors thrown by reducers are thrown into the saga.
 *
 * @example
 * ```ts
 * yield* put({ type: 'USER_LOADED', user })
 * yield* put(jobsChannel, job)
 * ```
 */
export const put: {
  <A extends Action>(action: A): PutEffect<A>
  <R = any, State = any, Extra = any, BasicAction extends Action = Action>(thunk: ThunkAction<R, State, Extra, BasicAction>): ThunkPutEffect<R>
  <T>(channel: PuttableChannel<T>, action: T | END): PutEffect<T>
} = isDevelopment
  ? function put(channel: any, action?: any): PutEffect {
      if (arguments.length > 1) {
        check(channel, is.notUndef, 'put(channel, action): argument channel is undefined')
        check(channel, is.channel, `put(channel, action): argument ${channel} is not a valid channel`)
        check(action, is.notUndef, 'put(channel, action): argument action is undefined')
      } else {
        check(channel, is.notUndef, 'put(action): argument action is undefined')
      }
      return putEffect(channel, action)
    }
  : putEffect

/**
 * Like `put`, but if dispatch returns a promise (e.g. a thunk), waits for it.
 *
 * @example
 * ```ts
 * const result = yield* putResolve(fetchThunk())
 * ```
 */
export function putResolve<A extends Action>(action: A): PutEffect<A>
export function putResolve<R = any, State = any, Extra = any, BasicAction extends Action = Action>(
  thunk: ThunkAction<R, State, Extra, BasicAction>,
): ThunkPutEffect<Awaited<R>>
export function putResolve<T>(channel: PuttableChannel<T>, action: T | END): PutEffect<T>
export function putResolve(...args: any[]): PutEffect {
  const effect = (put as AnyFn)(...args) as PutEffect
  ;(effect.payload as { resolve?: boolean }).resolve = true
  return effect
}

/**
 * Runs every effect in parallel and resumes with their results in the same shape (array or
 * object) once all resolved; the first error cancels the others (fail fast).
 *
 * @example
 * ```ts
 * const [user, repos] = yield* all([call(fetchUser, id), call(fetchRepos, id)])
 * const { a, b } = yield* all({ a: call(f), b: call(g) })
 * ```
 */
export function all<T extends readonly unknown[] | []>(effects: T): AllEffect<{ -readonly [K in keyof T]: EffectResult<T[K]> }>
export function all<T extends Record<string, unknown>>(effects: T): AllEffect<{ [K in keyof T]: EffectResult<T[K]> }>
// With the element effect type given (`all<CallEffect>([...])`), as redux-saga's `all<T>` is written.
export function all<T>(effects: T[]): AllEffect<EffectResult<T>[]>
export function all<T>(effects: { [key: string]: T }): AllEffect<{ [key: string]: EffectResult<T> }>
export function all(effects: any): AllEffect {
  return makeEffect(effectTypes.ALL, effects, true)
}

/**
 * Runs the effects in parallel; the first to settle wins and the others are cancelled. Resumes
 * with `{ [winner]: result }` (object form) or an array with only the winner's slot set.
 *
 * @example
 * ```ts
 * const { response, timeout } = yield* race({ response: call(fetchData), timeout: delay(5000) })
 * ```
 */
export function race<T extends readonly unknown[] | []>(effects: T): RaceEffect<{ -readonly [K in keyof T]: EffectResult<T[K]> | undefined }>
export function race<T extends Record<string, unknown>>(effects: T): RaceEffect<{ [K in keyof T]?: EffectResult<T[K]> }>
// With the element effect type given (`race<CallEffect>({...})`), as redux-saga's `race<T>` is written.
export function race<T>(effects: T[]): RaceEffect<(EffectResult<T> | undefined)[]>
export function race<T>(effects: { [key: string]: T }): RaceEffect<{ [key: string]: EffectResult<T> | undefined }>
export function race(effects: any): RaceEffect {
  return makeEffect(effectTypes.RACE, effects, true)
}

/**
 * Calls `fn(...args)`: a promise is awaited, a generator runs as a sub-saga, any other value is
 * the result. `[context, fn]`, `[context, 'method']` and `{ context, fn }` set `this`.
 *
 * @example
 * ```ts
 * const user = yield* call(api.fetchUser, id)          // User (promise unwrapped)
 * const items = yield* call([cart, cart.items])        // with `this`
 * const total = yield* call(computeTotal, items)       // a sub-saga's return value
 * ```
 */
export function call<Fn extends AnyFn>(fn: CallTarget<Fn>, ...args: Parameters<Fn>): CallEffect<SagaReturn<ReturnType<Fn>>>
export function call<C, K extends MethodName<C>>(
  fn: MethodTarget<C, K>,
  ...args: MethodArgs<C, K>
): CallEffect<SagaReturn<ReturnType<MethodOf<C, K>>>>
export function call(fn: any, ...args: any[]): CallEffect {
  if (isDevelopment) {
    const arg0 = typeof args[0] === 'number' ? args[0] : 'ms'
    check(
      fn,
      (f) => f !== delay,
      `instead of writing \`yield call(delay, ${arg0})\` where delay is an effect from \`redux-saga/effects\` you should write \`yield delay(${arg0})\``,
    )
    validateFnDescriptor('call', fn)
  }
  // `makeEffect(CALL, fnCallDescriptor(fn, args))` without the two calls for a plain function
  // (bench "sync call", "fork + join", cold path). Same for `fork`.
  if (typeof fn === 'function') return new SagaEffect(effectTypes.CALL, { context: null, fn, args }, false) as unknown as CallEffect
  return makeEffect(effectTypes.CALL, fnCallDescriptor(fn, args))
}

/**
 * `call([context, fn], ...args)` with the arguments as an array.
 *
 * @example
 * ```ts
 * const rows = yield* apply(db, db.query, ['SELECT 1'])
 * ```
 */
export function apply<C extends { [P in K]: AnyFn }, K extends string>(
  context: C,
  fn: K,
  ...args: ApplyArgs<C[K]>
): CallEffect<SagaReturn<ReturnType<C[K]>>>
export function apply<C, Fn extends AnyFn>(context: C, fn: Fn, ...args: ApplyArgs<Fn>): CallEffect<SagaReturn<ReturnType<Fn>>>
export function apply(context: unknown, fn: unknown, args: any[] = []): CallEffect {
  const descriptor = [context, fn]
  if (isDevelopment) validateFnDescriptor('apply', descriptor)
  return makeEffect(effectTypes.CALL, fnCallDescriptor(descriptor, args))
}

/**
 * Calls a Node-style function `fn(...args, (error, result) => ...)` and resumes with `result`.
 * If `fn` sets `callback.cancel`, cancelling the effect calls it.
 *
 * @example
 * ```ts
 * const content = yield* cps(fs.readFile, '/etc/hosts', 'utf8')
 * ```
 */
export function cps<Fn extends AnyFn>(fn: CallTarget<Fn>, ...args: any[]): CpsEffect<CpsResult<Fn>>
export function cps<C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: any[]): CpsEffect<CpsResult<MethodOf<C, K>>>
export function cps<C, Fn extends AnyFn>(fn: readonly [C, Fn] | { context: C; fn: Fn }, ...args: any[]): CpsEffect<CpsResult<Fn>>
export function cps(fn: any, ...args: any[]): CpsEffect {
  if (isDevelopment) validateFnDescriptor('cps', fn)
  return makeEffect(effectTypes.CPS, fnCallDescriptor(fn, args))
}

/**
 * Starts `fn(...args)` as an attached child task and resumes at once with its Task. The parent
 * waits for attached children before it ends; a child's error aborts the parent.
 *
 * @example
 * ```ts
 * const task = yield* fork(pollServer, 1000)
 * ```
 */
export function fork<Fn extends AnyFn>(fn: CallTarget<Fn>, ...args: Parameters<Fn>): ForkEffect<SagaReturn<ReturnType<Fn>>>
export function fork<C, K extends MethodName<C>>(
  fn: MethodTarget<C, K>,
  ...args: MethodArgs<C, K>
): ForkEffect<SagaReturn<ReturnType<MethodOf<C, K>>>>
export function fork(fn: any, ...args: any[]): ForkEffect {
  if (isDevelopment) {
    validateFnDescriptor('fork', fn)
    check(fn, (f) => !is.effect(f), 'fork: argument must not be an effect')
  }
  if (typeof fn === 'function') return new SagaEffect(effectTypes.FORK, { context: null, fn, args }, false) as unknown as ForkEffect
  return makeEffect(effectTypes.FORK, fnCallDescriptor(fn, args))
}

/**
 * Like `fork`, but the child is detached: the parent neither waits for it nor is failed or
 * cancelled with it; its errors go to `onError`.
 *
 * @example
 * ```ts
 * yield* spawn(analyticsWorker)
 * ```
 */
export function spawn<Fn extends AnyFn>(fn: CallTarget<Fn>, ...args: Parameters<Fn>): ForkEffect<SagaReturn<ReturnType<Fn>>>
export function spawn<C, K extends MethodName<C>>(
  fn: MethodTarget<C, K>,
  ...args: MethodArgs<C, K>
): ForkEffect<SagaReturn<ReturnType<MethodOf<C, K>>>>
export function spawn(fn: any, ...args: any[]): ForkEffect {
  if (isDevelopment) validateFnDescriptor('spawn', fn)
  return detach((fork as AnyFn)(fn, ...args))
}

/**
 * Returns a copy of a fork effect that starts a detached task (= `spawn`).
 *
 * @example
 * ```ts
 * yield detach(fork(worker))
 * ```
 */
export function detach<E extends ForkEffect>(forkEffect: E): E {
  if (isDevelopment) {
    check(forkEffect, (e) => is.effect(e) && e.type === effectTypes.FORK, 'detach(eff): argument must be a fork effect')
  }
  return makeEffect(effectTypes.FORK, { ...forkEffect.payload, detached: true }) as E
}

type TaskResults<T extends readonly Task[]> = { -readonly [K in keyof T]: T[K] extends Task<infer R> ? R : never }

/** `join` without the development checks (see `takeEffect`). */
const joinEffect = function join(taskOrTasks: any): JoinEffect {
  return new SagaEffect(effectTypes.JOIN, taskOrTasks, false) as unknown as JoinEffect
}

/**
 * Waits for a task (or all tasks of an array) and resumes with its result; its error is thrown
 * into the joiner; joining a cancelled task cancels the joiner.
 *
 * @example
 * ```ts
 * const task = yield* fork(compute)
 * const value = yield* join(task)
 * ```
 */
export const join: {
  <R>(task: Task<R>): JoinEffect<R>
  <T extends readonly Task[] | []>(tasks: T): JoinEffect<TaskResults<T>>
} = isDevelopment
  ? function join(taskOrTasks: any): JoinEffect {
      if (arguments.length > 1) {
        throw new Error('join(...tasks) is not supported any more. Please use join([...tasks]) to join multiple tasks.')
      }
      if (is.array(taskOrTasks)) {
        taskOrTasks.forEach((t) => check(t, is.task, `join([...tasks]): argument ${t} is not a valid Task object ${TEST_HINT}`))
      } else {
        check(taskOrTasks, is.task, `join(task): argument ${taskOrTasks} is not a valid Task object ${TEST_HINT}`)
      }
      return joinEffect(taskOrTasks)
    }
  : joinEffect

/**
 * Cancels a task (or every task of an array); with no argument, the current task cancels itself.
 * Non-blocking; a no-op for a task that is not running. See `halt` to wait for the cleanup.
 *
 * @example
 * ```ts
 * yield* cancel(syncTask)
 * ```
 */
export function cancel(taskOrTasks: Task | readonly Task[] | typeof SELF_CANCELLATION = SELF_CANCELLATION): CancelEffect {
  if (isDevelopment) {
    if (arguments.length > 1) {
      throw new Error('cancel(...tasks) is not supported any more. Please use cancel([...tasks]) to cancel multiple tasks.')
    }
    if (is.array(taskOrTasks)) {
      taskOrTasks.forEach((t) => check(t, is.task, `cancel([...tasks]): argument ${t} is not a valid Task object ${TEST_HINT}`))
    } else if (taskOrTasks !== SELF_CANCELLATION && is.notUndef(taskOrTasks)) {
      check(taskOrTasks, is.task, `cancel(task): argument ${taskOrTasks} is not a valid Task object ${TEST_HINT}`)
    }
  }
  return makeEffect(effectTypes.CANCEL, taskOrTasks as Task)
}

/**
 * True while the current task is being cancelled; use it in `finally`.
 *
 * @example
 * ```ts
 * try { yield* call(work) } finally { if (yield* cancelled()) yield* put({ type: 'ABORTED' }) }
 * ```
 */
export function cancelled(): CancelledEffect {
  return makeEffect(effectTypes.CANCELLED, {})
}

/**
 * Resumes with `selector(getState(), ...args)` (the whole state without a selector).
 *
 * @example
 * ```ts
 * const user = yield* select(selectUser)
 * const item = yield* select(selectItem, id)
 * ```
 *
 * @typeParam Fn - the selector's type: its return type is the result, its parameters after the state type `args`
 */
export function select(): SelectEffect<any>
export function select<Fn extends (state: any, ...args: any[]) => any>(
  selector: Fn,
  ...args: Tail<Parameters<Fn>>
): SelectEffect<ReturnType<Fn>>
export function select(selector: AnyFn = identity, ...args: any[]): SelectEffect {
  if (isDevelopment && arguments.length) {
    check(arguments[0], is.notUndef, 'select(selector, [...]): argument selector is undefined')
    check(selector, is.func, `select(selector, [...]): argument ${selector} is not a function`)
  }
  return makeEffect(effectTypes.SELECT, { selector, args })
}

/**
 * Creates a channel that queues store actions matching `pattern` from now on (default buffer:
 * expanding), so none is missed between two `take`s.
 *
 * @example
 * ```ts
 * const requests = yield* actionChannel('REQUEST')
 * while (true) { const action = yield* take(requests); yield* call(handle, action) }
 * ```
 */
export function actionChannel<P extends TypedPattern>(pattern: P, buffer?: Buffer<PatternAction<P>>): ActionChannelEffect<PatternAction<P>>
export function actionChannel<T extends Action = UnknownAction>(pattern: Pattern<T>, buffer?: Buffer<T>): ActionChannelEffect<T>
export function actionChannel(pattern: Pattern, buffer?: Buffer<any>): ActionChannelEffect {
  if (isDevelopment) {
    check(pattern, is.pattern, 'actionChannel(pattern,...): argument pattern is not valid')
    if (arguments.length > 1) {
      check(buffer, is.notUndef, 'actionChannel(pattern, buffer): argument buffer is undefined')
      check(buffer, is.buffer, `actionChannel(pattern, buffer): argument ${buffer} is not a valid buffer`)
    }
  }
  return makeEffect(effectTypes.ACTION_CHANNEL, { pattern, buffer })
}

/**
 * Takes every buffered message of `channel` at once (END if it is closed and empty).
 *
 * @example
 * ```ts
 * const pending = yield* flush(requests)
 * ```
 */
export function flush<T>(channel: FlushableChannel<T>): FlushEffect<T> {
  if (isDevelopment) check(channel, is.channel, `flush(channel): argument ${channel} is not valid channel`)
  return makeEffect(effectTypes.FLUSH, channel)
}

/**
 * Reads `prop` from the task's context (inherited from parent tasks and `runSaga({ context })`).
 *
 * @example
 * ```ts
 * const api = yield* getContext<Api>('api')
 * ```
 */
export function getContext<T = any>(prop: string): GetContextEffect<T> {
  if (isDevelopment) check(prop, is.string, `getContext(prop): argument ${prop} is not a string`)
  return makeEffect(effectTypes.GET_CONTEXT, prop)
}

/**
 * Sets props on the current task's context (children forked later see them; parents never do).
 *
 * @example
 * ```ts
 * yield* setContext({ locale: 'fr' })
 * ```
 */
export function setContext<C extends object>(props: C): SetContextEffect<C> {
  if (isDevelopment) check(props, is.object, `setContext(props): argument ${props} is not a plain object`)
  return makeEffect(effectTypes.SET_CONTEXT, props)
}

/**
 * Waits `ms` milliseconds on the saga's clock and resumes with `value` (default `true`, also
 * when `value` is `undefined`). `delay(ms)` is `call(delayP, ms)`, as in the reference.
 *
 * Typed as redux-saga types it: the result is `T`, so `delay(ms, maybe)` with `maybe: string |
 * undefined` reads `string` though an `undefined` value resumes with `true`. (A conditional
 * result type would say so, but generic code, `const r: T = yield* delay(ms, value)`, would no
 * longer compile.)
 *
 * @example
 * ```ts
 * yield* delay(500)
 * ```
 */
export function delay<T = true>(...args: [ms: number, value?: T]): CallEffect<T> {
  return makeEffect(effectTypes.CALL, { context: null, fn: delayP, args })
}
