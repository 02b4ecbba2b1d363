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

/** What a running task is blocked on, in words (`''` if nothing). */
export function waitingText(task: TracedTask, effectsById: ReadonlyMap<number, TracedEffect>, hasRunningChildren: boolean): string {
  if (task.status !== 'running') return ''
  const effect = task.waitingOn === null ? undefined : effectsById.get(task.waitingOn)
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

/** The indented text tree of `tracer.tree()`. */
export function renderTree(snapshot: TraceSnapshot): string {
  const { tasks, effects, now } = snapshot
  if (!tasks.length) return '(no sagas traced yet)'
  const effectsById = new Map(effects.map((effect) => [effect.id, effect]))
  const children = childrenByParent(tasks)
  const lines: string[] = []
  const visit = (task: TracedTask, prefix: string, branch: string, last: boolean): void => {
    const kids = children.get(task.id) ?? []
    const waiting = waitingText(task, effectsById, kids.some((kid) => kid.status === 'running'))
    lines.push(`${prefix}${branch}${taskLine(task, now, waiting).replace(/\n/g, ' ')}`)
    const childPrefix = branch === '' ? prefix : `${prefix}${last ? '   ' : '│  '}`
    kids.forEach((kid, i) => visit(kid, childPrefix, i === kids.length - 1 ? '└─ ' : '├─ ', i === kids.length - 1))
  }
  for (const root of children.get(null) ?? []) visit(root, '', '', true)
  return lines.join('\n')
}
