import { runDelay, delayP } from '../internal/delay.js'
import * as is from '../internal/is.js'
import { proc, type Disposer, type Driver, type Frame } from '../internal/proc.js'
import { metaOf } from '../internal/saga-error.js'
import { CANCEL } from '../symbols.js'
import type { CallPayload } from '../io.js'
import type { Runner } from './runner.js'

/** Waits for a promise (or thenable); its `[CANCEL]` method is the disposer. */
export function resolvePromise(promise: PromiseLike<unknown>, frame: Frame): Disposer | undefined {
  const cancelPromise = (promise as any)[CANCEL]
  promise.then(frame.settle, (error) => frame.settle(error, true))
  return is.func(cancelPromise) ? () => cancelPromise() : undefined
}

/** What a called function returned: a promise is awaited, an iterator runs as a sub-task, anything else is the result. */
export function settleCallResult(driver: Driver, frame: Frame, result: unknown, fn: unknown): void {
  if (is.promise(result)) frame.setDisposer(resolvePromise(result, frame))
  else if (is.iterator(result)) proc(driver.env, result, driver.task.context, frame.id, metaOf(fn), false, frame, driver.task)
  else frame.settle(result)
}

/** `call(fn, ...args)`: invokes `fn` synchronously; sync throws are thrown into the saga (#152). */
export const runCall: Runner<CallPayload> = (env, { context, fn, args }, frame, driver) => {
  try {
    const result = fn === delayP ? runDelay(env.clock, args) : fn.apply(context, args)
    settleCallResult(driver, frame, result, fn)
  } catch (error) {
    frame.settle(error, true)
  }
}
