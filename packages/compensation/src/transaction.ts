/**
 * `transaction(name, body, options?)`: runs `body(tx)` so that, if it fails or its task is
 * cancelled, every step it completed is undone in reverse order of start, exactly once.
 */
import { all, call, cancellationToken, getContext, race, setContext } from '@sagaflow/core'
import type { CallEffect, Effect, EffectResult, RetryPolicy, Task } from '@sagaflow/core'
import type { EventEmitter } from 'eventemitter3'
import { nanoid } from 'nanoid'
import { CancellationError } from '@sagaflow/cancellation'
import { isStep, type Step, type StepContext, type StepResult, type StepReturn } from './define-step.js'
import { CompensationError } from './errors.js'
import { TRANSACTION_OBSERVER, type TransactionEvents, type TransactionObserver } from './events.js'
import { memoryJournal, type Journal, type JournalRecord } from './journal.js'
import { internal, internalFn, isGeneratorFunction } from './internal/marks.js'
import { cancelledWhileWaiting, isEffect, named, uninterruptible } from './internal/operations.js'
import { checkKeys, checkMs, checkRetryPolicy, describeValue, NO_RETRY } from './internal/retry.js'
import {
  appendRecord,
  BRANCHES,
  BranchScope,
  CURRENT_TRANSACTION,
  endRunning,
  markRunning,
  runningName,
  TxRuntime,
  type Entry,
  type Invocation,
  type UndoPlan,
} from './internal/runtime.js'
import { recordError } from './internal/serialize.js'
import { runStep, type StepSpec } from './internal/step.js'
import { finish, undoNow, type Ending, type ParentLink, type Settled } from './internal/undo.js'

/**
 * Options of {@link transaction}.
 *
 * @example
 * ```ts
 * yield* transaction('book-trip', body, { journal: fileJournal('./journal.jsonl'), compensationRetry: { maxAttempts: 5, delayMs: 1_000 } })
 * ```
 */
export interface TransactionOptions {
  /** Where progress is recorded (default: a fresh `memoryJournal()`; a nested transaction uses its outer transaction's). */
  readonly journal?: Journal | undefined
  /** The transaction id (default: a `nanoid()`). Must not be in the journal already, nor be the id of a transaction running on it. */
  readonly id?: string | undefined
  /** Retry policy of compensations whose step has no `compensationRetry` (default: one attempt). */
  readonly compensationRetry?: RetryPolicy | undefined
  /** The worker running the transaction, recorded for journals shared by several workers (leases). */
  readonly workerId?: string | undefined
}

/**
 * The input arguments of `tx.run(step, ...)`: the input is optional when the step accepts `undefined`.
 *
 * @example
 * ```ts
 * type A = StepInput<FlightRequest> // [input: FlightRequest]
 * type B = StepInput<unknown> // [input?: unknown]
 * ```
 */
export type StepInput<I> = undefined extends I ? [input?: I] : [input: I]

/**
 * The work of an inline step (`tx.step`, `tx.pivot`): an effect, or a function of the
 * {@link StepContext} returning a value, a promise, a saga or an effect (called again for each
 * retry). A generator object can run only once (no retry).
 *
 * @example
 * ```ts
 * const a: StepOperation<void> = call(sendMail, email)
 * const b: StepOperation<Receipt> = ({ idempotencyKey }) => psp.charge(amount, idempotencyKey)
 * ```
 */
export type StepOperation<R> = Effect<string, any, R> | Iterator<any, R, any> | ((context: StepContext) => StepReturn<R>)

/**
 * Options of an inline step (`tx.step(name, operation, options)`).
 *
 * @example
 * ```ts
 * yield* tx.step('notify', call(sendMail, email), { compensate: () => call(sendSorry, email), retry: { maxAttempts: 3 } })
 * ```
 */
export interface InlineStepOptions<R> {
  /** Undoes the step, given its result. May return a value, a promise, a saga or an effect. */
  readonly compensate?: ((result: R, context: StepContext) => unknown) | undefined
  /** Retry policy of the step (default: one attempt). */
  readonly retry?: RetryPolicy | undefined
  /** Time limit of each attempt, in ms on the saga's clock (`TimeoutError` past it). */
  readonly timeoutMs?: number | undefined
  /** Retry policy of `compensate`. */
  readonly compensationRetry?: RetryPolicy | undefined
}

