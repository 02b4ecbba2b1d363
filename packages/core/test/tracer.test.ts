import { applyMiddleware, legacy_createStore as createStore } from 'redux'
import { describe, expect, it } from 'vitest'
import { VirtualClock } from '@sagaflow/cancellation'
import createSagaMiddleware, { channel as createChannel, createTracer, runSaga, stdChannel, type TracerOptions } from '@sagaflow/core'
import {
  actionChannel,
  all,
  call,
  cancel,
  cancelled,
  delay,
  fork,
  getContext,
  halt,
  join,
  put,
  putResolve,
  race,
  select,
  setContext,
  spawn,
  supervise,
  take,
  retry,
  takeEvery,
  takeLatest,
  takeMaybe,
  throttle,
  timeout,
  use,
} from '@sagaflow/core/effects'

/** Lets every promise callback run (delays resolve through promises); no real time passes. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve))

function setup(options: TracerOptions = {}) {
  const clock = new VirtualClock()
  const tracer = createTracer({ clock, ...options })
  const channel = stdChannel()
  const errors: unknown[] = []
  const dispatch = (action: any) => channel.put(action)
  const run = <Args extends any[]>(saga: (...args: Args) => Generator<any, any, any>, ...args: Args) =>
    runSaga({ channel, dispatch, getState: () => ({ user: 'ada' }), sagaMonitor: tracer, clock, onError: (e) => errors.push(e) }, saga, ...args)
  const advance = async (ms: number) => {
    clock.advance(ms)
    await settle()
  }
  return { clock, tracer, run, advance, dispatch, errors }
}

/** The trace as an order log: one line per effect, `task: description outcome start..end`. */
function effectLog(tracer: ReturnType<typeof createTracer>): string[] {
  const { tasks, effects } = tracer.toJSON()
  const names = new Map(tasks.map((task) => [task.id, task.name]))
  return effects.map((e) => `${names.get(e.taskId)}: ${e.label ? `${e.label}: ` : ''}${e.description} ${e.outcome} ${e.start}..${e.end ?? ''}`)
}

function taskLog(tracer: ReturnType<typeof createTracer>): string[] {
  return tracer.toJSON().tasks.map((t) => `${t.name} (${t.kind}) ${t.status} ${t.start}..${t.end ?? ''}${t.error ? ` ${t.error.message}` : ''}`)
}

function* fetchUser(id: number) {
  yield delay(100)
  return { id }
}

