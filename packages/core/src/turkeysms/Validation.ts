/**
 * Validation of TurkeySMS inputs, before any request is made. Each rule fails with an `InvalidInput` that names the
 * field and the rule; valid input comes back normalised as a request value (numbers as `90…` digits without `+`,
 * `sms_lang` decided, the schedule in Turkey time). The rules mirror what the provider refuses
 * (`docs/providers/turkeysms.md` §2–§4, §8), so that a bad call costs no round trip and no per-minute quota.
 *
 * @since 0.1.0
 */
import { Clock, DateTime, Effect, Result, Schema } from "effect"
import * as Input from "../internal/input.ts"
import * as PhoneNumber from "../PhoneNumber.ts"
import * as Segments from "../Segments.ts"
import { InvalidInput } from "../SmsError.ts"
import { formatTimestamp, parseTimestamp } from "../TurkeyTime.ts"
import * as S from "./Schema.ts"

/**
 * Limits effect-sms applies.
 *
 * **Details**
 *
 * `titleMaxLength` is the 11 characters an alphanumeric sender can have on the air interface (3GPP TS 23.040).
 * `otpDigits` is V4's documented 4–6. TurkeySMS publishes no cap on recipients per request; `maxRecipients` is ours,
 * to keep one call (and one failure) bounded.
 *
 * @since 0.1.0
 */
export const Limits = {
  titleMaxLength: 11,
  otpDigits: { min: 4, max: 6, default: 6 },
  maxRecipients: 100_000
} as const

/**
 * The placeholder a custom OTP text must contain: V4 writes `TS-CODE`, v3 `TS_CODE`; either is accepted.
 *
 * @since 0.1.0
 */
export const OtpPlaceholder = { v4: "TS-CODE", v3: "TS_CODE" } as const

const invalid = (field: string, rule: string, message: string) => new InvalidInput({ field, rule, message })

// The JavaScript shape of each public input, decoded first so that a value of the wrong kind (`text: null`, a
// numeric recipient) is an InvalidInput naming the field, never a TypeError further in.
const AnyDateTime = Schema.declare((u: unknown): u is DateTime.DateTime => DateTime.isDateTime(u), {
  expected: "a DateTime"
})
const Schedule = Schema.Union([AnyDateTime, Schema.Struct({ date: Schema.String, time: Schema.String })])
const Recipients = Schema.Union([Schema.String, Schema.Array(Schema.String)])
const options = {
  smsLang: Schema.optional(Schema.Number),
  contentType: Schema.optional(Schema.Number),
  international: Schema.optional(Schema.Boolean)
}
const decodeSend = Input.decoder(
  Schema.Struct({
    title: Schema.String,
    text: Schema.String,
    to: Recipients,
    schedule: Schema.optional(Schedule),
    ...options
  })
)
const decodeMixed = Input.decoder(
  Schema.Struct({
    title: Schema.String,
    texts: Schema.Array(Schema.String),
    to: Schema.Array(Schema.String),
    ...options
  })
)
const otpFields = {
  to: Schema.String,
  digits: Schema.optional(Schema.Number),
  lang: Schema.optional(Schema.Number),
  title: Schema.optional(Schema.String),
  international: Schema.optional(Schema.Boolean)
}
const decodeOtp = Input.decoder(Schema.Struct(otpFields))
const decodeCustomOtp = Input.decoder(Schema.Struct({ ...otpFields, title: Schema.String, text: Schema.String }))

// ---------------------------------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------------------------------

const SEPARATORS = /[\s\-.()]/g

/**
 * Normalises one number to the wire form: `90…` for a Turkish mobile, the full international digits (no `+`) for
 * another country when `international` is allowed.
 *
 * **Details**
 *
 * Turkish mobiles are accepted in every form people write them (`0532 …`, `+90 532 …`, `0090…`, `532…`). Another
 * country must be written with `+` or `00` (otherwise `4915…` and a mistyped Turkish number cannot be told apart) and
 * be a valid mobile number of that country (libphonenumber-js's mobile metadata). Without `international`, a foreign number is refused here: the provider would answer
 * TS-1032 unless the account is enabled, and an international SMS is billed in TL.
 *
 * @since 0.1.0
 */
