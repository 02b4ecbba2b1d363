import { ADD_TAKER, isEnd, TakerNode, type AddTaker, type Taker, type TakerLink, type TakerList } from '../channel.js'
import type { Env } from '../internal/env.js'
import { Frame, type Continuation } from '../internal/frame.js'
import * as is from '../internal/is.js'
import type { Driver } from '../internal/proc.js'
import { nextEffectId } from '../internal/uid.js'
import { matcher, wildcard, type Matcher, type Pattern } from '../matcher.js'
import { TERMINATE } from '../symbols.js'
import type { Runner } from './runner.js'

/** A `take` registered on a multicast channel: taker, channel node and disposer in one object. */
class FrameTaker extends TakerNode {
  constructor(
    private readonly frame: Frame,
    private readonly maybe: boolean | undefined,
  ) {
    super()
  }
  deliver(input: unknown): void {
    settleTake(this.frame, this.maybe, input)
  }
}

/**
 * A top-level `take` on a multicast channel, without monitor or effect middleware: the effect's
 * frame is also its channel registration (no FrameTaker, one object per blocked `take`: bench
 * "fork 25k on take", "put -> take", issue #7). Cancelling the frame unregisters it.
 */
class TakeFrame extends Frame implements TakerLink {
  seq = 0
  prev: TakerLink | null = null
  next: TakerLink | null = null
  list: TakerList | null = null
  removedAt = -1
  match: Matcher | null = null

  constructor(
    driver: Driver,
    id: number,
    effect: unknown,
    k: Continuation,
    private readonly maybe: boolean | undefined,
  ) {
    super(driver, id, effect, k)
  }

  matches(input: unknown): boolean {
    return this.match!(input)
  }

  deliver(input: unknown): void {
    settleTake(this, this.maybe, input)
  }

  override cancel(reason?: unknown): void {
    if (this.list !== null) this.list.index.unlink(this)
    super.cancel(reason)
  }
}

/**
 * The driver's fast path for a top-level `take` (no monitor, no effect middleware): what
 * `runTake` does on a multicast channel, with a TakeFrame. Returns false, having done nothing,
 * for any other channel (the driver then takes the general path).
 */
export function startTake(driver: Driver, env: Env, effect: { payload: { channel?: any; pattern?: Pattern; maybe?: boolean } }): boolean {
  const payload = effect.payload
  const channel = payload.channel === undefined ? env.channel : payload.channel
  const addTaker = channel != null ? channel[ADD_TAKER] : undefined
  if (addTaker === undefined) return false
  const frame = new TakeFrame(driver, nextEffectId(), effect, driver, payload.maybe)
  driver.frame = frame
  try {
    register(addTaker, frame, payload.pattern)
  } catch (error) {
    frame.settle(error, true)
  }
  return true
}

/** Registers `node` on a multicast channel: a string pattern needs no matcher (its per-type list is the match). */
function register(addTaker: AddTaker, node: TakerLink, pattern: Pattern | undefined): void {
  if (typeof pattern === 'string' && pattern !== '*') return addTaker(node, pattern, null)
  const match = is.notUndef(pattern) ? matcher(pattern!) : wildcard
  addTaker(node, match.key, match)
}

function settleTake(frame: Frame, maybe: boolean | undefined, input: unknown): void {
  if (input instanceof Error) return frame.settle(input, true)
  if (isEnd(input) && !maybe) return frame.settle(TERMINATE)
  frame.settle(input)
}

/**
 * `take(pattern)` / `take(channel)`: registers a taker. An Error message is thrown into the saga;
 * END terminates the saga unless `maybe` (takeMaybe). On the multicast channels made by
 * `channel.ts` the taker is one FrameTaker, and a string pattern needs no matcher (its per-type
 * list is the match); any other channel gets a callback, as in the reference.
 */
export const runTake: Runner<{ channel?: any; pattern?: Pattern; maybe?: boolean }> = (env, payload, frame) => {
  const channel = payload.channel === undefined ? env.channel : payload.channel
  const maybe = payload.maybe
  const pattern = payload.pattern
  try {
    // `channel.take` on null/undefined must still throw its own TypeError, below.
    const addTaker = channel != null ? channel[ADD_TAKER] : undefined
    if (addTaker !== undefined) {
      const node = new FrameTaker(frame, maybe)
      register(addTaker, node, pattern)
      return node
    }
    const taker: Taker<unknown> = (input) => settleTake(frame, maybe, input)
    channel.take(taker, is.notUndef(pattern) ? matcher(pattern!) : null)
    return taker.cancel
  } catch (error) {
    frame.settle(error, true)
    return
  }
}
