import { buffers, type Buffer } from './buffers.js'
import { check, internalError, isDevelopment } from './internal/dev.js'
import * as is from './internal/is.js'
import { asapCall } from './internal/scheduler.js'
import { TYPE_KEY, wildcard, type KeyedMatcher, type Matcher } from './matcher.js'
import { CHANNEL_END_TYPE, MATCH, MULTICAST, SAGA_ACTION } from './symbols.js'

/**
 * The end-of-stream message. A `take` that receives it terminates the saga (its `finally` runs).
 * A type alias, not an interface, as in redux-saga: an alias satisfies an index signature, so
 * Redux 5's `dispatch(action: UnknownAction)` accepts `END`.
 */
export type END = {
  /** Always `'@@redux-saga/CHANNEL_END'`: any object with this `type` counts as END (`isEnd`). */
  type: typeof CHANNEL_END_TYPE
}
/**
 * The end-of-stream message: `dispatch(END)` or `channel.put(END)` closes the stream.
 *
 * @example
 * ```ts
 * store.dispatch(END) // watchers blocked in take() finish, so runSaga's task can end
 * ```
 */
export const END: END = { type: CHANNEL_END_TYPE }
/**
 * True for END (any object whose `type` is END's type).
 *
 * @example
 * ```ts
 * const item = yield takeMaybe(chan)
 * if (isEnd(item)) return
 * ```
 */
export const isEnd = (message: unknown): message is END =>
  // `x && ...` as in the reference: isEnd(null) is null, isEnd(undefined) undefined (both falsy).
  (message && (message as { type?: unknown }).type === CHANNEL_END_TYPE) as boolean

/** A callback registered with `channel.take`; the channel sets `cancel` to unregister it. */
export interface Taker<T> {
  (message: T | END): void
  /**
   * Set by the channel when it queues the taker: calling it unregisters the taker, which is then
   * not called. Not set when the message (or END) was handed over at once.
   */
  cancel?: () => void
  /** The matcher a multicast channel registered the taker with (key `'@@redux-saga/MATCH'`). */
  [MATCH]?: Matcher | null
}

/**
 * A channel that can be taken from: what `take(channel)` accepts.
 *
 * @example
 * ```ts
 * const source: TakeableChannel<Job> = channel<Job>()
 * ```
 */
export interface TakeableChannel<T> {
  /**
   * Asks for the next message: `cb` is called once, at once if a message is buffered (or with END
   * if the channel is closed and drained), else when one arrives; a queued `cb` gets a `cancel`
   * method that unregisters it. Multicast channels also take a `matcher`; the others ignore it.
   * In a saga, `yield* take(channel)` does this for you.
   *
   * @example
   * ```ts
   * const jobs = channel<string>()
   * jobs.put('first')
   * jobs.take((message) => console.log(message)) // logs 'first' at once: it was buffered
   * jobs.take((message) => console.log('next:', message)) // queued
   * jobs.put('second') // logs 'next: second'
   * ```
   */
  take(cb: (message: T | END) => void, matcher?: Matcher | null): void
}
/**
 * A channel that can be put into: what `put(channel, message)` accepts.
 *
 * @example
 * ```ts
 * const sink: PuttableChannel<Job> = channel<Job>()
 * ```
 */
export interface PuttableChannel<T> {
  /**
   * Sends `message`: a point-to-point channel hands it to the oldest waiting taker, or buffers it;
   * a multicast channel hands it to every matching taker registered before the put. END closes a
   * multicast channel; a point-to-point channel passes it on like a message (a saga that takes it
   * terminates). Ignored once the channel is closed; `undefined` throws in development.
   *
   * @example
   * ```ts
   * const events = channel<string>()
   * events.put('saved') // buffered: no taker waits yet
   * const message = yield* take(events) // 'saved'
   * ```
   */
  put(message: T | END): void
}
/**
 * A channel whose buffered messages can be flushed: what `flush(channel)` accepts.
 *
 * @example
 * ```ts
 * const buffered: FlushableChannel<Job> = channel<Job>()
 * ```
 */
