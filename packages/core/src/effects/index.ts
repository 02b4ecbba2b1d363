/*
 * The effect registry: one runner per effect type. A new effect gets a creator (in `io.ts` or
 * its own module), a runner file here, and a line below.
 */
import { effectTypes } from '../effect-types.js'
import { runActionChannel } from './action-channel.js'
import { runAll } from './all.js'
import { runCall } from './call.js'
import { runCancel } from './cancel.js'
import { runCancelled } from './cancelled.js'
import { runGetContext, runSetContext } from './context.js'
import { runHalt } from './halt.js'
import { runUse } from './use.js'
import { runAllLimit } from './all-limit.js'
import { runAllSettled } from './all-settled.js'
import { runCircuitBreaker } from './circuit-breaker.js'
import { runSupervise } from './supervise.js'
import { runTimeout } from './timeout.js'
import { runAbortSignal, runCancellationToken } from './task-cancellation.js'
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
// registry, so whichever module loads first may find the others not yet evaluated.
let runners: Map<string, Runner> | undefined
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
    // sagaflow's own effects
    ['HALT', runHalt],
    ['ABORT_SIGNAL', runAbortSignal],
    ['CANCELLATION_TOKEN', runCancellationToken],
    ['USE', runUse],
    ['TIMEOUT', runTimeout],
    ['ALL_SETTLED', runAllSettled],
    ['ALL_LIMIT', runAllLimit],
    ['CIRCUIT_BREAKER', runCircuitBreaker],
    ['SUPERVISE', runSupervise],
    ...extraRunners,
  ]))

const extraRunners: [string, Runner][] = []

/** Registers the runner of an effect type beyond the reference's (used by sagaflow's own extensions). */
export function registerRunner(type: string, runner: Runner): void {
  if (runners) runners.set(type, runner)
  else extraRunners.push([type, runner])
}

export function runnerFor(type: string): Runner {
  const runner = table().get(type)
  if (!runner) throw new TypeError(`sagaflow: no runner for effect type ${JSON.stringify(type)}; yield effects built by @sagaflow/core's creators`)
  return runner
}
