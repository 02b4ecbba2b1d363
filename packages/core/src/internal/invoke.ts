const APPLY = Function.prototype.apply
/** The builtin `call`, for tests that a function's own was not replaced (also isGeneratorFunction in proc.ts). */
export const FUNCTION_CALL = Function.prototype.call

/**
 * `fn.apply(context, args)`, with up to three arguments passed as a plain call: `apply` with an
 * array goes through a builtin that the JIT does not inline `fn` across; a plain call it can,
 * where `fn` is always the same function (bench "sync call", "fork + join", "all 100k", issue #7).
 * Anything unusual goes to `fn.apply` as given, which then behaves, or throws, exactly as the
 * reference's `fn.apply(context, args)`: `fn` not a function, a function whose own `apply` or
 * `call` was replaced, `args` that is not an array (`apply(obj, fn, null)`, an array-like).
 */
export function invoke(fn: (...args: any[]) => any, context: unknown, args: unknown[]): any {
  if (typeof fn !== 'function' || fn.apply !== APPLY || fn.call !== FUNCTION_CALL || !Array.isArray(args)) return fn.apply(context, args)
  switch (args.length) {
    case 0:
      return fn.call(context)
    case 1:
      return fn.call(context, args[0])
    case 2:
      return fn.call(context, args[0], args[1])
    case 3:
      return fn.call(context, args[0], args[1], args[2])
    default:
      return fn.apply(context, args)
  }
}
