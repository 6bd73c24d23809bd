/**
 * The one interpreter of iletiMerkezi endpoints: builds the envelope, authenticates, sends through `HttpClient`,
 * reads the verdict from `response.status.code` and decodes the payload. It works for any wire format.
 *
 * The HTTP status is never trusted alone: the body's code decides. Only when the body cannot be read does a 5xx or
 * 429 HTTP status speak for itself (a proxy, a crashed server).
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Endpoint from "../../Endpoint.ts"
import * as Http from "../../Http.ts"
import * as Codecs from "../../internal/codecs.ts"
import * as Redaction from "../../Redaction.ts"
import * as SmsError from "../../SmsError.ts"
import * as StatusTable from "../../StatusTable.ts"
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
  readonly maxResponseBytes?: number | undefined
  readonly clockOffset?: Http.ClockOffset | undefined
  /** The secret the hash was derived from, when the user gave one: scrubbed too, though it never travels. */
  readonly apiSecret?: Redacted.Redacted<string> | undefined
}

export type Execute = <E extends Endpoint.Any>(
  endpoint: E,
  request: Endpoint.Request<E>
) => Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>

const decodeStatus = Schema.decodeUnknownResult(StatusEnvelope)

export const make = (config: Config): Execute => {
  const base = config.baseUrl.replace(/\/+$/, "")
  const scrub = Redaction.make([config.credentials.apiKey, config.credentials.apiHash, config.apiSecret])

  return (<E extends Endpoint.Any>(endpoint: E, request: Endpoint.Request<E>) => {
    const wire = Endpoint.supports(endpoint, config.wire.format) ? config.wire : config.json
    const method = Endpoint.label(endpoint)
    const decodeError = (message: string, httpStatus: number) =>
      new SmsError.DecodeError({ provider: "iletimerkezi", method, message: scrub(message), httpStatus })

    const attempt = Effect.gen(function* () {
      const envelope = {
        request: {
          authentication: {
            key: Redacted.value(config.credentials.apiKey),
            hash: Redacted.value(config.credentials.apiHash)
          },
          ...Endpoint.payload(endpoint, request)
        }
      }
      const httpRequest = HttpClientRequest.post(base + wire.path(method)).pipe(
        HttpClientRequest.bodyText(wire.encode(envelope), wire.contentType),
        HttpClientRequest.setHeader("accept", wire.format === "json" ? "application/json" : "application/xml")
      )
      const response = yield* Http.execute(config.client, httpRequest, {
        provider: "iletimerkezi",
        method,
        timeout: config.timeout,
        maxResponseBytes: config.maxResponseBytes,
        scrub,
        clockOffset: config.clockOffset
      })
      const { body, status: httpStatus } = response
      const statusError = (code: number, message: string) =>
        StatusTable.toError(Errors.Statuses, {
          provider: "iletimerkezi",
          code,
          message: scrub(message),
          allowed: endpoint.errors,
          httpStatus,
          retryAfter: response.retryAfter
        })
      const unreadable = (why: string) =>
        // Unreadable body: a 5xx or 429 from something in front of the API speaks for itself.
        httpStatus >= 500 || httpStatus === 429
          ? statusError(httpStatus, `HTTP ${httpStatus}: ${Redaction.excerpt(body, scrub)}`)
          : decodeError(why, httpStatus)

      const tree = yield* wire.parse(body).pipe(Effect.result)
      if (Result.isFailure(tree)) {
        return yield* Effect.fail(
          unreadable(`${tree.failure} (HTTP ${httpStatus}, ${body.length} bytes: ${Redaction.excerpt(body, scrub)})`)
        )
      }
      const status = decodeStatus(tree.success)
      if (Result.isFailure(status)) {
        return yield* Effect.fail(unreadable(`no response.status in the body: ${status.failure.message}`))
      }
      const { code, message } = status.success.response.status
      if (code !== 200) return yield* Effect.fail(statusError(code, message))
      const payload = Codecs.decoder(endpoint.success)((tree.success as { response: unknown }).response)
      if (Result.isFailure(payload)) {
        return yield* decodeError(`unexpected ${method} response: ${payload.failure.message}`, httpStatus)
      }
      return Endpoint.result(endpoint, payload.success)
    })

    return attempt.pipe(
      Effect.withSpan(
        `iletimerkezi ${method}`,
        { attributes: { "sms.provider": "iletimerkezi", "sms.method": method, "sms.format": wire.format } },
        // The client method's span (`IletiMerkeziClient.*`) carries the caller's stack frame; this one's would only
        // point inside the client, and capturing it cost a stack trace (`new Error`) per call.
        { captureStackTrace: false }
      )
    ) as Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>
  }) as Execute
}
