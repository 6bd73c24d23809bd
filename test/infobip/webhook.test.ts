/**
 * The Infobip delivery-report webhook route over real loopback HTTP: path-token and Basic protection, v1 and v3
 * report shapes, batches, callbackData, and repeats dropped.
 */
import { createServer, request as httpRequest } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Status } from "@effect-sms/core/infobip"
import { InfobipWebhookRoute } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Context, Effect, Layer, Redacted, Stream } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { client, control, withSimulator } from "./harness.ts"

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
      // No token at all: refused like a wrong one, not a 404 that would tell a prober the route has another shape.
      assert.strictEqual((yield* post(`${base}/webhooks/infobip`, batch)).status, 401)
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
      assert.strictEqual(yield* receiver.refused, 2)
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

// A POST whose body is sent in chunks, without Content-Length: the cap must be enforced while reading.
const postChunked = (url: string, chunks: ReadonlyArray<string>) =>
  Effect.callback<number>((resume) => {
    const req = httpRequest(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
      res.resume()
      res.on("end", () => resume(Effect.succeed(res.statusCode ?? 0)))
    })
    req.on("error", (e) => resume(Effect.die(e)))
    for (const c of chunks) req.write(c)
    req.end()
  })

describe("Infobip webhook route: body limits", () => {
  const token = { _tag: "PathToken", token: Redacted.make("tok") } as const
  it.live("over maxBodyBytes is refused with 413, declared or streamed; a wrong content type with 415", () =>
    Effect.gen(function* () {
      const { receiver, base } = yield* serve({ auth: token, maxBodyBytes: 2048 })
      const url = `${base}/webhooks/infobip/tok`
      const big = { results: Array.from({ length: 40 }, (_, i) => v1(`m${i}`, "DELIVERED_TO_HANDSET")) }
      assert.isAbove(JSON.stringify(big).length, 2048)
      // Declared: Content-Length over the cap.
      assert.strictEqual((yield* post(url, big)).status, 413)
      // Streamed: no Content-Length, the cap is counted while reading.
      const text = JSON.stringify(big)
      const chunks = Array.from({ length: Math.ceil(text.length / 500) }, (_, i) => text.slice(i * 500, i * 500 + 500))
      assert.strictEqual(yield* postChunked(url, chunks), 413)
      // Not JSON by its content type.
      const small = { results: [v1("ok-1", "DELIVERED_TO_HANDSET")] }
      assert.strictEqual((yield* post(url, small, { "content-type": "text/plain" })).status, 415)
      // Under the cap, chunked or not, it passes.
      assert.strictEqual(yield* postChunked(url, [JSON.stringify(small)]), 200)
      const got = yield* receiver.reports.pipe(Stream.take(1), Stream.runCollect)
      assert.deepStrictEqual(
        got.map((r) => r.messageId),
        ["ok-1"]
      )
    })
  )

  it.live("the default cap is 256 KiB", () =>
    Effect.gen(function* () {
      const { base } = yield* serve({ auth: token })
      const url = `${base}/webhooks/infobip/tok`
      const pad = (n: number) => ({ results: [{ ...v1("p", "DELIVERED_TO_HANDSET"), callbackData: "x".repeat(n) }] })
      assert.strictEqual((yield* post(url, pad(200 * 1024))).status, 200)
      assert.strictEqual((yield* post(url, pad(300 * 1024))).status, 413)
    })
  )
})

describe("Infobip webhooks from the simulator", () => {
  it.live("delivery reports are pushed in batches to a path-token route, with callbackData, once each", () =>
    Effect.gen(function* () {
      const { receiver, base } = yield* serve({ auth: { _tag: "PathToken", token: Redacted.make("hook-token") } })
      const c = yield* client
      const sim = yield* Effect.service(Simulator.Simulator)
      // From 41790000001: the demo account refuses 41790000000, a report final at once that the real-time poller
      // could push alone before the clock moves.
      const to = Array.from({ length: 150 }, (_, i) => `4179${String(i + 1).padStart(7, "0")}`)
      yield* c.sendMessages({
        messages: [
          {
            destinations: to,
            text: "pushed",
            webhooks: { delivery: { url: `${base}/webhooks/infobip/hook-token` }, callbackData: "campaign-7" }
          }
        ]
      })
      yield* sim.clock.advance("1 minute")
      const got = yield* receiver.reports.pipe(Stream.take(150), Stream.runCollect)
      assert.strictEqual(new Set(got.map((r) => r.messageId)).size, 150)
      assert.isTrue(got.every((r) => r.callbackData === "campaign-7" && r.status.final))
      const log = (yield* control).webhookLog
      assert.deepStrictEqual(
        log.map((l) => [l.reports, l.ok]),
        [
          [100, true],
          [50, true]
        ]
      )
    }).pipe(Effect.provide(withSimulator()))
  )

  it.live("a refused push is retried on the simulator's schedule; Basic credentials in notifyUrl are used", () =>
    Effect.gen(function* () {
      const { receiver, base } = yield* serve({
        auth: { _tag: "Basic", username: "ib", password: Redacted.make("hook-pass") }
      })
      const c = yield* client
      const sim = yield* Effect.service(Simulator.Simulator)
      const hostPort = base.replace("http://", "")
      yield* c.sendAdvanced({
        messages: [
          { destinations: "41793026727", text: "x", notifyUrl: `http://ib:wrong@${hostPort}/webhooks/infobip` }
        ]
      })
      yield* c.sendAdvanced({
        messages: [
          { destinations: "41793026728", text: "y", notifyUrl: `http://ib:hook-pass@${hostPort}/webhooks/infobip` }
        ]
      })
      yield* sim.clock.advance("1 minute")
      const [r] = yield* receiver.reports.pipe(Stream.take(1), Stream.runCollect)
      assert.strictEqual(r!.to, "41793026728")
      assert.strictEqual(yield* receiver.refused, 1)
      // The refused batch is tried again after 1 s, 5 s, 30 s and 2 min, then dropped.
      yield* sim.clock.advance("10 minutes")
      const log = (yield* control).webhookLog.filter((l) => !l.ok)
      assert.isAtLeast(log.length, 2)
      assert.isAtLeast(yield* receiver.refused, 2)
    }).pipe(Effect.provide(withSimulator()))
  )
})
