import { describe, expect, it } from 'vitest'
import { put, take } from '@sagaflow/core'
import { cloneableGenerator } from '@sagaflow/testing'

function* guess(secret: number) {
  const answer: number = yield 'guess?'
  if (answer > secret) yield 'lower'
  else if (answer < secret) yield 'higher'
  else yield 'found'
  return answer
}

describe('cloneableGenerator()', () => {
  it('clones a generator at its current point, each clone with its own future', () => {
    const gen = cloneableGenerator(guess)(5)
    expect(gen.next()).toEqual({ value: 'guess?', done: false })
    const tooLow = gen.clone()
    const exact = tooLow.clone()
    expect(gen.next(9)).toEqual({ value: 'lower', done: false })
    expect(tooLow.next(1)).toEqual({ value: 'higher', done: false })
    expect(exact.next(5)).toEqual({ value: 'found', done: false })
    expect(exact.next()).toEqual({ value: 5, done: true })
    expect(gen.next()).toEqual({ value: 9, done: true })
  })

  it('replays throw() on the clone, so a caught error leads to the same branch', () => {
    function* recovering() {
      try {
        yield 'start'
      } catch (error) {
        const retry: boolean = yield `caught ${(error as Error).message}`
        yield retry ? 'retrying' : 'giving up'
      }
    }
    const gen = cloneableGenerator(recovering)()
    gen.next()
    expect(gen.throw(new Error('boom'))).toEqual({ value: 'caught boom', done: false })
    const clone = gen.clone()
    expect(gen.next(true)).toEqual({ value: 'retrying', done: false })
    expect(clone.next(false)).toEqual({ value: 'giving up', done: false })
  })

  it('replays return() on the clone, so a finally block is reached on both', () => {
    function* withCleanup() {
      try {
        yield 'work'
        yield 'unreachable'
      } finally {
        const flush: boolean = yield 'cleanup'
        yield flush ? 'flushed' : 'dropped'
      }
    }
    const gen = cloneableGenerator(withCleanup)()
    gen.next()
    expect(gen.return(undefined)).toEqual({ value: 'cleanup', done: false })
    const clone = gen.clone()
    expect(gen.next(true)).toEqual({ value: 'flushed', done: false })
    expect(clone.next(false)).toEqual({ value: 'dropped', done: false })
  })

  it('lets a clone end with return() or throw() independently', () => {
    const gen = cloneableGenerator(guess)(5)
    gen.next()
    const returning = gen.clone()
    const throwing = gen.clone()
    expect(returning.return(42)).toEqual({ value: 42, done: true })
    expect(() => throwing.throw(new Error('no'))).toThrow('no')
    expect(gen.next(5)).toEqual({ value: 'found', done: false })
  })

  it('is iterable (it is its own iterator), so yield* delegates to it', () => {
    function* inner() {
      yield take('GO')
      return 'inner done'
    }
    const gen = cloneableGenerator(inner)()
    expect(gen[Symbol.iterator]()).toBe(gen)
    function* outer() {
      const result: string = yield* gen
      yield put({ type: 'DONE', result })
    }
    const it2 = outer()
    expect(it2.next().value).toEqual(take('GO'))
    expect(it2.next().value).toEqual(put({ type: 'DONE', result: 'inner done' }))
  })
})
