/**
 * The simulator's clock: the time that order schedules, delivery delays, the 10-minute duplicate window and consent
 * ages are measured against. Tests control it (`advance`, `set`); the bin runs it on the wall clock. It never drives
 * transport behaviour such as latency spikes, which always use the real timer.
 *
 * @since 0.1.0
 */
import { Clock, Duration, Effect } from "effect"

/**
 * How the clock runs: `"real"` follows the wall clock (plus whatever `advance`/`set` added), `{ start }` stands still
 * at `start` (epoch millis or an ISO date-time) until moved.
 *
 * @since 0.1.0
 */
export type Mode = "real" | { readonly start: number | string }

/**
 * A simulated clock reading epoch milliseconds.
 *
 * @since 0.1.0
 */
export interface SimClock {
  readonly mode: "real" | "controlled"
  readonly now: Effect.Effect<number>
  /** The current time, read synchronously (for code already running inside an effect). */
  readonly nowUnsafe: () => number
  readonly advance: (duration: Duration.Input) => Effect.Effect<void>
  readonly set: (millis: number) => Effect.Effect<void>
}

/**
 * Parses a start instant given as epoch millis or an ISO date-time string.
 *
 * @since 0.1.0
 */
export const parseInstant = (start: number | string): number => {
  const millis = typeof start === "number" ? start : Date.parse(start)
  if (!Number.isFinite(millis)) throw new Error(`Invalid clock start: ${String(start)}`)
  return millis
}

/**
 * Makes a clock. The real mode reads the wall clock through the default Effect `Clock`, never a test clock that
 * happens to be in context: the simulator serves real sockets and must see real time.
 *
 * @since 0.1.0
 */
export const make = (mode: Mode): SimClock => {
  const wall = Clock.Clock.defaultValue()
  if (mode === "real") {
    let offset = 0
    const nowUnsafe = () => wall.currentTimeMillisUnsafe() + offset
    return {
      mode: "real",
      now: Effect.sync(nowUnsafe),
      nowUnsafe,
      advance: (duration) =>
        Effect.sync(() => {
          offset += Duration.toMillis(duration)
        }),
      set: (millis) =>
        Effect.sync(() => {
          offset = millis - wall.currentTimeMillisUnsafe()
        })
    }
  }
  let current = parseInstant(mode.start)
  const nowUnsafe = () => current
  return {
    mode: "controlled",
    now: Effect.sync(nowUnsafe),
    nowUnsafe,
    advance: (duration) =>
      Effect.sync(() => {
        current += Duration.toMillis(duration)
      }),
    set: (millis) =>
      Effect.sync(() => {
        current = millis
      })
  }
}
