/*
 * The effect registry: one runner per effect type. The reference's effects are listed below;
 * sagaflow's own effects register from their creator's module (`registerRunner`), so a bundle
 * holds only the runners of the effects an app imports.
 */
import { effectTypes } from '../effect-types.js'
import { runActionChannel } from './action-channel.js'
import { runAll } from './all.js'
import { runCall } from './call.js'
import { runCancel } from './cancel.js'
import { runCancelled } from './cancelled.js'
import { runGetContext, runSetContext } from './context.js'
import { runCps } from './cps.js'
import { runFlush } from './flush.js'
import { runFork } from './fork.js'
import { runJoin } from './join.js'
import { runPut } from './put.js'
import { runRace } from './race.js'
import type { Runner } from './runner.js'
import { runSelect } from './select.js'
import { runTake } from './take.js'

// Built on first use, not at module load: runner modules import the driver, which imports this
// registry, so whichever module loads first may find the others not yet evaluated. `var`, not
// `let`: a creator module may call `registerRunner` while this module is still being evaluated
// (an import cycle), and must then find `undefined`, not a temporal-dead-zone error.
/* eslint-disable no-var */
var runners: Map<string, Runner> | undefined
var extraRunners: [string, Runner][] | undefined
/* eslint-enable no-var */
const table = (): Map<string, Runner> =>
  (runners ??= new Map<string, Runner>([
    [effectTypes.TAKE, runTake],
    [effectTypes.PUT, runPut],
    [effectTypes.ALL, runAll],
    [effectTypes.RACE, runRace],
    [effectTypes.CALL, runCall],
    [effectTypes.CPS, runCps],
    [effectTypes.FORK, runFork],
    [effectTypes.JOIN, runJoin],
    [effectTypes.CANCEL, runCancel],
    [effectTypes.SELECT, runSelect],
    [effectTypes.ACTION_CHANNEL, runActionChannel],
    [effectTypes.CANCELLED, runCancelled],
    [effectTypes.FLUSH, runFlush],
    [effectTypes.GET_CONTEXT, runGetContext],
    [effectTypes.SET_CONTEXT, runSetContext],
    ...(extraRunners ?? []),
  ]))

/** Registers the runner of an effect type beyond the reference's (used by sagaflow's own extensions). */
export function registerRunner(type: string, runner: Runner): void {
  if (runners) runners.set(type, runner)
  else (extraRunners ??= []).push([type, runner])
}

export function runnerFor(type: string): Runner {
  const runner = table().get(type)
  if (!runner) throw new TypeError(`sagaflow: no runner for effect type ${JSON.stringify(type)}; yield effects built by @sagaflow/core's creators`)
  return runner
}