export interface FlushableChannel<T> {
  /**
   * Calls `cb` at once with every buffered message, oldest first, and empties the buffer; with END
   * instead when the channel is closed and drained. Throws on an open channel whose buffer is
   * `buffers.none()` (the default of `eventChannel`), which has no `flush`.
   *
   * @example
   * ```ts
   * const pending = channel<string>()
   * pending.put('a')
   * pending.put('b')
   * pending.flush((messages) => console.log(messages)) // ['a', 'b']
   * ```
   */
  flush(cb: (items: T[] | END) => void): void
}
/** A point-to-point queue: each message goes to one taker, or waits in the buffer. */
export interface Channel<T> extends TakeableChannel<T>, PuttableChannel<T>, FlushableChannel<T> {
  /**
   * Closes the channel: every waiting taker gets END now; later takes get the messages still
   * buffered, then END; later puts are ignored. Closing twice does nothing.
   *
   * @example
   * ```ts
   * const jobs = channel<Job>()
   * yield* fork(worker, jobs)
   * yield* put(jobs, nextJob)
   * jobs.close() // once it has taken the buffered jobs, the worker's take(jobs) gets END: it ends
   * ```
   */
  close(): void
}
/** A channel fed by an external source: no `put`. */
export interface EventChannel<T> extends TakeableChannel<T>, FlushableChannel<T> {
  /**
   * Closes the channel and unsubscribes from the source (the unsubscribe function runs once);
   * waiting takers get END. The source emitting END does the same.
   *
   * @example
   * ```ts
   * const clicks = eventChannel<MouseEvent>((emit) => {
   *   document.addEventListener('click', emit)
   *   return () => document.removeEventListener('click', emit)
   * })
   * try {
   *   const first = yield* take(clicks)
   * } finally {
   *   clicks.close() // removes the listener
   * }
   * ```
   */
  close(): void
}
/** A broadcast channel: each message goes to every taker whose matcher accepts it; no buffer. */
export interface MulticastChannel<T> extends TakeableChannel<T>, PuttableChannel<T> {
  /** Always `true`: the brand (key `'@@redux-saga/MULTICAST'`) that makes `take(channel, pattern)` apply the pattern. */
  readonly [MULTICAST]: true
  /**
   * Registers `cb` for the next message `matcher` accepts (any message when `matcher` is
   * `undefined`); when one is put, `cb` is unregistered, then called. A taker registered while a
   * message is being delivered waits for the next one. On a closed channel `cb` gets END at once.
   * A `null` matcher is kept as is, as in redux-saga: a put that reaches the taker throws.
   *
   * @example
   * ```ts
   * const bus = multicastChannel<{ type: string }>()
   * bus.take((message) => console.log('got', message), (message) => message.type === 'PING')
   * bus.put({ type: 'PONG' }) // not matched: the taker still waits
   * bus.put({ type: 'PING' }) // logs it; the taker is gone
   * ```
   */
  take(cb: (message: T | END) => void, matcher?: Matcher | null): void
  /** Closes the channel: every registered taker gets END, later takes get END at once, later puts are ignored. */
  close(): void
}

const UNDEFINED_INPUT_ERROR = `Saga or channel was provided with an undefined action
Hints:
  - check that your Action Creator returns a non-undefined value
  - if the Saga was started using runSaga, check that your subscribe source provides the action to its listeners`

/**
 * Marks the channels made by `channel()` and `eventChannel()` (non-enumerable): the `cancel` their
 * `take` gives a taker is sagaflow's own, which `take` uses as the effect's disposer as is, where a
 * user channel's runs as the reference runs it (effects/take.ts, fuzzer round 8). The mark is the
 * channel's own `take`: one the user replaced (say, to wrap the callback) makes it a user channel.
 */
export const OWN_TAKE_CANCEL = Symbol('sagaflow.ownTakeCancel')

function markOwn<C extends { take: unknown }>(chan: C): C {
  Object.defineProperty(chan, OWN_TAKE_CANCEL, { value: chan.take })
  return chan
}

/**
 * The reference's consistency checks of a channel, run in development only. At module level, not
 * inside `channel()`, so that a production bundle, where nothing calls it, drops it and
 * internalError's message (issue #7, bundle size).
 */
