/**
 * The agenda of things that happen on the simulated clock (a message moving from queued to delivered, a webhook
 * becoming due): events scheduled at a simulated time and taken, in time order, once the clock passes them. A module
 * drains it from its `tick`. Ties keep insertion order.
 *
 * @since 0.1.0
 */
import { MinHeap } from "../internal/heap.ts"

/**
 * An agenda of events of type `A`.
 *
 * @since 0.1.0
 */
export interface Agenda<A> {
  /** Schedules `event` at simulated epoch millis `at`. */
  readonly schedule: (at: number, event: A) => void
  /** Removes and returns every event due at or before `now`, earliest first. */
  readonly due: (now: number) => ReadonlyArray<A>
  /** The earliest pending time, `Infinity` when empty. */
  readonly next: () => number
  readonly size: () => number
}

/**
 * An empty agenda.
 *
 * @example
 * ```ts
 * const agenda = Lifecycle.make<{ id: string; status: "DELIVERED" }>()
 * agenda.schedule(now + 3_000, { id, status: "DELIVERED" })
 * for (const e of agenda.due(clock.nowUnsafe())) apply(e)
 * ```
 *
 * @since 0.1.0
 */
export const make = <A>(): Agenda<A> => {
  const heap = new MinHeap<A>()
  return {
    schedule: (at, event) => heap.push(at, event),
    due: (now) => heap.popDue(now),
    next: () => heap.peekAt(),
    size: () => heap.size
  }
}
