/*
 * Drives one `expectSaga` run on virtual time. The loop:
 *   1. let the saga run until it is quiet (promise callbacks drained: see `settle`);
 *   2. stop if the root saga has ended, and no task it spawned runs and no test dispatch is due;
 *   2b. if an effect waits on work outside the saga (a promise or callback that settles by itself:
 *      an async function, real I/O), wait for it, one event-loop turn at a time, before moving
 *      virtual time: such work takes no virtual time. Up to `asyncTimeout` real ms without any
 *      activity; then the run goes on as if it were not there (see `OutsideWork`);
 *   3. otherwise move the clock to whatever comes next: the next timer, or the next scheduled
 *      dispatch (timers due at the same instant fire first, so `dispatchAt(1000, a)` reaches a
 *      saga that has just come out of `delay(1000)`);
 *   4. stop when nothing is scheduled (stuck: nothing can make progress) or the next event lies
 *      beyond the virtual timeout.
 * Then every task still running is cancelled (root first, then detached tasks) and the clock keeps
 * running for their cleanup (`finally` blocks, compensations), bounded by the same timeout.
 * No timer measures anything: only microtask turns and, while outside work is pending,
 * event-loop turns: Node's `setImmediate` as it was when this module loaded (fake timers installed
 * later replace the global, not this reference), else a MessageChannel message (browsers), else a
 * zero-delay `setTimeout` kept the same way (Jest's jsdom environment), so fake timers in the test
 * do not stall it.
 */
import { runSaga, SAGA_LOCATION, type RunSagaOptions, type Task } from '@sagaflow/core'
import { fnName } from '../internal/effects.js'
import { formatEffect } from '../internal/format.js'
import type { FailureInjection } from './injector.js'
import { createInjector } from './injector.js'
import { Recorder, type EffectRecord, type TaskRecord } from './recorder.js'
import { TestStore } from './store.js'
import { TrackedClock } from './tracked-clock.js'
import type { Provision } from '../providers.js'
import { CompensationLog, TRANSACTION_OBSERVER, type CompensationRecord } from '../compensation.js'

/** How many consecutive microtask turns without any activity count as "quiet". */
const QUIET_TURNS = 64
/** Steps at one virtual instant before the run gives up (a saga looping on `delay(0)`). */
const MAX_STEPS_AT_ONE_INSTANT = 100_000
/** Steps in one run before it gives up (a poller with `run({ timeout: false })`). */
const MAX_STEPS = 1_000_000
export const DEFAULT_TIMEOUT = 60_000
/** Real ms to wait for outside work (a pending promise or callback) with no activity at all. */
export const DEFAULT_ASYNC_TIMEOUT = 2_000
/**
 * Real ms a run may spend waiting on work outside the saga, with virtual time standing still,
 * before it warns (once): a saga that loops on a real `setTimeout` never lets virtual time move,
 * so `run({ timeout })` never ends it, and the test runner's own timeout says nothing about why.
 */
const SLOW_OUTSIDE_WORK_WARNING = 3_000
/** Event-loop turns to wait for outside work with no activity while the real time stands still (a faked `performance`). */
const MAX_OUTSIDE_TURNS = 1_000_000

export interface ScheduledDispatch {
  readonly at: number
  readonly action: unknown
}

export interface RunConfig {
  readonly saga: (...args: any[]) => Iterator<any, any, any>
  readonly args: readonly unknown[]
  readonly initialState: unknown
  readonly reducer: ((state: any, action: any) => unknown) | undefined
  readonly context: object | undefined
  readonly provide: (value: unknown) => Provision
  readonly injections: readonly FailureInjection[]
  readonly dispatches: readonly ScheduledDispatch[]
  /** Filled while the run goes on: a test's `.dispatch` then reaches this run (see `LiveRun`). */
  readonly live?: LiveRun
  /** Virtual ms, or Infinity. */
  readonly timeout: number
  /** Real ms to wait for outside work with no activity (see `OutsideWork`). */
  readonly asyncTimeout: number
}

