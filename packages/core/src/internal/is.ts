// Type predicates with the reference's exact duck-typing rules (what counts as a promise, an
// iterator, a channel, a pattern...): compatibility depends on them matching, not on taste.
import { IO, MULTICAST, TASK, TASK_CANCEL, TERMINATE } from '../symbols.js'

export const undef = (v: unknown): v is null | undefined => v === null || v === undefined
export const notUndef = (v: unknown): boolean => v !== null && v !== undefined
export const func = (f: unknown): f is (...args: any[]) => any => typeof f === 'function'
export const string = (s: unknown): s is string => typeof s === 'string'
export const array = Array.isArray
export const object = (obj: unknown): obj is Record<PropertyKey, unknown> =>
  !!obj && !array(obj) && typeof obj === 'object'
export const promise = (p: any): p is PromiseLike<unknown> => !!p && typeof p.then === 'function'
export const iterator = (it: any): it is Iterator<unknown> =>
  !!it && typeof it.next === 'function' && typeof it.throw === 'function'
export const task = (t: any): boolean => !!t && !!t[TASK]
export const buffer = (b: any): boolean =>
  !!b && typeof b.isEmpty === 'function' && typeof b.take === 'function' && typeof b.put === 'function'
export const symbol = (s: unknown): s is symbol => typeof s === 'symbol'
export const stringableFunc = (f: unknown): boolean => func(f) && Object.prototype.hasOwnProperty.call(f, 'toString')
export const pattern = (p: any): boolean =>
  !!p && (string(p) || symbol(p) || func(p) || (array(p) && p.every(pattern)))
export const channel = (ch: any): boolean => !!ch && typeof ch.take === 'function' && typeof ch.close === 'function'
export const multicast = (ch: any): boolean => channel(ch) && !!ch[MULTICAST]
export const effect = (e: any): boolean => !!e && !!e[IO]

/*
 * Tests for the two strings the runtime resumes with (TASK_CANCEL, TERMINATE), `typeof` first (the
 * driver's `step` and `next` and the task's `end` write them out, see ARCHITECTURE.md). A
 * value tested against them is anything (a number, an action, a task), and V8 compiles
 * `value === 'a string'` for a site that saw such values into a call of its generic
 * strict-equality builtin, at every step; the `typeof` test is inline (bench "sync call",
 * "fork + join", "all 100k", issue #7). Same result as `===`.
 */
export const taskCancel = (value: unknown): boolean => typeof value === 'string' && value === TASK_CANCEL
/** TERMINATE or TASK_CANCEL: a branch of all / race that ended without a result. */
export const endSignal = (value: unknown): boolean => typeof value === 'string' && (value === TERMINATE || value === TASK_CANCEL)
