import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { VirtualClock } from '@sagaflow/cancellation'
import { createApp } from '../src/store.js'
import { LOGIN_TIMEOUT_MS } from '../src/sagas.js'
import { loggedOut, searchRequested } from '../src/slices.js'

let server: Server
let baseUrl: string
const aborted: string[] = []

beforeEach(async () => {
  aborted.length = 0
  server = createServer((req, res) => {
    const query = new URL(req.url!, 'http://x').searchParams.get('q') ?? ''
    const timer = setTimeout(() => res.end(JSON.stringify([`${query} 1`])), query === 'slow' ? 10_000 : 5)
    req.on('close', () => {
      clearTimeout(timer)
      if (!res.writableEnded) aborted.push(query)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterEach(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections() // fetch keeps connections alive for seconds otherwise
      server.close(() => resolve())
    }),
)

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 10_000
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5))
}

describe('the Redux Toolkit app', () => {
  it('aborts the fetch of a search replaced by a newer one (takeLatest + abortSignal)', async () => {
    const { store, task } = createApp({ baseUrl, authenticate: async () => 'token' })
    store.dispatch(searchRequested('slow'))
    await new Promise((r) => setTimeout(r, 20))
    store.dispatch(searchRequested('fast'))
    await until(() => aborted.includes('slow') && store.getState().search.results.length > 0)
    expect(aborted).toEqual(['slow'])
    expect(store.getState().search).toEqual({ query: 'fast', results: ['fast 1'], pending: false, error: null })
    task.cancel()
  })

  it('logs in, and times out on the saga clock when authentication hangs', async () => {
    const clock = new VirtualClock()
    const hanging = () => new Promise<string>(() => {})
    const { store, task } = createApp({ baseUrl, authenticate: hanging }, { clock })
    store.dispatch({ type: 'session/credentials', payload: { user: 'ada', password: 'pw' } })
    expect(store.getState().session.status).toBe('logging-in')
    clock.advance(LOGIN_TIMEOUT_MS)
    await Promise.resolve()
    expect(store.getState().session.status).toBe('timed-out')
    task.cancel()
  })

  it('logs in and out', async () => {
    const { store, task } = createApp({ baseUrl, authenticate: async () => 'token' })
    store.dispatch({ type: 'session/credentials', payload: { user: 'ada', password: 'pw' } })
    await until(() => store.getState().session.status === 'online')
    expect(store.getState().session).toEqual({ user: 'ada', status: 'online' })
    store.dispatch(loggedOut())
    expect(store.getState().session).toEqual({ user: null, status: 'anonymous' })
    task.cancel()
  })
})
