import * as is from '../internal/is.js'
import type { Continuation, Driver, Frame } from '../internal/proc.js'
import { ResourceScope } from '../internal/resource-scope.js'
import { cancelForksEndedWait, hasRunningForks, whenForksEnded } from '../internal/task.js'
import type { Runner } from './runner.js'

/**
 * `use(acquire, release)`: runs the acquire effect (a non-effect value is the resource itself),
 * registers `release` on the current task's ResourceScope, resumes with the resource.
 */
const scopeOf = (driver: Driver): ResourceScope =>
  driver.wrapIterator((current) => (current instanceof ResourceScope ? current : new ResourceScope(current, () => hasRunningForks(driver))))

/** What a ResourceScope yields to wait, before releasing, for the attached forks still running. */
export const runUseForksEnded: Runner<undefined> = (_env, _payload, frame, driver) => {
  whenForksEnded(driver, () => frame.settle(undefined))
  return () => cancelForksEndedWait(driver)
}

export const runUse: Runner<{ acquire: unknown; release: unknown }> = (_env, { acquire, release }, frame, driver) => {
  if (!is.effect(acquire)) {
    scopeOf(driver).add(release, acquire)
    frame.settle(acquire)
    return
  }
  const acquiring: Continuation = {
    frame: null as Frame | null,
    resume(value, isErr) {
      if (isErr) return frame.settle(value, true)
      scopeOf(driver).add(release, value)
      frame.settle(value)
    },
  }
  driver.digest(acquire, frame.id, acquiring, '')
  return (reason) => acquiring.frame?.cancel(reason)
}
