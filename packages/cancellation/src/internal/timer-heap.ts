/**
 * One pending timer of a `VirtualClock`. The object is also the handle `setTimeout` returns.
 *
 * @internal
 */
export class VirtualTimer {
  /** Position in the heap array, or -1 once fired, cleared, or never queued. */
  index = -1

  constructor(
    readonly owner: object,
    readonly due: number,
    /** Creation order: breaks ties between timers due at the same time. */
    readonly seq: number,
    readonly callback: () => void,
  ) {}
}

function before(a: VirtualTimer, b: VirtualTimer): boolean {
  return a.due < b.due || (a.due === b.due && a.seq < b.seq)
}

/**
 * A binary min-heap of timers ordered by (due time, creation order). Each timer knows its index,
 * so removing a cleared timer is O(log n) instead of a scan, and cleared timers do not pile up.
 *
 * @internal
 */
export class TimerHeap {
  readonly #items: VirtualTimer[] = []

  get size(): number {
    return this.#items.length
  }

  peek(): VirtualTimer | undefined {
    return this.#items[0]
  }

  push(timer: VirtualTimer): void {
    timer.index = this.#items.length
    this.#items.push(timer)
    this.#up(timer.index)
  }

  /** Removes and returns the earliest timer. */
  pop(): VirtualTimer | undefined {
    const first = this.#items[0]
    if (first !== undefined) this.remove(first)
    return first
  }

  remove(timer: VirtualTimer): void {
    const items = this.#items
    const index = timer.index
    if (index < 0 || items[index] !== timer) return
    timer.index = -1
    const last = items.pop() as VirtualTimer
    if (last === timer) return
    items[index] = last
    last.index = index
    this.#down(index)
    this.#up(last.index)
  }

  #up(index: number): void {
    const items = this.#items
    const timer = items[index] as VirtualTimer
    while (index > 0) {
      const parentIndex = (index - 1) >> 1
      const parent = items[parentIndex] as VirtualTimer
      if (!before(timer, parent)) break
      items[index] = parent
      parent.index = index
      index = parentIndex
    }
    items[index] = timer
    timer.index = index
  }

  #down(index: number): void {
    const items = this.#items
    const length = items.length
    const timer = items[index] as VirtualTimer
    for (;;) {
      const left = 2 * index + 1
      if (left >= length) break
      const right = left + 1
      let child = left
      if (right < length && before(items[right] as VirtualTimer, items[left] as VirtualTimer)) child = right
      const smallest = items[child] as VirtualTimer
      if (!before(smallest, timer)) break
      items[index] = smallest
      smallest.index = index
      index = child
    }
    items[index] = timer
    timer.index = index
  }
}
