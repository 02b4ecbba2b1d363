import type { Runner } from './runner.js'

/** `cancelled()`: whether the current task is being cancelled (true in an error-aborted parent's finally too). */
export const runCancelled: Runner<{}> = (_env, _payload, frame, driver) => {
  frame.settle(driver.isCancelled())
}
