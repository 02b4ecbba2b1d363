import { stdChannel } from '@sagaflow/core'

/** The store an `expectSaga` run gives the saga: state (`withState`), a reducer (`withReducer`), a channel. */
export class TestStore {
  readonly channel = stdChannel()
  private state: unknown

  constructor(
    initialState: unknown,
    private readonly reducer: ((state: any, action: any) => unknown) | undefined,
    private readonly onDispatch: () => void,
  ) {
    this.state = initialState
  }

  /** Reducer first, then the sagas' channel (as the Redux middleware does); returns the action. */
  readonly dispatch = (action: unknown): unknown => {
    this.onDispatch()
    if (this.reducer) this.state = this.reducer(this.state, action)
    this.channel.put(action)
    return action
  }

  readonly getState = (): unknown => this.state
}
