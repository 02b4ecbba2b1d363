import type { Clock } from '@sagaflow/cancellation'
import type { ErrorInfo, SagaMonitor } from '../types.js'

/** A monitor with every hook present (runSaga fills the missing ones, as the reference does). */
export type FullMonitor = Required<SagaMonitor>

/** What every task of one `runSaga` shares. */
export interface Env {
  readonly channel: any
  readonly dispatch: (action: any) => any
  readonly getState: () => any
  readonly sagaMonitor: FullMonitor | undefined
  readonly onError: (error: unknown, info: ErrorInfo) => void
  /** Composed `effectMiddlewares`, or undefined when there are none. */
  readonly middleware: ((next: (effect: unknown) => void) => (effect: unknown) => void) | undefined
  readonly clock: Clock
}

export const noop = (): void => {}

/**
 * Every Env is made here, so all have one shape (an object literal's shape lives as long as one
 * object of it does: see keepShapes in run-saga.ts).
 */
export function makeEnv(
  channel: any,
  dispatch: Env['dispatch'],
  getState: Env['getState'],
  sagaMonitor: FullMonitor | undefined,
  onError: Env['onError'],
  middleware: Env['middleware'],
  clock: Clock,
): Env {
  return { channel, dispatch, getState, sagaMonitor, onError, middleware, clock }
}
