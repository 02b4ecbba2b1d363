import * as is from '../internal/is.js'
import { proc } from '../internal/proc.js'
import { metaOf } from '../internal/saga-error.js'
import { immediately } from '../internal/scheduler.js'
import type { TaskMeta } from '../types.js'
import type { CallPayload } from '../io.js'
import type { Runner } from './runner.js'

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
    const result = fn.apply(context, args)
    if (is.iterator(result)) return result
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
}

/**
 * `fork(fn, ...args)`: starts the child synchronously inside `immediately` (its puts wait until
 * the parent blocks). Attached: a running child joins the parent's fork queue; a child that
 * already failed aborts the parent, which is not resumed. Detached (`spawn`): resumes with the task.
 */
export const runFork: Runner<CallPayload & { detached?: boolean }> = (env, { context, fn, args, detached }, frame, driver) => {
  const iterator = taskIterator(context, fn, args)
  const meta: TaskMeta = (iterator as any)[ITERATOR_META] ?? metaOf(fn)
  const parent = driver.task
  immediately(() => {
    const child = proc(env, iterator, parent.context, frame.id, meta, !!detached, undefined, detached ? null : parent)
    if (detached) frame.settle(child)
    else if (child.isRunning()) {
      parent.addMember(child)
      frame.settle(child)
    } else if (child.isAborted()) parent.abort(child.error())
    else frame.settle(child)
  })
}
