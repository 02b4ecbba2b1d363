/*
 * The Frame: one per digested effect, its settle-once guard (see internal/proc.ts, "Protocol").
 * In a module of its own, which imports no runner, so runners can subclass it (a `take` frame
 * that is also its channel registration, a `put` frame that is also its scheduler job) without
 * an import cycle through proc.ts.
 */
import type { Driver } from './proc.js'
import { setCrashedEffect } from './saga-error.js'

/**
 * What runs if an effect is cancelled before it settles: a function, or an object whose `cancel`
 * method is called (a task, a channel registration). An object that already exists costs no
 * closure per effect (bench "fork 25k on take": heap per blocked task, issue #7).
 */
export type Disposer = ((reason?: unknown) => void) | Cancellable
export interface Cancellable {
  cancel(reason?: unknown): void
}

/** Receives the outcome of a digested effect. */
export interface Continuation {
  frame: Frame | null
  resume(value: unknown, isErr: boolean): void
}

/**
 * A group of child effects (`all`, `race`, `join([...])`): its parent frame's disposer. When an
 * effect middleware runs the parent effect twice, the second group replaces the first as the
 * disposer, and the first group's children then cancel through the second (`latest`), as the
 * reference's children call their parent's one `cb.cancel` slot, which the second run overwrote.
 */
export interface EffectGroup extends Cancellable {
  supersededBy: EffectGroup | null
}

/** The group that cancels on behalf of `group`: itself, unless a later run of its effect replaced it. */
export function latest(group: EffectGroup): EffectGroup {
  while (group.supersededBy !== null) group = group.supersededBy
  return group
}

/** `Frame.dispose` once the frame settled or was cancelled. */
export const SETTLED: Cancellable = { cancel() {} }

export class Frame {
  /**
   * The disposer; SETTLED once the frame settled or was cancelled (one field for both, as there
   * is one Frame per effect: bench "fork 25k on take", heap per blocked task, issue #7).
   */
  protected dispose: Disposer | undefined = undefined

  constructor(
    readonly driver: Driver,
    readonly id: number,
    /** The effect, recorded as the crashed one if the frame settles with an error (TakeFrame and DelayFrame keep only a located one: see `crashRecord`). */
    readonly effect: unknown,
    private readonly k: Continuation,
  ) {
    this.dispose = undefined // stored twice: see markMutable (proc.ts)
  }

  get settled(): boolean {
    return this.dispose === SETTLED
  }

  setDisposer(dispose: Disposer | void): void {
    if (dispose && this.dispose !== SETTLED) this.dispose = dispose
  }

  /** `setDisposer(group)`, and a group it replaces now cancels through it (see EffectGroup). */
  setGroup(group: EffectGroup): void {
    const previous = this.dispose as Partial<EffectGroup> | undefined
    if (previous !== undefined && previous !== SETTLED && previous.supersededBy === null) previous.supersededBy = group
    this.setDisposer(group)
  }

  /**
   * Settles the effect once: `settle(value)` or `settle(error, true)`. A method, not a closure
   * per frame: where an API needs a function value, runners pass `frame.callback()` or their
   * own small closure (bench "race 20k": allocation per branch, issue #7).
   */
  settle(value?: unknown, isErr?: boolean): void {
    if (this.dispose === SETTLED) return
    this.dispose = SETTLED
    const failed = isErr === true
    const env = this.driver.env
    if (env.sagaMonitor) {
      // `env.sagaMonitor.<hook>(...)`, the reference's call: see Driver.digest.
      if (failed) env.sagaMonitor.effectRejected(this.id, value)
      else env.sagaMonitor.effectResolved(this.id, value)
    }
    if (failed) setCrashedEffect(this.effect)
    this.k.resume(value, failed)
  }

  /** `settle` as a standalone function, for APIs that take a callback (`channel.flush(cb)`). */
  callback(): (value?: unknown, isErr?: boolean) => void {
    return (value, isErr) => this.settle(value, isErr)
  }

  cancel(reason?: unknown): void {
    const dispose = this.dispose
    if (dispose === SETTLED) return
    this.dispose = SETTLED
    if (typeof dispose === 'function') dispose(reason)
    else if (dispose) dispose.cancel(reason)
    const env = this.driver.env
    if (env.sagaMonitor) env.sagaMonitor.effectCancelled(this.id)
  }
}
