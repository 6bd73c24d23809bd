/**
 * Walking a time range through an endpoint that has no cursor and caps each answer (Infobip's v1 logs: at most 1000
 * entries, filtered by inclusive `sentSince`/`sentUntil`). The range is cut into windows of a given width; a window
 * whose answer is full may hold more than it returned, so it is split in two and both halves are read instead. Each
 * entry is therefore read from exactly one window whose answer was not full: every entry once, none twice.
 */
import { Effect, Stream } from "effect"

/** A window with inclusive ends, in epoch millis. */
export interface Window {
  readonly since: number
  readonly until: number
}

/**
 * The windows' pages with the window each covers, in time order, lazily. `tooDense` is the failure when a single millisecond holds a full
 * answer, which no split can page.
 */
export const walk = <A, E, R, E2>(options: {
  readonly since: number
  readonly until: number
  readonly width: number
  readonly limit: number
  readonly fetch: (w: Window) => Effect.Effect<ReadonlyArray<A>, E, R>
  readonly tooDense: (w: Window) => E2
}): Stream.Stream<{ readonly items: ReadonlyArray<A>; readonly window: Window }, E | E2, R> => {
  const initial: Array<Window> = []
  // A stack with the earliest window on top.
  for (let end = options.until; end >= options.since; end -= options.width) {
    initial.push({ since: Math.max(options.since, end - options.width + 1), until: end })
  }
  return Stream.unfold(initial, (stack: Array<Window>) =>
    Effect.gen(function* () {
      while (stack.length > 0) {
        const w = stack.pop()!
        const page = yield* options.fetch(w)
        if (page.length < options.limit) return [{ items: page, window: w }, stack] as const
        if (w.until === w.since) return yield* Effect.fail(options.tooDense(w))
        const mid = w.since + Math.floor((w.until - w.since) / 2)
        stack.push({ since: mid + 1, until: w.until }, { since: w.since, until: mid })
      }
      return undefined
    })
  )
}
