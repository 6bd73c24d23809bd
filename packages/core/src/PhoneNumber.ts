/**
 * Phone numbers. Any country's mobile numbers to E.164 (`+4915123456789`) through `libphonenumber-js` with its mobile
 * metadata (Infobip sends anywhere), and on top of it the Turkish mobile forms people write (`0532 123 45 67`,
 * `+90 (532) 123-45-67`, `5321234567`, ...) normalised to the `905XXXXXXXXX` form that iletiMerkezi and TurkeySMS
 * take on the wire.
 *
 * @since 0.1.0
 */
import { Effect, Result, Schema, SchemaGetter, SchemaIssue } from "effect"
import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/mobile"
import * as TurkishMobileRule from "./internal/turkishMobile.ts"

// libphonenumber-js, reading `00` as the international prefix `+` (the library's own parser does not for every
// default country). `undefined` when it cannot find a number at all.
const parse = (compact: string, defaultCountry: string | undefined) =>
  parsePhoneNumberFromString(compact.replace(/^00/, "+"), {
    ...(defaultCountry === undefined ? {} : { defaultCountry: defaultCountry as CountryCode })
  })

/**
 * Normalises a mobile number of any country to E.164 (`+` and 8 to 15 digits), or fails with the reason.
 *
 * **Details**
 *
 * Accepts international forms (`+44 7911 123456`, `0044…`) and, with `defaultCountry`, national ones
 * (`07911 123456` with `GB`). The mobile metadata knows which ranges are mobile in each country, so a landline is
 * refused: it cannot receive an SMS. (Where a country does not tell mobiles from landlines, such as the US, both pass.)
 *
 * @since 0.1.0
 */
export const normalizeInternational = (
  input: string,
  options: { readonly defaultCountry?: string | undefined } = {}
): Result.Result<string, string> => {
  const compact = input.trim()
  if (compact === "") return Result.fail("The phone number is empty")
  const parsed = parse(compact, options.defaultCountry)
  if (parsed === undefined) {
    return Result.fail(
      options.defaultCountry === undefined && !/^(\+|00)/.test(compact)
        ? `"${input}" is not an international number: start it with + and the country code`
        : `"${input}" is not a phone number`
    )
  }
  if (!parsed.isValid())
    return Result.fail(
      `"${input}" is not a valid mobile number for ${parsed.country ?? `+${parsed.countryCallingCode}`}`
    )
  return Result.succeed(parsed.number)
}

/**
 * Normalises a Turkish mobile number to `905XXXXXXXXX`, or fails with a message saying why the input is not one.
 *
 * **Details**
 *
 * Accepts `905XXXXXXXXX`, `+905XXXXXXXXX`, `00905XXXXXXXXX`, `05XXXXXXXXX` and `5XXXXXXXXX`, with any spaces, dashes,
 * dots or parentheses, and a trunk 0 after the country code (`+90 (0532) …`). The form is read by rule: international
 * prefix, country code 90, trunk 0 (the same numbers, normalised the same way, as libphonenumber-js with default
 * country TR: a property test holds the two together; the library is not loaded for it). The national significant
 * number must then be 10 digits starting with 5; landlines (2xx, 3xx, 4xx) are rejected because they cannot receive
 * SMS.
 *
 * **Gotchas**
 *
 * Unlike {@link normalizeInternational}, a well-formed 5XX number outside the library's known mobile ranges (`599…`)
 * is accepted: which prefixes carriers hold changes faster than the metadata, and the provider refuses an unallocated
 * one with its own status (iletiMerkezi 466), which callers already handle.
 *
 * @since 0.1.0
 */
export const normalizeTurkishMobile: (input: string) => Result.Result<string, string> = TurkishMobileRule.normalize

/**
 * Tells whether `input` is a Turkish mobile number in any of the forms {@link normalizeTurkishMobile} accepts.
 *
 * @since 0.1.0
 */
export const isTurkishMobile = (input: string): boolean => Result.isSuccess(normalizeTurkishMobile(input))

/**
 * Turns a normalised `905XXXXXXXXX` number into E.164 (`+905XXXXXXXXX`), the form reports and webhooks echo.
 *
 * @since 0.1.0
 */
export const toE164: (normalized: string) => string = TurkishMobileRule.toE164

/**
 * A string decoded to a normalised Turkish mobile number (`905XXXXXXXXX`), failing with the reason otherwise.
 *
 * **Details**
 *
 * Encoding writes the normalised form back as is; a value that is not normalised fails the `905XXXXXXXXX` check.
 *
 * @since 0.1.0
 */
export const TurkishMobile = Schema.String.pipe(
  Schema.decodeTo(Schema.String.check(Schema.isPattern(/^905\d{9}$/)), {
    decode: SchemaGetter.transformEffect((input: string, options) =>
      Result.match(normalizeTurkishMobile(input), {
        onFailure: (message) => Effect.fail(new SchemaIssue.InvalidValue({ message }, input, options)),
        onSuccess: (normalized) => Effect.succeed(normalized)
      })
    ),
    encode: SchemaGetter.passthrough()
  })
)
