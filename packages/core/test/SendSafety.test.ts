/**
 * Send safety itself: the core service (which failures go to the provider's strategy) and iletiMerkezi's strategy
 * over an in-memory HttpClient (resend, 451 then lookup, a definite refusal of the resend, the window on the
 * provider's clock). The two-client case over real HTTP is in /test/send-safety.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, Retry, SendSafety, SmsError } from "@effect-sms/core"
import { Clock, Effect, Fiber, Layer, Redacted } from "effect"
import { HttpClient, HttpClientError, HttpClientResponse } from "effect/http"
import { TestClock } from "effect/testing"

const transport = (kind: "connect" | "reset") =>
  new SmsError.TransportError({ provider: "iletimerkezi", kind, method: "send-sms", message: kind })
const refused = new SmsError.InsufficientBalance({ provider: "iletimerkezi", code: 402, message: "Bakiye yetersiz" })

describe("SendSafety.send", () => {
  // The attempt waits 40 s (limiter, backoff) before it writes, then answers `failure`.
  const run = (failure: unknown) =>
    Effect.gen(function* () {
      const resolved: Array<number> = []
      const strategy: SendSafety.Strategy<string, string, unknown> = {
        provider: "iletimerkezi",
        attempt: (_, { writing }) =>
          Effect.sleep("40 seconds").pipe(
            Effect.andThen(writing),
            Effect.andThen(failure === undefined ? Effect.succeed("sent") : Effect.fail(failure))
          ),
        resolve: (_, { firstAttemptAt }) =>
          Effect.sync(() => {
            resolved.push(firstAttemptAt)
            return "resolved"
          })
      }
      yield* TestClock.setTime(1_000_000)
      const fiber = yield* Effect.forkChild(Effect.result(SendSafety.send(strategy, "order")))
      yield* TestClock.adjust("40 seconds")
      const result = yield* Fiber.join(fiber)
      return { result, resolved }
    })

  it.effect("a success and a definite failure never reach the strategy's resolve", () =>
    Effect.gen(function* () {
      const ok = yield* run(undefined)
      assert.deepStrictEqual(ok.resolved, [])
      assert.strictEqual(ok.result._tag === "Success" && ok.result.success, "sent")
      for (const e of [refused, transport("connect")]) {
        const r = yield* run(e)
        assert.deepStrictEqual(r.resolved, [])
        assert.strictEqual(r.result._tag === "Failure" && r.result.failure, e)
      }
    })
  )

  it.effect("a failure that may have been processed goes to resolve with the time of its write, not the start", () =>
    Effect.gen(function* () {
      for (const e of [
        transport("reset"),
        new SmsError.DecodeError({ provider: "iletimerkezi", method: "x", message: "" })
      ]) {
        const r = yield* run(e)
        assert.deepStrictEqual(r.resolved, [1_040_000])
      }
    })
  )
})

describe("SendSafety.windowStart", () => {
  it("moves the write time onto the provider's clock, less the margin; without a measure, the fallback skew", () => {
    assert.strictEqual(
      SendSafety.windowStart(100_000, 42_000, { marginMillis: 2000, fallbackSkewMillis: 300_000 }),
      140_000
    )
    assert.strictEqual(SendSafety.windowStart(100_000, -5_000, { fallbackSkewMillis: 300_000 }), 93_000)
    assert.strictEqual(SendSafety.windowStart(400_000, undefined, { fallbackSkewMillis: 300_000 }), 100_000)
  })
})

// --- iletiMerkezi's strategy over an in-memory provider ------------------------------------------------------------

interface Script {
  /** The answers to successive send-sms calls: a status code, or "reset". */
  readonly sends: Array<number | "reset">
  /** The orders get-reports lists (submitAt in Turkey time) and their recipients. */
  readonly orders: ReadonlyArray<{
    readonly id: string
    readonly submitAt: string
    readonly numbers: ReadonlyArray<string>
  }>
  /** How far the provider's clock is ahead of ours, for the Date header. */
  readonly providerAhead: number
}