function checkForbiddenStates(closed: boolean, takers: readonly unknown[], buffer: Buffer<unknown>): void {
  if (closed && takers.length) throw internalError('Cannot have a closed channel with pending takers')
  if (takers.length && !buffer.isEmpty()) throw internalError('Cannot have pending takers with non empty buffer')
}

/**
 * Creates a point-to-point channel: `put` hands a message to the oldest waiting taker or buffers
 * it; `close()` gives END to every waiting taker and to every later `take` once the buffer is empty.
 *
 * @example
 * ```ts
 * const jobs = channel<Job>(buffers.expanding())
 * yield fork(worker, jobs)
 * yield put(jobs, { id: 1 })
 * ```
 */
export function channel<T>(buffer: Buffer<T> = buffers.expanding<T>()): Channel<T> {
  let closed = false
  let takers: Taker<T>[] = []
  if (isDevelopment) check(buffer, is.buffer, 'invalid buffer passed to channel factory function')

  // The reference's key order (Object.keys: take, put, flush, close).
  return markOwn<Channel<T>>({
    take(cb: Taker<T>) {
      if (isDevelopment) {
        checkForbiddenStates(closed, takers, buffer)
        check(cb, is.func, "channel.take's callback must be a function")
      }
      if (closed && buffer.isEmpty()) cb(END)
      else if (!buffer.isEmpty()) cb(buffer.take() as T)
      else {
        takers.push(cb)
        cb.cancel = () => {
          const index = takers.indexOf(cb)
          if (index >= 0) takers.splice(index, 1)
        }
      }
    },
    put(input) {
      if (isDevelopment) {
        checkForbiddenStates(closed, takers, buffer)
        check(input, is.notUndef, UNDEFINED_INPUT_ERROR)
      }
      if (closed) return
      if (takers.length === 0) return buffer.put(input as T)
      const taker = takers.shift()!
      taker(input)
    },
    flush(cb) {
      if (isDevelopment) {
        checkForbiddenStates(closed, takers, buffer)
        check(cb, is.func, "channel.flush' callback must be a function")
      }
      // (Nothing returned: the reference's flush gives back nothing, whatever cb returns.)
      if (closed && buffer.isEmpty()) cb(END)
      else cb(buffer.flush())
    },
    close() {
      if (isDevelopment) checkForbiddenStates(closed, takers, buffer)
      if (closed) return
      closed = true
      const waiting = takers
      takers = []
      for (let i = 0; i < waiting.length; i++) waiting[i]!(END)
    },
  })
}

/**
 * Creates a channel fed by an external event source. `subscribe(emit)` is called at once and must
 * return an unsubscribe function; `emit(END)` closes the channel. Default buffer: `buffers.none()`.
 *
 * @example
 * ```ts
 * function ticks(ms: number) {
 *   return eventChannel<number>((emit) => {
 *     const id = setInterval(() => emit(Date.now()), ms)
 *     return () => clearInterval(id)
 *   })
 * }
 * ```
 */
export function eventChannel<T>(
  subscribe: (emit: (input: T | END) => void) => () => void,
  buffer: Buffer<T> = buffers.none<T>(),
): EventChannel<T> {
  let closed = false
  // Assigned once subscribe() returned; until then a close (END during subscribe) cannot unsubscribe.
  let unsubscribe: (() => void) | undefined = undefined
  const chan = channel(buffer)
  const close = (): void => {
    if (closed) return
    closed = true
    if (is.func(unsubscribe)) unsubscribe()
    chan.close()
  }
  const subscription = subscribe((input) => {
    if (isEnd(input)) return close()
    chan.put(input)
  })
  if (isDevelopment) check(subscription, is.func, 'in eventChannel: subscribe should return a function to unsubscribe')
  let unsubscribed = false
  unsubscribe = () => {
    if (unsubscribed) return
    unsubscribed = true
    subscription()
  }
  if (closed) unsubscribe()
  return markOwn({ take: chan.take, flush: chan.flush, close })
}

