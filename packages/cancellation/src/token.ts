/// <reference lib="esnext.disposable" preserve="true" />
import { systemClock, type Clock } from './clock.js'
import { CancellationError, TimeoutError, isOwnCancellationError } from './errors.js'
import { checkClock, checkDelay, checkOptions, hasShape, isAbortSignal } from './internal/checks.js'
import { describeValue } from './internal/describe.js'
import { isDevelopment } from './internal/dev.js'
import { disposeSymbol } from './internal/dispose.js'

/**
 * What `token.onCancel(callback)` returns: `dispose()` (or `using`) removes the callback if it
 * has not run yet, in O(1). Disposing twice, or after the callback ran, does nothing. Once the
 * callback ran or can no longer run, the registration lets go of it, so a registration kept in a
 * long-lived object keeps nothing the callback closes over alive.
 *
 * @example
 * ```ts
 * const registration = token.onCancel(() => socket.close())
 * try {
 *   await talkTo(socket)
 * } finally {
 *   registration.dispose() // done: no need to close on cancel any more
 * }
 * ```
 */
export interface CancellationRegistration extends Disposable {
  /** Removes the callback; it will not run. */
  dispose(): void
}

/**
 * A token to cancel through, parent links and a timeout: see {@link CancellationTokenSource}.
 *
 * @example
 * ```ts
 * const options: CancellationTokenSourceOptions = { parents: [task.token, request.signal], timeoutMs: 5_000 }
 * const source = new CancellationTokenSource(options)
 * ```
 */
export interface CancellationTokenSourceOptions {
  /** Tokens and signals that cancel this source when any of them is cancelled (with its reason). */
  readonly parents?: readonly (CancellationToken | AbortSignal)[] | undefined
  /** Cancels with a `TimeoutError` after this many ms of `clock` time; `Infinity` means never. */
  readonly timeoutMs?: number | undefined
  /** The clock for `timeoutMs` and `cancelAfter`; default {@link systemClock}. */
  readonly clock?: Clock | undefined
}

/**
 * Options of {@link CancellationToken.timeout}.
 *
 * @example
 * ```ts
 * const options: CancellationTimeoutOptions = { clock: new VirtualClock() }
 * const token = CancellationToken.timeout(1_000, options)
 * ```
 */
export interface CancellationTimeoutOptions {
  /** The clock that measures the timeout; default {@link systemClock}. */
  readonly clock?: Clock | undefined
}

/**
 * A token that no source controls, returned by {@link CancellationToken.any} and
 * {@link CancellationToken.timeout}: it owns its parent links or its timer, so whoever creates it
 * disposes it when the work is done (`dispose()` or `using`). Disposing an uncancelled token
 * removes its registrations from every parent, clears its timer, and makes it a token that
 * never cancels (`canBeCancelled === false`). Disposing a cancelled one changes nothing.
 *
 * @example
 * ```ts
 * {
 *   using timeout = CancellationToken.timeout(5_000)
 *   using token = CancellationToken.any([appToken, timeout])
 *   await fetch(url, { signal: token.signal })
 * } // the link to appToken is removed and the timer cleared here
 * ```
 *
 * Disposing a linked token does not dispose its parents: a `CancellationToken.timeout()` passed
 * inline to `any()` keeps its timer (and a Node process) alive until it fires.
 * `new CancellationTokenSource({ parents: [appToken], timeoutMs: 5_000 })` is the one-object form.
 */
export interface DisposableCancellationToken extends CancellationToken, Disposable {
  /** Unlinks from the parents and clears the timer; an uncancelled token then never cancels. */
  dispose(): void
}

type Parent = CancellationToken | AbortSignal
type Link = { dispose(): void }
/** What a registration runs on cancel: a callback, or a linked child token to cancel. */
type Target = ((reason: unknown) => void) | CancellationToken

const ACTIVE = 0
const CANCELLED = 1
/** Disposed before being cancelled (or `none`): it can never be cancelled. */
const SEALED = 2
type State = typeof ACTIVE | typeof CANCELLED | typeof SEALED

