/*
 * Resources registered with `use(acquire, release)` (CONTRACT §1.6). The driver wraps the task's
 * iterator in a ResourceScope on the first `use`; the scope forwards next/throw/return to the
 * generator and, once it has finished in any way (return, throw, cancellation's return(),
 * END's return()), yields one release effect per resource, newest first, each once. A failing
 * release is recorded and the others still run. Then the scope ends as the generator did; if the
 * generator succeeded but a release failed, the task fails with that error (an AggregateError
 * when several failed). A cancellation arriving while releasing does not skip the remaining
 * releases.
 */
import { makeEffect } from './effect.js'
import * as is from './is.js'

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

export class ResourceScope implements Iterator<unknown, unknown, unknown> {
  private readonly held: Held[] = []
  private releasing = false
  private outcome: Outcome | undefined
  private readonly releaseErrors: unknown[] = []

  constructor(private readonly body: Iterator<unknown, unknown, unknown>) {}

  add(release: Release, resource: unknown): void {
    this.held.push({ release, resource })
  }

  next(value?: unknown): IteratorResult<unknown> {
    if (this.releasing) return this.nextRelease()
    return this.step(() => this.body.next(value))
  }

  throw(error: unknown): IteratorResult<unknown> {
    if (this.releasing) {
      this.releaseErrors.push(error)
      return this.nextRelease()
    }
    return this.step(() => this.body.throw!(error))
  }

  return(value?: unknown): IteratorResult<unknown> {
    if (this.releasing) return this.nextRelease()
    return this.step(() => (is.func(this.body.return) ? this.body.return(value) : { done: true, value }))
  }

  private step(resume: () => IteratorResult<unknown>): IteratorResult<unknown> {
    let result: IteratorResult<unknown>
    try {
      result = resume()
    } catch (error) {
      this.outcome = { threw: true, error }
      this.releasing = true
      return this.nextRelease()
    }
    if (!result.done) return result
    this.outcome = { threw: false, value: result.value }
    this.releasing = true
    return this.nextRelease()
  }

  private nextRelease(): IteratorResult<unknown> {
    const held = this.held.pop()
    if (held) return { done: false, value: makeEffect('CALL', { context: null, fn: releaseResource, args: [held.release, held.resource] }) }
    const outcome = this.outcome!
    if (outcome.threw) throw outcome.error
    if (this.releaseErrors.length === 1) throw this.releaseErrors[0]
    if (this.releaseErrors.length > 1) throw new AggregateError(this.releaseErrors, `use(): ${this.releaseErrors.length} releases failed`)
    return { done: true, value: outcome.value }
  }
}
