// Where a scenario's time goes, V8's own code included: Linux `perf` samples the process, and
// Node's `--perf-prof` names the JIT's functions (`JS:*step` optimised, `JS:^step` baseline).
// `node --cpu-prof` (bench/profile.mjs) cannot show this: it charges a builtin or a runtime call
// to the JavaScript function that called it, so a generic `===` compiled to a call of
// `Builtins_StrictEqual`, or an `Object.defineProperty` per put, is invisible there.
//   node bench/native-profile.mjs <scenario> [sagaflow|redux-saga] [N] [--reps=6] [--top=40]
//        [--callers=Builtins_StrictEqual,Builtins_LoadIC]
// The scenario runs `reps` times in one process (after a GC each time): the later repetitions
// are the steady state. `--callers` lists the JavaScript functions calling the named symbols.
// Needs `perf` (Debian: linux-perf) allowed to sample this process.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const option = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const [id, lib = 'sagaflow', nArg] = positional
if (!id || process.argv.includes('--child')) {
  if (!process.argv.includes('--child')) {
    console.error('usage: node bench/native-profile.mjs <scenario> [sagaflow|redux-saga] [N] [--reps=6] [--top=40] [--callers=sym,sym]')
    process.exit(2)
  }
}

if (process.argv.includes('--child')) {
  // The profiled process: the scenario `reps` times, one line of per-unit times.
  const { performance } = await import('node:perf_hooks')
  const { loadLib } = await import('./lib.mjs')
  const [, , , childId, childLib, childN, childReps] = process.argv
  const scenario = (await import(`./scenarios/${childId}.mjs`)).default
  const runtime = await loadLib(childLib)
  const times = []
  for (let i = 0; i < Number(childReps); i++) {
    globalThis.gc()
    let t0 = 0
    let t1 = 0
    const probe = { start: () => (t0 = performance.now()), stop: () => (t1 = performance.now()), heap: () => 0, heapDelta: 0 }
    const result = await scenario.run(runtime, Number(childN), probe)
    if (!result.ok) throw new Error(`${childId} gave a wrong result: ${result.detail ?? ''}`)
    times.push(`${(((t1 - t0) * 1e6) / Number(childN)).toFixed(0)} ns`)
  }
  console.log(`${childLib} ${childId} per unit, repetition by repetition: ${times.join(', ')}`)
  process.exit(0)
}

const scenario = (await import(join(here, 'scenarios', `${id}.mjs`))).default
const n = Number(nArg ?? scenario.quick * 10)
const reps = Number(option('reps', 6))
const top = Number(option('top', 40))
const callers = option('callers', '')
const dir = mkdtempSync(join(tmpdir(), 'sagaflow-perf-'))

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options })
  if (result.error) throw new Error(`${command}: ${result.error.message} (is it installed? Debian: apt-get install linux-perf)`)
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`)
  return result.stdout
}

try {
  const data = join(dir, 'perf.data')
  const profiled = run(
    'perf',
    ['record', '-q', '-g', '-k', '1', '-e', 'cpu-clock', '-F', '10000', '-o', data, '--', process.execPath, '--perf-prof', '--expose-gc', fileURLToPath(import.meta.url), '--child', id, lib, String(n), String(reps)],
    { cwd: dir, env: { ...process.env, NODE_ENV: 'production' } },
  )
  process.stdout.write(profiled)
  const jitted = join(dir, 'perf.jit.data')
  run('perf', ['inject', '--jit', '-i', data, '-o', jitted], { cwd: dir })
  const strip = (text) => text.replaceAll(`file://${join(here, '..')}/`, '').replaceAll('file://', '')
  const report = run('perf', ['report', '-i', jitted, '--stdio', '--no-children', '--sort', 'sym', '-g', 'none'], { cwd: dir })
  const rows = report.split('\n').filter((line) => /^\s+\d/.test(line)).slice(0, top)
  console.log(`\nself time by symbol (top ${top}):`)
  for (const line of rows) console.log(strip(line.replace(/\s+\[[.k]\]\s+/, '  ')).slice(0, 160))
  if (callers) {
    const tree = run('perf', ['report', '-i', jitted, '--stdio', '--no-children', '-S', callers, '-g', 'caller,0.5,callee', '--percent-limit', '0.05'], { cwd: dir })
    console.log(`\ncallers of ${callers}:`)
    for (const line of tree.split('\n')) if (/JS:|Builtins?_|Runtime_|%/.test(line) && !line.startsWith('#')) console.log(strip(line).slice(0, 160))
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
