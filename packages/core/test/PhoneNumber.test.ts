import { assert, describe, it } from "@effect/vitest"
import { PhoneNumber } from "@effect-sms/core"
import { Effect, Result, Schema } from "effect"

const accepted = [
  "905321234567",
  "+905321234567",
  "00905321234567",
  "05321234567",
  "5321234567",
  "+90 (532) 123-45-67",
  "0532 123 45 67",
  "0 (532) 123.45.67",
  " +90-532-123-4567 ",
  "0090 532 123 45 67",
  // The trunk 0 kept after the country code, as people often write it: libphonenumber-js drops it.
  "+90 (0532) 123 45 67"
]

const rejected: ReadonlyArray<readonly [input: string, reason: string]> = [
  ["", "empty"],
  ["  - ", "empty"],
  ["0532 ABC 45 67", "only digits"],
  ["+90 532 123 45 6x", "only digits"],
  ["90+5321234567", "only digits"],
  ["+44 7911 123456", "country code"],
  ["0044 7911 123456", "country code"],
  ["0212 123 45 67", "landline"],
  ["+90 312 123 45 67", "landline"],
  ["4441234", "7 digits"],
  ["4441234567", "landline"],
  ["532123456", "9 digits"],
  ["53212345678", "11 digits"],
  ["+90 532 123 45 678", "11 digits"],
  ["0850 123 45 67", "not a mobile"],
  ["1321234567", "not a mobile"]
]

describe("PhoneNumber", () => {
  describe("normalizeTurkishMobile", () => {
    for (const input of accepted) {
      it(`accepts ${JSON.stringify(input)}`, () => {
        assert.deepStrictEqual(PhoneNumber.normalizeTurkishMobile(input), Result.succeed("905321234567"))
        assert.isTrue(PhoneNumber.isTurkishMobile(input))
      })
    }

    for (const [input, reason] of rejected) {
      it(`rejects ${JSON.stringify(input)} (${reason})`, () => {
        const result = PhoneNumber.normalizeTurkishMobile(input)
        assert.isTrue(Result.isFailure(result))
        if (Result.isFailure(result)) assert.include(result.failure, reason)
        assert.isFalse(PhoneNumber.isTurkishMobile(input))
      })
    }
  })

  it("toE164 prefixes the normalised number with +", () => {
    assert.strictEqual(PhoneNumber.toE164("905321234567"), "+905321234567")
  })

  describe("TurkishMobile schema", () => {
    it.effect("decodes any accepted form to the normalised number", () =>
      Effect.gen(function* () {
        const decode = Schema.decodeUnknownEffect(PhoneNumber.TurkishMobile)
        assert.strictEqual(yield* decode("+90 (532) 123-45-67"), "905321234567")
        assert.strictEqual(yield* decode("0532 123 45 67"), "905321234567")
      })
    )

    it.effect("fails with the reason", () =>
      Effect.gen(function* () {
        const error = yield* Effect.flip(Schema.decodeUnknownEffect(PhoneNumber.TurkishMobile)("0212 123 45 67"))
        assert.include(error.message, "landline")
      })
    )

    it("rejects a value that is not a string", () => {
      assert.isTrue(Result.isFailure(Schema.decodeUnknownResult(PhoneNumber.TurkishMobile)(5321234567)))
    })

    it("encodes the normalised number as is and refuses anything else", () => {
      assert.strictEqual(Schema.encodeSync(PhoneNumber.TurkishMobile)("905321234567"), "905321234567")
      assert.throws(() => Schema.encodeSync(PhoneNumber.TurkishMobile)("0532 123 45 67"))
    })
  })
})

describe("normalizeInternational", () => {
  it("gives E.164 for mobiles of any country, written in the usual ways", () => {
    const cases: ReadonlyArray<readonly [string, string]> = [
      ["+90 532 123 45 67", "+905321234567"],
      ["0090 532 123 45 67", "+905321234567"],
      ["+49 1512 3456789", "+4915123456789"],
      ["+44 7911 123456", "+447911123456"],
      ["+1 (202) 555-0123", "+12025550123"]
    ]
    for (const [input, e164] of cases)
      assert.deepStrictEqual(PhoneNumber.normalizeInternational(input), Result.succeed(e164))
  })

  it("reads national forms with a default country", () => {
    assert.deepStrictEqual(
      PhoneNumber.normalizeInternational("07911 123456", { defaultCountry: "GB" }),
      Result.succeed("+447911123456")
    )
    assert.deepStrictEqual(
      PhoneNumber.normalizeInternational("0532 123 45 67", { defaultCountry: "TR" }),
      Result.succeed("+905321234567")
    )
  })

  it("refuses landlines, numbers without a country, and text, saying why", () => {
    const landline = PhoneNumber.normalizeInternational("+90 212 123 45 67")
    assert.isTrue(Result.isFailure(landline))
    assert.include(Result.isFailure(landline) ? landline.failure : "", "not a valid mobile number for TR")
    const national = PhoneNumber.normalizeInternational("07911 123456")
    assert.include(Result.isFailure(national) ? national.failure : "", "start it with + and the country code")
    assert.isTrue(Result.isFailure(PhoneNumber.normalizeInternational("call me")))
    assert.isTrue(Result.isFailure(PhoneNumber.normalizeInternational("")))
  })
})
