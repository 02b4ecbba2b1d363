import type { Action, END, Pattern, PuttableChannel, TakeableChannel, Tail, ThunkAction, UnknownAction } from '@sagaflow/core'
import { SagaTestError } from '../errors.js'
import { checkThrowsExpectation } from '../internal/deep-equal.js'
import { fnName } from '../internal/effects.js'
import { formatEffect, formatValue } from '../internal/format.js'
import { closestName } from '../internal/suggest.js'
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
} from '../internal/types.js'
import { matchers, toMatcher, type EffectMatcher, type EffectMatcherLike } from '../matchers.js'
import { compileProviders, type CheckedProviders, type DynamicProviders, type ProviderList } from '../providers.js'
import { describeEnding, evaluate, type Assertion } from './assertions.js'
import type { FailureInjection } from './injector.js'
import { buildResult, formatTrace, type RunResult } from './result.js'
import { DEFAULT_ASYNC_TIMEOUT, DEFAULT_TIMEOUT, execute, returnedBy, type LiveRun, type ScheduledDispatch } from './run.js'

/**
 * Options of `run()`.
 *
 * @example
 * ```ts
 * await expectSaga(poller).run({ timeout: 5 * 60_000 })
 * await expectSaga(checkout).run({ requireDone: true })
 * ```
 */
export interface RunOptions {
  /**
   * Virtual milliseconds after which a saga still running is cancelled and the assertions are
   * checked (default 60 000); `false`: no limit (the run still stops when nothing can make progress).
   */
  timeout?: number | false | undefined
  /** Fail if the saga has not finished (returned or thrown) by then, listing what each task waited on. */
  requireDone?: boolean | undefined
  /**
   * Real milliseconds to wait, with no activity at all, for work outside the saga: a promise or
   * callback an effect waits on that settles by itself (an `async` function, real I/O, a real
   * timer). Such work takes no virtual time: the clock does not move while it is pending. Past
   * this, the run goes on without it (default 2 000).
   */
  asyncTimeout?: number | undefined
}

/**
 * What `throws(...)` accepts: an error class (`instanceof`), a predicate, or a value the error
 * must deep-equal.
 *
 * @example
 * ```ts
 * const byClass: ThrowsExpectation = PaymentDeclinedError
 * const byPredicate: ThrowsExpectation = (error: Error) => error.message.includes('declined')
 * ```
 */
export type ThrowsExpectation = (abstract new (...args: any[]) => unknown) | ((error: any) => boolean) | object | string | number

/**
 * Assertions on the effects of a run, each typed like the effect creator of the same name
 * (`call(fn, ...args)` checks `args` against `fn`'s parameters). On the test, each holds when some
 * task yielded a matching effect; under `.not`, when none did. Each returns the test, to chain.
 *
 * @example
 * ```ts
 * expectSaga(saveDraft)
 *   .call(api.save, draft)            // exactly this call
 *   .call.fn(api.audit)               // any call of api.audit
 *   .put.like({ action: { type: 'SAVED' } })
 *   .effect(matchers.delay())         // any delay
 * ```
 */
