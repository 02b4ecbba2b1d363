/**
 * `@sagaflow/compensation/node`: the Node-only part of the package, the durable file journal.
 *
 * @example
 * ```ts
 * import { fileJournal } from '@sagaflow/compensation/node'
 * const journal = fileJournal('./data/transactions.jsonl')
 * ```
 *
 * @packageDocumentation
 */
export { fileJournal } from './file-journal.js'
export type { FileJournal, FileJournalOptions } from './file-journal.js'
