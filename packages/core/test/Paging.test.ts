/**
 * The guarded paging walks: each stops where the protocol says, and a server that repeats a page, claims an absurd
 * total, repeats a cursor or never ends gets a ProtocolError instead of an endless loop.
 */
import { assert, describe, it } from "@effect/vitest"
import { Paging, SmsError } from "@effect-sms/core"
import { Effect, Schedule, Stream } from "effect"

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

describe("paging streams are values: each run starts afresh", () => {
  // Three pages; `failOnce` makes the first request for page 2 fail, as a dropped connection would.
  const walks = (failOnce: { pending: boolean }) => {
    const fetchPage = <A>(n: number, page: A) =>
      n === 2 && failOnce.pending
        ? Effect.suspend(() => {
            failOnce.pending = false
            return Effect.fail("dropped" as const)
          })
        : Effect.succeed(page)
    const next: Record<string, string | undefined> = { start: "c1", c1: "c2", c2: undefined }
    return {
      totalPages: Paging.totalPages(guard, { size: 1 }, (n) => fetchPage(n, { page: n, items: [n], total: 3 })),
      untilEmpty: Paging.untilEmpty(guard, (n) => fetchPage(n, { page: n, items: n <= 3 ? [n] : [] })),
      cursor: Paging.cursor(guard, (c) => {
        const at = c ?? "start"
        return fetchPage(at === "c1" ? 2 : 0, { page: at === "start" ? 1 : at === "c1" ? 2 : 3, next: next[at] })
      })
    }
  }

  it.effect("the same stream value run twice gives the same pages", () =>
    Effect.gen(function* () {
      for (const [name, stream] of Object.entries(walks({ pending: false }))) {
        const s = stream as Stream.Stream<number, unknown>
        assert.deepStrictEqual(yield* collect(s), [1, 2, 3], `${name}, first run`)
        assert.deepStrictEqual(yield* collect(s), [1, 2, 3], `${name}, second run`)
      }
      // One page: the second run's first page is the first run's last.
      const single = {
        totalPages: Paging.totalPages(guard, { size: 1 }, () => Effect.succeed({ page: 1, items: [1], total: 1 })),
        untilEmpty: Paging.untilEmpty(guard, (n) => Effect.succeed({ page: 1, items: n === 1 ? [1] : [] }))
      }
      for (const [name, s] of Object.entries(single)) {
        assert.deepStrictEqual(yield* collect(s), [1], `${name}, first run`)
        assert.deepStrictEqual(yield* collect(s), [1], `${name}, second run`)
      }
    })
  )

  it.effect("under Stream.retry, a walk restarted after a failure is not taken for a repeating server", () =>
    Effect.gen(function* () {
      for (const name of ["totalPages", "untilEmpty", "cursor"] as const) {
        const s = walks({ pending: true })[name] as Stream.Stream<number, unknown>
        assert.deepStrictEqual(yield* collect(s.pipe(Stream.retry(Schedule.recurs(1)))), [1, 1, 2, 3], name)
      }
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

  it("refuses widths under a millisecond and splits past the bound before making any window", () => {
    const year = 365 * 24 * 3_600_000
    assert.isUndefined(Paging.timeWindows(0, year, 0.001))
    assert.isUndefined(Paging.timeWindows(0, year, Number.MIN_VALUE))
    assert.isUndefined(Paging.timeWindows(0, year, Number.NaN))
    // A year in one-minute windows is 525,600 windows: over the default bound of 10,000.
    assert.isUndefined(Paging.timeWindows(0, year, 60_000))
    assert.strictEqual(Paging.timeWindows(0, year, 60_000, { maxWindows: 525_600 })?.length, 525_600)
    assert.strictEqual(Paging.timeWindows(0, 10_000, 1)?.length, Paging.DefaultMaxWindows)
    assert.isUndefined(Paging.timeWindows(0, 10_001, 1))
  })
})

describe("Paging.items", () => {
  it.effect("gives each page's items as one chunk, in order, dropping empty pages, and is lazy", () =>
    Effect.gen(function* () {
      const fetched: Array<number> = []
      const pages = Stream.fromIterable([[1, 2, 3], [], [4], [5, 6]]).pipe(
        Stream.tap((page) => Effect.sync(() => fetched.push(page.length)))
      )
      const chunks = yield* collect(Stream.chunks(Paging.items(pages)))
      assert.deepStrictEqual(chunks, [[1, 2, 3], [4], [5, 6]])
      // Taking the first two items reads the first page only.
      fetched.length = 0
      const first = yield* collect(Stream.take(Paging.items(pages), 2))
      assert.deepStrictEqual(first, [1, 2])
      assert.deepStrictEqual(fetched, [3])
    })
  )
})