export interface EffectAssertions<Api> {
  /**
   * Asserts on `call` effects (`apply` builds one too; a `delay` is a kind of its own and never
   * counts). `call(fn, ...args)` designates the call the creator builds, compared by deep
   * equality, with `args` type-checked against `fn`'s parameters. Returns the test, to chain.
   *
   * @example
   * ```ts
   * await expectSaga(saveDraft, draft)
   *   .provide([[matchers.call.fn(api.save), { id: 'd1' }]])
   *   .call(api.save, draft)
   *   .not.call.fn(api.delete)
   *   .run()
   * ```
   */
  call: {
    /** A call deep-equal to `call(fn, ...args)`. */
    <T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): Api
    /** A call deep-equal to `call([context, 'method'], ...args)`. */
    <C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: Parameters<MethodOf<C, K>>): Api
    /** A call of `fn`, whatever the arguments. */
    fn(fn: AnyFn): Api
    /** A call whose payload (`{ context, fn, args }`) matches partially. */
    like(payload: DeepPartial<CallPayloadShape>): Api
  }
  /** Asserts on `cps` effects (calls of Node-style callback functions), the way {@link EffectAssertions.call} does on calls. */
  cps: {
    /** A cps effect deep-equal to `cps(fn, ...args)`. */
    <T extends CallTarget>(fn: T, ...args: any[]): Api
    /** A cps effect deep-equal to `cps([context, 'method'], ...args)`. */
    <C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: any[]): Api
    /** A cps effect of `fn`, whatever the arguments. */
    fn(fn: AnyFn): Api
    /** A cps effect whose payload (`{ context, fn, args }`) matches partially. */
    like(payload: DeepPartial<CallPayloadShape>): Api
  }
  /**
   * Asserts on attached forks (`fork`); a `spawn` of the same function does not count. Helpers
   * such as `takeEvery` fork too: assert one with `.effect(takeEvery(pattern, worker))`.
   *
   * @example
   * ```ts
   * await expectSaga(root).fork(watchLogin).fork.fn(watchLogout).run()
   * ```
   */
  fork: {
    /** A fork deep-equal to `fork(fn, ...args)`. */
    <T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): Api
    /** A fork deep-equal to `fork([context, 'method'], ...args)`. */
    <C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: Parameters<MethodOf<C, K>>): Api
    /** A fork of `fn`, whatever the arguments. */
    fn(fn: AnyFn): Api
    /** A fork whose payload (`{ context, fn, args, detached }`) matches partially. */
    like(payload: DeepPartial<ForkPayloadShape>): Api
  }
  /** Asserts on detached forks (`spawn`); an attached `fork` of the same function does not count. */
  spawn: {
    /** A spawn deep-equal to `spawn(fn, ...args)`. */
    <T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): Api
    /** A spawn deep-equal to `spawn([context, 'method'], ...args)`. */
    <C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: Parameters<MethodOf<C, K>>): Api
    /** A spawn of `fn`, whatever the arguments. */
    fn(fn: AnyFn): Api
    /** A spawn whose payload (`{ context, fn, args, detached }`) matches partially. */
    like(payload: DeepPartial<ForkPayloadShape>): Api
  }
  /**
   * Asserts on `put` effects; a `putResolve` is a kind of its own and does not count (assert it
   * with `.effect(putResolve(action))`). The action is compared by deep equality, and asymmetric
   * matchers (`expect.any(String)`) work inside it.
   *
   * @example
   * ```ts
   * await expectSaga(saveDraft, draft)
   *   .provide([[matchers.call.fn(api.save), { id: 'd1' }]])
   *   .put({ type: 'SAVED', id: 'd1' })
   *   .put.actionType('AUDITED')
   *   .not.put.like({ action: { type: 'SAVE_FAILED' } })
   *   .run()
   * ```
   */
  put: {
    /** A put of an action deep-equal to `action`. */
    <A extends Action>(action: A): Api
    /** A put of that thunk function (with the thunk middleware). */
    (thunk: ThunkAction<any, any, any, any>): Api
    /** A put of `action` on that channel. */
    <T>(channel: PuttableChannel<T>, action: T | END): Api
    /** A put of an action of this `type`. */
    actionType(type: unknown): Api
    /** A put whose payload (`{ action, channel }`) matches partially: `put.like({ action: { type: 'X' } })`. */
    like(payload: DeepPartial<PutPayloadShape>): Api
  }
  /**
   * Asserts on `take` effects; a `takeMaybe` is a kind of its own and does not count. A pattern
   * is compared by deep equality: a predicate pattern must be the same function.
   */
  take: {
    /** A take deep-equal to `take(pattern)`. */
    <A = UnknownAction>(pattern?: Pattern<A>): Api
    /** A take on that channel. */
    <T>(channel: TakeableChannel<T>, multicastPattern?: Pattern<T>): Api
    /** A take whose payload (`{ pattern, channel, maybe }`) matches partially. */
    like(payload: DeepPartial<TakePayloadShape>): Api
  }
  /** Asserts on `select` effects: by selector and arguments, by selector alone, or partially. */
  select: {
    /** A select deep-equal to `select()`: the select of the whole state. */
    (): Api
    /**
     * A select deep-equal to `select(selector, ...args)`.
     *
     * @typeParam Fn - The selector; `args` are type-checked against its parameters after the state.
     */
    <Fn extends (state: any, ...args: any[]) => any>(selector: Fn, ...args: Tail<Parameters<Fn>>): Api
    /** A select with this selector, whatever the arguments. */
    selector(selector: AnyFn): Api
    /** A select whose payload (`{ selector, args }`) matches partially. */
    like(payload: DeepPartial<SelectPayloadShape>): Api
  }
  /** Asserts on `race` effects (the race itself; its children are asserted as effects of their own). */
  race: {
    /** A race deep-equal to `race(effects)`: same keys (or positions), deep-equal children. */
    (effects: readonly unknown[] | Record<string, unknown>): Api
    /**
     * A race whose effects match `effects` partially: each key of an object must match, each
     * element of an array must match a different child, in any order.
     */
    like(effects: unknown): Api
  }
  /** Asserts on `all` effects (the group itself; its children are asserted as effects of their own). */
  all: {
    /** An `all` deep-equal to `all(effects)`: same keys (or positions), deep-equal children. */
    (effects: readonly unknown[] | Record<string, unknown>): Api
    /**
     * An `all` whose effects match `effects` partially: each key of an object must match, each
     * element of an array must match a different child, in any order.
     */
    like(effects: unknown): Api
  }
  /** Any effect (deep equality), a matcher from `matchers`, or a predicate. */
  effect(effectOrMatcher: EffectMatcherLike): Api
}

