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
  type END,
  type FlushableChannel,
  type Pattern,
  type PuttableChannel,
  type TakeableChannel,
  type Tail,
  type Task,
  type ThunkAction,
  type UnknownAction,
} from '@sagaflow/core'
import { SagaTestError } from './errors.js'
import { checkThrowsExpectation, deepEqual, errorMatches, firstDifference } from './internal/deep-equal.js'
import { effectKind, fnName, isEffect } from './internal/effects.js'
import { formatEffect, formatValue } from './internal/format.js'
import type { AnyFn, ApplyArgs, CallTarget, MethodName, MethodOf, MethodTarget, TargetFn } from './internal/types.js'
import { toMatcher, type EffectMatcherLike } from './matchers.js'
import type { ThrowsExpectation } from './expect-saga/expect-saga.js'

/**
 * Between steps of a {@link testSaga}: move the saga on (each move must be followed by an
 * assertion on its outcome), or travel in its history.
 *
 * @typeParam R - The saga's return type, checked by `.returns(value)`.
 * @typeParam Args - The saga's parameters, checked by `.restart(...args)`.
 *
 * @example
 * ```ts
 * const saga: TestSagaApi<string> = testSaga(checkout, cart).next().select(selectUser).save('user known')
 * saga.next(null).put({ type: 'LOGIN_REQUIRED' })
 * saga.restore('user known').next(user).call(api.charge, user.id, cart.total)
 * ```
 */
export interface TestSagaApi<R = any, Args extends readonly unknown[] = any[]> {
  /** Resumes the saga with `value` (what the last effect gave). */
  next(value?: unknown): StepAssertions<R, Args>
  /** Throws `error` into the saga at the last effect (as if it failed). */
  throw(error: unknown): StepAssertions<R, Args>
  /** Returns from the saga at the last effect (as cancellation or `finally` testing needs). */
  return(value?: unknown): StepAssertions<R, Args>
  /** Remembers this point of the history under `label`. */
  save(label: string): TestSagaApi<R, Args>
  /** Goes back to a point saved with `save(label)` (replaying the history on a fresh generator). */
  restore(label: string): TestSagaApi<R, Args>
  /** Goes back `n` steps (default 1), replaying the history before them on a fresh generator. */
  back(n?: number): TestSagaApi<R, Args>
  /** Starts over, with new arguments if given (checked against the saga's parameters, as `testSaga`'s are). */
  restart(...args: Args | []): TestSagaApi<R, Args>
}

/**
 * The assertions that must follow each `next` / `throw` / `return`. Effect assertions are typed
 * like the effect creators; each compares the yielded effect by deep equality.
 *
 * @example
 * ```ts
 * const step: StepAssertions = testSaga(checkout, cart).next()
 * step.select(selectUser) // or .effect(matchers.select.selector(selectUser)), .inspect(...)
 * ```
 */
