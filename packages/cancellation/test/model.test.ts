/*
 * Model-based tests (issue #9): random sequences of link / cancel / dispose / register / timeout
 * operations run against @sagaflow/cancellation and against a small model of what CONTRACT §2
 * promises. After every operation every token's state, reason, `canBeCancelled`, `signal` and
 * number of live registrations must match the model, and the callbacks must have run in the
 * model's order (registration order, linked children depth-first at their place).
 *
 * Seeded: `MODEL_SEEDS` (default 400 sequences) and `MODEL_START` pick the sequences; a failure
 * names its seed and prints the operations that led to it.
 */
import { describe, expect, it } from 'vitest'
import {
  CancellationError,
  CancellationToken,
  CancellationTokenSource,
  TimeoutError,
  VirtualClock,
  type DisposableCancellationToken,
} from '@sagaflow/cancellation'
import { registrationCount } from '../src/internal/inspect.js'

// ---- seeded randomness (mulberry32) ----

function random(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    int: (n: number) => Math.floor(next() * n),
    chance: (p: number) => next() < p,
    pick<T>(items: readonly T[]): T {
      return items[Math.floor(next() * items.length)]!
    },
  }
}

// ---- the model ----

type State = 'active' | 'cancelled' | 'sealed'
/** A reason as the model knows it: a value we passed, or one the library made (resolved through `origin`'s token). */
type Reason = { kind: 'value'; value: string } | { kind: 'default'; origin: number } | { kind: 'timeout'; origin: number; ms: number }

interface MReg {
  id: number
  owner: number
  kind: 'callback' | 'child' | 'signal' | 'when'
  child?: number
  throws?: boolean
  live: boolean
}

interface MNode {
  id: number
  kind: 'source' | 'any' | 'timeout' | 'controller'
  state: State
  reason?: Reason
  regs: MReg[]
  links: MReg[]
  timer?: { due: number; seq: number; ms: number }
  signalRead: boolean
  whenRead: boolean
}

/** The library side of a node. */
interface RNode {
  token: CancellationToken
  source?: CancellationTokenSource
  disposable?: DisposableCancellationToken
  controller?: AbortController
  signal?: AbortSignal
  when?: { settled: boolean; value: unknown }
}

class Model {
  nodes: MNode[] = []
  now = 0
  seq = 0
  nextReg = 1
  /** Callbacks run, in order: [registration id, reason]. */
  calls: [number, Reason][] = []
  thrown: number[] = []

  add(kind: MNode['kind']): MNode {
    const node: MNode = { id: this.nodes.length, kind, state: 'active', regs: [], links: [], signalRead: false, whenRead: false }
    this.nodes.push(node)
    return node
  }

  append(owner: MNode, kind: MReg['kind'], extra: Partial<MReg> = {}): MReg {
    const reg: MReg = { id: this.nextReg++, owner: owner.id, kind, live: true, ...extra }
    owner.regs.push(reg)
    return reg
  }

  unregister(reg: MReg): void {
    if (!reg.live) return
    reg.live = false
    const owner = this.nodes[reg.owner]!
    if (owner.state === 'active') owner.regs.splice(owner.regs.indexOf(reg), 1)
  }

  release(node: MNode): void {
    for (const link of node.links) this.unregister(link)
    node.links = []
    node.timer = undefined
  }

  link(node: MNode, parents: MNode[]): void {
    for (const parent of parents) {
      if (parent.state === 'cancelled') {
        this.release(node)
        node.state = 'cancelled'
        node.reason = parent.reason
        return
      }
      if (parent.state !== 'active') continue
      node.links.push(this.append(parent, 'child', { child: node.id }))
    }
  }

  cancel(node: MNode, reason: Reason): void {
    if (node.state !== 'active') return
    node.state = 'cancelled'
    node.reason = reason
    this.release(node)
    const regs = node.regs
    node.regs = []
    for (const reg of regs) {
      if (!reg.live) continue
      reg.live = false
      if (reg.kind === 'child') this.cancel(this.nodes[reg.child!]!, reason)
      else if (reg.kind === 'callback') {
        this.calls.push([reg.id, reason])
        if (reg.throws) this.thrown.push(reg.id)
      }
    }
  }

  seal(node: MNode): void {
    if (node.state !== 'active') return
    node.state = 'sealed'
    this.release(node)
    for (const reg of node.regs) reg.live = false
    node.regs = []
  }

