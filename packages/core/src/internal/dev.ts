// Argument checks run unless NODE_ENV is 'production'. The flag is read once, at load, through
// `process.env.NODE_ENV` written out in full, so that bundlers replace it (webpack's
// DefinePlugin, Vite, esbuild's define). Where `process` does not exist and no bundler replaced
// the read (a browser loading the files as they are), the read throws and the checks are off,
// as in a production build.
//
// Bundles: the package's `browser` build (dist/browser, made by scripts/build-package.mjs)
// writes every `isDevelopment` test out as `(isDevelopment && process.env.NODE_ENV !==
// 'production')`, which a bundler that defines NODE_ENV as 'production' folds to false, so the
// checks and their messages drop out of the bundle (issue #7, bundle size). The `isDevelopment`
// operand keeps the test from reading `process` where it does not exist. Node and the source
// keep the plain flag: `process.env` costs ~600 ns per read, too much for an effect creator.
declare const process: { env: Record<string, string | undefined> }

function readNodeEnv(): string | undefined {
  try {
    return process.env.NODE_ENV
  } catch {
    return 'production'
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
