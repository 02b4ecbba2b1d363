// Connection faults for the PostgreSQL journal tests: a pool whose connection is terminated by the
// server (pg_terminate_backend) right before a chosen COMMIT, and a TCP proxy that can cut the
// network between a worker and the server.
import { createServer, connect, type Server, type Socket } from 'node:net'
import type { PostgresClient, PostgresPool } from '@sagaflow/compensation/postgres'
import pg from 'pg'

/**
 * A pg pool that, when a database transaction has inserted a journal record matching `cutAt`,
 * has the server terminate that connection just before its COMMIT: the commit is lost, as when
 * a server crashes or a network drops at the worst moment.
 */
export function poolCutBeforeCommit(url: string, cutAt: (kind: string, step: string | null) => boolean): PostgresPool & { cuts: number } {
  const pool = new pg.Pool({ connectionString: url })
  pool.on('error', () => {})
  const admin = new pg.Pool({ connectionString: url, max: 1 })
  let cuts = 0
  return {
    get cuts() {
      return cuts
    },
    async connect(): Promise<PostgresClient> {
      const client = await pool.connect()
      const pid = (await client.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number
      let doomed = false
      return {
        async query(text: string, values?: any[]) {
          if (text.trimStart().startsWith('INSERT INTO') && text.includes('sagaflow_journal') && values && cutAt(values[2], values[3])) doomed = true
          if (text === 'COMMIT' && doomed) {
            doomed = false
            cuts++
            await admin.query('SELECT pg_terminate_backend($1)', [pid])
          }
          return client.query(text, values)
        },
        release: (error?: Error | boolean) => client.release(error),
        on: (event: 'error', listener: (error: Error) => void) => client.on(event, listener),
        removeListener: (event: 'error', listener: (error: Error) => void) => client.removeListener(event, listener),
      }
    },
    query: (text: string, values?: any[]) => pool.query(text, values),
    async end() {
      await pool.end()
      await admin.end()
    },
  }
}

/** A TCP proxy to the server whose link can be cut (every connection reset, new ones refused) and healed. */
export interface Proxy {
  readonly port: number
  cut(): void
  heal(): void
  close(): Promise<void>
}

export async function tcpProxy(targetPort: number, host = '127.0.0.1'): Promise<Proxy> {
  const sockets = new Set<Socket>()
  let up = true
  const server: Server = createServer((inbound) => {
    if (!up) {
      inbound.destroy()
      return
    }
    const outbound = connect(targetPort, host)
    for (const socket of [inbound, outbound]) {
      sockets.add(socket)
      socket.on('error', () => {})
      socket.on('close', () => {
        sockets.delete(socket)
        inbound.destroy()
        outbound.destroy()
      })
    }
    inbound.pipe(outbound)
    outbound.pipe(inbound)
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const port = (server.address() as { port: number }).port
  return {
    port,
    cut() {
      up = false
      for (const socket of sockets) socket.resetAndDestroy()
    },
    heal() {
      up = true
    },
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
