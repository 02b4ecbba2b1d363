import { describe, expect, it } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { VirtualClock } from '@sagaflow/cancellation'
import { take, select } from '@sagaflow/core/effects'
import { connectSagas } from '../src/saga-store.js'
import { counterSaga, initialState, reducer, type CounterState } from '../src/counter.js'

async function flush(clock: VirtualClock, ms: number) {
  await Promise.resolve()
  clock.advance(ms)
  await Promise.resolve()
}

describe('sagas on a zustand store', () => {
  it('debounces saves with takeLatest: only the last increment of a burst is saved', async () => {
    const clock = new VirtualClock()
    const store = createStore<CounterState>()(() => initialState)
    const { dispatch, run } = connectSagas(store, reducer, { clock })
    const task = run(counterSaga)
    dispatch({ type: 'INCREMENT' })
    dispatch({ type: 'INCREMENT' })
    await flush(clock, 50)
    dispatch({ type: 'INCREMENT' })
    await flush(clock, 100)
    expect(store.getState()).toEqual({ count: 3, saved: [3] })
    task.cancel()
  })

  it('lets select() right after take() see the state the action produced', () => {
    const store = createStore<CounterState>()(() => initialState)
    const { dispatch, run } = connectSagas(store, reducer)
    const seen: number[] = []
    run(function* () {
      yield* take('INCREMENT')
      seen.push(yield* select((state: CounterState) => state.count))
    })
    dispatch({ type: 'INCREMENT' })
    expect(seen).toEqual([1])
  })

  it('notifies zustand subscribers of the state the sagas put', async () => {
    const clock = new VirtualClock()
    const store = createStore<CounterState>()(() => initialState)
    const states: CounterState[] = []
    store.subscribe((state) => states.push(state))
    const { dispatch, run } = connectSagas(store, reducer, { clock })
    const task = run(counterSaga)
    dispatch({ type: 'INCREMENT' })
    await flush(clock, 100)
    expect(states).toEqual([
      { count: 1, saved: [] },
      { count: 1, saved: [1] },
    ])
    task.cancel()
  })

  it('lets select() see state set with setState directly, and puts nothing once cancelled', async () => {
    const clock = new VirtualClock()
    const store = createStore<CounterState>()(() => initialState)
    const { dispatch, run } = connectSagas(store, reducer, { clock })
    const task = run(counterSaga)
    store.setState({ count: 41 }) // not through dispatch: no saga sees an action, but select reads it
    dispatch({ type: 'INCREMENT' })
    await flush(clock, 100)
    expect(store.getState()).toEqual({ count: 42, saved: [42] })
    dispatch({ type: 'INCREMENT' })
    task.cancel() // the pending autosave is cancelled with the task
    await flush(clock, 100)
    expect(task.isCancelled()).toBe(true)
    expect(store.getState()).toEqual({ count: 43, saved: [42] })
  })
})
