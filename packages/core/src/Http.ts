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
import * as Fiber from "effect/Fiber"
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
      const at = parseDate(raw)
      return Number.isFinite(at) ? at - now : undefined
    }
  })

// `Date` changes once a second, and `Date.parse` of it was a visible cost per response: the last one is kept.
let lastDate: string | undefined
let lastDateMillis = Number.NaN
const parseDate = (raw: string): number => {
  if (raw !== lastDate) {
    lastDateMillis = Date.parse(raw)
    lastDate = raw
  }
  return lastDateMillis
}

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
  const bodyError = (e: { readonly reason: { readonly cause?: unknown } }) => {
    const cause = "cause" in e.reason ? e.reason.cause : e
    const kind = Transport.classify(cause)
    return transportError(kind === "other" ? "body" : kind, `reading the response body: ${Transport.describe(cause)}`)
  }

  // Written as plain combinators rather than `Effect.gen`: this runs once per request, and a generator costs more
  // than the few steps it would spell out.
  const exchange = Effect.flatMap(
    // The HTTP client's own span keeps the request and the response in its exit, where a span processor or `inspect`
    // can read them: a body with the credentials as plain bytes, a URL with a key in its query (masked in the span's
    // attributes, not in the response it ends with). Provider calls are traced by the executors' spans, which carry
    // only scrubbed text; the HTTP layer is not traced.
    Effect.mapError(Effect.provideService(client.execute(request), HttpClient.TracerDisabledWhen, constTrue), (e) => {
      const cause = e.reason._tag === "TransportError" ? e.reason.cause : e
      return transportError(Transport.classify(cause), Transport.describe(cause))
    }),
    (response) => {
      const declared = Option.getOrUndefined(Headers.get(response.headers, "content-length"))
      if (declared !== undefined && Number(declared) > limit) return Effect.fail(tooLarge(Number(declared), "declared"))
      const encoding = Option.getOrUndefined(Headers.get(response.headers, "content-encoding"))
      const body: Effect.Effect<Uint8Array, SmsError.TransportError | SmsError.ResponseTooLarge> =
        declared !== undefined &&
        /^[0-9]+$/.test(declared.trim()) &&
        (encoding === undefined || encoding.trim().toLowerCase() === "identity")
          ? // An uncompressed body with a declared length within the limit is bounded by it (HTTP/1.1 frames the body
            // by Content-Length; a client that decompresses would leave Content-Encoding set, and takes the counted
            // path). One read costs far less than a stream of chunks.
            Effect.flatMap(Effect.mapError(response.arrayBuffer, bodyError), (buffer) =>
              buffer.byteLength > limit
                ? Effect.fail(tooLarge(buffer.byteLength, "read"))
                : Effect.succeed(new Uint8Array(buffer))
            )
          : Effect.suspend(() => {
              // No length: counted while reading, and cut off at the limit.
              const chunks: Array<Uint8Array> = []
              let size = 0
              return Effect.map(
                response.stream.pipe(
                  Stream.mapError(bodyError),
                  Stream.runForEach((chunk) => {
                    size += chunk.length
                    if (size > limit) return Effect.fail(tooLarge(size, "read"))
                    chunks.push(chunk)
                    return Effect.void
                  })
                ),
                () => (chunks.length === 1 ? chunks[0]! : concat(chunks, size))
              )
            })
      return Effect.flatMap(body, (bytes) =>
        Effect.clockWith((clock) => {
          const now = clock.currentTimeMillisUnsafe()
          const offset = clockOffsetMillis(response.headers, now)
          if (offset !== undefined) options.clockOffset?.record(offset)
          return Effect.succeed({
            status: response.status,
            headers: response.headers,
            body: bytes,
            retryAfter: retryAfter(response.headers, now),
            clockOffsetMillis: offset
          } satisfies Response)
        })
      )
    }
  )

  return withTimeout(exchange, options.timeout, () =>
    transportError("timeout", `no complete response within ${Duration.format(options.timeout)}`)
  )
}

// The clock effect runs on unless a test or the application provides another (TestClock): then timeouts must go
// through that clock.
const liveClock = Effect.runSync(Effect.clockWith(Effect.succeed))

/**
 * `effect` within `duration`, else interrupted and failed with `onTimeout()`: what `Effect.timeoutOrElse` does.
 *
 * `timeoutOrElse` races the effect against a sleeping fiber, two fibers per request. On the live clock a plain timer
 * does the sleeper's work at a fraction of the cost: the effect runs in one child fiber, the timer interrupts it, and
 * the timeout is reported once the child has ended (its finalizers, such as the HTTP client's abort, have run), as
 * the race does. Under any other clock (TestClock) the race itself runs, so that test time drives the timeout.
 */
const withTimeout = <A, E, E2>(
  effect: Effect.Effect<A, E>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2> => {
  const millis = Duration.toMillis(duration)
  const generic = Effect.timeoutOrElse(effect, { duration, orElse: () => Effect.fail(onTimeout()) })
  if (!(millis > 0 && millis <= MaxTimerMillis)) return generic
  return Effect.withFiber((parent) => {
    if (parent.getRef(Clock.Clock) !== liveClock) return generic
    return Effect.flatMap(Effect.forkChild(effect, { startImmediately: true }), (child) =>
      Effect.callback<A, E | E2>((resume) => {
        let timedOut = false
        const timer = setTimeout(() => {
          timedOut = true
          child.interruptUnsafe(parent.id)
        }, millis)
        child.addObserver((exit) => {
          clearTimeout(timer)
          resume(timedOut ? Effect.fail(onTimeout()) : exit)
        })
        // The caller was interrupted: so is the exchange, before the caller goes on.
        return Effect.suspend(() => {
          clearTimeout(timer)
          return Fiber.interrupt(child)
        })
      })
    )
  })
}

// Node's timers take at most 2^31 - 1 ms; a longer timeout goes through the clock, which chains timers.
const MaxTimerMillis = 2 ** 31 - 1

const concat = (chunks: ReadonlyArray<Uint8Array>, size: number): Uint8Array => {
  const out = new Uint8Array(size)
  let at = 0
  for (const c of chunks) {
    out.set(c, at)
    at += c.length
  }
  return out
}
