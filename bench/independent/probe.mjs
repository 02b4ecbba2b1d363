// Child process of run.mjs: one full-size iteration of one scenario with one library, checked.
//   node bench/independent/probe.mjs <scenario> <sagaflow|redux-saga>
// Prints one JSON line `{ problem }` (null when the result is right).
process.env.NODE_ENV = 'production'
const { loadLibraries } = await import('./libs.mjs')
const { SCENARIOS } = await import('./scenarios.mjs')
const { tryOnce } = await import('./measure.mjs')

const [scenarioId, libName] = process.argv.slice(2)
const scenario = SCENARIOS.find((s) => s.id === scenarioId)
const lib = (await loadLibraries())[libName]
if (!scenario || !lib) {
  console.error('usage: node bench/independent/probe.mjs <scenario> <sagaflow|redux-saga>')
  process.exit(2)
}
const problem = await tryOnce(() => scenario.iteration(lib, scenario.n))
console.log(JSON.stringify({ problem: problem ? problem.split('\n')[0].slice(0, 200) : null }))
// A cancelled delay leaves no timer, but a failed run might: do not wait for it.
process.exit(0)
