/*
 * `tracer.toHTML()`: one self-contained page (inline CSS and a few lines of inline JS, nothing
 * fetched) that renders without JS too. Stable class names for tools and tests:
 * - `.lane` per task (plus its status: `.running` `.done` `.failed` `.cancelled`), its label
 *   `.lane-label`, its `.track`, the task's lifetime `.task-span`;
 * - `.effect` per effect, with its outcome (`.resolved` `.rejected` `.cancelled` `.pending`) and
 *   kind (`.k-call`, `.k-delay`, `.k-take`, ...);
 * - `.marker.failed` / `.marker.cancelled` where a task failed or was cancelled.
 */
import { formatDuration, MAX_INDENT, taskLine, waitingText, walkTree } from './tree.js'
import type { TracedEffect, TracedTask, TracerHTMLOptions, TraceSnapshot } from './types.js'

const MAX_ROWS = 8
/** Narrowest bar, as a fraction of the timeline, used for packing (CSS draws at least 3px). */
const MIN_BAR = 0.006
/** Bars narrower than this fraction hide their text (the script refines it after zooming). */
const TEXT_MIN = 0.03

const KIND_CLASSES = new Set([
  'call', 'delay', 'cps', 'take', 'put', 'fork', 'spawn', 'join', 'cancel', 'halt', 'all', 'race', 'select',
  'action-channel', 'flush', 'cancelled', 'get-context', 'set-context', 'promise', 'iterator', 'value',
])

const LEGEND: ReadonlyArray<readonly [string, string]> = [
  ['k-call', 'call'],
  ['k-delay', 'delay'],
  ['k-take', 'take'],
  ['k-put', 'put'],
  ['k-fork', 'fork / spawn'],
  ['k-all', 'all / race'],
  ['k-select', 'select / other'],
  ['pending', 'waiting (pending)'],
  ['rejected', 'rejected'],
  ['cancelled', 'cancelled'],
]

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

/** The colour class of an effect, from its type and description. */
function kindOf(effect: TracedEffect): string {
  if (effect.type === 'CALL' && effect.description.startsWith('delay(')) return 'delay'
  if (effect.type === 'FORK' && effect.description.startsWith('spawn(')) return 'spawn'
  const kind = effect.type.toLowerCase().replace(/_/g, '-')
  return KIND_CLASSES.has(kind) ? kind : 'other'
}

/** A round step giving about `target` ticks over `span` ms. */
function tickStep(span: number, target = 8): number {
  const raw = span / target
  const power = 10 ** Math.floor(Math.log10(raw))
  for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power
  return 10 * power
}

function formatOffset(ms: number): string {
  return ms === 0 ? '0' : `+${formatDuration(ms)}`
}

interface Range {
  readonly t0: number
  readonly span: number
}

const pct = (range: Range, t: number): string => `${(((t - range.t0) / range.span) * 100).toFixed(3)}%`
const widthPct = (range: Range, from: number, to: number): string => `${(((to - from) / range.span) * 100).toFixed(3)}%`

/**
 * Greedy interval packing: each effect gets the first row free at its start. Bars are at least
 * `minSpan` wide on screen, so an instant effect (a fork, a put) does not hide under a long bar;
 * instants at the same time share a row (they would be drawn on the same spot anyway).
 */
function packRows(effects: readonly TracedEffect[], now: number, minSpan: number): { rows: number[]; count: number } {
  const rowEnds: number[] = []
  const rowInstant: (number | undefined)[] = []
  const rows = effects.map((effect) => {
    const end = effect.end ?? now
    const instant = end - effect.start < minSpan
    let row = rowEnds.findIndex((rowEnd, r) => rowEnd <= effect.start || (instant && rowInstant[r] === effect.start))
    if (row === -1) row = rowEnds.length < MAX_ROWS ? rowEnds.length : MAX_ROWS - 1
    rowEnds[row] = Math.max(rowEnds[row] ?? -Infinity, Math.max(end, effect.start + minSpan))
    rowInstant[row] = instant ? effect.start : undefined
    return row
  })
  return { rows, count: Math.max(1, rowEnds.length) }
}

function effectTitle(effect: TracedEffect, task: TracedTask, range: Range, now: number): string {
  const end = effect.end ?? now
  const lines = [
    effect.label ? `${effect.label}: ${effect.description}` : effect.description,
    `${effect.type} · ${effect.outcome === 'pending' ? 'waiting' : effect.outcome} · ${formatDuration(end - effect.start)}${effect.outcome === 'pending' ? ' so far' : ''}`,
    effect.outcome === 'pending'
      ? `started ${formatOffset(effect.start - range.t0)}, still waiting at ${formatOffset(now - range.t0)}`
      : `${formatOffset(effect.start - range.t0)} → ${formatOffset(end - range.t0)}`,
    `task: ${task.name} (#${task.id}) · effect #${effect.id}`,
  ]
  if (effect.error) lines.push(`error: ${effect.error.name}: ${effect.error.message}`)
  return lines.join('\n')
}