/**
 * A callback, or a linked child token, waiting on a token: a node of the token's doubly linked
 * list, so removal is O(1) and the callbacks run in registration order. `token` and `target` are
 * null once the node has run or was removed: the node is the registration the user holds, and a
 * registration kept after its disposal must not keep the callback (and what it closes over) alive.
 */
class Registration implements CancellationRegistration {
  prev: Registration | null = null
  next: Registration | null = null

  constructor(
    public token: CancellationToken | null,
    public target: Target | null,
  ) {}

  dispose(): void {
    if (this.token) removeRegistration(this)
  }

  [disposeSymbol](): void {
    this.dispose()
  }
}

/** Returned when a callback ran at once or can never run: there is nothing to remove. */
const noRegistration: CancellationRegistration = Object.freeze({
  dispose(): void {},
  [disposeSymbol](): void {},
})

// Friend functions: module-private access to the token's private state, installed by its
// static block, so that the source, the disposable token and the registrations stay separate,
// cheap classes. (Functions of the token rather than private methods: they minify smaller.)
let createToken: () => CancellationToken
/** Appends a callback or a linked child to an active token's list. */
let append: (token: CancellationToken, target: Target) => Registration
/**
 * Cancels and runs the callbacks, collecting their errors into `errors` (allocated on the first
 * one) so a whole tree of linked tokens reports one flat `AggregateError`. Linked children are
 * cancelled depth-first, at their place in the registration order.
 */
let cancelToken: (token: CancellationToken, reason: unknown, errors?: unknown[]) => unknown[] | undefined
/** Disposal before cancellation: never cancel, and let go of every callback. */
let sealToken: (token: CancellationToken) => void
/** Links a new token to validated parents; called once, at construction. */
let linkToken: (token: CancellationToken, parents: readonly Parent[]) => void
/** Arms (or re-arms) the timeout; the timer cancels with a `TimeoutError`. */
let scheduleTimeout: (token: CancellationToken, clock: Clock, ms: number) => void
/** The token of an `AbortSignal`, made once per signal. */
let tokenFromSignal: (signal: AbortSignal) => CancellationToken
let removeRegistration: (registration: Registration) => void

/** A signal's token is made once, so linking a signal a million times adds one listener. */
const signalTokens = new WeakMap<AbortSignal, CancellationToken>()

/**
 * The token a `token.signal` belongs to, stored on the signal itself (a module-private key), not
 * in `signalTokens`: a WeakMap's table keeps the capacity its peak needed, so one entry per task
 * signal read held ~1 MB after 33,000 tasks had read theirs and ended (the leak test).
 */
const OWN_TOKEN = Symbol('sagaflow.ownToken')
type OwnedSignal = AbortSignal & { [OWN_TOKEN]?: CancellationToken }

/**
 * A read-only view of a cancellation: code that does the work checks it, registers cleanup on
 * it, or hands its `signal` to `fetch`; only the {@link CancellationTokenSource} that made it (or
 * its parents, or its timeout) can cancel it.
 *
 * Cheap by design: no `AbortController` is created until `signal` is read, and nothing is
 * allocated for callbacks until the first `onCancel`.
 *
 * @example
 * ```ts
 * async function download(url: string, token: CancellationToken): Promise<Blob> {
 *   token.throwIfCancelled()
 *   const response = await fetch(url, { signal: token.signal })
 *   return response.blob()
 * }
 *
 * const source = new CancellationTokenSource({ timeoutMs: 10_000 })
 * const blob = download('/big.iso', source.token)
 * cancelButton.onclick = () => source.cancel('the user cancelled')
 * ```
 */
export class CancellationToken {
  #state: State = ACTIVE
  #reason: unknown
  #head: Registration | null = null
  #tail: Registration | null = null
  /** Our registrations on the parents: one, several, or none. */
  #links: Link | Link[] | undefined
  #timer: { readonly clock: Clock; handle: unknown } | undefined
  #signal: AbortSignal | undefined
  #whenCancelled: Promise<unknown> | undefined

  /** Tokens come from a {@link CancellationTokenSource} or the static factories. */
  protected constructor() {}

