import {
  actionChannel,
  all,
  apply,
  call,
  cancel,
  cancelled,
  cps,
  delay,
  flush,
  fork,
  getContext,
  join,
  put,
  putResolve,
  race,
  select,
  setContext,
  spawn,
  take,
  takeMaybe,
  type Action,
  type Buffer,
  type Channel,
  type END,
  type Effect,
  type EffectResult,
  type Pattern,
  type PuttableChannel,
  type PatternAction,
  type ThunkAction,
  type TypedPattern,
  type CpsResult,
  type SagaReturn,
  type Task,
  type TakeableChannel,
  type Tail,
  type UnknownAction,
} from '@sagaflow/core'
import { deepEqual, matchesPartially } from './internal/deep-equal.js'
import { effectKind, fnName, isEffect } from './internal/effects.js'
import { formatEffect, formatValue } from './internal/format.js'
import type {
  AnyFn,
  CallPayloadShape,
  CallTarget,
  DeepPartial,
  ForkPayloadShape,
  MethodName,
  MethodOf,
  MethodTarget,
  PutPayloadShape,
  SelectPayloadShape,
  TakePayloadShape,
  TargetFn,
} from './internal/types.js'

const MATCHER = '@@sagaflow/testing/MATCHER'
declare const resultType: unique symbol

/**
 * A test over effects, built by {@link matchers} (or from an effect or a predicate by the APIs
 * that take one). `R` is the result type of the effects it matches, which types what a provider
 * for it must return.
 *
 * @example
 * ```ts
 * const anyFetch: EffectMatcher<User> = matchers.call.fn(api.fetchUser)
 * anyFetch.test(call(api.fetchUser, 7)) // true
 * anyFetch.description // 'call.fn(fetchUser)'
 * ```
 */
export interface EffectMatcher<R = unknown> {
  /** Brand that marks the object as a matcher, which {@link isEffectMatcher} checks. */
  readonly [MATCHER]: true
  /** The kind of effect it matches (`'call'`, `'put'`, ...), when it matches only one kind. */
  readonly kind: string | undefined
  /** How the matcher reads in messages, e.g. `call.fn(fetchUser)`. */
  readonly description: string
  /** True when `value` (anything a saga yielded) matches. */
  test(value: unknown): boolean
  /** Type-only: the result type of the matched effects. */
  readonly [resultType]?: R
}

/**
 * What providers, `failAt`, `cancelAt` and `.effect(...)` accept to designate effects: an effect
 * (matched by deep equality; one built by `redux-saga/effects` too, whose result type is not
 * known), an {@link EffectMatcher}, or a predicate over the yielded value.
 *
 * @example
 * ```ts
 * const exact: EffectMatcherLike = call(api.fetchUser, 7)
 * const partial: EffectMatcherLike = matchers.call.fn(api.fetchUser)
 * const custom: EffectMatcherLike = (effect) => effect.type === 'CALL' && effect.payload.args.length > 2
 * ```
 */
export type EffectMatcherLike<R = any> = Effect<string, any, R> | EffectMatcher<R> | PlainEffect | ((effect: any) => boolean)

/** An effect in its plain-data form, as `redux-saga/effects` builds them (no typed result). */
interface PlainEffect {
  readonly '@@redux-saga/IO': true
  readonly type: string
  readonly payload: unknown
}

/**
 * The result type of the effects a matcher designates (`unknown` for predicates and `.like`).
 *
 * @example
 * ```ts
 * type U = MatchedResult<CallEffect<User>> // User
 * ```
 */
export type MatchedResult<M> = M extends EffectMatcher<infer R> ? R : M extends Effect<string, any, infer R> ? R : unknown

/** Builds a matcher. */
export function effectMatcher<R = unknown>(kind: string | undefined, description: string, test: (value: unknown) => boolean): EffectMatcher<R> {
  return { [MATCHER]: true, kind, description, test } as EffectMatcher<R>
}

/**
 * True for matchers built by {@link matchers}.
 *
 * @example
 * ```ts
 * isEffectMatcher(matchers.put.actionType('SAVED')) // true
 * isEffectMatcher(put({ type: 'SAVED' })) // false: an effect
 * ```
 */
