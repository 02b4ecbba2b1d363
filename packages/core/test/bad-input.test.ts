/*
 * Bad input, catalogued (issue #9; the messages are listed in docs/errors.md).
 *
 * 1. Every public function of the reference's surface, called with each wrong kind of argument,
 *    does exactly what redux-saga 1.5.1 does in development: the same error (class and message
 *    text), or the same value when the reference accepts the argument.
 * 2. Every sagaflow-only public function (and @sagaflow/cancellation's), called with each wrong
 *    kind of argument, throws an error whose message names the API and the bad value.
 * 3. A yielded value the runtime does not know resumes (or fails) the saga as in the reference.
 * 4. A throwing reducer, selector, SagaMonitor hook or effect middleware is reported the way the
 *    reference reports it, and does not wedge the runtime: sagas started afterwards still run.
 */
import { applyMiddleware, legacy_createStore as createStore } from 'redux'
import { describe as group, expect, it } from 'vitest'
import {
  CancellationToken,
  CancellationTokenSource,
  VirtualClock,
} from '@sagaflow/cancellation'
import { createTracer, runSaga, stdChannel } from '@sagaflow/core'
import {
  allLimit,
  allSettled,
  circuitBreaker,
  fromAsyncIterable,
  halt,
  retry,
  supervise,
  takeLatestBy,
  takeLeadingBy,
  timeout,
  toAsyncIterable,
  use,
} from '@sagaflow/core/effects'
import { describeValue } from '../../cancellation/src/internal/describe.js'
import { both, describe, expectSame, type Lib } from './support/differential.js'

const SYMBOL = Symbol('sym')
/** One value of each kind a caller can pass by mistake (the same values for both libraries). */
const KINDS: readonly (readonly [string, () => unknown])[] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['number', () => 42],
  ['string', () => 'str'],
  ['boolean', () => true],
  ['object', () => ({ an: 'object' })],
  ['array', () => []],
  ['function', () => function notASaga() {}],
  ['symbol', () => SYMBOL],
]

/** What calling `f` did: its (described) value, or the error it threw. */
function outcome(f: () => unknown): unknown {
  try {
    return { returned: describe(f()) }
  } catch (error) {
    return { threw: (error as Error)?.name, message: (error as Error)?.message }
  }
}

const saga = function* noop() {}
const worker = function* worker() {}
const fakeStore = () => ({ getState: () => ({}), dispatch: (a: unknown) => a })

// ---- 1. the reference's surface: same outcome as redux-saga 1.5.1 ----

/**
 * [API, call, kinds where sagaflow deliberately differs]. The only one: `retry(policy, fn)`
 * (CONTRACT §1.5) gives an object first argument a meaning, where the reference builds a
 * retry that fails when it runs.
 */
