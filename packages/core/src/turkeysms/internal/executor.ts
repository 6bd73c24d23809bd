/**
 * The one interpreter of TurkeySMS endpoints: puts `api_key` in the JSON body (or, for v3's GET send, the query
 * string), sends through `HttpClient`, reads the verdict from the body's `result_code`, and decodes the payload.
 *
 * The body decides, on both generations: v3 answers HTTP 200 with `result: false`, V4 also sets 400/401/403. Only when
 * the body is not JSON does a 5xx or 429 HTTP status speak for itself (a proxy's page, a crashed server); anything
 * else unreadable is a `DecodeError` that says what came back.
 */
import { Duration, Effect, Redacted, Result, Schema } from "effect"
import { type HttpClient, HttpClientRequest } from "effect/http"
import * as Endpoint from "../../Endpoint.ts"
import * as Http from "../../Http.ts"
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
}

export type Execute = <E extends Endpoint.Any>(
  endpoint: E,
  request: Endpoint.Request<E>
) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>

/** How long TS-1060 makes the client wait: the provider's window is a minute and it says nothing more precise. */
export const RateLimitWait = Duration.minutes(1)

const decodeVerdict = Schema.decodeUnknownResult(Verdict)

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

// Some answers carry their fields under `data` (seen in third-party code): lift them beside the verdict.
const flatten = (u: Record<string, unknown>): Record<string, unknown> => (isRecord(u.data) ? { ...u.data, ...u } : u)

export const make = (config: Config): Execute => {
  const base = config.baseUrl.replace(/\/+$/, "")
  const scrub = Redaction.make([config.apiKey])
  const decoders = new WeakMap<object, (u: unknown) => Result.Result<unknown, Schema.SchemaError>>()
  const decoderFor = (schema: Schema.Codec<unknown, unknown>) => {
    let decode = decoders.get(schema)
    if (decode === undefined) {
      decode = Schema.decodeUnknownResult(schema)
      decoders.set(schema, decode)
    }
    return decode
  }

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
      const statusError = (code: number | string, message: string) =>
        StatusTable.toError(Errors.Statuses, {
          provider: "turkeysms",
          code,
          message: scrub(message),
          allowed: endpoint.errors,
          httpStatus,
          retryAfter: response.retryAfter ?? (code === "TS-1060" ? RateLimitWait : undefined)
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
          unreadable(`no result/result_code in the answer (HTTP ${httpStatus}): ${verdict.failure.message}`)
        )
      }
      const code = verdict.success.result_code.trim().toUpperCase()
      const entry = Codes.lookup(code)
      const message = verdict.success.result_message ?? entry?.message ?? ""
      // The code decides; `result` only speaks for codes the table does not know.
      const succeeded =
        entry === undefined ? verdict.success.result : entry.kind === "success" && verdict.success.result
      if (!succeeded) return yield* Effect.fail(statusError(entry === undefined ? code : entry.code, message))
      const payload = decoderFor(endpoint.success)(flat)
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
