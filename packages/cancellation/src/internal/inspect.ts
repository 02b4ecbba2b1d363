import type { CancellationToken } from '../token.js'

/**
 * Windows into a token's private state, filled in by `CancellationToken`'s static block. For
 * tests and diagnostics only: not exported from the package entry.
 *
 * @internal
 */
export const tokenInternals = {
  registrationCount: (_token: CancellationToken): number => {
    throw new Error('tokenInternals: token.ts has not been loaded')
  },
}

/**
 * How many callbacks and linked children are registered on `token` and have not run or been
 * removed. A long-lived parent whose linked children were all cancelled or disposed has 0.
 *
 * @internal
 */
export function registrationCount(token: CancellationToken): number {
  return tokenInternals.registrationCount(token)
}
