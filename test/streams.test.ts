/**
 * Report pages and date windows as lazy Streams, bounded concurrency with deterministic output, and the file sinks
 * over real HTTP against the simulator.
 */

import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { NodeServices } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, Retry } from "@effect-sms/core"
import { ExportSink } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { DateTime, Effect, Fiber, Layer, Schedule, Schema, Stream } from "effect"
import { Csv } from "effect/encoding"
import { clientFor, T0 } from "./support/harness.ts"

const services = Effect.all([Effect.service(Simulator.Simulator), Effect.service(IletiMerkezi.IletiMerkeziClient)])

/** 60 orders × 20..40 recipients over 2026-04-01..2026-04-30; the clock stands at the end of April. */
const synthetic: Simulator.Options = {
  seed: "streams",
  clock: { start: Date.parse("2026-05-01T09:00:00Z") },
  accounts: [
    {
      ...Simulator.DemoAccount,
      synthetic: { orders: 60, recipientsPerOrder: { min: 20, max: 40 }, start: "2026-04-01", days: 30, seed: "s" }
    }
  ]
}
const env = (options: Simulator.Options = synthetic) => clientFor().pipe(Layer.provideMerge(Simulator.layer(options)))
const april = { start: "2026-04-01", end: "2026-04-30" }

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "effect-sms-"))

describe("report pages", () => {
  const sendTo = (n: number) =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const to = Array.from({ length: n }, (_, i) => `90532${String(i).padStart(7, "0")}`)
      const { orderId } = yield* client.sendSms({ sender: "APITEST", text: `Toplu ${n}`, to, iys: 0 })
      yield* sim.resetStats
      return orderId
    })

  it.live("stop after ceil(total / rowCount) pages: no extra request on an exact multiple", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const id = yield* sendTo(2000)
      const pages = yield* client.reportPages(id, { rowCount: 1000 }).pipe(Stream.runCollect)
      assert.deepStrictEqual(
        pages.map((p) => p.messages.length),
        [1000, 1000]
      )
      assert.strictEqual(yield* sim.requestCount("get-report"), 2)
      yield* sim.resetStats
      const rows = yield* client.reportMessages(id, { rowCount: 300 }).pipe(Stream.runCollect)
      assert.strictEqual(rows.length, 2000)
      assert.strictEqual(new Set(rows.map((r) => r.number)).size, 2000)
      assert.strictEqual(yield* sim.requestCount("get-report"), 7)
    }).pipe(Effect.provide(env({ clock: { start: T0 } })))
  )

  it.live("an order with a single message costs one request", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const id = yield* sendTo(1)
      assert.strictEqual((yield* client.reportMessages(id).pipe(Stream.runCollect)).length, 1)
      assert.strictEqual(yield* sim.requestCount("get-report"), 1)
    }).pipe(Effect.provide(env({ clock: { start: T0 } })))
  )

  it.live("take(1) makes exactly one request", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const id = yield* sendTo(50)
      const first = yield* client.reportMessages(id, { rowCount: 10 }).pipe(Stream.take(1), Stream.runCollect)
      assert.strictEqual(first.length, 1)
      assert.strictEqual(yield* sim.requestCount("get-report"), 1)
    }).pipe(Effect.provide(env({ clock: { start: T0 } })))
  )

  it.live("failures are the endpoint's typed errors", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const error = yield* Effect.flip(client.reportMessages("999999").pipe(Stream.runCollect))
      assert.strictEqual(error._tag, "OrderNotFound")
      const invalid = yield* Effect.flip(client.reportMessages("x").pipe(Stream.runCollect))
      assert.strictEqual(invalid._tag, "InvalidInput")
    }).pipe(Effect.provide(env({ clock: { start: T0 } })))
  )
})

describe("date windows", () => {
  it.live("a month is walked as 10-day windows, each paged until a page is empty", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const pages = yield* client.orderPages(april).pipe(Stream.runCollect)
      assert.deepStrictEqual(
        [...new Set(pages.map((p) => `${p.window.start}..${p.window.end}`))],
        ["2026-04-01..2026-04-10", "2026-04-11..2026-04-20", "2026-04-21..2026-04-30"]
      )
      const orders = pages.flatMap((p) => p.orders)
      assert.strictEqual(orders.length, 60)
      assert.strictEqual(new Set(orders.map((o) => o.id)).size, 60)
      // Every window's pages, plus the empty page that ends each window.
      assert.strictEqual(yield* sim.requestCount("get-reports"), pages.length + 3)
    }).pipe(Effect.provide(env()))
  )

  it.live("an empty window costs one request", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const orders = yield* client.orders({ start: "2025-01-01", end: "2025-01-10" }).pipe(Stream.runCollect)
      assert.strictEqual(orders.length, 0)
      assert.strictEqual(yield* sim.requestCount("get-reports"), 1)
    }).pipe(Effect.provide(env()))
  )

  it.live("a bad range fails with InvalidInput before any request", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const error = yield* Effect.flip(
        client.orders({ start: "2026-04-30", end: "2026-04-01" }).pipe(Stream.runCollect)
      )
      assert.strictEqual(error._tag, "InvalidInput")
      assert.strictEqual(yield* sim.requestCount(), 0)
    }).pipe(Effect.provide(env()))
  )
})