function renderLane(
  task: TracedTask,
  depth: number,
  effects: readonly TracedEffect[],
  waiting: string,
  range: Range,
  now: number,
): string {
  const end = task.end ?? now
  const { rows, count } = packRows(effects, now, range.span * MIN_BAR)
  const label = taskLine(task, now, waiting)
  const bars = effects.map((effect, i) => {
    const barEnd = effect.end ?? now
    const classes = ['effect', `k-${kindOf(effect)}`, effect.outcome]
    if ((barEnd - effect.start) / range.span < TEXT_MIN) classes.push('narrow')
    const text = effect.label ? `${effect.label}: ${effect.description}` : effect.description
    return (
      `<div class="${classes.join(' ')}" data-effect-id="${effect.id}" style="left:${pct(range, effect.start)};width:${widthPct(range, effect.start, barEnd)};--r:${rows[i]}"` +
      ` title="${escapeHtml(effectTitle(effect, task, range, now))}">${escapeHtml(text)}</div>`
    )
  })
  let marker = ''
  if (task.status === 'failed' || task.status === 'cancelled') {
    const what = task.status === 'failed' ? `failed${task.error ? `: ${task.error.name}: ${task.error.message}` : ''}` : 'cancelled'
    marker = `<span class="marker ${task.status}" style="left:${pct(range, end)}" title="${escapeHtml(`${task.name} ${what} at ${formatOffset(end - range.t0)}`)}">${task.status === 'failed' ? '✕' : '⊘'}</span>`
  }
  const detail = task.status === 'failed' && task.error ? `${task.error.name}: ${task.error.message}` : waiting
  return [
    `<div class="lane ${task.status}" data-task-id="${task.id}" style="--depth:${depth};--rows:${count}">`,
    `<div class="lane-label" title="${escapeHtml(label)}">`,
    `<div class="task-name"><span class="dot"></span>${escapeHtml(task.name)}</div>`,
    `<div class="task-info"><span class="status">${task.status}</span><span class="duration">${formatDuration(end - task.start)}</span>`,
    detail ? `<span class="detail">${escapeHtml(detail)}</span>` : '',
    `</div></div>`,
    `<div class="track"><div class="task-span" style="left:${pct(range, task.start)};width:${widthPct(range, task.start, end)}"></div>`,
    ...bars,
    marker,
    `</div></div>`,
  ].join('')
}

function renderAxis(range: Range, now: number): string {
  const step = tickStep(range.span)
  const ticks: string[] = []
  // The last tick stays clear of the "now" label at the right edge.
  for (let offset = 0; offset <= range.span * 0.9; offset += step) {
    ticks.push(`<span class="tick" style="left:${pct(range, range.t0 + offset)}">${formatOffset(offset)}</span>`)
  }
  return [
    `<div class="axis"><div class="axis-label">task</div><div class="axis-track">`,
    ...ticks,
    `<span class="now-tick" style="left:${pct(range, now)}">now ${formatOffset(now - range.t0)}</span>`,
    `</div></div>`,
  ].join('')
}

function summaryText(snapshot: TraceSnapshot, range: Range): string {
  const count = (status: string) => snapshot.tasks.filter((task) => task.status === status).length
  const parts = [
    `${snapshot.tasks.length} task${snapshot.tasks.length === 1 ? '' : 's'}`,
    `${snapshot.effects.length} effect${snapshot.effects.length === 1 ? '' : 's'}`,
    `${count('running')} running`,
    `${count('done')} done`,
    `${count('failed')} failed`,
    `${count('cancelled')} cancelled`,
    `${snapshot.effects.filter((effect) => effect.outcome === 'pending').length} waiting`,
    `span ${formatDuration(range.span)}`,
  ]
  const { dropped } = snapshot
  if (dropped.effects || dropped.tasks) parts.push(`bounded: ${dropped.effects} older effects and ${dropped.tasks} older tasks forgotten`)
  return parts.join(' · ')
}

