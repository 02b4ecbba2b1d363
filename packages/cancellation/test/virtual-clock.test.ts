import { describe, expect, it } from 'vitest'
import { VirtualClock } from '@sagaflow/cancellation'
import type { Clock } from '@sagaflow/cancellation'

function track(): { log: string[]; add: (entry: string) => () => void } {
  const log: string[] = []
  return { log, add: (entry) => () => void log.push(entry) }
}

describe('VirtualClock', () => {
  it('starts at 0, or at the given start time', () => {
    expect(new VirtualClock().now()).toBe(0)
    expect(new VirtualClock(1_700_000_000_000).now()).toBe(1_700_000_000_000)
  })

  it('is a Clock', () => {
    const clock: Clock = new VirtualClock()
    expect(typeof clock.setTimeout).toBe('function')
  })

  it('moves time only when advanced', () => {
    const clock = new VirtualClock(100)
    clock.advance(50)
    expect(clock.now()).toBe(150)
    clock.advance(0)
    expect(clock.now()).toBe(150)
  })

  it('fires a timer when its due time is reached, not before', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    clock.setTimeout(add('fired'), 100)
    clock.advance(99)
    expect(log).toEqual([])
    clock.advance(1)
    expect(log).toEqual(['fired'])
  })

  it('fires due timers in time order', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    clock.setTimeout(add('c'), 30)
    clock.setTimeout(add('a'), 10)
    clock.setTimeout(add('b'), 20)
    clock.advance(100)
    expect(log).toEqual(['a', 'b', 'c'])
  })

  it('fires timers due at the same time in creation order', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    for (const name of ['first', 'second', 'third', 'fourth', 'fifth']) clock.setTimeout(add(name), 10)
    clock.setTimeout(add('earlier'), 5)
    clock.advance(10)
    expect(log).toEqual(['earlier', 'first', 'second', 'third', 'fourth', 'fifth'])
  })

  it('reports the timer due time as now() inside its callback', () => {
    const clock = new VirtualClock(1_000)
    const seen: number[] = []
    clock.setTimeout(() => seen.push(clock.now()), 10)
    clock.setTimeout(() => seen.push(clock.now()), 25)
    clock.advance(100)
    expect(seen).toEqual([1_010, 1_025])
    expect(clock.now()).toBe(1_100)
  })

  it('fires timers scheduled by a firing timer that fall due within the advanced window', () => {
    const clock = new VirtualClock()
    const seen: number[] = []
    clock.setTimeout(() => {
      seen.push(clock.now())
      clock.setTimeout(() => seen.push(clock.now()), 30)
      clock.setTimeout(() => seen.push(clock.now()), 200)
    }, 50)
    clock.advance(100)
    expect(seen).toEqual([50, 80])
    expect(clock.pending()).toBe(1)
    clock.advance(150)
    expect(seen).toEqual([50, 80, 250])
  })

  it('fires a zero-delay timer scheduled by a callback at the same instant', () => {
    const clock = new VirtualClock()
    const seen: number[] = []
    clock.setTimeout(() => clock.setTimeout(() => seen.push(clock.now()), 0), 10)
    clock.advance(10)
    expect(seen).toEqual([10])
  })

  it('fires a zero-delay timer on advance(0)', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    clock.setTimeout(add('zero'), 0)
    expect(log).toEqual([])
    clock.advance(0)
    expect(log).toEqual(['zero'])
  })

  it('treats a negative or NaN delay as 0, like the host setTimeout', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    clock.setTimeout(add('negative'), -5)
    clock.setTimeout(add('nan'), Number.NaN)
    clock.advance(0)
    expect(log).toEqual(['negative', 'nan'])
  })

  it('never fires an Infinity timer and does not count it as pending', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    clock.setTimeout(add('never'), Infinity)
    expect(clock.pending()).toBe(0)
    clock.runAll()
    expect(log).toEqual([])
  })

  it('does not fire a cleared timer', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    const handle = clock.setTimeout(add('cleared'), 10)
    clock.setTimeout(add('kept'), 10)
    clock.clearTimeout(handle)
    clock.advance(10)
    expect(log).toEqual(['kept'])
  })

  it('ignores clearing a fired timer, a cleared one, or a handle from another clock', () => {
    const clock = new VirtualClock()
    const other = new VirtualClock()
    const { log, add } = track()
    const fired = clock.setTimeout(add('a'), 1)
    clock.advance(1)
    const mine = clock.setTimeout(add('b'), 1)
    const theirs = other.setTimeout(add('c'), 1)
    clock.clearTimeout(fired)
    clock.clearTimeout(theirs)
    clock.clearTimeout(undefined)
    clock.clearTimeout(42)
    expect(clock.pending()).toBe(1)
    clock.clearTimeout(mine)
    clock.clearTimeout(mine)
    expect(clock.pending()).toBe(0)
    other.advance(1)
    expect(log).toEqual(['a', 'c'])
  })

  it('lets a callback clear a later timer due at the same time', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    const handles: unknown[] = []
    clock.setTimeout(() => {
      log.push('first')
      clock.clearTimeout(handles[0])
    }, 10)
    handles.push(clock.setTimeout(add('later'), 10))
    clock.advance(10)
    expect(log).toEqual(['first'])
  })

  it('counts pending timers', () => {
    const clock = new VirtualClock()
    expect(clock.pending()).toBe(0)
    clock.setTimeout(() => {}, 10)
    clock.setTimeout(() => {}, 20)
    expect(clock.pending()).toBe(2)
    clock.advance(10)
    expect(clock.pending()).toBe(1)
  })

  it('advanceTo(t) moves to an absolute time and fires what is due', () => {
    const clock = new VirtualClock(1_000)
    const { log, add } = track()
    clock.setTimeout(add('due'), 200)
    clock.advanceTo(1_200)
    expect(clock.now()).toBe(1_200)
    expect(log).toEqual(['due'])
    clock.advanceTo(1_200)
    expect(clock.now()).toBe(1_200)
  })

  it('advanceTo(t) refuses to travel back in time', () => {
    const clock = new VirtualClock(500)
    expect(() => clock.advanceTo(400)).toThrow(new RangeError('VirtualClock.advanceTo(t): cannot travel back in time from 500 to 400'))
    expect(clock.now()).toBe(500)
  })

  it('runAll() fires every timer, including ones scheduled on the way, and ends at the last due time', () => {
    const clock = new VirtualClock()
    const seen: number[] = []
    clock.setTimeout(() => {
      seen.push(clock.now())
      clock.setTimeout(() => seen.push(clock.now()), 1_000)
    }, 100)
    clock.setTimeout(() => seen.push(clock.now()), 50)
    clock.runAll()
    expect(seen).toEqual([50, 100, 1_100])
    expect(clock.now()).toBe(1_100)
    expect(clock.pending()).toBe(0)
  })

  it('runAll() with nothing pending does nothing', () => {
    const clock = new VirtualClock(7)
    clock.runAll()
    expect(clock.now()).toBe(7)
  })

  it('runAll() gives up with a clear error when timers reschedule forever', () => {
    const clock = new VirtualClock(0, { loopLimit: 1_000 })
    const tick = (): void => void clock.setTimeout(tick, 10)
    tick()
    expect(() => clock.runAll()).toThrow(/VirtualClock\.runAll\(\): gave up after firing 1000 timers.*keep scheduling new timers.*advance\(ms\)/)
    expect(clock.pending()).toBe(1)
  })

  it('keeps what timer callbacks threw before it gave up, as the cause of its error', () => {
    const clock = new VirtualClock(0, { loopLimit: 50 })
    clock.setTimeout(() => {
      throw new Error('first callback')
    }, 1)
    const tick = (): void => void clock.setTimeout(tick, 10)
    tick()
    let error: Error | undefined
    try {
      clock.runAll()
    } catch (e) {
      error = e as Error
    }
    expect(error?.message).toMatch(/gave up after firing 50 timers.*Timer callbacks threw before that \(see cause\)/)
    expect(error?.cause).toEqual(new Error('first callback'))
  })

  it('runAll() gives up by default after 100000 rescheduled timers', () => {
    const clock = new VirtualClock()
    let fired = 0
    const tick = (): void => {
      fired++
      clock.setTimeout(tick, 1)
    }
    tick()
    expect(() => clock.runAll()).toThrow(/gave up after firing 100000 timers/)
    // The direct call, the timer pending at the start, and 100000 more.
    expect(fired).toBe(100_002)
  })

  it('runAll() is not limited by the number of timers pending at the start', () => {
    const clock = new VirtualClock(0, { loopLimit: 10 })
    let fired = 0
    for (let i = 0; i < 1_000; i++) clock.setTimeout(() => fired++, i)
    clock.runAll()
    expect(fired).toBe(1_000)
  })

  it('advance() gives up when zero-delay timers keep time from moving', () => {
    const clock = new VirtualClock(0, { loopLimit: 100 })
    const spin = (): void => void clock.setTimeout(spin, 0)
    spin()
    expect(() => clock.advance(10)).toThrow(/VirtualClock\.advance\(ms\): gave up after firing 100 timers at time 0 without time moving/)
  })

  it('advance() may fire many timers as long as time moves', () => {
    const clock = new VirtualClock(0, { loopLimit: 10 })
    let fired = 0
    const tick = (): void => {
      fired++
      clock.setTimeout(tick, 1)
    }
    clock.setTimeout(tick, 1)
    clock.advance(1_000)
    expect(fired).toBe(1_000)
  })

  it('advance() fires any number of timers scheduled beforehand for one instant, as runAll() does', () => {
    // Audit round 3: advance gave up here, blaming a zero-delay loop, while runAll fired them all.
    const clock = new VirtualClock(0, { loopLimit: 10 })
    let fired = 0
    for (let i = 0; i < 1_000; i++) clock.setTimeout(() => fired++, 5)
    clock.advance(5)
    expect(fired).toBe(1_000)
    expect(clock.now()).toBe(5)
  })

  it('advance() still gives up on a zero-delay loop behind timers scheduled beforehand for that instant', () => {
    const clock = new VirtualClock(0, { loopLimit: 10 })
    for (let i = 0; i < 100; i++) clock.setTimeout(() => {}, 5)
    const spin = (): void => void clock.setTimeout(spin, 0)
    clock.setTimeout(spin, 5)
    expect(() => clock.advance(5)).toThrow(/VirtualClock\.advance\(ms\): gave up after firing 10 timers at time 5 without time moving/)
  })

  it('keeps firing after a callback throws, then rethrows that error', () => {
    const clock = new VirtualClock()
    const { log, add } = track()
    const boom = new Error('boom')
    clock.setTimeout(() => {
      throw boom
    }, 10)
    clock.setTimeout(add('after'), 20)
    expect(() => clock.advance(30)).toThrow(boom)
    expect(log).toEqual(['after'])
    expect(clock.now()).toBe(30)
  })

  it('rethrows several callback errors as one AggregateError', () => {
    const clock = new VirtualClock()
    const first = new Error('first')
    const second = new Error('second')
    clock.setTimeout(() => {
      throw first
    }, 1)
    clock.setTimeout(() => {
      throw second
    }, 2)
    let caught: unknown
    try {
      clock.runAll()
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(AggregateError)
    expect((caught as AggregateError).errors).toEqual([first, second])
    expect((caught as AggregateError).message).toBe('VirtualClock.runAll(): 2 timer callbacks threw')
  })

  it('refuses to advance from inside a timer callback', () => {
    const clock = new VirtualClock()
    let inner: unknown
    clock.setTimeout(() => {
      try {
        clock.advance(5)
      } catch (error) {
        inner = error
      }
    }, 1)
    clock.advance(1)
    expect(inner).toBeInstanceOf(Error)
    expect((inner as Error).message).toMatch(/VirtualClock\.advance\(ms\): called from inside a timer callback/)
    clock.advance(1)
    expect(clock.now()).toBe(2)
  })

  // Its cost (O(log n) per timer) is guarded by bench/complexity.mjs, not a wall-clock bound here.
  it('fires 100000 timers in order', () => {
    const clock = new VirtualClock()
    const count = 100_000
    const seen: number[] = []
    // A shuffled set of due times, some shared, plus clears of every tenth timer.
    const handles: unknown[] = []
    for (let i = 0; i < count; i++) {
      const due = (i * 7_919) % 50_000
      handles.push(clock.setTimeout(() => seen.push(due), due))
    }
    for (let i = 0; i < count; i += 10) clock.clearTimeout(handles[i])
    clock.runAll()
    expect(seen).toHaveLength(count - count / 10)
    expect(seen.every((due, i) => i === 0 || (seen[i - 1] as number) <= due)).toBe(true)
  })

  it('rejects bad arguments with a TypeError naming the API and the value', () => {
    const clock = new VirtualClock()
    expect(() => clock.advance(-1)).toThrow(new TypeError('VirtualClock.advance(ms): expected a finite non-negative number, got -1 (number)'))
    expect(() => clock.advance(Number.NaN)).toThrow(TypeError)
    expect(() => clock.advance(Infinity)).toThrow(TypeError)
    expect(() => clock.advance('5' as unknown as number)).toThrow(/got "5" \(string\)/)
    expect(() => clock.advanceTo(Number.NaN)).toThrow(new TypeError('VirtualClock.advanceTo(t): expected a finite number, got NaN (number)'))
    expect(() => clock.setTimeout('code' as unknown as () => void, 1)).toThrow(
      new TypeError('VirtualClock.setTimeout(callback, ms): expected callback to be a function, got "code" (string)'),
    )
    expect(() => new VirtualClock(Number.NaN)).toThrow(new TypeError('new VirtualClock(startTime): expected a finite number, got NaN (number)'))
    expect(() => new VirtualClock(0, { loopLimit: 0 })).toThrow(/loopLimit.*got 0 \(number\)/)
  })
})
