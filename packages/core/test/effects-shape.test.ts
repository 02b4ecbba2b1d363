/*
 * Effects are plain data (reference §1.3): tests and monitors compare them with `toEqual`, so every
 * creator must build the same `{ '@@redux-saga/IO': true, combinator, type, payload }` as the
 * reference. Differential against redux-saga 1.5.1.
 */
import { describe, expect, it } from 'vitest'
import { call as sfCall, put as sfPut } from '@sagaflow/core/effects'
import { expectSame, type Lib } from './support/differential.js'

const user = {
  fn: function userFn(a: number) {
    return a
  },
  obj: {
    method() {
      return 1
    },
  },
  gen: function* userSaga() {},
  selector: (s: any) => s,
  pred: (a: any) => !!a,
}

/** Library-internal functions (delayP, helper sagas) are compared by normalised name; user values by identity. */
function plain(value: any): unknown {
  if (typeof value === 'function') {
    if (Object.values(user).includes(value) || value === user.obj.method) return value
    return `internal:${value.name.replace(/\$\d+$/, '').replace(/Helper$/, '')}`
  }
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(plain)
  if (value['@@redux-saga/TASK'] || typeof value.take === 'function') return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) out[key] = plain(value[key])
  return out
}

function creations(lib: Lib, chan: unknown, task: unknown, buffer: unknown) {
  const e = lib.effects
  return {
    take: [e.take(), e.take('A'), e.take(['A', user.pred]), e.take(chan), e.takeMaybe('A'), e.takeMaybe(chan)],
    put: [e.put({ type: 'A' }), e.put(chan, 1), e.putResolve({ type: 'A' }), e.putResolve(chan, 1)],
    call: [
      e.call(user.fn, 1),
      e.call([user.obj, user.obj.method]),
      e.call([user.obj, 'method']),
      e.call({ context: user.obj, fn: user.obj.method }),
      e.call({ context: user.obj, fn: 'method' }),
      e.apply(user.obj, user.obj.method, [1, 2]),
      e.apply(user.obj, 'method'),
    ],
    cps: [e.cps(user.fn, 1), e.cps([user.obj, 'method'])],
    fork: [e.fork(user.gen, 1), e.spawn(user.gen, 2), lib.detach(e.fork(user.gen))],
    join: [e.join(task), e.join([task, task])],
    cancel: [e.cancel(task), e.cancel([task]), e.cancel()],
    cancelled: [e.cancelled()],
    select: [e.select(), e.select(user.selector, 1, 2)],
    actionChannel: [e.actionChannel('A'), e.actionChannel('A', buffer)],
    flush: [e.flush(chan)],
    context: [e.getContext('a'), e.setContext({ a: 1 })],
    delay: [e.delay(10), e.delay(10, 'v')],
    combinators: [e.all([e.take('A'), e.call(user.fn, 1)]), e.all({ a: e.take('A') }), e.race([e.take('A')]), e.race({ b: e.delay(1) })],
    helpers: [
      e.takeEvery('A', user.gen, 1),
      e.takeLatest('A', user.gen),
      e.takeLeading(chan, user.gen),
      e.throttle(5, 'A', user.gen),
      e.debounce(5, 'A', user.gen),
      e.retry(3, 10, user.fn, 1),
    ],
    effectTypes: e.effectTypes,
  }
}

describe('effect creators', () => {
  it('build the same plain data as the reference', async () => {
    const chan = { take() {}, close() {}, put() {}, flush() {} }
    const task = { '@@redux-saga/TASK': true }
    const buffer = { isEmpty: () => true, put() {}, take() {} }
    await expectSame((lib) => plain(creations(lib, chan, task, buffer)))
  })

  it('deep-equal, even strictly, their plain-object form', () => {
    expect(sfCall(user.fn, 1)).toStrictEqual({ '@@redux-saga/IO': true, combinator: false, type: 'CALL', payload: { context: null, fn: user.fn, args: [1] } })
    expect(sfPut({ type: 'A' })).toEqual({ '@@redux-saga/IO': true, combinator: false, type: 'PUT', payload: { channel: undefined, action: { type: 'A' } } })
    expect(Object.keys(sfCall(user.fn, 2))).toEqual(['@@redux-saga/IO', 'combinator', 'type', 'payload'])
  })

  it('are equal when built twice from the same arguments, and running one twice runs it twice', async () => {
    await expectSame(async (lib) => {
      const { call, put } = lib.effects
      expect(call(user.fn, 1)).toEqual(call(user.fn, 1))
      expect(put({ type: 'A' })).toEqual(put({ type: 'A' }))
      let count = 0
      const effect = call(() => ++count)
      await lib.runSaga({}, function* () {
        yield effect
        yield effect
      }).toPromise()
      return count
    })
  })
})
