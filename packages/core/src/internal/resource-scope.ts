/*
 * Resources registered with `use(acquire, release)` (CONTRACT §1.6). The driver wraps the task's
 * iterator in a ResourceScope on the first `use`; the scope forwards next/throw/return to the
 * generator and, once it has finished in any way (return, throw, cancellation's return(),
 * END's return()), yields one release effect per resource, newest first, each once. A failing
 * release is recorded and the others still run. Then the scope ends as the generator did; if the
 * generator succeeded but a release failed, the task fails with that error (an AggregateError
 * when several failed); if the generator threw, its error is thrown unchanged, carrying the
 * release errors in a non-enumerable `releaseErrors` array (Java's suppressed exceptions), so
 * none is lost and the body's error is still the one a `catch` sees.
 * - The resources belong to the task, not to the generator body: when the body returns while
 *   attached forks still run (they may use the resources), the scope first yields a
 *   `USE_FORKS_ENDED` effect that resumes once they have all ended, then releases. A failing
 *   fork, or a cancellation, ends that wait and the releases run at once; a body ended by a
 *   cancellation (or by a failing fork, which cancels it) does not wait at all.
 * - Releasing is cleanup under way: a cancellation that arrives meanwhile does not cut it short
 *   (the driver leaves a releasing scope alone: `Driver.cancelMain`), and the remaining
 *   releases still run.
 */
import { RELEASING as RELEASING_KEY } from '../symbols.js'
import { makeEffect } from './effect.js'
import * as is from './is.js'
import { reportUncaught } from './report.js'

type Release = unknown

interface Held {
  release: Release
  resource: unknown
}

type Outcome = { threw: false; value: unknown } | { threw: true; error: unknown }

function* releaseResource(release: Release, resource: unknown): Generator<unknown, void, unknown> {
  const work = is.effect(release) ? release : is.func(release) ? release(resource) : undefined
  if (is.effect(work) || is.promise(work) || is.iterator(work)) yield work
}

/**
 * `error`, with `releaseErrors` (non-enumerable) listing the failed releases that ran after it,
 * appended to those of an inner scope. A primitive or a frozen (non-extensible) error cannot
 * carry them: the task still fails with it unchanged, and the release errors are reported as
 * uncaught, in one AggregateError, rather than lost.
 */
function withReleaseErrors(error: unknown, releaseErrors: unknown[]): unknown {
  if (releaseErrors.length === 0) return error
  if (typeof error !== 'object' || error === null || !Object.isExtensible(error)) {
    const n = releaseErrors.length
    const what = typeof error === 'object' && error !== null ? 'a frozen object' : `a ${typeof error}`
    reportUncaught(new AggregateError(releaseErrors, `use(): ${n} release${n === 1 ? '' : 's'} failed while the task failed with ${what}, which cannot carry them as releaseErrors (see .errors)`))
    return error
  }
  const earlier: unknown = (error as { releaseErrors?: unknown }).releaseErrors
  const all = Array.isArray(earlier) ? [...earlier, ...releaseErrors] : releaseErrors
  Object.defineProperty(error, 'releaseErrors', { value: all, writable: true, configurable: true })
  return error
}

/** The effect a scope yields to wait for the task's attached forks (runner: effects/use.ts). */
export const USE_FORKS_ENDED = 'USE_FORKS_ENDED'

const RUNNING = 0
const WAITING_FOR_FORKS = 1
const RELEASING = 2

export class ResourceScope implements Iterator<unknown, unknown, unknown> {
  private readonly held: Held[] = []
  private state = RUNNING
  private outcome: Outcome | undefined
  private readonly releaseErrors: unknown[] = []

  constructor(
    private readonly body: Iterator<unknown, unknown, unknown>,
    /** Whether the task's attached forks still run (internal/task.ts `hasRunningForks`). */
    private readonly forksRunning: () => boolean,
  ) {}

  /** True once the releases have started (see Driver.cancelMain). */
  get [RELEASING_KEY](): boolean {
    return this.state === RELEASING
  }

  add(release: Release, resource: unknown): void {
    this.held.push({ release, resource })
  }

  next(value?: unknown): IteratorResult<unknown> {
    if (this.state === RELEASING) return this.nextRelease()
    if (this.state === WAITING_FOR_FORKS) return this.release()
    return this.step(() => this.body.next(value))
  }

  throw(error: unknown): IteratorResult<unknown> {
    if (this.state === RELEASING) {
      this.releaseErrors.push(error)
      return this.nextRelease()
    }
    if (this.state === WAITING_FOR_FORKS) {
      this.outcome = { threw: true, error }
      return this.release()
    }
    return this.step(() => this.body.throw!(error))
  }

  return(value?: unknown): IteratorResult<unknown> {
    if (this.state === RELEASING) return this.nextRelease()
    if (this.state === WAITING_FOR_FORKS) {
      // Cancelled (a fork failed, or the task was cancelled) while waiting: the body's value is lost.
      this.outcome = { threw: false, value }
      return this.release()
    }
    // The driver's return(TASK_CANCEL): the task is cancelled (or a fork failed), main flow
    // first, then its forks. The releases run as the body ends, without waiting for those forks:
    // once cancelled, the task no longer reports them ending, and the wait never ended (the
    // resources were never released, and a halt of the task never resumed).
    const cancelled = is.taskCancel(value)
    return this.step(() => (is.func(this.body.return) ? this.body.return(value) : { done: true, value }), !cancelled)
  }

  private step(resume: () => IteratorResult<unknown>, mayWaitForForks = true): IteratorResult<unknown> {
    let result: IteratorResult<unknown>
    try {
      result = resume()
    } catch (error) {
      this.outcome = { threw: true, error }
      return this.release()
    }
    if (!result.done) return result
    this.outcome = { threw: false, value: result.value }
    if (mayWaitForForks && this.held.length > 0 && this.forksRunning()) {
      this.state = WAITING_FOR_FORKS
      return { done: false, value: makeEffect(USE_FORKS_ENDED, undefined) }
    }
    return this.release()
  }

  private release(): IteratorResult<unknown> {
    this.state = RELEASING
    return this.nextRelease()
  }

  private nextRelease(): IteratorResult<unknown> {
    const held = this.held.pop()
    if (held) return { done: false, value: makeEffect('CALL', { context: null, fn: releaseResource, args: [held.release, held.resource] }) }
    const outcome = this.outcome!
    if (outcome.threw) throw withReleaseErrors(outcome.error, this.releaseErrors)
    if (this.releaseErrors.length === 1) throw this.releaseErrors[0]
    if (this.releaseErrors.length > 1) throw new AggregateError(this.releaseErrors, `use(): ${this.releaseErrors.length} releases failed`)
    return { done: true, value: outcome.value }
  }
}
