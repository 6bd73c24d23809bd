/**
 * The one interpreter of Infobip endpoints: builds the URL (path and query string), the JSON or form body, sets the
 * `Authorization` header it is given, sends through the shared transport (timeout, body cap, Retry-After, clock
 * offset), maps a non-2xx answer through the error table and decodes a 2xx one. `Deprecation`/`Sunset` headers are
 * logged once per endpoint. Every text that reaches an error is scrubbed of every credential the client holds.
 */
import { type Duration, Effect, Option, Redacted, Result, Schema } from "effect"
import { Headers, type HttpClient, HttpClientRequest } from "effect/http"
import * as Endpoint from "../../Endpoint.ts"
import * as Http from "../../Http.ts"
import * as Redaction from "../../Redaction.ts"
import * as SmsError from "../../SmsError.ts"
import { queryFields } from "../Endpoints.ts"
import * as Errors from "../Errors.ts"

export interface Config {
  readonly client: HttpClient.HttpClient
  readonly baseUrl: string
  readonly timeout: Duration.Duration
  readonly maxResponseBytes?: number | undefined
  readonly clockOffset?: Http.ClockOffset | undefined
  /** Every credential the client holds right now (keys, passwords, session and OAuth2 tokens). */
  readonly secrets: () => ReadonlyArray<Redacted.Redacted<string> | string | undefined>
}

export type Execute = <E extends Endpoint.Any>(
  endpoint: E,
  request: Endpoint.Request<E>,
  authorization: Redacted.Redacted<string> | undefined
) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>

const text = (v: unknown): string => (typeof v === "string" ? v : String(v))

export const make = (config: Config): Execute => {
  const base = config.baseUrl.replace(/\/+$/, "")
  const warned = new Set<string>()
  // Rebuilt per call: the secrets change when a session or token is renewed, and building one costs microseconds.
  const scrub = (): Redaction.Scrubber => Redaction.make(config.secrets())
  const encoders = new WeakMap<object, (u: unknown) => unknown>()
  const decoders = new WeakMap<object, (u: unknown) => Result.Result<unknown, Schema.SchemaError>>()
  const encode = (endpoint: Endpoint.Any, request: unknown): Record<string, unknown> => {
    if (endpoint.toWire !== undefined) return { ...endpoint.toWire(request) }
    let f = encoders.get(endpoint.request)
    if (f === undefined) {
      f = Schema.encodeUnknownSync(endpoint.request as Schema.Codec<unknown, unknown>)
      encoders.set(endpoint.request, f)
    }
    return { ...(f(request) as Record<string, unknown>) }
  }
  const decoderFor = (schema: Schema.Codec<unknown, unknown>) => {
    let f = decoders.get(schema)
    if (f === undefined) {
      f = Schema.decodeUnknownResult(schema)
      decoders.set(schema, f)
    }
    return f
  }

  return (<E extends Endpoint.Any>(
    endpoint: E,
    request: Endpoint.Request<E>,
    authorization: Redacted.Redacted<string> | undefined
  ) => {
    const method = Endpoint.label(endpoint)
    const attempt = Effect.gen(function* () {
      const scrubNow = scrub()
      const wire = encode(endpoint, request)
      const query = new URLSearchParams()
      const inQuery = endpoint.encoding._tag === "query" ? Object.keys(wire) : (queryFields[endpoint.path] ?? [])
      for (const k of inQuery) {
        const v = wire[k]
        delete wire[k]
        if (v !== undefined) query.set(k, text(v))
      }
      const qs = query.toString()
      let req = HttpClientRequest.make(endpoint.method)(base + endpoint.path + (qs === "" ? "" : `?${qs}`)).pipe(
        HttpClientRequest.setHeader("accept", "application/json")
      )
      if (authorization !== undefined) {
        req = HttpClientRequest.setHeader(req, "authorization", Redacted.value(authorization))
      }
      if (endpoint.encoding._tag === "json") {
        req = HttpClientRequest.bodyText(req, JSON.stringify(wire), "application/json")
      } else if (endpoint.encoding._tag === "form") {
        const form = new URLSearchParams()
        for (const [k, v] of Object.entries(wire)) if (v !== undefined) form.set(k, text(v))
        req = HttpClientRequest.bodyText(req, form.toString(), "application/x-www-form-urlencoded")
      }
      const response = yield* Http.execute(config.client, req, {
        provider: "infobip",
        method,
        timeout: config.timeout,
        maxResponseBytes: config.maxResponseBytes,
        scrub: scrubNow,
        clockOffset: config.clockOffset
      })
      const deprecation = Option.getOrUndefined(Headers.get(response.headers, "deprecation"))
      const sunset = Option.getOrUndefined(Headers.get(response.headers, "sunset"))
      if ((deprecation !== undefined || sunset !== undefined) && !warned.has(endpoint.path)) {
        warned.add(endpoint.path)
        yield* Effect.logWarning(
          `Infobip ${endpoint.method} ${endpoint.path} is deprecated` +
            (deprecation === undefined ? "" : ` (Deprecation: ${deprecation})`) +
            (sunset === undefined ? "" : `; it stops working at ${sunset} (Sunset)`)
        ).pipe(Effect.annotateLogs({ "sms.provider": "infobip", "sms.method": method }))
      }
      const bodyText = new TextDecoder().decode(response.body)
      let json: unknown
      let parsed = true
      if (bodyText.trim() === "") json = undefined
      else {
        try {
          json = JSON.parse(bodyText)
        } catch {
          parsed = false
        }
      }
      if (response.status < 200 || response.status >= 300) {
        return yield* Effect.fail(
          Errors.fromResponse({
            httpStatus: response.status,
            body: parsed ? json : undefined,
            allowed: endpoint.errors,
            retryAfter: response.retryAfter,
            scrub: scrubNow
          })
        )
      }
      const decodeError = (message: string) =>
        new SmsError.DecodeError({
          provider: "infobip",
          method,
          message: scrubNow(message),
          httpStatus: response.status
        })
      if (!parsed) {
        return yield* decodeError(
          `the body is not JSON (HTTP ${response.status}, ${response.body.length} bytes: ${Redaction.excerpt(response.body, scrubNow)})`
        )
      }
      const payload = decoderFor(endpoint.success)(json)
      if (Result.isFailure(payload)) {
        return yield* decodeError(`unexpected ${method} response: ${payload.failure.message}`)
      }
      return Endpoint.result(endpoint, payload.success)
    })
    return attempt.pipe(
      Effect.withSpan(`infobip ${method}`, { attributes: { "sms.provider": "infobip", "sms.method": method } })
    ) as Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>
  }) as Execute
}