export interface StepAssertions<R = any, Args extends readonly unknown[] = any[]> {
  /**
   * The step yielded `call(fn, ...args)`; `fn` may also be `[context, fn]`, `[context, 'method']`
   * or `{ context, fn }`, as for the creator, and `args` are type-checked against `fn`'s parameters.
   * Returns the saga for its next move; throws a {@link SagaTestError} naming the step when the
   * yielded effect differs, or when the saga finished or threw instead.
   *
   * @example
   * ```ts
   * testSaga(loadUser, 7)
   *   .next().call(api.fetchUser, 7)
   *   .next({ id: 7, name: 'Ada' }).put({ type: 'USER_LOADED', user: { id: 7, name: 'Ada' } })
   * ```
   */
  call<T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): TestSagaApi<R, Args>
  /** The step yielded `call([context, 'method'], ...args)` (or `{ context, fn: 'method' }`). */
  call<C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: Parameters<MethodOf<C, K>>): TestSagaApi<R, Args>
  /**
   * The step yielded `apply(context, fn, args)`: a `call` with `this` bound to `context` (`fn` may
   * be a method name of `context`). Fails like {@link StepAssertions.call}.
   */
  apply<C, Fn extends AnyFn>(context: C, fn: Fn, ...args: ApplyArgs<Fn>): TestSagaApi<R, Args>
  /** The step yielded `apply(context, 'method', args)`. */
  apply<C extends { [P in K]: AnyFn }, K extends string>(context: C, fn: K, ...args: ApplyArgs<C[K]>): TestSagaApi<R, Args>
  /** The step yielded `cps(fn, ...args)` (a call of a Node-style callback function). Fails like {@link StepAssertions.call}. */
  cps<T extends CallTarget>(fn: T, ...args: any[]): TestSagaApi<R, Args>
  /** The step yielded `cps([context, 'method'], ...args)`. */
  cps<C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: any[]): TestSagaApi<R, Args>
  /**
   * The step yielded `fork(fn, ...args)`, an attached fork. A `spawn` of the same function does not
   * match. The next `next(task)` hands the saga its task, e.g. a {@link createMockTask}.
   *
   * @example
   * ```ts
   * const task = createMockTask()
   * testSaga(loginFlow).next().fork(authorize).next(task).take('LOGOUT')
   * ```
   */
  fork<T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): TestSagaApi<R, Args>
  /** The step yielded `fork([context, 'method'], ...args)`. */
  fork<C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: Parameters<MethodOf<C, K>>): TestSagaApi<R, Args>
  /** The step yielded `spawn(fn, ...args)`, a detached fork (a `fork` does not match). */
  spawn<T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): TestSagaApi<R, Args>
  /** The step yielded `spawn([context, 'method'], ...args)`. */
  spawn<C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: Parameters<MethodOf<C, K>>): TestSagaApi<R, Args>
  /**
   * The step yielded `put(action)`, the action deep-equal to `action` (asymmetric matchers such
   * as `expect.any(String)` work inside it). A `putResolve` of the same action does not match.
   *
   * @example
   * ```ts
   * testSaga(saveDraft, draft)
   *   .next().call(api.save, draft)
   *   .next({ id: 'd1' }).put({ type: 'SAVED', id: 'd1' })
   *   .next().isDone()
   * ```
   */
  put<A extends Action>(action: A): TestSagaApi<R, Args>
  /** The step yielded `put(thunk)`, the same thunk function (with the thunk middleware). */
  put(thunk: ThunkAction<any, any, any, any>): TestSagaApi<R, Args>
  /** The step yielded `put(channel, action)`: `action` put on that channel, not dispatched to the store. */
  put<T>(channel: PuttableChannel<T>, action: T | END): TestSagaApi<R, Args>
  /** The step yielded `putResolve(action)` (the blocking put); a plain `put` does not match. */
  putResolve<A extends Action>(action: A): TestSagaApi<R, Args>
  /** The step yielded `putResolve(thunk)`, the same thunk function. */
  putResolve(thunk: ThunkAction<any, any, any, any>): TestSagaApi<R, Args>
  /** The step yielded `putResolve(channel, action)`. */
  putResolve<T>(channel: PuttableChannel<T>, action: T | END): TestSagaApi<R, Args>
  /**
   * The step yielded `take(pattern)`, with the same pattern (a type string, an array, a
   * predicate: compared by deep equality, so a predicate must be the same function).
   *
   * @example
   * ```ts
   * testSaga(loginFlow).next().take('LOGIN').next({ type: 'LOGIN', user: 'ada' }).fork(authorize, 'ada')
   * ```
   */
  take<A = UnknownAction>(pattern?: Pattern<A>): TestSagaApi<R, Args>
  /** The step yielded `take(channel)` on that channel (with `multicastPattern` for a multicast channel). */
  take<T>(channel: TakeableChannel<T>, multicastPattern?: Pattern<T>): TestSagaApi<R, Args>
  /** The step yielded `takeMaybe(pattern)`, a take that gives `END` instead of ending the saga; a plain `take` does not match. */
  takeMaybe<A = UnknownAction>(pattern?: Pattern<A>): TestSagaApi<R, Args>
  /** The step yielded `takeMaybe(channel)` on that channel. */
  takeMaybe<T>(channel: TakeableChannel<T>, multicastPattern?: Pattern<T>): TestSagaApi<R, Args>
  /** The step yielded `select()` without a selector (the whole state). */
  select(): TestSagaApi<R, Args>
  /**
   * The step yielded `select(selector, ...args)`: the same selector function and deep-equal
   * extra arguments. The next `next(value)` gives the saga what the selector "returned".
   *
   * @typeParam Fn - The selector; `args` are type-checked against its parameters after the state.
   *
   * @example
   * ```ts
   * testSaga(checkout, cart).next().select(selectUser).next(null).put({ type: 'LOGIN_REQUIRED' })
   * ```
   */
  select<Fn extends (state: any, ...args: any[]) => any>(selector: Fn, ...args: Tail<Parameters<Fn>>): TestSagaApi<R, Args>
  /**
   * The step yielded `all(effects)` with deep-equal children (an array, or an object with the same
   * keys). The next `next(...)` gives the array or object of results.
   *
   * @example
   * ```ts
   * testSaga(loadPage)
   *   .next().all([call(api.fetchUser, 7), call(api.fetchPosts, 7)])
   *   .next([ada, []]).put({ type: 'PAGE_LOADED' })
   * ```
   */
  all(effects: readonly unknown[] | Record<string, unknown>): TestSagaApi<R, Args>
  /**
   * The step yielded `race(effects)` with deep-equal children. Resume it with the winner's result
   * under its key (`next({ timeout: true })`).
   */
  race(effects: readonly unknown[] | Record<string, unknown>): TestSagaApi<R, Args>
  /** The step yielded `delay(ms, value?)`; redux-saga's own `delay` effect matches too. */
  delay(ms: number, value?: unknown): TestSagaApi<R, Args>
  /**
   * The step yielded `cancel(task)` for that task (or tasks); without an argument, the
   * self-cancellation `cancel()`.
   *
   * @example
   * ```ts
   * const task = createMockTask()
   * testSaga(loginFlow)
   *   .next().fork(authorize)
   *   .next(task).take('LOGOUT')
   *   .next({ type: 'LOGOUT' }).cancel(task)
   * ```
   */
  cancel(task?: Task | readonly Task[]): TestSagaApi<R, Args>
  /** The step yielded `join(task)` for that task (or tasks). */
  join(task: Task | readonly Task[]): TestSagaApi<R, Args>
  /** The step yielded `cancelled()`; resume with `next(true)` to take the cancelled branch of a `finally`. */
  cancelled(): TestSagaApi<R, Args>
  /** The step yielded `actionChannel(pattern, buffer?)` with the same pattern and buffer. */
  actionChannel<T = UnknownAction>(pattern: Pattern<T>, buffer?: Buffer<T>): TestSagaApi<R, Args>
  /** The step yielded `flush(channel)` on that channel. */
  flush<T>(channel: FlushableChannel<T>): TestSagaApi<R, Args>
  /** The step yielded `getContext(prop)`; resume with the value the saga should read. */
  getContext(prop: string): TestSagaApi<R, Args>
  /** The step yielded `setContext(props)` with deep-equal props. */
  setContext(props: object): TestSagaApi<R, Args>
  /** Any effect (deep equality), a matcher from `matchers`, or a predicate. */
  effect(effectOrMatcher: EffectMatcherLike): TestSagaApi<R, Args>
  /** The yielded value deep-equals `value` (for values that are not effects). */
  is(value: unknown): TestSagaApi<R, Args>
  /**
   * Hands the yielded value to `inspector` for custom checks (once the saga is done, the value it
   * returned). Fails if the saga threw instead.
   */
  inspect<V = any>(inspector: (value: V) => void): TestSagaApi<R, Args>
  /** The saga is done, having returned `value`. */
  returns(value: R): TestSagaApi<R, Args>
  /** The saga is done. */
  isDone(): TestSagaApi<R, Args>
  /** The saga threw a matching error (an error class, a predicate, or a value). */
  throws(expected: ThrowsExpectation): TestSagaApi<R, Args>
}

