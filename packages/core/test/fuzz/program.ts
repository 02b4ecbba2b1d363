/*
 * Random saga programs for the differential fuzzer (issue #9): a small AST, a seeded generator,
 * a printer (for counterexamples) and one-step simplifications (for shrinking).
 *
 * A program is a list of saga functions `f0..fn` (f0 is the root; `fi` only calls, forks or
 * watches `fj` with j > i, so recursion always ends), an external script (store dispatches,
 * timer advances, cancelling the root) and run options (Redux middleware or `runSaga`, with or
 * without a SagaMonitor and an effect middleware). Every node has a numeric id, unique in the
 * program: logs name nodes by id, and `join` / `cancel` / `take(channel)` refer to the task or
 * channel most recently made by a `fork` / `actionChannel` node (any of TASK_MAKERS /
 * CHANNEL_MAKERS).
 *
 * The kinds after `inspect` in EXPR_WEIGHTS were added to reach rarer API forms (pattern arrays
 * mixing strings and predicates, channel() / multicastChannel() with every buffer, call / cps /
 * fork with a context, dispatch returning a promise for putResolve, thenables, root sagas started
 * from a saga, ...) with small weights. `take(multicastChannel)` without a pattern (takeChan,
 * helpers, closingTaker) was left out while sagaflow differed there on purpose; since the twelfth
 * performance round it throws at the put as the reference does, and is generated.
 *
 * A second round widened the shapes with small weights: combinators three levels deep (and the
 * fixed race > all > race of `nested`), a called sub-saga racing a delay or a take (`raceSaga`), a
 * race / all whose first child settles synchronously (`syncRace`), actionChannel as a combinator
 * child, two forks followed by a join / cancel of one (`forkPair`), `finally` blocks that end by
 * throwing, yielding a failing effect, putting (END too) or taking, and more effect middlewares
 * (Options.effectMiddleware, mwChain).
 *
 * A third round added fixed statement shapes (`shape`, small weight): chains of forked takers
 * that put again (putResolve too), actionChannel / channel() taken by forked takers or a helper,
 * then flushed, closed or sent END and taken after that, a retry cancelled mid-delay, and a race
 * of a delay against a take of what a sibling puts after the same delay (with `cancel()` too).
 *
 * A fourth round (`shape4` and small expression weights) added: cps functions that call back
 * synchronously, twice, never, after their `cb.cancel` ran (or without one), error then value,
 * raced against delays / takes / failures (`cpsX`); user-level `channel.take(cb, matcher)` on the
 * saga input channel, with callbacks that put, re-register, cancel another or themselves, or start
 * a root saga (`userTake`, `userCancel`); root sagas started during a delivery (from a taker saga,
 * `takeRun`, or from a callback) that fail, return or cancel themselves at once (`runRootX`);
 * END reaching takes / takeMaybes in a race / all (`endWaiter`) and actionChannels with buffered
 * messages, then taken / flushed; tasks that fail, return, cancel themselves or wait, joined by
 * several joiners (`victim`, `joiner`); context read and written through fork / spawn / call
 * (`ctxChild`); puts spaced by delays under takeLeading / throttle / debounce; and effect
 * middlewares that rewrite effects into race / all / other calls / sub-sagas whose own effects
 * go through the middleware again (MW_R4), usually with a SagaMonitor.
 *
 * A fifth round (`shape5` and small expression weights) added: user code that dispatches
 * synchronously from a fast-path effect (`dispatchFn`: a selector, a called / forked / spawned
 * function, a cps function), also in a task whose own taker / race / takeLatest then cancels it
 * (`dispatchVictim`); `cancel()` yielded in a called sub-saga (`callCancel`); eventChannels with
 * any buffer, a synchronous burst in `subscribe` and an `unsubscribe` that emits (`eventChannelY`),
 * closed by their own taker (`closingTaker`); actionChannel / eventChannel bursts overflowing every
 * buffer kind (`burstChan`, `eventBurst`); `all` / `race` of plain values, promises, iterators,
 * thenables and effects, with array holes, symbol keys, or empty (`mixed`); and root sagas started
 * from the script, with `middleware.setContext` (or a runSaga `context`) before (`runRootStep`).
 *
 * A sixth round (`shape6` and small expression weights; FUZZ_FOCUS=6 makes shape6 most statements)
 * added: called sub-sagas that cancel themselves in many ways (`cancel()`, `cancel(SELF)` spelled
 * out, inside race / all, after forking, in a nested call, in a yielded iterator) with a finally
 * that yields again (`selfCancel`), under effect middlewares that wrap, delay or move CANCEL
 * effects (MW_R6); channels and buffers implemented by the user as plain objects, taken (with a
 * matcher when flagged multicast), put, flushed, closed and given to helpers
 * (`customChan`, `customBuffer`), and a user channel as the `channel` option (`customInput`);
 * the root context set from the saga's code between root runs, read by tasks running since
 * (`ctxRun`, `taskCtx`, `ctxReader`); user code (a selector, a called / forked function, a cps
 * function) or a reducer that cancels the root or a task, dispatches or starts a root saga
 * (`userCancelTask`, `putX`); thunks dispatched by put / putResolve through a store middleware
 * before or after the saga middleware (`putThunk`); and tasks blocked in race / all whose finally
 * blocks yield, cancelled or joined (inside a race too) while blocked (`blocked`). Left out on
 * purpose: the `this` a user channel's `put` sees (sagaflow calls it as a method, the reference
 * unbound: docs/migrating.md, "Differences on purpose").
 *
 * A seventh round (`shape7` and small expression weights; FUZZ_FOCUS=7 makes shape7 most statements)
 * added: END reaching helpers (takeEvery / takeLatest / takeLeading / throttle / debounce, with a
 * logging worker that may wait) through eventChannels (emit(END), END from unsubscribe, close),
 * channel() (put END, close), user channels (a take answering END, close) and actionChannels (put
 * END, END dispatched from user code, close, a user input channel turning B into END: `endOnB`),
 * and END reaching actionChannels with takers (`endHelper`, `endActionChannel`), workers and retry
 * functions failing with undefined (the reference's state-machine helpers step on as if given
 * null: `helper7.fail`, `retry.falsy`); root sagas started
 * with middleware.run / runSaga while an action is being processed: from a reducer, a store
 * listener, a selector / called / cps function of a saga woken by the action, or a thunk, the
 * root taking, putting, forking, running another root, selecting or making an actionChannel
 * (`runDuring`); cancel / join / cancelled() inside race / all around tasks that wait, return or
 * fail (`cancelComb`), under effect middlewares that swap race and all, cancel the latest task
 * before or after calling next, add a cancel / cancelled() child to race / all, or replace an
 * effect by cancel() / cancelled() (MW_R7), with SagaMonitors that dispatch when an effect is
 * cancelled, a take is triggered or an effect resolves with an action, start a root saga when an
 * action passes the middleware, or cancel the latest task when a race is triggered or an effect
 * resolves with an action (Options.monitorAct); effect middlewares that dispatch before or after
 * calling next; races of 8 to 11 take(type) children (sagaflow's one-taker race when unobserved,
 * `bigRace`).
 *
 * An eighth round (`shape8` and a slice of the statement weights; FUZZ_FOCUS=8 makes shape8 most
 * statements) added: channels of every kind (channel() with any buffer, multicastChannel,
 * stdChannel, eventChannel, actionChannel with any buffer, a user channel whose taker's cancel
 * logs its `this` and arguments or is not a function) with forked takers waiting in race / all
 * of take / takeMaybe / flush / a delay / a store take (`chanWaiter`), fed, flushed (in race / all
 * too), closed or given END and taken or flushed after; the close / END also coming from a
 * SagaMonitor hook (`chanAct`: effectTriggered / effectResolved / effectRejected / effectCancelled
 * / actionDispatched closing the latest channel, putting END into it or dispatching END), from an
 * effect middleware before or after next (MW_R8), from a reducer or a store listener
 * (`storeClose`); takes / takeMaybes with pattern arrays, predicates, symbols and '*' in race / all
 * reached by END, then putting, putResolving, putting END, or dispatching from a selector or a
 * called function while END is delivered (`endWaiter8`, `putSym`), and input-channel callbacks
 * dispatching, putting END or closing a channel when given END (`endCb`); cps functions whose
 * cancel callback throws, calls back, logs its `this` or is not a function, and promises whose
 * `[CANCEL]` logs its `this`, raced (`cpsRace`, `promiseThis`); join / cancel in race / all of tasks
 * that failed, were cancelled or whose finally throws (`joinDead`); the context through fork /
 * spawn / call trees set before and after the fork (`ctxTree`); finally blocks that throw (at
 * once or after a delay, a put or a take) while cancelled by a parent, a race, an error or
 * cancel(), with a child whose finally throws too (`finThrow`).
 *
 * A ninth round (`shape9`, only under FUZZ_FOCUS=9, so unfocused seeds' programs are unchanged)
 * added what no earlier round made: SAGA_LOCATION on sagas and their effects (as
 * babel-plugin-redux-saga adds it) in failing called / forked / spawned / root sagas, for sagaStack
 * (`loc9`); failures that are not Errors (a string, undefined, null, 0, false, '', an object) thrown,
 * rejected, called back by cps (null / undefined there mean success) or thrown by a sub-saga, a fork,
 * a spawn or a race child (`throwVal9`); `call({ context, fn: 'name' })`, `apply(ctx, 'name')`,
 * `fork({ context, fn: 'name' })`, `spawn([ctx, 'name'])`, `cps({ context, fn: 'name' })`, a generator
 * method with its `this`, and plain functions returning an iterator, called, forked or spawned
 * (`callForm9`); `take()` / `takeMaybe()` without a pattern (`takeNoArg9`); the channel API called
 * by the saga's code on channel() / multicastChannel / eventChannel / actionChannel channels:
 * `take(cb)`, `take(cb, matcher)`, `flush(cb)`, `cb.cancel()`, callbacks that put, take again, cancel
 * the one before or close the channel (`chanOp9`), and `putResolve(channel, message)`
 * (`putResolveChan9`); action objects put twice, frozen, taken and dispatched or put again
 * (`putObj9`); buffer factories called without a limit (`bufDefault9`); helpers whose worker is a
 * plain function returning a value, a promise, a thenable or an iterator, or throwing
 * (`helperFn9`); throttle / debounce with 0 ms and retry with 0 tries (`zeroTimed`); takers on
 * patterns such as '__proto__', 'constructor', '1', 'undefined' and actions whose type is a number,
 * a String object, null, missing or END's (`oddTake9`, `oddPut9`); and the options: an onError that
 * dispatches, starts a root saga, cancels a task or throws (Options.onErrorAct), and a SagaMonitor
 * with hooks missing (Options.partialMonitor).
 */

export type ActionType = 'A' | 'B' | 'BOOM' | 'END'

/** Buffer factories; `default` is the factory's own default (no buffer argument). */
export type BufferKind = 'default' | 'none' | 'fixed' | 'dropping' | 'sliding' | 'expanding'

/** `call` / `apply` / `cps` / `fork` / `spawn` with a context (`[ctx, fn]`, `[ctx, 'name']`, `{ context, fn }`). */
export type CtxForm = 'apply' | 'array' | 'arrayName' | 'object' | 'fork' | 'spawnObject' | 'cps' | 'cpsObject' | 'cpsName'

/**
 * What a context-bound function does: return its argument, throw, settle a promise (or, for cps,
 * its callback) 5 ms later (`async`, with a `cb.cancel` for cps), reject / call back with an
 * error at once (`error`), and for cps only: call back twice, or call back and then throw.
 */
export type CtxOutcome = 'value' | 'throw' | 'async' | 'error' | 'twice' | 'thenThrow'

export type Expr =
  | { k: 'sync'; id: number; v: number }
  | { k: 'throw'; id: number }
  | { k: 'promise'; id: number; ms: number; hops: number; v: number; reject: boolean; cancellable: boolean }
  | { k: 'forkFn'; id: number; kind: 'sync' | 'promise' | 'throw'; detached: boolean }
  /** `eager`: subscribe emits a message, or END, before it returns. */
  | { k: 'eventChannel'; id: number; buffer: 'none' | 'expanding' | 'sliding'; eager?: 'msg' | 'end' }
  | { k: 'inspect'; id: number; task: number }
  | { k: 'cps'; id: number; ms: number; v: number; fail: boolean }
  | { k: 'saga'; id: number; f: number }
  | { k: 'delay'; id: number; ms: number }
  | { k: 'put'; id: number; type: ActionType; resolve: boolean }
  | { k: 'take'; id: number; pattern: string | string[]; maybe: boolean }
  | { k: 'takeChan'; id: number; chan: number; maybe: boolean }
  | { k: 'flush'; id: number; chan: number }
  | { k: 'actionChannel'; id: number; pattern: string | string[]; buffer: BufferKind; limit?: number }
  | { k: 'select'; id: number; throws: boolean }
  /** `sync`: `call(() => chan.put(message))`, a put from the saga's own code, not the put effect. */
  | { k: 'chanPut'; id: number; chan: number; v: number; end: boolean; type?: 'B' | 'error'; sync?: boolean }
  | { k: 'chanClose'; id: number; chan: number }
  | { k: 'fork'; id: number; f: number; detached: false | 'spawn' | 'detach' }
  | { k: 'helper'; id: number; helper: 'takeEvery' | 'takeLatest' | 'takeLeading'; pattern: string; f: number }
  | { k: 'timedHelper'; id: number; helper: 'throttle' | 'debounce'; ms: number; pattern: string; f: number }
  /** `falsy`: flakyFn throws undefined (the reference's state machine then returns null). */
  | { k: 'retry'; id: number; tries: number; ms: number; failures: number; falsy?: boolean }
  | { k: 'iterator'; id: number; f: number }
  | { k: 'rawPromise'; id: number; ms: number; v: number }
  | { k: 'setContext'; id: number; v: number }
  | { k: 'getContext'; id: number }
  | { k: 'join'; id: number; task: number | number[] }
  | { k: 'cancel'; id: number; task: number | number[] | 'self' }
  | { k: 'cancelled'; id: number }
  | { k: 'plain'; id: number; v: number }
  | { k: 'all' | 'race'; id: number; children: Expr[]; obj: boolean }
  /** `channel(buffer)`, made by a `call` or directly in the saga (`yield` of the channel itself). */
  | { k: 'channel'; id: number; buffer: BufferKind; limit: number; direct: boolean }
  | { k: 'multicast'; id: number; direct: boolean }
  /** `take(multicastChannel, pattern)`. */
  | { k: 'takeMulti'; id: number; chan: number; pattern: string | string[]; maybe: boolean }
  | { k: 'ctxCall'; id: number; form: CtxForm; outcome: CtxOutcome; v: number }
  /**
   * put / putResolve of an action whose dispatch returns a promise (with a [CANCEL]) that resolves
   * or rejects, at once or after `ms`; or (`thenable`) an object whose `then` settles synchronously.
   */
  | { k: 'putPromise'; id: number; reject: boolean; ms: number; resolve: boolean; thenable?: boolean }
  /** `select(selector, ...args)`, or `select()` (the whole state) when args is null. */
  | { k: 'selectArgs'; id: number; args: number[] | null }
  /** A helper on a channel (chan) or on any pattern, with an optional extra worker argument. */
  | { k: 'helperX'; id: number; helper: 'takeEvery' | 'takeLatest' | 'takeLeading' | 'throttle' | 'debounce'; chan: number | null; pattern: string | string[]; ms: number; f: number; arg: number | null }
  /** `delay(ms, value)`: a number, a promise of one, or a thenable that settles when `then` is called. */
  | { k: 'delayVal'; id: number; ms: number; val: 'number' | 'promise' | 'thenable' | 'undefined' }
  /** Emits to every eventChannel made so far, from the saga's own code (a `call`). */
  | { k: 'emitCall'; id: number; end: boolean }
  /** From the saga's own code: `task.cancel()`, or a promise of the task's end (`task.toPromise()`). */
  | { k: 'taskCall'; id: number; task: number; op: 'cancel' | 'toPromise' }
  /** `middleware.run(f, id)` (or `runSaga` on the same channel) from the saga's own code: a new root task. */
  | { k: 'runRoot'; id: number; f: number }
  /** A non-promise thenable whose `then` settles synchronously, later, never, or twice; yielded, called or forked. */
  | { k: 'thenable'; id: number; mode: 'resolve' | 'reject' | 'later' | 'never' | 'twice'; via: 'call' | 'yield' | 'fork' }
  // Third round (statement shapes, see `shape`): forks of small built-in sagas.
  /** Forks a saga that `n` times takes `from`, then puts (or putResolves) `to`: a put from inside a taker chain. */
  | { k: 'echo'; id: number; from: EchoType; to: EchoType; n: number; resolve: boolean }
  /** Forks a saga that `n` times takes (or takeMaybes) from chan, logging each message. */
  | { k: 'chanTaker'; id: number; chan: number; n: number; maybe: boolean }
  /** Forks a saga running `retry(tries, ms, flakyFn)` (flakyFn fails `failures` times). */
  | { k: 'forkRetry'; id: number; tries: number; ms: number; failures: number }
  /** Forks a saga that waits `delay(ms)`, then puts `type`. */
  | { k: 'delayedPut'; id: number; ms: number; type: 'A' | 'B' }
  // Fourth round.
  /** `cps(fn)`: fn calls back as `mode` says; `cancel`: sets `cb.cancel` (clearing its timer, or keeping it so the callback still comes). */
  /**
   * Eighth round: `throws`: cb.cancel clears the timer and throws; `callsBack`: it clears the timer
   * and calls back; `notFn`: cb.cancel is an object; `thisCheck`: it clears the timer and logs its `this`.
   */
  | { k: 'cpsX'; id: number; mode: CpsMode; fail: boolean; ms: number; cancel: 'none' | 'clear' | 'keep' | 'throws' | 'callsBack' | 'notFn' | 'thisCheck' }
  /** `call` of a function returning a promise settled after `ms`, whose `[CANCEL]` logs its `this` and arguments. */
  | { k: 'promiseThis'; id: number; ms: number }
  /** `channel.take(cb, matcher)` on the saga input channel from the saga's own code; cb then does `then`. */
  | { k: 'userTake'; id: number; match: 'A' | 'B' | 'any'; then: UserThen; root?: RootKind }
  /** `cb.cancel()` of the latest user callback (userTake), from the saga's own code. */
  | { k: 'userCancel'; id: number }
  /** A root saga (runSaga / middleware.run on the same channel) that fails, returns, takes, puts or cancels itself. */
  | { k: 'runRootX'; id: number; root: RootKind }
  /** Forks a saga that takes 'A', then starts a root saga during that delivery. */
  | { k: 'takeRun'; id: number; root: RootKind }
  /** Forks a saga waiting in a race / all of take / takeMaybe (A, B alternately): what END does to them. */
  | { k: 'endWaiter'; id: number; comb: 'race' | 'all'; maybe: boolean[]; obj: boolean }
  /** Forks (or spawns) a saga that waits `ms` and then fails, returns, cancels itself or waits for ever; `sync`: fails at once. */
  | { k: 'victim'; id: number; mode: 'fail' | 'return' | 'cancelSelf' | 'wait' | 'sync'; ms: number; spawn: boolean }
  /** Forks (or spawns) a saga that waits `ms`, then joins `task`, logging what it gets. */
  | { k: 'joiner'; id: number; task: number; ms: number; spawn: boolean }
  /** A saga (forked, spawned or called) that reads, writes and reads the context, then forks a reader. */
  | { k: 'ctxChild'; id: number; via: 'fork' | 'spawn' | 'call'; v: number }
  // Fifth round.
  /** User code that dispatches `type` synchronously (the first 2 times node `id` runs), from a fast-path effect. */
  | { k: 'dispatchFn'; id: number; via: DispatchVia; type: 'A' | 'B' | 'END' }
  /**
   * Forks a saga (after `delay(ms)` unless ms < 0) whose dispatchFn of A gets its own task
   * cancelled: run as a takeLatest / takeEvery worker of A, or racing a take('A'), or called from
   * a saga racing take('A') (`raceCall`).
   */
  | { k: 'dispatchVictim'; id: number; wrap: 'takeLatest' | 'takeEvery' | 'race' | 'raceCall'; via: DispatchVia; ms: number }
  /** `call` of a sub-saga that yields `cancel()`; its finally then puts, takes (maybe) or does nothing. */
  | { k: 'callCancel'; id: number; then: 'none' | 'put' | 'takeMaybe' }
  /** eventChannel with any buffer: `subscribe` emits `burst` messages at once; `unsubscribe` emits a message or END. */
  | { k: 'eventChannelY'; id: number; buffer: BufferKind; limit: number; burst: number; unsub: 'none' | 'msg' | 'end' }
  /** Forks a saga that takes from chan, closes it, then takeMaybes from it again. */
  | { k: 'closingTaker'; id: number; chan: number }
  /** all / race of non-effects and effects, with holes / symbol keys; no parts: all([]) / race({}) ... */
  | { k: 'mixed'; id: number; comb: 'all' | 'race'; obj: boolean; parts: MixedPart[] }
  // Sixth round.
  /**
   * A channel implemented by the user (a plain object, queue semantics for put / flush / close,
   * every call logged with its `this` and matcher); `take` as CustomTake says; `multicast`: flagged
   * '@@redux-saga/MULTICAST'; `direct`: yielded as is rather than returned by a call.
   */
  | { k: 'customChan'; id: number; take: CustomTake; multicast: boolean; direct: boolean; flush?: CustomFlush }
  /** `channel(buffer)` / `actionChannel(pattern, buffer)` with a buffer implemented by the user. */
  | { k: 'customBuffer'; id: number; via: 'channel' | 'actionChannel'; mode: CustomBufferMode }
  /** `call` of a sub-saga that cancels itself as `where` says; its finally then yields `then`. */
  | { k: 'selfCancel'; id: number; where: SelfCancelWhere; then: SelfCancelThen }
  /** From the saga's code: the root context set (middleware.setContext; runSaga: the root task's setContext), then root saga f started (or none). */
  | { k: 'ctxRun'; id: number; v: number; f: number | null }
  /** From the saga's code: `task.setContext({ key: v })` on a task the program made. */
  | { k: 'taskCtx'; id: number; task: number; v: number }
  /** Forks a saga that `n` times waits `ms` and reads the context (also after it was set from outside). */
  | { k: 'ctxReader'; id: number; n: number; ms: number }
  /** User code (a selector, a called / forked / spawned function, a cps function) that cancels the root or a task. */
  | { k: 'userCancelTask'; id: number; via: DispatchVia; target: 'root' | number }
  /** put / putResolve of an action X on which the reducer does `op` (on the root, a task, dispatch B, start a root saga, throw). */
  | { k: 'putX'; id: number; op: ReducerOp; task: number | null; resolve: boolean }
  /** put / putResolve of a thunk (store middleware `thunk`): it returns a value, dispatches A, returns a promise or a rejected one. */
  | { k: 'putThunk'; id: number; mode: 'value' | 'dispatch' | 'promise' | 'reject'; resolve: boolean }
  /** Forks (spawns) a saga blocked in race / all of take, delay and a sub-saga whose finally yields `fin`; its own finally yields `fin` too. */
  | { k: 'blocked'; id: number; comb: 'race' | 'all'; fin: 'put' | 'delay' | 'take' | 'call' | 'none'; spawn: boolean }
  // Seventh round.
  /**
   * A helper on channel `chan` (or on `pattern` when null) whose worker logs its action, then
   * waits `workerMs` (none when < 0), logging its end and cancelled(); `fail`: then throws
   * undefined or an Error.
   */
  | { k: 'helper7'; id: number; helper: HelperName; chan: number | null; pattern: string; ms: number; workerMs: number; fail?: 'falsy' | 'error' }
  /**
   * A root saga (`root`) started with middleware.run / runSaga while an action is processed:
   * `reducer`: put({ type: 'Y' }), the reducer starts it; `listener`: a one-shot store listener
   * registered now starts it at the next dispatch; `select` / `call` / `cps`: forks a saga that
   * takes `type`, then starts it from a selector / called / cps function; `thunk`: put of a thunk
   * that starts it.
   */
  | { k: 'runDuring'; id: number; via: RunVia; root: RootKind7; type: 'A' | 'B' }
  // Eighth round.
  /** `stdChannel()` made by the saga (a call, or yielded directly): taken with a pattern, put, closed, given END. */
  | { k: 'stdChan'; id: number; direct: boolean }
  /**
   * Forks a saga that `n` times waits in a race / all of `parts` on channel `chan` (take /
   * takeMaybe, with the pattern '*' on a multicast one; flush; a delay; a take('A') of the store),
   * logging what it gets, its end and cancelled().
   */
  | { k: 'chanWaiter'; id: number; chan: number; multi: boolean; comb: 'race' | 'all'; parts: ChanPart[]; obj: boolean; n: number }
  /**
   * Forks a saga waiting in a race / all of take / takeMaybe with patterns (arrays, predicates,
   * symbols, '*'), which then does `after` (a put / putResolve, a selector or called function
   * that dispatches, a take): what END, and what is done while END is being delivered, does.
   */
  | { k: 'endWaiter8'; id: number; comb: 'race' | 'all'; parts: { pattern: string | string[]; maybe: boolean }[]; obj: boolean; after: EndAfter }
  /**
   * The latest channel closed (or given END) by the reducer of a put / putResolve({ type: 'Z' }),
   * or by a one-shot store listener subscribed now (at the next dispatch).
   */
  | { k: 'storeClose'; id: number; via: 'reducer' | 'listener'; op: 'close' | 'end'; resolve: boolean }
  /** put / putResolve of an action whose type is a symbol (pattern 'sym:S' takes it). */
  | { k: 'putSym'; id: number; resolve: boolean }
  /** `channel.take(cb, matcher)` on the input channel whose cb, given END (or an action), does `then`. */
  | { k: 'endCb'; id: number; then: EndCbThen; maybe: boolean }
  /**
   * A saga (forked, spawned or called) waiting as `wait` says, whose finally throws (at once, after a
   * delay(0), after a put or after taking maybe); `child`: it forked a child whose finally throws too.
   */
  | { k: 'finThrow'; id: number; via: 'fork' | 'spawn' | 'call'; wait: 'take' | 'delay' | 'race' | 'all' | 'none'; when: 'sync' | 'afterDelay' | 'afterPut' | 'afterTake'; child: boolean }
  /**
   * A saga (forked, spawned or called) that sets the context, forks (spawns) a child that forks,
   * spawns or calls a grandchild, then sets the context again; all read it after delays.
   */
  | { k: 'ctxTree'; id: number; via: 'fork' | 'spawn' | 'call'; child: 'fork' | 'spawn'; grand: 'fork' | 'spawn' | 'call' | 'none'; v: number }
  // Ninth round.
  /**
   * A sub-saga (called, forked, spawned, or a root started from a call) that fails as `fail` says;
   * `fnLoc`: its function (and its child's) carries a `SAGA_LOCATION`, as babel-plugin-redux-saga
   * adds; `effLoc`: so do the effects it yields. What sagaStack says.
   */
  | { k: 'loc9'; id: number; via: 'call' | 'fork' | 'spawn' | 'root'; fail: 'effect' | 'throw' | 'child' | 'promise' | 'none'; fnLoc: boolean; effLoc: boolean }
  /** A failure that is not an Error (`val`), from a called function, a rejection, a cps callback, a sub-saga, a fork, a spawn or a race child. */
  | { k: 'throwVal9'; id: number; val: NonError; via: 'call' | 'reject' | 'cps' | 'cpsLater' | 'saga' | 'fork' | 'spawn' | 'race' }
  /**
   * call / apply / fork / spawn / cps forms not made before: `{ context, fn: 'name' }`, apply with a
   * method name, a generator method called with its `this`, and plain functions returning an
   * iterator (called, forked, spawned; `fail`: the iterator throws).
   */
  | { k: 'callForm9'; id: number; form: CallForm9; fail: boolean; v: number }
  /** `take()` / `takeMaybe()` without a pattern ('*'). */
  | { k: 'takeNoArg9'; id: number; maybe: boolean }
  /**
   * The channel API called by the saga's own code on a channel the program made: `take(cb)`,
   * `take(cb, matcher)`, `flush(cb)`, the latest such cb's `cancel()`; the callbacks log what they get.
   */
  | { k: 'chanOp9'; id: number; chan: number; op: 'take' | 'takeMatch' | 'flush' | 'cancelCb'; then?: ChanCbThen }
  /** `putResolve(chan, message)` (or END). */
  | { k: 'putResolveChan9'; id: number; chan: number; end: boolean }
  /**
   * The same action object put twice, a frozen action put, an action taken and dispatched again
   * (flagged as a saga's by the put that made it, or not) from a called function, or put again.
   */
  | { k: 'putObj9'; id: number; mode: 'frozen' | 'frozenResolve' | 'twice' | 'redispatch' | 'reput' }
  /** channel() / actionChannel('A') with a buffer factory called without its limit (10 for every kind). */
  | { k: 'bufDefault9'; id: number; via: 'channel' | 'actionChannel'; kind: 'fixed' | 'expanding' | 'dropping' | 'sliding' }
  /** A helper whose worker is a plain function: returns a value, a promise, a rejected one, a thenable, an iterator, or throws. */
  | { k: 'helperFn9'; id: number; helper: HelperName; mode: 'value' | 'promise' | 'reject' | 'throw' | 'iterator' | 'thenable'; ms: number }
  /**
   * Forks a saga taking (2 times), a takeEvery, or an actionChannel taken 2 times, on a pattern that
   * names an Object.prototype key, a number-like or 'undefined' / 'null' string, an array or a
   * stringable creator of such: what the taker index makes of odd action types (oddPut9).
   */
  | { k: 'oddTake9'; id: number; pattern: string | string[]; via: 'take' | 'every' | 'channel' }
  /** put / putResolve of an action with an odd type (OddType): prototype keys, a number, a String object, none, null, an END look-alike. */
  | { k: 'oddPut9'; id: number; type: OddType; resolve: boolean }

