// Argument checks run unless NODE_ENV is 'production' (read once, at load: bundlers replace
// `process.env.NODE_ENV`, and browsers without `process` get the checks).
declare const process: { env: Record<string, string | undefined> } | undefined

export const isDevelopment: boolean =
  typeof process === 'undefined' || !process.env || process.env.NODE_ENV !== 'production'

/** Throws `new Error(message)` unless `predicate(value)` holds. */
export function check(value: unknown, predicate: (v: any) => boolean, message: string): void {
  if (!predicate(value)) throw new Error(message)
}

/** The reference's format for an internal consistency failure. */
export function internalError(message: string): Error {
  return new Error(
    `\n  redux-saga: Error checking hooks detected an inconsistent state. This is likely a bug\n  in redux-saga code and not yours. Thanks for reporting this in the project's github repo.\n  Error: ${message}\n`,
  )
}

export const TEST_HINT =
  '\n(HINT: if you are getting these errors in tests, consider using createMockTask from @redux-saga/testing-utils)'
