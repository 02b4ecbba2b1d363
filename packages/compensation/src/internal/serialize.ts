import type { RecordedError } from '../journal.js'

/** A failure as plain data for the journal: name, message and, when present, a string/number `code`. */
export function recordError(error: unknown): RecordedError {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code
    return typeof code === 'string' || typeof code === 'number'
      ? { name: error.name, message: error.message, code }
      : { name: error.name, message: error.message }
  }
  return { name: 'NonError', message: describe(error) }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
