// The docs' example checker (scripts/check-doc-examples.mjs, run by `pnpm lint`) must fail on a
// broken example, not only pass on the docs as they are: each case below is one mistake an
// example can hold, completed the way the checker completes the real ones.
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script, without declarations
import { checkExamples } from './check-doc-examples.mjs'

const file = fileURLToPath(new URL('../docs/example.md', import.meta.url))
const example = (code: string, nocheck = false) => ({ file, line: 10, code, nocheck })
const check = (code: string): string[] => checkExamples([example(code)])

// Each check builds a TypeScript program of the packages' declarations: seconds on an idle
// machine, more when the other core is busy (a CI run beside other work timed out at 20 s).
describe('scripts/check-doc-examples.mjs', { timeout: 120_000 }, () => {
  it('accepts a fragment with free names, a top-level yield and no imports', () => {
    expect(
      check(`const user = yield* call(api.fetchUser, id)
yield* put({ type: 'USER_LOADED', user })
if (error instanceof HttpError && error.status === 404) return`),
    ).toEqual([])
  })

  it('accepts an awaiting fragment, an import of a missing module and a declared type', () => {
    expect(
      check(`import { rootSaga } from './sagas'
const { effects } = await expectSaga(rootSaga).run()
const first: User = effects.put[0]`),
    ).toEqual([])
  })

  it('reports a wrong argument of an exported function, at the line of the example', () => {
    const errors = check(`const typed = (state: { n: number }, index: number) => state.n + index
yield* select(typed, 'one')`)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^docs\/example\.md:11: TS2345: Argument of type 'string' is not assignable to parameter of type 'number'/)
  })

  it('reports a misspelt export instead of declaring it', () => {
    const errors = check(`yield* takeEvry('SAVE', saveWorker)`)
    expect(errors).toEqual([expect.stringMatching(/^docs\/example\.md:10: takeEvry is not exported by the packages; did you mean takeEvery\?/)])
  })

  it('reports a wrong result type and a syntax error', () => {
    expect(check(`const n: number = yield* call(() => 'text')`)).toEqual([expect.stringMatching(/TS2322: Type 'string' is not assignable to type 'number'/)])
    expect(check(`runSaga({ ..., onError }, rootSaga)`)).toEqual([expect.stringMatching(/TS1109: Expression expected/)])
  })

  it('reports a missing export of an imported package', () => {
    expect(check(`import { takeEverything } from '@sagaflow/core/effects'`)).toEqual([expect.stringMatching(/TS2305: .*has no exported member 'takeEverything'/)])
  })

  it('skips an example marked nocheck', () => {
    expect(checkExamples([example(`{ not: 'typescript', at all }`, true)])).toEqual([])
  })
})
