/**
 * The TurkeySMS webhook route over real HTTP: a valid delivery is acknowledged and streamed once; a tampered body, a
 * wrong secret, a stale timestamp and a replay never reach the stream.
 */
import { createHmac } from "node:crypto"
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { TurkeySmsWebhookRoute } from "@effect-sms/node-runtime"
import { Context, Effect, Fiber, Layer, Redacted, Stream } from "effect"
import { HttpRouter, HttpServer } from "effect/http"

const secret = "whsec-route-test"

const serve = (options: Partial<TurkeySmsWebhookRoute.Options> = {}) =>
  Effect.gen(function* () {
    const receiver = yield* TurkeySmsWebhookRoute.make({ secret: Redacted.make(secret), ...options })
    const server = yield* Layer.build(
      HttpRouter.serve(receiver.route, { disableLogger: true }).pipe(
        Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
      )
    )
    const url = `${HttpServer.formatAddress(Context.get(server, HttpServer.HttpServer).address)}/webhooks/turkeysms`
    return { receiver, url }
  })

const event = (smsId: number, status: string, at = Date.now()) =>
  JSON.stringify({
    event_type: status === "sent" ? "sms.sent" : status === "delivered" ? "sms.delivered" : "sms.failed",
    timestamp: new Date(at).toISOString(),
    data: { sms_id: smsId, status }
  })

const sig = (body: string, key = secret) => `sha256=${createHmac("sha256", key).update(body).digest("hex")}`

const post = (url: string, body: string, headers: Record<string, string>) =>
  Effect.promise(() =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body })
  )

const signedHeaders = (body: string, at = Date.now()) => ({
  "x-turkeysms-signature": sig(body),
  "x-turkeysms-timestamp": String(Math.floor(at / 1000))
})

describe("TurkeySMS webhook route", () => {
  it.live("a valid delivery is acknowledged with 200 and streamed once; its repeat is dropped", () =>
    Effect.gen(function* () {
      const { receiver, url } = yield* serve()
      const body = event(1000007721, "delivered")
      const first = yield* post(url, body, signedHeaders(body))
      assert.strictEqual(first.status, 200)
      const again = yield* post(url, body, signedHeaders(body))
      assert.strictEqual(again.status, 200)
      const other = event(1000007721, "sent")
      assert.strictEqual((yield* post(url, other, signedHeaders(other))).status, 200)
      const events = yield* receiver.events.pipe(Stream.take(2), Stream.runCollect)
      assert.deepStrictEqual(
        events.map((e) => [e.smsId, e.status]),
        [
          ["1000007721", "delivered"],
          ["1000007721", "sent"]
        ]
      )
      assert.strictEqual(yield* receiver.duplicates, 1)
    }).pipe(Effect.scoped)
  )

  it.live("events about no message (key.test) are never dropped as repeats of each other", () =>
    Effect.gen(function* () {
      const { receiver, url } = yield* serve()
      for (let i = 0; i < 3; i++) {
        const body = JSON.stringify({ event_type: "key.test", timestamp: new Date().toISOString(), data: {} })
        assert.strictEqual((yield* post(url, body, signedHeaders(body))).status, 200)
      }
      // Counted as each delivery is answered: final once the three posts are.
      assert.strictEqual(yield* receiver.duplicates, 0)
      const events = yield* receiver.events.pipe(Stream.take(3), Stream.runCollect)
      assert.deepStrictEqual(
        events.map((e) => [e.type, e.smsId]),
        [
          ["key.test", undefined],
          ["key.test", undefined],
          ["key.test", undefined]
        ]
      )
    }).pipe(Effect.scoped)
  )

  it.live("forged, stale and malformed deliveries are refused and never streamed", () =>
    Effect.gen(function* () {
      const { receiver, url } = yield* serve()
      const body = event(42, "delivered")
      const tampered = body.replace("delivered", "failed")
      const cases: ReadonlyArray<readonly [string, string, Record<string, string>, number]> = [
        ["tampered body", tampered, signedHeaders(body), 401],
        ["wrong secret", body, { ...signedHeaders(body), "x-turkeysms-signature": sig(body, "not-the-secret") }, 401],
        ["no signature", body, { "x-turkeysms-timestamp": String(Math.floor(Date.now() / 1000)) }, 401],
        [
          "stale timestamp",
          event(42, "delivered", Date.now() - 10 * 60_000),
          signedHeaders(event(42, "delivered", Date.now() - 10 * 60_000), Date.now() - 10 * 60_000),
          401
        ],
        ["not JSON", "{oops", signedHeaders("{oops"), 400]
      ]
      for (const [name, b, headers, status] of cases) {
        const response = yield* post(url, b, headers)
        assert.strictEqual(response.status, status, name)
      }
      // A stale body replayed with a fresh header still fails: the signed body carries its own time.
      const old = event(43, "delivered", Date.now() - 10 * 60_000)
      const replay = yield* post(url, old, {
        "x-turkeysms-signature": sig(old),
        "x-turkeysms-timestamp": String(Math.floor(Date.now() / 1000))
      })
      assert.strictEqual(replay.status, 401)
      assert.strictEqual(yield* receiver.rejected, cases.length + 1)
      // Nothing reached the stream: the next event out is the one valid delivery sent now.
      const valid = event(44, "delivered")
      assert.strictEqual((yield* post(url, valid, signedHeaders(valid))).status, 200)
      const fiber = yield* receiver.events.pipe(Stream.take(1), Stream.runCollect, Effect.forkChild)
      const [first] = yield* Fiber.join(fiber)
      assert.strictEqual(first?.smsId, "44")
    }).pipe(Effect.scoped)
  )

  it.live("a body over the size cap is refused with 413, declared or streamed; a wrong content type with 415", () =>
    Effect.gen(function* () {
      const { url } = yield* serve({ maxBodyBytes: 256 })
      const body = JSON.stringify({
        event_type: "key.test",
        timestamp: new Date().toISOString(),
        pad: "x".repeat(1000)
      })
      const response = yield* post(url, body, signedHeaders(body))
      assert.strictEqual(response.status, 413)
      // Streamed without a Content-Length: counted while reading.
      const bytes = new TextEncoder().encode(body)
      const streamed = yield* Effect.promise(() =>
        fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", ...signedHeaders(body) },
          body: new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(bytes)
              controller.close()
            }
          }),
          duplex: "half"
        } as RequestInit)
      )
      assert.strictEqual(streamed.status, 413)
      const small = JSON.stringify({ event_type: "key.test", timestamp: new Date().toISOString() })
      const plain = yield* Effect.promise(() =>
        fetch(url, { method: "POST", headers: { "content-type": "text/plain", ...signedHeaders(small) }, body: small })
      )
      assert.strictEqual(plain.status, 415)
    }).pipe(Effect.scoped)
  )
})
