import type {
  ActionChannelEffect,
  AllEffect,
  CallEffect,
  CancelEffect,
  CancelledEffect,
  CpsEffect,
  Effect,
  FlushEffect,
  ForkEffect,
  GetContextEffect,
  JoinEffect,
  PutEffect,
  RaceEffect,
  SelectEffect,
  SetContextEffect,
  TakeEffect,
} from '@sagaflow/core'
import { EFFECT_KINDS, effectKind, isEffect } from '../internal/effects.js'
import { formatEffect, formatValue } from '../internal/format.js'
import type { DispatchRecord, EffectRecord, Injection, Recorder } from './recorder.js'

/**
 * Per-kind views of an {@link EffectList} (non-enumerable, so the list still `toEqual`s a plain
 * array of effects).
 *
 * @example
 * ```ts
 * const { effects } = await expectSaga(saga).run()
 * effects.delay        // every delay(ms)
 * effects.ofKind('halt')
 * ```
 */
export interface EffectViews {
  readonly take: readonly TakeEffect[]
  readonly takeMaybe: readonly TakeEffect[]
  readonly put: readonly PutEffect[]
  readonly putResolve: readonly PutEffect[]
  readonly all: readonly AllEffect[]
  readonly race: readonly RaceEffect[]
  /** Calls (and `apply`), not delays. */
  readonly call: readonly CallEffect[]
  readonly delay: readonly CallEffect[]
  readonly cps: readonly CpsEffect[]
  /** Attached forks (helpers like `takeEvery` are forks too). */
  readonly fork: readonly ForkEffect[]
  readonly spawn: readonly ForkEffect[]
  readonly join: readonly JoinEffect[]
  readonly cancel: readonly CancelEffect[]
  readonly select: readonly SelectEffect[]
  readonly actionChannel: readonly ActionChannelEffect[]
  readonly cancelled: readonly CancelledEffect[]
  readonly flush: readonly FlushEffect[]
  readonly getContext: readonly GetContextEffect[]
  readonly setContext: readonly SetContextEffect[]
  /** The effects of any kind, including sagaflow's own (`'halt'`, `'abortSignal'`, ...). */
  ofKind(kind: string): readonly Effect[]
}

/**
 * Effects in the order they were yielded (children of `all` / `race` included), with per-kind
 * views: `effects.put`, `effects.call`, `effects.delay`, `effects.fork`, ...
 *
 * @example
 * ```ts
 * const { effects } = await expectSaga(saga).run()
 * expect(effects.put).toEqual([put({ type: 'DONE' })])
 * expect(effects).toContainEqual(call(api.save, draft))
 * ```
 */
export type EffectList = readonly Effect[] & EffectViews

/**
 * A task that was still running when the run stopped, and the effect its main flow waited on.
 *
 * @example
 * ```ts
 * const { blocked } = await expectSaga(watcher).run()
 * expect(blocked).toEqual([{ task: 'watcher', effect: take('LOGIN') }])
 * ```
 */
export interface BlockedTask {
  /** The task's key in `effectsByTask` (its name, `#2`... for repeats). */
  readonly task: string
  readonly effect: unknown
}

/**
 * How an effect ended.
 *
 * @example
 * ```ts
 * const outcome: EffectOutcome = { status: 'error', error: new Error('404') }
 * ```
 */
export type EffectOutcome =
  | { readonly status: 'pending' }
  | { readonly status: 'ok'; readonly value: unknown }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'cancelled' }

/**
 * One event of a run, in order: an effect (with its task, virtual start and end time, outcome,
 * and whether a provider or an injected failure answered it) or an action the test dispatched.
 *
 * @example
 * ```ts
 * const { trace } = await expectSaga(saga).run()
 * console.log(formatTrace(trace))
 * ```
 */
export type TraceEntry =
  | {
      readonly kind: 'effect'
      readonly id: number
      readonly parentId: number
      readonly task: string
      readonly effect: unknown
      /** The key under `all` / `race` ('' at top level). */
      readonly label: string
      readonly startedAt: number
      readonly endedAt: number | undefined
      readonly outcome: EffectOutcome
      readonly injected: EffectInjection | undefined
    }
  | { readonly kind: 'dispatch'; readonly at: number; readonly action: unknown }

/**
 * What `expectSaga(...).run()` resolves with. The effects a sagaflow package yields for its own
 * bookkeeping (`@sagaflow/compensation`'s journal appends, context reads, task wrappers...:
 * those it marks with `Symbol.for('@@sagaflow/internal')`) are in none of its fields, nor in the
 * assertions; the user's effects always are.
 *
 * @example
 * ```ts
 * const { effects, effectsByTask, returnValue, storeState, blocked, trace } = await expectSaga(saga).run()
 * ```
 */
