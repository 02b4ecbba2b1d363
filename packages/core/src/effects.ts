/**
 * `@sagaflow/core/effects`: every effect creator and helper of `redux-saga/effects`, plus
 * sagaflow's own.
 *
 * @example
 * ```ts
 * import { call, put, takeLatest } from '@sagaflow/core/effects'
 * ```
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
export { abortSignal, cancellationToken, halt } from './cancellation-effects.js'
export { use } from './resources.js'
export type { UseEffect } from './resources.js'
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
export type { AbortSignalEffect, CancellationTokenEffect, HaltEffect } from './cancellation-effects.js'
