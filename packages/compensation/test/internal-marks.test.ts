/*
 * The marks that let tools (`@sagaflow/testing`'s expectSaga) tell the effects this package
 * yields for its own bookkeeping from the user's, without importing it (see
 * src/internal/marks.ts): a non-enumerable registered symbol on effects and functions, and
 * context keys under '@@sagaflow/compensation/'.
 */
import { describe, expect, it } from 'vitest'
import { defineStep, transaction } from '@sagaflow/compensation'
import { call, effectTypes, put, type Effect } from '@sagaflow/core'
import { quiesce, start } from './support.js'

const INTERNAL = Symbol.for('@@sagaflow/internal')
const api = {
  reserve: (to: string) => ({ to }),
  release: (_r: unknown) => undefined,
  sendMail: (to: string) => `sent to ${to}`,
  sendSorry: (_to: string) => undefined,
}

/** The protocol as a tool reads it (the same rules as @sagaflow/testing's package-effects.ts). */
function isInternal(effect: Effect, internalTasks: WeakSet<object>): boolean {
  const marked = (value: unknown) => value != null && (value as Record<symbol, unknown>)[INTERNAL] === true
  const payload = effect.payload as any
  if (marked(effect)) return true
  if (effect.type === effectTypes.CALL || effect.type === effectTypes.FORK || effect.type === effectTypes.CPS) return marked(payload.fn)
  if (effect.type === effectTypes.GET_CONTEXT) return String(payload).startsWith('@@sagaflow/compensation/')
  if (effect.type === effectTypes.SET_CONTEXT) return Object.keys(payload).every((key) => key.startsWith('@@sagaflow/compensation/'))
  if (effect.type === effectTypes.JOIN) return internalTasks.has(payload)
  return false
}

const reserve = defineStep('reserve', {
  run: function* (to: string) {
    return yield* call(api.reserve, to)
  },
  compensate: function* (r: unknown) {
    yield* call(api.release, r)
  },
})

describe('internal marks', () => {
  it('are non-enumerable: marked effects still deep-equal the plain effect objects', () => {
    const effect = transaction('trip', function* () {})
    expect((effect as unknown as Record<symbol, unknown>)[INTERNAL]).toBe(true)
    expect(Object.prototype.propertyIsEnumerable.call(effect, INTERNAL)).toBe(false)
    const plain = { '@@redux-saga/IO': true, combinator: false, type: 'CALL', payload: { ...(effect.payload as object) } }
    expect(effect).toEqual(plain)
    expect(effect).toStrictEqual(plain)
    expect(plain).toStrictEqual(effect)
    expect((effect.payload as unknown as { fn: Record<symbol, unknown> }).fn[INTERNAL]).toBe(true)
  })

  it('leave exactly the user’s effects unmarked in a run with steps, an effect operation with a timeout and a rollback', async () => {
    const seen: Effect[] = []
    const forks = new Map<number, Effect>()
    const internalTasks = new WeakSet<object>()
    const unmarked: Effect[] = []
    const monitor = {
      effectTriggered: ({ effectId, effect }: { effectId: number; effect: Effect }) => {
        if (!effect || (effect as any)['@@redux-saga/IO'] !== true) return
        seen.push(effect)
        if (effect.type === effectTypes.FORK) forks.set(effectId, effect)
        if (!isInternal(effect, internalTasks)) unmarked.push(effect)
      },
      effectResolved: (effectId: number, result: unknown) => {
        const fork = forks.get(effectId)
        if (fork && isInternal(fork, internalTasks)) internalTasks.add(result as object)
      },
    }
    const sorry = call(api.sendSorry, 'ada')
    const mail = call(api.sendMail, 'ada')
    function* saga() {
      try {
        yield* transaction('trip', function* (tx) {
          yield* tx.run(reserve, 'B')
          yield* tx.step('notify', mail, { compensate: () => sorry, timeoutMs: 100 })
          yield* put({ type: 'BOOKED' })
          throw new Error('no car')
        })
      } catch {
        // rolled back
      }
    }
    const { task, clock } = start(saga, { sagaMonitor: monitor as any })
    await quiesce(clock)
    expect(task.isRunning()).toBe(false)
    // The effect-returning compensation's call is marked once it returned its effect: classify again.
    const user = seen.filter((effect) => !isInternal(effect, internalTasks))
    expect(user).toEqual([call(api.reserve, 'B'), mail, put({ type: 'BOOKED' }), sorry, call(api.release, { to: 'B' })])
    expect(user[1]).toBe(mail)
    expect(user[3]).toBe(sorry)
    // While the run goes on, the call of `compensate` is not marked yet (it is once it returned its effect).
    expect(unmarked).toContainEqual(expect.objectContaining({ type: 'CALL', payload: expect.objectContaining({ args: ['sent to ada', expect.anything()] }) }))
  })
})
