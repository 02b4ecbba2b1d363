/*
 * The tracer's memory: what the SagaMonitor hooks report, turned into tasks and effects.
 *
 * Attribution protocol (reference 1.6: a top-level effect's `parentEffectId` is the id of the
 * effect that started its task):
 * - `rootSagaStarted({ effectId })` starts a root task with that id; `effectResolved(rootId,
 *   task)` then hands over the Task object.
 * - A `fork` / `spawn` effect starts a task with the fork effect's id when it is *triggered*:
 *   the child runs synchronously, so its first effects arrive before `effectResolved(forkId,
 *   task)` gives the Task.
 * - A `call` that returns an iterator, or a yielded iterator, runs a sub-task whose effects have
 *   the call's id as parent; the tracer learns about it from that first child effect.
 * - Children of `all` / `race` (and of effects like `use` that run an effect for the task) have
 *   that effect as parent and belong to the same task.
 * A task with a Task object learns *that* it ended from `task.toPromise()` (public API only: the
 * tracer hooks the monitor, not the runtime's internals), a microtask late; *when* it ended is
 * its last activity: the last of its effects to start or settle (a cancellation settles the
 * effect it waited on; async cleanup adds effects) or the last of its children to end. A
 * sub-task ends with its `call` effect.
 *
 * Bounded mode keeps FIFO queues of finished effects and finished tasks and forgets the oldest
 * past the limits; pending effects and running tasks are never forgotten. Nor is a finished task
 * that still runs effects (a cancelled task's async cleanup: it ended, for `toPromise`, at the
 * cancel): it is forgotten once it has been idle for a whole job (its next cleanup effect
 * starts in the same job as the previous one settles), since an effect whose task was forgotten
 * would start a phantom `unknown` task that nothing ever forgets (a leak in a long-running app).
 */
import { systemClock, type Clock } from '@sagaflow/cancellation'
import { effectTypes } from '../effect-types.js'
import * as is from '../internal/is.js'
import { checkKeys, describeValue } from '../resilience/options.js'
import type { Task } from '../types.js'
import { describeEffect, effectTypeOf, formatValue, functionName, helperName, runsChildEffectsInline } from './describe.js'
import type {
  TracedEffect,
  TracedEffectOutcome,
  TracedError,
  TracedTask,
  TracedTaskKind,
  TracedTaskStatus,
  TracerOptions,
  TraceSnapshot,
} from './types.js'

interface EffectRecord {
  readonly id: number
  readonly parentId: number
  readonly label: string
  readonly effect: unknown
  readonly task: TaskRecord
  readonly start: number
  end: number | undefined
  outcome: TracedEffectOutcome
  error: TracedError | null
  description: string | undefined
  /** The task this effect started (fork, spawn, or a call running a sub-saga). */
  startsTask: TaskRecord | undefined
}

interface TaskRecord {
  readonly id: number
  readonly parentId: number | null
  name: string
  readonly kind: TracedTaskKind
  readonly start: number
  end: number | undefined
  /** Final once `end` is set; while running, read from `ref`. */
  status: TracedTaskStatus
  error: TracedError | null
  /** The Task object (roots, forks), until it ends. */
  ref: Task | undefined
  /** The pending top-level effect: what the task waits on. */
  current: EffectRecord | undefined
  /** Latest time one of its effects started or settled, or one of its children ended. */
  lastActivity: number
  /** Its effects still pending. */
  pending: number
  /** Past the `maxTasks` limit while it still ran effects: forgotten once idle (see the protocol). */
  forgetWhenIdle: boolean
  forgotten: boolean
}

function toTracedError(error: unknown): TracedError {
  if (error instanceof Error) return { name: error.name, message: error.message }
  if (error && typeof error === 'object' && 'message' in error) {
    const { name, message } = error as { name?: unknown; message?: unknown }
    return { name: typeof name === 'string' ? name : 'Error', message: text(message) }
  }
  return { name: typeof error, message: text(error) }
}

