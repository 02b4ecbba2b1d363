/*
 * The SagaMonitor of an `expectSaga` run: records every effect (what, when on the virtual clock,
 * how it ended) and attributes it to the task that yielded it.
 *
 * Attribution protocol (from the monitor's ids alone, no runtime internals): a top-level effect's
 * `parentEffectId` is the id of the effect that started its task (the root id for the root saga,
 * the `fork` effect for a forked task, the `call` effect for a called generator, the yielded
 * iterator for a yielded iterator); children of `all` / `race` (and of any other effect that
 * runs effects, like `timeout`) have that effect's id as parent and belong to its task. So: a
 * parent that is a `fork`, a `call` or an iterator starts a new task; any other parent passes its
 * task on. `effectResolved(forkId, task)` gives the forked Task (its name, its status).
 */
import type { Clock } from '@sagaflow/cancellation'
import { effectTypes, type Effect, type Task } from '@sagaflow/core'
import { effectKind, fnName, isEffect, isIterator, isPromise, isTask } from '../internal/effects.js'
import { isInternalEffect } from '../internal/package-effects.js'

export type EffectStatus = 'pending' | 'ok' | 'error' | 'cancelled'

/** What the run's injector did instead of running an effect. */
export type Injection = 'provided' | 'provided-error' | 'failed' | 'cancelled'

export interface EffectRecord {
  readonly id: number
  readonly parentId: number
  readonly effect: unknown
  readonly label: string
  readonly task: TaskRecord
  readonly startedAt: number
  endedAt: number | undefined
  status: EffectStatus
  value: unknown
  error: unknown
  injected: Injection | undefined
  /** A provider answered it with a promise, which the effect waits on (see `awaitsOutsideWork`). */
  providedPromise?: boolean
  /**
   * Yielded by a sagaflow package for its own bookkeeping, not by the user's code (see
   * `internal/package-effects.ts`): left out of assertions and results. Set when triggered, for
   * the injector, which never provides, fails or cancels such an effect; set again by `finalize`,
   * which also sees the marks a package adds after the effect ran (a `call` of a user's
   * function that returned an effect to run).
   */
  internal: boolean
}

export interface TaskRecord {
  /** The id of the effect that started the task (the root id for the root saga). */
  readonly startId: number
  /** That effect (undefined for the root). */
  readonly start: EffectRecord | undefined
  readonly parent: TaskRecord | undefined
  readonly effects: EffectRecord[]
  /** The Task object, when the runtime gave it (root and forks). */
  task: Task | undefined
  /** Unique, readable key (set by `finalize`). */
  key: string
  /** Started by a package's internal effect and has no effect of the user's: left out of `effectsByTask` (set by `finalize`). */
  hidden?: boolean
}

/** An action the test dispatched (`dispatch` / `dispatchAt`). */
export interface DispatchRecord {
  readonly at: number
  readonly action: unknown
}