export const normalizeNumber = (
  input: string,
  options: { readonly international: boolean }
): Result.Result<string, { readonly rule: string; readonly message: string }> => {
  const compact = input.replace(SEPARATORS, "")
  const explicit = compact.startsWith("+") ? compact.slice(1) : compact.startsWith("00") ? compact.slice(2) : undefined
  if (explicit !== undefined && !explicit.startsWith("90") && /^\d+$/.test(explicit)) {
    if (!options.international) {
      return Result.fail({
        rule: "international-not-enabled",
        message: `"${input}" is outside Turkey; international numbers need the international option (and an account enabled for them)`
      })
    }
    // The mobile metadata of libphonenumber-js knows each country's mobile ranges: a landline cannot take an SMS.
    return Result.match(PhoneNumber.normalizeInternational(`+${explicit}`), {
      onFailure: (message) => Result.fail({ rule: "e164", message }),
      onSuccess: (e164) => Result.succeed(e164.slice(1))
    })
  }
  return Result.mapError(PhoneNumber.normalizeTurkishMobile(input), (message) => ({ rule: "turkish-mobile", message }))
}

const recipients = (
  field: string,
  to: string | ReadonlyArray<string>,
  options: { readonly international: boolean; readonly dedupe: boolean }
): Result.Result<Array<string>, InvalidInput> => {
  const list = typeof to === "string" ? [to] : to
  if (list.length === 0) return Result.fail(invalid(field, "required", "there are no recipients"))
  if (list.length > Limits.maxRecipients) {
    return Result.fail(
      invalid(field, "max-recipients", `${list.length} recipients; one request takes at most ${Limits.maxRecipients}`)
    )
  }
  const seen = new Set<string>()
  const out: Array<string> = []
  for (let i = 0; i < list.length; i++) {
    const at = typeof to === "string" ? field : `${field}[${i}]`
    const n = normalizeNumber(list[i]!, options)
    if (Result.isFailure(n)) return Result.fail(invalid(at, n.failure.rule, n.failure.message))
    // The same number twice in one text would be one SMS billed twice: keep the first.
    if (options.dedupe && seen.has(n.success)) continue
    seen.add(n.success)
    out.push(n.success)
  }
  return Result.succeed(out)
}

// ---------------------------------------------------------------------------------------------------------------------
// Language and parts
// ---------------------------------------------------------------------------------------------------------------------

/**
 * TurkeySMS's part sizes by `sms_lang`: 160/153 for 0 (GSM-7), 155/149 for 1 (Turkish, with the national language
 * shift; inferred, the provider does not publish it), 70/67 for 2 (UCS-2).
 *
 * @since 0.1.0
 */
export const PartLimits: Record<S.SmsLang, Segments.Limits> = {
  0: Segments.Standard.gsm7,
  1: Segments.Standard["gsm7-turkish-single-shift"],
  2: Segments.Standard.ucs2
}

/**
 * The `sms_lang` a text needs: 0 when the GSM-7 default alphabet carries it, 1 when the Turkish shift tables do, 2
 * otherwise. A missing `sms_lang` is billed as 2 by the API, so the client always sends one.
 *
 * @since 0.1.0
 */
export const smsLangFor = (text: string): S.SmsLang => {
  const encoding = Segments.count(text).encoding
  return encoding === "gsm7" ? 0 : encoding === "ucs2" ? 2 : 1
}

// UCS-2 parts, never splitting a surrogate pair.
const ucs2Parts = (text: string): number => {
  const { single, multi } = PartLimits[2]
  if (text.length === 0) return 0
  if (text.length <= single) return 1
  let parts = 1
  let used = 0
  for (const ch of text) {
    const cost = ch.length
    if (used + cost > multi) {
      parts++
      used = cost
    } else {
      used += cost
    }
  }
  return parts
}

/**
 * The parts a text is predicted to take when sent with `smsLang`: what `number_of_sms` should say per recipient.
 *
 * @since 0.1.0
 */
export const predictParts = (text: string, smsLang: S.SmsLang): number => {
  if (smsLang === 2) return ucs2Parts(text)
  // With 1, even a plain GSM-7 text is sent with the Turkish shift header, so it gets the Turkish sizes.
  return Segments.count(text, { limits: { gsm7: PartLimits[smsLang] } }).segments
}