const REFERENCE_APIS: readonly (readonly [string, (lib: Lib, bad: any) => unknown, (readonly string[])?])[] = [
  ['take(x)', (l, x) => l.effects.take(x)],
  ['takeMaybe(x)', (l, x) => l.effects.takeMaybe(x)],
  ['take(multicastChannel, x)', (l, x) => l.effects.take(l.multicastChannel(), x)],
  ['put(x)', (l, x) => l.effects.put(x)],
  ['put(x, action)', (l, x) => l.effects.put(x, { type: 'A' })],
  ['put(channel, x)', (l, x) => l.effects.put(l.channel(), x)],
  ['putResolve(x)', (l, x) => l.effects.putResolve(x)],
  ['call(x)', (l, x) => l.effects.call(x)],
  ['call([context, x])', (l, x) => l.effects.call([{}, x])],
  ['call({ context, fn: x })', (l, x) => l.effects.call({ context: {}, fn: x })],
  ['apply(context, x)', (l, x) => l.effects.apply({}, x)],
  ['cps(x)', (l, x) => l.effects.cps(x)],
  ['fork(x)', (l, x) => l.effects.fork(x)],
  ['spawn(x)', (l, x) => l.effects.spawn(x)],
  ['join(x)', (l, x) => l.effects.join(x)],
  ['join([x])', (l, x) => l.effects.join([x])],
  ['cancel(x)', (l, x) => l.effects.cancel(x)],
  ['cancel([x])', (l, x) => l.effects.cancel([x])],
  ['select(x)', (l, x) => l.effects.select(x)],
  ['actionChannel(x)', (l, x) => l.effects.actionChannel(x)],
  ['actionChannel(pattern, x)', (l, x) => l.effects.actionChannel('A', x)],
  ['flush(x)', (l, x) => l.effects.flush(x)],
  ['getContext(x)', (l, x) => l.effects.getContext(x)],
  ['setContext(x)', (l, x) => l.effects.setContext(x)],
  ['delay(x)', (l, x) => l.effects.delay(x)],
  ['all(x)', (l, x) => l.effects.all(x)],
  ['race(x)', (l, x) => l.effects.race(x)],
  ['takeEvery(x, worker)', (l, x) => l.effects.takeEvery(x, worker)],
  ['takeEvery(pattern, x)', (l, x) => l.effects.takeEvery('A', x)],
  ['takeLatest(x, worker)', (l, x) => l.effects.takeLatest(x, worker)],
  ['takeLatest(pattern, x)', (l, x) => l.effects.takeLatest('A', x)],
  ['takeLeading(x, worker)', (l, x) => l.effects.takeLeading(x, worker)],
  ['takeLeading(pattern, x)', (l, x) => l.effects.takeLeading('A', x)],
  ['throttle(x, pattern, worker)', (l, x) => l.effects.throttle(x, 'A', worker)],
  ['throttle(ms, x, worker)', (l, x) => l.effects.throttle(10, x, worker)],
  ['throttle(ms, pattern, x)', (l, x) => l.effects.throttle(10, 'A', x)],
  ['debounce(x, pattern, worker)', (l, x) => l.effects.debounce(x, 'A', worker)],
  ['debounce(ms, x, worker)', (l, x) => l.effects.debounce(10, x, worker)],
  ['debounce(ms, pattern, x)', (l, x) => l.effects.debounce(10, 'A', x)],
  ['retry(x, delayMs, fn)', (l, x) => l.effects.retry(x, 0, worker), ['object', 'array']],
  ['retry(maxTries, x, fn)', (l, x) => l.effects.retry(1, x, worker)],
  ['retry(maxTries, delayMs, x)', (l, x) => l.effects.retry(1, 0, x)],
  ['detach(x)', (l, x) => l.detach(x)],
  ['channel(x)', (l, x) => l.channel(x)],
  ['eventChannel(x)', (l, x) => l.eventChannel(x)],
  ['eventChannel(() => x)', (l, x) => l.eventChannel(() => x)],
  ['channel().put(x)', (l, x) => l.channel().put(x)],
  ['channel().take(x)', (l, x) => l.channel().take(x)],
  ['channel().flush(x)', (l, x) => l.channel().flush(x)],
  ['multicastChannel().put(x)', (l, x) => l.multicastChannel().put(x)],
  ['multicastChannel().take(x)', (l, x) => l.multicastChannel().take(x)],
  ['stdChannel().put(x)', (l, x) => l.stdChannel().put(x)],
  ['isEnd(x)', (l, x) => l.isEnd(x), ['null', 'undefined']],
  ['runSaga(x, saga)', (l, x) => l.runSaga(x, saga)],
  ['runSaga(options, x)', (l, x) => l.runSaga({}, x)],
  ['runSaga({ dispatch: x }, saga)', (l, x) => l.runSaga({ dispatch: x }, saga)],
  ['runSaga({ getState: x }, saga)', (l, x) => l.runSaga({ getState: x }, saga)],
  ['runSaga({ effectMiddlewares: x }, saga)', (l, x) => l.runSaga({ effectMiddlewares: x }, saga)],
  ['runSaga({ effectMiddlewares: [x] }, saga)', (l, x) => l.runSaga({ effectMiddlewares: [x] }, saga)],
  ['runSaga({ onError: x }, saga)', (l, x) => l.runSaga({ onError: x }, saga)],
  ['runSaga({ sagaMonitor: x }, saga)', (l, x) => l.runSaga({ sagaMonitor: x }, saga)],
  ['runSaga({ context: x }, saga)', (l, x) => l.runSaga({ context: x }, saga)],
  ['createSagaMiddleware(x)', (l, x) => l.createSagaMiddleware(x)(fakeStore())],
  ['createSagaMiddleware({ channel: x })', (l, x) => l.createSagaMiddleware({ channel: x })(fakeStore())],
  ['createSagaMiddleware({ onError: x }).run(saga)', (l, x) => mounted(l, { onError: x }).run(saga)],
  ['sagaMiddleware.run(x)', (l, x) => mounted(l).run(x)],
  ['sagaMiddleware.run before mounting', (l) => l.createSagaMiddleware().run(saga)],
  ['sagaMiddleware.setContext(x)', (l, x) => mounted(l).setContext(x)],
  ['task.setContext(x)', (l, x) => l.runSaga({}, saga).setContext(x)],
]