/** Ninth round: oddPut9's action types; 'n1' is the number 1, 'strObj' new String('A'), 'none' {} , 'nullType' { type: null }, 'endLike' { type: END's type }. */
export type OddType = '1' | 'n1' | 'strObj' | 'none' | 'nullType' | '__proto__' | 'constructor' | 'toString' | 'hasOwnProperty' | 'undefined' | 'null' | 'A' | 'endLike'
const ODD_TYPES: readonly OddType[] = ['1', 'n1', 'strObj', 'none', 'nullType', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'undefined', 'null', 'A', 'endLike']
const ODD_PATTERNS = ['1', 'undefined', 'null', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'A', '*', 'creator:1', 'creator:constructor', 'fn:any'] as const
/** Ninth round: what a chanOp9 callback does when called (once): put into its channel, take again, cancel the callback registered before it, close the channel. */
export type ChanCbThen = 'put' | 'retake' | 'cancelPrev' | 'close'
/** Ninth round: a thrown / rejected / called-back value that is not an Error. */
export type NonError = 'string' | 'undefined' | 'null' | 'object' | 'zero' | 'false' | 'empty'
/** Ninth round: see callForm9. */
export type CallForm9 = 'objName' | 'applyName' | 'forkObjName' | 'spawnArrName' | 'cpsObjName' | 'genMethod' | 'iterCall' | 'iterFork' | 'iterSpawn'

/** Eighth round: parts of a chanWaiter's race / all. */
export type ChanPart = 'take' | 'takeMaybe' | 'flush' | 'delay' | 'takeA'
/** Eighth round: what an endWaiter8 does after its race / all gave (maybe END). */
export type EndAfter = 'none' | 'put' | 'putResolve' | 'putEnd' | 'select' | 'call' | 'take'
/** Eighth round: what an endCb callback does when called: dispatch A, dispatch END, put into the latest channel, close it, re-register. */
export type EndCbThen = 'dispatch' | 'dispatchEnd' | 'chanPut' | 'chanClose' | 'retake'

/**
 * How a user channel's `take(cb, matcher)` answers: `queue` (a real queue: a buffered message now,
 * else the taker waits, with a `cb.cancel`), `sync` (a fresh message at once), `twice` (two at
 * once), `error` (an Error at once), `end` (END at once), `throws`, `noCancel` (queues without a
 * `cb.cancel`, so a cancelled taker still gets its message), `later` (a message 5 ms later, with a
 * `cb.cancel` that clears the timer); eighth round: `queueThis` (queue, with a `cb.cancel` that logs its
 * `this` and arguments), `queueNotFn` (queue, with a `cb.cancel` that is an object).
 */
export type CustomTake = 'queue' | 'sync' | 'twice' | 'error' | 'end' | 'throws' | 'noCancel' | 'later' | 'queueThis' | 'queueNotFn'
/** How a user channel's `flush(cb)` answers when not `ok`: calls back twice, never, with an Error as the value, or throws. */
export type CustomFlush = 'ok' | 'twice' | 'never' | 'error' | 'throws'
/** A user buffer: `fifo`, `lifo`, `cap1` (keeps the first message only), `throwPut` (put throws on the 2nd message), `noFlush` (no flush method). */
export type CustomBufferMode = 'fifo' | 'lifo' | 'cap1' | 'throwPut' | 'noFlush'
/**
 * Where a called sub-saga cancels itself: `cancel()`, `cancel('@@redux-saga/SELF_CANCELLATION')`,
 * a race with a delay, an all with a fork, after forking a child that waits, inside a nested call
 * (the inner sub-saga cancels itself), in a yielded iterator, after a delay(0), or twice.
 */
export type SelfCancelWhere = 'plain' | 'explicit' | 'race' | 'all' | 'afterFork' | 'nested' | 'iterator' | 'afterDelay' | 'twice'
export type SelfCancelThen = 'none' | 'put' | 'takeMaybe' | 'call' | 'delay' | 'cancelAgain' | 'throw'
export type ReducerOp = 'cancelRoot' | 'cancelTask' | 'dispatch' | 'runRoot' | 'throw'

export type MixedPart = 'hole' | 'plain' | 'undefined' | 'promise' | 'rejected' | 'iterator' | 'thenable' | 'take' | 'delay' | 'call' | 'throw' | 'symbol'
export type DispatchVia = 'call' | 'fork' | 'spawn' | 'select' | 'cps'

export type CpsMode = 'sync' | 'syncTwice' | 'async' | 'asyncTwice' | 'never' | 'throw' | 'errorThenValue' | 'syncThenThrow'
export type UserThen = 'log' | 'put' | 'retake' | 'cancelOther' | 'cancelSelf' | 'runRoot'
export type RootKind = 'throw' | 'return' | 'take' | 'put' | 'cancel' | 'takePut'
/** Seventh round: a root that runs takeEvery('*'), forks a child that puts, starts another root at once, selects, or takes twice from an actionChannel('*'). */
export type RootKind7 = RootKind | 'every' | 'forkPut' | 'nested' | 'select' | 'chan'
export type RunVia = 'reducer' | 'listener' | 'select' | 'call' | 'cps' | 'thunk'
export type HelperName = 'takeEvery' | 'takeLatest' | 'takeLeading' | 'throttle' | 'debounce'

export type EchoType = 'A' | 'B' | 'C'

export type Stmt =
  | { k: 'yield'; id: number; e: Expr }
  | { k: 'throw'; id: number }
  | { k: 'return'; id: number; v: number }
  | { k: 'try'; id: number; body: Stmt[]; catch: Stmt[] | null; finally: Stmt[] | null }
  | { k: 'loop'; id: number; n: number; body: Stmt[] }

export type Step =
  | { k: 'dispatch'; type: ActionType }
  | { k: 'advance'; ms: number }
  | { k: 'tick' }
  | { k: 'cancelRoot' }
  /** Dispatches after `hops` microtask turns, while promise continuations are under way. */
  | { k: 'dispatchLater'; type: ActionType; hops: number }
  /** Emits to every eventChannel made so far: a message, or END. */
  | { k: 'emit'; end: boolean }
  /** `task.cancel()` from outside, on the task a fork node made last (if any). */
  | { k: 'cancelTask'; task: number }
  /** `channel.put(message)` from outside, on every channel / multicastChannel made so far. */
  | { k: 'chanPutExt'; type: 'A' | 'B' | 'END' }
  /** Another root saga fi from the script (middleware.run / runSaga); `ctx`: middleware.setContext({ key }) first (runSaga: the context option). */
  | { k: 'runRootStep'; f: number; ctx: number | null }

export interface Options {
  mode: 'middleware' | 'runSaga'
  monitor: boolean
  /**
   * none, a pass-through middleware, one that resolves every `select` with -1 without running
   * it, or one that runs every `call` a microtask later; and (MW_MORE) one that turns the first 3
   * `take`s into `put({ type: 'MW' })`, one that resolves every 4th effect with a plain value, one
   * that calls `next` twice for `call` / `put`, one that never calls `next` for `select`, one
   * that throws synchronously for `put`; and the last three for every 3rd effect of any type
   * (`twiceAny`, `neverAny`, `throwsAny`: forks, takes, combinators and their children too);
   * `asyncAny` calls `next` a microtask later for every 3rd effect, `twiceLater` calls it at once
   * and again a microtask later for every 3rd effect.
   */
  effectMiddleware: false | EffectMiddlewareKind
  /** A second, logging pass-through effect middleware after the first. */
  mwChain?: boolean
  /** Also run f1 as a second root saga on the same store. */
  secondRoot: boolean
  /** A store subscriber that dispatches B after every A (at most 3 times): dispatch from inside a dispatch. */
  subscriber: boolean
  /**
   * A root context: the `context` option ({ key: 100 }), or `setContext({ key: 200 })` on the
   * middleware before the run (runSaga: `task.setContext({ key: 200 })` right after it starts).
   */
  context?: false | 'option' | 'setContext'
  /** A `multicastChannel()` as the `channel` option instead of the default stdChannel. */
  inputChannel?: boolean
  /** The middleware gets an explicit `stdChannel()` as its `channel` option (userTake needs it). */
  ownChannel?: boolean
  /**
   * Sixth round: a user channel as the `channel` option, wrapping a stdChannel: `log` logs every
   * take / put / close and forwards; `batch` queues puts and forwards them a microtask later.
   */
  customInput?: 'log' | 'batch' | 'throwB' | 'endOnB'
  /**
   * Seventh round, a SagaMonitor that acts: `dispatchOnCancel` dispatches { type: 'MC' } from
   * effectCancelled (3 times at most), `runOnDispatch` starts a root saga from actionDispatched of
   * an A (twice at most; the middleware only), `cancelOnTrigger` cancels the latest task from
   * effectTriggered of a RACE (twice at most), `dispatchOnTrigger` dispatches { type: 'A' } from
   * effectTriggered of a TAKE and `dispatchOnResolve` from effectResolved of an effect resolved
   * with an action (3 times at most), `cancelOnResolve` cancels the latest task from
   * effectResolved of an effect resolved with an action (twice at most).
   */
  monitorAct?: 'dispatchOnCancel' | 'runOnDispatch' | 'cancelOnTrigger' | 'dispatchOnTrigger' | 'dispatchOnResolve' | 'cancelOnResolve'
  /**
   * Eighth round, a SagaMonitor hook that closes the latest channel the program made, or puts END
   * into it (an eventChannel: closes it), at most twice: from effectTriggered of a TAKE / FLUSH
   * (`closeOnTrigger`, `endOnTrigger`), effectResolved (`closeOnResolve`, `endOnResolve`),
   * effectRejected (`closeOnReject`), effectCancelled (`endOnCancel`) or actionDispatched
   * (`endOnDispatch`, `closeOnDispatch`); or dispatches END (`endStoreOnTrigger`, `endStoreOnResolve`),
   * or closes the saga input channel itself (`closeInputOnTrigger`, `closeInputOnResolve`).
   * Trigger: of a TAKE / FLUSH / PUT to a channel; resolve: with a channel message, END or an array.
   */
  chanAct?: ChanAct
  /** chanAct skips the first chanSkip events it would act on. */
  chanSkip?: number
  /** A thunk store middleware, after (saga middleware first: the saga sees the function) or before the saga middleware. */
  thunk?: 'after' | 'before'
  /**
   * Ninth round, what the onError option does besides logging: dispatches { type: 'OE' }, starts a
   * root saga, cancels the latest task, or throws (twice at most each).
   */
  onErrorAct?: 'dispatch' | 'run' | 'cancel' | 'throw'
  /** Ninth round: a SagaMonitor with only some hooks (the others missing); their `typeof` is logged at the end. */
  partialMonitor?: boolean
}

export type EffectMiddlewareKind =
  | 'pass' | 'rewrite' | 'async' | 'takeToPut' | 'value' | 'twice' | 'never' | 'throws' | 'twiceAny' | 'neverAny' | 'throwsAny' | 'asyncAny' | 'twiceLater'
  | 'rewriteMix' | 'raceTimeout' | 'toSaga' | 'putToTake' | 'rewriteAsync'
  | 'cancelWrap' | 'cancelToSaga' | 'cancelLater' | 'cancelValue'
  | 'combSwap' | 'cancelTaskMw' | 'extraChild' | 'toSelfCancel' | 'dispatchMw'
  | 'chanCloseMw' | 'chanEndMw' | 'endStoreMw'
export type ChanAct =
  | 'closeOnTrigger' | 'endOnTrigger' | 'closeOnResolve' | 'endOnResolve' | 'closeOnReject' | 'endOnCancel' | 'closeOnCancel' | 'endOnDispatch' | 'closeOnDispatch'
  | 'endStoreOnTrigger' | 'endStoreOnResolve' | 'closeInputOnTrigger' | 'closeInputOnResolve'
const CHAN_ACTS: readonly ChanAct[] = [
  'closeOnTrigger', 'endOnTrigger', 'closeOnResolve', 'endOnResolve', 'closeOnReject', 'endOnCancel', 'closeOnCancel', 'endOnDispatch', 'closeOnDispatch',
  'endStoreOnTrigger', 'endStoreOnResolve', 'closeInputOnTrigger', 'closeInputOnResolve',
]
/**
 * Eighth round (interpreter.ts): `chanCloseMw` closes the effect's channel (else the latest channel the program made) before
 * calling next (1st of every 3 TAKE / FLUSH / PUT) or after it (2nd of 3), twice at most;
 * `chanEndMw` puts END into it the same way (an eventChannel: closes it); `endStoreMw` dispatches
 * END before next for the 2nd TAKE, or after next for the 2nd PUT.
 */
const MW_R8: readonly EffectMiddlewareKind[] = ['chanCloseMw', 'chanEndMw', 'endStoreMw']
const MW_MORE: readonly EffectMiddlewareKind[] = ['takeToPut', 'value', 'twice', 'never', 'throws', 'twiceAny', 'neverAny', 'throwsAny', 'asyncAny', 'twiceLater']
/**
 * Fourth round, middlewares that rewrite (interpreter.ts): `rewriteMix` wraps every 4th effect in
 * race({ w }), the next in all([..]), and replaces the next CALL by another call; `raceTimeout`
 * wraps every 3rd in race({ w, t: delay(15) }); `toSaga` turns every 3rd call / put / take / select
 * / cps / join into a call of a sub-saga that yields it; `putToTake` turns the first 3 PUTs into
 * take('A') (after a put of 'MW'); `rewriteAsync` wraps every 3rd in race a microtask later.
 * Wrapped children go through the middleware again.
 */
const MW_R4: readonly EffectMiddlewareKind[] = ['rewriteMix', 'raceTimeout', 'toSaga', 'putToTake', 'rewriteAsync']
/**
 * Sixth round, middlewares around CANCEL (interpreter.ts): `cancelWrap` runs CANCEL effects in
 * race({ w }) and all([..]) alternately; `cancelToSaga` runs every CANCEL (and every 3rd CALL) as a
 * call of a sub-saga that yields it (a self-cancel then cancels the sub-saga); `cancelLater` calls
 * next a microtask later for CANCEL and CANCELLED; `cancelValue` resolves every 2nd CANCEL with a
 * plain value (the cancel never happens).
 */
const MW_R6: readonly EffectMiddlewareKind[] = ['cancelWrap', 'cancelToSaga', 'cancelLater', 'cancelValue']
/**
 * Seventh round (interpreter.ts): `combSwap` runs every 2nd RACE as an all of the same children
 * and every 2nd ALL as a race; `cancelTaskMw` cancels the latest task the program made before
 * calling next (1st of every 4 RACE / ALL / CANCEL / CANCELLED / JOIN) or after it (3rd of 4);
 * `extraChild` adds a cancelled() child to every 2nd RACE and a cancel(latest task) child to
 * every 2nd ALL; `toSelfCancel` replaces every 5th CALL / TAKE / JOIN by cancel() or cancelled()
 * alternately; `dispatchMw` dispatches { type: 'A' } before calling next for the 1st of every 4
 * TAKEs and after it for the 3rd (6 times at most).
 */
const MW_R7: readonly EffectMiddlewareKind[] = ['combSwap', 'cancelTaskMw', 'extraChild', 'toSelfCancel', 'dispatchMw']

export interface Program {
  fns: Stmt[][]
  script: Step[]
  options: Options
}

// ---- seeded randomness ----

/** mulberry32: a tiny, good-enough seeded PRNG. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

class Random {
  private readonly next: () => number
  constructor(seed: number) {
    this.next = mulberry32(seed)
  }
  int(n: number): number {
    return Math.floor(this.next() * n)
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!
  }
  weighted<T extends string>(table: Record<T, number>): T {
    const entries = Object.entries(table) as [T, number][]
    let total = 0
    for (const [, w] of entries) total += w
    let r = this.next() * total
    for (const [key, w] of entries) {
      r -= w
      if (r < 0) return key
    }
    return entries[entries.length - 1]![0]
  }
}

// ---- generation ----

const TYPES: readonly ActionType[] = ['A', 'B']
const MS = [0, 5, 10, 20] as const

interface GenState {
  rnd: Random
  nextId: number
  nFns: number
  forks: number[]
  chans: number[]
  /** eventChannels: chanPut never targets them (they have no `put`). */
  eventChans: number[]
  /** channel() / multicastChannel() made by the program (script steps put into them). */
  userChans: number[]
  multicasts: number[]
  /** userTake nodes made so far (userCancel needs one). */
  userTakes: number
  /** Sixth round: self-cancelling nodes (bias the effect middleware to MW_R6), thunks (need the thunk middleware), user channels. */
  selfCancels: number
  thunks: number
  customChans: number
  /** Seventh round: nodes that want an MW_R7 middleware / a monitor that acts, and END through the endOnB input channel. */
  mw7: number
  endOnB: number
  /** Eighth round: nodes that want a monitor / middleware acting on channels (chanAct, MW_R8). */
  chan8: number
  /** FUZZ_FOCUS=6 / 7 / 8 / 9: shape6 / shape7 / shape8 / shape9 most of the time. */
  focus: 0 | 6 | 7 | 8 | 9
  /** Ninth round: nodes of shape9 (they draw the onError / monitor options). */
  n9: number
}

const EXPR_WEIGHTS = {
  sync: 6,
  throw: 2,
  promise: 6,
  cps: 2,
  saga: 6,
  delay: 6,
  put: 7,
  take: 8,
  takeChan: 3,
  flush: 1,
  actionChannel: 2,
  select: 2,
  fork: 8,
  helper: 4,
  join: 4,
  cancel: 4,
  cancelSelf: 1,
  cancelled: 2,
  plain: 1,
  all: 4,
  race: 5,
  chanPut: 1,
  chanClose: 1,
  timedHelper: 2,
  retry: 2,
  iterator: 2,
  rawPromise: 2,
  setContext: 1,
  getContext: 1,
  forkFn: 2,
  eventChannel: 2,
  inspect: 2,
  // Rarer constructs (added later: small weights, so the kinds above keep most of the budget).
  takeFancy: 1,
  channel: 2,
  multicast: 1,
  takeMulti: 2,
  chanPutB: 1,
  ctxCall: 1,
  putPromise: 1,
  selectArgs: 1,
  helperX: 1,
  thenable: 1,
  actionChannelX: 1,
  eventChannelX: 1,
  chanPutSync: 1,
  emitCall: 1,
  taskCall: 1,
  runRoot: 1,
  delayVal: 1,
  // Second round: deeper combinators and fixed shapes (see genExpr).
  nested: 1,
  raceSaga: 1,
  syncRace: 1,
  // Fourth round.
  cpsX: 2,
  userTake: 1,
  userCancel: 1,
  runRootX: 1,
  ctxChild: 1,
  // Fifth round.
  dispatchFn: 2,
  dispatchVictim: 1,
  callCancel: 1,
  eventChannelY: 1,
  closingTaker: 1,
  mixed: 2,
  // Sixth round.
  customChan: 1,
  customBuffer: 1,
  selfCancel: 2,
  ctxRun: 1,
  taskCtx: 1,
  ctxReader: 1,
  userCancelTask: 1,
  putX: 1,
  putThunk: 1,
  blocked: 1,
  // Seventh round.
  helper7: 1,
  runDuring: 1,
} as const