/*
 * Multicast takers are indexed so a put costs O(matching takers), not O(all takers) (CONTRACT
 * §1.10): takers whose matcher has a `key` (one action type) live in a per-type list, all others
 * in `general`. Both lists are doubly linked (O(1) unregistering, which makes cancelling 100k
 * blocked tasks linear) and every node has a registration number, so delivery merges the two
 * lists and keeps the reference's order: registration order among takers registered before the
 * put; takers registered during the delivery wait for the next message; a taker unregistered
 * during the delivery (e.g. a race loser, or the take of a task another taker cancelled) is still
 * matched and called, as the reference (which iterates a snapshot) does: a saga's taker then
 * finds its effect already settled and does nothing, but a predicate pattern runs and a
 * `channel.take(cb)` callback is called. So a taker unregistered during a delivery stays linked
 * until the outermost delivery ends; every node records the delivery count at unregistering
 * (`removedAt`), so a delivery skips only takers unregistered before it began.
 *
 * A node is its own taker (`deliver`): a saga's `take` registers one object per blocked `take`
 * through `TAKERS` (its TakeFrame on the driver's fast path, a FrameTaker otherwise: bench
 * "fork 25k on take": heap per blocked task, issue #7); `take(cb)` wraps a callback in a node and
 * gives it `cb.cancel`.
 */
/**
 * What the taker index links and calls: the fields it owns, `matches` (general list only) and
 * `deliver`. TakerNode implements it for callbacks, races and channels other than a saga's own
 * `take`; the take runner's frame implements it itself (effects/take.ts).
 */
export interface TakerLink {
  seq: number
  prev: TakerLink | null
  next: TakerLink | null
  list: TakerList | null
  /** Delivery count when unlinked; -1 while registered. */
  removedAt: number
  /** Used for nodes in the general list only (a per-type list implies the match). */
  match: Matcher | null
  matches(input: unknown): boolean
  deliver(input: unknown): void
}

/**
 * What the index calls for a taker registered with a matcher that is not a function: the
 * reference stores it as is (`take(cb, matcher = wildcard)` defaults only `undefined`) and its
 * `put` throws calling it, at every put that reaches that taker, which stays registered.
 * `take(multicastChannel)` without a pattern gets there, the take runner passing `null`.
 */
export const notAMatcher: Matcher = () => {
  throw new TypeError('taker[symbols.MATCH] is not a function')
}

export abstract class TakerNode implements TakerLink {
  seq = 0
  prev: TakerLink | null = null
  next: TakerLink | null = null
  list: TakerList | null = null
  /** Delivery count when unlinked; -1 while registered. */
  removedAt = -1
  /** Used for nodes in the general list only (a per-type list implies the match). */
  match: Matcher | null = null

  /** Whether a node of the general list takes `input`. */
  matches(input: unknown): boolean {
    return this.match!(input)
  }

  abstract deliver(input: unknown): void

  /** Unregisters the taker (a no-op once delivered or cancelled). */
  cancel(): void {
    if (this.list !== null) this.list.index.unlink(this)
  }
}

class CallbackTaker extends TakerNode {
  constructor(readonly cb: Taker<any>) {
    super()
  }
  /**
   * As the reference: `cb.cancel()`, then `cb(input)`. The cancel is the callback's latest
   * registration's: a callback that registers itself again (an actionChannel's) and was already
   * called by a nested delivery has a newer registration, which this removes, so it stays
   * registered once (fuzzer).
   */
  deliver(input: unknown): void {
    const cb = this.cb
    cb.cancel!()
    cb(input)
  }
}

export interface TakerList {
  head: TakerLink | null
  tail: TakerLink | null
  size: number
  readonly index: TakerIndex
}

/**
 * Key of the taker index of the channels made here: `channel[TAKERS].add(node, key, match)`
 * registers `node` under action type `key`, or, when `key` is undefined, in the general list with
 * `match`. A closed channel delivers END at once. The index itself rather than a function that
 * calls it: one call less per `take` (bench "put -> take", cold path).
 *
 * A saga's `take` registers through the index only while `channel.take === takers.ownTake`: a
 * channel whose `take` the user replaced (`chan.take = ...`, or `{ ...stdChannel(), take }`,
 * which copies the index too) has that `take` called, as the reference always calls it.
 */