/**
 * The handle a transaction body receives. Every method returns an effect to `yield*` (typed) or
 * `yield`.
 *
 * @example
 * ```ts
 * yield* transaction('book-trip', function* (tx) {
 *   const flight = yield* tx.run(reserveFlight, details.flight)
 *   const [hotel, car] = yield* tx.all([tx.run(reserveHotel, details.hotel), tx.run(reserveCar, details.car)])
 *   yield* tx.step('notify', call(sendMail, details.email), { compensate: () => call(sendSorry, details.email) })
 *   const payment = yield* tx.pivot(chargePayment, { ...details.payment, key: tx.idempotencyKey('charge-payment') })
 *   yield* tx.run(issueTickets, flight)
 *   return { flight, hotel, car, payment }
 * })
 * ```
 */
export interface Transaction {
  /** Globally unique id (a nanoid unless `options.id` was given); the journal's key. */
  readonly id: string
  /** The name given to `transaction(name, ...)`. */
  readonly name: string
  /**
   * The attempt number (1, 2, ...) of the step attempt running now: 2 during the first retry.
   * 1 when no step is retrying. With steps running in parallel, read `context.attempt` in the
   * step instead.
   */
  readonly attempt: number
  /** Lifecycle events of this transaction (eventemitter3): `tx.events.on('compensation:completed', (e) => ...)`. */
  readonly events: EventEmitter<TransactionEvents>
  /** Runs a `defineStep` step with `input`; resolves to its result. Undone (if it has a `compensate`) when the transaction fails. */
  run<I, O>(step: Step<I, O>, ...input: StepInput<I>): CallEffect<O>
  /** Runs an inline step: `operation` does the work, `options.compensate` undoes it. Not recoverable after a crash unless `recover` gets a `defineStep` of the same name. */
  step<R>(name: string, operation: StepOperation<R>, options?: InlineStepOptions<NoInfer<R>>): CallEffect<R>
  /**
   * Registers an undo on its own (for work the body did itself): it runs, in reverse order with
   * the steps, if the transaction fails. Registered when called; yield the effect to also record
   * it in the journal (what `recover` needs).
   */
  compensate(name: string, undo: Effect | ((context: StepContext) => unknown)): CallEffect<void>
  /**
   * Runs the pivot: the point of no return. Until it completes, a failure rolls back; once it
   * has, nothing is undone any more: later steps are retried by their policy and, if they still
   * fail, the transaction ends with `TransactionStuckError` and stays open for `recover`.
   *
   * This form runs a `defineStep` step, as `tx.run` does. The pivot itself is never undone, so
   * its `compensate` is not called. A pivot that fails (after its retries) leaves the transaction
   * reversible: if the error escapes the body, the transaction rolls back as usual.
   *
   * @typeParam I - The step's input.
   * @typeParam O - The step's result, which the effect resolves to.
   */
  pivot<I, O>(step: Step<I, O>, ...input: StepInput<I>): CallEffect<O>
  /**
   * Runs an inline step as the pivot, as `tx.step(name, operation, options)` does: once it
   * completes, nothing of the transaction is undone any more. `options.compensate` is never
   * called; `options.retry` and `options.timeoutMs` apply. A pivot that fails (after its retries)
   * leaves the transaction reversible, as in the other form. If the process dies while it runs,
   * `recover` can redo it only through a `defineStep` of the same name.
   *
   * @typeParam R - What the operation resolves to, and so the effect.
   */
  pivot<R>(name: string, operation: StepOperation<R>, options?: InlineStepOptions<NoInfer<R>>): CallEffect<R>
  /** `all` for steps: runs them in parallel, fails fast; only the branches that completed are undone. */
  readonly all: typeof all
  /**
   * `race` for steps: the first to settle wins; the completed steps of the losing branches (and the
   * transactions nested in them, which roll back when cancelled) are undone before it resumes, and
   * the steps they left running are recorded as abandoned (`recover` never runs them again).
   *
   * @typeParam T - The array of effects (usually `tx.run(...)` / `tx.step(...)`); the result has the winner's value at its index, `undefined` elsewhere.
   */
  race<T extends readonly unknown[] | []>(effects: T): CallEffect<{ -readonly [K in keyof T]: EffectResult<T[K]> | undefined }>
  /**
   * `race` for steps, with named branches: resolves to an object holding the winner's key. Once
   * a branch wins, the steps the other branches completed are undone at once (before the body
   * goes on), not at rollback. If a branch throws, the others are cancelled, what every branch
   * completed is undone, and the error is rethrown (a `CompensationError` if an undo failed).
   *
   * @typeParam T - The object of effects, one per branch.
   */
  race<T extends Record<string, unknown>>(effects: T): CallEffect<{ [K in keyof T]?: EffectResult<T[K]> }>
  /** A key for `step` that is the same across retries and across `recover`: `${tx.id}:${step}`. */
  idempotencyKey(step: string): string
}

