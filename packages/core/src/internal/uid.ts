// One process-wide counter for effect ids and root saga ids (reference 4.13: ids are global).
let current = 0
export const nextEffectId = (): number => ++current
export const currentEffectId = (): number => current
/** Consumes `n` ids at once, as `n` effects digested in a row would (race's combined takes). */
export const skipEffectIds = (n: number): void => {
  current += n
}
