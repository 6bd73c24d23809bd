/**
 * Receiving TurkeySMS V4 webhooks in an Effect HTTP server. Each POST is verified before anything else is trusted
 * (HMAC-SHA256 of the raw body with the webhook secret, compared in constant time; the timestamp inside the replay
 * window), acknowledged at once, and repeats of the same `(sms_id, status)` are dropped: the provider retries failed
 * deliveries. A forged or stale delivery is refused with 401, a malformed one with 400, and neither reaches the
 * stream.
 *
 * @since 0.1.0
 */
import { TurkeySms, TurkeySmsWebhook } from "@effect-sms/core/turkeysms"
import { ByteSize, Clock, type Duration, Effect, type Layer, Option, Queue, type Redacted, Stream } from "effect"
import { Headers, HttpIncomingMessage, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

/**
 * A webhook receiver: its events as a Stream, and the route that feeds it.
 *
 * @since 0.1.0
 */
export interface Receiver {
  /** Verified events in arrival order, without repeats. Meant for one consumer. */
  readonly events: Stream.Stream<TurkeySmsWebhook.Event>
  /** Adds `POST <path>` to an `HttpRouter`. */
  readonly route: Layer.Layer<never, never, HttpRouter.HttpRouter>
  /** How many verified deliveries were dropped as repeats. */
  readonly duplicates: Effect.Effect<number>
  /** How many deliveries were refused (forged, stale or malformed). */
  readonly rejected: Effect.Effect<number>
}

/**
 * Receiver options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The webhook secret from the panel (`TURKEYSMS_WEBHOOK_SECRET`). */
  readonly secret: Redacted.Redacted<string>
  /** Default `/webhooks/turkeysms`. */
  readonly path?: `/${string}` | undefined
  /** The replay window, either way from now. Default 5 minutes. */
  readonly tolerance?: Duration.Input | undefined
  /** How many recent `(sms_id, status)` keys are remembered. Default 100,000. */
  readonly dedupeWindow?: number | undefined
  /** The largest body accepted. Default 64 KiB (an event is about 150 bytes). */
  readonly maxBodyBytes?: number | undefined
}

/**
 * Makes a receiver.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (options: Options) {
  const queue = yield* Queue.unbounded<TurkeySmsWebhook.Event>()
  const capacity = options.dedupeWindow ?? 100_000
  const maxBody = options.maxBodyBytes ?? 64 * 1024
  // Insertion-ordered set as a bounded LRU of recent keys.
  const seen = new Set<string>()
  let duplicates = 0
  let rejected = 0

  const handler = Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const header = (name: string) => Option.getOrUndefined(Headers.get(request.headers, name))
    // Events are JSON; anything else is refused before it is read (a charset parameter is fine).
    if (!/^application\/json\s*(?:;|$)/i.test((header("content-type") ?? "").trim())) {
      rejected++
      return HttpServerResponse.text("expected Content-Type: application/json", { status: 415 })
    }
    const declared = Number(header("content-length"))
    if (Number.isFinite(declared) && declared > maxBody) {
      rejected++
      return HttpServerResponse.text(`body larger than ${maxBody} bytes`, { status: 413 })
    }
    const body = yield* request.arrayBuffer.pipe(
      Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxBody)),
      Effect.map((b) => new Uint8Array(b)),
      Effect.result
    )
    if (body._tag === "Failure") {
      rejected++
      const reason = body.failure.reason
      return "reason" in reason && reason.reason === "BodyTooLarge"
        ? HttpServerResponse.text(`body larger than ${maxBody} bytes`, { status: 413 })
        : HttpServerResponse.text("unreadable body", { status: 400 })
    }
    const now = yield* Clock.currentTimeMillis
    const verified = yield* TurkeySmsWebhook.verify(
      {
        body: body.success,
        signature: header(TurkeySmsWebhook.SignatureHeader),
        timestamp: header(TurkeySmsWebhook.TimestampHeader)
      },
      { secret: options.secret, tolerance: options.tolerance },
      now
    ).pipe(Effect.result)
    if (verified._tag === "Failure") {
      rejected++
      return HttpServerResponse.text(verified.failure.message, { status: verified.failure.httpStatus })
    }
    const event = verified.success
    // Only events about a message are de-duplicated: `key.test` and its like have no key.
    const key = event.key
    if (key !== undefined && seen.has(key)) {
      duplicates++
    } else {
      if (key !== undefined) {
        seen.add(key)
        if (seen.size > capacity) seen.delete(seen.values().next().value!)
      }
      yield* Queue.offer(queue, event)
    }
    return HttpServerResponse.text("OK")
  })

  return {
    events: Stream.fromQueue(queue),
    route: HttpRouter.add("POST", options.path ?? "/webhooks/turkeysms", handler),
    duplicates: Effect.sync(() => duplicates),
    rejected: Effect.sync(() => rejected)
  } satisfies Receiver
})

/**
 * Makes a receiver with the secret from the environment (`TURKEYSMS_WEBHOOK_SECRET`, read as `Redacted`).
 *
 * @since 0.1.0
 */
export const makeConfig = (options: Omit<Options, "secret"> = {}) =>
  Effect.flatMap(TurkeySms.webhookSecret, (secret) => make({ ...options, secret }))
