// Complexity guards that used to be wall-clock bounds in unit tests ("N operations in < X ms"),
// which the project keeps out of unit tests (a loaded machine makes them flaky). Here each one is
// a growth ratio t(4N) / t(N) in one process, median of several rounds after a warm-up, against a
// bound that tells the expected complexity from the next one up (4 is linear, 16 quadratic):
// - disposing N `onCancel` registrations in a scattered order: O(1) each (growth <= 6);
// - a VirtualClock firing N timers with scattered due times, every tenth cleared: O(log N) each
//   (growth <= 8: the heap outgrows the CPU caches at 4N, so more than 4 log-ratio);
// - expectSaga over N minutes of virtual time with one timer per minute plus a debounce: the cost
//   follows the timers, not the milliseconds (growth <= 6; a clock that ticked per millisecond
//   would still pass N, but each run would take seconds, so the absolute time is printed too).
// The unit tests keep the behaviour (order, counts, no real timers); this keeps the cost.
//   node bench/complexity.mjs [rounds=7] [--json]
import { performance } from 'node:perf_hooks'
import { CancellationTokenSource, VirtualClock } from '@sagaflow/cancellation'
import { debounce, delay, put } from '@sagaflow/core'
import { expectSaga } from '@sagaflow/testing'

const rounds = Number(process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 7)
const json = process.argv.includes('--json')

/** Disposes `n` registrations: every other one upwards, then the rest downwards. */
async function disposeRegistrations(n) {
  const source = new CancellationTokenSource()
  const registrations = Array.from({ length: n }, () => source.token.onCancel(() => {}))
  const t0 = performance.now()
  for (let i = 0; i < n; i += 2) registrations[i].dispose()
  for (let i = n - 1 - (n % 2 === 0 ? 0 : 1); i > 0; i -= 2) registrations[i].dispose()
  const ms = performance.now() - t0
  let fired = 0
  source.token.onCancel(() => fired++)
  source.cancel()
  if (fired !== 1) throw new Error(`disposed registrations still fired (${fired - 1})`)
  return ms
}

/** Fires `n` timers whose due times are scattered (some shared), a tenth of them cleared. */
async function fireTimers(n) {
  const clock = new VirtualClock()
  const handles = []
  let fired = 0
  let last = -1
  for (let i = 0; i < n; i++) {
    const due = (i * 7_919) % (n / 2)
    handles.push(
      clock.setTimeout(() => {
        if (due < last) throw new Error(`timer due at ${due} fired after one due at ${last}`)
        last = due
        fired++
      }, due),
    )
  }
  for (let i = 0; i < n; i += 10) clock.clearTimeout(handles[i])
  const t0 = performance.now()
  clock.runAll()
  const ms = performance.now() - t0
  if (fired !== n - n / 10) throw new Error(`fired ${fired} timers of ${n - n / 10}`)
  return ms
}

/** expectSaga over `minutes` minutes of virtual time: a delay per minute and a debounced search. */
async function virtualMinutes(minutes) {
  function* search(action) {
    yield put({ type: 'RESULTS', q: action.q })
  }
  function* saga() {
    yield debounce(300, 'INPUT', search)
    for (let i = 0; i < minutes; i++) yield delay(60_000)
    yield put({ type: 'DONE' })
  }
  const t0 = performance.now()
  await expectSaga(saga)
    .dispatchAt(0, { type: 'INPUT', q: 'a' })
    .dispatchAt(100, { type: 'INPUT', q: 'ab' })
    .put({ type: 'RESULTS', q: 'ab' })
    .put({ type: 'DONE' })
    .run({ timeout: (minutes + 1) * 60_000 })
  return performance.now() - t0
}

const guards = [
  { name: 'dispose N onCancel registrations, scattered order', n: 100_000, bound: 6, run: disposeRegistrations },
  { name: 'VirtualClock: fire N scattered timers (1/10 cleared)', n: 20_000, bound: 8, run: fireTimers },
  { name: 'expectSaga: N virtual minutes, one delay each + debounce', n: 500, bound: 6, run: virtualMinutes },
]

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
const rows = []
for (const guard of guards) {
  // Warm-up (the JIT), then alternate N and 4N.
  await guard.run(guard.n)
  const times = { n: [], n4: [] }
  for (let r = 0; r < rounds; r++) {
    times.n.push(await guard.run(guard.n))
    times.n4.push(await guard.run(4 * guard.n))
  }
  const tn = median(times.n)
  const t4n = median(times.n4)
  const growth = t4n / tn
  rows.push({ name: guard.name, n: guard.n, tnMs: tn, t4nMs: t4n, growth, bound: guard.bound, ok: growth <= guard.bound })
}

if (json) console.log(JSON.stringify(rows, null, 2))
else {
  console.log(`complexity guards: growth t(4N) / t(N), median of ${rounds} rounds\n`)
  console.log('| guard | N | t(N) | t(4N) | growth | bound | |\n|---|---|---|---|---|---|---|')
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.n.toLocaleString('en-US')} | ${r.tnMs.toFixed(1)} ms | ${r.t4nMs.toFixed(1)} ms | ${r.growth.toFixed(2)} | <= ${r.bound} | ${r.ok ? 'met' : 'MISSED'} |`)
  }
}
process.exitCode = rows.every((r) => r.ok) ? 0 : 1
