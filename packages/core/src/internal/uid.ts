// One process-wide counter for effect ids and root saga ids (reference 4.13: ids are global).
let current = 0
export const nextEffectId = (): number => ++current
export const currentEffectId = (): number => current
