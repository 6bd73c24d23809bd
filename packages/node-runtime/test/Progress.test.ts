/**
 * The progress line that `export` and `report` redraw on a TTY (and print every few seconds elsewhere).
 */

import { assert, describe, it } from "@effect/vitest"
import { Progress } from "@effect-sms/node-runtime"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"

describe("Progress.line", () => {
  it("shows rows, orders, windows done out of total, rate, ETA and elapsed time", () => {
    const c = Progress.counters(3)
    c.rows = 20_000
    c.orders = 400
    c.windowsDone = 1
    c.expectedRows = 60_000
    // 20,000 rows in 4 s: 5,000 rows/s, 40,000 rows to go: 8 s.
    assert.strictEqual(
      Progress.line("export ndjson", c, 4000),
      "export ndjson: 20,000 rows · 400 orders · windows 1/3 · 5.0k rows/s · ETA 8s · 4s"
    )
  })

  it("leaves out what it does not know", () => {
    const c = Progress.counters()
    c.rows = 12
    c.orders = 1
    assert.strictEqual(Progress.line("report", c, 0), "report: 12 rows · 1 orders · 0 rows/s · 0s")
  })

  it("formats minutes", () => {
    const c = Progress.counters(12)
    c.rows = 1_200_000
    c.expectedRows = 1_500_000
    assert.strictEqual(
      Progress.line("export csv", c, 125_000),
      "export csv: 1,200,000 rows · 0 orders · windows 0/12 · 9.6k rows/s · ETA 31s · 2m05s"
    )
  })
})

describe("Progress.track", () => {
  const capture = <A, E>(effect: Effect.Effect<A, E>) =>
    Effect.gen(function* () {
      const written: Array<string> = []
      const original = process.stderr.write.bind(process.stderr)
      process.stderr.write = ((chunk: string) => {
        written.push(String(chunk))
        return true
      }) as typeof process.stderr.write
      const result = yield* effect.pipe(Effect.ensuring(Effect.sync(() => (process.stderr.write = original))))
      return { result, written }
    })

  // On the test clock: the ticker and the work interleave exactly, so every line is known.
  const run = <A, E>(effect: Effect.Effect<A, E>) =>
    Effect.gen(function* () {
      const fiber = yield* Effect.forkChild(capture(effect))
      yield* TestClock.adjust("1 second")
      return yield* Fiber.join(fiber)
    })

  it.effect("without a TTY, prints a plain line every interval and nothing else", () =>
    Effect.gen(function* () {
      const c = Progress.counters(1)
      // 10 rows at 0, 25, 50, ..., 150 ms; done at 175 ms.
      const work = Effect.gen(function* () {
        for (let i = 0; i < 7; i++) {
          c.rows += 10
          yield* Effect.sleep("25 millis")
        }
        return "done"
      })
      const { result, written } = yield* run(Progress.track("export", c, work, { tty: false, interval: "40 millis" }))
      assert.strictEqual(result.result, "done")
      assert.strictEqual(result.elapsedMillis, 175)
      // Lines at 40, 80, 120 and 160 ms.
      assert.deepStrictEqual(written, [
        "export: 20 rows · 0 orders · windows 0/1 · 500 rows/s · 0s\n",
        "export: 40 rows · 0 orders · windows 0/1 · 500 rows/s · 0s\n",
        "export: 50 rows · 0 orders · windows 0/1 · 417 rows/s · 0s\n",
        "export: 70 rows · 0 orders · windows 0/1 · 438 rows/s · 0s\n"
      ])
    })
  )

  it.effect("on a TTY, redraws one line in place and ends it with the final figures", () =>
    Effect.gen(function* () {
      const c = Progress.counters()
      const work = Effect.andThen(
        Effect.sleep("90 millis"),
        Effect.sync(() => {
          c.rows = 42
        })
      )
      const { written } = yield* run(Progress.track("report", c, work, { tty: true, interval: "20 millis" }))
      // Redrawn at 20, 40, 60 and 80 ms without a newline, then the final line at 90 ms.
      assert.deepStrictEqual(written, [
        "\r\x1b[2Kreport: 0 rows · 0 orders · 0 rows/s · 0s",
        "\r\x1b[2Kreport: 0 rows · 0 orders · 0 rows/s · 0s",
        "\r\x1b[2Kreport: 0 rows · 0 orders · 0 rows/s · 0s",
        "\r\x1b[2Kreport: 0 rows · 0 orders · 0 rows/s · 0s",
        "\r\x1b[2Kreport: 42 rows · 0 orders · 467 rows/s · 0s\n"
      ])
    })
  )
})
