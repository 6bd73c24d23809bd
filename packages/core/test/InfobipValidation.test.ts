import { assert, describe, it } from "@effect/vitest"
import { Validation } from "@effect-sms/core/infobip"
import { DateTime, Effect, Result } from "effect"
import { TestClock } from "effect/testing"

const NOW = Date.UTC(2026, 4, 1, 9, 0, 0)
let counter = 0
const newId = () => `gen-${++counter}`

const failure = <A, E>(self: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(NOW)
    return yield* Effect.flip(self)
  })

const ok = <A, E>(self: Effect.Effect<A, E>) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(NOW)
    return yield* self
  })

describe("Infobip validation", () => {
  describe("destinations", () => {
    it("accepts + and 00 prefixes and separators, and sends the digits", () => {
      assert.deepStrictEqual(Validation.normalizeDestination("+41 79 302 67 27"), Result.succeed("41793026727"))
      const r = Validation.normalizeDestination("0090 (532) 111-22-33")
      assert.deepStrictEqual(r, Result.succeed("905321112233"))
    })

    for (const [input, why] of [
      ["123456", "6 digits"],
      ["1234567890123456", "16 digits"],
      ["+90 532 ABC", "letters"],
      ["", "empty"]
    ] as const) {
      it(`refuses ${why}`, () => {
        assert.strictEqual(Validation.normalizeDestination(input)._tag, "Failure")
      })
    }

    it.effect("a destination that is not 7–15 digits fails the send with its path", () =>
      Effect.gen(function* () {
        const e = yield* failure(
          Validation.messages({ messages: [{ destinations: ["905321112233", "12345"], text: "hi" }] }, newId)
        )
        assert.strictEqual(e._tag, "InvalidInput")
        assert.strictEqual(e.field, "messages[0].destinations[1].to")
        assert.strictEqual(e.rule, "international-number")
      })
    )
  })

  describe("message ids", () => {
    it.effect("every destination gets one: the caller's where given, a generated one elsewhere", () =>
      Effect.gen(function* () {
        const v = yield* ok(
          Validation.advanced(
            { messages: [{ destinations: [{ to: "41793026727", messageId: "mine-1" }, "41793026834"], text: "hi" }] },
            () => "generated"
          )
        )
        assert.deepStrictEqual(v.body.messages[0]!.destinations, [
          { to: "41793026727", messageId: "mine-1" },
          { to: "41793026834", messageId: "generated" }
        ])
        assert.deepStrictEqual(
          v.destinations.map((d) => d.messageId),
          ["mine-1", "generated"]
        )
      })
    )

    it.effect("the same message id twice in one request is refused", () =>
      Effect.gen(function* () {
        const e = yield* failure(
          Validation.messages(
            {
              messages: [
                { destinations: [{ to: "41793026727", messageId: "x" }], text: "a" },
                { destinations: [{ to: "41793026834", messageId: "x" }], text: "b" }
              ]
            },
            newId
          )
        )
        assert.strictEqual(e.rule, "unique")
        assert.strictEqual(e.field, "messages[1].destinations[0].messageId")
      })
    )
  })

  describe("text", () => {
    it.effect("an empty or blank text is refused", () =>
      Effect.gen(function* () {
        const e = yield* failure(
          Validation.advanced({ messages: [{ destinations: "41793026727", text: "  " }] }, newId)
        )
        assert.strictEqual(e.field, "messages[0].text")
        assert.strictEqual(e.rule, "required")
      })
    )
  })

  describe("sendAt", () => {
    it.effect("more than 180 days ahead is refused", () =>
      Effect.gen(function* () {
        const e = yield* failure(
          Validation.messages(
            {
              sendAt: DateTime.makeUnsafe(NOW + 181 * 86_400_000),
              messages: [{ destinations: "41793026727", text: "x" }]
            },
            newId
          )
        )
        assert.strictEqual(e.rule, "max-schedule")
      })
    )

    it.effect("exactly 180 days ahead is accepted", () =>
      Effect.gen(function* () {
        const v = yield* ok(
          Validation.messages(
            {
              sendAt: DateTime.makeUnsafe(NOW + 180 * 86_400_000),
              messages: [{ destinations: "41793026727", text: "x" }]
            },
            newId
          )
        )
        assert.strictEqual(v.body.options?.schedule?.sendAt, "2026-10-28T09:00:00.000+0000")
      })
    )

    it.effect("a string without an offset is refused, one with an offset is sent in UTC", () =>
      Effect.gen(function* () {
        const e = yield* failure(
          Validation.advanced(
            { messages: [{ destinations: "41793026727", text: "x", sendAt: "2026-05-02T10:00:00" }] },
            newId
          )
        )
        assert.strictEqual(e.rule, "time-with-offset")
        const v = yield* ok(
          Validation.advanced(
            { messages: [{ destinations: "41793026727", text: "x", sendAt: "2026-05-02T10:00:00+03:00" }] },
            newId
          )
        )
        assert.strictEqual(v.body.messages[0]!.sendAt, "2026-05-02T07:00:00.000+0000")
      })
    )

    it("parses the formats Infobip writes and refuses impossible dates", () => {
      assert.strictEqual(Validation.parseTime("2021-08-25T16:00:00.000+0000"), Date.UTC(2021, 7, 25, 16))
      assert.strictEqual(Validation.parseTime("2021-08-25T16:00Z"), Date.UTC(2021, 7, 25, 16))
      assert.strictEqual(Validation.parseTime("2021-02-31T16:00:00Z"), undefined)
      assert.strictEqual(Validation.parseTime("2021-08-25 16:00:00+0000"), undefined)
    })
  })

  describe("validity", () => {
    it.effect("over 48 hours is refused", () =>
      Effect.gen(function* () {
        const e = yield* failure(
          Validation.advanced(
            { messages: [{ destinations: "41793026727", text: "x", validityPeriod: "49 hours" }] },
            newId
          )
        )
        assert.strictEqual(e.rule, "max-validity")
      })
    )

    it.effect("v1 sends whole minutes, v3 the largest exact unit", () =>
      Effect.gen(function* () {
        const v1 = yield* ok(
          Validation.advanced(
            { messages: [{ destinations: "41793026727", text: "x", validityPeriod: "12 hours" }] },
            newId
          )
        )
        assert.strictEqual(v1.body.messages[0]!.validityPeriod, 720)
        const v3 = yield* ok(
          Validation.messages(
            { messages: [{ destinations: "41793026727", text: "x", validityPeriod: "48 hours" }] },
            newId
          )
        )
        assert.deepStrictEqual(v3.body.messages[0]!.options?.validityPeriod, { amount: 48, timeUnit: "HOURS" })
        const v3s = yield* ok(
          Validation.messages(
            { messages: [{ destinations: "41793026727", text: "x", validityPeriod: "90 seconds" }] },
            newId
          )
        )
        assert.deepStrictEqual(v3s.body.messages[0]!.options?.validityPeriod, { amount: 90, timeUnit: "SECONDS" })
      })
    )
  })

  describe("delivery time window", () => {
    it.effect("shorter than an hour is refused", () =>
      Effect.gen(function* () {
        const e = yield* failure(
          Validation.messages(
            {
              messages: [
                {
                  destinations: "41793026727",
                  text: "x",
                  deliveryTimeWindow: { days: ["MONDAY"], from: { hour: 9, minute: 0 }, to: { hour: 9, minute: 59 } }
                }
              ]
            },
            newId
          )
        )
        assert.strictEqual(e.rule, "min-window")
      })
    )

    it.effect("exactly an hour is accepted; a window with no day is refused", () =>
      Effect.gen(function* () {
        yield* ok(
          Validation.advanced(
            {
              messages: [
                {
                  destinations: "41793026727",
                  text: "x",
                  deliveryTimeWindow: { days: ["MONDAY"], from: { hour: 9, minute: 0 }, to: { hour: 10, minute: 0 } }
                }
              ]
            },
            newId
          )
        )
        const e = yield* failure(
          Validation.advanced(
            { messages: [{ destinations: "41793026727", text: "x", deliveryTimeWindow: { days: [] } }] },
            newId
          )
        )
        assert.strictEqual(e.field, "messages[0].deliveryTimeWindow.days")
      })
    )
  })

  describe("logs range", () => {
    it.effect("clamps the start to the 48 hours Infobip keeps and refuses an empty range", () =>
      Effect.gen(function* () {
        const r = yield* ok(Validation.logsRange({ sentSince: DateTime.makeUnsafe(NOW - 72 * 3_600_000) }))
        assert.deepStrictEqual(r, { since: NOW - 48 * 3_600_000, until: NOW })
        const e = yield* failure(
          Validation.logsRange({
            sentSince: DateTime.makeUnsafe(NOW - 3_600_000),
            sentUntil: DateTime.makeUnsafe(NOW - 7_200_000)
          })
        )
        assert.strictEqual(e.rule, "range")
      })
    )
  })
})
