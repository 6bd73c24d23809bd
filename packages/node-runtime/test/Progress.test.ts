/**
 * The progress line that `export` and `report` redraw on a TTY (and print every few seconds elsewhere).
 */

import { assert, describe, it } from "@effect/vitest"
import { Progress } from "@effect-sms/node-runtime"

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
