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
  /** The `take` effects, on the store or on a channel (not the `takeMaybe`s). */
  readonly take: readonly TakeEffect[]
  /** The `takeMaybe` effects (takes that receive `END` instead of ending the saga). */
  readonly takeMaybe: readonly TakeEffect[]
  /**
   * The `put` effects (not the `putResolve`s).
   *
   * @example
   * ```ts
   * const { effects } = await expectSaga(saveDraft, draft).run()
   * expect(effects.put.map((effect) => effect.payload.action.type)).toEqual(['SAVING', 'SAVED'])
   * ```
   */
  readonly put: readonly PutEffect[]
  /** The blocking `putResolve` effects. */
  readonly putResolve: readonly PutEffect[]
  /** The `all` effects themselves (their children are listed under their own kinds too). */
  readonly all: readonly AllEffect[]
  /** The `race` effects themselves (their children are listed under their own kinds too). */
  readonly race: readonly RaceEffect[]
  /** Calls (and `apply`), not delays. */
  readonly call: readonly CallEffect[]
  /** The `delay(ms)` effects (`call` effects of the delay function, sagaflow's or redux-saga's). */
  readonly delay: readonly CallEffect[]
  /** The `cps` effects. */
  readonly cps: readonly CpsEffect[]
  /** Attached forks (helpers like `takeEvery` are forks too). */
  readonly fork: readonly ForkEffect[]
  /** Detached forks (`spawn`), which `fork` does not list. */
  readonly spawn: readonly ForkEffect[]
  /** The `join` effects. */
  readonly join: readonly JoinEffect[]
  /** The `cancel` effects, including a task's `cancel()` of itself. */
  readonly cancel: readonly CancelEffect[]
  /** The `select` effects. */
  readonly select: readonly SelectEffect[]
  /** The `actionChannel` effects. */
  readonly actionChannel: readonly ActionChannelEffect[]
  /** The `cancelled()` checks (typically in `finally` blocks). */
  readonly cancelled: readonly CancelledEffect[]
  /** The `flush` effects. */
  readonly flush: readonly FlushEffect[]
  /** The `getContext` effects. */
  readonly getContext: readonly GetContextEffect[]
  /** The `setContext` effects. */
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
  /** What its main flow waited on: its latest top-level effect still pending (an effect, or a yielded value such as a promise). */
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
  | {
      /** Not settled when the run stopped (the task was still waiting on it). */
      readonly status: 'pending'
    }
  | {
      /** Settled normally. */
      readonly status: 'ok'
      /** What the saga resumed with: the effect's result (for a `put`, normally the action). */
      readonly value: unknown
    }
  | {
      /** Failed: the error was thrown into the saga at that effect. */
      readonly status: 'error'
      /** What was thrown into the saga. */
      readonly error: unknown
    }
  | {
      /** Cancelled before it settled: its task was cancelled, it lost a race, or an `all` it was in failed. */
      readonly status: 'cancelled'
    }

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
      /** A value yielded by a task. */
      readonly kind: 'effect'
      /** The effect's id in the run (the saga monitor's `effectId`), unique within it. */
      readonly id: number
      /**
       * The id of what it ran under: the `all` / `race` holding it, or else the effect that started
       * its task (the `fork` or `call`, or the root saga's start).
       */
      readonly parentId: number
      /** The key of the task that yielded it, as in `effectsByTask`. */
      readonly task: string
      /** What was yielded: usually an effect, but also a promise or an iterator yielded directly. */
      readonly effect: unknown
      /** The key under `all` / `race` ('' at top level). */
      readonly label: string
      /** Virtual time (ms) at which it was yielded. */
      readonly startedAt: number
      /** Virtual time (ms) at which it settled; `undefined` if it was still pending when the run stopped. */
      readonly endedAt: number | undefined
      /** How it ended: a value, an error, cancelled, or still pending. */
      readonly outcome: EffectOutcome
      /** What answered it instead of the runtime (a provider, `failAt`, `cancelAt`); `undefined` if it ran for real. */
      readonly injected: EffectInjection | undefined
    }
  | {
      /** An action the test dispatched (`dispatch` / `dispatchAt`). */
      readonly kind: 'dispatch'
      /** Virtual time (ms) at which the action was dispatched. */
      readonly at: number
      /** The action, as given to `dispatch` / `dispatchAt`. */
      readonly action: unknown
    }

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
  /** What the root saga's own code returned, even if a task it forked still ran at the end (undefined if it threw, or was cancelled or stopped before returning). */
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
  if (!Array.isArray(trace)) throw new TypeError(`formatTrace(trace, limit?): trace must be an array of trace entries (result.trace), got ${formatValue(trace)}`)
  if (!(limit === Infinity || (Number.isInteger(limit) && limit >= 0))) {
    throw new TypeError(`formatTrace(trace, limit?): limit must be an integer >= 0 (the most lines to print), got ${formatValue(limit)}`)
  }
  trace.forEach((entry: unknown, index) => {
    const kind = entry !== null && typeof entry === 'object' ? (entry as { kind?: unknown }).kind : undefined
    if (kind !== 'effect' && kind !== 'dispatch') {
      throw new TypeError(`formatTrace(trace, limit?): trace[${index}] is not a trace entry ({ kind: 'effect' | 'dispatch', ... } from result.trace), got ${formatValue(entry)}`)
    }
  })
  const lines = trace.slice(0, limit).map((entry) => {
    if (entry.kind === 'dispatch') return `${String(entry.at).padStart(6)} ms  (test)  dispatch ${formatValue(entry.action)}`
    const label = entry.label ? `${entry.label}: ` : ''
    return `${String(entry.startedAt).padStart(6)} ms  ${entry.task}  ${label}${formatEffect(entry.effect)}  ${describeOutcome(entry)}`
  })
  if (trace.length > limit) lines.push(`... ${trace.length - limit} more`)
  return lines.join('\n')
}
