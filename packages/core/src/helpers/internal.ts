import { ITERATOR_META } from '../effects/fork.js'
import { fork, type ForkEffect } from '../io.js'
import * as is from '../internal/is.js'
import { GENERATOR_NEXT, GENERATOR_THROW } from '../internal/proc.js'

/** Names a helper's iterator so its task reads e.g. `takeEvery(SEARCH, search)` in sagaStack. */
export function named<I extends Iterator<any, any, any>>(iterator: I, name: string): I {
  ;(iterator as any)[ITERATOR_META] = { name }
  return iterator
}

/**
 * The iterator of a helper the reference writes as a state machine (`fsmIterator`: takeEvery,
 * takeLatest, takeLeading, throttle, debounce, retry), around the generator sagaflow writes it
 * as. Its `return` ends nothing, as the reference's (`kReturn`): the task ends, but a settle that
 * still reaches the helper afterwards (a SagaMonitor's effectResolved cancelled the helper's task
 * while its effect was settling, and the settle goes on to resume it) steps the loop on, so the
 * helper keeps taking and forking workers, as in the reference (fuzzer round 7, seed 60115359).
 */
class HelperIterator {
  readonly [ITERATOR_META]: { name: string }
  constructor(
    private readonly loop: Generator,
    name: string,
  ) {
    this[ITERATOR_META] = { name }
  }
  next(arg?: unknown): IteratorResult<unknown> {
    return GENERATOR_NEXT.call(this.loop, arg)
  }
  /**
   * The reference's state machine throws only a truthy error (`if (error && !errorState)`); a
   * falsy one (`throw undefined`, `Promise.reject()`, `throw 0`) steps it on as if the effect had
   * given null: takeLeading goes on taking after its worker failed so, and retry returns null
   * after the first such failure (fuzzer round 7).
   */
  throw(error: unknown): IteratorResult<unknown> {
    return error ? GENERATOR_THROW.call(this.loop, error) : GENERATOR_NEXT.call(this.loop, null)
  }
  return(value?: unknown): IteratorResult<unknown> {
    return { value, done: true }
  }
}

/** `named`, for the helpers the reference writes as state machines (see HelperIterator). */
export function fsmNamed(loop: Generator, name: string): Iterator<any, any, any> {
  return new HelperIterator(loop, name)
}

export function safeName(patternOrChannel: unknown): string {
  if (is.channel(patternOrChannel)) return 'channel'
  if (is.stringableFunc(patternOrChannel)) return String(patternOrChannel)
  if (is.func(patternOrChannel)) return patternOrChannel.name
  return String(patternOrChannel)
}

/**
 * Names a helper function as redux-saga 1.5.1 as shipped names it (its bundler renamed the
 * helpers: `takeEvery$1`, `retry$1`; `debounceHelper` kept its name). Monitors and loggers print
 * `effect.payload.fn.name`, and a called helper's task is named after it in sagaStack ("occurred
 * in task retry$1": on-error.test.ts, saga-helpers.test.ts, the differential fuzzer). Set here, not
 * left to the function expression given to `shared`: a bundler renames that one (it shares its
 * name with the binding it is assigned to: `debounceHelper2`).
 */
export function shippedName(helper: (...args: any[]) => unknown, name: string): void {
  Object.defineProperty(helper, 'name', { value: name })
}

export const workerName = (worker: unknown): string => (worker as { name: string }).name

/**
 * `fork`, typed as redux-saga types its helpers' effects: `ForkEffect<never>`, a watcher loop
 * that gives no result (so `const watchers: ForkEffect<never>[] = [takeEvery(...)]` compiles).
 */
export const forkHelper = fork as unknown as (helper: (...args: any[]) => unknown, ...args: unknown[]) => ForkEffect<never>
