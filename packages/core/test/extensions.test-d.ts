// Type tests (checked by the root `tsc`) for the resilience helpers and streams.
import { expectTypeOf } from 'vitest'
import { CircuitOpenError as RootCircuitOpenError, END, buffers, channel, type Task } from '@sagaflow/core'
import {
  CircuitOpenError,
  allLimit,
  allSettled,
  call,
  circuitBreaker,
  delay,
  fromAsyncIterable,
  retry,
  supervise,
  take,
  takeLatestBy,
  takeLeadingBy,
  timeout,
  toAsyncIterable,
  use,
  type AsyncIterableChannel,
  type CircuitState,
  type RetryPolicy,
  type Settled,
} from '@sagaflow/core/effects'

interface User {
  id: number
  name: string
}
interface LoadUser {
  type: 'LOAD_USER'
  id: number
}
declare function fetchUser(id: number): Promise<User>
declare function countItems(kind: string): number
declare function userSaga(id: number): Generator<any, User, any>

export function* retryTypes() {
  const policy: RetryPolicy = { maxAttempts: 3, backoff: { initialMs: 10, factor: 2, maxMs: 100 }, jitter: 'full', random: () => 0.5 }
  expectTypeOf(yield* retry(policy, fetchUser, 1)).toEqualTypeOf<User>()
  expectTypeOf(yield* retry({ maxAttempts: 2, delayMs: 5, jitter: 0.1 }, countItems, 'a')).toEqualTypeOf<number>()
  expectTypeOf(yield* retry(3, 100, fetchUser, 1)).toEqualTypeOf<User>()
  // @ts-expect-error wrong argument type for fn
  yield* retry(policy, fetchUser, 'one')
  // @ts-expect-error jitter must be 'none' | 'full' | number
  yield* retry({ maxAttempts: 2, jitter: 'half' }, fetchUser, 1)
  yield* retry({ maxAttempts: 2, shouldRetry: (error, attempt) => expectTypeOf(attempt).toEqualTypeOf<number>() === undefined && !!error }, fetchUser, 1)
}

export function* timeoutTypes() {
  expectTypeOf(yield* timeout(100, call(fetchUser, 1))).toEqualTypeOf<User>()
  expectTypeOf(yield* timeout(100, delay(5, 'x' as const))).toEqualTypeOf<'x'>()
  expectTypeOf(yield* timeout(100, userSaga(1))).toEqualTypeOf<User>()
  // @ts-expect-error ms is a number
  yield* timeout('100', call(fetchUser, 1))
}

export function* combinatorTypes() {
  const [user, count] = yield* allSettled([call(fetchUser, 1), call(countItems, 'a')])
  expectTypeOf(user).toEqualTypeOf<Settled<User>>()
  expectTypeOf(count).toEqualTypeOf<Settled<number>>()
  if (user.status === 'fulfilled') expectTypeOf(user.value).toEqualTypeOf<User>()
  else expectTypeOf(user.reason).toEqualTypeOf<unknown>()
  // @ts-expect-error no value on a rejected outcome
  if (user.status === 'rejected') void user.value
  const settledObject = yield* allSettled({ user: call(fetchUser, 1), n: call(countItems, 'b') })
  expectTypeOf(settledObject).toEqualTypeOf<{ user: Settled<User>; n: Settled<number> }>()

  const limited = yield* allLimit(2, [call(fetchUser, 1), call(countItems, 'a')])
  expectTypeOf(limited).toEqualTypeOf<[User, number]>()
  const many = yield* allLimit(4, [1, 2, 3].map((id) => call(fetchUser, id)))
  expectTypeOf(many).toEqualTypeOf<User[]>()
  // @ts-expect-error limit is a number
  yield* allLimit('2', [call(fetchUser, 1)])
}

export function* takeByTypes() {
  function* worker(prefix: string, action: LoadUser) {
    yield* call(fetchUser, action.id)
    return prefix
  }
  expectTypeOf(yield* takeLatestBy('LOAD_USER', (action: LoadUser) => action.id, worker, 'p')).toEqualTypeOf<Task<never>>()
  expectTypeOf(yield* takeLeadingBy<LoadUser>('LOAD_USER', (action) => action.id, function* (action) {
    expectTypeOf(action).toEqualTypeOf<LoadUser>()
  })).toEqualTypeOf<Task<never>>()
  // @ts-expect-error extra args must match the worker's leading parameters
  yield* takeLatestBy('LOAD_USER', (action: LoadUser) => action.id, worker, 42)
}

export function* circuitBreakerTypes() {
  const breaker = circuitBreaker({ failureThreshold: 3, resetTimeoutMs: 1_000 })
  expectTypeOf(breaker.state).toEqualTypeOf<CircuitState>()
  expectTypeOf(yield* breaker.call(fetchUser, 1)).toEqualTypeOf<User>()
  expectTypeOf(yield* breaker.call(userSaga, 1)).toEqualTypeOf<User>()
  // @ts-expect-error wrong argument type
  yield* breaker.call(fetchUser, 'x')
  // @ts-expect-error state is read-only
  breaker.state = 'open'
  expectTypeOf(new CircuitOpenError(10).retryAfterMs).toEqualTypeOf<number>()
  expectTypeOf(RootCircuitOpenError).toEqualTypeOf<typeof CircuitOpenError>()
  // @ts-expect-error failureThreshold is required
  circuitBreaker({ resetTimeoutMs: 1 })
}

