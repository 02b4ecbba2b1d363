/*
 * Short, readable text for effects and values in failure messages: effects print as the code
 * that creates them (`put({ type: 'ADD', payload: 42 })`, `call(fetchUser, 7)`, `delay(500)`,
 * `takeEvery('SEARCH', search)`), values like a terse `util.inspect` (no Node API: the package
 * runs in browsers).
 */
import { effectTypes } from '@sagaflow/core'
import { camelCase, fnName, isDelayFn, isEffect, isIterator, isPromise, isTask, SELF_CANCELLATION } from './effects.js'
import { isAsymmetricMatcher } from './deep-equal.js'

const MAX_DEPTH = 4
const MAX_ITEMS = 12
/** The functions the helpers fork or call, by name (the names redux-saga 1.5.1 ships, which sagaflow's carry too). */
const HELPERS: Readonly<Record<string, string>> = {
  takeEvery$1: 'takeEvery',
  takeLatest$1: 'takeLatest',
  takeLeading$1: 'takeLeading',
  throttle$1: 'throttle',
  debounceHelper: 'debounce',
  retry$1: 'retry',
}

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`
}

function formatKey(key: PropertyKey): string {
  if (typeof key === 'symbol') return `[${String(key)}]`
  return /^[A-Za-z_$][\w$]*$/.test(key as string) ? (key as string) : quote(key as string)
}

function isChannel(value: any): boolean {
  return !!value && typeof value.take === 'function' && typeof value.close === 'function'
}

/** A value as text (see the module comment). */
export function formatValue(value: unknown, depth = 0, seen: unknown[] = []): string {
  switch (typeof value) {
    case 'string':
      return quote(value)
    case 'bigint':
      return `${value}n`
    case 'symbol':
      return String(value)
    case 'function':
      return fnName(value)
    case 'undefined':
      return 'undefined'
    case 'number':
    case 'boolean':
      return String(value)
  }
  if (value === null) return 'null'
  if (isEffect(value)) return formatEffect(value, depth, seen)
  if ((value as Record<string, unknown>)['@@sagaflow/testing/MATCHER'] === true) return (value as { description: string }).description
  if (isTask(value)) return `Task(${value.meta?.name ?? 'anonymous'})`
  if (isAsymmetricMatcher(value)) {
    const matcher = value as { toAsymmetricMatcher?: () => string; toString(): string }
    return typeof matcher.toAsymmetricMatcher === 'function' ? matcher.toAsymmetricMatcher() : matcher.toString()
  }
  if (value instanceof Error) return `${errorName(value)}: ${value.message}`
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString()
  if (value instanceof RegExp) return String(value)
  if (isPromise(value)) return 'Promise'
  if (isIterator(value)) return 'Iterator'
  if (isChannel(value)) return 'Channel'
  if (seen.includes(value)) return '[Circular]'
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? '[Array]' : '[Object]'
  seen.push(value)
  try {
    if (Array.isArray(value)) return `[${items(value.map((v) => formatValue(v, depth + 1, seen)))}]`
    if (value instanceof Map) {
      return `Map(${value.size}) {${wrap(items([...value].map(([k, v]) => `${formatValue(k, depth + 1, seen)} => ${formatValue(v, depth + 1, seen)}`)))}}`
    }
    if (value instanceof Set) return `Set(${value.size}) {${wrap(items([...value].map((v) => formatValue(v, depth + 1, seen))))}}`
    const object = value as Record<PropertyKey, unknown>
    const keys: PropertyKey[] = [...Object.keys(object), ...Object.getOwnPropertySymbols(object)]
    const body = items(keys.map((key) => `${formatKey(key)}: ${formatValue(object[key as string], depth + 1, seen)}`))
    const proto = Object.getPrototypeOf(object)
    const name = proto && proto !== Object.prototype && proto.constructor !== Object ? `${proto.constructor?.name ?? ''} ` : ''
    return `${name}{${wrap(body)}}`
  } finally {
    seen.pop()
  }
}

function items(parts: string[]): string {
  if (parts.length <= MAX_ITEMS) return parts.join(', ')
  return [...parts.slice(0, MAX_ITEMS), `... ${parts.length - MAX_ITEMS} more`].join(', ')
}

const wrap = (body: string): string => (body ? ` ${body} ` : '')

function formatPattern(pattern: unknown, depth: number, seen: unknown[]): string {
  if (typeof pattern === 'function') {
    return Object.prototype.hasOwnProperty.call(pattern, 'toString') ? quote(String(pattern)) : fnName(pattern)
  }
  if (Array.isArray(pattern)) return `[${pattern.map((p) => formatPattern(p, depth, seen)).join(', ')}]`
  return formatValue(pattern, depth, seen)
}

function formatCall(name: string, payload: any, depth: number, seen: unknown[]): string {
  const args = (payload.args as unknown[]).map((arg) => formatValue(arg, depth + 1, seen))
  const fn = fnName(payload.fn)
  const helper = Object.prototype.hasOwnProperty.call(HELPERS, fn) ? HELPERS[fn] : undefined
  if (helper !== undefined && payload.context == null) return `${helper}(${args.join(', ')})`
  const target = payload.context == null ? fn : `[${formatValue(payload.context, depth + 1, seen)}, ${fn}]`
  return `${name}(${[target, ...args].join(', ')})`
}

/** An effect as the code that creates it. */
export function formatEffect(effect: unknown, depth = 0, seen: unknown[] = []): string {
  if (!isEffect(effect)) return formatValue(effect, depth, seen)
  const payload = effect.payload as any
  const value = (v: unknown): string => formatValue(v, depth + 1, seen)
  switch (effect.type) {
    case effectTypes.TAKE: {
      const name = payload.maybe ? 'takeMaybe' : 'take'
      if (payload.channel) return payload.pattern === undefined ? `${name}(channel)` : `${name}(channel, ${formatPattern(payload.pattern, depth, seen)})`
      return `${name}(${formatPattern(payload.pattern, depth, seen)})`
    }
    case effectTypes.PUT: {
      const name = payload.resolve ? 'putResolve' : 'put'
      return payload.channel ? `${name}(channel, ${value(payload.action)})` : `${name}(${value(payload.action)})`
    }
    case effectTypes.CALL:
      if (isDelayFn(payload.fn)) return `delay(${(payload.args as unknown[]).map(value).join(', ')})`
      return formatCall('call', payload, depth, seen)
    case effectTypes.CPS:
      return formatCall('cps', payload, depth, seen)
    case effectTypes.FORK:
      return formatCall(payload.detached ? 'spawn' : 'fork', payload, depth, seen)
    case effectTypes.SELECT: {
      const selector = fnName(payload.selector)
      const args = (payload.args as unknown[]).map(value)
      return selector === 'identity' && args.length === 0 ? 'select()' : `select(${[selector, ...args].join(', ')})`
    }
    case effectTypes.ALL:
    case effectTypes.RACE: {
      const name = effect.type === effectTypes.ALL ? 'all' : 'race'
      if (depth >= MAX_DEPTH) return `${name}(...)`
      if (Array.isArray(payload)) return `${name}([${payload.map((e) => formatEffect(e, depth + 1, seen)).join(', ')}])`
      const entries = Object.keys(payload).map((key) => `${formatKey(key)}: ${formatEffect(payload[key], depth + 1, seen)}`)
      return `${name}({${wrap(entries.join(', '))}})`
    }
    case effectTypes.CANCEL:
      return payload === SELF_CANCELLATION ? 'cancel()' : `cancel(${value(payload)})`
    case effectTypes.JOIN:
      return `join(${value(payload)})`
    case effectTypes.CANCELLED:
      return 'cancelled()'
    case effectTypes.FLUSH:
      return 'flush(channel)'
    case effectTypes.ACTION_CHANNEL:
      return `actionChannel(${formatPattern(payload.pattern, depth, seen)}${payload.buffer ? ', buffer' : ''})`
    case effectTypes.GET_CONTEXT:
      return `getContext(${value(payload)})`
    case effectTypes.SET_CONTEXT:
      return `setContext(${value(payload)})`
    default: {
      const isEmpty = payload && typeof payload === 'object' && !Array.isArray(payload) && Object.keys(payload).length === 0
      return `${camelCase(effect.type)}(${payload === undefined || isEmpty ? '' : value(payload)})`
    }
  }
}

/**
 * An error's name as a reader knows it: `name`, or its class's name when `name` is only inherited
 * (`class NotFound extends Error {}` has name 'Error', and printing that would hide which error it was).
 */
function errorName(error: Error): string {
  const className = (error.constructor as { name?: unknown } | undefined)?.name
  const inherited = !Object.prototype.hasOwnProperty.call(error, 'name') && !Object.prototype.hasOwnProperty.call(Object.getPrototypeOf(error), 'name')
  return inherited && typeof className === 'string' && className !== '' && className !== error.name ? className : error.name
}
