/**
 * The one interpreter of iletiMerkezi endpoints: builds the envelope, authenticates, sends through `HttpClient`,
 * reads the verdict from `response.status.code` and decodes the payload. It works for any wire format.
 *
 * The HTTP status is never trusted alone: the body's code decides. Only when the body cannot be read does a 5xx or
 * 429 HTTP status speak for itself (a proxy, a crashed server).
 */
import { Clock, Duration, Effect, Option, Redacted, Result, Schema } from "effect"
import { Headers, type HttpClient, HttpClientRequest } from "effect/http"
import type * as Endpoint from "../../Endpoint.ts"
import * as Transport from "../../internal/transport.ts"
import * as SmsError from "../../SmsError.ts"
import type { Credentials } from "../Credentials.ts"
import * as Errors from "../Errors.ts"
import { StatusEnvelope } from "../Schema.ts"
import type { WireFormat } from "../Wire.ts"

export interface Config {
  readonly client: HttpClient.HttpClient
  readonly baseUrl: string
  readonly credentials: Credentials
  readonly wire: WireFormat
  readonly json: WireFormat
  readonly timeout: Duration.Duration
}

export type Execute = <E extends Endpoint.Any>(
  endpoint: E,
  request: Endpoint.Request<E>
) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>

const decodeStatus = Schema.decodeUnknownResult(StatusEnvelope)

const retryAfterMillis = (headers: Headers.Headers, now: number): number | undefined =>
  Option.match(Headers.get(headers, "retry-after"), {
    onNone: () => undefined,
    onSome: (raw) =>
      Result.match(Headers.parseRetryAfter(raw), {
        onFailure: () => undefined,
        onSuccess: (ra) => Duration.toMillis(Headers.retryAfterDelay(ra, now))
      })
  })

const excerpt = (body: Uint8Array): string => {
  const text = new TextDecoder().decode(body.subarray(0, 200))
  return text.length < body.length ? `${text}…` : text
}

export const make = (config: Config): Execute => {
  const base = config.baseUrl.replace(/\/+$/, "")
  // One decoder per success schema, made on first use.
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
    const wire = endpoint.formats.includes(config.wire.format) ? config.wire : config.json
    const method = endpoint.method
    const transportError = (kind: SmsError.TransportKind, message: string, cause?: unknown) =>
      new SmsError.TransportError({
        provider: "iletimerkezi",
        kind,
        method,
        message,
        ...(cause === undefined ? {} : { cause })
      })

    const attempt = Effect.gen(function* () {
      const envelope = {
        request: {
          authentication: {
            key: Redacted.value(config.credentials.apiKey),
            hash: Redacted.value(config.credentials.apiHash)
          },
          ...endpoint.toWire(request)
        }
      }
      const httpRequest = HttpClientRequest.post(base + wire.path(method)).pipe(
        HttpClientRequest.bodyText(wire.encode(envelope), wire.contentType),
        HttpClientRequest.setHeader("accept", wire.format === "json" ? "application/json" : "application/xml")
      )
      const response = yield* config.client.execute(httpRequest).pipe(
        Effect.mapError((e) => {
          const cause = e.reason._tag === "TransportError" ? e.reason.cause : e
          return transportError(Transport.classify(cause), Transport.describe(cause))
        })
      )
      const body = yield* response.arrayBuffer.pipe(
        Effect.map((b) => new Uint8Array(b)),
        Effect.mapError((e) => {
          const cause = "cause" in e.reason ? e.reason.cause : e
          const kind = Transport.classify(cause)
          return transportError(
            kind === "other" ? "body" : kind,
            `reading the response body: ${Transport.describe(cause)}`
          )
        })
      )
      const retryAfter = retryAfterMillis(response.headers, yield* Clock.currentTimeMillis)
      const httpStatus = response.status
      const statusError = (code: number, message: string) =>
        Errors.fromStatus(code, message, { allowed: endpoint.errors, httpStatus, retryAfterMillis: retryAfter })

      const tree = yield* wire.parse(body).pipe(Effect.result)
      if (Result.isFailure(tree)) {
        // Unreadable body: a 5xx or 429 from something in front of the API speaks for itself.
        if (httpStatus >= 500 || httpStatus === 429) {
          return yield* statusError(httpStatus, `HTTP ${httpStatus}: ${excerpt(body)}`)
        }
        return yield* new SmsError.DecodeError({
          provider: "iletimerkezi",
          method,
          message: `${tree.failure} (HTTP ${httpStatus}, ${body.length} bytes: ${excerpt(body)})`,
          httpStatus
        })
      }
      const status = decodeStatus(tree.success)
      if (Result.isFailure(status)) {
        if (httpStatus >= 500 || httpStatus === 429) {
          return yield* statusError(httpStatus, `HTTP ${httpStatus}: ${excerpt(body)}`)
        }
        return yield* new SmsError.DecodeError({
          provider: "iletimerkezi",
          method,
          message: `no response.status in the body: ${status.failure.message}`,
          httpStatus
        })
      }
      const { code, message } = status.success.response.status
      if (code !== 200) return yield* statusError(code, message)
      const payload = decoderFor(endpoint.success)((tree.success as { response: unknown }).response)
      if (Result.isFailure(payload)) {
        return yield* new SmsError.DecodeError({
          provider: "iletimerkezi",
          method,
          message: `unexpected ${method} response: ${payload.failure.message}`,
          httpStatus
        })
      }
      return endpoint.toResult(payload.success)
    })

    return attempt.pipe(
      Effect.timeoutOrElse({
        duration: config.timeout,
        orElse: () =>
          Effect.fail(transportError("timeout", `no complete response within ${Duration.format(config.timeout)}`))
      }),
      Effect.withSpan(`iletimerkezi ${method}`, {
        attributes: { "sms.provider": "iletimerkezi", "sms.method": method, "sms.format": wire.format }
      })
    )
  }) as Execute
}
