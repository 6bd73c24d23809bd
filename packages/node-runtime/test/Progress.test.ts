/**
 * The progress line that `export` and `report` redraw on a TTY (and print every few seconds elsewhere).
 */

import { assert, describe, it } from "@effect/vitest"
import { Progress } from "@effect-sms/node-runtime"
import { Effect } from "effect"

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

  it.live("without a TTY, prints a plain line every interval and nothing else", () =>
    Effect.gen(function* () {
      const c = Progress.counters(1)
      const work = Effect.gen(function* () {
        for (let i = 0; i < 7; i++) {
          c.rows += 10
          yield* Effect.sleep("20 millis")
        }
        return "done"
      })
      const { result, written } = yield* capture(
        Progress.track("export", c, work, { tty: false, interval: "40 millis" })
      )
      assert.strictEqual(result.result, "done")
      assert.isAtLeast(written.length, 2)
      for (const w of written) {
        assert.match(w, /^export: \d+ rows · 0 orders · windows 0\/1 · .* rows\/s · \d+s\n$/)
        assert.notInclude(w, "\r")
      }
    })
  )

  it.live("on a TTY, redraws one line in place and ends it with the final figures", () =>
    Effect.gen(function* () {
      const c = Progress.counters()
      const work = Effect.andThen(
        Effect.sleep("90 millis"),
        Effect.sync(() => (c.rows = 42))
      )
      const { written } = yield* capture(Progress.track("report", c, work, { tty: true, interval: "20 millis" }))
      assert.isAtLeast(written.length, 3)
      for (const w of written) assert.isTrue(w.startsWith("\r\x1b[2K"), JSON.stringify(w))
      assert.isTrue(written.slice(0, -1).every((w) => !w.endsWith("\n")))
      const last = written.at(-1)!
      assert.isTrue(last.startsWith("\r\x1b[2Kreport: 42 rows ") && last.endsWith("\n"), JSON.stringify(last))
    })
  )
})
