/**
 * Receiving Infobip delivery-report webhooks in an Effect HTTP server (`docs/providers/infobip.md` §10).
 *
 * Infobip POSTs `{ results: [...] }` (v1 or v3 report shape, up to 100 reports by default) and retries when the answer
 * is not 2xx. It does not sign these requests, so the route must be protected by something only Infobip knows:
 * either a secret token in the path (`/webhooks/infobip/<token>`, put into `notifyUrl`) or Basic credentials
 * (`https://user:pass@host/...` in `notifyUrl`). Anything else, a POST to the bare path without a token included, is
 * refused with 401 before the body is read. A path token is part of the URL, so it reaches whatever logs URLs (access
 * logs of proxies and load balancers, tracing): keep it out of them, or prefer Basic credentials. A body
 * that is not JSON (`Content-Type`) is refused with 415, one over `maxBodyBytes` (declared or counted while reading)
 * with 413, before it is parsed. Repeats of
 * the same `(messageId, status)` are dropped, so Infobip's retries are harmless; `callbackData` comes through for
 * correlation.
 *
 * @since 0.1.0
 */
import { timingSafeEqual } from "node:crypto"
import { Report, Schema as Wire } from "@effect-sms/core/infobip"
import { ByteSize, Effect, type Layer, Queue, Redacted, Schema, Stream } from "effect"
import { HttpIncomingMessage, HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"

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
  /**
   * The largest body accepted, in bytes. Default 256 KiB (a report is under 1 KiB; Infobip sends up to 100 a request
   * unless configured otherwise).
   */
  readonly maxBodyBytes?: number | undefined
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

// `application/json` or a `+json` type, with or without parameters (`; charset=UTF-8`).
const isJson = (contentType: string | undefined): boolean => {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase()
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"))
}

// Whether reading failed because the body passed the cap (Node reports it as `maxBytes exceeded`, somewhere down the
// chain of causes).
const overCap = (error: unknown): boolean => {
  let e: unknown = error
  for (let depth = 0; depth < 6 && typeof e === "object" && e !== null; depth++) {
    if ("maxBytes" in e || String((e as { message?: unknown }).message ?? "").includes("maxBytes")) return true
    e = (e as { cause?: unknown }).cause
  }
  return false
}

/**
 * Makes a receiver.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (options: Options) {
  const queue = yield* Queue.unbounded<Report.DeliveryReport>()
  const capacity = options.dedupeWindow ?? 100_000
  const maxBatch = options.maxBatch ?? 1000
  const maxBody = options.maxBodyBytes ?? 256 * 1024
  const tooLarge = () => HttpServerResponse.text(`the body is larger than ${maxBody} bytes`, { status: 413 })
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
    if (!isJson(request.headers["content-type"])) {
      return HttpServerResponse.text("expected Content-Type: application/json", { status: 415 })
    }
    const declared = Number(request.headers["content-length"] ?? Number.NaN)
    if (declared > maxBody) return tooLarge()
    const text = yield* request.text.pipe(
      Effect.provideService(HttpIncomingMessage.MaxBodySize, ByteSize.bytes(maxBody)),
      Effect.result
    )
    if (text._tag === "Failure") {
      return overCap(text.failure) ? tooLarge() : HttpServerResponse.text("unreadable body", { status: 400 })
    }
    let json: unknown
    try {
      json = JSON.parse(text.success)
    } catch {
      return HttpServerResponse.text("invalid JSON", { status: 400 })
    }
    const body = yield* Effect.result(decodeBody(json))
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

  // With a path token the bare path is served too, so that a POST without a token is refused (401) like a wrong one
  // rather than looking like a missing route (404).
  const route =
    auth._tag === "PathToken"
      ? HttpRouter.addAll([
          HttpRouter.route("POST", `${base}/:token` as `/${string}`, handler),
          HttpRouter.route("POST", base, handler)
        ])
      : HttpRouter.add("POST", base, handler)
  return {
    reports: Stream.fromQueue(queue),
    route,
    duplicates: Effect.sync(() => duplicates),
    refused: Effect.sync(() => refused)
  } satisfies Receiver
})
