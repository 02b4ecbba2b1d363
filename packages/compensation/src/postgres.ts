/**
 * `@sagaflow/compensation/postgres`: the transaction journal in PostgreSQL (on `pg`), shared by
 * many worker processes on many machines, with leases so that a transaction whose worker died
 * is recovered by exactly one other worker. Node-only, like `/node`.
 *
 * @example
 * ```ts
 * import { postgresJournal, startRecoveryWorker } from '@sagaflow/compensation/postgres'
 * const journal = postgresJournal({ connectionString: process.env.DATABASE_URL! })
 * const recovery = startRecoveryWorker({ journal, steps: bookingSteps })
 * ```
 *
 * @packageDocumentation
 */
export { postgresJournal } from './postgres/journal.js'
export { startRecoveryWorker } from './postgres/recovery-worker.js'
export { PostgresJournalError } from './postgres/errors.js'
export { POSTGRES_SCHEMA_VERSION } from './postgres/schema.js'
export type { PostgresJournal, PostgresJournalOptions, PostgresConnection } from './postgres/journal.js'
export type { RecoveryWorker, RecoveryWorkerOptions, RecoveryWorkerSummary, TakenOverTransaction } from './postgres/recovery-worker.js'
export type { PostgresJournalErrorReason } from './postgres/errors.js'
export type { PostgresPool, PostgresClient, PostgresQueryResult } from './postgres/pool.js'
