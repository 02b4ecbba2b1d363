import { VirtualClock, type Clock } from '@sagaflow/cancellation'

/*
 * The clock an `expectSaga` run gives the saga: a VirtualClock that also knows when its next
 * timer is due, so the driver can jump straight to it. (VirtualClock has `pending()` but no way
 * to peek at the next due time.)
 */
export class TrackedClock implements Clock {
  readonly virtual = new VirtualClock(0)
  private readonly due = new Map<unknown, number>()
  /** Timers created so far: a sign of activity for the driver. */
  created = 0

  now(): number {
    return this.virtual.now()
  }

  setTimeout(callback: () => void, ms: number): unknown {
    this.created++
    const delay = Number(ms)
    const dueAt = this.virtual.now() + (delay > 0 ? delay : 0)
    const handle: unknown = this.virtual.setTimeout(() => {
      this.due.delete(handle)
      callback()
    }, ms)
    if (dueAt !== Infinity) this.due.set(handle, dueAt)
    return handle
  }

  clearTimeout(handle: unknown): void {
    this.due.delete(handle)
    this.virtual.clearTimeout(handle)
  }

  /** When the next timer is due, or undefined if none is pending. */
  nextDue(): number | undefined {
    let next: number | undefined
    for (const at of this.due.values()) if (next === undefined || at < next) next = at
    return next
  }

  /** Fires every timer due at or before `time` and moves the clock there. */
  advanceTo(time: number): void {
    if (time > this.virtual.now()) this.virtual.advanceTo(time)
    else this.virtual.advance(0)
  }
}
