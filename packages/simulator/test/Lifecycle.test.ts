import { assert, describe, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { Effect } from "effect"
import { call, message, send, T0, webhookReceiver, withClient } from "./support.ts"

const stranger = { apiKey: "c".repeat(32), apiSecret: "stranger-secret", senders: ["APITEST"] }
const strangerAuth = {
  authentication: { key: stranger.apiKey, hash: Simulator.hashFor(stranger.apiKey, stranger.apiSecret) }
}
const reporter = { apiKey: "d".repeat(32), apiSecret: "reporter-secret", senders: ["APITEST"] }
const reporterAuth = {
  authentication: { key: reporter.apiKey, hash: Simulator.hashFor(reporter.apiKey, reporter.apiSecret) }
}

const numbers = (n: number, base = 5050000000) => Array.from({ length: n }, (_, i) => String(base + i))

const report = (id: string | number, extra: Record<string, unknown> = {}) =>
  call("get-report", { order: { id, ...extra } })

describe("order lifecycle", () => {
  layer(
    withClient(
      Simulator.layer({
        clock: { start: T0 },
        seed: "lifecycle",
        delivery: { deliveredRatio: 0.5, delay: { min: "1 second", max: "30 seconds" } },
        accounts: [Simulator.DemoAccount, stranger, reporter]
      })
    ),
    { excludeTestServices: true }
  )((it) => {
    it.effect("113 with every message 110, then 111/112 one by one, then 114 with consistent counters", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const id = yield* send({ message: message("lifecycle one", ...numbers(6)) })
        const first = yield* report(id)
        assert.strictEqual(first.code, 200)
        const o = first.response.order
        assert.strictEqual(o.id, id)
        assert.strictEqual(o.status, 113)
        assert.deepStrictEqual([o.total, o.delivered, o.undelivered, o.waiting, o.price], [6, 0, 0, 6, 0])
        assert.strictEqual(o.submitAt, "2026-04-29 12:00:00")
        assert.strictEqual(o.sendAt, "2026-04-29 12:00:00")
        assert.strictEqual(o.sender, "APITEST")
        assert.deepStrictEqual(
          o.message.map((m: { status: number }) => m.status),
          [110, 110, 110, 110, 110, 110]
        )
        assert.strictEqual(o.message[0].number, "+905050000000")
        // Walk the clock: each message goes 110 → final once and stays there; the order is 113 until none waits.
        let previous: Array<number> = o.message.map((m: { status: number }) => m.status)
        let sawMixed = false
        for (let s = 0; s < 31; s++) {
          yield* sim.clock.advance("1 second")
          const r = (yield* report(id)).response.order
          const statuses: Array<number> = r.message.map((m: { status: number }) => m.status)
          statuses.forEach((st, j) => {
            if (previous[j] !== 110) assert.strictEqual(st, previous[j])
          })
          const delivered = statuses.filter((x) => x === 111).length
          const undelivered = statuses.filter((x) => x === 112).length
          assert.deepStrictEqual(
            [r.delivered, r.undelivered, r.waiting],
            [delivered, undelivered, 6 - delivered - undelivered]
          )
          assert.strictEqual(r.price, delivered)
          assert.strictEqual(r.status, r.waiting > 0 ? 113 : 114)
          if (r.waiting > 0 && r.waiting < 6) sawMixed = true
          previous = statuses
        }
        assert.isTrue(sawMixed)
        assert.isTrue(previous.every((x) => x === 111 || x === 112))
        // With deliveredRatio 0.5 both outcomes appear for this seed.
        assert.isTrue(previous.includes(111) && previous.includes(112))
      })
    )

    it.effect("a scheduled order answers 456 until due, then runs; get-reports lists it as 113 meanwhile", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.clock.set(T0)
        const id = yield* send({ sendDateTime: "29/04/2026 13:00", message: message("scheduled", "5051110000") })
        const early = yield* report(id)
        assert.strictEqual(early.status, 456)
        assert.strictEqual(early.message, "Sipariş gönderim tarihi henüz gelmedi")
        const listed = (yield* call("get-reports", { filter: { start: "2026-04-29", end: "2026-04-29" } })).response
        const row = listed.orders.find((o: { id: number }) => o.id === Number(id))
        assert.deepStrictEqual([row.status, row.waiting, row.sendAt], [113, 1, "2026-04-29 13:00:00"])
        yield* sim.clock.advance("1 hour")
        const due = (yield* report(id)).response.order
        assert.deepStrictEqual([due.status, due.message[0].status], [113, 110])
        assert.strictEqual(due.submitAt, "2026-04-29 12:00:00")
        assert.strictEqual(due.sendAt, "2026-04-29 13:00:00")
        yield* sim.clock.advance("31 seconds")
        assert.strictEqual((yield* report(id)).response.order.status, 114)
        // Started orders cannot be cancelled.
        assert.strictEqual((yield* call("cancel-order", { order: { id } })).code, 455)
      })
    )

    it.effect("cancel-order: a scheduled order is cancelled (then 115); everything else is 455", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const before = (yield* sim.account(Simulator.DemoAccount.apiKey)).balance.sms
        const id = yield* send({ sendDateTime: "01/05/2026 09:00", message: message("to cancel", "5051110001") })
        assert.strictEqual((yield* sim.account(Simulator.DemoAccount.apiKey)).balance.sms, before - 1)
        const cancelled = yield* call("cancel-order", { order: { id: Number(id) } })
        assert.deepStrictEqual(cancelled.response, { status: { code: 200, message: "İşlem başarılı" } })
        // The reservation is refunded at once.
        assert.strictEqual((yield* sim.account(Simulator.DemoAccount.apiKey)).balance.sms, before)
        const after = (yield* report(id)).response.order
        assert.deepStrictEqual([after.status, after.undelivered, after.price], [115, 1, 0])
        assert.strictEqual((yield* call("cancel-order", { order: { id } })).code, 455)
        assert.strictEqual((yield* call("cancel-order", { order: { id: "999" } })).code, 455)
        const now = yield* send({ message: message("immediate, not cancellable", "5051110002") })
        assert.strictEqual((yield* call("cancel-order", { order: { id: now } })).code, 455)
        // Another account's order does not exist for this one.
        const theirs = yield* send({ sendDateTime: "01/05/2026 09:00", message: message("theirs", "5051110003") })
        const foreign = yield* call("cancel-order", { ...strangerAuth, order: { id: theirs } })
        assert.strictEqual(foreign.code, 455)
        assert.strictEqual((yield* call("get-report", { ...strangerAuth, order: { id: theirs } })).code, 455)
        const unknown = yield* report("1")
        assert.deepStrictEqual(unknown.response, { status: { code: 455, message: "Sipariş bulunamadı" } })
      })
    )

    it.effect(
      "balance: reserved at send, undelivered parts refunded once final, so only delivered parts are charged",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const key = Simulator.DemoAccount.apiKey
          // Let earlier tests' orders settle first.
          yield* sim.clock.advance("1 minute")
          const before = (yield* sim.account(key)).balance.sms
          // 200 GSM-7 characters are 2 parts with iletiMerkezi's limits.
          const id = yield* send({ message: message("b".repeat(200), ...numbers(10, 5052000000)) })
          assert.strictEqual((yield* sim.account(key)).balance.sms, before - 20)
          const balance = yield* call("get-balance")
          assert.strictEqual(balance.response.balance.sms, before - 20)
          yield* sim.clock.advance("1 minute")
          const final = (yield* report(id)).response.order
          assert.strictEqual(final.status, 114)
          assert.strictEqual(final.price, final.delivered * 2)
          assert.strictEqual((yield* sim.account(key)).balance.sms, before - final.price)
        })
    )

    it.effect("get-report pages: rowCount slices, a page past the end is empty, rowCount > 1000 is clamped", () =>
      Effect.gen(function* () {
        const id = yield* send({ message: message("paged", ...numbers(25, 5053000000)) })
        const page3 = (yield* report(id, { page: "3", rowCount: "10" })).response.order
        assert.strictEqual(page3.total, 25)
        assert.deepStrictEqual(
          page3.message.map((m: { number: string }) => m.number),
          numbers(5, 5053000020).map((n) => `+90${n}`)
        )
        const past = yield* report(id, { page: 4, rowCount: 10 })
        assert.strictEqual(past.code, 200)
        assert.deepStrictEqual(past.response.order.message, [])
        assert.strictEqual(past.response.order.total, 25)
        const all = (yield* report(id, { rowCount: 5000 })).response.order
        assert.strictEqual(all.message.length, 25)
      })
    )

    it.effect(
      "get-reports: 30 orders a page ascending by submitAt then id, count = rows on the page, empty terminator",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          yield* sim.clock.set(Date.parse("2026-05-10T06:00:00Z"))
          const ids: Array<number> = []
          for (let i = 0; i < 65; i++) {
            const r = yield* call("send-sms", {
              ...reporterAuth,
              order: { sender: "APITEST", iys: "0", message: message(`report ${i}`, "5054440000") }
            })
            ids.push(Number(r.response.order.id))
            if (i % 10 === 9) yield* sim.clock.advance("1 minute")
          }
          const page = (n: number) =>
            call("get-reports", { ...reporterAuth, filter: { start: "2026-05-01", end: "2026-05-10", page: n } })
          const pages = [yield* page(1), yield* page(2), yield* page(3), yield* page(4)]
          assert.deepStrictEqual(
            pages.map((p) => p.response.count),
            [30, 30, 5, 0]
          )
          assert.deepStrictEqual(pages[3]!.response.orders, [])
          const listed = pages.flatMap((p) => p.response.orders.map((o: { id: number }) => o.id))
          assert.deepStrictEqual(listed, ids)
          const row = pages[0]!.response.orders[0]
          assert.isNumber(row.id)
          assert.deepStrictEqual(Object.keys(row), [
            "id",
            "status",
            "total",
            "delivered",
            "undelivered",
            "waiting",
            "submitAt",
            "sendAt",
            "sender"
          ])
          // The window is by Turkey date: 2026-05-10 06:00Z is 09:00 on the 10th, outside a window ending the 9th.
          const before = yield* call("get-reports", {
            ...reporterAuth,
            filter: { start: "2026-05-01", end: "2026-05-09" }
          })
          assert.strictEqual(before.response.count, 0)
        })
    )

    it.effect.each([
      ["2026/04/22", "2026/04/29"],
      ["22-04-2026", "29-04-2026"],
      ["2026-04-29", "2026-04-22"],
      ["2026-04-01", "2026-04-12"],
      ["2026-02-30", "2026-03-01"],
      ["2026-04-01", ""]
    ])("458 for start=%s end=%s", ([start, end]) =>
      Effect.gen(function* () {
        const r = yield* call("get-reports", { filter: { start, end, page: 1 } })
        assert.strictEqual(r.status, 458)
        assert.deepStrictEqual(r.response, { status: { code: 458, message: "Tarih aralığı hatalı" } })
      })
    )

    it.effect("a 10-day range (start and end inclusive) is accepted", () =>
      Effect.gen(function* () {
        const r = yield* call("get-reports", { filter: { start: "2026-04-01", end: "2026-04-11" } })
        assert.strictEqual(r.code, 200)
        assert.deepStrictEqual([r.response.count, r.response.orders], [0, []])
      })
    )
  })
})

