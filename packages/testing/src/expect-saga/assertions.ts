/*
 * Checking an `expectSaga` run against its assertions, after the run (as redux-saga-test-plan
 * does): every failure is collected, so one rejection lists them all.
 *
 * - A positive effect assertion holds if some effect of any task matches it; `inOrder()` makes
 *   them match effects in the order the assertions were written (each after the previous one's
 *   match); `exactly()` requires, for each kind asserted, that every effect of that kind matches
 *   its own assertion (a one-to-one pairing; with `inOrder()`, in order).
 * - A negated assertion holds if no effect matches.
 */
import type { Effect } from '@sagaflow/core'
import { deepEqual, errorMatches } from '../internal/deep-equal.js'
import { effectKind } from '../internal/effects.js'
import { formatEffect, formatValue } from '../internal/format.js'
import type { CompensationRecord } from '../compensation.js'
import type { EffectMatcher } from '../matchers.js'
import { returnedBy, type Ending } from './run.js'

export type Assertion =
  | { readonly type: 'effect'; readonly matcher: EffectMatcher; readonly negated: boolean }
  | { readonly type: 'returns'; readonly value: unknown }
  | { readonly type: 'throws'; readonly expected: unknown; readonly negated: boolean }
  | { readonly type: 'state'; readonly state: unknown }
  | { readonly type: 'compensated'; readonly steps: readonly string[]; readonly transaction: string | undefined }

export interface Observed {
  readonly effects: readonly Effect[]
  readonly ending: Ending
  readonly storeState: unknown
  readonly compensations: readonly CompensationRecord[]
}

export interface Flags {
  readonly inOrder: boolean
  readonly exactly: boolean
}

type Positive = EffectMatcher

function list(effects: readonly Effect[]): string {
  return effects.length ? effects.map((effect) => formatEffect(effect)).join(', ') : 'none'
}

function sameKind(effects: readonly Effect[], kind: string | undefined): Effect[] {
  return kind === undefined ? [] : effects.filter((effect) => effectKind(effect) === kind)
}

/** Kinds a reader may take for one another: `put(A)` does not match a `putResolve(A)`. */
const SIBLING_KINDS: Readonly<Record<string, string>> = { put: 'putResolve', putResolve: 'put', take: 'takeMaybe', takeMaybe: 'take', fork: 'spawn', spawn: 'fork', call: 'delay' }

function missing(matcher: Positive, effects: readonly Effect[]): string {
  if (matcher.kind === undefined) return `${matcher.description} was never yielded`
  const sibling = SIBLING_KINDS[matcher.kind]
  const siblings = sibling === undefined ? [] : sameKind(effects, sibling)
  const hint = siblings.length ? `\n      ${sibling} effects yielded (a kind of their own): ${list(siblings)}` : ''
  return `${matcher.description} was never yielded\n      ${matcher.kind} effects yielded: ${list(sameKind(effects, matcher.kind))}${hint}`
}

/** Largest one-to-one pairing of assertions with effects (augmenting paths; sizes are small). */
function pairUp(assertions: readonly Positive[], effects: readonly Effect[]): (number | undefined)[] {
  const effectOwner: (number | undefined)[] = effects.map(() => undefined)
  const assignment: (number | undefined)[] = assertions.map(() => undefined)
  const tryAssign = (a: number, visited: boolean[]): boolean => {
    for (let e = 0; e < effects.length; e++) {
      if (visited[e] || !assertions[a]!.test(effects[e])) continue
      visited[e] = true
      const owner = effectOwner[e]
      if (owner === undefined || tryAssign(owner, visited)) {
        effectOwner[e] = a
        assignment[a] = e
        return true
      }
    }
    return false
  }
  assertions.forEach((_, a) => tryAssign(a, effects.map(() => false)))
  return assignment
}

function checkEffects(positives: readonly Positive[], effects: readonly Effect[], flags: Flags, failures: string[]): void {
  if (flags.inOrder) {
    let previous = -1
    let previousDescription = ''
    for (const matcher of positives) {
      const index = effects.findIndex((effect, i) => i > previous && matcher.test(effect))
      if (index === -1) {
        const anywhere = effects.findIndex((effect) => matcher.test(effect))
        failures.push(
          anywhere === -1
            ? missing(matcher, effects)
            : `${matcher.description} was yielded, but not after ${previousDescription} (inOrder())`,
        )
        continue
      }
      previous = index
      previousDescription = matcher.description
    }
  } else {
    for (const matcher of positives) if (!effects.some((effect) => matcher.test(effect))) failures.push(missing(matcher, effects))
  }
  if (!flags.exactly) return
  // A predicate (or a matcher over any kind) says nothing of which effects are "the others":
  // exactly() cannot check it, and a check that silently does nothing is not one.
  for (const matcher of positives) {
    if (matcher.kind === undefined) {
      failures.push(`exactly(): ${matcher.description} matches effects of any kind, so exactly() cannot tell which others are unexpected; assert it with an effect or a matchers.<kind> matcher`)
    }
  }
  const kinds = [...new Set(positives.map((matcher) => matcher.kind).filter((kind): kind is string => kind !== undefined))]
  for (const kind of kinds) {
    const asserted = positives.filter((matcher) => matcher.kind === kind)
    const yielded = sameKind(effects, kind)
    if (flags.inOrder) {
      const mismatch = yielded.length !== asserted.length || asserted.some((matcher, i) => !matcher.test(yielded[i]))
      if (mismatch) {
        failures.push(
          `exactly(): the ${kind} effects, in order, were [${list(yielded)}], expected [${asserted.map((m) => m.description).join(', ')}]`,
        )
      }
      continue
    }
    const assignment = pairUp(asserted, yielded)
    const used = new Set(assignment.filter((index): index is number => index !== undefined))
    const extra = yielded.filter((_, i) => !used.has(i))
    const unpaired = asserted.filter((_, a) => assignment[a] === undefined && yielded.some((effect) => asserted[a]!.test(effect)))
    if (extra.length) failures.push(`exactly(): unexpected ${kind} effect${extra.length > 1 ? 's' : ''}: ${list(extra)}`)
    for (const matcher of unpaired) failures.push(`exactly(): ${matcher.description} needs an effect of its own; the ${kind} effects were [${list(yielded)}]`)
  }
}