/**
 * What `expectSaga(...).dispatch(...)` called while its `run()` is in progress reaches (as in
 * redux-saga-test-plan): `dispatch(at, action)` queues the action at virtual `at`, or now if that
 * has passed. Undefined before and after the run's main loop.
 */
export interface LiveRun {
  dispatch?: (at: number, action: unknown) => void
}

/**
 * The value the root saga's own code returned, when it did. Its task ends only once the tasks it
 * forked have ended too: a root that returns while a watcher it forked still waits is still
 * running when the run stops, yet it did return (redux-saga-test-plan's `returns` and
 * `returnValue` see that value too).
 */
export interface BodyReturn {
  readonly value: unknown
}

/** How the root saga ended (`returned`: its own code had returned, its forks had not ended). */
export type Ending =
  | { readonly status: 'done'; readonly value: unknown }
  | { readonly status: 'error'; readonly error: unknown; readonly sagaStack: string }
  | { readonly status: 'cancelled'; readonly returned: BodyReturn | undefined }
  | { readonly status: 'timeout'; readonly at: number; readonly returned: BodyReturn | undefined }
  | { readonly status: 'stuck'; readonly at: number; readonly outsideWorkGivenUp: number | undefined; readonly returned: BodyReturn | undefined }

/** What the root saga returned: its task's result, or what its own code returned before its forks ended; undefined if it threw. */
export function returnedBy(ending: Ending): BodyReturn | undefined {
  if (ending.status === 'done') return { value: ending.value }
  return ending.status === 'error' ? undefined : ending.returned
}

export interface Execution {
  readonly recorder: Recorder
  readonly ending: Ending
  readonly blocked: readonly { task: TaskRecord; effect: unknown }[]
  readonly storeState: unknown
  readonly endedAt: number
  /** The compensations `@sagaflow/compensation` transactions reported, in order. */
  readonly compensations: readonly CompensationRecord[]
  /** Errors of detached (spawned) tasks, which do not fail the root saga. */
  readonly detachedErrors: readonly { error: unknown; sagaStack: string }[]
  /** Test dispatches not delivered: due after the run ended (its virtual timeout). */
  readonly undelivered: readonly ScheduledDispatch[]
  /** What a matcher of the test (a predicate in `provide`, `failAt`, `cancelAt`) threw, if one did: the run was cancelled there. */
  readonly misuse: { readonly error: unknown } | undefined
}

/**
 * A task a sagaflow package started for itself (a transaction's rollback or commit): the package
 * waits for it, and runs it detached precisely so that a cancellation cannot cut it short. The
 * run's cancellations (`cancelAt`, the timeout) leave it to finish, as a real cancellation does.
 */
function isPackageTask(task: TaskRecord): boolean {
  return task.start !== undefined && task.start.internal
}

/** Cancels the tasks (with a Task object: root, forks, spawns) still running; true if any was. */
function cancelRunning(tasks: readonly TaskRecord[]): boolean {
  let any = false
  for (const { task } of tasks) {
    if (task && task.isRunning()) {
      task.cancel()
      any = true
    }
  }
  return any
}

/** Waits until `activity()` has not changed for QUIET_TURNS microtask turns. */
async function settle(activity: () => number): Promise<void> {
  let last = activity()
  for (let quiet = 0; quiet < QUIET_TURNS; ) {
    await Promise.resolve()
    const now = activity()
    if (now === last) quiet++
    else {
      last = now
      quiet = 0
    }
  }
}

type Scheduler = ((callback: () => void, ms?: number) => unknown) & { clock?: Record<string, unknown>; _isMockFunction?: boolean }

