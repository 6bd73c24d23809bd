/**
 * Window splitting, as properties: windows cover [start, end] exactly, never overlap, are each at most 10 days, and
 * have inclusive ends.
 */
import { assert, describe, it } from "@effect/vitest"
import { Paging } from "@effect-sms/core"
import * as fc from "fast-check"

const DAY = 86_400_000
const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / DAY
const iso = (d: number) => new Date(d * DAY).toISOString().slice(0, 10)

describe("Paging.dayWindows", () => {
  it("splits into inclusive 10-day windows: 2026-04-01..2026-04-10, then 2026-04-11..2026-04-20", () => {
    assert.deepStrictEqual(Paging.dayWindows("2026-04-01", "2026-04-25"), [
      { start: "2026-04-01", end: "2026-04-10" },
      { start: "2026-04-11", end: "2026-04-20" },
      { start: "2026-04-21", end: "2026-04-25" }
    ])
  })

  it("covers the range exactly, without overlap, in windows of at most 10 inclusive days", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: day("2000-01-01"), max: day("2040-01-01") }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 1, max: 10 }),
        (start, length, size) => {
          const windows = Paging.dayWindows(iso(start), iso(start + length), size)!
          assert.isDefined(windows)
          assert.strictEqual(windows[0]!.start, iso(start))
          assert.strictEqual(windows.at(-1)!.end, iso(start + length))
          let covered = 0
          for (let i = 0; i < windows.length; i++) {
            const w = windows[i]!
            const s = day(w.start)
            const e = day(w.end)
            assert.isAtLeast(e, s) // inclusive: a one-day window has start === end
            assert.isAtMost(e - s + 1, size)
            if (i > 0) assert.strictEqual(s, day(windows[i - 1]!.end) + 1) // adjacent: no gap, no overlap
            covered += e - s + 1
          }
          assert.strictEqual(covered, length + 1)
        }
      ),
      { numRuns: 500 }
    )
  })

  it("refuses malformed dates and reversed ranges", () => {
    assert.isUndefined(Paging.dayWindows("2026/04/01", "2026-04-10"))
    assert.isUndefined(Paging.dayWindows("2026-02-30", "2026-03-10"))
    assert.isUndefined(Paging.dayWindows("2026-04-10", "2026-04-01"))
  })

  it("pageCount: ceil(total / rowCount), and at least one page", () => {
    assert.strictEqual(Paging.pageCount(0, 1000), 1)
    assert.strictEqual(Paging.pageCount(1, 1000), 1)
    assert.strictEqual(Paging.pageCount(2000, 1000), 2)
    assert.strictEqual(Paging.pageCount(2001, 1000), 3)
  })
})
