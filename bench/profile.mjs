// Profiles one scenario with `node --cpu-prof` and prints the functions with the most self time.
//   node bench/profile.mjs <scenario> [sagaflow|redux-saga] [N] [--top=25]
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'))
const [id, lib = 'sagaflow', nArg] = positional
const top = Number(process.argv.find((a) => a.startsWith('--top='))?.split('=')[1] ?? 25)
if (!id) {
  console.error('usage: node bench/profile.mjs <scenario> [sagaflow|redux-saga] [N]')
  process.exit(2)
}
const n = nArg ?? (await import(join(here, 'scenarios', `${id}.mjs`))).default.n
const dir = mkdtempSync(join(tmpdir(), 'sagaflow-prof-'))
const child = spawnSync(
  process.execPath,
  ['--expose-gc', '--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100', join(here, 'scenario.mjs'), id, lib, String(n)],
  { env: { ...process.env, NODE_ENV: 'production' }, encoding: 'utf8' },
)
console.log(child.stdout.trim())
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8'))
const self = new Map()
const dt = new Map()
for (let i = 0; i < profile.samples.length; i++) dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))
let total = 0
for (const node of profile.nodes) {
  const t = dt.get(node.id) ?? 0
  total += t
  const cf = node.callFrame
  const where = cf.url ? `${cf.url.replace(/^.*\/(packages|node_modules)\//, '$1/').replace(/^file:\/\/.*\/bench\//, 'bench/')}:${cf.lineNumber + 1}` : ''
  const key = `${cf.functionName || '(anonymous)'} ${where}`
  self.set(key, (self.get(key) ?? 0) + t)
}
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
console.log(`\nself time, ${lib} ${id} N=${n} (total ${(total / 1000).toFixed(0)} ms sampled; profile in ${dir})`)
for (const [k, t] of rows) console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(1).padStart(7)} ms  ${k}`)
