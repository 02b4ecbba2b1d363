/// <reference lib="esnext.disposable" preserve="true" />

/**
 * The key of `using`-style disposal. `Symbol.dispose` is missing from older engines (Safari,
 * Node before 18.18), so fall back to the registered symbol that polyfills such as
 * core-js and TypeScript's own downlevel helpers install under the same description.
 *
 * @internal
 */
export const disposeSymbol: typeof Symbol.dispose =
  (Symbol.dispose as typeof Symbol.dispose | undefined) ?? (Symbol.for('Symbol.dispose') as typeof Symbol.dispose)