function mounted(lib: Lib, options?: object) {
  const middleware = lib.createSagaMiddleware(options)
  createStore((s: unknown = {}) => s, applyMiddleware(middleware))
  return middleware
}

group('bad input to the reference surface behaves as in redux-saga 1.5.1', () => {
  for (const [api, call, differs = []] of REFERENCE_APIS) {
    const kinds = KINDS.filter(([kind]) => !differs.includes(kind))
    it(`${api}, for every kind of x${differs.length ? ` but ${differs.join(', ')} (see below)` : ''}`, async () => {
      await expectSame((lib) => Object.fromEntries(kinds.map(([kind, make]) => [kind, outcome(() => call(lib, make()))])))
    })
  }

  it('isEnd(null) and isEnd(undefined) return null and undefined, as the reference (`x && x.type === END`)', async () => {
    await expectSame((lib) => [lib.isEnd(null), lib.isEnd(undefined)])
  })

  it('dev errors thrown at run time reach the saga and onError as in the reference', async () => {
    await expectSame(async (lib) => {
      const errors: string[] = []
      const { delay, call, put } = lib.effects
      const task = lib.runSaga({ onError: (e: Error) => errors.push(e.message) }, function* () {
        try {
          yield delay(2 ** 31)
        } catch (error) {
          errors.push(`caught ${(error as Error).message}`)
        }
        try {
          yield put(Object.freeze({ type: 'FROZEN' }))
        } catch (error) {
          errors.push(`caught ${(error as Error).message.split('\n')[0]}`)
        }
        yield call(function* () {})
        yield lib.effects.flush(lib.eventChannel(() => () => {}))
      })
      await task.toPromise().catch(() => {})
      return { errors, aborted: task.isAborted() }
    })
  })
})

// ---- 2. sagaflow's own surface: clear errors naming the API and the value ----

interface OwnApi {
  /** How the API names itself in its messages. */
  api: string
  call: (bad: any) => unknown
  /** The call, as text (x is the bad value). */
  shows: string
  /** The kinds (of KINDS) that are wrong here; other invalid values too. */
  wrong: readonly string[]
  extra?: readonly unknown[]
}

const ALL_BUT = (...ok: string[]) => KINDS.map(([kind]) => kind).filter((kind) => !ok.includes(kind))
const okSaga = function* ok() {}