const DISPATCH_VIAS: readonly DispatchVia[] = ['call', 'fork', 'spawn', 'select', 'cps']
const MIXED_PARTS: readonly MixedPart[] = ['hole', 'plain', 'undefined', 'promise', 'rejected', 'iterator', 'thenable', 'take', 'delay', 'call', 'throw', 'symbol']

function genMixed(g: GenState, id: number): Expr {
  const { rnd } = g
  const n = rnd.chance(0.15) ? 0 : 1 + rnd.int(4)
  return { k: 'mixed', id, comb: rnd.chance(0.5) ? 'all' : 'race', obj: rnd.chance(0.4), parts: Array.from({ length: n }, () => rnd.pick(MIXED_PARTS)) }
}

function genEventChannelY(g: GenState, id: number): Expr {
  const { rnd } = g
  g.chans.push(id)
  g.eventChans.push(id)
  return { k: 'eventChannelY', id, buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2), burst: rnd.int(4), unsub: rnd.pick(['none', 'msg', 'end'] as const) }
}

const CUSTOM_TAKES: readonly CustomTake[] = ['queue', 'queue', 'queue', 'sync', 'twice', 'error', 'end', 'throws', 'noCancel', 'later']
const CUSTOM_BUFFERS: readonly CustomBufferMode[] = ['fifo', 'lifo', 'cap1', 'throwPut', 'noFlush']
const SELF_CANCEL_WHERE: readonly SelfCancelWhere[] = ['plain', 'explicit', 'race', 'all', 'afterFork', 'nested', 'iterator', 'afterDelay', 'twice']
const SELF_CANCEL_THEN: readonly SelfCancelThen[] = ['none', 'put', 'takeMaybe', 'call', 'delay', 'cancelAgain', 'throw']
const REDUCER_OPS: readonly ReducerOp[] = ['cancelRoot', 'cancelTask', 'dispatch', 'runRoot', 'throw']

function genCustomChan(g: GenState, id: number): Extract<Expr, { k: 'customChan' }> {
  const { rnd } = g
  g.chans.push(id)
  g.userChans.push(id)
  g.customChans++
  const flush = rnd.chance(0.3) ? rnd.pick(['twice', 'never', 'error', 'throws'] as const) : undefined
  return { k: 'customChan', id, take: rnd.pick(CUSTOM_TAKES), multicast: rnd.chance(0.3), direct: rnd.chance(0.3), ...(flush ? { flush } : {}) }
}

function genCustomBuffer(g: GenState, id: number): Extract<Expr, { k: 'customBuffer' }> {
  const { rnd } = g
  const via = rnd.chance(0.5) ? 'channel' : 'actionChannel'
  g.chans.push(id)
  if (via === 'channel') g.userChans.push(id)
  return { k: 'customBuffer', id, via, mode: rnd.pick(CUSTOM_BUFFERS) }
}

function genSelfCancel(g: GenState, id: number): Extract<Expr, { k: 'selfCancel' }> {
  g.selfCancels++
  return { k: 'selfCancel', id, where: g.rnd.pick(SELF_CANCEL_WHERE), then: g.rnd.pick(SELF_CANCEL_THEN) }
}

const CPS_MODES: readonly CpsMode[] = ['sync', 'syncTwice', 'async', 'asyncTwice', 'never', 'throw', 'errorThenValue', 'syncThenThrow']
const ROOT_KINDS: readonly RootKind[] = ['throw', 'return', 'take', 'put', 'cancel', 'takePut']
const USER_THEN: readonly UserThen[] = ['log', 'put', 'retake', 'cancelOther', 'cancelSelf', 'runRoot']

function genCpsX(g: GenState, id: number): Expr {
  const { rnd } = g
  return { k: 'cpsX', id, mode: rnd.pick(CPS_MODES), fail: rnd.chance(0.3), ms: rnd.pick([0, 5, 10] as const), cancel: rnd.pick(['none', 'clear', 'keep'] as const) }
}

function genUserTake(g: GenState, id: number): Expr {
  const { rnd } = g
  g.userTakes++
  const then = rnd.pick(USER_THEN)
  return { k: 'userTake', id, match: rnd.pick(['A', 'B', 'any'] as const), then, ...(then === 'runRoot' ? { root: rnd.pick(ROOT_KINDS) } : {}) }
}

/**
 * Pattern elements: 'fn:throw' is a predicate that throws on B (and matches A), 'fn:any' matches
 * everything, 'fn:log' logs every call (and matches A).
 */
const PATTERN_PARTS = ['A', 'B', '*', 'fn:A', 'fn:B', 'creator:A', 'fn:any', 'fn:throw', 'fn:log'] as const

/** Arrays (possibly empty) mixing strings, predicates and '*', or a single predicate / '*'. */
function fancyPattern(rnd: Random): string | string[] {
  if (rnd.chance(0.6)) {
    const n = rnd.int(4)
    const out: string[] = []
    for (let i = 0; i < n; i++) out.push(rnd.pick(PATTERN_PARTS))
    return out
  }
  return rnd.pick(['*', 'fn:any', 'fn:throw', 'fn:log', 'fn:B'] as const)
}

const BUFFERS: readonly BufferKind[] = ['default', 'none', 'fixed', 'dropping', 'sliding', 'expanding']
const CALL_OUTCOMES: readonly CtxOutcome[] = ['value', 'throw', 'async', 'error']
const CPS_OUTCOMES: readonly CtxOutcome[] = ['value', 'throw', 'async', 'error', 'twice', 'thenThrow']

function genExpr(g: GenState, fi: number, depth: number, inCombinator: boolean): Expr {
  const { rnd } = g
  const id = g.nextId++
  const canRef = fi + 1 < g.nFns
  const fRef = () => fi + 1 + rnd.int(g.nFns - fi - 1)
  for (;;) {
    const kind = rnd.weighted(EXPR_WEIGHTS)
    switch (kind) {
      case 'sync':
        return { k: 'sync', id, v: rnd.int(10) }
      case 'throw':
        return { k: 'throw', id }
      case 'promise':
        return { k: 'promise', id, ms: rnd.pick(MS), hops: rnd.int(4), v: rnd.int(10), reject: rnd.chance(0.2), cancellable: rnd.chance(0.5) }
      case 'forkFn':
        return { k: 'forkFn', id, kind: rnd.pick(['sync', 'promise', 'throw'] as const), detached: rnd.chance(0.3) }
      case 'eventChannel':
        if (inCombinator) continue
        g.chans.push(id)
        g.eventChans.push(id)
        return { k: 'eventChannel', id, buffer: rnd.pick(['none', 'expanding', 'sliding'] as const) }
      case 'inspect':
        if (g.forks.length === 0) continue
        return { k: 'inspect', id, task: rnd.pick(g.forks) }
      case 'cps':
        return { k: 'cps', id, ms: rnd.pick(MS), v: rnd.int(10), fail: rnd.chance(0.25) }
      case 'saga':
        if (!canRef) continue
        return { k: 'saga', id, f: fRef() }
      case 'delay':
        return { k: 'delay', id, ms: rnd.pick(MS) }
      case 'put': {
        const r = rnd.int(20)
        const type: ActionType = r === 0 ? 'END' : r === 1 ? 'BOOM' : rnd.pick(TYPES)
        return { k: 'put', id, type, resolve: rnd.chance(0.15) }
      }
      case 'take': {
        const r = rnd.int(100)
        // 'fn:A' is a predicate (a) => a.type === 'A'; 'creator:B' an action creator whose own toString gives 'B'.
        const pattern = r < 12 ? '*' : r < 24 ? ['A', 'B'] : r < 32 ? `fn:${rnd.pick(TYPES)}` : r < 38 ? `creator:${rnd.pick(TYPES)}` : rnd.pick(TYPES)
        return { k: 'take', id, pattern, maybe: rnd.chance(0.2) }
      }
      case 'takeChan': {
        // On a multicastChannel, the next put throws "taker[symbols.MATCH] is not a function".
        if (g.chans.length === 0) continue
        return { k: 'takeChan', id, chan: rnd.pick(g.chans), maybe: rnd.chance(0.2) }
      }
      case 'flush':
        if (g.chans.length === 0) continue
        return { k: 'flush', id, chan: rnd.pick(g.chans) }
      case 'actionChannel':
        // In a combinator the channel is not kept (only its description is logged).
        if (inCombinator && rnd.chance(0.6)) continue
        if (!inCombinator) g.chans.push(id)
        return { k: 'actionChannel', id, pattern: rnd.pick(TYPES), buffer: rnd.pick(['default', 'sliding', 'dropping'] as const) }
      case 'select':
        return { k: 'select', id, throws: rnd.chance(0.15) }
      case 'fork':
        if (!canRef) continue
        if (!inCombinator) g.forks.push(id)
        return { k: 'fork', id, f: fRef(), detached: rnd.chance(0.8) ? false : rnd.chance(0.7) ? 'spawn' : 'detach' }
      case 'timedHelper':
        if (!canRef || inCombinator) continue
        g.forks.push(id)
        return { k: 'timedHelper', id, helper: rnd.pick(['throttle', 'debounce'] as const), ms: rnd.pick([5, 10, 20]), pattern: rnd.pick(TYPES), f: fRef() }
      case 'chanPut': {
        const puttable = g.chans.filter((c) => !g.eventChans.includes(c))
        if (puttable.length === 0) continue
        return { k: 'chanPut', id, chan: rnd.pick(puttable), v: rnd.int(10), end: rnd.chance(0.2) }
      }
      case 'chanClose':
        if (g.chans.length === 0) continue
        return { k: 'chanClose', id, chan: rnd.pick(g.chans) }
      case 'retry':
        return { k: 'retry', id, tries: 1 + rnd.int(3), ms: rnd.pick(MS), failures: rnd.int(4), ...(rnd.chance(0.15) ? { falsy: true } : {}) }
      case 'iterator':
        if (!canRef) continue
        return { k: 'iterator', id, f: fRef() }
      case 'rawPromise':
        return { k: 'rawPromise', id, ms: rnd.pick(MS), v: rnd.int(10) }
      case 'setContext':
        return { k: 'setContext', id, v: rnd.int(10) }
      case 'getContext':
        return { k: 'getContext', id }
      case 'helper':
        if (!canRef || inCombinator) continue
        g.forks.push(id)
        return { k: 'helper', id, helper: rnd.pick(['takeEvery', 'takeLatest', 'takeLeading'] as const), pattern: rnd.pick(TYPES), f: fRef() }
      case 'join':
        if (g.forks.length === 0) continue
        return { k: 'join', id, task: rnd.chance(0.2) ? [rnd.pick(g.forks), rnd.pick(g.forks)] : rnd.pick(g.forks) }
      case 'cancel':
        if (g.forks.length === 0) continue
        return { k: 'cancel', id, task: rnd.chance(0.2) ? [rnd.pick(g.forks), rnd.pick(g.forks)] : rnd.pick(g.forks) }
      case 'cancelSelf':
        if (inCombinator && rnd.chance(0.7)) continue
        return { k: 'cancel', id, task: 'self' }
      case 'cancelled':
        return { k: 'cancelled', id }
      case 'plain':
        return { k: 'plain', id, v: rnd.int(10) }
      case 'takeFancy':
        return { k: 'take', id, pattern: fancyPattern(rnd), maybe: rnd.chance(0.2) }
      case 'channel':
        if (inCombinator) continue
        g.chans.push(id)
        g.userChans.push(id)
        return { k: 'channel', id, buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2), direct: rnd.chance(0.4) }
      case 'multicast':
        if (inCombinator) continue
        g.chans.push(id)
        g.userChans.push(id)
        g.multicasts.push(id)
        return { k: 'multicast', id, direct: rnd.chance(0.4) }
      case 'takeMulti':
        if (g.multicasts.length === 0) continue
        return { k: 'takeMulti', id, chan: rnd.pick(g.multicasts), pattern: rnd.chance(0.5) ? rnd.pick(TYPES) : fancyPattern(rnd), maybe: rnd.chance(0.3) }
      case 'chanPutB': {
        const puttable = g.chans.filter((c) => !g.eventChans.includes(c))
        if (puttable.length === 0) continue
        return { k: 'chanPut', id, chan: rnd.pick(puttable), v: rnd.int(10), end: false, type: rnd.chance(0.3) ? 'error' : 'B' }
      }
      case 'ctxCall': {
        const form = rnd.pick(['apply', 'array', 'arrayName', 'object', 'fork', 'spawnObject', 'cps', 'cpsObject', 'cpsName'] as const)
        const outcome = rnd.pick(form.startsWith('cps') ? CPS_OUTCOMES : CALL_OUTCOMES)
        return { k: 'ctxCall', id, form, outcome, v: rnd.int(10) }
      }
      case 'putPromise':
        return { k: 'putPromise', id, reject: rnd.chance(0.4), ms: rnd.pick([0, 5] as const), resolve: rnd.chance(0.7), thenable: rnd.chance(0.25) || undefined }
      case 'selectArgs':
        return { k: 'selectArgs', id, args: rnd.chance(0.3) ? null : Array.from({ length: 1 + rnd.int(2) }, () => rnd.int(10)) }
      case 'helperX': {
        if (!canRef || inCombinator) continue
        g.forks.push(id)
        const helper = rnd.pick(['takeEvery', 'takeLatest', 'takeLeading', 'throttle', 'debounce'] as const)
        // A helper takes without a pattern (see takeChan for a multicastChannel).
        const chan = g.chans.length > 0 && rnd.chance(0.5) ? rnd.pick(g.chans) : null
        return { k: 'helperX', id, helper, chan, pattern: chan === null ? fancyPattern(rnd) : 'A', ms: rnd.pick([5, 10]), f: fRef(), arg: rnd.chance(0.5) ? rnd.int(10) : null }
      }
      case 'thenable':
        return { k: 'thenable', id, mode: rnd.pick(['resolve', 'reject', 'later', 'never', 'twice'] as const), via: rnd.pick(['call', 'yield', 'fork'] as const) }
      case 'actionChannelX':
        if (inCombinator) continue
        g.chans.push(id)
        return { k: 'actionChannel', id, pattern: rnd.chance(0.5) ? rnd.pick(TYPES) : fancyPattern(rnd), buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2) }
      case 'eventChannelX':
        if (inCombinator) continue
        g.chans.push(id)
        g.eventChans.push(id)
        return { k: 'eventChannel', id, buffer: rnd.pick(['none', 'expanding', 'sliding'] as const), eager: rnd.chance(0.7) ? 'msg' : 'end' }
      case 'chanPutSync': {
        const puttable = g.chans.filter((c) => !g.eventChans.includes(c))
        if (puttable.length === 0) continue
        const end = rnd.chance(0.15)
        const type = end ? undefined : rnd.pick([undefined, undefined, 'B', 'error'] as const)
        return { k: 'chanPut', id, chan: rnd.pick(puttable), v: rnd.int(10), end, type, sync: true }
      }
      case 'emitCall':
        if (g.eventChans.length === 0) continue
        return { k: 'emitCall', id, end: rnd.chance(0.2) }
      case 'taskCall':
        if (g.forks.length === 0) continue
        return { k: 'taskCall', id, task: rnd.pick(g.forks), op: rnd.pick(['cancel', 'toPromise'] as const) }
      case 'runRoot':
        if (!canRef || inCombinator) continue
        g.forks.push(id)
        return { k: 'runRoot', id, f: fRef() }
      case 'delayVal':
        return { k: 'delayVal', id, ms: rnd.pick(MS), val: rnd.pick(['number', 'promise', 'thenable', 'undefined'] as const) }
      case 'cpsX':
        return genCpsX(g, id)
      case 'userTake':
        return genUserTake(g, id)
      case 'userCancel':
        if (g.userTakes === 0) continue
        return { k: 'userCancel', id }
      case 'runRootX':
        if (inCombinator) continue
        g.forks.push(id)
        return { k: 'runRootX', id, root: rnd.pick(ROOT_KINDS) }
      case 'dispatchFn':
        return { k: 'dispatchFn', id, via: rnd.pick(DISPATCH_VIAS), type: rnd.chance(0.08) ? 'END' : rnd.pick(['A', 'A', 'B'] as const) }
      case 'dispatchVictim':
        if (inCombinator) continue
        g.forks.push(id)
        return { k: 'dispatchVictim', id, wrap: rnd.pick(['takeLatest', 'takeEvery', 'race', 'raceCall'] as const), via: rnd.pick(DISPATCH_VIAS), ms: rnd.pick([-1, 0, 5] as const) }
      case 'callCancel':
        return { k: 'callCancel', id, then: rnd.pick(['none', 'put', 'takeMaybe'] as const) }
      case 'eventChannelY':
        if (inCombinator) continue
        return genEventChannelY(g, id)
      case 'closingTaker': {
        // On a multicastChannel, see takeChan.
        if (inCombinator || g.chans.length === 0) continue
        g.forks.push(id)
        return { k: 'closingTaker', id, chan: rnd.pick(g.chans) }
      }
      case 'mixed':
        return genMixed(g, id)
      case 'customChan':
        if (inCombinator) continue
        return genCustomChan(g, id)
      case 'customBuffer':
        if (inCombinator) continue
        return genCustomBuffer(g, id)
      case 'selfCancel':
        return genSelfCancel(g, id)
      case 'ctxRun': {
        const f = canRef && rnd.chance(0.7) ? fRef() : null
        if (f !== null && !inCombinator) g.forks.push(id)
        return { k: 'ctxRun', id, v: rnd.int(10), f }
      }
      case 'taskCtx':
        if (g.forks.length === 0) continue
        return { k: 'taskCtx', id, task: rnd.pick(g.forks), v: rnd.int(10) }
      case 'ctxReader':
        if (inCombinator) continue
        g.forks.push(id)
        return { k: 'ctxReader', id, n: 1 + rnd.int(3), ms: rnd.pick([0, 5] as const) }
      case 'userCancelTask':
        return { k: 'userCancelTask', id, via: rnd.pick(DISPATCH_VIAS), target: g.forks.length > 0 && rnd.chance(0.6) ? rnd.pick(g.forks) : 'root' }
      case 'putX': {
        const op = rnd.pick(REDUCER_OPS)
        return { k: 'putX', id, op, task: op === 'cancelTask' && g.forks.length > 0 ? rnd.pick(g.forks) : null, resolve: rnd.chance(0.3) }
      }
      case 'putThunk':
        g.thunks++
        return { k: 'putThunk', id, mode: rnd.pick(['value', 'dispatch', 'promise', 'reject'] as const), resolve: rnd.chance(0.5) }
      case 'blocked':
        if (inCombinator) continue
        g.forks.push(id)
        return { k: 'blocked', id, comb: rnd.pick(['race', 'all'] as const), fin: rnd.pick(['put', 'delay', 'take', 'call', 'none'] as const), spawn: rnd.chance(0.25) }
      case 'helper7': {
        if (inCombinator) continue
        return genHelper7(g, id, g.chans.length > 0 && rnd.chance(0.6) ? rnd.pick(g.chans) : null)
      }
      case 'runDuring':
        if (inCombinator) continue
        return genRunDuring(g, id)
      case 'ctxChild': {
        const via = rnd.pick(['fork', 'spawn', 'call'] as const)
        if (via !== 'call' && !inCombinator) g.forks.push(id)
        return { k: 'ctxChild', id, via, v: rnd.int(10) }
      }
      case 'all':
      case 'race': {
        // Mostly two levels; sometimes three.
        if (depth >= 3 || (depth === 2 && rnd.chance(0.7))) continue
        const n = rnd.int(4)
        const children: Expr[] = []
        for (let i = 0; i < n; i++) children.push(genExpr(g, fi, depth + 1, true))
        return { k: kind, id, children, obj: rnd.chance(0.5) }
      }
      case 'nested': {
        // race > all > race, each level with a few random siblings.
        if (depth > 0) continue
        const level = (k: 'all' | 'race', d: number, inner: Expr | null): Expr => {
          const children: Expr[] = []
          const n = rnd.int(3)
          for (let i = 0; i < n; i++) children.push(genExpr(g, fi, d + 1, true))
          if (inner) children.splice(rnd.int(children.length + 1), 0, inner)
          else children.push(genExpr(g, fi, d + 1, true))
          return { k, id: g.nextId++, children, obj: rnd.chance(0.5) }
        }
        const innermost = level('race', 2, null)
        const middle = level('all', 1, innermost)
        const outer = level('race', 0, middle)
        return { ...outer, id }
      }
      case 'raceSaga': {
        // A called sub-saga (with its own forks) racing a delay or a take: the loser is cancelled.
        if (!canRef) continue
        const saga: Expr = { k: 'saga', id: g.nextId++, f: fRef() }
        const other: Expr = rnd.chance(0.5) ? { k: 'delay', id: g.nextId++, ms: rnd.pick(MS) } : { k: 'take', id: g.nextId++, pattern: rnd.pick(TYPES), maybe: false }
        const children = rnd.chance(0.5) ? [saga, other] : [other, saga]
        return { k: 'race', id, children, obj: rnd.chance(0.5) }
      }
      case 'syncRace': {
        // A race (or all) whose first child settles while the others are not started yet.
        const first: Expr = rnd.pick([
          () => ({ k: 'plain', id: g.nextId++, v: rnd.int(10) }) as Expr,
          () => ({ k: 'sync', id: g.nextId++, v: rnd.int(10) }) as Expr,
          () => ({ k: 'throw', id: g.nextId++ }) as Expr,
          () => ({ k: 'put', id: g.nextId++, type: rnd.pick(TYPES), resolve: rnd.chance(0.3) }) as Expr,
          () => ({ k: 'select', id: g.nextId++, throws: rnd.chance(0.3) }) as Expr,
          () => ({ k: 'cancelled', id: g.nextId++ }) as Expr,
        ])()
        const children = [first]
        const n = 1 + rnd.int(3)
        for (let i = 0; i < n; i++) children.push(genExpr(g, fi, depth + 1, true))
        return { k: rnd.chance(0.75) ? 'race' : 'all', id, children, obj: rnd.chance(0.5) }
      }
    }
  }
}

function genBlock(g: GenState, fi: number, depth: number, maxLen: number): Stmt[] {
  const { rnd } = g
  const n = 1 + rnd.int(maxLen)
  const out: Stmt[] = []
  for (let i = 0; i < n; i++) {
    const r = rnd.int(100)
    const id = g.nextId++
    if (r < 3) out.push({ k: 'throw', id })
    else if (r < 6) out.push({ k: 'return', id, v: rnd.int(10) })
    else if (r < 22 && depth < 2) {
      const hasCatch = rnd.chance(0.7)
      const hasFinally = !hasCatch || rnd.chance(0.6)
      out.push({
        k: 'try',
        id,
        body: genBlock(g, fi, depth + 1, 4),
        catch: hasCatch ? genBlock(g, fi, depth + 1, 2) : null,
        finally: hasFinally ? finallyBlock(g, fi, depth + 1) : null,
      })
    } else if (r < 27 && depth < 2) out.push({ k: 'loop', id, n: 1 + rnd.int(3), body: genBlock(g, fi, depth + 1, 3) })
    else if (r < 29 && fi + 2 < g.nFns) out.push(...forkPair(g, fi, id))
    else if (r < 31) out.push(...shape(g, fi, id))
    else if (r < 34) out.push(...shape4(g, fi, id))
    else if (r < 38) out.push(...shape5(g, fi, id))
    else if (g.focus === 7 && r < 80) out.push(...shape7(g, fi, id))
    else if (g.focus === 8 && r < 80) out.push(...shape8(g, fi, id))
    // Ninth round: only under FUZZ_FOCUS=9 (unfocused seeds' programs are unchanged).
    else if (g.focus === 9 && r < 80) out.push(...shape9(g, fi, id))
    else if (r < (g.focus === 6 ? 80 : 43)) out.push(...shape6(g, fi, id))
    else if (r < 46) out.push(...shape7(g, fi, id))
    // Eighth round: carved out of the plain yields (seeds' programs with a yield here changed).
    else if (r < 48) out.push(...shape8(g, fi, id))
    else out.push({ k: 'yield', id, e: genExpr(g, fi, 0, false) })
  }
  return out
}

