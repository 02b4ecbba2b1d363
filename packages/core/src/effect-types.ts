/**
 * The `type` of every effect the reference defines (string values equal to the names).
 *
 * @example
 * ```ts
 * if (effect.type === effectTypes.CALL) console.log('calls', effect.payload.fn.name)
 * ```
 */
export const effectTypes = Object.freeze({
  TAKE: 'TAKE',
  PUT: 'PUT',
  ALL: 'ALL',
  RACE: 'RACE',
  CALL: 'CALL',
  CPS: 'CPS',
  FORK: 'FORK',
  JOIN: 'JOIN',
  CANCEL: 'CANCEL',
  SELECT: 'SELECT',
  ACTION_CHANNEL: 'ACTION_CHANNEL',
  CANCELLED: 'CANCELLED',
  FLUSH: 'FLUSH',
  GET_CONTEXT: 'GET_CONTEXT',
  SET_CONTEXT: 'SET_CONTEXT',
} as const)

/** Union of the reference's effect type strings. */
export type ReferenceEffectType = (typeof effectTypes)[keyof typeof effectTypes]
