/*
 * Effects that expose cancellation (CONTRACT §1.3): the current task's signal and token, and
 * `halt`, the blocking cancel; and the saga's clock (§1.4), for the token timeouts a saga makes.
 */
import type { CancellationToken, Clock } from '@sagaflow/cancellation'
import { isDevelopment } from './internal/dev.js'
import { makeEffect } from './internal/effect.js'
import * as is from './internal/is.js'
import { describeValue } from './resilience/options.js'
import type { Effect, Task } from './types.js'
import { registerRunner } from './effects/index.js'
import { runHalt } from './effects/halt.js'
import { runAbortSignal, runCancellationToken, runGetClock } from './effects/task-cancellation.js'

// Registered here, not in the registry, so an app that never uses this effect does not bundle its runner.
registerRunner('HALT', runHalt)
registerRunner('ABORT_SIGNAL', runAbortSignal)
registerRunner('CANCELLATION_TOKEN', runCancellationToken)
registerRunner('GET_CLOCK', runGetClock)

/**
 * The effect `abortSignal()` builds; `yield*` gives the current task's `AbortSignal`.
 *
 * @example
 * ```ts
 * const effect: AbortSignalEffect = abortSignal()
 * ```
 */
export type AbortSignalEffect = Effect<'ABORT_SIGNAL', {}, AbortSignal>
/**
 * The effect `cancellationToken()` builds; `yield*` gives the current task's `CancellationToken`.
 *
 * @example
 * ```ts
 * const effect: CancellationTokenEffect = cancellationToken()
 * ```
 */
export type CancellationTokenEffect = Effect<'CANCELLATION_TOKEN', {}, CancellationToken>
/**
 * The effect `halt(task)` builds: resumes once the task and all its cleanup have ended.
 *
 * @example
 * ```ts
 * const effect: HaltEffect = halt(task)
 * ```
 */
export type HaltEffect = Effect<'HALT', Task | Task[], void>
/**
 * The effect `getClock()` builds; `yield*` gives the saga's `Clock`.
 *
 * @example
 * ```ts
 * const effect: GetClockEffect = getClock()
 * ```
 */
export type GetClockEffect = Effect<'GET_CLOCK', {}, Clock>

/**
 * Gives the current task's `AbortSignal`. It aborts only when this task is cancelled (directly,
 * by its parent, a lost race, a failing `all`, `takeLatest`, the root's `signal`), with a
 * `CancellationError` reason saying which; never when the task completes or fails on its own.
 *
 * @example
 * ```ts
 * function* load(url: string) {
 *   const signal = yield* abortSignal()
 *   return yield* call(fetch, url, { signal }) // cancelling the task aborts the request
 * }
 * ```
 */
export function abortSignal(): AbortSignalEffect {
  return makeEffect('ABORT_SIGNAL', {})
}

/**
 * Gives the current task's `CancellationToken` (same rules as `abortSignal()`).
 *
 * @example
 * ```ts
 * const token = yield* cancellationToken()
 * token.onCancel((reason) => socket.close())
 * ```
 */
export function cancellationToken(): CancellationTokenEffect {
  return makeEffect('CANCELLATION_TOKEN', {})
}

/**
 * Gives the `clock` the saga runs on (the one given to `runSaga` / `createSagaMiddleware`,
 * `systemClock` by default), for the timers a saga makes itself: pass it to
 * `CancellationToken.timeout(ms, { clock })` or `new CancellationTokenSource({ timeoutMs, clock })`
 * so that token timeouts follow a `VirtualClock` in tests, as `delay` and `timeout` do.
 *
 * @example
 * ```ts
 * function* upload(file: File) {
 *   const clock = yield* getClock()
 *   using deadline = CancellationToken.timeout(30_000, { clock })
 *   yield* call(api.upload, file, { signal: deadline.signal })
 * }
 * ```
 */
export function getClock(): GetClockEffect {
  return makeEffect('GET_CLOCK', {})
}

/**
 * Cancels a task (or every task of an array) and resumes only after each has finished, its
 * cleanup included (async work in `finally`, sub-tasks, forks). `cancel(task)` keeps the
 * reference's fire-and-continue semantics; use `halt` when you must know the cleanup is done.
 * An error that cleanup throws is thrown at the `halt` (several: an `AggregateError`), where a
 * `try/catch` sees it; after `cancel` it is re-thrown to the canceller, as in the reference.
 * A `finally` the generator entered by returning or throwing is not cleanup the runtime can
 * see: its effects are the running task's, and the cancellation ends it at its pending `yield`
 * (as `cancel` and redux-saga do). Work that must not be cut short goes in `use()` releases.
 * A task cannot halt itself, or a task that started it, from its own cleanup (the halt would wait
 * for itself): that `halt` throws an `Error` saying so instead of waiting forever.
 *
 * @example
 * ```ts
 * const sync = yield* fork(syncLoop)
 * yield* take('LOGOUT')
 * try {
 *   yield* halt(sync) // the loop's finally (flushing to disk) has completed here
 * } catch (error) {
 *   yield* put({ type: 'FLUSH_FAILED', error }) // what that finally threw
 * }
 * ```
 */
export function halt(taskOrTasks: Task | readonly Task[]): HaltEffect {
  if (isDevelopment) {
    // As the reference's `cancel(task)` message shows it (`String`), except what `String` cannot
    // convert (a symbol, an object without a prototype, a throwing `toString`), shown by shape.
    const show = (value: unknown) => {
      try {
        return String(value)
      } catch {
        return describeValue(value)
      }
    }
    const hint = '\n(HINT: in tests, createMockTask from @sagaflow/testing gives a Task you can halt)'
    const checkTask = (value: unknown, signature: string) => {
      if (!is.task(value)) throw new TypeError(`${signature}: argument ${show(value)} is not a valid Task object${hint}`)
    }
    if (is.array(taskOrTasks)) taskOrTasks.forEach((t) => checkTask(t, 'halt([...tasks])'))
    else checkTask(taskOrTasks, 'halt(task)')
  }
  return makeEffect('HALT', taskOrTasks as Task)
}
