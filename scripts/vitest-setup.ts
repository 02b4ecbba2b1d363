// Any unhandled rejection or uncaught exception fails the run: vitest reports them as errors
// and exits non-zero (its default `dangerouslyIgnoreUnhandledErrors: false`). This file only
// makes sure nothing in our own setup silences them.
process.on('warning', (warning) => {
  if (warning.name === 'MaxListenersExceededWarning') throw warning
})