  schedule(node: MNode, ms: number): void {
    if (node.state !== 'active') return
    node.timer = undefined
    if (ms === Infinity) return
    node.timer = { due: this.now + ms, seq: this.seq++, ms }
  }

  advance(ms: number): void {
    const target = this.now + ms
    for (;;) {
      let next: MNode | undefined
      for (const node of this.nodes) {
        const t = node.timer
        if (!t || t.due > target) continue
        if (!next || t.due < next.timer!.due || (t.due === next.timer!.due && t.seq < next.timer!.seq)) next = node
      }
      if (!next) break
      const timer = next.timer!
      this.now = timer.due
      next.timer = undefined
      this.cancel(next, { kind: 'timeout', origin: next.id, ms: timer.ms })
    }
    this.now = target
  }
}

// ---- one random sequence ----

const MODEL_SEEDS = Number(process.env.MODEL_SEEDS ?? 400)
const MODEL_START = Number(process.env.MODEL_START ?? 1)
const OPS = 40

function runSequence(seed: number): void {
  const rnd = random(seed)
  const model = new Model()
  const real: RNode[] = []
  const regs = new Map<number, { dispose(): void }>()
  const calls: [number, unknown][] = []
  const clock = new VirtualClock()
  const trace: string[] = []
  // Throwing callbacks make an AbortSignal's abort listener throw, which Node reports as an
  // uncaught exception: a sequence has either AbortControllers or throwing callbacks.
  const withControllers = rnd.chance(0.5)

  const actualReason = (reason: Reason): unknown => {
    if (reason.kind === 'value') return reason.value
    return real[reason.origin]!.token.reason
  }

  /** Compares every token with the model; builds the (long) message only on a mismatch. */
  const check = (where: string) => {
    const problems: string[] = []
    const same = (label: string, actual: unknown, expected: unknown) => {
      if (!Object.is(actual, expected)) problems.push(`${label}: got ${String(actual)}, model says ${String(expected)}`)
    }
    for (const node of model.nodes) {
      const r = real[node.id]!
      const token = r.token
      const label = `token t${node.id} (${node.kind})`
      same(`${label} isCancelled`, token.isCancelled, node.state === 'cancelled')
      same(`${label} canBeCancelled`, token.canBeCancelled, node.state !== 'sealed')
      if (node.state === 'cancelled') {
        const reason = node.reason!
        same(`${label} reason`, token.reason, actualReason(reason))
        if (reason.kind === 'default') same(`${label} reason is a CancellationError`, token.reason instanceof CancellationError, true)
        if (reason.kind === 'timeout') {
          same(`${label} reason is a TimeoutError`, token.reason instanceof TimeoutError, true)
          same(`${label} reason.ms`, (token.reason as TimeoutError).ms, reason.ms)
        }
      } else same(`${label} reason`, token.reason, undefined)
      if (node.kind !== 'controller') same(`${label} live registrations`, registrationCount(token), node.regs.filter((g) => g.live).length)
      if (r.signal) {
        same(`${label} signal.aborted`, r.signal.aborted, node.state === 'cancelled')
        if (node.state === 'cancelled') same(`${label} signal.reason`, r.signal.reason, token.reason)
      }
    }
    const expectedCalls = model.calls.map(([id, reason]) => [id, actualReason(reason)])
    if (calls.length !== expectedCalls.length || calls.some(([id, reason], i) => id !== expectedCalls[i]![0] || reason !== expectedCalls[i]![1])) {
      problems.push(`callbacks run (registration, reason): ${JSON.stringify(calls)}, model says ${JSON.stringify(expectedCalls)}`)
    }
    if (problems.length > 0) expect.fail(`seed ${seed}, after ${where}:\n${problems.join('\n')}\noperations:\n${trace.join('\n')}`)
  }

  /** Runs `action` (which may throw the callbacks' errors) and checks which registrations threw. */
  const expectThrown = (action: () => void, update: () => void, what: string) => {
    model.thrown = []
    let error: unknown
    try {
      action()
    } catch (e) {
      error = e
    }
    update()
    const ids = collectIds(error)
    if (JSON.stringify(ids) !== JSON.stringify(model.thrown)) {
      expect.fail(`seed ${seed}, ${what}: callbacks ${JSON.stringify(ids)} threw, model says ${JSON.stringify(model.thrown)}\n${trace.join('\n')}`)
    }
  }

  const parentsFor = (): MNode[] => {
    const count = rnd.int(3)
    const out: MNode[] = []
    for (let i = 0; i < count && model.nodes.length > 0; i++) out.push(rnd.pick(model.nodes))
    return out
  }
  const parentTokens = (parents: MNode[]) => parents.map((p) => (real[p.id]!.controller ? real[p.id]!.controller!.signal : real[p.id]!.token))
  const names = (parents: MNode[]) => `[${parents.map((p) => p.id).join(', ')}]`

  for (let op = 0; op < OPS; op++) {
    const r = rnd.int(100)
    if (model.nodes.length === 0 || r < 14) {
      // new CancellationTokenSource({ parents?, timeoutMs? })
      const parents = parentsFor()
      const timeoutMs = rnd.chance(0.25) ? rnd.pick([0, 5, 10, Infinity]) : undefined
      const node = model.add('source')
      trace.push(`${op}: t${node.id} = new CancellationTokenSource({ parents: ${names(parents)}, timeoutMs: ${timeoutMs} })`)
      const source = new CancellationTokenSource({ parents: parentTokens(parents), timeoutMs, clock })
      real.push({ token: source.token, source })
      model.link(node, parents)
      if (timeoutMs !== undefined) model.schedule(node, timeoutMs)
    } else if (r < 22) {
      const parents = parentsFor()
      const node = model.add('any')
      trace.push(`${op}: t${node.id} = CancellationToken.any(${names(parents)})`)
      const token = CancellationToken.any(parentTokens(parents))
      real.push({ token, disposable: token })
      model.link(node, parents)
      if (node.state === 'active' && node.links.length === 0) model.seal(node)
    } else if (r < 26) {
      const ms = rnd.pick([0, 5, 10, Infinity])
      const node = model.add('timeout')
      trace.push(`${op}: t${node.id} = CancellationToken.timeout(${ms})`)
      const token = CancellationToken.timeout(ms, { clock })
      real.push({ token, disposable: token })
      if (ms === Infinity) model.seal(node)
      else model.schedule(node, ms)
    } else if (r < 30 && withControllers) {
      const node = model.add('controller')
      trace.push(`${op}: t${node.id} = CancellationToken.from(new AbortController().signal)`)
      const controller = new AbortController()
      real.push({ token: CancellationToken.from(controller.signal), controller })
    } else if (r < 44) {
      // source.cancel(reason) / controller.abort(reason)
      const node = rnd.pick(model.nodes)
      const rn = real[node.id]!
      if (node.kind === 'source') {
        const useDefault = rnd.chance(0.15)
        const value = `reason-${op}`
        trace.push(`${op}: source of t${node.id} .cancel(${useDefault ? '' : `'${value}'`})`)
        expectThrown(
          () => (useDefault ? rn.source!.cancel() : rn.source!.cancel(value)),
          () => model.cancel(node, useDefault ? { kind: 'default', origin: node.id } : { kind: 'value', value }),
          `cancel t${node.id}`,
        )
      } else if (node.kind === 'controller') {
        const value = `abort-${op}`
        trace.push(`${op}: controller of t${node.id} .abort('${value}')`)
        rn.controller!.abort(value)
        model.cancel(node, { kind: 'value', value })
      } else continue
    } else if (r < 54) {
      // dispose a source or a linked / timeout token
      const node = rnd.pick(model.nodes)
      const rn = real[node.id]!
      if (node.kind === 'controller') continue
      trace.push(`${op}: dispose t${node.id}`)
      if (rn.source) rn.source.dispose()
      else rn.disposable!.dispose()
      model.seal(node)
    } else if (r < 72) {
      // token.onCancel(callback)
      const node = rnd.pick(model.nodes)
      const throws = !withControllers && rnd.chance(0.25)
      const id = model.nextReg++
      trace.push(`${op}: r${id} = t${node.id}.onCancel(cb${throws ? ', throws' : ''})`)
      const callback = (reason: unknown) => {
        calls.push([id, reason])
        if (throws) throw Object.assign(new Error(`callback r${id}`), { registration: id })
      }
      if (node.state === 'active') {
        regs.set(id, real[node.id]!.token.onCancel(callback))
        node.regs.push({ id, owner: node.id, kind: 'callback', throws, live: true })
      } else {
        let error: unknown
        try {
          regs.set(id, real[node.id]!.token.onCancel(callback))
        } catch (e) {
          error = e
        }
        if (node.state === 'cancelled') {
          // Runs at once; its error propagates from onCancel itself.
          model.calls.push([id, node.reason!])
          expect(collectIds(error), `seed ${seed}: onCancel on a cancelled token rethrows\n${trace.join('\n')}`).toEqual(throws ? [id] : [])
        } else expect(error).toBeUndefined()
      }
    } else if (r < 80) {
      // registration.dispose()
      const live = model.nodes.flatMap((n) => n.regs).filter((g) => g.kind === 'callback' && g.live)
      if (live.length === 0) continue
      const reg = rnd.pick(live)
      trace.push(`${op}: r${reg.id}.dispose()`)
      regs.get(reg.id)!.dispose()
      model.unregister(reg)
    } else if (r < 84) {
      // source.cancelAfter(ms)
      const sources = model.nodes.filter((n) => n.kind === 'source')
      if (sources.length === 0) continue
      const node = rnd.pick(sources)
      const ms = rnd.pick([0, 5, 10, Infinity])
      trace.push(`${op}: source of t${node.id} .cancelAfter(${ms})`)
      real[node.id]!.source!.cancelAfter(ms)
      model.schedule(node, ms)
    } else if (r < 92) {
      const ms = rnd.pick([0, 1, 5, 10])
      trace.push(`${op}: clock.advance(${ms})`)
      model.thrown = []
      let threw = false
      try {
        clock.advance(ms)
      } catch {
        threw = true
      }
      model.advance(ms)
      if (threw !== model.thrown.length > 0) expect.fail(`seed ${seed}: advance threw: ${threw}, model: ${model.thrown}\n${trace.join('\n')}`)
    } else if (r < 96) {
      // token.signal (created lazily: a registration while the token is active)
      const node = rnd.pick(model.nodes)
      const rn = real[node.id]!
      if (rn.signal) continue
      trace.push(`${op}: t${node.id}.signal`)
      rn.signal = rn.token.signal
      if (node.kind !== 'controller' && node.state === 'active') model.append(node, 'signal')
      node.signalRead = true
    } else {
      // token.whenCancelled()
      const node = rnd.pick(model.nodes)
      const rn = real[node.id]!
      if (rn.when || node.kind === 'controller') continue
      trace.push(`${op}: t${node.id}.whenCancelled()`)
      const when = { settled: false, value: undefined as unknown }
      rn.when = when
      rn.token.whenCancelled().then((value) => {
        when.settled = true
        when.value = value
      })
      if (node.state === 'active') model.append(node, 'when')
      node.whenRead = true
    }
    check(`operation ${op}`)
  }
}

