/**
 * The order lifecycle under the simulator's controlled clock, balance charged per delivered part, and delivery
 * webhooks received end to end by the node-runtime route.
 */

import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, IletiMerkeziWebhook } from "@effect-sms/core"
import { WebhookRoute } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Context, DateTime, Effect, Layer, Stream } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { clientFor, T0 } from "./support/harness.ts"

const env = (options: Simulator.Options = {}) =>
  clientFor().pipe(Layer.provideMerge(Simulator.layer({ seed: "lifecycle", clock: { start: T0 }, ...options })))

const services = Effect.all([Effect.service(Simulator.Simulator), Effect.service(IletiMerkezi.IletiMerkeziClient)])

describe("order lifecycle", () => {
  it.live("immediate: 113 with every message 110, then 111/112 as delays pass, then 114", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const to = Array.from({ length: 20 }, (_, i) => `90532100${String(i).padStart(4, "0")}`)
      const { orderId } = yield* client.sendSms({ sender: "APITEST", text: "Durum testi", to, iys: 0 })
      const start = yield* client.getReport(orderId)
      assert.strictEqual(start.order.status, 113)
      assert.strictEqual(start.order.waiting, 20)
      assert.isTrue(start.messages.every((m) => m.status === 110))
      // Part way: delays are spread over 1..30 s, so some messages are final and some still waiting.
      yield* sim.clock.advance("12 seconds")
      const middle = yield* client.getReport(orderId)
      assert.strictEqual(middle.order.status, 113)
      assert.isAbove(middle.order.waiting!, 0)
      assert.isBelow(middle.order.waiting!, 20)
      assert.strictEqual(middle.order.delivered! + middle.order.undelivered! + middle.order.waiting!, 20)
      yield* sim.clock.advance("1 minute")
      const end = yield* client.getReport(orderId)
      assert.strictEqual(end.order.status, 114)
      assert.strictEqual(end.order.waiting, 0)
      assert.isTrue(end.messages.every((m) => m.status === 111 || m.status === 112))
      assert.strictEqual(end.messages.filter((m) => m.status === 111).length, end.order.delivered)
    }).pipe(Effect.provide(env()))
  )

  it.live("scheduled: 456 until due, then the normal lifecycle; cancel before due gives 115", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      // The client checks the schedule against real time; the simulator's clock is at T0 (April 2026), so a send
      // an hour from now is months ahead for the simulator. Put its clock an hour before the schedule instead.
      // On a whole minute: the wire has minute precision.
      const now = Date.now()
      const sendAt = DateTime.makeUnsafe(now - (now % 60_000) + 61 * 60_000)
      yield* sim.clock.set(DateTime.toEpochMillis(sendAt) - 3_600_000)
      const a = yield* client.sendSms({ sender: "APITEST", text: "Planlı A", to: "905321110001", iys: 0, sendAt })
      const b = yield* client.sendSms({ sender: "APITEST", text: "Planlı B", to: "905321110002", iys: 0, sendAt })
      assert.strictEqual((yield* Effect.flip(client.getReport(a.orderId)))._tag, "OrderNotYetDue")
      yield* client.cancelOrder(b.orderId)
      yield* sim.clock.advance("60 minutes")
      assert.strictEqual((yield* client.getReport(a.orderId)).order.status, 113)
      assert.strictEqual((yield* client.getReport(b.orderId)).order.status, 115)
      // Due orders can no longer be cancelled.
      assert.strictEqual((yield* Effect.flip(client.cancelOrder(a.orderId)))._tag, "OrderNotFound")
      yield* sim.clock.advance("1 minute")
      assert.strictEqual((yield* client.getReport(a.orderId)).order.status, 114)
    }).pipe(Effect.provide(env()))
  )

  it.live("balance is charged per delivered part; undelivered parts are free", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const before = yield* client.getBalance
      // Two parts of Turkish text (over 150 characters), to 40 recipients.
      const text = "Çok değerli müşterimiz, ".repeat(8)
      const to = Array.from({ length: 40 }, (_, i) => `90533200${String(i).padStart(4, "0")}`)
      const { orderId } = yield* client.sendSms({ sender: "APITEST", text, to, iys: 0 })
      yield* sim.clock.advance("2 minutes")
      const report = yield* client.getReport(orderId)
      assert.strictEqual(report.order.status, 114)
      assert.isAbove(report.order.undelivered!, 0, "the seed gives some undelivered messages")
      const after = yield* client.getBalance
      assert.strictEqual(before.sms - after.sms, report.order.delivered! * 2)
      assert.strictEqual(report.order.price, report.order.delivered! * 2)
    }).pipe(Effect.provide(env({ delivery: { deliveredRatio: 0.7 } })))
  )
})

describe("webhooks", () => {
  it.live("reports arrive end to end: accepted, then delivered or undelivered, once per (id, status)", () =>
    Effect.gen(function* () {
      const receiver = yield* WebhookRoute.make({ path: "/hooks/sms" })
      const server = yield* Layer.build(
        HttpRouter.serve(receiver.route, { disableLogger: true }).pipe(
          Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
        )
      )
      const http = Context.get(server, HttpServer.HttpServer)
      const hookUrl = `${HttpServer.formatAddress(http.address)}/hooks/sms`

      const [sim, client] = yield* services
      yield* sim.updateAccount(Simulator.DemoAccount.apiKey, { webhookUrl: hookUrl })
      const to = ["905321119901", "905321119902", "905321119903"]
      const { orderId } = yield* client.sendSms({ sender: "APITEST", text: "Webhook testi", to, iys: 0 })
      yield* sim.clock.advance("2 minutes") // returns after the due webhooks were POSTed

      const reports = yield* receiver.reports.pipe(Stream.take(6), Stream.runCollect)
      assert.isTrue(reports.every((r) => r.packetId === orderId && r.body === "Webhook testi"))
      for (const n of to) {
        const mine = reports.filter((r) => r.to === `+${n}`)
        assert.deepStrictEqual(mine.map((r) => r.status).slice(0, 1), ["accepted"])
        assert.strictEqual(mine.length, 2)
        assert.include(["delivered", "undelivered"], mine[1]!.status)
      }
      // A repeated delivery of the same (id, status) is acknowledged but not passed on.
      const again = yield* Effect.promise(() =>
        fetch(hookUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(IletiMerkeziWebhook.encode(reports[0]!))
        })
      )
      assert.strictEqual(again.status, 200)
      assert.strictEqual(yield* receiver.duplicates, 1)
      const bad = yield* Effect.promise(() =>
        fetch(hookUrl, { method: "POST", headers: { "content-type": "application/json" }, body: '{"report":{}}' })
      )
      assert.strictEqual(bad.status, 400)
    }).pipe(Effect.scoped, Effect.provide(env()))
  )
})