const OWN_APIS: readonly OwnApi[] = [
  { api: 'timeout(ms, effect)', call: (x) => timeout(x, okSaga()), shows: 'timeout(x, okSaga())', wrong: ALL_BUT('number'), extra: [-1, NaN, Infinity] },
  { api: 'timeout(ms, effect)', call: (x) => timeout(10, x), shows: 'timeout(10, x)', wrong: ['undefined', 'null'] },
  { api: 'allSettled(effects)', call: (x) => allSettled(x), shows: 'allSettled(x)', wrong: ALL_BUT('object', 'array') },
  { api: 'allLimit(limit, effects)', call: (x) => allLimit(x, []), shows: 'allLimit(x, [])', wrong: ALL_BUT('number'), extra: [0, -1, 1.5, NaN] },
  { api: 'allLimit(limit, effects)', call: (x) => allLimit(2, x), shows: 'allLimit(2, x)', wrong: ALL_BUT('array') },
  { api: 'circuitBreaker', call: (x) => circuitBreaker(x), shows: 'circuitBreaker(x)', wrong: ALL_BUT('object', 'array') },
  { api: 'circuitBreaker', call: (x) => circuitBreaker({ failureThreshold: x, resetTimeoutMs: 10 }), shows: 'circuitBreaker({ failureThreshold: x, resetTimeoutMs: 10 })', wrong: ALL_BUT('number'), extra: [0, 1.5] },
  { api: 'circuitBreaker', call: (x) => circuitBreaker({ failureThreshold: 1, resetTimeoutMs: x }), shows: 'circuitBreaker({ failureThreshold: 1, resetTimeoutMs: x })', wrong: ALL_BUT('number'), extra: [-1, Infinity] },
  { api: 'circuitBreaker', call: (x) => circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10, halfOpenMax: x }), shows: 'circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10, halfOpenMax: x })', wrong: ALL_BUT('undefined', 'number'), extra: [0] },
  { api: 'supervise', call: (x) => supervise(okSaga, x), shows: 'supervise(okSaga, x)', wrong: ALL_BUT('object', 'array') },
  { api: 'supervise', call: (x) => supervise(okSaga, { restart: x, maxRestarts: 1, withinMs: 10 } as any), shows: 'supervise(okSaga, { restart: x, maxRestarts: 1, withinMs: 10 } as any)', wrong: KINDS.map(([k]) => k) },
  { api: 'supervise', call: (x) => supervise(okSaga, { restart: 'on-error', maxRestarts: x, withinMs: 10 }), shows: 'supervise(okSaga, { restart: \'on-error\', maxRestarts: x, withinMs: 10 })', wrong: ALL_BUT('number'), extra: [-1, 1.5] },
  { api: 'supervise', call: (x) => supervise(okSaga, { restart: 'on-error', maxRestarts: 1, withinMs: x }), shows: 'supervise(okSaga, { restart: \'on-error\', maxRestarts: 1, withinMs: x })', wrong: ALL_BUT('number'), extra: [-1] },
  { api: 'retry(policy, fn, ...args)', call: (x) => retry({ maxAttempts: x }, okSaga), shows: 'retry({ maxAttempts: x }, okSaga)', wrong: ALL_BUT('number'), extra: [0, 1.5] },
  { api: 'retry(policy, fn, ...args)', call: (x) => retry({ maxAttempts: 2, delayMs: x }, okSaga), shows: 'retry({ maxAttempts: 2, delayMs: x }, okSaga)', wrong: ALL_BUT('undefined', 'number'), extra: [-1] },
  { api: 'retry(policy, fn, ...args)', call: (x) => retry({ maxAttempts: 2, jitter: x }, okSaga), shows: 'retry({ maxAttempts: 2, jitter: x }, okSaga)', wrong: ALL_BUT('undefined'), extra: [2, -1] },
  { api: 'retry(policy, fn, ...args)', call: (x) => retry({ maxAttempts: 2, shouldRetry: x }, okSaga), shows: 'retry({ maxAttempts: 2, shouldRetry: x }, okSaga)', wrong: ALL_BUT('undefined', 'function') },
  { api: 'retry(policy, fn, ...args)', call: (x) => retry({ maxAttempts: 2, backoff: x }, okSaga), shows: 'retry({ maxAttempts: 2, backoff: x }, okSaga)', wrong: ALL_BUT('undefined', 'object', 'array') },
  { api: 'retry(policy, fn, ...args)', call: (x) => retry({ maxAttempts: 2 }, x), shows: 'retry({ maxAttempts: 2 }, x)', wrong: ALL_BUT('function', 'array') },
  { api: 'breaker.call(fn, ...args)', call: (x) => circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10 }).call(x), shows: 'circuitBreaker({ failureThreshold: 1, resetTimeoutMs: 10 }).call(x)', wrong: ALL_BUT('function', 'array') },
  { api: 'takeLatestBy(pattern, keyOf, worker, ...args)', call: (x) => takeLatestBy('A', x, okSaga), shows: 'takeLatestBy(\'A\', x, okSaga)', wrong: ALL_BUT('function') },
  { api: 'takeLeadingBy(pattern, keyOf, worker, ...args)', call: (x) => takeLeadingBy('A', x, okSaga), shows: 'takeLeadingBy(\'A\', x, okSaga)', wrong: ALL_BUT('function') },
  { api: 'takeLatestBy(pattern, keyOf, worker, ...args)', call: (x) => takeLatestBy('A', String, x), shows: 'takeLatestBy(\'A\', String, x)', wrong: ALL_BUT('undefined', 'null', 'function', 'array') },
  { api: 'takeLeadingBy(pattern, keyOf, worker, ...args)', call: (x) => takeLeadingBy('A', String, x), shows: 'takeLeadingBy(\'A\', String, x)', wrong: ALL_BUT('undefined', 'null', 'function', 'array') },
  // Checked when the helper is made, not left to the watcher's take (issue #9: a message naming take, or none at all).
  { api: 'takeLatestBy(pattern, keyOf, worker, ...args)', call: (x) => takeLatestBy(x, String, okSaga), shows: 'takeLatestBy(x, String, okSaga)', wrong: ALL_BUT('string', 'array', 'function', 'symbol'), extra: [0, ''] },
  { api: 'takeLeadingBy(pattern, keyOf, worker, ...args)', call: (x) => takeLeadingBy(x, String, okSaga), shows: 'takeLeadingBy(x, String, okSaga)', wrong: ALL_BUT('string', 'array', 'function', 'symbol'), extra: [0, ''] },
  { api: 'use(acquire, release)', call: (x) => use(1, x), shows: 'use(1, x)', wrong: ALL_BUT('function') },
  { api: 'halt(', call: (x) => halt(x), shows: 'halt(x)', wrong: ALL_BUT('array', 'symbol'), extra: [[42]] },
  { api: 'fromAsyncIterable(iterable, buffer?)', call: (x) => fromAsyncIterable(x), shows: 'fromAsyncIterable(x)', wrong: ALL_BUT('string', 'array') },
  { api: 'fromAsyncIterable(iterable, buffer?)', call: (x) => fromAsyncIterable([], x), shows: 'fromAsyncIterable([], x)', wrong: ALL_BUT('undefined', 'number'), extra: [-1, 1.5] },
  { api: 'toAsyncIterable(channel)', call: (x) => toAsyncIterable(x), shows: 'toAsyncIterable(x)', wrong: ALL_BUT() },
  { api: 'createTracer(options)', call: (x) => createTracer(x), shows: 'createTracer(x)', wrong: ALL_BUT('undefined', 'object', 'array') },
  { api: 'tracer.toHTML(options)', call: (x) => createTracer().toHTML(x), shows: 'createTracer().toHTML(x)', wrong: ALL_BUT('undefined', 'object') },
  { api: 'tracer.toHTML(options)', call: (x) => createTracer().toHTML({ title: x }), shows: 'createTracer().toHTML({ title: x })', wrong: ALL_BUT('undefined', 'string') },
  { api: 'toAsyncIterable(channel, options)', call: (x) => toAsyncIterable(stdChannel(), { closeOnReturn: x }), shows: 'toAsyncIterable(stdChannel(), { closeOnReturn: x })', wrong: ALL_BUT('undefined', 'boolean') },
  { api: 'createTracer(options)', call: (x) => createTracer({ maxEffects: x }), shows: 'createTracer({ maxEffects: x })', wrong: ALL_BUT('undefined', 'number'), extra: [-1] },
  // null stands for "not given" (the default clock), as `??` reads it.
  { api: 'createTracer(options)', call: (x) => createTracer({ clock: x }), shows: 'createTracer({ clock: x })', wrong: ALL_BUT('undefined', 'null') },
  { api: 'runSaga(options)', call: (x) => runSaga({ clock: x }, okSaga), shows: 'runSaga({ clock: x }, okSaga)', wrong: ALL_BUT('undefined') },
  { api: 'runSaga(options)', call: (x) => runSaga({ signal: x }, okSaga), shows: 'runSaga({ signal: x }, okSaga)', wrong: ALL_BUT('undefined') },
  // @sagaflow/cancellation
  { api: 'new CancellationTokenSource(options)', call: (x) => new CancellationTokenSource(x), shows: 'new CancellationTokenSource(x)', wrong: ALL_BUT('undefined', 'object', 'array') },
  { api: 'CancellationTokenSource({ parents })', call: (x) => new CancellationTokenSource({ parents: x }), shows: 'new CancellationTokenSource({ parents: x })', wrong: ALL_BUT('undefined', 'array') },
  { api: 'CancellationTokenSource({ parents })', call: (x) => new CancellationTokenSource({ parents: [x] }), shows: 'new CancellationTokenSource({ parents: [x] })', wrong: ALL_BUT() },
  { api: 'CancellationTokenSource({ timeoutMs })', call: (x) => new CancellationTokenSource({ timeoutMs: x }), shows: 'new CancellationTokenSource({ timeoutMs: x })', wrong: ALL_BUT('undefined', 'number'), extra: [-1, NaN] },
  { api: 'CancellationTokenSource({ clock })', call: (x) => new CancellationTokenSource({ clock: x }), shows: 'new CancellationTokenSource({ clock: x })', wrong: ALL_BUT('undefined') },
  { api: 'CancellationTokenSource.cancelAfter(ms)', call: (x) => new CancellationTokenSource().cancelAfter(x), shows: 'new CancellationTokenSource().cancelAfter(x)', wrong: ALL_BUT('number'), extra: [-1, NaN] },
  { api: 'CancellationToken.onCancel(callback)', call: (x) => new CancellationTokenSource().token.onCancel(x), shows: 'new CancellationTokenSource().token.onCancel(x)', wrong: ALL_BUT('function') },
  { api: 'CancellationToken.from(source)', call: (x) => CancellationToken.from(x), shows: 'CancellationToken.from(x)', wrong: ALL_BUT() },
  { api: 'CancellationToken.any(tokens)', call: (x) => CancellationToken.any(x), shows: 'CancellationToken.any(x)', wrong: ALL_BUT('array') },
  { api: 'CancellationToken.any(tokens)', call: (x) => CancellationToken.any([x]), shows: 'CancellationToken.any([x])', wrong: ALL_BUT() },
  { api: 'CancellationToken.timeout(ms)', call: (x) => CancellationToken.timeout(x), shows: 'CancellationToken.timeout(x)', wrong: ALL_BUT('number'), extra: [-1, NaN] },
  { api: 'CancellationToken.timeout(ms, { clock })', call: (x) => CancellationToken.timeout(1, { clock: x }), shows: 'CancellationToken.timeout(1, { clock: x })', wrong: ALL_BUT('undefined', 'null') },
  { api: 'new VirtualClock(startTime)', call: (x) => new VirtualClock(x), shows: 'new VirtualClock(x)', wrong: ALL_BUT('undefined', 'number'), extra: [NaN, Infinity] },
  { api: 'new VirtualClock(startTime, { loopLimit })', call: (x) => new VirtualClock(0, { loopLimit: x }), shows: 'new VirtualClock(0, { loopLimit: x })', wrong: ALL_BUT('undefined', 'null', 'number'), extra: [0, NaN] },
  { api: 'VirtualClock.setTimeout(callback, ms)', call: (x) => new VirtualClock().setTimeout(x, 1), shows: 'new VirtualClock().setTimeout(x, 1)', wrong: ALL_BUT('function') },
  { api: 'VirtualClock.advance(ms)', call: (x) => new VirtualClock().advance(x), shows: 'new VirtualClock().advance(x)', wrong: ALL_BUT('number'), extra: [-1, NaN, Infinity] },
  { api: 'VirtualClock.advanceTo(t)', call: (x) => new VirtualClock().advanceTo(x), shows: 'new VirtualClock().advanceTo(x)', wrong: ALL_BUT('number'), extra: [NaN, Infinity] },
]