/**
 * Negated assertions: `.not.put(...)` holds if no such effect was yielded (by any task). Each
 * returns the test itself, so only the assertion right after `.not` is negated.
 *
 * @example
 * ```ts
 * expectSaga(saveDraft).not.put.actionType('SAVE_FAILED').not.call.fn(api.delete).not.throws(Error)
 * ```
 */
export interface NegatedAssertions<Api> extends EffectAssertions<Api> {
  /** Holds unless the saga threw a matching error. */
  throws(expected: ThrowsExpectation): Api
}

/**
 * The chainable test built by {@link expectSaga}: configure, assert, then `run()`.
 * `R` is the saga's return type, `S` the store state's.
 *
 * @example
 * ```ts
 * const test: ExpectSagaApi<User, State> = expectSaga(loadUser, 7).withReducer(reducer)
 * await test.provide([[matchers.call.fn(api.fetchUser), ada]]).returns(ada).run()
 * ```
 */
export interface ExpectSagaApi<R = any, S = any> extends EffectAssertions<ExpectSagaApi<R, S>> {
  /**
   * The effect assertions and `throws`, negated: each holds when no matching effect was yielded
   * (by any task, at any time). `.not` applies to the one assertion that follows; it returns
   * this test, so the chain goes on with positive assertions.
   *
   * @example
   * ```ts
   * await expectSaga(saveDraft, draft).not.put.actionType('SAVE_FAILED').put({ type: 'SAVED' }).run()
   * ```
   */
  readonly not: NegatedAssertions<ExpectSagaApi<R, S>>
  /** The state `select` reads (static unless `withReducer` is given too). */
  withState<S2>(state: S2): ExpectSagaApi<R, S2>
  /** A reducer applied to every dispatched action (the saga's puts and the test's dispatches). */
  withReducer<S2>(reducer: (state: S2 | undefined, action: any) => S2, initialState?: S2): ExpectSagaApi<R, S2>
  /** The root context (`getContext`). */
  withContext(context: object): ExpectSagaApi<R, S>
  /**
   * Answers effects instead of running them: static `[[effectOrMatcher, value | throwError(e) |
   * dynamic(fn)], ...]` (each value typed from its effect) and dynamic `{ call(payload, next) {...} }`.
   * The first provider that does not answer `next()` decides. This form takes one object of
   * dynamic providers, keyed by effect kind. Providers add up over several `provide` calls, and
   * effects nobody answers run for real. A malformed provider throws a `TypeError` at once.
   *
   * @example
   * ```ts
   * await expectSaga(loadUser, 7)
   *   .provide({
   *     call({ fn, args }, next) {
   *       return fn === api.fetchUser ? { id: args[0], name: 'Ada' } : next()
   *     },
   *   })
   *   .put({ type: 'USER_LOADED', user: { id: 7, name: 'Ada' } })
   *   .run()
   * ```
   */
  // The static list last: a compiler that reports only the last overload's error (TypeScript 7)
  // then reports the wrong provided value, not a mismatch with the dynamic-provider form.
  provide(providers: DynamicProviders): ExpectSagaApi<R, S>
  /**
   * Answers effects from a list: static pairs `[effectOrMatcher, value]`, where `value` must have
   * the effect's result type (or be `throwError(e)`, `dynamic(fn)` or `delayed(ms, value)`), mixed
   * with dynamic provider objects. The first entry that answers (not with `next()`) decides, so
   * put overriding entries first. Returns the test, to chain.
   *
   * @example
   * ```ts
   * await expectSaga(loadUser, 7)
   *   .provide([
   *     [call(api.fetchUser, 7), { id: 7, name: 'Ada' }],
   *     [matchers.call.fn(api.audit), throwError(new Error('audit down'))],
   *   ])
   *   .put({ type: 'USER_LOADED', user: { id: 7, name: 'Ada' } })
   *   .run()
   * ```
   */
  provide<P extends ProviderList | []>(providers: CheckedProviders<P>): ExpectSagaApi<R, S>
  /** Dispatches `action` at virtual time 0, once the saga has run as far as it can. */
  dispatch(action: unknown): ExpectSagaApi<R, S>
  /** Dispatches `action` at virtual time `ms`, after the timers due then have fired. */
  dispatchAt(ms: number, action: unknown): ExpectSagaApi<R, S>
  /** The positive effect assertions must be met in the order they were written. */
  inOrder(): ExpectSagaApi<R, S>
  /** For each kind of effect asserted, no other effect of that kind may be yielded. */
  exactly(): ExpectSagaApi<R, S>
  /**
   * The root saga returns `value` (deep equality): what its own code returns, even while a task
   * it forked (a watcher) still runs, and is cancelled when the run ends.
   *
   * @example
   * ```ts
   * function* checkout() {
   *   yield fork(analytics)            // a watcher that never ends
   *   return 'order-1'
   * }
   * await expectSaga(checkout).returns('order-1').run()
   * ```
   */
  returns(value: R): ExpectSagaApi<R, S>
  /** The root saga throws a matching error. */
  throws(expected: ThrowsExpectation): ExpectSagaApi<R, S>
  /** The store state at the end deep-equals `state`. */
  hasFinalState(state: S): ExpectSagaApi<R, S>
  /** The `nth` (1-based, default 1) effect matching `matcher` throws `error` into the saga instead of running. */
  failAt(matcher: EffectMatcherLike, error: unknown, nth?: number): ExpectSagaApi<R, S>
  /**
   * When the `nth` (default 1) effect matching `matcher` is reached, the saga is cancelled there:
   * in a task the cancellation reaches, that effect never runs. A transaction's rollback and a task
   * already cancelled (in its cleanup) are not reached: there the effect runs, as it would with a
   * real cancellation, and the rollback finishes.
   *
   * @example
   * ```ts
   * await expectSaga(bookTrip, request)
   *   .cancelAt(matchers.call.fn(api.reserveCar))
   *   .compensated(['reserve-hotel', 'reserve-flight'])
   *   .run()
   * ```
   */
  cancelAt(matcher: EffectMatcherLike, nth?: number): ExpectSagaApi<R, S>
  /**
   * These steps were compensated (undone) by `@sagaflow/compensation` transactions, in this
   * order; with `{ transaction }`, only that transaction's (by name).
   */
  compensated(steps: readonly string[], options?: { transaction?: string }): ExpectSagaApi<R, S>
  /**
   * Runs the saga on virtual time and checks the assertions; rejects with a `SagaTestError` listing the failures.
   * A number is the virtual timeout in ms, `false` none. If the saga throws and no positive
   * `throws(...)` is asserted, it rejects with the saga's own error instead.
   *
   * @example
   * ```ts
   * const { effects, returnValue } = await expectSaga(poller).put({ type: 'POLLED' }).run({ timeout: 10_000 })
   * ```
   */
  run(options?: RunOptions | number | false): Promise<RunResult<R, S>>
}

