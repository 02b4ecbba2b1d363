/*
 * Differential harness: the same program runs on redux-saga 1.5.1 (its development build, the one
 * its own tests run, so argument checks are on) and on @sagaflow/core, and the two observations
 * must be equal (and equal to what the test expects).
 *
 * A program is written once against `Lib`, the shape both libraries share:
 *
 *   const { reference, sagaflow } = await both(async ({ runSaga, effects: { call } }) => { ... return log })
 *
 * Runs are sequential (reference first) so real timers of one never interleave with the other.
 * Effect ids are global counters with different absolute values in each library: `monitorLog`
 * renumbers them in first-seen order.
 */
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { applyMiddleware, legacy_createStore as createStore, type Middleware, type Reducer } from 'redux'
import * as sagaflowRoot from '@sagaflow/core'
import * as sagaflowEffects from '@sagaflow/core/effects'
import { expect } from 'vitest'

export interface Lib {
  readonly name: 'redux-saga' | 'sagaflow'
  readonly createSagaMiddleware: (options?: any) => any
  readonly runSaga: (options: any, saga: any, ...args: any[]) => any
  readonly channel: (buffer?: any) => any
  readonly eventChannel: (subscribe: (emit: (input: any) => void) => () => void, buffer?: any) => any
  readonly multicastChannel: () => any
  readonly stdChannel: () => any
  readonly END: { type: string }
  readonly isEnd: (x: unknown) => boolean
  readonly buffers: {
    none(): any
    fixed(limit?: number): any
    dropping(limit?: number): any
    sliding(limit?: number): any
    expanding(initial?: number): any
  }
  readonly detach: (effect: any) => any
  readonly CANCEL: string
  readonly SAGA_LOCATION: string
  readonly TASK_CANCEL: string
  readonly effects: Effects
}

/** The effect creators and helpers of `redux-saga/effects`, loosely typed (tests feed them bad input on purpose). */
export interface Effects {
  take: (...args: any[]) => any
  takeMaybe: (...args: any[]) => any
  put: (...args: any[]) => any
  putResolve: (...args: any[]) => any
  call: (...args: any[]) => any
  apply: (...args: any[]) => any
  cps: (...args: any[]) => any
  fork: (...args: any[]) => any
  spawn: (...args: any[]) => any
  join: (...args: any[]) => any
  cancel: (...args: any[]) => any
  cancelled: (...args: any[]) => any
  select: (...args: any[]) => any
  actionChannel: (...args: any[]) => any
  flush: (...args: any[]) => any
  getContext: (...args: any[]) => any
  setContext: (...args: any[]) => any
  delay: (...args: any[]) => any
  all: (...args: any[]) => any
  race: (...args: any[]) => any
  takeEvery: (...args: any[]) => any
  takeLatest: (...args: any[]) => any
  takeLeading: (...args: any[]) => any
  throttle: (...args: any[]) => any
  debounce: (...args: any[]) => any
  retry: (...args: any[]) => any
  effectTypes: Record<string, string>
}

const EFFECT_NAMES = [
  'take', 'takeMaybe', 'put', 'putResolve', 'call', 'apply', 'cps', 'fork', 'spawn', 'join', 'cancel', 'cancelled',
  'select', 'actionChannel', 'flush', 'getContext', 'setContext', 'delay', 'all', 'race', 'takeEvery', 'takeLatest',
  'takeLeading', 'throttle', 'debounce', 'retry', 'effectTypes',
] as const

function pick(source: any): Effects {
  const out: any = {}
  for (const name of EFFECT_NAMES) {
    if (source[name] === undefined) throw new Error(`effects export ${name} is missing`)
    out[name] = source[name]
  }
  return out
}

// redux-saga re-exports @redux-saga/core; load that package's development build by file, since
// vitest imports node_modules natively (without the `development` export condition).
const require = createRequire(import.meta.url)
const reduxSagaDir = dirname(require.resolve('redux-saga/package.json'))
const coreDir = dirname(require.resolve('@redux-saga/core/package.json', { paths: [reduxSagaDir] }))
const refRoot = require(`${coreDir}/dist/redux-saga-core.development.cjs.js`)
const refEffects = require(`${coreDir}/effects/dist/redux-saga-core-effects.development.cjs.js`)

