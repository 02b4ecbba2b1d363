import type { Clock } from '@sagaflow/cancellation'
import type { SagaMonitor } from '../types.js'

/**
 * Where a traced task is in its life.
 *
 * @example
 * ```ts
 * const stuck = tracer.toJSON().tasks.filter((task) => task.status === 'running' && task.waitingOn !== null)
 * ```
 */
export type TracedTaskStatus = 'running' | 'done' | 'failed' | 'cancelled'

/**
 * How a traced effect ended, or `'pending'` while the task still waits on it.
 *
 * @example
 * ```ts
 * const cancelled = tracer.toJSON().effects.filter((effect) => effect.outcome === 'cancelled')
 * ```
 */
export type TracedEffectOutcome = 'pending' | 'resolved' | 'rejected' | 'cancelled'

/**
 * What started a task: `runSaga` / `middleware.run` (`root`), a `fork` or `spawn` effect, or a
 * `call` of a generator / a yielded iterator (`call`). `unknown` for effects whose parent was
 * never seen (or was forgotten in bounded mode).
 *
 * @example
 * ```ts
 * const subSagas = tracer.toJSON().tasks.filter((task) => task.kind === 'call').map((task) => task.name)
 * ```
 */
export type TracedTaskKind = 'root' | 'fork' | 'spawn' | 'call' | 'unknown'

/**
 * An error as plain data.
 *
 * @example
 * ```ts
 * for (const task of tracer.toJSON().tasks) if (task.error) console.log(`${task.name}: ${task.error.name}: ${task.error.message}`)
 * ```
 */
export interface TracedError {
  /** The error's `name` (`'TypeError'`, `'TimeoutError'`...); the value's `typeof` (`'string'`...) when what was thrown is not error-like. */
  name: string
  /** The error's `message`, or the thrown value as a string. */
  message: string
}

/**
 * One task of a trace (`tracer.toJSON().tasks`).
 *
 * @example
 * ```ts
 * const { tasks, now } = tracer.toJSON()
 * for (const task of tasks) console.log(task.name, task.status, (task.end ?? now) - task.start, 'ms')
 * ```
 */
export interface TracedTask {
  /** The id of the effect that started it (= `Task.id` for roots and forks; the `call` effect's id for a sub-saga). */
  id: number
  /** The task it belongs to, `null` for roots (and for tasks whose parent was forgotten). */
  parentId: number | null
  /** The saga's name (`task.meta.name`): the function's name, or e.g. `takeEvery('X', worker)` for helpers. */
  name: string
  /** What started it: `'root'`, `'fork'`, `'spawn'`, `'call'`, or `'unknown'` (see `TracedTaskKind`). */
  kind: TracedTaskKind
  /** Whether it is still running, or how it ended. */
  status: TracedTaskStatus
  /** Clock time (`clock.now()`) when it started. */
  start: number
  /** Clock time when it ended, `null` while running. */
  end: number | null
  /** Why it failed (status `'failed'`). */
  error: TracedError | null
  /** Id of the effect the task is blocked on, when it is running and waiting, or cancelled and its cleanup (`finally`) is waiting. */
  waitingOn: number | null
}

/**
 * One effect of a trace (`tracer.toJSON().effects`).
 *
 * @example
 * ```ts
 * const slowest = tracer.toJSON().effects
 *   .filter((effect) => effect.end !== null)
 *   .sort((a, b) => b.end! - b.start - (a.end! - a.start))
 *   .slice(0, 5)
 *   .map((effect) => effect.description)
 * ```
 */
export interface TracedEffect {
  /** The effect id the monitor saw. */
  id: number
  /** The `parentEffectId` the monitor saw: the task's id for top-level effects, the `all` / `race` for their children. */
  parentId: number
  /** Id of the task that yielded it. */
  taskId: number
  /** Key of the effect in its parent `all` / `race` (`'0'`, `'a'`), `''` otherwise. */
  label: string
  /** One line, as written in the saga: `call(fetchUser, 1)`, `take('LOGIN')`, `delay(500)`. */
  description: string
  /** The effect's `type` (`'CALL'`, `'TAKE'`...), or `'PROMISE'`, `'ITERATOR'`, `'VALUE'` for a yielded non-effect. */
  type: string
  /** Clock time when it was triggered (the task yielded it). */
  start: number
  /** `null` while pending. */
  end: number | null
  /** How it ended: resolved, rejected or cancelled; `'pending'` while the task still waits on it. */
  outcome: TracedEffectOutcome
  /** The error it was rejected with. */
  error: TracedError | null
}

