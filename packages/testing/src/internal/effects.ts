/*
 * What the testing package needs to know about effects: recognising them, the function behind
 * `delay`, and the "kind" of an effect: the name of the creator that builds it (`put`,
 * `putResolve`, `call`, `delay`, `fork`, `spawn`, ...). Kinds key the per-kind views of a run's
 * effects, the dynamic providers and the `exactly()` check, so all three agree.
 */
import { delay, effectTypes, type Effect, type Task } from '@sagaflow/core'

const IO = '@@redux-saga/IO'
const TASK = '@@redux-saga/TASK'
/** The payload `cancel()` (no argument) carries: the current task cancels itself. */
export const SELF_CANCELLATION = '@@redux-saga/SELF_CANCELLATION'

/** The function `delay(ms)` calls: `delay(ms)` deep-equals `call(delayFn, ms)`, as in the reference. */
export const delayFn: (...args: any[]) => any = (delay(0).payload as { fn: (...args: any[]) => any }).fn

export type AnyFn = (...args: any[]) => any

/**
 * True for the function behind a `delay` effect: sagaflow's, or redux-saga's own (`delay` from
 * `redux-saga/effects` is `call(delayP, ms)` with redux-saga's `delayP(ms, value)`), so a saga
 * written with redux-saga's effects is tested on virtual time too, and its delays assert as delays.
 */
export function isDelayFn(fn: unknown): boolean {
  return fn === delayFn || (typeof fn === 'function' && fn.name === 'delayP' && fn.length === 2)
}

export function isEffect(value: unknown): value is Effect {
  return !!value && typeof value === 'object' && (value as Record<string, unknown>)[IO] === true
}

export function isTask(value: unknown): value is Task {
  return !!value && typeof value === 'object' && !!(value as Record<string, unknown>)[TASK]
}

export function isIterator(value: unknown): value is Iterator<unknown> {
  return !!value && typeof (value as any).next === 'function' && typeof (value as any).throw === 'function'
}

export function isPromise(value: unknown): value is PromiseLike<unknown> {
  return !!value && typeof (value as any).then === 'function'
}

/** `ACTION_CHANNEL` -> `actionChannel`: how an effect type not known here is named. */
export function camelCase(type: string): string {
  return type.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

/**
 * The effect kinds the reference's creators produce. `delay` (a `call` of `delayFn`), `spawn` (a
 * detached `fork`), `takeMaybe` and `putResolve` are kinds of their own, so `exactly()` on calls
 * is not confused by delays.
 */
export const EFFECT_KINDS = [
  'take',
  'takeMaybe',
  'put',
  'putResolve',
  'all',
  'race',
  'call',
  'delay',
  'cps',
  'fork',
  'spawn',
  'join',
  'cancel',
  'select',
  'actionChannel',
  'cancelled',
  'flush',
  'getContext',
  'setContext',
] as const

export type EffectKind = (typeof EFFECT_KINDS)[number]

/** The kind of an effect (see {@link EFFECT_KINDS}); any other effect type is camel-cased (`HALT` -> `halt`). */
export function effectKind(effect: Effect): string {
  const payload = effect.payload as any
  switch (effect.type) {
    case effectTypes.TAKE:
      return payload && payload.maybe ? 'takeMaybe' : 'take'
    case effectTypes.PUT:
      return payload && payload.resolve ? 'putResolve' : 'put'
    case effectTypes.CALL:
      return payload && isDelayFn(payload.fn) ? 'delay' : 'call'
    case effectTypes.FORK:
      return payload && payload.detached ? 'spawn' : 'fork'
    default:
      return camelCase(effect.type)
  }
}

/**
 * The key of the dynamic provider that handles an effect: its kind, except that `takeMaybe` is
 * handled by `take` and `putResolve` by `put` (as in redux-saga-test-plan).
 */
export function providerKey(effect: Effect): string {
  const kind = effectKind(effect)
  if (kind === 'takeMaybe') return 'take'
  if (kind === 'putResolve') return 'put'
  return kind
}

/** The name a function shows in messages. */
export function fnName(fn: unknown): string {
  return (typeof fn === 'function' && fn.name) || 'anonymous'
}
