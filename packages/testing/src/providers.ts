import type { Effect } from '@sagaflow/core'
import { EFFECT_KINDS, isEffect, providerKey } from './internal/effects.js'
import { formatEffect, formatValue } from './internal/format.js'
import { closestName } from './internal/suggest.js'
import { isEffectMatcher, toMatcher, type EffectMatcher, type EffectMatcherLike, type MatchedResult } from './matchers.js'
import type { CallPayloadShape, ForkPayloadShape, PutPayloadShape, SelectPayloadShape, TakePayloadShape } from './internal/types.js'

const THROWN = '@@sagaflow/testing/THROWN'
const DYNAMIC = '@@sagaflow/testing/DYNAMIC'
const NEXT = '@@sagaflow/testing/NEXT'
const DELAYED = '@@sagaflow/testing/DELAYED'

/**
 * A provided failure: the effect throws `error` into the saga instead of running.
 *
 * @example
 * ```ts
 * const failure: ThrownError = throwError(new Error('offline'))
 * ```
 */
export interface ThrownError {
  /** Brand that tells a provided failure from a provided value. */
  readonly [THROWN]: true
  /** What is thrown into the saga at the provided effect. */
  readonly error: unknown
}

/**
 * What `next()` returns in a provider: "not mine, pass it on". Return it as is.
 *
 * @example
 * ```ts
 * const passOn = (_payload: unknown, next: NextFn): NextProvider => next()
 * ```
 */
export interface NextProvider {
  /** Brand of the one "pass it on" value; a provider's other answers are values for the effect. */
  readonly [NEXT]: true
}

/**
 * `next` in a provider function: returns the value that hands the effect on.
 *
 * @example
 * ```ts
 * const provideUser = ({ fn }: { fn: unknown }, next: NextFn) => (fn === api.fetchUser ? ada : next())
 * ```
 */
export type NextFn = () => NextProvider

/**
 * A static provider's value computed from the effect (see {@link dynamic}).
 *
 * @example
 * ```ts
 * const double: DynamicValue<number> = dynamic(({ args: [n] }) => n * 2)
 * ```
 */
export interface DynamicValue<R> {
  /** Brand that tells a computed answer from a provided value (which is given as is). */
  readonly [DYNAMIC]: true
  /**
   * Called with the matched effect's payload and `next` each time the effect is met; returns the
   * value (or a promise of it, or `delayed(ms, value)`), `throwError(e)`, or `next()` to hand the
   * effect on. Throwing also fails the effect.
   */
  readonly provider: (payload: any, next: NextFn) => R | PromiseLike<R> | DelayedValue<R> | NextProvider | ThrownError
}

/**
 * What the saga receives for a dynamic provider's answer: the value of a `delayed(ms, value)` or
 * of a promise, the answer itself otherwise.
 */
type AnsweredValue<T> = T extends DelayedValue<infer V> ? V : T extends PromiseLike<infer V> ? V : T

/**
 * A provided answer that comes after `ms` virtual milliseconds (see {@link delayed}).
 *
 * @example
 * ```ts
 * const slow: DelayedValue<User> = delayed(500, { id: 7, name: 'Ada' })
 * ```
 */
export interface DelayedValue<R> {
  /** Brand that tells a delayed answer from a provided value. */
  readonly [DELAYED]: true
  /** Virtual milliseconds the effect stays pending before it is answered. */
  readonly ms: number
  /** The answer given after `ms`: a value, a promise of one (awaited then), or `throwError(e)` to fail the effect. */
  readonly value: R | PromiseLike<R> | ThrownError
}

/**
 * What a static provider may give for effects whose result type is `R`: the value, a promise of
 * it (awaited, as the effect's own would be), `throwError(...)`, `dynamic(...)` or `delayed(...)`.
 *
 * @example
 * ```ts
 * const values: ProvidedValue<User>[] = [ada, Promise.resolve(ada), throwError(new Error('404')), dynamic(() => ada), delayed(500, ada)]
 * ```
 */
export type ProvidedValue<R> = R | PromiseLike<R> | ThrownError | DynamicValue<R> | DelayedValue<R>

/**
 * One static provider: `[effectOrMatcher, value]`; the value must have the effect's result type
 * (or be `throwError(...)` / `dynamic(...)`).
 *
 * @example
 * ```ts
 * const provider: StaticProvider<CallEffect<User>> = [call(api.fetchUser, 7), { id: 7, name: 'Ada' }]
 * ```
 */
export type StaticProvider<M extends EffectMatcherLike = EffectMatcherLike> = readonly [M, ProvidedValue<MatchedResult<M>>]