/**
 * Two forks, then a join / cancel of one of them (or a race / all of both): later functions may
 * join or cancel these tasks too, so a task can be cancelled while it joins its sibling.
 */
function forkPair(g: GenState, fi: number, id: number): Stmt[] {
  const { rnd } = g
  const fRef = () => fi + 1 + rnd.int(g.nFns - fi - 1)
  const a = g.nextId++
  const b = g.nextId++
  g.forks.push(a, b)
  const out: Stmt[] = [
    { k: 'yield', id, e: { k: 'fork', id: a, f: fRef(), detached: false } },
    { k: 'yield', id: g.nextId++, e: { k: 'fork', id: b, f: fRef(), detached: rnd.chance(0.8) ? false : 'spawn' } },
  ]
  const one = (k: 'join' | 'cancel'): Expr => ({ k, id: g.nextId++, task: rnd.pick([a, b]) })
  const e: Expr = rnd.chance(0.6)
    ? one(rnd.pick(['join', 'cancel'] as const))
    : { k: rnd.pick(['race', 'all'] as const), id: g.nextId++, children: [one('join'), one(rnd.pick(['join', 'cancel'] as const))], obj: rnd.chance(0.5) }
  out.push({ k: 'yield', id: g.nextId++, e })
  return out
}

/**
 * Third round, fixed statement shapes: a chain of takers that put again, the first put before or
 * after the takers are forked (echoChain), a channel
 * taken by forked takers or a helper, then flushed, closed (or sent END) and taken after the
 * close (chanLifecycle), a retry cancelled while it waits (retryCancel), and a race of a delay
 * against a take of what a sibling puts after the same delay (raceTick).
 */
function shape(g: GenState, fi: number, id: number): Stmt[] {
  const { rnd } = g
  const y = (e: Expr, sid = g.nextId++): Stmt => ({ k: 'yield', id: sid, e })
  const task = <E extends Expr>(e: E): E => {
    g.forks.push(e.id)
    return e
  }
  switch (rnd.pick(['echoChain', 'chanLifecycle', 'retryCancel', 'raceTick'] as const)) {
    case 'echoChain': {
      const chain: EchoType[] = rnd.pick([['A', 'B', 'C'], ['A', 'B'], ['A', 'B', 'C', 'A'], ['B', 'A', 'B'], ['A', 'C', 'B']] as EchoType[][])
      const out: Stmt[] = []
      for (let i = 0; i + 1 < chain.length; i++) {
        out.push(y(task({ k: 'echo', id: g.nextId++, from: chain[i]!, to: chain[i + 1]!, n: 1 + rnd.int(2), resolve: rnd.chance(0.3) }), i === 0 ? id : undefined))
      }
      const head = chain[0] as 'A' | 'B'
      // The put first: at the root's start it is queued until the root's synchronous part (the forks) is done.
      const put: Expr = { k: 'put', id: g.nextId++, type: head, resolve: rnd.chance(0.4) }
      const r = rnd.int(10)
      if (r < 3) return [y(put, id), ...out.map((s, i) => (i === 0 ? { ...s, id: g.nextId++ } : s))]
      if (r < 8) out.push(y(put))
      return out
    }
    case 'chanLifecycle': {
      const cid = g.nextId++
      const chan: Expr = rnd.chance(0.65)
        ? { k: 'actionChannel', id: cid, pattern: rnd.pick(['A', 'B', '*'] as const), buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2) }
        : { k: 'channel', id: cid, buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2), direct: rnd.chance(0.3) }
      g.chans.push(cid)
      if (chan.k === 'channel') g.userChans.push(cid)
      const out: Stmt[] = [y(chan, id)]
      if (fi + 1 < g.nFns && rnd.chance(0.4)) {
        const helper = rnd.pick(['takeEvery', 'takeLatest', 'takeLeading', 'throttle', 'debounce'] as const)
        out.push(y(task({ k: 'helperX', id: g.nextId++, helper, chan: cid, pattern: 'A', ms: rnd.pick([5, 10]), f: fi + 1 + rnd.int(g.nFns - fi - 1), arg: null })))
      } else {
        const n = 1 + rnd.int(2)
        for (let i = 0; i < n; i++) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: cid, n: 1 + rnd.int(2), maybe: rnd.chance(0.5) })))
      }
      if (rnd.chance(0.5)) {
        out.push(
          y(
            chan.k === 'channel'
              ? { k: 'chanPut', id: g.nextId++, chan: cid, v: rnd.int(10), end: false, sync: rnd.chance(0.5) || undefined }
              : { k: 'put', id: g.nextId++, type: rnd.pick(TYPES), resolve: rnd.chance(0.3) },
          ),
        )
      }
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
      if (rnd.chance(0.7)) out.push(y({ k: 'flush', id: g.nextId++, chan: cid }))
      out.push(y(rnd.chance(0.6) ? { k: 'chanClose', id: g.nextId++, chan: cid } : { k: 'chanPut', id: g.nextId++, chan: cid, v: 0, end: true, sync: rnd.chance(0.5) || undefined }))
      if (rnd.chance(0.6)) out.push(y({ k: 'takeChan', id: g.nextId++, chan: cid, maybe: rnd.chance(0.5) }))
      if (rnd.chance(0.3)) out.push(y({ k: 'flush', id: g.nextId++, chan: cid }))
      return out
    }
    case 'retryCancel': {
      const t = task({ k: 'forkRetry', id: g.nextId++, tries: 2 + rnd.int(2), ms: rnd.pick([5, 10] as const), failures: 1 + rnd.int(4) } as const)
      return [
        y(t, id),
        y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 3, 5, 10, 15] as const) }),
        y(rnd.chance(0.7) ? { k: 'cancel', id: g.nextId++, task: t.id } : { k: 'taskCall', id: g.nextId++, task: t.id, op: 'cancel' }),
      ]
    }
    case 'raceTick': {
      const ms = rnd.pick([0, 5] as const)
      const type = rnd.pick(TYPES) as 'A' | 'B'
      const children: Expr[] = [
        { k: 'delay', id: g.nextId++, ms },
        { k: 'take', id: g.nextId++, pattern: rnd.chance(0.8) ? type : '*', maybe: false },
      ]
      if (rnd.chance(0.5)) children.reverse()
      if (rnd.chance(0.3)) children.push({ k: 'cancel', id: g.nextId++, task: 'self' })
      return [y(task({ k: 'delayedPut', id: g.nextId++, ms, type }), id), y({ k: 'race', id: g.nextId++, children, obj: rnd.chance(0.5) })]
    }
  }
}

/**
 * Fourth round, fixed statement shapes: END reaching waiters (endRace) and a buffered
 * actionChannel (endChan), joiners of a task that fails / returns / cancels itself / is cancelled
 * (joiners), cps raced (cpsRace), puts spaced by delays under a helper (helperStress), user
 * callbacks on the input channel between puts (userChan), a root saga started during a delivery
 * (nestedRun), context through fork / spawn / call (ctx).
 */
function shape4(g: GenState, fi: number, id: number): Stmt[] {
  const { rnd } = g
  const y = (e: Expr, sid = g.nextId++): Stmt => ({ k: 'yield', id: sid, e })
  const task = <E extends Expr>(e: E): E => {
    g.forks.push(e.id)
    return e
  }
  const put = (type: ActionType): Expr => ({ k: 'put', id: g.nextId++, type, resolve: rnd.chance(0.3) })
  const kinds = ['endRace', 'endChan', 'joiners', 'cpsRace', 'userChan', 'nestedRun', 'ctx', ...(fi + 1 < g.nFns ? (['helperStress'] as const) : [])] as const
  switch (rnd.pick(kinds)) {
    case 'endRace': {
      const out: Stmt[] = []
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) {
        const m = 1 + rnd.int(3)
        out.push(y(task({ k: 'endWaiter', id: g.nextId++, comb: rnd.pick(['race', 'all'] as const), maybe: Array.from({ length: m }, () => rnd.chance(0.5)), obj: rnd.chance(0.5) }), i === 0 ? id : undefined))
      }
      if (rnd.chance(0.4)) out.push(y(put(rnd.pick(TYPES))))
      if (rnd.chance(0.3)) out.push(y({ k: 'delay', id: g.nextId++, ms: 0 }))
      out.push(y(put('END')))
      if (rnd.chance(0.4)) out.push(y({ k: 'take', id: g.nextId++, pattern: rnd.pick(['A', '*'] as const), maybe: rnd.chance(0.7) }))
      return out
    }
    case 'endChan': {
      const cid = g.nextId++
      g.chans.push(cid)
      const out: Stmt[] = [y({ k: 'actionChannel', id: cid, pattern: rnd.pick(['A', '*', ['A', 'B']] as const) as string | string[], buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2) }, id)]
      if (rnd.chance(0.3)) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: cid, n: 1 + rnd.int(2), maybe: rnd.chance(0.5) })))
      const n = rnd.int(4)
      for (let i = 0; i < n; i++) out.push(y(put(rnd.pick(TYPES))))
      if (rnd.chance(0.8)) out.push(y(put('END')))
      const after = 1 + rnd.int(3)
      for (let i = 0; i < after; i++) {
        const r = rnd.int(4)
        out.push(y(r === 0 ? { k: 'flush', id: g.nextId++, chan: cid } : r === 3 ? { k: 'chanClose', id: g.nextId++, chan: cid } : { k: 'takeChan', id: g.nextId++, chan: cid, maybe: r === 1 }))
      }
      return out
    }
    case 'joiners': {
      const victim = task({ k: 'victim', id: g.nextId++, mode: rnd.pick(['fail', 'return', 'cancelSelf', 'wait', 'sync'] as const), ms: rnd.pick([0, 5] as const), spawn: rnd.chance(0.6) } as const)
      const out: Stmt[] = [y(victim, id)]
      const joiners: number[] = []
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) {
        const j = task({ k: 'joiner', id: g.nextId++, task: victim.id, ms: rnd.pick([0, 0, 3, 10] as const), spawn: rnd.chance(0.5) } as const)
        joiners.push(j.id)
        out.push(y(j))
      }
      const r = rnd.int(5)
      if (r === 0) out.push(y({ k: 'cancel', id: g.nextId++, task: victim.id }))
      else if (r === 1) out.push(y({ k: 'join', id: g.nextId++, task: victim.id }))
      else if (r === 2) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 3, 5] as const) }), y({ k: 'cancel', id: g.nextId++, task: rnd.chance(0.5) ? victim.id : [victim.id, joiners[0]!] }))
      else if (r === 3) out.push(y({ k: 'join', id: g.nextId++, task: [victim.id, ...joiners] }))
      return out
    }
    case 'cpsRace': {
      const other = (): Expr =>
        rnd.pick([
          () => ({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }) as Expr,
          () => ({ k: 'take', id: g.nextId++, pattern: rnd.pick(TYPES), maybe: rnd.chance(0.3) }) as Expr,
          () => ({ k: 'throw', id: g.nextId++ }) as Expr,
          () => ({ k: 'promise', id: g.nextId++, ms: 5, hops: 0, v: 1, reject: rnd.chance(0.5), cancellable: true }) as Expr,
          () => genCpsX(g, g.nextId++),
        ])()
      const children = [genCpsX(g, g.nextId++), other()]
      if (rnd.chance(0.3)) children.push(other())
      if (rnd.chance(0.5)) children.reverse()
      const comb: Expr = { k: rnd.chance(0.7) ? 'race' : 'all', id: g.nextId++, children, obj: rnd.chance(0.5) }
      const out: Stmt[] = [y(comb, id)]
      if (rnd.chance(0.3)) out.unshift(y(task({ k: 'delayedPut', id: g.nextId++, ms: rnd.pick([0, 5] as const), type: rnd.pick(TYPES) as 'A' | 'B' })))
      return out
    }
    case 'userChan': {
      const out: Stmt[] = [y(genUserTake(g, g.nextId++), id)]
      if (rnd.chance(0.5)) out.push(y(genUserTake(g, g.nextId++)))
      const n = 1 + rnd.int(3)
      for (let i = 0; i < n; i++) {
        const r = rnd.int(6)
        if (r === 0) out.push(y({ k: 'userCancel', id: g.nextId++ }))
        else if (r === 1) out.push(y({ k: 'take', id: g.nextId++, pattern: rnd.pick(['A', 'B', '*'] as const), maybe: false }))
        else if (r === 2) out.push(y({ k: 'echo', id: g.nextId++, from: 'A', to: 'B', n: 1, resolve: rnd.chance(0.3) }))
        else out.push(y(put(rnd.chance(0.1) ? 'END' : rnd.pick(TYPES))))
      }
      return out
    }
    case 'nestedRun': {
      const root = rnd.pick(ROOT_KINDS)
      const out: Stmt[] = []
      if (rnd.chance(0.5)) out.push(y(task({ k: 'takeRun', id: g.nextId++, root }), id))
      else {
        out.push(y({ k: 'userTake', id: g.nextId++, match: 'A', then: 'runRoot', root }, id))
        g.userTakes++
      }
      if (rnd.chance(0.3)) out.push(y({ k: 'take', id: g.nextId++, pattern: '*', maybe: true }))
      out.push(y(put('A')))
      if (rnd.chance(0.5)) out.push(y(put(rnd.pick(['A', 'B'] as const))))
      return out
    }
    case 'ctx': {
      const out: Stmt[] = [y({ k: 'setContext', id: g.nextId++, v: rnd.int(10) }, id)]
      const via = rnd.pick(['fork', 'spawn', 'call'] as const)
      const c = { k: 'ctxChild', id: g.nextId++, via, v: rnd.int(10) } as const
      out.push(y(via === 'call' ? c : task(c)))
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: 0 }))
      out.push(y({ k: 'getContext', id: g.nextId++ }))
      return out
    }
    case 'helperStress': {
      const helper = rnd.pick(['takeLeading', 'throttle', 'debounce', 'takeLatest'] as const)
      const h = task({ k: 'helperX', id: g.nextId++, helper, chan: null, pattern: 'A', ms: rnd.pick([5, 10] as const), f: fi + 1 + rnd.int(g.nFns - fi - 1), arg: rnd.chance(0.3) ? rnd.int(10) : null } as const)
      const body: Stmt[] = [y(put('A')), y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 3, 5, 10] as const) })]
      const out: Stmt[] = [y(h, id), { k: 'loop', id: g.nextId++, n: 2 + rnd.int(3), body }]
      if (rnd.chance(0.3)) out.push(y({ k: 'cancel', id: g.nextId++, task: h.id }))
      return out
    }
  }
}

/**
 * Fifth round, fixed statement shapes: a race of take(T) against user code dispatching T
 * (dispatchRace), tasks cancelled by the action their own code dispatches (victims), a burst of
 * puts into an actionChannel with any buffer, then taken / flushed / closed (burstChan), an
 * eventChannel burst with takers that close it (eventBurst), all / race of mixed children (mixed),
 * cancel() in a called sub-saga (callCancel).
 */
function shape5(g: GenState, fi: number, id: number): Stmt[] {
  const { rnd } = g
  const y = (e: Expr, sid = g.nextId++): Stmt => ({ k: 'yield', id: sid, e })
  const task = <E extends Expr>(e: E): E => {
    g.forks.push(e.id)
    return e
  }
  switch (rnd.pick(['dispatchRace', 'victims', 'burstChan', 'eventBurst', 'mixed', 'callCancel'] as const)) {
    case 'dispatchRace': {
      const type = rnd.pick(['A', 'B'] as const)
      const children: Expr[] = [
        { k: 'take', id: g.nextId++, pattern: rnd.chance(0.8) ? type : '*', maybe: rnd.chance(0.2) },
        { k: 'dispatchFn', id: g.nextId++, via: rnd.pick(DISPATCH_VIAS), type },
      ]
      if (rnd.chance(0.4)) children.reverse()
      if (rnd.chance(0.3)) children.push({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) })
      const out: Stmt[] = []
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
      out.push(y({ k: rnd.chance(0.75) ? 'race' : 'all', id: g.nextId++, children, obj: rnd.chance(0.5) }))
      out[0] = { ...out[0]!, id }
      return out
    }
    case 'victims': {
      const out: Stmt[] = []
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) {
        out.push(y(task({ k: 'dispatchVictim', id: g.nextId++, wrap: rnd.pick(['takeLatest', 'takeEvery', 'race', 'raceCall'] as const), via: rnd.pick(DISPATCH_VIAS), ms: rnd.pick([-1, 0, 5] as const) }), i === 0 ? id : undefined))
      }
      if (rnd.chance(0.7)) out.push(y({ k: 'put', id: g.nextId++, type: 'A', resolve: rnd.chance(0.3) }))
      if (rnd.chance(0.4)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }))
      return out
    }
    case 'burstChan': {
      const cid = g.nextId++
      g.chans.push(cid)
      const out: Stmt[] = [y({ k: 'actionChannel', id: cid, pattern: rnd.pick(['A', '*', ['A', 'B']] as const) as string | string[], buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2) }, id)]
      if (rnd.chance(0.4)) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: cid, n: 1 + rnd.int(3), maybe: rnd.chance(0.5) })))
      if (rnd.chance(0.2)) out.push(y(task({ k: 'closingTaker', id: g.nextId++, chan: cid })))
      const body: Stmt[] = [
        y(rnd.chance(0.7) ? { k: 'put', id: g.nextId++, type: rnd.pick(['A', 'A', 'B'] as const), resolve: rnd.chance(0.2) } : { k: 'dispatchFn', id: g.nextId++, via: rnd.pick(DISPATCH_VIAS), type: 'A' }),
      ]
      if (rnd.chance(0.3)) body.push(y({ k: 'delay', id: g.nextId++, ms: 0 }))
      out.push({ k: 'loop', id: g.nextId++, n: 2 + rnd.int(4), body })
      if (rnd.chance(0.2)) out.push(y({ k: 'put', id: g.nextId++, type: 'END', resolve: false }))
      const after = 1 + rnd.int(3)
      for (let i = 0; i < after; i++) {
        const r = rnd.int(5)
        out.push(y(r === 0 ? { k: 'flush', id: g.nextId++, chan: cid } : r === 3 ? { k: 'chanClose', id: g.nextId++, chan: cid } : { k: 'takeChan', id: g.nextId++, chan: cid, maybe: r === 1 }))
      }
      return out
    }
    case 'eventBurst': {
      const ch = genEventChannelY(g, g.nextId++) as Extract<Expr, { k: 'eventChannelY' }>
      const out: Stmt[] = [y(ch, id)]
      const r = rnd.int(3)
      if (r === 0) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: ch.id, n: 1 + rnd.int(3), maybe: rnd.chance(0.5) })))
      else if (r === 1) out.push(y(task({ k: 'closingTaker', id: g.nextId++, chan: ch.id })))
      const emits = rnd.int(4)
      for (let i = 0; i < emits; i++) out.push(y({ k: 'emitCall', id: g.nextId++, end: rnd.chance(0.1) }))
      const after = 1 + rnd.int(3)
      for (let i = 0; i < after; i++) {
        const q = rnd.int(4)
        out.push(y(q === 0 ? { k: 'flush', id: g.nextId++, chan: ch.id } : q === 1 ? { k: 'chanClose', id: g.nextId++, chan: ch.id } : { k: 'takeChan', id: g.nextId++, chan: ch.id, maybe: q === 2 && rnd.chance(0.5) }))
      }
      return out
    }
    case 'mixed':
      return [y(genMixed(g, g.nextId++), id)]
    case 'callCancel': {
      const c: Expr = { k: 'callCancel', id: g.nextId++, then: rnd.pick(['none', 'put', 'takeMaybe'] as const) }
      if (rnd.chance(0.5)) return [y(c, id)]
      return [{ k: 'try', id, body: [y(c), y({ k: 'sync', id: g.nextId++, v: 1 })], catch: rnd.chance(0.5) ? [y({ k: 'cancelled', id: g.nextId++ })] : null, finally: [y({ k: 'put', id: g.nextId++, type: 'B', resolve: false })] }]
    }
  }
}

/**
 * What the shape6 / shape7 generators share: the random stream, a yield statement, a fork
 * expression recorded as a task, and a statement list whose first statement takes the slot's id.
 */
function shapeTools(g: GenState, id: number) {
  return {
    rnd: g.rnd,
    y: (e: Expr, sid = g.nextId++): Stmt => ({ k: 'yield', id: sid, e }),
    task: <E extends Expr>(e: E): E => {
      g.forks.push(e.id)
      return e
    },
    first: (out: Stmt[]): Stmt[] => {
      out[0] = { ...out[0]!, id }
      return out
    },
  }
}

/**
 * Sixth round, fixed statement shapes: called sub-sagas cancelling themselves (selfCancel), user
 * channels with takers, puts, flushes and a close (customChan), user buffers under channel() and
 * actionChannel (customBuffer), the context set between root runs and read by running tasks (ctx),
 * tasks cancelled by user code or a reducer (cancelFromUser), thunks (thunk), and tasks blocked in
 * race / all with yielding finally blocks, cancelled or joined while blocked (blocked).
 */
