/*
 * A circuit breaker shared by every saga that calls through it. Its state machine runs on the
 * clock of the saga running each `breaker.call` effect (the runner passes `env.clock` in), and
 * time-based transitions are computed when read, so an idle breaker holds no timer.
 *
 *   closed --(failureThreshold consecutive failures)--> open
 *   open --(resetTimeoutMs elapsed)--> half-open: up to halfOpenMax trial calls at a time
 *   half-open --(a trial succeeds)--> closed;  half-open --(a trial fails)--> open again
 *
 * Every transition starts a new generation; an outcome only counts if its call started in the
 * current generation (a slow call from before the circuit opened cannot close it).
 */
import type { Clock } from '@sagaflow/cancellation'
import { makeEffect } from '../internal/effect.js'
import { call, type CallEffect, type CallTarget, type MethodArgs, type MethodName, type MethodOf, type MethodTarget, type TargetFn } from '../io.js'
import type { Effect, SagaReturn } from '../types.js'
import { CALL_TARGET, checkCount, checkKeys, checkMs, fail, isCallTarget } from './options.js'
import { registerRunner } from '../effects/index.js'
import { runCircuitBreaker } from '../effects/circuit-breaker.js'

// Registered here, not in the registry, so an app that never uses this effect does not bundle its runner.
registerRunner('CIRCUIT_BREAKER', runCircuitBreaker)

/**
 * Thrown by `breaker.call(...)` while the circuit is open (or half-open with every trial slot
 * taken): `fn` was not called. `retryAfterMs` says how long until the breaker lets a trial call
 * through (0 when it is half-open).
 *
 * @example
 * ```ts
 * try {
 *   yield* breaker.call(api.fetchPrices)
 * } catch (error) {
 *   if (error instanceof CircuitOpenError) return cachedPrices // fail fast, serve stale data
 *   throw error
 * }
 * ```
 */
export class CircuitOpenError extends Error {
  /** Milliseconds until the breaker half-opens (0 if it is half-open). */
  readonly retryAfterMs: number
  /**
   * Creates the error; `breaker.call(...)` makes it when it refuses a call.
   *
   * @param retryAfterMs - milliseconds until the breaker half-opens (0 if it is half-open)
   * @param message - replaces the default message
   */
  constructor(retryAfterMs: number, message?: string) {
    super(message ?? (retryAfterMs > 0 ? `Circuit is open; retry after ${retryAfterMs} ms` : 'Circuit is half-open and its trial calls are in flight'))
    Object.setPrototypeOf(this, new.target.prototype)
    this.retryAfterMs = retryAfterMs
  }
  static {
    Object.defineProperty(this.prototype, 'name', { value: 'CircuitOpenError', writable: true, configurable: true })
  }
}

/**
 * Options of `circuitBreaker`.
 *
 * @example
 * ```ts
 * const options: CircuitBreakerOptions = { failureThreshold: 5, resetTimeoutMs: 30_000, halfOpenMax: 1 }
 * ```
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures (while closed) that open the circuit; an integer >= 1. */
  readonly failureThreshold: number
  /** How long the circuit stays open before it half-opens, in ms on the saga's clock. */
  readonly resetTimeoutMs: number
  /** Trial calls allowed at a time while half-open (default 1). */
  readonly halfOpenMax?: number | undefined
}

/**
 * A breaker's state: `'closed'` (calls go through), `'open'` (calls fail fast), `'half-open'`
 * (a few trial calls go through).
 *
 * @example
 * ```ts
 * const state: CircuitState = breaker.state
 * if (state === 'open') yield* put({ type: 'SERVICE_DOWN' })
 * ```
 */
export type CircuitState = 'closed' | 'open' | 'half-open'

/**
 * The effect `breaker.call(fn, ...args)` builds; its payload holds the breaker and the inner `call`.
 *
 * @example
 * ```ts
 * const effect: CircuitBreakerEffect<User> = breaker.call(fetchUser, id)
 * ```
 */
export type CircuitBreakerEffect<R = any> = Effect<
  'CIRCUIT_BREAKER',
  {
    /** The breaker the call goes through. */
    breaker: CircuitBreaker
    /** The `call` effect that runs when the breaker lets the call through. */
    effect: CallEffect<R>
  },
  R
>

/**
 * A circuit breaker; see `circuitBreaker()`.
 *
 * @example
 * ```ts
 * const breaker = circuitBreaker({ failureThreshold: 3, resetTimeoutMs: 10_000 })
 * const quote = yield* breaker.call(api.fetchQuote, symbol)
 * breaker.state // 'closed'
 * ```
 */
