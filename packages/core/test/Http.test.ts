/**
 * The shared transport: the body cap on Content-Length and while reading, Retry-After, the clock offset from `Date`,
 * the timeout under TestClock, and credentials scrubbed from transport failures. In-memory HttpClient: mapping only.
 */
import { assert, describe, it } from "@effect/vitest"
import { Http, Redaction, SmsError } from "@effect-sms/core"
import { Deferred, Duration, Effect, Fiber, Stream } from "effect"
import { Headers, HttpClient, HttpClientError, HttpClientRequest, HttpClientResponse } from "effect/http"
import { TestClock } from "effect/testing"

const options = (more: Partial<Http.Options> = {}): Http.Options => ({
  provider: "turkeysms",
  method: "sms/send",
  timeout: Duration.seconds(5),
  ...more
})

const respond = (make: () => Response) =>
  HttpClient.make((request) => Effect.sync(() => HttpClientResponse.fromWeb(request, make())))

const request = HttpClientRequest.get("http://sms.test/x")

describe("Http.execute", () => {
  it.effect("a declared Content-Length over the cap fails before reading", () =>
    Effect.gen(function* () {
      const client = respond(() => new Response("x".repeat(100), { headers: { "content-length": "100" } }))
      const error = yield* Effect.flip(Http.execute(client, request, options({ maxResponseBytes: 50 })))
      assert.instanceOf(error, SmsError.ResponseTooLarge)
      assert.strictEqual((error as SmsError.ResponseTooLarge).received, 100)
    })
  )

  it.effect("an undeclared body over the cap fails while reading", () =>
    Effect.gen(function* () {
      const chunks = Stream.make("a".repeat(40), "b".repeat(40), "c".repeat(40)).pipe(Stream.encodeText)
      const client = respond(() => new Response(Stream.toReadableStream(chunks)))
      const error = yield* Effect.flip(Http.execute(client, request, options({ maxResponseBytes: 50 })))
      assert.instanceOf(error, SmsError.ResponseTooLarge)
      assert.strictEqual((error as SmsError.ResponseTooLarge).received, 80)
    })
  )

  it.effect("a compressed body is counted while reading, whatever its declared length", () =>
    Effect.gen(function* () {
      // A client that decompresses keeps Content-Encoding: the declared length is then the compressed size
      const chunks = Stream.make("a".repeat(40), "b".repeat(40), "c".repeat(40)).pipe(Stream.encodeText)
      const client = respond(
        () =>
          new Response(Stream.toReadableStream(chunks), {
            headers: { "content-length": "10", "content-encoding": "gzip" }
          })
      )
      const error = yield* Effect.flip(Http.execute(client, request, options({ maxResponseBytes: 50 })))
      assert.instanceOf(error, SmsError.ResponseTooLarge)
      assert.strictEqual((error as SmsError.ResponseTooLarge).received, 80)
    })
  )

  it.effect("a declared length within the cap is read in one go, and a longer body is still refused", () =>
    Effect.gen(function* () {
      const ok = yield* Http.execute(
        respond(() => new Response("x".repeat(40), { headers: { "content-length": "40" } })),
        request,
        options({ maxResponseBytes: 50 })
      )
      assert.strictEqual(new TextDecoder().decode(ok.body), "x".repeat(40))
      // An HTTP client that let more through than it declared
      const client = respond(() => new Response("x".repeat(100), { headers: { "content-length": "10" } }))
      const error = yield* Effect.flip(Http.execute(client, request, options({ maxResponseBytes: 50 })))
      assert.instanceOf(error, SmsError.ResponseTooLarge)
      assert.strictEqual((error as SmsError.ResponseTooLarge).received, 100)
    })
  )

  it.effect("reads a body within the cap, with Retry-After and the provider's clock offset", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.parse("2026-05-01T10:00:00Z"))
      const client = respond(
        () =>
          new Response("ok", {
            status: 503,
            headers: { "retry-after": "7", date: "Fri, 01 May 2026 10:00:42 GMT" }
          })
      )
      const offset = Http.makeClockOffset()
      const r = yield* Http.execute(client, request, options({ clockOffset: offset }))
      assert.strictEqual(new TextDecoder().decode(r.body), "ok")
      assert.strictEqual(r.status, 503)
      assert.strictEqual(Duration.toMillis(r.retryAfter!), 7000)
      assert.strictEqual(r.clockOffsetMillis, 42_000)
      assert.strictEqual(offset.current(), 42_000)
    })
  )

  it("each response's Date gives its own offset, the same Date the same offset, an unreadable one none", () => {
    const at = (date: string) => Headers.fromInput({ date })
    const now = Date.parse("Fri, 01 May 2026 10:00:00 GMT")
    assert.strictEqual(Http.clockOffsetMillis(at("Fri, 01 May 2026 10:00:42 GMT"), now), 42_000)
    assert.strictEqual(Http.clockOffsetMillis(at("Fri, 01 May 2026 10:00:42 GMT"), now + 2_000), 40_000)
    assert.strictEqual(Http.clockOffsetMillis(at("Fri, 01 May 2026 09:59:59 GMT"), now), -1_000)
    assert.isUndefined(Http.clockOffsetMillis(at("yesterday-ish"), now))
    assert.strictEqual(Http.clockOffsetMillis(at("Fri, 01 May 2026 10:00:42 GMT"), now), 42_000)
    assert.isUndefined(Http.clockOffsetMillis(Headers.empty, now))
  })

  it.effect("times out on the test clock", () =>
    Effect.gen(function* () {
      const client = HttpClient.make(() => Effect.never)
      const fiber = yield* Effect.forkChild(Effect.flip(Http.execute(client, request, options())))
      yield* TestClock.adjust("6 seconds")
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual((error as SmsError.TransportError).kind, "timeout")
    })
  )

  // On the live clock the timeout is a plain timer over one child fiber (see `Http.execute`); these hold it to what
  // `Effect.timeoutOrElse` does: the exchange is interrupted, and its finalizers have run, before the timeout is
  // reported; interrupting the caller interrupts the exchange; an answer in time is returned as it is.
  it.live("on the live clock, a timeout interrupts the exchange before it is reported", () =>
    Effect.gen(function* () {
      const events: Array<string> = []
      const client = HttpClient.make(() =>
        Effect.never.pipe(Effect.onInterrupt(() => Effect.sync(() => events.push("exchange interrupted"))))
      )
      const error = yield* Effect.flip(Http.execute(client, request, options({ timeout: Duration.millis(20) })))
      events.push("timeout reported")
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual((error as SmsError.TransportError).kind, "timeout")
      assert.deepStrictEqual(events, ["exchange interrupted", "timeout reported"])
    })
  )

  it.live("on the live clock, interrupting the caller interrupts the exchange", () =>
    Effect.gen(function* () {
      let interrupted = false
      const started = yield* Deferred.make<void>()
      const client = HttpClient.make(() =>
        Deferred.succeed(started, undefined).pipe(
          Effect.andThen(Effect.never),
          Effect.onInterrupt(() =>
            Effect.sync(() => {
              interrupted = true
            })
          )
        )
      )
      const fiber = yield* Effect.forkChild(Http.execute(client, request, options({ timeout: Duration.minutes(1) })))
      yield* Deferred.await(started)
      yield* Fiber.interrupt(fiber)
      assert.isTrue(interrupted)
    })
  )

  it.live("on the live clock, the timeout covers the body: one that stalls after the headers times out", () =>
    Effect.gen(function* () {
      let cancelled = 0
      // Headers at once, then a first chunk and nothing more, with and without a declared length (both read paths)
      const stalled = (headers: Record<string, string>) =>
        respond(
          () =>
            new Response(
              new ReadableStream({
                start: (controller) => controller.enqueue(new TextEncoder().encode("{")),
                cancel: () => {
                  cancelled++
                }
              }),
              { status: 200, headers }
            )
        )
      for (const headers of [{ "content-length": "100" }, {}]) {
        const error = yield* Effect.flip(
          Http.execute(stalled(headers), request, options({ timeout: Duration.millis(30) }))
        )
        assert.strictEqual(error._tag, "TransportError")
        assert.strictEqual((error as SmsError.TransportError).kind, "timeout")
      }
      // The counted read (no length) gives its body up. The one-read path's body is a web Response here, which
      // nothing can abort; a real client's abort signal does that when the exchange is interrupted.
      assert.strictEqual(cancelled, 1)
    })
  )

  it.live("on the live clock, an answer within the timeout is returned, and a failure as it is", () =>
    Effect.gen(function* () {
      const ok = yield* Http.execute(
        respond(() => new Response("ok", { status: 200 })),
        request,
        options({ timeout: Duration.minutes(1) })
      )
      assert.strictEqual(new TextDecoder().decode(ok.body), "ok")
      const refused = HttpClient.make((req) =>
        Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({
              request: req,
              cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" })
            })
          })
        )
      )
      const error = yield* Effect.flip(Http.execute(refused, request, options({ timeout: Duration.minutes(1) })))
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual((error as SmsError.TransportError).kind, "connect")
    })
  )

  it.effect("a transport failure's text is scrubbed (a key in a GET URL never reaches the error)", () =>
    Effect.gen(function* () {
      const secret = "s3cr3t-api-key-123"
      const client = HttpClient.make((req) =>
        Effect.fail(
          new HttpClientError.HttpClientError({
            reason: new HttpClientError.TransportError({
              request: req,
              cause: new Error(`connect ECONNREFUSED while fetching http://sms.test/get.php?key=${secret}`)
            })
          })
        )
      )
      const error = yield* Effect.flip(
        Http.execute(
          client,
          HttpClientRequest.get(`http://sms.test/get.php?key=${secret}`),
          options({ scrub: Redaction.make([secret]) })
        )
      )
      assert.notInclude(String(error), secret)
      assert.notInclude(JSON.stringify(error), secret)
    })
  )
})