/**
 * `String(value)`, for any thrown value: the tracer runs inside the monitor hooks, and a value
 * `String` cannot convert (an object without a prototype, a throwing `toString`) must not turn
 * the saga's error into a TypeError of the tracer's.
 */
function text(value: unknown): string {
  try {
    return String(value)
  } catch {
    try {
      return formatValue(value)
    } catch {
      return `[unprintable ${typeof value}]`
    }
  }
}

function checkLimit(name: string, value: number | undefined): number {
  if (value === undefined) return Infinity
  if (typeof value !== 'number' || !(value >= 0)) {
    throw new TypeError(`createTracer(options): options.${name} must be a number >= 0, got ${describeValue(value)}`)
  }
  return value
}

/** A FIFO of finished records that forgets the oldest past `limit`. */
class Retention<T> {
  private items: T[] = []
  private head = 0
  constructor(
    private readonly limit: number,
    private readonly forget: (item: T) => void,
  ) {}
  get enabled(): boolean {
    return this.limit !== Infinity
  }
  add(item: T): void {
    this.items.push(item)
    while (this.items.length - this.head > this.limit) {
      const oldest = this.items[this.head]!
      this.items[this.head++] = undefined as T
      this.forget(oldest)
    }
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    }
  }
}

export class Recorder {
  /** `options.clock`, else the clock of the first `runSaga` that uses the tracer (`adoptClock`). */
  clock: Clock
  private clockChosen: boolean
  private readonly tasks = new Map<number, TaskRecord>()
  private readonly effects = new Map<number, EffectRecord>()
  private readonly finishedEffects: Retention<EffectRecord>
  private readonly finishedTasks: Retention<TaskRecord>
  private droppedEffects = 0
  private droppedTasks = 0

