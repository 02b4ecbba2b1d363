/*
 * Random saga programs for the differential fuzzer (issue #9): a small AST, a seeded generator,
 * a printer (for counterexamples) and one-step simplifications (for shrinking).
 *
 * A program is a list of saga functions `f0..fn` (f0 is the root; `fi` only calls, forks or
 * watches `fj` with j > i, so recursion always ends), an external script (store dispatches,
 * timer advances, cancelling the root) and run options (Redux middleware or `runSaga`, with or
 * without a SagaMonitor and an effect middleware). Every node has a numeric id, unique in the
 * program: logs name nodes by id, and `join` / `cancel` / `take(channel)` refer to the task or
 * channel most recently made by a `fork` / `actionChannel` node.
 */

export type ActionType = 'A' | 'B' | 'BOOM' | 'END'

export type Expr =
  | { k: 'sync'; id: number; v: number }
  | { k: 'throw'; id: number }
  | { k: 'promise'; id: number; ms: number; hops: number; v: number; reject: boolean; cancellable: boolean }
  | { k: 'forkFn'; id: number; kind: 'sync' | 'promise' | 'throw'; detached: boolean }
  | { k: 'eventChannel'; id: number; buffer: 'none' | 'expanding' | 'sliding' }
  | { k: 'inspect'; id: number; task: number }
  | { k: 'cps'; id: number; ms: number; v: number; fail: boolean }
  | { k: 'saga'; id: number; f: number }
  | { k: 'delay'; id: number; ms: number }
  | { k: 'put'; id: number; type: ActionType; resolve: boolean }
  | { k: 'take'; id: number; pattern: string | string[]; maybe: boolean }
  | { k: 'takeChan'; id: number; chan: number; maybe: boolean }
  | { k: 'flush'; id: number; chan: number }
  | { k: 'actionChannel'; id: number; pattern: string; buffer: 'default' | 'sliding' | 'dropping' }
  | { k: 'select'; id: number; throws: boolean }
  | { k: 'chanPut'; id: number; chan: number; v: number; end: boolean }
  | { k: 'chanClose'; id: number; chan: number }
  | { k: 'fork'; id: number; f: number; detached: false | 'spawn' | 'detach' }
  | { k: 'helper'; id: number; helper: 'takeEvery' | 'takeLatest' | 'takeLeading'; pattern: string; f: number }
  | { k: 'timedHelper'; id: number; helper: 'throttle' | 'debounce'; ms: number; pattern: string; f: number }
  | { k: 'retry'; id: number; tries: number; ms: number; failures: number }
  | { k: 'iterator'; id: number; f: number }
  | { k: 'rawPromise'; id: number; ms: number; v: number }
  | { k: 'setContext'; id: number; v: number }
  | { k: 'getContext'; id: number }
  | { k: 'join'; id: number; task: number | number[] }
  | { k: 'cancel'; id: number; task: number | number[] | 'self' }
  | { k: 'cancelled'; id: number }
  | { k: 'plain'; id: number; v: number }
  | { k: 'all' | 'race'; id: number; children: Expr[]; obj: boolean }

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

export interface Options {
  mode: 'middleware' | 'runSaga'
  monitor: boolean
  /**
   * none, a pass-through middleware, one that resolves every `select` with -1 without running
   * it, or one that runs every `call` a microtask later.
   */
  effectMiddleware: false | 'pass' | 'rewrite' | 'async'
  /** Also run f1 as a second root saga on the same store. */
  secondRoot: boolean
  /** A store subscriber that dispatches B after every A (at most 3 times): dispatch from inside a dispatch. */
  subscriber: boolean
}

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
} as const

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
      case 'takeChan':
        if (g.chans.length === 0) continue
        return { k: 'takeChan', id, chan: rnd.pick(g.chans), maybe: rnd.chance(0.2) }
      case 'flush':
        if (g.chans.length === 0) continue
        return { k: 'flush', id, chan: rnd.pick(g.chans) }
      case 'actionChannel':
        if (inCombinator) continue
        g.chans.push(id)
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
        return { k: 'retry', id, tries: 1 + rnd.int(3), ms: rnd.pick(MS), failures: rnd.int(4) }
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
      case 'all':
      case 'race': {
        if (depth >= 2) continue
        const n = rnd.int(4)
        const children: Expr[] = []
        for (let i = 0; i < n; i++) children.push(genExpr(g, fi, depth + 1, true))
        return { k: kind, id, children, obj: rnd.chance(0.5) }
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
        finally: hasFinally ? genBlock(g, fi, depth + 1, 2) : null,
      })
    } else if (r < 27 && depth < 2) out.push({ k: 'loop', id, n: 1 + rnd.int(3), body: genBlock(g, fi, depth + 1, 3) })
    else out.push({ k: 'yield', id, e: genExpr(g, fi, 0, false) })
  }
  return out
}

