/**
 * Receiving iletiMerkezi delivery-report webhooks in an Effect HTTP server. The route acknowledges each POST at once
 * (the provider documents no retry policy, so a slow receiver risks losing reports), drops repeats of the same
 * `(id, status)`, and hands the reports to the application as a Stream. The route is on the public internet and the
 * provider signs nothing, so what it reads is bounded: a JSON content type, and a body of at most `maxBodySize` bytes
 * (checked on `Content-Length` before reading, and while reading).
 *
 * @since 0.1.0
 */
import { IletiMerkeziWebhook } from "@effect-sms/core/iletimerkezi"
import { ByteSize, Effect, type Layer, Queue, Stream } from "effect"
import { HttpIncomingMessage, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

/**
 * A webhook receiver: its reports as a Stream, and the route that feeds it.
 *
 * @since 0.1.0
 */
export interface Receiver {
  /** Reports in arrival order, without duplicates. Meant for one consumer. */
  readonly reports: Stream.Stream<IletiMerkeziWebhook.Report>
  /** Adds `POST <path>` to an `HttpRouter`. */
  readonly route: Layer.Layer<never, never, HttpRouter.HttpRouter>
  /** How many deliveries were dropped as duplicates. */
  readonly duplicates: Effect.Effect<number>
}

/**
 * Receiver options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Default `/webhooks/iletimerkezi`. */
  readonly path?: `/${string}` | undefined
  /** How many recent `(id, status)` keys are remembered for de-duplication. Default 100,000. */
  readonly dedupeWindow?: number | undefined
  /**
   * The largest body accepted, in bytes; larger ones are answered 413 without being read to the end. Default 64 KiB:
   * a report is one message's id, number, status and text (at most 7 SMS parts), well under 2 KiB.
   */
  readonly maxBodySize?: number | undefined
}

/**
 * The default body limit: 64 KiB.
 *
 * @since 0.1.0
 */
export const DefaultMaxBodySize = 64 * 1024

// The provider POSTs `Content-Type: application/json`; a charset parameter is fine.
const isJson = (contentType: string | undefined): boolean =>
  contentType !== undefined && /^application\/json\s*(?:;|$)/i.test(contentType.trim())

/**
 * Makes a receiver.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (options: Options = {}) {
  const queue = yield* Queue.unbounded<IletiMerkeziWebhook.Report>()
  const capacity = options.dedupeWindow ?? 100_000
  // Insertion-ordered set as a bounded LRU of recent keys.
  const seen = new Set<string>()
  let duplicates = 0

  const maxBodySize = options.maxBodySize ?? DefaultMaxBodySize
  if (!Number.isSafeInteger(maxBodySize) || maxBodySize < 1) {
    return yield* Effect.die(new RangeError(`WebhookRoute: maxBodySize must be a positive integer, got ${maxBodySize}`))
  }
  const tooLarge = () => HttpServerResponse.text(`body larger than ${maxBodySize} bytes`, { status: 413 })

  const handler = Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (!isJson(request.headers["content-type"])) {
      return HttpServerResponse.text("expected Content-Type: application/json", { status: 415 })
    }
    const declared = request.headers["content-length"]
    if (declared !== undefined && Number(declared) > maxBodySize) return tooLarge()
    const body = yield* Effect.result(
      request.json.pipe(Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxBodySize)))
    )
    if (body._tag === "Failure") {
      const reason = body.failure.reason
      return "reason" in reason && reason.reason === "BodyTooLarge"
        ? tooLarge()
        : HttpServerResponse.text("invalid JSON", { status: 400 })
    }
    const report = yield* Effect.result(IletiMerkeziWebhook.decode(body.success))
    if (report._tag === "Failure")
      return HttpServerResponse.text(`invalid report: ${report.failure.message}`, { status: 400 })
    const key = report.success.key
    if (seen.has(key)) {
      duplicates++
    } else {
      seen.add(key)
      if (seen.size > capacity) seen.delete(seen.values().next().value!)
      yield* Queue.offer(queue, report.success)
    }
    return HttpServerResponse.text("OK")
  })

  return {
    reports: Stream.fromQueue(queue),
    route: HttpRouter.add("POST", options.path ?? "/webhooks/iletimerkezi", handler),
    duplicates: Effect.sync(() => duplicates)
  } satisfies Receiver
})
