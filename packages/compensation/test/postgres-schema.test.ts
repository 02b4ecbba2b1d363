// The PostgreSQL journal's schema (issue #10): created on first use, versioned in
// sagaflow_schema_migrations, migrated once when many workers start together, and a newer schema
// is refused rather than written with an older layout.
import { postgresJournal, POSTGRES_SCHEMA_VERSION, PostgresJournalError, type PostgresJournal } from '@sagaflow/compensation/postgres'
import pg from 'pg'
import { afterAll, afterEach, expect, it } from 'vitest'
import { describeWithPostgres } from './support/postgres.js'

describeWithPostgres('the postgresJournal schema', (db) => {
  const open: PostgresJournal[] = []
  let schemas = 0
  const journal = (schema: string) => {
    const j = postgresJournal({ connectionString: db.url }, { schema })
    open.push(j)
    return j
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((j) => j.close()))
  })
  let pool: pg.Pool | undefined
  const sql = (text: string, values: unknown[] = []) => (pool ??= new pg.Pool({ connectionString: db.url })).query(text, values)
  afterAll(async () => {
    await pool?.end()
  })
  const tablesOf = async (schema: string) =>
    (await sql(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema])).rows.map((r) => r.table_name)

  it('creates its schema and tables on first use and records the version', async () => {
    const schema = `schema_${++schemas}`
    expect(await tablesOf(schema)).toEqual([])
    await journal(schema).append({ transactionId: 't1', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })
    expect(await tablesOf(schema)).toEqual(['sagaflow_journal', 'sagaflow_schema_migrations', 'sagaflow_transactions'])
    const { rows } = await sql(`SELECT version, name FROM ${schema}.sagaflow_schema_migrations ORDER BY version`)
    expect(rows).toEqual([{ version: 1, name: 'transactions, journal records and leases' }])
    expect(POSTGRES_SCHEMA_VERSION).toBe(1)
  })

  it('migrates once when many workers start together', async () => {
    const schema = `schema_${++schemas}`
    const versions = await Promise.all(Array.from({ length: 8 }, () => journal(schema).migrate()))
    expect(versions).toEqual(Array(8).fill(POSTGRES_SCHEMA_VERSION))
    const { rows } = await sql(`SELECT count(*)::int AS n FROM ${schema}.sagaflow_schema_migrations`)
    expect(rows).toEqual([{ n: 1 }])
  })

  it('leaves an up-to-date schema alone', async () => {
    const schema = `schema_${++schemas}`
    await journal(schema).migrate()
    const before = (await sql(`SELECT applied_at FROM ${schema}.sagaflow_schema_migrations`)).rows
    await journal(schema).migrate()
    expect((await sql(`SELECT applied_at FROM ${schema}.sagaflow_schema_migrations`)).rows).toEqual(before)
  })

  it('refuses a schema newer than it knows, saying to upgrade', async () => {
    const schema = `schema_${++schemas}`
    await journal(schema).migrate()
    await sql(`INSERT INTO ${schema}.sagaflow_schema_migrations (version, name) VALUES (99, 'from the future')`)
    const error = await journal(schema)
      .append({ transactionId: 't', sequence: 0, kind: 'transaction:started', payload: { name: 'order' } })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PostgresJournalError)
    expect(error).toMatchObject({ reason: 'schema' })
    expect((error as Error).message).toBe(
      `postgresJournal: the journal schema in "${schema}" is at version 99, newer than this @sagaflow/compensation knows (1); upgrade the package on this worker`,
    )
  })

  it('tries the migration again on the next use after a failure', async () => {
    const schema = `schema_${++schemas}`
    await sql(`CREATE SCHEMA ${schema}`)
    await sql(`CREATE TABLE ${schema}.sagaflow_transactions (blocking int)`) // in the way of migration 1
    const j = journal(schema)
    await expect(j.migrate()).rejects.toMatchObject({ name: 'PostgresJournalError', reason: 'database', code: '42P07' })
    expect(await tablesOf(schema)).toEqual(['sagaflow_transactions']) // nothing half-migrated
    await sql(`DROP TABLE ${schema}.sagaflow_transactions`)
    expect(await j.migrate()).toBe(1)
  })
})
