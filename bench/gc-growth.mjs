// Is the growth of "fork 25k on take + cancel" (t(4N) / t(N)) the runtime's or the garbage
// collector's? Times the cycle (fork N children blocked on `take`, then cancel the root) at N and
// 4N, over and over in one process with no forced GC (as tinybench does in bench/independent), for
// both libraries and for a raw baseline that keeps the same kind of heap alive: N suspended
// generators, each with a task-sized object and a taker-sized node in a linked list, then
// returns them all. No runtime code runs in the baseline, so its growth is the GC's alone.
//   node bench/gc-growth.mjs [rounds=30]        (NODE_ENV=production unless set)
import { performance } from 'node:perf_hooks'
import { loadLib } from './lib.mjs'

process.env.NODE_ENV ??= 'production' // before loadLib imports the libraries: sagaflow reads it once

const rounds = Number(process.argv[2] ?? 30)
// redux-saga needs ~65 µs per task here (6.5 s per 4N cycle): fewer rounds.
const roundsFor = (name) => (name === 'redux-saga' ? Math.min(rounds, 9) : rounds)
const N = 25_000

function parkLib(lib) {
  const { fork, take } = lib.effects
  return (n) => {
    let cleaned = 0
    function* child() {
      try {
        yield take('NOBODY_PUTS_THIS')
      } finally {
        cleaned++
      }
    }
    const { task } = lib.run(function* () {
      for (let i = 0; i < n; i++) yield fork(child)
    })
    task.cancel()
    if (cleaned !== n) throw new Error(`${lib.name}: cleaned ${cleaned} of ${n}`)
  }
}

// A task-sized object (28 fields, like a sagaflow Driver) and a taker-sized node (12 fields),
// with their fields written out so that they are plain fast objects like the runtime's.
class RawTask {
  constructor(iterator, effect) {
    this.iterator = iterator
    this.effect = effect
    this.a = this.b = this.c = this.d = this.e = this.f = this.g = this.h = this.i = this.j = this.k = this.l = this.m = null
    this.n = this.o = this.p = this.q = this.r = this.s = this.t = this.u = this.v = this.w = this.x = this.y = this.z = null
  }
}
class RawNode {
  constructor(task) {
    this.task = task
    this.prev = this.next = null
    this.a = this.b = this.c = this.d = this.e = this.f = this.g = this.h = this.i = null
  }
}
function parkRaw(n) {
  let cleaned = 0
  function* child() {
    try {
      yield { type: 'TAKE', payload: { pattern: 'NOBODY_PUTS_THIS' } }
    } finally {
      cleaned++
    }
  }
  let head = null
  for (let i = 0; i < n; i++) {
    const iterator = child()
    const node = new RawNode(new RawTask(iterator, iterator.next().value))
    node.next = head
    if (head) head.prev = node
    head = node
  }
  for (let node = head; node; node = node.next) node.task.iterator.return()
  if (cleaned !== n) throw new Error(`raw: cleaned ${cleaned} of ${n}`)
}

const subjects = [
  ['raw (GC only)', parkRaw],
  ['sagaflow', parkLib(await loadLib('sagaflow'))],
  ['redux-saga', parkLib(await loadLib('redux-saga'))],
]
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1]
console.log(`fork ${N.toLocaleString('en-US')} / ${(4 * N).toLocaleString('en-US')} on take + cancel, ${rounds} rounds (redux-saga: ${roundsFor('redux-saga')}; the first third discarded), no forced GC\n`)
console.log('| subject | t(N) | t(4N) | growth |\n|---|---|---|---|')
for (const [name, park] of subjects) {
  const times = { n: [], n4: [] }
  const count = roundsFor(name)
  for (let r = 0; r < count; r++) {
    for (const [key, size] of [['n', N], ['n4', 4 * N]]) {
      const t0 = performance.now()
      park(size)
      times[key].push(performance.now() - t0)
    }
  }
  const kept = (xs) => xs.slice(Math.floor(count / 3))
  const tn = median(kept(times.n))
  const t4n = median(kept(times.n4))
  console.log(`| ${name} | ${tn.toFixed(1)} ms | ${t4n.toFixed(1)} ms | ${(t4n / tn).toFixed(2)} |`)
}
