import { assert, describe, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { Clock, Effect } from "effect"
import { call, message, send, withClient } from "./support.ts"

// 2000 orders × 500 recipients: the million-message account of the streaming benchmark.
const million = {
  ...Simulator.DemoAccount,
  synthetic: { orders: 2000, recipientsPerOrder: 500, start: "2026-04-01", days: 30, seed: 7 }
}

interface Row {
  readonly id: number
  readonly status: number
  readonly total: number
  readonly delivered: number
  readonly undelivered: number
  readonly waiting: number
  readonly submitAt: string
}

const windows = [
  ["2026-04-01", "2026-04-10"],
  ["2026-04-11", "2026-04-20"],
  ["2026-04-21", "2026-04-30"]
] as const

const allRows = (start: string, end: string) =>
  Effect.gen(function* () {
    const rows: Array<Row> = []
    for (let page = 1; ; page++) {
      const r = yield* call("get-reports", { filter: { start, end, page } })
      assert.strictEqual(r.code, 200)
      if (r.response.count === 0) return rows
      assert.strictEqual(r.response.orders.length, r.response.count)
      rows.push(...r.response.orders)
    }
  })

const elapsed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const start = yield* Clock.currentTimeMillis
    const a = yield* effect
    return [a, (yield* Clock.currentTimeMillis) - start] as const
  })

describe("synthetic account", () => {
  layer(withClient(Simulator.layer({ clock: { start: Date.parse("2026-05-15T09:00:00Z") }, accounts: [million] })), {
    excludeTestServices: true
  })((it) => {
    it.effect("walking 10-day windows page by page finds every order once; the counters add up to 1,000,000", () =>
      Effect.gen(function* () {
        const rows: Array<Row> = []
        for (const [start, end] of windows) rows.push(...(yield* allRows(start, end)))
        assert.strictEqual(rows.length, 2000)
        assert.strictEqual(new Set(rows.map((r) => r.id)).size, 2000)
        let messages = 0
        for (let i = 0; i < rows.length; i++) {
          const r = rows[i]!
          messages += r.total
          assert.strictEqual(r.delivered + r.undelivered + r.waiting, r.total)
          // Long past the range: everything is final.
          assert.deepStrictEqual([r.status, r.waiting], [114, 0])
          if (i > 0) {
            const p = rows[i - 1]!
            assert.isTrue(p.submitAt < r.submitAt || (p.submitAt === r.submitAt && p.id < r.id))
          }
        }
        assert.strictEqual(messages, 1_000_000)
        const delivered = rows.reduce((a, r) => a + r.delivered, 0)
        assert.closeTo(delivered / messages, 0.9, 0.01)
      })
    )

    it.effect("a get-report page of 1000 messages answers quickly and matches the summary", () =>
      Effect.gen(function* () {
        const [row] = (yield* call("get-reports", { filter: { start: "2026-04-15", end: "2026-04-15" } })).response
          .orders as Array<Row>
        const [r, millis] = yield* elapsed(call("get-report", { order: { id: row!.id, rowCount: 1000 } }))
        assert.isBelow(millis, 250)
        const o = r.response.order
        assert.strictEqual(o.id, String(row!.id))
        assert.strictEqual(o.message.length, 500)
        assert.strictEqual(o.delivered, o.message.filter((m: { status: number }) => m.status === 111).length)
        assert.strictEqual(o.delivered, row!.delivered)
        assert.match(o.message[0].number, /^\+9053\d{8}$/)
        const page2 = (yield* call("get-report", { order: { id: row!.id, page: 2, rowCount: 200 } })).response.order
        assert.deepStrictEqual(page2.message, o.message.slice(200, 400))
        const [, pageMillis] = yield* elapsed(
          call("get-reports", { filter: { start: "2026-04-21", end: "2026-04-30", page: 10 } })
        )
        assert.isBelow(pageMillis, 250)
      })
    )

    it.effect("synthetic orders are read-only: cancel-order answers 455", () =>
      Effect.gen(function* () {
        const [row] = (yield* call("get-reports", { filter: { start: "2026-04-02", end: "2026-04-02" } })).response
          .orders
        assert.strictEqual((yield* call("cancel-order", { order: { id: row.id } })).code, 455)
      })
    )
  })

  layer(
    withClient(
      Simulator.layer({
        // Noon on the range's last day: the last day's orders so far have messages still waiting.
        clock: { start: Date.parse("2026-04-30T09:00:00Z") },
        accounts: [
          {
            ...Simulator.DemoAccount,
            synthetic: {
              orders: 300,
              recipientsPerOrder: { min: 1, max: 40 },
              start: "2026-04-01",
              days: 30,
              seed: "s"
            }
          }
        ]
      })
    ),
    { excludeTestServices: true }
  )((it) => {
    it.effect(
      "only orders submitted by the simulated clock exist, the last day has waiting > 0, real orders merge in",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const lastDay = yield* allRows("2026-04-30", "2026-04-30")
          assert.isAbove(lastDay.length, 0)
          // 300 orders over 30 days is 10 a day; by noon about half of the day's orders exist.
          assert.isBelow(lastDay.length, 10)
          assert.isTrue(lastDay.every((r) => r.submitAt <= "2026-04-30 12:00:00"))
          assert.isTrue(lastDay.some((r) => r.waiting > 0 && r.status === 113))
          const recipients = new Set((yield* allRows("2026-04-01", "2026-04-10")).map((r) => r.total))
          assert.isAbove(recipients.size, 10)
          // A real order sent now lands among the synthetic ones of the same day, in submitAt order.
          const id = yield* send({ message: message("real among synthetic", "5051234567") })
          const merged = yield* allRows("2026-04-30", "2026-04-30")
          assert.strictEqual(merged.length, lastDay.length + 1)
          assert.strictEqual(merged[merged.length - 1]!.id, Number(id))
          assert.isAbove(Number(id), Math.max(...lastDay.map((r) => r.id)))
          // Later synthetic orders appear as the clock passes them.
          yield* sim.clock.advance("12 hours")
          assert.isAbove((yield* allRows("2026-04-30", "2026-04-30")).length, merged.length)
        })
    )
  })
})
