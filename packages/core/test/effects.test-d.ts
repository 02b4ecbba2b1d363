// Type tests (checked by the root `tsc`): every effect is yield*-able with its result inferred.
import { expectTypeOf } from 'vitest'
import { channel, END, type Channel, type Task } from '@sagaflow/core'
import {
  actionChannel,
  all,
  apply,
  call,
  cancel,
  cancelled,
  cps,
  delay,
  flush,
  fork,
  getContext,
  join,
  put,
  race,
  select,
  spawn,
  take,
  takeMaybe,
  abortSignal,
  cancellationToken,
  getClock,
  halt,
  use,
} from '@sagaflow/core/effects'
import type { CancellationToken, Clock } from '@sagaflow/cancellation'

interface User {
  id: number
  name: string
}
interface LoginAction {
  type: 'LOGIN'
  user: string
}
interface State {
  user: User
  items: string[]
}
const fetchUser = (id: number): Promise<User> => Promise.resolve({ id, name: 'n' })
const add = (a: number, b: number): number => a + b
function* subSaga(prefix: string): Generator<any, string, any> {
  return `${prefix}!`
}
const selectUser = (state: State) => state.user
const selectItem = (state: State, index: number) => state.items[index]
declare const untypedSelector: any
declare const maybeLabel: string | undefined
const readFile = (path: string, cb: (error: Error | null, content: string) => void) => cb(null, path)
const api = {
  base: 'x',
  get(path: string): Promise<number> {
    return Promise.resolve(path.length)
  },
}

export function* typed() {
  expectTypeOf(yield* call(fetchUser, 1)).toEqualTypeOf<User>()
  expectTypeOf(yield* call(add, 1, 2)).toEqualTypeOf<number>()
  expectTypeOf(yield* call(subSaga, 'a')).toEqualTypeOf<string>()
  expectTypeOf(yield* call([api, api.get], '/x')).toEqualTypeOf<number>()
  expectTypeOf(yield* call([api, 'get'], '/x')).toEqualTypeOf<number>()
  expectTypeOf(yield* call({ context: api, fn: api.get }, '/x')).toEqualTypeOf<number>()
  expectTypeOf(yield* apply(api, api.get, ['/x'])).toEqualTypeOf<number>()
  expectTypeOf(yield* cps(readFile, '/etc/hosts')).toEqualTypeOf<string>()

  expectTypeOf(yield* select(selectUser)).toEqualTypeOf<User>()
  expectTypeOf(yield* select(selectItem, 0)).toEqualTypeOf<string>()
  // A selector typed `any` (from untyped code) takes any arguments, as in redux-saga.
  expectTypeOf(yield* select(untypedSelector, 'id', 2)).toBeAny()
  expectTypeOf(yield* select((state: State, ...indexes: number[]) => indexes.map((i) => state.items[i]), 0, 1)).toEqualTypeOf<string[]>()

  expectTypeOf(yield* all([call(fetchUser, 1), call(add, 1, 2)])).toEqualTypeOf<[User, number]>()
  expectTypeOf(yield* all({ user: call(fetchUser, 1), sum: call(add, 1, 2) })).toEqualTypeOf<{ user: User; sum: number }>()
  expectTypeOf(yield* race({ user: call(fetchUser, 1), timeout: delay(10) })).toEqualTypeOf<{ user?: User; timeout?: true }>()
  expectTypeOf(yield* race([call(fetchUser, 1), delay(10, 'late' as const)])).toEqualTypeOf<[User | undefined, 'late' | undefined]>()

  const task = yield* fork(subSaga, 'x')
  expectTypeOf(task).toEqualTypeOf<Task<string>>()
  expectTypeOf(yield* join(task)).toEqualTypeOf<string>()
  const other = yield* spawn(fetchUser, 2)
  expectTypeOf(other).toEqualTypeOf<Task<User>>()
  expectTypeOf(yield* join([task, other])).toEqualTypeOf<[string, User]>()
  expectTypeOf(yield* cancel(task)).toEqualTypeOf<void>()
  expectTypeOf(yield* halt(task)).toEqualTypeOf<void>()
  expectTypeOf(yield* cancelled()).toEqualTypeOf<boolean>()

  expectTypeOf(yield* take<LoginAction>('LOGIN')).toEqualTypeOf<LoginAction>()
  const numbers: Channel<number> = channel<number>()
  expectTypeOf(yield* take(numbers)).toEqualTypeOf<number>()
  expectTypeOf(yield* takeMaybe(numbers)).toEqualTypeOf<number | END>()
  expectTypeOf(yield* put({ type: 'DONE' as const })).toEqualTypeOf<{ type: 'DONE' }>()
  expectTypeOf(yield* put(numbers, 1)).toEqualTypeOf<number>()
  expectTypeOf(yield* actionChannel<LoginAction>('LOGIN')).toEqualTypeOf<Channel<LoginAction>>()
  expectTypeOf(yield* flush(numbers)).toEqualTypeOf<number[] | END>()
  expectTypeOf(yield* getContext<string>('locale')).toEqualTypeOf<string>()
  expectTypeOf(yield* delay(5)).toEqualTypeOf<true>()
  expectTypeOf(yield* delay(5, 'v')).toEqualTypeOf<string>()
  // Typed as redux-saga types it (the runtime resumes with true for an undefined value).
  expectTypeOf(yield* delay(5, maybeLabel)).toEqualTypeOf<string>()
  expectTypeOf(yield* delay(5, null)).toEqualTypeOf<null>()
  expectTypeOf(yield* delay<number>(5)).toEqualTypeOf<number>()
  expectTypeOf(yield* abortSignal()).toEqualTypeOf<AbortSignal>()
  expectTypeOf(yield* cancellationToken()).toEqualTypeOf<CancellationToken>()
  expectTypeOf(yield* getClock()).toEqualTypeOf<Clock>()
  expectTypeOf(yield* use(call(fetchUser, 1), (user) => void user.name)).toEqualTypeOf<User>()
  expectTypeOf(yield* use(numbers, (c) => c.close())).toEqualTypeOf<Channel<number>>()
}

export function* plainYieldStillWorks(): Generator<any, void, any> {
  const user: User = yield call(fetchUser, 1)
  void user
}

export function* wrongArguments() {
  // @ts-expect-error: fetchUser takes a number
  yield* call(fetchUser, 'one')
  // @ts-expect-error: add needs two numbers
  yield* call(add, 1)
  // @ts-expect-error: the selector's extra argument is a number
  yield* select(selectItem, 'first')
  // @ts-expect-error: fork arguments are checked too
  yield* fork(subSaga, 42)
  // @ts-expect-error: no such method on api
  yield* call([api, 'post'], '/x')
}

// Effects deep-equal their plain-data form: no own enumerable iterator.
expectTypeOf(call(add, 1, 2).payload.args).toEqualTypeOf<any[]>()
