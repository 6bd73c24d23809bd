/**
 * TurkeySMS V4 webhooks (`docs/providers/turkeysms.md` §7). The provider POSTs one JSON event per message status change,
 * signed with the webhook secret: `X-TurkeySMS-Signature: sha256=<hex HMAC-SHA256 of the raw body>`, and
 * `X-TurkeySMS-Timestamp` carrying the send time. {@link verify} checks the signature in constant time, then the
 * timestamp (header and signed body) against a replay window, then decodes the event. Repeats of the same
 * `(sms_id, status)` are the receiver's to drop (`key`): the provider retries failed deliveries.
 *
 * @since 0.1.0
 */
import { Duration, Effect, Layer, Redacted, Result, Schema } from "effect"
import { Mac, SecureRandom } from "effect/crypto"
import { Hex } from "effect/encoding"
import { DeliveryState, SmsId } from "./Schema.ts"

/**
 * The signature header.
 *
 * @since 0.1.0
 */
export const SignatureHeader = "x-turkeysms-signature"

/**
 * The timestamp header.
 *
 * @since 0.1.0
 */
export const TimestampHeader = "x-turkeysms-timestamp"

/**
 * The documented event types. Others are accepted (V4 adds things without notice) and decoded as they come.
 *
 * @since 0.1.0
 */
export const EventTypes = ["sms.sent", "sms.delivered", "sms.failed", "otp.verified", "key.test"] as const

/**
 * An event as it arrives on the wire.
 *
 * @since 0.1.0
 */
export const EventWire = Schema.Struct({
  event_type: Schema.String,
  /** ISO 8601, UTC. */
  timestamp: Schema.String,
  data: Schema.optionalKey(
    Schema.Struct({
      sms_id: Schema.optionalKey(SmsId),
      status: Schema.optionalKey(Schema.String)
    })
  )
})

/**
 * @since 0.1.0
 */
export type EventWire = typeof EventWire.Type

/**
 * A verified event.
 *
 * @since 0.1.0
 */
export class Event extends Schema.Class<Event>("@effect-sms/core/turkeysms/WebhookEvent")({
  type: Schema.String,
  /** The signed body's timestamp, epoch milliseconds. */
  at: Schema.Number,
  smsId: Schema.optionalKey(Schema.String),
  /** The message's state when the event is about a message (`sent`, `delivered`, `failed`, `expired`). */
  status: Schema.optionalKey(Schema.String)
}) {
  /**
   * The key for de-duplication: the same message reported twice with the same status is one event. `undefined` for
   * events about no message (`key.test`, which the panel may fire any number of times): those are never dropped.
   */
  get key(): string | undefined {
    return this.smsId === undefined ? undefined : `${this.type}:${this.smsId}:${this.status ?? ""}`
  }
  /** The status as a lifecycle state, when it is one. */
  get state(): DeliveryState | undefined {
    return Schema.is(DeliveryState)(this.status) ? this.status : undefined
  }
}

/**
 * Why a delivery was refused: a missing, malformed or wrong signature and a stale timestamp are refused with 401
 * (they are not from the provider, or not now); a body that does not parse, or headers that are missing, with 400.
 *
 * @since 0.1.0
 */
export class WebhookRejected extends Schema.TaggedError<WebhookRejected>()("WebhookRejected", {
  reason: Schema.Literals(["missing-signature", "bad-signature", "unsupported-algorithm", "stale", "malformed"]),
  message: Schema.String
}) {
  /** The HTTP status to answer with. */
  get httpStatus(): 400 | 401 {
    return this.reason === "malformed" ? 400 : 401
  }
}

/**
 * Verification options.
 *
 * @since 0.1.0
 */
export interface VerifyOptions {
  /** The webhook secret from the panel. */
  readonly secret: Redacted.Redacted<string>
  /** How far the timestamps may be from now, either way. Default 5 minutes. */
  readonly tolerance?: Duration.Input | undefined
}

/**
 * What arrived: the raw body (exactly as received: the signature covers its bytes) and the two headers.
 *
 * @since 0.1.0
 */
export interface Delivery {
  readonly body: Uint8Array | string
  readonly signature: string | undefined
  readonly timestamp: string | undefined
}

const MacLive = Mac.layerWebCrypto.pipe(Layer.provide(SecureRandom.layerWebCrypto))
const encoder = new TextEncoder()
const bytesOf = (body: Uint8Array | string) => (typeof body === "string" ? encoder.encode(body) : body)

const rejected = (reason: WebhookRejected["reason"], message: string) => new WebhookRejected({ reason, message })

/**
 * Reads a timestamp header: Unix seconds, Unix milliseconds or ISO 8601 (the format is not documented).
 *
 * @since 0.1.0
 */
export const parseTimestamp = (value: string): number | undefined => {
  const s = value.trim()
  if (/^\d{1,16}$/.test(s)) {
    const n = Number(s)
    // Seconds until the year 33658; anything larger is milliseconds.
    return n < 1e12 ? n * 1000 : n
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(s)) return undefined
  const millis = Date.parse(s)
  return Number.isFinite(millis) ? millis : undefined
}

