import * as is from '../internal/is.js'
import type { Continuation, Driver, Frame } from '../internal/proc.js'
import { ResourceScope } from '../internal/resource-scope.js'
import { cancelForksEndedWait, hasRunningForks, whenForksEnded } from '../internal/task.js'
import type { Runner } from './runner.js'

/**
 * `use(acquire, release)`: runs `acquire` (see isRunnable; any other value is the resource itself),
 * registers `release` on the current task's ResourceScope, resumes with the resource.
 */
const scopeOf = (driver: Driver): ResourceScope =>
  driver.wrapIterator((current) => (current instanceof ResourceScope ? current : new ResourceScope(current, () => hasRunningForks(driver))))

/** What a ResourceScope yields to wait, before releasing, for the attached forks still running. */
export const runUseForksEnded: Runner<undefined> = (_env, _payload, frame, driver) => {
  whenForksEnded(driver, () => frame.settle(undefined))
  return () => cancelForksEndedWait(driver)
}

/**
 * What `acquire` the driver runs, as a plain `yield` would: an effect, a promise, or a saga's
 * iterator (what `use`'s type promises: `EffectResult<A>`). Any other value (a channel, a
 * connection object) is the resource itself. An async iterator is a value too: the driver cannot
 * step it, and it is the resource someone would hand to `use` to close it.
 */
const isRunnable = (acquire: unknown): boolean =>
  is.effect(acquire) || is.promise(acquire) || (is.iterator(acquire) && typeof (acquire as any)[Symbol.asyncIterator] !== 'function')

export const runUse: Runner<{ acquire: unknown; release: unknown }> = (_env, { acquire, release }, frame, driver) => {
  if (!isRunnable(acquire)) {
    scopeOf(driver).add(release, acquire)
    frame.settle(acquire)
    return
  }
  const acquiring: Continuation = {
    frame: null as Frame | null,
    resume(value, isErr) {
      // An acquire that failed, or ended without a result (a take that got END, a join of a
      // cancelled task: TERMINATE / TASK_CANCEL, which end this task too), acquired nothing to release.
      if (isErr || is.endSignal(value)) return frame.settle(value, isErr)
      scopeOf(driver).add(release, value)
      frame.settle(value)
    },
  }
  driver.digest(acquire, frame.id, acquiring, '')
  return (reason) => acquiring.frame?.cancel(reason)
}
