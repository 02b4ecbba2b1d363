/**
 * `@sagaflow/compensation`: transactions whose completed steps undo themselves, in reverse, when
 * they fail or are cancelled; journals that survive a crash; and `recover` to finish what a crash
 * left open. The durable file journal is in `@sagaflow/compensation/node`.
 *
 * @example
 * ```ts
 * import { defineStep, transaction, recover, memoryJournal } from '@sagaflow/compensation'
 * ```
 *
 * @packageDocumentation
 */
export { defineStep, isStep } from './define-step.js'
export { transaction } from './transaction.js'
export { recover } from './recover.js'
export { memoryJournal, isTerminalRecord } from './journal.js'
export { TransactionAbortedError, CompensationError, TransactionStuckError } from './errors.js'
export { TRANSACTION_OBSERVER } from './events.js'

export type { Step, StepDefinition, StepContext, StepResult, StepReturn } from './define-step.js'
export type { Transaction, TransactionOptions, InlineStepOptions, StepInput, StepOperation } from './transaction.js'
export type { RecoverOptions, RecoverySummary, RecoveredTransaction, RecoveryOutcome } from './recover.js'
export type { Journal, JournalRecord, JournalRecordKind, MemoryJournal, ClaimOptions, RecordedError } from './journal.js'
export type { CompensationFailure } from './errors.js'
export type { TransactionEvent, TransactionEventType, TransactionEvents, TransactionObserver } from './events.js'
export type { RetryPolicy } from '@sagaflow/core'
