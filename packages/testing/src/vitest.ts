/**
 * `@sagaflow/testing/vitest`: vitest matchers for saga effects. Nothing is registered on import
 * (the package has no side effects): call `expect.extend(sagaMatchers)` once, e.g. in a setup
 * file, and the `toHaveYielded` matcher is typed on `expect(...)`.
 *
 * @example
 * ```ts
 * // vitest.setup.ts
 * import { expect } from 'vitest'
 * import { sagaMatchers } from '@sagaflow/testing/vitest'
 * expect.extend(sagaMatchers)
 *
 * // a test
 * const { effectsByTask } = await expectSaga(parent).run()
 * expect(effectsByTask.worker).toHaveYielded(matchers.put.actionType('DONE'))
 * expect(effectsByTask.parent).not.toHaveYielded(matchers.call.fn(api.charge))
 * ```
 *
 * @packageDocumentation
 */
import type { ExpectStatic } from 'vitest'
import { isEffect } from './internal/effects.js'
import { formatEffect, formatValue } from './internal/format.js'
import { toMatcher, type EffectMatcherLike } from './matchers.js'

/**
 * The matchers `sagaMatchers` adds, as typed on `expect(value)`.
 *
 * @example
 * ```ts
 * expect(result.effectsByTask.worker).toHaveYielded(matchers.put.actionType('DONE'), 2)
 * ```
 */
export interface SagaMatchers<R = unknown> {
  /**
   * The effects (an `EffectList`, a `RunResult`, an array of yielded values, or one yielded
   * value) include one matching `effectOrMatcher` (an effect, a matcher from `matchers`, or a
   * predicate); with `times`, exactly that many.
   */
  toHaveYielded(effectOrMatcher: EffectMatcherLike, times?: number): R
}

declare module 'vitest' {
  interface Matchers<T = any> extends SagaMatchers<T> {}
}

function yieldedValues(received: unknown): readonly unknown[] {
  if (Array.isArray(received)) return received
  if (received && typeof received === 'object' && Array.isArray((received as { effects?: unknown }).effects)) {
    return (received as { effects: unknown[] }).effects
  }
  if (isEffect(received)) return [received]
  throw new TypeError(`toHaveYielded(): expected an EffectList, a RunResult or an array of effects, got ${formatValue(received)}`)
}

/**
 * The matchers to pass to `expect.extend`.
 *
 * @example
 * ```ts
 * expect.extend(sagaMatchers)
 * expect(result).toHaveYielded(put({ type: 'SAVED' }))
 * expect(result.effectsByTask['worker#2']).toHaveYielded(matchers.call.fn(api.save), 1)
 * ```
 */
export const sagaMatchers = {
  // `this` is vitest's MatcherState, named through ExpectStatic: vitest 3 does not export
  // `MatcherState` itself (these published types then failed to compile there).
  /**
   * Checks that `received` (an `EffectList`, a `RunResult`, an array of yielded values, or one
   * effect) contains an effect matching `effectOrMatcher`, or exactly `times` of them. Throws a
   * `TypeError` for any other `received`, or for an `effectOrMatcher` that is not an effect, a
   * matcher or a predicate. Called by vitest (through `expect.extend`), not directly.
   *
   * @param received - What was passed to `expect(...)`.
   * @param effectOrMatcher - An effect (deep equality), a matcher from `matchers`, or a predicate.
   * @param times - The exact number of matching effects required; without it, at least one.
   *
   * @example
   * ```ts
   * expect(result.effects).toHaveYielded(matchers.put.actionType('SAVED'), 2)
   * expect(result).not.toHaveYielded(matchers.call.fn(api.charge))
   * ```
   */
  toHaveYielded(this: ReturnType<ExpectStatic['getState']>, received: unknown, effectOrMatcher: EffectMatcherLike, times?: number) {
    const values = yieldedValues(received)
    const matcher = toMatcher(effectOrMatcher, 'expect(result).toHaveYielded(effectOrMatcher)')
    // `'1'` would otherwise fail as "expected ... 1 times (found 1)", and -1 or 1.5 never hold.
    if (times !== undefined && !(Number.isInteger(times) && times >= 0)) {
      throw new TypeError(`expect(result).toHaveYielded(effectOrMatcher, times): times must be an integer >= 0 (or left out: at least once), got ${formatValue(times)}`)
    }
    const found = values.filter((value) => matcher.test(value))
    const pass = times === undefined ? found.length > 0 : found.length === times
    const expected = times === undefined ? matcher.description : `${matcher.description} ${times} time${times === 1 ? '' : 's'}`
    const list = (items: readonly unknown[]) => (items.length ? items.map((item) => `\n  ${formatEffect(item)}`).join('') : ' nothing')
    return {
      /** Whether the effects matched (vitest inverts it under `.not`). */
      pass,
      /** The failure text: what was expected, and the effects yielded (or, under `.not`, the matching ones). */
      message: () =>
        this.isNot
          ? `expected the saga not to have yielded ${expected}, but it yielded:${list(found)}`
          : `expected the saga to have yielded ${expected} (found ${found.length}); it yielded:${list(values)}`,
    }
  },
}