describe("webhooks", () => {
  layer(
    withClient(
      Simulator.layer({
        clock: { start: T0 },
        seed: "webhooks",
        delivery: { deliveredRatio: 0.5, delay: { min: "1 second", max: "10 seconds" } }
      })
    ),
    { excludeTestServices: true }
  )((it) => {
    it.effect("POSTs accepted when due, then delivered/undelivered matching get-report, before advance returns", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const receiver = yield* webhookReceiver
        yield* sim.updateAccount(Simulator.DemoAccount.apiKey, { webhookUrl: receiver.url })
        const id = yield* send({
          sendDateTime: "29/04/2026 12:05",
          message: message("webhook body", "5051234501", "5051234502", "5051234503", "5051234504")
        })
        yield* sim.clock.advance("4 minutes")
        assert.deepStrictEqual(receiver.received, [])
        yield* sim.clock.advance("1 minute")
        // The order became due: one `accepted` per recipient, delivered before advance returned.
        assert.strictEqual(receiver.received.length, 4)
        for (const payload of receiver.received as Array<{ report: Record<string, unknown> }>) {
          assert.deepStrictEqual(Object.keys(payload.report), ["id", "packet_id", "status", "to", "body"])
          assert.strictEqual(payload.report.status, "accepted")
          assert.strictEqual(payload.report.packet_id, Number(id))
          assert.strictEqual(payload.report.body, "webhook body")
          assert.isNumber(payload.report.id)
        }
        yield* sim.clock.advance("10 seconds")
        assert.strictEqual(receiver.received.length, 8)
        const finals = (receiver.received.slice(4) as Array<{ report: { to: string; status: string } }>).map((p) => [
          p.report.to,
          p.report.status
        ])
        const r = (yield* report(id)).response.order
        const expected = r.message.map((m: { number: string; status: number }) => [
          m.number,
          m.status === 111 ? "delivered" : "undelivered"
        ])
        assert.sameDeepMembers(finals, expected)
        assert.isTrue(finals.some(([, s]) => s === "delivered"))
        // Each message's final event follows its accepted one with the same message id.
        const ids = receiver.received.map((p) => (p as { report: { id: number } }).report.id)
        assert.sameMembers(ids.slice(4), ids.slice(0, 4))
        assert.deepStrictEqual(yield* sim.webhookStats, { sent: 8, failed: 0 })
      })
    )

    it.effect("a cancelled order posts nothing", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const receiver = yield* webhookReceiver
        yield* sim.updateAccount(Simulator.DemoAccount.apiKey, { webhookUrl: receiver.url })
        const now = yield* sim.clock.now
        const due = new Date(now + 3 * 3600_000 + 60_000)
        const pad = (n: number) => String(n).padStart(2, "0")
        const at = `${pad(due.getUTCDate())}/${pad(due.getUTCMonth() + 1)}/${due.getUTCFullYear()} ${pad(due.getUTCHours())}:${pad(due.getUTCMinutes())}`
        const id = yield* send({ sendDateTime: at, message: message("cancelled hook", "5051234505") })
        assert.strictEqual((yield* call("cancel-order", { order: { id } })).code, 200)
        yield* sim.clock.advance("10 minutes")
        assert.deepStrictEqual(receiver.received, [])
      })
    )
  })
})
