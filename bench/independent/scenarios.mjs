// The 13 scenarios of issue #7, written again from their descriptions (docs/performance.md) and
// not shared with bench/scenarios, so a mistake in one harness's program cannot hide in both.
//
// Every scenario builds one iteration at a time:
//   iteration(lib, n) -> { setup?(), run(), finish() }
// `setup` (not timed) prepares what the description says is not timed (effects built in advance,
// takers already waiting, a store with watchers); `run` is the timed work; `finish` (not timed)
// tears down and returns a problem string when the result is wrong, or null when it is right.
// Scenarios with a heap target also have `park(lib, n)`, which leaves n tasks blocked and returns
// `{ release() -> problem | null }`, so the heap can be read while they wait.
//
// `n` is the size of one iteration. Where a scenario's size is part of what it tests (all 100k,
// all 400k, race 20k, fork 25k on take, 1k other takers, cancel 20k) it matches the main harness;
// where N is only a repeat count (sequential loops) it is smaller, as a benchmark library runs
// many iterations.

const sumTo = (n) => (n * (n - 1)) / 2 // 0 + 1 + ... + (n - 1)

const plusOne = (x) => x + 1
const twice = (x) => x * 2
const thrice = (x) => x * 3
const resolvedPlusOne = (x) => Promise.resolve(x + 1)

const FAR_FUTURE_MS = 1e6

/** A sequential loop of `n` calls to `fn` (which adds one, at once or through a promise) in one saga. */
function callLoop({ id, title, n, target, fn }) {
  return {
    id,
    title,
    n,
    unit: 'call',
    target,
    iteration(lib, n) {
      const { call } = lib.effects
      let total
      function* loop() {
        let acc = 0
        for (let i = 0; i < n; i++) acc += yield call(fn, i)
        return acc
      }
      return {
        async run() {
          total = await lib.start(loop).toPromise()
        },
        finish: () => (total === sumTo(n) + n ? null : `sum ${total}`),
      }
    },
  }
}

/** Synchronous calls. */
const syncCall = callLoop({ id: 'sync-call', title: 'sync call', n: 200_000, target: { ratio: 0.4 }, fn: plusOne })

/** Calls to a function returning an already resolved promise. */
const promiseCall = callLoop({ id: 'promise-call', title: 'promise call', n: 100_000, target: { ratio: 0.75 }, fn: resolvedPlusOne })

/** `all` over an array of `n` synchronous calls; the effects are built before timing. */
function allOfCalls({ id, title, n, target }) {
  return {
    id,
    title,
    n,
    unit: 'child',
    target,
    iteration(lib, size) {
      const { all, call } = lib.effects
      let effects
      let results
      return {
        setup() {
          effects = Array.from({ length: size }, (_, i) => call(twice, i))
        },
        async run() {
          results = await lib.start(function* () {
            return yield all(effects)
          }).toPromise()
        },
        finish() {
          if (!Array.isArray(results) || results.length !== size) return `got ${results?.length} results`
          for (let i = 0; i < size; i++) if (results[i] !== 2 * i) return `results[${i}] = ${results[i]}`
          return null
        },
      }
    },
  }
}

/**
 * `race` of `n` takes, each on its own type; the last one wins, the others are cancelled. A
 * second action, for a loser's type, is put after the race ended and must change nothing.
 */
const race = {
  id: 'race',
  title: 'race 20k',
  n: 20_000,
  unit: 'branch',
  target: { ratio: 0.1 },
  iteration(lib, n) {
    const { race: raceOf, take } = lib.effects
    let branches
    let outcome
    return {
      setup() {
        branches = Array.from({ length: n }, (_, i) => take(`BRANCH_${i}`))
      },
      async run() {
        const channel = lib.newChannel()
        const task = lib.start(function* () {
          return yield raceOf(branches)
        }, channel)
        channel.put({ type: `BRANCH_${n - 1}`, payload: 'winner' })
        channel.put({ type: 'BRANCH_0', payload: 'too late' })
        outcome = await task.toPromise()
      },
      finish() {
        if (outcome?.[n - 1]?.payload !== 'winner') return 'the last branch did not win'
        const others = Object.keys(outcome).filter((k) => k !== String(n - 1) && outcome[k] !== undefined)
        return others.length === 0 ? null : `${others.length} losing branches have a value`
      },
    }
  },
}

