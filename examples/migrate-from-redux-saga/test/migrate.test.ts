import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { portToSagaflow } from '../src/migrate.js'
import type { Api, createApp as CreateApp } from '../src/app.js'

const original = readFileSync(fileURLToPath(new URL('../src/app.ts', import.meta.url)), 'utf8')
const portedPath = fileURLToPath(new URL('../src/.app.sagaflow.generated.ts', import.meta.url))
afterAll(() => rmSync(portedPath, { force: true }))

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function scenario(createApp: typeof CreateApp): Promise<string[]> {
  const log: string[] = []
  const api: Api = {
    saveTodo: async (text) => `${text} (saved)`,
    search: (query) => new Promise((resolve) => setTimeout(() => resolve([`${query} 1`, `${query} 2`]), 20)),
    syncOnce: async () => {},
  }
  const { store, task } = createApp(api, (line) => log.push(line))
  store.dispatch({ type: 'ADD_TODO', text: 'buy milk' })
  store.dispatch({ type: 'SEARCH', query: 'par' })
  store.dispatch({ type: 'SEARCH', query: 'paris' })
  await tick(5)
  store.dispatch({ type: 'LOGIN', user: 'ada' })
  await tick(40)
  store.dispatch({ type: 'LOGOUT' })
  await tick(130) // one login timeout (at 100 ms), the next one is 100 ms away
  task.cancel()
  // The background sync loops on a real 5 ms timer: how many rounds fit is timing, not behaviour.
  return log.filter((line, i) => !(line === 'synced' && log[i - 1] === 'synced'))
}

describe('migrating from redux-saga', () => {
  it('changes only the import lines', () => {
    const ported = portToSagaflow(original)
    const before = original.split('\n')
    const after = ported.split('\n')
    expect(after).toHaveLength(before.length)
    const changed = before.filter((line, i) => line !== after[i])
    expect(changed).toEqual([
      "import createSagaMiddleware, { type Task } from 'redux-saga'",
      "import { call, cancel, cancelled, delay, fork, put, race, select, take, takeEvery, takeLatest } from 'redux-saga/effects'",
    ])
  })

  it('ports imports written in double quotes too, keeping the quote style', () => {
    const source = 'import createSagaMiddleware from "redux-saga"\nimport { call } from "redux-saga/effects"\n'
    expect(portToSagaflow(source)).toBe('import createSagaMiddleware from "@sagaflow/core"\nimport { call } from "@sagaflow/core/effects"\n')
  })

  it('runs the ported app exactly as the original: same actions, states and logs', async () => {
    writeFileSync(portedPath, portToSagaflow(original))
    const reference = await import('../src/app.js')
    const ported = (await import(/* @vite-ignore */ portedPath)) as typeof reference
    const onReduxSaga = await scenario(reference.createApp)
    const onSagaflow = await scenario(ported.createApp)
    expect(onSagaflow).toEqual(onReduxSaga)
    expect(onReduxSaga).toContain('search par cancelled')
    expect(onReduxSaga).toContain('welcome ada')
    expect(onReduxSaga).toContain('sync stopped')
    expect(onReduxSaga.some((line) => line.includes('"status":"timed out"'))).toBe(true)
  })
})
