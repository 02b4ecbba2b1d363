import { isEnd, TAKERS, TakerNode, type Takers } from '../channel.js'
import { effectTypes } from '../effect-types.js'
import { cancelReason } from '../internal/cancel-reason.js'
import type { Env } from '../internal/env.js'
import * as is from '../internal/is.js'
import { latest, type EffectGroup } from '../internal/frame.js'
import type { Continuation, Frame } from '../internal/proc.js'
import { setCrashedEffect } from '../internal/saga-error.js'
import { skipEffectIds } from '../internal/uid.js'
import { IO, TERMINATE } from '../symbols.js'
import { currentEffectId } from '../internal/uid.js'
import type { Runner } from './runner.js'
import { thrownBy } from '../internal/thrown.js'

class RaceSlot implements Continuation {
  frame: Frame | null = null
  constructor(
    private readonly race: RaceGroup,
    readonly key: string,
  ) {}
  resume(value: unknown, isErr: boolean): void {
    this.race.childSettled(this.key, value, isErr)
  }
}

class RaceGroup implements EffectGroup {
  completed = false
  supersededBy: EffectGroup | null = null
  readonly slots: RaceSlot[]
  constructor(
    keys: string[],
    private readonly response: any,
    private readonly parent: Frame,
  ) {
    this.slots = keys.map((key) => new RaceSlot(this, key))
  }

  /** Cancels every child; the group is the race effect's disposer. */
  cancel(reason?: unknown): void {
    if (this.completed) return
    this.completed = true
    for (const slot of this.slots) slot.frame?.cancel(reason)
  }

  childSettled(key: string, value: unknown, isErr: boolean): void {
    if (this.completed) return
    latest(this).cancel(cancelReason('race', `cancelled because it lost a race (winner: "${key}")`))
    if (isErr || is.endSignal(value)) return this.parent.settle(value, isErr)
    this.completed = true
    this.response[key] = value
    this.parent.settle(this.response)
  }
}

/*
 * A race of many `take(type)` children on one multicast channel registers one taker for all of
 * them, not a Frame, a slot and a taker per child (bench "race 20k": 20,000 take branches, issue
 * #7). Only without a monitor or effect middleware (nothing observes the children then, as on the
 * driver's fast path), and only for races of at least TAKE_RACE_MIN children: the combined taker
 * sits in the channel's general list, which every put scans, where one child's taker would sit in
 * its type's list. Same outcome as taker per child:
 * - order: the children would have been registered in a row, nothing in between, so the combined
 *   taker's one registration number keeps every other taker's order relative to them; among the
 *   children the first registered (lowest index) of those taking the type wins;
 * - END (the channel closed, even before registering) reaches child 0 first, which wins;
 * - effect ids: consumed as the children's digests would have (one if child 0 won at once).
 */
const TAKE_RACE_MIN = 8
const MAX_SCANS = 16

class TakeRace extends TakerNode {
  /** Type -> index of the first child taking it; built after MAX_SCANS scans (see `indexOf`). */
  private byType: Map<unknown, number> | null = null
  private scans = 0
  // The last lookup: `matches` and then `deliver` ask for the same type.
  private lastType: unknown = undefined
  private lastIndex = -1

  constructor(
    private readonly effects: any,
    /** The race's keys; null for an array race, whose keys are its indices. */
    private readonly keys: string[] | null,
    private readonly count: number,
    private readonly response: any,
    private readonly frame: Frame,
  ) {
    super()
  }

  private child(index: number): any {
    return this.effects[this.keys === null ? index : this.keys[index]!]
  }

  /**
   * Index of the first child taking `type`, -1 if none. Most races see a few puts, so the
   * children are scanned, MAX_SCANS times at most, before a Map is built (bench "race 20k": hashing
   * 20,000 fresh strings into a Map cost ~180 ns each, more than the rest of the race; comparing
   * one child's type costs a few ns).
   */
  private indexOf(type: unknown): number {
    if (type === this.lastType && this.lastIndex !== -1) return this.lastIndex
    let index = -1
    if (this.byType === null && this.scans < MAX_SCANS) {
      this.scans++
      for (let i = 0; i < this.count; i++) {
        if (this.child(i).payload.pattern === type) {
          index = i
          break
        }
      }
    } else {
      if (this.byType === null) {
        const byType = (this.byType = new Map())
        for (let i = 0; i < this.count; i++) {
          const pattern = this.child(i).payload.pattern
          if (!byType.has(pattern)) byType.set(pattern, i)
        }
      }
      index = this.byType.get(type) ?? -1
    }
    this.lastType = type
    this.lastIndex = index
    return index
  }

  override matches(input: any): boolean {
    return input != null && this.indexOf(input.type) !== -1
  }

  /** As the winner's `take` and then `race` would settle (runTake, RaceGroup.childSettled). */
  deliver(input: any): void {
    const index = isEnd(input) ? 0 : this.indexOf(input.type)
    const child = this.child(index)
    if (input instanceof Error) {
      setCrashedEffect(child)
      return this.frame.settle(thrownBy(input), true)
    }
    if (isEnd(input) && !child.payload.maybe) return this.frame.settle(TERMINATE)
    this.response[this.keys === null ? index : this.keys[index]!] = input
    this.frame.settle(this.response)
  }
}

/**
 * The combined taker of a race of `take(type)` children, registered; undefined if the race is
 * not one. An array race without holes or extra keys (`keys.length === length`) is read by index.
 */
function raceOfTakes(env: Env, effects: any, keys: string[], response: any, frame: Frame): TakeRace | undefined {
  const byIndex = is.array(effects) && keys.length === effects.length
  const count = keys.length
  let channel: any
  for (let i = 0; i < count; i++) {
    const effect = effects[byIndex ? i : keys[i]!]
    if (effect === null || typeof effect !== 'object' || effect[IO] !== true || effect.type !== effectTypes.TAKE) return undefined
    const { pattern, channel: own } = effect.payload
    const taken = own === undefined ? env.channel : own
    if (i === 0) channel = taken
    else if (taken !== channel) return undefined
    if (typeof pattern !== 'string' || pattern === '*') return undefined
  }
  const takers: Takers | undefined = channel != null ? channel[TAKERS] : undefined
  if (takers === undefined || channel.take !== takers.ownTake) return undefined
  const node = new TakeRace(effects, byIndex ? null : keys, count, response, frame)
  takers.add(node, undefined, null)
  skipEffectIds(frame.settled ? 1 : count)
  return node
}

/**
 * `race(effects)`: the first child to settle wins, the others are cancelled. A child that settles
 * synchronously keeps the later ones from starting; `race({})` never settles.
 */
export const runRace: Runner<any> = (env, effects, frame, driver) => {
  const parentId = currentEffectId() // the reference's `current`, see all.ts
  const keys = Object.keys(effects)
  const response = is.array(effects) ? new Array(keys.length).fill(undefined) : {}
  if (keys.length >= TAKE_RACE_MIN && env.sagaMonitor === undefined && env.middleware === undefined) {
    const combined = raceOfTakes(env, effects, keys, response, frame)
    if (combined !== undefined) return combined
  }
  const group = new RaceGroup(keys, response, frame)
  frame.setGroup(group)
  for (const slot of group.slots) {
    if (group.completed) break
    driver.digest(effects[slot.key], parentId, slot, slot.key)
  }
  return group
}
