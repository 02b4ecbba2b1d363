import { createStore } from 'zustand/vanilla'
import { connectSagas } from './saga-store.js'
import { counterSaga, initialState, reducer, type CounterState } from './counter.js'

const store = createStore<CounterState>()(() => initialState)
store.subscribe((state) => console.log('state', JSON.stringify(state)))
const { dispatch, run } = connectSagas(store, reducer)
const task = run(counterSaga)
dispatch({ type: 'INCREMENT' })
dispatch({ type: 'INCREMENT' })
setTimeout(() => {
  dispatch({ type: 'INCREMENT' })
  setTimeout(() => task.cancel(), 200)
}, 50)