/**
 * A global scheduling function as it is when this module loads: the real one, even if a
 * fake-timers library has replaced it by then (Jest's `fakeTimers.enableGlobally`), since a fake
 * one never fires by itself. @sinonjs/fake-timers (vitest's and Jest's) marks its functions with
 * their `clock`, which keeps the function it replaced as `_setTimeout` / `_setImmediate`; Jest's
 * legacy fakes (`_isMockFunction`) keep none. Fake timers installed later replace the global, not
 * the reference kept here.
 */
function realGlobal(name: 'setImmediate' | 'setTimeout'): Scheduler | undefined {
  const candidate = (globalThis as unknown as Record<string, Scheduler | undefined>)[name]
  if (typeof candidate !== 'function' || candidate._isMockFunction === true) return undefined
  if (candidate.clock === undefined) return candidate
  const replaced = candidate.clock[`_${name}`] as Scheduler | undefined
  return typeof replaced === 'function' && replaced.clock === undefined ? replaced : undefined
}

/**
 * Node's `setImmediate`: an event-loop turn after which timers and I/O callbacks have had their
 * phase. A MessageChannel message is not one in Node, which delivers up to 1,000 queued messages
 * per event-loop pass: each wait on real I/O or a real timer then took ~1,000 messages (14-22 ms;
 * 2-5 ms with setImmediate).
 */
const nodeSetImmediate = realGlobal('setImmediate')
/**
 * `setTimeout(resolve, 0)`, for an environment with neither `setImmediate` nor `MessageChannel`:
 * Jest's jsdom environment has only the window's timers.
 */
const realSetTimeout = realGlobal('setTimeout')
/** Whether there is a `MessageChannel` (browsers, Node; not Jest's jsdom environment), as at load. */
const hasMessageChannel = typeof MessageChannel === 'function'

/**
 * Waits for work outside the saga (promises and callbacks the saga waits on that settle by
 * themselves, e.g. after real I/O or a real timer): one event-loop turn at a time (see `turn`),
 * until there is activity or
 * `asyncTimeout` real ms passed without any. It does not wait again for the effects it gave up
 * on, only for ones that started waiting since, so a promise that never settles costs one
 * timeout, not one per step of virtual time.
 */
class OutsideWork {
  private channel: MessageChannel | undefined
  /** The effects it waited on for `asyncTimeout` without a result: never waited on again. */
  private readonly givenUp = new Set<EffectRecord>()

  constructor(private readonly asyncTimeout: number) {}

  /** True if it waited and something happened (the caller settles and looks again). */
  async waited(recorder: Recorder, activity: () => number): Promise<boolean> {
    const start = activity()
    const waiting = [...recorder.outsideWaits()]
    // Only for work it has not given up on: time moving on (or anything else) does not make a
    // promise that never settled worth another `asyncTimeout`.
    if (waiting.every((record) => this.givenUp.has(record))) return false
    const began = performance.now()
    // The turn count is a backstop for a test that fakes `performance` along with the timers, so
    // that time stands still: it counts only turns in which the time did not move (counting all
    // turns capped asyncTimeout at however long a million turns take, ~2 s).
    let lastNow = began
    for (let frozenTurns = 0; activity() === start; ) {
      const now = performance.now()
      if (now !== lastNow) {
        lastNow = now
        frozenTurns = 0
      } else frozenTurns++
      if (now - began >= this.asyncTimeout || frozenTurns >= MAX_OUTSIDE_TURNS) {
        for (const record of waiting) this.givenUp.add(record)
        return false
      }
      await this.turn()
    }
    return true
  }

  /**
   * Resolves on the next event-loop turn (a macrotask): setImmediate in Node, a MessageChannel
   * message in browsers, else a zero-delay `setTimeout` (Jest's jsdom environment), each as it
   * was when this module loaded (see realGlobal).
   */
  private turn(): Promise<void> {
    if (nodeSetImmediate !== undefined) return new Promise<void>((resolve) => nodeSetImmediate(resolve))
    if (hasMessageChannel) {
      const channel = (this.channel ??= new MessageChannel())
      return new Promise<void>((resolve) => {
        channel.port1.onmessage = () => resolve()
        channel.port2.postMessage(null)
      })
    }
    if (realSetTimeout !== undefined) return new Promise<void>((resolve) => realSetTimeout(resolve, 0))
    throw new Error(
      "expectSaga: the saga waits on work outside it (a promise or callback), and this environment has no event-loop turn to wait with: no setImmediate, no MessageChannel, and setTimeout was already replaced by fakes that keep no original (Jest's legacy timers) when @sagaflow/testing loaded. Provide the effect, or install fake timers after importing @sagaflow/testing",
    )
  }

