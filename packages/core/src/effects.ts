/**
 * `@sagaflow/core/effects`: every effect creator and helper of `redux-saga/effects`, plus
 * sagaflow's own.
 *
 * @example
 * ```ts
 * import { call, put, takeLatest } from '@sagaflow/core/effects'
 * ```
 *
 * @packageDocumentation
 */
export {
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
} from './io.js'
export { effectTypes } from './effect-types.js'
export { takeEvery } from './helpers/take-every.js'
export { takeLatest } from './helpers/take-latest.js'
export { takeLeading } from './helpers/take-leading.js'
export { throttle } from './helpers/throttle.js'
export { debounce } from './helpers/debounce.js'
export { retry } from './helpers/retry.js'
export { abortSignal, cancellationToken, getClock, halt } from './cancellation-effects.js'
export { use } from './resources.js'
export type { UseEffect } from './resources.js'
export { timeout } from './resilience/timeout.js'
export { allSettled, allLimit } from './resilience/combinators.js'
export { circuitBreaker, CircuitOpenError } from './resilience/circuit-breaker.js'
export { supervise } from './resilience/supervise.js'
export { takeLatestBy } from './helpers/take-latest-by.js'
export { takeLeadingBy } from './helpers/take-leading-by.js'
export { fromAsyncIterable } from './streams/from-async-iterable.js'
export { toAsyncIterable } from './streams/to-async-iterable.js'
export type { RetryPolicy } from './resilience/retry-policy.js'
export type { Backoff } from './resilience/options.js'
export type { TimeoutEffect, TimeoutPayload } from './resilience/timeout.js'
export type { AllLimitEffect, AllSettledEffect, Settled } from './resilience/combinators.js'
export type { CircuitBreaker, CircuitBreakerEffect, CircuitBreakerOptions, CircuitState } from './resilience/circuit-breaker.js'
export type { SuperviseEffect, SuperviseOptions } from './resilience/supervise.js'
export type { AsyncIterableChannel } from './streams/from-async-iterable.js'
export type { ToAsyncIterableOptions } from './streams/to-async-iterable.js'
export type {
  ActionChannelEffect,
  AllEffect,
  CallEffect,
  CallTarget,
  CancelEffect,
  CancelledEffect,
  CpsEffect,
  FlushEffect,
  ForkEffect,
  GetContextEffect,
  JoinEffect,
  PutEffect,
  RaceEffect,
  SelectEffect,
  SetContextEffect,
  TakeEffect,
} from './io.js'
export type { AbortSignalEffect, CancellationTokenEffect, GetClockEffect, HaltEffect } from './cancellation-effects.js'
export type { Effect } from './types.js'
export type { Pattern, PatternAction, TypedPattern, TypedSubPattern } from './matcher.js'
// redux-saga's type names (aliases of the types above), so typed redux-saga code compiles as is.
export type {
  ActionChannelEffectDescriptor,
  ActionPattern,
  AllButLast,
  AllEffectDescriptor,
  CallEffectDescriptor,
  CancelEffectDescriptor,
  CancelledEffectDescriptor,
  ChannelPutEffect,
  ChannelPutEffectDescriptor,
  ChannelTakeEffect,
  ChannelTakeEffectDescriptor,
  CpsCallback,
  CpsFunctionParameters,
  FlushEffectDescriptor,
  ForkEffectDescriptor,
  GetContextEffectDescriptor,
  HelperWorkerParameters,
  JoinEffectDescriptor,
  PutEffectDescriptor,
  RaceEffectDescriptor,
  SagaReturnType,
  SelectEffectDescriptor,
  SetContextEffectDescriptor,
  SimpleEffect,
  StrictEffect,
  Tail,
  TakeEffectDescriptor,
  ThunkAction,
} from './compat-types.js'
