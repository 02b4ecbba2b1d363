import { invoke } from '../internal/invoke.js'
import * as is from '../internal/is.js'
import type { Env } from '../internal/env.js'
import { isGeneratorFunction, proc, type Driver, type Frame } from '../internal/proc.js'
import { release, suspend } from '../internal/scheduler.js'
import type { TaskMeta } from '../types.js'
import type { CallPayload } from '../io.js'
import { effectIds } from '../internal/uid.js'
import { ABORTED, RUNNING, type TaskImpl } from '../internal/task.js'
import type { Runner } from './runner.js'

type ForkPayload = CallPayload & { detached?: boolean }

/** Name a helper's iterator carries so its task is named e.g. `takeEvery(ACTION, worker)`. */
export const ITERATOR_META = '@@sagaflow/ITERATOR_META'

/** Meta of a task forked from a function that returned no iterator (or threw): the reference names it 'iterator'. */
const SYNTHETIC_META: TaskMeta = { name: 'iterator' }

/**
 * What a forked function gives: its iterator, or an iterator that ends at once with its
 * (non-iterator) return value. Only a returned promise is awaited (#1573). A synchronous throw
 * becomes a task that fails at once (#152, #441). Such synthetic iterators name their task
 * 'iterator', as the reference's `makeIterator` does (guarded by on-error.test.ts, fork-join.test.ts).
 */
function taskIterator(context: unknown, fn: (...args: any[]) => any, args: unknown[]): Iterator<unknown> {
  try {
    const result = invoke(fn, context, args)
    // is.iterator(result), written out (bench "fork + join", cold path).
    if (result && typeof result.next === 'function' && typeof result.throw === 'function') return result
    let resolved = false
    return {
      [ITERATOR_META]: SYNTHETIC_META,
      next(arg?: unknown) {
        if (resolved) return { value: arg, done: true }
        resolved = true
        return { value: result, done: !is.promise(result) }
      },
      throw(error: unknown): never {
        throw error
      },
      return(value?: unknown) {
        return { value, done: true }
      },
    } as Iterator<unknown>
  } catch (error) {
    return failing(error)
  }
}

/** The iterator of a task whose function threw `error` when called: it fails at once. */
function failing(error: unknown): Iterator<unknown> {
  return {
    [ITERATOR_META]: SYNTHETIC_META,
    next(): never {
      throw error
    },
    throw(e: unknown): never {
      throw e
    },
    return(value?: unknown) {
      return { value, done: true }
    },
  } as Iterator<unknown>
}

/**
 * `fork(fn, ...args)`: starts the child synchronously with the scheduler suspended, as
 * `immediately` does (its puts wait until the parent blocks). Attached: a running child joins the
 * parent's fork queue; a child that already failed aborts the parent, which is not resumed.
 * Detached (`spawn`): resumes with the task. A spawned task gets its parent's context object as
 * prototype at once, so it does not keep its (possibly long finished) parent task alive.
 */
export const runFork: Runner<ForkPayload> = (env, payload, frame, driver) => {
  startFork(env, payload, driver, frame)
}

/**
 * The work of `runFork`, also run without a Frame by the driver's fast path (no monitor, no
 * effect middleware: bench "fork + join", issue #7). The parent resumes with the child inside the
 * suspended scheduler either way: through `frame`, or `driver.resumeFork` which, like a Frame,
 * ignores the result if the parent was cancelled or moved on while the child started.
 */
export function startFork(env: Env, payload: ForkPayload, driver: Driver, frame: Frame | null): void {
  const { context, fn, args, detached } = payload
  // Read before fn runs: fn can dispatch, and a taker of that action cancel or abort this task
  // deeper in the scheduler, which steps the generator on (into a finally that may already wait
  // on another effect); then the new task must not resume it, as the reference's cancelled
  // callback for this fork would not.
  const steps = driver.steps
  // A generator function's generator needs no checks (it is one, and carries no ITERATOR_META),
  // and none that loads from it: its map is the saga's own (see GENERATOR_NEXT in proc.ts).
  let generator = isGeneratorFunction(fn)
  let iterator: Iterator<unknown>
  if (generator) {
    try {
      iterator = invoke(fn, context, args)
    } catch (error) {
      // Binding its parameters threw (a destructured `undefined`, a throwing default).
      iterator = failing(error)
      generator = false
    }
  } else iterator = taskIterator(context, fn, args)
  // The meta of a plain fork is made from `fn` when first read (TaskImpl.meta).
  const meta: TaskMeta | typeof fn = generator ? fn : ((iterator as any)[ITERATOR_META] ?? fn)
  // The driver is its task; the status tests below are isRunning / isAborted written out:
  // calls saved per fork (bench "fork + join", cold path).
  const parent: TaskImpl = driver
  suspend()
  try {
    // The reference passes its global counter here (`current`, after fn ran), not the fork's id.
    const child = proc(env, iterator, detached ? parent.context : parent, effectIds.current, meta, !!detached, undefined, true, generator)
    if (!detached) {
      if (child.status === RUNNING) parent.addMember(child)
      else if (child.status === ABORTED) return parent.abort(child.error())
    }
    if (frame !== null) frame.settle(child)
    else driver.resumeFork(child, steps)
  } finally {
    release()
  }
}