  constructor(options: TracerOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`createTracer(options): options must be an object, got ${describeValue(options)}`)
    }
    checkKeys('createTracer(options)', 'options', options, ['clock', 'maxEffects', 'maxTasks'])
    const clock = options.clock ?? systemClock
    if (!clock || typeof clock.now !== 'function') {
      throw new TypeError(`createTracer(options): options.clock must be a Clock ({ now, setTimeout, clearTimeout }), got ${describeValue(clock)}`)
    }
    this.clock = clock
    this.clockChosen = options.clock !== undefined
    const maxEffects = checkLimit('maxEffects', options.maxEffects)
    const maxTasks = options.maxTasks === undefined ? maxEffects : checkLimit('maxTasks', options.maxTasks)
    this.finishedEffects = new Retention(maxEffects, (effect) => {
      if (this.effects.get(effect.id) === effect) this.effects.delete(effect.id)
      this.droppedEffects++
    })
    this.finishedTasks = new Retention(maxTasks, (task) => {
      if (task.pending > 0) task.forgetWhenIdle = true
      else this.forgetTask(task)
    })
  }

  private forgetTask(task: TaskRecord): void {
    if (task.forgotten) return
    if (this.tasks.get(task.id) === task) this.tasks.delete(task.id)
    task.forgotten = true
    this.droppedTasks++
  }

  /** Forgets a task kept for its cleanup once it has stayed idle until the current job ends. */
  private forgetIfStillIdle(task: TaskRecord): void {
    queueMicrotask(() => {
      if (task.pending === 0) this.forgetTask(task)
    })
  }

  /**
   * The clock a `runSaga` using this tracer runs on (run-saga.ts, before `rootSagaStarted`). The
   * first one is kept; a clock given to `createTracer` wins over all.
   */
  adoptClock(clock: Clock): void {
    if (this.clockChosen) return
    this.clockChosen = true
    this.clock = clock
  }

  // ---- monitor hooks ----

  rootStarted(effectId: number, saga: unknown): void {
    this.addTask(effectId, null, functionName(saga), 'root', this.clock.now())
  }

  triggered(effectId: number, parentEffectId: number, label: string | undefined, effect: unknown): void {
    const now = this.clock.now()
    const task = this.ownerOf(parentEffectId, now)
    const record: EffectRecord = {
      id: effectId,
      parentId: parentEffectId,
      label: label ?? '',
      effect,
      task,
      start: now,
      end: undefined,
      outcome: 'pending',
      error: null,
      description: undefined,
      startsTask: undefined,
    }
    this.effects.set(effectId, record)
    task.pending++
    this.touch(task, now)
    if (parentEffectId === task.id) task.current = record
    if (is.effect(effect) && (effect as { type: string }).type === effectTypes.FORK) {
      const { fn, detached } = (effect as { payload: { fn: unknown; detached?: boolean } }).payload
      record.startsTask = this.addTask(effectId, task.id, functionName(fn), detached ? 'spawn' : 'fork', now)
    }
  }

  settled(effectId: number, outcome: 'resolved' | 'rejected' | 'cancelled', value: unknown): void {
    const record = this.effects.get(effectId)
    if (!record) {
      // effectResolved(rootId, task): the root's Task object.
      const task = this.tasks.get(effectId)
      if (task && task.kind === 'root' && outcome === 'resolved' && is.task(value)) this.attach(task, value as Task)
      return
    }
    if (record.outcome !== 'pending') return
    record.end = this.clock.now()
    record.outcome = outcome
    if (outcome === 'rejected') record.error = toTracedError(value)
    const owner = record.task
    owner.pending--
    if (owner.pending === 0 && owner.forgetWhenIdle) this.forgetIfStillIdle(owner)
    this.touch(owner, record.end)
    if (owner.current === record) owner.current = undefined
    const started = record.startsTask
    if (started && started.end === undefined) {
      if (started.kind === 'call') this.finishFromEffect(started, record)
      else if (outcome === 'resolved' && is.task(value)) this.attach(started, value as Task)
      // A forked child that fails synchronously aborts its parent before the fork resolves.
      else if (!started.ref) this.finish(started, 'failed', record.end, record.error)
    }
    if (this.finishedEffects.enabled) this.finishedEffects.add(record)
  }

  // ---- attribution ----

  private addTask(id: number, parentId: number | null, name: string, kind: TracedTaskKind, start: number): TaskRecord {
    const task: TaskRecord = {
      id,
      parentId,
      name,
      kind,
      start,
      end: undefined,
      status: 'running',
      error: null,
      ref: undefined,
      current: undefined,
      lastActivity: start,
      pending: 0,
      forgetWhenIdle: false,
      forgotten: false,
    }
    this.tasks.set(id, task)
    return task
  }

  /** The task an effect with this parent belongs to (see the protocol above). */
  private ownerOf(parentEffectId: number, now: number): TaskRecord {
    const task = this.tasks.get(parentEffectId)
    if (task) return task
    const parent = this.effects.get(parentEffectId)
    if (!parent) return this.addTask(parentEffectId, null, `task #${parentEffectId}`, 'unknown', now)
    if (runsChildEffectsInline(parent.effect)) return parent.task
    const sub = this.addTask(parentEffectId, parent.task.id, subTaskName(parent.effect), 'call', parent.start)
    parent.startsTask = sub
    if (parent.outcome !== 'pending') this.finishFromEffect(sub, parent)
    return sub
  }

  /**
   * Records activity of a task. A task that runs effects after it ended (cleanup in `finally`
   * after a cancellation: `toPromise` settles at the cancel, the reference's semantics) is
   * extended to cover them; its status stays.
   */
  private touch(task: TaskRecord, now: number): void {
    task.lastActivity = now
    if (task.end !== undefined && task.end < now) task.end = now
  }

  private attach(task: TaskRecord, ref: Task): void {
    if (task.ref || task.end !== undefined) return
    task.ref = ref
    task.name = helperName(ref.meta?.name ?? task.name)
    const ended = () => this.finishFromTask(task, ref)
    ref.toPromise().then(ended, ended)
  }

  private finishFromTask(task: TaskRecord, ref: Task): void {
    if (task.end !== undefined) return
    const status = statusOf(ref)
    this.finish(task, status, task.lastActivity, status === 'failed' ? toTracedError(ref.error()) : null)
  }

  private finishFromEffect(task: TaskRecord, effect: EffectRecord): void {
    const status: TracedTaskStatus =
      effect.outcome === 'rejected' ? 'failed' : effect.outcome === 'cancelled' ? 'cancelled' : 'done'
    this.finish(task, status, effect.end!, effect.error)
  }

  private finish(task: TaskRecord, status: TracedTaskStatus, end: number, error: TracedError | null): void {
    task.end = end
    task.status = status
    task.error = error
    task.ref = undefined
    const parent = task.parentId === null ? undefined : this.tasks.get(task.parentId)
    if (parent && parent.end === undefined && parent.lastActivity < end) parent.lastActivity = end
    if (this.finishedTasks.enabled && !task.forgotten) this.finishedTasks.add(task)
  }

  // ---- reading ----

  snapshot(): TraceSnapshot {
    const now = this.clock.now()
    const effects: TracedEffect[] = []
    for (const record of this.effects.values()) {
      const task = record.task
      if (task.forgotten) continue
      effects.push({
        id: record.id,
        parentId: record.parentId,
        taskId: task.id,
        label: record.label,
        description: (record.description ??= describeEffect(record.effect)),
        type: effectTypeOf(record.effect),
        start: record.start,
        end: record.end ?? null,
        outcome: record.outcome,
        error: record.error,
      })
    }
    const tasks: TracedTask[] = []
    const traced = new Map<number, TracedTask>()
    const records = [...this.tasks.values()].sort((a, b) => a.id - b.id)
    for (const task of records) {
      let { status, end, error } = task
      if (end === undefined && task.ref) {
        // Ended, but its toPromise() callback has not run yet (a microtask away).
        status = statusOf(task.ref)
        if (status !== 'running') {
          end = task.lastActivity
          if (status === 'failed') error = toTracedError(task.ref.error())
        }
      } else if (end === undefined && task.kind === 'unknown' && task.pending === 0) {
        status = 'done'
        end = task.lastActivity
      }
      // A fork that failed synchronously is known only as failed (the monitor saw its fork effect
      // cancelled, as with redux-saga): it aborted its parent with its error, so it shows the
      // parent's. Parents have smaller ids, so the parent is already here.
      if (status === 'failed' && error === null && task.parentId !== null) {
        const parent = traced.get(task.parentId)
        if (parent?.status === 'failed') error = parent.error
      }
      const entry: TracedTask = {
        id: task.id,
        parentId: task.parentId !== null && this.tasks.has(task.parentId) ? task.parentId : null,
        name: task.name,
        kind: task.kind,
        status,
        start: task.start,
        end: end ?? null,
        error,
        // A cancelled task's current effect is one its cleanup (`finally`) still waits on: what
        // a `halt` of it is waiting for.
        waitingOn: (status === 'running' || status === 'cancelled') && task.current ? task.current.id : null,
      }
      traced.set(task.id, entry)
      tasks.push(entry)
    }
    return { now, tasks, effects, dropped: { effects: this.droppedEffects, tasks: this.droppedTasks } }
  }
}

function statusOf(task: Task): TracedTaskStatus {
  if (task.isRunning()) return 'running'
  if (task.isCancelled()) return 'cancelled'
  if (task.isAborted()) return 'failed'
  return 'done'
}

function subTaskName(effect: unknown): string {
  if (is.effect(effect)) {
    const { type, payload } = effect as { type: string; payload: any }
    if (type === effectTypes.CALL || type === effectTypes.CPS) return helperName(functionName(payload.fn))
    return describeEffect(effect)
  }
  return 'iterator'
}