const language = (
  field: string,
  text: string,
  given: number | undefined
): Result.Result<{ readonly smsLang: S.SmsLang; readonly parts: number }, InvalidInput> => {
  const needed = smsLangFor(text)
  if (given === undefined) return Result.succeed({ smsLang: needed, parts: predictParts(text, needed) })
  if (given !== 0 && given !== 1 && given !== 2) {
    return Result.fail(
      invalid("smsLang", "one-of", `smsLang must be 0 (English), 1 (Turkish) or 2 (Unicode), got ${given}`)
    )
  }
  if (given < needed) {
    const what = needed === 1 ? "Turkish letters" : "characters outside GSM-7 and the Turkish tables"
    return Result.fail(
      invalid(
        field,
        "sms-lang",
        `the text has ${what}, which smsLang ${given} cannot carry; use ${needed} or leave it out`
      )
    )
  }
  return Result.succeed({ smsLang: given, parts: predictParts(text, given) })
}

// ---------------------------------------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------------------------------------

const title = (value: string | undefined): Result.Result<string, InvalidInput> => {
  if (value === undefined || value.trim().length === 0) {
    return Result.fail(invalid("title", "required", "the sender ID (title) is empty"))
  }
  if (value.length > Limits.titleMaxLength) {
    return Result.fail(
      invalid("title", "max-length", `the sender ID "${value}" is longer than ${Limits.titleMaxLength} characters`)
    )
  }
  return Result.succeed(value)
}

const text = (field: string, value: string): Result.Result<string, InvalidInput> =>
  value.trim().length === 0
    ? Result.fail(invalid(field, "required", "the message text is empty"))
    : Result.succeed(value)

const contentType = (value: number | undefined): Result.Result<S.ContentType, InvalidInput> => {
  if (value === undefined) return Result.succeed(0)
  return value === 0 || value === 1 || value === 2
    ? Result.succeed(value)
    : Result.fail(
        invalid("contentType", "one-of", `contentType must be 0 (transactional), 1 (high quality) or 2 (advertising)`)
      )
}

/**
 * A schedule as callers give it: an instant, or Turkey-time `date` (`YYYY-MM-DD`) and `time` (`HH:MM`).
 *
 * @since 0.1.0
 */
export type ScheduleInput = DateTime.DateTime | { readonly date: string; readonly time: string }

/**
 * Validates a schedule against the current time: well-formed, a real date, and not in a minute already past. The
 * wire has minute precision, so an instant is truncated to its minute.
 *
 * @since 0.1.0
 */
export const schedule = (input: ScheduleInput, now: number): Result.Result<S.Schedule, InvalidInput> => {
  let millis: number
  if (DateTime.isDateTime(input)) {
    millis = DateTime.toEpochMillis(input)
  } else {
    const date = typeof input.date === "string" ? input.date.trim() : ""
    const time = typeof input.time === "string" ? input.time.trim() : ""
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      return Result.fail(invalid("schedule.date", "format", `"${input.date}" is not a YYYY-MM-DD date`))
    }
    if (!/^\d{2}:\d{2}$/.test(time)) {
      return Result.fail(invalid("schedule.time", "format", `"${input.time}" is not an HH:MM time`))
    }
    const parsed = parseTimestamp(`${date} ${time}:00`)
    if (parsed === undefined) {
      return Result.fail(invalid("schedule", "format", `${date} ${time} is not a real date and time`))
    }
    millis = parsed
  }
  const minute = millis - (((millis % 60_000) + 60_000) % 60_000)
  if (minute < now - (now % 60_000)) {
    return Result.fail(
      invalid("schedule", "future", `the schedule ${formatTimestamp(minute)} (Turkey time) is in the past`)
    )
  }
  const stamp = formatTimestamp(minute)
  return Result.succeed(new S.Schedule({ date: stamp.slice(0, 10), time: stamp.slice(11, 16) }))
}

// ---------------------------------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------------------------------

/**
 * What `sendSms` and `sendGroup` take: one text for one or many numbers.
 *
 * @since 0.1.0
 */
export interface SendInput {
  /** An approved sender ID (case-sensitive). */
  readonly title: string
  readonly text: string
  readonly to: string | ReadonlyArray<string>
  /** 0 English, 1 Turkish, 2 Unicode. Chosen from the text when absent. */
  readonly smsLang?: number | undefined
  /** 0 transactional (default), 1 high quality, 2 advertising. */
  readonly contentType?: number | undefined
  /** When to send (V4 only). */
  readonly schedule?: ScheduleInput | undefined
  /** Allow numbers outside Turkey (the account must be enabled for them). Default false. */
  readonly international?: boolean | undefined
}

