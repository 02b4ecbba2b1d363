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