export function isEffectMatcher(value: unknown): value is EffectMatcher {
  return !!value && typeof value === 'object' && (value as Record<string, unknown>)[MATCHER] === true
}

/**
 * An effect (deep equality), a matcher, or a predicate, as a matcher; anything else throws a
 * TypeError that starts with `api`, the call it was given to.
 */
export function toMatcher(matcher: EffectMatcherLike | unknown, api: string): EffectMatcher {
  if (isEffectMatcher(matcher)) return matcher
  if (typeof matcher === 'function') {
    const predicate = matcher as (effect: unknown) => boolean
    // A predicate is asked about every effect of the run (a `put` too, when it means calls): one
    // that throws on an effect it does not designate must say so, not crash the task at that
    // effect with a bare "Cannot read properties of undefined".
    const test = (value: unknown): boolean => {
      try {
        return !!predicate(value)
      } catch (error) {
        throw new TypeError(
          `${api}: the predicate threw on ${formatEffect(value)}: ${error instanceof Error ? error.message : formatValue(error)}; it is asked about every effect, so it must return false for the effects it does not designate (or use a matcher from \`matchers\`)`,
          { cause: error },
        )
      }
    }
    return effectMatcher(undefined, `matching ${fnName(predicate) === 'anonymous' ? 'a predicate' : fnName(predicate)}`, test)
  }
  if (isEffect(matcher)) return exact(matcher)
  throw new TypeError(`${api}: expected an effect, a matcher (from \`matchers\`) or a predicate, got ${formatValue(matcher)}`)
}

function exact<R>(effect: Effect): EffectMatcher<R> {
  return effectMatcher(effectKind(effect), formatEffect(effect), (value) => deepEqual(value, effect))
}

function ofKind(kind: string, value: unknown): value is Effect {
  return isEffect(value) && effectKind(value) === kind
}

/** What each kind's `.like(...)` is matched against (its payload), for the messages. */
const LIKE_PAYLOADS: Readonly<Record<string, string>> = {
  call: 'an object { context?, fn?, args? }',
  cps: 'an object { context?, fn?, args? }',
  fork: 'an object { context?, fn?, args?, detached? }',
  spawn: 'an object { context?, fn?, args?, detached? }',
  put: 'an object { action?, channel?, resolve? }',
  putResolve: 'an object { action?, channel?, resolve? }',
  take: 'an object { pattern?, channel?, maybe? }',
  takeMaybe: 'an object { pattern?, channel?, maybe? }',
  select: 'an object { selector?, args? }',
  all: 'an array or object of effects',
  race: 'an array or object of effects',
  join: 'a task (or an array of tasks), partially',
  cancel: 'a task (or an array of tasks), partially',
  cancelled: 'an object ({}: the payload of cancelled())',
  flush: 'a channel, partially',
  actionChannel: 'an object { pattern?, buffer? }',
  setContext: 'an object of context props',
}

/** The kinds whose payload may be an array (`all([...])`, `join([...tasks])`). */
const ARRAY_PAYLOADS = new Set(['all', 'race', 'join', 'cancel'])

function like(kind: string, partial: unknown, name: string = kind): EffectMatcher<unknown> {
  // A payload is always an object: `put.like(undefined)` (or a bare action type) would match nothing, silently.
  if (partial === null || typeof partial !== 'object' || (Array.isArray(partial) && !ARRAY_PAYLOADS.has(kind))) {
    const param = kind === 'all' || kind === 'race' ? 'effects' : 'payload'
    throw new TypeError(`matchers.${name}.like(${param}): ${param} must be ${LIKE_PAYLOADS[kind] ?? 'an object'} (the fields to match), got ${formatValue(partial)}`)
  }
  return effectMatcher(kind, `${kind}.like(${formatValue(partial)})`, (value) => ofKind(kind, value) && matchesPartially(value.payload, partial))
}

/** `matchers.<kind>.<api>(fn)` must be given a function: `undefined` (a misspelt `api.fetchUsr`) would match nothing, silently. */
function checkFunction(api: string, name: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`matchers.${api}(${name}): ${name} must be a function, got ${formatValue(fn)}`)
}