export function* superviseTypes() {
  expectTypeOf(yield* supervise(userSaga, { restart: 'on-error', maxRestarts: 3, withinMs: 1_000 }, 1)).toEqualTypeOf<User>()
  expectTypeOf(
    yield* supervise(fetchUser, { restart: 'on-error', maxRestarts: 1, withinMs: 10, backoff: { initialMs: 5 } }, 2),
  ).toEqualTypeOf<User>()
  // @ts-expect-error only 'on-error' restarts exist
  yield* supervise(userSaga, { restart: 'always', maxRestarts: 3, withinMs: 1_000 }, 1)
  // @ts-expect-error args must match the saga's parameters
  yield* supervise(userSaga, { restart: 'on-error', maxRestarts: 3, withinMs: 1_000 }, 'one')
}


export function* streamTypes() {
  async function* users(): AsyncGenerator<User> {}
  const ch = fromAsyncIterable(users())
  expectTypeOf(ch).toEqualTypeOf<AsyncIterableChannel<User>>()
  expectTypeOf(yield* take(ch)).toEqualTypeOf<User>()
  expectTypeOf(fromAsyncIterable([1, 2, 3])).toEqualTypeOf<AsyncIterableChannel<number>>()
  expectTypeOf(fromAsyncIterable([Promise.resolve('a'), 'b'])).toEqualTypeOf<AsyncIterableChannel<string>>()
  expectTypeOf(ch.close()).toEqualTypeOf<Promise<void>>()
  const owned = yield* use(fromAsyncIterable(users()), (c) => c.close())
  expectTypeOf(owned).toEqualTypeOf<AsyncIterableChannel<User>>()
  // A promise or a saga's iterator is run, as the runtime does; an async iterator is the resource.
  expectTypeOf(yield* use(Promise.resolve(1), (n) => expectTypeOf(n).toEqualTypeOf<number>())).toEqualTypeOf<number>()
  expectTypeOf(yield* use(userSaga(1), () => {})).toEqualTypeOf<User>()
  expectTypeOf(yield* use(users(), (it) => it.return(undefined))).toEqualTypeOf<AsyncGenerator<User>>()
  // @ts-expect-error a number is not iterable
  fromAsyncIterable(42)
  expectTypeOf(fromAsyncIterable(users(), buffers.fixed(5))).toEqualTypeOf<AsyncIterableChannel<User>>()
  // @ts-expect-error buffer is a number or a Buffer
  fromAsyncIterable(users(), '5')

  const plain = channel<string>()
  plain.put(END)
  expectTypeOf(toAsyncIterable(plain)).toEqualTypeOf<AsyncIterableIterator<string>>()
  expectTypeOf(toAsyncIterable(ch)).toEqualTypeOf<AsyncIterableIterator<User>>()
}

// A method by name (`[api, 'fetchUser']`, `{ context, fn: 'name' }`), as `call` takes it.
declare const usersApi: { fetchUser(id: number): Promise<User>; watch(url: string): Generator<any, void, any> }
export function* methodTargets() {
  expectTypeOf(yield* retry({ maxAttempts: 3 }, [usersApi, 'fetchUser'], 1)).toEqualTypeOf<User>()
  expectTypeOf(yield* retry(3, 100, { context: usersApi, fn: 'fetchUser' }, 1)).toEqualTypeOf<User>()
  expectTypeOf(yield* circuitBreaker({ failureThreshold: 2, resetTimeoutMs: 10 }).call([usersApi, 'fetchUser'], 1)).toEqualTypeOf<User>()
  yield* supervise({ context: usersApi, fn: 'watch' }, { restart: 'on-error', maxRestarts: 1, withinMs: 10 }, 'wss://x')
  // @ts-expect-error the method's argument is a number
  yield* retry({ maxAttempts: 3 }, [usersApi, 'fetchUser'], 'one')
  // @ts-expect-error no such method
  yield* retry({ maxAttempts: 3 }, [usersApi, 'fetchUsers'], 1)
}

// takeLatestBy / takeLeadingBy type the action from a typed pattern, as takeLatest does, and take a
// worker with an optional parameter after the action.
interface PayOrder {
  type: 'PAY_ORDER'
  orderId: string
}
declare const loadUser: ((id: number) => LoadUser) & { type: 'LOAD_USER'; match(action: unknown): action is LoadUser }
declare const isPay: (action: { type: string }) => action is PayOrder
declare function loadWithRetries(action: LoadUser, attempt?: number): Generator<any, void, any>
export function* keyedHelperPatterns() {
  yield* takeLatestBy(loadUser, (action) => expectTypeOf(action).toEqualTypeOf<LoadUser>() && action.id, function* (action) {
    expectTypeOf(action).toEqualTypeOf<LoadUser>()
  })
  yield* takeLeadingBy(isPay, (action) => action.orderId, function* (action) {
    expectTypeOf(action).toEqualTypeOf<PayOrder>()
  })
  yield* takeLatestBy('LOAD_USER', (action: LoadUser) => action.id, loadWithRetries)
  yield* takeLeadingBy('LOAD_USER', (action: LoadUser) => action.id, loadWithRetries)
}

// use: the resource's type comes from acquire; a release annotated otherwise is an error.
declare function connect(): Promise<{ query(sql: string): Promise<number>; close(): void }>
export function* useTypes() {
  const connection = yield* use(call(connect), (c) => c.close())
  expectTypeOf(connection.query).toEqualTypeOf<(sql: string) => Promise<number>>()
  // @ts-expect-error the resource is a connection, not a file handle
  yield* use(call(connect), (file: { read(): string }) => file.read())
}
