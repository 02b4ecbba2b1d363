/*
 * Runs a fuzz Program (see program.ts) on one library and returns everything observable, in
 * order: every step of every saga ("enter f1#2", results, "caught", "finally ... cancelled=true"),
 * the calls the program's functions receive, promise [CANCEL] calls, the actions the reducer
 * sees, onError (error and sagaStack), SagaMonitor events (effect ids renumbered in first-seen
 * order), effect-middleware calls, and at the end the state of the root and of every task the
 * program forked.
 *
 * Time is vitest's fake timers (the caller installs them): redux-saga's `delay` and sagaflow's
 * default `systemClock` both call the global `setTimeout` when the delay starts, and the
 * program's own promises and cps callbacks use it too, so one fake clock drives both libraries.
 */
import { isDeepStrictEqual, inspect } from 'node:util'
import { applyMiddleware, legacy_createStore as createStore } from 'redux'
import { vi } from 'vitest'
import { describe as describeValue, idNormalizer, reference, sagaflow, type Lib } from '../support/differential.js'
import { CHANNEL_MAKERS, stepToString, TASK_MAKERS, type BufferKind, type Expr, type Program, type RootKind7, type Stmt } from './program.js'

/**
 * A comparable description of a value (the differential harness's `describe`: tasks, channels,
 * effects and errors by what they are; the reference's bundler-mangled helper names unified).
 */
export const desc = describeValue

// Captured at load, before a test installs fake timers (which fake Date, performance and hrtime too).
const realSetImmediate = globalThis.setImmediate
const realSetInterval = globalThis.setInterval
const realClearInterval = globalThis.clearInterval
const realHrtime = process.hrtime.bigint.bind(process.hrtime)
/** Real milliseconds, whatever the fake timers say. */
const realNow = () => Number(realHrtime() / 1_000_000n)

/**
 * Both libraries let some errors escape from promise callbacks (an error thrown by a `finally`
 * during a cancellation is rethrown to whoever cancelled, reference 3.2, and that can be a
 * promise continuation): an unhandled rejection. Inside the fuzzer such a rejection is part of
 * the observed behaviour, so while `interceptUnhandledRejections()` is active it is recorded in
 * the current run's log ("escaped") instead of failing the test run. Returns the restore function.
 */
let escapedSink: ((reason: unknown) => void) | null = null
export function interceptUnhandledRejections(): () => void {
  const previous = process.listeners('unhandledRejection')
  process.removeAllListeners('unhandledRejection')
  const listener = (reason: unknown) => {
    // A runaway program's log calls keep throwing after its run was abandoned: not news.
    if (reason instanceof Error && reason.message === RUNAWAY) return
    // Between runs only finished programs' leftovers can reject (see `runProgram`): dropped.
    if (escapedSink) escapedSink(reason)
  }
  process.on('unhandledRejection', listener)
  return () => {
    process.off('unhandledRejection', listener)
    for (const l of previous) process.on('unhandledRejection', l as (...args: any[]) => void)
  }
}

/** Lets pending promise callbacks run (a fixed number of microtask turns). */
async function tick(): Promise<void> {
  for (let i = 0; i < 40; i++) await Promise.resolve()
}

function taskState(task: any): unknown {
  return {
    name: task.meta?.name,
    running: task.isRunning(),
    cancelled: task.isCancelled(),
    aborted: task.isAborted(),
    result: desc(task.result()),
    error: desc(task.error()),
  }
}

type Completion = { ret: number } | undefined

/**
 * Programs can loop forever (a `takeEvery('A')` worker that puts A): past this many log entries,
 * or past RUN_TIME_LIMIT of real time, the run is marked a runaway and its program dead. The log
 * call that hit the limit throws, which unwinds the user code that made it; every other generator
 * of the program returns at its next step (they check `run.dead`), so the program winds down and
 * stops feeding the library new work: a runaway whose work grows (takeEvery workers that fork
 * more takeEvery workers, each with a `delay(0)`) would otherwise keep the fake clock's
 * `advanceTimersByTimeAsync` firing new timers for ever (seed 52,041,311). Two runaways compare
 * equal (nothing to learn); one runaway is a difference.
 */
export const LOG_LIMIT = 4_000
export const RUNAWAY = 'runaway: log limit reached'
/**
 * Real time one program may take on one library. Only a backstop: runaways hit LOG_LIMIT first
 * (the slowest seen, 52,041,311, took 9 s to log 4,000 entries on the reference: every fake timer
 * the async clock fires costs a real macrotask turn); a normal program takes milliseconds.
 */
export const RUN_TIME_LIMIT = 15_000

const realTurn = () => new Promise((resolve) => realSetImmediate(resolve))

/**
 * Each library keeps its put scheduler queue and the sagaStack being built in module singletons,
 * and a run can leave something there: an exception that escapes the scheduler leaves the rest
 * of its queue to be flushed by the next `asap`/`immediately` (of the next run), and a failed
 * task whose error was never reported leaves its frame. A root saga that fails at once flushes
 * the queue (on its way out), and a second one reports, and so clears, the sagaStack.
 */
async function resetSingletons(lib: Lib): Promise<void> {
  for (let i = 0; i < 2; i++) {
    try {
      lib.runSaga({ onError: () => {} }, function* resetSingletons() {
        throw new Error('reset')
      })
    } catch {
      // a stale queued task threw: it is gone now
    }
    await realTurn()
  }
}

/**
 * Runs `program` on `lib`; resolves with the log.
 *
 * When the run is over its program is dead: the log is closed, and a generator of it that the
 * library still resumes (a promise settling late, a put left in the scheduler queue) returns at
 * once instead of running on, so nothing of it can reach the next run.
 */
export async function runProgram(lib: Lib, program: Program): Promise<unknown[]> {
  const run = { dead: false }
  const log = await runOnce(lib, program, run)
  run.dead = true
  escapedSink = null
  await resetSingletons(lib)
  return log
}

/** The symbol action type of the eighth round (putSym, pattern 'sym:S'); one for both libraries. */
const SYM_S = Symbol('S')

/** What a dead program's generators return. */
const DEAD: Completion = { ret: -1 }