function byFn(kind: string, fn: AnyFn, api = `${kind}.fn`): EffectMatcher<any> {
  checkFunction(api, 'fn', fn)
  return effectMatcher(kind, `${kind}.fn(${fnName(fn)})`, (value) => ofKind(kind, value) && (value.payload as CallPayloadShape).fn === fn)
}

type Creator = (...args: any[]) => Effect

function exactly(creator: Creator) {
  return (...args: any[]) => exact(creator(...args))
}

/** Partial matchers on `call` effects (also `apply`). */
export interface CallMatchers {
  /** `call(fn, ...args)` exactly. */
  <T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): EffectMatcher<SagaReturn<ReturnType<TargetFn<T>>>>
  /** `call([context, 'method'], ...args)` exactly. */
  <C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: Parameters<MethodOf<C, K>>): EffectMatcher<SagaReturn<ReturnType<MethodOf<C, K>>>>
  /** Any call of `fn`, whatever the arguments. */
  fn<Fn extends AnyFn>(fn: Fn): EffectMatcher<SagaReturn<ReturnType<Fn>>>
  /** Calls whose payload (`{ context, fn, args }`) matches `payload` partially. */
  like(payload: DeepPartial<CallPayloadShape>): EffectMatcher<unknown>
}

/**
 * Partial matchers on `cps` effects: the forms of {@link CallMatchers}, typed with the value the
 * callback gives (a provider answers with that value, not with what `fn` returns).
 */
export interface CpsMatchers {
  /** `cps(fn, ...args)` exactly. */
  <T extends CallTarget>(fn: T, ...args: any[]): EffectMatcher<CpsResult<TargetFn<T>>>
  /** `cps([context, 'method'], ...args)` exactly. */
  <C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: any[]): EffectMatcher<CpsResult<MethodOf<C, K>>>
  /** Any cps effect of `fn`, whatever the arguments. */
  fn<Fn extends AnyFn>(fn: Fn): EffectMatcher<CpsResult<Fn>>
  /** Cps effects whose payload (`{ context, fn, args }`) matches `payload` partially. */
  like(payload: DeepPartial<CallPayloadShape>): EffectMatcher<unknown>
}

/** Partial matchers on `fork` (or `spawn`) effects. */
export interface ForkMatchers {
  <T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): EffectMatcher<Task<SagaReturn<ReturnType<TargetFn<T>>>>>
  /** `fork([context, 'method'], ...args)` exactly. */
  <C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: Parameters<MethodOf<C, K>>): EffectMatcher<Task<SagaReturn<ReturnType<MethodOf<C, K>>>>>
  fn<Fn extends AnyFn>(fn: Fn): EffectMatcher<Task<SagaReturn<ReturnType<Fn>>>>
  like(payload: DeepPartial<ForkPayloadShape>): EffectMatcher<unknown>
}

/** Matchers on `put` effects. */
export interface PutMatchers<Resolve extends boolean = false> {
  <A extends Action>(action: A): EffectMatcher<A>
  /** `put(thunk)` / `putResolve(thunk)` of that thunk function: what the thunk returns (awaited for `putResolve`). */
  <Thunk extends ThunkAction<any, any, any, any>>(thunk: Thunk): EffectMatcher<Resolve extends true ? Awaited<ReturnType<Thunk>> : ReturnType<Thunk>>
  <T>(channel: PuttableChannel<T>, action: T | END): EffectMatcher<T>
  /** Puts of an action of this `type`, whatever its other fields. */
  actionType(type: unknown): EffectMatcher<unknown>
  like(payload: DeepPartial<PutPayloadShape>): EffectMatcher<unknown>
}

/** Matchers on `take` effects. */
export interface TakeMatchers {
  /** `take(pattern)` with a type guard or an action creator (or an array of them): the action it matches. */
  <P extends TypedPattern>(pattern: P): EffectMatcher<PatternAction<P>>
  <A = UnknownAction>(pattern?: Pattern<A>): EffectMatcher<A>
  <T>(channel: TakeableChannel<T>, multicastPattern?: Pattern<T>): EffectMatcher<T>
  like(payload: DeepPartial<TakePayloadShape>): EffectMatcher<unknown>
}

