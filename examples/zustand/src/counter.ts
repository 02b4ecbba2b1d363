import { delay, put, select, takeLatest } from '@sagaflow/core/effects'
import type { Action } from './saga-store.js'

export interface CounterState {
  count: number
  saved: number[]
}

export const initialState: CounterState = { count: 0, saved: [] }

export function reducer(state: CounterState, action: Action): CounterState {
  switch (action.type) {
    case 'INCREMENT':
      return { ...state, count: state.count + 1 }
    case 'SAVED':
      return { ...state, saved: [...state.saved, action.value as number] }
    default:
      return state
  }
}

/** Saves the counter 100 ms after the last increment (earlier saves are cancelled). */
function* autosave() {
  yield* delay(100)
  const count = yield* select((state: CounterState) => state.count)
  yield* put({ type: 'SAVED', value: count })
}

export function* counterSaga() {
  yield* takeLatest('INCREMENT', autosave)
}
