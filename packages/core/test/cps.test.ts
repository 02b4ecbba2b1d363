/*
 * `cps` (reference §3.7): Node-style callbacks, synchronous throws, and the callback's `cancel`.
 * Differential against redux-saga 1.5.1.
 */
import { describe, it } from 'vitest'
import { expectBoth, reduxStore, typeLoggingStore } from './support/differential.js'


describe('cps()', () => {
  it('throws the callback error into the saga', async () => {
    await expectBoth(async (lib) => {
      const { cps } = lib.effects
      const { middleware } = reduxStore(lib)
      const seen: string[] = []
      function* saga(): Generator<any, void, any> {
        try {
          yield cps((cb: (err: unknown) => void) => {
            seen.push('call 1')
            cb('err')
          })
          seen.push('call 2')
        } catch (error) {
          seen.push(`call ${error}`)
        }
      }
      await middleware.run(saga).toPromise()
      return seen
    }, ['call 1', 'call err'])
  })

  it('resumes with the callback result, with the context and arguments given', async () => {
    await expectBoth(async (lib) => {
      const { cps } = lib.effects
      const { middleware } = reduxStore(lib)
      const ctx = {
        base: 10,
        add(this: { base: number }, a: number, cb: (err: null, res: number) => void) {
          setTimeout(() => cb(null, this.base + a), 1)
        },
      }
      function* saga(): Generator<any, unknown, any> {
        return [yield cps([ctx, ctx.add], 1), yield cps([ctx, 'add'], 2), yield cps({ context: ctx, fn: ctx.add }, 3)]
      }
      return middleware.run(saga).toPromise()
    }, [11, 12, 13])
  })

  it('throws a synchronous throw of the cps function into the saga', async () => {
    await expectBoth(async (lib) => {
      const { call, cps, put } = lib.effects
      const { middleware, types } = typeLoggingStore(lib)
      function* child(): Generator<any, void, any> {
        try {
          yield put({ type: 'startChild' })
          yield cps(() => {
            throw new Error('child error')
          })
          yield put({ type: 'success child' })
        } catch {
          yield put({ type: 'failure child' })
        }
      }
      function* parent(): Generator<any, void, any> {
        try {
          yield put({ type: 'start parent' })
          yield call(child)
          yield put({ type: 'success parent' })
        } catch {
          yield put({ type: 'failure parent' })
        }
      }
      await middleware.run(parent).toPromise()
      return types
    }, ['start parent', 'startChild', 'failure child', 'success parent'])
  })

  it('calls the cancel function the cps function set on its callback when the effect is cancelled', async () => {
    await expectBoth(async (lib) => {
      const { cancel, cps, fork } = lib.effects
      const { middleware } = reduxStore(lib)
      let cancelled = false
      const cpsFn = (cb: { cancel?: () => void }) => {
        cb.cancel = () => {
          cancelled = true
        }
      }
      function* saga(): Generator<any, void, any> {
        const task = yield fork(function* () {
          yield cps(cpsFn)
        })
        yield cancel(task)
      }
      await middleware.run(saga).toPromise()
      return cancelled
    }, true)
  })
})
