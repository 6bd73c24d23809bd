/**
 * The retry policy under TestClock with a seeded Random: growth, jitter bounds, the cap, Retry-After winning, and
 * which failures are retried for reads and for sends.
 */
import { assert, describe, it } from "@effect/vitest"
import { Retry, SmsError } from "@effect-sms/core"
import { Clock, Duration, Effect, Fiber, Random, Ref } from "effect"
import { TestClock } from "effect/testing"

const unavailable = (retryAfterMillis?: number) =>
  new SmsError.ServiceUnavailable({
    provider: "iletimerkezi",
    code: 503,
    message: "Sunucu geçici olarak servis dışı",
    ...(retryAfterMillis === undefined ? {} : { retryAfterMillis })
  })

/** Fails with the given errors in turn, then succeeds; records when each attempt started. */
const flaky = (errors: ReadonlyArray<SmsError.SmsError>) =>
  Effect.gen(function* () {
    const times = yield* Ref.make<ReadonlyArray<number>>([])
    const effect = Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const n = (yield* Ref.updateAndGet(times, (t) => [...t, now])).length
      if (n <= errors.length) return yield* Effect.fail(errors[n - 1]!)
      return "ok" as const
    })
    return { effect, times }
  })

const gaps = (times: ReadonlyArray<number>) => times.slice(1).map((t, i) => t - times[i]!)

const run = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.forkChild(effect)
    for (let i = 0; i < 200; i++) yield* TestClock.adjust("500 millis")
    return yield* Fiber.join(fiber)
  })

