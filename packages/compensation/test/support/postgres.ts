// A real PostgreSQL server for tests (issue #10): `initdb` in a temporary directory, `pg_ctl start`
// on 127.0.0.1 and a free port, a database per test file, `pg_ctl stop` and the directory removed
// on teardown. As root the server binaries run as the `postgres` user (PostgreSQL refuses to run
// as root), through `su`, and the directory is handed to that user.
//
// When `initdb` is not on PATH the suites that need a server are skipped and say why, unless
// SAGAFLOW_REQUIRE_POSTGRES=1 (CI sets it): then they fail, so CI never skips them silently.
import { execFile, execFileSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0

function findMissing(): string | undefined {
  const missing = ['initdb', 'pg_ctl', 'postgres'].filter((command) => !onPath(command))
  if (missing.length > 0) return `PostgreSQL server binaries not on PATH (${missing.join(', ')}); install PostgreSQL (Debian: apt-get install postgresql) to run them`
  if (isRoot && !onPath('su')) return 'running as root needs `su` to start PostgreSQL as the postgres user, and it is not on PATH'
  if (isRoot) {
    try {
      execFileSync('id', ['postgres'], { stdio: 'ignore' })
    } catch {
      return 'running as root, PostgreSQL must run as the `postgres` user, which does not exist'
    }
  }
  return undefined
}

/** Why the PostgreSQL suites cannot run here, or undefined when they can. */
export const postgresSkipReason: string | undefined = findMissing()
if (postgresSkipReason !== undefined && process.env.SAGAFLOW_REQUIRE_POSTGRES === '1') {
  throw new Error(`SAGAFLOW_REQUIRE_POSTGRES=1 but the PostgreSQL tests cannot run: ${postgresSkipReason}`)
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`

/** Runs a server binary (as the postgres user when we are root). */
function runBinary(command: string, args: string[]): Promise<string> {
  const [file, argv] = isRoot ? ['su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map(quote).join(' ')]] : [command, args]
  return new Promise((resolve, reject) => {
    execFile(file, argv, { encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`))
      else resolve(stdout)
    })
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** A PostgreSQL server of a test file. */
export interface PostgresServer {
  readonly host: string
  readonly port: number
  readonly dir: string
  /** The connection string of a database (default: the `postgres` maintenance database). */
  url(database?: string): string
  /** Creates a database and returns its connection string. */
  createDatabase(name: string): Promise<string>
  /** Runs one statement on a database (default: `postgres`). */
  query(sql: string, values?: unknown[], database?: string): Promise<pg.QueryResult>
  /** Terminates every other connection to `database` (`pg_terminate_backend`); resolves to how many. */
  terminateBackends(database: string): Promise<number>
  /** Stops the server (`immediate`: like a crash, no checkpoint). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>
  /** Starts it again after `stop`, on the same port. */
  start(): Promise<void>
  /** Stops it and removes its directory. */
  destroy(): Promise<void>
}

/** Starts a fresh server in a temporary directory on a free port and waits until it accepts connections. */
export async function startPostgres(): Promise<PostgresServer> {
  if (postgresSkipReason !== undefined) throw new Error(postgresSkipReason)
  const dir = mkdtempSync(join(tmpdir(), 'sagaflow-pg-'))
  const data = join(dir, 'data')
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim())
    chownSync(dir, uid, gid)
  }
  const host = '127.0.0.1'
  let port = 0
  let running = false
  await runBinary('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions'])

  const start = async (): Promise<void> => {
    // No fsync: these servers hold throwaway test data. Commits stay synchronous, so a commit
    // survives the server process being killed (`stop('immediate')`), which the tests rely on.
    const options = `-p ${port} -k ${dir} -c listen_addresses=${host} -c fsync=off -c full_page_writes=off -c max_connections=200`
    await runBinary('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start'])
    running = true
  }
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    try {
      await start()
      break
    } catch (error) {
      if (attempt >= 3) throw error // the port was taken between freePort and start: try another
    }
  }

  const url = (database = 'postgres') => `postgres://postgres@${host}:${port}/${database}`
  const query = async (sql: string, values: unknown[] = [], database = 'postgres') => {
    const client = new pg.Client({ connectionString: url(database) })
    await client.connect()
    try {
      return await client.query(sql, values)
    } finally {
      await client.end()
    }
  }
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return
    running = false
    await runBinary('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'])
  }
  return {
    host,
    port,
    dir,
    url,
    async createDatabase(name) {
      await query(`CREATE DATABASE "${name}"`)
      return url(name)
    },
    query,
    async terminateBackends(database) {
      const { rows } = await query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database])
      return rows[0].n as number
    },
    stop,
    start,
    async destroy() {
      try {
        await stop('immediate')
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** What a suite of {@link describeWithPostgres} gets: valid inside its tests and hooks. */
export interface PostgresContext {
  /** The server of this test file. */
  readonly server: PostgresServer
  /** The connection string of this test file's database. */
  readonly url: string
}

/**
 * `describe` with a PostgreSQL server started before its tests (one per suite, with one
 * database) and destroyed after them; skipped, with the reason in its name, when the server
 * binaries are missing.
 */
export function describeWithPostgres(name: string, body: (db: PostgresContext) => void): void {
  const title = postgresSkipReason === undefined ? name : `${name} [skipped: ${postgresSkipReason}]`
  describe.skipIf(postgresSkipReason !== undefined)(title, () => {
    let server: PostgresServer | undefined
    let url: string | undefined
    beforeAll(async () => {
      server = await startPostgres()
      url = await server.createDatabase('sagaflow_test')
    }, 120_000)
    afterAll(async () => {
      await server?.destroy()
    }, 60_000)
    body({
      get server() {
        if (!server) throw new Error('the PostgreSQL server is not started yet: use it inside tests and hooks')
        return server
      },
      get url() {
        if (!url) throw new Error('the PostgreSQL server is not started yet: use it inside tests and hooks')
        return url
      },
    })
  })
}
