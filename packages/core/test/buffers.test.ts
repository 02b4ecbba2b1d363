/*
 * Buffers (reference §1.4): what each factory keeps when full. Differential against
 * redux-saga 1.5.1.
 */
import { describe, it } from 'vitest'
import { expectBoth, expectSame, type Lib } from './support/differential.js'

/** Puts 1..n, then takes until empty; reports what came out (or the error a put threw). */
function fillAndDrain(buffer: any, n: number): unknown {
  try {
    for (let i = 1; i <= n; i++) buffer.put(i)
  } catch (e) {
    return `threw: ${(e as Error).message}`
  }
  const out: unknown[] = []
  while (!buffer.isEmpty()) out.push(buffer.take())
  return out
}

describe('buffers', () => {
  it('none() stores nothing and has no flush', async () => {
    await expectBoth((lib: Lib) => {
      const buffer = lib.buffers.none()
      buffer.put(1)
      return [buffer.isEmpty(), buffer.take(), typeof buffer.flush]
    }, [true, undefined, 'undefined'])
  })

  it('fixed(limit) throws on overflow', async () => {
    await expectBoth((lib: Lib) => [fillAndDrain(lib.buffers.fixed(3), 3), fillAndDrain(lib.buffers.fixed(3), 4)], [
      [1, 2, 3],
      "threw: Channel's Buffer overflow!",
    ])
  })

  it('a buffer of size 0 gives back what the reference gives back (expanding: undefined, undefined, null)', async () => {
    const show = (v: unknown) => (v === null ? 'null' : v === undefined ? 'undefined' : v)
    await expectBoth((lib: Lib) => {
      const buffer = lib.buffers.expanding(0)
      for (const v of ['a', 'b', 'c']) buffer.put(v)
      return buffer.flush!().map(show)
    }, ['undefined', 'undefined', 'null'])
    await expectSame((lib: Lib) => {
      const out: unknown[] = []
      for (const make of [lib.buffers.sliding, lib.buffers.dropping, lib.buffers.expanding]) {
        const buffer = make(0)
        for (let i = 1; i <= 5; i++) buffer.put(i)
        out.push(buffer.isEmpty(), show(buffer.take()), show(buffer.take()), buffer.flush!().map(show))
      }
      return out
    })
  })

  it('are plain objects of four closures: methods work detached and in a copy, and the factories take one argument', async () => {
    await expectBoth((lib: Lib) => {
      const { put, take, isEmpty } = lib.buffers.expanding(2)
      put(1)
      put(2)
      put(3)
      const detached = [isEmpty(), take(), take(), take(), isEmpty()]
      const original = lib.buffers.sliding(2)
      const copy = { ...original }
      copy.put(1)
      const chan = lib.channel({ ...original, put: (x: number) => original.put(x * 10) })
      chan.put(2)
      const taken: unknown[] = []
      chan.take((x: unknown) => taken.push(x))
      chan.take((x: unknown) => taken.push(x))
      return [
        detached,
        taken,
        Object.keys(lib.buffers.fixed()),
        [lib.buffers.fixed.length, lib.buffers.dropping.length, lib.buffers.sliding.length, lib.buffers.expanding.length],
      ]
    }, [[false, 1, 2, 3, true], [1, 20], ['isEmpty', 'put', 'take', 'flush'], [1, 1, 1, 1]])
  })

  it('fixed() holds 10 messages by default', async () => {
    await expectBoth((lib: Lib) => [fillAndDrain(lib.buffers.fixed(), 10), fillAndDrain(lib.buffers.fixed(), 11)], [
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      "threw: Channel's Buffer overflow!",
    ])
  })

  it('dropping(limit) drops new messages when full', async () => {
    await expectBoth((lib: Lib) => fillAndDrain(lib.buffers.dropping(3), 5), [1, 2, 3])
  })

  it('sliding(limit) drops the oldest messages when full', async () => {
    await expectBoth((lib: Lib) => fillAndDrain(lib.buffers.sliding(3), 5), [3, 4, 5])
  })

  it('expanding(initial) grows beyond its initial size and keeps order', async () => {
    await expectBoth((lib: Lib) => fillAndDrain(lib.buffers.expanding(2), 7), [1, 2, 3, 4, 5, 6, 7])
  })

  it('behaves like the reference across interleaved puts, takes and overflows around the ring', async () => {
    await expectSame((lib: Lib) => {
      const results: unknown[] = []
      for (const kind of ['fixed', 'dropping', 'sliding', 'expanding'] as const) {
        const buffer = lib.buffers[kind](3)
        const out: unknown[] = []
        for (let i = 1; i <= 20; i++) {
          try {
            buffer.put(i)
          } catch {
            out.push('overflow')
          }
          if (i % 3 === 0) out.push(buffer.take(), buffer.take())
        }
        out.push(buffer.flush())
        results.push([kind, out])
      }
      return results
    })
  })

  it('flush() empties a ring buffer and returns its messages', async () => {
    await expectBoth((lib: Lib) => {
      const buffer = lib.buffers.sliding(2)
      buffer.put('a')
      buffer.put('b')
      buffer.put('c')
      return [buffer.flush(), buffer.isEmpty(), buffer.flush()]
    }, [['b', 'c'], true, []])
  })
})
