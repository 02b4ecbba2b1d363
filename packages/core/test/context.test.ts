/*
 * `getContext` / `setContext` and task contexts (reference §3.10): each task's context inherits
 * from its parent's; children see values set before they were forked, parents never see the
 * children's. Differential against redux-saga 1.5.1.
 */
import { describe, it } from 'vitest'
import { expectBoth, reduxStore } from './support/differential.js'

describe('context', () => {
  it('is scoped dynamically: forks inherit, parents never see what children set', async () => {
    await expectBoth(async (lib) => {
      const { fork, getContext, setContext } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { context: { a: 1 } } })
      const seen: unknown[] = []
      function* saga(): Generator<any, void, any> {
        seen.push(yield getContext('a'))
        yield setContext({ b: 2 })
        yield fork(function* (): Generator<any, void, any> {
          seen.push(yield getContext('a'))
          seen.push(yield getContext('b'))
          yield setContext({ c: 3 })
          seen.push(yield getContext('c'))
        })
        seen.push(yield getContext('c'))
      }
      await middleware.run(saga).toPromise()
      return seen
    }, [1, 1, 2, 3, undefined])
  })

  it('gives a called sub-saga a child context of its caller', async () => {
    await expectBoth(async (lib) => {
      const { call, getContext, setContext } = lib.effects
      const { middleware } = reduxStore(lib, undefined, { sagaOptions: { context: { a: 1 } } })
      const seen: unknown[] = []
      function* child(): Generator<any, void, any> {
        seen.push(yield getContext('b'))
        yield setContext({ a: 'child' })
        seen.push(yield getContext('a'))
      }
      function* saga(): Generator<any, void, any> {
        yield setContext({ b: 2 })
        yield call(child)
        seen.push(yield getContext('a'))
      }
      await middleware.run(saga).toPromise()
      return seen
    }, [2, 'child', 1])
  })

  it('merges symbol keys too, from middleware.setContext and setContext()', async () => {
    await expectBoth(async (lib) => {
      const { getContext, setContext } = lib.effects
      const key = Symbol('key')
      const other = Symbol('other')
      const { middleware } = reduxStore(lib)
      middleware.setContext({ [key]: 'from middleware' })
      function* saga(): Generator<any, unknown, any> {
        yield setContext({ [other]: 'from saga', plain: 'plain' })
        return yield getContext('plain')
      }
      const task = middleware.run(saga)
      return [await task.toPromise(), task.context[key], task.context[other]]
    }, ['plain', 'from middleware', 'from saga'])
  })

  it('lets the task object set its context', async () => {
    await expectBoth(async (lib) => {
      const { getContext } = lib.effects
      const { middleware } = reduxStore(lib)
      function* saga(): Generator<any, unknown, any> {
        yield Promise.resolve()
        return yield getContext('late')
      }
      const task = middleware.run(saga)
      task.setContext({ late: 'set on the task' })
      return task.toPromise()
    }, 'set on the task')
  })
})
