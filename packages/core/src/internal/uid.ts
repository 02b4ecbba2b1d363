// One process-wide counter for effect ids and root saga ids (reference 4.13: ids are global).
/**
 * The counter itself, for the driver's fast paths: `++effectIds.current` where a call to
 * `nextEffectId()` would cost a frame per effect before the JIT has inlined it (bench "put ->
 * take", cold path).
 */
export const effectIds = { current: 0 }
export const nextEffectId = (): number => ++effectIds.current
export const currentEffectId = (): number => effectIds.current
/** Consumes `n` ids at once, as `n` effects digested in a row would (race's combined takes). */
export const skipEffectIds = (n: number): void => {
  effectIds.current += n
}
