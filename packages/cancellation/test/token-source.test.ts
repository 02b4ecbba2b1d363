import { describe, expect, it } from 'vitest'
import {
  CancellationError,
  CancellationToken,
  CancellationTokenSource,
  TimeoutError,
  VirtualClock,
  isCancellationToken,
} from '@sagaflow/cancellation'
import { registrationCount } from '../src/internal/inspect.js'

function catchError(run: () => void): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('expected an error')
}

describe('CancellationTokenSource', () => {
  it('starts with an uncancelled token that can be cancelled', () => {
    const source = new CancellationTokenSource()
    expect(isCancellationToken(source.token)).toBe(true)
    expect(source.token).toBeInstanceOf(CancellationToken)
    expect(source.token.isCancelled).toBe(false)
    expect(source.token.canBeCancelled).toBe(true)
    expect(source.token.reason).toBeUndefined()
  })

  it('returns the same token every time', () => {
    const source = new CancellationTokenSource()
    expect(source.token).toBe(source.token)
  })

  it('cancels with a CancellationError by default', () => {
    const source = new CancellationTokenSource()
    source.cancel()
    expect(source.token.isCancelled).toBe(true)
    expect(source.token.reason).toBeInstanceOf(CancellationError)
    expect((source.token.reason as CancellationError).message).toBe('Operation was cancelled')
  })

  it('cancels with the given reason, unchanged', () => {
    const source = new CancellationTokenSource()
    const reason = { why: 'navigated away' }
    source.cancel(reason)
    expect(source.token.reason).toBe(reason)
  })

  it('keeps the first reason when cancelled again', () => {
    const source = new CancellationTokenSource()
    source.cancel('first')
    source.cancel('second')
    expect(source.token.reason).toBe('first')
  })

  it('runs callbacks once, even when cancelled again', () => {
    const source = new CancellationTokenSource()
    let calls = 0
    source.token.onCancel(() => calls++)
    source.cancel()
    source.cancel()
    expect(calls).toBe(1)
  })

  it('runs callbacks synchronously, in registration order, with the reason', () => {
    const source = new CancellationTokenSource()
    const log: string[] = []
    source.token.onCancel((reason) => log.push(`a:${String(reason)}`))
    source.token.onCancel((reason) => log.push(`b:${String(reason)}`))
    source.token.onCancel((reason) => log.push(`c:${String(reason)}`))
    log.push('before')
    source.cancel('stop')
    log.push('after')
    expect(log).toEqual(['before', 'a:stop', 'b:stop', 'c:stop', 'after'])
  })

  it('shows the token as cancelled inside its callbacks', () => {
    const source = new CancellationTokenSource()
    let seen: boolean | undefined
    source.token.onCancel(() => {
      seen = source.token.isCancelled
    })
    source.cancel()
    expect(seen).toBe(true)
  })

  it('runs the other callbacks when one throws, then throws an AggregateError of the errors', () => {
    const source = new CancellationTokenSource()
    const log: string[] = []
    const first = new Error('first')
    const second = new Error('second')
    source.token.onCancel(() => {
      throw first
    })
    source.token.onCancel(() => log.push('b'))
    source.token.onCancel(() => {
      throw second
    })
    source.token.onCancel(() => log.push('d'))
    const error = catchError(() => source.cancel())
    expect(log).toEqual(['b', 'd'])
    expect(error).toBeInstanceOf(AggregateError)
    expect((error as AggregateError).errors).toEqual([first, second])
    expect((error as AggregateError).message).toBe('CancellationTokenSource.cancel(reason): 2 cancellation callbacks threw (see .errors)')
    expect(source.token.isCancelled).toBe(true)
  })

  it('throws an AggregateError even when a single callback throws', () => {
    const source = new CancellationTokenSource()
    const only = new Error('only')
    source.token.onCancel(() => {
      throw only
    })
    const error = catchError(() => source.cancel())
    expect(error).toBeInstanceOf(AggregateError)
    expect((error as AggregateError).errors).toEqual([only])
  })

  it('collects errors thrown in linked children into the same flat AggregateError', () => {
    const parent = new CancellationTokenSource()
    const inParent = new Error('parent')
    const inGrandchild = new Error('grandchild')
    const afterChild = new Error('after child')
    parent.token.onCancel(() => {
      throw inParent
    })
    const child = new CancellationTokenSource({ parents: [parent.token] })
    const grandchild = new CancellationTokenSource({ parents: [child.token] })
    grandchild.token.onCancel(() => {
      throw inGrandchild
    })
    parent.token.onCancel(() => {
      throw afterChild
    })
    const error = catchError(() => parent.cancel())
    // Registration order: the child link sits between the two parent callbacks.
    expect((error as AggregateError).errors).toEqual([inParent, inGrandchild, afterChild])
    expect(grandchild.token.isCancelled).toBe(true)
  })

  it('does not run a callback whose registration an earlier callback disposed', () => {
    const source = new CancellationTokenSource()
    const log: string[] = []
    source.token.onCancel(() => {
      log.push('a')
      later.dispose()
    })
    const later = source.token.onCancel(() => log.push('b'))
    source.token.onCancel(() => log.push('c'))
    source.cancel()
    expect(log).toEqual(['a', 'c'])
  })

  it('runs a callback registered during cancellation at once', () => {
    const source = new CancellationTokenSource()
    const log: string[] = []
    source.token.onCancel(() => {
      log.push('a')
      source.token.onCancel(() => log.push('registered late'))
      log.push('a done')
    })
    source.token.onCancel(() => log.push('b'))
    source.cancel()
    expect(log).toEqual(['a', 'registered late', 'a done', 'b'])
  })

  it('ignores cancel() from inside a callback', () => {
    const source = new CancellationTokenSource()
    const log: string[] = []
    source.token.onCancel(() => {
      source.cancel('again')
      log.push('a')
    })
    source.token.onCancel(() => log.push('b'))
    source.cancel('first')
    expect(log).toEqual(['a', 'b'])
    expect(source.token.reason).toBe('first')
  })

  it('drops its callbacks once cancelled', () => {
    const source = new CancellationTokenSource()
    source.token.onCancel(() => {})
    source.token.onCancel(() => {})
    expect(registrationCount(source.token)).toBe(2)
    source.cancel()
    expect(registrationCount(source.token)).toBe(0)
  })

  describe('dispose()', () => {
    it('makes an uncancelled token one that can never be cancelled', () => {
      const source = new CancellationTokenSource()
      source.dispose()
      expect(source.token.canBeCancelled).toBe(false)
      expect(source.token.isCancelled).toBe(false)
    })

    it('makes a later cancel() a no-op', () => {
      const source = new CancellationTokenSource()
      let calls = 0
      source.token.onCancel(() => calls++)
      source.dispose()
      source.cancel('too late')
      expect(calls).toBe(0)
      expect(source.token.isCancelled).toBe(false)
      expect(source.token.reason).toBeUndefined()
    })

    it('drops the callbacks of an uncancelled token', () => {
      const source = new CancellationTokenSource()
      source.token.onCancel(() => {})
      source.dispose()
      expect(registrationCount(source.token)).toBe(0)
    })

    it('never calls a callback registered after disposal, and returns a harmless registration', () => {
      const source = new CancellationTokenSource()
      source.dispose()
      let calls = 0
      const registration = source.token.onCancel(() => calls++)
      source.cancel()
      registration.dispose()
      expect(calls).toBe(0)
    })

    it('keeps a cancelled token cancelled', () => {
      const source = new CancellationTokenSource()
      source.cancel('done')
      source.dispose()
      expect(source.token.isCancelled).toBe(true)
      expect(source.token.canBeCancelled).toBe(true)
      expect(source.token.reason).toBe('done')
    })

    it('can be called twice', () => {
      const source = new CancellationTokenSource()
      source.dispose()
      expect(() => source.dispose()).not.toThrow()
    })

    it('clears its timer', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ timeoutMs: 100, clock })
      expect(clock.pending()).toBe(1)
      source.dispose()
      expect(clock.pending()).toBe(0)
      clock.advance(1_000)
      expect(source.token.isCancelled).toBe(false)
    })

    it('is also available as Symbol.dispose, for `using`', () => {
      const source = new CancellationTokenSource()
      const dispose: typeof Symbol.dispose = (Symbol.dispose ?? Symbol.for('Symbol.dispose')) as typeof Symbol.dispose
      source[dispose]()
      expect(source.token.canBeCancelled).toBe(false)
    })
  })

  describe('timeouts', () => {
    it('cancels with a TimeoutError after timeoutMs of clock time', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ timeoutMs: 1_000, clock })
      clock.advance(999)
      expect(source.token.isCancelled).toBe(false)
      clock.advance(1)
      expect(source.token.isCancelled).toBe(true)
      expect(source.token.reason).toBeInstanceOf(TimeoutError)
      expect((source.token.reason as TimeoutError).ms).toBe(1_000)
    })

    it('clears the timer when cancelled before the timeout', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ timeoutMs: 1_000, clock })
      source.cancel('early')
      expect(clock.pending()).toBe(0)
      clock.advance(2_000)
      expect(source.token.reason).toBe('early')
    })

    it('cancelAfter(ms) cancels with a TimeoutError after ms', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ clock })
      source.cancelAfter(300)
      clock.advance(300)
      expect((source.token.reason as TimeoutError).message).toBe('Operation timed out after 300 ms')
    })

    it('cancelAfter(ms) replaces an earlier timeout', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ timeoutMs: 100, clock })
      clock.advance(50)
      source.cancelAfter(100)
      expect(clock.pending()).toBe(1)
      clock.advance(99)
      expect(source.token.isCancelled).toBe(false)
      clock.advance(1)
      expect((source.token.reason as TimeoutError).ms).toBe(100)
      expect(clock.now()).toBe(150)
    })

    it('cancelAfter(Infinity) removes the timeout', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ timeoutMs: 100, clock })
      source.cancelAfter(Infinity)
      expect(clock.pending()).toBe(0)
      clock.runAll()
      expect(source.token.isCancelled).toBe(false)
    })

    it('cancelAfter(ms) does nothing once cancelled or disposed', () => {
      const clock = new VirtualClock()
      const cancelled = new CancellationTokenSource({ clock })
      cancelled.cancel()
      cancelled.cancelAfter(10)
      const disposed = new CancellationTokenSource({ clock })
      disposed.dispose()
      disposed.cancelAfter(10)
      expect(clock.pending()).toBe(0)
    })

    it('timeoutMs: 0 cancels on the next clock turn, not synchronously', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ timeoutMs: 0, clock })
      expect(source.token.isCancelled).toBe(false)
      clock.advance(0)
      expect(source.token.reason).toBeInstanceOf(TimeoutError)
    })

    it('timeoutMs: Infinity never times out', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ timeoutMs: Infinity, clock })
      expect(clock.pending()).toBe(0)
      expect(source.token.canBeCancelled).toBe(true)
    })

    it('reports callback errors of a timeout through the clock', () => {
      const clock = new VirtualClock()
      const source = new CancellationTokenSource({ timeoutMs: 10, clock })
      const boom = new Error('boom')
      source.token.onCancel(() => {
        throw boom
      })
      const error = catchError(() => clock.advance(10))
      expect(error).toBeInstanceOf(AggregateError)
      expect((error as AggregateError).errors).toEqual([boom])
      expect((error as AggregateError).message).toBe('timeout after 10 ms: 1 cancellation callback threw (see .errors)')
    })

    it('uses the system clock by default', async () => {
      const source = new CancellationTokenSource({ timeoutMs: 1 })
      const reason = await source.token.whenCancelled()
      expect(reason).toBeInstanceOf(TimeoutError)
    })
  })

  describe('argument checks', () => {
    it('rejects a negative timeoutMs with a TypeError naming the API and the value', () => {
      expect(() => new CancellationTokenSource({ timeoutMs: -1 })).toThrow(
        new TypeError('CancellationTokenSource({ timeoutMs }): expected a non-negative number, got -1 (number) (use Infinity for no timeout)'),
      )
    })

    it('rejects a NaN or non-number timeoutMs', () => {
      expect(() => new CancellationTokenSource({ timeoutMs: Number.NaN })).toThrow(/timeoutMs.*got NaN \(number\)/)
      expect(() => new CancellationTokenSource({ timeoutMs: '100' as unknown as number })).toThrow(/timeoutMs.*got "100" \(string\)/)
    })

    it('rejects a bad cancelAfter(ms)', () => {
      const source = new CancellationTokenSource()
      expect(() => source.cancelAfter(-5)).toThrow(
        new TypeError('CancellationTokenSource.cancelAfter(ms): expected a non-negative number, got -5 (number) (use Infinity for no timeout)'),
      )
    })

    it('rejects a parent that is neither a token nor a signal', () => {
      const token = new CancellationTokenSource().token
      expect(() => new CancellationTokenSource({ parents: [token, 'nope' as unknown as CancellationToken] })).toThrow(
        new TypeError('CancellationTokenSource({ parents }): parents[1] is neither a CancellationToken nor an AbortSignal, got "nope" (string)'),
      )
    })

    it('rejects parents that are not an array', () => {
      const token = new CancellationTokenSource().token
      expect(() => new CancellationTokenSource({ parents: token as unknown as CancellationToken[] })).toThrow(
        /CancellationTokenSource\(\{ parents \}\): expected an array of CancellationToken or AbortSignal, got CancellationToken \{…\} \(object\)/,
      )
    })

    it('does not link to any parent when a later parent is bad', () => {
      const parent = new CancellationTokenSource()
      expect(() => new CancellationTokenSource({ parents: [parent.token, null as unknown as CancellationToken] })).toThrow(TypeError)
      expect(registrationCount(parent.token)).toBe(0)
    })

    it('rejects a clock that is not a Clock', () => {
      expect(() => new CancellationTokenSource({ clock: {} as VirtualClock })).toThrow(
        /CancellationTokenSource\(\{ clock \}\): expected a Clock \(\{ now, setTimeout, clearTimeout \}\).*got \{…\} \(object\)/,
      )
    })

    it('rejects options that are not an object', () => {
      expect(() => new CancellationTokenSource(5 as never)).toThrow(/new CancellationTokenSource\(options\): expected an options object.*got 5 \(number\)/)
    })

    it('rejects a misspelt option instead of ignoring the link or timeout it asked for', () => {
      const parent = new CancellationTokenSource()
      expect(() => new CancellationTokenSource({ parent: [parent.token] } as never)).toThrow(
        new TypeError('new CancellationTokenSource(options): unknown option "parent"; the options are parents, timeoutMs, clock'),
      )
      expect(() => new CancellationTokenSource({ timeout: 100 } as never)).toThrow('unknown option "timeout"; the options are parents, timeoutMs, clock')
      expect(() => new CancellationTokenSource(null as never)).toThrow(/new CancellationTokenSource\(options\): expected an options object \(\{ parents\?, timeoutMs\?, clock\? \}\) or nothing, got null/)
      expect(new CancellationTokenSource(Object.assign(Object.create(null), { timeoutMs: 5 })).token.canBeCancelled).toBe(true)
    })

    it('accepts a plain options object made in another realm (a vm context, an iframe)', async () => {
      const { runInNewContext } = await import('node:vm')
      const clock = new VirtualClock()
      const foreign = runInNewContext('({ timeoutMs: 5 })') as { timeoutMs: number }
      expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype)
      const source = new CancellationTokenSource({ ...foreign, clock })
      const bare = new CancellationTokenSource(runInNewContext('({ timeoutMs: 5 })'))
      clock.advance(5)
      expect(source.token.isCancelled).toBe(true)
      bare.dispose()
      expect(() => CancellationToken.timeout(5, runInNewContext('({ clok: 1 })'))).toThrow('unknown option "clok"')
    })

    it('rejects a clock passed where its options go', () => {
      const clock = new VirtualClock()
      expect(() => CancellationToken.timeout(100, clock as never)).toThrow(
        new TypeError('CancellationToken.timeout(ms, options): expected an options object ({ clock? }) or nothing, got VirtualClock {…} (object) (pass a clock as { clock })'),
      )
      expect(() => CancellationToken.timeout(100, { clok: clock } as never)).toThrow('CancellationToken.timeout(ms, options): unknown option "clok"; the options are clock')
      expect(() => new VirtualClock(0, { loopLimt: 5 } as never)).toThrow('new VirtualClock(startTime, options): unknown option "loopLimt"; the options are loopLimit')
      const token = CancellationToken.timeout(100, { clock })
      clock.advance(100)
      expect(token.isCancelled).toBe(true)
    })

    it('rejects a non-function callback', () => {
      const source = new CancellationTokenSource()
      expect(() => source.token.onCancel('x' as never)).toThrow(
        new TypeError('CancellationToken.onCancel(callback): expected a function, got "x" (string)'),
      )
    })
  })
})
