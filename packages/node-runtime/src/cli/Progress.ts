/**
 * Progress for long CLI work. On a TTY a live line is redrawn in place (rows, orders, windows done out of total,
 * rate, ETA); elsewhere a plain line is printed every few seconds, so logs stay readable. Everything goes to stderr,
 * keeping stdout for results.
 *
 * @since 0.1.0
 */
import { Clock, type Duration, Effect, Fiber, Schedule } from "effect"

/**
 * Counters that the work updates as it goes.
 *
 * @since 0.1.0
 */
export interface Counters {
  rows: number
  orders: number
  windowsDone: number
  windowsTotal: number
  delivered: number
  undelivered: number
  waiting: number
  /** Expected rows, when known (for the ETA). */
  expectedRows: number | undefined
}

/**
 * @since 0.1.0
 */
export const counters = (windowsTotal = 0): Counters => ({
  rows: 0,
  orders: 0,
  windowsDone: 0,
  windowsTotal,
  delivered: 0,
  undelivered: 0,
  waiting: 0,
  expectedRows: undefined
})

const formatRate = (n: number) =>
  n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : `${Math.round(n)}`

const formatDuration = (ms: number) => {
  const s = Math.max(0, Math.round(ms / 1000))
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s` : `${s}s`
}

/**
 * One progress line.
 *
 * @since 0.1.0
 */
export const line = (label: string, c: Counters, elapsedMillis: number): string => {
  const rate = elapsedMillis > 0 ? (c.rows * 1000) / elapsedMillis : 0
  const parts = [`${label}: ${c.rows.toLocaleString("en-US")} rows`, `${c.orders.toLocaleString("en-US")} orders`]
  if (c.windowsTotal > 0) parts.push(`windows ${c.windowsDone}/${c.windowsTotal}`)
  parts.push(`${formatRate(rate)} rows/s`)
  if (c.expectedRows !== undefined && rate > 0 && c.expectedRows > c.rows) {
    parts.push(`ETA ${formatDuration(((c.expectedRows - c.rows) / rate) * 1000)}`)
  }
  parts.push(formatDuration(elapsedMillis))
  return parts.join(" · ")
}

/**
 * Runs `work` while reporting progress on stderr; returns its result and the elapsed time.
 *
 * @since 0.1.0
 */
export const track = <A, E, R>(
  label: string,
  c: Counters,
  work: Effect.Effect<A, E, R>,
  options: { readonly tty?: boolean | undefined; readonly interval?: Duration.Input | undefined } = {}
): Effect.Effect<{ readonly result: A; readonly elapsedMillis: number }, E, R> =>
  Effect.gen(function* () {
    const tty = options.tty ?? process.stderr.isTTY === true
    const start = yield* Clock.currentTimeMillis
    const draw = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const text = line(label, c, now - start)
      yield* Effect.sync(() => process.stderr.write(tty ? `\r\x1b[2K${text}` : `${text}\n`))
    })
    const every = options.interval ?? (tty ? "200 millis" : "3 seconds")
    const ticker = yield* Effect.forkChild(Effect.delay(Effect.repeat(draw, Schedule.spaced(every)), every))

    const result = yield* work.pipe(Effect.ensuring(Fiber.interrupt(ticker)))
    const elapsedMillis = (yield* Clock.currentTimeMillis) - start
    if (tty) yield* Effect.sync(() => process.stderr.write(`\r\x1b[2K${line(label, c, elapsedMillis)}\n`))
    return { result, elapsedMillis }
  })
