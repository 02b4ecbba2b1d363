import { describe, expect, it } from 'vitest'
import { systemClock } from '@sagaflow/cancellation'

// systemClock is the real clock, so these few tests use real (0 ms) timers; everything else in
// this package is tested on a VirtualClock.
describe('systemClock', () => {
  it('reads the wall clock', () => {
    const before = Date.now()
    const now = systemClock.now()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
  })

  it('fires a timer', async () => {
    const fired = await new Promise<boolean>((resolve) => {
      systemClock.setTimeout(() => resolve(true), 0)
    })
    expect(fired).toBe(true)
  })

  it('does not fire a cleared timer', async () => {
    let fired = false
    const handle = systemClock.setTimeout(() => {
      fired = true
    }, 0)
    systemClock.clearTimeout(handle)
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5))
    expect(fired).toBe(false)
  })

  it('never fires an Infinity timer, and clearing it is harmless', async () => {
    let fired = false
    const handle = systemClock.setTimeout(() => {
      fired = true
    }, Infinity)
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5))
    expect(fired).toBe(false)
    expect(() => systemClock.clearTimeout(handle)).not.toThrow()
  })

  it('does not fire a delay beyond the 32-bit limit at once, and can clear it', async () => {
    let fired = false
    const handle = systemClock.setTimeout(() => {
      fired = true
    }, 2 ** 31 + 1_000)
    await new Promise<void>((resolve) => systemClock.setTimeout(resolve, 5))
    expect(fired).toBe(false)
    systemClock.clearTimeout(handle)
  })

  it('ignores clearing a handle twice', () => {
    const handle = systemClock.setTimeout(() => {}, 1_000)
    systemClock.clearTimeout(handle)
    expect(() => systemClock.clearTimeout(handle)).not.toThrow()
  })

  it('is frozen', () => {
    expect(Object.isFrozen(systemClock)).toBe(true)
  })
})