/**
 * Validates a send.
 *
 * @since 0.1.0
 */
export const send = Effect.fnUntraced(function* (raw: SendInput) {
  const input = (yield* decodeSend(raw)) as SendInput
  const t = title(input.title)
  if (Result.isFailure(t)) return yield* t.failure
  const body = text("text", input.text)
  if (Result.isFailure(body)) return yield* body.failure
  const to = recipients("to", input.to, { international: input.international === true, dedupe: true })
  if (Result.isFailure(to)) return yield* to.failure
  const lang = language("text", input.text, input.smsLang)
  if (Result.isFailure(lang)) return yield* lang.failure
  const ct = contentType(input.contentType)
  if (Result.isFailure(ct)) return yield* ct.failure
  let when: S.Schedule | undefined
  if (input.schedule !== undefined) {
    const s = schedule(input.schedule, yield* Clock.currentTimeMillis)
    if (Result.isFailure(s)) return yield* s.failure
    when = s.success
  }
  return new S.SendRequest({
    title: t.success,
    text: input.text,
    recipients: to.success,
    smsLang: lang.success.smsLang,
    contentType: ct.success,
    ...(when === undefined ? {} : { schedule: when }),
    predictedParts: lang.success.parts
  })
})

/**
 * What `sendMixed` takes: texts and numbers, index-aligned (text `i` goes to number `i`).
 *
 * @since 0.1.0
 */
export interface MixedInput {
  readonly title: string
  readonly texts: ReadonlyArray<string>
  readonly to: ReadonlyArray<string>
  readonly smsLang?: number | undefined
  readonly contentType?: number | undefined
  readonly international?: boolean | undefined
}

/**
 * Validates a personalised send: equal, non-zero lengths; every text and number valid. One `sms_lang` covers the
 * request, the widest any text needs.
 *
 * @since 0.1.0
 */
export const mixed = Effect.fnUntraced(function* (raw: MixedInput) {
  const input = (yield* decodeMixed(raw)) as MixedInput
  const t = title(input.title)
  if (Result.isFailure(t)) return yield* t.failure
  if (input.texts.length === 0) return yield* invalid("texts", "required", "there are no texts")
  if (input.texts.length !== input.to.length) {
    return yield* invalid(
      "to",
      "same-length",
      `${input.texts.length} texts but ${input.to.length} numbers; text i goes to number i, so they must match`
    )
  }
  const to = recipients("to", input.to, { international: input.international === true, dedupe: false })
  if (Result.isFailure(to)) return yield* to.failure
  let widest: S.SmsLang = 0
  for (let i = 0; i < input.texts.length; i++) {
    const body = text(`texts[${i}]`, input.texts[i]!)
    if (Result.isFailure(body)) return yield* body.failure
    const needed = smsLangFor(input.texts[i]!)
    if (needed > widest) widest = needed
  }
  let smsLang: S.SmsLang = widest
  if (input.smsLang !== undefined) {
    for (let i = 0; i < input.texts.length; i++) {
      const lang = language(`texts[${i}]`, input.texts[i]!, input.smsLang)
      if (Result.isFailure(lang)) return yield* lang.failure
      smsLang = lang.success.smsLang
    }
  }
  const ct = contentType(input.contentType)
  if (Result.isFailure(ct)) return yield* ct.failure
  let parts = 0
  for (const m of input.texts) parts += predictParts(m, smsLang)
  return new S.MixedRequest({
    title: t.success,
    texts: input.texts,
    recipients: to.success,
    smsLang,
    contentType: ct.success,
    predictedParts: parts
  })
})

/**
 * What `sendOtp` takes.
 *
 * @since 0.1.0
 */
export interface OtpInput {
  readonly to: string
  /** 4 to 6; default 6. */
  readonly digits?: number | undefined
  /** The template's language: 0 English, 1 Turkish (default), 2 Arabic. */
  readonly lang?: number | undefined
  /** A sender ID. V4's `/otp/send` takes none; v3's route takes one. */
  readonly title?: string | undefined
  readonly international?: boolean | undefined
}

/**
 * What `sendCustomOtp` takes: a text containing `TS-CODE` (or v3's `TS_CODE`), which the provider replaces with the
 * code.
 *
 * @since 0.1.0
 */
export interface CustomOtpInput extends OtpInput {
  readonly title: string
  readonly text: string
}