/**
 * A dynamic provider function: return a value for the effect, `throwError(e)`, throw, or `next()`.
 *
 * @example
 * ```ts
 * const provideUser: ProviderFn<{ fn: unknown; args: any[] }> = ({ fn, args }, next) =>
 *   fn === api.fetchUser ? { id: args[0], name: 'Ada' } : next()
 * ```
 */
export type ProviderFn<Payload> = (payload: Payload, next: NextFn) => unknown

/**
 * Dynamic providers, keyed by effect kind; each receives the effect's payload (`{ fn, args }` for
 * `call`, `{ selector, args }` for `select`, `{ action }` for `put`, ...) and `next`. `take`
 * also handles `takeMaybe`, `put` also `putResolve`; `delay` and `spawn` have keys of their own.
 *
 * @example
 * ```ts
 * const providers: DynamicProviders = {
 *   call({ fn, args }, next) {
 *     return fn === api.fetchUser ? { id: args[0], name: 'Ada' } : next()
 *   },
 * }
 * ```
 */
export interface DynamicProviders {
  /**
   * Answers `call` effects (and `apply`, which builds one), given `{ context, fn, args }`; the
   * answer is the call's result, and `fn` is not called. Delays go to `delay`, not here.
   *
   * @example
   * ```ts
   * await expectSaga(loadUser, 7)
   *   .provide({ call: ({ fn, args }, next) => (fn === api.fetchUser ? { id: args[0], name: 'Ada' } : next()) })
   *   .run()
   * ```
   */
  call?: ProviderFn<CallPayloadShape>
  /** Answers `cps` effects, given `{ context, fn, args }`; the answer stands for the value the callback would have given. */
  cps?: ProviderFn<CallPayloadShape>
  /**
   * Answers attached forks, given `{ context, fn, args, detached }`; nothing is forked, and the
   * answer is what the saga receives as the task (e.g. `createMockTask()`).
   */
  fork?: ProviderFn<ForkPayloadShape>
  /** Answers detached forks (`spawn`), like `fork`. */
  spawn?: ProviderFn<ForkPayloadShape>
  /**
   * Answers `put` and `putResolve` effects, given `{ action, channel, resolve }`; an answered put
   * dispatches nothing, and the saga resumes with the answer.
   */
  put?: ProviderFn<PutPayloadShape>
  /**
   * Answers `take` and `takeMaybe` effects, given `{ pattern, channel, maybe }`; the answer is the
   * action (or message) the saga receives at once, without waiting for a dispatch.
   *
   * @example
   * ```ts
   * await expectSaga(loginFlow).provide({ take: ({ pattern }, next) => (pattern === 'LOGIN' ? { type: 'LOGIN', user: 'ada' } : next()) }).run()
   * ```
   */
  take?: ProviderFn<TakePayloadShape>
  /** Answers `select` effects, given `{ selector, args }`; the answer stands for the selector's result. */
  select?: ProviderFn<SelectPayloadShape>
  /** Answers `delay(ms, value?)` effects, given the payload of the call behind it (`args[0]` is `ms`); an answer ends the wait at once. */
  delay?: ProviderFn<CallPayloadShape>
  /** Answers a whole `all` effect, given its array or object of effects; its children are then never started. */
  all?: ProviderFn<any>
  /** Answers a whole `race` effect, given its array or object of effects; its children are then never started. */
  race?: ProviderFn<any>
  /** Answers `join` effects, given the task (or array of tasks); the answer is the joined result. */
  join?: ProviderFn<any>
  /** Answers `cancel` effects, given the task (or tasks, or the self-cancellation marker of `cancel()`); nothing is cancelled. */
  cancel?: ProviderFn<any>
  /** Answers `cancelled()` checks (payload `{}`): return `true` to take the cancelled branch of a `finally`. */
  cancelled?: ProviderFn<any>
  /** Answers `flush` effects, given the channel; the answer is the list of flushed messages. */
  flush?: ProviderFn<any>
  /** Answers `actionChannel` effects, given `{ pattern, buffer }`; the answer is the channel the saga receives. */
  actionChannel?: ProviderFn<any>
  /** Answers `getContext` effects, given the property name; the answer is the value the saga reads. */
  getContext?: ProviderFn<string>
  /** Answers `setContext` effects, given the props object; an answered effect changes no context. */
  setContext?: ProviderFn<object>
  [kind: string]: ProviderFn<any> | undefined
}

/**
 * Checks every static provider of a list against its matcher's result type (a wrong value is a
 * compile error); dynamic provider objects pass through.
 */
export type CheckedProviders<P> = {
  [K in keyof P]: P[K] extends readonly [infer M, any] ? readonly [M, ProvidedValue<MatchedResult<M>>] : P[K]
}

/** What `.provide(...)` takes: a list of static providers and provider objects. */
export type ProviderList = readonly (readonly [EffectMatcherLike, unknown] | DynamicProviders)[]