export class Recorder {
  /** Bumped on every hook call and dispatch: lets the driver see whether anything happened. */
  activity = 0
  rootId = -1
  root: TaskRecord | undefined
  rootName = 'anonymous'
  readonly records = new Map<number, EffectRecord>()
  readonly ordered: EffectRecord[] = []
  /** Effects and test dispatches, in the order they happened. */
  readonly timeline: (EffectRecord | DispatchRecord)[] = []
  readonly tasks: TaskRecord[] = []
  private readonly taskByStart = new Map<number, TaskRecord>()
  /** The effect most recently triggered: the one an effect middleware is being called for. */
  lastTriggered: EffectRecord | undefined
  /**
   * Pending effects that may wait on work outside the saga (a `call`, `cps` or `put` that may
   * resolve a promise or a callback, a yielded promise): see `awaitsOutsideWork`.
   */
  private readonly mayAwaitOutside = new Set<EffectRecord>()
  /** The tasks internal forks and spawns started (a join of only those is internal too). */
  private readonly internalTasks = new WeakSet<object>()

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  readonly monitor = {
    rootSagaStarted: ({ effectId, saga }: { effectId: number; saga: (...args: any[]) => any }) => {
      this.activity++
      this.rootId = effectId
      this.rootName = fnName(saga)
      this.root = this.newTask(effectId, undefined, undefined)
    },
    effectTriggered: ({ effectId, parentEffectId, label, effect }: { effectId: number; parentEffectId: number; label?: string; effect: unknown }) => {
      this.activity++
      const record: EffectRecord = {
        id: effectId,
        parentId: parentEffectId,
        effect,
        label: label ?? '',
        task: this.taskOf(parentEffectId),
        startedAt: this.clock.now(),
        endedAt: undefined,
        status: 'pending',
        value: undefined,
        error: undefined,
        injected: undefined,
        // Classified as they come, for the injector: a join is yielded only after the fork that
        // gave its task resolved (and registered the task below).
        internal: isInternalEffect(effect, this.internalTasks),
      }
      this.records.set(effectId, record)
      this.ordered.push(record)
      this.timeline.push(record)
      record.task.effects.push(record)
      this.lastTriggered = record
      if (mayAwaitOutside(effect)) this.mayAwaitOutside.add(record)
    },
    effectResolved: (effectId: number, result: unknown) => {
      this.activity++
      if (effectId === this.rootId) {
        this.root!.task = result as Task
        return
      }
      const record = this.settle(effectId, 'ok')
      if (!record) return
      record.value = result
      // (A provider may give a fork any value, as redux-saga-test-plan lets it: only a task is one.
      // A provided task, such as a `createMockTask()`, is the test's stand-in, not a task of the
      // run: the run must not count it as running, nor cancel it when it ends, which would change
      // what the test then reads on it, `isCancelled()`.)
      if (isEffect(record.effect) && record.effect.type === effectTypes.FORK && isTask(result) && record.injected === undefined) {
        this.taskStartedBy(record).task = result
        if (record.internal) this.internalTasks.add(result)
      }
    },
    effectRejected: (effectId: number, error: unknown) => {
      this.activity++
      const record = this.settle(effectId, 'error')
      if (record) record.error = error
    },
    effectCancelled: (effectId: number) => {
      this.activity++
      this.settle(effectId, 'cancelled')
    },
    actionDispatched: () => {
      this.activity++
    },
  }

  /** Records an action dispatched by the test. */
  logDispatch(action: unknown): void {
    this.timeline.push({ at: this.clock.now(), action })
  }

  private settle(effectId: number, status: EffectStatus): EffectRecord | undefined {
    const record = this.records.get(effectId)
    if (!record || record.status !== 'pending') return undefined
    record.status = status
    record.endedAt = this.clock.now()
    this.mayAwaitOutside.delete(record)
    return record
  }

  /**
   * Whether some effect waits on work outside the saga and its virtual clock: a promise or a
   * callback that settles on its own (a `call` of an async function, real I/O, a `cps`, a
   * `putResolve` of a thunk's promise, a yielded promise, a `take` on a `fromAsyncIterable`
   * channel while its source is being pulled). A `call` that started a sub-saga does
   * not count (its own effects do), nor one a provider or an injected failure answered, unless
   * the provider's answer is a promise.
   */
  awaitsOutsideWork(): boolean {
    return this.outsideWait() !== undefined
  }

  /** The first effect that waits on work outside the saga (see `awaitsOutsideWork`). */
  outsideWait(): EffectRecord | undefined {
    for (const record of this.outsideWaits()) return record
    return undefined
  }

  /** Every effect that waits on work outside the saga, in the order they were triggered. */
  *outsideWaits(): Generator<EffectRecord, void, undefined> {
    for (const record of this.mayAwaitOutside) {
      if (record.injected !== undefined && record.providedPromise !== true) continue
      if (this.taskByStart.has(record.id)) continue
      const pulling = isEffect(record.effect) ? pullingChannel(record.effect) : undefined
      if (pulling === undefined || pulling[CHANNEL_PULLING]) yield record
    }
  }


  private newTask(startId: number, start: EffectRecord | undefined, parent: TaskRecord | undefined): TaskRecord {
    const task: TaskRecord = { startId, start, parent, effects: [], task: undefined, key: '' }
    this.taskByStart.set(startId, task)
    this.tasks.push(task)
    return task
  }

  private taskStartedBy(record: EffectRecord): TaskRecord {
    return this.taskByStart.get(record.id) ?? this.newTask(record.id, record, record.task)
  }

  private taskOf(parentEffectId: number): TaskRecord {
    if (parentEffectId === this.rootId) return this.root!
    const parent = this.records.get(parentEffectId)
    if (!parent) return this.root!
    return startsTask(parent.effect) ? this.taskStartedBy(parent) : parent.task
  }

  /** Is the task still running (for the root and forks, the Task says; for called sagas, their call is pending)? */
  isRunning(task: TaskRecord): boolean {
    if (task.task) return task.task.isRunning()
    return task.start !== undefined && task.start.status === 'pending'
  }

