// Shared test helpers: an order log, a virtual clock that knows its next timer, and a driver
// that runs a saga to quiescence on that clock (no real timers).
import { VirtualClock, type Clock } from '@sagaflow/cancellation'
import { memoryJournal } from '@sagaflow/compensation'
import { runSaga, stdChannel, type RunSagaOptions, type Task } from '@sagaflow/core'

/** An order log: `log('undo car')`, then `expect(log.entries).toEqual([...])`. */
export function track(): ((entry: string) => void) & { entries: string[] } {
  const entries: string[] = []
  return Object.assign((entry: string) => void entries.push(entry), { entries })
}

/** A VirtualClock that can tell when its next timer is due. */
export class SteppingClock implements Clock {
  readonly virtual = new VirtualClock(0)
  private readonly due = new Map<unknown, number>()

  now(): number {
    return this.virtual.now()
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const at = this.virtual.now() + Math.max(0, Number(ms) || 0)
    const handle: unknown = this.virtual.setTimeout(() => {
      this.due.delete(handle)
      callback()
    }, ms)
    this.due.set(handle, at)
    return handle
  }
  clearTimeout(handle: unknown): void {
    this.due.delete(handle)
    this.virtual.clearTimeout(handle)
  }
  nextDue(): number | undefined {
    let next: number | undefined
    for (const at of this.due.values()) if (next === undefined || at < next) next = at
    return next
  }
}

/** Lets every pending promise chain run (memory journals and promise steps settle in microtasks). */
export const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Runs the clock until nothing is left to do: no timer pending and every promise chain settled. */
export async function quiesce(clock: SteppingClock, limit = 100_000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await settle()
    const next = clock.nextDue()
    if (next === undefined) return
    clock.virtual.advanceTo(Math.max(next, clock.now()))
  }
  throw new Error('quiesce: the saga keeps scheduling timers')
}

/** Starts `saga` on a SteppingClock (`options.clock` or a fresh one) and returns the task and the clock. */
export function start<A extends any[], R>(
  saga: (...args: A) => Iterator<any, R, any>,
  options: RunSagaOptions = {},
  ...args: A
): { task: Task<R>; clock: SteppingClock } {
  const clock = options.clock instanceof SteppingClock ? options.clock : new SteppingClock()
  const channel = stdChannel()
  const dispatch = (action: any) => channel.put(action)
  const task = runSaga({ clock, channel, dispatch, onError: () => {}, ...options }, saga, ...args)
  return { task, clock }
}

/** Runs `saga` to quiescence; resolves to its outcome as a discriminated union. */
export async function run<A extends any[], R>(
  saga: (...args: A) => Iterator<any, R, any>,
  options: RunSagaOptions = {},
  ...args: A
): Promise<{ status: 'ok'; value: R; clock: SteppingClock } | { status: 'error'; error: any; clock: SteppingClock } | { status: 'running'; clock: SteppingClock }> {
  const { task, clock } = start(saga, options, ...args)
  await quiesce(clock)
  if (task.isRunning()) return { status: 'running', clock }
  if (task.isAborted()) return { status: 'error', error: task.error(), clock }
  return { status: 'ok', value: task.result() as R, clock }
}

/** A promise that resolves after `ms` on `clock` (for promise-returning steps). */
export function wait<T>(clock: Clock, ms: number, value: T): Promise<T> {
  return new Promise((resolve) => clock.setTimeout(() => resolve(value), ms))
}

/** Runs the clock step by step until `done()` holds (for stopping a saga midway, e.g. to simulate a crash). */
export async function quiesceUntil(clock: SteppingClock, done: () => boolean, limit = 100_000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await settle()
    if (done()) return
    const next = clock.nextDue()
    if (next === undefined) throw new Error('quiesceUntil: nothing left to run and the condition does not hold')
    clock.virtual.advanceTo(Math.max(next, clock.now()))
  }
  throw new Error('quiesceUntil: the condition never held')
}

/**
 * Runs the clock until `task` has finished and its cleanup is quiet, also waiting for real I/O
 * (file journals): when no virtual timer is due, it gives the event loop a real turn.
 */
export async function drive(task: Task, clock: SteppingClock, limit = 10_000): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await settle()
    const next = clock.nextDue()
    if (next !== undefined) clock.virtual.advanceTo(Math.max(next, clock.now()))
    else if (!task.isRunning()) return
    else await new Promise((resolve) => setTimeout(resolve, 1))
  }
  throw new Error('drive: the task did not finish')
}

/**
 * A memory journal that "crashes" after `durable` appends: later appends are lost and never
 * resolve, so the saga writing them freezes, as if its process had died. `records()` is what
 * a new process would find.
 */
export function crashingJournal(durable: number, initial: Iterable<import('@sagaflow/compensation').JournalRecord> = []) {
  const journal = memoryJournal(initial)
  let appended = 0
  return {
    append: (record: import('@sagaflow/compensation').JournalRecord): Promise<void> | void =>
      appended++ < durable ? journal.append(record) : new Promise<void>(() => {}),
    read: (id: string) => journal.read(id),
    unfinished: () => journal.unfinished(),
    records: () => journal.records(),
    get crashed() {
      return appended > durable
    },
  }
}

/** mulberry32: a small seeded PRNG (the chaos and recovery fuzz tests). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