  /**
   * A token that is never cancelled (frozen; `canBeCancelled === false`): the default for an
   * optional token parameter.
   *
   * @example
   * ```ts
   * function poll(url: string, token: CancellationToken = CancellationToken.none) {
   *   // ...
   * }
   * ```
   */
  static readonly none: CancellationToken // set by the static block below

  /**
   * True once the token is cancelled.
   *
   * @example
   * ```ts
   * for (const item of items) {
   *   if (token.isCancelled) break
   *   handle(item)
   * }
   * ```
   */
  get isCancelled(): boolean {
    return this.#state === CANCELLED
  }

  /**
   * Why the token was cancelled: the reason given to `cancel(reason)` (a `CancellationError` by
   * default), a `TimeoutError`, or a parent's reason unchanged. `undefined` while not cancelled.
   *
   * @example
   * ```ts
   * source.cancel(new Error('shutting down'))
   * source.token.reason // Error: shutting down
   * ```
   */
  get reason(): unknown {
    return this.#reason
  }

  /**
   * False when the token can never be cancelled: `CancellationToken.none`, or a token whose
   * source was disposed before cancelling. True otherwise, including once cancelled. Lets code
   * skip setting up cancellation work that could never be needed.
   *
   * @example
   * ```ts
   * if (token.canBeCancelled) token.onCancel(() => worker.terminate())
   * ```
   */
  get canBeCancelled(): boolean {
    return this.#state !== SEALED
  }

  /**
   * Throws if the token is cancelled: the reason itself when it is a `CancellationError` or a
   * `TimeoutError`, otherwise a `CancellationError` whose `reason` is the reason.
   *
   * @example
   * ```ts
   * for (const chunk of chunks) {
   *   token.throwIfCancelled()
   *   await upload(chunk)
   * }
   * ```
   */
  throwIfCancelled(): void {
    if (this.#state === CANCELLED) {
      const reason = this.#reason
      throw isOwnCancellationError(reason) ? reason : new CancellationError(reason)
    }
  }