async function runOnce(lib: Lib, program: Program, run: { dead: boolean }): Promise<unknown[]> {
  await resetSingletons(lib)
  const log: unknown[] = []
  let runaway = false
  const deadline = realNow() + RUN_TIME_LIMIT
  let calls = 0
  /**
   * Marks the run a runaway and its program dead, and drops every fake timer: a runaway can leave
   * hundreds of thousands queued at one virtual instant (seed 76,012,114: 316,000 `delay(0)`s of
   * takeEvery workers), and the async clock fires each in a real macrotask after scanning all the
   * others, which would take hours. The dead program needs none of them.
   */
  const goRunaway = (): void => {
    runaway = true
    run.dead = true
    vi.clearAllTimers()
  }
  /** Whether the run has just gone over a limit: it is then a runaway, and its program dead. */
  const overLimit = (): boolean => {
    if (log.length < LOG_LIMIT && (++calls % 64 !== 0 || realNow() < deadline)) return false
    goRunaway()
    return true
  }
  // The deadline is also checked from outside the program (one that fires timers without logging
  // never calls overLimit), until the steps are over.
  const watchdog = realSetInterval(() => {
    if (!runaway && realNow() >= deadline) goRunaway()
  }, 250)
  const L = (...entry: unknown[]) => {
    // Past a limit it keeps throwing: user code the library calls in a synchronous loop (a user
    // channel whose take calls back at once, taken by debounce) must be unwound every time.
    if (runaway) throw new Error(RUNAWAY)
    if (run.dead) return
    if (overLimit()) throw new Error(RUNAWAY)
    log.push(entry.length === 1 ? entry[0] : entry)
  }
  /** For callbacks the runtime calls outside the program (monitor, onError, ...): drops entries past the limit. */
  const Q = (...entry: unknown[]) => {
    if (run.dead || overLimit()) return
    log.push(entry.length === 1 ? entry[0] : entry)
  }
  const E = lib.effects
  const tasks = new Map<number, any>()
  const chans = new Map<number, any>()
  /** channel() / multicastChannel() results (script steps put into them from outside). */
  const userChans = new Map<number, any>()
  const emitters: ((input: unknown) => void)[] = []
  let emitted = 0
  let instances = 0
  const escaped: string[] = []
  escapedSink = (reason) => void escaped.push(String(desc(reason)))
  const sagas: ((...args: any[]) => Generator)[] = []
  /** The saga input channel (userTake registers callbacks on it), and the callbacks registered so far. */
  let inChan: any
  const userCbs: any[] = []
  /** Ninth round: callbacks given to a channel's take / flush by the saga's code (chanOp9). */
  const chanCbs: any[] = []
  /** How many times each dispatchFn node ran (it dispatches the first 2 times only). */
  const dispatchCounts = new Map<number, number>()
  /** Root sagas started by the script (runRootStep). */
  const extraRoots: any[] = []

  /** User code of node `id` dispatching `type` synchronously, from inside an effect (`where`). */
  function dispatchFrom(id: number, type: 'A' | 'B' | 'END', where: string): void {
    const n = (dispatchCounts.get(id) ?? 0) + 1
    dispatchCounts.set(id, n)
    L(`dispatchFn #${id}`, where, n)
    if (n > 2) return
    const result = dispatch(type === 'END' ? lib.END : { type })
    if (run.dead) return
    L(`dispatchFn #${id} returned`, desc(result))
  }

  /** dispatchFn's effect: dispatches from a selector, a called / forked / spawned function, or a cps function. */
  function dispatchEffect(id: number, via: 'call' | 'fork' | 'spawn' | 'select' | 'cps', type: 'A' | 'B' | 'END'): unknown {
    switch (via) {
      case 'select':
        return E.select(function dispatchSelector(state: { count: number } | undefined) {
          dispatchFrom(id, type, via)
          return state?.count
        })
      case 'cps':
        return E.cps(function dispatchCps(cb: (err: unknown, res?: unknown) => void) {
          dispatchFrom(id, type, via)
          cb(null, id)
        })
      default:
        return E[via](function dispatchFn() {
          dispatchFrom(id, type, via)
          return id
        })
    }
  }

  /** The parts of a `mixed` all / race. */
  function mixedPart(p: string, id: number, i: number): unknown {
    switch (p) {
      case 'plain':
        return id * 10 + i
      case 'undefined':
        return undefined
      case 'promise':
        return Promise.resolve(i)
      case 'rejected':
        return Promise.reject(new Error(`mx${id}.${i}`))
      case 'iterator':
        return (function* mixIter(): Generator<unknown, unknown, any> {
          yield E.delay(0)
          if (!run.dead) L(`mixIter #${id}.${i}`)
          return i
        })()
      case 'thenable':
        return {
          then(resolve: (v: unknown) => void) {
            L(`mix then #${id}.${i}`)
            resolve(i)
          },
        }
      case 'take':
        return E.take('A')
      case 'delay':
        return E.delay(5 * i)
      case 'call':
        return E.call(function mixCall() {
          L(`mix call #${id}.${i}`)
          return i
        })
      case 'throw':
        return E.call(function mixThrow() {
          throw new Error(`mx${id}.${i}`)
        })
      default:
        return E.delay(1)
    }
  }

  /** A small root saga (runRootX, takeRun, userTake's runRoot, runDuring) named `root<id>`. */
  function rootSaga(kind: RootKind7, id: number): () => Generator {
    const saga = function* (): Generator<unknown, unknown, any> {
      L(`root #${id} starts`, kind)
      if (kind === 'throw') throw new Error(`rr${id}`)
      if (kind === 'return') return id
      try {
        if (kind === 'every') {
          yield E.takeEvery('*', function* rootWorker(action: unknown): Generator<unknown, void, any> {
            if (!run.dead) L(`root #${id} worker`, desc(action))
          })
        } else if (kind === 'forkPut') {
          yield E.fork(function* rootChild(): Generator<unknown, void, any> {
            yield E.put({ type: 'B' })
            if (!run.dead) L(`root #${id} child put`)
          })
          const b = yield E.take('B')
          if (run.dead) return DEAD
          L(`root #${id} took`, desc(b))
        } else if (kind === 'nested') {
          L(`root #${id} nested`, desc(startRoot(rootSaga('take', id * 100 + 1))))
          const action = yield E.take('*')
          if (run.dead) return DEAD
          L(`root #${id} took`, desc(action))
        } else if (kind === 'select') {
          const s = yield E.select((state: { count: number } | undefined) => state?.count)
          if (run.dead) return DEAD
          L(`root #${id} selected`, desc(s))
        } else if (kind === 'chan') {
          const ch = yield E.actionChannel('*')
          for (let i = 0; i < 2; i++) {
            const m = yield E.takeMaybe(ch)
            if (run.dead) return DEAD
            L(`root #${id} chan`, desc(m))
          }
        } else if (kind === 'take' || kind === 'takePut') {
          const action = yield E.take(kind === 'take' ? '*' : 'A')
          if (run.dead) return DEAD
          L(`root #${id} took`, desc(action))
          if (kind === 'takePut') yield E.put({ type: 'C' })
        } else if (kind === 'put') {
          yield E.put({ type: 'B' })
        } else yield E.cancel()
        if (run.dead) return DEAD
        L(`root #${id} done`)
        return id
      } finally {
        if (!run.dead) L(`root #${id} ends`, `cancelled=${yield E.cancelled()}`)
      }
    }
    Object.defineProperty(saga, 'name', { value: `root${id}` })
    return saga
  }

  /** Registers a user callback on the input channel (userTake); `round` counts re-registrations. */
  function userTake(e: Extract<Expr, { k: 'userTake' }>, round: number): void {
    const cb: any = (input: any) => {
      if (run.dead) return
      L(`cb #${e.id}`, round, desc(input))
      const isEnd = lib.isEnd(input)
      switch (e.then) {
        case 'put':
          if (!isEnd && round === 0) dispatch({ type: 'B' })
          break
        case 'retake':
          if (round < 2) userTake(e, round + 1)
          break
        case 'cancelOther': {
          const other = userCbs[userCbs.indexOf(cb) - 1]
          if (other) {
            L(`cb #${e.id} cancels another`, typeof other.cancel)
            other.cancel?.()
          }
          break
        }
        case 'cancelSelf':
          L(`cb #${e.id} cancels itself`, typeof cb.cancel)
          cb.cancel?.()
          break
        case 'runRoot':
          if (!isEnd) L(`cb #${e.id} ran`, desc(startRoot(rootSaga(e.root ?? 'return', e.id))))
          break
      }
    }
    const matcher = e.match === 'any' ? () => true : (action: { type: string }) => action.type === e.match
    userCbs.push(cb)
    inChan.take(cb, matcher)
  }

  /**
   * 'fn:A' is a predicate, 'fn:any' one that matches everything, 'fn:throw' one that throws on B
   * (and matches A), 'fn:log' one that logs its calls (node `id`'s) and matches A, 'creator:A' a
   * stringable action creator (own toString), else as is; arrays element-wise.
   */
  function pattern(p: string | string[], id: number): unknown {
    if (typeof p !== 'string') return p.map((q) => pattern(q, id))
    if (p === 'fn:log') {
      return function loggingPredicate(action: { type: string }) {
        L('predicate', `#${id}`, action.type)
        return action.type === 'A'
      }
    }
    if (p === 'fn:any') {
      return function any() {
        return true
      }
    }
    if (p === 'fn:throw') {
      return function throwingPredicate(action: { type: string }) {
        if (action.type === 'B') throw new Error('predicate')
        return action.type === 'A'
      }
    }
    if (p === 'sym:S') return SYM_S
    if (p.startsWith('fn:')) {
      const type = p.slice(3)
      return function isType(action: { type: string }) {
        return action.type === type
      }
    }
    if (p.startsWith('creator:')) {
      const type = p.slice(8)
      const creator = () => ({ type })
      creator.toString = () => type
      return creator
    }
    return p
  }

  function buffer(kind: Exclude<BufferKind, 'default'>, limit: number): unknown {
    return kind === 'none' ? lib.buffers.none() : lib.buffers[kind](limit)
  }

  /** `obj.method` (call forms) and `obj.cpsMethod` (cps forms), logging their `this`. */
  function contextObject(e: Extract<Expr, { k: 'ctxCall' }>): Record<string, unknown> {
    return {
      tag: `ctx${e.id}`,
      method(this: { tag?: string } | null | undefined, v: number) {
        L(`ctx call #${e.id}`, this?.tag)
        if (e.outcome === 'throw') throw new Error(`x${e.id}`)
        if (e.outcome === 'error') return Promise.reject(new Error(`x${e.id}`))
        if (e.outcome === 'async') return new Promise((resolve) => setTimeout(() => resolve(v), 5))
        return v
      },
      cpsMethod(this: { tag?: string } | null | undefined, v: number, cb: { (err: unknown, res?: unknown): void; cancel?: () => void }) {
        L(`ctx cps #${e.id}`, this?.tag)
        switch (e.outcome) {
          case 'throw':
            throw new Error(`x${e.id}`)
          case 'error':
            return cb(new Error(`x${e.id}`))
          case 'async': {
            const timer = setTimeout(() => cb(null, v), 5)
            cb.cancel = () => {
              L(`cps cancel #${e.id}`)
              clearTimeout(timer)
            }
            return
          }
          case 'twice':
            cb(null, v)
            return cb(null, v + 1)
          case 'thenThrow':
            cb(null, v)
            throw new Error(`x${e.id}`)
          default:
            return cb(null, v)
        }
      },
    }
  }

  /** An object with a `then` (not a promise): settles at once, later, never, or twice. */
  function thenable(e: Extract<Expr, { k: 'thenable' }>): unknown {
    const t: Record<string, unknown> = {
      then(resolve: (v: unknown) => void, reject: (error: unknown) => void) {
        L(`then #${e.id}`)
        if (e.mode === 'resolve') resolve(e.id)
        else if (e.mode === 'reject') reject(new Error(`th${e.id}`))
        else if (e.mode === 'later') setTimeout(() => resolve(e.id), 5)
        else if (e.mode === 'twice') {
          resolve(e.id)
          reject(new Error(`th${e.id}`))
        }
      },
    }
    if (e.mode === 'later' || e.mode === 'never') t[lib.CANCEL] = () => L(`[CANCEL] #${e.id}`)
    return t
  }

  /** How a user channel / buffer method was called: on the object itself, unbound, or on something else. */
  const thisOf = (self: unknown, obj: unknown): string => (self === obj ? 'obj' : self === undefined ? 'unbound' : typeof self)
  let userMessages = 0

  /** A channel implemented by the user (customChan): queue semantics, `take` as e.take says, every call logged. */
  function userChannel(e: Extract<Expr, { k: 'customChan' }>): unknown {
    const tag = `uchan${e.id}`
    const buf: unknown[] = []
    let takers: any[] = []
    let closed = false
    const fresh = () => ({ type: 'A', u: ++userMessages })
    const chan: any = {
      tag,
      take(this: unknown, cb: any, matcher?: unknown) {
        // A dead program's channel answers nothing (a helper taking from a channel that calls back
        // at once would loop inside the library, its log being silent).
        if (run.dead) return
        L(`${tag}.take`, thisOf(this, chan), typeof matcher, typeof matcher === 'function' ? Boolean(matcher({ type: 'A' })) : desc(matcher))
        switch (e.take) {
          case 'throws':
            throw new Error(`${tag}.take`)
          case 'sync':
            return cb(fresh())
          case 'twice':
            cb(fresh())
            return cb(fresh())
          case 'error':
            return cb(new Error(`${tag}.e`))
          case 'end':
            return cb(lib.END)
          case 'later': {
            const timer = setTimeout(() => {
              L(`${tag} later`)
              cb(fresh())
            }, 5)
            cb.cancel = () => {
              L(`${tag} taker cancelled`)
              clearTimeout(timer)
            }
            return
          }
        }
        if (buf.length > 0) return cb(buf.shift())
        if (closed) return cb(lib.END)
        takers.push(cb)
        if (e.take === 'queue') {
          cb.cancel = () => {
            L(`${tag} taker cancelled`)
            takers = takers.filter((t) => t !== cb)
          }
        } else if (e.take === 'queueThis') {
          // Eighth round: the `this` and arguments the cancel runs with (the reference: its effect callback, none).
          cb.cancel = function userTakerCancel(this: unknown, ...args: unknown[]) {
            L(`${tag} taker cancelled`, typeof this, this === cb, args.length)
            takers = takers.filter((t) => t !== cb)
          }
        } else if (e.take === 'queueNotFn') cb.cancel = { notA: 'function' }
      },
      put(message: unknown) {
        if (run.dead) return
        // Not `this`: sagaflow calls a channel's put as a method on purpose, where the reference
        // calls it unbound (docs/migrating.md, "Differences on purpose").
        L(`${tag}.put`, desc(message))
        if (closed) return
        const taker = takers.shift()
        if (taker) taker(message)
        else buf.push(message)
      },
      flush(this: unknown, cb: (messages: unknown) => void) {
        if (run.dead) return
        L(`${tag}.flush`, thisOf(this, chan))
        switch (e.flush) {
          case 'never':
            return
          case 'throws':
            throw new Error(`${tag}.flush`)
          case 'error':
            return cb(new Error(`${tag}.f`))
          case 'twice':
            cb(buf.splice(0))
            return cb(buf.splice(0))
        }
        cb(closed && buf.length === 0 ? lib.END : buf.splice(0))
      },
      close(this: unknown) {
        L(`${tag}.close`, thisOf(this, chan))
        if (closed) return
        closed = true
        const waiting = takers
        takers = []
        for (const t of waiting) t(lib.END)
      },
    }
    if (e.multicast) chan['@@redux-saga/MULTICAST'] = true
    return chan
  }

  /** A buffer implemented by the user (customBuffer). */
  function userBuffer(e: Extract<Expr, { k: 'customBuffer' }>): unknown {
    const tag = `ubuf${e.id}`
    let items: unknown[] = []
    const b: any = {
      isEmpty(this: unknown) {
        return items.length === 0
      },
      put(this: unknown, message: unknown) {
        L(`${tag}.put`, thisOf(this, b), desc(message))
        if (e.mode === 'throwPut' && items.length >= 1) throw new Error(`${tag} overflow`)
        if (e.mode === 'cap1' && items.length >= 1) return
        items.push(message)
      },
      take(this: unknown) {
        L(`${tag}.take`, thisOf(this, b))
        return e.mode === 'lifo' ? items.pop() : items.shift()
      },
      flush(this: unknown) {
        L(`${tag}.flush`, thisOf(this, b))
        const all = items
        items = []
        return all
      },
    }
    if (e.mode === 'noFlush') delete b.flush
    return b
  }

  /** What a blocked task's finally (and its sub-saga's) yields at the end (`blocked`). */
  function* finEffect(fin: 'put' | 'delay' | 'take' | 'call' | 'none', me: string): Generator<unknown, void, any> {
    if (fin === 'put') yield E.put({ type: 'B' })
    else if (fin === 'delay') yield E.delay(5)
    else if (fin === 'take') {
      const m = yield E.takeMaybe('A')
      if (!run.dead) L(me, 'fin took', desc(m))
    } else if (fin === 'call') {
      yield E.call(function finCall() {
        L(me, 'fin call')
      })
    }
    if (!run.dead) L(me, 'fin done')
  }

  /** User code of node `id` cancelling the root or a task (userCancelTask). */
  function cancelFrom(id: number, target: 'root' | number, where: string): void {
    const t = target === 'root' ? task : tasks.get(target)
    L(`userCancelTask #${id}`, where, typeof t?.cancel)
    if (typeof t?.cancel === 'function') t.cancel()
    if (!run.dead) L(`userCancelTask #${id} returned`)
  }

  function build(e: Expr): unknown {
    switch (e.k) {
      case 'sync':
        return E.call(function syncFn(v: number) {
          L(`call #${e.id}`)
          return v
        }, e.v)
      case 'throw':
        return E.call(function throwFn() {
          L(`call #${e.id}`)
          throw new Error(`t${e.id}`)
        })
      case 'promise':
        return E.call(function promiseFn() {
          L(`call #${e.id}`)
          const error = new Error(`p${e.id}`)
          let promise: any
          if (e.ms === 0) {
            promise = e.reject ? Promise.reject(error) : Promise.resolve(e.v)
            for (let i = 0; i < e.hops; i++) promise = promise.then((v: unknown) => v)
          }
          else promise = new Promise((resolve, reject) => setTimeout(() => (e.reject ? reject(error) : resolve(e.v)), e.ms))
          if (e.cancellable) promise[lib.CANCEL] = () => L(`[CANCEL] #${e.id}`)
          return promise
        })
      case 'cps':
        return E.cps(function cpsFn(cb: (err: unknown, res?: unknown) => void) {
          L(`cps #${e.id}`)
          const settle = () => (e.fail ? cb(new Error(`c${e.id}`)) : cb(null, e.v))
          if (e.ms === 0) settle()
          else setTimeout(settle, e.ms)
        })
      case 'saga':
        return E.call(sagas[e.f]!, e.id)
      case 'forkFn': {
        const fns = {
          sync: function syncFn() {
            L(`fork fn #${e.id}`)
            return 1
          },
          promise: function promiseFn() {
            L(`fork fn #${e.id}`)
            return Promise.resolve(2)
          },
          throw: function throwFn() {
            L(`fork fn #${e.id}`)
            throw new Error(`ff${e.id}`)
          },
        }
        return (e.detached ? E.spawn : E.fork)(fns[e.kind])
      }
      case 'eventChannel':
        return E.call(function makeEventChannel() {
          const buffer = e.buffer === 'none' ? undefined : lib.buffers[e.buffer](2)
          return lib.eventChannel((emit) => {
            emitters.push(emit)
            if (e.eager) emit(e.eager === 'end' ? lib.END : { type: 'E', n: ++emitted })
            return () => L(`unsubscribe #${e.id}`)
          }, buffer)
        })
      case 'inspect': {
        const task = tasks.get(e.task)
        return task
          ? E.call(function inspectFn() {
              return taskState(task)
            })
          : `no task${e.task}`
      }
      case 'delay':
        return E.delay(e.ms)
      case 'put':
        return (e.resolve ? E.putResolve : E.put)(e.type === 'END' ? lib.END : { type: e.type })
      case 'take':
        return (e.maybe ? E.takeMaybe : E.take)(pattern(e.pattern, e.id))
      case 'takeChan': {
        const chan = chans.get(e.chan)
        return chan ? (e.maybe ? E.takeMaybe : E.take)(chan) : `no chan${e.chan}`
      }
      case 'flush': {
        const chan = chans.get(e.chan)
        return chan ? E.flush(chan) : `no chan${e.chan}`
      }
      case 'actionChannel':
        return e.buffer === 'default' ? E.actionChannel(pattern(e.pattern, e.id)) : E.actionChannel(pattern(e.pattern, e.id), buffer(e.buffer, e.limit ?? 1))
      case 'select':
        return E.select(
          e.throws
            ? function throwingSelector() {
                throw new Error(`sel${e.id}`)
              }
            : function count(state: { count: number }) {
                return state.count
              },
        )
      case 'fork':
        if (e.detached === 'detach') return lib.detach(E.fork(sagas[e.f]!, e.id))
        return (e.detached ? E.spawn : E.fork)(sagas[e.f]!, e.id)
      case 'helper':
        return E[e.helper](e.pattern, sagas[e.f]!)
      case 'timedHelper':
        return E[e.helper](e.ms, e.pattern, sagas[e.f]!)
      case 'chanPut': {
        const chan = chans.get(e.chan)
        if (!chan) return `no chan${e.chan}`
        const message = e.end ? lib.END : e.type === 'error' ? new Error(`m${e.id}`) : { type: e.type ?? 'A', v: e.v }
        if (!e.sync) return E.put(chan, message)
        return E.call(function putFn() {
          L(`put #${e.id}`)
          chan.put(message)
        })
      }
      case 'delayVal': {
        const value =
          e.val === 'number'
            ? e.id
            : e.val === 'promise'
              ? Promise.resolve(e.id)
              : e.val === 'thenable'
                ? {
                    then(resolve: (v: unknown) => void) {
                      L(`then #${e.id}`)
                      resolve(e.id)
                    },
                  }
                : undefined
        return E.delay(e.ms, value)
      }
      case 'emitCall':
        return E.call(function emitFn() {
          L(`emit #${e.id}`)
          const message = e.end ? lib.END : { type: 'E', n: ++emitted }
          for (const emit of [...emitters]) emit(message)
        })
      case 'taskCall': {
        const task = tasks.get(e.task)
        if (!task || typeof task.cancel !== 'function') return `no task${e.task}`
        return E.call(function taskFn() {
          L(`task call #${e.id}`)
          return e.op === 'cancel' ? task.cancel() : task.toPromise()
        })
      }
      case 'runRoot':
        return E.call(function runFn() {
          L(`run #${e.id}`)
          return startRoot(sagas[e.f]!, e.id)
        })
      case 'chanClose': {
        const chan = chans.get(e.chan)
        return chan
          ? E.call(function closeFn() {
              L(`close #${e.id}`)
              chan.close()
            })
          : `no chan${e.chan}`
      }
      case 'retry': {
        let calls = 0
        return E.retry(e.tries, e.ms, function flakyFn() {
          L(`flaky #${e.id}`, calls)
          if (calls++ < e.failures) throw e.falsy ? undefined : new Error(`r${e.id}.${calls}`)
          return e.id
        })
      }
      case 'iterator':
        return sagas[e.f]!(e.id)
      case 'rawPromise':
        return e.ms === 0 ? Promise.resolve(e.v) : new Promise((resolve) => setTimeout(() => resolve(e.v), e.ms))
      case 'setContext':
        return E.setContext({ key: e.v })
      case 'getContext':
        return E.getContext('key')
      case 'join': {
        if (Array.isArray(e.task)) {
          const list = e.task.map((t) => tasks.get(t))
          return list.every(Boolean) ? E.join(list) : `no task${e.task}`
        }
        const task = tasks.get(e.task)
        return task ? E.join(task) : `no task${e.task}`
      }
      case 'cancel': {
        if (e.task === 'self') return E.cancel()
        if (Array.isArray(e.task)) {
          const list = e.task.map((t) => tasks.get(t))
          return list.every(Boolean) ? E.cancel(list) : `no task${e.task}`
        }
        const task = tasks.get(e.task)
        return task ? E.cancel(task) : `no task${e.task}`
      }
      case 'cancelled':
        return E.cancelled()
      case 'plain':
        return e.v
      case 'channel': {
        const make = () => (e.buffer === 'default' ? lib.channel() : lib.channel(buffer(e.buffer, e.limit)))
        return e.direct
          ? make()
          : E.call(function makeChannel() {
              return make()
            })
      }
      case 'multicast':
        return e.direct ? lib.multicastChannel() : E.call(lib.multicastChannel)
      case 'takeMulti': {
        const chan = chans.get(e.chan)
        return chan ? (e.maybe ? E.takeMaybe : E.take)(chan, pattern(e.pattern, e.id)) : `no chan${e.chan}`
      }
      case 'ctxCall': {
        const ctx = contextObject(e)
        switch (e.form) {
          case 'apply':
            return E.apply(ctx, ctx.method, [e.v])
          case 'array':
            return E.call([ctx, ctx.method], e.v)
          case 'arrayName':
            return E.call([ctx, 'method'], e.v)
          case 'object':
            return E.call({ context: ctx, fn: ctx.method }, e.v)
          case 'fork':
            return E.fork([ctx, 'method'], e.v)
          case 'spawnObject':
            return E.spawn({ context: ctx, fn: ctx.method }, e.v)
          case 'cps':
            return E.cps([ctx, ctx.cpsMethod], e.v)
          case 'cpsObject':
            return E.cps({ context: ctx, fn: ctx.cpsMethod }, e.v)
          case 'cpsName':
            return E.cps([ctx, 'cpsMethod'], e.v)
        }
        break
      }
      case 'putPromise':
        return (e.resolve ? E.putResolve : E.put)({ type: e.reject ? 'R' : 'P', n: e.id, ms: e.ms, ...(e.thenable ? { thenable: true } : {}) })
      case 'selectArgs':
        return e.args === null
          ? E.select()
          : E.select(function countWith(state: { count: number }, ...args: number[]) {
              return [state.count, ...args]
            }, ...e.args)
      case 'helperX': {
        const source = e.chan === null ? pattern(e.pattern, e.id) : chans.get(e.chan)
        if (!source) return `no chan${e.chan}`
        const extra = e.arg === null ? [] : [e.arg]
        return e.helper === 'throttle' || e.helper === 'debounce'
          ? E[e.helper](e.ms, source, sagas[e.f]!, ...extra)
          : E[e.helper](source, sagas[e.f]!, ...extra)
      }
      case 'thenable': {
        if (e.via === 'yield') return thenable(e)
        const fn = function thenableFn() {
          L(`call #${e.id}`)
          return thenable(e)
        }
        return e.via === 'fork' ? E.fork(fn) : E.call(fn)
      }
      case 'echo':
        return E.fork(function* echo(): Generator<unknown, void, any> {
          for (let i = 0; i < e.n; i++) {
            const action = yield E.take(e.from)
            if (run.dead) return
            L(`echo #${e.id}`, desc(action))
            yield (e.resolve ? E.putResolve : E.put)({ type: e.to })
            if (run.dead) return
            L(`echo #${e.id} put`)
          }
        })
      case 'chanTaker': {
        const chan = chans.get(e.chan)
        if (!chan) return `no chan${e.chan}`
        return E.fork(function* taker(): Generator<unknown, void, any> {
          try {
            for (let i = 0; i < e.n; i++) {
              const message = yield (e.maybe ? E.takeMaybe : E.take)(chan)
              if (run.dead) return
              L(`taker #${e.id}`, desc(message))
            }
          } finally {
            if (!run.dead) L(`taker #${e.id} ends`, `cancelled=${yield E.cancelled()}`)
          }
        })
      }
      case 'forkRetry': {
        let calls = 0
        return E.fork(function* retrying(): Generator<unknown, void, any> {
          try {
            const result = yield E.retry(e.tries, e.ms, function flakyFn() {
              L(`flaky #${e.id}`, calls)
              if (calls++ < e.failures) throw new Error(`r${e.id}.${calls}`)
              return e.id
            })
            L(`retrying #${e.id}`, desc(result))
          } finally {
            if (!run.dead) L(`retrying #${e.id} ends`, `cancelled=${yield E.cancelled()}`)
          }
        })
      }
      case 'delayedPut':
        return E.fork(function* delayedPut(): Generator<unknown, void, any> {
          yield E.delay(e.ms)
          if (run.dead) return
          L(`delayedPut #${e.id}`)
          yield E.put({ type: e.type })
        })
      case 'cpsX':
        return E.cps(function cpsX(cb: { (err: unknown, res?: unknown): void; cancel?: () => void }) {
          L(`cpsX #${e.id}`)
          let i = 0
          const give = () => (i++, e.fail ? cb(new Error(`cx${e.id}.${i}`)) : cb(null, e.id * 10 + i))
          let timer: ReturnType<typeof setTimeout> | undefined
          // Eighth round: a truthy cancel that is not a function (the reference calls it anyway).
          if (e.cancel === 'notFn') (cb as any).cancel = { notA: 'function' }
          else if (e.cancel !== 'none') {
            cb.cancel = function cpsCancel(this: unknown) {
              // thisCheck: what `this` the cancel runs with (the reference: its effect callback).
              L(`cpsX cancel #${e.id}`, ...(e.cancel === 'thisCheck' ? [typeof this, this === cb] : []))
              if (e.cancel === 'clear' || e.cancel === 'throws' || e.cancel === 'callsBack' || e.cancel === 'thisCheck') clearTimeout(timer)
              // Eighth round: a cancel that throws, or that calls back (the effect is settled by then).
              if (e.cancel === 'throws') throw new Error(`cxc${e.id}`)
              if (e.cancel === 'callsBack') give()
            }
          }
          switch (e.mode) {
            case 'sync':
              return give()
            case 'syncTwice':
              give()
              return give()
            case 'async':
              timer = setTimeout(give, e.ms)
              return
            case 'asyncTwice':
              timer = setTimeout(() => {
                give()
                give()
              }, e.ms)
              return
            case 'never':
              return
            case 'throw':
              throw new Error(`cx${e.id}`)
            case 'errorThenValue':
              timer = setTimeout(() => {
                cb(new Error(`cx${e.id}`))
                cb(null, e.id)
              }, e.ms)
              return
            case 'syncThenThrow':
              give()
              throw new Error(`cx${e.id}`)
          }
        })
      case 'userTake':
        return E.call(function userTakeFn() {
          L(`userTake #${e.id}`)
          if (!inChan) return 'no input channel'
          userTake(e, 0)
        })
      case 'userCancel':
        return E.call(function userCancelFn() {
          const cb = userCbs[userCbs.length - 1]
          L(`userCancel #${e.id}`, typeof cb?.cancel)
          cb?.cancel?.()
        })
      case 'runRootX':
        return E.call(function runX() {
          L(`runX #${e.id}`)
          return startRoot(rootSaga(e.root, e.id))
        })
      case 'takeRun':
        return E.fork(function* takeRun(): Generator<unknown, void, any> {
          const action = yield E.take('A')
          if (run.dead) return
          L(`takeRun #${e.id}`, desc(action))
          const t = startRoot(rootSaga(e.root, e.id))
          L(`takeRun #${e.id} ran`, desc(t))
        })
      case 'endWaiter': {
        const parts = e.maybe.map((m, i) => (m ? E.takeMaybe : E.take)(i % 2 === 0 ? 'A' : 'B'))
        return E.fork(function* endWaiter(): Generator<unknown, void, any> {
          try {
            const result = yield E[e.comb](e.obj ? Object.fromEntries(parts.map((p, i) => [`k${i}`, p])) : parts)
            if (run.dead) return
            L(`endWaiter #${e.id}`, desc(result))
          } finally {
            if (!run.dead) L(`endWaiter #${e.id} ends`, `cancelled=${yield E.cancelled()}`)
          }
        })
      }
      case 'victim':
        return (e.spawn ? E.spawn : E.fork)(function* victim(): Generator<unknown, unknown, any> {
          if (e.mode === 'sync') throw new Error(`v${e.id}`)
          try {
            yield E.delay(e.ms)
            if (run.dead) return DEAD
            L(`victim #${e.id}`, e.mode)
            if (e.mode === 'fail') throw new Error(`v${e.id}`)
            if (e.mode === 'cancelSelf') yield E.cancel()
            if (e.mode === 'wait') yield E.take('NEVER')
            return e.id
          } finally {
            if (!run.dead) L(`victim #${e.id} ends`, `cancelled=${yield E.cancelled()}`)
          }
        })
      case 'joiner': {
        const task = tasks.get(e.task)
        if (!task) return `no task${e.task}`
        return (e.spawn ? E.spawn : E.fork)(function* joiner(): Generator<unknown, void, any> {
          try {
            if (e.ms > 0) yield E.delay(e.ms)
            const result = yield E.join(task)
            if (run.dead) return
            L(`joiner #${e.id}`, desc(result))
          } catch (error) {
            if (run.dead) return
            L(`joiner #${e.id} caught`, desc(error))
          } finally {
            if (!run.dead) L(`joiner #${e.id} ends`, `cancelled=${yield E.cancelled()}`)
          }
        })
      }
      case 'ctxChild': {
        const child = function* ctxChild(): Generator<unknown, number, any> {
          const a = yield E.getContext('key')
          yield E.setContext({ key: e.v })
          const b = yield E.getContext('key')
          if (run.dead) return -1
          L(`ctxChild #${e.id}`, desc(a), desc(b))
          yield E.fork(function* reader(): Generator<unknown, void, any> {
            yield E.delay(0)
            const c = yield E.getContext('key')
            if (!run.dead) L(`ctxChild reader #${e.id}`, desc(c))
          })
          return e.v
        }
        return e.via === 'call' ? E.call(child) : (e.via === 'spawn' ? E.spawn : E.fork)(child)
      }
      case 'dispatchFn':
        return dispatchEffect(e.id, e.via, e.type)
      case 'dispatchVictim': {
        const worker = function* dispatchWorker(): Generator<unknown, unknown, any> {
          const me = `victim5 #${e.id}`
          try {
            if (e.ms >= 0) yield E.delay(e.ms)
            if (run.dead) return DEAD
            const r = yield dispatchEffect(e.id, e.via, 'A')
            if (run.dead) return DEAD
            L(me, 'got', desc(r))
            return e.id
          } finally {
            if (!run.dead) L(me, 'ends', `cancelled=${yield E.cancelled()}`)
          }
        }
        if (e.wrap === 'takeLatest' || e.wrap === 'takeEvery') return E[e.wrap]('A', worker)
        return E.fork(function* dispatchRacer(): Generator<unknown, void, any> {
          const w = e.wrap === 'race' ? E.call(worker) : E.call(function* callsWorker(): Generator<unknown, unknown, any> {
            return yield E.call(worker)
          })
          const r = yield E.race({ t: E.take('A'), w })
          if (!run.dead) L(`victim5 race #${e.id}`, desc(r))
        })
      }
      case 'callCancel':
        return E.call(function* callCancel(): Generator<unknown, unknown, any> {
          try {
            L(`callCancel #${e.id}`)
            yield E.cancel()
            if (run.dead) return DEAD
            L(`callCancel #${e.id} after cancel()`)
            return e.id
          } finally {
            if (!run.dead) {
              L(`callCancel #${e.id} ends`, `cancelled=${yield E.cancelled()}`)
              if (e.then === 'put') yield E.put({ type: 'B' })
              else if (e.then === 'takeMaybe') {
                const m = yield E.takeMaybe('A')
                if (!run.dead) L(`callCancel #${e.id} took`, desc(m))
              }
            }
          }
        })
      case 'eventChannelY':
        return E.call(function makeEventChannelY() {
          const buf = e.buffer === 'default' ? undefined : buffer(e.buffer, e.limit)
          return lib.eventChannel((emit) => {
            emitters.push(emit)
            for (let i = 0; i < e.burst; i++) emit({ type: 'E', n: ++emitted })
            return () => {
              L(`unsubscribe #${e.id}`)
              if (e.unsub === 'msg') emit({ type: 'E', n: ++emitted })
              else if (e.unsub === 'end') emit(lib.END)
            }
          }, buf)
        })
      case 'closingTaker': {
        const chan = chans.get(e.chan)
        if (!chan) return `no chan${e.chan}`
        return E.fork(function* closingTaker(): Generator<unknown, void, any> {
          try {
            const m = yield E.take(chan)
            if (run.dead) return
            L(`closingTaker #${e.id}`, desc(m))
            yield E.call(function closeFromTaker() {
              L(`closingTaker #${e.id} closes`)
              chan.close()
            })
            const m2 = yield E.takeMaybe(chan)
            if (run.dead) return
            L(`closingTaker #${e.id} then`, desc(m2))
          } finally {
            if (!run.dead) L(`closingTaker #${e.id} ends`, `cancelled=${yield E.cancelled()}`)
          }
        })
      }
      case 'mixed': {
        let children: any
        if (e.obj) {
          children = {}
          e.parts.forEach((p, i) => {
            if (p === 'hole') return
            if (p === 'symbol') children[Symbol(`s${i}`)] = mixedPart(p, e.id, i)
            else children[`k${i}`] = mixedPart(p, e.id, i)
          })
        } else {
          children = []
          children.length = e.parts.length
          e.parts.forEach((p, i) => {
            if (p === 'hole') return
            if (p === 'symbol') children[Symbol(`s${i}`)] = mixedPart(p, e.id, i)
            else children[i] = mixedPart(p, e.id, i)
          })
        }
        return E[e.comb](children)
      }
      case 'customChan':
        return e.direct
          ? userChannel(e)
          : E.call(function makeUserChannel() {
              return userChannel(e)
            })
      case 'customBuffer':
        return e.via === 'channel'
          ? E.call(function makeChannelWithUserBuffer() {
              return lib.channel(userBuffer(e) as any)
            })
          : E.actionChannel('A', userBuffer(e))
      case 'selfCancel': {
        const me = `selfCancel #${e.id}`
        const waiter = function* waiter(): Generator<unknown, void, any> {
          try {
            yield E.delay(10)
            if (!run.dead) L(me, 'waiter done')
          } finally {
            if (!run.dead) L(me, 'waiter ends', `cancelled=${yield E.cancelled()}`)
          }
        }
        return E.call(function* selfCancel(): Generator<unknown, unknown, any> {
          try {
            L(me, e.where)
            switch (e.where) {
              case 'plain':
              case 'twice':
                yield E.cancel()
                break
              case 'explicit':
                yield E.cancel('@@redux-saga/SELF_CANCELLATION' as any)
                break
              case 'race': {
                const r = yield E.race({ c: E.cancel(), d: E.delay(5) })
                if (!run.dead) L(me, 'race gave', desc(r))
                break
              }
              case 'all': {
                const r = yield E.all([E.fork(waiter), E.cancel()])
                if (!run.dead) L(me, 'all gave', desc(r))
                break
              }
              case 'afterFork':
                yield E.fork(waiter)
                yield E.cancel()
                break
              case 'nested': {
                const r = yield E.call(function* inner(): Generator<unknown, unknown, any> {
                  try {
                    yield E.cancel()
                    return 'inner'
                  } finally {
                    if (!run.dead) L(me, 'inner ends', `cancelled=${yield E.cancelled()}`)
                  }
                })
                if (!run.dead) L(me, 'nested gave', desc(r))
                break
              }
              case 'iterator': {
                const r = yield (function* selfCancelIterator(): Generator<unknown, unknown, any> {
                  yield E.cancel()
                  return 'iterator'
                })()
                if (!run.dead) L(me, 'iterator gave', desc(r))
                break
              }
              case 'afterDelay':
                yield E.delay(0)
                if (run.dead) return DEAD
                yield E.cancel()
                break
            }
            if (run.dead) return DEAD
            L(me, 'after cancel')
            return e.id
          } finally {
            if (!run.dead) {
              L(me, 'ends', `cancelled=${yield E.cancelled()}`)
              if (e.where === 'twice' && !run.dead) yield E.cancel()
              switch (e.then) {
                case 'put':
                  yield E.put({ type: 'B' })
                  break
                case 'takeMaybe': {
                  const m = yield E.takeMaybe('A')
                  if (!run.dead) L(me, 'took', desc(m))
                  break
                }
                case 'call': {
                  const r = yield E.call(function selfCancelFinallyCall() {
                    L(me, 'finally call')
                    return e.id
                  })
                  if (!run.dead) L(me, 'called', desc(r))
                  break
                }
                case 'delay':
                  yield E.delay(5)
                  break
                case 'cancelAgain':
                  yield E.cancel()
                  break
                case 'throw':
                  // eslint-disable-next-line no-unsafe-finally
                  throw new Error(`sc${e.id}`)
              }
              if (!run.dead) L(me, 'finally done')
            }
          }
        })
      }
      case 'ctxRun':
        return E.call(function ctxRunFn() {
          L(`ctxRun #${e.id}`)
          setRootContext({ key: e.v })
          if (e.f === null || run.dead) return undefined
          return startRoot(sagas[e.f]!, e.id)
        })
      case 'taskCtx':
        return E.call(function taskCtxFn() {
          const t = tasks.get(e.task)
          L(`taskCtx #${e.id}`, typeof t?.setContext)
          if (typeof t?.setContext === 'function') t.setContext({ key: e.v })
        })
      case 'ctxReader':
        return E.fork(function* ctxReader(): Generator<unknown, void, any> {
          for (let i = 0; i < e.n; i++) {
            yield E.delay(e.ms)
            const v = yield E.getContext('key')
            if (run.dead) return
            L(`ctxReader #${e.id}`, i, desc(v))
          }
        })
      case 'userCancelTask':
        switch (e.via) {
          case 'select':
            return E.select(function cancellingSelector(state: { count: number } | undefined) {
              cancelFrom(e.id, e.target, 'select')
              return state?.count
            })
          case 'cps':
            return E.cps(function cancellingCps(cb: (err: unknown, res?: unknown) => void) {
              cancelFrom(e.id, e.target, 'cps')
              cb(null, e.id)
            })
          default:
            return E[e.via](function cancellingFn() {
              cancelFrom(e.id, e.target, e.via)
              return e.id
            })
        }
      case 'putX':
        return (e.resolve ? E.putResolve : E.put)({ type: 'X', op: e.op, task: e.task, n: e.id })
      case 'putThunk': {
        const thunk = function thunkAction(thunkDispatch: (action: unknown) => unknown, getState: () => { count: number }) {
          L(`thunk #${e.id}`, getState()?.count)
          if (e.mode === 'dispatch') {
            const r = thunkDispatch({ type: 'A' })
            if (!run.dead) L(`thunk #${e.id} dispatched`, desc(r))
            return e.id
          }
          if (e.mode === 'promise') {
            const p: any = new Promise((resolve) => setTimeout(() => resolve(`thunk${e.id}`), 5))
            p[lib.CANCEL] = () => L(`[CANCEL] thunk #${e.id}`)
            return p
          }
          if (e.mode === 'reject') return Promise.reject(new Error(`thunk${e.id}`))
          return e.id
        }
        return (e.resolve ? E.putResolve : E.put)(thunk as any)
      }
      case 'blocked': {
        const me = `blocked #${e.id}`
        return (e.spawn ? E.spawn : E.fork)(function* blocked(): Generator<unknown, unknown, any> {
          try {
            const sub = E.call(function* blockedSub(): Generator<unknown, void, any> {
              try {
                yield E.take('NEVER')
              } finally {
                if (!run.dead) {
                  L(me, 'sub ends', `cancelled=${yield E.cancelled()}`)
                  yield* finEffect(e.fin, `${me} sub`)
                }
              }
            })
            const r = yield E[e.comb]([E.take('NEVER'), E.delay(50), sub])
            if (run.dead) return DEAD
            L(me, 'gave', desc(r))
            return e.id
          } finally {
            if (!run.dead) {
              L(me, 'ends', `cancelled=${yield E.cancelled()}`)
              yield* finEffect(e.fin, me)
            }
          }
        })
      }
      case 'helper7': {
        const source = e.chan === null ? pattern(e.pattern, e.id) : chans.get(e.chan)
        if (!source) return `no chan${e.chan}`
        const me = `worker7 #${e.id}`
        let workers = 0
        const worker = function* worker7(action: unknown): Generator<unknown, void, any> {
          const w = ++workers
          L(me, w, desc(action))
          try {
            if (e.workerMs >= 0) yield E.delay(e.workerMs)
            if (!run.dead) L(me, w, 'done')
            if (e.fail) throw e.fail === 'falsy' ? undefined : new Error(`w${e.id}.${w}`)
          } finally {
            if (!run.dead) L(me, w, 'ends', `cancelled=${yield E.cancelled()}`)
          }
        }
        return e.helper === 'throttle' || e.helper === 'debounce' ? E[e.helper](e.ms, source, worker) : E[e.helper](source, worker)
      }
      case 'runDuring': {
        const start = (where: string) => {
          L(`runDuring #${e.id}`, where)
          const t = startRoot(rootSaga(e.root, e.id))
          if (!run.dead) L(`runDuring #${e.id} ran`, desc(t))
          return t
        }
        switch (e.via) {
          case 'reducer':
            return E.put({ type: 'Y', root: e.root, n: e.id })
          case 'thunk':
            return E.put(function runThunk() {
              start('thunk')
              return e.id
            } as any)
          case 'listener':
            return E.call(function subscribeOnce() {
              L(`runDuring #${e.id} subscribes`)
              onNextStoreChange(() => start('listener'))
            })
          default:
            return E.fork(function* runTaker(): Generator<unknown, void, any> {
              const action = yield E.take(e.type)
              if (run.dead) return
              L(`runDuring #${e.id} took`, desc(action))
              const r = yield e.via === 'select'
                ? E.select(function runSelector() {
                    start('select')
                    return e.id
                  })
                : e.via === 'cps'
                  ? E.cps(function runCps(cb: (err: unknown, res?: unknown) => void) {
                      cb(null, desc(start('cps')))
                    })
                  : E.call(function runCall() {
                      return desc(start('call'))
                    })
              if (!run.dead) L(`runDuring #${e.id} got`, desc(r))
            })
        }
      }
      case 'stdChan':
        return e.direct ? lib.stdChannel() : E.call(lib.stdChannel)
      case 'chanWaiter': {
        const chan = chans.get(e.chan)
        if (!chan) return `no chan${e.chan}`
        const me = `chanWaiter #${e.id}`
        const part = (p: string): unknown => {
          switch (p) {
            case 'take':
              return e.multi ? E.take(chan, '*') : E.take(chan)
            case 'takeMaybe':
              return e.multi ? E.takeMaybe(chan, '*') : E.takeMaybe(chan)
            case 'flush':
              return E.flush(chan)
            case 'delay':
              return E.delay(5)
            default:
              return E.take('A')
          }
        }
        return E.fork(function* chanWaiter(): Generator<unknown, void, any> {
          try {
            for (let i = 0; i < e.n; i++) {
              const parts = e.parts.map(part)
              const r = yield E[e.comb](e.obj ? Object.fromEntries(parts.map((p, j) => [`k${j}`, p])) : parts)
              if (run.dead) return
              L(me, i, desc(r))
            }
          } finally {
            if (!run.dead) L(me, 'ends', `cancelled=${yield E.cancelled()}`)
          }
        })
      }
      case 'endWaiter8': {
        const me = `endWaiter8 #${e.id}`
        return E.fork(function* endWaiter8(): Generator<unknown, void, any> {
          try {
            const parts = e.parts.map((p) => (p.maybe ? E.takeMaybe : E.take)(pattern(p.pattern, e.id) as any))
            const r = yield E[e.comb](e.obj ? Object.fromEntries(parts.map((p, j) => [`k${j}`, p])) : parts)
            if (run.dead) return
            L(me, desc(r))
            switch (e.after) {
              case 'put':
                yield E.put({ type: 'A' })
                break
              case 'putResolve':
                yield E.putResolve({ type: 'B' })
                break
              case 'putEnd':
                yield E.put(lib.END)
                break
              case 'select': {
                const v = yield E.select(function endSelector(state: { count: number } | undefined) {
                  L(me, 'selector dispatches')
                  dispatch({ type: 'A' })
                  return state?.count
                })
                if (!run.dead) L(me, 'selected', desc(v))
                break
              }
              case 'call':
                yield E.call(function endCall() {
                  L(me, 'call dispatches')
                  dispatch({ type: 'B' })
                })
                break
              case 'take': {
                const m = yield E.takeMaybe('*')
                if (!run.dead) L(me, 'took', desc(m))
                break
              }
            }
            if (!run.dead) L(me, 'after done')
          } finally {
            if (!run.dead) L(me, 'ends', `cancelled=${yield E.cancelled()}`)
          }
        })
      }
      case 'storeClose':
        if (e.via === 'reducer') return (e.resolve ? E.putResolve : E.put)({ type: 'Z', op: e.op, n: e.id })
        return E.call(function subscribeToClose() {
          L(`storeClose #${e.id} subscribes`)
          onNextStoreChange(() => actOnChan(`listener #${e.id}`, e.op, L))
        })
      case 'promiseThis':
        return E.call(function promiseThisFn() {
          L(`promiseThis #${e.id}`)
          const promise: any = new Promise((resolve) => setTimeout(() => resolve(e.id), e.ms))
          promise[lib.CANCEL] = function promiseCancel(this: unknown) {
            L(`[CANCEL] #${e.id}`, typeof this, this === promise, arguments.length)
          }
          return promise
        })
      case 'putSym':
        return (e.resolve ? E.putResolve : E.put)({ type: SYM_S } as any)
      case 'endCb':
        return E.call(function endCbFn() {
          L(`endCb #${e.id}`)
          if (!inChan) return 'no input channel'
          let round = 0
          const register = () => {
            const cb: any = (input: any) => {
              if (run.dead) return
              const r = round++
              L(`endCb #${e.id} cb`, r, desc(input))
              if (!e.maybe && !lib.isEnd(input)) return
              switch (e.then) {
                case 'dispatch':
                  dispatch({ type: 'A' })
                  break
                case 'dispatchEnd':
                  dispatch(lib.END)
                  break
                case 'chanPut':
                case 'chanClose': {
                  actOnChan(`endCb #${e.id}`, e.then === 'chanPut' ? 'end' : 'close', L)
                  break
                }
                case 'retake':
                  if (r < 2) register()
                  break
              }
              if (!run.dead) L(`endCb #${e.id} cb done`, r)
            }
            inChan.take(cb, (action: { type: unknown }) => action.type === 'A')
          }
          register()
        })
      case 'finThrow': {
        const me = `finThrow #${e.id}`
        const thrower = function* finThrow(): Generator<unknown, unknown, any> {
          try {
            if (e.child) {
              yield E.fork(function* finChild(): Generator<unknown, void, any> {
                try {
                  yield E.delay(3)
                  if (!run.dead) L(me, 'child waited')
                } finally {
                  if (!run.dead) {
                    L(me, 'child finally', `cancelled=${yield E.cancelled()}`)
                    // eslint-disable-next-line no-unsafe-finally
                    throw new Error(`fc${e.id}`)
                  }
                }
              })
            }
            if (e.wait === 'take') yield E.take('NEVER')
            else if (e.wait === 'delay') yield E.delay(5)
            else if (e.wait === 'race') yield E.race([E.take('NEVER'), E.delay(5)])
            else if (e.wait === 'all') yield E.all([E.take('A'), E.delay(5)])
            if (run.dead) return DEAD
            L(me, 'waited')
            return e.id
          } finally {
            if (!run.dead) {
              L(me, 'finally', `cancelled=${yield E.cancelled()}`)
              if (e.when === 'afterDelay') yield E.delay(0)
              else if (e.when === 'afterPut') yield E.put({ type: 'B' })
              else if (e.when === 'afterTake') {
                const m = yield E.takeMaybe('A')
                if (!run.dead) L(me, 'took', desc(m))
              }
              if (!run.dead) {
                L(me, 'throws')
                // eslint-disable-next-line no-unsafe-finally
                throw new Error(`ft${e.id}`)
              }
            }
          }
        }
        return e.via === 'call' ? E.call(thrower) : (e.via === 'spawn' ? E.spawn : E.fork)(thrower)
      }
      case 'ctxTree': {
        const me = `ctxTree #${e.id}`
        const read = function* (who: string): Generator<unknown, void, any> {
          const v = yield E.getContext('key')
          const o = yield E.getContext('other')
          if (!run.dead) L(me, who, desc(v), desc(o))
        }
        const grand = function* ctxGrand(): Generator<unknown, string, any> {
          yield* read('grand 1')
          yield E.delay(0)
          yield* read('grand 2')
          yield E.setContext({ key: e.v + 10 })
          yield* read('grand 3')
          return 'grand'
        }
        const child = function* ctxKid(): Generator<unknown, void, any> {
          yield* read('child 1')
          if (e.grand !== 'none') {
            const r = yield (e.grand === 'call' ? E.call : e.grand === 'spawn' ? E.spawn : E.fork)(grand)
            if (!run.dead) L(me, 'grand gave', desc(r))
          }
          yield E.delay(5)
          yield* read('child 2')
          yield E.setContext({ key: e.v + 20 })
          yield E.delay(5)
          yield* read('child 3')
        }
        const tree = function* ctxTree(): Generator<unknown, number, any> {
          yield* read('tree 1')
          yield E.setContext({ key: e.v })
          yield (e.child === 'spawn' ? E.spawn : E.fork)(child)
          yield E.setContext({ key: e.v + 1, other: e.id })
          yield* read('tree 2')
          yield E.delay(3)
          yield* read('tree 3')
          return e.v
        }
        return e.via === 'call' ? E.call(tree) : (e.via === 'spawn' ? E.spawn : E.fork)(tree)
      }
      case 'loc9': {
        const me = `loc9 #${e.id}`
        const SL = lib.SAGA_LOCATION
        const located = <T extends object>(effect: T, line: number, code: string): T => {
          if (e.effLoc) Object.defineProperty(effect, SL, { value: { fileName: 'loc.js', lineNumber: e.id * 100 + line, code } })
          return effect
        }
        const child = function* locChild(): Generator<unknown, unknown, any> {
          yield located(E.delay(1), 1, 'yield delay(1)')
          if (run.dead) return DEAD
          yield located(
            E.call(function locChildFail() {
              throw new Error(`lc${e.id}`)
            }),
            2,
            'yield call(locChildFail)',
          )
          return undefined
        }
        const waiter = function* locWaiter(): Generator<unknown, unknown, any> {
          try {
            yield located(E.take('NEVER'), 3, "yield take('NEVER')")
          } finally {
            if (!run.dead) L(me, 'waiter ends', `cancelled=${yield E.cancelled()}`)
          }
          return undefined
        }
        const saga = function* locSaga(): Generator<unknown, unknown, any> {
          L(me, 'starts')
          switch (e.fail) {
            case 'effect':
              yield located(
                E.call(function locFail() {
                  throw new Error(`le${e.id}`)
                }),
                11,
                'yield call(locFail)',
              )
              break
            case 'promise':
              yield located(
                E.call(function locReject() {
                  return Promise.reject(new Error(`lp${e.id}`))
                }),
                12,
                'yield call(locReject)',
              )
              break
            case 'throw':
              yield located(E.delay(0), 13, 'yield delay(0)')
              if (run.dead) return DEAD
              throw new Error(`lt${e.id}`)
            case 'child':
              // A sibling still waiting when locChild fails: cancelled due to the error (sagaStack lists it).
              yield located(E.fork(waiter), 17, 'yield fork(locWaiter)')
              yield located(E.fork(child), 14, 'yield fork(locChild)')
              if (run.dead) return DEAD
              yield located(E.delay(5), 15, 'yield delay(5)')
              break
            default:
              yield located(E.delay(0), 16, 'yield delay(0)')
          }
          if (run.dead) return DEAD
          L(me, 'done')
          return e.id
        }
        if (e.fnLoc) {
          Object.defineProperty(saga, SL, { value: { fileName: 'loc.js', lineNumber: e.id * 100 } })
          Object.defineProperty(child, SL, { value: { fileName: 'loc.js', lineNumber: e.id * 100 + 50 } })
          Object.defineProperty(waiter, SL, { value: { fileName: 'loc.js', lineNumber: e.id * 100 + 60 } })
        }
        if (e.via === 'root')
          return E.call(function runLoc() {
            return startRoot(saga)
          })
        return E[e.via](saga)
      }
      case 'throwVal9': {
        const me = `throwVal9 #${e.id}`
        const value = (): unknown => {
          switch (e.val) {
            case 'string':
              return `nv${e.id}`
            case 'undefined':
              return undefined
            case 'null':
              return null
            case 'object':
              return { code: e.id }
            case 'zero':
              return 0
            case 'false':
              return false
            default:
              return ''
          }
        }
        const thrower = function nonErrorFn() {
          L(me, 'throws')
          throw value()
        }
        const saga = function* nonErrorSaga(): Generator<unknown, unknown, any> {
          yield E.delay(0)
          if (run.dead) return DEAD
          L(me, 'saga throws')
          throw value()
        }
        switch (e.via) {
          case 'call':
            return E.call(thrower)
          case 'reject':
            return E.call(function nonErrorReject() {
              L(me, 'rejects')
              return Promise.reject(value())
            })
          case 'cps':
            return E.cps(function nonErrorCps(cb: (err: unknown, res?: unknown) => void) {
              L(me, 'calls back')
              cb(value(), e.id)
            })
          case 'cpsLater':
            return E.cps(function nonErrorCpsLater(cb: (err: unknown, res?: unknown) => void) {
              setTimeout(() => {
                if (run.dead) return
                L(me, 'calls back')
                cb(value(), e.id)
              }, 5)
            })
          case 'saga':
            return E.call(saga)
          case 'fork':
            return E.fork(saga)
          case 'spawn':
            return E.spawn(saga)
          default:
            return E.race({ f: E.call(thrower), d: E.delay(5) })
        }
      }
      case 'callForm9': {
        const me = `callForm9 #${e.id}`
        const ctx = {
          tag: `cf${e.id}`,
          method(this: { tag?: string } | null | undefined, v: number) {
            L(me, 'method', this?.tag, v)
            if (e.fail) throw new Error(`cf${e.id}`)
            return v
          },
          cpsMethod(this: { tag?: string } | null | undefined, v: number, cb: (err: unknown, res?: unknown) => void) {
            L(me, 'cps method', this?.tag, v)
            if (e.fail) cb(new Error(`cf${e.id}`))
            else cb(null, v)
          },
          *genMethod(this: { tag?: string } | null | undefined, v: number): Generator<unknown, unknown, any> {
            L(me, 'gen method', this?.tag, v)
            yield E.delay(0)
            if (run.dead) return DEAD
            if (e.fail) throw new Error(`cf${e.id}`)
            return v
          },
        }
        const iterFn = function iterFn(v: number) {
          L(me, 'iterFn', v)
          return (function* iterBody(): Generator<unknown, unknown, any> {
            yield E.delay(0)
            if (run.dead) return DEAD
            L(me, 'iterBody')
            if (e.fail) throw new Error(`cf${e.id}`)
            return v
          })()
        }
        switch (e.form) {
          case 'objName':
            return E.call({ context: ctx, fn: 'method' }, e.v)
          case 'applyName':
            return E.apply(ctx, 'method', [e.v])
          case 'forkObjName':
            return E.fork({ context: ctx, fn: 'genMethod' }, e.v)
          case 'spawnArrName':
            return E.spawn([ctx, 'genMethod'], e.v)
          case 'cpsObjName':
            return E.cps({ context: ctx, fn: 'cpsMethod' }, e.v)
          case 'genMethod':
            return E.call([ctx, ctx.genMethod], e.v)
          case 'iterCall':
            return E.call(iterFn, e.v)
          case 'iterFork':
            return E.fork(iterFn, e.v)
          default:
            return E.spawn(iterFn, e.v)
        }
      }
      case 'takeNoArg9':
        return e.maybe ? E.takeMaybe() : E.take()
      case 'chanOp9': {
        const chan = chans.get(e.chan)
        if (!chan) return `no chan${e.chan}`
        const me = `chanOp9 #${e.id}`
        return E.call(function chanOpFn() {
          L(me, e.op)
          if (e.op === 'cancelCb') {
            const cb = chanCbs[chanCbs.length - 1]
            L(me, 'cancel', typeof cb?.cancel)
            if (typeof cb?.cancel === 'function') cb.cancel()
            return undefined
          }
          const matcher = (a: { type?: unknown } | null | undefined) => a?.type === 'A' || a?.type === 'E'
          const register = (round: number): any => {
            const cb: any = (message: unknown) => {
              if (run.dead) return
              L(`chanCb #${e.id}`, round, desc(message))
              // Ninth round: what the callback then does (once per registration, twice at most in all).
              if (!e.then || round > 1) return
              const prev = chanCbs[chanCbs.indexOf(cb) - 1]
              try {
                if (e.then === 'put') chan.put({ type: 'A', v: e.id * 10 + round })
                else if (e.then === 'retake') L(`chanCb #${e.id} retook`, typeof register(round + 1).cancel)
                else if (e.then === 'close') chan.close()
                else {
                  L(`chanCb #${e.id} cancels prev`, typeof prev?.cancel)
                  if (typeof prev?.cancel === 'function') prev.cancel()
                }
              } catch (error) {
                L(`chanCb #${e.id} threw`, desc(error))
              }
            }
            chanCbs.push(cb)
            if (e.op === 'flush') chan.flush(cb)
            else if (e.op === 'takeMatch') chan.take(cb, matcher)
            else chan.take(cb)
            return cb
          }
          return typeof register(0).cancel
        })
      }
      case 'putResolveChan9': {
        const chan = chans.get(e.chan)
        return chan ? E.putResolve(chan, e.end ? lib.END : { type: 'A', v: e.id }) : `no chan${e.chan}`
      }
      case 'putObj9': {
        const me = `putObj9 #${e.id}`
        switch (e.mode) {
          case 'frozen':
            return E.put(Object.freeze({ type: 'A', f: e.id }))
          case 'frozenResolve':
            return E.putResolve(Object.freeze({ type: 'A', f: e.id }))
          case 'twice': {
            const action = { type: 'A', t: e.id }
            return E.call(function* putTwice(): Generator<unknown, unknown, any> {
              yield E.put(action)
              if (run.dead) return DEAD
              L(me, 'once')
              yield E.put(action)
              if (run.dead) return DEAD
              L(me, 'twice')
              return undefined
            })
          }
          case 'redispatch':
            return E.fork(function* redispatcher(): Generator<unknown, unknown, any> {
              const action = yield E.take('A')
              if (run.dead) return DEAD
              L(me, 'took', desc(action))
              yield E.call(function redispatchFn() {
                L(me, 'dispatches')
                dispatch(action)
                if (!run.dead) L(me, 'dispatched')
              })
              return undefined
            })
          default:
            return E.fork(function* reputter(): Generator<unknown, unknown, any> {
              const action = yield E.take('A')
              if (run.dead) return DEAD
              L(me, 'took', desc(action))
              yield E.put(action)
              if (!run.dead) L(me, 'put again')
              return undefined
            })
        }
      }
      case 'bufDefault9':
        return e.via === 'channel'
          ? E.call(function makeDefaultChannel() {
              return lib.channel(lib.buffers[e.kind]())
            })
          : E.actionChannel('A', lib.buffers[e.kind]())
      case 'oddTake9': {
        const me = `oddTake9 #${e.id}`
        const typeOf = (a: any) => [typeof a?.type, String(a?.type)]
        if (e.via === 'every')
          return E.takeEvery(pattern(e.pattern, e.id), function* oddWorker(a: any): Generator<unknown, void, any> {
            if (!run.dead) L(me, 'worker', ...typeOf(a))
          })
        return E.fork(function* oddTaker(): Generator<unknown, unknown, any> {
          const source = e.via === 'channel' ? yield E.actionChannel(pattern(e.pattern, e.id)) : pattern(e.pattern, e.id)
          for (let i = 0; i < 2; i++) {
            const a = yield E.take(source)
            if (run.dead) return DEAD
            L(me, 'took', i, ...typeOf(a))
          }
          return undefined
        })
      }
      case 'oddPut9': {
        const types: Record<string, unknown> = { n1: 1, strObj: new String('A'), nullType: null, endLike: lib.END.type }
        const action = e.type === 'none' ? { odd: e.id } : { type: e.type in types ? types[e.type] : e.type, odd: e.id }
        return (e.resolve ? E.putResolve : E.put)(action)
      }
      case 'helperFn9': {
        const me = `helperFn9 #${e.id}`
        const worker = function plainWorker(action: unknown): unknown {
          L(me, 'worker', desc(action))
          switch (e.mode) {
            case 'value':
              return e.id
            case 'promise':
              return new Promise((resolve) => setTimeout(() => resolve(e.id), 5))
            case 'reject':
              return Promise.reject(new Error(`hw${e.id}`))
            case 'throw':
              throw new Error(`hw${e.id}`)
            case 'thenable':
              return {
                then(resolve: (v: unknown) => void) {
                  L(me, 'then')
                  resolve(e.id)
                },
              }
            default:
              return (function* plainIter(): Generator<unknown, unknown, any> {
                yield E.delay(5)
                if (!run.dead) L(me, 'iter done')
                return undefined
              })()
          }
        }
        return e.helper === 'throttle' || e.helper === 'debounce' ? E[e.helper](e.ms, 'A', worker) : E[e.helper]('A', worker)
      }
      case 'all':
      case 'race': {
        const children = e.obj ? Object.fromEntries(e.children.map((c, i) => [`k${i}`, build(c)])) : e.children.map(build)
        return E[e.k](children)
      }
    }
  }

  function* block(stmts: Stmt[], me: string): Generator<unknown, Completion, any> {
    for (const s of stmts) {
      if (run.dead) return DEAD
      switch (s.k) {
        case 'yield': {
          const result = yield build(s.e)
          if (run.dead) return DEAD
          if (TASK_MAKERS.has(s.e.k)) tasks.set(s.e.id, result)
          if (CHANNEL_MAKERS.has(s.e.k)) chans.set(s.e.id, result)
          if (s.e.k === 'channel' || s.e.k === 'multicast' || s.e.k === 'customChan' || (s.e.k === 'customBuffer' && s.e.via === 'channel')) userChans.set(s.e.id, result)
          L(me, `#${s.id}`, desc(result))
          // The shape of a mixed all / race result: holes and lengths, which desc does not show.
          if (s.e.k === 'mixed' && result !== null && typeof result === 'object') L(me, `#${s.id} shape`, Array.isArray(result), Object.keys(result), (result as unknown[]).length)
          break
        }
        case 'throw':
          throw new Error(`s${s.id}`)
        case 'return':
          return { ret: s.v }
        case 'loop':
          for (let i = 0; i < s.n; i++) {
            const r = yield* block(s.body, me)
            if (r) return r
          }
          break
        case 'try': {
          const r = yield* tryStatement(s, me)
          if (r) return r
          break
        }
      }
    }
    return undefined
  }

  function* finallyBlock(s: Extract<Stmt, { k: 'try' }>, me: string): Generator<unknown, Completion, any> {
    if (run.dead) return DEAD
    const wasCancelled = yield E.cancelled()
    L(me, `#${s.id} finally`, `cancelled=${wasCancelled}`)
    return yield* block(s.finally!, me)
  }

  // A `return` in the program's `finally` overrides the pending completion, as it would in JS.
  /* eslint-disable no-unsafe-finally */
  function* tryStatement(s: Extract<Stmt, { k: 'try' }>, me: string): Generator<unknown, Completion, any> {
    if (s.catch) {
      try {
        return yield* block(s.body, me)
      } catch (error) {
        if (run.dead) return DEAD
        L(me, `#${s.id} caught`, desc(error))
        return yield* block(s.catch, me)
      } finally {
        if (s.finally) {
          const r = yield* finallyBlock(s, me)
          if (r) return r
        }
      }
    }
    try {
      return yield* block(s.body, me)
    } finally {
      const r = yield* finallyBlock(s, me)
      if (r) return r
    }
  }
  /* eslint-enable no-unsafe-finally */

  program.fns.forEach((body, fi) => {
    const saga = function* (...args: any[]) {
      const me = `f${fi}#${++instances}`
      L('enter', me, args.map(desc))
      let returned = false
      try {
        const completion = yield* block(body, me)
        returned = true
        const value = completion ? completion.ret : undefined
        L('return', me, value)
        return value
      } finally {
        if (!returned) L('leave', me)
      }
    }
    Object.defineProperty(saga, 'name', { value: `f${fi}` })
    sagas.push(saga)
  })

  let onErrorActs = 0
  const options: Record<string, unknown> = {
    onError: (error: unknown, info: { sagaStack?: string } | undefined) => {
      Q('onError', desc(error), info?.sagaStack)
      // Ninth round: an onError that acts (program.ts Options.onErrorAct), twice at most.
      const act = program.options.onErrorAct
      if (!act || onErrorActs >= 2 || run.dead) return
      onErrorActs++
      if (act === 'dispatch') {
        Q('onError dispatches OE')
        dispatch({ type: 'OE' })
      } else if (act === 'run') Q('onError runs', desc(startRoot(rootSaga('take', 800 + onErrorActs))))
      else if (act === 'cancel') cancelLatest('onError', Q)
      else {
        Q('onError throws')
        throw new Error(`onError${onErrorActs}`)
      }
    },
  }
  /** The task the program made last (monitorAct, MW_R7): forks, helpers, root sagas it started. */
  const latestTask = (): any => {
    let last: any
    for (const t of tasks.values()) if (typeof t?.cancel === 'function') last = t
    return last
  }
  /** Cancels the latest task from a monitor or a middleware, logging which (`who`). */
  const cancelLatest = (who: string, log: (...entry: unknown[]) => void) => {
    const t = latestTask()
    log(who, 'cancels', t ? t.meta?.name : 'no task', t ? t.isRunning() : false)
    t?.cancel()
  }
  /** The latest channel the program made (chanAct, MW_R8). */
  const latestChan = (): [number, any] | undefined => {
    let last: [number, any] | undefined
    for (const entry of chans) if (typeof entry[1]?.close === 'function') last = entry
    return last
  }
  /** Closes the latest channel, or puts END into it (an eventChannel, without put: closes it), logging what `who` did. */
  const actOnChan = (who: string, op: 'close' | 'end', log: (...entry: unknown[]) => void, target?: unknown) => {
    // The effect's own channel (a middleware's TAKE / FLUSH / PUT on a channel), else the latest.
    const own = target ? [...chans].find(([, c]) => c === target) : undefined
    const latest = own ?? latestChan()
    log(who, op, latest ? `chan${latest[0]}` : 'no channel')
    if (!latest) return
    try {
      if (op === 'end' && typeof latest[1].put === 'function') latest[1].put(lib.END)
      else latest[1].close()
    } catch (error) {
      log(who, 'threw', desc(error))
    }
  }
  if (program.options.monitor) {
    const id = idNormalizer()
    const act = program.options.monitorAct
    const chanAct = program.options.chanAct
    let chanActs = 0
    let chanSkips = program.options.chanSkip ?? 0
    /**
     * chanAct: acts (twice at most) when `hook` is chanAct's hook and the event concerns a
     * channel (`relevant`), after skipping the first `chanSkip` such events.
     */
    const chanHook = (hook: string, relevant: boolean) => {
      if (!chanAct || !relevant || chanActs >= 2 || run.dead || !chanAct.endsWith(hook)) return
      if (chanSkips > 0) {
        chanSkips--
        return
      }
      chanActs++
      if (chanAct.startsWith('endStore')) {
        Q(`monitor ${hook} dispatches END`)
        dispatch(lib.END)
      } else if (chanAct.startsWith('closeInput')) {
        Q(`monitor ${hook} closes the input channel`, typeof inChan?.close)
        inChan?.close()
      } else actOnChan(`monitor ${hook}`, chanAct.startsWith('close') ? 'close' : 'end', Q)
    }
    /** A message of a channel the program made, END, or a flush's array. */
    const isMessage = (r: any) => Array.isArray(r) || (r !== null && typeof r === 'object' && (lib.isEnd(r) || r.type === 'E' || (r.type === 'A' && 'v' in r) || typeof r.type === 'symbol'))
    let acts = 0
    options.sagaMonitor = {
      rootSagaStarted: ({ effectId, saga, args }: any) => Q('m:root', id(effectId), desc(saga), desc(args)),
      effectTriggered: ({ effectId, parentEffectId, label, effect }: any) => {
        Q('m:triggered', id(effectId), id(parentEffectId), label, desc(effect))
        chanHook('OnTrigger', Boolean(effect && (effect.type === 'TAKE' || effect.type === 'FLUSH' || (effect.type === 'PUT' && effect.payload?.channel))))
        if (act === 'cancelOnTrigger' && effect && effect.type === 'RACE' && acts < 2 && !run.dead) {
          acts++
          cancelLatest('monitor', Q)
        }
        if (act === 'dispatchOnTrigger' && effect && effect.type === 'TAKE' && acts < 3 && !run.dead) {
          acts++
          Q('monitor dispatches A')
          dispatch({ type: 'A' })
        }
      },
      // A task result (fork, spawn, helpers) also with whether it is still running.
      effectResolved: (effectId: number, result: any) => {
        Q('m:resolved', id(effectId), desc(result), ...(result && result['@@redux-saga/TASK'] ? [`running=${result.isRunning()}`] : []))
        chanHook('OnResolve', isMessage(result))
        if (act === 'dispatchOnResolve' && result && typeof result.type === 'string' && acts < 3 && !run.dead) {
          acts++
          Q('monitor dispatches A')
          dispatch({ type: 'A' })
        }
        if (act === 'cancelOnResolve' && result && typeof result.type === 'string' && acts < 2 && !run.dead) {
          acts++
          cancelLatest('monitor', Q)
        }
      },
      effectRejected: (effectId: number, error: unknown) => {
        Q('m:rejected', id(effectId), desc(error))
        chanHook('OnReject', true)
      },
      effectCancelled: (effectId: number) => {
        Q('m:cancelled', id(effectId))
        chanHook('OnCancel', true)
        if (act === 'dispatchOnCancel' && acts < 3 && !run.dead) {
          acts++
          Q('monitor dispatches MC')
          dispatch({ type: 'MC' })
        }
      },
      actionDispatched: (action: any) => {
        Q('m:dispatched', desc(action))
        chanHook('OnDispatch', true)
        if (act === 'runOnDispatch' && action && action.type === 'A' && acts < 2 && !run.dead) {
          acts++
          Q('monitor runs', desc(startRoot(rootSaga('take', 900 + acts))))
        }
      },
    }
    if (program.options.partialMonitor) {
      // Ninth round: a monitor with some hooks missing.
      const m = options.sagaMonitor as Record<string, unknown>
      delete m.rootSagaStarted
      delete m.effectRejected
      delete m.effectCancelled
    }
  }
  if (program.options.effectMiddleware) {
    const mode = program.options.effectMiddleware
    let seen = 0
    let takes = 0
    let puts = 0
    let cancels = 0
    const movedToSaga = new WeakSet<object>()
    /**
     * The middleware's log throws past LOG_LIMIT, as L does: a middleware that rewrites effects
     * can change what a helper's loop gets back (debounce's race outcome wrapped in race({ w })
     * makes it yield `outcome.action`, undefined, and race again, for ever, synchronously), and
     * such a loop logs nothing else. It throws too once the run is over: such a loop of a dead
     * program can start when the next run's reset flushes a put it left in the scheduler queue.
     */
    const M = (...entry: unknown[]) => {
      if (run.dead || overLimit()) throw new Error(RUNAWAY)
      Q(...entry)
    }
    /** `effect` run in a sub-saga of the middleware's (modes toSaga, cancelToSaga). */
    const inSubSaga = (effect: unknown, n: number) =>
      E.call(function* mwSaga(): Generator<unknown, unknown, any> {
        Q('mw saga', n)
        try {
          return yield effect
        } finally {
          Q('mw saga ends', n)
        }
      })
    options.effectMiddlewares = [
      (next: (effect: unknown) => void) => (effect: any) => {
        const n = ++seen
        M('mw', effect && effect['@@redux-saga/IO'] ? effect.type : desc(effect))
        const type = effect && effect['@@redux-saga/IO'] ? effect.type : undefined
        if (mode === 'rewriteMix' && n % 4 === 0) next(E.race({ w: effect }))
        else if (mode === 'rewriteMix' && n % 4 === 1) next(E.all([effect]))
        else if (mode === 'rewriteMix' && n % 4 === 2 && type === 'CALL')
          next(
            E.call(function mwCall(...args: unknown[]) {
              Q('mw call', n, args.length)
              return `mw${n}`
            }, n),
          )
        else if (mode === 'raceTimeout' && n % 3 === 0) next(E.race({ w: effect, t: E.delay(15) }))
        else if (mode === 'toSaga' && n % 3 === 0 && ['CALL', 'PUT', 'TAKE', 'SELECT', 'CPS', 'JOIN'].includes(type)) {
          next(
            inSubSaga(effect, n),
          )
        } else if (mode === 'putToTake' && type === 'PUT' && puts < 3) {
          puts++
          next(E.all([E.put({ type: 'MW' }), E.take('A')]))
        } else if (mode === 'rewriteAsync' && n % 3 === 0) Promise.resolve().then(() => next(E.race([effect, E.delay(10)])))
        else if (mode === 'cancelWrap' && type === 'CANCEL' && !movedToSaga.has(effect) && movedToSaga.add(effect)) next(++cancels % 2 === 1 ? E.race({ w: effect }) : E.all([effect]))
        else if (mode === 'cancelToSaga' && (type === 'CANCEL' || (type === 'CALL' && n % 3 === 0)) && !movedToSaga.has(effect)) {
          // The sub-saga's own yield of the effect goes through as is (else: for ever).
          movedToSaga.add(effect)
          next(
            inSubSaga(effect, n),
          )
        } else if (mode === 'cancelLater' && (type === 'CANCEL' || type === 'CANCELLED')) Promise.resolve().then(() => next(effect))
        else if (mode === 'cancelValue' && type === 'CANCEL' && ++cancels % 2 === 0) next(`mw${n}`)
        else if (mode === 'combSwap' && (type === 'RACE' || type === 'ALL') && !movedToSaga.has(effect) && ++cancels % 2 === 1) {
          const swapped = (type === 'RACE' ? E.all : E.race)(effect.payload)
          movedToSaga.add(swapped)
          M('mw swaps', n)
          next(swapped)
        } else if (mode === 'cancelTaskMw' && ['RACE', 'ALL', 'CANCEL', 'CANCELLED', 'JOIN'].includes(type) && ++cancels % 2 === 1) {
          if (cancels % 4 === 1) {
            cancelLatest(`mw ${n}`, M)
            next(effect)
          } else {
            next(effect)
            cancelLatest(`mw ${n}`, M)
          }
        } else if (mode === 'extraChild' && (type === 'RACE' || type === 'ALL') && !movedToSaga.has(effect) && ++cancels % 2 === 0) {
          const t = latestTask()
          const extra = type === 'RACE' || !t ? E.cancelled() : E.cancel(t)
          const payload = effect.payload
          const grown = (type === 'RACE' ? E.race : E.all)(Array.isArray(payload) ? [...payload, extra] : { ...payload, mw: extra })
          movedToSaga.add(grown)
          M('mw adds a child', n)
          next(grown)
        } else if (mode === 'dispatchMw' && type === 'TAKE' && ++cancels % 2 === 1 && cancels <= 12) {
          if (cancels % 4 === 1) {
            M('mw dispatches A', n)
            dispatch({ type: 'A' })
            next(effect)
          } else {
            next(effect)
            M('mw dispatches A', n)
            dispatch({ type: 'A' })
          }
        } else if (mode === 'toSelfCancel' && (type === 'CALL' || type === 'TAKE' || type === 'JOIN') && ++cancels % 5 === 0) next(cancels % 10 === 0 ? E.cancelled() : E.cancel())
        else if ((mode === 'chanCloseMw' || mode === 'chanEndMw') && (type === 'TAKE' || type === 'FLUSH' || type === 'PUT') && ++cancels % 3 !== 0 && cancels <= 5) {
          const op = mode === 'chanCloseMw' ? 'close' : 'end'
          if (cancels % 3 === 1) {
            actOnChan(`mw ${n}`, op, M, effect.payload?.channel)
            next(effect)
          } else {
            next(effect)
            actOnChan(`mw ${n}`, op, M, effect.payload?.channel)
          }
        } else if (mode === 'endStoreMw' && type === 'TAKE' && ++takes === 2) {
          M('mw dispatches END', n)
          dispatch(lib.END)
          next(effect)
        } else if (mode === 'endStoreMw' && type === 'PUT' && ++puts === 2) {
          next(effect)
          M('mw dispatches END', n)
          dispatch(lib.END)
        }
        else if (mode === 'rewrite' && type === 'SELECT') next(-1)
        else if (mode === 'async' && type === 'CALL') Promise.resolve().then(() => next(effect))
        else if (mode === 'takeToPut' && type === 'TAKE' && takes < 3) {
          takes++
          next(E.put({ type: 'MW' }))
        } else if (mode === 'value' && n % 4 === 0) next(`mw${n}`)
        else if ((mode === 'twice' && (type === 'CALL' || type === 'PUT')) || (mode === 'twiceAny' && n % 3 === 0)) {
          next(effect)
          Q('mw again', n)
          next(effect)
        } else if ((mode === 'never' && type === 'SELECT') || (mode === 'neverAny' && n % 3 === 0)) Q('mw swallows', n)
        else if ((mode === 'throws' && type === 'PUT') || (mode === 'throwsAny' && n % 3 === 0)) throw new Error(`mw${n}`)
        else if (mode === 'asyncAny' && n % 3 === 0) Promise.resolve().then(() => next(effect))
        else if (mode === 'twiceLater' && n % 3 === 0) {
          next(effect)
          Promise.resolve().then(() => {
            Q('mw again', n)
            next(effect)
          })
        }
        else next(effect)
      },
      ...(program.options.mwChain
        ? [
            (next: (effect: unknown) => void) => (effect: any) => {
              M('mw2', effect && effect['@@redux-saga/IO'] ? effect.type : desc(effect))
              next(effect)
            },
          ]
        : []),
    ]
  }

  /** What the reducer does on an X action (putX): user code run by the store during a put. */
  const reducerOp = (action: { op: string; task: number | null; n: number }) => {
    L('reducer X', action.op, action.n)
    switch (action.op) {
      case 'cancelRoot':
        task?.cancel()
        break
      case 'cancelTask': {
        const t = action.task === null ? undefined : tasks.get(action.task)
        if (typeof t?.cancel === 'function') t.cancel()
        break
      }
      case 'dispatch':
        dispatch({ type: 'B' })
        break
      case 'runRoot':
        L('reducer X ran', desc(startRoot(rootSaga('return', action.n))))
        break
      case 'throw':
        throw new Error(`reducer X${action.n}`)
    }
    if (!run.dead) L('reducer X done', action.n)
  }

  let recording = false
  let lastType: string | undefined
  let secondTask: any
  const reducer = (state: { count: number } = { count: 0 }, action: { type: string }) => {
    if (!recording) return state
    lastType = action.type
    L('reduce', action.type)
    if (action.type === 'BOOM') throw new Error('reducer boom')
    if (action.type === 'X') reducerOp(action as any)
    if (action.type === 'Z') actOnChan(`reducer Z #${(action as any).n}`, (action as any).op, L)
    if (action.type === 'Y') {
      const { root, n } = action as unknown as { root: RootKind7; n: number }
      L('reducer Y ran', desc(startRoot(rootSaga(root, n))))
    }
    return { count: state.count + 1 }
  }

  /**
   * What dispatch returns for the program's P / R actions (putPromise): a promise of `done<n>`, or
   * one rejecting, with a [CANCEL]; or a thenable that settles as soon as `then` is called.
   */
  const promised = (action: { type: string; n?: number; ms?: number; thenable?: boolean }): object | undefined => {
    // A dead program's put left in the scheduler queue is dispatched by the next run's reset:
    // its promise must not reject into the next run's log.
    if ((action.type !== 'P' && action.type !== 'R') || run.dead) return undefined
    const settle = (resolve: (v: unknown) => void, reject: (error: unknown) => void) =>
      action.type === 'P' ? resolve(`done${action.n}`) : reject(new Error(`rej${action.n}`))
    if (action.thenable) {
      return {
        then(resolve: (v: unknown) => void, reject: (error: unknown) => void) {
          L(`dispatch then #${action.n}`)
          settle(resolve, reject)
        },
      }
    }
    const promise: any = action.ms ? new Promise((resolve, reject) => setTimeout(() => settle(resolve, reject), action.ms)) : new Promise(settle)
    promise[lib.CANCEL] = () => L(`[CANCEL] dispatch #${action.n}`)
    return promise
  }
  if (program.options.context === 'option') options.context = { key: 100 }
  if (program.options.inputChannel) options.channel = lib.multicastChannel()
  else if (program.options.ownChannel && program.options.mode === 'middleware') options.channel = lib.stdChannel()
  inChan = options.channel

  let dispatch: (action: unknown) => unknown
  /** A store listener (runDuring 'listener'); runSaga mode: called after the reducer, before the channel sees the action, as Redux does. */
  let subscribe: (listener: () => void) => () => void
  /** Runs `run` at the store's next change only: a listener that unsubscribes itself first. */
  function onNextStoreChange(run: () => void): void {
    let done = false
    const unsubscribe = subscribe(() => {
      if (done) return
      done = true
      unsubscribe()
      run()
    })
  }
  /** Starts another root saga on the same store (runRoot). */
  let startRoot: (saga: (...args: any[]) => Generator, ...args: unknown[]) => unknown
  /** runRootStep: a root saga from the script, with a context first (middleware.setContext, or runSaga's context option). */
  let startRootWith: (saga: (...args: any[]) => Generator, ctx: number | null) => unknown
  let task: any
  /** ctxRun: the root context set from the saga's code (middleware.setContext; runSaga: the root task's setContext). */
  let setRootContext: (props: object) => void
  if (program.options.customInput) {
    const inner = lib.stdChannel()
    const batch = program.options.customInput === 'batch'
    const throwB = program.options.customInput === 'throwB'
    const endOnB = program.options.customInput === 'endOnB'
    const input: any = {
      take(cb: unknown, matcher?: unknown) {
        L('input.take', typeof matcher)
        return inner.take(cb as any, matcher as any)
      },
      put(action: unknown) {
        L('input.put', desc(action))
        if (throwB && (action as { type?: unknown } | null)?.type === 'B') throw new Error('input.put B')
        if (endOnB && (action as { type?: unknown } | null)?.type === 'B') return inner.put(lib.END)
        if (!batch) return inner.put(action as any)
        Promise.resolve().then(() => {
          if (run.dead) return
          Q('input.put later', desc(action))
          inner.put(action as any)
        })
      },
      close() {
        L('input.close')
        inner.close()
      },
    }
    options.channel = input
    inChan = input
  }
  const thunkMiddleware = (api: { dispatch: (action: unknown) => unknown; getState: () => unknown }) => (next: (action: unknown) => unknown) => (action: unknown) =>
    typeof action === 'function' ? action(api.dispatch, api.getState) : next(action)
  try {
    if (program.options.mode === 'middleware') {
      const middleware = lib.createSagaMiddleware(options)
      if (program.options.context === 'setContext') middleware.setContext({ key: 200 })
      const promising = () => (next: (action: unknown) => unknown) => (action: any) => {
        // Redux 5 rejects a symbol type: the saga middleware (before this one) has seen the
        // action; the reducer is skipped (logged as runSaga mode's reducer logs it).
        if (typeof action?.type === 'symbol') {
          if (recording) L('reduce', action.type)
          return action
        }
        const result = next(action)
        return promised(action) ?? result
      }
      const chain =
        program.options.thunk === 'after'
          ? applyMiddleware(middleware, thunkMiddleware as any, promising)
          : program.options.thunk === 'before'
            ? applyMiddleware(thunkMiddleware as any, middleware, promising)
            : applyMiddleware(middleware, promising)
      const store = createStore(reducer as any, chain)
      setRootContext = (props) => middleware.setContext(props)
      dispatch = store.dispatch as (action: unknown) => unknown
      subscribe = (listener) => store.subscribe(listener)
      if (program.options.subscriber) {
        let answers = 0
        store.subscribe(() => {
          if (lastType === 'A' && answers < 3) {
            answers++
            Q('subscriber dispatches B')
            dispatch({ type: 'B' })
          }
        })
      }
      startRoot = (saga, ...args) => middleware.run(saga, ...args)
      startRootWith = (saga, ctx) => {
        if (ctx !== null) middleware.setContext({ key: ctx })
        return middleware.run(saga, 'step')
      }
      recording = true
      task = middleware.run(sagas[0]!)
      if (program.options.secondRoot) secondTask = middleware.run(sagas[1]!)
    } else {
      const channel = (options.channel as any) ?? lib.stdChannel()
      inChan = channel
      let state = { count: 0 }
      let answers = 0
      let listeners: (() => void)[] = []
      subscribe = (listener) => {
        listeners = [...listeners, listener]
        return () => {
          listeners = listeners.filter((l) => l !== listener)
        }
      }
      setRootContext = (props) => {
        if (task) task.setContext(props)
        else L('no root task yet')
      }
      dispatch = (action: any) => {
        if (typeof action === 'function' && program.options.thunk) {
          // As the thunk middleware does: run it; 'after' the saga middleware, the saga sees it too.
          const result = action(dispatch, () => state)
          if (program.options.thunk === 'after') channel.put(action)
          return result
        }
        state = reducer(state, action)
        const result = promised(action) ?? action
        for (const listener of listeners) listener()
        channel.put(action)
        if (program.options.subscriber && lastType === 'A' && answers < 3) {
          answers++
          Q('subscriber dispatches B')
          dispatch({ type: 'B' })
        }
        return result
      }
      startRoot = (saga, ...args) => lib.runSaga({ ...options, channel, dispatch, getState: () => state }, saga, ...args)
      startRootWith = (saga, ctx) =>
        lib.runSaga({ ...options, ...(ctx === null ? {} : { context: { key: ctx } }), channel, dispatch, getState: () => state }, saga, 'step')
      recording = true
      task = lib.runSaga({ ...options, channel, dispatch, getState: () => state }, sagas[0]!)
      if (program.options.secondRoot) secondTask = lib.runSaga({ ...options, channel, dispatch, getState: () => state }, sagas[1]!)
      if (program.options.context === 'setContext') {
        task.setContext({ key: 200 })
        secondTask?.setContext({ key: 200 })
      }
    }
  } catch (error) {
    await tick()
    realClearInterval(watchdog)
    vi.clearAllTimers()
    await realTurn()
    await realTurn()
    if (runaway) return [RUNAWAY]
    log.push(['run threw', desc(error)])
    if (escaped.length > 0) log.push(['escaped', escaped.sort()])
    return log
  }
  task.toPromise().then(
    (value: unknown) => Q('root resolved', desc(value)),
    (error: unknown) => Q('root rejected', desc(error)),
  )
  await tick()
  for (const step of program.script) {
    try {
      L('step', stepToString(step))
      if (step.k === 'dispatch') dispatch(step.type === 'END' ? lib.END : { type: step.type })
      else if (step.k === 'dispatchLater') {
        let p: Promise<unknown> = Promise.resolve()
        for (let i = 0; i < step.hops; i++) p = p.then(() => undefined)
        p.then(() => {
          try {
            Q('later', step.type)
            dispatch({ type: step.type })
          } catch (error) {
            Q('later threw', desc(error))
          }
        })
      } else if (step.k === 'cancelTask') {
        const t = tasks.get(step.task)
        if (t && typeof t.cancel === 'function') t.cancel()
      } else if (step.k === 'chanPutExt') {
        const message = step.type === 'END' ? lib.END : { type: step.type, ext: ++emitted }
        for (const [id, chan] of [...userChans].sort((a, b) => a[0] - b[0])) {
          try {
            chan.put(message)
          } catch (error) {
            L(`chan${id}.put threw`, desc(error))
          }
        }
      } else if (step.k === 'runRootStep') {
        const t = startRootWith(sagas[step.f]!, step.ctx)
        extraRoots.push(t)
        L('ran', desc(t))
      } else if (step.k === 'emit') {
        const message = step.end ? lib.END : { type: 'E', n: ++emitted }
        for (const emit of [...emitters]) emit(message)
      }
      else if (step.k === 'advance') await vi.advanceTimersByTimeAsync(step.ms)
      else if (step.k === 'cancelRoot') task.cancel()
      await tick()
    } catch (error) {
      if (!runaway) L('step threw', desc(error))
    }
    if (runaway) break
  }
  if (!runaway) {
    try {
      L('step', 'drain')
      await vi.advanceTimersByTimeAsync(1_000)
    } catch (error) {
      if (!runaway) L('drain threw', desc(error))
    }
  }
  await tick()
  realClearInterval(watchdog)
  vi.clearAllTimers()
  // Unhandled rejections are reported once the microtask queue is empty: wait real turns.
  await realTurn()
  await realTurn()
  if (runaway) return [RUNAWAY]
  // The summary is not limited: a program that ended just under LOG_LIMIT is not a runaway.
  const summary = (...entry: unknown[]) => void log.push(entry)
  if (escaped.length > 0) summary('escaped', escaped.sort())
  if (program.options.partialMonitor && options.sagaMonitor) {
    const m = options.sagaMonitor as Record<string, unknown>
    summary('monitor hooks', ['rootSagaStarted', 'effectTriggered', 'effectResolved', 'effectRejected', 'effectCancelled', 'actionDispatched'].map((h) => typeof m[h]))
  }
  summary('final root', taskState(task))
  if (secondTask) summary('final second root', taskState(secondTask))
  extraRoots.forEach((t, i) => summary(`final step root ${i}`, taskState(t)))
  for (const id of [...tasks.keys()].sort((a, b) => a - b)) {
    const t = tasks.get(id)
    summary(`final task${id}`, t && typeof t.isRunning === 'function' ? taskState(t) : desc(t))
  }
  return log
}