/** Matchers on `takeMaybe` effects (a `take` that END does not end: it gives END). */
export interface TakeMaybeMatchers {
  <P extends TypedPattern>(pattern: P): EffectMatcher<PatternAction<P> | END>
  <A = UnknownAction>(pattern?: Pattern<A>): EffectMatcher<A | END>
  <T>(channel: TakeableChannel<T>, multicastPattern?: Pattern<T>): EffectMatcher<T | END>
  like(payload: DeepPartial<TakePayloadShape>): EffectMatcher<unknown>
}

/** Matchers on `apply(context, fn, args)` effects (`call` effects with a context). */
export interface ApplyMatchers {
  <C, Fn extends AnyFn>(context: C, fn: Fn, args?: Parameters<Fn>): EffectMatcher<SagaReturn<ReturnType<Fn>>>
  /** Any call of `fn`, whatever the context and arguments. */
  fn<Fn extends AnyFn>(fn: Fn): EffectMatcher<SagaReturn<ReturnType<Fn>>>
  like(payload: DeepPartial<CallPayloadShape>): EffectMatcher<unknown>
}

/** Matchers on the effects that take a task, a channel or context: exactly, or partially on the payload. */
export interface PayloadMatchers<Args extends unknown[], R> {
  (...args: Args): EffectMatcher<R>
  like(payload: unknown): EffectMatcher<unknown>
}

/**
 * Matchers on `join` effects, typed like the `join` creator: a provider for `join(task)` gives
 * the task's result, one for `join([a, b])` the tuple of results.
 *
 * @example
 * ```ts
 * const task = createMockTask<User>()
 * await expectSaga(waitForUser, task).provide([[matchers.join(task), ada]]).returns(ada).run()
 * ```
 */
export interface JoinMatchers {
  /** `join(task)` exactly (the same task object); its result is the task's. */
  <R>(task: Task<R>): EffectMatcher<R>
  /** `join([...tasks])` exactly (the same task objects); its result is the tuple of their results. */
  <T extends readonly Task[] | []>(tasks: T): EffectMatcher<{ -readonly [K in keyof T]: T[K] extends Task<infer R> ? R : never }>
  like(payload: unknown): EffectMatcher<unknown>
}

/** Matchers on `select` effects. */
export interface SelectMatchers {
  /** `select()` exactly: the select of the whole state (the state's type is not known here). */
  (): EffectMatcher<unknown>
  <Fn extends (state: any, ...args: any[]) => any>(
    selector: Fn,
    ...args: Tail<Parameters<Fn>>
  ): EffectMatcher<ReturnType<Fn>>
  /** Any select with this selector, whatever the arguments. */
  selector<Fn extends AnyFn>(selector: Fn): EffectMatcher<ReturnType<Fn>>
  like(payload: DeepPartial<SelectPayloadShape>): EffectMatcher<unknown>
}

/** Matchers on `all` / `race` effects. */
export interface CombinatorMatchers<Kind extends 'all' | 'race'> {
  <T extends readonly unknown[] | []>(
    effects: T,
  ): EffectMatcher<Kind extends 'all' ? { -readonly [K in keyof T]: EffectResult<T[K]> } : { -readonly [K in keyof T]: EffectResult<T[K]> | undefined }>
  <T extends Record<string, unknown>>(
    effects: T,
  ): EffectMatcher<Kind extends 'all' ? { [K in keyof T]: EffectResult<T[K]> } : { [K in keyof T]?: EffectResult<T[K]> }>
  like(effects: unknown): EffectMatcher<unknown>
}

/**
 * The matcher builders (see {@link matchers}).
 *
 * @example
 * ```ts
 * const byFunction = (m: Matchers) => m.call.fn(api.fetchUser)
 * ```
 */
