/**
 * The one interpreter of TurkeySMS endpoints: puts `api_key` in the JSON body (or, for v3's GET send, the query
 * string), sends through `HttpClient`, reads the verdict from the body's `result_code` (or `result` alone when there is no code), and decodes the payload.
 *
 * The body decides, on both generations: v3 answers HTTP 200 with `result: false`, V4 also sets 400/401/403. Only when
 * the body is not JSON does a 5xx or 429 HTTP status speak for itself (a proxy's page, a crashed server); anything
 * else unreadable is a `DecodeError` that says what came back.
 */
import { Clock, Duration, Effect, Redacted, Result, Schema } from "effect"
import { type HttpClient, HttpClientRequest } from "effect/http"
import * as Endpoint from "../../Endpoint.ts"
import * as Http from "../../Http.ts"
import * as Codecs from "../../internal/codecs.ts"
import * as Redaction from "../../Redaction.ts"
import * as SmsError from "../../SmsError.ts"
import * as StatusTable from "../../StatusTable.ts"
import * as Codes from "../Codes.ts"
import * as Errors from "../Errors.ts"
import { Verdict } from "../Schema.ts"

export interface Config {
  readonly client: HttpClient.HttpClient
  /** The host root: V4 paths go right under it, v3 paths start with `/api/v3`. */
  readonly baseUrl: string
  readonly apiKey: Redacted.Redacted<string>
  readonly timeout: Duration.Duration
  readonly maxResponseBytes?: number | undefined
  readonly clockOffset?: Http.ClockOffset | undefined
  /**
   * How long a TS-1060 makes the call wait, from the answer (its `total_has_sent_last_1_min`) and the request.
   * Default: the provider's whole minute ({@link RateLimitWait}).
   */
  readonly rateLimitWait?:
    | ((answer: Record<string, unknown>, request: unknown, now: number) => Duration.Duration)
    | undefined
}

export type Execute = <E extends Endpoint.Any>(
  endpoint: E,
  request: Endpoint.Request<E>
) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>

/** The longest TS-1060 makes the client wait: the provider's window is a minute and it documents no Retry-After. */
export const RateLimitWait = Duration.minutes(1)

const decodeVerdict = Schema.decodeUnknownResult(Verdict)

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

// Some answers carry their fields under `data` (seen in third-party code): lift them beside the verdict.
const flatten = (u: Record<string, unknown>): Record<string, unknown> => (isRecord(u.data) ? { ...u.data, ...u } : u)

export const make = (config: Config): Execute => {
  const base = config.baseUrl.replace(/\/+$/, "")
  const scrub = Redaction.make([config.apiKey])

  return (<E extends Endpoint.Any>(endpoint: E, request: Endpoint.Request<E>) => {
    const method = Endpoint.label(endpoint)
    const decodeError = (message: string, httpStatus: number) =>
      new SmsError.DecodeError({ provider: "turkeysms", method, message: scrub(message), httpStatus })

    const attempt = Effect.gen(function* () {
      const wire = Endpoint.payload(endpoint, request)
      const url = base + endpoint.path
      // v3's GET send puts every parameter, the key included, in the URL. The key goes in as a `Redacted` URL
      // parameter, which effect/http sends unwrapped but masks in span attributes; `Redaction` keeps it out of errors.
      const httpRequest =
        endpoint.encoding._tag === "query"
          ? HttpClientRequest.get(url).pipe(
              HttpClientRequest.setUrlParams([
                ["api_key", config.apiKey] as const,
                ...Object.entries(wire).map(([k, v]) => [k, String(v)] as const)
              ])
            )
          : HttpClientRequest.post(url).pipe(
              HttpClientRequest.bodyJsonUnsafe({ api_key: Redacted.value(config.apiKey), ...wire })
            )
      const response = yield* Http.execute(config.client, HttpClientRequest.acceptJson(httpRequest), {
        provider: "turkeysms",
        method,
        timeout: config.timeout,
        maxResponseBytes: config.maxResponseBytes,
        scrub,
        clockOffset: config.clockOffset
      })
      const { body, status: httpStatus } = response
      const statusError = (code: number | string, message: string, retryAfter?: Duration.Duration) =>
        StatusTable.toError(Errors.Statuses, {
          provider: "turkeysms",
          code,
          message: scrub(message),
          allowed: endpoint.errors,
          httpStatus,
          retryAfter: response.retryAfter ?? retryAfter
        })
      const unreadable = (why: string) =>
        httpStatus >= 500 || httpStatus === 429
          ? statusError(httpStatus, `HTTP ${httpStatus}: ${Redaction.excerpt(body, scrub)}`)
          : decodeError(why, httpStatus)

      const parsed = parseJson(body)
      if (!isRecord(parsed)) {
        return yield* Effect.fail(
          unreadable(
            `not a JSON object (HTTP ${httpStatus}, ${body.length} bytes: ${Redaction.excerpt(body, scrub) || "empty"})`
          )
        )
      }
      const flat = flatten(parsed)
      const verdict = decodeVerdict(flat)
      if (Result.isFailure(verdict)) {
        return yield* Effect.fail(
          unreadable(`no result in the answer (HTTP ${httpStatus}): ${verdict.failure.message}`)
        )
      }
      // The code decides; `result` only speaks for codes the table does not know, and for answers without a code
      // (v3's status answer is documented with `result` alone).
      const code = verdict.success.result_code?.trim().toUpperCase()
      const entry = code === undefined ? undefined : Codes.lookup(code)
      const message = verdict.success.result_message ?? entry?.message ?? ""
      const succeeded =
        entry === undefined ? verdict.success.result : entry.kind === "success" && verdict.success.result
      if (!succeeded) {
        const limited = entry?.code === "TS-1060"
        const wait = !limited
          ? undefined
          : config.rateLimitWait === undefined
            ? RateLimitWait
            : config.rateLimitWait(flat, request, yield* Clock.currentTimeMillis)
        return yield* Effect.fail(
          statusError(entry?.code ?? code ?? "no result_code", message || "result: false without a result_code", wait)
        )
      }
      const payload = Codecs.decoder(endpoint.success)(flat)
      if (Result.isFailure(payload)) {
        return yield* decodeError(`unexpected ${method} answer: ${payload.failure.message}`, httpStatus)
      }
      return Endpoint.result(endpoint, payload.success)
    })

    return attempt.pipe(
      Effect.withSpan(`turkeysms ${method}`, {
        attributes: { "sms.provider": "turkeysms", "sms.method": method }
      })
    ) as Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>
  }) as Execute
}

const parseJson = (body: Uint8Array): unknown => {
  const text = new TextDecoder().decode(body).replace(/^\uFEFF/, "")
  if (text.trim() === "") return undefined
  return Result.getOrUndefined(Result.try(() => JSON.parse(text) as unknown))
}