export const reference: Lib = {
  name: 'redux-saga',
  createSagaMiddleware: refRoot.default,
  runSaga: refRoot.runSaga,
  channel: refRoot.channel,
  eventChannel: refRoot.eventChannel,
  multicastChannel: refRoot.multicastChannel,
  stdChannel: refRoot.stdChannel,
  END: refRoot.END,
  isEnd: refRoot.isEnd,
  buffers: refRoot.buffers,
  detach: refRoot.detach,
  CANCEL: refRoot.CANCEL,
  SAGA_LOCATION: refRoot.SAGA_LOCATION,
  TASK_CANCEL: '@@redux-saga/TASK_CANCEL',
  effects: pick(refEffects),
}

export const sagaflow: Lib = {
  name: 'sagaflow',
  createSagaMiddleware: sagaflowRoot.default,
  runSaga: sagaflowRoot.runSaga,
  channel: sagaflowRoot.channel,
  eventChannel: sagaflowRoot.eventChannel as Lib['eventChannel'],
  multicastChannel: sagaflowRoot.multicastChannel,
  stdChannel: sagaflowRoot.stdChannel,
  END: sagaflowRoot.END,
  isEnd: sagaflowRoot.isEnd,
  buffers: sagaflowRoot.buffers,
  detach: sagaflowRoot.detach,
  CANCEL: sagaflowRoot.CANCEL,
  SAGA_LOCATION: sagaflowRoot.SAGA_LOCATION,
  TASK_CANCEL: sagaflowRoot.TASK_CANCEL,
  effects: pick(sagaflowEffects),
}

export const libs: readonly Lib[] = [reference, sagaflow]

/** Runs `program` on redux-saga, then on sagaflow; resolves with what each returned. */
export async function both<T>(program: (lib: Lib) => T | Promise<T>): Promise<{ reference: T; sagaflow: T }> {
  const ref = await program(reference)
  const ours = await program(sagaflow)
  return { reference: ref, sagaflow: ours }
}

/**
 * Runs `program` on both libraries and asserts both observations equal `expected` (the reference
 * first, so a wrong expectation is reported as such and not as a sagaflow bug).
 */
export async function expectBoth<T>(program: (lib: Lib) => T | Promise<T>, expected: T): Promise<void> {
  const { reference: ref, sagaflow: ours } = await both(program)
  expect(ref, 'redux-saga 1.5.1 (is the expected value right?)').toEqual(expected)
  expect(ours, 'sagaflow').toEqual(expected)
}

/** Runs `program` on both libraries and asserts the two observations are equal. */
export async function expectSame<T>(program: (lib: Lib) => T | Promise<T>): Promise<T> {
  const { reference: ref, sagaflow: ours } = await both(program)
  expect(ours, 'sagaflow vs redux-saga 1.5.1').toEqual(ref)
  return ours
}

// ---- stores ----

export interface StoreSetup {
  store: { dispatch(action: any): any; getState(): any; subscribe(listener: () => void): () => void }
  middleware: any
}

/**
 * A real Redux store with the library's saga middleware (after `before`, before `after`
 * middlewares). Redux 5 rejects non-string action types: use `storeLike` for those tests.
 */
export function reduxStore(
  lib: Lib,
  reducer: Reducer<any, any> = (state = {}) => state,
  options: { sagaOptions?: any; preloadedState?: any; before?: Middleware[]; after?: Middleware[] } = {},
): StoreSetup {
  const middleware = lib.createSagaMiddleware(options.sagaOptions)
  const store = createStore(
    reducer,
    options.preloadedState,
    applyMiddleware(...(options.before ?? []), middleware, ...(options.after ?? [])),
  )
  return { store, middleware }
}

/** A Redux store whose reducer records the `type` of every action dispatched after its creation. */
export function typeLoggingStore(lib: Lib, options: Parameters<typeof reduxStore>[2] = {}): StoreSetup & { types: unknown[] } {
  const types: unknown[] = []
  let recording = false
  const setup = reduxStore(
    lib,
    (state = {}, action: any) => {
      if (recording) types.push(action.type)
      return state
    },
    options,
  )
  recording = true
  return { ...setup, types }
}

/** A store-like object for `runSaga`: any action type, reducer first, then the channel. */
export function storeLike(lib: Lib, reducer: (state: any, action: any) => any = (s) => s, state: any = {}) {
  const channel = lib.stdChannel()
  return {
    channel,
    dispatch(action: any) {
      state = reducer(state, action)
      channel.put(action)
      return action
    },
    getState: () => state,
  }
}

// ---- async helpers ----

export interface Deferred<T = unknown> {
  promise: Promise<T>
  resolve(value?: T): void
  reject(error?: unknown): void
}

export function deferred<T = unknown>(): Deferred<T> {
  let resolve!: (value?: T) => void
  let reject!: (error?: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res as (value?: T) => void
    reject = rej
  })
  return { promise, resolve, reject }
}

