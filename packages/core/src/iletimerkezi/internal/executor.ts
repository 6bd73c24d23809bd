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

/**
 * `response.status` of a parsed body. The common form (an integer code and a string message, as JSON carries them)
 * is read directly; any other form goes through `StatusEnvelope`, which accepts the lenient forms (a code as digits,
 * as XML carries it) and words the failure.
 */
const statusOf = (tree: unknown): Result.Result<{ readonly code: number; readonly message: string }, string> => {
  const status = (tree as { readonly response?: { readonly status?: { code?: unknown; message?: unknown } } } | null)
    ?.response?.status
  if (
    typeof status === "object" &&
    status !== null &&
    Number.isSafeInteger(status.code) &&
    typeof status.message === "string"
  ) {
    return Result.succeed(status as { readonly code: number; readonly message: string })
  }
  const decoded = decodeStatus(tree)
  return Result.isFailure(decoded)
    ? Result.fail(`no response.status in the body: ${decoded.failure.message}`)
    : Result.succeed(decoded.success.response.status)
}

/** What an endpoint's calls share, made on its first call. */
interface Route {
  readonly method: string
  readonly wire: WireFormat
  /** The request without its body: the URL and `accept`. */
  readonly request: HttpClientRequest.HttpClientRequest
  readonly http: Http.Options
  readonly decode: (u: unknown) => Result.Result<unknown, Schema.SchemaError>
  readonly traced: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E, R>
}

export const make = (config: Config): Execute => {
  const base = config.baseUrl.replace(/\/+$/, "")
  const scrub = Redaction.make([config.credentials.apiKey, config.credentials.apiHash, config.apiSecret])
  const authentication = {
    key: Redacted.value(config.credentials.apiKey),
    hash: Redacted.value(config.credentials.apiHash)
  }

  // Everything about an endpoint that does not depend on the request, made once per endpoint (a call costs a few
  // tens of microseconds; rebuilding the URL, the span's options and the decoder each time was a good part of it).
  // Weak: `execute` is public, and an endpoint made per call must not be kept for the life of the client.
  const routes = new WeakMap<Endpoint.Any, Route>()
  const routeOf = (endpoint: Endpoint.Any): Route => {
    let route = routes.get(endpoint)
    if (route === undefined) {
      const wire = Endpoint.supports(endpoint, config.wire.format) ? config.wire : config.json
      const method = Endpoint.label(endpoint)
      route = {
        method,
        wire,
        request: HttpClientRequest.post(base + wire.path(method)).pipe(
          HttpClientRequest.setHeader("accept", wire.format === "json" ? "application/json" : "application/xml")
        ),
        http: {
          provider: "iletimerkezi",
          method,
          timeout: config.timeout,
          maxResponseBytes: config.maxResponseBytes,
          scrub,
          clockOffset: config.clockOffset
        },
        decode: Codecs.decoder(endpoint.success),
        traced: Effect.withSpan(
          `iletimerkezi ${method}`,
          { attributes: { "sms.provider": "iletimerkezi", "sms.method": method, "sms.format": wire.format } },
          // The client method's span (`IletiMerkeziClient.*`) carries the caller's stack frame; this one's would only
          // point inside the client, and capturing it cost a stack trace (`new Error`) per call.
          { captureStackTrace: false }
        )
      }
      routes.set(endpoint, route)
    }
    return route
  }

  return (<E extends Endpoint.Any>(endpoint: E, request: Endpoint.Request<E>) => {
    const route = routeOf(endpoint)
    const { method, wire } = route
    const decodeError = (message: string, httpStatus: number) =>
      new SmsError.DecodeError({ provider: "iletimerkezi", method, message: scrub(message), httpStatus })

    const attempt = Effect.suspend(() => {
      const envelope = { request: { authentication, ...Endpoint.payload(endpoint, request) } }
      const httpRequest = HttpClientRequest.bodyText(route.request, wire.encode(envelope), wire.contentType)
      return Effect.flatMap(Http.execute(config.client, httpRequest, route.http), (response) => {
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

        return Effect.matchEffect(wire.parse(body), {
          onFailure: (why) =>
            Effect.fail(
              unreadable(`${why} (HTTP ${httpStatus}, ${body.length} bytes: ${Redaction.excerpt(body, scrub)})`)
            ),
          onSuccess: (tree) => {
            const status = statusOf(tree)
            if (Result.isFailure(status)) return Effect.fail(unreadable(status.failure))
            const { code, message } = status.success
            if (code !== 200) return Effect.fail(statusError(code, message))
            const payload = route.decode((tree as { response: unknown }).response)
            if (Result.isFailure(payload)) {
              return Effect.fail(decodeError(`unexpected ${method} response: ${payload.failure.message}`, httpStatus))
            }
            return Effect.succeed(Endpoint.result(endpoint, payload.success))
          }
        })
      })
    })

    return route.traced(attempt) as Effect.Effect<Endpoint.Success<E>, Endpoint.Error<E>>
  }) as Execute
}
