import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import {
  CancellationError,
  CancellationToken,
  CancellationTokenSource,
  TimeoutError,
  VirtualClock,
  isCancellationToken,
} from '@sagaflow/cancellation'
import type { CancellationRegistration } from '@sagaflow/cancellation'
import { registrationCount } from '../src/internal/inspect.js'

const disposeKey: typeof Symbol.dispose = (Symbol.dispose ?? Symbol.for('Symbol.dispose')) as typeof Symbol.dispose

/** A full garbage collection (`gc` exposed at run time, so the test runs without `--expose-gc`). */
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Collects garbage across a few turns: a `WeakRef` target stays alive until the job that made it ends. */
async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
  }
}

/** Lets queued promise reactions run. */
async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve()
}

describe('CancellationToken', () => {
  describe('throwIfCancelled()', () => {
    it('does nothing while the token is not cancelled', () => {
      const source = new CancellationTokenSource()
      expect(() => source.token.throwIfCancelled()).not.toThrow()
    })

    it('throws a CancellationError carrying a plain reason', () => {
      const source = new CancellationTokenSource()
      source.cancel('user left')
      let thrown: unknown
      try {
        source.token.throwIfCancelled()
      } catch (error) {
        thrown = error
      }
      expect(thrown).toBeInstanceOf(CancellationError)
      expect((thrown as CancellationError).reason).toBe('user left')
      expect((thrown as CancellationError).message).toBe('Operation was cancelled: user left')
    })

    it('wraps an ordinary Error reason in a CancellationError', () => {
      const source = new CancellationTokenSource()
      const reason = new Error('shutdown')
      source.cancel(reason)
      expect(() => source.token.throwIfCancelled()).toThrow(CancellationError)
      try {
        source.token.throwIfCancelled()
      } catch (error) {
        expect((error as CancellationError).reason).toBe(reason)
      }
    })

    it('throws a CancellationError reason as is', () => {
      const source = new CancellationTokenSource()
      const reason = new CancellationError('custom')
      source.cancel(reason)
      expect(() => source.token.throwIfCancelled()).toThrow(reason)
      try {
        source.token.throwIfCancelled()
      } catch (error) {
        expect(error).toBe(reason)
      }
    })

    it('throws a TimeoutError reason as is', () => {
      const clock = new VirtualClock()
      const token = CancellationToken.timeout(10, { clock })
      clock.advance(10)
      try {
        token.throwIfCancelled()
      } catch (error) {
        expect(error).toBe(token.reason)
        expect(error).toBeInstanceOf(TimeoutError)
      }
      expect.assertions(2)
    })
  })

  describe('onCancel()', () => {
    it('runs the callback synchronously at once if the token is already cancelled', () => {
      const token = CancellationToken.cancelled('done')
      const log: string[] = []
      token.onCancel((reason) => log.push(`cb:${String(reason)}`))
      log.push('after')
      expect(log).toEqual(['cb:done', 'after'])
    })

    it('lets an error of a callback run at once propagate from onCancel', () => {
      const token = CancellationToken.cancelled()
      const boom = new Error('boom')
      expect(() =>
        token.onCancel(() => {
          throw boom
        }),
      ).toThrow(boom)
    })

    it('dispose() removes the callback so it never runs', () => {
      const source = new CancellationTokenSource()
      let calls = 0
      const registration = source.token.onCancel(() => calls++)
      registration.dispose()
      source.cancel()
      expect(calls).toBe(0)
    })

    it('dispose() is idempotent and harmless after the callback ran', () => {
      const source = new CancellationTokenSource()
      let calls = 0
      const registration = source.token.onCancel(() => calls++)
      registration.dispose()
      registration.dispose()
      const ran = source.token.onCancel(() => calls++)
      source.cancel()
      ran.dispose()
      expect(calls).toBe(1)
    })

    it('removes a registration in the middle without disturbing the others', () => {
      const source = new CancellationTokenSource()
      const log: string[] = []
      const registrations = ['a', 'b', 'c', 'd', 'e'].map((name) => source.token.onCancel(() => log.push(name)))
      registrations[2]!.dispose()
      registrations[0]!.dispose()
      registrations[4]!.dispose()
      expect(registrationCount(source.token)).toBe(2)
      source.token.onCancel(() => log.push('f'))
      source.cancel()
      expect(log).toEqual(['b', 'd', 'f'])
    })

    // Its cost (O(1) per disposal) is guarded by bench/complexity.mjs, not a wall-clock bound here.
    it('removes registrations in any order', () => {
      const source = new CancellationTokenSource()
      const count = 10_000
      let fired = 0
      const registrations = Array.from({ length: count }, () => source.token.onCancel(() => fired++))
      for (let i = 0; i < count; i += 2) registrations[i]!.dispose()
      expect(registrationCount(source.token)).toBe(count / 2)
      for (let i = count - 1; i > 0; i -= 2) registrations[i]!.dispose()
      expect(registrationCount(source.token)).toBe(0)
      source.cancel()
      expect(fired).toBe(0)
    })

    // Audit round 3: a registration kept after dispose() or after its callback ran (a class field,
    // say) kept the callback, and everything it closed over, alive.
    it('lets go of the callback once it can no longer run, though the registration is kept', async () => {
      const make = (token: CancellationToken): { registration: CancellationRegistration; captured: WeakRef<object> } => {
        const state = { buffer: new Array<number>(1_000).fill(0) }
        return { registration: token.onCancel(() => void state.buffer.length), captured: new WeakRef(state) }
      }
      const source = new CancellationTokenSource()
      const disposed = make(source.token)
      disposed.registration.dispose()
      const ran = make(source.token)
      source.cancel()
      const sealedSource = new CancellationTokenSource()
      const sealed = make(sealedSource.token)
      sealedSource.dispose()
      await collectGarbage()
      expect(disposed.captured.deref()).toBeUndefined()
      expect(ran.captured.deref()).toBeUndefined()
      expect(sealed.captured.deref()).toBeUndefined()
      expect([disposed, ran, sealed].map(({ registration }) => typeof registration.dispose)).toEqual(['function', 'function', 'function']) // still held
    })

    it('returns a registration usable with Symbol.dispose', () => {
      const source = new CancellationTokenSource()
      let calls = 0
      const registration = source.token.onCancel(() => calls++)
      registration[disposeKey]()
      source.cancel()
      expect(calls).toBe(0)
    })
  })

  describe('whenCancelled()', () => {
    it('resolves with the reason when the token is cancelled', async () => {
      const source = new CancellationTokenSource()
      const promise = source.token.whenCancelled()
      source.cancel('bye')
      await expect(promise).resolves.toBe('bye')
    })

    it('resolves at once for a cancelled token', async () => {
      await expect(CancellationToken.cancelled('gone').whenCancelled()).resolves.toBe('gone')
    })

    it('resolves, not rejects, when the reason is an Error, so no rejection goes unhandled', async () => {
      const source = new CancellationTokenSource()
      const reason = new Error('cancelled with an error')
      // Created and never awaited: an unhandled rejection here would fail the run.
      void source.token.whenCancelled()
      const awaited = source.token.whenCancelled()
      source.cancel(reason)
      await flushPromises()
      await expect(awaited).resolves.toBe(reason)
    })

    it('does not reject for a thenable reason', async () => {
      const source = new CancellationTokenSource()
      const thenable = Promise.reject(new Error('a rejected promise as the reason'))
      thenable.catch(() => {})
      const promise = source.token.whenCancelled()
      source.cancel(thenable)
      const value = await promise
      expect(value).toBeInstanceOf(CancellationError)
      expect((value as CancellationError).reason).toBe(thenable)
    })

    it('does not reject for a reason whose then cannot be read (a throwing getter)', async () => {
      const reason = {
        get then(): never {
          throw new Error('no then')
        },
      }
      const early = new CancellationTokenSource()
      const before = early.token.whenCancelled()
      early.cancel(reason)
      expect(((await before) as CancellationError).reason).toBe(reason)
      const after = await CancellationToken.cancelled(reason).whenCancelled()
      expect((after as CancellationError).reason).toBe(reason)
    })

    it('returns the same promise each time, registering once', () => {
      const source = new CancellationTokenSource()
      const first = source.token.whenCancelled()
      expect(source.token.whenCancelled()).toBe(first)
      expect(registrationCount(source.token)).toBe(1)
    })

    it('stays pending for a token that can never be cancelled', async () => {
      let settled = false
      void CancellationToken.none.whenCancelled().then(() => {
        settled = true
      })
      const source = new CancellationTokenSource()
      void source.token.whenCancelled().then(() => {
        settled = true
      })
      source.dispose()
      source.cancel()
      await flushPromises()
      expect(settled).toBe(false)
      expect(registrationCount(source.token)).toBe(0)
    })
  })

  describe('CancellationToken.none', () => {
    it('is never cancelled and says so', () => {
      expect(CancellationToken.none.isCancelled).toBe(false)
      expect(CancellationToken.none.canBeCancelled).toBe(false)
      expect(CancellationToken.none.reason).toBeUndefined()
      expect(() => CancellationToken.none.throwIfCancelled()).not.toThrow()
    })

    it('is frozen', () => {
      expect(Object.isFrozen(CancellationToken.none)).toBe(true)
    })

    it('never runs callbacks and keeps none of them', () => {
      let calls = 0
      const registration = CancellationToken.none.onCancel(() => calls++)
      registration.dispose()
      expect(calls).toBe(0)
      expect(registrationCount(CancellationToken.none)).toBe(0)
    })

    it('has a signal that is not aborted', () => {
      expect(CancellationToken.none.signal.aborted).toBe(false)
      expect(CancellationToken.none.signal).toBe(CancellationToken.none.signal)
    })
  })

  describe('CancellationToken.cancelled()', () => {
    it('returns a token already cancelled with a CancellationError by default', () => {
      const token = CancellationToken.cancelled()
      expect(token.isCancelled).toBe(true)
      expect(token.canBeCancelled).toBe(true)
      expect(token.reason).toBeInstanceOf(CancellationError)
    })

    it('uses the given reason', () => {
      expect(CancellationToken.cancelled('why').reason).toBe('why')
    })
  })

  describe('CancellationToken.timeout()', () => {
    it('cancels with a TimeoutError after ms on the given clock, with no real waiting', () => {
      const clock = new VirtualClock()
      const token = CancellationToken.timeout(60_000, { clock })
      clock.advance(59_999)
      expect(token.isCancelled).toBe(false)
      clock.advance(1)
      expect(token.reason).toBeInstanceOf(TimeoutError)
      expect((token.reason as TimeoutError).ms).toBe(60_000)
    })

    it('fires when a VirtualClock runs all timers', () => {
      const clock = new VirtualClock()
      const token = CancellationToken.timeout(5_000, { clock })
      clock.runAll()
      expect(token.isCancelled).toBe(true)
      expect(clock.now()).toBe(5_000)
    })

    it('dispose() clears the timer and leaves a token that never cancels', () => {
      const clock = new VirtualClock()
      const token = CancellationToken.timeout(100, { clock })
      token.dispose()
      expect(clock.pending()).toBe(0)
      expect(token.canBeCancelled).toBe(false)
      clock.advance(1_000)
      expect(token.isCancelled).toBe(false)
    })

    it('Infinity never cancels', () => {
      const clock = new VirtualClock()
      const token = CancellationToken.timeout(Infinity, { clock })
      expect(clock.pending()).toBe(0)
      expect(token.canBeCancelled).toBe(false)
    })

    it('rejects a bad ms or clock', () => {
      expect(() => CancellationToken.timeout(-1)).toThrow(
        new TypeError('CancellationToken.timeout(ms): expected a non-negative number, got -1 (number) (use Infinity for no timeout)'),
      )
      expect(() => CancellationToken.timeout(Number.NaN)).toThrow(/got NaN \(number\)/)
      expect(() => CancellationToken.timeout(10, { clock: { now: () => 0 } as never })).toThrow(
        /CancellationToken\.timeout\(ms, \{ clock \}\): expected a Clock/,
      )
    })
  })

  describe('CancellationToken.from()', () => {
    it('returns a token as is', () => {
      const token = new CancellationTokenSource().token
      expect(CancellationToken.from(token)).toBe(token)
    })

    it('follows an AbortController signal, with its reason', () => {
      const controller = new AbortController()
      const token = CancellationToken.from(controller.signal)
      expect(token.isCancelled).toBe(false)
      const reason = new Error('stop')
      controller.abort(reason)
      expect(token.isCancelled).toBe(true)
      expect(token.reason).toBe(reason)
    })

    it('gives the AbortError of a signal aborted without a reason', () => {
      const controller = new AbortController()
      const token = CancellationToken.from(controller.signal)
      controller.abort()
      expect(token.reason).toBeInstanceOf(DOMException)
      expect((token.reason as DOMException).name).toBe('AbortError')
    })

    it('returns a cancelled token for an already aborted signal, with its reason', () => {
      const token = CancellationToken.from(AbortSignal.abort('too late'))
      expect(token.isCancelled).toBe(true)
      expect(token.reason).toBe('too late')
      let seen: unknown
      token.onCancel((reason) => {
        seen = reason
      })
      expect(seen).toBe('too late')
    })

    it('returns the same token for the same signal, whose signal is that signal', () => {
      const controller = new AbortController()
      const token = CancellationToken.from(controller.signal)
      expect(CancellationToken.from(controller.signal)).toBe(token)
      expect(token.signal).toBe(controller.signal)
    })

    it('follows a token of another copy of the package through its public API', () => {
      const foreignSource = new CancellationTokenSource()
      const real = foreignSource.token
      const foreign = {
        get isCancelled() {
          return real.isCancelled
        },
        get canBeCancelled() {
          return real.canBeCancelled
        },
        get reason() {
          return real.reason
        },
        onCancel: (callback: (reason: unknown) => void) => real.onCancel(callback),
        throwIfCancelled: () => real.throwIfCancelled(),
      } as unknown as CancellationToken
      expect(isCancellationToken(foreign)).toBe(true)
      const token = CancellationToken.from(foreign)
      expect(token).not.toBe(foreign)
      foreignSource.cancel('from afar')
      expect(token.reason).toBe('from afar')
    })

    it('follows a token of another copy that can never be cancelled with a token that can never be cancelled', () => {
      const foreignSource = new CancellationTokenSource()
      foreignSource.dispose()
      const real = foreignSource.token
      const foreign = {
        isCancelled: false,
        canBeCancelled: false,
        reason: undefined,
        onCancel: (callback: (reason: unknown) => void) => real.onCancel(callback),
        throwIfCancelled: () => real.throwIfCancelled(),
      } as unknown as CancellationToken
      const token = CancellationToken.from(foreign)
      expect(token.canBeCancelled).toBe(false)
      expect(token.canBeCancelled).toBe(CancellationToken.any([foreign]).canBeCancelled)
    })

    it('rejects anything else', () => {
      expect(() => CancellationToken.from({} as AbortSignal)).toThrow(
        new TypeError('CancellationToken.from(source): expected an AbortSignal or a CancellationToken, got {…} (object)'),
      )
    })
  })

  describe('isCancellationToken()', () => {
    it('recognises tokens', () => {
      expect(isCancellationToken(CancellationToken.none)).toBe(true)
      expect(isCancellationToken(new CancellationTokenSource().token)).toBe(true)
      expect(isCancellationToken(CancellationToken.any([]))).toBe(true)
    })

    it('rejects signals, sources and other values', () => {
      expect(isCancellationToken(new AbortController().signal)).toBe(false)
      expect(isCancellationToken(new CancellationTokenSource())).toBe(false)
      expect(isCancellationToken({ isCancelled: false })).toBe(false)
      expect(isCancellationToken(null)).toBe(false)
      expect(isCancellationToken('token')).toBe(false)
    })
  })
})