/**
 * An effect that runs `body(tx)` as a transaction and resolves to the body's result.
 *
 * - When the body throws, or the task running the transaction is cancelled (`cancel`, `halt`, a
 *   lost `race`, `takeLatest`...), the compensations of every completed step run in reverse
 *   order of the steps' start, each once, in a region that cancellation cannot cut short
 *   (`halt(task)` resumes after the undo). The transaction then ends with
 *   `TransactionAbortedError` (`cause`: the original error or the cancellation reason), or with
 *   `CompensationError` if a compensation still failed after its retries.
 * - After `tx.pivot(...)` has completed, nothing is undone: a later failure ends the transaction
 *   with `TransactionStuckError`, open in the journal for `recover`.
 * - A transaction run inside another one's body is nested: once committed, it is one step of the
 *   outer transaction, undone as a unit (its own steps in reverse) if the outer one fails.
 * - Every step start, result, failure and compensation is recorded in `options.journal` before
 *   the transaction goes on.
 *
 * @example
 * ```ts
 * function* bookTrip(details: TripRequest) {
 *   return yield* transaction('book-trip', function* (tx) {
 *     const flight = yield* tx.run(reserveFlight, details.flight)
 *     const [hotel, car] = yield* tx.all([tx.run(reserveHotel, details.hotel), tx.run(reserveCar, details.car)])
 *     const payment = yield* tx.pivot(chargePayment, details.payment)
 *     yield* tx.run(issueTickets, flight)
 *     return { flight, hotel, car, payment }
 *   }, { journal })
 * }
 * ```
 */
export function transaction<R>(name: string, body: (tx: Transaction) => R, options: TransactionOptions = {}): CallEffect<StepResult<R>> {
  const api = `transaction(${typeof name === 'string' && name !== '' ? JSON.stringify(name) : 'name'}, body, options)`
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`${api}: name must be a non-empty string naming the transaction, got ${describeValue(name)}`)
  }
  if (typeof body !== 'function') throw new TypeError(`${api}: body must be a function (tx) => ... (usually a generator function), got ${describeValue(body)}`)
  if (options === null || typeof options !== 'object') throw new TypeError(`${api}: options must be an object, got ${describeValue(options)}`)
  checkKeys(api, 'options', options, ['journal', 'id', 'compensationRetry', 'workerId'])
  const { journal, id, compensationRetry, workerId } = options
  if (journal !== undefined && !isJournal(journal)) {
    throw new TypeError(`${api}: options.journal must be a Journal (memoryJournal(), fileJournal(path), ...) with append, read and unfinished, got ${describeValue(journal)}`)
  }
  if (id !== undefined && (typeof id !== 'string' || id === '')) throw new TypeError(`${api}: options.id must be a non-empty string, got ${describeValue(id)}`)
  if (workerId !== undefined && typeof workerId !== 'string') throw new TypeError(`${api}: options.workerId must be a string, got ${describeValue(workerId)}`)
  checkRetryPolicy(api, 'options.compensationRetry', compensationRetry)
  return internal(call(named(`transaction(${name})`, runTransaction), name, body, options)) as CallEffect<StepResult<R>>
}

function isJournal(value: unknown): value is Journal {
  const journal = value as Journal
  return typeof journal === 'object' && journal !== null && typeof journal.append === 'function' && typeof journal.read === 'function' && typeof journal.unfinished === 'function'
}

function readRecords(journal: Journal, id: string): Promise<readonly JournalRecord[]> {
  return journal.read(id)
}
internalFn(readRecords)