type Method = 'next' | 'throw' | 'return'
interface Move {
  readonly method: Method
  readonly arg: unknown
}
type Outcome =
  | { readonly type: 'yield'; readonly value: unknown }
  | { readonly type: 'done'; readonly value: unknown }
  | { readonly type: 'threw'; readonly error: unknown }

type Creator = (...args: any[]) => unknown

const EFFECT_CREATORS: Record<string, Creator> = {
  call,
  apply,
  cps,
  fork,
  spawn,
  put,
  putResolve,
  take,
  takeMaybe,
  select,
  all,
  race,
  delay,
  cancel,
  join,
  cancelled,
  actionChannel,
  flush,
  getContext,
  setContext,
}

/** redux-saga-test-plan's testSaga methods that have another name here, and what to write instead. */
const REPLACED_METHODS: Readonly<Record<string, string>> = {
  finish: '.return(value) (then assert, e.g. .isDone())',
  parallel: '.all([...effects])',
  // The helpers are forks of a worker loop: `.effect(...)` compares the whole effect.
  takeEvery: '.effect(takeEvery(pattern, worker, ...args))',
  takeLatest: '.effect(takeLatest(pattern, worker, ...args))',
  takeLeading: '.effect(takeLeading(pattern, worker, ...args))',
  throttle: '.effect(throttle(ms, pattern, worker, ...args))',
  debounce: '.effect(debounce(ms, pattern, worker, ...args))',
  retry: '.effect(retry(maxTries, delayMs, fn, ...args))',
}