describe("exportMessages", () => {
  it.live("take(1) makes exactly the requests one row needs", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const rows = yield* client.exportMessages(april, { concurrency: 1 }).pipe(Stream.take(1), Stream.runCollect)
      assert.strictEqual(rows.length, 1)
      assert.strictEqual(yield* sim.requestCount("get-reports"), 1)
      assert.strictEqual(yield* sim.requestCount("get-report"), 1)
      assert.strictEqual(yield* sim.requestCount(), 2)
    }).pipe(Effect.provide(env()))
  )

  it.live("the output is identical at concurrency 1 and 8, in window, order, page order", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const one = yield* client.exportMessages(april, { concurrency: 1, rowCount: 7 }).pipe(Stream.runCollect)
      const eight = yield* client.exportMessages(april, { concurrency: 8, rowCount: 7 }).pipe(Stream.runCollect)
      assert.isAbove(one.length, 60 * 20)
      assert.deepStrictEqual(
        eight.map((r) => JSON.stringify(r)),
        one.map((r) => JSON.stringify(r))
      )
      // Orders come in submit order and never interleave.
      const seen: Array<string> = []
      for (const row of one) if (seen.at(-1) !== row.orderId) seen.push(row.orderId)
      assert.strictEqual(new Set(seen).size, seen.length)
      const submits = one.map((r) => r.submitAt!)
      assert.deepStrictEqual([...submits].sort(), submits)
    }).pipe(Effect.provide(env()))
  )

  it.live("with concurrency N the peak number of requests in flight is exactly N", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      // Slow every report page a little so that the requests overlap.
      yield* sim.setFaults({ "get-report": { probability: 1, kinds: ["latency"] } })
      for (const n of [2, 5]) {
        // Requests the previous round gave up on may still be sleeping in the server: let them end first, so the
        // peak counts this round's requests only.
        yield* sim.inFlight.pipe(
          Effect.repeat({ until: (inFlight) => inFlight === 0, schedule: Schedule.spaced("10 millis") })
        )
        yield* sim.resetStats
        const rows = yield* client.exportMessages(april, { concurrency: n }).pipe(Stream.take(300), Stream.runCollect)
        assert.strictEqual(rows.length, 300)
        assert.strictEqual(yield* sim.peakInFlight, n, `concurrency ${n}`)
      }
    }).pipe(Effect.provide(env({ ...synthetic, latencySpike: { min: "40 millis", max: "60 millis" } })))
  )

  it.live("a scheduled order that is not due yet (456 on get-report) does not stop the export", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      // The client checks the schedule against real time: put the simulator on real time too.
      yield* sim.clock.set(Date.now())
      const now = yield* DateTime.now
      const today = DateTime.formatIsoDate(DateTime.add(now, { hours: 3 }))
      const due = yield* client.sendSms({
        sender: "APITEST",
        text: "Şimdi",
        to: ["905321110101", "905321110102"],
        iys: 0
      })
      const later = yield* client.sendSms({
        sender: "APITEST",
        text: "Yarın",
        to: "905321110103",
        iys: 0,
        sendAt: DateTime.add(now, { days: 1 })
      })
      const listed = yield* client.orders({ start: today, end: today }).pipe(Stream.runCollect)
      assert.includeMembers(
        listed.map((o) => o.id),
        [due.orderId, later.orderId]
      )
      const rows = yield* client
        .exportMessages({ start: today, end: today }, { concurrency: 2 })
        .pipe(Stream.runCollect)
      assert.deepStrictEqual(
        rows.map((r) => r.orderId),
        [due.orderId, due.orderId]
      )
      // The order itself still answers 456 to a direct report: only the export skips it.
      assert.strictEqual(
        (yield* Effect.flip(client.reportMessages(later.orderId).pipe(Stream.runCollect)))._tag,
        "OrderNotYetDue"
      )
    }).pipe(Effect.provide(env({ clock: { start: T0 } })))
  )

  it.live("orders still waiting are marked provisional", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const rows = yield* client.exportMessages(april, { concurrency: 4 }).pipe(Stream.runCollect)
      const provisional = rows.filter((r) => r.provisional)
      assert.isAbove(provisional.length, 0)
      assert.isTrue(rows.some((r) => r.status === 110))
      assert.isTrue(rows.filter((r) => r.status === 110).every((r) => r.provisional))
    }).pipe(Effect.provide(env()))
  )
})

