import { CancellationError } from '@sagaflow/cancellation'

/** Why a task was cancelled; carried by the reason its `token` and `signal` fire with. */
export type CancelKind = 'cancel' | 'parent' | 'parent-error' | 'race' | 'all' | 'join' | 'signal' | 'halt' | 'timeout'

/** A task's cancellation reason: a `CancellationError` whose `kind` and message say what cancelled it. */
export interface TaskCancellationError extends CancellationError {
  /** What cancelled the task: `'race'` for a lost race, `'parent'` when its parent was cancelled, `'signal'` for runSaga's signal... */
  readonly kind: CancelKind
}

/** A task a reason's message names (its name is read only when the message is). */
export interface Named {
  readonly meta: { readonly name: string }
}

/** A message naming up to two tasks, written as a module-level function (no closure per reason). */
export type Describe = (a: Named, b: Named) => string

/*
 * Reasons travel through cancellation as cheap descriptors; the CancellationError (whose stack
 * trace costs microseconds) is only built when someone reads the task's token or signal, and so
 * is a message naming tasks: it would make each task's meta and a few strings per cancellation
 * (bench "cancel latency", issue #7).
 */
export class CancelReason {
  private error: TaskCancellationError | undefined
  constructor(
    readonly kind: CancelKind,
    private readonly text: string | Describe,
    private readonly a?: Named,
    private readonly b?: Named,
  ) {}
  get message(): string {
    const text = this.text
    return typeof text === 'string' ? text : text(this.a!, this.b!)
  }
  toError(): TaskCancellationError {
    if (!this.error) {
      const error = new CancellationError(undefined, this.message) as CancellationError & { kind: CancelKind }
      error.kind = this.kind
      this.error = error
    }
    return this.error
  }
}

/** A reason; `message` is a string, or a Describe of the tasks `a` and `b`. */
export function cancelReason(kind: CancelKind, message: string | Describe, a?: Named, b?: Named): CancelReason {
  return new CancelReason(kind, message, a, b)
}

/** A reason given from outside (an Error, a token's reason...) or one of ours. */
export function materialize(reason: unknown): unknown {
  return reason instanceof CancelReason ? reason.toError() : reason
}

const aTaskOfFailed: Describe = (task) => `cancelled because a task of "${task.meta.name}" failed`
export const REASON_PARENT_ERROR = (task: Named): CancelReason => cancelReason('parent-error', aTaskOfFailed, task)