/** How a message may show the bad value: as `describeValue` renders it, or as `String(value)`. */
function rendersValue(message: string, value: unknown): boolean {
  if (message.includes(describeValue(value))) return true
  if (typeof value === 'symbol') return message.includes(value.toString())
  return message.includes(String(value))
}

group('bad input to sagaflow-only APIs: an error naming the API and the value', () => {
  for (const { api, call, shows, wrong, extra = [] } of OWN_APIS) {
    const cases: [string, unknown][] = [
      ...KINDS.filter(([kind]) => wrong.includes(kind)).map(([kind, make]) => [kind, make()] as [string, unknown]),
      ...extra.map((value) => [String(value), value] as [string, unknown]),
    ]
    it(`${shows}`, () => {
      for (const [kind, value] of cases) {
        let error: unknown
        try {
          call(value)
        } catch (e) {
          error = e
        }
        expect(error, `${api} with ${kind}: throws`).toBeInstanceOf(Error)
        const message = (error as Error).message
        expect(message, `${api} with ${kind}: names the API`).toContain(api)
        expect(rendersValue(message, value), `${api} with ${kind}: names the value in "${message}"`).toBe(true)
      }
    })
  }
})

group('bad input to sagaflow-only APIs: values a template literal cannot print', () => {
  it('halt(Symbol()) names halt(task), not "Cannot convert a Symbol value to a string"', () => {
    expect(() => halt(SYMBOL as any)).toThrow('halt(task)')
    expect(() => halt(42 as any)).toThrow(TypeError)
    expect(() => halt([42] as any)).toThrow(new TypeError('halt([...tasks]): argument 42 is not a valid Task object\n(HINT: in tests, createMockTask from @sagaflow/testing gives a Task you can halt)'))
  })

  it('halt(x) of an object String cannot convert names halt(task), not "Cannot convert object to primitive value"', () => {
    const hint = '\n(HINT: in tests, createMockTask from @sagaflow/testing gives a Task you can halt)'
    expect(() => halt(Object.create(null))).toThrow(new TypeError(`halt(task): argument {…} (object) is not a valid Task object${hint}`))
    const throwingToString = { toString: () => { throw new Error('toString') } }
    expect(() => halt([throwingToString] as any)).toThrow(new TypeError(`halt([...tasks]): argument {…} (object) is not a valid Task object${hint}`))
  })

  it('takeLatestBy / takeLeadingBy with a pattern object without a prototype name the helper, not "Cannot convert object to primitive value" when it runs', () => {
    for (const [helper, api] of [[takeLatestBy, 'takeLatestBy'], [takeLeadingBy, 'takeLeadingBy']] as const) {
      expect(() => helper(Object.create(null), String, okSaga)).toThrow(
        new TypeError(`${api}(pattern, keyOf, worker, ...args): pattern must be a pattern or a channel, got {…} (object)`),
      )
    }
  })
})

