import type { Runner } from './runner.js'

/** `select(selector, ...args)`: `selector(getState(), ...args)`; a throwing selector throws into the saga. */
export const runSelect: Runner<{ selector: (...args: any[]) => any; args: any[] }> = (env, { selector, args }, frame) => {
  try {
    frame.settle(selector(env.getState(), ...args))
  } catch (error) {
    frame.settle(error, true)
  }
}
