import { describe, expect, it } from 'vitest'
import { CancellationToken, CancellationTokenSource, TimeoutError, VirtualClock } from '@sagaflow/cancellation'
import type { DisposableCancellationToken } from '@sagaflow/cancellation'
import { registrationCount } from '../src/internal/inspect.js'

const disposeKey: typeof Symbol.dispose = (Symbol.dispose ?? Symbol.for('Symbol.dispose')) as typeof Symbol.dispose

describe('CancellationTokenSource({ parents })', () => {
  it('is cancelled with the reason of the parent token that is cancelled, unchanged', () => {
    const first = new CancellationTokenSource()
    const second = new CancellationTokenSource()
    const child = new CancellationTokenSource({ parents: [first.token, second.token] })
    const reason = new Error('second went away')
    second.cancel(reason)
    expect(child.token.isCancelled).toBe(true)
    expect(child.token.reason).toBe(reason)
  })

  it('is cancelled when a parent AbortSignal aborts, with the signal reason', () => {
    const controller = new AbortController()
    const child = new CancellationTokenSource({ parents: [controller.signal] })
    controller.abort('aborted upstream')
    expect(child.token.reason).toBe('aborted upstream')
  })

  it('is cancelled at construction, with its reason, when a parent is already cancelled', () => {
    const parent = CancellationToken.cancelled('already')
    const child = new CancellationTokenSource({ parents: [parent] })
    expect(child.token.isCancelled).toBe(true)
    expect(child.token.reason).toBe('already')
  })

  it('is cancelled at construction when a parent signal already aborted', () => {
    const child = new CancellationTokenSource({ parents: [AbortSignal.abort('gone')] })
    expect(child.token.reason).toBe('gone')
  })

  it('takes the reason of the first cancelled parent and does not link to the others', () => {
    const live = new CancellationTokenSource()
    const child = new CancellationTokenSource({
      parents: [live.token, CancellationToken.cancelled('first'), CancellationToken.cancelled('second')],
    })
    expect(child.token.reason).toBe('first')
    expect(registrationCount(live.token)).toBe(0)
  })

  it('does not start its timer when a parent is already cancelled', () => {
    const clock = new VirtualClock()
    new CancellationTokenSource({ parents: [CancellationToken.cancelled()], timeoutMs: 10, clock })
    expect(clock.pending()).toBe(0)
  })

  it('can still be cancelled directly', () => {
    const parent = new CancellationTokenSource()
    const child = new CancellationTokenSource({ parents: [parent.token] })
    child.cancel('mine')
    expect(child.token.reason).toBe('mine')
    expect(parent.token.isCancelled).toBe(false)
  })

  it('removes its registrations from every parent when cancelled', () => {
    const first = new CancellationTokenSource()
    const second = new CancellationTokenSource()
    const child = new CancellationTokenSource({ parents: [first.token, second.token] })
    expect(registrationCount(first.token)).toBe(1)
    expect(registrationCount(second.token)).toBe(1)
    first.cancel()
    expect(registrationCount(second.token)).toBe(0)
    child.cancel()
    expect(registrationCount(second.token)).toBe(0)
  })

  it('removes its registrations from every parent when disposed', () => {
    const first = new CancellationTokenSource()
    const second = new CancellationTokenSource()
    const child = new CancellationTokenSource({ parents: [first.token, second.token] })
    child.dispose()
    expect(registrationCount(first.token)).toBe(0)
    expect(registrationCount(second.token)).toBe(0)
    first.cancel()
    expect(child.token.isCancelled).toBe(false)
    expect(child.token.canBeCancelled).toBe(false)
  })

  it('cancels children depth-first, at their place in the parent registration order', () => {
    const root = new CancellationTokenSource()
    const log: string[] = []
    root.token.onCancel(() => log.push('root 1'))
    const child = new CancellationTokenSource({ parents: [root.token] })
    child.token.onCancel(() => log.push('child'))
    const grandchild = new CancellationTokenSource({ parents: [child.token] })
    grandchild.token.onCancel(() => log.push('grandchild'))
    root.token.onCancel(() => log.push('root 2'))
    root.cancel()
    expect(log).toEqual(['root 1', 'child', 'grandchild', 'root 2'])
  })

  it('cancels a chain of 100,000 linked tokens without overflowing the stack, and runs every callback', () => {
    const root = new CancellationTokenSource()
    const log: string[] = []
    let token: CancellationToken = root.token
    for (let i = 0; i < 100_000; i++) token = CancellationToken.any([token])
    token.onCancel(() => log.push('deepest'))
    root.token.onCancel(() => log.push('root, registered last'))
    root.cancel('stop')
    expect(log).toEqual(['deepest', 'root, registered last'])
    expect(token.reason).toBe('stop')
  })

  it('ignores parents that can never be cancelled', () => {
    const disposed = new CancellationTokenSource()
    disposed.dispose()
    const child = new CancellationTokenSource({ parents: [CancellationToken.none, disposed.token] })
    expect(child.token.canBeCancelled).toBe(true)
    child.cancel('direct')
    expect(child.token.reason).toBe('direct')
  })

  it('is not cancelled when a parent is disposed', () => {
    const parent = new CancellationTokenSource()
    const child = new CancellationTokenSource({ parents: [parent.token] })
    parent.dispose()
    parent.cancel()
    expect(child.token.isCancelled).toBe(false)
  })

  it('accepts an empty parents array', () => {
    const source = new CancellationTokenSource({ parents: [] })
    expect(source.token.canBeCancelled).toBe(true)
  })
})

