// A typed consumer of every package (not the vitest / postgres subpaths, whose types need vitest / pg).
import { runSaga, stdChannel, channel, eventChannel, buffers, END, type SagaIterator, type Task } from '@sagaflow/core'
import { call, put, take, takeLatest, fork, cancel, race, all, delay, select, retry, actionChannel, type CallEffect } from '@sagaflow/core/effects'
import { CancellationTokenSource, VirtualClock, type CancellationToken } from '@sagaflow/cancellation'
import { transaction, defineStep, memoryJournal } from '@sagaflow/compensation'
import { fileJournal } from '@sagaflow/compensation/node'
import { expectSaga, testSaga, matchers } from '@sagaflow/testing'

interface User { id: number; name: string }
interface State { user: User | null }
const fetchUser = async (id: number): Promise<User> => ({ id, name: 'Ada' })
const load = (id: number) => ({ type: 'LOAD' as const, id })

function* loadUser(action: ReturnType<typeof load>): SagaIterator<string | undefined> {
  const { user, timeout } = yield* race({ user: call(fetchUser, action.id), timeout: delay(1000) })
  if (timeout || !user) return undefined
  yield* put({ type: 'LOADED', user })
  return user.name
}

function* everything(): SagaIterator<number> {
  const user: User = yield* call(fetchUser, 1)
  const state: State = yield* select((s: State) => s)
  const task: Task = yield* fork(loadUser, load(2))
  yield* cancel(task)
  const [a, b] = yield* all([call(fetchUser, 3), call(fetchUser, 4)])
  const again: User = yield* retry(3, 10, fetchUser, 5)
  const queue = yield* actionChannel('LOAD', buffers.sliding<ReturnType<typeof load>>(5))
  const next = yield* take(queue)
  // @ts-expect-error: fetchUser takes a number
  yield* call(fetchUser, 'x')
  // @ts-expect-error: a call of fetchUser gives a User, not a string
  const wrong: string = yield* call(fetchUser, 1)
  return user.id + (state.user?.id ?? 0) + a.id + b.id + again.id + next.id + wrong.length
}

function* root(): SagaIterator {
  yield takeLatest('LOAD', loadUser)
  yield fork(everything)
}

const source = new CancellationTokenSource()
const token: CancellationToken = source.token
const clock = new VirtualClock()
const task: Task = runSaga({ channel: stdChannel(), dispatch: () => {}, getState: (): State => ({ user: null }), clock, signal: source.token.signal }, root)
const events = eventChannel<number>((emit) => {
  emit(1)
  return () => {}
})
const messages = channel<string>()
messages.put('hi')
events.close()
void [token, task, END]

const reserve = defineStep('reserve', {
  run: (seat: string) => call(async () => `${seat}-held`),
  compensate: (held: string) => call(async () => void held),
})

export async function tests(): Promise<void> {
  await expectSaga(loadUser, load(1))
    .provide([[matchers.call.fn(fetchUser), { id: 1, name: 'Ada' }]])
    .put({ type: 'LOADED', user: { id: 1, name: 'Ada' } })
    .returns('Ada')
    .run()
  // @ts-expect-error: the provided value must be a User
  expectSaga(loadUser, load(1)).provide([[matchers.call.fn(fetchUser), 'Ada']])
  testSaga(loadUser, load(1)).next().race({ user: call(fetchUser, 1), timeout: delay(1000) })
  const effect: CallEffect<User> = call(fetchUser, 1)
  const held: string = await runSaga({}, function* () {
    return yield* transaction('book', function* (tx) {
      const seat: string = yield* tx.run(reserve, 'A1')
      return seat
    }, { journal: memoryJournal() })
  }).toPromise()
  // @ts-expect-error: a step is an effect, an iterator or a function, not a string
  transaction('bad', function* (tx) { yield* tx.step('s', 'hello') })
  void [effect, held, fileJournal]
}
