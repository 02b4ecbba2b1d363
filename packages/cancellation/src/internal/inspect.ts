import type { CancellationRegistration, CancellationToken } from '../token.js'

/** A node of a token's registration list, as `token.ts` builds it. */
type Node = { readonly prev: Node | null }

/**
 * How many callbacks and linked children are registered on `token` and have not run or been
 * removed. A long-lived parent whose linked children were all cancelled or disposed has 0.
 *
 * For tests and diagnostics only: not exported from the package entry. It counts through the
 * public API, so that nothing of it stays in an app bundle: a probe callback is appended, the
 * registrations before it are counted along their `prev` links, and the probe is removed again.
 * A cancelled token, or one that can never be cancelled, has none.
 *
 * @internal
 */
export function registrationCount(token: CancellationToken): number {
  const probe = token.onCancel(noop) as CancellationRegistration & Partial<Node>
  let count = 0
  for (let node = probe.prev ?? null; node !== null; node = node.prev) count++
  probe.dispose()
  return count
}

function noop(): void {}