export interface CircuitBreaker {
  /** The current state (an open circuit reads `'half-open'` once its reset time has passed). */
  readonly state: CircuitState
  /**
   * An effect that calls `fn(...args)` (like `call`) through the breaker: it fails fast with
   * `CircuitOpenError`, without calling `fn`, while the circuit is open.
   */
  call<T extends CallTarget>(fn: T, ...args: Parameters<TargetFn<T>>): CircuitBreakerEffect<SagaReturn<ReturnType<TargetFn<T>>>>
  /** A method by name, `[api, 'fetchPrices']` / `{ context: api, fn: 'fetchPrices' }`, as `call` takes it. */
  call<C, K extends MethodName<C>>(fn: MethodTarget<C, K>, ...args: MethodArgs<C, K>): CircuitBreakerEffect<SagaReturn<ReturnType<MethodOf<C, K>>>>
}

/** What the runner holds for one call admitted through the breaker. */
export interface Admission {
  readonly generation: number
}

export class Breaker implements CircuitBreaker {
  private current: CircuitState = 'closed'
  private generation = 0
  private failures = 0
  private trials = 0
  private openedAt = 0
  /** The clock of the saga whose failure opened the circuit; `state` reads time from it. */
  private clock: Clock | null = null

  constructor(
    private readonly failureThreshold: number,
    private readonly resetTimeoutMs: number,
    private readonly halfOpenMax: number,
  ) {}

  get state(): CircuitState {
    if (this.current === 'open' && this.clock && this.clock.now() - this.openedAt >= this.resetTimeoutMs) return 'half-open'
    return this.current
  }

  // An arrow property: `breaker.call` keeps working when passed around unbound.
  readonly call: CircuitBreaker['call'] = (fn: any, ...args: any[]): any => {
    if (!isCallTarget(fn)) fail('breaker.call(fn, ...args)', 'fn', CALL_TARGET, fn)
    return makeEffect('CIRCUIT_BREAKER', { breaker: this, effect: call(fn, ...args) })
  }

  /** Lets a call through (an Admission) or refuses it (a CircuitOpenError). */
  admit(clock: Clock): Admission | CircuitOpenError {
    if (this.current === 'open') {
      const elapsed = clock.now() - this.openedAt
      if (elapsed < this.resetTimeoutMs) return new CircuitOpenError(this.resetTimeoutMs - elapsed)
      this.transition('half-open')
    }
    if (this.current === 'half-open') {
      if (this.trials >= this.halfOpenMax) return new CircuitOpenError(0)
      this.trials++
    }
    return { generation: this.generation }
  }

  /** The outcome of an admitted call; `'cancelled'` frees a trial slot and counts for nothing. */
  settled(admission: Admission, outcome: 'ok' | 'error' | 'cancelled', clock: Clock): void {
    if (admission.generation !== this.generation) return
    if (this.current === 'half-open') {
      this.trials--
      if (outcome === 'ok') this.transition('closed')
      else if (outcome === 'error') this.open(clock)
      return
    }
    if (outcome === 'ok') this.failures = 0
    else if (outcome === 'error' && ++this.failures >= this.failureThreshold) this.open(clock)
  }

  private open(clock: Clock): void {
    this.transition('open')
    this.openedAt = clock.now()
    this.clock = clock
  }

  private transition(state: CircuitState): void {
    this.current = state
    this.generation++
    this.failures = 0
    this.trials = 0
  }
}

const API = 'circuitBreaker(options)'

/**
 * Creates a circuit breaker: `breaker.call(fn, ...args)` is an effect that calls `fn` like `call`
 * while the circuit is closed. After `failureThreshold` consecutive failures the circuit opens and
 * every call fails fast with `CircuitOpenError` without calling `fn`. Once `resetTimeoutMs` has
 * passed (on the clock of the saga running the effect, so a `VirtualClock` drives it) the circuit
 * half-opens and lets `halfOpenMax` (default 1) trial calls through at a time: a success closes
 * it, a failure opens it again. A cancelled call counts as neither. `breaker.state` reads
 * `'closed' | 'open' | 'half-open'`. One breaker is meant to be shared (module scope), so every
 * saga calling a service sees the same state.
 *
 * Options are checked when the breaker is created (a `TypeError` naming the option and value).
 *
 * @example
 * ```ts
 * const payments = circuitBreaker({ failureThreshold: 5, resetTimeoutMs: 30_000 })
 *
 * function* charge(order: Order) {
 *   try {
 *     return yield* payments.call(api.charge, order.id, order.total)
 *   } catch (error) {
 *     if (error instanceof CircuitOpenError) yield* put({ type: 'PAYMENTS_DOWN', retryAfterMs: error.retryAfterMs })
 *     throw error
 *   }
 * }
 * ```
 */
export function circuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  if (options === null || typeof options !== 'object') fail(API, 'options', 'an object { failureThreshold, resetTimeoutMs, halfOpenMax? }', options)
  checkKeys(API, 'options', options, ['failureThreshold', 'resetTimeoutMs', 'halfOpenMax'])
  const { failureThreshold, resetTimeoutMs, halfOpenMax = 1 } = options
  checkCount(API, 'options.failureThreshold', failureThreshold, 1)
  checkMs(API, 'options.resetTimeoutMs', resetTimeoutMs)
  checkCount(API, 'options.halfOpenMax', halfOpenMax, 1)
  return new Breaker(failureThreshold, resetTimeoutMs, halfOpenMax)
}
