/**
 * TurkeySMS send safety over real HTTP: V4 relies on the provider's dedupe of identical sends, so after an ambiguous
 * failure the identical request is sent again while it is within the bound of the first attempt; past it, and always
 * on v3, the send fails with SendOutcomeUnknown carrying the request, never resent. Nothing lost, nothing sent twice.
 */
import { assert, describe, it } from "@effect/vitest"
import { Retry, SmsError } from "@effect-sms/core"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Fiber, Layer, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { account, control, Demo, env, requests, settled, simulator, steppedClient, T0, until } from "./harness.ts"

const fast = Retry.make({ base: "1 millis", cap: "5 millis", maxAttempts: 6 })
const unlimited = { accounts: [{ ...Demo, perMinuteLimit: 1_000_000_000, balance: { sms: 1_000_000 } }] }

describe("TurkeySMS send safety", () => {
  it.live("1,000 V4 sends under 20% ambiguous faults give exactly 1,000 messages", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const results = yield* Effect.forEach(
        Array.from({ length: 1000 }, (_, i) => i),
        (i) =>
          client.sendSms({ title: "EFFECTSMS", text: `Sipariş ${i} hazır`, to: `53211${String(i).padStart(5, "0")}` }),
        { concurrency: 16 }
      )
      const ts = yield* control
      const messages = ts.messages()
      assert.strictEqual(messages.length, 1000, "exactly one message per send")
      assert.strictEqual(new Set(messages.map((m) => m.text)).size, 1000)
      // Every send got the id of its own message.
      const byId = new Map(messages.map((m) => [String(m.id), m]))
      results.forEach((r, i) => {
        assert.strictEqual(byId.get(r.smsId)?.text, `Sipariş ${i} hazır`)
      })
      // The faults happened, and were resolved by the provider's dedupe.
      const requests = yield* sim.requestCount("turkeysms/sms/send")
      assert.isAbove(requests, 1100)
      assert.isAbove(ts.model.stats.deduplicated, 100)
    }).pipe(
      Effect.provide(
        env(
          unlimited,
          { retry: fast },
          {
            clock: { start: T0 },
            faults: { "turkeysms/sms/send": { probability: 0.2, kinds: ["reset-after", "truncated", "malformed"] } }
          }
        )
      )
    )
  )

  it.live("an ambiguous V4 send is resent once and answered with the first attempt's message", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const r = yield* client.sendSms({ title: "EFFECTSMS", text: "tek sefer", to: "5321112233" })
      assert.strictEqual(yield* sim.requestCount("turkeysms/sms/send"), 2)
      const messages = (yield* control).messages()
      assert.strictEqual(messages.length, 1)
      assert.strictEqual(String(messages[0]!.id), r.smsId)
    }).pipe(
      Effect.provide(
        env({}, { retry: fast }, { clock: { start: T0 }, faults: { "turkeysms/sms/send": ["reset-after"] } })
      )
    )
  )

  it.live("an OTP resent after an ambiguous failure returns the first code, not a second message", () =>
    Effect.gen(function* () {
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const r = yield* client.sendOtp({ to: "5321112233" })
      const messages = (yield* control).messages()
      assert.strictEqual(messages.length, 1)
      assert.strictEqual(messages[0]!.otp, Redacted.value(r.otpCode))
      assert.include(messages[0]!.text, Redacted.value(r.otpCode))
    }).pipe(
      Effect.provide(
        env({}, { retry: fast }, { clock: { start: T0 }, faults: { "turkeysms/otp/send": ["truncated"] } })
      )
    )
  )

  it.live("past the dedupe bound, a V4 send fails with SendOutcomeUnknown and is not resent", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const error = yield* Effect.flip(client.sendSms({ title: "EFFECTSMS", text: "belirsiz", to: "5321112233" }))
      assert.strictEqual(error._tag, "SendOutcomeUnknown")
      const unknown = error as SmsError.SendOutcomeUnknown
      assert.deepInclude(unknown.order as object, {
        title: "EFFECTSMS",
        text: "belirsiz",
        recipients: ["905321112233"]
      })
      assert.include(unknown.message, "past the bound")
      assert.strictEqual(unknown.attempts.length, 1)
      assert.strictEqual(yield* sim.requestCount("turkeysms/sms/send"), 1)
      // It did go through: the caller must look before sending again.
      assert.strictEqual((yield* control).messages().length, 1)
    }).pipe(
      Effect.provide(
        env(
          {},
          { retry: fast, dedupeBound: "0 millis" },
          { clock: { start: T0 }, faults: { "turkeysms/sms/send": ["reset-after"] } }
        )
      )
    )
  )

  it.live("v3 documents no dedupe: an ambiguous send is never resent", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      for (const fault of ["reset-after", "truncated", "malformed"] as const) {
        yield* sim.setFaults({ "turkeysms/v3/sms/send": [fault] })
        yield* sim.resetStats
        const error = yield* Effect.flip(client.sendSms({ title: "EFFECTSMS", text: `v3 ${fault}`, to: "5321112233" }))
        assert.strictEqual(error._tag, "SendOutcomeUnknown", fault)
        assert.include((error as SmsError.SendOutcomeUnknown).message, "v3 documents no dedupe")
        assert.strictEqual(yield* sim.requestCount("turkeysms/v3/sms/send"), 1, fault)
      }
      assert.strictEqual((yield* control).messages().length, 3)
    }).pipe(Effect.provide(env({}, { api: "v3", retry: fast }, { clock: { start: T0 } })))
  )

  it.live("a send refused before processing (a 503 or 429 in front of the API) is retried, even on v3", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      yield* client.sendSms({ title: "EFFECTSMS", text: "tekrar", to: "5321112233" })
      assert.strictEqual(yield* sim.requestCount("turkeysms/v3/sms/send"), 3)
      assert.strictEqual((yield* control).messages().length, 1)
    }).pipe(
      Effect.provide(
        env(
          {},
          { api: "v3", retry: fast },
          { clock: { start: T0 }, faults: { "turkeysms/v3/sms/send": ["503", "429", "ok"] } }
        )
      )
    )
  )

  it.live("a definite refusal after an ambiguous attempt is returned as it is", () =>
    Effect.gen(function* () {
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const ts = yield* control
      // The account is empty: the first answer (a refusal) is cut off, so the send is ambiguous and is resent; the
      // resend's refusal is definite and comes back as it is, with no message sent.
      ts.account(Demo.apiKey).sms = 0
      const error = yield* Effect.flip(client.sendSms({ title: "EFFECTSMS", text: "bakiye", to: "5321112233" }))
      assert.strictEqual(error._tag, "InsufficientBalance")
      assert.isFalse(SmsError.mayHaveBeenProcessed(error))
      assert.strictEqual(ts.messages().length, 0)
    }).pipe(
      Effect.provide(
        env({}, { retry: fast }, { clock: { start: T0 }, faults: { "turkeysms/sms/send": ["truncated"] } })
      )
    )
  )

  describe("the dedupe bound, on the TestClock", () => {
    const KEY = "ts-bound-key-0123456789"
    /** Runs a send, moving the clock a second at a time (at most `seconds`) while it is in flight. */
    const driven = <A, E, R>(send: Effect.Effect<A, E, R>, seconds: number) =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const fiber = yield* Effect.forkChild(send)
        yield* until(settled)
        for (let s = 0; s < seconds && fiber.pollUnsafe() === undefined; s++) {
          yield* TestClock.adjust("1 second")
          yield* until(settled)
        }
        return yield* Effect.result(Fiber.join(fiber))
      })
    /** The simulator, whose dedupe window (45 s) outlives our bound (30 s) but not a 60 s wait. */
    const sim = (retryAfterSeconds: number, faults: ReadonlyArray<string>) =>
      simulator(
        { accounts: [account(KEY)], dedupeWindowMillis: 45_000 },
        { clock: { start: T0 }, retryAfterSeconds, faults: { "turkeysms/sms/send": faults as Array<"ok"> } }
      )

    it.effect("a resend told to wait past the bound is not written: SendOutcomeUnknown, one message", () =>
      Effect.gen(function* () {
        const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
        const result = yield* driven(client.sendSms({ title: "EFFECTSMS", text: "sınır", to: "5321112233" }), 120)
        assert.isTrue(result._tag === "Failure", "the send failed")
        const error = (result as { failure: { _tag: string; message: string } }).failure
        assert.strictEqual(error._tag, "SendOutcomeUnknown")
        assert.include(error.message, "past the bound")
        // The first write (processed, answer lost), the resend refused with Retry-After: 60, and nothing after.
        const log = (yield* requests).map((e) => [e.status ?? e.fault, e.simAt - T0])
        assert.deepStrictEqual(log, [
          ["reset-after", 0],
          [429, 0]
        ])
        assert.strictEqual((yield* control).messages().length, 1, "never sent twice")
      }).pipe(
        Effect.provide(
          steppedClient(KEY, { rateLimit: false, dedupeBound: "30 seconds" }).pipe(
            Layer.provideMerge(sim(60, ["reset-after", "429", "ok"]))
          )
        )
      )
    )

    it.effect("a resend whose wait ends within the bound goes out and is answered by the first message", () =>
      Effect.gen(function* () {
        const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
        const result = yield* driven(client.sendSms({ title: "EFFECTSMS", text: "içinde", to: "5321112233" }), 120)
        assert.isTrue(result._tag === "Success", "the send succeeded")
        const log = (yield* requests).map((e) => [e.status ?? e.fault, e.simAt - T0])
        assert.deepStrictEqual(log, [
          ["reset-after", 0],
          [503, 0],
          [200, 20_000]
        ])
        const messages = (yield* control).messages()
        assert.strictEqual(messages.length, 1)
        assert.strictEqual(String(messages[0]!.id), (result as { success: { smsId: string } }).success.smsId)
      }).pipe(
        Effect.provide(
          steppedClient(KEY, { rateLimit: false, dedupeBound: "30 seconds" }).pipe(
            Layer.provideMerge(sim(20, ["reset-after", "503", "ok"]))
          )
        )
      )
    )
  })
})