/**
 * Makes a provided effect throw `error` into the saga (as if the call rejected).
 *
 * @example
 * ```ts
 * expectSaga(loadUser, 7)
 *   .provide([[matchers.call.fn(api.fetchUser), throwError(new Error('404'))]])
 *   .put({ type: 'LOAD_FAILED' })
 * ```
 */
export function throwError(error: unknown): ThrownError {
  return { [THROWN]: true, error }
}

/**
 * A static provider whose value is computed from the effect's payload; return `next()` to let
 * the next provider (or the real runtime) handle it. The function may also return `throwError(e)`,
 * a promise of the value, or `delayed(ms, value)` (an answer that takes virtual time); the value
 * is type-checked against the effect's result either way.
 *
 * @example
 * ```ts
 * expectSaga(saga).provide([
 *   [matchers.call.fn(add2), dynamic(({ args: [a] }, next) => (a === 6 ? 12 : next()))],
 * ])
 * ```
 */
export function dynamic<R>(provider: (payload: any, next: NextFn) => R | NextProvider | ThrownError): DynamicValue<AnsweredValue<Exclude<R, NextProvider | ThrownError>>> {
  // Checked here, not when the provided effect is met: there it would fail the saga instead.
  if (typeof provider !== 'function') throw new TypeError(`dynamic(provider): provider must be a function (payload, next) => value, got ${formatValue(provider)}`)
  return { [DYNAMIC]: true, provider } as DynamicValue<AnsweredValue<Exclude<R, NextProvider | ThrownError>>>
}

/**
 * A provided answer that takes virtual time: the effect stays pending for `ms` virtual
 * milliseconds, then gives `value` (or throws, for `throwError(e)`). Meanwhile the run goes on as
 * for a real request in flight: `.dispatch(...)` and timers reach the saga, so a test can cancel
 * a request half-way (`.dispatch({ type: 'CANCEL' })`), or race it against a `delay`. Also what a
 * dynamic provider may return. A plain value or `throwError` answers at once instead; a promise
 * costs real time, not virtual.
 *
 * @example
 * ```ts
 * await expectSaga(loginFlow)
 *   .provide([[matchers.call.fn(api.signIn), delayed(500, { token: 't' })]])
 *   .dispatch({ type: 'LOGIN' })
 *   .dispatchAt(100, { type: 'CANCEL_LOGIN' })   // the sign-in is still pending at 100 ms
 *   .put({ type: 'LOGIN_CANCELLED' })
 *   .run()
 * ```
 */
export function delayed(ms: number, value: ThrownError): DelayedValue<never>
export function delayed<R>(ms: number, value: R | PromiseLike<R>): DelayedValue<R>
export function delayed(ms: number, value: unknown): DelayedValue<unknown> {
  if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) {
    throw new TypeError(`delayed(ms, value): ms must be a finite number of virtual milliseconds >= 0, got ${formatValue(ms)}`)
  }
  if (isDelayedValue(value)) throw new TypeError('delayed(ms, value): value is itself delayed(...); add the two waits into one')
  return { [DELAYED]: true, ms, value }
}

function isDelayedValue(value: unknown): value is DelayedValue<unknown> {
  return !!value && typeof value === 'object' && (value as Record<string, unknown>)[DELAYED] === true
}

export function isThrownError(value: unknown): value is ThrownError {
  return !!value && typeof value === 'object' && (value as Record<string, unknown>)[THROWN] === true
}

function isDynamicValue(value: unknown): value is DynamicValue<unknown> {
  return !!value && typeof value === 'object' && (value as Record<string, unknown>)[DYNAMIC] === true
}

const nextProvider: NextProvider = Object.freeze({ [NEXT]: true as const })
const next: NextFn = () => nextProvider

/** How a provider answered: not handled, a value, or an error to throw; `delayMs`: after that many virtual ms (`delayed`). */
export type Provision =
  | { readonly status: 'next' }
  | { readonly status: 'value'; readonly value: unknown; readonly delayMs?: number }
  | { readonly status: 'error'; readonly error: unknown; readonly delayMs?: number }

const NOT_PROVIDED: Provision = { status: 'next' }

type CompiledProvider = (effect: Effect) => Provision

function answer(result: unknown): Provision {
  if (result === nextProvider) return NOT_PROVIDED
  if (isThrownError(result)) return { status: 'error', error: result.error }
  if (isDelayedValue(result)) {
    const { value, ms } = result
    return isThrownError(value) ? { status: 'error', error: value.error, delayMs: ms } : { status: 'value', value, delayMs: ms }
  }
  return { status: 'value', value: result }
}

