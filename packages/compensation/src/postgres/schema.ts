/**
 * The journal's tables and their versioned migrations.
 *
 * Schema (version 1), in the PostgreSQL schema chosen with `options.schema` (default `public`):
 *
 * - `sagaflow_schema_migrations (version, name, applied_at)`: one row per applied migration;
 *   `max(version)` is the schema's version.
 * - `sagaflow_transactions`: one row per transaction (nested ones included). `root_id` is the
 *   outermost transaction; the lease (`owner`, `lease_expires_at`, `claims`) lives on the root's
 *   row and covers the whole tree, so one worker owns a transaction and its nested ones.
 *   `finished_at` is set in the same database transaction as the terminal record.
 * - `sagaflow_journal`: the records, primary key `(transaction_id, sequence)`, `payload` as
 *   `json` (kept as written), `written_by` the worker that wrote it, `written_at` the
 *   database's clock.
 *
 * Protocol
 * - Migrations run on first use, inside one database transaction holding an advisory lock, so
 *   workers starting together migrate once and never see a half-migrated schema.
 * - A database whose schema is newer than this code knows is refused (`reason: 'schema'`), not
 *   downgraded.
 * - Lease times are the database's clock (`clock_timestamp()`), the one clock every worker on
 *   every machine shares.
 */
import { PostgresJournalError } from './errors.js'
import type { PostgresClient } from './pool.js'

/** The qualified, quoted names of the journal's tables in one PostgreSQL schema. */
export interface Tables {
  readonly schema: string
  readonly migrations: string
  readonly transactions: string
  readonly journal: string
}

export function tablesIn(schema: string): Tables {
  const q = `"${schema}"`
  return {
    schema,
    migrations: `${q}.sagaflow_schema_migrations`,
    transactions: `${q}.sagaflow_transactions`,
    journal: `${q}.sagaflow_journal`,
  }
}

interface Migration {
  readonly version: number
  readonly name: string
  readonly statements: (t: Tables) => readonly string[]
}

/** Every migration, in order. Never edit a released one: add the next version. */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'transactions, journal records and leases',
    statements: (t) => [
      `CREATE TABLE ${t.transactions} (
        id text PRIMARY KEY,
        position bigint GENERATED ALWAYS AS IDENTITY,
        root_id text NOT NULL,
        parent_id text,
        name text NOT NULL,
        owner text,
        lease_expires_at timestamptz,
        claims integer NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        finished_at timestamptz
      )`,
      `CREATE INDEX sagaflow_transactions_open ON ${t.transactions} (root_id) WHERE finished_at IS NULL`,
      `CREATE TABLE ${t.journal} (
        transaction_id text NOT NULL REFERENCES ${t.transactions} (id),
        sequence integer NOT NULL,
        kind text NOT NULL,
        step text,
        payload json NOT NULL,
        written_by text,
        written_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (transaction_id, sequence)
      )`,
    ],
  },
]

/**
 * The version of the journal's schema this package writes (the highest migration).
 *
 * @example
 * ```ts
 * import { POSTGRES_SCHEMA_VERSION } from '@sagaflow/compensation/postgres'
 * const version = await journal.migrate() // === POSTGRES_SCHEMA_VERSION
 * ```
 */
export const POSTGRES_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]!.version

/** The version the database is at: 0 when the journal's tables do not exist yet. */
async function currentVersion(client: PostgresClient, t: Tables): Promise<number> {
  const { rows } = await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [t.migrations])
  if (!rows[0].present) return 0
  const version = await client.query(`SELECT coalesce(max(version), 0)::int AS version FROM ${t.migrations}`)
  return version.rows[0].version as number
}

function tooNew(t: Tables, version: number): PostgresJournalError {
  return new PostgresJournalError({
    reason: 'schema',
    message: `postgresJournal: the journal schema in "${t.schema}" is at version ${version}, newer than this @sagaflow/compensation knows (${POSTGRES_SCHEMA_VERSION}); upgrade the package on this worker`,
  })
}

/**
 * Brings the schema to {@link POSTGRES_SCHEMA_VERSION}. `client` must be inside a transaction
 * (`BEGIN`): the migrations and their bookkeeping commit together or not at all.
 */
export async function migrate(client: PostgresClient, t: Tables): Promise<number> {
  // Cheap path for every start after the first: no lock when the schema is current.
  const seen = await currentVersion(client, t)
  if (seen === POSTGRES_SCHEMA_VERSION) return seen
  if (seen > POSTGRES_SCHEMA_VERSION) throw tooNew(t, seen)
  // Serialises concurrent migrations of this schema (released at COMMIT/ROLLBACK).
  await client.query(`SELECT pg_advisory_xact_lock(hashtext('@sagaflow/compensation migrate'), hashtext($1))`, [t.schema])
  const { rows } = await client.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [t.schema])
  if (rows.length === 0) await client.query(`CREATE SCHEMA "${t.schema}"`)
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${t.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
  )
  const from = await currentVersion(client, t)
  if (from > POSTGRES_SCHEMA_VERSION) throw tooNew(t, from)
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue
    for (const statement of migration.statements(t)) await client.query(statement)
    await client.query(`INSERT INTO ${t.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name])
  }
  return POSTGRES_SCHEMA_VERSION
}