function shape6(g: GenState, fi: number, id: number): Stmt[] {
  const { rnd, y, task, first } = shapeTools(g, id)
  switch (rnd.pick(['selfCancel', 'selfCancel', 'customChan', 'customChan', 'customBuffer', 'ctx', 'cancelFromUser', 'thunk', 'blocked', 'blocked'] as const)) {
    case 'selfCancel': {
      const out: Stmt[] = []
      if (rnd.chance(0.3)) out.push(y(task({ k: 'victim', id: g.nextId++, mode: 'wait', ms: 0, spawn: false })))
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) out.push(y(genSelfCancel(g, g.nextId++)))
      if (rnd.chance(0.4)) {
        return first([{ k: 'try', id: g.nextId++, body: out, catch: rnd.chance(0.5) ? [y({ k: 'cancelled', id: g.nextId++ })] : null, finally: [y({ k: 'put', id: g.nextId++, type: 'B', resolve: rnd.chance(0.3) })] }])
      }
      return first(out)
    }
    case 'customChan': {
      const ch = genCustomChan(g, g.nextId++)
      const out: Stmt[] = [y(ch)]
      const takers = rnd.int(3)
      for (let i = 0; i < takers; i++) {
        const r = rnd.int(5)
        if (r < 3) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: ch.id, n: 1 + rnd.int(2), maybe: rnd.chance(0.5) })))
        else if (r === 3) out.push(y(task({ k: 'closingTaker', id: g.nextId++, chan: ch.id })))
        else if (fi + 1 < g.nFns) {
          const helper = rnd.pick(['takeEvery', 'takeLatest', 'takeLeading', 'throttle', 'debounce'] as const)
          out.push(y(task({ k: 'helperX', id: g.nextId++, helper, chan: ch.id, pattern: 'A', ms: rnd.pick([5, 10]), f: fi + 1 + rnd.int(g.nFns - fi - 1), arg: null })))
        }
      }
      const puts = rnd.int(4)
      for (let i = 0; i < puts; i++) {
        const end = rnd.chance(0.1)
        out.push(y({ k: 'chanPut', id: g.nextId++, chan: ch.id, v: rnd.int(10), end, type: end ? undefined : rnd.pick([undefined, undefined, 'B', 'error'] as const), sync: rnd.chance(0.4) || undefined }))
      }
      const after = 1 + rnd.int(3)
      for (let i = 0; i < after; i++) {
        const r = rnd.int(6)
        if (r === 0) out.push(y({ k: 'flush', id: g.nextId++, chan: ch.id }))
        else if (r === 1) out.push(y({ k: 'chanClose', id: g.nextId++, chan: ch.id }))
        else if (r === 2 && ch.multicast) out.push(y({ k: 'takeMulti', id: g.nextId++, chan: ch.id, pattern: rnd.pick(['A', 'B', '*'] as const), maybe: rnd.chance(0.5) }))
        else if (r === 3) out.push(y({ k: 'race', id: g.nextId++, children: [{ k: 'takeChan', id: g.nextId++, chan: ch.id, maybe: false }, { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }], obj: rnd.chance(0.5) }))
        else out.push(y({ k: 'takeChan', id: g.nextId++, chan: ch.id, maybe: rnd.chance(0.5) }))
      }
      return first(out)
    }
    case 'customBuffer': {
      const b = genCustomBuffer(g, g.nextId++)
      const out: Stmt[] = [y(b)]
      if (rnd.chance(0.5)) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: b.id, n: 1 + rnd.int(2), maybe: rnd.chance(0.5) })))
      const body: Stmt[] = [y(b.via === 'channel' ? { k: 'chanPut', id: g.nextId++, chan: b.id, v: rnd.int(10), end: false, sync: rnd.chance(0.5) || undefined } : { k: 'put', id: g.nextId++, type: rnd.pick(['A', 'A', 'B'] as const), resolve: false })]
      out.push({ k: 'loop', id: g.nextId++, n: 1 + rnd.int(4), body })
      const after = 1 + rnd.int(3)
      for (let i = 0; i < after; i++) {
        const r = rnd.int(4)
        out.push(y(r === 0 ? { k: 'flush', id: g.nextId++, chan: b.id } : r === 1 ? { k: 'chanClose', id: g.nextId++, chan: b.id } : { k: 'takeChan', id: g.nextId++, chan: b.id, maybe: r === 2 }))
      }
      return first(out)
    }
    case 'ctx': {
      const out: Stmt[] = []
      const reader = task({ k: 'ctxReader', id: g.nextId++, n: 1 + rnd.int(3), ms: rnd.pick([0, 5] as const) } as const)
      out.push(y(reader))
      if (rnd.chance(0.4)) out.push(y({ k: 'setContext', id: g.nextId++, v: rnd.int(10) }))
      const f = fi + 1 < g.nFns && rnd.chance(0.7) ? fi + 1 + rnd.int(g.nFns - fi - 1) : null
      const run: Expr = { k: 'ctxRun', id: g.nextId++, v: rnd.int(10), f }
      if (f !== null) task(run)
      out.push(y(run))
      if (rnd.chance(0.4)) out.push(y({ k: 'taskCtx', id: g.nextId++, task: reader.id, v: rnd.int(10) }))
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
      if (rnd.chance(0.5)) out.push(y({ k: 'ctxRun', id: g.nextId++, v: rnd.int(10), f: null }))
      out.push(y({ k: 'getContext', id: g.nextId++ }))
      return first(out)
    }
    case 'cancelFromUser': {
      const out: Stmt[] = []
      const v = task({ k: 'victim', id: g.nextId++, mode: rnd.pick(['wait', 'return', 'fail'] as const), ms: rnd.pick([0, 5] as const), spawn: rnd.chance(0.3) } as const)
      out.push(y(v))
      if (rnd.chance(0.4)) out.push(y(task({ k: 'joiner', id: g.nextId++, task: v.id, ms: 0, spawn: rnd.chance(0.5) })))
      const target = rnd.chance(0.75) ? v.id : 'root'
      if (rnd.chance(0.5)) out.push(y({ k: 'userCancelTask', id: g.nextId++, via: rnd.pick(DISPATCH_VIAS), target }))
      else out.push(y({ k: 'putX', id: g.nextId++, op: target === 'root' ? 'cancelRoot' : rnd.pick(['cancelTask', 'cancelTask', 'dispatch', 'runRoot', 'throw'] as const), task: target === 'root' ? null : target, resolve: rnd.chance(0.3) }))
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
      return first(out)
    }
    case 'thunk': {
      const out: Stmt[] = []
      if (rnd.chance(0.4)) out.push(y(task({ k: 'echo', id: g.nextId++, from: 'A', to: 'B', n: 1, resolve: rnd.chance(0.3) })))
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) {
        g.thunks++
        out.push(y({ k: 'putThunk', id: g.nextId++, mode: rnd.pick(['value', 'dispatch', 'promise', 'reject'] as const), resolve: rnd.chance(0.5) }))
      }
      if (rnd.chance(0.4)) out.push(y({ k: 'take', id: g.nextId++, pattern: '*', maybe: false }))
      return first(out)
    }
    case 'blocked': {
      const b = task({ k: 'blocked', id: g.nextId++, comb: rnd.pick(['race', 'all'] as const), fin: rnd.pick(['put', 'delay', 'take', 'call', 'none'] as const), spawn: rnd.chance(0.25) } as const)
      const out: Stmt[] = [y(b)]
      if (rnd.chance(0.4)) out.push(y(task({ k: 'joiner', id: g.nextId++, task: b.id, ms: rnd.pick([0, 3] as const), spawn: rnd.chance(0.5) })))
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 3, 5] as const) }))
      switch (rnd.int(5)) {
        case 0:
          out.push(y({ k: 'cancel', id: g.nextId++, task: b.id }))
          break
        case 1:
          out.push(y({ k: 'taskCall', id: g.nextId++, task: b.id, op: 'cancel' }))
          break
        case 2:
          out.push(y({ k: 'race', id: g.nextId++, children: [{ k: 'join', id: g.nextId++, task: b.id }, { k: 'cancel', id: g.nextId++, task: b.id }], obj: rnd.chance(0.5) }))
          break
        case 3:
          out.push(y({ k: 'race', id: g.nextId++, children: [{ k: 'join', id: g.nextId++, task: b.id }, { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }], obj: rnd.chance(0.5) }))
          out.push(y({ k: 'cancel', id: g.nextId++, task: b.id }))
          break
        default:
          out.push(y({ k: 'all', id: g.nextId++, children: [{ k: 'cancel', id: g.nextId++, task: b.id }, { k: 'join', id: g.nextId++, task: b.id }], obj: rnd.chance(0.5) }))
      }
      if (rnd.chance(0.3)) out.push(y({ k: 'put', id: g.nextId++, type: 'A', resolve: false }))
      return first(out)
    }
  }
}

const HELPERS: readonly HelperName[] = ['takeEvery', 'takeLatest', 'takeLeading', 'throttle', 'debounce']
const ROOT_KINDS7: readonly RootKind7[] = ['throw', 'return', 'take', 'put', 'cancel', 'takePut', 'every', 'forkPut', 'nested', 'select', 'chan']
const RUN_VIAS: readonly RunVia[] = ['reducer', 'listener', 'select', 'call', 'cps', 'thunk']

function genHelper7(g: GenState, id: number, chan: number | null): Extract<Expr, { k: 'helper7' }> {
  const { rnd } = g
  g.forks.push(id)
  const fail = rnd.chance(0.15) ? rnd.pick(['falsy', 'error'] as const) : undefined
  return { k: 'helper7', id, helper: rnd.pick(HELPERS), chan, pattern: chan === null ? rnd.pick(['A', 'A', '*'] as const) : 'A', ms: rnd.pick([5, 10] as const), workerMs: rnd.pick([-1, 0, 5, 10] as const), ...(fail ? { fail } : {}) }
}

function genRunDuring(g: GenState, id: number): Extract<Expr, { k: 'runDuring' }> {
  const { rnd } = g
  const via = rnd.pick(RUN_VIAS)
  if (via === 'thunk') g.thunks++
  if (via === 'select' || via === 'call' || via === 'cps') g.forks.push(id)
  return { k: 'runDuring', id, via, root: rnd.pick(ROOT_KINDS7), type: rnd.pick(['A', 'A', 'B'] as const) }
}

/**
 * Seventh round, fixed statement shapes: END reaching helpers through eventChannels, channel(),
 * user channels, actionChannels and the input channel (endHelper), END reaching actionChannels
 * with takers (endActionChannel), root sagas started while an action is processed (runDuring),
 * cancel / join / cancelled() in race / all around tasks, under MW_R7 (cancelComb), and races of
 * 8 or more takes (bigRace).
 */
function shape7(g: GenState, fi: number, id: number): Stmt[] {
  const { rnd, y, task, first } = shapeTools(g, id)
  const kinds = ['endHelper', 'endHelper', 'endHelper', 'endActionChannel', 'endActionChannel', 'runDuring', 'runDuring', 'runDuring', 'cancelComb', 'cancelComb', 'bigRace', 'bigRace'] as const
  switch (rnd.pick(kinds)) {
    case 'endHelper': {
      const out: Stmt[] = []
      const src = rnd.pick(['event', 'event', 'channel', 'user', 'action', 'std'] as const)
      let cid: number | null = null
      if (src === 'event') {
        const ch = genEventChannelY(g, g.nextId++) as Extract<Expr, { k: 'eventChannelY' }>
        ch.burst = rnd.int(3)
        cid = ch.id
        out.push(y(ch))
      } else if (src === 'channel') {
        cid = g.nextId++
        g.chans.push(cid)
        g.userChans.push(cid)
        out.push(y({ k: 'channel', id: cid, buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2), direct: rnd.chance(0.3) }))
      } else if (src === 'user') {
        const ch = genCustomChan(g, g.nextId++)
        // Not 'sync' / 'twice' / 'throws': a helper taking from them loops or fails at once.
        ch.take = rnd.pick(['queue', 'queue', 'queue', 'later', 'noCancel', 'end', 'error'] as const)
        ch.multicast = false
        delete ch.flush
        cid = ch.id
        out.push(y(ch))
      } else if (src === 'action') {
        cid = g.nextId++
        g.chans.push(cid)
        out.push(y({ k: 'actionChannel', id: cid, pattern: rnd.pick(['A', '*', ['A', 'B']] as const) as string | string[], buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2) }))
      }
      const helpers: number[] = []
      const nh = 1 + (rnd.chance(0.3) ? 1 : 0)
      for (let i = 0; i < nh; i++) {
        const h = genHelper7(g, g.nextId++, cid)
        helpers.push(h.id)
        out.push(y(h))
      }
      if (src === 'action' && rnd.chance(0.3)) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: cid!, n: 1 + rnd.int(2), maybe: rnd.chance(0.5) })))
      const feed = (): Expr => {
        if (src === 'event') return { k: 'emitCall', id: g.nextId++, end: false }
        if (src === 'channel' || src === 'user') return { k: 'chanPut', id: g.nextId++, chan: cid!, v: rnd.int(10), end: false, sync: rnd.chance(0.5) || undefined }
        return rnd.chance(0.8) ? { k: 'put', id: g.nextId++, type: rnd.pick(['A', 'A', 'B'] as const), resolve: rnd.chance(0.2) } : { k: 'dispatchFn', id: g.nextId++, via: rnd.pick(DISPATCH_VIAS), type: 'A' }
      }
      const n = rnd.int(4)
      for (let i = 0; i < n; i++) {
        out.push(y(feed()))
        if (rnd.chance(0.3)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }))
      }
      const end = (): Expr => {
        const r = rnd.int(4)
        if (src === 'event') return r < 2 ? { k: 'emitCall', id: g.nextId++, end: true } : { k: 'chanClose', id: g.nextId++, chan: cid! }
        if (src === 'channel' || src === 'user') return r < 2 ? { k: 'chanPut', id: g.nextId++, chan: cid!, v: 0, end: true, sync: rnd.chance(0.5) || undefined } : { k: 'chanClose', id: g.nextId++, chan: cid! }
        if (src === 'action' && r === 0) return { k: 'chanClose', id: g.nextId++, chan: cid! }
        if (src === 'action' && r === 1) return { k: 'chanPut', id: g.nextId++, chan: cid!, v: 0, end: true, sync: rnd.chance(0.5) || undefined }
        if (r === 2 && rnd.chance(0.5)) {
          // A user input channel that turns B into END (generate sets customInput: 'endOnB' often).
          g.endOnB++
          return { k: 'put', id: g.nextId++, type: 'B', resolve: false }
        }
        return rnd.chance(0.7) ? { k: 'put', id: g.nextId++, type: 'END', resolve: rnd.chance(0.2) } : { k: 'dispatchFn', id: g.nextId++, via: rnd.pick(DISPATCH_VIAS), type: 'END' }
      }
      if (rnd.chance(0.9)) out.push(y(end()))
      if (rnd.chance(0.4)) out.push(y(feed()))
      if (rnd.chance(0.4)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 20] as const) }))
      if (cid !== null && rnd.chance(0.4)) out.push(y({ k: 'takeChan', id: g.nextId++, chan: cid, maybe: rnd.chance(0.7) }))
      const h = rnd.pick(helpers)
      const r = rnd.int(4)
      if (r === 0) out.push(y({ k: 'race', id: g.nextId++, children: [{ k: 'join', id: g.nextId++, task: h }, { k: 'delay', id: g.nextId++, ms: rnd.pick([5, 20] as const) }], obj: rnd.chance(0.5) }))
      else if (r === 1) out.push(y({ k: 'inspect', id: g.nextId++, task: h }))
      else if (r === 2) out.push(y({ k: 'cancel', id: g.nextId++, task: h }))
      return first(out)
    }
    case 'endActionChannel': {
      const cid = g.nextId++
      g.chans.push(cid)
      const out: Stmt[] = [y({ k: 'actionChannel', id: cid, pattern: rnd.pick(['A', '*', ['A', 'B'], 'fn:any'] as const) as string | string[], buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2) })]
      const takers = 1 + rnd.int(2)
      for (let i = 0; i < takers; i++) {
        const r = rnd.int(4)
        if (r === 0) out.push(y(genHelper7(g, g.nextId++, cid)))
        else if (r === 1) out.push(y(task({ k: 'closingTaker', id: g.nextId++, chan: cid })))
        else out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: cid, n: 1 + rnd.int(3), maybe: rnd.chance(0.5) })))
      }
      const n = rnd.int(4)
      for (let i = 0; i < n; i++) out.push(y({ k: 'put', id: g.nextId++, type: rnd.pick(['A', 'A', 'B'] as const), resolve: rnd.chance(0.2) }))
      switch (rnd.int(5)) {
        case 0:
          out.push(y({ k: 'put', id: g.nextId++, type: 'END', resolve: false }))
          break
        case 1:
          out.push(y({ k: 'dispatchFn', id: g.nextId++, via: rnd.pick(DISPATCH_VIAS), type: 'END' }))
          break
        case 2:
          out.push(y({ k: 'chanPut', id: g.nextId++, chan: cid, v: 0, end: true, sync: rnd.chance(0.5) || undefined }))
          break
        case 3:
          g.endOnB++
          out.push(y({ k: 'put', id: g.nextId++, type: 'B', resolve: false }))
          break
        default:
          out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
      }
      const after = 1 + rnd.int(3)
      for (let i = 0; i < after; i++) {
        const r = rnd.int(5)
        out.push(y(r === 0 ? { k: 'flush', id: g.nextId++, chan: cid } : r === 1 ? { k: 'chanClose', id: g.nextId++, chan: cid } : r === 2 ? { k: 'put', id: g.nextId++, type: 'A', resolve: false } : { k: 'takeChan', id: g.nextId++, chan: cid, maybe: r === 3 }))
      }
      return first(out)
    }
    case 'runDuring': {
      const rd = genRunDuring(g, g.nextId++)
      const out: Stmt[] = [y(rd)]
      if (rd.via !== 'reducer' && rd.via !== 'thunk') {
        if (rnd.chance(0.3)) out.push(y({ k: 'delay', id: g.nextId++, ms: 0 }))
        out.push(y({ k: 'put', id: g.nextId++, type: rd.type, resolve: rnd.chance(0.3) }))
      }
      if (rnd.chance(0.5)) out.push(y({ k: 'put', id: g.nextId++, type: rnd.pick(['A', 'B'] as const), resolve: false }))
      if (rnd.chance(0.3)) out.push(y({ k: 'take', id: g.nextId++, pattern: rnd.pick(['A', 'B', '*'] as const), maybe: rnd.chance(0.5) }))
      return first(out)
    }
    case 'bigRace': {
      // A race of 8 or more take(type) children: sagaflow registers one taker for them all when
      // nothing observes the children (no monitor, no effect middleware; effects/race.ts).
      const out: Stmt[] = []
      if (rnd.chance(0.5)) out.push(y(task({ k: 'delayedPut', id: g.nextId++, ms: rnd.pick([0, 5] as const), type: rnd.pick(TYPES) as 'A' | 'B' })))
      if (rnd.chance(0.3)) out.push(y(task({ k: 'echo', id: g.nextId++, from: 'A', to: rnd.pick(['B', 'C'] as const), n: 1 + rnd.int(2), resolve: false })))
      const multi = g.multicasts.length > 0 && rnd.chance(0.3) ? rnd.pick(g.multicasts) : null
      const n = 8 + rnd.int(4)
      const children: Expr[] = []
      for (let i = 0; i < n; i++) {
        const pattern = rnd.pick(['A', 'B', 'C', 'D', 'MC', 'Y'] as const)
        const maybe = rnd.chance(0.2)
        if (rnd.chance(0.04)) children.push(rnd.pick([{ k: 'delay', id: g.nextId++, ms: rnd.pick([5, 10] as const) }, { k: 'take', id: g.nextId++, pattern: '*', maybe }] as Expr[]))
        else children.push(multi === null ? { k: 'take', id: g.nextId++, pattern, maybe } : { k: 'takeMulti', id: g.nextId++, chan: multi, pattern, maybe })
      }
      out.push(y({ k: 'race', id: g.nextId++, children, obj: rnd.chance(0.5) }))
      if (rnd.chance(0.4)) out.push(y({ k: 'race', id: g.nextId++, children: children.map((c) => ({ ...c, id: g.nextId++ })), obj: rnd.chance(0.5) }))
      return first(out)
    }
    case 'cancelComb': {
      g.mw7++
      const out: Stmt[] = []
      const v1 = task({ k: 'victim', id: g.nextId++, mode: rnd.pick(['wait', 'wait', 'return', 'fail', 'cancelSelf'] as const), ms: rnd.pick([0, 5] as const), spawn: rnd.chance(0.2) } as const)
      out.push(y(v1))
      const v2 = rnd.chance(0.5) ? task({ k: 'victim', id: g.nextId++, mode: rnd.pick(['wait', 'return'] as const), ms: rnd.pick([0, 5, 10] as const), spawn: false } as const) : null
      if (v2) out.push(y(v2))
      const t = () => (v2 && rnd.chance(0.5) ? v2.id : v1.id)
      const child = (): Expr => {
        switch (rnd.int(7)) {
          case 0:
            return { k: 'cancel', id: g.nextId++, task: t() }
          case 1:
            return { k: 'join', id: g.nextId++, task: t() }
          case 2:
            return { k: 'cancelled', id: g.nextId++ }
          case 3:
            return { k: 'take', id: g.nextId++, pattern: rnd.pick(['A', 'B'] as const), maybe: rnd.chance(0.3) }
          case 4:
            return { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }
          case 5:
            return { k: 'cancel', id: g.nextId++, task: rnd.chance(0.2) ? 'self' : v2 ? [v1.id, v2.id] : v1.id }
          default:
            return { k: 'race', id: g.nextId++, children: [{ k: 'join', id: g.nextId++, task: t() }, { k: 'cancel', id: g.nextId++, task: t() }], obj: rnd.chance(0.5) }
        }
      }
      const nc = 1 + rnd.int(3)
      const children = Array.from({ length: nc }, child)
      if (rnd.chance(0.3)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
      const comb: Expr = { k: rnd.chance(0.6) ? 'race' : 'all', id: g.nextId++, children, obj: rnd.chance(0.5) }
      if (rnd.chance(0.3)) {
        out.push({ k: 'try', id: g.nextId++, body: [y(comb)], catch: [y({ k: 'cancelled', id: g.nextId++ })], finally: rnd.chance(0.5) ? [y({ k: 'put', id: g.nextId++, type: 'B', resolve: false })] : null })
      } else out.push(y(comb))
      if (rnd.chance(0.4)) out.push(y({ k: 'put', id: g.nextId++, type: 'A', resolve: false }))
      if (rnd.chance(0.3)) out.push(y({ k: 'inspect', id: g.nextId++, task: v1.id }))
      return first(out)
    }
  }
}

/** Eighth round: patterns for endWaiter8 (symbols: 'sym:S' is the symbol type putSym puts). */
const PATTERNS8 = ['A', 'B', '*', 'sym:S', 'fn:any', 'fn:A', 'fn:log', 'creator:A'] as const
function pattern8(rnd: Random): string | string[] {
  if (rnd.chance(0.4)) return Array.from({ length: rnd.int(4) }, () => rnd.pick(PATTERNS8))
  return rnd.pick(PATTERNS8)
}
const END_AFTER: readonly EndAfter[] = ['none', 'put', 'putResolve', 'putEnd', 'select', 'call', 'take']

/**
 * Eighth round, fixed statement shapes: channels of every kind (channel() with any buffer,
 * multicastChannel, stdChannel, eventChannel, actionChannel with any buffer) with takers waiting in
 * race / all, puts, flushes in race / all, then closed or given END (also from SagaMonitor hooks
 * and effect middlewares: chanAct, MW_R8), flushed and taken after (chanEnd); takes / takeMaybes
 * with pattern arrays, predicates, symbols and '*' in race / all reached by END, putting or
 * dispatching from a selector or a called function while END is delivered, and input-channel
 * callbacks doing so (endPattern); cps with cancel callbacks racing (cpsRace); join / cancel in
 * race / all of tasks that failed or were cancelled (joinDead); the context across fork / spawn /
 * call trees (ctxTree); finally blocks that throw while cancelled (finThrow).
 */
