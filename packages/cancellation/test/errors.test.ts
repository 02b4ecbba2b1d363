import { describe, expect, it } from 'vitest'
import { CancellationError, CancellationTokenSource, TimeoutError, isCancellationError } from '@sagaflow/cancellation'

describe('CancellationError', () => {
  it('is an Error named CancellationError with the default message', () => {
    const error = new CancellationError()
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(CancellationError)
    expect(error.name).toBe('CancellationError')
    expect(error.message).toBe('Operation was cancelled')
    expect(error.reason).toBeUndefined()
  })

  it('carries the reason and appends a string reason to the message', () => {
    const error = new CancellationError('user left')
    expect(error.reason).toBe('user left')
    expect(error.message).toBe('Operation was cancelled: user left')
    expect(error.cause).toBe('user left')
  })

  it('appends the message of an Error reason', () => {
    const reason = new Error('shutting down')
    const error = new CancellationError(reason)
    expect(error.message).toBe('Operation was cancelled: shutting down')
    expect(error.reason).toBe(reason)
  })

  it('keeps the message short for an object reason', () => {
    expect(new CancellationError({ code: 7 }).message).toBe('Operation was cancelled')
  })

  it('accepts a custom message', () => {
    expect(new CancellationError('r', 'Task was cancelled').message).toBe('Task was cancelled')
  })

  it('has name on the prototype, so the only own enumerable property is reason', () => {
    const error = new CancellationError('x')
    expect(Object.keys(error)).toEqual(['reason'])
    expect(String(error)).toBe('CancellationError: Operation was cancelled: x')
  })

  it('can be subclassed and keeps instanceof', () => {
    class TaskCancelled extends CancellationError {}
    const error = new TaskCancelled()
    expect(error).toBeInstanceOf(TaskCancelled)
    expect(error).toBeInstanceOf(CancellationError)
    expect(isCancellationError(error)).toBe(true)
  })
})

describe('TimeoutError', () => {
  it('is an Error named TimeoutError with ms and a message naming the timeout', () => {
    const error = new TimeoutError(250)
    expect(error).toBeInstanceOf(Error)
    expect(error).toBeInstanceOf(TimeoutError)
    expect(error.name).toBe('TimeoutError')
    expect(error.ms).toBe(250)
    expect(error.message).toBe('Operation timed out after 250 ms')
  })

  it('is not a CancellationError', () => {
    expect(new TimeoutError(1)).not.toBeInstanceOf(CancellationError)
  })
})

describe('isCancellationError', () => {
  it('recognises CancellationError and TimeoutError', () => {
    expect(isCancellationError(new CancellationError())).toBe(true)
    expect(isCancellationError(new TimeoutError(5))).toBe(true)
  })

  it('recognises the AbortError of an aborted AbortSignal', () => {
    const controller = new AbortController()
    controller.abort()
    expect(controller.signal.reason).toBeInstanceOf(DOMException)
    expect(isCancellationError(controller.signal.reason)).toBe(true)
  })

  it('recognises the TimeoutError DOMException of AbortSignal.timeout()', () => {
    expect(isCancellationError(new DOMException('timed out', 'TimeoutError'))).toBe(true)
  })

  it('recognises an Error named AbortError thrown by a library', () => {
    const error = new Error('aborted')
    error.name = 'AbortError'
    expect(isCancellationError(error)).toBe(true)
  })

  it('recognises what throwIfCancelled() throws for any reason', () => {
    const source = new CancellationTokenSource()
    source.cancel(42)
    expect(() => source.token.throwIfCancelled()).toThrow(CancellationError)
    try {
      source.token.throwIfCancelled()
    } catch (error) {
      expect(isCancellationError(error)).toBe(true)
    }
  })

  it('rejects ordinary errors and non-errors', () => {
    expect(isCancellationError(new Error('boom'))).toBe(false)
    expect(isCancellationError(new DOMException('x', 'NotFoundError'))).toBe(false)
    expect(isCancellationError({ name: 'AbortError' })).toBe(false)
    expect(isCancellationError({ name: 'CancellationError' })).toBe(false)
    expect(isCancellationError('AbortError')).toBe(false)
    expect(isCancellationError(null)).toBe(false)
    expect(isCancellationError(undefined)).toBe(false)
  })
})