// ---- 3. yielded values the runtime does not know ----

const ODD_YIELDS: readonly (readonly [string, (lib: Lib) => unknown])[] = [
  ['a symbol', () => Symbol.for('odd')],
  ['a bigint', () => 42n],
  ['an Error instance', () => new Error('yielded, not thrown')],
  ['a frozen object', () => Object.freeze({ frozen: true })],
  ['an object without prototype', () => Object.assign(Object.create(null), { bare: true })],
  ['a Map', () => new Map([[1, 2]])],
  ['a function', () => function notCalled() {}],
  ['a generator function (not called)', () => function* notStarted() {}],
  ['an object whose then is not a function', () => ({ then: 5 })],
  ['an object with next but no throw', () => ({ next: () => ({ done: true }) })],
  ['an END action', (lib) => lib.END],
  ['a Task', (lib) => lib.runSaga({}, function* () {})],
  ['a channel', (lib) => lib.channel()],
]

group('a yielded value the runtime does not know resumes the saga as in the reference', () => {
  for (const [what, make] of ODD_YIELDS) {
    it(`yield ${what}`, async () => {
      await expectSame(async (lib) => {
        const log: unknown[] = []
        const value = make(lib)
        const task = lib.runSaga({ onError: (e: Error) => log.push(['onError', e.message]) }, function* (): Generator<unknown, string, unknown> {
          try {
            const back = yield value
            log.push(['resumed', back === value ? 'with the same value' : describe(back)])
          } catch (error) {
            log.push(['caught', (error as Error).message])
          }
          return 'done'
        })
        await Promise.resolve()
        log.push(['task', task.isRunning(), task.isAborted(), task.result()])
        return log
      })
    })
  }
})