  /** Lets the process exit: an open port keeps Node's event loop alive. */
  close(): void {
    this.channel?.port1.close()
    this.channel = undefined
  }
}

function warnSlowOutsideWork(recorder: Recorder, at: number, realMs: number): void {
  const waiting = recorder.outsideWait()
  const what = waiting ? ` (now ${formatEffect(waiting.effect)} in ${recorder.nameOf(waiting.task)})` : ''
  console.warn(
    `expectSaga(${recorder.rootName}): ${(realMs / 1000).toFixed(1)} s of real time spent waiting on work outside the saga${what}, while virtual time stays at ${at} ms. ` +
      'Real timers and I/O take real time, and run({ timeout }) counts virtual time only, so a saga that keeps waiting on them (a loop on a real setTimeout) never ends: ' +
      'provide the effect (a value, or delayed(ms, value) to take virtual time), or use delay() rather than a real timer.',
  )
}

export async function execute(config: RunConfig): Promise<Execution> {
  const outside = new OutsideWork(config.asyncTimeout)
  try {
    return await run(config, outside)
  } finally {
    outside.close()
  }
}

/**
 * The saga function, whose iterator reports the value the saga's own code returns (`onReturn`):
 * the root task says only when its forks have ended too. A resume by `return()` (a cancellation,
 * END's termination) is not the saga's return, nor anything after it. Named as the saga, so its
 * task, its trace and its errors name the saga; what is not an iterator is given back as it is,
 * for runSaga to report.
 */
function observingReturn(saga: RunConfig['saga'], onReturn: (value: unknown) => void): RunConfig['saga'] {
  const observed = (...args: unknown[]): Iterator<unknown, unknown, unknown> => {
    const iterator = saga(...args)
    if (iterator === null || typeof iterator !== 'object' || typeof iterator.next !== 'function' || typeof iterator.throw !== 'function') return iterator
    let abrupt = false
    const report = (result: IteratorResult<unknown>): IteratorResult<unknown> => {
      if (result.done && !abrupt) onReturn(result.value)
      return result
    }
    const watched: Iterator<unknown, unknown, unknown> & Iterable<unknown> = {
      next: (value?: unknown) => report(iterator.next(value)),
      throw: (error?: unknown) => report(iterator.throw!(error)),
      [Symbol.iterator]() {
        return watched
      },
    }
    // Only if it has one: the runtime ends an iterator without `return` at once.
    if (typeof iterator.return === 'function') {
      watched.return = (value?: unknown) => {
        abrupt = true
        return iterator.return!(value)
      }
    }
    return watched
  }
  Object.defineProperty(observed, 'name', { value: saga.name })
  const location = (saga as unknown as Record<string, unknown>)[SAGA_LOCATION]
  if (location !== undefined) Object.defineProperty(observed, SAGA_LOCATION, { value: location })
  return observed
}

/**
 * `runSaga`, whose check of what the saga function returned is reported as expectSaga's: the
 * function given to expectSaga is only called here.
 */
function startRoot(options: RunSagaOptions<any, any>, saga: RunConfig['saga'], args: readonly unknown[]): Task {
  try {
    return runSaga(options, saga, ...args)
  } catch (error) {
    if (!(error instanceof Error && error.message.endsWith('saga argument must be a Generator function!'))) throw error
    throw new TypeError(`expectSaga(saga, ...args): saga must be a generator function (or return an iterator), but ${fnName(saga)}(...) did not return one`, { cause: error })
  }
}

