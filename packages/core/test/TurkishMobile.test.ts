/**
 * `PhoneNumber.normalizeTurkishMobile` reads Turkish numbers by rule, without libphonenumber-js (so that programs
 * that only read reports do not load the library). It is held here to what the library, with default country TR,
 * made of the same input (the implementation before the rule): the same numbers accepted, normalised to the same
 * `905XXXXXXXXX`, and for the mistakes people make (a digit too many or too few, a landline, a foreign number) the
 * same message. Malformed input is refused by both, sometimes for a different stated reason (an unknown country code
 * is "not a Turkish number" rather than a digit count that included the `+`).
 */
import { assert, describe, it } from "@effect/vitest"
import { PhoneNumber } from "@effect-sms/core"
import { Result } from "effect"
import * as fc from "fast-check"
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/mobile"

// The implementation before the rule, on libphonenumber-js: the reference.
const SEPARATORS = /[\s\-.()]/g
const viaLibrary = (input: string): Result.Result<string, string> => {
  const compact = input.replace(SEPARATORS, "")
  if (compact === "") return Result.fail("The phone number is empty")
  if (!/^\+?\d+$/.test(compact)) {
    return Result.fail(
      `"${input}" is not a phone number: only digits, a leading +, spaces, dashes, dots and parentheses are allowed`
    )
  }
  const text = (/^905\d{9}$/.test(compact) ? `+${compact}` : compact).replace(/^00/, "+")
  const parsed = parsePhoneNumberFromString(text, { defaultCountry: "TR" as CountryCode })
  if (parsed !== undefined && parsed.countryCallingCode !== "90") {
    return Result.fail(`"${input}" is not a Turkish number: the country code must be +90`)
  }
  const national = parsed?.nationalNumber ?? compact.replace(/^0/, "")
  if (national.length !== 10) {
    return Result.fail(
      `"${input}" has ${national.length} digits after the country code or trunk 0; a Turkish number has 10`
    )
  }
  if (!national.startsWith("5")) {
    const kind = /^[234]/.test(national) ? "a landline" : "not a mobile number"
    return Result.fail(`"${input}" is ${kind}: Turkish mobile numbers start with 5 (5XX XXX XX XX)`)
  }
  return Result.succeed(parsed === undefined ? `90${national}` : parsed.number.slice(1))
}

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""))

/** Digits and separators as people type them, between a prefix and a body. */
const spaced = (parts: ReadonlyArray<string>) =>
  fc
    .array(fc.constantFrom("", "", "", " ", "-", ".", "(", ")"), { minLength: parts.length, maxLength: parts.length })
    .map((seps) => parts.map((p, i) => seps[i] + p).join(""))

const prefixes = ["", "+", "0", "00", "+90", "90", "0090", "+900", "900", "00900", "0900", "+9000", "9090", "+9090"]
const foreignPrefixes = ["+1", "+44", "+49", "+7", "+9", "+99", "+999", "+380", "+994", "+0", "+00", "000", "0000"]

/** Anything of digits, a leading + and separators: accepted and refused numbers of every length. */
const anyNumber = fc
  .tuple(
    fc.constantFrom(...prefixes, ...foreignPrefixes),
    fc.constantFrom("5", "5", "5", "0", "2", "3", "4", "8", "9", "1", ""),
    digits(0, 14)
  )
  .chain(([prefix, first, rest]) => spaced([prefix, first, rest]))

/** The Turkish forms people write, with a body of 9 to 11 digits: mobiles, landlines, a digit too many or too few. */
const turkishAttempt = fc
  .tuple(
    fc.constantFrom("", "0", "+90", "0090", "90", "+90 0"),
    fc.constantFrom("5", "5", "2", "3", "4", "8"),
    digits(8, 10)
  )
  .chain(([prefix, first, rest]) => spaced([prefix, first, rest.slice(0, 3), rest.slice(3)]))

describe("normalizeTurkishMobile by rule", () => {
  it("accepts exactly the numbers libphonenumber-js accepts, normalised the same way", () => {
    let accepted = 0
    let refused = 0
    fc.assert(
      fc.property(anyNumber, (input) => {
        const rule = PhoneNumber.normalizeTurkishMobile(input)
        const library = viaLibrary(input)
        assert.strictEqual(Result.isSuccess(rule), Result.isSuccess(library), input)
        if (Result.isSuccess(rule) && Result.isSuccess(library)) {
          assert.strictEqual(rule.success, library.success, input)
          accepted++
        } else refused++
      }),
      { numRuns: 20_000 }
    )
    // Both sides of the boundary were exercised.
    assert.isAbove(accepted, 100)
    assert.isAbove(refused, 100)
  })

  it("gives the same message for the mistakes people make", () => {
    fc.assert(
      fc.property(turkishAttempt, (input) => {
        assert.deepStrictEqual(PhoneNumber.normalizeTurkishMobile(input), viaLibrary(input), input)
      }),
      { numRuns: 20_000 }
    )
    for (const input of [
      "+44 7911 123456",
      "0044 7911 123456",
      "+49 1512 3456789",
      "+1 202 555 0123",
      "+994 50 123 45 67"
    ])
      assert.deepStrictEqual(PhoneNumber.normalizeTurkishMobile(input), viaLibrary(input), input)
  })

  it("accepts a trunk 0 after the country code, with or without the +", () => {
    for (const input of ["+90 0532 123 45 67", "0090 0532 123 45 67", "90 0532 123 45 67"]) {
      assert.deepStrictEqual(PhoneNumber.normalizeTurkishMobile(input), Result.succeed("905321234567"), input)
      assert.deepStrictEqual(viaLibrary(input), Result.succeed("905321234567"), input)
    }
  })
})
