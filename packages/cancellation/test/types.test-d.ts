// Type-level tests, checked by the root `tsc` (not run by vitest).
import { expectTypeOf } from 'vitest'
import {
  CancellationError,
  CancellationToken,
  CancellationTokenSource,
  TimeoutError,
  VirtualClock,
  isCancellationError,
  isCancellationToken,
  systemClock,
} from '@sagaflow/cancellation'
import type {
  CancellationRegistration,
  CancellationTimeoutOptions,
  CancellationTokenSourceOptions,
  Clock,
  DisposableCancellationToken,
  VirtualClockOptions,
} from '@sagaflow/cancellation'

declare const token: CancellationToken
declare const signal: AbortSignal
declare const unknownValue: unknown

// Sources and tokens
const source = new CancellationTokenSource({ parents: [token, signal], timeoutMs: 10, clock: systemClock })
expectTypeOf(source.token).toEqualTypeOf<CancellationToken>()
expectTypeOf(source.cancel).parameters.toEqualTypeOf<[reason?: unknown]>()
expectTypeOf(source.cancelAfter).toEqualTypeOf<(ms: number) => void>()
expectTypeOf(source.dispose).returns.toBeVoid()
expectTypeOf(source).toMatchTypeOf<Disposable>()
expectTypeOf(new CancellationTokenSource()).toEqualTypeOf<CancellationTokenSource>()
expectTypeOf<CancellationTokenSourceOptions['parents']>().toEqualTypeOf<readonly (CancellationToken | AbortSignal)[] | undefined>()

expectTypeOf(token.isCancelled).toBeBoolean()
expectTypeOf(token.canBeCancelled).toBeBoolean()
expectTypeOf(token.reason).toBeUnknown()
expectTypeOf(token.signal).toEqualTypeOf<AbortSignal>()
expectTypeOf(token.whenCancelled()).toEqualTypeOf<Promise<unknown>>()
expectTypeOf(token.throwIfCancelled()).toBeVoid()
expectTypeOf(token.onCancel(() => {})).toEqualTypeOf<CancellationRegistration>()
expectTypeOf(token.onCancel).parameter(0).toEqualTypeOf<(reason: unknown) => void>()
expectTypeOf<CancellationRegistration>().toMatchTypeOf<Disposable>()

// Statics
expectTypeOf(CancellationToken.none).toEqualTypeOf<CancellationToken>()
expectTypeOf(CancellationToken.cancelled()).toEqualTypeOf<CancellationToken>()
expectTypeOf(CancellationToken.from(signal)).toEqualTypeOf<CancellationToken>()
expectTypeOf(CancellationToken.from(token)).toEqualTypeOf<CancellationToken>()
expectTypeOf(CancellationToken.any([token, signal])).toEqualTypeOf<DisposableCancellationToken>()
expectTypeOf(CancellationToken.timeout(5, { clock: new VirtualClock() })).toEqualTypeOf<DisposableCancellationToken>()
expectTypeOf<DisposableCancellationToken>().toMatchTypeOf<CancellationToken>()
expectTypeOf<DisposableCancellationToken>().toMatchTypeOf<Disposable>()
expectTypeOf<DisposableCancellationToken['dispose']>().toEqualTypeOf<() => void>()
expectTypeOf<CancellationTimeoutOptions>().toEqualTypeOf<{ readonly clock?: Clock }>()

// Guards narrow
if (isCancellationToken(unknownValue)) expectTypeOf(unknownValue).toEqualTypeOf<CancellationToken>()
if (isCancellationError(unknownValue)) expectTypeOf(unknownValue).toExtend<Error>()
// A value typed Error stays an Error when it is not a cancellation (it was narrowed to never).
declare const failure: Error
if (!isCancellationError(failure)) expectTypeOf(failure.message).toBeString()

// Errors
expectTypeOf(new CancellationError('r').reason).toBeUnknown()
expectTypeOf(new TimeoutError(5).ms).toBeNumber()
expectTypeOf(new CancellationError()).toMatchTypeOf<Error>()
expectTypeOf(new TimeoutError(1)).toMatchTypeOf<Error>()

// Clocks
expectTypeOf(systemClock).toEqualTypeOf<Clock>()
expectTypeOf(new VirtualClock()).toMatchTypeOf<Clock>()
expectTypeOf(new VirtualClock(0, { loopLimit: 10 }).advance).toEqualTypeOf<(ms: number) => void>()
expectTypeOf<VirtualClockOptions>().toEqualTypeOf<{ readonly loopLimit?: number }>()

// Misuse is rejected
// @ts-expect-error tokens come from a source or the static factories
new CancellationToken()
// @ts-expect-error a token cannot cancel itself
token.cancel()
// @ts-expect-error a plain token has no dispose(); only any()/timeout() tokens and sources do
token.dispose()
// @ts-expect-error reading a token's state is allowed, changing it is not
token.isCancelled = true
// @ts-expect-error parents must be tokens or signals
new CancellationTokenSource({ parents: ['nope'] })
// @ts-expect-error timeoutMs is a number of milliseconds
new CancellationTokenSource({ timeoutMs: '100' })
// @ts-expect-error the callback receives the reason, nothing else
token.onCancel((reason: unknown, extra: string) => void extra)
// @ts-expect-error any() takes an array
CancellationToken.any(token)
// @ts-expect-error a Clock needs now, setTimeout and clearTimeout
new CancellationTokenSource({ clock: { now: () => 0 } })
// @ts-expect-error CancellationToken.none is readonly
CancellationToken.none = token