function* runTransaction(name: string, body: (tx: Transaction) => unknown, options: TransactionOptions): Generator<unknown, unknown, any> {
  const api = `transaction(${JSON.stringify(name)}, body, options)`
  const parent = ((yield internal(getContext(CURRENT_TRANSACTION))) ?? undefined) as TxRuntime | undefined
  const observer = (yield internal(getContext(TRANSACTION_OBSERVER))) as TransactionObserver | undefined
  const scopes = (yield internal(getContext(BRANCHES))) as BranchScope[] | undefined
  if (parent && options.journal !== undefined && options.journal !== parent.journal) {
    throw new Error(
      `${api}: a transaction nested in "${parent.name}" is recorded in the outer transaction's journal (recover undoes it as a unit from there); leave options.journal out`,
    )
  }
  const journal = options.journal ?? parent?.journal ?? memoryJournal()
  const id = options.id ?? nanoid()
  if (options.id !== undefined && ((yield internal(call(readRecords, journal, id))) as readonly JournalRecord[]).length > 0) {
    throw new Error(`${api}: the journal already has a transaction with id "${id}"; ids must be unique (leave options.id out to get a nanoid)`)
  }
  // One started meanwhile (its first record may not be written yet) is running: checked after the
  // read, synchronously with markRunning below, so two transactions started together with one id
  // cannot both pass.
  if (options.id !== undefined && runningName(journal, id) !== undefined) {
    throw new Error(`${api}: a transaction with id "${id}" is already running on this journal; ids must be unique (leave options.id out to get a nanoid)`)
  }
  const parentIndex = parent ? parent.claim(api, name) : -1
  const runtime = new TxRuntime(id, name, journal, observer, false, options.compensationRetry ?? parent?.compensationRetry ?? NO_RETRY)
  runtime.parent = parent
  const link: ParentLink | undefined = parent ? { runtime: parent, step: name } : undefined
  // The ending is awaited by the outer transaction before it ends, and by a tx.race of it that
  // this one runs a branch of, should that branch lose before this one's outcome reaches it.
  // Until that outcome reaches the body, its failures are theirs to report (see `endings`).
  const raceScopes = scopes?.filter((scope) => scope.runtime === parent) ?? []
  const reporters: { endings: readonly Task[] }[] = parent ? [parent, ...raceScopes] : []
  let finishing: Task | undefined
  const onFinishing = (task: Task) => {
    finishing = task
    parent?.pending.push(task)
    for (const reporter of reporters) reporter.endings = [...reporter.endings, task]
  }
  // Until it ends (committed, rolled back, stuck or cancelled), and a nested one until its
  // outermost transaction ends, recover() leaves it alone.
  let root: TxRuntime = runtime
  while (root.parent !== undefined) root = root.parent
  markRunning(journal, id, name, root.id)
  try {
    yield internal(setContext({ [CURRENT_TRANSACTION]: runtime }))
    let ending: Ending | undefined
    try {
      if (parent) {
        parent.emit({ type: 'step:started', step: name, input: undefined, pivot: false })
        const payload = { index: parentIndex, input: null, pivot: false, inline: false, compensable: !parent.pivoted, transaction: id }
        yield internal(call(appendRecord, parent.journal, parent.record({ kind: 'step:started', step: name, payload })))
      }
      const started = {
        name,
        ...(parent ? { parent: { transactionId: parent.id, step: name } } : {}),
        ...(options.workerId !== undefined ? { workerId: options.workerId } : {}),
      }
      yield internal(call(appendRecord, journal, runtime.record({ kind: 'transaction:started', payload: started })))
      // An inline body (no name of its own) is shown as `body`, not `anonymous`. The call is the
      // package's; what the body yields is the user's.
      let result = yield internal(call(body.name === '' ? named('body', body) : body, createTransactionApi(runtime)))
      // A plain-function body that returns an effect (`(tx) => tx.run(step, input)`) has that
      // effect run, as a step's function does (and as the result's type says). A saga body's
      // return value is its result, whatever it is, as for any called saga.
      if (!isGeneratorFunction(body) && isEffect(result)) result = yield result
      ending = { status: 'ok', result }
      // Synchronously with the body's return: from here on the outer transaction undoes this one as
      // a unit (unless a pivot, this one's included, made the outer one irreversible).
      if (parent && !parent.pivoted) parent.register({ name, index: parentIndex, plan: undefined, unit: runtime, state: 'done' }, scopes)
    } catch (error) {
      ending = { status: 'error', error }
    } finally {
      if (ending === undefined) {
        // The task is being cancelled: end the transaction in its cleanup.
        const token = (yield internal(cancellationToken())) as { reason: unknown }
        yield* uninterruptible(named(`rollback(${name})`, finish), [runtime, { status: 'cancelled', reason: token.reason }, link], onFinishing)
      }
    }
    const ends = ending.status === 'ok' ? 'commit' : 'rollback'
    const settled = (yield* uninterruptible(named(`${ends}(${name})`, finish), [runtime, ending, link], onFinishing)) as Settled
    // Cancelled while committing or rolling back: that finished first (it cannot be cut short);
    // end as the cancelled task does, with no result and nothing thrown.
    if (cancelledWhileWaiting(settled)) return undefined as never
    // The outcome reaches the body from here: the outer transaction, and a race whose branch this
    // is, have nothing to report.
    for (const reporter of reporters) reporter.endings = reporter.endings.filter((task) => task !== finishing)
    if (settled.ok) return settled.value
    throw settled.error
  } finally {
    if (parent === undefined) endRunning(journal, id)
  }
}