function shape8(g: GenState, fi: number, id: number): Stmt[] {
  const { rnd, y, task, first } = shapeTools(g, id)
  const kinds = ['chanEnd', 'chanEnd', 'chanEnd', 'endPattern', 'endPattern', 'cpsRace', 'joinDead', 'ctxTree', 'finThrow', 'finThrow'] as const
  switch (rnd.pick(kinds)) {
    case 'chanEnd': {
      g.chan8++
      const out: Stmt[] = []
      const cid = g.nextId++
      const kind = rnd.pick(['channel', 'channel', 'multicast', 'std', 'event', 'action', 'action', 'user'] as const)
      let multi = false
      g.chans.push(cid)
      if (kind === 'channel') {
        g.userChans.push(cid)
        out.push(y({ k: 'channel', id: cid, buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2), direct: rnd.chance(0.3) }))
      } else if (kind === 'multicast' || kind === 'std') {
        multi = true
        g.userChans.push(cid)
        g.multicasts.push(cid)
        out.push(y(kind === 'multicast' ? { k: 'multicast', id: cid, direct: rnd.chance(0.3) } : { k: 'stdChan', id: cid, direct: rnd.chance(0.3) }))
      } else if (kind === 'user') {
        g.userChans.push(cid)
        g.customChans++
        out.push(y({ k: 'customChan', id: cid, take: rnd.pick(['queueThis', 'queueThis', 'queueNotFn', 'queue', 'later'] as const), multicast: false, direct: rnd.chance(0.3) }))
      } else if (kind === 'event') {
        g.eventChans.push(cid)
        out.push(y({ k: 'eventChannelY', id: cid, buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2), burst: rnd.int(3), unsub: rnd.pick(['none', 'none', 'msg', 'end'] as const) }))
      } else {
        out.push(y({ k: 'actionChannel', id: cid, pattern: rnd.pick(['A', '*', ['A', 'B'], 'fn:any'] as const) as string | string[], buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2) }))
      }
      const parts = (): ChanPart[] => {
        const n = 1 + rnd.int(3)
        const list: ChanPart[] = multi ? ['take', 'takeMaybe', 'delay', 'takeA'] : ['take', 'takeMaybe', 'takeMaybe', 'flush', 'delay', 'takeA']
        return Array.from({ length: n }, () => rnd.pick(list))
      }
      const waiters = rnd.int(3)
      for (let i = 0; i < waiters; i++) {
        if (!multi && rnd.chance(0.25)) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: cid, n: 1 + rnd.int(2), maybe: rnd.chance(0.5) })))
        else out.push(y(task({ k: 'chanWaiter', id: g.nextId++, chan: cid, multi, comb: rnd.pick(['race', 'all'] as const), parts: parts(), obj: rnd.chance(0.4), n: 1 + rnd.int(2) })))
      }
      const feed = (): Expr => {
        if (kind === 'event') return { k: 'emitCall', id: g.nextId++, end: false }
        if (kind === 'action') return { k: 'put', id: g.nextId++, type: rnd.pick(['A', 'A', 'B'] as const), resolve: rnd.chance(0.2) }
        return { k: 'chanPut', id: g.nextId++, chan: cid, v: rnd.int(10), end: false, sync: rnd.chance(0.4) || undefined }
      }
      const takeHere = (maybe: boolean): Expr => (multi ? { k: 'takeMulti', id: g.nextId++, chan: cid, pattern: '*', maybe } : { k: 'takeChan', id: g.nextId++, chan: cid, maybe })
      const endIt = (): Expr => {
        const r = rnd.int(4)
        if (r === 0 || kind === 'event') return r < 2 && kind === 'event' ? { k: 'emitCall', id: g.nextId++, end: true } : { k: 'chanClose', id: g.nextId++, chan: cid }
        if (r === 1 && kind === 'action') return rnd.chance(0.5) ? { k: 'put', id: g.nextId++, type: 'END', resolve: false } : { k: 'dispatchFn', id: g.nextId++, via: rnd.pick(DISPATCH_VIAS), type: 'END' }
        return { k: 'chanPut', id: g.nextId++, chan: cid, v: 0, end: true, sync: rnd.chance(0.5) || undefined }
      }
      const flushish = (): Expr =>
        multi
          ? { k: 'race', id: g.nextId++, children: [takeHere(true), { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }], obj: rnd.chance(0.5) }
          : rnd.chance(0.5)
            ? { k: 'flush', id: g.nextId++, chan: cid }
            : { k: rnd.pick(['race', 'all'] as const), id: g.nextId++, children: [{ k: 'flush', id: g.nextId++, chan: cid }, rnd.chance(0.5) ? takeHere(true) : { k: 'delay', id: g.nextId++, ms: 0 }], obj: rnd.chance(0.5) }
      const n = rnd.int(4)
      for (let i = 0; i < n; i++) {
        out.push(y(feed()))
        if (rnd.chance(0.25)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
      }
      if (rnd.chance(0.4)) out.push(y(flushish()))
      if (rnd.chance(0.2)) out.push(y({ k: 'storeClose', id: g.nextId++, via: rnd.pick(['reducer', 'listener'] as const), op: rnd.pick(['close', 'end'] as const), resolve: rnd.chance(0.3) }))
      else if (rnd.chance(0.85)) out.push(y(endIt()))
      if (rnd.chance(0.3)) out.push(y(feed()))
      const after = 1 + rnd.int(3)
      for (let i = 0; i < after; i++) {
        const r = rnd.int(5)
        out.push(y(r === 0 ? flushish() : r === 1 ? takeHere(rnd.chance(0.7)) : r === 2 ? { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) } : r === 3 ? endIt() : { k: 'race', id: g.nextId++, children: [takeHere(rnd.chance(0.5)), { k: 'take', id: g.nextId++, pattern: 'A', maybe: true }], obj: rnd.chance(0.5) }))
      }
      return first(out)
    }
    case 'endPattern': {
      const out: Stmt[] = []
      const nw = 1 + rnd.int(2)
      for (let i = 0; i < nw; i++) {
        const np = 1 + rnd.int(3)
        const parts = Array.from({ length: np }, () => ({ pattern: pattern8(rnd), maybe: rnd.chance(0.5) }))
        out.push(y(task({ k: 'endWaiter8', id: g.nextId++, comb: rnd.pick(['race', 'all'] as const), parts, obj: rnd.chance(0.4), after: rnd.pick(END_AFTER) })))
      }
      if (rnd.chance(0.35)) {
        g.userTakes++
        out.push(y({ k: 'endCb', id: g.nextId++, then: rnd.pick(['dispatch', 'dispatchEnd', 'chanPut', 'chanClose', 'retake'] as const), maybe: rnd.chance(0.5) }))
      }
      const n = rnd.int(3)
      for (let i = 0; i < n; i++) out.push(y(rnd.chance(0.4) ? { k: 'putSym', id: g.nextId++, resolve: rnd.chance(0.3) } : { k: 'put', id: g.nextId++, type: rnd.pick(TYPES), resolve: rnd.chance(0.2) }))
      const r = rnd.int(5)
      if (r < 2) out.push(y({ k: 'put', id: g.nextId++, type: 'END', resolve: rnd.chance(0.3) }))
      else if (r === 2) out.push(y({ k: 'dispatchFn', id: g.nextId++, via: rnd.pick(DISPATCH_VIAS), type: 'END' }))
      else if (r === 3) {
        g.endOnB++
        out.push(y({ k: 'put', id: g.nextId++, type: 'B', resolve: false }))
      }
      if (rnd.chance(0.5)) out.push(y({ k: 'take', id: g.nextId++, pattern: pattern8(rnd), maybe: rnd.chance(0.6) }))
      if (rnd.chance(0.3)) out.push(y({ k: 'putSym', id: g.nextId++, resolve: rnd.chance(0.5) }))
      return first(out)
    }
    case 'cpsRace': {
      const out: Stmt[] = []
      const cps = (): Expr => ({ k: 'cpsX', id: g.nextId++, mode: rnd.pick(['async', 'async', 'never', 'asyncTwice', 'errorThenValue', 'sync'] as const), fail: rnd.chance(0.2), ms: rnd.pick([0, 5, 10] as const), cancel: rnd.pick(['clear', 'clear', 'keep', 'none', 'throws', 'callsBack', 'notFn', 'thisCheck'] as const) })
      const other = (): Expr => {
        switch (rnd.int(7)) {
          case 6:
            return { k: 'promiseThis', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }
          case 0:
            return { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }
          case 1:
            return { k: 'take', id: g.nextId++, pattern: 'A', maybe: rnd.chance(0.5) }
          case 2:
            return cps()
          case 3:
            return { k: 'cancel', id: g.nextId++, task: 'self' }
          case 4:
            return { k: 'throw', id: g.nextId++ }
          default:
            return { k: 'all', id: g.nextId++, children: [cps(), { k: 'delay', id: g.nextId++, ms: 5 }], obj: rnd.chance(0.5) }
        }
      }
      if (rnd.chance(0.3)) out.push(y(task({ k: 'delayedPut', id: g.nextId++, ms: rnd.pick([0, 5] as const), type: 'A' })))
      const children = [cps(), other()]
      if (rnd.chance(0.3)) children.push(other())
      if (rnd.chance(0.4)) children.reverse()
      const comb: Expr = { k: rnd.chance(0.8) ? 'race' : 'all', id: g.nextId++, children, obj: rnd.chance(0.5) }
      if (rnd.chance(0.35)) out.push({ k: 'try', id: g.nextId++, body: [y(comb)], catch: [y({ k: 'cancelled', id: g.nextId++ })], finally: rnd.chance(0.4) ? [y(cps())] : null })
      else out.push(y(comb))
      return first(out)
    }
    case 'joinDead': {
      const out: Stmt[] = []
      const v1 = task({ k: 'victim', id: g.nextId++, mode: rnd.pick(['fail', 'cancelSelf', 'sync', 'fail', 'wait', 'return'] as const), ms: rnd.pick([0, 0, 5] as const), spawn: rnd.chance(0.4) } as const)
      out.push(y(v1))
      const v2 = rnd.chance(0.5) ? task({ k: 'finThrow', id: g.nextId++, via: rnd.pick(['fork', 'spawn'] as const), wait: rnd.pick(['take', 'delay', 'none'] as const), when: rnd.pick(['sync', 'afterDelay'] as const), child: rnd.chance(0.3) } as const) : null
      if (v2) out.push(y(v2))
      const t = () => (v2 && rnd.chance(0.5) ? v2.id : v1.id)
      if (rnd.chance(0.4)) out.push(y({ k: 'cancel', id: g.nextId++, task: t() }))
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }))
      const child = (): Expr => {
        switch (rnd.int(5)) {
          case 0:
            return { k: 'cancel', id: g.nextId++, task: t() }
          case 1:
          case 2:
            return { k: 'join', id: g.nextId++, task: rnd.chance(0.2) && v2 ? [v1.id, v2.id] : t() }
          case 3:
            return { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }
          default:
            return { k: 'take', id: g.nextId++, pattern: 'A', maybe: true }
        }
      }
      const comb: Expr = { k: rnd.pick(['race', 'all'] as const), id: g.nextId++, children: [child(), child()], obj: rnd.chance(0.5) }
      out.push({ k: 'try', id: g.nextId++, body: [y(comb)], catch: [y({ k: 'cancelled', id: g.nextId++ })], finally: null })
      if (rnd.chance(0.4)) out.push(y({ k: 'join', id: g.nextId++, task: t() }))
      if (rnd.chance(0.3)) out.push(y({ k: 'inspect', id: g.nextId++, task: t() }))
      return first(out)
    }
    case 'ctxTree': {
      const out: Stmt[] = []
      if (rnd.chance(0.4)) out.push(y({ k: 'setContext', id: g.nextId++, v: rnd.int(10) }))
      const via = rnd.pick(['fork', 'spawn', 'call'] as const)
      const c: Expr = { k: 'ctxTree', id: g.nextId++, via, child: rnd.pick(['fork', 'spawn'] as const), grand: rnd.pick(['fork', 'spawn', 'call', 'none'] as const), v: rnd.int(10) }
      out.push(y(via === 'call' ? c : task(c)))
      if (rnd.chance(0.5)) out.push(y({ k: 'setContext', id: g.nextId++, v: rnd.int(10) }))
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 20] as const) }))
      out.push(y({ k: 'getContext', id: g.nextId++ }))
      return first(out)
    }
    case 'finThrow': {
      const out: Stmt[] = []
      const via = rnd.pick(['fork', 'fork', 'spawn', 'call'] as const)
      const f: Extract<Expr, { k: 'finThrow' }> = { k: 'finThrow', id: g.nextId++, via, wait: rnd.pick(['take', 'delay', 'race', 'all', 'none'] as const), when: rnd.pick(['sync', 'sync', 'afterDelay', 'afterPut', 'afterTake'] as const), child: rnd.chance(0.35) }
      if (via === 'call') {
        const r = rnd.int(3)
        const e: Expr = r === 0 ? f : { k: r === 1 ? 'race' : 'all', id: g.nextId++, children: rnd.chance(0.5) ? [f, { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }] : [f, { k: 'throw', id: g.nextId++ }], obj: rnd.chance(0.5) }
        if (rnd.chance(0.5)) out.push({ k: 'try', id: g.nextId++, body: [y(e)], catch: [y({ k: 'cancelled', id: g.nextId++ })], finally: null })
        else out.push(y(e))
        return first(out)
      }
      task(f)
      out.push(y(f))
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
      switch (rnd.int(6)) {
        case 0:
          out.push(y({ k: 'cancel', id: g.nextId++, task: f.id }))
          break
        case 1:
          out.push(y({ k: 'race', id: g.nextId++, children: [{ k: 'join', id: g.nextId++, task: f.id }, { k: 'cancel', id: g.nextId++, task: f.id }], obj: rnd.chance(0.5) }))
          break
        case 2:
          out.push(y({ k: 'taskCall', id: g.nextId++, task: f.id, op: 'cancel' }))
          break
        case 3:
          out.push({ k: 'throw', id: g.nextId++ })
          break
        case 4:
          out.push(y({ k: 'cancel', id: g.nextId++, task: 'self' }))
          break
        default:
          out.push(y({ k: 'join', id: g.nextId++, task: f.id }))
      }
      return first(out)
    }
  }
}

const NON_ERRORS: readonly NonError[] = ['string', 'undefined', 'null', 'object', 'zero', 'false', 'empty']
const CALL_FORMS9: readonly CallForm9[] = ['objName', 'applyName', 'forkObjName', 'spawnArrName', 'cpsObjName', 'genMethod', 'iterCall', 'iterFork', 'iterSpawn']

/**
 * Ninth round, fixed statement shapes for redux-saga APIs the earlier rounds never made:
 * SAGA_LOCATION on sagas and effects (loc), failures that are not Errors (nonError), call forms
 * with a method name or a plain function returning an iterator (callForm), take() without a pattern
 * (takeDefault), the channel API called from the saga's code and putResolve into a channel
 * (chanOps), action objects put twice, frozen, or taken and dispatched / put again (putObj), buffer
 * factories without a limit (bufDefault), helpers with plain-function workers (helperFn), and
 * throttle / debounce / retry with 0 (zeroTimed).
 */
function shape9(g: GenState, fi: number, id: number): Stmt[] {
  const { rnd, y, task, first } = shapeTools(g, id)
  g.n9++
  const kinds = ['loc', 'loc', 'nonError', 'nonError', 'callForm', 'takeDefault', 'chanOps', 'chanOps', 'chanOps', 'putObj', 'putObj', 'bufDefault', 'helperFn', 'zeroTimed', 'oddTypes', 'oddTypes'] as const
  const guard = (body: Stmt[]): Stmt[] =>
    rnd.chance(0.5) ? [{ k: 'try', id: g.nextId++, body, catch: [y({ k: 'cancelled', id: g.nextId++ })], finally: rnd.chance(0.3) ? [y({ k: 'put', id: g.nextId++, type: 'B', resolve: false })] : null }] : body
  switch (rnd.pick(kinds)) {
    case 'loc': {
      const out: Stmt[] = []
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) {
        const via = rnd.pick(['call', 'fork', 'spawn', 'spawn', 'root'] as const)
        const e: Extract<Expr, { k: 'loc9' }> = { k: 'loc9', id: g.nextId++, via, fail: rnd.pick(['effect', 'throw', 'child', 'promise', 'none'] as const), fnLoc: rnd.chance(0.8), effLoc: rnd.chance(0.7) }
        if (via !== 'call') task(e)
        out.push(y(e))
      }
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }))
      return first(guard(out))
    }
    case 'nonError': {
      const out: Stmt[] = []
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) {
        const via = rnd.pick(['call', 'reject', 'cps', 'cpsLater', 'saga', 'fork', 'spawn', 'race'] as const)
        const e: Expr = { k: 'throwVal9', id: g.nextId++, val: rnd.pick(NON_ERRORS), via }
        if (via === 'fork' || via === 'spawn') task(e)
        out.push(y(e))
        if (via === 'fork' || via === 'spawn') {
          if (rnd.chance(0.4)) out.push(y(task({ k: 'joiner', id: g.nextId++, task: e.id, ms: 0, spawn: rnd.chance(0.5) })))
          if (rnd.chance(0.4)) out.push(y({ k: 'delay', id: g.nextId++, ms: 0 }))
          if (rnd.chance(0.4)) out.push(y({ k: 'inspect', id: g.nextId++, task: e.id }))
        }
      }
      return first(rnd.chance(0.7) ? guard(out) : out)
    }
    case 'callForm': {
      const out: Stmt[] = []
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) {
        const form = rnd.pick(CALL_FORMS9)
        const e: Expr = { k: 'callForm9', id: g.nextId++, form, fail: rnd.chance(0.3), v: rnd.int(10) }
        if (form === 'forkObjName' || form === 'spawnArrName' || form === 'iterFork' || form === 'iterSpawn') {
          task(e)
          out.push(y(e))
          if (rnd.chance(0.5)) out.push(y({ k: 'join', id: g.nextId++, task: e.id }))
        } else out.push(y(e))
      }
      return first(guard(out))
    }
    case 'takeDefault': {
      const out: Stmt[] = []
      if (rnd.chance(0.6)) out.push(y(task({ k: 'delayedPut', id: g.nextId++, ms: rnd.pick([0, 5] as const), type: rnd.pick(['A', 'B'] as const) })))
      const t: Expr = { k: 'takeNoArg9', id: g.nextId++, maybe: rnd.chance(0.4) }
      const r = rnd.int(3)
      if (r === 0) out.push(y(t))
      else out.push(y({ k: r === 1 ? 'race' : 'all', id: g.nextId++, children: [t, { k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5, 10] as const) }], obj: rnd.chance(0.5) }))
      if (rnd.chance(0.3)) out.push(y({ k: 'put', id: g.nextId++, type: rnd.chance(0.3) ? 'END' : 'A', resolve: false }))
      if (rnd.chance(0.3)) out.push(y({ k: 'takeNoArg9', id: g.nextId++, maybe: true }))
      return first(out)
    }
    case 'chanOps': {
      const out: Stmt[] = []
      const cid = g.nextId++
      const kind = rnd.pick(['channel', 'channel', 'multicast', 'event', 'action', 'bufDefault'] as const)
      let isAction = kind === 'action'
      g.chans.push(cid)
      if (kind === 'channel') {
        g.userChans.push(cid)
        out.push(y({ k: 'channel', id: cid, buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2), direct: rnd.chance(0.3) }))
      } else if (kind === 'multicast') {
        g.userChans.push(cid)
        g.multicasts.push(cid)
        out.push(y({ k: 'multicast', id: cid, direct: rnd.chance(0.3) }))
      } else if (kind === 'event') {
        g.eventChans.push(cid)
        out.push(y({ k: 'eventChannelY', id: cid, buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2), burst: rnd.int(3), unsub: rnd.pick(['none', 'msg', 'end'] as const) }))
      } else if (kind === 'action') {
        out.push(y({ k: 'actionChannel', id: cid, pattern: rnd.pick(['A', '*'] as const), buffer: rnd.pick(BUFFERS), limit: 1 + rnd.int(2) }))
      } else {
        const via = rnd.pick(['channel', 'actionChannel'] as const)
        if (via === 'channel') g.userChans.push(cid)
        else isAction = true
        out.push(y({ k: 'bufDefault9', id: cid, via, kind: rnd.pick(['fixed', 'expanding', 'dropping', 'sliding'] as const) }))
      }
      const multi = kind === 'multicast'
      const op = (): Expr => {
        const r = rnd.int(7)
        if (r === 0 && !multi) return { k: 'chanOp9', id: g.nextId++, chan: cid, op: 'flush' }
        if (r === 1) return { k: 'chanOp9', id: g.nextId++, chan: cid, op: 'cancelCb' }
        if (r === 2 && multi) return { k: 'chanOp9', id: g.nextId++, chan: cid, op: 'takeMatch' }
        const then = rnd.chance(0.5) ? rnd.pick(['put', 'retake', 'cancelPrev', 'cancelPrev', 'close'] as const) : undefined
        return { k: 'chanOp9', id: g.nextId++, chan: cid, op: rnd.chance(0.3) || multi ? 'takeMatch' : 'take', ...(then && !(then === 'put' && kind === 'event') ? { then } : {}) }
      }
      const feed = (): Expr => {
        if (kind === 'event') return { k: 'emitCall', id: g.nextId++, end: rnd.chance(0.1) }
        if (isAction) return { k: 'put', id: g.nextId++, type: rnd.pick(['A', 'A', 'B'] as const), resolve: rnd.chance(0.2) }
        const r = rnd.int(3)
        if (r === 0) return { k: 'putResolveChan9', id: g.nextId++, chan: cid, end: rnd.chance(0.1) }
        return { k: 'chanPut', id: g.nextId++, chan: cid, v: rnd.int(10), end: rnd.chance(0.08), sync: rnd.chance(0.4) || undefined }
      }
      const n = 2 + rnd.int(5)
      for (let i = 0; i < n; i++) {
        const r = rnd.int(10)
        if (r < 4) out.push(y(op()))
        else if (r < 8) out.push(y(feed()))
        else if (r === 8) out.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 5] as const) }))
        else if (!multi) out.push(y(rnd.chance(0.5) ? { k: 'flush', id: g.nextId++, chan: cid } : { k: 'takeChan', id: g.nextId++, chan: cid, maybe: true }))
        else out.push(y({ k: 'race', id: g.nextId++, children: [{ k: 'takeMulti', id: g.nextId++, chan: cid, pattern: '*', maybe: true }, { k: 'delay', id: g.nextId++, ms: 0 }], obj: false }))
      }
      if (rnd.chance(0.4)) out.push(y({ k: 'chanClose', id: g.nextId++, chan: cid }))
      if (rnd.chance(0.4)) out.push(y(op()))
      return first(out)
    }
    case 'putObj': {
      const out: Stmt[] = []
      if (rnd.chance(0.5)) out.push(y(task({ k: 'echo', id: g.nextId++, from: 'A', to: 'B', n: 1 + rnd.int(2), resolve: rnd.chance(0.3) })))
      if (rnd.chance(0.4)) {
        const h = genHelper7(g, g.nextId++, null)
        h.helper = 'takeEvery'
        h.workerMs = -1
        delete h.fail
        out.push(y(h))
      }
      const n = 1 + rnd.int(2)
      for (let i = 0; i < n; i++) out.push(y({ k: 'putObj9', id: g.nextId++, mode: rnd.pick(['frozen', 'frozenResolve', 'twice', 'redispatch', 'redispatch', 'reput'] as const) }))
      if (rnd.chance(0.5)) out.push(y({ k: 'take', id: g.nextId++, pattern: rnd.pick(['A', 'B', '*'] as const), maybe: false }))
      out.push(y({ k: 'put', id: g.nextId++, type: 'A', resolve: rnd.chance(0.3) }))
      if (rnd.chance(0.5)) out.push(y({ k: 'delay', id: g.nextId++, ms: 0 }))
      return first(out)
    }
    case 'bufDefault': {
      const out: Stmt[] = []
      const cid = g.nextId++
      const via = rnd.pick(['channel', 'actionChannel'] as const)
      g.chans.push(cid)
      if (via === 'channel') g.userChans.push(cid)
      out.push(y({ k: 'bufDefault9', id: cid, via, kind: rnd.pick(['fixed', 'expanding', 'dropping', 'sliding'] as const) }))
      if (rnd.chance(0.3)) out.push(y(task({ k: 'chanTaker', id: g.nextId++, chan: cid, n: 1 + rnd.int(2), maybe: rnd.chance(0.5) })))
      const body: Stmt[] = [y(via === 'channel' ? { k: 'chanPut', id: g.nextId++, chan: cid, v: rnd.int(10), end: false, sync: rnd.chance(0.5) || undefined } : { k: 'put', id: g.nextId++, type: 'A', resolve: false })]
      out.push({ k: 'loop', id: g.nextId++, n: 9 + rnd.int(4), body })
      const after = 1 + rnd.int(3)
      for (let i = 0; i < after; i++) {
        const r = rnd.int(4)
        out.push(y(r === 0 ? { k: 'flush', id: g.nextId++, chan: cid } : r === 1 ? { k: 'chanClose', id: g.nextId++, chan: cid } : { k: 'takeChan', id: g.nextId++, chan: cid, maybe: true }))
      }
      return first(out)
    }
    case 'helperFn': {
      const out: Stmt[] = []
      const h = task({ k: 'helperFn9', id: g.nextId++, helper: rnd.pick(HELPERS), mode: rnd.pick(['value', 'promise', 'reject', 'throw', 'iterator', 'thenable'] as const), ms: rnd.pick([0, 5, 10] as const) } as const)
      out.push(y(h))
      const body: Stmt[] = [y({ k: 'put', id: g.nextId++, type: 'A', resolve: rnd.chance(0.2) })]
      if (rnd.chance(0.6)) body.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 3, 5, 10] as const) }))
      out.push({ k: 'loop', id: g.nextId++, n: 1 + rnd.int(3), body })
      if (rnd.chance(0.4)) out.push(y({ k: 'inspect', id: g.nextId++, task: h.id }))
      if (rnd.chance(0.3)) out.push(y({ k: 'cancel', id: g.nextId++, task: h.id }))
      return first(out)
    }
    case 'oddTypes': {
      const out: Stmt[] = []
      const pat = (): string | string[] => (rnd.chance(0.2) ? [rnd.pick(ODD_PATTERNS), rnd.pick(ODD_PATTERNS)] : rnd.pick(ODD_PATTERNS))
      const nt = 1 + rnd.int(3)
      for (let i = 0; i < nt; i++) out.push(y(task({ k: 'oddTake9', id: g.nextId++, pattern: pat(), via: rnd.pick(['take', 'take', 'every', 'channel'] as const) })))
      const np = 1 + rnd.int(4)
      for (let i = 0; i < np; i++) out.push(y({ k: 'oddPut9', id: g.nextId++, type: rnd.pick(ODD_TYPES), resolve: rnd.chance(0.2) }))
      if (rnd.chance(0.3)) out.push(y({ k: 'take', id: g.nextId++, pattern: '*', maybe: true }))
      return first(guard(out))
    }
    case 'zeroTimed': {
      const out: Stmt[] = []
      if (rnd.chance(0.6)) {
        const h = genHelper7(g, g.nextId++, null)
        h.helper = rnd.pick(['throttle', 'debounce'] as const)
        h.ms = 0
        out.push(y(h))
        const body: Stmt[] = [y({ k: 'put', id: g.nextId++, type: 'A', resolve: rnd.chance(0.2) })]
        if (rnd.chance(0.5)) body.push(y({ k: 'delay', id: g.nextId++, ms: rnd.pick([0, 0, 1] as const) }))
        out.push({ k: 'loop', id: g.nextId++, n: 1 + rnd.int(3), body })
        if (rnd.chance(0.3)) out.push(y({ k: 'put', id: g.nextId++, type: 'END', resolve: false }))
      } else {
        const e: Expr = { k: 'retry', id: g.nextId++, tries: rnd.pick([0, 0, 1, 2] as const), ms: 0, failures: rnd.int(3), ...(rnd.chance(0.2) ? { falsy: true } : {}) }
        out.push(y(e))
      }
      return first(guard(out))
    }
  }
}