describe('createTracer()', () => {
  it('records the task tree of a run: the root, its forks and called sub-sagas', async () => {
    const { tracer, run, advance } = setup()
    function* loadUser() {
      const user = yield* call(fetchUser, 1)
      yield put({ type: 'USER_LOADED', user })
    }
    function* watchSearch() {
      yield take('SEARCH')
    }
    function* rootSaga() {
      yield fork(loadUser)
      yield fork(watchSearch)
      yield take('LOGOUT')
    }
    run(rootSaga)
    await advance(100)
    await advance(1100)
    expect(tracer.tree().split('\n')).toEqual([
      "rootSaga [running 1.2s] waiting on take('LOGOUT')",
      '├─ loadUser [done 100ms]',
      '│  └─ fetchUser [done 100ms]',
      "└─ watchSearch [running 1.2s] waiting on take('SEARCH')",
    ])
  })

  it('times every effect on the given clock and attributes it to its task', async () => {
    const { tracer, run, advance } = setup()
    function* loadUser() {
      const user = yield* call(fetchUser, 1)
      yield put({ type: 'USER_LOADED', user })
    }
    function* rootSaga() {
      yield fork(loadUser)
      yield delay(250)
    }
    run(rootSaga)
    await advance(100)
    await advance(150)
    expect(effectLog(tracer)).toEqual([
      'rootSaga: fork(loadUser) resolved 0..0',
      'loadUser: call(fetchUser, 1) resolved 0..100',
      'fetchUser: delay(100) resolved 0..100',
      'rootSaga: delay(250) resolved 0..250',
      "loadUser: put({type:'USER_LOADED', user:{id:1}}) resolved 100..100",
    ])
    expect(taskLog(tracer)).toEqual([
      'rootSaga (root) done 0..250',
      'loadUser (fork) done 0..100',
      'fetchUser (call) done 0..100',
    ])
  })

  it('puts the children of all and race in the task that yielded them, labelled by key', async () => {
    const { tracer, run, advance } = setup()
    function* rootSaga() {
      yield all([call(fetchUser, 1), delay(50)])
      yield race({ login: take('LOGIN'), timeout: delay(100) })
    }
    run(rootSaga)
    await advance(100)
    await advance(100)
    expect(effectLog(tracer)).toEqual([
      'rootSaga: all([call(fetchUser, 1), delay(50)]) resolved 0..100',
      'rootSaga: 0: call(fetchUser, 1) resolved 0..100',
      'fetchUser: delay(100) resolved 0..100',
      'rootSaga: 1: delay(50) resolved 0..100',
      'rootSaga: race({login, timeout}) resolved 100..200',
      "rootSaga: login: take('LOGIN') cancelled 100..200",
      'rootSaga: timeout: delay(100) resolved 100..200',
    ])
  })

  it('marks a failed task with its error, and the effect that rejected', async () => {
    const { tracer, run, errors } = setup()
    function* saveUser() {
      yield call(() => Promise.reject(new TypeError('network down')))
    }
    function* rootSaga() {
      yield spawn(saveUser)
      yield take('NEVER')
    }
    run(rootSaga)
    await settle()
    expect(errors).toHaveLength(1)
    const { tasks, effects } = tracer.toJSON()
    expect(tasks.find((t) => t.name === 'saveUser')).toMatchObject({
      kind: 'spawn',
      status: 'failed',
      end: 0,
      error: { name: 'TypeError', message: 'network down' },
    })
    expect(effects.find((e) => e.outcome === 'rejected')).toMatchObject({
      description: 'call(anonymous)',
      error: { name: 'TypeError', message: 'network down' },
    })
    expect(tracer.tree()).toContain('└─ saveUser [failed 0ms] TypeError: network down')
  })

  it('records a thrown value String() cannot convert without changing what the saga sees (an object with no prototype)', async () => {
    const { tracer, run, errors } = setup()
    const thrown = Object.assign(Object.create(null), { code: 42 })
    let caught: unknown
    function* rootSaga() {
      try {
        yield call(() => {
          throw thrown
        })
      } catch (error) {
        caught = error
      }
      yield call(() => Promise.reject(Object.assign(Object.create(null), { message: Object.create(null) })))
    }
    const task = run(rootSaga)
    await settle()
    expect(caught).toBe(thrown)
    expect(errors).toHaveLength(1)
    expect(task.isAborted()).toBe(true)
    expect(tracer.toJSON().effects.filter((e) => e.outcome === 'rejected').map((e) => e.error)).toEqual([
      { name: 'object', message: '{code:42}' },
      { name: 'Error', message: '{}' },
    ])
    expect(() => tracer.toHTML()).not.toThrow()
  })

  it('marks a task cancelled by its parent, and the effect it was waiting on', async () => {
    const { tracer, run, advance } = setup()
    function* poll() {
      while (true) yield delay(100)
    }
    function* rootSaga() {
      const poller = yield* fork(poll)
      yield delay(250)
      yield cancel(poller)
    }
    run(rootSaga)
    // Step to each due time: a delay resumes its saga in a promise callback, after advance() returns.
    await advance(100)
    await advance(100)
    await advance(50)
    expect(effectLog(tracer).filter((line) => line.startsWith('poll:'))).toEqual([
      'poll: delay(100) resolved 0..100',
      'poll: delay(100) resolved 100..200',
      'poll: delay(100) cancelled 200..250',
    ])
    expect(taskLog(tracer)).toEqual(['rootSaga (root) done 0..250', 'poll (fork) cancelled 0..250'])
  })

  it('tells what each blocked task waits on, including a task waiting for its forks', async () => {
    const { tracer, run, advance } = setup()
    function* watchSearch() {
      yield take('SEARCH')
    }
    function* rootSaga() {
      yield fork(watchSearch)
    }
    run(rootSaga)
    await advance(1500)
    expect(tracer.tree().split('\n')).toEqual([
      'rootSaga [running 1.5s] waiting on forked tasks',
      "└─ watchSearch [running 1.5s] waiting on take('SEARCH')",
    ])
    const { tasks, effects } = tracer.toJSON()
    const takeSearch = effects.find((e) => e.description === "take('SEARCH')")!
    expect(tasks.map((t) => t.waitingOn)).toEqual([null, takeSearch.id])
  })

  it('ends a called sub-saga with its call: a cancelled call cancels the sub-task', async () => {
    const { tracer, run, advance } = setup()
    function* slow() {
      yield delay(1000)
    }
    function* rootSaga() {
      yield race({ work: call(slow), timeout: delay(100) })
    }
    run(rootSaga)
    await advance(100)
    expect(taskLog(tracer)).toEqual(['rootSaga (root) done 0..100', 'slow (call) cancelled 0..100'])
    expect(effectLog(tracer)).toContain('slow: delay(1000) cancelled 0..100')
  })

  it('runs a yielded iterator as a sub-task', async () => {
    const { tracer, run, advance } = setup()
    function* rootSaga() {
      yield fetchUser(7)
    }
    run(rootSaga)
    await advance(100)
    expect(effectLog(tracer)).toEqual(['rootSaga: iterator resolved 0..100', 'iterator: delay(100) resolved 0..100'])
  })

  it('records a fork whose child fails synchronously as a failed task', async () => {
    const { tracer, run, errors } = setup()
    function* crash(): Generator {
      throw new Error('bad config')
    }
    function* rootSaga() {
      yield fork(crash)
    }
    run(rootSaga)
    await settle()
    expect(errors).toHaveLength(1)
    // The fork's error too: the monitor only saw its fork effect cancelled (as with redux-saga).
    expect(taskLog(tracer)).toEqual(['rootSaga (root) failed 0..0 bad config', 'crash (fork) failed 0..0 bad config'])
  })

  it('ends a task at its last activity, even if the clock moves before its promise settles', async () => {
    const { tracer, run, clock } = setup()
    function* crash(): Generator {
      throw new Error('bad config')
    }
    function* rootSaga() {
      yield fork(crash)
    }
    run(rootSaga)
    clock.advance(1500)
    // The fork's error too: the monitor only saw its fork effect cancelled (as with redux-saga).
    expect(taskLog(tracer)).toEqual(['rootSaga (root) failed 0..0 bad config', 'crash (fork) failed 0..0 bad config'])
    await settle()
    // The fork's error too: the monitor only saw its fork effect cancelled (as with redux-saga).
    expect(taskLog(tracer)).toEqual(['rootSaga (root) failed 0..0 bad config', 'crash (fork) failed 0..0 bad config'])
  })

  it('extends a cancelled task to the end of the async cleanup in its finally', async () => {
    const { tracer, run, advance } = setup()
    function* worker() {
      try {
        yield take('NEVER')
      } finally {
        yield delay(50)
        yield put({ type: 'CLEANED_UP' })
      }
    }
    function* rootSaga() {
      const task = yield* fork(worker)
      yield delay(100)
      yield cancel(task)
    }
    run(rootSaga)
    await advance(100)
    await advance(50)
    expect(effectLog(tracer).filter((line) => line.startsWith('worker:'))).toEqual([
      "worker: take('NEVER') cancelled 0..100",
      'worker: delay(50) resolved 100..150',
      "worker: put({type:'CLEANED_UP'}) resolved 150..150",
    ])
    // The root ends when cancel() returns (reference semantics); the worker's lane covers its cleanup.
    expect(taskLog(tracer)).toEqual(['rootSaga (root) done 0..100', 'worker (fork) cancelled 0..150'])
  })

  it('shows what the async cleanup of a cancelled task waits on, so a stuck halt can be explained', async () => {
    const { tracer, run, advance } = setup()
    function* stubborn() {
      try {
        yield take('NEVER')
      } finally {
        yield take('CLEANUP_DONE')
      }
    }
    function* rootSaga() {
      const task = yield* fork(stubborn)
      yield delay(10)
      yield* halt(task)
    }
    run(rootSaga)
    await advance(10)
    expect(tracer.tree().split('\n')).toEqual([
      'rootSaga [running 10ms] waiting on halt(stubborn)',
      "└─ stubborn [cancelled 10ms] cleaning up, waiting on take('CLEANUP_DONE')",
    ])
    const { tasks, effects } = tracer.toJSON()
    const waitingOn = tasks.find((task) => task.name === 'stubborn')!.waitingOn
    expect(effects.find((effect) => effect.id === waitingOn)?.description).toBe("take('CLEANUP_DONE')")
  })

  it('names helper tasks like the helper and shows each forked worker', async () => {
    const { tracer, run, advance, dispatch } = setup()
    function* search(action: { q: string }) {
      yield delay(30)
      return action.q
    }
    function* rootSaga() {
      yield takeEvery('SEARCH', search)
    }
    run(rootSaga)
    await advance(10)
    dispatch({ type: 'SEARCH', q: 'saga' })
    await advance(30)
    expect(tracer.tree().split('\n')).toEqual([
      'rootSaga [running 40ms] waiting on forked tasks',
      "└─ takeEvery(SEARCH, search) [running 40ms] waiting on take('SEARCH')",
      '   └─ search [done 30ms]',
    ])
    expect(tracer.toJSON().effects.map((e) => e.description).slice(0, 3)).toEqual([
      "takeEvery('SEARCH', search)",
      "take('SEARCH')",
      "fork(search, {type:'SEARCH', q:'saga'})",
    ])
  })

  it("describes the helpers' effects as the helper calls the saga wrote, redux-saga's own among them", async () => {
    const { tracer, run, advance } = setup()
    const reference = await import('redux-saga/effects')
    const flaky = () => 1
    function* worker() {}
    function* rootSaga() {
      yield takeLatest('A', worker)
      yield throttle(5, 'B', worker)
      yield retry(2, 10, flaky)
      yield reference.takeEvery('C', worker)
    }
    run(rootSaga)
    await advance(1)
    const descriptions = tracer.toJSON().effects.map((e) => e.description)
    expect(descriptions).toEqual(expect.arrayContaining(["takeLatest('A', worker)", "throttle(5, 'B', worker)", 'retry(2, 10, flaky)', "takeEvery('C', worker)"]))
    expect(descriptions.filter((d) => d.includes('$1') || d.includes('Helper'))).toEqual([])
    // Nor the tasks: retry runs as a sub-task named like the helper.
    const names = tracer.toJSON().tasks.map((task) => task.name)
    expect(names).toContain('retry')
    expect(names.filter((name) => name.includes('$1') || name.includes('Helper'))).toEqual([])
  })

  it('traces every saga run by createSagaMiddleware', () => {
    const tracer = createTracer({ clock: new VirtualClock() })
    const sagaMiddleware = createSagaMiddleware({ sagaMonitor: tracer })
    createStore((state: { n: number } = { n: 0 }) => state, applyMiddleware(sagaMiddleware))
    function* first() {
      yield select((state: { n: number }) => state.n)
    }
    function* second() {
      yield take('GO')
    }
    sagaMiddleware.run(first)
    sagaMiddleware.run(second)
    expect(tracer.tree().split('\n')).toEqual(['first [done 0ms]', "second [running 0ms] waiting on take('GO')"])
  })

  it("records on the saga's clock without being given it (runSaga and the middleware tell it)", async () => {
    const clock = new VirtualClock(5_000)
    const tracer = createTracer()
    function* saga() {
      yield delay(100)
    }
    runSaga({ sagaMonitor: tracer, clock }, saga)
    clock.advance(100)
    await settle()
    const [effect] = tracer.toJSON().effects
    expect([effect!.start, effect!.end]).toEqual([5_000, 5_100])
    expect(tracer.toJSON().now).toBe(5_100)

    // Through the middleware: its options' clock.
    const other = new VirtualClock(70)
    const viaMiddleware = createTracer()
    const sagaMiddleware = createSagaMiddleware({ sagaMonitor: viaMiddleware, clock: other })
    createStore((state: { n: number } = { n: 0 }) => state, applyMiddleware(sagaMiddleware))
    sagaMiddleware.run(saga)
    other.advance(100)
    await settle()
    expect(viaMiddleware.toJSON().effects.map((e) => [e.start, e.end])).toEqual([[70, 170]])
  })

  it('keeps the clock createTracer was given, and the first saga’s clock over later ones', async () => {
    const given = new VirtualClock(1)
    const tracer = createTracer({ clock: given })
    function* saga() {
      yield delay(10)
    }
    const first = new VirtualClock(500)
    runSaga({ sagaMonitor: tracer, clock: first }, saga)
    expect(tracer.toJSON().effects[0]!.start).toBe(1)

    const unfixed = createTracer()
    runSaga({ sagaMonitor: unfixed, clock: first }, saga)
    runSaga({ sagaMonitor: unfixed, clock: new VirtualClock(9_000) }, saga)
    expect(unfixed.toJSON().effects.map((e) => e.start)).toEqual([500, 500])
    expect(Object.keys(unfixed)).not.toContain('adoptClock')
  })

  it('implements every SagaMonitor hook, so runSaga has nothing to patch', () => {
    const tracer = createTracer()
    for (const hook of ['rootSagaStarted', 'effectTriggered', 'effectResolved', 'effectRejected', 'effectCancelled', 'actionDispatched'] as const) {
      expect(typeof tracer[hook]).toBe('function')
    }
  })

  it('rejects options that are not what it expects, naming the option', () => {
    expect(() => createTracer({ maxEffects: -1 })).toThrow('createTracer(options): options.maxEffects must be a number >= 0, got -1')
    expect(() => createTracer({ maxTasks: Number.NaN })).toThrow('options.maxTasks must be a number >= 0')
    expect(() => createTracer({ clock: {} as any })).toThrow('options.clock must be a Clock')
    expect(() => createTracer({ maxEffect: 10 } as any)).toThrow('createTracer(options): options has an unknown key "maxEffect"; the keys are clock, maxEffects, maxTasks')
  })

  it('prints a chain of sub-sagas as deep as call nesting goes (10,000) without overflowing the stack, indenting at most MAX_INDENT levels', () => {
    const { tracer, run } = setup()
    function* descend(n: number): Generator<any, void, any> {
      if (n === 0) yield take('NEVER')
      else yield call(descend, n - 1)
    }
    run(descend, 10_000)
    const lines = tracer.tree().split('\n')
    expect(lines).toHaveLength(10_001)
    expect(lines.slice(0, 2)).toEqual(['descend [running 0ms] waiting on call(descend, 9999)', '└─ descend [running 0ms] waiting on call(descend, 9998)'])
    expect(lines[10_000]).toBe(`${' '.repeat(3 * 31)}└─ [depth 10000] descend [running 0ms] waiting on take('NEVER')`)
    expect(tracer.toHTML().match(/class="lane running"/g)).toHaveLength(10_001)
  })

  it('prints a placeholder tree before any saga ran', () => {
    expect(createTracer().tree()).toBe('(no sagas traced yet)')
  })
})