/**
 * Expected against actual, as the failure message shows them. When both print the same (another
 * function with the same name, another task or channel), a third line says where they differ.
 */
function expectedVsActual(expected: unknown, actual: unknown): string {
  const lines = `\n  expected: ${formatEffect(expected)}\n  actual:   ${formatEffect(actual)}`
  if (formatEffect(expected) !== formatEffect(actual)) return lines
  const path = firstDifference(actual, expected)
  const where = path ? `they differ at ${path}` : 'they are different objects'
  return `${lines}\n  (both print the same, but ${where}: functions, tasks and channels must be the very same object, not one with the same name)`
}

function describeMove(move: Move): string {
  if (move.method === 'next' && move.arg === undefined) return '.next()'
  return `.${move.method}(${formatValue(move.arg)})`
}

function describeOutcome(outcome: Outcome): string {
  switch (outcome.type) {
    case 'yield':
      return `the saga yielded ${formatEffect(outcome.value)}`
    case 'done':
      return `the saga is done (returned ${formatValue(outcome.value)})`
    case 'threw':
      return `the saga threw ${formatValue(outcome.error)}`
  }
}

class SagaStepper {
  private iterator!: Iterator<unknown, unknown, unknown>
  private history: Move[] = []
  private outcome: Outcome | undefined
  private asserted = true
  private readonly saved = new Map<string, Move[]>()
  private readonly name: string
  private args: readonly unknown[]
  readonly api: TestSagaApi
  readonly step: StepAssertions

  constructor(
    private readonly saga: (...args: any[]) => Iterator<unknown, unknown, unknown>,
    args: readonly unknown[],
  ) {
    if (typeof saga !== 'function') throw new TypeError(`testSaga(saga, ...args): saga must be a generator function, got ${formatValue(saga)}`)
    this.name = fnName(saga)
    this.args = args
    this.replay([])
    this.api = {
      next: (value?: unknown) => this.move('next', value),
      throw: (error: unknown) => this.move('throw', error),
      return: (value?: unknown) => this.move('return', value),
      save: (label) => this.save(label),
      restore: (label) => this.restore(label),
      back: (n = 1) => this.back(n),
      restart: (...newArgs) => this.restart(newArgs),
    }
    this.step = this.buildAssertions()
    // An assertion on the api (before the first step, or a second one on a step) says why it
    // cannot run, instead of the runtime's "is not a function".
    for (const name of Object.keys(this.step)) {
      if (name in this.api) continue
      Object.defineProperty(this.api, name, {
        value: () =>
          this.fail(
            this.history.length === 0
              ? `.${name}(...): assert after next(), throw() or return()`
              : `.${name}(...): this step is asserted already; move on with next(), throw() or return() first`,
          ),
      })
    }
    // redux-saga-test-plan's names that are spelt otherwise here: say which, rather than "is not a function".
    for (const [name, instead] of Object.entries(REPLACED_METHODS)) {
      const value = (): never => {
        throw new TypeError(`testSaga(${this.name}).${name}(...) is redux-saga-test-plan's; here, use ${instead}`)
      }
      Object.defineProperty(this.api, name, { value })
      Object.defineProperty(this.step, name, { value })
    }
  }

  private get stepNumber(): number {
    return this.history.length
  }

  private fail(message: string, expected?: unknown, actual?: unknown): never {
    const move = this.history[this.history.length - 1]
    const where = move ? `step ${this.stepNumber} (${describeMove(move)})` : 'before the first step'
    throw new SagaTestError(`testSaga(${this.name}) ${where}: ${message}`, { step: this.stepNumber, expected, actual })
  }