describe("Retry", () => {
  it.effect("backs off exponentially with ±20% jitter, capped", () =>
    Effect.gen(function* () {
      const { effect, times } = yield* flaky(Array.from({ length: 6 }, () => unavailable()))
      const policy = Retry.make({ base: "100 millis", factor: 2, cap: "1 second", maxAttempts: 10 })
      assert.strictEqual(yield* run(effect.pipe(Retry.retry(policy, { safety: "read", method: "get-balance" }))), "ok")
      const g = gaps(yield* Ref.get(times))
      assert.strictEqual(g.length, 6)
      const nominal = [100, 200, 400, 800, 1600, 3200]
      g.forEach((gap, i) => {
        const base = nominal[i]!
        // jitter in [0.8, 1.2] × nominal, then capped at 1 s
        assert.isAtLeast(gap, Math.min(base * 0.8, 1000) - 1e-6, `gap ${i}`)
        assert.isAtMost(gap, Math.min(base * 1.2, 1000) + 1e-6, `gap ${i}`)
      })
      assert.closeTo(g[4]!, 1000, 1e-6)
      assert.closeTo(g[5]!, 1000, 1e-6)
      // Jitter really varies the delays: not every gap is exactly its nominal value.
      assert.isTrue(g.slice(0, 3).some((gap, i) => Math.abs(gap - nominal[i]!) > 0.5))
    }).pipe(Random.withSeed("retry-growth"))
  )

  it.effect("a Retry-After from the server wins over the backoff", () =>
    Effect.gen(function* () {
      const { effect, times } = yield* flaky([unavailable(), unavailable(7000), unavailable()])
      const policy = Retry.make({ base: "100 millis", cap: "1 second", maxAttempts: 10 })
      yield* run(effect.pipe(Retry.retry(policy, { safety: "read", method: "get-balance" })))
      const g = gaps(yield* Ref.get(times))
      assert.strictEqual(g.length, 3)
      assert.isBelow(g[0]!, 121)
      assert.strictEqual(g[1], 7000)
      // The backoff goes on growing underneath: the third delay is the third step (400 ms ± 20%).
      assert.isAtLeast(g[2]!, 320)
      assert.isAtMost(g[2]!, 480)
    }).pipe(Random.withSeed("retry-after"))
  )

  it.effect("stops after maxAttempts", () =>
    Effect.gen(function* () {
      const { effect, times } = yield* flaky(Array.from({ length: 10 }, () => unavailable()))
      const policy = Retry.make({ base: "10 millis", maxAttempts: 3 })
      const error = yield* Effect.flip(run(effect.pipe(Retry.retry(policy, { safety: "read", method: "x" }))))
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual((yield* Ref.get(times)).length, 3)
    }).pipe(Random.withSeed("retry-max"))
  )

  it.effect("a Retry-After longer than maxRetryAfter stops retrying", () =>
    Effect.gen(function* () {
      const { effect, times } = yield* flaky([unavailable(120_000)])
      const policy = Retry.make({ maxRetryAfter: "1 minute" })
      yield* Effect.flip(run(effect.pipe(Retry.retry(policy, { safety: "read", method: "x" }))))
      assert.strictEqual((yield* Ref.get(times)).length, 1)
    })
  )

  it.effect("every retry is a span event with its attempt and delay", () =>
    Effect.gen(function* () {
      const { effect } = yield* flaky([unavailable(), unavailable(250)])
      const policy = Retry.make({ base: "100 millis", maxAttempts: 5 })
      const span = yield* run(
        effect.pipe(
          Retry.retry(policy, { safety: "read", method: "get-balance" }),
          Effect.andThen(Effect.currentSpan),
          Effect.withSpan("test")
        )
      )
      const events = (span as unknown as { events: Array<[string, bigint, Record<string, unknown>]> }).events
      assert.deepStrictEqual(
        events.map(([name, , a]) => [name, a["sms.method"], a["sms.retry.attempt"], a["sms.retry.error"]]),
        [
          ["sms.retry", "get-balance", 1, "ServiceUnavailable"],
          ["sms.retry", "get-balance", 2, "ServiceUnavailable"]
        ]
      )
      assert.strictEqual(events[1]![2]["sms.retry.delay_ms"], 250)
    }).pipe(Random.withSeed("retry-span"))
  )

  it.effect("Retry.none attempts once", () =>
    Effect.gen(function* () {
      const { effect, times } = yield* flaky([unavailable()])
      yield* Effect.flip(run(effect.pipe(Retry.retry(Retry.none, { safety: "read", method: "x" }))))
      assert.strictEqual((yield* Ref.get(times)).length, 1)
    })
  )

  const transport = (kind: SmsError.TransportKind) =>
    new SmsError.TransportError({ provider: "iletimerkezi", kind, method: "send-sms", message: kind })
  const decode = new SmsError.DecodeError({ provider: "iletimerkezi", method: "get-report", message: "truncated" })
  const status = (code: number) => new SmsError.UnknownStatus({ provider: "iletimerkezi", code, message: "" })
  const rateLimited = new SmsError.RateLimited({ provider: "iletimerkezi", code: 429, message: "" })

  it("reads retry 5xx, rate limits, every transport failure and malformed bodies", () => {
    for (const e of [
      unavailable(),
      rateLimited,
      status(500),
      transport("timeout"),
      transport("reset"),
      transport("connect"),
      transport("body"),
      decode
    ]) {
      assert.isTrue(SmsError.isRetryable(e, "read"), e._tag)
    }
  })

  it("an unknown string code inside an HTTP 5xx is transient and may have been processed; inside a 4xx it is not", () => {
    const unknown = (httpStatus: number) =>
      new SmsError.UnknownStatus({ provider: "turkeysms", code: "TS-9999", message: "", httpStatus })
    for (const httpStatus of [500, 502, 504]) {
      assert.isTrue(unknown(httpStatus).transient, `${httpStatus}`)
      assert.isTrue(SmsError.isRetryable(unknown(httpStatus), "read"), `${httpStatus}`)
      assert.isTrue(SmsError.mayHaveBeenProcessed(unknown(httpStatus)), `${httpStatus}`)
      assert.isFalse(SmsError.isRetryable(unknown(httpStatus), "unsafe"), `${httpStatus}`)
    }
    for (const e of [
      unknown(400),
      unknown(200),
      new SmsError.UnknownStatus({ provider: "turkeysms", code: "TS-9999", message: "" })
    ]) {
      assert.isFalse(e.transient)
      assert.isFalse(SmsError.isRetryable(e, "read"))
      assert.isFalse(SmsError.mayHaveBeenProcessed(e))
    }
  })

  it("the classifier is the only test of whether a transport failure was sent", () => {
    for (const kind of ["connect", "reset", "timeout", "body", "other"] as const) {
      const e = transport(kind)
      assert.isFalse("notSent" in e, kind)
      assert.strictEqual(SmsError.mayHaveBeenProcessed(e), kind !== "connect", kind)
    }
  })

  it("sends retry only what proves the order was not accepted", () => {
    for (const e of [unavailable(), rateLimited, transport("connect")]) assert.isTrue(SmsError.isRetryable(e, "unsafe"))
    for (const e of [status(500), transport("timeout"), transport("reset"), transport("body"), decode]) {
      assert.isFalse(SmsError.isRetryable(e, "unsafe"), `${e._tag} ${"kind" in e ? e.kind : ""}`)
    }
  })

  it("400, 401, 402, 403, 404, 422 and the 45x codes are never retried", () => {
    const classes = SmsError.StatusErrors.filter(
      (c) => c !== SmsError.ServiceUnavailable && c !== SmsError.RateLimited && c !== SmsError.UnknownStatus
    )
    assert.isAbove(classes.length, 25)
    for (const C of classes) {
      const e = new C({ provider: "iletimerkezi", code: 400, message: "", violations: [] })
      assert.isFalse(SmsError.isRetryable(e, "read"), C.name)
    }
  })

  it("the classifier: what may have been processed, idempotent calls as reads, Retry-After as a Duration", () => {
    for (const e of [status(500), transport("timeout"), transport("reset"), transport("body"), decode])
      assert.isTrue(SmsError.mayHaveBeenProcessed(e), e._tag)
    for (const e of [unavailable(), rateLimited, transport("connect"), status(451)])
      assert.isFalse(SmsError.mayHaveBeenProcessed(e), e._tag)
    for (const e of [unavailable(), status(500), transport("reset"), decode, status(451)])
      assert.strictEqual(SmsError.isRetryable(e, "idempotent"), SmsError.isRetryable(e, "read"), e._tag)
    const tooLarge = new SmsError.ResponseTooLarge({
      provider: "iletimerkezi",
      method: "get-report",
      limit: 10,
      received: 11,
      message: "x"
    })
    const protocol = new SmsError.ProtocolError({
      provider: "infobip",
      method: "logs",
      rule: "repeated-cursor",
      message: ""
    })
    for (const e of [tooLarge, protocol]) assert.isFalse(SmsError.isRetryable(e, "read"), e._tag)
    assert.isTrue(SmsError.mayHaveBeenProcessed(tooLarge))
    assert.strictEqual(Duration.toMillis(SmsError.retryAfter(unavailable(7000))!), 7000)
    assert.isUndefined(SmsError.retryAfter(rateLimited))
    assert.isFalse(SmsError.isRetryable(new Error("not ours"), "read"))
  })

  it.effect("a per-call policy (Retry.withPolicy) is visible to the client through CurrentPolicy", () =>
    Effect.gen(function* () {
      const policy = Retry.make({ maxAttempts: 9 })
      const seen = yield* Effect.service(Retry.CurrentPolicy).pipe(Retry.withPolicy(policy))
      assert.strictEqual(seen, policy)
      assert.isUndefined(yield* Effect.service(Retry.CurrentPolicy))
    })
  )
})
