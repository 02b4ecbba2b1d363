/**
 * `@sagaflow/testing`: step-by-step (`testSaga`) and whole-saga (`expectSaga`) tests on virtual
 * time, plus the reference's `cloneableGenerator` and `createMockTask`.
 *
 * @example
 * ```ts
 * import { expectSaga, testSaga, matchers, throwError } from '@sagaflow/testing'
 * ```
 *
 * @packageDocumentation
 */
export { cloneableGenerator } from './cloneable-generator.js'
export { createMockTask } from './mock-task.js'
export { testSaga } from './test-saga.js'
export { expectSaga } from './expect-saga/expect-saga.js'
export { formatTrace } from './expect-saga/result.js'
export { matchers, isEffectMatcher } from './matchers.js'
export { throwError, dynamic, delayed } from './providers.js'
export { SagaTestError } from './errors.js'

export type { SagaIteratorClone } from './cloneable-generator.js'
export type { MockTask } from './mock-task.js'
export type { StepAssertions, TestSagaApi } from './test-saga.js'
export type { EffectAssertions, ExpectSagaApi, NegatedAssertions, RunOptions, ThrowsExpectation } from './expect-saga/expect-saga.js'
export type { BlockedTask, EffectInjection, EffectList, EffectOutcome, EffectViews, RunResult, TraceEntry } from './expect-saga/result.js'
export type { EffectMatcher, EffectMatcherLike, MatchedResult, Matchers } from './matchers.js'
export type { DelayedValue, DynamicProviders, DynamicValue, NextFn, NextProvider, ProvidedValue, ProviderFn, StaticProvider, ThrownError } from './providers.js'
