/**
 * Receiving Infobip delivery-report webhooks in an Effect HTTP server (`docs/providers/infobip.md` §10).
 *
 * Infobip POSTs `{ results: [...] }` (v1 or v3 report shape, up to 100 reports by default) and retries when the answer
 * is not 2xx. It does not sign these requests, so the route must be protected by something only Infobip knows:
 * either a secret token in the path (`/webhooks/infobip/<token>`, put into `notifyUrl`) or Basic credentials
 * (`https://user:pass@host/...` in `notifyUrl`). Anything else is refused with 401 before the body is read. Repeats of
 * the same `(messageId, status)` are dropped, so Infobip's retries are harmless; `callbackData` comes through for
 * correlation.
 *
 * @since 0.1.0
 */
import { timingSafeEqual } from "node:crypto"
import { Report, Schema as Wire } from "@effect-sms/core/infobip"
import { Effect, type Layer, Queue, Redacted, Schema, Stream } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

/**
 * How the route recognises Infobip.
 *
 * @since 0.1.0
 */
export type Auth =
  | { readonly _tag: "PathToken"; readonly token: Redacted.Redacted<string> }
  | { readonly _tag: "Basic"; readonly username: string; readonly password: Redacted.Redacted<string> }

/**
 * Receiver options.
 *
 * @since 0.1.0
 */
export interface Options {
  readonly auth: Auth
  /** Default `/webhooks/infobip`; with a path token the route is `<path>/<token>`. */
  readonly path?: `/${string}` | undefined
  /** How many recent `(messageId, status)` keys are remembered for de-duplication. Default 100,000. */
  readonly dedupeWindow?: number | undefined
  /** The most reports one request may carry. Default 1000 (Infobip sends up to 100 unless configured otherwise). */
  readonly maxBatch?: number | undefined
}

/**
 * A webhook receiver: its reports as a Stream, and the route that feeds it.
 *
 * @since 0.1.0
 */
export interface Receiver {
  /** Reports in arrival order, without duplicates. Meant for one consumer. */
  readonly reports: Stream.Stream<Report.DeliveryReport>
  /** Adds the route to an `HttpRouter`. */
  readonly route: Layer.Layer<never, never, HttpRouter.HttpRouter>
  /** How many reports were dropped as repeats. */
  readonly duplicates: Effect.Effect<number>
  /** How many requests were refused with 401. */
  readonly refused: Effect.Effect<number>
}

// Compares secrets in time independent of where they differ.
const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a, "utf8")
  const y = Buffer.from(b, "utf8")
  return x.length === y.length && timingSafeEqual(x, y)
}

const decodeBody = Schema.decodeUnknownEffect(Wire.ReportsResponse)

/**
 * Makes a receiver.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (options: Options) {
  const queue = yield* Queue.unbounded<Report.DeliveryReport>()
  const capacity = options.dedupeWindow ?? 100_000
  const maxBatch = options.maxBatch ?? 1000
  const seen = new Set<string>()
  let duplicates = 0
  let refused = 0
  const base = options.path ?? "/webhooks/infobip"
  const auth = options.auth

  const authorized = (
    request: HttpServerRequest.HttpServerRequest,
    params: Readonly<Record<string, string | undefined>>
  ) => {
    if (auth._tag === "PathToken") return same(params.token ?? "", Redacted.value(auth.token))
    const header = request.headers.authorization ?? ""
    if (!header.startsWith("Basic ")) return false
    const expected = Buffer.from(`${auth.username}:${Redacted.value(auth.password)}`, "utf8").toString("base64")
    return same(header.slice(6).trim(), expected)
  }

  const handler = Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const params = yield* HttpRouter.params
    if (!authorized(request, params)) {
      refused++
      return HttpServerResponse.text("unauthorized", {
        status: 401,
        ...(auth._tag === "Basic" ? { headers: { "www-authenticate": 'Basic realm="infobip-webhook"' } } : {})
      })
    }
    const json = yield* Effect.result(request.json)
    if (json._tag === "Failure") return HttpServerResponse.text("invalid JSON", { status: 400 })
    const body = yield* Effect.result(decodeBody(json.success))
    if (body._tag === "Failure") {
      return HttpServerResponse.text(`invalid report batch: ${body.failure.message}`, { status: 400 })
    }
    if (body.success.results.length > maxBatch) {
      return HttpServerResponse.text(`more than ${maxBatch} reports in one request`, { status: 413 })
    }
    for (const wire of body.success.results) {
      const report = Report.DeliveryReport.fromWire(wire)
      if (seen.has(report.key)) {
        duplicates++
        continue
      }
      seen.add(report.key)
      if (seen.size > capacity) seen.delete(seen.values().next().value!)
      yield* Queue.offer(queue, report)
    }
    return HttpServerResponse.text("OK")
  })

  const path = auth._tag === "PathToken" ? `${base}/:token` : base
  return {
    reports: Stream.fromQueue(queue),
    route: HttpRouter.add("POST", path as `/${string}`, handler),
    duplicates: Effect.sync(() => duplicates),
    refused: Effect.sync(() => refused)
  } satisfies Receiver
})