/**
 * A `finally` block; sometimes it ends by throwing, by yielding a failing effect, by putting (an
 * action or END) or by taking (maybe END): what a task being cancelled or aborted still does.
 */
function finallyBlock(g: GenState, fi: number, depth: number): Stmt[] {
  const { rnd } = g
  const out = genBlock(g, fi, depth, 2)
  if (!rnd.chance(0.3)) return out
  const id = g.nextId++
  const e = (): Expr => {
    const eid = g.nextId++
    switch (rnd.int(7)) {
      case 0:
        return { k: 'throw', id: eid }
      case 1:
        return { k: 'promise', id: eid, ms: rnd.pick([0, 5] as const), hops: 0, v: 0, reject: true, cancellable: false }
      case 2:
        return { k: 'select', id: eid, throws: true }
      case 3:
        return { k: 'put', id: eid, type: rnd.chance(0.3) ? 'END' : rnd.pick(TYPES), resolve: rnd.chance(0.3) }
      case 4:
        return { k: 'take', id: eid, pattern: rnd.pick(['A', '*'] as const), maybe: rnd.chance(0.5) }
      case 5:
        return { k: 'delay', id: eid, ms: rnd.pick([0, 5] as const) }
      default:
        return { k: 'cancelled', id: eid }
    }
  }
  if (rnd.chance(0.25)) out.push({ k: 'throw', id })
  else out.push({ k: 'yield', id, e: e() })
  return out
}

/** The program for `seed`; `focus`: the sixth (or seventh) round's shapes most of the time (FUZZ_FOCUS=6 / 7; `true` is 6). */
export function generate(seed: number, focusArg: boolean | 0 | 6 | 7 | 8 | 9 = false): Program {
  const focus = focusArg === true ? 6 : focusArg === false ? 0 : focusArg
  const rnd = new Random(seed)
  const g: GenState = {
    rnd, nextId: 1, nFns: 1 + rnd.int(5), forks: [], chans: [], eventChans: [], userChans: [], multicasts: [], userTakes: 0,
    selfCancels: 0, thunks: 0, customChans: 0, mw7: 0, endOnB: 0, chan8: 0, focus, n9: 0,
  }
  const fns: Stmt[][] = []
  for (let fi = 0; fi < g.nFns; fi++) {
    const body = genBlock(g, fi, 0, fi === 0 ? 6 : 4)
    // Often guard the root, so one early error does not end the whole program.
    if (fi === 0 && rnd.chance(0.4)) {
      const id = g.nextId++
      fns.push([{ k: 'try', id, body, catch: genBlock(g, fi, 1, 2), finally: rnd.chance(0.5) ? genBlock(g, fi, 1, 2) : null }])
    } else fns.push(body)
  }
  const script: Step[] = []
  const nSteps = rnd.int(9)
  for (let i = 0; i < nSteps; i++) {
    const r = rnd.int(100)
    if (r < 38) script.push({ k: 'dispatch', type: rnd.chance(0.06) ? 'END' : rnd.chance(0.04) ? 'BOOM' : rnd.pick(TYPES) })
    else if (r < 45) script.push({ k: 'dispatchLater', type: rnd.pick(TYPES), hops: rnd.int(5) })
    else if (r < 50 && g.eventChans.length > 0 && (g.userChans.length === 0 || rnd.chance(0.5))) script.push({ k: 'emit', end: rnd.chance(0.2) })
    else if (r < 50 && g.userChans.length > 0) script.push({ k: 'chanPutExt', type: rnd.chance(0.15) ? 'END' : rnd.pick(['A', 'B'] as const) })
    else if (r < 55 && g.forks.length > 0) script.push({ k: 'cancelTask', task: rnd.pick(g.forks) })
    else if (r < 59 && g.nFns > 1) script.push({ k: 'runRootStep', f: 1 + rnd.int(g.nFns - 1), ctx: rnd.chance(0.5) ? rnd.int(10) : null })
    else if (r < 75) script.push({ k: 'advance', ms: rnd.pick([1, 5, 10, 20]) })
    else if (r < 95) script.push({ k: 'tick' })
    else script.push({ k: 'cancelRoot' })
  }
  const options: Options = {
    mode: rnd.chance(0.6) ? 'middleware' : 'runSaga',
    monitor: rnd.chance(0.5),
    effectMiddleware: rnd.chance(0.72) ? false : rnd.chance(0.3) ? rnd.pick(MW_R4) : rnd.chance(0.6) ? rnd.pick(['pass', 'pass', 'rewrite', 'async'] as const) : rnd.pick(MW_MORE),
    secondRoot: fns.length > 1 && rnd.chance(0.2),
    subscriber: rnd.chance(0.2),
  }
  const r = rnd.int(100)
  if (r < 10) options.context = r < 6 ? 'option' : 'setContext'
  if (rnd.chance(0.08)) options.inputChannel = true
  if (options.effectMiddleware && rnd.chance(0.3)) options.mwChain = true
  if (options.effectMiddleware && MW_R4.includes(options.effectMiddleware) && !options.monitor && rnd.chance(0.5)) options.monitor = true
  if (g.userTakes > 0) options.ownChannel = true
  // Sixth round: self-cancels often under a middleware around CANCEL; thunks need the thunk middleware.
  if (g.selfCancels > 0 && rnd.chance(0.4)) {
    options.effectMiddleware = rnd.pick(MW_R6)
    if (rnd.chance(0.5)) options.monitor = true
  }
  if (g.thunks > 0) options.thunk = rnd.chance(0.7) ? 'after' : 'before'
  if (!options.inputChannel && !options.ownChannel && rnd.chance(g.customChans > 0 || focus ? 0.15 : 0.03)) options.customInput = rnd.pick(['log', 'batch', 'throwB'] as const)
  // Seventh round: END through a user input channel; middlewares and monitors around cancel / race / all.
  if (g.endOnB > 0 && !options.inputChannel && !options.ownChannel && rnd.chance(0.5)) options.customInput = 'endOnB'
  if ((g.mw7 > 0 && rnd.chance(0.6)) || (focus === 7 && rnd.chance(0.25))) {
    options.effectMiddleware = rnd.pick(MW_R7)
    if (rnd.chance(0.6)) options.monitor = true
  }
  if (options.monitor && (g.mw7 > 0 || focus === 7) && rnd.chance(0.35)) options.monitorAct = rnd.pick(['dispatchOnCancel', 'runOnDispatch', 'cancelOnTrigger', 'dispatchOnTrigger', 'dispatchOnResolve', 'cancelOnResolve'] as const)
  // Eighth round (drawn only for programs with shape8 channels, so older programs are unchanged).
  if (g.chan8 > 0 || focus === 8) {
    const r8 = rnd.int(100)
    if (r8 < 45) {
      options.monitor = true
      options.chanAct = rnd.pick(CHAN_ACTS)
      options.chanSkip = rnd.int(3)
      // Closing the input channel needs the middleware to have one the program can reach.
      if (options.chanAct.startsWith('closeInput') && !options.inputChannel && !options.customInput) options.ownChannel = true
    } else if (r8 < 70) {
      options.effectMiddleware = rnd.pick(MW_R8)
      if (rnd.chance(0.4)) options.monitor = true
    }
  }
  // Ninth round (drawn only for programs with shape9 nodes, so older programs are unchanged).
  if (g.n9 > 0 || focus === 9) {
    if (rnd.chance(0.3)) options.onErrorAct = rnd.pick(['dispatch', 'run', 'cancel', 'throw'] as const)
    if (rnd.chance(0.15)) {
      options.monitor = true
      options.partialMonitor = true
    }
  }
  return { fns, script, options }
}

// ---- printing ----

/** Node kinds whose result the program keeps as `task<id>` (join / cancel / inspect refer to it). */
export const TASK_MAKERS: ReadonlySet<Expr['k']> = new Set([
  'fork', 'helper', 'timedHelper', 'helperX', 'runRoot', 'echo', 'chanTaker', 'forkRetry', 'delayedPut',
  'runRootX', 'takeRun', 'endWaiter', 'victim', 'joiner', 'ctxChild', 'dispatchVictim', 'closingTaker',
  'ctxRun', 'ctxReader', 'blocked', 'helper7', 'runDuring', 'chanWaiter', 'endWaiter8', 'finThrow', 'ctxTree',
  'loc9', 'throwVal9', 'callForm9', 'helperFn9', 'oddTake9',
])
/** Node kinds whose result the program keeps as `chan<id>`. */
export const CHANNEL_MAKERS: ReadonlySet<Expr['k']> = new Set(['actionChannel', 'eventChannel', 'channel', 'multicast', 'eventChannelY', 'customChan', 'customBuffer', 'stdChan', 'bufDefault9'])

function exprToString(e: Expr): string {
  switch (e.k) {
    case 'sync':
      return `call(syncFn, ${e.v})`
    case 'throw':
      return `call(throwFn) /* throws Error('t${e.id}') */`
    case 'promise':
      return `call(promiseFn) /* ${e.reject ? 'rejects' : 'resolves'} ${e.reject ? `Error('p${e.id}')` : e.v} ${e.ms === 0 ? (e.hops ? `after ${e.hops} extra microtask hop(s)` : 'at once') : `after ${e.ms} ms`}${e.cancellable ? ', has [CANCEL]' : ''} */`
    case 'forkFn':
      return `${e.detached ? 'spawn' : 'fork'}(${e.kind}Fn) /* ${e.kind === 'sync' ? 'returns 1' : e.kind === 'promise' ? 'returns a promise of 2' : `throws Error('ff${e.id}')`} */`
    case 'eventChannel':
      return `call(() => eventChannel(subscribe${e.buffer === 'none' ? '' : `, buffers.${e.buffer}(2)`}))${e.eager ? ` /* subscribe emits ${e.eager === 'end' ? 'END' : 'a message'} at once */` : ''}`
    case 'inspect':
      return `call(() => inspect(task${e.task})) /* isRunning, isCancelled, isAborted, result, error */`
    case 'cps':
      return `cps(cpsFn) /* ${e.fail ? `fails Error('c${e.id}')` : `gives ${e.v}`} ${e.ms === 0 ? 'synchronously' : `after ${e.ms} ms`} */`
    case 'saga':
      return `call(f${e.f}, ${e.id})`
    case 'delay':
      return `delay(${e.ms})`
    case 'put':
      return `${e.resolve ? 'putResolve' : 'put'}(${e.type === 'END' ? 'END' : `{ type: '${e.type}' }`})`
    case 'take':
      return `${e.maybe ? 'takeMaybe' : 'take'}(${JSON.stringify(e.pattern)})`
    case 'takeChan':
      return `${e.maybe ? 'takeMaybe' : 'take'}(chan${e.chan})`
    case 'flush':
      return `flush(chan${e.chan})`
    case 'actionChannel':
      return `actionChannel(${JSON.stringify(e.pattern)}${e.buffer === 'default' ? '' : `, ${bufferToString(e.buffer, e.limit ?? 1)}`})`
    case 'select':
      return e.throws ? `select(throwingSelector)` : `select(s => s.count)`
    case 'fork':
      return e.detached === 'detach' ? `detach(fork(f${e.f}, ${e.id}))` : `${e.detached ? 'spawn' : 'fork'}(f${e.f}, ${e.id})`
    case 'helper':
      return `${e.helper}('${e.pattern}', f${e.f})`
    case 'timedHelper':
      return `${e.helper}(${e.ms}, '${e.pattern}', f${e.f})`
    case 'chanPut': {
      const message = e.end ? 'END' : e.type === 'error' ? `new Error('m${e.id}')` : `{ type: '${e.type ?? 'A'}', v: ${e.v} }`
      return e.sync ? `call(() => chan${e.chan}.put(${message}))` : `put(chan${e.chan}, ${message})`
    }
    case 'delayVal':
      return `delay(${e.ms}, ${e.val === 'number' ? e.id : e.val === 'promise' ? `Promise.resolve(${e.id})` : e.val === 'thenable' ? `thenable /* resolves ${e.id} */` : 'undefined'})`
    case 'emitCall':
      return `call(() => emit(${e.end ? 'END' : 'message'})) /* on every eventChannel */`
    case 'taskCall':
      return e.op === 'cancel' ? `call(() => task${e.task}.cancel())` : `call(() => task${e.task}.toPromise())`
    case 'runRoot':
      return `call(() => middleware.run(f${e.f}, ${e.id}))`
    case 'chanClose':
      return `call(() => chan${e.chan}.close())`
    case 'retry':
      return `retry(${e.tries}, ${e.ms}, flakyFn) /* fails ${e.failures} time(s)${e.falsy ? ' throwing undefined' : ''}, then gives ${e.id} */`
    case 'iterator':
      return `f${e.f}(${e.id}) /* the iterator itself */`
    case 'rawPromise':
      return `promise /* resolves ${e.v} ${e.ms === 0 ? 'at once' : `after ${e.ms} ms`} */`
    case 'setContext':
      return `setContext({ key: ${e.v} })`
    case 'getContext':
      return `getContext('key')`
    case 'join':
      return Array.isArray(e.task) ? `join([${e.task.map((t) => `task${t}`).join(', ')}])` : `join(task${e.task})`
    case 'cancel':
      return e.task === 'self'
        ? 'cancel()'
        : Array.isArray(e.task)
          ? `cancel([${e.task.map((t) => `task${t}`).join(', ')}])`
          : `cancel(task${e.task})`
    case 'cancelled':
      return 'cancelled()'
    case 'plain':
      return `${e.v} /* plain value */`
    case 'channel': {
      const make = `channel(${e.buffer === 'default' ? '' : bufferToString(e.buffer, e.limit)})`
      return e.direct ? `${make} /* the channel itself */` : `call(() => ${make})`
    }
    case 'multicast':
      return e.direct ? 'multicastChannel() /* the channel itself */' : 'call(multicastChannel)'
    case 'takeMulti':
      return `${e.maybe ? 'takeMaybe' : 'take'}(chan${e.chan}, ${JSON.stringify(e.pattern)})`
    case 'ctxCall': {
      const what = `/* this = ctx${e.id}; ${e.outcome} */`
      const fn = e.form.startsWith('cps') ? 'cpsMethod' : 'method'
      switch (e.form) {
        case 'apply':
          return `apply(ctx${e.id}, ctx${e.id}.method, [${e.v}]) ${what}`
        case 'array':
        case 'cps':
          return `${e.form === 'cps' ? 'cps' : 'call'}([ctx${e.id}, ctx${e.id}.${fn}], ${e.v}) ${what}`
        case 'arrayName':
        case 'cpsName':
          return `${e.form === 'cpsName' ? 'cps' : 'call'}([ctx${e.id}, '${fn}'], ${e.v}) ${what}`
        case 'object':
        case 'cpsObject':
          return `${e.form === 'cpsObject' ? 'cps' : 'call'}({ context: ctx${e.id}, fn: ctx${e.id}.${fn} }, ${e.v}) ${what}`
        case 'fork':
          return `fork([ctx${e.id}, 'method'], ${e.v}) ${what}`
        case 'spawnObject':
          return `spawn({ context: ctx${e.id}, fn: ctx${e.id}.method }, ${e.v}) ${what}`
      }
      break
    }
    case 'putPromise':
      return `${e.resolve ? 'putResolve' : 'put'}({ type: '${e.reject ? 'R' : 'P'}' }) /* dispatch returns ${
        e.thenable ? `a thenable that ${e.reject ? 'rejects' : 'resolves'} synchronously` : `a promise that ${e.reject ? 'rejects' : 'resolves'} ${e.ms === 0 ? 'at once' : `after ${e.ms} ms`}`
      } */`
    case 'selectArgs':
      return e.args === null ? 'select()' : `select((s, ...args) => [s.count, ...args], ${e.args.join(', ')})`
    case 'helperX': {
      const source = e.chan === null ? JSON.stringify(e.pattern) : `chan${e.chan}`
      const rest = `${source}, f${e.f}${e.arg === null ? '' : `, ${e.arg}`}`
      return e.helper === 'throttle' || e.helper === 'debounce' ? `${e.helper}(${e.ms}, ${rest})` : `${e.helper}(${rest})`
    }
    case 'thenable': {
      const what = `thenable /* then() ${e.mode === 'later' ? 'resolves after 5 ms' : e.mode === 'twice' ? 'resolves, then rejects' : e.mode === 'never' ? 'never settles' : `${e.mode}s synchronously`} */`
      return e.via === 'yield' ? what : `${e.via}(() => ${what})`
    }
    case 'echo':
      return `fork(echo) /* ${e.n} time(s): take('${e.from}'), then ${e.resolve ? 'putResolve' : 'put'}({ type: '${e.to}' }) */`
    case 'chanTaker':
      return `fork(taker) /* ${e.n} time(s): ${e.maybe ? 'takeMaybe' : 'take'}(chan${e.chan}) */`
    case 'forkRetry':
      return `fork(function* () { yield retry(${e.tries}, ${e.ms}, flakyFn) }) /* fails ${e.failures} time(s), then gives ${e.id} */`
    case 'delayedPut':
      return `fork(function* () { yield delay(${e.ms}); yield put({ type: '${e.type}' }) })`
    case 'cpsX':
      return `cps(cpsX) /* ${e.mode}${e.mode.startsWith('async') || e.mode === 'errorThenValue' ? ` after ${e.ms} ms` : ''}, ${e.fail ? 'errors' : 'values'}${e.cancel === 'none' ? '' : `, cb.cancel ${e.cancel === 'clear' ? 'clears its timer' : e.cancel === 'keep' ? 'keeps its timer' : e.cancel === 'throws' ? 'clears its timer and throws' : e.cancel === 'callsBack' ? 'clears its timer and calls back' : e.cancel === 'notFn' ? 'is an object' : 'clears its timer and logs its this'}`} */`
    case 'userTake':
      return `call(() => inputChannel.take(cb, ${e.match === 'any' ? '() => true' : `a => a.type === '${e.match}'`})) /* cb then: ${e.then}${e.root ? ` (root saga: ${e.root})` : ''} */`
    case 'userCancel':
      return 'call(() => latestUserCallback.cancel())'
    case 'runRootX':
      return `call(() => middleware.run(root /* ${e.root} */))`
    case 'takeRun':
      return `fork(function* () { yield take('A'); middleware.run(root /* ${e.root} */) })`
    case 'endWaiter': {
      const parts = e.maybe.map((m, i) => `${m ? 'takeMaybe' : 'take'}('${i % 2 === 0 ? 'A' : 'B'}')`)
      return `fork(function* () { yield ${e.comb}(${e.obj ? `{ ${parts.map((p, i) => `k${i}: ${p}`).join(', ')} }` : `[${parts.join(', ')}]`}) })`
    }
    case 'victim':
      return `${e.spawn ? 'spawn' : 'fork'}(victim) /* ${e.mode === 'sync' ? 'throws at once' : `delay(${e.ms}), then ${e.mode}`} */`
    case 'joiner':
      return `${e.spawn ? 'spawn' : 'fork'}(function* () { ${e.ms ? `yield delay(${e.ms}); ` : ''}yield join(task${e.task}) })`
    case 'ctxChild':
      return `${e.via}(function* () { getContext('key'); setContext({ key: ${e.v} }); getContext('key'); fork(reader) })`
    case 'dispatchFn': {
      const d = `dispatch(${e.type === 'END' ? 'END' : `{ type: '${e.type}' }`}) /* first 2 runs */`
      switch (e.via) {
        case 'select':
          return `select(state => { ${d}; return state.count })`
        case 'cps':
          return `cps(cb => { ${d}; cb(null, ${e.id}) })`
        default:
          return `${e.via}(() => { ${d}; return ${e.id} })`
      }
    }
    case 'dispatchVictim': {
      const body = `${e.ms >= 0 ? `yield delay(${e.ms}); ` : ''}yield ${exprToString({ k: 'dispatchFn', id: e.id, via: e.via, type: 'A' })}`
      const worker = `function* worker() { ${body} } /* logs its end and cancelled() */`
      if (e.wrap === 'race') return `fork(function* () { yield race({ t: take('A'), w: call(${worker}) }) }) /* the dispatch runs inside the call */`
      if (e.wrap === 'raceCall') return `fork(function* () { yield race({ t: take('A'), w: call(function* () { yield call(${worker}) }) }) })`
      return `${e.wrap}('A', ${worker})`
    }
    case 'callCancel':
      return `call(function* () { try { yield cancel() } finally { ${e.then === 'put' ? "yield put({ type: 'B' })" : e.then === 'takeMaybe' ? "yield takeMaybe('A')" : ''} } })`
    case 'eventChannelY':
      return `call(() => eventChannel(subscribe${e.buffer === 'default' ? '' : `, ${bufferToString(e.buffer, e.limit)}`})) /* subscribe emits ${e.burst} at once; unsubscribe emits ${e.unsub} */`
    case 'closingTaker':
      return `fork(function* () { yield take(chan${e.chan}); chan${e.chan}.close(); yield takeMaybe(chan${e.chan}) })`
    case 'mixed': {
      const parts = e.parts.map((p, i) => (e.obj ? (p === 'hole' ? '' : p === 'symbol' ? `[Symbol()]: delay(1)` : `k${i}: <${p}>`) : p === 'hole' ? '' : p === 'symbol' ? '<symbol prop>' : `<${p}>`))
      return e.obj ? `${e.comb}({ ${parts.filter(Boolean).join(', ')} })` : `${e.comb}([${parts.join(', ')}])`
    }
    case 'customChan':
      return `${e.direct ? '' : 'call(() => '}userChannel /* take: ${e.take}${e.flush ? `, flush: ${e.flush}` : ''}${e.multicast ? ', flagged MULTICAST' : ''} */${e.direct ? ' /* the object itself */' : ')'}`
    case 'customBuffer':
      return e.via === 'channel' ? `call(() => channel(userBuffer /* ${e.mode} */))` : `actionChannel('A', userBuffer /* ${e.mode} */)`
    case 'selfCancel': {
      const body = {
        plain: 'yield cancel()',
        explicit: "yield cancel('@@redux-saga/SELF_CANCELLATION')",
        race: 'yield race({ c: cancel(), d: delay(5) })',
        all: 'yield all([fork(waiter), cancel()])',
        afterFork: 'yield fork(waiter); yield cancel()',
        nested: 'yield call(function* inner() { try { yield cancel() } finally { cancelled() } })',
        iterator: 'yield (function* () { yield cancel() })()',
        afterDelay: 'yield delay(0); yield cancel()',
        twice: 'yield cancel(); /* in finally: */ yield cancel()',
      }[e.where]
      return `call(function* selfCancel() { try { ${body} } finally { yield cancelled(); /* then: ${e.then} */ } })`
    }
    case 'ctxRun':
      return `call(() => { middleware.setContext({ key: ${e.v} }) /* runSaga: rootTask.setContext */; ${e.f === null ? '' : `return middleware.run(f${e.f}, ${e.id})`} })`
    case 'taskCtx':
      return `call(() => task${e.task}.setContext({ key: ${e.v} }))`
    case 'ctxReader':
      return `fork(function* reader() { for (${e.n} times) { yield delay(${e.ms}); yield getContext('key') } })`
    case 'userCancelTask': {
      const what = `${e.target === 'root' ? 'rootTask' : `task${e.target}`}.cancel()`
      return e.via === 'select' ? `select(state => { ${what}; return state.count })` : e.via === 'cps' ? `cps(cb => { ${what}; cb(null, ${e.id}) })` : `${e.via}(() => { ${what}; return ${e.id} })`
    }
    case 'putX':
      return `${e.resolve ? 'putResolve' : 'put'}({ type: 'X' }) /* the reducer: ${e.op}${e.task === null ? '' : ` task${e.task}`} */`
    case 'putThunk':
      return `${e.resolve ? 'putResolve' : 'put'}((dispatch, getState) => { /* ${e.mode} */ })`
    case 'blocked':
      return `${e.spawn ? 'spawn' : 'fork'}(function* blocked() { try { yield ${e.comb}([take('NEVER'), delay(50), call(subWithFinally /* finally: ${e.fin} */)]) } finally { cancelled(); ${e.fin} } })`
    case 'helper7': {
      const source = e.chan === null ? JSON.stringify(e.pattern) : `chan${e.chan}`
      const worker = `function* worker7(action) { log(action); ${e.workerMs >= 0 ? `yield delay(${e.workerMs}); ` : ''}${e.fail ? `throw ${e.fail === 'falsy' ? 'undefined' : 'new Error()'} ` : ''}} /* logs its end and cancelled() */`
      return e.helper === 'throttle' || e.helper === 'debounce' ? `${e.helper}(${e.ms}, ${source}, ${worker})` : `${e.helper}(${source}, ${worker})`
    }
    case 'runDuring': {
      const run = `middleware.run(root /* ${e.root} */)`
      switch (e.via) {
        case 'reducer':
          return `put({ type: 'Y' }) /* the reducer: ${run} */`
        case 'listener':
          return `call(() => store.subscribe(once(() => ${run})))`
        case 'thunk':
          return `put(() => ${run}) /* a thunk */`
        case 'select':
          return `fork(function* () { yield take('${e.type}'); yield select(s => ${run}) })`
        case 'cps':
          return `fork(function* () { yield take('${e.type}'); yield cps(cb => cb(null, ${run})) })`
        default:
          return `fork(function* () { yield take('${e.type}'); yield call(() => ${run}) })`
      }
    }
    case 'stdChan':
      return e.direct ? 'stdChannel()' : 'call(stdChannel)'
    case 'chanWaiter': {
      const part = (p: ChanPart) => (p === 'take' || p === 'takeMaybe' ? `${p}(chan${e.chan}${e.multi ? ", '*'" : ''})` : p === 'flush' ? `flush(chan${e.chan})` : p === 'delay' ? 'delay(5)' : "take('A')")
      return `fork(function* chanWaiter() { for (${e.n} times) { log(yield ${e.comb}(${e.obj ? `{ ${e.parts.map((p, i) => `k${i}: ${part(p)}`).join(', ')} }` : `[${e.parts.map(part).join(', ')}]`})) } })`
    }
    case 'endWaiter8': {
      const part = (p: { pattern: string | string[]; maybe: boolean }) => `${p.maybe ? 'takeMaybe' : 'take'}(${JSON.stringify(p.pattern)})`
      return `fork(function* endWaiter8() { log(yield ${e.comb}(${e.obj ? `{ ${e.parts.map((p, i) => `k${i}: ${part(p)}`).join(', ')} }` : `[${e.parts.map(part).join(', ')}]`})); then ${e.after} })`
    }
    case 'promiseThis':
      return `call(promiseThisFn) /* resolves after ${e.ms} ms; its [CANCEL] logs its this and arguments */`
    case 'storeClose':
      return e.via === 'reducer' ? `${e.resolve ? 'putResolve' : 'put'}({ type: 'Z' }) /* the reducer: ${e.op} the latest channel */` : `call(() => store.subscribe(once(() => ${e.op} the latest channel)))`
    case 'putSym':
      return `${e.resolve ? 'putResolve' : 'put'}({ type: Symbol(S) })`
    case 'endCb':
      return `call(() => channel.take(cb /* on ${e.maybe ? 'anything' : 'END only'}: ${e.then} */, matcher A))`
    case 'finThrow':
      return `${e.via}(function* finThrow() { try { wait ${e.wait}${e.child ? '; fork(child whose finally throws)' : ''} } finally { ${e.when}; throw } })`
    case 'ctxTree':
      return `${e.via}(function* ctxTree() { setContext(${e.v}); ${e.child}(child: ${e.grand} grandchild); setContext(${e.v + 1}); read })`
    case 'loc9':
      return `${e.via === 'root' ? 'call(() => middleware.run' : e.via}(locSaga${e.fnLoc ? ' /* SAGA_LOCATION */' : ''}${e.via === 'root' ? ')' : ''}) /* fails: ${e.fail}${e.effLoc ? ', effects with SAGA_LOCATION' : ''} */`
    case 'throwVal9':
      return `${e.via}: fails with ${e.val} /* not an Error */`
    case 'callForm9':
      return `callForm9 ${e.form}(${e.v})${e.fail ? ' /* fails */' : ''}`
    case 'takeNoArg9':
      return `${e.maybe ? 'takeMaybe' : 'take'}()`
    case 'chanOp9':
      return e.op === 'cancelCb' ? 'call(() => latestChanCb.cancel())' : `call(() => chan${e.chan}.${e.op === 'flush' ? 'flush' : 'take'}(cb${e.then ? ` /* then ${e.then} */` : ''}${e.op === 'takeMatch' ? ', a => a.type === "A" || a.type === "E"' : ''}))`
    case 'putResolveChan9':
      return `putResolve(chan${e.chan}, ${e.end ? 'END' : `{ type: 'A', v: ${e.id} }`})`
    case 'putObj9':
      return `putObj9 ${e.mode}`
    case 'bufDefault9':
      return e.via === 'channel' ? `call(() => channel(buffers.${e.kind}()))` : `actionChannel('A', buffers.${e.kind}())`
    case 'oddTake9':
      return `${e.via === 'take' ? 'fork(function* () { 2 times: take' : e.via === 'every' ? 'takeEvery' : 'fork(function* () { actionChannel, 2 times: take'}(${JSON.stringify(e.pattern)})${e.via === 'every' ? '' : ' })'}`
    case 'oddPut9':
      return `${e.resolve ? 'putResolve' : 'put'}(action of type ${e.type})`
    case 'helperFn9':
      return `${e.helper}(${e.helper === 'throttle' || e.helper === 'debounce' ? `${e.ms}, ` : ''}'A', plainWorker /* ${e.mode} */)`
    case 'all':
    case 'race':
      return e.obj
        ? `${e.k}({ ${e.children.map((c, i) => `k${i}: ${exprToString(c)}`).join(', ')} })`
        : `${e.k}([${e.children.map(exprToString).join(', ')}])`
  }
}

