/*
 * The tracer (CONTRACT §1.8): a SagaMonitor that records the task tree and every effect, and
 * renders them as text, JSON or an HTML timeline. `recorder.ts` holds the attribution
 * protocol; `tree.ts` and `html.ts` render a snapshot, so all three views agree.
 */
import type { Clock } from '@sagaflow/cancellation'
import { MONITOR_CLOCK } from '../internal/monitor-clock.js'
import { checkKeys, fail } from '../resilience/options.js'
import { renderHTML } from './html.js'
import { Recorder } from './recorder.js'
import { renderTree } from './tree.js'
import type { Tracer, TracerHTMLOptions, TracerOptions } from './types.js'

export type {
  TracedEffect,
  TracedEffectOutcome,
  TracedError,
  TracedTask,
  TracedTaskKind,
  TracedTaskStatus,
  Tracer,
  TracerHTMLOptions,
  TracerOptions,
  TraceSnapshot,
} from './types.js'

const HTML_API = 'tracer.toHTML(options)'

/** `toHTML`'s options, checked: a title that is not a string would fail deep in the rendering. */
function checkHTMLOptions(options: unknown): TracerHTMLOptions | undefined {
  if (options === undefined) return undefined
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(HTML_API, 'options', 'an object { title? } or nothing', options)
  checkKeys(HTML_API, 'options', options, ['title'])
  const { title } = options as TracerHTMLOptions
  if (title !== undefined && typeof title !== 'string') fail(HTML_API, 'options.title', 'a string', title)
  return options as TracerHTMLOptions
}

/**
 * Creates a tracer: a `SagaMonitor` (pass it as `sagaMonitor` to `runSaga` or
 * `createSagaMiddleware`) that records every task (root, fork, spawn, called sub-saga) and every
 * effect with its start and end time on the saga's clock, its outcome and its owning task.
 * Read it at any time with `tree()` (text), `toJSON()` (plain data) or `toHTML()` (a timeline
 * page to open in a browser).
 *
 * Times are on the clock of the sagas it watches: the first `runSaga` (or saga middleware) that
 * uses the tracer tells it its `clock` (`systemClock` unless given one), and
 * `createTracer({ clock })` fixes it instead (pass it when the tracer sits inside a monitor of
 * your own that fans out to several: `runSaga` tells only the monitor it is given). In a
 * long-running app, bound its memory with `maxEffects` (and `maxTasks`): only the most recently
 * finished effects and tasks are kept; pending effects and running tasks always are (a cancelled
 * task until its async cleanup is idle).
 *
 * @example
 * ```ts
 * import { createTracer, runSaga } from '@sagaflow/core'
 *
 * const tracer = createTracer()
 * const task = runSaga({ sagaMonitor: tracer, dispatch, getState }, rootSaga)
 * // later, e.g. from a debug endpoint or the console:
 * console.log(tracer.tree())
 * // rootSaga [running 4.1s] waiting on forked tasks
 * // ├─ watchSearch [running 4.1s] waiting on take('SEARCH')
 * // └─ loadUser [cancelled 120ms]
 * ```
 *
 * @example
 * ```ts
 * // Bounded, on a virtual clock, with Redux:
 * const clock = new VirtualClock()
 * const tracer = createTracer({ maxEffects: 10_000 })
 * const sagaMiddleware = createSagaMiddleware({ sagaMonitor: tracer, clock }) // times on `clock`
 * ```
 */
export function createTracer(options: TracerOptions = {}): Tracer {
  const recorder = new Recorder(options)
  const tracer: Tracer = {
    rootSagaStarted({ effectId, saga }) {
      recorder.rootStarted(effectId, saga)
    },
    effectTriggered({ effectId, parentEffectId, label, effect }) {
      recorder.triggered(effectId, parentEffectId, label, effect)
    },
    effectResolved(effectId, result) {
      recorder.settled(effectId, 'resolved', result)
    },
    effectRejected(effectId, error) {
      recorder.settled(effectId, 'rejected', error)
    },
    effectCancelled(effectId) {
      recorder.settled(effectId, 'cancelled', undefined)
    },
    actionDispatched() {},
    tree: () => renderTree(recorder.snapshot()),
    toJSON: () => recorder.snapshot(),
    toHTML: (htmlOptions?: TracerHTMLOptions) => renderHTML(recorder.snapshot(), checkHTMLOptions(htmlOptions)),
  }
  // runSaga tells the tracer its clock (internal/monitor-clock.ts); not an enumerable member.
  Object.defineProperty(tracer, MONITOR_CLOCK, { value: (clock: Clock) => recorder.adoptClock(clock) })
  return tracer
}
