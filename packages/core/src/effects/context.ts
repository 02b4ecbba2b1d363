import { assignWithSymbols } from '../internal/task.js'
import type { Runner } from './runner.js'

/** `getContext(prop)`: looked up through the task's context chain. */
export const runGetContext: Runner<string> = (_env, prop, frame, driver) => {
  frame.settle(driver.context[prop])
}

/** `setContext(props)`: written into the current task's own context. */
export const runSetContext: Runner<object> = (_env, props, frame, driver) => {
  assignWithSymbols(driver.context, props)
  frame.settle()
}
