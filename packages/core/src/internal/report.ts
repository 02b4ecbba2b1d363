/**
 * Throws `error` from a job of its own, so the host reports it as uncaught (Node: the process's
 * 'uncaughtException'; a browser: the window's `error` event), as it reports an error thrown by
 * an event listener or a timer callback. For failed cleanup that has nobody left to throw to: a
 * callback on a cancelled task's token (task.ts), a release whose task's error cannot carry it
 * (resource-scope.ts). Never for an error a saga can still catch.
 */
export function reportUncaught(error: unknown): void {
  queueMicrotask(() => {
    throw error
  })
}
