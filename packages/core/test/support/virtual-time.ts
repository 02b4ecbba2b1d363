/*
 * Helpers for the resilience and stream tests: run a saga on a VirtualClock, log in order, and
 * let promise callbacks run between steps of virtual time (no real sleeps).
 */
import { VirtualClock } from '@sagaflow/cancellation'
import { runSaga, stdChannel, type RunSagaOptions } from '@sagaflow/core'

export function track() {
  const entries: unknown[] = []
  const log = (entry: unknown) => void entries.push(entry)
  return Object.assign(log, { entries })
}

/** Lets every pending promise callback run (one macrotask turn; not a sleep). */
export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/** Starts `saga` on a fresh VirtualClock (unless one is given) with a stdChannel store stand-in. */
export function start<Args extends any[], R>(
  saga: (...args: Args) => Generator<any, R, any>,
  options: RunSagaOptions = {},
  ...args: Args
) {
  const clock = (options.clock as VirtualClock | undefined) ?? new VirtualClock()
  const channel = stdChannel()
  const errors: unknown[] = []
  const dispatch = (action: any) => channel.put(action)
  const task = runSaga({ channel, dispatch, onError: (error) => errors.push(error), ...options, clock }, saga, ...args)
  /** Advances virtual time by `ms`, in steps of `step`, flushing promise callbacks after each. */
  const advance = async (ms: number, step = ms): Promise<void> => {
    await flush()
    for (let done = 0; done < ms; done += step) {
      clock.advance(Math.min(step, ms - done))
      await flush()
    }
  }
  return { task, clock, dispatch, errors, advance }
}

/**
 * Runs `body` with the errors the runtime reports as uncaught (internal/report.ts: a job that
 * throws) caught instead, and gives them, once the jobs have run.
 */
export async function captureUncaught(body: () => unknown): Promise<unknown[]> {
  const reported: unknown[] = []
  const original = globalThis.queueMicrotask
  globalThis.queueMicrotask = (job) =>
    original(() => {
      try {
        job()
      } catch (error) {
        reported.push(error)
      }
    })
  try {
    await body()
    await Promise.resolve()
  } finally {
    globalThis.queueMicrotask = original
  }
  return reported
}