const EFFECT_ASSERTIONS = ['call', 'cps', 'fork', 'spawn', 'put', 'take', 'select', 'race', 'all'] as const

const RUN_OPTIONS = ['timeout', 'requireDone', 'asyncTimeout']

/** redux-saga-test-plan's expectSaga methods that have another name here, and what to write instead. */
const REPLACED_METHODS: Readonly<Record<string, string>> = {
  silentRun: 'use .run(timeout) or .run({ timeout }): reaching the virtual timeout never warns',
  delay: 'use .dispatchAt(ms, action) to dispatch at a virtual time',
}

function normalizeRunOptions(options: RunOptions | number | false | undefined): { timeout: number; requireDone: boolean; asyncTimeout: number } {
  // Anything else (`run('10s')`, `run(true)`) would run with the defaults, as if not given.
  if (options !== undefined && options !== false && typeof options !== 'number' && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new TypeError(
      `expectSaga(...).run(options): options must be an object { timeout?, requireDone?, asyncTimeout? }, a number of virtual ms (the timeout) or false (no timeout), got ${formatValue(options)}`,
    )
  }
  if (options !== null && typeof options === 'object') {
    for (const key of Object.keys(options)) {
      if (RUN_OPTIONS.includes(key)) continue
      if (key === 'silenceTimeout') {
        throw new TypeError(
          "expectSaga(...).run(options): unknown option 'silenceTimeout' (redux-saga-test-plan's): reaching the virtual timeout never warns here, so remove it; the options are timeout, requireDone and asyncTimeout",
        )
      }
      const meant = closestName(key, RUN_OPTIONS)
      throw new TypeError(
        `expectSaga(...).run(options): unknown option ${formatValue(key)}${meant === undefined ? '' : ` (did you mean \`${meant}\`?)`}; the options are timeout, requireDone and asyncTimeout`,
      )
    }
  }
  const { timeout = DEFAULT_TIMEOUT, requireDone = false, asyncTimeout = DEFAULT_ASYNC_TIMEOUT } =
    typeof options === 'number' || options === false ? { timeout: options } : (options ?? {})
  if (!(typeof asyncTimeout === 'number' && asyncTimeout >= 0)) {
    throw new TypeError(`expectSaga(...).run({ asyncTimeout }): asyncTimeout must be a number of real ms >= 0, got ${formatValue(asyncTimeout)}`)
  }
  if (timeout !== false && !(typeof timeout === 'number' && timeout >= 0)) {
    throw new TypeError(`expectSaga(...).run({ timeout }): timeout must be a number of virtual ms >= 0 or false, got ${formatValue(timeout)}`)
  }
  if (typeof requireDone !== 'boolean') throw new TypeError(`expectSaga(...).run({ requireDone }): requireDone must be true or false, got ${formatValue(requireDone)}`)
  return { timeout: timeout === false ? Infinity : timeout, requireDone, asyncTimeout }
}

function checkNth(api: string, nth: number): void {
  if (!Number.isInteger(nth) || nth < 1) throw new TypeError(`expectSaga(...).${api}: nth must be an integer >= 1, got ${formatValue(nth)}`)
}

class ExpectSaga {
  private readonly assertions: Assertion[] = []
  private readonly providers: unknown[] = []
  private readonly injections: FailureInjection[] = []
  private readonly dispatches: ScheduledDispatch[] = []
  private readonly live: LiveRun = {}
  private initialState: unknown = undefined
  private reducer: ((state: any, action: any) => unknown) | undefined = undefined
  private context: object | undefined = undefined
  private ordered = false
  private exclusive = false
  readonly not: Record<string, unknown>

  constructor(
    private readonly saga: (...args: any[]) => Iterator<any, any, any>,
    private readonly args: readonly unknown[],
  ) {
    if (typeof saga !== 'function') throw new TypeError(`expectSaga(saga, ...args): saga must be a generator function, got ${formatValue(saga)}`)
    Object.assign(this, this.effectAssertions(false))
    // redux-saga-test-plan's names without a method of their own here: say what replaces them,
    // rather than "is not a function" (non-enumerable: not part of the API).
    for (const [name, instead] of Object.entries(REPLACED_METHODS)) {
      Object.defineProperty(this, name, {
        value: () => {
          throw new TypeError(`expectSaga(...).${name}(...) is redux-saga-test-plan's; here, ${instead}`)
        },
      })
    }
    this.not = {
      ...this.effectAssertions(true),
      throws: (expected: unknown) => this.add({ type: 'throws', expected: checkThrowsExpectation('expectSaga(...).not.throws(expected)', expected), negated: true }),
    }
  }

  private add(assertion: Assertion): this {
    this.assertions.push(assertion)
    return this
  }

  private effectAssertions(negated: boolean): Record<string, unknown> {
    const register = (matcher: EffectMatcher) => this.add({ type: 'effect', matcher, negated })
    const prefix = `expectSaga(...)${negated ? '.not' : ''}`
    const result: Record<string, unknown> = { effect: (effect: unknown) => register(toMatcher(effect, `${prefix}.effect(effectOrMatcher)`)) }
    // The creators' own checks name the creator (`call: argument fn is undefined or null`): the
    // assertion's name goes in front.
    const build = (api: string, make: (...args: any[]) => EffectMatcher, args: unknown[]): EffectMatcher => {
      try {
        return make(...args)
      } catch (error) {
        throw new TypeError(`${prefix}.${api}(...) could not build the expected effect: ${error instanceof Error ? error.message : formatValue(error)}`, { cause: error })
      }
    }
    for (const name of EFFECT_ASSERTIONS) {
      const builder = matchers[name] as unknown as ((...args: any[]) => EffectMatcher) & Record<string, (...args: any[]) => EffectMatcher>
      const assertion: Record<string, unknown> = {}
      for (const key of Object.keys(builder)) assertion[key] = (...args: any[]) => register(build(`${name}.${key}`, builder[key]!, args))
      result[name] = Object.assign((...args: any[]) => register(build(name, builder, args)), assertion)
    }
    return result
  }

  withState(state: unknown): this {
    this.initialState = state
    return this
  }

  withReducer(reducer: (state: any, action: any) => unknown, ...initial: [unknown?]): this {
    if (typeof reducer !== 'function') throw new TypeError(`expectSaga(...).withReducer(reducer): reducer must be a function, got ${formatValue(reducer)}`)
    this.reducer = reducer
    this.initialState = initial.length && initial[0] !== undefined ? initial[0] : reducer(undefined, { type: '@@sagaflow/testing/INIT' })
    return this
  }

  withContext(context: object): this {
    if (context === null || typeof context !== 'object') {
      throw new TypeError(`expectSaga(...).withContext(context): context must be an object of the values getContext reads, got ${formatValue(context)}`)
    }
    this.context = { ...this.context, ...context }
    return this
  }

  provide(providers: unknown): this {
    const list = Array.isArray(providers) ? providers : [providers]
    // Checked here, so a bad provider is reported by the call that gave it (indexes are this list's).
    compileProviders(list, !Array.isArray(providers))
    this.providers.push(...list)
    return this
  }

  dispatch(action: unknown): this {
    return this.schedule(0, action, 'dispatch(action)')
  }

  dispatchAt(ms: number, action: unknown): this {
    return this.schedule(ms, action, 'dispatchAt(ms, action)')
  }

  private schedule(ms: number, action: unknown, api: string): this {
    if (!(typeof ms === 'number' && ms >= 0 && Number.isFinite(ms))) {
      throw new TypeError(`expectSaga(...).${api}: ms must be a finite number of virtual ms >= 0, got ${formatValue(ms)}`)
    }
    if (action === undefined || action === null) throw new TypeError(`expectSaga(...).${api}: action must be an action (or END), got ${formatValue(action)}`)
    // While run() goes on, the action goes to that run (at `ms`, or now if that has passed).
    if (this.live.dispatch) this.live.dispatch(ms, action)
    else this.dispatches.push({ at: ms, action })
    return this
  }

  inOrder(): this {
    this.ordered = true
    return this
  }

  exactly(): this {
    this.exclusive = true
    return this
  }

  returns(value: unknown): this {
    return this.add({ type: 'returns', value })
  }

  throws(expected: unknown): this {
    return this.add({ type: 'throws', expected: checkThrowsExpectation('expectSaga(...).throws(expected)', expected), negated: false })
  }

  hasFinalState(state: unknown): this {
    return this.add({ type: 'state', state })
  }

  failAt(matcher: EffectMatcherLike, error: unknown, nth = 1): this {
    checkNth('failAt(matcher, error, nth)', nth)
    this.injections.push({ type: 'fail', matcher: toMatcher(matcher, 'expectSaga(...).failAt(matcher, error, nth)'), nth, error })
    return this
  }

  cancelAt(matcher: EffectMatcherLike, nth = 1): this {
    checkNth('cancelAt(matcher, nth)', nth)
    this.injections.push({ type: 'cancel', matcher: toMatcher(matcher, 'expectSaga(...).cancelAt(matcher, nth)'), nth })
    return this
  }

  compensated(steps: readonly string[], options: { transaction?: string } = {}): this {
    if (!Array.isArray(steps)) throw new TypeError(`expectSaga(...).compensated(steps): steps must be an array of step names, got ${formatValue(steps)}`)
    const api = 'expectSaga(...).compensated(steps, options)'
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      throw new TypeError(`${api}: options must be an object { transaction? } (the name of the transaction whose steps count), got ${formatValue(options)}`)
    }
    for (const key of Object.keys(options)) {
      if (key === 'transaction') continue
      const meant = closestName(key, ['transaction'])
      throw new TypeError(`${api}: unknown option ${formatValue(key)}${meant === undefined ? '' : ' (did you mean `transaction`?)'}; the one option is transaction`)
    }
    const { transaction } = options
    if (transaction !== undefined && typeof transaction !== 'string') {
      throw new TypeError(`${api}: transaction must be the name of a transaction (a string), got ${formatValue(transaction)}`)
    }
    return this.add({ type: 'compensated', steps: [...steps], transaction })
  }

  async run(options?: RunOptions | number | false): Promise<RunResult> {
    const { timeout, requireDone, asyncTimeout } = normalizeRunOptions(options)
    const execution = await execute({
      saga: this.saga,
      args: this.args,
      initialState: this.initialState,
      reducer: this.reducer,
      context: this.context,
      provide: compileProviders(this.providers),
      injections: this.injections,
      dispatches: this.dispatches,
      live: this.live,
      timeout,
      asyncTimeout,
    })
    const { recorder, ending } = execution
    // The test's own matcher threw (a predicate in provide / failAt / cancelAt): the run was cut
    // short there, so nothing else it observed means anything.
    if (execution.misuse) throw execution.misuse.error
    const result = buildResult(recorder, execution.blocked, returnedBy(ending)?.value, execution.storeState)
    // The saga's error is the test's outcome unless a (positive) throws(...) expects one: with
    // only .not.throws(TypeError), a RangeError must not pass unseen.
    if (ending.status === 'error' && !this.assertions.some((a) => a.type === 'throws' && !a.negated)) throw ending.error
    // A spawned task's error does not fail its parent (nor the test), but is not dropped either:
    // it is logged, as the runtime's default onError logs it, and listed if an assertion fails.
    for (const { error, sagaStack } of execution.detachedErrors) {
      console.error(`expectSaga(${fnName(this.saga)}): a detached (spawned) task failed:`, error, sagaStack ? `\n${sagaStack}` : '')
    }
    const failures = evaluate(this.assertions, { inOrder: this.ordered, exactly: this.exclusive }, {
      effects: result.effects,
      ending,
      storeState: execution.storeState,
      compensations: execution.compensations,
    })
    for (const { at, action } of execution.undelivered) {
      failures.push(`dispatchAt(${at}, ${formatValue(action)}) was never delivered: the run ended at ${execution.endedAt} virtual ms (run({ timeout }) to go further)`)
    }
    if (requireDone && (ending.status === 'timeout' || ending.status === 'stuck')) {
      const blocked = result.blocked.map(({ task, effect }) => `\n      ${task}: ${formatEffect(effect)}`).join('')
      failures.unshift(`the saga did not finish (run({ requireDone: true })): it ${describeEnding(ending)}; blocked:${blocked || ' (no task waits on an effect)'}`)
    }
    if (failures.length === 0) return result
    const name = fnName(this.saga)
    const total = this.assertions.length + (requireDone ? 1 : 0) + execution.undelivered.length
    // A task blocked on a channel fed from outside the saga (an eventChannel on a socket): the run
    // did not wait for it, where redux-saga-test-plan's real 250 ms did; say so, and what to do.
    const unfinished = ending.status === 'timeout' || ending.status === 'stuck'
    const outsideTakers = unfinished ? execution.blocked.filter(({ effect }) => recorder.takesFromOutside(effect)).map(({ task }) => task.key) : []
    const outsideNote = outsideTakers.length
      ? [
          `${outsideTakers.join(', ')} waited in a take on a channel fed from outside the saga (an eventChannel on a socket or a real timer, a channel the test keeps): the run does not wait for such a source to emit. Make it emit from the test once run() has started (const done = expectSaga(...).run(); socket.emit(...); await done), or provide the call that creates the channel with a channel() and put into it the same way.`,
        ]
      : []
    const detached = execution.detachedErrors.map(({ error, sagaStack }) => `\n  ${formatValue(error)}${sagaStack ? `\n    ${sagaStack.trim().split('\n').join('\n    ')}` : ''}`)
    const message = [
      `expectSaga(${name}): ${failures.length} of ${total} assertion${total === 1 ? '' : 's'} failed`,
      ...failures.map((failure) => `  ✗ ${failure}`),
      '',
      `The saga ${describeEnding(ending)} (virtual time at the end: ${execution.endedAt} ms).`,
      ...outsideNote,
      ...(detached.length ? [`Errors in detached (spawned) tasks:${detached.join('')}`] : []),
      'Trace:',
      formatTrace(result.trace, 60) || '  (no effect)',
    ].join('\n')
    throw new SagaTestError(message, { expected: failures, result })
  }
}