describe('effect descriptions', () => {
  it('describes effects as they are written in the saga', async () => {
    const { tracer, run } = setup()
    const chan = createChannel()
    const loginAction = Object.assign(() => ({ type: 'auth/login' }), { toString: () => 'auth/login' })
    function* child() {
      yield take('NEVER')
    }
    function* selfCancel() {
      yield cancel()
    }
    function* rootSaga(): Generator<any, void, any> {
      yield put({ type: 'SAVE', payload: { id: 1, tags: ['a', 'b'] } })
      yield putResolve({ type: 'SAVE_NOW' })
      yield put(createChannel(), 'hello')
      yield select()
      yield select(function selectUser(state: any, id: number) {
        return [state, id]
      }, 3)
      yield getContext('api')
      yield setContext({ locale: 'fr' })
      yield cancelled()
      yield actionChannel(['A', 'B'])
      const task = yield* fork(child)
      const detached = yield spawn(child)
      yield cancel(task)
      yield fork(selfCancel)
      yield call((..._args: unknown[]) => 'sync', 'x'.repeat(60), 12.5, null, undefined)
      yield race([take('*'), takeMaybe(loginAction), take(chan), join(detached), delay(500, 'late')])
    }
    run(rootSaga)
    await settle()
    const { tasks, effects } = tracer.toJSON()
    const described = (name: string) => {
      const task = tasks.find((t) => t.name === name)!
      return effects.filter((e) => e.taskId === task.id).map((e) => `${e.type} ${e.description}`)
    }
    expect(described('rootSaga')).toEqual([
      "PUT put({type:'SAVE', payload:{id:1, tags:[…]}})",
      "PUT putResolve({type:'SAVE_NOW'})",
      "PUT put(channel, 'hello')",
      'SELECT select()',
      'SELECT select(selectUser, 3)',
      "GET_CONTEXT getContext('api')",
      "SET_CONTEXT setContext({locale:'fr'})",
      'CANCELLED cancelled()',
      "ACTION_CHANNEL actionChannel(['A', 'B'])",
      'FORK fork(child)',
      'FORK spawn(child)',
      'CANCEL cancel(child)',
      'FORK fork(selfCancel)',
      "CALL call(anonymous, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…', 12.5, null, undefined)",
      "RACE race([take('*'), takeMaybe('auth/login'), take(channel), join(child), delay(500, 'late')])",
      "TAKE take('*')",
      "TAKE takeMaybe('auth/login')",
      'TAKE take(channel)',
      'JOIN join(child)',
      "CALL delay(500, 'late')",
    ])
    expect(described('selfCancel')).toEqual(['CANCEL cancel()'])
  })

  it("describes sagaflow's own effects and keeps what they run in the right task", async () => {
    const { tracer, run, advance } = setup()
    function* worker() {
      yield delay(10)
    }
    function* rootSaga() {
      yield* use(call(() => Promise.resolve('db')), (db) => call(() => db))
      yield* timeout(200, call(fetchUser, 1))
      yield* supervise(worker, { restart: 'on-error', maxRestarts: 1, withinMs: 1000 })
    }
    run(rootSaga)
    await settle()
    await advance(100)
    await advance(10)
    const lines = effectLog(tracer)
    expect(lines.slice(0, 6)).toEqual([
      'rootSaga: use(call(anonymous), anonymous) resolved 0..0',
      'rootSaga: call(anonymous) resolved 0..0',
      'rootSaga: timeout(200, call(fetchUser, 1)) resolved 0..100',
      'rootSaga: call(fetchUser, 1) resolved 0..100',
      'fetchUser: delay(100) resolved 0..100',
      "rootSaga: supervise(call(worker), {restart:'on-error', maxRestarts:1, withinMs:1000}) resolved 100..110",
    ])
    expect(lines).toContain('worker: delay(10) resolved 100..110')
    expect(tracer.tree()).toContain(['rootSaga [done 110ms]', '├─ fetchUser [done 100ms]', '├─ worker [done 10ms]'].join('\n'))
  })

  it('keeps a saga iterator or a promise given to use() as acquire in the task that yielded use, with no phantom task', async () => {
    const { tracer, run, advance } = setup()
    function* openDb() {
      yield delay(10)
      return 'db'
    }
    function* rootSaga() {
      yield* use(openDb(), () => {})
      yield* use(Promise.resolve('conn'), () => {})
    }
    run(rootSaga)
    await settle()
    await advance(10)
    expect(taskLog(tracer)).toEqual(['rootSaga (root) done 0..10', 'iterator (call) done 0..10'])
    expect(effectLog(tracer).slice(0, 5)).toEqual([
      'rootSaga: use(iterator, anonymous) resolved 0..10',
      'rootSaga: iterator resolved 0..10',
      'iterator: delay(10) resolved 0..10',
      'rootSaga: use(promise, anonymous) resolved 10..10',
      'rootSaga: promise resolved 10..10',
    ])
  })

  it('describes yielded promises and plain values', async () => {
    const { tracer, run } = setup()
    function* rootSaga(): Generator<any, void, any> {
      yield Promise.resolve(1)
      yield 42
    }
    run(rootSaga)
    await settle()
    expect(tracer.toJSON().effects.map((e) => `${e.type} ${e.description}`)).toEqual(['PROMISE promise', 'VALUE 42'])
  })
})

