// Argument checks run unless NODE_ENV is 'production' (STYLE.md), as in @sagaflow/core, whose
// internal/dev.ts this mirrors (the packages share no internal module): the flag is read once,
// at load, through `process.env.NODE_ENV` written out in full so that bundlers replace it; where
// `process` does not exist and no bundler replaced the read, the checks are off.
//
// The package's `browser` build (dist/browser, scripts/build-package.mjs) writes each test out as
// `(isDevelopment && process.env.NODE_ENV !== 'production')`, which a production bundle folds to
// false: the checks, their messages and the helpers only they use (internal/checks.ts) leave the
// bundle, 0.5 KB gzip of every app's import of @sagaflow/core (issue #7, bundle size).
declare const process: { env: Record<string, string | undefined> }

function readNodeEnv(): string | undefined {
  try {
    return process.env.NODE_ENV
  } catch {
    return 'production'
  }
}

/** @internal */
export const isDevelopment: boolean = readNodeEnv() !== 'production'