const digitsOf = (value: number | undefined): Result.Result<4 | 5 | 6, InvalidInput> => {
  const d = value ?? Limits.otpDigits.default
  return d === 4 || d === 5 || d === 6
    ? Result.succeed(d)
    : Result.fail(invalid("digits", "range", `an OTP code has 4 to 6 digits, got ${value}`))
}

const otpMobile = (to: string, international: boolean | undefined): Result.Result<string, InvalidInput> => {
  const n = normalizeNumber(to, { international: international === true })
  return Result.isFailure(n) ? Result.fail(invalid("to", n.failure.rule, n.failure.message)) : Result.succeed(n.success)
}

/**
 * Validates a standard OTP send.
 *
 * @since 0.1.0
 */
export const otp = Effect.fnUntraced(function* (raw: OtpInput) {
  const input = (yield* decodeOtp(raw)) as OtpInput
  const mobile = otpMobile(input.to, input.international)
  if (Result.isFailure(mobile)) return yield* mobile.failure
  const digits = digitsOf(input.digits)
  if (Result.isFailure(digits)) return yield* digits.failure
  const lang = input.lang ?? 1
  if (lang !== 0 && lang !== 1 && lang !== 2) {
    return yield* invalid("lang", "one-of", `lang must be 0 (English), 1 (Turkish) or 2 (Arabic), got ${input.lang}`)
  }
  let t: string | undefined
  if (input.title !== undefined) {
    const checked = title(input.title)
    if (Result.isFailure(checked)) return yield* checked.failure
    t = checked.success
  }
  return new S.OtpRequest({
    mobile: mobile.success,
    digits: digits.success,
    lang,
    ...(t === undefined ? {} : { title: t })
  })
})

/**
 * Validates a custom OTP send. The text is stored with V4's `TS-CODE` placeholder.
 *
 * @since 0.1.0
 */
export const customOtp = Effect.fnUntraced(function* (raw: CustomOtpInput) {
  const input = (yield* decodeCustomOtp(raw)) as CustomOtpInput
  const mobile = otpMobile(input.to, input.international)
  if (Result.isFailure(mobile)) return yield* mobile.failure
  const t = title(input.title)
  if (Result.isFailure(t)) return yield* t.failure
  const body = text("text", input.text)
  if (Result.isFailure(body)) return yield* body.failure
  if (!input.text.includes(OtpPlaceholder.v4) && !input.text.includes(OtpPlaceholder.v3)) {
    return yield* invalid(
      "text",
      "otp-placeholder",
      `a custom OTP text must contain ${OtpPlaceholder.v4}, which the provider replaces with the code`
    )
  }
  const digits = digitsOf(input.digits)
  if (Result.isFailure(digits)) return yield* digits.failure
  const normalized = input.text.split(OtpPlaceholder.v3).join(OtpPlaceholder.v4)
  // The code is digits, which every alphabet carries: the placeholder's own letters decide nothing.
  const lang = language("text", normalized, input.lang)
  if (Result.isFailure(lang)) return yield* lang.failure
  return new S.OtpRequest({
    mobile: mobile.success,
    digits: digits.success,
    lang: lang.success.smsLang,
    title: t.success,
    text: normalized
  })
})

/**
 * Validates a message id: digits, as the provider assigns them, not 0. A number must be a safe integer (a larger one
 * has already lost its last digits); longer ids must be given as strings.
 *
 * @since 0.1.0
 */
export const smsId = (id: string | number): Effect.Effect<string, InvalidInput> => {
  const s =
    typeof id === "number" ? (Number.isSafeInteger(id) ? String(id) : "") : typeof id === "string" ? id.trim() : ""
  return /^\d{1,24}$/.test(s) && !/^0+$/.test(s)
    ? Effect.succeed(s)
    : Effect.fail(invalid("smsId", "digits", `"${id}" is not a TurkeySMS message id (digits)`))
}

/**
 * Validates and normalises a number to blacklist.
 *
 * @since 0.1.0
 */
export const blacklistNumber = (number: string, options: { readonly international?: boolean | undefined } = {}) =>
  typeof number !== "string"
    ? Input.string("number")(number)
    : Result.match(normalizeNumber(number, { international: options.international === true }), {
        onFailure: (why) => Effect.fail(invalid("number", why.rule, why.message)),
        onSuccess: (n) => Effect.succeed(n)
      })