async function run(config: RunConfig, outside: OutsideWork): Promise<Execution> {
  const clock = new TrackedClock()
  const recorder = new Recorder(clock)
  const store = new TestStore(config.initialState, config.reducer, () => recorder.activity++)
  const activity = (): number => recorder.activity + clock.created
  const errors: { error: unknown; sagaStack: string }[] = []
  const compensations = new CompensationLog()
  const context: Record<string, unknown> = { ...config.context }
  context[TRANSACTION_OBSERVER] = compensations.observer(context[TRANSACTION_OBSERVER])
  // `cancelAt` can fire while runSaga is still starting the root (before it returns the Task).
  // Tasks started from the moment the root is cancelled are its cleanup (e.g. a transaction's
  // compensations, which run detached so the cancellation cannot cut them short): they are
  // left to finish, unlike detached tasks that were running before.
  const started: { root: Task | undefined; cancelRequested: boolean; cleanupFrom: number | undefined } = {
    root: undefined,
    cancelRequested: false,
    cleanupFrom: undefined,
  }
  // The root (its forks with it) and the detached tasks it had started by then.
  const cancelRootAndSpawned = (root: Task): void => {
    root.cancel()
    cancelRunning(recorder.tasks.slice(0, started.cleanupFrom).filter((task) => !isPackageTask(task)))
  }
  // True if the cancellation happened now; false if it waits for runSaga to return the root.
  const requestCancel = (): boolean => {
    started.cleanupFrom ??= recorder.tasks.length
    if (started.root) cancelRootAndSpawned(started.root)
    else started.cancelRequested = true
    return started.root !== undefined
  }

  // The first error of the test's own matchers (see createInjector), which run() rejects with.
  let misuse: { error: unknown } | undefined
  let bodyReturn: BodyReturn | undefined
  const root = startRoot(
    {
      channel: store.channel,
      dispatch: store.dispatch,
      getState: store.getState,
      context,
      sagaMonitor: recorder.monitor,
      effectMiddlewares: [createInjector(recorder, config.injections, config.provide, requestCancel, (error) => (misuse ??= { error }))],
      onError: (error, { sagaStack }) => errors.push({ error, sagaStack }),
      clock,
    },
    observingReturn(config.saga, (value) => (bodyReturn = { value })),
    config.args,
  )
  started.root = root
  if (started.cancelRequested) cancelRootAndSpawned(root)

  const pending = [...config.dispatches].sort((a, b) => a.at - b.at)
  if (config.live) {
    config.live.dispatch = (at, action) => {
      const due = Math.max(at, clock.now())
      const index = pending.findIndex((scheduled) => scheduled.at > due)
      pending.splice(index < 0 ? pending.length : index, 0, { at: due, action })
    }
  }
  const deadline = config.timeout
  let timedOut = false
  let stepsAtInstant = 0
  let steps = 0
  let instant = clock.now()

  // Running while the root saga runs, and after it while a task it spawned (detached: `spawn`, a
  // root of `all([spawn(a), spawn(b)])`) runs or a test dispatch is still due: those dispatches
  // reach the spawned watchers and the reducer, as they would in an app.
  const live = (): boolean => root.isRunning() || pending.length > 0 || recorder.tasks.some(({ task }) => task !== undefined && task !== root && task.isRunning())
  // Real time spent waiting on outside work since virtual time last moved (see SLOW_OUTSIDE_WORK_WARNING).
  let outsideSince = performance.now()
  let outsideAt = clock.now()
  let warned = false
  while (true) {
    await settle(activity)
    if (!live()) break
    if (await outside.waited(recorder, activity)) {
      if (clock.now() !== outsideAt) {
        outsideAt = clock.now()
        outsideSince = performance.now()
      } else if (!warned && performance.now() - outsideSince >= SLOW_OUTSIDE_WORK_WARNING) {
        warned = true
        warnSlowOutsideWork(recorder, clock.now(), performance.now() - outsideSince)
      }
      continue
    }
    const nextTimer = clock.nextDue()
    const nextDispatch = pending.length ? pending[0]!.at : undefined
    if (nextTimer === undefined && nextDispatch === undefined) break
    const next = Math.min(nextTimer ?? Infinity, nextDispatch ?? Infinity)
    if (next > deadline) {
      timedOut = true
      if (Number.isFinite(deadline) && deadline > clock.now()) clock.advanceTo(deadline)
      break
    }
    if (++steps > MAX_STEPS) {
      throw new Error(
        `expectSaga(${recorder.rootName}): gave up after ${MAX_STEPS} timers and dispatches (at ${clock.now()} virtual ms): the saga keeps scheduling timers; give run() a finite timeout`,
      )
    }
    if (next === instant) {
      if (++stepsAtInstant > MAX_STEPS_AT_ONE_INSTANT) {
        throw new Error(
          `expectSaga(${recorder.rootName}): virtual time stopped moving at ${instant} ms: more than ${MAX_STEPS_AT_ONE_INSTANT} timers fired at that instant (a loop on delay(0)?)`,
        )
      }
    } else {
      instant = next
      stepsAtInstant = 0
    }
    if (nextTimer !== undefined && nextTimer <= next) clock.advanceTo(nextTimer)
    else {
      clock.advanceTo(next)
      const { action } = pending.shift()!
      recorder.logDispatch(action)
      store.dispatch(action)
    }
  }

  if (config.live) config.live.dispatch = undefined
  recorder.finalize()
  const blocked = recorder.tasks
    .filter((task) => recorder.isRunning(task))
    .flatMap((task) => {
      const waiting = recorder.waitingOn(task)
      // A wait inside a package's own saga (a transaction waiting on its body) is not the user's.
      return waiting && !waiting.internal ? [{ task, effect: waiting.effect }] : []
    })
  const rootRunning = root.isRunning()
  const stoppedAt = clock.now()
  let ending: Ending
  if (rootRunning) {
    ending = timedOut
      ? { status: 'timeout', at: stoppedAt, returned: bodyReturn }
      : { status: 'stuck', at: stoppedAt, outsideWorkGivenUp: recorder.awaitsOutsideWork() ? config.asyncTimeout : undefined, returned: bodyReturn }
  } else if (root.isAborted()) {
    const rootError = root.error()
    ending = { status: 'error', error: rootError, sagaStack: errors.find((e) => e.error === rootError)?.sagaStack ?? '' }
  } else if (root.isCancelled()) ending = { status: 'cancelled', returned: bodyReturn }
  else ending = { status: 'done', value: root.result() }

  // Cancel what still runs: the root (it cascades to its forks) and the detached tasks started
  // before the cleanup; let the cleanup run on the clock; then cancel whatever is left.
  const cleanupFrom = started.cleanupFrom ?? recorder.tasks.length
  if (rootRunning) root.cancel()
  cancelRunning(recorder.tasks.slice(0, cleanupFrom).filter((task) => !isPackageTask(task)))
  const cleanupDeadline = stoppedAt + (Number.isFinite(config.timeout) ? config.timeout : DEFAULT_TIMEOUT)
  while (true) {
    await settle(activity)
    if (await outside.waited(recorder, activity)) continue
    const nextTimer = clock.nextDue()
    if (nextTimer === undefined || nextTimer > cleanupDeadline) break
    clock.advanceTo(nextTimer)
  }
  if (cancelRunning(recorder.tasks)) await settle(activity)

  recorder.finalize()
  const rootError = ending.status === 'error' ? ending.error : undefined
  return {
    recorder,
    ending,
    blocked,
    storeState: store.getState(),
    endedAt: clock.now(),
    compensations: compensations.records,
    detachedErrors: errors.filter((e) => e.error !== rootError),
    undelivered: pending,
    misuse,
  }
}
