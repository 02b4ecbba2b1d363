// Runs the app against a small local search server and prints what the store sees.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApp } from './store.js'
import { searchRequested } from './slices.js'

const server = createServer((req, res) => {
  const query = new URL(req.url!, 'http://x').searchParams.get('q') ?? ''
  const wait = query.length * 20 // longer queries answer later
  const timer = setTimeout(() => res.end(JSON.stringify([`${query} hotel`, `${query} museum`])), wait)
  req.on('close', () => {
    clearTimeout(timer)
    if (!res.writableEnded) console.log(`server: request for "${query}" aborted by the client`)
  })
})
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  const { store, task } = createApp({ baseUrl: `http://127.0.0.1:${port}`, authenticate: async () => 'token' })
  store.subscribe(() => console.log('state', JSON.stringify(store.getState().search)))
  store.dispatch(searchRequested('lisbon'))
  setTimeout(() => store.dispatch(searchRequested('rome')), 30) // cancels "lisbon": its fetch is aborted
  setTimeout(() => {
    task.cancel()
    server.close()
  }, 400)
})
