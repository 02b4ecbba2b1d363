/**
 * `@sagaflow/core`: a typed, faster drop-in for redux-saga 1.x.
 *
 * @example
 * ```ts
 * import createSagaMiddleware, { runSaga, END } from '@sagaflow/core'
 * import { call, put, takeLatest } from '@sagaflow/core/effects'
 * ```
 *
 * @packageDocumentation
 */
import { createSagaMiddleware } from './middleware.js'

export default createSagaMiddleware
export { createSagaMiddleware }
export { runSaga } from './run-saga.js'
export { END, isEnd, channel, eventChannel, multicastChannel, stdChannel } from './channel.js'
export { buffers } from './buffers.js'
export { detach } from './io.js'
export { CANCEL, SAGA_LOCATION, TASK_CANCEL } from './symbols.js'
export * from './effects.js'
export * from './tracer/index.js'
export { CancellationError, TimeoutError, isCancellationError } from '@sagaflow/cancellation'

export type { Buffer } from './buffers.js'
export type {
  Channel,
  EventChannel,
  FlushableChannel,
  MulticastChannel,
  PuttableChannel,
  TakeableChannel,
  Taker,
} from './channel.js'
export type { Matcher, Pattern, PatternAction, SubPattern, StringableActionCreator, TypedPattern, TypedSubPattern } from './matcher.js'
export type { SagaMiddleware, SagaMiddlewareOptions } from './middleware.js'
export type { RunSagaOptions } from './run-saga.js'
export type { AnyAction, Middleware, PredicateTakeableChannel, Saga, SagaIterator, Subscribe, Unsubscribe } from './compat-types.js'
export type { CancelKind, TaskCancellationError } from './internal/cancel-reason.js'
export type {
  Action,
  CpsResult,
  Effect,
  EffectMiddleware,
  EffectResult,
  ErrorInfo,
  Operation,
  SagaMonitor,
  SagaReturn,
  Task,
  TaskMeta,
  UnknownAction,
} from './types.js'
