/**
 * The guarded paging walks: each stops where the protocol says, and a server that repeats a page, claims an absurd
 * total, repeats a cursor or never ends gets a ProtocolError instead of an endless loop.
 */
import { assert, describe, it } from "@effect/vitest"
import { Paging, SmsError } from "@effect-sms/core"
import { Effect, Stream } from "effect"

const guard = { provider: "infobip", method: "test" } as const

const collect = <A, E>(s: Stream.Stream<A, E>) => Stream.runCollect(s)

describe("Paging.totalPages", () => {
  it.effect("asks for exactly ceil(total / size) pages, one for an empty result", () =>
    Effect.gen(function* () {
      const asked: Array<number> = []
      const rows = Array.from({ length: 25 }, (_, i) => i)
      const pages = yield* collect(
        Paging.totalPages(guard, { size: 10 }, (n) =>
          Effect.sync(() => {
            asked.push(n)
            const items = rows.slice((n - 1) * 10, n * 10)
            return { page: items, items, total: rows.length }
          })
        )
      )
      assert.deepStrictEqual(asked, [1, 2, 3])
      assert.deepStrictEqual(pages.flat(), rows)
      const empty: Array<number> = []
      yield* collect(
        Paging.totalPages(guard, { size: 10 }, (n) =>
          Effect.sync(() => {
            empty.push(n)
            return { page: n, items: [], total: 0 }
          })
        )
      )
      assert.deepStrictEqual(empty, [1])
    })
  )

  it.effect("without a total, a short page is the end", () =>
    Effect.gen(function* () {
      const sizes = [10, 10, 3]
      const pages = yield* collect(
        Paging.totalPages(guard, { size: 10 }, (n) =>
          Effect.succeed({ page: n, items: Array(sizes[n - 1]!).fill(n), total: undefined })
        )
      )
      assert.deepStrictEqual(pages, [1, 2, 3])
    })
  )

  it.effect("a total beyond the bound fails before page 2, saying what the server claimed", () =>
    Effect.gen(function* () {
      let requests = 0
      const error = yield* Effect.flip(
        collect(
          Paging.totalPages({ ...guard, maxPages: 50 }, { size: 1000 }, (n) =>
            Effect.sync(() => {
              requests++
              return { page: n, items: [n], total: 1e9 }
            })
          )
        )
      )
      assert.instanceOf(error, SmsError.ProtocolError)
      assert.strictEqual(error.rule, "too-many-pages")
      assert.include(error.message, "1000000000")
      assert.strictEqual(requests, 1)
    })
  )

  it.effect("a page that repeats the previous one fails", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(
        collect(Paging.totalPages(guard, { size: 2 }, () => Effect.succeed({ page: 0, items: ["a", "b"], total: 10 })))
      )
      assert.strictEqual(error.rule, "repeated-page")
    })
  )
})

describe("Paging.untilEmpty", () => {
  it.effect("stops at the first empty page without emitting it", () =>
    Effect.gen(function* () {
      const data = [["a", "b"], ["c"], []]
      const pages = yield* collect(
        Paging.untilEmpty(guard, (n) => Effect.succeed({ page: data[n - 1]!, items: data[n - 1]! }))
      )
      assert.deepStrictEqual(pages, [["a", "b"], ["c"]])
    })
  )

  it.effect("pages that never end stop at the bound; a repeated page stops at once", () =>
    Effect.gen(function* () {
      let requests = 0
      const endless = yield* Effect.flip(
        collect(
          Paging.untilEmpty({ ...guard, maxPages: 20 }, (n) =>
            Effect.sync(() => {
              requests++
              return { page: n, items: [n] }
            })
          )
        )
      )
      assert.strictEqual(endless.rule, "too-many-pages")
      assert.strictEqual(requests, 20)
      const repeated = yield* Effect.flip(
        collect(Paging.untilEmpty(guard, () => Effect.succeed({ page: 1, items: ["same"] })))
      )
      assert.strictEqual(repeated.rule, "repeated-page")
    })
  )
})

describe("Paging.cursor", () => {
  it.effect("follows cursors until none is given", () =>
    Effect.gen(function* () {
      const next: Record<string, string | undefined> = { start: "c1", c1: "c2", c2: undefined }
      const seen: Array<string | undefined> = []
      const pages = yield* collect(
        Paging.cursor(guard, (c) =>
          Effect.sync(() => {
            seen.push(c)
            return { page: c ?? "start", next: next[c ?? "start"] }
          })
        )
      )
      assert.deepStrictEqual(pages, ["start", "c1", "c2"])
      assert.deepStrictEqual(seen, [undefined, "c1", "c2"])
    })
  )

  it.effect("a cursor that comes back fails", () =>
    Effect.gen(function* () {
      const next: Record<string, string> = { start: "c1", c1: "c2", c2: "c1" }
      const error = yield* Effect.flip(
        collect(Paging.cursor(guard, (c) => Effect.succeed({ page: c, next: next[c ?? "start"] })))
      )
      assert.strictEqual(error.rule, "repeated-cursor")
    })
  )
})

describe("Paging.timeWindows", () => {
  it("covers the range exactly with windows of the given width", () => {
    const hour = 3_600_000
    const w = Paging.timeWindows(0, 100 * hour, 48 * hour)!
    assert.deepStrictEqual(w, [
      { start: 0, end: 48 * hour },
      { start: 48 * hour, end: 96 * hour },
      { start: 96 * hour, end: 100 * hour }
    ])
    assert.isUndefined(Paging.timeWindows(10, 10, hour))
  })
})