/**
 * Fork `n` children that block (on `blockingEffect`), then cancel the root: every child must
 * have started and run its `finally`.
 */
function forkBlockedThenCancel({ id, title, n, target, blockingEffect }) {
  function park(lib, size) {
    let started = 0
    let cleaned = 0
    function* child() {
      started++
      try {
        yield blockingEffect(lib.effects)
      } finally {
        cleaned++
      }
    }
    const root = lib.start(function* () {
      for (let i = 0; i < size; i++) yield lib.effects.fork(child)
    })
    return {
      release() {
        root.cancel()
        if (started !== size || cleaned !== size) return `started ${started}, cleaned ${cleaned} of ${size}`
        return root.isCancelled() && !root.isRunning() ? null : 'root not cancelled'
      },
    }
  }
  return {
    id,
    title,
    n,
    unit: 'task',
    target,
    park,
    iteration(lib, size) {
      let problem
      return {
        // Forking and cancelling are both synchronous: the whole cycle is timed.
        run() {
          problem = park(lib, size).release()
        },
        finish: () => problem,
      }
    },
  }
}

/** `n` times: fork a child that makes one synchronous call and returns, then join it. */
const forkJoin = {
  id: 'fork-join',
  title: 'fork + join',
  n: 50_000,
  unit: 'fork+join',
  target: { ratio: 0.25 },
  iteration(lib, n) {
    const { fork, join, call } = lib.effects
    let total
    function* child(i) {
      return yield call(thrice, i)
    }
    function* root() {
      let acc = 0
      for (let i = 0; i < n; i++) {
        const task = yield fork(child, i)
        acc += yield join(task)
      }
      return acc
    }
    return {
      async run() {
        total = await lib.start(root).toPromise()
      },
      finish: () => (total === 3 * sumTo(n) ? null : `sum ${total}`),
    }
  },
}

/**
 * A receiver loops on `take('PING')` (with `others` more tasks waiting on other types, all
 * started before timing); the timed part is a second root saga putting `n` PINGs on the same
 * channel.
 */
function putToTake({ id, title, n, others, target }) {
  return {
    id,
    title,
    n,
    unit: 'put',
    target,
    iteration(lib, size) {
      const { fork, take, put } = lib.effects
      let channel
      let listeners
      let received = 0
      let payloadSum = 0
      let wrongWakeUps = 0
      function* receiver() {
        while (true) {
          const { payload } = yield take('PING')
          received++
          payloadSum += payload
        }
      }
      function* bystander(type) {
        yield take(type)
        wrongWakeUps++
      }
      function* sender() {
        for (let i = 0; i < size; i++) yield put({ type: 'PING', payload: i })
      }
      return {
        setup() {
          channel = lib.newChannel()
          listeners = lib.start(function* () {
            for (let i = 0; i < others; i++) yield fork(bystander, `OTHER_${i}`)
            yield fork(receiver)
          }, channel)
        },
        async run() {
          await lib.start(sender, channel).toPromise()
        },
        finish() {
          listeners.cancel()
          if (received !== size || payloadSum !== sumTo(size)) return `received ${received}, sum ${payloadSum}`
          return wrongWakeUps === 0 ? null : `${wrongWakeUps} bystanders woke up`
        },
      }
    },
  }
}

/**
 * A Redux store with the saga middleware running 100 `takeEvery` watchers on types nobody
 * dispatches; the timed part is `n` dispatches of an action only the reducer handles. Compared
 * with the same dispatches on a bare store (`bareStore` below).
 */
const WATCHERS = 100
const counter = (state = 0, action) => (action.type === 'COUNT' ? state + 1 : state)

