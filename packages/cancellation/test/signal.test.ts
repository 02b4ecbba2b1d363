import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { CancellationToken, CancellationTokenSource, TimeoutError, VirtualClock, isCancellationError } from '@sagaflow/cancellation'

describe('token.signal', () => {
  it('is created lazily and is the same signal on every read', () => {
    const source = new CancellationTokenSource()
    const signal = source.token.signal
    expect(signal).toBeInstanceOf(AbortSignal)
    expect(source.token.signal).toBe(signal)
    expect(signal.aborted).toBe(false)
  })

  it('aborts with the token reason when the token is cancelled', () => {
    const source = new CancellationTokenSource()
    const signal = source.token.signal
    const reason = new Error('stop')
    source.cancel(reason)
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toBe(reason)
  })

  it('fires abort listeners in order with the other callbacks', () => {
    const source = new CancellationTokenSource()
    const log: string[] = []
    source.token.onCancel(() => log.push('before'))
    source.token.signal.addEventListener('abort', () => log.push('abort event'))
    source.token.onCancel(() => log.push('after'))
    source.cancel()
    expect(log).toEqual(['before', 'abort event', 'after'])
  })

  it('is already aborted, with the reason, when read after cancellation', () => {
    const source = new CancellationTokenSource()
    source.cancel('late reader')
    expect(source.token.signal.aborted).toBe(true)
    expect(source.token.signal.reason).toBe('late reader')
  })

  it('aborts with a TimeoutError when a virtual-clock timeout elapses', () => {
    const clock = new VirtualClock()
    const token = CancellationToken.timeout(250, { clock })
    const signal = token.signal
    clock.advance(250)
    expect(signal.reason).toBeInstanceOf(TimeoutError)
  })

  it('aborts through a link when the parent is cancelled', () => {
    const parent = new CancellationTokenSource()
    const child = CancellationToken.any([parent.token])
    const signal = child.signal
    parent.cancel('parent reason')
    expect(signal.reason).toBe('parent reason')
  })

  it('never aborts once the source is disposed, and is released', () => {
    const source = new CancellationTokenSource()
    const signal = source.token.signal
    source.dispose()
    source.cancel()
    expect(signal.aborted).toBe(false)
  })

  it('round-trips: a token from a signal, linked, gives a signal that follows the original', () => {
    const controller = new AbortController()
    const source = new CancellationTokenSource({ parents: [controller.signal] })
    const signal = source.token.signal
    controller.abort('upstream')
    expect(signal.aborted).toBe(true)
    expect(signal.reason).toBe('upstream')
  })

  // Audit round 3: from(token.signal) made a second token that followed the signal's abort event,
  // so the errors of callbacks linked through it escaped cancel() as uncaught exceptions.
  it('gives back its own token: CancellationToken.from(token.signal) is the token', () => {
    const source = new CancellationTokenSource()
    expect(CancellationToken.from(source.token.signal)).toBe(source.token)
    const cancelled = CancellationToken.cancelled('done')
    expect(CancellationToken.from(cancelled.signal)).toBe(cancelled)
    expect(CancellationToken.from(CancellationToken.none.signal)).toBe(CancellationToken.none)
  })

  it('links a token given as its signal like the token itself: callback errors come out of cancel()', () => {
    const source = new CancellationTokenSource()
    const child = CancellationToken.any([source.token.signal])
    const failure = new Error('cleanup failed')
    child.onCancel(() => {
      throw failure
    })
    let thrown: unknown
    try {
      source.cancel('stop')
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(AggregateError)
    expect((thrown as AggregateError).errors).toEqual([failure])
    expect(child.reason).toBe('stop')
  })

  describe('with real fetch', () => {
    const cleanups: (() => Promise<void>)[] = []
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup()
    })

    /** A server on 127.0.0.1 that accepts requests and never answers them. */
    async function silentServer(): Promise<{ url: string; requested: Promise<void>; connectionClosed: Promise<void> }> {
      let onRequest!: () => void
      let onClose!: () => void
      const requested = new Promise<void>((resolve) => (onRequest = resolve))
      const connectionClosed = new Promise<void>((resolve) => (onClose = resolve))
      const server = createServer((request) => {
        request.socket.on('close', onClose)
        onRequest()
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections()
            server.close(() => resolve())
          }),
      )
      const { port } = server.address() as AddressInfo
      return { url: `http://127.0.0.1:${port}/never`, requested, connectionClosed }
    }

    it('cancelling the token aborts the fetch, and the server sees the connection close', async () => {
      const { url, requested, connectionClosed } = await silentServer()
      const source = new CancellationTokenSource()
      const response = fetch(url, { signal: source.token.signal })
      const settled = response.then(
        () => 'resolved',
        (error: unknown) => error,
      )
      await requested
      const reason = new Error('user cancelled the download')
      source.cancel(reason)
      expect(await settled).toBe(reason)
      await connectionClosed
    })

    it('a default cancel rejects the fetch with a recognisable CancellationError', async () => {
      const { url, requested, connectionClosed } = await silentServer()
      const source = new CancellationTokenSource()
      const response = fetch(url, { signal: source.token.signal })
      const settled = response.then(
        () => 'resolved',
        (error: unknown) => error,
      )
      await requested
      source.cancel()
      const error = await settled
      expect(error).toBe(source.token.reason)
      expect(isCancellationError(error)).toBe(true)
      await connectionClosed
    })

    it('a token from an already aborted signal makes fetch fail at once', async () => {
      const { url } = await silentServer()
      const token = CancellationToken.from(AbortSignal.abort('no'))
      await expect(fetch(url, { signal: token.signal })).rejects.toBe('no')
    })
  })
})