export const TAKERS = Symbol('sagaflow.takers')

/** What `channel[TAKERS]` is. */
export interface Takers {
  add(node: TakerLink, key: string | symbol | undefined, match: Matcher | null): void
  /** The channel's own `take`: the index stands for `channel.take` only while it is still this one. */
  readonly ownTake: unknown
}

function nextLive(node: TakerLink | null, limit: number, start: number): TakerLink | null {
  while (node !== null && ((node.removedAt !== -1 && node.removedAt < start) || node.seq >= limit)) {
    if (node.seq >= limit) return null
    node = node.next
  }
  return node
}

class TakerIndex implements Takers {
  closed = false
  ownTake: unknown = undefined
  private seq = 0
  /** Number of deliveries started (see `removedAt`). */
  private deliveries = 0
  private readonly byKey = new Map<string | symbol, TakerList>()
  private readonly general: TakerList = { head: null, tail: null, size: 0, index: this }
  // A per-type list that empties stays in `byKey` (a take/put loop would otherwise delete and
  // re-add its key on every message, and Map churn costs O(map size) with 1,000 other types
  // waiting: bench "put, 1k other takers", issue #7). Empty lists are swept once they are many.
  private emptyLists = 0
  /** Deliveries under way (a put nests when a taker puts to the channel synchronously). */
  private delivering = 0
  /** Takers unregistered during the deliveries under way, unlinked when the outermost one ends. */
  private detached: TakerLink[] = []

  add(node: TakerLink, key: string | symbol | undefined, match: Matcher | null): void {
    if (this.closed) return node.deliver(END)
    let list: TakerList
    if (key !== undefined) {
      const existing = this.byKey.get(key)
      if (existing === undefined) this.byKey.set(key, (list = { head: null, tail: null, size: 0, index: this }))
      else {
        list = existing
        if (list.size === 0) this.emptyLists--
      }
    } else list = this.general
    node.match = match
    node.seq = this.seq++
    node.prev = list.tail
    node.list = list
    if (list.tail) list.tail.next = node
    else list.head = node
    list.tail = node
    list.size++
  }

  /**
   * Unregisters `node`. `passed`: the caller is the only delivery under way and its cursors have
   * moved past the node (the taker it is about to call), so no delivery can still need its links.
   */
  unlink(node: TakerLink, passed = false): void {
    if (node.removedAt !== -1) return
    node.removedAt = this.deliveries
    // A closed channel's lists are gone (close): nothing to unlink from.
    if (this.closed) return
    const list = node.list!
    list.size--
    if (list !== this.general && list.size === 0 && ++this.emptyLists > 1024 && this.emptyLists * 2 > this.byKey.size) {
      for (const [key, l] of this.byKey) if (l.size === 0) this.byKey.delete(key)
      this.emptyLists = 0
    }
    // During a delivery the node stays linked until the outermost one ends: a delivery walking
    // the lists must still reach a taker unregistered after it began (see `put`).
    if (this.delivering === 0 || (passed && this.delivering === 1)) detach(node)
    else this.detached.push(node)
  }

  close(): void {
    this.closed = true
    const waiting: TakerLink[] = []
    for (let n = this.general.head; n; n = n.next) if (n.removedAt === -1) waiting.push(n)
    for (const list of this.byKey.values()) for (let n = list.head; n; n = n.next) if (n.removedAt === -1) waiting.push(n)
    if (this.byKey.size) waiting.sort((a, b) => a.seq - b.seq)
    this.general.head = this.general.tail = null
    this.general.size = 0
    this.byKey.clear()
    this.emptyLists = 0
    // (The lists are gone: what was left to unlink is unlinked with them.)
    this.detached = []
    for (const node of waiting) node.deliver(END)
  }