group('an effect object of a type no runner knows', () => {
  // The reference crashes on its own lookup ("effectRunner is not a function"); sagaflow aborts
  // the saga the same way (a TypeError to onError, not catchable around the yield, as any runner
  // failure, reference 3.2) but says which type it did not know.
  for (const [what, effect] of [
    ['of unknown type', { '@@redux-saga/IO': true, combinator: false, type: 'NOPE', payload: {} }],
    ['without a type', { '@@redux-saga/IO': true }],
  ] as const) {
    it(`yield an effect-looking object ${what}: the saga aborts with a TypeError, as in the reference`, async () => {
      const { reference: ref, sagaflow: ours } = await both(async (lib) => {
        const log: unknown[] = []
        const task = lib.runSaga({ onError: (e: Error) => log.push(['onError', e.name]) }, function* () {
          try {
            yield effect
          } catch (error) {
            log.push(['caught', (error as Error).name])
          }
        })
        await Promise.resolve()
        log.push(['task', task.isRunning(), task.isAborted()], ['message', (task.error() as Error).message])
        return log
      })
      expect(ours.slice(0, -1)).toEqual(ref.slice(0, -1))
      expect(ref.at(-1)).toEqual(['message', 'effectRunner is not a function'])
      expect(ours.at(-1)).toEqual(['message', `sagaflow: no runner for effect type ${JSON.stringify((effect as unknown as { type?: string }).type)}; yield effects built by @sagaflow/core's creators`])
    })
  }
})

// ---- 4. throwing user code around the runtime ----

/** A saga that puts, takes, forks, selects and waits: proves the runtime still works. */
async function probe(lib: Lib): Promise<unknown> {
  const { put, take, fork, select, call, all } = lib.effects
  const channel = lib.stdChannel()
  const dispatch = (action: any) => channel.put(action)
  const task = lib.runSaga({ channel, dispatch, getState: () => 7 }, function* probeSaga(): Generator<unknown, unknown, any> {
    const child = yield fork(function* (): Generator<unknown, unknown, unknown> {
      return yield take('PING')
    })
    yield put({ type: 'PING' })
    const [state, value] = yield all([select((s: number) => s), call(() => Promise.resolve('async'))])
    return { taken: child.result(), state, value }
  })
  return task.toPromise()
}

const EXPECTED_PROBE = { taken: { type: 'PING' }, state: 7, value: 'async' }

