// The app's sagas tested with @sagaflow/testing: whole-saga runs on virtual time (expectSaga),
// with providers standing in for the network, and one step-by-step test (testSaga).
import { describe, expect, it } from 'vitest'
import { combineReducers } from '@reduxjs/toolkit'
import { expectSaga, matchers, testSaga, throwError } from '@sagaflow/testing'
import { fetchJson, loginFlow, LOGIN_TIMEOUT_MS, searchWorker, type Api } from '../src/sagas.js'
import { loggedOut, loginRequested, loginSucceeded, loginTimedOut, search, searchFailed, searchRequested, searchSucceeded, session } from '../src/slices.js'

const hangs = () => new Promise<string>(() => {})
const api: Api = { baseUrl: 'http://api.test', authenticate: hangs }
const reducer = combineReducers({ session: session.reducer, search: search.reducer })
const credentials = { type: 'session/credentials', payload: { user: 'ada', password: 'pw' } }

describe('loginFlow', () => {
  it('logs in when authentication answers before the timeout', async () => {
    await expectSaga(loginFlow)
      .withContext({ api })
      .withReducer(reducer)
      .provide([[matchers.call.fn(api.authenticate), 'token-1']])
      .dispatch(credentials)
      .put(loginRequested())
      .put(loginSucceeded('ada'))
      .not.put(loginTimedOut())
      .run()
  })

  it('times out after LOGIN_TIMEOUT_MS of virtual time when authentication hangs', async () => {
    const result = await expectSaga(loginFlow)
      .withContext({ api })
      .withReducer(reducer)
      .dispatch(credentials)
      .put(loginTimedOut())
      // authenticate hangs on purpose: wait 20 real ms for it, not the default 2 s (docs/testing.md)
      .run({ timeout: LOGIN_TIMEOUT_MS + 1_000, asyncTimeout: 20 })
    expect(result.storeState.session.status).toBe('timed-out')
  })

  it('waits for a logout after logging in, then accepts new credentials', async () => {
    await expectSaga(loginFlow)
      .withContext({ api })
      .withReducer(reducer)
      .provide([[matchers.call.fn(api.authenticate), 'token-1']])
      .dispatch(credentials)
      .dispatchAt(100, loggedOut())
      .dispatchAt(200, credentials)
      .put(loginSucceeded('ada'))
      .hasFinalState({ session: { user: 'ada', status: 'online' }, search: search.getInitialState() })
      .run({ timeout: 1_000 })
  })
})

describe('searchWorker', () => {
  it('puts the results fetched for the query', async () => {
    await expectSaga(searchWorker, searchRequested('rome'))
      .withContext({ api })
      .provide([[matchers.call.fn(fetchJson), ['rome 1', 'rome 2']]])
      .call(fetchJson<string[]>, 'http://api.test/search?q=rome')
      .put(searchSucceeded(['rome 1', 'rome 2']))
      .run()
  })

  it('puts searchFailed when the request fails', async () => {
    await expectSaga(searchWorker, searchRequested('rome'))
      .withContext({ api })
      .provide([[matchers.call.fn(fetchJson), throwError(new Error('HTTP 503'))]])
      .put(searchFailed('Error: HTTP 503'))
      .run()
  })

  it('yields getContext, then the fetch call, step by step', () => {
    testSaga(searchWorker, searchRequested('lisbon'))
      .next()
      .getContext('api')
      .next(api)
      .call(fetchJson<string[]>, 'http://api.test/search?q=lisbon')
      .next(['lisbon 1'])
      .put(searchSucceeded(['lisbon 1']))
      .next()
      .isDone()
  })
})