describe('CancellationToken.any()', () => {
  it('is cancelled when any token is, with that token reason', () => {
    const first = new CancellationTokenSource()
    const second = new CancellationTokenSource()
    const token = CancellationToken.any([first.token, second.token])
    expect(token.isCancelled).toBe(false)
    first.cancel('first wins')
    expect(token.reason).toBe('first wins')
    second.cancel('second')
    expect(token.reason).toBe('first wins')
  })

  it('accepts AbortSignals next to tokens', () => {
    const controller = new AbortController()
    const token = CancellationToken.any([CancellationToken.none, controller.signal])
    controller.abort('signal')
    expect(token.reason).toBe('signal')
  })

  it('combines with a timeout on a virtual clock', () => {
    const clock = new VirtualClock()
    const app = new CancellationTokenSource()
    const token = CancellationToken.any([app.token, CancellationToken.timeout(1_000, { clock })])
    clock.advance(1_000)
    expect(token.reason).toBeInstanceOf(TimeoutError)
  })

  it('is already cancelled when one token already is', () => {
    expect(CancellationToken.any([CancellationToken.none, CancellationToken.cancelled('x')]).reason).toBe('x')
  })

  it('can never be cancelled when no token can be', () => {
    expect(CancellationToken.any([]).canBeCancelled).toBe(false)
    expect(CancellationToken.any([CancellationToken.none]).canBeCancelled).toBe(false)
  })

  it('dispose() unlinks it from every parent and leaves it never cancelling', () => {
    const parent = new CancellationTokenSource()
    const token = CancellationToken.any([parent.token])
    token.dispose()
    expect(registrationCount(parent.token)).toBe(0)
    parent.cancel()
    expect(token.isCancelled).toBe(false)
    expect(token.canBeCancelled).toBe(false)
  })

  it('dispose() after cancellation keeps the reason', () => {
    const parent = new CancellationTokenSource()
    const token = CancellationToken.any([parent.token])
    parent.cancel('r')
    token.dispose()
    expect(token.isCancelled).toBe(true)
    expect(token.reason).toBe('r')
  })

  it('works with Symbol.dispose, for `using`', () => {
    const parent = new CancellationTokenSource()
    const token: DisposableCancellationToken = CancellationToken.any([parent.token])
    token[disposeKey]()
    expect(registrationCount(parent.token)).toBe(0)
  })

  it('rejects an element that is neither a token nor a signal', () => {
    expect(() => CancellationToken.any([CancellationToken.none, 3 as never])).toThrow(
      new TypeError('CancellationToken.any(tokens): tokens[1] is neither a CancellationToken nor an AbortSignal, got 3 (number)'),
    )
  })

  it('rejects a non-array', () => {
    expect(() => CancellationToken.any(undefined as never)).toThrow(
      new TypeError('CancellationToken.any(tokens): expected an array of CancellationToken or AbortSignal, got undefined'),
    )
  })
})

describe('linking without leaks', () => {
  const million = 1_000_000

  it('leaves a long-lived parent with zero registrations after a million linked children are disposed', () => {
    const parent = new CancellationTokenSource()
    for (let i = 0; i < million; i++) CancellationToken.any([parent.token]).dispose()
    expect(registrationCount(parent.token)).toBe(0)
  })

  it('leaves a long-lived parent with zero registrations after a million linked children are cancelled', () => {
    const parent = new CancellationTokenSource()
    const other = new CancellationTokenSource()
    for (let i = 0; i < million; i++) {
      const child = new CancellationTokenSource({ parents: [parent.token] })
      child.cancel('done') // a string reason: a million default CancellationErrors would mostly time stack capture
    }
    // Cancelled through another parent: the registration on `parent` goes too.
    for (let i = 0; i < 1_000; i++) {
      const linked = CancellationToken.any([parent.token, other.token])
      expect(linked.isCancelled).toBe(false)
    }
    other.cancel()
    expect(registrationCount(parent.token)).toBe(0)
    expect(registrationCount(other.token)).toBe(0)
  })

  it('holds exactly one registration per live child', () => {
    const parent = new CancellationTokenSource()
    const children = Array.from({ length: 1_000 }, () => CancellationToken.any([parent.token]))
    expect(registrationCount(parent.token)).toBe(1_000)
    for (const child of children.slice(0, 400)) child.dispose()
    expect(registrationCount(parent.token)).toBe(600)
  })

  it('adds a single abort listener to a signal linked a million times', () => {
    const controller = new AbortController()
    let listeners = 0
    const add = controller.signal.addEventListener.bind(controller.signal)
    controller.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => {
      listeners++
      add(...args)
    }) as AbortSignal['addEventListener']
    for (let i = 0; i < million; i++) CancellationToken.any([controller.signal]).dispose()
    expect(listeners).toBe(1)
    expect(registrationCount(CancellationToken.from(controller.signal))).toBe(0)
  })
})