group('throwing user code is reported and does not wedge the runtime', () => {
  it('a throwing reducer: the error is thrown into the putting saga, later puts still work', async () => {
    await expectSame(async (lib) => {
      const log: unknown[] = []
      const middleware = lib.createSagaMiddleware({ onError: (e: Error) => log.push(['onError', e.message]) })
      const store = createStore((state: number = 0, action: { type: string }) => {
        if (action.type === 'BOOM') throw new Error('reducer failed')
        return action.type === 'INC' ? state + 1 : state
      }, applyMiddleware(middleware))
      const { put, select, take } = lib.effects
      middleware.run(function* (): Generator<unknown, void, unknown> {
        try {
          yield put({ type: 'BOOM' })
        } catch (error) {
          log.push(['caught', (error as Error).message])
        }
        yield put({ type: 'INC' })
        log.push(['state', yield select()])
        yield take('LATER')
        log.push('took LATER')
      })
      try {
        store.dispatch({ type: 'BOOM' })
      } catch (error) {
        log.push(['dispatch threw', (error as Error).message])
      }
      store.dispatch({ type: 'LATER' })
      log.push(['probe', await probe(lib)])
      return log
    })
  })

  it('a throwing selector: the error is thrown into the saga, which goes on', async () => {
    await expectSame(async (lib) => {
      const log: unknown[] = []
      const { select } = lib.effects
      const task = lib.runSaga({ getState: () => ({}), onError: (e: Error) => log.push(['onError', e.message]) }, function* () {
        try {
          yield select(() => {
            throw new Error('selector failed')
          })
        } catch (error) {
          log.push(['caught', (error as Error).message])
        }
        yield select(() => {
          throw new Error('uncaught selector error')
        })
      })
      await task.toPromise().catch(() => {})
      log.push(['aborted', task.isAborted()], ['probe', await probe(lib)])
      return log
    })
  })

  for (const hook of ['rootSagaStarted', 'effectTriggered', 'effectResolved', 'effectRejected', 'effectCancelled', 'actionDispatched']) {
    it(`a SagaMonitor whose ${hook} throws: reported as the reference does, later sagas run`, async () => {
      const observed = await expectSame(async (lib) => {
        const log: unknown[] = []
        const sagaMonitor = {
          [hook]: () => {
            throw new Error(`${hook} failed`)
          },
        }
        const middleware = lib.createSagaMiddleware({ sagaMonitor, onError: (e: Error) => log.push(['onError', e.message]) })
        const store = createStore((s: unknown = {}) => s, applyMiddleware(middleware))
        const { call, race, take, delay, put } = lib.effects
        try {
          const task = middleware.run(function* monitored() {
            try {
              yield call(() => {
                throw new Error('rejected effect')
              })
            } catch (error) {
              log.push(['caught', (error as Error).message])
            }
            yield race({ a: take('GO'), b: delay(1000) })
            yield put({ type: 'PUT' })
            return 'ended'
          })
          try {
            store.dispatch({ type: 'GO' })
          } catch (error) {
            log.push(['dispatch threw', (error as Error).message])
          }
          await Promise.resolve()
          log.push(['task', task.isRunning(), task.isAborted(), task.result(), (task.error() as Error | undefined)?.message])
          if (task.isRunning()) task.cancel()
        } catch (error) {
          log.push(['run threw', (error as Error).message])
        }
        log.push(['probe', await probe(lib)])
        return log
      })
      expect(observed.at(-1)).toEqual(['probe', EXPECTED_PROBE])
    })
  }

  it('a throwing effect middleware: reported as the reference does, later sagas run', async () => {
    const observed = await expectSame(async (lib) => {
      const log: unknown[] = []
      let calls = 0
      const effectMiddlewares = [
        (next: (effect: unknown) => void) => (effect: unknown) => {
          if (++calls === 2) throw new Error('middleware failed')
          next(effect)
        },
      ]
      const { call } = lib.effects
      try {
        const task = lib.runSaga({ effectMiddlewares, onError: (e: Error) => log.push(['onError', e.message]) }, function* () {
          yield call(() => 1)
          try {
            yield call(() => 2)
          } catch (error) {
            log.push(['caught', (error as Error).message])
          }
          yield call(() => 3)
          return 'ended'
        })
        log.push(['task', task.isRunning(), task.isAborted(), task.result()])
      } catch (error) {
        log.push(['run threw', (error as Error).message])
      }
      log.push(['probe', await probe(lib)])
      return log
    })
    expect(observed.at(-1)).toEqual(['probe', EXPECTED_PROBE])
  })

  it('a throwing onError: the error escapes to whoever ran the saga, later sagas run', async () => {
    const observed = await expectSame(async (lib) => {
      const log: unknown[] = []
      try {
        lib.runSaga(
          {
            onError: () => {
              throw new Error('onError failed')
            },
          },
          function* () {
            throw new Error('saga failed')
          },
        )
      } catch (error) {
        log.push(['run threw', (error as Error).message])
      }
      log.push(['probe', await probe(lib)])
      return log
    })
    expect(observed.at(-1)).toEqual(['probe', EXPECTED_PROBE])
  })
})

// Keep stdChannel referenced for readers looking for the default channel of the probe.
void stdChannel
