/*
 * Readable one-line descriptions of effects, as a person would have written them in the saga:
 * `call(fetchUser, 1)`, `take('LOGIN')`, `put({type:'X'})`, `race({a, b})`, `delay(500)`.
 * Values are abbreviated (depth, key count and length limits) so a description stays one line
 * whatever the payload holds.
 */
import { effectTypes } from '../effect-types.js'
import { delayP } from '../internal/delay.js'
import * as is from '../internal/is.js'
import { SELF_CANCELLATION } from '../symbols.js'

const MAX_LENGTH = 120
const MAX_KEYS = 4
const MAX_DEPTH = 2
const MAX_STRING = 40

/** Describes an effect (or any yielded value) in one line. */
export function describeEffect(effect: unknown): string {
  return clip(describe(effect), MAX_LENGTH)
}

/**
 * What an effect is for display: its `type` (`'CALL'`, `'TAKE'`...), or `'PROMISE'`,
 * `'ITERATOR'`, `'VALUE'` for a yielded non-effect.
 */
export function effectTypeOf(effect: unknown): string {
  if (is.effect(effect)) return String((effect as { type: unknown }).type)
  if (is.promise(effect)) return 'PROMISE'
  if (is.iterator(effect)) return 'ITERATOR'
  return 'VALUE'
}

/**
 * A lowercase kind used for colouring: the effect type, except `delay` for the call behind
 * `delay(ms)` and `spawn` for a detached fork.
 */
export function effectKindOf(effect: unknown): string {
  if (!is.effect(effect)) return effectTypeOf(effect).toLowerCase()
  const { type, payload } = effect as { type: string; payload: any }
  if (type === effectTypes.CALL && payload?.fn === delayP) return 'delay'
  if (type === effectTypes.FORK && payload?.detached) return 'spawn'
  return type.toLowerCase().replace(/_/g, '-')
}

/** A function's name as the saga author wrote it (`anonymous` if it has none). */
export function functionName(fn: unknown): string {
  if (!is.func(fn)) return String(fn)
  return fn.name || 'anonymous'
}

/** Whether `effect` runs its children (all, race, use, timeout...) in the task that yielded it. */
export function runsChildEffectsInline(effect: unknown): boolean {
  if (!is.effect(effect)) return false
  const { type, combinator, payload } = effect as { type: string; combinator?: boolean; payload: any }
  if (combinator === true || type === effectTypes.ALL || type === effectTypes.RACE) return true
  if (type === effectTypes.CALL || type === effectTypes.CPS || type === effectTypes.FORK) return false
  // An effect of another kind whose payload holds what it digests (an effect, or a saga's
  // iterator or a promise given as one: `use(acquire)`, `timeout(ms, effect)`) runs it for the
  // same task: a yielded iterator is then the child effect whose own effects form a sub-task. One
  // that holds none but starts sub-sagas (a function that returns an iterator) runs them as
  // sub-tasks.
  if (isDigested(payload)) return true
  if (payload && typeof payload === 'object') {
    for (const key of Object.keys(payload)) if (isDigested(payload[key])) return true
  }
  return false
}

/** What a runner digests as a child effect: an effect, an iterator or a promise. */
const isDigested = (value: unknown): boolean => is.effect(value) || is.iterator(value) || is.promise(value)

function describe(effect: unknown): string {
  if (!is.effect(effect)) {
    if (is.promise(effect)) return 'promise'
    if (is.iterator(effect)) return 'iterator'
    return formatValue(effect)
  }
  const { type, payload } = effect as { type: string; payload: any }
  switch (type) {
    case effectTypes.TAKE: {
      const name = payload.maybe ? 'takeMaybe' : 'take'
      if (payload.channel) return payload.pattern !== undefined ? `${name}(channel, ${formatPattern(payload.pattern)})` : `${name}(channel)`
      return `${name}(${formatPattern(payload.pattern)})`
    }
    case effectTypes.PUT: {
      const name = payload.resolve ? 'putResolve' : 'put'
      return payload.channel ? `${name}(channel, ${formatValue(payload.action)})` : `${name}(${formatValue(payload.action)})`
    }
    case effectTypes.CALL:
      if (payload.fn === delayP) return `delay(${formatArgs(payload.args)})`
      return describeCall('call', payload)
    case effectTypes.CPS:
      return describeCall('cps', payload)
    case effectTypes.FORK:
      return describeCall(payload.detached ? 'spawn' : 'fork', payload)
    case effectTypes.SELECT: {
      const { selector, args } = payload
      if (is.func(selector) && selector.name === 'identity' && !args.length) return 'select()'
      return `select(${[functionName(selector), ...args.map((arg: unknown) => formatValue(arg))].join(', ')})`
    }
    case effectTypes.JOIN:
      return `join(${formatTasks(payload)})`
    case effectTypes.CANCEL:
      return payload === SELF_CANCELLATION ? 'cancel()' : `cancel(${formatTasks(payload)})`
    case 'HALT':
      return `halt(${formatTasks(payload)})`
    case effectTypes.ALL:
    case effectTypes.RACE:
      return `${type.toLowerCase()}(${formatCombined(payload)})`
    case effectTypes.ACTION_CHANNEL:
      return `actionChannel(${formatPattern(payload.pattern)})`
    case effectTypes.FLUSH:
      return 'flush(channel)'
    case effectTypes.CANCELLED:
      return 'cancelled()'
    case effectTypes.GET_CONTEXT:
      return `getContext(${formatValue(payload)})`
    case effectTypes.SET_CONTEXT:
      return `setContext(${formatValue(payload)})`
    default:
      return describeOther(type, payload)
  }
}