export interface Difference {
  index: number
  reference: unknown[]
  sagaflow: unknown[]
}

let logFilter: ((log: unknown[]) => unknown[]) | null = null
/**
 * Exploration aid: rewrite both logs before comparing (e.g. to look past an already reported
 * divergence). Not used by the CI fuzzer, which compares the raw logs.
 */
export function setLogFilter(filter: ((log: unknown[]) => unknown[]) | null): void {
  logFilter = filter
}

/** Runs `program` on redux-saga, then sagaflow; the first difference of their logs, or null. */
export async function compare(program: Program): Promise<Difference | null> {
  let ref = await runProgram(reference, program)
  let ours = await runProgram(sagaflow, program)
  if (logFilter) {
    ref = logFilter(ref)
    ours = logFilter(ours)
  }
  if (isDeepStrictEqual(ref, ours)) return null
  let index = 0
  while (index < ref.length && index < ours.length && isDeepStrictEqual(ref[index], ours[index])) index++
  return { index, reference: ref, sagaflow: ours }
}

/** Both logs side by side around the first difference. */
export function formatDifference(d: Difference, context = 6): string {
  const from = Math.max(0, d.index - context)
  const line = (entry: unknown) => inspect(entry, { depth: 6, breakLength: Infinity })
  const part = (log: unknown[]) =>
    log
      .slice(from, d.index + context)
      .map((e, i) => `${from + i === d.index ? '>>' : '  '} ${from + i}: ${line(e)}`)
      .join('\n')
  return `first difference at entry ${d.index}\n-- redux-saga 1.5.1:\n${part(d.reference)}\n-- sagaflow:\n${part(d.sagaflow)}`
}