export interface Matchers {
  /**
   * `call` effects (`apply` included; not delays): `call(fn, ...args)` exactly, `.fn(fn)` any call
   * of `fn`, `.like(payload)` partially. The exact and `.fn` forms carry `fn`'s resolved result type.
   *
   * @example
   * ```ts
   * await expectSaga(loadUser, 7)
   *   .provide([[matchers.call.fn(api.fetchUser), { id: 7, name: 'Ada' }]])
   *   .failAt(matchers.call(api.audit, 7), new Error('audit down'))
   *   .run()
   * ```
   */
  call: CallMatchers
  /** `cps` effects (Node-style callback calls): `cps(fn, ...args)` exactly, `.fn(fn)`, `.like(payload)`. */
  cps: CpsMatchers
  /**
   * Attached forks (a `spawn` does not match): `fork(fn, ...args)` exactly, `.fn(fn)`,
   * `.like(payload)`. A provider for one may answer with a task, e.g. `createMockTask()`.
   */
  fork: ForkMatchers
  /** Detached forks (`spawn`; an attached fork does not match): exactly, `.fn(fn)`, `.like(payload)`. */
  spawn: ForkMatchers
  /**
   * `put` effects (a `putResolve` does not match): `put(action)` or `put(channel, action)` exactly,
   * `.actionType(type)`, `.like(payload)`.
   *
   * @example
   * ```ts
   * await expectSaga(saveDraft, draft).failAt(matchers.put.actionType('SAVED'), new Error('store down')).run()
   * ```
   */
  put: PutMatchers
  /** `take` effects (a `takeMaybe` does not match): `take(pattern)` or `take(channel)` exactly, or `.like(payload)`. */
  take: TakeMatchers
  /**
   * `select` effects: `select(selector, ...args)` exactly, `.selector(selector)` whatever the
   * arguments, `.like(payload)`. The exact and `.selector` forms carry the selector's return type.
   *
   * @example
   * ```ts
   * await expectSaga(checkout, cart).provide([[matchers.select.selector(selectUser), null]]).put({ type: 'LOGIN_REQUIRED' }).run()
   * ```
   */
  select: SelectMatchers
  /** `all` effects: `all(effects)` exactly (its result type is the tuple or object of results), or `.like(effects)`. */
  all: CombinatorMatchers<'all'>
  /** `race` effects: `race(effects)` exactly (its result type has every key optional: only the winner's is set), or `.like(effects)`. */
  race: CombinatorMatchers<'race'>
  /** `putResolve` effects (a plain `put` does not match): exactly, `.actionType(type)`, `.like(payload)`. */
  putResolve: PutMatchers<true>
  /** `takeMaybe` effects (a plain `take` does not match): exactly, or `.like(payload)`. */
  takeMaybe: TakeMaybeMatchers
  /**
   * `apply(context, fn, args)` exactly, `.fn(fn)`, `.like(payload)`. An `apply` builds a `call`
   * effect, so these match calls: `matchers.apply.fn(f)` and `matchers.call.fn(f)` are the same test.
   */
  apply: ApplyMatchers
  /** `join(task)` exactly (the same task object, or array of them), or `.like(payload)`. */
  join: JoinMatchers
  /** `cancel(task)` exactly (the same task object, or array of them), `cancel()` for a task's cancellation of itself, or `.like(payload)`. */
  cancel: PayloadMatchers<[task?: Task<any> | readonly Task<any>[]], void>
  /** `cancelled()` checks; a provider for one answers whether the task counts as cancelled. */
  cancelled: PayloadMatchers<[], boolean>
  /** `flush(channel)` exactly (the same channel), or `.like(payload)`. */
  flush: PayloadMatchers<[channel: Channel<any>], unknown[]>
  /** `actionChannel(pattern, buffer?)` exactly, or `.like(payload)`. */
  actionChannel: PayloadMatchers<[pattern: Pattern, buffer?: Buffer<any>], Channel<any>>
  /** `setContext(props)` exactly (deep-equal props), or `.like(payload)`. */
  setContext: PayloadMatchers<[props: object], void>
  /** `delay(ms)` exactly, or any delay without an argument. */
  delay(ms?: number): EffectMatcher<true>
  /**
   * `getContext(prop)` exactly.
   *
   * @typeParam T - The type of the context value, which a provider for the matcher must give.
   */
  getContext<T = any>(prop: string): EffectMatcher<T>
  /** Any effect of a kind (`'call'`, `'put'`, `'delay'`, `'halt'`, ...). */
  kind(kind: string): EffectMatcher<unknown>
  /** An effect (deep equality) or a predicate, as a matcher. */
  effect<R = unknown>(effectOrPredicate: Effect<string, any, R> | ((effect: any) => boolean)): EffectMatcher<R>
}