const fake = (script: Script) => {
  const calls: Array<string> = []
  const json = (body: object, now: number) =>
    new Response(JSON.stringify({ response: body }), {
      headers: { "content-type": "application/json", date: new Date(now + script.providerAhead).toUTCString() }
    })
  const status = (code: number) => ({ status: { code, message: code === 200 ? "İşlem başarılı" : "x" } })
  const client = HttpClient.make((request) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const method = request.url.replace(/^.*\/v1\//, "").replace(/\/json$/, "")
      calls.push(method)
      if (method === "send-sms") {
        const next = script.sends.shift() ?? 200
        if (next === "reset") {
          const cause = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })
          return Effect.fail(
            new HttpClientError.HttpClientError({ reason: new HttpClientError.TransportError({ request, cause }) })
          )
        }
        return Effect.succeed(
          HttpClientResponse.fromWeb(
            request,
            json(next === 200 ? { ...status(200), order: { id: "999" } } : status(next), now)
          )
        )
      }
      const body = JSON.parse(new TextDecoder().decode((request.body as { body: Uint8Array }).body)).request
      if (method === "get-reports") {
        const orders = body.filter.page === 1 ? script.orders : []
        const summaries = orders.map((o) => ({
          id: o.id,
          status: 114,
          total: o.numbers.length,
          delivered: o.numbers.length,
          undelivered: 0,
          waiting: 0,
          submitAt: o.submitAt,
          sendAt: o.submitAt,
          sender: "APITEST"
        }))
        return Effect.succeed(
          HttpClientResponse.fromWeb(request, json({ ...status(200), count: summaries.length, orders: summaries }, now))
        )
      }
      const order = script.orders.find((o) => o.id === String(body.order.id))!
      return Effect.succeed(
        HttpClientResponse.fromWeb(
          request,
          json(
            {
              ...status(200),
              order: {
                id: order.id,
                status: 114,
                total: order.numbers.length,
                delivered: order.numbers.length,
                undelivered: 0,
                waiting: 0,
                submitAt: order.submitAt,
                sendAt: order.submitAt,
                sender: "APITEST",
                message: order.numbers.map((n) => ({ number: `+${n}`, status: 111 }))
              }
            },
            now
          )
        )
      )
    })
  )
  return { calls, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

const sendWith = (script: Script, retry: Retry.Policy = Retry.none) =>
  Effect.gen(function* () {
    const http = fake(script)
    const sms = yield* IletiMerkezi.make({
      apiKey: Redacted.make("k".repeat(32)),
      apiHash: Redacted.make("h".repeat(64)),
      baseUrl: "http://sms.test/v1",
      retry,
      rateLimit: false
    }).pipe(Effect.provide(http.layer))
    const result = yield* Effect.result(sms.sendSms({ sender: "APITEST", iys: 0, text: "hi", to: ["05321112233"] }))
    return { result, calls: http.calls }
  })

// 2026-04-29 10:00:00 in Turkey; the provider's clock is 90 s ahead of ours in these tests.
const ours = Date.parse("2026-04-29T07:00:00Z")
const providerAhead = 90_000

describe("iletiMerkezi send safety", () => {
  it.effect("a reset, then a resend answered 200: one success, no lookup", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(ours)
      const { result, calls } = yield* sendWith({ sends: ["reset", 200], orders: [], providerAhead })
      assert.strictEqual(result._tag === "Success" && result.success.orderId, "999")
      assert.deepStrictEqual(calls, ["send-sms", "send-sms"])
    })
  )

  it.effect("a reset, then 451: the order submitted in the window on the provider's clock is the answer", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(ours)
      const { result, calls } = yield* sendWith({
        sends: ["reset", 451],
        // Submitted at the provider's 10:01:30 (our 10:00:00): inside the window only once the offset is applied.
        orders: [{ id: "123", submitAt: "2026-04-29 10:01:30", numbers: ["905321112233"] }],
        providerAhead
      })
      assert.strictEqual(result._tag === "Success" && result.success.orderId, "123")
      assert.deepStrictEqual(calls, ["send-sms", "send-sms", "get-reports", "get-reports", "get-report"])
    })
  )

  it.effect("an identical order from 30 s before the first attempt (provider time) is not claimed", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(ours)
      const { result } = yield* sendWith({
        sends: ["reset", 451],
        orders: [{ id: "77", submitAt: "2026-04-29 10:01:00", numbers: ["905321112233"] }],
        providerAhead
      })
      assert.strictEqual(result._tag === "Failure" && result.failure._tag, "SendOutcomeUnknown")
      assert.notInclude(JSON.stringify(result), '"77"')
    })
  )

  it.effect(
    "the window starts at the write after a 503's backoff: an identical order from the backoff is not claimed",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(ours)
        const fiber = yield* Effect.forkChild(
          sendWith(
            {
              sends: [503, "reset", 451],
              // Another client's order, submitted at the provider's 10:01:33 (our 10:00:03), during the 8-10 s backoff
              // that precedes the attempt that was reset.
              orders: [{ id: "77", submitAt: "2026-04-29 10:01:33", numbers: ["905321112233"] }],
              providerAhead
            },
            Retry.make({ base: "10 seconds", cap: "10 seconds", maxAttempts: 2 })
          )
        )
        yield* TestClock.adjust("10 seconds")
        const { result, calls } = yield* Fiber.join(fiber)
        assert.deepStrictEqual(calls.slice(0, 3), ["send-sms", "send-sms", "send-sms"])
        assert.strictEqual(result._tag === "Failure" && result.failure._tag, "SendOutcomeUnknown")
        assert.notInclude(JSON.stringify(result), '"77"')
      })
  )

  it.effect("a reset, then a 402 with no order found: the refusal is the answer", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(ours)
      const { result } = yield* sendWith({ sends: ["reset", 402], orders: [], providerAhead })
      assert.strictEqual(result._tag === "Failure" && result.failure._tag, "InsufficientBalance")
    })
  )

  it.effect("a definite failure of the first attempt is returned at once: one request", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(ours)
      const { result, calls } = yield* sendWith({ sends: [450], orders: [], providerAhead })
      assert.strictEqual(result._tag === "Failure" && result.failure._tag, "SenderNotApproved")
      assert.deepStrictEqual(calls, ["send-sms"])
    })
  )
})
