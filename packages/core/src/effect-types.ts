/**
 * The `type` of every effect the reference defines (string values equal to the names).
 *
 * @example
 * ```ts
 * if (effect.type === effectTypes.CALL) console.log('calls', effect.payload.fn.name)
 * ```
 */
export const effectTypes = Object.freeze({
  /** `take` and `takeMaybe`: wait for the next matching message. */
  TAKE: 'TAKE',
  /** `put` and `putResolve`: dispatch an action, or put a message into a channel. */
  PUT: 'PUT',
  /** `all`: run effects in parallel and wait for every one. */
  ALL: 'ALL',
  /** `race`: run effects in parallel; the first to settle wins, the others are cancelled. */
  RACE: 'RACE',
  /** `call`, `apply` and `delay`: call a function and wait for its result. */
  CALL: 'CALL',
  /** `cps`: call a Node-style function and wait for its callback. */
  CPS: 'CPS',
  /** `fork`, `spawn` and the helpers that fork a loop (`takeEvery`...): start a task. */
  FORK: 'FORK',
  /** `join`: wait for a task (or several) to end. */
  JOIN: 'JOIN',
  /** `cancel`: cancel a task, several, or the current one. */
  CANCEL: 'CANCEL',
  /** `select`: read the store's state through a selector. */
  SELECT: 'SELECT',
  /** `actionChannel`: create a channel that queues matching store actions. */
  ACTION_CHANNEL: 'ACTION_CHANNEL',
  /** `cancelled`: ask whether the current task is being cancelled. */
  CANCELLED: 'CANCELLED',
  /** `flush`: take every buffered message of a channel at once. */
  FLUSH: 'FLUSH',
  /** `getContext`: read a value from the task's context. */
  GET_CONTEXT: 'GET_CONTEXT',
  /** `setContext`: add values to the task's context. */
  SET_CONTEXT: 'SET_CONTEXT',
} as const)

/** Union of the reference's effect type strings. */
export type ReferenceEffectType = (typeof effectTypes)[keyof typeof effectTypes]
