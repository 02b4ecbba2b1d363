import { cancelReason } from '../internal/cancel-reason.js'
import { latest, type EffectGroup } from '../internal/frame.js'
import type { Cancellable, Continuation, Frame } from '../internal/proc.js'
import * as is from '../internal/is.js'

/**
 * Children of `all` (and of `join([...])`): results collected in the input's shape; the first
 * error, TERMINATE or TASK_CANCEL cancels the children still pending and settles the parent
 * with it (fail fast).
 */
export class AllGroup implements EffectGroup {
  completed = false
  supersededBy: EffectGroup | null = null
  private count = 0
  private readonly results: any
  /** Created on demand (`slot(i)`): a child that settled synchronously on `all`'s fast path has none. */
  private readonly slots: (AllSlot | undefined)[] = []

  constructor(
    readonly keys: string[],
    isArray: boolean,
    private readonly parent: Frame,
  ) {
    this.results = isArray ? new Array(keys.length).fill(undefined) : {}
    this.completed = false // stored twice: see markMutable (proc.ts)
  }

  /** The continuation of child `i`. */
  slot(i: number): AllSlot {
    return (this.slots[i] ??= new AllSlot(this, this.keys[i]!))
  }

  /** Cancels every pending child, in key order; the group is the parent effect's disposer. */
  cancel(reason?: unknown): void {
    if (this.completed) return
    this.completed = true
    const slots = this.slots
    for (let i = 0; i < slots.length; i++) slots[i]?.cancel(reason)
  }

  childSettled(key: string, value: unknown, isErr: boolean): void {
    if (this.completed) return
    if (isErr || is.endSignal(value)) {
      latest(this).cancel(cancelReason('all', 'cancelled because another effect of all() failed'))
      this.parent.settle(value, isErr)
      return
    }
    this.results[key] = value
    if (++this.count === this.keys.length) {
      this.completed = true
      this.parent.settle(this.results)
    }
  }
}

export class AllSlot implements Continuation {
  frame: Frame | null = null
  /** For children that are not digested effects (joined tasks). */
  dispose: Cancellable | null = null
  constructor(
    private readonly group: AllGroup,
    private readonly key: string,
  ) {}
  resume(value: unknown, isErr: boolean): void {
    this.group.childSettled(this.key, value, isErr)
  }
  settle(value?: unknown, isErr?: boolean): void {
    this.resume(value, isErr === true)
  }
  cancel(reason?: unknown): void {
    if (this.frame) this.frame.cancel(reason)
    else if (this.dispose) this.dispose.cancel()
  }
}
