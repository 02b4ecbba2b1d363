/*
 * Running one step: journal the start, run the attempts (retry and timeout on the saga's
 * clock), put the completed step in the ledger, journal the result.
 *
 * Protocol (the order recovery relies on)
 * 1. `step:started` is durable before `run` is called (write-ahead): a crash during `run` leaves
 *    a started step without a result, which `recover` treats as not done.
 * 2. Each failed attempt is journalled (`step:failed`, `final` says whether a retry follows)
 *    before the retry wait or the error reaching the body.
 * 3. On success the step enters the ledger at once, then `step:completed` is made durable, then
 *    the body resumes with the result.
 */
import { call, getContext, setContext, timeout } from '@sagaflow/core'
import type { Effect, RetryPolicy } from '@sagaflow/core'
import type { StepContext } from '../define-step.js'
import { internal } from './marks.js'
import { toEffect } from './operations.js'
import { decideRetry, retryWait } from './retry.js'
import { appendRecord, BRANCHES, CURRENT_TRANSACTION, type BranchScope, type Invocation, type StepProgress, type TxRuntime, type UndoPlan } from './runtime.js'
import { recordError } from './serialize.js'

/** Everything the runtime needs to run a step, whichever API (`tx.run`, `tx.step`, `tx.pivot`) started it. */
export interface StepSpec {
  /** The API that started it, for error messages: `tx.run(step, input)`. */
  readonly api: string
  readonly name: string
  readonly input: unknown
  /** True for `tx.step` steps (not recoverable without a `defineStep` of the same name). */
  readonly inline: boolean
  readonly pivot: boolean
  readonly invoke: (context: StepContext) => Invocation
  readonly retry: RetryPolicy
  readonly timeoutMs: number | undefined
  /** How to undo the step given its result; undefined when it has no compensation. */
  readonly undo: ((result: unknown) => UndoPlan) | undefined
}

export function* runStep(runtime: TxRuntime, spec: StepSpec): Generator<unknown, unknown, any> {
  const index = runtime.claim(spec.api, spec.name)
  const scopes = (yield internal(getContext(BRANCHES))) as BranchScope[] | undefined
  // A transaction started inside a step's run is not nested in this one: the step is the unit.
  yield internal(setContext({ [CURRENT_TRANSACTION]: null }))
  const compensable = spec.undo !== undefined && !spec.pivot && !runtime.pivoted
  // Known to the tx.race branches it runs in until it settles: a branch that loses records it as
  // abandoned (see runRace). A step cancelled otherwise stays started, for `recover` to redo past a pivot.
  const progress: StepProgress = { attempt: 1, settled: false }
  const racing = scopes?.filter((scope) => scope.runtime === runtime) ?? []
  for (const scope of racing) scope.running.set(spec.name, progress)
  const settle = () => {
    progress.settled = true
    for (const scope of racing) scope.running.delete(spec.name)
  }
  runtime.emit({ type: 'step:started', step: spec.name, input: spec.input, pivot: spec.pivot })
  yield internal(
    call(
      appendRecord,
      runtime.journal,
      runtime.record({
        kind: 'step:started',
        step: spec.name,
        payload: { index, input: spec.input, pivot: spec.pivot, inline: spec.inline, compensable },
      }),
    ),
  )
  let result: unknown
  try {
    result = yield* runAttempts(runtime, spec.name, spec, progress)
  } catch (error) {
    settle()
    throw error
  }
  settle()
  if (spec.pivot) runtime.markPivoted()
  else if (compensable && !runtime.pivoted) {
    runtime.register({ name: spec.name, index, plan: spec.undo!(result), unit: undefined, state: 'done' }, scopes)
  }
  runtime.emit({ type: 'step:completed', step: spec.name, result })
  yield internal(call(appendRecord, runtime.journal, runtime.record({ kind: 'step:completed', step: spec.name, payload: { result } })))
  return result
}

interface Attempts {
  readonly invoke: (context: StepContext) => Invocation
  readonly retry: RetryPolicy
  readonly timeoutMs: number | undefined
}

/**
 * Runs the attempts of a step's work until one succeeds or the policy gives up (then throws the
 * last error). `progress.attempt` follows the attempt under way.
 */
export function* runAttempts(runtime: TxRuntime, name: string, work: Attempts, progress?: StepProgress): Generator<unknown, unknown, any> {
  try {
    for (let attempt = 1; ; attempt++) {
      runtime.attempt = attempt
      if (progress) progress.attempt = attempt
      try {
        return yield* attemptOnce(name, work, runtime.stepContext(name, attempt), attempt)
      } catch (thrown) {
        const next = decideRetry(work.retry, thrown, attempt)
        runtime.emit({ type: 'step:failed', step: name, error: thrown, attempt, willRetry: next.retry })
        yield internal(
          call(
            appendRecord,
            runtime.journal,
            runtime.record({ kind: 'step:failed', step: name, payload: { error: recordError(thrown), attempt, final: !next.retry } }),
          ),
        )
        if (!next.retry) {
          if (runtime.pivoted) runtime.failedStep = name
          throw next.error
        }
        yield* retryWait(next.delayMs)
      }
    }
  } finally {
    // Succeeded, failed for good, or cancelled (a tx.all sibling failed, the task was cancelled):
    // no attempt of this step runs any more.
    runtime.attempt = 1
  }
}

function* attemptOnce(name: string, work: Attempts, context: StepContext, attempt: number): Generator<unknown, unknown, any> {
  const effect = toEffect(work.invoke(context), `attempt ${attempt}`)
  if (work.timeoutMs === undefined) return yield effect
  // The timeout is the package's; `effect` may be the user's own (`call(sendMail, email)`). On
  // expiry the attempt is cancelled with a reason of kind 'timeout', and the TimeoutError names
  // the step.
  const limited = timeout(work.timeoutMs, effect as Effect)
  limited.payload.message = `step "${name}" timed out after ${work.timeoutMs} ms`
  return yield internal(limited)
}
