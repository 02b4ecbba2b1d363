/**
 * A saga iterator that can be cloned: `clone()` starts a fresh generator with the same arguments
 * and replays every `next` / `throw` / `return` this one received, so each branch of a saga can
 * be tested from the same point.
 *
 * @example
 * ```ts
 * const gen: SagaIteratorClone = cloneableGenerator(checkout)(cart)
 * gen.next()
 * const branch = gen.clone()
 * ```
 */
export interface SagaIteratorClone<T = any, TReturn = any, TNext = any> extends Iterator<T, TReturn, TNext> {
  /**
   * Resumes the saga with the result of its last effect, and gives what it yields next. The move
   * is recorded, so later clones replay it.
   *
   * @example
   * ```ts
   * const gen = cloneableGenerator(checkout)(cart)
   * expect(gen.next().value).toEqual(select(selectUser))
   * expect(gen.next({ id: 1 }).value).toEqual(call(api.charge, 1, cart))
   * ```
   */
  next(...args: [] | [TNext]): IteratorResult<T, TReturn>
  /**
   * Returns from the saga with `value` at its current `yield`, running its `finally` blocks (which
   * may still yield). Recorded, so clones taken afterwards are at the same point.
   */
  return(value: TReturn): IteratorResult<T, TReturn>
  /**
   * Throws `error` into the saga at its current `yield`, as if the effect failed; an error the saga
   * does not catch is rethrown from here. Recorded, so clones replay it (a clone taken after an
   * uncaught throw rethrows it from `clone()`).
   */
  throw(error?: unknown): IteratorResult<T, TReturn>
  /** A new iterator at the same point, with its own future. */
  clone(): SagaIteratorClone<T, TReturn, TNext>
  /** Returns this same iterator (not a clone), so it works with `for...of` and `yield*`. */
  [Symbol.iterator](): SagaIteratorClone<T, TReturn, TNext>
}

type Method = 'next' | 'throw' | 'return'

/**
 * Wraps a generator function so the iterators it creates can be cloned (same behaviour as
 * `@redux-saga/testing-utils`). Replaying re-runs the saga's code up to the clone point, so that
 * code should be deterministic.
 *
 * @example
 * ```ts
 * const gen = cloneableGenerator(checkout)(cart)
 * expect(gen.next().value).toEqual(select(selectUser))
 * const guest = gen.clone()
 * expect(gen.next({ id: 1 }).value).toEqual(call(api.charge, 1, cart))
 * expect(guest.next(null).value).toEqual(put({ type: 'LOGIN_REQUIRED' }))
 * ```
 */
export function cloneableGenerator<Args extends any[], T, TReturn, TNext>(
  generatorFunc: (...args: Args) => Iterator<T, TReturn, TNext>,
): (...args: Args) => SagaIteratorClone<T, TReturn, TNext> {
  return (...args: Args) => {
    const history: { method: Method; arg: unknown }[] = []
    const gen = generatorFunc(...args) as any
    const record = (method: Method, arg: unknown): IteratorResult<T, TReturn> => {
      history.push({ method, arg })
      return gen[method](arg)
    }
    const cloneableGen: SagaIteratorClone<T, TReturn, TNext> = {
      next: (arg?: unknown) => record('next', arg),
      clone: () => {
        const clonedGen = cloneableGenerator(generatorFunc)(...args) as any
        history.forEach(({ method, arg }) => clonedGen[method](arg))
        return clonedGen
      },
      return: (value?: unknown) => record('return', value),
      throw: (exception?: unknown) => record('throw', exception),
      [Symbol.iterator]: () => cloneableGen,
    }
    return cloneableGen
  }
}