function createTransactionApi(runtime: TxRuntime): Transaction {
  const runDefined = (api: string, step: unknown, input: unknown, pivot: boolean): CallEffect<any> =>
    stepEffect(runtime, definedStepSpec(runtime, api, step, input, pivot))
  const runInline = (api: string, name: unknown, operation: unknown, options: unknown, pivot: boolean): CallEffect<any> =>
    stepEffect(runtime, inlineStepSpec(runtime, api, name, operation, options, pivot))
  const tx: Transaction = {
    id: runtime.id,
    name: runtime.name,
    get attempt() {
      return runtime.attempt
    },
    events: runtime.events,
    run: (step: unknown, ...input: unknown[]) => runDefined('tx.run', step, input[0], false),
    step: (name: string, operation: unknown, options?: unknown) => runInline('tx.step', name, operation, options, false),
    compensate: (name: string, undo: unknown) => {
      // Checked before the name is put in the task's name (a symbol would throw there first).
      const spec = undoSpec(runtime, name, undo)
      return internal(call(named(`register(${spec[1]})`, journalUndo), runtime, registerUndo(runtime, ...spec)))
    },
    pivot: (stepOrName: unknown, ...rest: unknown[]) =>
      typeof stepOrName === 'string' ? runInline('tx.pivot', stepOrName, rest[0], rest[1], true) : runDefined('tx.pivot', stepOrName, rest[0], true),
    all,
    race: (effects: any) => {
      if (effects === null || typeof effects !== 'object') {
        throw new TypeError(`tx.race(effects): effects must be an array or an object of steps, e.g. tx.race({ a: tx.run(stepA), b: tx.run(stepB) }), got ${describeValue(effects)}`)
      }
      if (Object.keys(effects).length === 0) {
        throw new TypeError(`tx.race(effects): effects is empty (${describeValue(effects)}), and a race of nothing never settles; pass at least one step`)
      }
      return internal(call(named('race', runRace), runtime, effects))
    },
    idempotencyKey: (step: string) => {
      if (typeof step !== 'string' || step === '') {
        throw new TypeError(`tx.idempotencyKey(step): step must be a non-empty step name, the name given to tx.run / tx.step, got ${describeValue(step)}`)
      }
      return runtime.idempotencyKey(step)
    },
  } as Transaction
  return Object.freeze(tx)
}

/** The step's task, named after it: `step(reserve-flight)`, `pivot(charge-card)`. */
function stepEffect(runtime: TxRuntime, spec: StepSpec): CallEffect<any> {
  return internal(call(named(`${spec.pivot ? 'pivot' : 'step'}(${spec.name})`, runStep), runtime, spec))
}

function definedStepSpec(runtime: TxRuntime, method: string, step: unknown, input: unknown, pivot: boolean): StepSpec {
  if (!isStep(step)) {
    throw new TypeError(
      `${method}(step, input): step must be made by defineStep(name, { run, compensate }), got ${describeValue(step)}; for an ad-hoc step use tx.step(name, effect, { compensate })`,
    )
  }
  const { name, run, compensate, retry, timeoutMs, compensationRetry } = step
  return {
    api: `${method}(${JSON.stringify(name)})`,
    name,
    input,
    inline: false,
    pivot,
    invoke: (context) => ({ fn: run, args: [input, context] }),
    retry: retry ?? NO_RETRY,
    timeoutMs,
    undo:
      compensate === undefined
        ? undefined
        : (result) => ({
            invoke: (context) => ({ fn: compensate, args: [result, input, context] }),
            retry: compensationRetry ?? runtime.compensationRetry,
          }),
  }
}

