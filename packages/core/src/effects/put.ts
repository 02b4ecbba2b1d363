import * as is from '../internal/is.js'
import type { Env } from '../internal/env.js'
import { Frame, SETTLED } from '../internal/frame.js'
import type { Driver } from '../internal/proc.js'
import { asap } from '../internal/scheduler.js'
import { resolvePromise } from './call.js'
import type { Runner } from './runner.js'

type PutPayload = { channel: any; action: unknown; resolve?: boolean }

/** Dispatches a put and settles its frame with what the dispatch returned (awaited for putResolve). */
function dispatchPut(env: Env, { channel, action, resolve }: PutPayload, frame: Frame): void {
  let result: unknown
  try {
    result = channel ? channel.put(action) : env.dispatch(action)
  } catch (error) {
    frame.settle(error, true)
    return
  }
  if (resolve && is.promise(result)) frame.setDisposer(resolvePromise(result, frame))
  else frame.settle(result)
}

/** A scheduled put: a job object rather than a closure (bench "put -> take", issue #7). */
class PutJob {
  constructor(
    private readonly env: Env,
    private readonly payload: PutPayload,
    private readonly frame: Frame,
  ) {}
  run(): void {
    dispatchPut(this.env, this.payload, this.frame)
  }
}

/**
 * A top-level `put` without monitor or effect middleware (the driver's fast path, proc.ts
 * `digestEffect`): the effect's frame is also its scheduler job (one object per put, not two: bench "put -> take", issue #7).
 */
export class PutFrame extends Frame {
  constructor(
    driver: Driver,
    id: number,
    effect: unknown,
    private readonly payload: PutPayload,
  ) {
    super(driver, id, effect, driver)
  }
  /**
   * `dispatchPut`, and `Frame.settle` for its plain result, written out: no monitor on this path,
   * and the continuation is the driver. Calls saved per put count until the JIT has inlined
   * them (bench "put -> take", cold path).
   */
  run(): void {
    const driver = this.driver
    const { channel, action, resolve } = this.payload
    let result: unknown
    try {
      result = channel ? channel.put(action) : driver.env.dispatch(action)
    } catch (error) {
      this.settle(error, true)
      return
    }
    if (resolve && is.promise(result)) this.setDisposer(resolvePromise(result, this))
    else if (this.dispose !== SETTLED) {
      this.dispose = SETTLED
      driver.next(result, false)
    }
  }
}

/**
 * `put(action)` / `put(channel, action)`: scheduled with `asap`, so a put issued while another
 * is being delivered waits for it (reference 3.1). Not cancellable: a queued put is dispatched
 * even if its task is cancelled first.
 */
export const runPut: Runner<PutPayload> = (env, payload, frame) => {
  asap(new PutJob(env, payload, frame))
}