const middlewareWatchers = {
  id: 'middleware-watchers',
  title: 'middleware, 100 watchers',
  n: 100_000,
  unit: 'dispatch',
  target: { vsRaw: 4 },
  iteration(lib, n) {
    const { createStore, applyMiddleware } = lib.redux
    const { takeEvery } = lib.effects
    let store
    let watchers
    let workerRuns = 0
    function* worker() {
      workerRuns++
    }
    return {
      setup() {
        const middleware = lib.createSagaMiddleware()
        store = createStore(counter, applyMiddleware(middleware))
        watchers = middleware.run(function* () {
          for (let i = 0; i < WATCHERS; i++) yield takeEvery(`WATCHED_${i}`, worker)
        })
      },
      run() {
        for (let i = 0; i < n; i++) store.dispatch({ type: 'COUNT' })
      },
      finish() {
        store.dispatch({ type: `WATCHED_${WATCHERS - 1}` }) // the watchers must still be there
        watchers.cancel()
        if (store.getState() !== n) return `state ${store.getState()}`
        return workerRuns === 1 ? null : `worker ran ${workerRuns} times`
      },
    }
  },
}

/** The baseline of the middleware scenario: the same dispatches on a store without middleware. */
export const bareStore = {
  iteration(lib, n) {
    let store
    return {
      setup() {
        store = lib.redux.createStore(counter)
      },
      run() {
        for (let i = 0; i < n; i++) store.dispatch({ type: 'COUNT' })
      },
      finish: () => (store.getState() === n ? null : `state ${store.getState()}`),
    }
  },
}

/** A saga that `call`s itself 10,000 deep, repeated until `n` nested calls were made. */
const DEPTH = 10_000

const nestedCall = {
  id: 'nested-call',
  title: 'call nested 10k',
  n: 50_000,
  unit: 'nested call',
  target: { completes: true },
  iteration(lib, n) {
    const { call } = lib.effects
    const repeats = Math.max(1, Math.round(n / DEPTH))
    let total
    function* descend(level) {
      if (level === 0) return 0
      return 1 + (yield call(descend, level - 1))
    }
    return {
      async run() {
        total = await lib.start(function* () {
          let acc = 0
          for (let r = 0; r < repeats; r++) acc += yield call(descend, DEPTH)
          return acc
        }).toPromise()
      },
      finish: () => (total === repeats * DEPTH ? null : `depth total ${total}`),
    }
  },
}

/** `n` times: fork a child waiting in `delay` inside try/finally, then cancel it at once. */
const cancelLatency = {
  id: 'cancel-latency',
  title: 'cancel latency',
  n: 20_000,
  unit: 'cycle',
  target: { ratio: 0.7 },
  iteration(lib, n) {
    const { fork, cancel, delay } = lib.effects
    let cleaned = 0
    let root
    function* sleeper() {
      try {
        yield delay(FAR_FUTURE_MS)
      } finally {
        cleaned++
      }
    }
    return {
      async run() {
        root = lib.start(function* () {
          for (let i = 0; i < n; i++) yield cancel(yield fork(sleeper))
        })
        await root.toPromise()
      },
      finish: () => (cleaned === n && !root.isRunning() ? null : `cleaned ${cleaned} of ${n}`),
    }
  },
}

/** In table order (the main harness's order). */
export const SCENARIOS = [
  syncCall,
  promiseCall,
  allOfCalls({ id: 'all-calls', title: 'all 100k', n: 100_000, target: { ratio: 0.35 } }),
  allOfCalls({ id: 'all-calls-400k', title: 'all 400k', n: 400_000, target: { completes: true } }),
  race,
  forkBlockedThenCancel({
    id: 'fork-take-cancel',
    title: 'fork 25k on take + cancel',
    n: 25_000,
    target: { ratio: 0.15, heapPerTask: 1000, growth: 4.5 },
    blockingEffect: ({ take }) => take('NOBODY_PUTS_THIS'),
  }),
  forkBlockedThenCancel({
    id: 'fork-delay-cancel',
    title: 'fork 100k on delay + cancel',
    n: 50_000,
    target: { ratio: 0.35, heapPerTask: 1000 },
    blockingEffect: ({ delay }) => delay(FAR_FUTURE_MS),
  }),
  forkJoin,
  putToTake({ id: 'put-take', title: 'put -> take', n: 100_000, others: 0, target: { ratio: 0.6 } }),
  putToTake({
    id: 'put-take-others',
    title: 'put, 1k other takers',
    n: 20_000,
    others: 1_000,
    target: { ratio: 0.1, vsScenario: { id: 'put-take', max: 2 } },
  }),
  middlewareWatchers,
  nestedCall,
  cancelLatency,
]