describe('tracer.toJSON()', () => {
  it('is plain data that survives JSON.stringify', async () => {
    const { tracer, run, advance } = setup()
    function* rootSaga() {
      yield call(fetchUser, 1)
      yield call(() => Promise.reject(new Error('nope')))
    }
    run(rootSaga)
    await advance(100)
    const snapshot = tracer.toJSON()
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot)
    expect(snapshot).toMatchObject({ now: 100, dropped: { effects: 0, tasks: 0 } })
    expect(snapshot.tasks[0]).toEqual({
      id: snapshot.tasks[0]!.id,
      parentId: null,
      name: 'rootSaga',
      kind: 'root',
      status: 'failed',
      start: 0,
      end: 100,
      error: { name: 'Error', message: 'nope' },
      waitingOn: null,
    })
    expect(snapshot.effects.at(-1)).toEqual({
      id: snapshot.effects.at(-1)!.id,
      parentId: snapshot.tasks[0]!.id,
      taskId: snapshot.tasks[0]!.id,
      label: '',
      description: 'call(anonymous)',
      type: 'CALL',
      start: 100,
      end: 100,
      outcome: 'rejected',
      error: { name: 'Error', message: 'nope' },
    })
  })
})

describe('bounded mode', () => {
  it('keeps only the maxEffects most recently finished effects and counts the others', () => {
    const { tracer, run } = setup({ maxEffects: 10 })
    function* rootSaga() {
      for (let i = 0; i < 100; i++) yield put({ type: 'TICK', i })
      yield take('NEVER')
    }
    run(rootSaga)
    const { effects, dropped } = tracer.toJSON()
    expect(effects.map((e) => e.description)).toEqual([
      ...Array.from({ length: 10 }, (_, k) => `put({type:'TICK', i:${90 + k}})`),
      "take('NEVER')",
    ])
    expect(dropped).toEqual({ effects: 90, tasks: 0 })
  })

  it('never forgets a pending effect or a running task', async () => {
    const { tracer, run, advance } = setup({ maxEffects: 1, maxTasks: 1 })
    function* waiter(type: string) {
      yield take(type)
    }
    function* quick() {
      yield put({ type: 'Q' })
    }
    function* rootSaga() {
      yield fork(waiter, 'A')
      yield fork(waiter, 'B')
      for (let i = 0; i < 5; i++) yield fork(quick)
      yield take('NEVER')
    }
    run(rootSaga)
    await advance(1)
    const { tasks, effects, dropped } = tracer.toJSON()
    expect(tasks.map((t) => `${t.name} ${t.status}`)).toEqual(['rootSaga running', 'waiter running', 'waiter running', 'quick done'])
    expect(effects.filter((e) => e.outcome === 'pending').map((e) => e.description)).toEqual(["take('A')", "take('B')", "take('NEVER')"])
    expect(dropped.tasks).toBe(4)
  })

  it('stays bounded over a long run of short-lived workers', async () => {
    const { tracer, run, advance, dispatch } = setup({ maxEffects: 50, maxTasks: 20 })
    function* worker() {
      yield delay(5)
    }
    function* rootSaga() {
      yield takeEvery('JOB', worker)
    }
    run(rootSaga)
    for (let i = 0; i < 500; i++) {
      dispatch({ type: 'JOB' })
      await advance(5)
    }
    const { tasks, effects, dropped } = tracer.toJSON()
    expect(tasks.length).toBeLessThanOrEqual(2 + 20)
    expect(effects.length).toBeLessThanOrEqual(50 + 2)
    expect(dropped.tasks).toBe(500 - 20)
    expect(tracer.tree().split('\n').slice(0, 2)).toEqual([
      'rootSaga [running 2.5s] waiting on forked tasks',
      "└─ takeEvery(JOB, worker) [running 2.5s] waiting on take('JOB')",
    ])
  })

  it('keeps a cancelled task running async cleanup until it is idle, so its cleanup effects start no phantom task', async () => {
    const { tracer, run, advance, dispatch } = setup({ maxEffects: 5, maxTasks: 0 })
    function* worker() {
      try {
        yield delay(1000)
      } finally {
        yield delay(10)
        yield delay(10)
      }
    }
    function* rootSaga() {
      yield takeLatest('GO', worker)
    }
    run(rootSaga)
    for (let i = 0; i < 20; i++) {
      dispatch({ type: 'GO' })
      await advance(10)
      await advance(10)
    }
    const { tasks, dropped } = tracer.toJSON()
    expect(tasks.map((t) => `${t.name} (${t.kind}) ${t.status}`)).toEqual([
      'rootSaga (root) running',
      'takeLatest(GO, worker) (fork) running',
      'worker (fork) running',
    ])
    expect(dropped.tasks).toBe(19)
  })
})

