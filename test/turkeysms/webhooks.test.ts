/**
 * TurkeySMS webhooks end to end: the simulator signs each event with the key's webhook secret and POSTs it as the
 * lifecycle moves; the node-runtime route verifies it and streams each `(sms_id, status)` once. A delivery the
 * receiver refuses is retried by the simulator; one signed with another secret never reaches the stream.
 */
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { TurkeySmsWebhookRoute } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Context, Effect, Layer, Redacted, Stream } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { account, control, env } from "./harness.ts"

const KEY = "ts-webhook-key-0123456789"
const SECRET = "whsec-sim-0123456789"

const receiver = (secret: string) =>
  Effect.gen(function* () {
    const r = yield* TurkeySmsWebhookRoute.make({ secret: Redacted.make(secret) })
    const server = yield* Layer.build(
      HttpRouter.serve(r.route, { disableLogger: true }).pipe(
        Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
      )
    )
    const url = `${HttpServer.formatAddress(Context.get(server, HttpServer.HttpServer).address)}/webhooks/turkeysms`
    return { ...r, url }
  })

describe("TurkeySMS webhooks end to end", () => {
  it.live("sent, then delivered or failed, once per message, verified by the route", () =>
    Effect.gen(function* () {
      const hook = yield* receiver(SECRET)
      const sim = yield* Effect.service(Simulator.Simulator)
      const ts = yield* control
      ts.account(KEY).webhook = { url: hook.url, secret: SECRET }
      const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const sent = yield* Effect.forEach(["5321110001", "5321110002", "5321110003"], (to) =>
        c.sendSms({ title: "EFFECTSMS", text: `webhook ${to}`, to })
      )
      yield* sim.clock.advance("2 minutes") // returns after the due webhooks were POSTed
      // A message that fails while still queued never reaches `sent`: it has one event, the others two.
      const expected = ts.messages().reduce((n, m) => n + (m.sentAt === undefined ? 1 : 2), 0)
      const events = yield* hook.events.pipe(Stream.take(expected), Stream.runCollect)
      for (const r of sent) {
        const m = ts.messages().find((x) => String(x.id) === r.smsId)!
        const mine = events.filter((e) => e.smsId === r.smsId)
        const final = m.outcome === "delivered" ? "sms.delivered" : "sms.failed"
        assert.deepStrictEqual(
          mine.map((e) => e.type),
          m.sentAt === undefined ? [final] : ["sms.sent", final]
        )
        assert.strictEqual(mine[mine.length - 1]!.status, ts.stateOf(r.smsId))
      }
      assert.isTrue(
        events.some((e) => e.type === "sms.failed"),
        "the seed gives a failure"
      )
      assert.strictEqual(yield* hook.rejected, 0)
    }).pipe(
      Effect.scoped,
      Effect.provide(
        env(
          { accounts: [account(KEY)], failedRatio: 0.4, expiredRatio: 0 },
          { apiKey: Redacted.make(KEY) },
          { clock: { start: Date.now() } }
        )
      )
    )
  )

  it.live("a delivery the receiver refuses is retried, and the retry is accepted", () =>
    Effect.gen(function* () {
      const wrong = yield* receiver("not-the-secret-0123")
      const right = yield* receiver(SECRET)
      const sim = yield* Effect.service(Simulator.Simulator)
      const ts = yield* control
      // The panel holds the right secret, but the receiver was deployed with another one: every POST is refused.
      ts.account(KEY).webhook = { url: wrong.url, secret: SECRET }
      const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const r = yield* c.sendSms({ title: "EFFECTSMS", text: "retry", to: "5321110009" })
      yield* sim.clock.advance("2 minutes")
      assert.isAbove(yield* wrong.rejected, 0)
      const refused = ts.deliveries().filter((d) => !d.ok)
      assert.isAbove(refused.length, 0)
      // The receiver is fixed; the simulator's retries (2^n s later) now go through.
      ts.account(KEY).webhook = { url: right.url, secret: SECRET }
      yield* sim.clock.advance("1 minute")
      const events = yield* right.events.pipe(Stream.take(2), Stream.runCollect)
      assert.deepStrictEqual(events.map((e) => [e.smsId, e.type]).sort(), [
        [r.smsId, "sms.delivered"],
        [r.smsId, "sms.sent"]
      ])
      assert.isTrue(ts.deliveries().some((d) => d.ok && d.attempt > 0))
    }).pipe(
      Effect.scoped,
      Effect.provide(
        env(
          { accounts: [account(KEY)], failedRatio: 0, expiredRatio: 0 },
          { apiKey: Redacted.make(KEY) },
          { clock: { start: Date.now() } }
        )
      )
    )
  )
})
