/*
 * The runtime resumes a generator with two strings of its own, TASK_CANCEL and TERMINATE, and the
 * reference tells them apart from other resume values with `===`: a string equal to one of them,
 * even one built at run time (not the same string object), is that signal. The driver, `end`,
 * race and all compare through `is.taskCancel` / `is.terminate` / `is.endSignal` (a `typeof`
 * test first, issue #7); these programs pin that the comparison is still by content.
 */
import { describe, expect, it } from 'vitest'
import { expectSame, type Lib } from './support/differential.js'

/** `'@@redux-saga/' + name`, built at run time: equal to the runtime's string, not the same literal. */
const built = (name: string): string => ['@@redux-saga', name].join('/')

/** Runs `saga` with a log, and logs how its task ended. */
async function ended(lib: Lib, saga: (log: unknown[]) => Generator): Promise<unknown[]> {
  const log: unknown[] = []
  const task = lib.runSaga({ dispatch: () => {}, getState: () => ({}), onError: (e: unknown) => log.push(['onError', String(e)]) }, saga, log)
  const result = await task.toPromise().then(
    (value: unknown) => ['resolved', value],
    (error: unknown) => ['rejected', String(error)],
  )
  log.push(['end', result, task.isRunning(), task.isCancelled()])
  return log
}

describe('resume values equal to the runtime’s signal strings', () => {
  // TASK_CANCEL cancels the saga (its `finally` sees `cancelled()`); TERMINATE ends it without.
  it.each([
    ['TASK_CANCEL', true],
    ['TERMINATE', false],
  ])('a called function returning a string equal to %s ends the saga as that signal', async (name, cancelled) => {
    const log = await expectSame((lib) =>
      ended(lib, function* (log) {
        try {
          const value = yield lib.effects.call(() => built(name))
          log.push(['resumed', value])
        } finally {
          log.push(['finally', yield lib.effects.cancelled()])
        }
      }),
    )
    expect(log).toContainEqual(['finally', cancelled])
    expect(log).not.toContainEqual(expect.arrayContaining(['resumed']))
  })

  it('a race branch or an all child settling with such a string settles the combinator with it', async () => {
    for (const name of ['TERMINATE', 'TASK_CANCEL']) {
      for (const combinator of ['race', 'all'] as const) {
        const log = await expectSame((lib) =>
          ended(lib, function* (log) {
            const { call, cancelled, delay } = lib.effects
            const branches = { signal: call(() => built(name)), slow: delay(50) }
            try {
              const value = yield lib.effects[combinator](branches)
              log.push(['resumed', value])
            } finally {
              log.push(['finally', yield cancelled()])
            }
          }),
        )
        expect(log, `${combinator} with ${name}`).not.toContainEqual(expect.arrayContaining(['resumed']))
      }
    }
  })

  it('any other string resumes the saga as a plain value', async () => {
    const log = await expectSame((lib) =>
      ended(lib, function* (log) {
        const { call } = lib.effects
        log.push(['resumed', yield call(() => built('TASK_CANCEL ')), yield call(() => 'TASK_CANCEL')])
        return 'done'
      }),
    )
    expect(log).toEqual([
      ['resumed', '@@redux-saga/TASK_CANCEL ', 'TASK_CANCEL'],
      ['end', ['resolved', 'done'], false, false],
    ])
  })
})
