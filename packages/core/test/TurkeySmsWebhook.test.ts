import { createHmac } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { TurkeySmsWebhook as W } from "@effect-sms/core/turkeysms"
import { Effect, Redacted } from "effect"

const secret = Redacted.make("whsec-test-0123456789")
const now = Date.parse("2026-05-22T09:14:07Z")

const body = JSON.stringify({
  event_type: "sms.delivered",
  timestamp: "2026-05-22T09:14:07Z",
  data: { sms_id: 1000007721, status: "delivered" }
})
// Computed independently of the module under test.
const hmac = (b: string, key = Redacted.value(secret)) => `sha256=${createHmac("sha256", key).update(b).digest("hex")}`
const seconds = String(Math.floor(now / 1000))

const rejection = (delivery: W.Delivery, at = now) => Effect.flip(W.verify(delivery, { secret }, at))

describe("TurkeySMS webhook signatures", () => {
  it.effect("sign matches an independent HMAC-SHA256", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* W.sign(body, secret), hmac(body))
    })
  )

  it.effect("a valid delivery decodes", () =>
    Effect.gen(function* () {
      const event = yield* W.verify({ body, signature: hmac(body), timestamp: seconds }, { secret }, now)
      assert.strictEqual(event.type, "sms.delivered")
      assert.strictEqual(event.smsId, "1000007721")
      assert.strictEqual(event.state, "delivered")
      assert.strictEqual(event.at, now)
    })
  )

  it.effect("the algorithm name is case-insensitive and the hex may be upper case", () =>
    Effect.gen(function* () {
      const sig = hmac(body).replace("sha256=", "SHA256=").toUpperCase()
      const event = yield* W.verify({ body, signature: sig, timestamp: seconds }, { secret }, now)
      assert.strictEqual(event.smsId, "1000007721")
    })
  )

  it.effect("a tampered body is refused with 401", () =>
    Effect.gen(function* () {
      const tampered = body.replace('delivered"}', 'failed"}')
      const e = yield* rejection({ body: tampered, signature: hmac(body), timestamp: seconds })
      assert.strictEqual(e.reason, "bad-signature")
      assert.strictEqual(e.httpStatus, 401)
    })
  )

  it.effect("a signature made with another secret is refused", () =>
    Effect.gen(function* () {
      const e = yield* rejection({ body, signature: hmac(body, "another-secret"), timestamp: seconds })
      assert.strictEqual(e.reason, "bad-signature")
    })
  )

  it.effect("a missing signature, another algorithm and a short tag are refused", () =>
    Effect.gen(function* () {
      assert.strictEqual(
        (yield* rejection({ body, signature: undefined, timestamp: seconds })).reason,
        "missing-signature"
      )
      const sha1 = `sha1=${createHmac("sha1", Redacted.value(secret)).update(body).digest("hex")}`
      assert.strictEqual(
        (yield* rejection({ body, signature: sha1, timestamp: seconds })).reason,
        "unsupported-algorithm"
      )
      assert.strictEqual(
        (yield* rejection({ body, signature: hmac(body).slice(0, 40), timestamp: seconds })).reason,
        "bad-signature"
      )
    })
  )

  it.effect("a stale timestamp is refused, in the header or in the signed body", () =>
    Effect.gen(function* () {
      const later = now + 6 * 60_000
      const e = yield* rejection({ body, signature: hmac(body), timestamp: String(Math.floor(later / 1000)) }, later)
      assert.strictEqual(e.reason, "stale")
      assert.strictEqual(e.httpStatus, 401)
      // A replay with a fresh header: the signed body still says when it was sent.
      const replayed = yield* rejection(
        { body, signature: hmac(body), timestamp: String(Math.floor(later / 1000)) },
        later
      )
      assert.strictEqual(replayed.reason, "stale")
      // Within a wider window it passes.
      const ok = yield* W.verify(
        { body, signature: hmac(body), timestamp: seconds },
        { secret, tolerance: "10 minutes" },
        later
      )
      assert.strictEqual(ok.smsId, "1000007721")
    })
  )

  it.effect("timestamps in seconds, milliseconds or ISO 8601 are read", () =>
    Effect.gen(function* () {
      for (const ts of [seconds, String(now), "2026-05-22T09:14:07Z"]) {
        const event = yield* W.verify({ body, signature: hmac(body), timestamp: ts }, { secret }, now)
        assert.strictEqual(event.type, "sms.delivered")
      }
      assert.isUndefined(W.parseTimestamp("yesterday"))
    })
  )

  it.effect("a signed body that is not an event, or no timestamp, is refused with 400", () =>
    Effect.gen(function* () {
      const notJson = "{not json"
      const e1 = yield* rejection({ body: notJson, signature: hmac(notJson), timestamp: seconds })
      assert.strictEqual(e1.reason, "malformed")
      assert.strictEqual(e1.httpStatus, 400)
      const notEvent = JSON.stringify({ hello: "world" })
      assert.strictEqual(
        (yield* rejection({ body: notEvent, signature: hmac(notEvent), timestamp: seconds })).reason,
        "malformed"
      )
      assert.strictEqual((yield* rejection({ body, signature: hmac(body), timestamp: undefined })).reason, "malformed")
    })
  )

  it.effect("the dedupe key is the message and its status", () =>
    Effect.gen(function* () {
      const a = yield* W.verify({ body, signature: hmac(body), timestamp: seconds }, { secret }, now)
      const later = body.replace("09:14:07Z", "09:14:09Z")
      const b = yield* W.verify({ body: later, signature: hmac(later), timestamp: seconds }, { secret }, now + 2000)
      assert.strictEqual(a.key, b.key)
      const sent = body.replace(/delivered/g, "sent")
      const c = yield* W.verify({ body: sent, signature: hmac(sent), timestamp: seconds }, { secret }, now)
      assert.notStrictEqual(a.key, c.key)
    })
  )
})
