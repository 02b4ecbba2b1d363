import { isEnd, notAMatcher, OWN_TAKE_CANCEL, TAKERS, TakerNode, type Taker, type TakerLink, type TakerList, type Takers } from '../channel.js'
import { userCancel } from './call.js'
import { Frame, SETTLED } from '../internal/frame.js'
import * as is from '../internal/is.js'
import type { Driver } from '../internal/proc.js'
import { crashRecord, setCrashedEffect } from '../internal/saga-error.js'
import { matcher, TYPE_KEY, type KeyedMatcher, type Matcher, type Pattern } from '../matcher.js'
import { CHANNEL_END_TYPE, TERMINATE } from '../symbols.js'
import type { Runner } from './runner.js'
import { thrownBy } from '../internal/thrown.js'

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
 * A top-level `take` on a multicast channel, without monitor or effect middleware (the driver's
 * fast path, proc.ts `digestEffect`): the effect's frame is also its channel registration (no FrameTaker, one object per blocked `take`: bench
 * "fork 25k on take", "put -> take", issue #7). Cancelling the frame unregisters it.
 */
export class TakeFrame extends Frame implements TakerLink {
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
    private readonly maybe: boolean | undefined,
  ) {
    super(driver, id, crashRecord(effect), driver)
    this.removedAt = -1 // stored twice: see markMutable (proc.ts)
  }

  matches(input: unknown): boolean {
    return this.match!(input)
  }

  /**
   * `settleTake`, `Frame.settle` and the driver's `resume` written out: no monitor on this path,
   * and the continuation is the driver. Three calls less per delivered action, which count
   * until the JIT has inlined them (bench "put -> take", cold path).
   */
  deliver(input: unknown): void {
    if (this.dispose === SETTLED) return
    this.dispose = SETTLED
    if (input instanceof Error) {
      setCrashedEffect(this.effect)
      return this.driver.next(thrownBy(input), true)
    }
    if (input && (input as { type?: unknown }).type === CHANNEL_END_TYPE && !this.maybe) return this.driver.next(TERMINATE, false)
    this.driver.next(input, false)
  }

  override cancel(reason?: unknown): void {
    if (this.list !== null) this.list.index.unlink(this)
    super.cancel(reason)
  }
}

/**
 * Registers `node` on a multicast channel: a string pattern needs no matcher (its per-type list
 * is the match). Without a pattern the reference gives the channel a `null` matcher, and the
 * next put that reaches the taker throws (see notAMatcher).
 */
export function registerTaker(takers: Takers, node: TakerLink, pattern: Pattern | undefined): void {
  if (typeof pattern === 'string' && pattern !== '*') return takers.add(node, pattern, null)
  if (is.undef(pattern)) return takers.add(node, undefined, notAMatcher)
  const match: KeyedMatcher = matcher(pattern)
  takers.add(node, match[TYPE_KEY], match)
}

function settleTake(frame: Frame, maybe: boolean | undefined, input: unknown): void {
  if (input instanceof Error) return frame.settle(thrownBy(input), true)
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
    const takers: Takers | undefined = channel != null ? channel[TAKERS] : undefined
    if (takers !== undefined && channel.take === takers.ownTake) {
      const node = new FrameTaker(frame, maybe)
      registerTaker(takers, node, pattern)
      return node
    }
    const taker: Taker<unknown> = (input) => settleTake(frame, maybe, input)
    channel.take(taker, is.notUndef(pattern) ? matcher(pattern!) : null)
    // A channel of channel.ts, with its own `take`: its own cancel, as is. A user channel's (or
    // one whose `take` was replaced): the reference copies the taker's `cancel` onto the effect's
    // callback and runs it as `currCb.cancel()` (userCancel: `this` that callback, no argument),
    // so a missing or non-function one throws "currCb.cancel is not a function" at whoever
    // cancelled (a race's winner, task.cancel(), an aborting sibling) and the cancellation goes
    // no further (fuzzer rounds 6 and 8, seeds 55000216, ...; issue #2).
    const ownTake = channel[OWN_TAKE_CANCEL]
    return ownTake !== undefined && ownTake === channel.take ? taker.cancel : userCancel(taker.cancel)
  } catch (error) {
    frame.settle(error, true)
    return
  }
}
