/*
 * `sagaStack` bookkeeping (reference 3.11). Module singletons, as in the reference: every
 * rejected effect records itself as the crashed effect, every task that aborts adds a frame on
 * the way up, a root task prints and clears them, and an error caught by user code clears them.
 */
import { SAGA_LOCATION } from '../symbols.js'
import type { TaskMeta } from '../types.js'

interface SagaFrame {
  meta: TaskMeta
  cancelledTasks: string[]
  crashedEffect: unknown
}

let crashedEffect: unknown = null
const sagaStack: SagaFrame[] = []

export function setCrashedEffect(effect: unknown): void {
  crashedEffect = effect
}

/**
 * What a frame that may stay blocked for long keeps of its effect, for the saga stack: the effect
 * if it carries a location, else null. Only the location of a crashed effect is ever read (see
 * `sagaStackToString`), so both give the same stack; a task blocked on `take` or `delay` then
 * does not keep its effect and the effect's payload alive (bench "fork 25k on take", "fork 100k
 * on delay": heap per blocked task and the collector's work, issue #7). The location is read when
 * the effect is digested, not when it crashes: one set later, on an effect already yielded, is
 * not seen.
 */
export function crashRecord(effect: unknown): unknown {
  return (effect as Record<string, unknown>)[SAGA_LOCATION] ? effect : null
}

export function addSagaFrame(meta: TaskMeta, cancelledTasks: string[]): void {
  sagaStack.push({ meta, cancelledTasks, crashedEffect })
}

export function clearSagaStack(): void {
  crashedEffect = null
  sagaStack.length = 0
}

function locationOf(value: any): { fileName: string; lineNumber: number; code?: string } | undefined {
  return value ? value[SAGA_LOCATION] : undefined
}

function sagaLocationAsString(meta: TaskMeta): string {
  return meta.location ? `${meta.name}  ${meta.location.fileName}?${meta.location.lineNumber}` : meta.name
}

/** The reference's text: crashed task and effect, the chain of parents, the tasks cancelled. */
export function sagaStackToString(): string {
  const [first, ...others] = sagaStack
  if (!first) return ''
  const location = first.crashedEffect ? locationOf(first.crashedEffect) : undefined
  const effectText = location ? `${location.code}  ${location.fileName}?${location.lineNumber}` : ''
  const message = `The above error occurred in task ${sagaLocationAsString(first.meta)}${effectText ? ` \n when executing effect ${effectText}` : ''}`
  const cancelled = sagaStack.flatMap((frame) => frame.cancelledTasks)
  const cancelledText = cancelled.length ? ['Tasks cancelled due to error:', ...cancelled].join('\n') : ''
  return [message, ...others.map((frame) => `    created by ${sagaLocationAsString(frame.meta)}`), cancelledText].join('\n')
}

export function metaOf(fn: any): TaskMeta {
  return { name: (fn && fn.name) || 'anonymous', location: locationOf(fn) }
}
