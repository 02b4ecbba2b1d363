// How the PostgreSQL journal classifies a driver error (no database needed): a lost connection is
// 'unavailable' (what a caller retries), a refused statement 'database', a duplicate 'conflict'.
import { PostgresJournalError } from '@sagaflow/compensation/postgres'
import { describe, expect, it } from 'vitest'
import { isConnectionError, journalError } from '../src/postgres/errors.js'

/** An error as Node's net module makes it for a failed socket call. */
function systemError(code: string, errno: number, syscall: string): Error {
  return Object.assign(new Error(`${syscall} ${code}`), { code, errno, syscall })
}

/** An error as the pg driver makes it for a statement PostgreSQL refused. */
function databaseError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, severity: 'ERROR' })
}

describe('postgres journal errors', () => {
  it.each([
    ['ECONNRESET', -104, 'read'],
    ['ECONNREFUSED', -111, 'connect'],
    // Five characters, like a SQLSTATE: still a system error (syscall, errno), so the connection is gone.
    ['EPIPE', -32, 'write'],
    ['ETIME', -62, 'read'],
  ])('a socket error %s means the database is unavailable', (code, errno, syscall) => {
    const error = systemError(code, errno, syscall)
    expect(isConnectionError(error)).toBe(true)
    const wrapped = journalError(error, 'append a record', 'tx-1')
    expect(wrapped).toBeInstanceOf(PostgresJournalError)
    expect(wrapped).toMatchObject({ reason: 'unavailable', code, transactionId: 'tx-1', cause: error })
  })

  it('an error with no code (the driver lost the connection) is unavailable', () => {
    expect(journalError(new Error('Connection terminated unexpectedly'), 'read')).toMatchObject({ reason: 'unavailable', code: undefined })
  })

  it.each(['08006', '57P01', '57P03', '53300'])('SQLSTATE %s (connection lost or refused) is unavailable', (code) => {
    expect(journalError(databaseError(code, 'terminating connection'), 'append a record')).toMatchObject({ reason: 'unavailable', code })
  })

  it('a refused statement is a database error, a duplicate a conflict', () => {
    expect(journalError(databaseError('42P01', 'relation does not exist'), 'read')).toMatchObject({ reason: 'database', code: '42P01' })
    expect(journalError(databaseError('23505', 'duplicate key'), 'append a record')).toMatchObject({ reason: 'conflict', code: '23505' })
  })
})
