/*
 * The put scheduler (reference 3.1). One global FIFO queue and a counting lock:
 * - `asap(job)` queues the job and, if nothing holds the lock, runs the queue now;
 * - `immediately(job)` runs the job now while holding the lock, then runs what it queued;
 * - everything stays synchronous: queued jobs run before the outermost call returns.
 * A put issued while another put is being delivered therefore waits until the outer one has been
 * delivered to every taker, so takers see actions in dispatch order.
 */
/** A queued job: a function, or an object whose `run` is called (no closure per put: bench "put -> take", issue #7). */
export type Job = (() => void) | { run(): void }

let queue: Job[] = []
let head = 0
/** Number of locks held; 0 means released. Read by the driver to decide how to resume. */
export let semaphore = 0

/** Runs `job` now if the scheduler is released, else after the jobs already queued. */
export function asap(job: Job): void {
  queue.push(job)
  if (!semaphore) {
    semaphore++
    flush()
  }
}

/**
 * `asap(() => fn(arg))` without the closure when nothing is queued or running, the common case
 * of an action dispatched from outside (bench "middleware, 100 watchers", issue #7): `fn` runs
 * now under the lock, then what it queued runs, in the order and with the lock states `asap`
 * gives (if `fn` throws, what it queued stays queued, as with `asap`).
 */
export function asapCall<T>(fn: (arg: T) => void, arg: T): void {
  if (semaphore !== 0 || head !== queue.length) return asap(() => fn(arg))
  try {
    semaphore++
    fn(arg)
  } finally {
    semaphore--
  }
  if (head < queue.length) {
    semaphore++
    flush()
  }
}

/** Runs `job` now with the scheduler suspended, then flushes what it queued. */
export function immediately<T>(job: () => T): T {
  try {
    semaphore++
    return job()
  } finally {
    flush()
  }
}

/**
 * `immediately` without a closure, for the fork runner (one per fork: bench "fork + join", issue
 * #7): `suspend()`, the work, then `release()` in a `finally`.
 */
export function suspend(): void {
  semaphore++
}

/** Ends a `suspend()`: releases the lock and runs what was queued meanwhile. */
export function release(): void {
  flush()
}

function flush(): void {
  semaphore--
  while (!semaphore && head < queue.length) {
    const job = queue[head]!
    queue[head++] = undefined as unknown as Job
    // Compact once the consumed prefix dominates, so a long burst stays O(1) per job.
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head)
      head = 0
    }
    // The job runs under the lock, released even if it throws (written out here rather than a
    // call per job: bench "put -> take", cold path).
    semaphore++
    try {
      if (typeof job === 'function') job()
      else job.run()
    } finally {
      semaphore--
    }
  }
  if (head !== 0 && head === queue.length) {
    queue.length = 0
    head = 0
  }
}