/** The matchers of an effect that runs a function (`call`, `apply`, `cps`, `fork`, `spawn`): exactly, by `fn`, or partially. */
function fnLike<M>(kind: 'call' | 'cps' | 'fork' | 'spawn', creator: Creator, name: string = kind): M {
  return Object.assign(exactly(creator), {
    fn: (fn: AnyFn) => byFn(kind, fn, `${name}.fn`),
    like: (payload: unknown) => like(kind, payload, name),
  }) as M
}

function putLike<Resolve extends boolean>(kind: 'put' | 'putResolve', creator: Creator): PutMatchers<Resolve> {
  return Object.assign(exactly(creator), {
    actionType: (type: unknown) =>
      effectMatcher(kind, `${kind}.actionType(${formatValue(type)})`, (value) => ofKind(kind, value) && (value.payload as PutPayloadShape).action?.type === type),
    like: (payload: unknown) => like(kind, payload),
  }) as PutMatchers<Resolve>
}

function payloadLike<M>(kind: string, creator: Creator): M {
  return Object.assign(exactly(creator), { like: (payload: unknown) => like(kind, payload) }) as M
}

/**
 * Matchers for providers, failure injection and partial assertions (the equivalent of
 * `redux-saga-test-plan/matchers`). Each is typed from the effect creator, so a provider for
 * `matchers.call.fn(fetchUser)` must give what `fetchUser` resolves to.
 *
 * @example
 * ```ts
 * await expectSaga(loadUser, 7)
 *   .provide([
 *     [matchers.call.fn(api.fetchUser), { id: 7, name: 'Ada' }],
 *     [matchers.select.selector(selectToken), 'token-1'],
 *   ])
 *   .failAt(matchers.put.actionType('AUDIT'), new Error('audit down'))
 *   .run()
 * ```
 */
export const matchers: Matchers = {
  call: fnLike<CallMatchers>('call', call as Creator),
  cps: fnLike<CpsMatchers>('cps', cps as Creator),
  fork: fnLike<ForkMatchers>('fork', fork as Creator),
  spawn: fnLike<ForkMatchers>('spawn', spawn as Creator),
  put: putLike('put', put as Creator),
  putResolve: putLike('putResolve', putResolve as Creator),
  take: payloadLike<TakeMatchers>('take', take as Creator),
  takeMaybe: payloadLike<TakeMaybeMatchers>('takeMaybe', takeMaybe as Creator),
  apply: fnLike<ApplyMatchers>('call', apply as Creator, 'apply'),
  join: payloadLike<JoinMatchers>('join', join as Creator),
  cancel: payloadLike('cancel', cancel as Creator),
  cancelled: payloadLike('cancelled', cancelled as Creator),
  flush: payloadLike('flush', flush as Creator),
  actionChannel: payloadLike('actionChannel', actionChannel as Creator),
  setContext: payloadLike('setContext', setContext as Creator),
  select: Object.assign(exactly(select as Creator), {
    selector: (selector: AnyFn) => {
      checkFunction('select.selector', 'selector', selector)
      return effectMatcher(
        'select',
        `select.selector(${fnName(selector)})`,
        (value) => ofKind('select', value) && (value.payload as SelectPayloadShape).selector === selector,
      )
    },
    like: (payload: unknown) => like('select', payload),
  }) as SelectMatchers,
  all: Object.assign(exactly(all as Creator), { like: (effects: unknown) => like('all', effects) }) as CombinatorMatchers<'all'>,
  race: Object.assign(exactly(race as Creator), { like: (effects: unknown) => like('race', effects) }) as CombinatorMatchers<'race'>,
  delay: (...args: [ms?: number]) =>
    args.length === 0 ? effectMatcher<true>('delay', 'delay.any()', (value) => ofKind('delay', value)) : exact<true>(delay(args[0]!)),
  getContext: (prop: string) => exact(getContext(prop)),
  kind: (kind: string) => effectMatcher(kind, `kind(${formatValue(kind)})`, (value) => ofKind(kind, value)),
  effect: (effectOrPredicate: any) => toMatcher(effectOrPredicate, 'matchers.effect(effectOrPredicate)') as EffectMatcher<any>,
}
