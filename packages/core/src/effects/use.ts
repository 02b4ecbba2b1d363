import * as is from '../internal/is.js'
import type { Continuation, Frame } from '../internal/proc.js'
import type { Runner } from './runner.js'

/**
 * `use(acquire, release)`: runs the acquire effect (a non-effect value is the resource itself),
 * registers `release` on the current task's ResourceScope, resumes with the resource.
 */
export const runUse: Runner<{ acquire: unknown; release: unknown }> = (_env, { acquire, release }, frame, driver) => {
  if (!is.effect(acquire)) {
    driver.resourceScope().add(release, acquire)
    frame.settle(acquire)
    return
  }
  const acquiring: Continuation = {
    frame: null as Frame | null,
    resume(value, isErr) {
      if (isErr) return frame.settle(value, true)
      driver.resourceScope().add(release, value)
      frame.settle(value)
    },
  }
  driver.digest(acquire, frame.id, acquiring, '')
  return (reason) => acquiring.frame?.cancel(reason)
}
