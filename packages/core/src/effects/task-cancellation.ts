import type { Runner } from './runner.js'

/** `abortSignal()`: the current task's AbortSignal (aborted only when the task is cancelled). */
export const runAbortSignal: Runner<{}> = (_env, _payload, frame, driver) => {
  frame.settle(driver.signal)
}

/** `getClock()`: the clock of the `runSaga` (or middleware) running the task. */
export const runGetClock: Runner<{}> = (env, _payload, frame) => {
  frame.settle(env.clock)
}

/** `cancellationToken()`: the current task's CancellationToken (cancelled only when the task is). */
export const runCancellationToken: Runner<{}> = (_env, _payload, frame, driver) => {
  frame.settle(driver.token)
}
