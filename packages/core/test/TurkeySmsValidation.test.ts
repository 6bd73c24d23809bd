import { assert, describe, it } from "@effect/vitest"
import { TurkeySmsValidation as V } from "@effect-sms/core/turkeysms"
import { DateTime, Effect, Result } from "effect"
import { TestClock } from "effect/testing"

// 2026-04-29 10:00 in Turkey.
const T0 = Date.parse("2026-04-29T07:00:00Z")

const ok = { title: "EFFECTSMS", text: "Merhaba dunya", to: "905321112233" } as const

const failure = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.flip(effect).pipe(Effect.map((e) => e as unknown as { field: string; rule: string; message: string }))

describe("TurkeySMS validation", () => {
  describe("numbers", () => {
    it("normalises Turkish mobiles to 90… digits without +", () => {
      for (const input of ["+90 532 111 22 33", "0532 111 22 33", "5321112233", "0090-532-111-2233", "905321112233"]) {
        assert.deepStrictEqual(V.normalizeNumber(input, { international: false }), Result.succeed("905321112233"))
      }
    })

    it("refuses a foreign number without the international opt-in, and accepts it with", () => {
      const refused = V.normalizeNumber("+49 151 1234 5678", { international: false })
      assert.isTrue(Result.isFailure(refused) && refused.failure.rule === "international-not-enabled")
      assert.deepStrictEqual(
        V.normalizeNumber("+49 151 1234 5678", { international: true }),
        Result.succeed("4915112345678")
      )
      assert.deepStrictEqual(
        V.normalizeNumber("0044 7911 123456", { international: true }),
        Result.succeed("447911123456")
      )
    })

    it("refuses landlines and malformed numbers, naming the rule", () => {
      const landline = V.normalizeNumber("0212 222 33 44", { international: true })
      assert.isTrue(Result.isFailure(landline) && landline.failure.rule === "turkish-mobile")
      const short = V.normalizeNumber("+49 12", { international: true })
      assert.isTrue(Result.isFailure(short) && short.failure.rule === "e164")
    })
  })

  describe("sms_lang", () => {
    it("is 0 for GSM-7, 1 for Turkish letters, 2 otherwise", () => {
      assert.strictEqual(V.smsLangFor("Hello, world"), 0)
      assert.strictEqual(V.smsLangFor("Şule'ye ığdır"), 1)
      assert.strictEqual(V.smsLangFor("مرحبا"), 2)
      assert.strictEqual(V.smsLangFor("Hi 🙂"), 2)
    })

    it("predicts parts with 160/153, 155/149 and 70/67", () => {
      assert.strictEqual(V.predictParts("a".repeat(160), 0), 1)
      assert.strictEqual(V.predictParts("a".repeat(161), 0), 2)
      assert.strictEqual(V.predictParts("ş".repeat(155), 1), 1)
      assert.strictEqual(V.predictParts("ş".repeat(156), 1), 2)
      // A GSM-7 text sent as Turkish gets the Turkish sizes.
      assert.strictEqual(V.predictParts("a".repeat(156), 1), 2)
      assert.strictEqual(V.predictParts("a".repeat(70), 2), 1)
      assert.strictEqual(V.predictParts("a".repeat(71), 2), 2)
      assert.strictEqual(V.predictParts("a".repeat(135), 2), 3)
    })
  })

  describe("send", () => {
    it.effect("normalises, dedupes numbers and decides sms_lang", () =>
      Effect.gen(function* () {
        const r = yield* V.send({
          ...ok,
          text: "Şifreniz hazır",
          to: ["+90 532 111 22 33", "05321112233", "5321112234"]
        })
        assert.deepStrictEqual(r.recipients, ["905321112233", "905321112234"])
        assert.strictEqual(r.smsLang, 1)
        assert.strictEqual(r.contentType, 0)
        assert.strictEqual(r.predictedParts, 1)
        assert.strictEqual(r.messageCount, 2)
      })
    )

    const cases: ReadonlyArray<readonly [string, V.SendInput, string, string]> = [
      ["empty text", { ...ok, text: "   " }, "text", "required"],
      ["empty title", { ...ok, title: "" }, "title", "required"],
      ["title over 11 characters", { ...ok, title: "ABCDEFGHIJKL" }, "title", "max-length"],
      ["no recipients", { ...ok, to: [] }, "to", "required"],
      ["a bad number", { ...ok, to: ["905321112233", "12"] }, "to[1]", "turkish-mobile"],
      ["international without opt-in", { ...ok, to: "+4915112345678" }, "to", "international-not-enabled"],
      ["sms_lang 0 for Turkish letters", { ...ok, text: "çok güzel", smsLang: 0 }, "text", "sms-lang"],
      ["sms_lang out of range", { ...ok, smsLang: 7 }, "smsLang", "one-of"],
      ["content type out of range", { ...ok, contentType: 3 }, "contentType", "one-of"]
    ]
    for (const [name, input, field, rule] of cases) {
      it.effect(`refuses ${name}`, () =>
        Effect.gen(function* () {
          const e = yield* failure(V.send(input))
          assert.strictEqual(e.field, field)
          assert.strictEqual(e.rule, rule)
        })
      )
    }

    it.effect("accepts international numbers with the opt-in", () =>
      Effect.gen(function* () {
        const r = yield* V.send({ ...ok, to: ["+4915112345678", "05321112233"], international: true })
        assert.deepStrictEqual(r.recipients, ["4915112345678", "905321112233"])
      })
    )
  })

  describe("schedules", () => {
    it.effect("turns an instant into Turkey-time date and minute", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const r = yield* V.send({ ...ok, schedule: DateTime.makeUnsafe(T0 + 90 * 60_000 + 42_000) })
        assert.deepStrictEqual(r.schedule && { date: r.schedule.date, time: r.schedule.time }, {
          date: "2026-04-29",
          time: "11:30"
        })
      })
    )

    it.effect("accepts date and time strings, and the current minute", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0 + 30_000)
        const r = yield* V.send({ ...ok, schedule: { date: "2026-04-29", time: "10:00" } })
        assert.strictEqual(r.schedule?.time, "10:00")
      })
    )

    const bad: ReadonlyArray<readonly [string, V.ScheduleInput, string, string]> = [
      ["in the past", { date: "2026-04-29", time: "09:59" }, "schedule", "future"],
      ["an instant in the past", DateTime.makeUnsafe(T0 - 3_600_000), "schedule", "future"],
      ["with seconds", { date: "2026-04-29", time: "11:00:00" }, "schedule.time", "format"],
      ["in another date format", { date: "29/04/2026", time: "11:00" }, "schedule.date", "format"],
      ["on a day that does not exist", { date: "2026-02-30", time: "11:00" }, "schedule", "format"],
      ["at an hour that does not exist", { date: "2026-04-30", time: "25:00" }, "schedule", "format"]
    ]
    for (const [name, schedule, field, rule] of bad) {
      it.effect(`refuses a schedule ${name}`, () =>
        Effect.gen(function* () {
          yield* TestClock.setTime(T0)
          const e = yield* failure(V.send({ ...ok, schedule }))
          assert.strictEqual(e.field, field)
          assert.strictEqual(e.rule, rule)
        })
      )
    }
  })

  describe("mixed", () => {
    it.effect("keeps texts and numbers index-aligned, with the widest language", () =>
      Effect.gen(function* () {
        const r = yield* V.mixed({
          title: "EFFECTSMS",
          texts: ["Hello Ada", "Merhaba Şule"],
          to: ["5321112233", "5321112234"]
        })
        assert.deepStrictEqual(r.recipients, ["905321112233", "905321112234"])
        assert.strictEqual(r.smsLang, 1)
        assert.strictEqual(r.predictedParts, 2)
      })
    )

    it.effect("refuses unequal lengths", () =>
      Effect.gen(function* () {
        const e = yield* failure(V.mixed({ title: "EFFECTSMS", texts: ["a", "b"], to: ["5321112233"] }))
        assert.strictEqual(e.rule, "same-length")
      })
    )

    it.effect("refuses an empty text by its index", () =>
      Effect.gen(function* () {
        const e = yield* failure(V.mixed({ title: "EFFECTSMS", texts: ["a", " "], to: ["5321112233", "5321112234"] }))
        assert.strictEqual(e.field, "texts[1]")
      })
    )
  })

  describe("OTP", () => {
    it.effect("defaults to 6 digits and Turkish", () =>
      Effect.gen(function* () {
        const r = yield* V.otp({ to: "0532 111 22 33" })
        assert.strictEqual(r.digits, 6)
        assert.strictEqual(r.lang, 1)
        assert.strictEqual(r.mobile, "905321112233")
      })
    )

    for (const digits of [3, 7, 4.5]) {
      it.effect(`refuses ${digits} digits`, () =>
        Effect.gen(function* () {
          const e = yield* failure(V.otp({ to: "5321112233", digits }))
          assert.strictEqual(e.rule, "range")
        })
      )
    }

    it.effect("refuses a custom text without TS-CODE", () =>
      Effect.gen(function* () {
        const e = yield* failure(V.customOtp({ to: "5321112233", title: "EFFECTSMS", text: "Your code is CODE" }))
        assert.strictEqual(e.field, "text")
        assert.strictEqual(e.rule, "otp-placeholder")
      })
    )

    it.effect("accepts v3's TS_CODE and stores V4's TS-CODE", () =>
      Effect.gen(function* () {
        const r = yield* V.customOtp({ to: "5321112233", title: "EFFECTSMS", text: "Kod: TS_CODE" })
        assert.strictEqual(r.text, "Kod: TS-CODE")
        assert.strictEqual(r.lang, 0)
      })
    )
  })

  it.effect("ids are digits", () =>
    Effect.gen(function* () {
      assert.strictEqual(yield* V.smsId(" 1000007721 "), "1000007721")
      assert.strictEqual(yield* V.smsId(1000007721), "1000007721")
      const e = yield* failure(V.smsId("10-2"))
      assert.strictEqual(e.rule, "digits")
    })
  )
})
