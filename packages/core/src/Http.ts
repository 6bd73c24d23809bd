/**
 * The HTTP transport every provider executor uses: one request with a per-request timeout (body included), a cap on
 * the response body (checked on `Content-Length` and while reading), Retry-After parsed into a `Duration`, the offset
 * between the provider's clock and ours measured from the `Date` header, and every failure a typed error whose text
 * went through the executor's credential {@link Redaction.Scrubber}.
 *
 * Envelopes, authentication and status mapping stay in each provider's executor.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { constTrue } from "effect/Function"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import * as Transport from "./internal/transport.ts"
import * as Redaction from "./Redaction.ts"
import * as SmsError from "./SmsError.ts"

/**
 * The default response body cap: 16 MiB, far above the largest documented page (1,000 report lines).
 *
 * @since 0.1.0
 */
export const DefaultMaxResponseBytes = 16 * 1024 * 1024

/**
 * Options of {@link execute}.
 *
 * @since 0.1.0
 */
export interface Options {
  readonly provider: SmsError.Provider
  /** The endpoint's label, for errors and spans (`send-sms`, `sms/3/messages`). */
  readonly method: string
  /** The whole exchange, body included. */
  readonly timeout: Duration.Duration
  /** Default {@link DefaultMaxResponseBytes}. */
  readonly maxResponseBytes?: number | undefined
  /** Applied to every text that reaches an error. Default: none. */
  readonly scrub?: Redaction.Scrubber | undefined
  /** Told the measured clock offset of every response that had a `Date` header. */
  readonly clockOffset?: ClockOffset | undefined
}

/**
 * A response read to the end.
 *
 * @since 0.1.0
 */
export interface Response {
  readonly status: number
  readonly headers: Headers.Headers
  readonly body: Uint8Array
  /** The server's Retry-After, if it sent a valid one. */
  readonly retryAfter: Duration.Duration | undefined
  /** The provider's clock minus ours when the response arrived, in ms (from `Date`; ±1 s resolution). */
  readonly clockOffsetMillis: number | undefined
}

/**
 * Parses Retry-After (seconds or an HTTP date) into a delay from `now`.
 *
 * @since 0.1.0
 */
export const retryAfter = (headers: Headers.Headers, now: number): Duration.Duration | undefined =>
  Option.match(Headers.get(headers, "retry-after"), {
    onNone: () => undefined,
    onSome: (raw) =>
      Result.match(Headers.parseRetryAfter(raw), {
        onFailure: () => undefined,
        onSuccess: (ra) => Headers.retryAfterDelay(ra, now)
      })
  })

/**
 * The provider's clock minus ours, from a response's `Date` header, in milliseconds.
 *
 * @since 0.1.0
 */
export const clockOffsetMillis = (headers: Headers.Headers, now: number): number | undefined =>
  Option.match(Headers.get(headers, "date"), {
    onNone: () => undefined,
    onSome: (raw) => {
      const at = Date.parse(raw)
      return Number.isFinite(at) ? at - now : undefined
    }
  })

/**
 * The measured offset between a provider's clock and ours, kept by a client and read by send safety.
 *
 * **Details**
 *
 * `Date` has a resolution of one second and is written some time between the server receiving the request and the
 * response leaving, so each measure is within about a second (plus half the round trip) of the truth. The tracker
 * keeps the latest measure.
 *
 * @since 0.1.0
 */
export interface ClockOffset {
  readonly record: (millis: number) => void
  /** The latest measure, `undefined` before any response carried a `Date`. */
  readonly current: () => number | undefined
}

/**
 * A fresh tracker.
 *
 * @since 0.1.0
 */
export const makeClockOffset = (): ClockOffset => {
  let latest: number | undefined
  return {
    record: (millis) => {
      latest = millis
    },
    current: () => latest
  }
}

/**
 * Sends one request and reads its body within the cap and the timeout.
 *
 * @since 0.1.0
 */
export const execute = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  options: Options
): Effect.Effect<Response, SmsError.TransportError | SmsError.ResponseTooLarge> => {
  const scrub = options.scrub ?? Redaction.none
  const limit = options.maxResponseBytes ?? DefaultMaxResponseBytes
  const transportError = (kind: SmsError.TransportKind, message: string) =>
    new SmsError.TransportError({ provider: options.provider, kind, method: options.method, message: scrub(message) })
  const tooLarge = (received: number, how: string) =>
    new SmsError.ResponseTooLarge({
      provider: options.provider,
      method: options.method,
      limit,
      received,
      message: `${how} ${received} bytes, over the limit of ${limit}`
    })

  const exchange = Effect.gen(function* () {
    // The HTTP client's own span keeps the request and the response in its exit, where a span processor or `inspect`
    // can read them: a body with the credentials as plain bytes, a URL with a key in its query (masked in the span's
    // attributes, not in the response it ends with). Provider calls are traced by the executors' spans, which carry
    // only scrubbed text; the HTTP layer is not traced.
    const response = yield* client.execute(request).pipe(
      Effect.provideService(HttpClient.TracerDisabledWhen, constTrue),
      Effect.mapError((e) => {
        const cause = e.reason._tag === "TransportError" ? e.reason.cause : e
        return transportError(Transport.classify(cause), Transport.describe(cause))
      })
    )
    const declared = Option.getOrUndefined(Headers.get(response.headers, "content-length"))
    if (declared !== undefined && Number(declared) > limit) return yield* tooLarge(Number(declared), "declared")
    const bodyError = (e: { readonly reason: { readonly cause?: unknown } }) => {
      const cause = "cause" in e.reason ? e.reason.cause : e
      const kind = Transport.classify(cause)
      return transportError(kind === "other" ? "body" : kind, `reading the response body: ${Transport.describe(cause)}`)
    }
    const encoding = Option.getOrUndefined(Headers.get(response.headers, "content-encoding"))
    let body: Uint8Array
    if (
      declared !== undefined &&
      /^[0-9]+$/.test(declared.trim()) &&
      (encoding === undefined || encoding.trim().toLowerCase() === "identity")
    ) {
      // An uncompressed body with a declared length within the limit is bounded by it (HTTP/1.1 frames the body by
      // Content-Length; a client that decompresses would leave Content-Encoding set, and takes the counted path).
      // One read costs far less than a stream of chunks.
      body = new Uint8Array(yield* Effect.mapError(response.arrayBuffer, bodyError))
      if (body.length > limit) return yield* tooLarge(body.length, "read")
    } else {
      // No length: counted while reading, and cut off at the limit.
      const chunks: Array<Uint8Array> = []
      let size = 0
      yield* response.stream.pipe(
        Stream.mapError(bodyError),
        Stream.runForEach((chunk) => {
          size += chunk.length
          if (size > limit) return tooLarge(size, "read")
          chunks.push(chunk)
          return Effect.void
        })
      )
      body = chunks.length === 1 ? chunks[0]! : concat(chunks, size)
    }
    const now = yield* Clock.currentTimeMillis
    const offset = clockOffsetMillis(response.headers, now)
    if (offset !== undefined) options.clockOffset?.record(offset)
    return {
      status: response.status,
      headers: response.headers,
      body,
      retryAfter: retryAfter(response.headers, now),
      clockOffsetMillis: offset
    } satisfies Response
  })

  return exchange.pipe(
    Effect.timeoutOrElse({
      duration: options.timeout,
      orElse: () =>
        Effect.fail(transportError("timeout", `no complete response within ${Duration.format(options.timeout)}`))
    })
  )
}

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