export function deferreds<T = unknown>(n: number): Deferred<T>[] {
  return Array.from({ length: n }, () => deferred<T>())
}

/** Resolves after `ms` real milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => globalThis.setTimeout(resolve, ms))

/** Resolves after the current microtasks (a few promise hops). */
export async function flushMicrotasks(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve()
}

/** Runs `steps` one per microtask, like the reference tests' `Promise.resolve().then(a).then(b)` chains. */
export function chain(...steps: (() => unknown)[]): Promise<void> {
  let p: Promise<unknown> = Promise.resolve()
  for (const step of steps) p = p.then(step)
  return p.then(() => undefined)
}

// ---- monitor log ----

/** Renumbers ids in first-seen order, so logs of the two libraries compare. */
export function idNormalizer(): (id: number | undefined) => string | undefined {
  const seen = new Map<number, number>()
  return (id) => {
    if (id === undefined) return undefined
    if (id === 0) return '#0'
    let n = seen.get(id)
    if (n === undefined) {
      n = seen.size + 1
      seen.set(id, n)
    }
    return `#${n}`
  }
}

/** A readable, library-independent description of an effect, task, channel or value. */
export function describe(value: any): unknown {
  if (value === null || value === undefined) return value
  if (typeof value === 'function') return `fn:${value.name || 'anonymous'}`
  if (typeof value !== 'object') return value
  if (value['@@redux-saga/TASK']) return `task:${value.meta?.name}`
  if (value['@@redux-saga/IO']) {
    const payload = value.payload
    let described: unknown
    if (value.type === 'CALL' || value.type === 'CPS' || value.type === 'FORK') {
      const fnName = payload.fn?.name
      described = {
        fn: fnName === 'delayP' || fnName === 'delay' ? 'delay' : describe(payload.fn),
        args: payload.args.map(describe),
        ...(payload.detached ? { detached: true } : {}),
      }
    } else if (Array.isArray(payload)) described = payload.map(describe)
    else if (value.combinator) described = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, describe(v)]))
    else if (payload && typeof payload === 'object' && !payload['@@redux-saga/TASK'] && !isChannelLike(payload))
      described = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined).map(([k, v]) => [k, describe(v)]))
    else described = describe(payload)
    return { [value.type]: described }
  }
  if (isChannelLike(value)) return 'channel'
  if (typeof value.isEmpty === 'function' && typeof value.put === 'function' && typeof value.take === 'function') return 'buffer'
  if (typeof value.then === 'function') return 'promise'
  if (typeof value.next === 'function' && typeof value.throw === 'function') return 'iterator'
  if (value instanceof Error) return `error:${value.message}`
  if (Array.isArray(value)) return value.map(describe)
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]))
}

function isChannelLike(value: any): boolean {
  return !!value && typeof value.take === 'function' && typeof value.close === 'function'
}

/**
 * A SagaMonitor that appends one entry per hook to `log`, with ids renumbered and effects
 * described (so the reference's and sagaflow's logs can be compared).
 */
export function monitorLog(log: unknown[], hooks: readonly string[] = ['rootSagaStarted', 'effectTriggered', 'effectResolved', 'effectRejected', 'effectCancelled', 'actionDispatched']) {
  const id = idNormalizer()
  const monitor: Record<string, (...args: any[]) => void> = {
    rootSagaStarted: ({ effectId, saga, args }: any) => log.push(['root', id(effectId), describe(saga), args.map(describe)]),
    effectTriggered: ({ effectId, parentEffectId, label, effect }: any) =>
      log.push(['triggered', id(effectId), id(parentEffectId), label, describe(effect)]),
    effectResolved: (effectId: number, result: unknown) => log.push(['resolved', id(effectId), describe(result)]),
    effectRejected: (effectId: number, error: unknown) => log.push(['rejected', id(effectId), describe(error)]),
    effectCancelled: (effectId: number) => log.push(['cancelled', id(effectId)]),
    actionDispatched: (action: unknown) => log.push(['dispatched', describe(action)]),
  }
  return Object.fromEntries(hooks.map((hook) => [hook, monitor[hook]]))
}

/** An order log: `const log = track(); log('a'); expect(log()).toEqual(['a'])`. */
export function track(): ((...entry: unknown[]) => unknown[]) {
  const entries: unknown[] = []
  return (...entry: unknown[]) => {
    if (entry.length === 0) return entries
    entries.push(entry.length === 1 ? entry[0] : entry)
    return entries
  }
}