/** The `registration` ids of the callback errors inside `error` (an AggregateError tree or one error). */
function collectIds(error: unknown): number[] {
  if (error === undefined) return []
  if (error instanceof AggregateError) return error.errors.flatMap(collectIds)
  const id = (error as { registration?: number }).registration
  if (id === undefined) throw error
  return [id]
}

describe('@sagaflow/cancellation against a model', () => {
  it(`agrees with the model on ${MODEL_SEEDS} random sequences of ${OPS} operations`, () => {
    for (let seed = MODEL_START; seed < MODEL_START + MODEL_SEEDS; seed++) runSequence(seed)
  })

  it('resolves whenCancelled() with the reason, and only for cancelled tokens', async () => {
    // The promise side of the model, checked once the microtasks ran.
    for (let seed = 1; seed <= 50; seed++) {
      const rnd = random(seed)
      const sources = Array.from({ length: 4 }, () => new CancellationTokenSource())
      const linked = CancellationToken.any(sources.slice(0, 2).map((s) => s.token))
      const tokens = [...sources.map((s) => s.token), linked]
      const results = tokens.map((token) => {
        const box = { settled: false, value: undefined as unknown }
        token.whenCancelled().then((value) => {
          box.settled = true
          box.value = value
        })
        return box
      })
      for (const source of sources) {
        const r = rnd.int(3)
        if (r === 0) source.cancel(`r${seed}`)
        else if (r === 1) source.dispose()
      }
      await Promise.resolve()
      await Promise.resolve()
      tokens.forEach((token, i) => {
        expect(results[i]!.settled, `seed ${seed} token ${i}`).toBe(token.isCancelled)
        if (token.isCancelled) expect(results[i]!.value).toBe(token.reason)
      })
    }
  })
})