  /**
   * Marks the effects that packages yielded for themselves (again, in order, so that a join of a
   * task an internal spawn started is recognised), and the tasks that only ran such effects.
   * Then gives every task its key: its name (`meta.name`, or the called function's), `#2`,
   * `#3`... for repeats (the user's tasks are numbered first, so hidden ones never shift their
   * keys).
   */
  finalize(): void {
    const internalTasks = new WeakSet<object>()
    for (const record of this.ordered) {
      record.internal = isInternalEffect(record.effect, internalTasks)
      if (record.internal && isEffect(record.effect) && record.effect.type === effectTypes.FORK && isTask(record.value)) internalTasks.add(record.value)
    }
    for (const task of this.tasks) task.hidden = task.start?.internal === true && task.effects.every((record) => record.internal)
    const seen = new Map<string, number>()
    for (const task of [...this.tasks.filter((t) => !t.hidden), ...this.tasks.filter((t) => t.hidden)]) {
      const name = this.nameOf(task)
      const count = (seen.get(name) ?? 0) + 1
      seen.set(name, count)
      task.key = count === 1 ? name : `${name}#${count}`
    }
  }

  /** The task's name, as `finalize` keys it (without the `#2` of repeats). */
  nameOf(task: TaskRecord): string {
    if (task.task && task.task.meta && task.task.meta.name) return task.task.meta.name
    if (!task.start) return this.rootName
    const effect = task.start.effect
    if (isEffect(effect)) return fnName((effect.payload as { fn?: unknown }).fn)
    return task.parent ? this.nameOf(task.parent) : this.rootName
  }

  /**
   * Whether `effect` (a blocked task's, or a branch of its `race` / `all`) is a `take` on a channel
   * the run cannot see being fed: not the store's, not one an `actionChannel` of the run made (the
   * dispatches fill those), not a `fromAsyncIterable` one (waited on while its source is read).
   * An `eventChannel` on a socket or a real timer, a `channel()` the test keeps: the run does not
   * wait for those to emit, where redux-saga-test-plan's real-time timeout (250 ms) let them.
   */
  takesFromOutside(effect: unknown): boolean {
    if (!isEffect(effect)) return false
    if (effect.type === effectTypes.RACE || effect.type === effectTypes.ALL) {
      return Object.values(effect.payload as Record<string, unknown>).some((branch) => this.takesFromOutside(branch))
    }
    if (effect.type !== effectTypes.TAKE) return false
    const channel = (effect.payload as { channel?: unknown } | undefined)?.channel
    if (channel === null || typeof channel !== 'object' || CHANNEL_PULLING in channel) return false
    return !this.ordered.some((record) => record.status === 'ok' && record.value === channel && isEffect(record.effect) && record.effect.type === effectTypes.ACTION_CHANNEL)
  }

  /** The effect a task's main flow waits on: its latest pending top-level effect. */
  waitingOn(task: TaskRecord): EffectRecord | undefined {
    for (let i = task.effects.length - 1; i >= 0; i--) {
      const record = task.effects[i]!
      if (record.parentId === task.startId && record.status === 'pending') return record
    }
    return undefined
  }
}

/**
 * Set by @sagaflow/core on a `fromAsyncIterable` channel: true while a taker waits on a pull of
 * its source (an async iterable: real I/O, timers) under way.
 */
const CHANNEL_PULLING = Symbol.for('@sagaflow/channel-pulling')

/**
 * A `call` (not a `delay`: that one is on the virtual clock), a `cps`, a `putResolve`, a yielded
 * promise, a `take` on a channel fed by an async source.
 */
function mayAwaitOutside(effect: unknown): boolean {
  if (isEffect(effect)) {
    const kind = effectKind(effect)
    if (kind === 'take' || kind === 'takeMaybe') return pullingChannel(effect) !== undefined
    return kind === 'call' || kind === 'cps' || kind === 'putResolve'
  }
  return isPromise(effect)
}

/** The channel of a `take` on a channel fed by an async source (`fromAsyncIterable`). */
function pullingChannel(effect: Effect): { [CHANNEL_PULLING]: boolean } | undefined {
  const channel = (effect.payload as { channel?: unknown } | undefined)?.channel
  return channel !== null && typeof channel === 'object' && CHANNEL_PULLING in channel ? (channel as { [CHANNEL_PULLING]: boolean }) : undefined
}

function startsTask(effect: unknown): boolean {
  if (isEffect(effect)) return (effect as Effect).type === effectTypes.FORK || (effect as Effect).type === effectTypes.CALL
  return isIterator(effect)
}