/** How a `throws(expected)` expectation reads in a failure message. */
function describeThrowsExpectation(expected: unknown): string {
  return typeof expected === 'function' ? (expected as { name?: string }).name || 'a predicate' : formatValue(expected)
}

export function describeEnding(ending: Ending): string {
  // A root whose own code returned, while tasks it forked went on: what is still running is those.
  const running = ending.status !== 'done' && ending.status !== 'error' && ending.returned !== undefined ? `returned ${formatValue(ending.returned.value)}, and tasks it forked were still running` : 'was still running'
  switch (ending.status) {
    case 'done':
      return `returned ${formatValue(ending.value)}`
    case 'error':
      return `threw ${formatValue(ending.error)}`
    case 'cancelled':
      return ending.returned === undefined ? 'was cancelled' : `returned ${formatValue(ending.returned.value)}, then was cancelled with the tasks it forked`
    case 'timeout':
      return `${running} at the virtual timeout (${ending.at} ms)`
    case 'stuck':
      return ending.outsideWorkGivenUp === undefined
        ? `${running} at ${ending.at} ms with nothing left to make progress (no timer, no scheduled dispatch)`
        : `${running} at ${ending.at} ms with no timer and no scheduled dispatch left, waiting on a promise or callback that had not settled after ${ending.outsideWorkGivenUp} real ms (run({ asyncTimeout }))`
  }
}

/** Every failed assertion, as text (empty when all hold). */
export function evaluate(assertions: readonly Assertion[], flags: Flags, observed: Observed): string[] {
  const failures: string[] = []
  const { effects, ending } = observed
  const positives = assertions.flatMap((a) => (a.type === 'effect' && !a.negated ? [a.matcher] : []))
  checkEffects(positives, effects, flags, failures)
  for (const assertion of assertions) {
    switch (assertion.type) {
      case 'effect': {
        if (!assertion.negated) break
        const found = effects.filter((effect) => assertion.matcher.test(effect))
        if (found.length) failures.push(`not.${assertion.matcher.description}: the saga yielded ${list(found)}`)
        break
      }
      case 'returns': {
        // What the saga's own code returned, even if tasks it forked then ran on (and were cancelled).
        const returned = returnedBy(ending)
        if (returned === undefined) failures.push(`returns(${formatValue(assertion.value)}): the saga ${describeEnding(ending)}`)
        else if (!deepEqual(returned.value, assertion.value)) {
          failures.push(`returns(${formatValue(assertion.value)}): the saga returned ${formatValue(returned.value)}`)
        }
        break
      }
      case 'throws': {
        const threw = ending.status === 'error' && errorMatches(ending.error, assertion.expected)
        const expected = describeThrowsExpectation(assertion.expected)
        if (!assertion.negated && !threw) failures.push(`throws(${expected}): the saga ${describeEnding(ending)}`)
        if (assertion.negated && threw) failures.push(`not.throws(${expected}): the saga ${describeEnding(ending)}`)
        break
      }
      case 'state':
        if (!deepEqual(observed.storeState, assertion.state)) {
          failures.push(`hasFinalState(${formatValue(assertion.state)}): the final state was ${formatValue(observed.storeState)}`)
        }
        break
      case 'compensated': {
        const relevant = observed.compensations.filter((c) => assertion.transaction === undefined || c.transaction === assertion.transaction)
        const done = relevant.filter((c) => c.status === 'ok').map((c) => c.step)
        if (!deepEqual(done, assertion.steps)) {
          const seen = relevant.length
            ? relevant.map((c) => `${c.step} (${c.status === 'error' ? `failed: ${formatValue(c.error)}` : c.status})`).join(', ')
            : 'no compensation ran (compensations are reported by @sagaflow/compensation transactions)'
          const scope = assertion.transaction === undefined ? '' : ` in transaction ${formatValue(assertion.transaction)}`
          failures.push(`compensated(${formatValue(assertion.steps)})${scope}: compensated ${formatValue(done)}; seen: ${seen}`)
        }
        break
      }
    }
  }
  return failures
}
