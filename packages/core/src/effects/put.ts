import * as is from '../internal/is.js'
import type { Env } from '../internal/env.js'
import type { Frame } from '../internal/proc.js'
import { asap } from '../internal/scheduler.js'
import { resolvePromise } from './call.js'
import type { Runner } from './runner.js'

type PutPayload = { channel: any; action: unknown; resolve?: boolean }

/** A scheduled put: a job object rather than a closure (bench "put -> take", issue #7). */
class PutJob {
  constructor(
    private readonly env: Env,
    private readonly channel: any,
    private readonly action: unknown,
    private readonly resolve: boolean | undefined,
    private readonly frame: Frame,
  ) {}
  run(): void {
    const { channel, action, resolve, frame } = this
    let result: unknown
    try {
      result = channel ? channel.put(action) : this.env.dispatch(action)
    } catch (error) {
      frame.settle(error, true)
      return
    }
    if (resolve && is.promise(result)) frame.setDisposer(resolvePromise(result, frame))
    else frame.settle(result)
  }
}

/**
 * `put(action)` / `put(channel, action)`: scheduled with `asap`, so a put issued while another
 * is being delivered waits for it (reference 3.1). Not cancellable: a queued put is dispatched
 * even if its task is cancelled first.
 */
export const runPut: Runner<PutPayload> = (env, { channel, action, resolve }, frame) => {
  asap(new PutJob(env, channel, action, resolve, frame))
}