function bufferToString(buffer: BufferKind, limit: number): string {
  return buffer === 'none' ? 'buffers.none()' : `buffers.${buffer}(${limit})`
}

function blockToLines(stmts: Stmt[], indent: string, out: string[]): void {
  for (const s of stmts) {
    switch (s.k) {
      case 'yield': {
        const binding = TASK_MAKERS.has(s.e.k) ? `task${s.e.id} = ` : CHANNEL_MAKERS.has(s.e.k) ? `chan${s.e.id} = ` : ''
        out.push(`${indent}${binding}yield ${exprToString(s.e)} // #${s.id}`)
        break
      }
      case 'throw':
        out.push(`${indent}throw new Error('s${s.id}')`)
        break
      case 'return':
        out.push(`${indent}return ${s.v} // #${s.id}`)
        break
      case 'loop':
        out.push(`${indent}for (let i = 0; i < ${s.n}; i++) { // #${s.id}`)
        blockToLines(s.body, indent + '  ', out)
        out.push(`${indent}}`)
        break
      case 'try':
        out.push(`${indent}try { // #${s.id}`)
        blockToLines(s.body, indent + '  ', out)
        if (s.catch) {
          out.push(`${indent}} catch (e) {`)
          blockToLines(s.catch, indent + '  ', out)
        }
        if (s.finally) {
          out.push(`${indent}} finally {`)
          out.push(`${indent}  yield cancelled()`)
          blockToLines(s.finally, indent + '  ', out)
        }
        out.push(`${indent}}`)
        break
    }
  }
}

/** The program as readable pseudo-JavaScript. */
export function printProgram(p: Program): string {
  const out: string[] = [`// options: ${JSON.stringify(p.options)}`]
  p.fns.forEach((body, fi) => {
    out.push(`function* f${fi}(...args) {`)
    blockToLines(body, '  ', out)
    out.push('}')
  })
  out.push(`// script: ${p.script.map(stepToString).join('; ') || '(none)'}`)
  return out.join('\n')
}

export function stepToString(s: Step): string {
  switch (s.k) {
    case 'dispatch':
      return `dispatch ${s.type}`
    case 'dispatchLater':
      return `dispatch ${s.type} after ${s.hops} microtask hop(s)`
    case 'advance':
      return `advance ${s.ms}`
    case 'emit':
      return s.end ? 'emit END' : 'emit'
    case 'cancelTask':
      return `task${s.task}.cancel()`
    case 'runRootStep':
      return `${s.ctx === null ? '' : `middleware.setContext({ key: ${s.ctx} }); `}middleware.run(f${s.f}, 'step')`
    case 'chanPutExt':
      return `chan.put(${s.type === 'END' ? 'END' : `{ type: '${s.type}' }`}) on every channel()`
    default:
      return s.k
  }
}

// ---- shrinking ----

const clone = <T>(x: T): T => structuredClone(x)

/** Every program one simplification away from `p` (smaller first). */
export function simplifications(p: Program): Program[] {
  const out: Program[] = []
  // Drop the last function if nothing refers to it.
  if (p.fns.length > 1) {
    const last = p.fns.length - 1
    const text = JSON.stringify(p.fns.slice(0, last)) + JSON.stringify(p.script)
    if (!text.includes(`"f":${last}`) && !(last === 1 && p.options.secondRoot)) out.push({ ...clone(p), fns: clone(p.fns.slice(0, last)) })
  }
  for (let i = 0; i < p.script.length; i++) {
    const q = clone(p)
    q.script.splice(i, 1)
    out.push(q)
  }
  p.fns.forEach((_, fi) => {
    for (const edit of blockEdits(p.fns[fi]!)) {
      const q = clone(p)
      q.fns[fi] = edit
      out.push(q)
    }
  })
  if (p.options.monitor) out.push({ ...clone(p), options: { ...p.options, monitor: false } })
  if (p.options.effectMiddleware) out.push({ ...clone(p), options: { ...p.options, effectMiddleware: false } })
  if (p.options.effectMiddleware && p.options.effectMiddleware !== 'pass') out.push({ ...clone(p), options: { ...p.options, effectMiddleware: 'pass' } })
  if (p.options.mwChain) out.push({ ...clone(p), options: { ...p.options, mwChain: undefined } })
  if (p.options.mode === 'middleware') out.push({ ...clone(p), options: { ...p.options, mode: 'runSaga' } })
  if (p.options.secondRoot) out.push({ ...clone(p), options: { ...p.options, secondRoot: false } })
  if (p.options.subscriber) out.push({ ...clone(p), options: { ...p.options, subscriber: false } })
  if (p.options.context) out.push({ ...clone(p), options: { ...p.options, context: false } })
  if (p.options.inputChannel) out.push({ ...clone(p), options: { ...p.options, inputChannel: false } })
  if (p.options.customInput) out.push({ ...clone(p), options: { ...p.options, customInput: undefined } })
  if (p.options.thunk === 'before') out.push({ ...clone(p), options: { ...p.options, thunk: 'after' } })
  if (p.options.monitorAct) out.push({ ...clone(p), options: { ...p.options, monitorAct: undefined } })
  if (p.options.chanAct) out.push({ ...clone(p), options: { ...p.options, chanAct: undefined } })
  if (p.options.onErrorAct) out.push({ ...clone(p), options: { ...p.options, onErrorAct: undefined } })
  if (p.options.partialMonitor) out.push({ ...clone(p), options: { ...p.options, partialMonitor: undefined } })

  for (let i = 0; i < p.script.length; i++) {
    const s = p.script[i]!
    if (s.k === 'runRootStep' && s.ctx !== null) {
      const q = clone(p)
      ;(q.script[i] as { ctx: number | null }).ctx = null
      out.push(q)
    }
    if (s.k === 'advance' && s.ms > 1) {
      const q = clone(p)
      ;(q.script[i] as { ms: number }).ms = 1
      out.push(q)
    }
  }
  return out
}

/** Single edits of a block: remove a statement, unwrap try / loop, drop catch / finally, simplify an expression. */
function blockEdits(block: Stmt[]): Stmt[][] {
  const out: Stmt[][] = []
  block.forEach((s, i) => {
    const replace = (...with_: Stmt[]) => {
      const b = clone(block)
      b.splice(i, 1, ...clone(with_))
      out.push(b)
    }
    replace()
    if (s.k === 'try') {
      replace(...s.body)
      if (s.catch) replace({ ...s, catch: null, finally: s.finally ?? [] })
      if (s.finally && s.catch) replace({ ...s, finally: null })
      if (s.finally && s.finally.length > 0) replace({ ...s, finally: [] })
      for (const b of blockEdits(s.body)) replace({ ...s, body: b })
      if (s.catch) for (const b of blockEdits(s.catch)) replace({ ...s, catch: b })
      if (s.finally) for (const b of blockEdits(s.finally)) replace({ ...s, finally: b })
    } else if (s.k === 'loop') {
      replace(...s.body)
      if (s.n > 1) replace({ ...s, n: 1 })
      for (const b of blockEdits(s.body)) replace({ ...s, body: b })
    } else if (s.k === 'yield') {
      for (const e of exprEdits(s.e)) replace({ ...s, e })
    }
  })
  return out
}

function exprEdits(e: Expr): Expr[] {
  const out: Expr[] = []
  if (e.k === 'all' || e.k === 'race') {
    e.children.forEach((c, i) => {
      const children = clone(e.children)
      children.splice(i, 1)
      out.push({ ...e, children })
      for (const d of exprEdits(c)) {
        const cs = clone(e.children)
        cs[i] = d
        out.push({ ...e, children: cs })
      }
    })
    if (e.obj) out.push({ ...e, obj: false })
  }
  if ((e.k === 'promise' || e.k === 'cps' || e.k === 'rawPromise' || e.k === 'retry') && e.ms > 0) out.push({ ...e, ms: 0 })
  if ((e.k === 'delay' || e.k === 'delayVal') && e.ms > 0) out.push({ ...e, ms: 0 })
  if (e.k === 'delayVal' && e.val !== 'number') out.push({ ...e, val: 'number' })
  if (e.k === 'promise' && e.hops > 0) out.push({ ...e, hops: 0 })
  if (e.k === 'promise' && e.cancellable) out.push({ ...e, cancellable: false })
  if ((e.k === 'join' || e.k === 'cancel') && Array.isArray(e.task)) out.push({ ...e, task: e.task[0]! })
  if (e.k === 'fork' && e.detached === 'detach') out.push({ ...e, detached: 'spawn' })
  if (e.k === 'put' && e.resolve) out.push({ ...e, resolve: false })
  if (e.k === 'take' && e.maybe) out.push({ ...e, maybe: false })
  if (e.k === 'chanPut' && e.end) out.push({ ...e, end: false })
  if (e.k === 'take' && e.pattern !== 'A') out.push({ ...e, pattern: 'A' })
  if ((e.k === 'take' || e.k === 'takeMulti' || e.k === 'actionChannel' || e.k === 'helperX') && Array.isArray(e.pattern))
    e.pattern.forEach((_, i) => out.push({ ...e, pattern: (e.pattern as string[]).filter((_p, j) => j !== i) }))
  if ((e.k === 'takeMulti' || e.k === 'actionChannel' || e.k === 'helperX') && e.pattern !== 'A') out.push({ ...e, pattern: 'A' })
  if (e.k === 'takeMulti' && e.maybe) out.push({ ...e, maybe: false })
  if ((e.k === 'channel' || e.k === 'multicast') && e.direct) out.push({ ...e, direct: false })
  if ((e.k === 'channel' || e.k === 'actionChannel') && e.buffer !== 'default') out.push({ ...e, buffer: 'default' })
  if ((e.k === 'channel' || e.k === 'actionChannel') && e.limit !== undefined && e.limit > 1) out.push({ ...e, limit: 1 })
  if (e.k === 'chanPut' && e.type) out.push({ ...e, type: undefined })
  if (e.k === 'ctxCall' && e.outcome !== 'value') out.push({ ...e, outcome: 'value' })
  if (e.k === 'ctxCall' && e.form !== 'array' && e.form !== 'cps') out.push({ ...e, form: e.form.startsWith('cps') ? 'cps' : 'array' })
  if (e.k === 'putPromise' && e.ms > 0) out.push({ ...e, ms: 0 })
  if (e.k === 'putPromise' && e.resolve) out.push({ ...e, resolve: false })
  if (e.k === 'putPromise' && e.thenable) out.push({ ...e, thenable: undefined })
  if (e.k === 'selectArgs' && e.args && e.args.length > 1) out.push({ ...e, args: e.args.slice(1) })
  if (e.k === 'helperX' && e.arg !== null) out.push({ ...e, arg: null })
  if (e.k === 'helperX' && e.chan !== null) out.push({ ...e, chan: null })
  if (e.k === 'thenable' && e.via !== 'yield') out.push({ ...e, via: 'yield' })
  if (e.k === 'chanPut' && e.sync) out.push({ ...e, sync: undefined })
  if (e.k === 'eventChannel' && e.eager) out.push({ ...e, eager: undefined })
  if ((e.k === 'echo' || e.k === 'chanTaker') && e.n > 1) out.push({ ...e, n: 1 })
  if (e.k === 'echo' && e.resolve) out.push({ ...e, resolve: false })
  if (e.k === 'chanTaker' && e.maybe) out.push({ ...e, maybe: false })
  if (e.k === 'cpsX' && e.cancel !== 'none') out.push({ ...e, cancel: 'none' })
  if (e.k === 'cpsX' && e.ms > 0) out.push({ ...e, ms: 0 })
  if (e.k === 'cpsX' && e.fail) out.push({ ...e, fail: false })
  if (e.k === 'userTake' && e.then !== 'log') out.push({ ...e, then: 'log', root: undefined })
  if (e.k === 'userTake' && e.match !== 'A') out.push({ ...e, match: 'A' })
  if ((e.k === 'victim' || e.k === 'joiner') && e.spawn) out.push({ ...e, spawn: false })
  if ((e.k === 'victim' || e.k === 'joiner') && e.ms > 0) out.push({ ...e, ms: 0 })
  if (e.k === 'endWaiter' && e.maybe.length > 1) e.maybe.forEach((_, i) => out.push({ ...e, maybe: e.maybe.filter((_m, j) => j !== i) }))
  if (e.k === 'endWaiter' && e.obj) out.push({ ...e, obj: false })
  if (e.k === 'mixed') e.parts.forEach((_, i) => out.push({ ...e, parts: e.parts.filter((_p, j) => j !== i) }))
  if (e.k === 'mixed' && e.obj) out.push({ ...e, obj: false })
  if ((e.k === 'dispatchFn' || e.k === 'dispatchVictim') && e.via !== 'call') out.push({ ...e, via: 'call' })
  if (e.k === 'dispatchVictim' && e.ms >= 0) out.push({ ...e, ms: -1 })
  if (e.k === 'eventChannelY' && e.burst > 0) out.push({ ...e, burst: e.burst - 1 })
  if (e.k === 'eventChannelY' && e.unsub !== 'none') out.push({ ...e, unsub: 'none' })
  if (e.k === 'eventChannelY' && e.buffer !== 'default') out.push({ ...e, buffer: 'default' })
  if (e.k === 'callCancel' && e.then !== 'none') out.push({ ...e, then: 'none' })
  if (e.k === 'selfCancel' && e.then !== 'none') out.push({ ...e, then: 'none' })
  if (e.k === 'selfCancel' && e.where !== 'plain') out.push({ ...e, where: 'plain' })
  if (e.k === 'customChan' && e.multicast) out.push({ ...e, multicast: false })
  if (e.k === 'customChan' && e.direct) out.push({ ...e, direct: false })
  if (e.k === 'customChan' && e.take !== 'queue') out.push({ ...e, take: 'queue' })
  if (e.k === 'customChan' && e.flush) out.push({ ...e, flush: undefined })
  if (e.k === 'customBuffer' && e.mode !== 'fifo') out.push({ ...e, mode: 'fifo' })
  if (e.k === 'ctxRun' && e.f !== null) out.push({ ...e, f: null })
  if (e.k === 'ctxReader' && e.n > 1) out.push({ ...e, n: 1 })
  if (e.k === 'userCancelTask' && e.via !== 'call') out.push({ ...e, via: 'call' })
  if ((e.k === 'putX' || e.k === 'putThunk') && e.resolve) out.push({ ...e, resolve: false })
  if (e.k === 'putThunk' && e.mode !== 'value') out.push({ ...e, mode: 'value' })
  if (e.k === 'blocked' && e.fin !== 'none') out.push({ ...e, fin: 'none' })
  if (e.k === 'blocked' && e.spawn) out.push({ ...e, spawn: false })
  if (e.k === 'helper7' && e.workerMs >= 0) out.push({ ...e, workerMs: -1 })
  if (e.k === 'helper7' && e.fail) out.push({ ...e, fail: undefined })
  if (e.k === 'retry' && e.falsy) out.push({ ...e, falsy: undefined })
  if (e.k === 'helper7' && e.helper !== 'takeEvery') out.push({ ...e, helper: 'takeEvery' })
  if (e.k === 'runDuring' && e.root !== 'return') out.push({ ...e, root: 'return' })
  if (e.k === 'chanWaiter' && e.parts.length > 1) e.parts.forEach((_, i) => out.push({ ...e, parts: e.parts.filter((_p, j) => j !== i) }))
  if (e.k === 'chanWaiter' && e.n > 1) out.push({ ...e, n: 1 })
  if ((e.k === 'chanWaiter' || e.k === 'endWaiter8') && e.obj) out.push({ ...e, obj: false })
  if (e.k === 'endWaiter8' && e.parts.length > 1) e.parts.forEach((_, i) => out.push({ ...e, parts: e.parts.filter((_p, j) => j !== i) }))
  if (e.k === 'endWaiter8' && e.after !== 'none') out.push({ ...e, after: 'none' })
  if (e.k === 'endWaiter8') e.parts.forEach((p, i) => {
    if (typeof p.pattern !== 'string' || p.pattern !== '*') out.push({ ...e, parts: e.parts.map((q, j) => (j === i ? { ...q, pattern: '*' } : q)) })
    if (p.maybe) out.push({ ...e, parts: e.parts.map((q, j) => (j === i ? { ...q, maybe: false } : q)) })
  })
  if (e.k === 'putSym' && e.resolve) out.push({ ...e, resolve: false })
  if (e.k === 'promiseThis' && e.ms > 0) out.push({ ...e, ms: 0 })
  if (e.k === 'storeClose' && e.resolve) out.push({ ...e, resolve: false })
  if (e.k === 'stdChan' && e.direct) out.push({ ...e, direct: false })
  if (e.k === 'finThrow' && e.child) out.push({ ...e, child: false })
  if (e.k === 'finThrow' && e.when !== 'sync') out.push({ ...e, when: 'sync' })
  if (e.k === 'finThrow' && e.via !== 'fork') out.push({ ...e, via: 'fork' })
  if (e.k === 'ctxTree' && e.grand !== 'none') out.push({ ...e, grand: 'none' })
  if (e.k === 'ctxTree' && e.via !== 'fork') out.push({ ...e, via: 'fork' })
  if (e.k === 'loc9' && e.effLoc) out.push({ ...e, effLoc: false })
  if (e.k === 'loc9' && e.fnLoc) out.push({ ...e, fnLoc: false })
  if (e.k === 'throwVal9' && e.via !== 'call') out.push({ ...e, via: 'call' })
  if (e.k === 'callForm9' && e.fail) out.push({ ...e, fail: false })
  if (e.k === 'helperFn9' && e.helper !== 'takeEvery') out.push({ ...e, helper: 'takeEvery' })
  if (e.k === 'chanOp9' && e.then) out.push({ ...e, then: undefined })
  return out
}

/** Program size, for reporting. */
export function size(p: Program): number {
  return (JSON.stringify(p.fns).match(/"id"/g) ?? []).length + p.script.length
}
