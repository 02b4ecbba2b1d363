// Argument checks run unless NODE_ENV is 'production'. Read once, at load, through
// `process.env.NODE_ENV` written out in full so bundlers replace it (webpack's DefinePlugin,
// esbuild's define, Vite); where `process` does not exist (a browser without a bundler) the
// read throws and the checks stay on. `typeof process` would be wrong here: it is 'undefined'
// in a bundled browser build even when NODE_ENV was defined as 'production'.
declare const process: { env: Record<string, string | undefined> }

function readNodeEnv(): string | undefined {
  try {
    return process.env.NODE_ENV
  } catch {
    return undefined
  }
}

export const isDevelopment: boolean = readNodeEnv() !== 'production'

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
