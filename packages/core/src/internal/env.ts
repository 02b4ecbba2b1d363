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