/**
 * Everything a tracer knows, as plain JSON-safe data (`tracer.toJSON()`).
 *
 * @example
 * ```ts
 * // Ship the trace from a browser app to your backend:
 * await fetch('/debug/trace', { method: 'POST', body: JSON.stringify(tracer.toJSON()) })
 * ```
 */
export interface TraceSnapshot {
  /** Clock time when the snapshot was taken: pending effects and running tasks extend to here. */
  now: number
  /** In start order. */
  tasks: TracedTask[]
  /** In start order. */
  effects: TracedEffect[]
  /** What bounded mode has forgotten so far (both 0 without `maxEffects` / `maxTasks`). */
  dropped: {
    /** Finished effects forgotten to stay within `maxEffects`. */
    effects: number
    /** Finished tasks forgotten to stay within `maxTasks`. */
    tasks: number
  }
}

/**
 * Options of {@link createTracer}.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock()
 * const tracer = createTracer({ clock, maxEffects: 5_000 })
 * runSaga({ sagaMonitor: tracer, clock }, rootSaga)
 * ```
 */
export interface TracerOptions {
  /**
   * The clock to record times on. Default: the clock of the first `runSaga` (or saga middleware)
   * that uses the tracer, so effect times match its `delay`s and timeouts without passing the
   * clock twice; `systemClock` until then.
   */
  clock?: Clock | undefined
  /**
   * Bounded mode: keep only the `maxEffects` most recently finished effects (pending effects are
   * always kept). Use it in long-running apps so memory stays bounded. Default: keep everything.
   */
  maxEffects?: number | undefined
  /**
   * Bounded mode: keep only the `maxTasks` most recently finished tasks (running ones are always
   * kept). Default: `maxEffects` when that is set, otherwise keep everything.
   */
  maxTasks?: number | undefined
}

/**
 * Options of `tracer.toHTML()`.
 *
 * @example
 * ```ts
 * const html = tracer.toHTML({ title: 'checkout flow' })
 * ```
 */
export interface TracerHTMLOptions {
  /** The page's title and heading. Default: `'sagaflow trace'`. */
  title?: string | undefined
}

/**
 * A `SagaMonitor` that records the task tree and every effect, with times on the saga's clock.
 * Pass it as `sagaMonitor`; read it with `tree()`, `toJSON()` or `toHTML()` at any time.
 *
 * @example
 * ```ts
 * const tracer = createTracer()
 * const task = runSaga({ sagaMonitor: tracer }, rootSaga)
 * console.log(tracer.tree())
 * ```
 */
export interface Tracer extends Required<SagaMonitor> {
  /**
   * The live task tree as indented text: each task's name, status, duration and, for a
   * blocked task, the effect it waits on. Past 32 levels (a deep chain of called sub-sagas) the
   * indentation stops growing and each line says its depth (`[depth 40] ...`).
   *
   * @example
   * ```ts
   * console.log(tracer.tree())
   * // rootSaga [running 1.2s] waiting on take('LOGOUT')
   * // ├─ watchSearch [running 1.2s] waiting on take('SEARCH')
   * // └─ loadUser [cancelled 120ms]
   * ```
   */
  tree(): string
  /**
   * The trace as plain data (tasks and effects with times, outcomes and errors); safe for
   * `JSON.stringify`.
   *
   * @example
   * ```ts
   * const { tasks, effects } = tracer.toJSON()
   * const failed = effects.filter((e) => e.outcome === 'rejected')
   * ```
   */
  toJSON(): TraceSnapshot
  /**
   * A self-contained HTML page (inline CSS and JS, no network) with a timeline: one lane per
   * task, effects as bars coloured by type, failures and cancellations marked, blocked effects
   * extending to now.
   *
   * @example
   * ```ts
   * // Node: write it to a file and open it in a browser
   * writeFileSync('trace.html', tracer.toHTML({ title: 'checkout' }))
   * ```
   */
  toHTML(options?: TracerHTMLOptions): string
}
