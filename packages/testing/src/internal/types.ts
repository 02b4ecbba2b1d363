/*
 * Type helpers mirroring `@sagaflow/core`'s creator signatures, so assertions and providers are
 * typed exactly like the effects they describe. (`TargetFn` is core's; it is not exported from
 * core's public entry, so it is restated here.)
 */
import type { CallTarget } from '@sagaflow/core'

export type AnyFn = (...args: any[]) => any

/** The function a `CallTarget` (`fn`, `[context, fn | 'method']`, `{ context, fn }`) designates. */
export type TargetFn<T> = T extends AnyFn
  ? T
  : T extends readonly [infer C, infer F]
    ? F extends AnyFn
      ? F
      : F extends keyof C
        ? C[F] extends AnyFn
          ? C[F]
          : never
        : never
    : T extends { context: infer C; fn: infer F }
      ? F extends AnyFn
        ? F
        : F extends keyof C
          ? C[F] extends AnyFn
            ? C[F]
            : never
          : never
      : never

export type { CallTarget }

/** Names of the methods of `C` (what `[context, 'method']` may name). */
export type MethodName<C> = { [K in keyof C]: C[K] extends AnyFn ? K : never }[keyof C] & string

/** `[context, 'method']` / `{ context, fn: 'method' }`, the creators' method-name targets. */
export type MethodTarget<C, K extends MethodName<C>> = readonly [C, K] | { context: C; fn: K }

/** The method `K` of `C`. */
export type MethodOf<C, K> = K extends keyof C ? (C[K] extends AnyFn ? C[K] : never) : never

/** `apply`'s arguments array: required unless the function can be called with none (as core's `apply`). */
export type ApplyArgs<Fn extends AnyFn> = [] extends Parameters<Fn> ? [args?: Parameters<Fn>] : [args: Parameters<Fn>]

/** Every key optional, recursively (functions and arrays are matched whole). */
export type DeepPartial<T> = T extends AnyFn
  ? T
  : T extends readonly unknown[]
    ? T
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T

/** What `.like(...)` may check on each kind of effect's payload. */
export interface CallPayloadShape {
  context: any
  fn: AnyFn
  args: any[]
}
export interface ForkPayloadShape extends CallPayloadShape {
  detached: boolean
}
export interface PutPayloadShape {
  channel: any
  action: any
  resolve: boolean
}
export interface TakePayloadShape {
  pattern: any
  channel: any
  maybe: boolean
}
export interface SelectPayloadShape {
  selector: AnyFn
  args: any[]
}