  private replay(moves: readonly Move[]): void {
    const iterator = this.saga(...this.args)
    if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function') {
      throw new TypeError(`testSaga(saga, ...args): saga must be a generator function (or return an iterator), but ${this.name}(...) returned ${formatValue(iterator)}`)
    }
    if (Symbol.asyncIterator in iterator && !(Symbol.iterator in iterator)) {
      // Its next() gives promises, not effects: every step would "yield" a promise.
      throw new TypeError(`testSaga(saga, ...args): ${this.name} is an async generator function; a saga is a plain generator function (function*, not async function*)`)
    }
    this.iterator = iterator
    this.history = []
    this.outcome = undefined
    for (const move of moves) this.apply(move)
    this.asserted = true
  }

  private apply(move: Move): void {
    this.history.push(move)
    try {
      const result = (this.iterator as any)[move.method](move.arg) as IteratorResult<unknown>
      this.outcome = result.done ? { type: 'done', value: result.value } : { type: 'yield', value: result.value }
    } catch (error) {
      this.outcome = { type: 'threw', error }
    }
  }

  private move(method: Method, arg: unknown): StepAssertions {
    if (!this.asserted) {
      this.fail(`${describeOutcome(this.outcome!)} and no assertion followed; assert each step (.put(...), .call(...), .effect(...), .inspect(...)) before ${method}()`)
    }
    this.apply({ method, arg })
    this.asserted = false
    return this.step
  }

  private save(label: string): TestSagaApi {
    // restore(label) looks it up by identity: save(undefined) (a misspelt constant) would be found by restore(undefined) only.
    if (typeof label !== 'string') throw new TypeError(`testSaga(${this.name}).save(label): label must be a string, got ${formatValue(label)}`)
    this.saved.set(label, [...this.history])
    return this.api
  }

  private restore(label: string): TestSagaApi {
    const moves = this.saved.get(label)
    if (!moves) {
      const known = [...this.saved.keys()].map((key) => formatValue(key)).join(', ') || 'none'
      throw new SagaTestError(`testSaga(${this.name}).restore(${formatValue(label)}): no point was saved under this label (saved: ${known})`)
    }
    this.replay(moves)
    return this.api
  }

  private back(n: number): TestSagaApi {
    if (!Number.isInteger(n) || n < 0 || n > this.history.length) {
      throw new SagaTestError(`testSaga(${this.name}).back(${formatValue(n)}): can go back 0 to ${this.history.length} steps`)
    }
    this.replay(this.history.slice(0, this.history.length - n))
    return this.api
  }

  private restart(args: readonly unknown[]): TestSagaApi {
    if (args.length) this.args = args
    this.replay([])
    return this.api
  }

  /** Runs one assertion on the current step's outcome. */
  private check(assert: (outcome: Outcome) => void): TestSagaApi {
    if (this.asserted && this.history.length === 0) this.fail('assert after next(), throw() or return()')
    try {
      assert(this.outcome!)
    } finally {
      // A failed assertion is still the step's assertion: a test that caught its error (to check
      // the message) goes on stepping without "no assertion followed" for that step.
      this.asserted = true
    }
    return this.api
  }

  private expectYield(outcome: Outcome, expected: string): unknown {
    if (outcome.type === 'yield') return outcome.value
    return this.fail(`expected ${expected}, but ${describeOutcome(outcome)}`, expected, outcome.type === 'done' ? outcome.value : outcome.error)
  }

  private assertEffect(expected: unknown): TestSagaApi {
    return this.check((outcome) => {
      const actual = this.expectYield(outcome, formatEffect(expected))
      if (deepEqual(actual, expected)) return
      const kind = isEffect(expected) ? effectKind(expected) : undefined
      const header =
        kind !== undefined && isEffect(actual) && effectKind(actual) === kind
          ? `${kind} effects do not match`
          : `expected ${kind === undefined ? 'a value' : `a ${kind} effect`}, but the saga yielded ${isEffect(actual) ? `a ${effectKind(actual)} effect` : 'a value'}`
      this.fail(`${header}${expectedVsActual(expected, actual)}`, expected, actual)
    })
  }

  private buildAssertions(): StepAssertions {
    const assertions: Record<string, unknown> = {}
    for (const [name, creator] of Object.entries(EFFECT_CREATORS)) {
      assertions[name] = (...args: unknown[]) => {
        let expected: unknown
        try {
          expected = creator(...args)
        } catch (error) {
          this.fail(`.${name}(...) could not build the expected effect: ${error instanceof Error ? error.message : formatValue(error)}`)
        }
        return this.assertEffect(expected)
      }
    }
    const step: StepAssertions = {
      ...(assertions as unknown as StepAssertions),
      effect: (effectOrMatcher) => {
        if (isEffect(effectOrMatcher)) return this.assertEffect(effectOrMatcher)
        const matcher = toMatcher(effectOrMatcher, `testSaga(${this.name}) step ${this.stepNumber}: .effect(effectOrMatcher)`)
        return this.check((outcome) => {
          const actual = this.expectYield(outcome, matcher.description)
          if (!matcher.test(actual)) this.fail(`expected ${matcher.description}\n  actual:   ${formatEffect(actual)}`, matcher.description, actual)
        })
      },
      is: (value) =>
        this.check((outcome) => {
          const actual = this.expectYield(outcome, formatValue(value))
          if (!deepEqual(actual, value)) this.fail(`yielded values do not match${expectedVsActual(value, actual)}`, value, actual)
        }),
      inspect: (inspector) => {
        if (typeof inspector !== 'function') {
          throw new TypeError(`testSaga(${this.name}) step ${this.stepNumber}: .inspect(inspector): expected a function (yieldedValue) => void, got ${formatValue(inspector)}`)
        }
        // On the last step, the value the saga returned (as redux-saga-test-plan gives it).
        return this.check((outcome) => inspector((outcome.type === 'done' ? outcome.value : this.expectYield(outcome, 'a yielded value')) as any))
      },
      returns: (value) =>
        this.check((outcome) => {
          if (outcome.type !== 'done') this.fail(`expected the saga to return ${formatValue(value)}, but ${describeOutcome(outcome)}`, value, outcome.type === 'yield' ? outcome.value : outcome.error)
          else if (!deepEqual(outcome.value, value)) {
            this.fail(`return values do not match${expectedVsActual(value, outcome.value)}`, value, outcome.value)
          }
        }),
      isDone: () =>
        this.check((outcome) => {
          if (outcome.type !== 'done') this.fail(`expected the saga to be done, but ${describeOutcome(outcome)}`, 'done', outcome.type === 'yield' ? outcome.value : outcome.error)
        }),
      throws: (expected) => {
        checkThrowsExpectation(`testSaga(${this.name}) step ${this.stepNumber}: .throws(expected)`, expected)
        return this.check((outcome) => {
          const description = typeof expected === 'function' ? (expected as { name?: string }).name || 'a predicate' : formatValue(expected)
          if (outcome.type !== 'threw') this.fail(`expected the saga to throw ${description}, but ${describeOutcome(outcome)}`)
          else if (!errorMatches(outcome.error, expected)) this.fail(`expected the saga to throw ${description}, but it threw ${formatValue(outcome.error)}`, expected, outcome.error)
        })
      },
    }
    // Forgetting the assertion (`.next().next()`) gets a message, not "next is not a function".
    for (const method of ['next', 'throw', 'return'] as const) {
      Object.defineProperty(step, method, { value: (arg: unknown) => this.move(method, arg), enumerable: false })
    }
    // So does `.next().save(label)` (redux-saga-test-plan allows it): the step is asserted first.
    for (const method of ['save', 'restore', 'back', 'restart'] as const) {
      Object.defineProperty(step, method, {
        value: (...args: unknown[]) => {
          if (!this.asserted) this.fail(`${describeOutcome(this.outcome!)} and no assertion followed; assert the step (.put(...), .call(...), .effect(...), .inspect(...)) before ${method}()`)
          return (this.api[method] as (...args: unknown[]) => TestSagaApi)(...args)
        },
        enumerable: false,
      })
    }
    return step
  }
}

/**
 * Steps through a saga one effect at a time, strictly: every `next()` / `throw()` / `return()`
 * is followed by an assertion on what the saga did (`.put(...)`, `.call(...)`, `.isDone()`...).
 * A failed assertion throws a `SagaTestError` naming the step and showing expected vs actual.
 * `save` / `restore` / `back` travel in the saga's history (by replaying it on a fresh generator).
 *
 * @example
 * ```ts
 * testSaga(checkout, cart)
 *   .next().select(selectUser)
 *   .save('user known')
 *   .next(user).call(api.charge, user.id, cart.total)
 *   .next(receipt).put({ type: 'CHECKOUT_DONE', receipt })
 *   .next().isDone()
 *   .restore('user known')
 *   .throw(new Error('declined')).put({ type: 'CHECKOUT_FAILED' })
 * ```
 */
export function testSaga<Args extends any[], R>(saga: (...args: Args) => Iterator<any, R, any>, ...args: Args): TestSagaApi<R, Args> {
  return new SagaStepper(saga as (...args: any[]) => Iterator<unknown, unknown, unknown>, args).api as TestSagaApi<R, Args>
}
