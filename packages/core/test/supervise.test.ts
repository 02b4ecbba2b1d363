import { describe, expect, it } from 'vitest'
import { END } from '@sagaflow/core'
import { abortSignal, cancelled, delay, fork, put, supervise, take } from '@sagaflow/core/effects'
import { flush, start, track } from './support/virtual-time.js'

const options = { restart: 'on-error', maxRestarts: 3, withinMs: 1_000 } as const

describe('supervise()', () => {
  it('restarts the saga when it throws and ends with its return value', () => {
    const log = track()
    let runs = 0
    function* worker(name: string) {
      runs++
      log(`${name} run ${runs}`)
      if (runs < 3) throw new Error(`crash ${runs}`)
      return 'stable'
    }
    function* saga() {
      return yield* supervise(worker, options, 'w')
    }
    const { task } = start(saga)
    expect(task.result()).toBe('stable')
    expect(log.entries).toEqual(['w run 1', 'w run 2', 'w run 3'])
  })

  it('keeps the crash from killing the root saga and its other forks', async () => {
    const log = track()
    let runs = 0
    function* flaky() {
      runs++
      yield* delay(10)
      if (runs === 1) throw new Error('first run crashes')
      yield* take('STOP')
      log('flaky stopped')
    }
    function* sibling() {
      yield* take('STOP')
      log('sibling stopped')
    }
    function* root() {
      yield* fork(sibling)
      yield* supervise(flaky, options)
    }
    const { task, dispatch, advance, errors } = start(root)
    await advance(20, 10)
    dispatch({ type: 'STOP' })
    await task.toPromise()
    expect(runs).toBe(2)
    expect(log.entries).toEqual(['sibling stopped', 'flaky stopped'])
    expect(errors).toEqual([])
  })

  it('restarts when a fork of the saga crashes', async () => {
    let runs = 0
    function* crashingChild() {
      yield* delay(5)
      throw new Error('child crash')
    }
    function* worker() {
      runs++
      if (runs === 1) yield* fork(crashingChild)
      yield* delay(10)
      return runs
    }
    function* saga() {
      return yield* supervise(worker, options)
    }
    const { task, advance } = start(saga)
    await advance(20, 5)
    expect(await task.toPromise()).toBe(2)
  })

  it('gives up and throws the last error after maxRestarts restarts within withinMs', () => {
    let runs = 0
    function* worker() {
      runs++
      throw new Error(`crash ${runs}`)
    }
    function* saga() {
      yield* supervise(worker, options)
    }
    const { task } = start(saga)
    expect(task.isAborted()).toBe(true)
    expect((task.error() as Error).message).toBe('crash 4')
    expect(runs).toBe(4)
  })

  it('counts restarts in a sliding window on the saga clock', async () => {
    const log = track()
    let runs = 0
    let now = () => 0
    function* worker() {
      runs++
      log(now())
      yield* delay(400)
      throw new Error(`crash ${runs}`)
    }
    function* saga() {
      yield* supervise(worker, { restart: 'on-error', maxRestarts: 2, withinMs: 1_000 })
    }
    const { task, clock, advance } = start(saga)
    now = () => clock.now()
    await advance(2_000, 100)
    // crashes at 400, 800 (restarts at 400 and 800), 1200: the window [200, 1200] holds the
    // restarts at 400 and 800 = 2 -> gives up
    await expect(task.toPromise()).rejects.toThrow('crash 3')
    expect(log.entries).toEqual([0, 400, 800])
  })

  it('gives up at once on a saga that keeps crashing synchronously, even with withinMs 0 (the window includes its bounds)', () => {
    let runs = 0
    function* worker() {
      runs++
      if (runs > 100) return 'looped' // the bug: an endless synchronous restart loop
      throw new Error(`crash ${runs}`)
    }
    function* saga() {
      return yield* supervise(worker, { restart: 'on-error', maxRestarts: 2, withinMs: 0 })
    }
    const { task } = start(saga)
    expect(task.isAborted()).toBe(true)
    expect((task.error() as Error).message).toBe('crash 3')
  })

  it('lets the event loop run between bursts of unbounded immediate restarts at one instant', async () => {
    let runs = 0
    function* crashesAtOnce() {
      runs++
      if (runs === 2_500) return 'ok' // without the bound: all 2,500 runs at once, in one loop
      throw new Error(`crash ${runs}`)
    }
    const unbounded = { restart: 'on-error', maxRestarts: Infinity, withinMs: Infinity } as const
    const { task, clock } = start(function* () {
      return yield* supervise(crashesAtOnce, unbounded)
    })
    expect(runs).toBe(1_001) // the first run and 1,000 restarts, then a 0 ms timer
    expect(task.isRunning()).toBe(true)
    expect(clock.pending()).toBe(1)
    clock.advance(0) // the virtual clock runs every timer due, the new 0 ms ones too
    expect(runs).toBe(2_500)
    expect(task.result()).toBe('ok')

    // Crashing in a promise job: without the bound the jobs would starve every timer and I/O.
    let asyncRuns = 0
    function* rejectsAtOnce() {
      asyncRuns++
      yield Promise.resolve()
      if (asyncRuns === 2_500) return 'ok'
      throw new Error(`crash ${asyncRuns}`)
    }
    const second = start(function* () {
      return yield* supervise(rejectsAtOnce, unbounded)
    })
    await flush()
    expect(asyncRuns).toBe(1_001)
    second.task.cancel() // the pending 0 ms restart is cancelled with the task
    expect(second.clock.pending()).toBe(0)
  })

  it('counts a restart made exactly withinMs ago', async () => {
    let runs = 0
    function* worker() {
      runs++
      yield* delay(500)
      throw new Error(`crash ${runs}`)
    }
    function* saga() {
      return yield* supervise(worker, { restart: 'on-error', maxRestarts: 1, withinMs: 500 })
    }
    const { task, advance } = start(saga)
    await advance(1_000, 100)
    // the restart at 500 is still in the window [500, 1000] when the second run crashes at 1000
    expect(task.isAborted()).toBe(true)
    expect((task.error() as Error).message).toBe('crash 2')
  })

  it('keeps restarting a saga whose crashes are spread out beyond the window', async () => {
    let runs = 0
    function* worker() {
      runs++
      yield* delay(600)
      if (runs < 6) throw new Error(`crash ${runs}`)
      return runs
    }
    function* saga() {
      return yield* supervise(worker, { restart: 'on-error', maxRestarts: 1, withinMs: 500 })
    }
    const { task, advance } = start(saga)
    await advance(3_600, 100)
    expect(await task.toPromise()).toBe(6)
  })

  it('waits the backoff before each restart', async () => {
    const starts: number[] = []
    let now = () => 0
    function* worker() {
      starts.push(now())
      if (starts.length < 4) throw new Error('crash')
      return 'ok'
    }
    function* saga() {
      return yield* supervise(worker, { restart: 'on-error', maxRestarts: 5, withinMs: 10_000, backoff: { initialMs: 100, factor: 2, maxMs: 300 } })
    }
    const { task, clock, advance } = start(saga)
    now = () => clock.now()
    await advance(600, 50)
    expect(await task.toPromise()).toBe('ok')
    expect(starts).toEqual([0, 100, 300, 600])
  })

  it('counts every restart with withinMs Infinity, for giving up and for the back-off', async () => {
    const starts: number[] = []
    let now = () => 0
    function* worker() {
      starts.push(now())
      yield* delay(10_000)
      throw new Error(`crash ${starts.length}`)
    }
    function* saga() {
      return yield* supervise(worker, { restart: 'on-error', maxRestarts: 2, withinMs: Infinity, backoff: { initialMs: 100, factor: 2 } })
    }
    const { task, clock, advance } = start(saga)
    now = () => clock.now()
    await advance(40_000, 50)
    expect(starts).toEqual([0, 10_100, 20_300]) // waits 100 then 200: the restarts of all time
    await expect(task.toPromise()).rejects.toThrow('crash 3')
  })

  it('cancels the running saga and a pending restart when its task is cancelled', async () => {
    const log = track()
    let signal!: AbortSignal
    function* worker() {
      signal = yield* abortSignal()
      try {
        yield* take('NEVER')
      } finally {
        log(`worker cancelled=${yield* cancelled()}`)
      }
    }
    function* saga() {
      yield* supervise(worker, options)
    }
    const { task } = start(saga)
    task.cancel()
    expect(log.entries).toEqual(['worker cancelled=true'])
    expect(signal.aborted).toBe(true)

    function* crashing() {
      throw new Error('crash')
    }
    function* saga2() {
      yield* supervise(crashing, { ...options, backoff: { initialMs: 1_000 } })
    }
    const second = start(saga2)
    expect(second.clock.pending()).toBe(1)
    second.task.cancel()
    expect(second.clock.pending()).toBe(0)
  })

  it('treats a saga terminated by END as returned, like call', () => {
    const log = track()
    let runs = 0
    function* worker() {
      runs++
      yield* take('NEVER')
      log('not reached')
    }
    function* saga() {
      log(`supervise resumed with ${String(yield* supervise(worker, options))}`)
    }
    const { dispatch, task } = start(saga)
    dispatch(END)
    expect(task.isRunning()).toBe(false)
    expect(runs).toBe(1)
    expect(log.entries).toEqual(['supervise resumed with undefined'])
  })

  it('does not leak the crashed runs into the sagaStack of a later failure', () => {
    let runs = 0
    function* worker() {
      runs++
      throw new Error(`crash ${runs}`)
    }
    function* saga() {
      yield* supervise(worker, { restart: 'on-error', maxRestarts: 2, withinMs: 1_000 })
    }
    const stacks: string[] = []
    start(saga, { onError: (_error, { sagaStack }) => stacks.push(sagaStack) })
    expect(stacks).toHaveLength(1)
    expect(stacks[0]!.match(/The above error occurred/g)).toHaveLength(1)
    expect(stacks[0]!.match(/created by/g) ?? []).toHaveLength(1)
  })

  it('puts from the supervised saga reach the store', () => {
    const seen: string[] = []
    function* worker() {
      yield* put({ type: 'HELLO' })
    }
    function* saga() {
      yield* supervise(worker, options)
    }
    start(saga, { dispatch: (action: { type: string }) => void seen.push(action.type) })
    expect(seen).toEqual(['HELLO'])
  })

  it('validates its options with a TypeError naming the option and value', () => {
    function* worker() {}
    expect(() => supervise(worker, { ...options, restart: 'always' as any })).toThrow(
      new TypeError('supervise(saga, options, ...args): options.restart must be \'on-error\', got "always" (string)'),
    )
    expect(() => supervise(worker, { ...options, maxRestarts: -1 })).toThrow(/options.maxRestarts must be an integer >= 0/)
    expect(() => supervise(worker, { ...options, withinMs: Number.NaN })).toThrow(/options.withinMs/)
    expect(() => supervise(worker, { ...options, backoff: { initialMs: -1 } })).toThrow(/backoff.initialMs/)
    expect(() => supervise(worker, { ...options, within: 1_000 } as any)).toThrow(
      'supervise(saga, options, ...args): options has an unknown key "within"; the keys are restart, maxRestarts, withinMs, backoff',
    )
  })

  it('names itself when the saga is missing', () => {
    expect(() => supervise(undefined as any, options)).toThrow(
      new TypeError('supervise(saga, options, ...args): saga must be a saga function (or [context, fn], { context, fn }), got undefined'),
    )
  })
})
