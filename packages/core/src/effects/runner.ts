import type { Env } from '../internal/env.js'
import type { Disposer, Driver, Frame } from '../internal/proc.js'

/**
 * The one signature of every effect runner: run the effect described by `payload`, settle
 * `frame` once (`frame.settle(value)` / `frame.settle(error, true)`), and return what to do if
 * the effect is cancelled before it settles. `driver` gives the current task and `digest` (for
 * effects that run other effects).
 */
export type Runner<P = any> = (env: Env, payload: P, frame: Frame, driver: Driver) => Disposer | void
