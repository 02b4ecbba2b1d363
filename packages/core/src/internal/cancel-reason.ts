import { CancellationError } from '@sagaflow/cancellation'

/** Why a task was cancelled; carried by the reason its `token` and `signal` fire with. */
export type CancelKind = 'cancel' | 'parent' | 'parent-error' | 'race' | 'all' | 'join' | 'signal' | 'halt' | 'timeout'

/** A task's cancellation reason: a `CancellationError` whose `kind` and message say what cancelled it. */
export interface TaskCancellationError extends CancellationError {
  readonly kind: CancelKind
}

/*
 * Reasons travel through cancellation as cheap descriptors; the CancellationError (whose stack
 * trace costs microseconds) is only built when someone reads the task's token or signal.
 */
export class CancelReason {
  private error: TaskCancellationError | undefined
  constructor(
    readonly kind: CancelKind,
    readonly message: string,
  ) {}
  toError(): TaskCancellationError {
    if (!this.error) {
      const error = new CancellationError(undefined, this.message) as CancellationError & { kind: CancelKind }
      error.kind = this.kind
      this.error = error
    }
    return this.error
  }
}

export function cancelReason(kind: CancelKind, message: string): CancelReason {
  return new CancelReason(kind, message)
}

/** A reason given from outside (an Error, a token's reason...) or one of ours. */
export function materialize(reason: unknown): unknown {
  return reason instanceof CancelReason ? reason.toError() : reason
}

export const REASON_PARENT_ERROR = (name: string): CancelReason =>
  cancelReason('parent-error', `cancelled because a task of "${name}" failed`)
