// Jest's globals as the reference's tests use them: `jest.fn()` and the like, and tests that take
// a `done` callback (vitest wants a promise).
import { vi } from 'vitest'

globalThis.jest = vi

const withDone = (fn) =>
  typeof fn === 'function' && fn.length >= 1
    ? () =>
        new Promise((resolve, reject) => {
          const done = (error) => (error ? reject(error) : resolve())
          done.fail = reject
          try {
            fn(done)
          } catch (error) {
            reject(error)
          }
        })
    : fn

for (const name of ['test', 'it']) {
  const original = globalThis[name]
  const wrapped = (title, fn, timeout) => original(title, withDone(fn), timeout)
  Object.assign(wrapped, original)
  wrapped.only = (title, fn, timeout) => original.only(title, withDone(fn), timeout)
  globalThis[name] = wrapped
}
