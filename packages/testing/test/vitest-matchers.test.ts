import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { call, fork, put } from '@sagaflow/core'
import { expectSaga, matchers } from '@sagaflow/testing'
import { sagaMatchers } from '@sagaflow/testing/vitest'

expect.extend(sagaMatchers)

const api = { charge: (amount: number) => ({ amount }) }
function* worker(n: number) {
  yield put({ type: 'DONE', n })
}
function* parent() {
  yield fork(worker, 1)
  yield fork(worker, 2)
  yield call(api.charge, 10)
}

describe('toHaveYielded()', () => {
  it('checks the effects of one task, with effects or matchers', async () => {
    const result = await expectSaga(parent).run()
    expect(result.effectsByTask['worker#2']).toHaveYielded(put({ type: 'DONE', n: 2 }))
    expect(result.effectsByTask.worker).not.toHaveYielded(put({ type: 'DONE', n: 2 }))
    expect(result.effectsByTask.parent).toHaveYielded(matchers.call.fn(api.charge), 1)
    expect(result.effectsByTask.parent).not.toHaveYielded(matchers.put.actionType('DONE'))
    expect(result).toHaveYielded(matchers.put.actionType('DONE'), 2)
  })

  it('explains a failure with the effects the saga did yield', async () => {
    const { effectsByTask } = await expectSaga(parent).run()
    expect(() => expect(effectsByTask.worker).toHaveYielded(put({ type: 'DONE', n: 3 }))).toThrow(
      "expected the saga to have yielded put({ type: 'DONE', n: 3 }) (found 0); it yielded:\n  put({ type: 'DONE', n: 1 })",
    )
    expect(() => expect(effectsByTask.parent).not.toHaveYielded(matchers.call.fn(api.charge))).toThrow(
      'expected the saga not to have yielded call.fn(charge), but it yielded:\n  call(charge, 10)',
    )
  })

  it('rejects a times that is not an integer >= 0, instead of failing as "1 times (found 1)"', async () => {
    const result = await expectSaga(parent).run()
    for (const times of ['1', Number.NaN, -1, 1.5, Symbol('n')]) {
      expect(() => expect(result).toHaveYielded(matchers.call.fn(api.charge), times as any)).toThrow(
        `expect(result).toHaveYielded(effectOrMatcher, times): times must be an integer >= 0 (or left out: at least once), got ${typeof times === 'string' ? "'1'" : String(times)}`,
      )
    }
    expect(result).toHaveYielded(matchers.call.fn(api.charge), 1)
    expect(result).toHaveYielded(matchers.put.actionType('NEVER'), 0)
  })

  it('has types that import from vitest only names vitest 3 exports too (not MatcherState, vitest 4 only)', () => {
    const source = readFileSync(new URL('../src/vitest.ts', import.meta.url), 'utf8')
    const imported = [...source.matchAll(/^import type \{ (.*) \} from 'vitest'/gm)].flatMap((m) => m[1]!.split(',').map((name) => name.trim()))
    expect(imported).toEqual(['ExpectStatic'])
  })
})