/**
 * Runs a saga in the real interpreter on a virtual clock and checks what it did: the effects it
 * yielded (in any task), what it returned or threw, the final store state. `delay(60_000)`,
 * `debounce`, `throttle` and `retry` back-off take no real time. Effects can be answered by
 * providers, made to fail (`failAt`) or cancelled (`cancelAt`).
 *
 * @example
 * ```ts
 * function* userSaga(api: Api) {
 *   const { id } = yield* take<{ type: 'REQUEST_USER'; id: number }>('REQUEST_USER')
 *   const user = yield* call(api.fetchUser, id)
 *   yield* delay(60_000)
 *   yield* put({ type: 'RECEIVE_USER', user })
 * }
 *
 * it('fetches the user', async () => {
 *   await expectSaga(userSaga, api)
 *     .provide([[call(api.fetchUser, 42), { id: 42, name: 'Ada' }]])
 *     .put({ type: 'RECEIVE_USER', user: { id: 42, name: 'Ada' } })
 *     .dispatch({ type: 'REQUEST_USER', id: 42 })
 *     .run()
 * })
 * ```
 */
export function expectSaga<Args extends any[], R>(saga: (...args: Args) => Iterator<any, R, any>, ...args: Args): ExpectSagaApi<R> {
  return new ExpectSaga(saga, args) as unknown as ExpectSagaApi<R>
}
