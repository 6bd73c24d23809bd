/**
 * A binary min-heap keyed by `(at, seq)`: the simulator's agenda of things that become due on the simulated clock
 * (webhook events, balance settlements). Ties keep insertion order, so an `accepted` webhook always precedes the
 * final one of the same message.
 */

/** An entry: due at `at` (simulated epoch millis); `seq` breaks ties in insertion order. */
export interface Entry<A> {
  readonly at: number
  readonly seq: number
  readonly value: A
}

/** A min-heap of entries. */
export class MinHeap<A> {
  private readonly items: Array<Entry<A>> = []
  private nextSeq = 0

  get size(): number {
    return this.items.length
  }

  push(at: number, value: A): void {
    const items = this.items
    items.push({ at, seq: this.nextSeq++, value })
    let i = items.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!less(items[i]!, items[parent]!)) break
      swap(items, i, parent)
      i = parent
    }
  }

  /** The earliest due time, or `Infinity` when empty. */
  peekAt(): number {
    return this.items[0]?.at ?? Number.POSITIVE_INFINITY
  }

  /** Removes and returns every entry due at or before `now`, earliest first. */
  popDue(now: number): Array<A> {
    const out: Array<A> = []
    while (this.items.length > 0 && this.items[0]!.at <= now) out.push(this.pop()!)
    return out
  }

  private pop(): A | undefined {
    const items = this.items
    const top = items[0]
    if (top === undefined) return undefined
    const last = items.pop()!
    if (items.length > 0) {
      items[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < items.length && less(items[l]!, items[m]!)) m = l
        if (r < items.length && less(items[r]!, items[m]!)) m = r
        if (m === i) break
        swap(items, i, m)
        i = m
      }
    }
    return top.value
  }
}

const less = <A>(a: Entry<A>, b: Entry<A>) => a.at < b.at || (a.at === b.at && a.seq < b.seq)

const swap = <A>(items: Array<A>, i: number, j: number) => {
  const t = items[i]!
  items[i] = items[j]!
  items[j] = t
}