function inlineStepSpec(runtime: TxRuntime, method: string, name: unknown, operation: unknown, options: unknown, pivot: boolean): StepSpec {
  const api = `${method}(${typeof name === 'string' && name !== '' ? JSON.stringify(name) : 'name'}, operation, options)`
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`${api}: the step has no name; pass a non-empty string as the first argument, got ${describeValue(name)}`)
  }
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError(`${api}: options must be an object { compensate?, retry?, timeoutMs?, compensationRetry? }, got ${describeValue(options)}`)
  }
  if (options !== undefined) checkKeys(api, 'options', options, ['compensate', 'retry', 'timeoutMs', 'compensationRetry'])
  const { compensate, retry, timeoutMs, compensationRetry } = (options ?? {}) as InlineStepOptions<unknown>
  if (compensate !== undefined && typeof compensate !== 'function') {
    throw new TypeError(
      `${api}: the compensate of step "${name}" is not a function (got ${describeValue(compensate)}); pass a function (result) => undo, e.g. () => call(sendSorry, email)`,
    )
  }
  checkRetryPolicy(api, 'options.retry', retry)
  checkRetryPolicy(api, 'options.compensationRetry', compensationRetry)
  if (timeoutMs !== undefined) checkMs(api, 'options.timeoutMs', timeoutMs)
  const policy = retry ?? NO_RETRY
  return {
    api,
    name,
    input: null,
    inline: true,
    pivot,
    invoke: operationInvoker(api, name, operation, policy),
    retry: policy,
    timeoutMs,
    undo:
      compensate === undefined
        ? undefined
        : (result) => ({
            invoke: (context) => ({ fn: compensate, args: [result, context] }),
            retry: compensationRetry ?? runtime.compensationRetry,
          }),
  }
}

function operationInvoker(api: string, name: string, operation: unknown, retry: RetryPolicy): (context: StepContext) => Invocation {
  if (typeof operation === 'function') return (context) => ({ fn: operation as (...args: any[]) => unknown, args: [context] })
  if (isEffect(operation)) return () => ({ effect: operation })
  if (isIterator(operation)) {
    if (retry.maxAttempts > 1) {
      throw new TypeError(`${api}: step "${name}" is a generator object, which can run only once; pass a function (context) => saga() to retry it`)
    }
    return () => ({ effect: operation })
  }
  throw new TypeError(`${api}: the operation of step "${name}" must be an effect or a function (context) => result, got ${describeValue(operation)}`)
}

function isIterator(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Iterator<unknown>).next === 'function' && typeof (value as Iterator<unknown>).throw === 'function'
}

function undoSpec(runtime: TxRuntime, name: unknown, undo: unknown): [string, string, UndoPlan] {
  const api = `tx.compensate(${typeof name === 'string' && name !== '' ? JSON.stringify(name) : 'name'}, undo)`
  if (typeof name !== 'string' || name.trim() === '') {
    throw new TypeError(`${api}: the compensation has no name; pass a non-empty string as the first argument, got ${describeValue(name)}`)
  }
  let invoke: (context: StepContext) => Invocation
  if (typeof undo === 'function') invoke = (context) => ({ fn: undo as (...args: any[]) => unknown, args: [context] })
  else if (isEffect(undo)) invoke = () => ({ effect: undo })
  else throw new TypeError(`${api}: undo must be an effect or a function (context) => undo, got ${describeValue(undo)}`)
  return [api, name, { invoke, retry: runtime.compensationRetry }]
}

/**
 * `tx.compensate` registers the undo when it is called (so forgetting to yield it still undoes),
 * and journals it when its effect runs (only a journalled undo is known to `recover`).
 */
function registerUndo(runtime: TxRuntime, api: string, name: string, plan: UndoPlan): Entry {
  if (runtime.pivoted) {
    throw new Error(`${api}: transaction "${runtime.name}" has passed its pivot, after which nothing is undone; register compensations before tx.pivot(...)`)
  }
  const index = runtime.claim(api, name)
  const entry: Entry = { name, index, plan, unit: undefined, state: 'done' }
  runtime.register(entry, undefined)
  runtime.emit({ type: 'step:started', step: name, input: undefined, pivot: false })
  runtime.emit({ type: 'step:completed', step: name, result: undefined })
  return entry
}

