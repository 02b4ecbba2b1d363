import { createSlice, type PayloadAction } from '@reduxjs/toolkit'

export interface SessionState {
  user: string | null
  status: 'anonymous' | 'logging-in' | 'online' | 'timed-out'
}

export const session = createSlice({
  name: 'session',
  initialState: { user: null, status: 'anonymous' } as SessionState,
  reducers: {
    loginRequested: (state) => {
      state.status = 'logging-in'
    },
    loginSucceeded: (state, action: PayloadAction<string>) => {
      state.user = action.payload
      state.status = 'online'
    },
    loginTimedOut: (state) => {
      state.status = 'timed-out'
    },
    loggedOut: (state) => {
      state.user = null
      state.status = 'anonymous'
    },
  },
})

export interface SearchState {
  query: string
  results: string[]
  pending: boolean
  error: string | null
}

export const search = createSlice({
  name: 'search',
  initialState: { query: '', results: [], pending: false, error: null } as SearchState,
  reducers: {
    searchRequested: (state, action: PayloadAction<string>) => {
      state.query = action.payload
      state.pending = true
    },
    searchSucceeded: (state, action: PayloadAction<string[]>) => {
      state.results = action.payload
      state.pending = false
      state.error = null
    },
    searchFailed: (state, action: PayloadAction<string>) => {
      state.pending = false
      state.error = action.payload
    },
  },
})

export const { loginRequested, loginSucceeded, loginTimedOut, loggedOut } = session.actions
export const { searchRequested, searchSucceeded, searchFailed } = search.actions