describe("sinks", () => {
  const run = <A, E>(effect: Effect.Effect<A, E, any>) =>
    effect.pipe(Effect.provide(NodeServices.layer), Effect.provide(env()))

  it.live("NDJSON: one row per line, and the row count it reports", () =>
    run(
      Effect.gen(function* () {
        const [, client] = yield* services
        const file = path.join(tmp(), "april.ndjson")
        const written = yield* ExportSink.ndjson(
          IletiMerkezi.ExportRow,
          file
        )(client.exportMessages(april, { concurrency: 4 }))
        const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n")
        assert.strictEqual(lines.length, written.rows)
        assert.strictEqual(fs.statSync(file).size, written.bytes)
        const decode = Schema.decodeUnknownSync(IletiMerkezi.ExportRow)
        const first = decode(JSON.parse(lines[0]!))
        assert.match(first.number, /^\+905/)
        assert.deepStrictEqual(fs.readdirSync(path.dirname(file)), ["april.ndjson"])
      })
    )
  )

  it.live("CSV: RFC 4180 with a header row, quoting, Turkish characters and an optional BOM", () =>
    run(
      Effect.gen(function* () {
        const Row = Schema.Struct({ name: Schema.String, note: Schema.String, count: Schema.Number })
        const rows = [
          { name: "Şükrü Çağlar", note: 'said "merhaba", then left', count: 1 },
          { name: "İpek", note: "two\nlines", count: 2 }
        ]
        const dir = tmp()
        const withBom = path.join(dir, "bom.csv")
        yield* ExportSink.csv(Row, withBom, { bom: true })(Stream.fromIterable(rows))
        const bytes = fs.readFileSync(withBom)
        assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf])
        const text = bytes.subarray(3).toString("utf8")
        assert.isTrue(text.startsWith("name,note,count\r\n"))
        assert.include(text, '"said ""merhaba"", then left"')
        const parsed = yield* Stream.make(text).pipe(
          Stream.pipeThroughChannel(Csv.decodeString({ headers: true })),
          Stream.runCollect
        )
        assert.deepStrictEqual(
          parsed,
          rows.map((r) => ({ ...r, count: String(r.count) }))
        )
        const plain = path.join(dir, "plain.csv")
        const empty = yield* ExportSink.csv(Row, plain)(Stream.empty)
        assert.strictEqual(empty.rows, 0)
        assert.strictEqual(fs.readFileSync(plain, "utf8"), "name,note,count\r\n")
      })
    )
  )

  it.live("a failed export leaves no file that looks complete", () =>
    run(
      Effect.gen(function* () {
        const [sim, client] = yield* services
        yield* sim.setFaults({ "get-report": ["ok", "ok", "ok", "503-no-retry-after"] })
        const dir = tmp()
        const file = path.join(dir, "failed.ndjson")
        const error = yield* Effect.flip(
          ExportSink.ndjson(
            IletiMerkezi.ExportRow,
            file
          )(client.exportMessages(april, { concurrency: 1 })).pipe(Retry.withPolicy(Retry.none))
        )
        assert.strictEqual(error._tag, "ServiceUnavailable")
        assert.deepStrictEqual(fs.readdirSync(dir), [])
      })
    )
  )

  it.live("an interrupted export leaves no file", () =>
    run(
      Effect.gen(function* () {
        const [, client] = yield* services
        const dir = tmp()
        const file = path.join(dir, "interrupted.ndjson")
        let rows = 0
        const fiber = yield* ExportSink.ndjson(
          IletiMerkezi.ExportRow,
          file
        )(client.exportMessages(april, { concurrency: 2 }).pipe(Stream.tap(() => Effect.sync(() => rows++)))).pipe(
          Effect.forkChild
        )
        while (rows < 100) yield* Effect.sleep("5 millis")
        yield* Fiber.interrupt(fiber)
        assert.isAbove(rows, 99)
        assert.deepStrictEqual(fs.readdirSync(dir), [])
      })
    )
  )
})