/**
 * Signs a body as the provider does: `sha256=` and the lowercase hex HMAC-SHA256 of the raw bytes. For tests, relays
 * and the simulator.
 *
 * @since 0.1.0
 */
export const sign = (body: Uint8Array | string, secret: Redacted.Redacted<string>): Effect.Effect<string> =>
  Effect.gen(function* () {
    const mac = yield* Mac.Mac
    const key = yield* Mac.key(Mac.hmacSha256, encoder.encode(Redacted.value(secret)))
    return `sha256=${Hex.encode(yield* mac.sign(key, bytesOf(body)))}`
  }).pipe(Effect.provide(MacLive), Effect.orDie)

const decodeEvent = Schema.decodeUnknownResult(EventWire)

/**
 * Verifies and decodes a delivery at time `now` (epoch milliseconds).
 *
 * **Details**
 *
 * In order: the signature header must be `sha256=<64 hex digits>` (another algorithm is refused rather than trusted)
 * and match the HMAC of the raw body, compared in constant time; the body must be a JSON event; the timestamp
 * header and the body's own `timestamp` (which the signature covers, unlike the header) must both lie within
 * `tolerance` of `now`. Nothing about the event is trusted before the signature is.
 *
 * @since 0.1.0
 */
export const verify = (
  delivery: Delivery,
  options: VerifyOptions,
  now: number
): Effect.Effect<Event, WebhookRejected> =>
  Effect.gen(function* () {
    const header = delivery.signature?.trim()
    if (header === undefined || header === "") {
      return yield* rejected("missing-signature", `no ${SignatureHeader} header`)
    }
    const eq = header.indexOf("=")
    const algorithm = eq < 0 ? "" : header.slice(0, eq).trim().toLowerCase()
    if (algorithm !== "sha256") {
      return yield* rejected("unsupported-algorithm", `the signature is not sha256=<hex> (algorithm "${algorithm}")`)
    }
    const hex = header.slice(eq + 1).trim()
    const tag = /^[0-9a-fA-F]{64}$/.test(hex) ? Hex.decode(hex) : undefined
    if (tag === undefined || Result.isFailure(tag)) {
      return yield* rejected("bad-signature", "the signature is not 64 hex digits")
    }
    if (Redacted.value(options.secret).length === 0) {
      return yield* rejected("bad-signature", "no webhook secret is configured")
    }
    const body = bytesOf(delivery.body)
    const valid = yield* Effect.gen(function* () {
      const mac = yield* Mac.Mac
      const key = yield* Mac.key(Mac.hmacSha256, encoder.encode(Redacted.value(options.secret)))
      return yield* mac.verify(key, tag.success, body)
    }).pipe(
      Effect.provide(MacLive),
      Effect.orElseSucceed(() => false)
    )
    if (!valid) return yield* rejected("bad-signature", "the signature does not match the body")

    const json = yield* Effect.try({
      try: (): unknown => JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body)),
      catch: (e) => rejected("malformed", `the body is not JSON: ${e instanceof Error ? e.message : String(e)}`)
    })
    const event = decodeEvent(json)
    if (Result.isFailure(event)) return yield* rejected("malformed", `not an event: ${event.failure.message}`)

    const tolerance = Duration.toMillis(Duration.fromInputUnsafe(options.tolerance ?? "5 minutes"))
    if (delivery.timestamp === undefined || delivery.timestamp.trim() === "") {
      return yield* rejected("malformed", `no ${TimestampHeader} header`)
    }
    const headerAt = parseTimestamp(delivery.timestamp)
    if (headerAt === undefined) {
      return yield* rejected("malformed", `${TimestampHeader} "${delivery.timestamp}" is not a timestamp`)
    }
    const bodyAt = parseTimestamp(event.success.timestamp)
    if (bodyAt === undefined) {
      return yield* rejected("malformed", `the body's timestamp "${event.success.timestamp}" is not ISO 8601`)
    }
    for (const at of [headerAt, bodyAt]) {
      if (Math.abs(now - at) > tolerance) {
        return yield* rejected(
          "stale",
          `sent at ${new Date(at).toISOString()}, more than ${Duration.format(Duration.millis(tolerance))} from now`
        )
      }
    }
    const data = event.success.data
    return new Event({
      type: event.success.event_type,
      at: bodyAt,
      ...(data?.sms_id === undefined ? {} : { smsId: data.sms_id }),
      ...(data?.status === undefined ? {} : { status: data.status })
    })
  })

/**
 * Builds a signed delivery for an event: the body, its signature and the timestamp header (Unix seconds). For tests
 * and the simulator.
 *
 * @since 0.1.0
 */
export const signed = (
  event: EventWire,
  secret: Redacted.Redacted<string>,
  at: number
): Effect.Effect<{ readonly body: string; readonly signature: string; readonly timestamp: string }> =>
  Effect.suspend(() => {
    const body = JSON.stringify(event)
    return Effect.map(sign(body, secret), (signature) => ({
      body,
      signature,
      timestamp: String(Math.floor(at / 1000))
    }))
  })
