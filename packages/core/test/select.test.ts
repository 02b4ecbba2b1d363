/*
 * `select` (reference §1.2): the store state through a selector, with extra arguments.
 * Differential against redux-saga 1.5.1.
 */
import { describe, it } from 'vitest'
import { deferred, expectBoth, reduxStore } from './support/differential.js'

describe('select()', () => {
  it('resumes with the whole state or a selector of it, and sees later state changes', async () => {
    await expectBoth(async (lib) => {
      const { select } = lib.effects
      const def = deferred()
      const { store, middleware } = reduxStore(
        lib,
        (state: any, action: any) => (action.type === 'inc' ? { ...state, counter: state.counter + 1 } : state),
        { preloadedState: { counter: 0, arr: [1, 2] } },
      )
      const counterSelector = (s: any) => s.counter
      const arrSelector = (s: any, idx: number) => s.arr[idx]
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        seen.push((yield select()).counter)
        seen.push(yield select(counterSelector))
        seen.push(yield select(arrSelector, 1))
        yield def.promise
        seen.push((yield select()).counter)
        seen.push(yield select(counterSelector))
      }
      const task = middleware.run(saga)
      await Promise.resolve().then(() => {
        def.resolve()
        store.dispatch({ type: 'inc' })
      })
      await task.toPromise()
      return seen
    }, [0, 0, 2, 1, 1])
  })

  it('throws an error of the selector into the saga', async () => {
    await expectBoth(async (lib) => {
      const { select } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        try {
          yield select(() => {
            throw new Error('selector failed')
          })
          return 'no error'
        } catch (error) {
          return (error as Error).message
        }
      }
      return middleware.run(saga).toPromise()
    }, 'selector failed')
  })

  it('sees the state reduced from an action right after taking it', async () => {
    await expectBoth(async (lib) => {
      const { select, take } = lib.effects
      const { store, middleware } = reduxStore(lib, (_state: unknown, action: any) => action.type)
      function* saga(): Generator<any, unknown, any> {
        yield take('SET')
        return yield select()
      }
      const task = middleware.run(saga)
      store.dispatch({ type: 'SET' })
      return task.toPromise()
    }, 'SET')
  })
})
