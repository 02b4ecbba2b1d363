import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { captureUncaught } from './support/virtual-time.js'
import { CancellationToken, CancellationTokenSource, VirtualClock, isCancellationError, systemClock } from '@sagaflow/cancellation'
import { createSagaMiddleware, runSaga, stdChannel, TASK_CANCEL, type Task } from '@sagaflow/core'
import {
  abortSignal,
  all,
  call,
  cancel,
  cancellationToken,
  cancelled,
  debounce,
  delay,
  fork,
  getClock,
  halt,
  join,
  put,
  race,
  retry,
  take,
  takeLatest,
  throttle,
} from '@sagaflow/core/effects'

function track() {
  const entries: unknown[] = []
  const log = (entry: unknown) => entries.push(entry)
  return Object.assign(log, { entries })
}

function start<R>(saga: () => Generator<any, R, any>, options: Parameters<typeof runSaga>[0] = {}) {
  const channel = stdChannel()
  const dispatch = (action: any) => channel.put(action)
  const task = runSaga({ channel, dispatch, onError: () => {}, ...options }, saga)
  return { task, dispatch }
}

describe('task.signal and abortSignal()', () => {
  it('aborts the signal of a task cancelled by cancel(), with a CancellationError naming the canceller', () => {
    let signal!: AbortSignal
    function* child() {
      signal = yield* abortSignal()
      yield* take('NEVER')
    }
    function* parent() {
      const task = yield* fork(child)
      yield* cancel(task)
    }
    start(parent)
    expect(signal.aborted).toBe(true)
    expect(isCancellationError(signal.reason)).toBe(true)
    expect(signal.reason.kind).toBe('cancel')
    expect(signal.reason.message).toContain('was cancelled by task "parent"')
  })

  it('cancels the effect a task waits on before its token fires: a token callback cannot resume the cancelled flow (issue #3)', () => {
    const log = track()
    function* saga() {
      try {
        yield* take('A')
        log('got A')
      } finally {
        const signal = yield* abortSignal()
        log(`finally, aborted: ${signal.aborted}`)
      }
    }
    function* parent() {
      const child = yield* fork(saga)
      child.token.onCancel(() => {
        log('child token fired')
        send({ type: 'A' })
      })
      yield* take('STOP')
    }
    // Cancelled from outside (task.cancel(), a signal): the callback puts the action the take waits for.
    const { task, dispatch } = start(saga)
    task.token.onCancel(() => dispatch({ type: 'A' }))
    task.cancel()
    expect(log.entries).toEqual(['finally, aborted: true'])
    // Cancelled with its parent: its token fires once its take is cancelled, before its finally.
    log.entries.length = 0
    const { task: root, dispatch: send } = start(parent)
    root.cancel()
    expect(log.entries).toEqual(['child token fired', 'finally, aborted: true'])
    // A task whose main flow has returned, waiting for its forks: its token fires before the forks'
    // cleanup runs, as when the main flow still waits.
    log.entries.length = 0
    const { task: done } = start(function* () {
      yield* fork(function* waiting() {
        try {
          yield* take('NEVER')
        } finally {
          log(`fork finally, parent aborted: ${done.signal.aborted}`)
        }
      })
    })
    done.token.onCancel(() => log('parent token fired'))
    done.cancel()
    expect(log.entries).toEqual(['parent token fired', 'fork finally, parent aborted: true'])
  })

  it('never aborts the signal of a task that completes normally', async () => {
    let signal!: AbortSignal
    function* saga() {
      signal = yield* abortSignal()
      yield* delay(1)
      return 'ok'
    }
    const { task } = start(saga)
    expect(await task.toPromise()).toBe('ok')
    expect(signal.aborted).toBe(false)
  })

  it('never aborts the signal of a task that fails on its own', async () => {
    let signal!: AbortSignal
    function* saga(): Generator<any, void, any> {
      signal = yield* abortSignal()
      throw new Error('boom')
    }
    const { task } = start(saga)
    await expect(task.toPromise()).rejects.toThrow('boom')
    expect(signal.aborted).toBe(false)
  })

  it('does not abort the signal of a parent failing because a child failed, but aborts the siblings', () => {
    let parentSignal!: AbortSignal
    let siblingSignal!: AbortSignal
    function* sibling() {
      siblingSignal = yield* abortSignal()
      yield* take('NEVER')
    }
    function* failing(): Generator<any, void, any> {
      yield* take('FAIL')
      throw new Error('child failed')
    }
    function* parent() {
      parentSignal = yield* abortSignal()
      yield* fork(sibling)
      yield* fork(failing)
      yield* take('NEVER')
    }
    const { dispatch } = start(parent)
    dispatch({ type: 'FAIL' })
    expect(parentSignal.aborted).toBe(false)
    expect(siblingSignal.aborted).toBe(true)
    expect(siblingSignal.reason.kind).toBe('parent-error')
  })

  it('aborts the signal of the loser of a race', () => {
    let loser!: AbortSignal
    function* slow() {
      loser = yield* abortSignal()
      yield* take('NEVER')
    }
    function* saga() {
      yield* race({ slow: call(slow), winner: take('WIN') })
    }
    const { dispatch } = start(saga)
    dispatch({ type: 'WIN' })
    expect(loser.aborted).toBe(true)
    expect(loser.reason.kind).toBe('race')
  })

  it('aborts the signals of the pending effects of an all() that fails fast', () => {
    let pending!: AbortSignal
    function* slow() {
      pending = yield* abortSignal()
      yield* take('NEVER')
    }
    function* failing(): Generator<any, void, any> {
      yield* take('FAIL')
      throw new Error('nope')
    }
    function* saga() {
      try {
        yield* all([call(slow), call(failing)])
      } catch {
        // handled
      }
    }
    const { dispatch } = start(saga)
    dispatch({ type: 'FAIL' })
    expect(pending.aborted).toBe(true)
    expect(pending.reason.kind).toBe('all')
  })

  it('aborts the signal of the previous takeLatest worker', () => {
    const signals: AbortSignal[] = []
    function* worker() {
      signals.push(yield* abortSignal())
      yield* take('NEVER')
    }
    function* saga() {
      yield* takeLatest('GO', worker)
    }
    const { dispatch } = start(saga)
    dispatch({ type: 'GO' })
    dispatch({ type: 'GO' })
    expect(signals.map((s) => s.aborted)).toEqual([true, false])
    expect(signals[0]!.reason.message).toContain('takeLatest(GO, worker)')
  })

  it('aborts the signal of forks when their parent is cancelled', () => {
    let forked!: AbortSignal
    function* child() {
      forked = yield* abortSignal()
      yield* take('NEVER')
    }
    function* saga() {
      yield* fork(child)
      yield* take('NEVER')
    }
    const { task } = start(saga)
    task.cancel()
    expect(forked.aborted).toBe(true)
    expect(forked.reason.kind).toBe('parent')
  })

  it('cancels a fetch against a real HTTP server when the task is cancelled', async () => {
    let closed!: () => void
    const connectionClosed = new Promise<void>((resolve) => (closed = resolve))
    const server: Server = createServer((req) => {
      req.socket.on('close', () => closed())
      // never answers
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    const log = track()
    function* fetcher() {
      try {
        const signal = yield* abortSignal()
        yield* call(fetch, `http://127.0.0.1:${port}/slow`, { signal })
        log('response')
      } finally {
        log(['finally, cancelled:', yield* cancelled()])
      }
    }
    function* saga() {
      const task = yield* fork(fetcher)
      yield* take('STOP')
      yield* cancel(task)
    }
    try {
      const { task, dispatch } = start(saga)
      await new Promise((r) => setTimeout(r, 50))
      dispatch({ type: 'STOP' })
      await task.toPromise()
      await connectionClosed
      expect(log.entries).toEqual([['finally, cancelled:', true]])
    } finally {
      server.close()
    }
  })
})

describe('getClock()', () => {
  it("gives the runSaga clock, so token timeouts a saga makes follow a VirtualClock", async () => {
    const clock = new VirtualClock()
    const log = track()
    function* saga() {
      const sagaClock = yield* getClock()
      log(sagaClock === clock)
      const deadline = CancellationToken.timeout(50, { clock: sagaClock })
      deadline.onCancel((reason) => log(`deadline at ${clock.now()}: ${(reason as Error).name}`))
      yield* delay(100)
    }
    const task = runSaga({ clock, onError: () => {} }, saga)
    clock.advance(50)
    expect(log.entries).toEqual([true, 'deadline at 50: TimeoutError'])
    clock.advance(50)
    await task.toPromise()
  })

  it('gives systemClock by default, and the middleware clock under createSagaMiddleware', () => {
    const seen: unknown[] = []
    function* saga() {
      seen.push(yield* getClock())
    }
    runSaga({}, saga)
    const clock = new VirtualClock()
    const middleware = createSagaMiddleware({ clock })
    middleware({ getState: () => ({}), dispatch: (a: unknown) => a })
    middleware.run(saga)
    expect(seen).toEqual([systemClock, clock])
  })
})

describe('cancellationToken()', () => {
  it('gives the task token, cancelled with the same reason as the signal', () => {
    let token!: import('@sagaflow/cancellation').CancellationToken
    const reasons: unknown[] = []
    function* child() {
      token = yield* cancellationToken()
      token.onCancel((reason) => reasons.push(reason))
      yield* take('NEVER')
    }
    function* parent() {
      const task = yield* fork(child)
      yield* cancel(task)
    }
    start(parent)
    expect(token.isCancelled).toBe(true)
    expect(reasons).toHaveLength(1)
    expect(token.signal.reason).toBe(reasons[0])
  })

  it('finishes the cancellation when a callback on the task token throws, and reports the error as uncaught', async () => {
    const reported = await captureUncaught(async () => {
      const log = track()
      let grandchild!: Task
      let child!: Task
      function* grand() {
        try {
          yield* take('NEVER')
        } finally {
          log('grandchild finally')
        }
      }
      function* middle() {
        const token = yield* cancellationToken()
        token.onCancel(() => {
          throw new Error('callback failed')
        })
        token.onCancel(() => log('second callback'))
        grandchild = yield* fork(grand)
        try {
          yield* take('NEVER')
        } finally {
          log('child finally')
        }
      }
      function* parent() {
        child = yield* fork(middle)
        yield* cancel(child)
        log('after cancel')
      }
      const { task } = start(parent)
      expect(log.entries).toEqual(['second callback', 'child finally', 'grandchild finally', 'after cancel'])
      expect(grandchild.isRunning()).toBe(false)
      expect(child.isCancelled()).toBe(true)
      expect(await child.toPromise()).toBe(TASK_CANCEL)
      expect(await task.toPromise()).toBeUndefined()
    })
    expect(reported).toHaveLength(1)
    expect((reported[0] as AggregateError).errors).toEqual([new Error('callback failed')])
  })

  it('throws at a halt what a callback on the halted task token threw, once the task has ended', () => {
    let child!: Task
    function* middle() {
      const token = yield* cancellationToken()
      token.onCancel(() => {
        throw new Error('callback failed')
      })
      yield* take('NEVER')
    }
    let caught: unknown
    function* parent() {
      child = yield* fork(middle)
      try {
        yield* halt(child)
      } catch (error) {
        caught = error
      }
    }
    const { task } = start(parent)
    expect(child.isCancelled()).toBe(true)
    expect(caught).toBeInstanceOf(AggregateError)
    expect((caught as AggregateError).errors).toEqual([new Error('callback failed')])
    expect(task.isRunning()).toBe(false)
  })

  it('exposes the same token on the Task object', () => {
    let inside!: unknown
    function* saga() {
      inside = yield* cancellationToken()
      yield* take('NEVER')
    }
    const { task } = start(saga)
    expect(task.token).toBe(inside)
    expect(task.signal).toBe(task.token.signal)
    task.cancel()
    expect(task.signal.aborted).toBe(true)
  })
})

describe('runSaga({ signal })', () => {
  it('cancels the root task when an AbortSignal aborts', async () => {
    const controller = new AbortController()
    const log = track()
    function* saga() {
      try {
        yield* take('NEVER')
      } finally {
        log(['root cancelled', yield* cancelled()])
      }
    }
    const { task } = start(saga, { signal: controller.signal })
    controller.abort()
    expect(await task.toPromise()).toBe(TASK_CANCEL)
    expect(log.entries).toEqual([['root cancelled', true]])
    expect(task.signal.reason.kind).toBe('signal')
  })

  it('cancels the root task when the signal fires during its synchronous start, at that point', async () => {
    const controller = new AbortController()
    const dispatched: string[] = []
    function* saga() {
      yield* call(() => controller.abort('shutdown'))
      yield* put({ type: 'AFTER_ABORT' })
      return 'completed'
    }
    const { task } = start(saga, { signal: controller.signal, dispatch: (action: any) => dispatched.push(action.type) })
    expect(dispatched).toEqual([])
    expect(task.isCancelled()).toBe(true)
    expect(await task.toPromise()).toBe(TASK_CANCEL)
    expect(task.signal.reason).toMatchObject({ kind: 'signal', reason: 'shutdown' })
  })

  it('cancels the root task when a CancellationToken is cancelled', () => {
    const source = new CancellationTokenSource()
    function* saga() {
      yield* take('NEVER')
    }
    const { task } = start(saga, { signal: source.token })
    source.cancel()
    expect(task.isCancelled()).toBe(true)
  })

  it('does not run the saga when the signal already aborted: its task starts cancelled', async () => {
    const log = track()
    function* saga() {
      try {
        log('body ran')
        yield* put({ type: 'SHOULD_NOT_BE_PUT' })
      } finally {
        log('finally ran')
      }
    }
    const { task } = start(saga, { signal: AbortSignal.abort('stop'), dispatch: (action: { type: string }) => log(action.type) })
    expect(task.isCancelled()).toBe(true)
    expect(await task.toPromise()).toBe(TASK_CANCEL)
    expect(log.entries).toEqual([])
    expect(task.signal.reason.kind).toBe('signal')
  })

  it("gives the root task a 'signal' reason that carries what the signal aborted with", () => {
    const controller = new AbortController()
    const shutdown = new Error('shutting down')
    const { task } = start(function* saga() {
      yield* take('NEVER')
    }, { signal: controller.signal })
    controller.abort(shutdown)
    expect(task.token.reason).toMatchObject({ name: 'CancellationError', kind: 'signal', reason: shutdown, cause: shutdown })
    const { task: late } = start(function* saga() {}, { signal: AbortSignal.abort(shutdown) })
    expect(late.token.reason).toMatchObject({ kind: 'signal', reason: shutdown })
  })

  it('leaves no registration on a token of another copy of @sagaflow/cancellation once the root task ends', async () => {
    let registrations = 0
    // What a second copy of the package (an ESM and a CJS one side by side) looks like: a token by shape.
    const foreign = {
      isCancelled: false,
      canBeCancelled: true,
      reason: undefined,
      throwIfCancelled() {},
      onCancel() {
        registrations++
        let live = true
        const dispose = () => {
          if (live) registrations--
          live = false
        }
        return { dispose, [Symbol.dispose]: dispose }
      },
    }
    for (let i = 0; i < 3; i++) {
      const { task } = start(function* saga() {}, { signal: foreign as unknown as AbortSignal })
      await task.toPromise()
    }
    expect(registrations).toBe(0)
  })

  it('rejects a signal that is neither an AbortSignal nor a token, before the saga starts', () => {
    const log = track()
    function* saga() {
      log('body ran')
    }
    expect(() => start(saga, { signal: {} as AbortSignal })).toThrow(/options\.signal must be an AbortSignal or a CancellationToken/)
    expect(log.entries).toEqual([])
  })

  it('checks createSagaMiddleware({ clock, signal }) when the middleware is made, naming it', () => {
    expect(() => createSagaMiddleware({ clock: 5 as any })).toThrow(
      new TypeError('createSagaMiddleware(options): options.clock must be a Clock ({ now, setTimeout, clearTimeout }), got 5 (number)'),
    )
    expect(() => createSagaMiddleware({ signal: {} as AbortSignal })).toThrow(
      'createSagaMiddleware(options): options.signal must be an AbortSignal or a CancellationToken, got [object Object]',
    )
    expect(() => createSagaMiddleware({ clock: new VirtualClock(), signal: new AbortController().signal })).not.toThrow()
    // An object String() cannot convert still gets the message, not "Cannot convert object to primitive value".
    expect(() => createSagaMiddleware({ signal: Object.create(null) as AbortSignal })).toThrow(
      'createSagaMiddleware(options): options.signal must be an AbortSignal or a CancellationToken, got [object Object]',
    )
  })
})

describe('halt()', () => {
  it('resumes only after async work in the finally of the halted task has finished', async () => {
    const log = track()
    function* child() {
      try {
        yield* take('NEVER')
      } finally {
        log('cleanup start')
        yield* delay(20)
        log('cleanup end')
      }
    }
    function* parent() {
      const task = yield* fork(child)
      yield* halt(task)
      log('halted')
      yield* cancel(task)
    }
    const { task } = start(parent)
    await task.toPromise()
    expect(log.entries).toEqual(['cleanup start', 'cleanup end', 'halted'])
  })

  it('waits for the cleanup of the halted task sub-tasks and forks too', async () => {
    const clock = new VirtualClock()
    const log = track()
    function* sub() {
      try {
        yield* take('NEVER')
      } finally {
        yield* delay(50)
        log('sub cleaned')
      }
    }
    function* forked() {
      try {
        yield* take('NEVER')
      } finally {
        yield* delay(100)
        log('fork cleaned')
      }
    }
    function* target() {
      yield* fork(forked)
      yield* call(sub)
    }
    function* parent() {
      const task = yield* fork(target)
      yield* halt(task)
      log(`halted at ${clock.now()}`)
    }
    const { task } = start(parent, { clock })
    await Promise.resolve()
    clock.advance(50)
    await Promise.resolve()
    clock.advance(50)
    await task.toPromise()
    expect(log.entries).toEqual(['sub cleaned', 'fork cleaned', 'halted at 100'])
  })

  it('resumes at once for a task that already finished', () => {
    const log = track()
    function* quick() {
      return 1
    }
    function* parent() {
      const task = yield* fork(quick)
      yield* halt(task)
      log(yield* join(task))
    }
    start(parent)
    expect(log.entries).toEqual([1])
  })

  it('does not cut short a cleanup under way when the task is cancelled again', async () => {
    const clock = new VirtualClock()
    const log = track()
    function* child() {
      try {
        yield* take('NEVER')
      } finally {
        yield* delay(10)
        log('cleanup finished')
      }
    }
    let childTask!: Task
    function* parent() {
      childTask = yield* fork(child)
      yield* take('NEVER')
    }
    const { task } = start(parent, { clock })
    childTask.cancel()
    task.cancel()
    childTask.cancel()
    clock.runAll()
    await Promise.resolve()
    await Promise.resolve()
    expect(log.entries).toEqual(['cleanup finished'])
  })

  /** Cleanup that fails: a flush or a release that throws. */
  const fail = (message: string): never => {
    throw new Error(message)
  }

  /** Blocks until cancelled; its cleanup waits `waitMs` on the clock (if any), then throws `message`. */
  function* failingCleanup(message: string, waitMs = 0) {
    try {
      yield* take('NEVER')
    } finally {
      if (waitMs > 0) yield* delay(waitMs)
      yield* call(fail, message)
    }
  }

  /** Forks `targets()`, halts them (one task, or the array) and logs what the halt threw; returns 'parent done'. */
  function haltingParent(log: (entry: unknown) => void, targets: () => Generator<unknown, Task | Task[], any>, format: (error: Error) => unknown = (error) => `caught ${error.message}`) {
    return function* parent() {
      const tasks = yield* targets()
      try {
        yield* halt(tasks)
        log('halted')
      } catch (error) {
        log(format(error as Error))
      }
      return 'parent done'
    }
  }

  it('reports what the cleanup threw when a task halts itself (its own halt cannot throw it any more)', async () => {
    let me!: Task
    function* child(): Generator<any, void, any> {
      try {
        yield* take('GO')
        yield* halt(me)
      } finally {
        // eslint-disable-next-line no-unsafe-finally
        throw new Error('cleanup boom')
      }
    }
    function* parent() {
      me = yield* fork(child)
      yield* take('NEVER')
    }
    const reported = await captureUncaught(() => {
      const { dispatch } = start(parent)
      dispatch({ type: 'GO' })
    })
    expect(me.isCancelled()).toBe(true)
    expect(reported).toEqual([new Error('cleanup boom')])
  })

  it('fails, instead of waiting forever, when a task halts itself from its own cleanup', async () => {
    const log = track()
    let me!: Task
    function* child() {
      try {
        yield* take('NEVER')
      } finally {
        try {
          yield* halt(me)
        } catch (error) {
          log((error as Error).message)
        }
      }
    }
    function* parent() {
      me = yield* fork(child)
      yield* halt(me)
      log('parent halted')
    }
    const { task } = start(parent)
    await task.toPromise()
    expect(log.entries).toEqual([
      'halt(task): task "child" is part of the cleanup of task "child" (it is that task), so halting "child" from it would wait forever; ' +
        'halt "child" from a task outside it, or use cancel(task), which does not wait',
      'parent halted',
    ])
  })

  it('fails, instead of waiting forever, when a task halts an ancestor from its cleanup, and the ancestor halt sees it', async () => {
    const log = track()
    let outer!: Task
    function* inner() {
      try {
        yield* take('NEVER')
      } finally {
        yield* halt(outer)
      }
    }
    function* outerSaga() {
      yield* fork(inner)
      yield* take('NEVER')
    }
    const parent = haltingParent(log, function* () {
      outer = yield* fork(outerSaga)
      return outer
    }, (error) => error.message)
    const { task } = start(parent)
    await expect(task.toPromise()).resolves.toBe('parent done')
    expect(log.entries).toEqual([
      'halt(task): task "inner" is part of the cleanup of task "outerSaga" (it was started by "outerSaga"), so halting "outerSaga" from it would wait forever; ' +
        'halt "outerSaga" from a task outside it, or use cancel(task), which does not wait',
    ])
  })

  it('throws at the halt what the async cleanup of the halted task threw (not an unhandled rejection)', async () => {
    const clock = new VirtualClock()
    const log = track()
    const parent = haltingParent(log, function* () {
      return yield* fork(failingCleanup, 'flush failed', 10)
    }, (error) => `caught ${error.message} at ${clock.now()}`)
    const { task } = start(parent, { clock })
    await Promise.resolve()
    clock.advance(10)
    await expect(task.toPromise()).resolves.toBe('parent done')
    expect(log.entries).toEqual(['caught flush failed at 10'])
  })

  it('throws into the halting saga, where its try/catch sees it, what a synchronous cleanup threw', () => {
    const log = track()
    const { task } = start(haltingParent(log, function* () {
      return yield* fork(failingCleanup, 'release failed')
    }))
    expect(log.entries).toEqual(['caught release failed'])
    expect(task.isAborted()).toBe(false)
  })

  it('throws one AggregateError at the halt when several cleanups threw', () => {
    const log = track()
    start(haltingParent(log, function* () {
      return [yield* fork(failingCleanup, 'a failed'), yield* fork(failingCleanup, 'b failed')]
    }, (error) => [error.message, (error as AggregateError).errors.map((e: Error) => e.message)]))
    expect(log.entries).toEqual([['halt([...tasks]): the cleanup threw 2 errors (see .errors)', ['a failed', 'b failed']]])
  })

  it('throws at the halt what the cleanup of a sub-task of the halted task threw', async () => {
    const clock = new VirtualClock()
    const log = track()
    function* target() {
      yield* call(failingCleanup, 'sub cleanup failed', 5)
    }
    const { task } = start(haltingParent(log, function* () {
      return yield* fork(target)
    }), { clock })
    await Promise.resolve()
    clock.advance(5)
    await task.toPromise()
    expect(log.entries).toEqual(['caught sub cleanup failed'])
  })
})

describe('the clock option', () => {
  it('drives delay on a VirtualClock, so an hour passes at once', async () => {
    const clock = new VirtualClock()
    function* saga() {
      yield* delay(3_600_000)
      return clock.now()
    }
    const { task } = start(saga, { clock })
    clock.advance(3_600_000)
    expect(await task.toPromise()).toBe(3_600_000)
  })

  it('drives debounce and throttle', async () => {
    const clock = new VirtualClock()
    const log = track()
    function* worker(action: { type: string; n: number }) {
      log(`${action.type} ${action.n} @${clock.now()}`)
    }
    function* saga() {
      yield* debounce(100, 'D', worker)
      yield* throttle(100, 'T', worker)
    }
    const { dispatch } = start(saga, { clock })
    dispatch({ type: 'D', n: 1 })
    dispatch({ type: 'T', n: 1 })
    dispatch({ type: 'T', n: 2 })
    await Promise.resolve()
    clock.advance(50)
    dispatch({ type: 'D', n: 2 })
    for (let i = 0; i < 4; i++) {
      await Promise.resolve()
      clock.advance(50)
    }
    await Promise.resolve()
    expect(log.entries).toEqual(['T 1 @0', 'T 2 @100', 'D 2 @150'])
  })

  it('drives retry back-off', async () => {
    const clock = new VirtualClock()
    let attempts = 0
    const flaky = () => {
      attempts++
      if (attempts < 3) throw new Error(`attempt ${attempts}`)
      return clock.now()
    }
    function* saga() {
      return yield* retry(5, 1000, flaky)
    }
    const { task } = start(saga, { clock })
    for (let i = 0; i < 3; i++) {
      await Promise.resolve()
      clock.runAll()
    }
    expect(await task.toPromise()).toBe(2000)
  })
})