  /**
   * Calls `callback(reason)` when the token is cancelled, synchronously, in registration order
   * (after the callbacks registered before it); at once if the token is already cancelled (an
   * error it throws then propagates from `onCancel`); never if the token can never be cancelled.
   * Returns a registration whose `dispose()` removes the callback.
   *
   * @example
   * ```ts
   * const timer = setInterval(tick, 1_000)
   * using registration = token.onCancel((reason) => {
   *   clearInterval(timer)
   *   console.log('stopped:', reason)
   * })
   * ```
   */
  onCancel(callback: (reason: unknown) => void): CancellationRegistration {
    if (isDevelopment && typeof callback !== 'function') {
      throw new TypeError(`CancellationToken.onCancel(callback): expected a function, got ${describeValue(callback)}`)
    }
    if (this.#state === ACTIVE) return append(this, callback)
    if (this.#state === CANCELLED) callback(this.#reason)
    return noRegistration
  }

  /**
   * An `AbortSignal` that aborts, with the token's reason, when the token is cancelled: the
   * bridge to `fetch`, `addEventListener` and every API that takes a signal. Created on first
   * read (already aborted if the token is already cancelled), then the same signal each time.
   * `CancellationToken.from(token.signal)` gives back `token` (so does linking to the signal).
   *
   * @example
   * ```ts
   * const response = await fetch(url, { signal: token.signal })
   * element.addEventListener('click', onClick, { signal: token.signal })
   * ```
   */
  get signal(): AbortSignal {
    let signal = this.#signal
    if (!signal) {
      if (this.#state === CANCELLED) {
        signal = AbortSignal.abort(this.#reason)
      } else {
        const controller = new AbortController()
        signal = controller.signal
        if (this.#state === ACTIVE) append(this, (reason) => controller.abort(reason))
      }
      this.#signal = signal
      // `from(token.signal)` (and linking to it) gives back this token rather than a second one
      // following the abort event, whose callbacks' errors would escape `cancel()` as uncaught.
      ;(signal as OwnedSignal)[OWN_TOKEN] = this
    }
    return signal
  }

  /**
   * A promise that resolves with the reason when the token is cancelled. It never rejects, so
   * creating it and never awaiting it is safe; for a token that can never be cancelled it stays
   * pending and holds on to nothing. (A thenable reason is wrapped in a `CancellationError`,
   * since a promise cannot resolve to a thenable.)
   *
   * @example
   * ```ts
   * const result = await Promise.race([work(), token.whenCancelled().then(() => 'cancelled' as const)])
   * ```
   */
  whenCancelled(): Promise<unknown> {
    return (this.#whenCancelled ??= new Promise((resolve) => {
      // A promise cannot resolve to a thenable (it would adopt it, and maybe reject).
      const settle = (reason: unknown): void => resolve(isThenable(reason) ? new CancellationError(reason) : reason)
      if (this.#state === CANCELLED) settle(this.#reason)
      else if (this.#state === ACTIVE) append(this, settle)
    }))
  }

  /**
   * A token that is already cancelled with `reason` (default: a new `CancellationError`).
   *
   * @example
   * ```ts
   * const token = CancellationToken.cancelled('not needed')
   * token.isCancelled // true
   * token.signal.aborted // true
   * ```
   */
  static cancelled(reason?: unknown): CancellationToken {
    const token = new CancellationToken()
    token.#state = CANCELLED
    token.#reason = reason === undefined ? new CancellationError() : reason
    return token
  }

  /**
   * The token for an `AbortSignal` (cancelled with `signal.reason` when the signal aborts, or
   * already cancelled if it already has), or the token itself. A signal always maps to the same
   * token, and its `token.signal` is that signal; a token's own `token.signal` maps to that token.
   *
   * @example
   * ```ts
   * const controller = new AbortController()
   * const token = CancellationToken.from(controller.signal)
   * controller.abort(new Error('stop'))
   * token.reason // Error: stop
   * ```
   */
  static from(source: CancellationToken | AbortSignal): CancellationToken {
    if (source instanceof CancellationToken) return source
    if (isAbortSignal(source)) return tokenFromSignal(source)
    if (isCancellationToken(source)) {
      // A token of another copy of this package: follow it through its public API.
      const token = new LinkedToken()
      linkToken(token, [source])
      // One that can never be cancelled gives one that can never be cancelled, as `any()` does.
      if (token.#state === ACTIVE && !token.#links) sealToken(token)
      return token
    }
    // Not a check (there is no token to give instead), so it throws in production too, where the
    // value is not described: that would keep describeValue in every app's bundle.
    const got = isDevelopment ? `, got ${describeValue(source)}` : ''
    throw new TypeError(`CancellationToken.from(source): expected an AbortSignal or a CancellationToken${got}`)
  }

  /**
   * A token cancelled as soon as any of `tokens` (tokens or signals) is, with that parent's
   * reason unchanged; already cancelled if one of them already is. Dispose it when the work is
   * done: that removes its registration from every parent, so linking a long-lived token any
   * number of times leaks nothing. It also unlinks itself when cancelled.
   *
   * @example
   * ```ts
   * using token = CancellationToken.any([appShutdown.token, request.signal])
   * await handle(request, token)
   * ```
   */
  static any(tokens: readonly (CancellationToken | AbortSignal)[]): DisposableCancellationToken {
    if (isDevelopment) checkParents(tokens, 'CancellationToken.any(tokens)', 'tokens')
    const token = new LinkedToken()
    linkToken(token, tokens)
    // No parent can ever cancel it, and it has no source: make that visible.
    if (token.#state === ACTIVE && !token.#links) sealToken(token)
    return token
  }

  /**
   * A token cancelled with a `TimeoutError` after `ms` milliseconds of `clock` time (default
   * {@link systemClock}). Dispose it to clear the timer early. `Infinity` never times out.
   *
   * @example
   * ```ts
   * using token = CancellationToken.timeout(5_000)
   * const response = await fetch(url, { signal: token.signal })
   * ```
   */
  static timeout(ms: number, options?: CancellationTimeoutOptions): DisposableCancellationToken {
    const clock = options?.clock ?? systemClock
    if (isDevelopment) {
      checkDelay(ms, 'CancellationToken.timeout(ms)')
      checkOptions(options, ['clock'], 'CancellationToken.timeout(ms, options)')
      if (options?.clock !== undefined) checkClock(clock, 'CancellationToken.timeout(ms, { clock })')
    }
    const token = new LinkedToken()
    if (ms === Infinity) sealToken(token)
    else scheduleTimeout(token, clock, ms)
    return token
  }

  static {
    const none = new CancellationToken()
    none.#state = SEALED
    Object.freeze(none)
    // `none` is read-only for users, not for its class.
    ;(CancellationToken as { none: CancellationToken }).none = none

    createToken = () => new CancellationToken()

    append = (token, target) => {
      const registration = new Registration(token, target)
      const tail = token.#tail
      if (tail) {
        tail.next = registration
        registration.prev = tail
      } else {
        token.#head = registration
      }
      token.#tail = registration
      return registration
    }

    const clearTimer = (token: CancellationToken): void => {
      const timer = token.#timer
      if (timer) {
        token.#timer = undefined
        timer.clock.clearTimeout(timer.handle)
      }
    }

    /** Removes our registrations from the parents and clears the timer. */
    const release = (token: CancellationToken): void => {
      const links = token.#links
      if (links) {
        token.#links = undefined
        if (Array.isArray(links)) for (const link of links) link.dispose()
        else links.dispose()
      }
      clearTimer(token)
    }

    /** Ends an active token (cancelled or sealed): releases it and detaches its list. */
    const end = (token: CancellationToken, state: State): Registration | null => {
      token.#state = state
      release(token)
      const head = token.#head
      token.#head = token.#tail = null
      return head
    }

    cancelToken = (token, reason, errors) => {
      if (token.#state !== ACTIVE) return errors
      token.#reason = reason
      // The list is detached and the state is CANCELLED, so a callback that disposes a later
      // registration only clears its `token` (it is skipped below) and cannot relink nodes.
      // A linked child is cancelled where its link stands (its callbacks before the parent's
      // next ones), with a stack of where to resume, not a recursion: a chain of 10,000 linked
      // tokens (`t = any([t, x])` in a loop) must not overflow the stack halfway through.
      let node = end(token, CANCELLED)
      let resume: (Registration | null)[] | undefined
      while (true) {
        while (node) {
          const next: Registration | null = node.next
          node.next = node.prev = null
          if (node.token) {
            const target = node.target as Target
            node.token = node.target = null
            if (typeof target !== 'function') {
              if (target.#state === ACTIVE) {
                target.#reason = reason
                ;(resume ??= []).push(next)
                node = end(target, CANCELLED)
                continue
              }
            } else {
              try {
                target(reason)
              } catch (error) {
                ;(errors ??= []).push(error)
              }
            }
          }
          node = next
        }
        if (resume === undefined || resume.length === 0) return errors
        node = resume.pop()!
      }
    }

    sealToken = (token) => {
      if (token.#state !== ACTIVE) return
      for (let node = end(token, SEALED); node; ) {
        const next = node.next
        node.token = node.target = node.next = node.prev = null
        node = next
      }
    }

    linkToken = (token, parents) => {
      let links: Link | Link[] | undefined
      for (const parent of parents) {
        const from = isAbortSignal(parent) ? tokenFromSignal(parent) : parent
        if (from.isCancelled) {
          // Already cancelled: take its reason and undo the links made so far.
          token.#links = links
          release(token)
          token.#state = CANCELLED
          token.#reason = from.reason
          return
        }
        let link: Link
        if (#state in from) {
          if (from.#state !== ACTIVE) continue
          link = append(from, token)
        } else {
          // A token of another copy of this package: follow it through its public API.
          const foreign: CancellationToken = from
          if (!foreign.canBeCancelled) continue
          link = foreign.onCancel((reason) => throwCallbackErrors(cancelToken(token, reason), 'linked token'))
        }
        if (!links) links = link
        else if (Array.isArray(links)) links.push(link)
        else links = [links, link]
      }
      token.#links = links
    }

    scheduleTimeout = (token, clock, ms) => {
      if (token.#state !== ACTIVE) return
      clearTimer(token)
      if (ms === Infinity) return
      const timer: { readonly clock: Clock; handle: unknown } = { clock, handle: undefined }
      token.#timer = timer
      timer.handle = clock.setTimeout(() => {
        if (token.#timer !== timer) return
        token.#timer = undefined
        throwCallbackErrors(cancelToken(token, new TimeoutError(ms)), `timeout after ${ms} ms`)
      }, ms)
    }

    tokenFromSignal = (signal) => {
      let token = (signal as OwnedSignal)[OWN_TOKEN] ?? signalTokens.get(signal)
      if (!token) {
        if (signal.aborted) {
          token = CancellationToken.cancelled(signal.reason)
        } else {
          const linked = (token = new CancellationToken())
          signal.addEventListener('abort', () => throwCallbackErrors(cancelToken(linked, signal.reason), 'AbortSignal abort'), {
            once: true,
          })
        }
        token.#signal = signal
        signalTokens.set(signal, token)
      }
      return token
    }

    removeRegistration = (registration) => {
      const token = registration.token as CancellationToken
      registration.token = registration.target = null
      if (token.#state !== ACTIVE) return
      const { prev, next } = registration
      if (prev) prev.next = next
      else token.#head = next
      if (next) next.prev = prev
      else token.#tail = prev
      registration.prev = registration.next = null
    }
  }
}

/** The token `any()`, `timeout()` and `from(foreignToken)` return: it owns its links. */
class LinkedToken extends CancellationToken implements DisposableCancellationToken {
  dispose(): void {
    sealToken(this)
  }

  [disposeSymbol](): void {
    sealToken(this)
  }
}

/**
 * Controls a {@link CancellationToken}: `cancel(reason)` cancels it, `cancelAfter(ms)` arms a
 * timeout, `dispose()` releases it. Optionally linked to parents (tokens or `AbortSignal`s):
 * it is cancelled, with the parent's reason, when any of them is.
 *
 * Cancelling runs the token's callbacks synchronously, in registration order, linked children
 * included. A callback that throws does not stop the others; after all have run, `cancel`
 * throws their errors together as one `AggregateError`. The first cancellation wins: later
 * `cancel` calls do nothing.
 *
 * Dispose a linked or timed source when its work is done (or declare it with `using`): that
 * removes its registrations from the parents and clears its timer.
 *
 * @example
 * ```ts
 * const source = new CancellationTokenSource({ parents: [appToken], timeoutMs: 30_000 })
 * try {
 *   await runJob(source.token)
 * } finally {
 *   source.dispose()
 * }
 *
 * // or, where `using` is available:
 * using job = new CancellationTokenSource({ parents: [appToken] })
 * stopButton.onclick = () => job.cancel('stopped by the user')
 * ```
 */
export class CancellationTokenSource implements Disposable {
  readonly #token: CancellationToken
  readonly #clock: Clock

  /**
   * Creates a source and its token, linked to `parents` and timed by `timeoutMs` when given. The
   * token is cancelled at once if one of `parents` already is.
   *
   * @param options - `parents`, `timeoutMs` and `clock`; see {@link CancellationTokenSourceOptions}
   */
  constructor(options?: CancellationTokenSourceOptions) {
    this.#token = createToken()
    this.#clock = systemClock
    if (options === undefined) return
    if (isDevelopment) checkOptions(options, ['parents', 'timeoutMs', 'clock'], 'new CancellationTokenSource(options)')
    const { parents, timeoutMs, clock } = options
    if (isDevelopment) {
      if (parents !== undefined) checkParents(parents, 'CancellationTokenSource({ parents })', 'parents')
      if (timeoutMs !== undefined) checkDelay(timeoutMs, 'CancellationTokenSource({ timeoutMs })')
      if (clock !== undefined) checkClock(clock, 'CancellationTokenSource({ clock })')
    }
    if (clock !== undefined) this.#clock = clock
    if (parents !== undefined && parents.length > 0) linkToken(this.#token, parents)
    if (timeoutMs !== undefined) scheduleTimeout(this.#token, this.#clock, timeoutMs)
  }

  /**
   * The token this source controls; hand it to the code that does the work.
   *
   * @example
   * ```ts
   * const source = new CancellationTokenSource()
   * startWork(source.token)
   * ```
   */
  get token(): CancellationToken {
    return this.#token
  }

  /**
   * Cancels the token with `reason` (default: a new `CancellationError`) and runs its callbacks.
   * Does nothing if already cancelled (the first reason wins) or disposed. Throws an
   * `AggregateError` of the callbacks' errors if any callback threw, after all have run.
   *
   * @example
   * ```ts
   * source.cancel() // reason: CancellationError('Operation was cancelled')
   * source.cancel(new Error('later')) // no effect: already cancelled
   * ```
   */
  cancel(reason?: unknown): void {
    const token = this.#token
    if (token.isCancelled || !token.canBeCancelled) return
    throwCallbackErrors(
      cancelToken(token, reason === undefined ? new CancellationError() : reason),
      'CancellationTokenSource.cancel(reason)',
    )
  }

  /**
   * Cancels with a `TimeoutError` after `ms` milliseconds of the source's clock, replacing a
   * timeout set before (`timeoutMs` or an earlier `cancelAfter`). `Infinity` removes the timeout.
   * Does nothing once cancelled or disposed.
   *
   * @example
   * ```ts
   * const source = new CancellationTokenSource()
   * source.cancelAfter(5_000)
   * onProgress(() => source.cancelAfter(5_000)) // an idle timeout
   * ```
   */
  cancelAfter(ms: number): void {
    if (isDevelopment) checkDelay(ms, 'CancellationTokenSource.cancelAfter(ms)')
    scheduleTimeout(this.#token, this.#clock, ms)
  }

  /**
   * Releases the source: removes its registrations from the parents and clears its timer. If
   * the token was not cancelled, it never will be (`canBeCancelled` becomes false, `cancel()`
   * does nothing, its callbacks are dropped). Safe to call more than once.
   *
   * @example
   * ```ts
   * const source = new CancellationTokenSource({ parents: [appToken] })
   * try {
   *   await work(source.token)
   * } finally {
   *   source.dispose()
   * }
   * ```
   */
  dispose(): void {
    sealToken(this.#token)
  }

  /**
   * Same as `dispose()`, for `using`.
   *
   * @example
   * ```ts
   * using source = new CancellationTokenSource({ parents: [appToken] })
   * ```
   */
  [disposeSymbol](): void {
    sealToken(this.#token)
  }
}

/**
 * True for a `CancellationToken`, including one from another copy of this package (checked by
 * shape: `isCancelled`, `canBeCancelled`, `onCancel`, `throwIfCancelled`).
 *
 * @example
 * ```ts
 * function toToken(value: CancellationToken | AbortSignal | undefined): CancellationToken {
 *   if (value === undefined) return CancellationToken.none
 *   return isCancellationToken(value) ? value : CancellationToken.from(value)
 * }
 * ```
 */
export function isCancellationToken(value: unknown): value is CancellationToken {
  return (
    value instanceof CancellationToken ||
    hasShape(value, { isCancelled: 'boolean', canBeCancelled: 'boolean', onCancel: 'function', throwIfCancelled: 'function' })
  )
}

function checkParents(value: unknown, api: string, name: string): asserts value is readonly Parent[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`${api}: expected an array of CancellationToken or AbortSignal, got ${describeValue(value)}`)
  }
  for (let index = 0; index < value.length; index++) {
    const parent: unknown = value[index]
    if (!isCancellationToken(parent) && !isAbortSignal(parent)) {
      throw new TypeError(`${api}: ${name}[${index}] is neither a CancellationToken nor an AbortSignal, got ${describeValue(parent)}`)
    }
  }
}

function throwCallbackErrors(errors: unknown[] | undefined, during: string): void {
  if (errors) {
    throw new AggregateError(
      errors,
      `${during}: ${errors.length} cancellation callback${errors.length === 1 ? '' : 's'} threw (see .errors)`,
    )
  }
}

function isThenable(value: unknown): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false
  try {
    return typeof (value as { then?: unknown }).then === 'function'
  } catch {
    // A `then` that cannot be read (a throwing getter, a revoked Proxy) would make resolving with
    // the value reject: it is treated as a thenable, and wrapped.
    return true
  }
}