function* journalUndo(runtime: TxRuntime, entry: Entry): Generator<unknown, void, any> {
  if (journalled.has(entry)) return
  journalled.add(entry)
  const scopes = (yield internal(getContext(BRANCHES))) as BranchScope[] | undefined
  if (scopes) for (const scope of scopes) if (scope.runtime === runtime) scope.entries.push(entry)
  const payload = { index: entry.index, input: null, pivot: false, inline: true, compensable: true }
  yield internal(call(appendRecord, runtime.journal, runtime.record({ kind: 'step:started', step: entry.name, payload })))
  yield internal(call(appendRecord, runtime.journal, runtime.record({ kind: 'step:completed', step: entry.name, payload: { result: null } })))
}

const journalled = new WeakSet<Entry>()

function* runBranch(scopes: BranchScope[], scope: BranchScope, effect: unknown): Generator<unknown, unknown, any> {
  yield internal(setContext({ [BRANCHES]: scopes }))
  const value = yield effect
  scope.won = true
  return value
}

function* runRace(runtime: TxRuntime, effects: Record<string, unknown> | unknown[]): Generator<unknown, unknown, any> {
  const outer = ((yield internal(getContext(BRANCHES))) ?? []) as BranchScope[]
  const keys = Object.keys(effects)
  const scopes = keys.map(() => new BranchScope(runtime))
  const branch = (key: string, i: number) =>
    internal(call(named(`branch(${key})`, runBranch), [...outer, scopes[i]!], scopes[i]!, (effects as Record<string, unknown>)[key]))
  const wrapped = Array.isArray(effects) ? keys.map(branch) : Object.fromEntries(keys.map((key, i) => [key, branch(key, i)]))
  let result: unknown
  try {
    result = yield internal(race(wrapped as any))
  } catch (error) {
    // A branch failed: every other branch was cancelled, and none won. What they (and the failed
    // branch) completed is undone now, as for losers, not left to a rollback that a body catching
    // the error would never run.
    // (Cancelled while undoing them: return, the cancellation goes on.)
    yield* abandonLosers(runtime, scopes)
    if (yield* undoLosers(runtime, scopes, error)) return undefined
    throw error
  }
  yield* abandonLosers(runtime, scopes)
  if (yield* undoLosers(runtime, scopes, undefined)) return undefined
  return result
}

/**
 * Records, as abandoned, the steps that the losing branches of a tx.race left unsettled (the race
 * cancelled them, after a branch won or failed): a final `step:failed` with `abandoned: true`,
 * and its event. Without it the journal shows them started and never finished, and `recover`,
 * past a pivot, would run again a branch that lost.
 */
function* abandonLosers(runtime: TxRuntime, scopes: readonly BranchScope[]): Generator<unknown, void, any> {
  for (const scope of scopes) {
    if (scope.won) continue
    for (const [step, progress] of scope.running) {
      if (progress.settled) continue
      progress.settled = true
      const { attempt } = progress
      const error = new CancellationError(undefined, `step "${step}" of transaction "${runtime.name}" was cancelled: its branch lost the tx.race`)
      runtime.emit({ type: 'step:failed', step, error, attempt, willRetry: false })
      const payload = { error: recordError(error), attempt, final: true, abandoned: true }
      yield internal(call(appendRecord, runtime.journal, runtime.record({ kind: 'step:failed', step, payload })))
    }
    scope.running.clear()
  }
}

/**
 * Undoes, at once, the steps completed by the branches of a tx.race that did not win, after the
 * rollbacks of the transactions nested in them that their cancellation started (a rollback that
 * fails counts as a failed undo of theirs). True when the task was cancelled meanwhile (see
 * cancelledWhileWaiting): the undo has ended, and the caller must return.
 */
function* undoLosers(runtime: TxRuntime, scopes: readonly BranchScope[], raceError: unknown): Generator<unknown, boolean, any> {
  const losing = scopes.filter((scope) => !scope.won)
  const losers = losing.flatMap((scope) => scope.entries)
  const endings = losing.flatMap((scope) => scope.endings)
  if (endings.length === 0 && !losers.some((entry) => entry.state === 'done')) return false
  const outcome = yield* uninterruptible(named('rollback(losers)', undoNow), [runtime, losers, endings], (task) => runtime.pending.push(task))
  if (cancelledWhileWaiting(outcome)) return true
  if (outcome.failures.length > 0) {
    throw new CompensationError({
      transactionId: runtime.id,
      transaction: runtime.name,
      cause: raceError ?? new Error(`tx.race: undoing the completed steps of the losing branches of transaction "${runtime.name}" failed`),
      compensated: outcome.compensated,
      failures: outcome.failures,
    })
  }
  return false
}
