/**
 * Turkish mobile numbers to the `905XXXXXXXXX` form iletiMerkezi and TurkeySMS take on the wire, by rule and
 * without `libphonenumber-js`: a Turkish number is `+90`, `0090` or `90` (the country code, optional), a trunk `0`
 * (optional) and 10 digits, of which a mobile's start with 5. Keeping the library out of this module keeps it out of
 * every program that only reads reports (its code and metadata are about 1.8 MB of heap, loaded for good).
 * `PhoneNumber.normalizeTurkishMobile` is this function; a property test holds it to what libphonenumber-js (default
 * country TR) accepts and gives, number for number.
 */
import * as Result from "effect/Result"

// Separators people put inside numbers; they carry no meaning and are dropped before any check.
const SEPARATORS = /[\s\-.()]/g

/**
 * Normalises a Turkish mobile number to `905XXXXXXXXX`, or fails with a message saying why the input is not one.
 * See `PhoneNumber.normalizeTurkishMobile`.
 */
export const normalize = (input: string): Result.Result<string, string> => {
  const compact = input.replace(SEPARATORS, "")
  if (compact === "") return Result.fail("The phone number is empty")
  if (!/^\+?\d+$/.test(compact)) {
    return Result.fail(
      `"${input}" is not a phone number: only digits, a leading +, spaces, dashes, dots and parentheses are allowed`
    )
  }
  let national: string
  if (/^(\+|00)/.test(compact)) {
    // International: the country code must be 90; a trunk 0 written after it (`+90 (0532) …`) is dropped.
    const digits = compact.replace(/^(\+|00)/, "")
    if (!digits.startsWith("90")) return Result.fail(`"${input}" is not a Turkish number: the country code must be +90`)
    national = digits.slice(2).replace(/^0(?=\d{10}$)/, "")
  } else {
    // `90` and 10 digits (or a trunk 0 and 10 digits) is the international form written without its prefix
    // (iletiMerkezi's own form); otherwise a national number, with or without the trunk 0.
    const withCode = /^900?([1-9]\d{9})$/.exec(compact)
    national = withCode !== null ? withCode[1]! : compact.replace(/^0(?=\d{10}$)/, "")
  }
  if (national.length !== 10) {
    return Result.fail(
      `"${input}" has ${national.length} digits after the country code or trunk 0; a Turkish number has 10`
    )
  }
  if (!national.startsWith("5")) {
    const kind = /^[234]/.test(national) ? "a landline" : "not a mobile number"
    return Result.fail(`"${input}" is ${kind}: Turkish mobile numbers start with 5 (5XX XXX XX XX)`)
  }
  return Result.succeed(`90${national}`)
}

/** `905XXXXXXXXX` → `+905XXXXXXXXX`, the form reports and webhooks echo. */
export const toE164 = (normalized: string): string => `+${normalized}`
