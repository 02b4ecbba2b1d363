import * as is from './internal/is.js'
import type { Action } from './types.js'

/** What `take` and `actionChannel` accept as a pattern. */
export type Pattern<T = any> = SubPattern<T> | readonly SubPattern<T>[]
/** One element of a pattern: `'*'`, an action type, a predicate, or an action creator with `toString`. */
export type SubPattern<T = any> = string | symbol | ((input: T) => boolean) | StringableActionCreator
/**
 * An action creator whose `toString()` gives its type (redux-act, Redux Toolkit). It must return
 * an action (as redux-saga's own type says), so a function returning nothing, such as a predicate
 * that forgot its `return`, is not taken for one.
 */
export interface StringableActionCreator<A extends Action = Action> {
  (...args: any[]): A
  /** The type of the actions it creates: a pattern made of the creator matches `action.type === String(creator)`. Must be the function's own property. */
  toString(): string
}

/**
 * A pattern whose type tells which action it matches: a type guard (`(a): a is Saved => ...`), an
 * action creator (Redux Toolkit's `savedAction`, whose `toString()` gives its type), or an array
 * of these. `take`, `takeMaybe` and the helpers (`takeEvery`...) type the action they give with
 * {@link PatternAction}.
 *
 * @example
 * ```ts
 * import { createAction } from '@reduxjs/toolkit'
 *
 * const saved = createAction<{ id: string }>('doc/saved')
 * const action = yield* take(saved) // PayloadAction<{ id: string }, 'doc/saved'>
 * yield* takeEvery([saved, isDeleted], (action) => audit(action)) // the union of both
 * ```
 */
export type TypedPattern = TypedSubPattern | readonly TypedSubPattern[]

/**
 * One element of a {@link TypedPattern}: a type guard, or an action creator (a function that
 * returns an action).
 *
 * @example
 * ```ts
 * const patterns: TypedSubPattern[] = [isSaved, savedAction]
 * ```
 */
export type TypedSubPattern = ((input: any) => input is any) | ((...args: any[]) => Action)

/**
 * The action a {@link TypedPattern} matches: the guarded type, the action creator's action, or
 * the union of its elements' for an array.
 *
 * @example
 * ```ts
 * const isSaved = (a: Action): a is Saved => a.type === 'SAVED'
 * type A = PatternAction<typeof isSaved> // Saved
 * ```
 */
export type PatternAction<P> = (P extends readonly (infer U)[] ? U : P) extends infer S
  ? S extends (input: any) => input is infer A
    ? A
    : S extends (...args: any[]) => infer A
      ? A
      : never
  : never

/** A compiled pattern: true for the inputs it matches. */
export interface Matcher {
  (input: any): boolean
}

/**
 * On a matcher compiled here that only one action type can match: that type (channels index their
 * takers by it). A symbol, not a property a user's own matcher function could carry by chance.
 */
export const TYPE_KEY: unique symbol = Symbol('sagaflow.typeKey')

/** A matcher, with the action type it is limited to if it was compiled from a type. */
export interface KeyedMatcher extends Matcher {
  [TYPE_KEY]?: string | symbol
}

const wildcard: Matcher = () => true

// Type matchers are pure, so one per type is shared (a take loop would otherwise build a closure
// per take: bench "put -> take", issue #7). Bounded: cleared when full.
const typeMatchers = new Map<string | symbol, Matcher>()

function typeMatcher(type: string | symbol): Matcher {
  let match: KeyedMatcher | undefined = typeMatchers.get(type)
  if (match !== undefined) return match
  match = (input) => input != null && input.type === type
  match[TYPE_KEY] = type
  if (typeMatchers.size >= 512) typeMatchers.clear()
  typeMatchers.set(type, match)
  return match
}

/**
 * Compiles a pattern, checking forms in the reference's order: `'*'`, string, array, function
 * with an own `toString` (action creator), predicate function, symbol.
 */
export function matcher(pattern: Pattern): Matcher {
  if (pattern === '*') return wildcard
  if (is.string(pattern)) return typeMatcher(pattern)
  if (is.array(pattern)) {
    const matchers = (pattern as readonly SubPattern[]).map((p) => matcher(p))
    return (input) => matchers.some((m) => m(input))
  }
  if (is.stringableFunc(pattern)) return typeMatcher(String(pattern))
  if (is.func(pattern)) return (input) => (pattern as (i: unknown) => boolean)(input)
  if (is.symbol(pattern)) return typeMatcher(pattern)
  throw new Error(`invalid pattern: ${String(pattern)}`)
}

export { wildcard }