  put(input: unknown): void {
    if (this.closed) return
    const type = input != null ? (input as { type?: unknown }).type : undefined
    // isEnd(input), written out (as are nextLive's first tests below): each call costs a frame
    // per put until the JIT inlines it (bench "put -> take", cold path).
    if (input && type === CHANNEL_END_TYPE) return this.close()
    const limit = this.seq
    const start = ++this.deliveries
    const general = this.general
    const keyed = type !== undefined ? this.byKey.get(type as string) : undefined
    let a = keyed ? keyed.head : null
    if (a !== null && (a.removedAt !== -1 || a.seq >= limit)) a = nextLive(a, limit, start)
    let b = general.head
    if (b !== null) b = nextLive(b, limit, start)
    if (a === null && b === null) return
    this.delivering++
    try {
      while (a !== null || b !== null) {
        let node: TakerLink
        if (a !== null && (b === null || a.seq < b.seq)) {
          node = a
          a = a.next
        } else {
          node = b!
          b = b!.next
        }
        if (node.list === general && !node.matches(input)) {
          a = nextLive(a, limit, start)
          b = nextLive(b, limit, start)
          continue
        }
        this.unlink(node, true)
        node.deliver(input)
        if (a !== null && (a.removedAt !== -1 || a.seq >= limit)) a = nextLive(a, limit, start)
        if (b !== null) b = nextLive(b, limit, start)
      }
    } finally {
      if (--this.delivering === 0 && this.detached.length !== 0) this.detachAll()
    }
  }

  private detachAll(): void {
    const detached = this.detached
    for (let i = 0; i < detached.length; i++) detach(detached[i]!)
    detached.length = 0
  }
}

/**
 * Unlinks an unregistered taker from its list, when no delivery is under way (none can stand on
 * it). Its own links are cleared too: a dead node still pointing at the taker registered after it
 * would keep that one alive through the GC's old generation, and so on down the chain.
 */
function detach(node: TakerLink): void {
  const { prev, next } = node
  if (prev) prev.next = next
  else node.list!.head = next
  if (next) next.prev = prev
  else node.list!.tail = prev
  node.prev = node.next = null
}

/**
 * Creates a broadcast channel: `put` delivers to every taker registered before it whose matcher
 * accepts the message. No buffer: a message with no taker is lost.
 *
 * @example
 * ```ts
 * const bus = multicastChannel<Action>()
 * yield fork(function* () { yield take(bus, 'PING') })
 * yield put(bus, { type: 'PING' })
 * ```
 */
export function multicastChannel<T>(): MulticastChannel<T> {
  const index = new TakerIndex()

  function put(input: T | END): void {
    if (isDevelopment) check(input, is.notUndef, UNDEFINED_INPUT_ERROR)
    index.put(input)
  }

  function take(cb: Taker<T>, match?: Matcher | null): void {
    if (index.closed) {
      cb(END)
      return
    }
    // Only `undefined` defaults to the wildcard, as in the reference (see notAMatcher).
    const m = match === undefined ? wildcard : match
    cb[MATCH] = m
    const node = new CallbackTaker(cb)
    if (typeof m === 'function') index.add(node, (m as KeyedMatcher)[TYPE_KEY], m)
    else index.add(node, undefined, notAMatcher)
    cb.cancel = () => node.cancel()
  }
  index.ownTake = take

  return { [MULTICAST]: true, put, take, close: () => index.close(), [TAKERS]: index } as MulticastChannel<T>
}

/**
 * The default action source of `runSaga` and the middleware: a multicast channel whose `put` is
 * scheduled with the put scheduler, except for actions a saga dispatched (already scheduled).
 *
 * @example
 * ```ts
 * const channel = stdChannel()
 * runSaga({ channel, dispatch: (a) => channel.put(a) }, rootSaga)
 * channel.put({ type: 'START' })
 * ```
 */
export function stdChannel<T = any>(): MulticastChannel<T> {
  const chan = multicastChannel<T>()
  const put = chan.put
  const index = (chan as any)[TAKERS] as TakerIndex
  chan.put = (input) => {
    // A saga's action (defined: it carries SAGA_ACTION) goes straight to the index, not through
    // `put`, whose only extra is the undefined-input check (bench "put -> take", cold path).
    if ((input as any)[SAGA_ACTION]) return index.put(input)
    asapCall(put, input)
  }
  return chan
}