/**
 * The functions behind the helpers, by name: `fork(takeEveryHelper, ...)` is what `takeEvery(...)`
 * returns. The reference's helpers and sagaflow's have the same names (those redux-saga 1.5.1
 * ships: `takeEvery$1`, `debounceHelper`, `retry$1`...).
 */
const HELPERS: Record<string, string> = {
  takeEvery$1: 'takeEvery',
  takeLatest$1: 'takeLatest',
  takeLeading$1: 'takeLeading',
  takeLatestByHelper: 'takeLatestBy',
  takeLeadingByHelper: 'takeLeadingBy',
  throttle$1: 'throttle',
  debounceHelper: 'debounce',
  retry$1: 'retry',
}

/** The helper a function of that name is behind (`retry$1`: `retry`), or the name itself. */
export function helperName(fnName: string): string {
  return Object.prototype.hasOwnProperty.call(HELPERS, fnName) ? HELPERS[fnName]! : fnName
}

/** `call(fn, ...args)`; a helper reads as the helper call the saga wrote (`takeEvery('X', worker)`). */
function describeCall(name: string, payload: { fn: unknown; args: unknown[] }): string {
  const fnName = functionName(payload.fn)
  const helper = Object.prototype.hasOwnProperty.call(HELPERS, fnName) ? HELPERS[fnName] : undefined
  if (helper && name !== 'spawn') return `${helper}(${formatArgs(payload.args)})`
  const args = payload.args.length ? `, ${formatArgs(payload.args)}` : ''
  return `${name}(${fnName}${args})`
}

/** Effects sagaflow or a user added: `SOME_TYPE` reads `someType(...)` with the payload's values. */
function describeOther(type: string, payload: unknown): string {
  const name = type.toLowerCase().replace(/[_-]+([a-z0-9])/g, (_, c: string) => c.toUpperCase())
  if (payload === undefined || (is.object(payload) && !is.effect(payload) && Object.keys(payload).length === 0)) return `${name}()`
  if (isPlainObject(payload)) {
    // `{ ms, effect }` reads `timeout(500, call(fetch))`; helper objects (a circuit breaker) are left out.
    const values = Object.values(payload).filter((v) => v !== undefined && (isDigested(v) || !isInstance(v)))
    return `${name}(${values.map((v) => formatValue(v)).join(', ')})`
  }
  return `${name}(${is.effect(payload) ? describe(payload) : formatValue(payload)})`
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (!is.object(value) || is.effect(value)) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** An object made by a class (not plain data, an array, an error or a date). */
function isInstance(value: unknown): boolean {
  if (!is.object(value) || is.effect(value) || value instanceof Error || value instanceof Date) return false
  return !isPlainObject(value)
}

function formatArgs(args: readonly unknown[]): string {
  return args.map((arg) => formatValue(arg)).join(', ')
}

function formatCombined(effects: any): string {
  if (is.array(effects)) return `[${effects.map((e) => (is.effect(e) ? describe(e) : formatValue(e))).join(', ')}]`
  if (effects && typeof effects === 'object') return `{${Object.keys(effects).join(', ')}}`
  return formatValue(effects)
}

function formatTasks(tasks: unknown): string {
  if (is.array(tasks)) return `[${tasks.map(formatTask).join(', ')}]`
  return formatTask(tasks)
}

function formatTask(task: unknown): string {
  if (is.task(task)) return (task as { meta?: { name?: string } }).meta?.name ?? 'task'
  return formatValue(task)
}

function formatPattern(pattern: unknown): string {
  if (is.array(pattern)) return `[${pattern.map(formatPattern).join(', ')}]`
  if (is.stringableFunc(pattern)) return quote(String(pattern))
  if (is.func(pattern)) return functionName(pattern)
  return formatValue(pattern)
}

/** A compact, JavaScript-looking rendering of any value: `{type:'X', id:1}`, `[1, 2]`, `fetchUser`. */
export function formatValue(value: unknown, depth = 0): string {
  switch (typeof value) {
    case 'string':
      return quote(value)
    case 'number':
    case 'boolean':
    case 'undefined':
      return String(value)
    case 'bigint':
      return `${value}n`
    case 'symbol':
      return value.toString()
    case 'function':
      return functionName(value)
  }
  if (value === null) return 'null'
  if (is.effect(value)) return describe(value)
  if (is.task(value)) return `task(${formatTask(value)})`
  if (is.channel(value)) return 'channel'
  if (value instanceof Error) return `${value.name}(${quote(value.message)})`
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (is.promise(value)) return 'promise'
  if (is.iterator(value)) return 'iterator'
  if (depth >= MAX_DEPTH) return is.array(value) ? '[…]' : '{…}'
  if (is.array(value)) {
    const items = value.slice(0, MAX_KEYS).map((item) => formatValue(item, depth + 1))
    if (value.length > MAX_KEYS) items.push('…')
    return `[${items.join(', ')}]`
  }
  const object = value as Record<string, unknown>
  const keys = Object.keys(object)
  const entries = keys.slice(0, MAX_KEYS).map((key) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : quote(key)}:${formatValue(object[key], depth + 1)}`)
  if (keys.length > MAX_KEYS) entries.push('…')
  const proto = Object.getPrototypeOf(object)
  const ctor = proto && proto !== Object.prototype ? proto.constructor?.name : undefined
  return `${ctor && ctor !== 'Object' ? `${ctor} ` : ''}{${entries.join(', ')}}`
}

function quote(text: string): string {
  const short = text.length > MAX_STRING ? `${text.slice(0, MAX_STRING - 1)}…` : text
  return `'${short.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