export interface RunResult<R = any, S = any> {
  /** Every effect of every task, in order. */
  readonly effects: EffectList
  /** The effects of each task (keyed by task name; `name#2`... for repeats), not merged across forks. */
  readonly effectsByTask: Readonly<Record<string, EffectList>>
  /** What the root saga returned (undefined if it threw, was cancelled or did not finish). */
  readonly returnValue: R | undefined
  /** The store's state at the end (`withState` / `withReducer`). */
  readonly storeState: S
  /** The tasks still running when the run stopped, with what they waited on. */
  readonly blocked: readonly BlockedTask[]
  /** Every effect and dispatch, in order, with times and outcomes. */
  readonly trace: readonly TraceEntry[]
}

/**
 * What answered an effect instead of the runtime: a provider (`'provided'`, or
 * `'provided-error'` for `throwError`), `failAt` (`'failed'`) or `cancelAt` (`'cancelled'`).
 *
 * @example
 * ```ts
 * const provided = trace.filter((entry) => entry.kind === 'effect' && entry.injected === 'provided')
 * ```
 */
export type EffectInjection = Injection

/** Builds an {@link EffectList} from effects. */
export function effectList(effects: readonly Effect[]): EffectList {
  const list = [...effects]
  const views: PropertyDescriptorMap = {
    ofKind: { value: (kind: string) => list.filter((effect) => effectKind(effect) === kind) },
  }
  for (const kind of EFFECT_KINDS) views[kind] = { value: list.filter((effect) => effectKind(effect) === kind) }
  return Object.defineProperties(list, views) as unknown as EffectList
}

/** The user's effects among `records` (not those a sagaflow package yielded for itself). */
function effectsOf(records: readonly EffectRecord[]): Effect[] {
  return records.filter((record) => isEffect(record.effect) && !record.internal).map((record) => record.effect as Effect)
}

function outcomeOf(record: EffectRecord): EffectOutcome {
  switch (record.status) {
    case 'ok':
      return { status: 'ok', value: record.value }
    case 'error':
      return { status: 'error', error: record.error }
    case 'cancelled':
      return { status: 'cancelled' }
    default:
      return { status: 'pending' }
  }
}

function isDispatch(entry: EffectRecord | DispatchRecord): entry is DispatchRecord {
  return !('id' in entry)
}

export function buildResult(
  recorder: Recorder,
  blocked: readonly { task: { key: string }; effect: unknown }[],
  returnValue: unknown,
  storeState: unknown,
): RunResult {
  const effectsByTask: Record<string, EffectList> = {}
  for (const task of recorder.tasks) if (!task.hidden) effectsByTask[task.key] = effectList(effectsOf(task.effects))
  const visible = recorder.timeline.filter((entry) => isDispatch(entry) || !entry.internal)
  const trace: TraceEntry[] = visible.map((entry) =>
    isDispatch(entry)
      ? { kind: 'dispatch', at: entry.at, action: entry.action }
      : {
          kind: 'effect',
          id: entry.id,
          parentId: entry.parentId,
          task: entry.task.key,
          effect: entry.effect,
          label: entry.label,
          startedAt: entry.startedAt,
          endedAt: entry.endedAt,
          outcome: outcomeOf(entry),
          injected: entry.injected,
        },
  )
  return {
    effects: effectList(effectsOf(recorder.ordered)),
    effectsByTask,
    returnValue,
    storeState,
    blocked: blocked.map(({ task, effect }) => ({ task: task.key, effect })),
    trace,
  }
}

function describeOutcome(entry: Extract<TraceEntry, { kind: 'effect' }>): string {
  const injected = entry.injected ? ` (${entry.injected})` : ''
  switch (entry.outcome.status) {
    case 'ok': {
      // A put resumes with the dispatched action: printing it again adds nothing.
      const quiet = entry.outcome.value === undefined || (isEffect(entry.effect) && effectKind(entry.effect) === 'put')
      return quiet ? `ok${injected}` : `-> ${formatValue(entry.outcome.value)}${injected}`
    }
    case 'error':
      return `threw ${formatValue(entry.outcome.error)}${injected}`
    case 'cancelled':
      return `cancelled${injected}`
    default:
      return `pending${injected}`
  }
}

/**
 * A run's trace as text, one line per event: virtual time, task, effect, outcome.
 *
 * @example
 * ```ts
 * const { trace } = await expectSaga(checkout).run()
 * console.log(formatTrace(trace))
 * //      0 ms  checkout  call(reserve, 3)  -> { id: 'r1' }
 * //      0 ms  checkout  delay(60000)  ok
 * //  60000 ms  checkout  put({ type: 'EXPIRED' })  ok
 * ```
 */
export function formatTrace(trace: readonly TraceEntry[], limit = Infinity): string {
  const lines = trace.slice(0, limit).map((entry) => {
    if (entry.kind === 'dispatch') return `${String(entry.at).padStart(6)} ms  (test)  dispatch ${formatValue(entry.action)}`
    const label = entry.label ? `${entry.label}: ` : ''
    return `${String(entry.startedAt).padStart(6)} ms  ${entry.task}  ${label}${formatEffect(entry.effect)}  ${describeOutcome(entry)}`
  })
  if (trace.length > limit) lines.push(`... ${trace.length - limit} more`)
  return lines.join('\n')
}
