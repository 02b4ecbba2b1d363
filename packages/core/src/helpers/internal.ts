import { ITERATOR_META } from '../effects/fork.js'
import * as is from '../internal/is.js'

/** Names a helper's iterator so its task reads e.g. `takeEvery(SEARCH, search)` in sagaStack. */
export function named<I extends Iterator<any, any, any>>(iterator: I, name: string): I {
  ;(iterator as any)[ITERATOR_META] = { name }
  return iterator
}

export function safeName(patternOrChannel: unknown): string {
  if (is.channel(patternOrChannel)) return 'channel'
  if (is.stringableFunc(patternOrChannel)) return String(patternOrChannel)
  if (is.func(patternOrChannel)) return patternOrChannel.name
  return String(patternOrChannel)
}

export const workerName = (worker: unknown): string => (worker as { name?: string } | undefined)?.name as string