/** The page of `tracer.toHTML()`. */
export function renderHTML(snapshot: TraceSnapshot, options: TracerHTMLOptions = {}): string {
  const title = options.title ?? 'sagaflow trace'
  const { tasks, effects, now } = snapshot
  let t0 = now
  let t1 = now
  for (const item of [...tasks, ...effects]) {
    if (item.start < t0) t0 = item.start
    if (item.end !== null && item.end > t1) t1 = item.end
  }
  const range: Range = { t0, span: Math.max(1, t1 - t0) }

  const effectsByTask = new Map<number, TracedEffect[]>()
  for (const effect of effects) {
    const list = effectsByTask.get(effect.taskId)
    if (list) list.push(effect)
    else effectsByTask.set(effect.taskId, [effect])
  }
  const effectsById = new Map(effects.map((effect) => [effect.id, effect]))
  const lanes: string[] = []
  for (const { task, depth, kids } of walkTree(tasks)) {
    const waiting = waitingText(task, effectsById, kids.some((kid) => kid.status === 'running'))
    lanes.push(renderLane(task, Math.min(depth, MAX_INDENT), effectsByTask.get(task.id) ?? [], waiting, range, now))
  }

  const legend = LEGEND.map(([cls, text]) => `<span class="legend-item"><span class="swatch ${cls}"></span>${escapeHtml(text)}</span>`).join('')
  const body = tasks.length
    ? [
        `<div class="timeline" id="timeline"><div class="rows" id="rows">`,
        renderAxis(range, now),
        ...lanes,
        `<div class="now-line" style="left:calc(var(--label) + (100% - var(--label) - var(--gutter)) * ${((now - t0) / range.span).toFixed(5)})"></div>`,
        `</div></div>`,
      ].join('\n')
    : `<p class="empty">No sagas traced yet: pass the tracer as <code>sagaMonitor</code> to <code>runSaga</code> or <code>createSagaMiddleware</code>.</p>`

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="summary">${escapeHtml(summaryText(snapshot, range))}</p>
<div class="controls"><div class="legend">${legend}</div>
<label class="zoom">zoom <input type="range" id="zoom" min="1" max="20" step="1" value="1"></label></div>
</header>
${body}
<pre class="details" id="details">Hover an effect for details; click it to pin them here.</pre>
<script>${SCRIPT}</script>
</body>
</html>
`
}

const CSS = `
:root { --label: 320px; --gutter: 28px; --row: 20px; --zoom: 1; }
* { box-sizing: border-box; }
body { margin: 0; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1e293b; background: #f1f5f9; }
header { padding: 14px 20px 8px; }
h1 { margin: 0 0 4px; font-size: 18px; font-weight: 600; }
.summary { margin: 0 0 8px; color: #475569; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; justify-content: space-between; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; color: #475569; font-size: 12px; }
.legend-item { display: inline-flex; align-items: center; gap: 5px; }
.swatch { display: inline-block; width: 16px; height: 10px; border-radius: 2px; position: static; }
.zoom { color: #475569; font-size: 12px; display: inline-flex; gap: 6px; align-items: center; }
.timeline { position: relative; margin: 8px 20px; background: #fff; border: 1px solid #cbd5e1; border-radius: 6px; overflow-x: auto; }
.rows { position: relative; width: calc(var(--label) + (100% - var(--label)) * var(--zoom)); min-width: 100%; }
.axis, .lane { display: grid; grid-template-columns: var(--label) 1fr; }
.axis { position: sticky; top: 0; z-index: 3; background: #f8fafc; border-bottom: 1px solid #cbd5e1; height: 26px; }
.axis-label { position: sticky; left: 0; z-index: 4; background: #f8fafc; padding: 4px 10px; color: #64748b; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; border-right: 1px solid #cbd5e1; }
.axis-track { position: relative; margin-right: var(--gutter); }
.tick, .now-tick { position: absolute; top: 0; height: 26px; padding: 5px 0 0 4px; border-left: 1px solid #cbd5e1; font-size: 11px; color: #64748b; white-space: nowrap; }
.now-tick { transform: translateX(-100%); border-left: 0; border-right: 2px solid #0ea5e9; padding: 5px 4px 0 0; color: #0369a1; font-weight: 600; }
.lane { border-bottom: 1px solid #eef2f7; background: #fff; }
.lane:nth-child(odd) { background: #fbfcfe; }
.lane-label { position: sticky; left: 0; z-index: 2; background: inherit; padding: 4px 10px 4px calc(10px + var(--depth) * 18px); border-right: 1px solid #cbd5e1; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.lane-label .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; margin-right: 6px; background: #94a3b8; vertical-align: 1px; }
.task-name { font-weight: 600; overflow: hidden; text-overflow: ellipsis; }
.task-info { padding-left: 14px; font-size: 11px; color: #64748b; overflow: hidden; text-overflow: ellipsis; }
.status { padding: 0 6px; border-radius: 8px; background: #e2e8f0; color: #334155; }
.duration { margin: 0 6px; font-variant-numeric: tabular-nums; }
.lane.running .dot { background: #0ea5e9; }
.lane.running .status { background: #e0f2fe; color: #0369a1; }
.lane.done .dot { background: #22c55e; }
.lane.done .status { background: #dcfce7; color: #15803d; }
.lane.failed .dot { background: #dc2626; }
.lane.failed .status { background: #fee2e2; color: #b91c1c; }
.lane.failed .detail { color: #b91c1c; font-weight: 600; }
.lane.cancelled .dot { background: #f59e0b; }
.lane.cancelled .status { background: #fef3c7; color: #92400e; }
.track { position: relative; height: calc(var(--rows) * var(--row) + 10px); min-height: 40px; margin-right: var(--gutter); }
.task-span { position: absolute; top: 2px; bottom: 2px; background: rgba(148, 163, 184, .12); border-left: 2px solid rgba(100, 116, 139, .45); }
.lane.running .task-span { border-right: 2px dashed #0ea5e9; }
.effect { position: absolute; top: calc(5px + var(--r) * var(--row)); height: calc(var(--row) - 4px); min-width: 3px; padding: 0 4px; border-radius: 3px; color: #fff; font-size: 11px; line-height: calc(var(--row) - 4px); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; cursor: pointer; box-shadow: inset 0 0 0 1px rgba(0, 0, 0, .12); }
.effect.narrow { color: transparent; padding: 0; }
.effect:hover, .effect.selected { outline: 2px solid #0f172a; z-index: 1; }
.k-call, .k-cps, .k-iterator, .k-promise { background: #2563eb; }
.k-delay { background: #94a3b8; }
.k-take, .k-action-channel, .k-flush { background: #8b5cf6; }
.k-put { background: #16a34a; }
.k-fork, .k-spawn, .k-join, .k-cancel, .k-halt { background: #475569; }
.k-all, .k-race { background: #fde68a; color: #78350f; box-shadow: inset 0 0 0 1px #f59e0b; }
.k-select, .k-get-context, .k-set-context, .k-cancelled, .k-value, .k-other { background: #0d9488; }
.effect.pending, .swatch.pending { background-image: repeating-linear-gradient(135deg, rgba(255, 255, 255, .35) 0 6px, transparent 6px 12px); border-right: 3px solid #0ea5e9; }
.swatch.pending { background-color: #8b5cf6; }
.effect.rejected, .swatch.rejected { background: #dc2626; color: #fff; box-shadow: inset 0 0 0 2px #7f1d1d; }
.effect.cancelled, .swatch.cancelled { background: repeating-linear-gradient(135deg, #fcd34d 0 4px, #fef3c7 4px 8px); color: #78350f; box-shadow: inset 0 0 0 1px #d97706; }
.marker { position: absolute; top: 50%; width: 18px; height: 18px; margin: -9px 0 0 4px; border-radius: 50%; color: #fff; font-size: 12px; line-height: 18px; text-align: center; font-weight: 700; z-index: 2; box-shadow: 0 0 0 2px #fff; }
.marker.failed { background: #dc2626; }
.marker.cancelled { background: #d97706; }
.now-line { position: absolute; top: 0; bottom: 0; width: 0; border-left: 2px solid rgba(14, 165, 233, .55); pointer-events: none; z-index: 1; }
.details { margin: 8px 20px 20px; padding: 10px 12px; min-height: 5.5em; background: #fff; border: 1px solid #cbd5e1; border-radius: 6px; font: 12px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; color: #334155; }
.empty { margin: 20px; color: #475569; }
`

// Zoom and the details panel; the page renders fully without it.
const SCRIPT = `
(function () {
  var rows = document.getElementById('rows');
  var zoom = document.getElementById('zoom');
  var details = document.getElementById('details');
  var pinned = null;
  function fitText() {
    var bars = document.querySelectorAll('.effect');
    for (var i = 0; i < bars.length; i++) bars[i].classList.toggle('narrow', bars[i].offsetWidth < 40);
  }
  if (zoom && rows) zoom.addEventListener('input', function () { rows.style.setProperty('--zoom', zoom.value); fitText(); });
  fitText();
  function show(el) { if (details && el) details.textContent = el.getAttribute('title') || ''; }
  document.addEventListener('mouseover', function (e) {
    var el = e.target.closest && e.target.closest('.effect, .lane-label, .marker');
    if (el && !pinned) show(el);
  });
  document.addEventListener('click', function (e) {
    var el = e.target.closest && e.target.closest('.effect');
    if (pinned) pinned.classList.remove('selected');
    pinned = el || null;
    if (el) { el.classList.add('selected'); show(el); }
  });
})();
`