describe('tracer.toHTML()', () => {
  async function sampleRun() {
    const s = setup()
    function* done() {
      yield delay(100)
    }
    function* failing() {
      yield delay(50)
      yield call(() => Promise.reject(new Error('payment declined')))
    }
    function* poll() {
      while (true) yield delay(40)
    }
    function* waiting() {
      yield take('SEARCH')
    }
    function* rootSaga() {
      yield fork(done)
      yield spawn(failing)
      const poller = yield* fork(poll)
      yield fork(waiting)
      yield delay(150)
      yield cancel(poller)
    }
    s.run(rootSaga)
    for (let i = 0; i < 10; i++) await s.advance(20)
    return s
  }

  const count = (html: string, pattern: RegExp) => (html.match(pattern) ?? []).length

  it('draws one lane per task and one bar per effect', async () => {
    const { tracer } = await sampleRun()
    const html = tracer.toHTML()
    const { tasks, effects } = tracer.toJSON()
    expect(count(html, /<div class="lane /g)).toBe(tasks.length)
    expect(count(html, /<div class="effect /g)).toBe(effects.length)
    expect(tasks.length).toBe(5)
  })

  it('marks failures, cancellations and waiting effects with distinct classes', async () => {
    const { tracer } = await sampleRun()
    const html = tracer.toHTML()
    expect(count(html, /class="lane failed"/g)).toBe(1)
    expect(count(html, /class="lane cancelled"/g)).toBe(1)
    expect(count(html, /class="marker failed"/g)).toBe(1)
    expect(count(html, /class="marker cancelled"/g)).toBe(1)
    expect(count(html, /class="effect [\w-]+ rejected/g)).toBe(1)
    expect(count(html, /class="effect [\w-]+ cancelled/g)).toBe(1)
    expect(html).toMatch(/class="effect k-take pending[^"]*"[^>]*title="take\(&#39;SEARCH&#39;\)\nTAKE · waiting/)
  })

  it('is self-contained: no external resource, no URL', async () => {
    const { tracer } = await sampleRun()
    const html = tracer.toHTML()
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/\b(src|href)\s*=|url\(|@import|https?:\/\/|fetch\(|XMLHttpRequest/)
  })

  it('escapes names and payloads', () => {
    const { tracer, run } = setup()
    function* rootSaga() {
      yield take('<img src=x onerror=alert(1)>')
    }
    run(rootSaga)
    const html = tracer.toHTML({ title: 'a <b> & "c"' })
    expect(html).not.toContain('<img')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('<title>a &lt;b&gt; &amp; &quot;c&quot;</title>')
  })

  it('renders a page saying nothing was traced yet', () => {
    const html = createTracer().toHTML()
    expect(html).toContain('No sagas traced yet')
    expect(count(html, /class="lane /g)).toBe(0)
  })
})
