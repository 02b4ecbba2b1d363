import { formatValue } from './internal/format.js'

/**
 * What `testSaga` assertions throw and `expectSaga(...).run()` rejects with when the saga does
 * not do what the test says. The message names the step (or lists every failed assertion) and
 * shows expected against actual; `expected` and `actual` are also kept as data, so test runners
 * that diff them (vitest, jest) show a diff.
 *
 * @example
 * ```ts
 * try {
 *   testSaga(saga).next().put({ type: 'SAVED' })
 * } catch (error) {
 *   if (error instanceof SagaTestError) console.log(error.step, error.expected, error.actual)
 * }
 * ```
 */
export class SagaTestError extends Error {
  /** The 1-based step of a `testSaga` failure (undefined for `expectSaga`). */
  readonly step: number | undefined
  /** What the test expected (an effect, a value, or a list of failed assertions). */
  readonly expected: unknown
  /** What the saga did. */
  readonly actual: unknown
  /** For an `expectSaga` failure: the run's result, to inspect further (not enumerable). */
  declare readonly result: unknown

  /**
   * Builds the error. `testSaga` and `expectSaga` create it; tests usually only catch it and read it.
   *
   * @param message - The whole report: the failed step or every failed assertion, with expected and actual.
   * @param details - The same as data: `step` (1-based, `testSaga` only), `expected`, `actual`, and
   * `result` (an `expectSaga` run's result, kept non-enumerable).
   */
  constructor(message: string, details: { step?: number; expected?: unknown; actual?: unknown; result?: unknown } = {}) {
    if (typeof message !== 'string') throw new TypeError(`new SagaTestError(message, details?): message must be a string, got ${formatValue(message)}`)
    if (details === null || typeof details !== 'object') {
      throw new TypeError(`new SagaTestError(message, details?): details must be an object { step?, expected?, actual?, result? }, got ${formatValue(details)}`)
    }
    super(message)
    this.name = 'SagaTestError'
    this.step = details.step
    this.expected = details.expected
    this.actual = details.actual
    // Not enumerable: the run's result holds live tasks, and printing the error outside a test
    // runner (Node's uncaught-error output lists own enumerable properties) would dump them.
    Object.defineProperty(this, 'result', { value: details.result, enumerable: false, writable: false, configurable: true })
  }
}
