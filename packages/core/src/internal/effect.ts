import type { Effect } from '../types.js'
import { IO } from '../symbols.js'

/*
 * Effects are instances of one class so creating them is cheap, but they must still deep-equal
 * the reference's plain objects `{ '@@redux-saga/IO': true, combinator, type, payload }`:
 * the only own enumerable properties are those four, `[Symbol.iterator]` (what makes
 * `yield* effect` work) lives on the prototype, and `constructor` reads `Object` so equality
 * helpers that compare constructors (`toStrictEqual`) treat an effect like a plain object.
 */
export class SagaEffect {
  declare [IO]: true
  declare combinator: boolean
  declare type: string
  declare payload: unknown
  constructor(type: string, payload: unknown, combinator: boolean) {
    this[IO] = true
    this.combinator = combinator
    this.type = type
    this.payload = payload
  }
}

/** `yield*` over an effect: yields the effect once, then returns what the runtime resumed with. */
class EffectIterator {
  private yielded = false
  constructor(private readonly effect: unknown) {}
  next(value?: unknown): IteratorResult<unknown> {
    if (this.yielded) return { done: true, value }
    this.yielded = true
    return { done: false, value: this.effect }
  }
  return(value?: unknown): IteratorResult<unknown> {
    this.yielded = true
    return { done: true, value }
  }
  throw(error: unknown): IteratorResult<unknown> {
    this.yielded = true
    throw error
  }
  [Symbol.iterator](): this {
    return this
  }
}

Object.defineProperty(SagaEffect.prototype, Symbol.iterator, {
  value: function (this: SagaEffect) {
    return new EffectIterator(this)
  },
  enumerable: false,
  writable: true,
  configurable: true,
})
Object.defineProperty(SagaEffect.prototype, 'constructor', { value: Object, enumerable: false, writable: true, configurable: true })

/** Builds an effect. `R` is the result type `yield*` gives. */
export function makeEffect<R, T extends string = string, P = any>(type: T, payload: P, combinator = false): Effect<T, P, R> {
  return new SagaEffect(type, payload, combinator) as unknown as Effect<T, P, R>
}