function callProvider(fn: (payload: any, next: NextFn) => unknown, payload: unknown): Provision {
  try {
    return answer(fn(payload, next))
  } catch (error) {
    return { status: 'error', error }
  }
}

/**
 * The kinds a dynamic provider key names: the reference's, and sagaflow's own (`halt`, `timeout`,
 * ...). Other keys are allowed (an effect middleware may handle effects of its own), unless they
 * look like a misspelling of one of these.
 */
const PROVIDER_KEYS = [
  ...EFFECT_KINDS.filter((kind) => kind !== 'takeMaybe' && kind !== 'putResolve'),
  'halt',
  'abortSignal',
  'cancellationToken',
  'getClock',
  'use',
  'timeout',
  'allSettled',
  'allLimit',
  'supervise',
  'circuitBreaker',
]

/** Where a provider key goes wrong, or undefined when it names a kind (or one of a custom effect). */
function badProviderKey(key: string): string | undefined {
  if (key === 'takeMaybe' || key === 'putResolve') {
    return `${key} effects are given to the \`${key === 'takeMaybe' ? 'take' : 'put'}\` provider (as in redux-saga-test-plan)`
  }
  const meant = closestName(key, PROVIDER_KEYS)
  return meant === undefined ? undefined : `no effect kind is called ${formatValue(key)}; did you mean \`${meant}\`?`
}

const PROVIDER_FORMS = 'a static provider is a pair [effectOrMatcher, value], a dynamic one an object of functions keyed by effect kind ({ call(payload, next) { ... } })'

/** `index` is the entry's in the list given to `provide([...])`; undefined for `provide({ ... })`. */
function compileOne(entry: unknown, index: number | undefined): CompiledProvider {
  const where = index === undefined ? 'expectSaga(...).provide(providers): the argument' : `expectSaga(...).provide([...]): the provider at index ${index}`
  if (Array.isArray(entry)) {
    if (entry.length !== 2) {
      throw new TypeError(`expectSaga(...).provide([...]): a static provider is a pair [effectOrMatcher, value], got ${entry.length} elements at index ${index}`)
    }
    const matcher: EffectMatcher = toMatcher(entry[0], `expectSaga(...).provide([...]): the provider at index ${index}`)
    const value = entry[1]
    return (effect) => {
      if (!matcher.test(effect)) return NOT_PROVIDED
      if (isDynamicValue(value)) return callProvider(value.provider, effect.payload)
      return answer(value)
    }
  }
  // provide([call(fn), 1]) for provide([[call(fn), 1]]): the pair's brackets were left out.
  if (isEffect(entry) || isEffectMatcher(entry)) {
    throw new TypeError(
      `expectSaga(...).provide([...]): the provider at index ${index} is ${isEffect(entry) ? `the effect ${formatEffect(entry)}` : 'a matcher'}, not a pair: static providers are pairs, provide([[effectOrMatcher, value], ...])`,
    )
  }
  if (entry && typeof entry === 'object') {
    const providers = entry as DynamicProviders
    // `{}` (or a Map, a class instance) has no provider key: it would answer nothing, silently.
    if (Object.keys(providers).length === 0) throw new TypeError(`${where} is ${formatValue(entry)}, which provides nothing: ${PROVIDER_FORMS}`)
    for (const [key, fn] of Object.entries(providers)) {
      const bad = badProviderKey(key)
      if (bad !== undefined) throw new TypeError(`expectSaga(...).provide({ ${key} }): ${bad}`)
      if (typeof fn !== 'function') throw new TypeError(`expectSaga(...).provide({ ${key} }): a dynamic provider must be a function (payload, next) => value, got ${formatValue(fn)}`)
    }
    return (effect) => {
      const fn = providers[providerKey(effect)]
      return fn ? callProvider(fn, effect.payload) : NOT_PROVIDED
    }
  }
  if (index === undefined) {
    throw new TypeError(`expectSaga(...).provide(providers): expected [[effectOrMatcher, value], ...] or { call(payload, next) { ... }, ... }, got ${formatValue(entry)}`)
  }
  throw new TypeError(`${where} is ${formatValue(entry)}: ${PROVIDER_FORMS}`)
}

/**
 * Compiles providers into one function: the first provider (in order) that does not answer
 * `next()` decides. `single`: the list wraps the one object given as `provide({ ... })` (for the
 * messages).
 */
export function compileProviders(list: readonly unknown[], single = false): (value: unknown) => Provision {
  const compiled = list.map((entry, index) => compileOne(entry, single ? undefined : index))
  return (value) => {
    if (!isEffect(value)) return NOT_PROVIDED
    for (const provider of compiled) {
      const provision = provider(value)
      if (provision.status !== 'next') return provision
    }
    return NOT_PROVIDED
  }
}
