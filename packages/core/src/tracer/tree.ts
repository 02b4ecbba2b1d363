import type { TracedEffect, TracedTask, TraceSnapshot } from './types.js'

/** `850ms`, `1.2s`, `2m 05s`, `1h 02m`. */
export function formatDuration(ms: number): string {
  if (!(ms >= 0)) ms = 0
  if (ms < 1000) return `${Math.round(ms)}ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`
  const seconds = Math.floor(ms / 1000)
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`
  return `${Math.floor(seconds / 3600)}h ${String(Math.floor(seconds / 60) % 60).padStart(2, '0')}m`
}

/** Tasks grouped under their parent, in start order; `null` holds the roots. */
export function childrenByParent(tasks: readonly TracedTask[]): Map<number | null, TracedTask[]> {
  const children = new Map<number | null, TracedTask[]>()
  for (const task of tasks) {
    const siblings = children.get(task.parentId)
    if (siblings) siblings.push(task)
    else children.set(task.parentId, [task])
  }
  return children
}

/**
 * What a running task is blocked on, in words (`''` if nothing); for a cancelled task whose
 * cleanup still runs, what that cleanup is blocked on.
 */
export function waitingText(task: TracedTask, effectsById: ReadonlyMap<number, TracedEffect>, hasRunningChildren: boolean): string {
  if (task.status !== 'running' && task.status !== 'cancelled') return ''
  const effect = task.waitingOn === null ? undefined : effectsById.get(task.waitingOn)
  if (task.status === 'cancelled') return effect ? `cleaning up, waiting on ${effect.description}` : ''
  if (effect) return `waiting on ${effect.description}`
  return hasRunningChildren ? 'waiting on forked tasks' : ''
}

/** The one-line summary of a task used by the tree and the HTML labels. */
export function taskLine(task: TracedTask, now: number, waiting: string): string {
  const duration = formatDuration((task.end ?? now) - task.start)
  let line = `${task.name} [${task.status} ${duration}]`
  if (waiting) line += ` ${waiting}`
  if (task.status === 'failed' && task.error) line += ` ${task.error.name}: ${task.error.message}`
  return line
}

/**
 * Depth past which the tree and the timeline stop indenting: a chain of sub-sagas is as deep as
 * `call` nesting goes (10,000 levels and more), and indenting each level would make the text
 * quadratic in size. Deeper lines say their depth instead.
 */
export const MAX_INDENT = 32

/** A task of the tree in display order, with its depth and siblings. */
export interface TreeEntry {
  task: TracedTask
  depth: number
  /** Its children, in start order. */
  kids: readonly TracedTask[]
  /** Whether it is the last of its siblings. */
  last: boolean
}

/**
 * Every task in display order (depth first, parents before children, siblings in start order),
 * without recursion: a tree as deep as the sagas' `call` nesting must not overflow the stack.
 */
export function* walkTree(tasks: readonly TracedTask[]): Generator<TreeEntry, void, undefined> {
  const children = childrenByParent(tasks)
  const stack: Array<{ task: TracedTask; depth: number; last: boolean }> = []
  const pushAll = (siblings: readonly TracedTask[], depth: number) => {
    for (let i = siblings.length - 1; i >= 0; i--) stack.push({ task: siblings[i]!, depth, last: i === siblings.length - 1 })
  }
  pushAll(children.get(null) ?? [], 0)
  while (stack.length) {
    const { task, depth, last } = stack.pop()!
    const kids = children.get(task.id) ?? []
    yield { task, depth, kids, last }
    pushAll(kids, depth + 1)
  }
}

/** The indented text tree of `tracer.tree()`. */
export function renderTree(snapshot: TraceSnapshot): string {
  const { tasks, effects, now } = snapshot
  if (!tasks.length) return '(no sagas traced yet)'
  const effectsById = new Map(effects.map((effect) => [effect.id, effect]))
  const lines: string[] = []
  // prefixes[d]: what precedes the branch of a task at depth d (the bars of its open ancestors).
  const prefixes: string[] = ['']
  for (const { task, depth, kids, last } of walkTree(tasks)) {
    const waiting = waitingText(task, effectsById, kids.some((kid) => kid.status === 'running'))
    const shown = Math.min(depth, MAX_INDENT)
    const branch = depth === 0 ? '' : last ? '└─ ' : '├─ '
    const deep = depth > MAX_INDENT ? `[depth ${depth}] ` : ''
    lines.push(`${prefixes[shown]}${branch}${deep}${taskLine(task, now, waiting).replace(/\n/g, ' ')}`)
    if (depth < MAX_INDENT) prefixes[depth + 1] = depth === 0 ? '' : `${prefixes[depth]}${last ? '   ' : '│  '}`
  }
  return lines.join('\n')
}