/** The program for `seed`. */
export function generate(seed: number): Program {
  const rnd = new Random(seed)
  const g: GenState = { rnd, nextId: 1, nFns: 1 + rnd.int(5), forks: [], chans: [], eventChans: [] }
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
    else if (r < 50 && g.eventChans.length > 0) script.push({ k: 'emit', end: rnd.chance(0.2) })
    else if (r < 55 && g.forks.length > 0) script.push({ k: 'cancelTask', task: rnd.pick(g.forks) })
    else if (r < 75) script.push({ k: 'advance', ms: rnd.pick([1, 5, 10, 20]) })
    else if (r < 95) script.push({ k: 'tick' })
    else script.push({ k: 'cancelRoot' })
  }
  const options: Options = {
    mode: rnd.chance(0.6) ? 'middleware' : 'runSaga',
    monitor: rnd.chance(0.5),
    effectMiddleware: rnd.chance(0.75) ? false : rnd.pick(['pass', 'pass', 'rewrite', 'async'] as const),
    secondRoot: fns.length > 1 && rnd.chance(0.2),
    subscriber: rnd.chance(0.2),
  }
  return { fns, script, options }
}

// ---- printing ----

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
      return `call(() => eventChannel(subscribe${e.buffer === 'none' ? '' : `, buffers.${e.buffer}(2)`}))`
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
      return `actionChannel('${e.pattern}'${e.buffer === 'default' ? '' : `, buffers.${e.buffer}(1)`})`
    case 'select':
      return e.throws ? `select(throwingSelector)` : `select(s => s.count)`
    case 'fork':
      return e.detached === 'detach' ? `detach(fork(f${e.f}, ${e.id}))` : `${e.detached ? 'spawn' : 'fork'}(f${e.f}, ${e.id})`
    case 'helper':
      return `${e.helper}('${e.pattern}', f${e.f})`
    case 'timedHelper':
      return `${e.helper}(${e.ms}, '${e.pattern}', f${e.f})`
    case 'chanPut':
      return `put(chan${e.chan}, ${e.end ? 'END' : `{ type: 'A', v: ${e.v} }`})`
    case 'chanClose':
      return `call(() => chan${e.chan}.close())`
    case 'retry':
      return `retry(${e.tries}, ${e.ms}, flakyFn) /* fails ${e.failures} time(s), then gives ${e.id} */`
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
    case 'all':
    case 'race':
      return e.obj
        ? `${e.k}({ ${e.children.map((c, i) => `k${i}: ${exprToString(c)}`).join(', ')} })`
        : `${e.k}([${e.children.map(exprToString).join(', ')}])`
  }
}

function blockToLines(stmts: Stmt[], indent: string, out: string[]): void {
  for (const s of stmts) {
    switch (s.k) {
      case 'yield': {
        const binding = s.e.k === 'fork' || s.e.k === 'helper' || s.e.k === 'timedHelper' ? `task${s.e.id} = ` : s.e.k === 'actionChannel' ? `chan${s.e.id} = ` : ''
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
    const text = JSON.stringify(p.fns.slice(0, last))
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
  if (p.options.effectMiddleware === 'rewrite' || p.options.effectMiddleware === 'async') out.push({ ...clone(p), options: { ...p.options, effectMiddleware: 'pass' } })
  if (p.options.mode === 'middleware') out.push({ ...clone(p), options: { ...p.options, mode: 'runSaga' } })
  if (p.options.secondRoot) out.push({ ...clone(p), options: { ...p.options, secondRoot: false } })
  if (p.options.subscriber) out.push({ ...clone(p), options: { ...p.options, subscriber: false } })
  for (let i = 0; i < p.script.length; i++) {
    const s = p.script[i]!
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
  if (e.k === 'delay' && e.ms > 0) out.push({ ...e, ms: 0 })
  if (e.k === 'promise' && e.hops > 0) out.push({ ...e, hops: 0 })
  if (e.k === 'promise' && e.cancellable) out.push({ ...e, cancellable: false })
  if ((e.k === 'join' || e.k === 'cancel') && Array.isArray(e.task)) out.push({ ...e, task: e.task[0]! })
  if (e.k === 'fork' && e.detached === 'detach') out.push({ ...e, detached: 'spawn' })
  if (e.k === 'put' && e.resolve) out.push({ ...e, resolve: false })
  if (e.k === 'take' && e.maybe) out.push({ ...e, maybe: false })
  if (e.k === 'chanPut' && e.end) out.push({ ...e, end: false })
  if (e.k === 'take' && e.pattern !== 'A') out.push({ ...e, pattern: 'A' })
  return out
}

/** Program size, for reporting. */
export function size(p: Program): number {
  return (JSON.stringify(p.fns).match(/"id"/g) ?? []).length + p.script.length
}
