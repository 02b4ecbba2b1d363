import { describe, expect, it } from 'vitest'
import { actionChannel, all, apply, call, cancel, cancelled, channel, delay, flush, fork, join, put, putResolve, race, select, setContext, take, takeMaybe, type Task } from '@sagaflow/core'
import { expectSaga, matchers, SagaTestError } from '@sagaflow/testing'

const api = {
  save: (draft: { id: number; text: string }) => ({ ...draft, saved: true }),
  audit: (event: string) => event,
}
const selectDraft = (state: { draft: { id: number; text: string } }) => state.draft
function* notify() {}

function* saveDraft() {
  const draft: { id: number; text: string } = yield select(selectDraft)
  yield put({ type: 'SAVING', id: draft.id })
  const saved: unknown = yield call(api.save, draft)
  yield call(api.audit, 'saved')
  yield fork(notify)
  yield put({ type: 'SAVED', draft: saved, at: 'now' })
}
const state = { draft: { id: 1, text: 'hi' } }
const run = () => expectSaga(saveDraft).withState(state)

async function failure(promise: Promise<unknown>): Promise<SagaTestError> {
  const error = await promise.then(
    () => {
      throw new Error('expected run() to reject')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SagaTestError)
  return error as SagaTestError
}

describe('expectSaga(): effect assertions', () => {
  it('holds when some effect of the run deep-equals the asserted one', async () => {
    await run()
      .select(selectDraft)
      .put({ type: 'SAVING', id: 1 })
      .call(api.save, { id: 1, text: 'hi' })
      .fork(notify)
      .effect(call(api.audit, 'saved'))
      .run()
  })

  it('matches partially with .like(), .fn(), .actionType() and .selector()', async () => {
    await run()
      .put.like({ action: { type: 'SAVED', draft: { saved: true } } })
      .put.actionType('SAVING')
      .call.fn(api.save)
      .call.like({ fn: api.audit, args: ['saved'] })
      .fork.fn(notify)
      .select.selector(selectDraft)
      .effect(matchers.call.fn(api.audit))
      .effect((effect: any) => effect.type === 'PUT' && effect.payload.action.at === 'now')
      .run()
  })

  it('matches arrays in .like(): elements found in any order, more allowed (what redux-saga-test-plan accepts, and more)', async () => {
    const reserve = (seat: { id: number }, token: string, retries: number) => [seat, token, retries]
    function* book() {
      yield call(reserve, { id: 1 }, 'token', 3)
      yield put({ type: 'BOOKED', seats: [{ id: 1, row: 'A' }, { id: 2, row: 'B' }] })
    }
    await expectSaga(book)
      .call.like({ fn: reserve, args: [{ id: 1 }] })
      .call.like({ fn: reserve, args: ['token', { id: 1 }] })
      .put.like({ action: { seats: [{ id: 2 }, { row: 'A' }] } })
      .put.like({ action: { seats: [] } })
      .run()
    // Each expected element needs an element of its own, and every one must be found.
    const missed = await failure(
      expectSaga(book)
        .call.like({ fn: reserve, args: ['token', 'token'] })
        .put.like({ action: { seats: [{ id: 3 }] } })
        .call.like({ fn: reserve, args: [{ id: 1 }, { id: 1 }] })
        .run(),
    )
    expect(missed.message).toContain('3 of 3 assertions failed')
    // A pairing is found whenever one exists: {} (any seat) does not keep the first seat, which
    // { id: 1 } alone can match (a greedy pairing, lodash isMatch's, failed here).
    await expectSaga(book)
      .put.like({ action: { seats: [{}, { id: 1 }] } })
      .put.like({ action: { seats: [{}, { row: 'A' }] } })
      .run()
    // A provider given with a partial argument list applies.
    const { returnValue } = await expectSaga(function* () {
      return yield call(reserve, { id: 1 }, 'token', 3)
    })
      .provide([[matchers.call.like({ fn: reserve, args: [{ id: 1 }] }), 'provided']])
      .run()
    expect(returnValue).toBe('provided')
  })

  it('has matcher builders for every reference effect redux-saga-test-plan has them for', async () => {
    const box = channel<string>()
    const obj = { greet: (name: string) => `hi ${name}` }
    function* child() {
      return 'child done'
    }
    function* saga() {
      yield putResolve({ type: 'RESOLVED', id: 1 })
      yield takeMaybe('MAYBE')
      yield apply(obj, obj.greet, ['ada'])
      const task: Task = yield fork(child)
      yield join(task)
      yield cancel(task)
      yield cancelled()
      yield flush(box)
      yield actionChannel('QUEUE')
      yield setContext({ user: 'ada' })
    }
    await expectSaga(saga)
      .dispatch({ type: 'MAYBE' })
      .effect(matchers.putResolve.actionType('RESOLVED'))
      .effect(matchers.putResolve.like({ action: { id: 1 } }))
      .effect(matchers.putResolve({ type: 'RESOLVED', id: 1 }))
      .effect(matchers.takeMaybe('MAYBE'))
      .effect(matchers.takeMaybe.like({ pattern: 'MAYBE' }))
      .effect(matchers.apply(obj, obj.greet, ['ada']))
      .effect(matchers.apply.fn(obj.greet))
      .effect(matchers.apply.like({ context: obj }))
      .effect(matchers.join.like({}))
      .effect(matchers.cancel.like({}))
      .effect(matchers.cancelled())
      .effect(matchers.flush(box))
      .effect(matchers.actionChannel('QUEUE'))
      .effect(matchers.actionChannel.like({ pattern: 'QUEUE' }))
      .effect(matchers.setContext({ user: 'ada' }))
      .not.effect(matchers.putResolve.actionType('OTHER'))
      .not.effect(matchers.takeMaybe('OTHER'))
      .not.effect(matchers.put.actionType('RESOLVED'))
      .run({ requireDone: true })
    // They designate effects for providers too.
    const { returnValue } = await expectSaga(function* () {
      const wasCancelled: boolean = yield cancelled()
      const flushed: unknown = yield flush(box)
      return [wasCancelled, flushed]
    })
      .provide([
        [matchers.cancelled(), true],
        [matchers.flush(box), ['provided']],
      ])
      .run()
    expect(returnValue).toEqual([true, ['provided']])
  })

  it('accepts asymmetric matchers inside asserted values', async () => {
    await run()
      .put({ type: 'SAVED', draft: expect.objectContaining({ saved: true }), at: expect.any(String) })
      .run()
  })

  it('rejects, listing every missing effect with the effects of that kind the saga did yield', async () => {
    const error = await failure(run().put({ type: 'SAVED' }).call(api.save, { id: 2, text: 'hi' }).put({ type: 'SAVING', id: 1 }).run())
    expect(error.message).toContain('expectSaga(saveDraft): 2 of 3 assertions failed')
    expect(error.message).toContain("✗ put({ type: 'SAVED' }) was never yielded\n      put effects yielded: put({ type: 'SAVING', id: 1 }), put({ type: 'SAVED', draft: { id: 1, text: 'hi', saved: true }, at: 'now' })")
    expect(error.message).toContain("✗ call(save, { id: 2, text: 'hi' }) was never yielded\n      call effects yielded: call(save, { id: 1, text: 'hi' }), call(audit, 'saved')")
    expect(error.message).toContain('Trace:')
    expect(error.result).toMatchObject({ returnValue: undefined })
    // Readable, but not listed when the error is printed (it holds live tasks).
    expect(Object.keys(error)).not.toContain('result')
  })

  it('points to the effects of a sibling kind when an assertion misses (put and putResolve)', async () => {
    function* saga() {
      yield putResolve({ type: 'SAVED' })
    }
    const error = await failure(expectSaga(saga).put({ type: 'SAVED' }).run())
    expect(error.message).toContain("✗ put({ type: 'SAVED' }) was never yielded\n      put effects yielded: none\n      putResolve effects yielded (a kind of their own): putResolve({ type: 'SAVED' })")
  })

  it('checks negated assertions: no such effect may be yielded', async () => {
    await run().not.put({ type: 'DELETED' }).not.call.fn(api.audit.bind(null)).not.spawn(notify).run()
    const error = await failure(run().not.call.fn(api.audit).not.put.actionType('SAVING').run())
    expect(error.message).toContain("✗ not.call.fn(audit): the saga yielded call(audit, 'saved')")
    expect(error.message).toContain("✗ not.put.actionType('SAVING'): the saga yielded put({ type: 'SAVING', id: 1 })")
  })

  it('checks the order of the assertions with inOrder()', async () => {
    await run().inOrder().select(selectDraft).put.actionType('SAVING').call.fn(api.save).put.actionType('SAVED').run()
    const error = await failure(run().inOrder().put.actionType('SAVED').put.actionType('SAVING').run())
    expect(error.message).toContain("✗ put.actionType('SAVING') was yielded, but not after put.actionType('SAVED') (inOrder())")
  })

  it('allows no other effect of the asserted kinds with exactly()', async () => {
    await run().exactly().put.actionType('SAVED').put({ type: 'SAVING', id: 1 }).run()
    const error = await failure(run().exactly().put.actionType('SAVED').call.fn(api.save).run())
    expect(error.message).toContain("✗ exactly(): unexpected put effect: put({ type: 'SAVING', id: 1 })")
    expect(error.message).toContain("✗ exactly(): unexpected call effect: call(audit, 'saved')")
    expect(error.message).not.toContain('unexpected select')
  })

  it('fails exactly() with an assertion of no effect kind (a predicate), which it could not check', async () => {
    const error = await failure(run().exactly().put.actionType('SAVED').effect((effect: any) => effect.type === 'CALL').run())
    expect(error.message).toContain('✗ exactly(): ')
    expect(error.message).toContain('matches effects of any kind, so exactly() cannot tell which others are unexpected; assert it with an effect or a matchers.<kind> matcher')
  })

  it('pairs each assertion with its own effect under exactly(), whatever the writing order', async () => {
    function* twoPuts() {
      yield put({ type: 'A', n: 1 })
      yield put({ type: 'A', n: 2 })
    }
    await expectSaga(twoPuts).exactly().put.actionType('A').put({ type: 'A', n: 1 }).run()
    const error = await failure(expectSaga(twoPuts).exactly().put({ type: 'A', n: 1 }).put({ type: 'A', n: 1 }).run())
    expect(error.message).toContain("unexpected put effect: put({ type: 'A', n: 2 })")
    expect(error.message).toContain("exactly(): put({ type: 'A', n: 1 }) needs an effect of its own")
  })

  it('checks exactly() with inOrder() as the exact ordered list of each asserted kind', async () => {
    function* twoPuts() {
      yield put({ type: 'A' })
      yield delay(10)
      yield put({ type: 'B' })
    }
    await expectSaga(twoPuts).inOrder().exactly().put({ type: 'A' }).put({ type: 'B' }).run()
    const error = await failure(expectSaga(twoPuts).inOrder().exactly().put({ type: 'A' }).run())
    expect(error.message).toContain("exactly(): the put effects, in order, were [put({ type: 'A' }), put({ type: 'B' })], expected [put({ type: 'A' })]")
  })

  it('asserts take, race and all effects', async () => {
    function* saga() {
      yield take('GO')
      yield race({ stop: take('STOP'), timeout: delay(100) })
      yield all([delay(1), delay(2)])
    }
    await expectSaga(saga)
      .dispatch({ type: 'GO' })
      .take('GO')
      .race({ stop: take('STOP'), timeout: delay(100) })
      .all([delay(1), delay(2)])
      .take.like({ pattern: 'STOP' })
      .run()
  })

  it('checks hasFinalState() and reports the actual state', async () => {
    const error = await failure(run().hasFinalState({ draft: { id: 2, text: 'bye' } }).run())
    expect(error.message).toContain("✗ hasFinalState({ draft: { id: 2, text: 'bye' } }): the final state was { draft: { id: 1, text: 'hi' } }")
  })
})
