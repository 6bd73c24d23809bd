/**
 * The Infobip delivery-report webhook route over real loopback HTTP: path-token and Basic protection, v1 and v3
 * report shapes, batches, callbackData, and repeats dropped.
 */
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Status } from "@effect-sms/core/infobip"
import { InfobipWebhookRoute } from "@effect-sms/node-runtime"
import { Context, Effect, Layer, Redacted, Stream } from "effect"
import { HttpRouter, HttpServer } from "effect/http"

const serve = (options: InfobipWebhookRoute.Options) =>
  Effect.gen(function* () {
    const receiver = yield* InfobipWebhookRoute.make(options)
    const server = yield* Layer.build(
      HttpRouter.serve(receiver.route, { disableLogger: true }).pipe(
        Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
      )
    )
    const base = HttpServer.formatAddress(Context.get(server, HttpServer.HttpServer).address)
    return { receiver, base }
  })

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  Effect.promise(async () => {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body)
    })
    return { status: r.status, text: await r.text() }
  })

const v1 = (messageId: string, status: Status.StatusName, callbackData?: string) => ({
  bulkId: "B1",
  messageId,
  to: "41793026727",
  from: "ACME",
  sentAt: "2026-05-01T09:00:00.000+0000",
  doneAt: "2026-05-01T09:00:05.000+0000",
  smsCount: 1,
  price: { pricePerMessage: 0.01, currency: "EUR" },
  status: Status.toWire(status),
  error: Status.MessageErrors.NO_ERROR,
  ...(callbackData === undefined ? {} : { callbackData })
})

const v3 = (messageId: string, status: Status.StatusName) => ({
  messageId,
  to: "41793026728",
  sender: "ACME",
  messageCount: 2,
  status: Status.toWire(status)
})

describe("Infobip webhook route", () => {
  it.live("with a path token: the right token is accepted, a wrong one gets 401 and nothing is passed on", () =>
    Effect.gen(function* () {
      const { receiver, base } = yield* serve({ auth: { _tag: "PathToken", token: Redacted.make("s3cret-token") } })
      const batch = { results: [v1("m1", "DELIVERED_TO_HANDSET", "order-17"), v3("m2", "UNDELIVERABLE_NOT_DELIVERED")] }
      assert.strictEqual((yield* post(`${base}/webhooks/infobip/wrong-token`, batch)).status, 401)
      assert.strictEqual((yield* post(`${base}/webhooks/infobip/s3cret-token`, batch)).status, 200)
      const got = yield* receiver.reports.pipe(Stream.take(2), Stream.runCollect)
      assert.deepStrictEqual(
        got.map((r) => [r.messageId, r.status.name, r.parts, r.sender, r.callbackData]),
        [
          ["m1", "DELIVERED_TO_HANDSET", 1, "ACME", "order-17"],
          ["m2", "UNDELIVERABLE_NOT_DELIVERED", 2, "ACME", undefined]
        ]
      )
      assert.isTrue(got[0]!.status.final)
      assert.strictEqual(yield* receiver.refused, 1)
    })
  )

  it.live("with Basic credentials: only the configured pair is accepted", () =>
    Effect.gen(function* () {
      const { receiver, base } = yield* serve({
        auth: { _tag: "Basic", username: "infobip", password: Redacted.make("pa55") }
      })
      const batch = { results: [v1("m1", "DELIVERED_TO_HANDSET")] }
      const basic = (u: string, p: string) => ({
        authorization: `Basic ${Buffer.from(`${u}:${p}`).toString("base64")}`
      })
      assert.strictEqual((yield* post(`${base}/webhooks/infobip`, batch)).status, 401)
      assert.strictEqual((yield* post(`${base}/webhooks/infobip`, batch, basic("infobip", "nope"))).status, 401)
      assert.strictEqual((yield* post(`${base}/webhooks/infobip`, batch, basic("infobip", "pa55"))).status, 200)
      assert.strictEqual(yield* receiver.refused, 2)
      const [r] = yield* receiver.reports.pipe(Stream.take(1), Stream.runCollect)
      assert.strictEqual(r!.messageId, "m1")
    })
  )

  it.live("a batch of 100 passes through; repeats of (messageId, status) are dropped, a new status is not", () =>
    Effect.gen(function* () {
      const { receiver, base } = yield* serve({ auth: { _tag: "PathToken", token: Redacted.make("t") } })
      const results = Array.from({ length: 100 }, (_, i) => v1(`m${i}`, "DELIVERED_TO_OPERATOR"))
      assert.strictEqual((yield* post(`${base}/webhooks/infobip/t`, { results })).status, 200)
      // Infobip retried the batch (say our 200 was lost), and then sent one final report.
      assert.strictEqual((yield* post(`${base}/webhooks/infobip/t`, { results })).status, 200)
      assert.strictEqual(
        (yield* post(`${base}/webhooks/infobip/t`, { results: [v1("m0", "DELIVERED_TO_HANDSET")] })).status,
        200
      )
      const got = yield* receiver.reports.pipe(Stream.take(101), Stream.runCollect)
      assert.strictEqual(new Set(got.map((r) => r.key)).size, 101)
      assert.strictEqual(got[100]!.key, "m0:DELIVERED_TO_HANDSET")
      assert.strictEqual(yield* receiver.duplicates, 100)
    })
  )

  it.live("a body that is not a report batch is refused with 400", () =>
    Effect.gen(function* () {
      const { base } = yield* serve({ auth: { _tag: "PathToken", token: Redacted.make("t") } })
      assert.strictEqual((yield* post(`${base}/webhooks/infobip/t`, { results: [{ messageId: "" }] })).status, 400)
      assert.strictEqual((yield* post(`${base}/webhooks/infobip/t`, { report: {} })).status, 400)
    })
  )
})
