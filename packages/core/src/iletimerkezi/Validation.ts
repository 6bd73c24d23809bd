/**
 * Validation of iletiMerkezi inputs, before any request is made. Each rule fails with an `InvalidInput` that names
 * the field and the rule; valid input comes back normalised (phone numbers as `905XXXXXXXXX`) as a request value.
 * The rules mirror the server's own checks (docs/providers/iletimerkezi-api.md ("Endpoints"; "Limits"; "Simulator behaviour")) so that a bad call costs no round trip;
 * where the server is the authority (segment counts, 453), our check is an estimate on the safe side.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Input from "../internal/input.ts"
import * as TurkishMobile from "../internal/turkishMobile.ts"
import * as Segments from "../Segments.ts"
import { InvalidInput } from "../SmsError.ts"
import { formatTimestamp, parseDay, parseTimestamp } from "../TurkeyTime.ts"
import * as S from "./Schema.ts"

/**
 * Limits the provider documents.
 *
 * @since 0.1.0
 */
export const Limits = {
  senderMaxLength: 11,
  maxParts: 7,
  maxRecipientsPerOrder: 50_000,
  maxRowCount: 1000,
  maxRangeDays: 10,
  maxConsents: 5000,
  consentMaxAgeDays: 3,
  /**
   * How far ahead an order may be scheduled. The provider documents no bound (it accepts any date, the year 2099
   * included); a year is ours, so that a mistyped year fails here instead of holding an order for decades.
   */
  maxScheduleDays: 365
} as const

const invalid = (field: string, rule: string, message: string) => new InvalidInput({ field, rule, message })

const turkishLetters = /[çğıöşüÇĞİÖŞÜ]/
// Sender IDs are alphanumeric with spaces (the provider's get-sender page); anything outside printable ASCII (other
// letters, emoji, tabs, control characters) is refused by the provider's 460 check or never approved.
const printableAscii = /^[\x20-\x7e]*$/

// The JavaScript shape of each public input, decoded first so that a value of the wrong kind is an InvalidInput.
const Recipients = Schema.Union([Schema.String, Schema.Array(Schema.String)])
const AnyDateTime = Schema.declare((u: unknown): u is DateTime.DateTime => DateTime.isDateTime(u), {
  expected: "a DateTime"
})
const sendCommon = {
  sender: Schema.String,
  iys: Schema.Literals([0, 1]),
  iysList: Schema.optional(S.IysList),
  sendAt: Schema.optional(AnyDateTime)
}
const decodeSingle = Input.decoder(Schema.Struct({ ...sendCommon, text: Schema.String, to: Recipients }))
const decodeBatch = Input.decoder(
  Schema.Struct({ ...sendCommon, messages: Schema.Array(Schema.Struct({ text: Schema.String, to: Recipients })) })
)
const decodeObject = Input.decoder(Schema.Record(Schema.String, Schema.Unknown))
const BrandCode = Schema.Union([Schema.String, Schema.Number])
const decodeConsents = Input.decoder(
  Schema.Struct({
    brandCode: BrandCode,
    consents: Schema.Array(
      Schema.Struct({
        recipient: Schema.String,
        recipientType: Schema.String,
        type: Schema.String,
        status: Schema.String,
        source: Schema.String,
        consentDate: Schema.Union([Schema.String, AnyDateTime])
      })
    )
  })
)
const decodeConsentQuery = Input.decoder(
  Schema.Struct({ brandCode: BrandCode, recipient: Schema.String, recipientType: Schema.String, type: Schema.String })
)
const decodeRange = Input.decoder(Schema.Struct({ start: Schema.String, end: Schema.String }))

/**
 * Validates a date range's shape: an object with string `start` and `end` (their format is checked where used).
 *
 * @since 0.1.0
 */
export const range = (value: { readonly start: string; readonly end: string }) => decodeRange(value)

/**
 * Validates a concurrency: a positive integer (NaN or 0 would mean unbounded or nothing at all).
 *
 * @since 0.1.0
 */
export const concurrency = (value: number): Effect.Effect<number, InvalidInput> =>
  Number.isSafeInteger(value) && value >= 1
    ? Effect.succeed(value)
    : Effect.fail(
        invalid("concurrency", "positive-integer", `concurrency must be a positive integer, got ${String(value)}`)
      )

/**
 * iletiMerkezi's limits, 5 characters below the 3GPP ones because the operator code `B186` is appended to every SMS.
 *
 * **Details**
 *
 * The single-part limits (155 GSM-7, 150 Turkish, 65 Unicode) are published by iletiMerkezi. The multi-part limits
 * are not: 148, 144 and 62 are inferred by subtracting the same 5 characters from the 3GPP multi-part limits, so they
 * are an estimate and the server's 453 (more than 7 parts) stays authoritative.
 *
 * @since 0.1.0
 */
export const SegmentLimits: Record<Segments.Encoding, Segments.Limits> = {
  gsm7: { single: 155, multi: 148 },
  "gsm7-turkish-single-shift": { single: 150, multi: 144 },
  "gsm7-turkish-locking-shift": { single: 150, multi: 144 },
  ucs2: { single: 65, multi: 62 }
}

/**
 * What `sendSms` takes: one text for many recipients, or several texts each with its own recipients.
 *
 * @since 0.1.0
 */
export type SendSmsInput = {
  /** An approved sender ID: at most 11 characters, no Turkish letters. */
  readonly sender: string
  /** 1 for a commercial message (checked against İYS), 0 for an informational one. */
  readonly iys: 0 | 1
  /** Required when `iys` is 1. */
  readonly iysList?: S.IysList | undefined
  /** When to send. Sent as `dd/MM/yyyy HH:mm` in Turkey time, so seconds are dropped. Absent means now. */
  readonly sendAt?: DateTime.DateTime | undefined
} & (
  | { readonly text: string; readonly to: string | ReadonlyArray<string> }
  | { readonly messages: ReadonlyArray<{ readonly text: string; readonly to: string | ReadonlyArray<string> }> }
)

const validateSender = (sender: string): InvalidInput | undefined => {
  if (sender.trim().length === 0) return invalid("sender", "required", "the sender ID is empty")
  if (sender.length > Limits.senderMaxLength) {
    return invalid(
      "sender",
      "max-length",
      `the sender ID "${sender}" is longer than ${Limits.senderMaxLength} characters`
    )
  }
  if (turkishLetters.test(sender)) {
    return invalid("sender", "no-turkish-characters", `the sender ID "${sender}" contains Turkish characters`)
  }
  if (!printableAscii.test(sender)) {
    return invalid(
      "sender",
      "ascii",
      `the sender ID ${JSON.stringify(sender)} has characters other than ASCII letters, digits, spaces and punctuation`
    )
  }
  return undefined
}

const normalizeRecipients = (
  field: string,
  to: string | ReadonlyArray<string>
): Result.Result<Array<string>, InvalidInput> => {
  const list = typeof to === "string" ? [to] : to
  if (list.length === 0) return Result.fail(invalid(field, "required", "there are no recipients"))
  const seen = new Set<string>()
  const out: Array<string> = []
  for (let i = 0; i < list.length; i++) {
    const n = TurkishMobile.normalize(list[i]!)
    if (Result.isFailure(n)) {
      return Result.fail(
        invalid(`${field}[${i}]`, "turkish-mobile", `"${list[i]}" is not a Turkish mobile number: ${n.failure}`)
      )
    }
    // The same number twice in one text would be one SMS billed (or sent) twice: keep the first.
    if (!seen.has(n.success)) {
      seen.add(n.success)
      out.push(n.success)
    }
  }
  return Result.succeed(out)
}

/**
 * Validates a send and builds its request value.
 *
 * @since 0.1.0
 */
export const sendSms = Effect.fnUntraced(function* (raw: SendSmsInput) {
  const object = yield* decodeObject(raw)
  const input: SendSmsInput = "messages" in object ? yield* decodeBatch(raw) : yield* decodeSingle(raw)
  const senderError = validateSender(input.sender)
  if (senderError) return yield* senderError
  const texts = "messages" in input ? input.messages : [{ text: input.text, to: input.to }]
  const prefix = (i: number) => ("messages" in input ? `messages[${i}].` : "")
  if (texts.length === 0) return yield* invalid("messages", "required", "there are no messages")
  const messages: Array<S.SmsMessage> = []
  let total = 0
  for (let i = 0; i < texts.length; i++) {
    const m = texts[i]!
    if (m.text.trim().length === 0) return yield* invalid(`${prefix(i)}text`, "required", "the message text is empty")
    // Counted the way the provider counts: it appends a 5-character operator code to every SMS, so its parts hold
    // 5 characters less than the 3GPP ones (155/150/65 single-part, published; 148/144/62 per part of a long text,
    // inferred the same way). A GSM-7 text of 1,037 characters needs 8 such parts, and the provider answers 453.
    const parts = Segments.count(m.text, { limits: SegmentLimits })
    if (parts.segments > Limits.maxParts) {
      return yield* invalid(
        `${prefix(i)}text`,
        "max-parts",
        `the text needs ${parts.segments} SMS parts (${parts.units} ${parts.encoding === "ucs2" ? "UCS-2 units" : "GSM-7 septets"}, ${parts.perSegment} a part with iletiMerkezi's operator code); the maximum is ${Limits.maxParts}`
      )
    }
    const recipients = normalizeRecipients(`${prefix(i)}to`, m.to)
    if (Result.isFailure(recipients)) return yield* recipients.failure
    total += recipients.success.length
    messages.push(new S.SmsMessage({ text: m.text, recipients: recipients.success }))
  }
  if (total > Limits.maxRecipientsPerOrder) {
    return yield* invalid(
      "to",
      "max-recipients",
      `${total} recipients; one order takes at most ${Limits.maxRecipientsPerOrder}`
    )
  }
  if (input.iys !== 0 && input.iys !== 1) return yield* invalid("iys", "one-of", "iys must be 0 or 1")
  if (input.iys === 1 && input.iysList !== "BIREYSEL" && input.iysList !== "TACIR") {
    return yield* invalid("iysList", "required-when-iys", "with iys = 1, iysList must be BIREYSEL or TACIR")
  }
  let sendAt: DateTime.Utc | undefined
  if (input.sendAt !== undefined) {
    const now = yield* Clock.currentTimeMillis
    // The wire has minute precision: the order goes out at the start of the given minute.
    const at = DateTime.toEpochMillis(input.sendAt)
    const minute = at - (at % 60_000)
    if (minute < now - (now % 60_000)) {
      return yield* invalid(
        "sendAt",
        "future",
        `the schedule ${DateTime.formatIso(DateTime.toUtc(input.sendAt))} is in the past`
      )
    }
    if (minute > now + Limits.maxScheduleDays * 86_400_000) {
      return yield* invalid(
        "sendAt",
        "max-ahead",
        `the schedule ${DateTime.formatIso(DateTime.toUtc(input.sendAt))} is more than ${Limits.maxScheduleDays} days ahead`
      )
    }
    sendAt = DateTime.makeUnsafe(minute)
  }
  return new S.SendSmsRequest({
    sender: input.sender,
    messages,
    ...(sendAt === undefined ? {} : { sendAt }),
    iys: input.iys,
    ...(input.iys === 1 && input.iysList !== undefined ? { iysList: input.iysList } : {})
  })
})

/**
 * Validates an order id: a positive integer, as the provider assigns them, given as digits or as a number. Ids
 * travel as JSON numbers, so an id above `Number.MAX_SAFE_INTEGER` could not be told apart from its neighbours and
 * is refused, as is 0 (no order has it).
 *
 * @since 0.1.0
 */
export const orderId = (id: string | number): Effect.Effect<string, InvalidInput> => {
  const s =
    typeof id === "number" ? (Number.isSafeInteger(id) ? String(id) : "") : typeof id === "string" ? id.trim() : ""
  return /^[1-9]\d{0,15}$/.test(s) && Number.isSafeInteger(Number(s))
    ? Effect.succeed(s)
    : Effect.fail(
        invalid("orderId", "digits", `${JSON.stringify(id) ?? String(id)} is not an order id (a positive integer)`)
      )
}

/**
 * Validates paging: page ≥ 1, rowCount in 1..1000.
 *
 * @since 0.1.0
 */
export const paging = (page: number, rowCount?: number): Effect.Effect<void, InvalidInput> => {
  if (!Number.isInteger(page) || page < 1)
    return Effect.fail(invalid("page", "min", `page must be an integer ≥ 1, got ${page}`))
  if (rowCount !== undefined && (!Number.isInteger(rowCount) || rowCount < 1 || rowCount > Limits.maxRowCount)) {
    return Effect.fail(
      invalid("rowCount", "range", `rowCount must be an integer from 1 to ${Limits.maxRowCount}, got ${rowCount}`)
    )
  }
  return Effect.void
}

/**
 * Validates a get-reports range: strict `Y-m-d` dates, end not before start, at most 10 days apart.
 *
 * @since 0.1.0
 */
export const dateRange = (start: string, end: string): Effect.Effect<void, InvalidInput> => {
  if (typeof start !== "string") return Input.string("start")(start)
  if (typeof end !== "string") return Input.string("end")(end)
  const s = parseDay(start)
  if (s === undefined) return Effect.fail(invalid("start", "date", `"${start}" is not a Y-m-d date`))
  const e = parseDay(end)
  if (e === undefined) return Effect.fail(invalid("end", "date", `"${end}" is not a Y-m-d date`))
  if (e < s) return Effect.fail(invalid("end", "not-before-start", `the end ${end} is before the start ${start}`))
  // The docs: "the gap between start and end is at most 10 days". Longer ranges go through `orders()`, which
  // splits them into windows of 10 inclusive days.
  if (e - s > Limits.maxRangeDays) {
    return Effect.fail(
      invalid(
        "end",
        "max-range",
        `${start}..${end} spans more than ${Limits.maxRangeDays} days; use the orders() stream for longer ranges`
      )
    )
  }
  return Effect.void
}

/**
 * Validates and normalises a blacklist number.
 *
 * @since 0.1.0
 */
export const blacklistNumber = (number: string): Effect.Effect<string, InvalidInput> =>
  typeof number !== "string"
    ? Input.string("number")(number)
    : Result.match(TurkishMobile.normalize(number), {
        onFailure: (why) =>
          Effect.fail(invalid("number", "turkish-mobile", `"${number}" is not a Turkish mobile number: ${why}`)),
        onSuccess: Effect.succeed
      })

/**
 * Validates a blacklist date filter bound (`YYYY-MM-DD HH:MM:SS`).
 *
 * @since 0.1.0
 */
export const timestamp = (field: string, value: string): Effect.Effect<string, InvalidInput> =>
  typeof value !== "string"
    ? Input.string(field)(value)
    : parseTimestamp(value) === undefined
      ? Effect.fail(invalid(field, "timestamp", `"${value}" is not a YYYY-MM-DD HH:MM:SS timestamp`))
      : Effect.succeed(value)

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const sourcePattern = /^HS_[A-Z0-9_]+$/
const recipientTypes: ReadonlySet<string> = new Set(["BIREYSEL", "TACIR"])
const consentTypes: ReadonlySet<string> = new Set(["MESAJ", "EPOSTA", "ARAMA"])
const consentStatuses: ReadonlySet<string> = new Set(["ONAY", "RET"])

const consentRecipient = (field: string, type: string, recipient: string): Result.Result<string, InvalidInput> => {
  if (type === "EPOSTA") {
    return emailPattern.test(recipient)
      ? Result.succeed(recipient.trim())
      : Result.fail(invalid(field, "email", `"${recipient}" is not an email address`))
  }
  const n = TurkishMobile.normalize(recipient)
  return Result.isFailure(n)
    ? Result.fail(invalid(field, "turkish-mobile", `"${recipient}" is not a Turkish mobile number: ${n.failure}`))
    : Result.succeed(TurkishMobile.toE164(n.success))
}

const brandCode = (code: string | number): Result.Result<string, InvalidInput> => {
  const s = String(code).trim()
  return /^\d+$/.test(s)
    ? Result.succeed(s)
    : Result.fail(invalid("brandCode", "digits", `"${code}" is not an İYS brand code`))
}

/**
 * An İYS consent record as callers give it.
 *
 * @since 0.1.0
 */
export interface ConsentInput {
  readonly recipient: string
  readonly recipientType: "BIREYSEL" | "TACIR"
  readonly type: "MESAJ" | "EPOSTA" | "ARAMA"
  readonly status: "ONAY" | "RET"
  readonly source: string
  /** When consent was given: a `DateTime`, or `YYYY-MM-DD HH:MM:SS` in Turkey time. At most 3 days old. */
  readonly consentDate: DateTime.DateTime | string
}

/**
 * Validates an İYS batch: 1 to 5,000 records, each field well-formed, no consent date in the future or older than
 * 3 days. The batch is all-or-nothing on the server, so one bad record fails the whole call here too.
 *
 * @since 0.1.0
 */
export const registerConsents = Effect.fnUntraced(function* (raw: {
  readonly brandCode: string | number
  readonly consents: ReadonlyArray<ConsentInput>
}) {
  const input = (yield* decodeConsents(raw)) as typeof raw
  const code = brandCode(input.brandCode)
  if (Result.isFailure(code)) return yield* code.failure
  if (input.consents.length === 0) return yield* invalid("consents", "required", "there are no consent records")
  if (input.consents.length > Limits.maxConsents) {
    return yield* invalid(
      "consents",
      "max-records",
      `${input.consents.length} records; one batch takes at most ${Limits.maxConsents}`
    )
  }
  const now = yield* Clock.currentTimeMillis
  const consents: Array<S.Consent> = []
  for (let i = 0; i < input.consents.length; i++) {
    const c = input.consents[i]!
    const at = (f: string) => `consents[${i}].${f}`
    if (!recipientTypes.has(c.recipientType))
      return yield* invalid(at("recipientType"), "one-of", "must be BIREYSEL or TACIR")
    if (!consentTypes.has(c.type)) return yield* invalid(at("type"), "one-of", "must be MESAJ, EPOSTA or ARAMA")
    if (!consentStatuses.has(c.status)) return yield* invalid(at("status"), "one-of", "must be ONAY or RET")
    if (!sourcePattern.test(c.source))
      return yield* invalid(at("source"), "iys-source", `"${c.source}" is not an İYS source (HS_...)`)
    const recipient = consentRecipient(at("recipient"), c.type, c.recipient)
    if (Result.isFailure(recipient)) return yield* recipient.failure
    const date = typeof c.consentDate === "string" ? c.consentDate : formatTimestamp(c.consentDate)
    const millis = parseTimestamp(date)
    if (millis === undefined || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(date)) {
      return yield* invalid(at("consentDate"), "timestamp", `"${date}" is not a YYYY-MM-DD HH:MM:SS timestamp`)
    }
    if (millis > now + 60_000) return yield* invalid(at("consentDate"), "not-future", `${date} is in the future`)
    if (now - millis > Limits.consentMaxAgeDays * 86_400_000) {
      return yield* invalid(at("consentDate"), "max-age", `${date} is older than ${Limits.consentMaxAgeDays} days`)
    }
    consents.push(
      new S.Consent({
        recipient: recipient.success,
        recipientType: c.recipientType,
        type: c.type,
        status: c.status,
        source: c.source,
        consentDate: date
      })
    )
  }
  return new S.RegisterConsentsRequest({ brandCode: code.success, consents })
})

/**
 * Validates a consent lookup.
 *
 * @since 0.1.0
 */
export const checkConsent = Effect.fnUntraced(function* (raw: {
  readonly brandCode: string | number
  readonly recipient: string
  readonly recipientType: "BIREYSEL" | "TACIR"
  readonly type: "MESAJ" | "EPOSTA" | "ARAMA"
}) {
  const input = (yield* decodeConsentQuery(raw)) as typeof raw
  const code = brandCode(input.brandCode)
  if (Result.isFailure(code)) return yield* code.failure
  if (!recipientTypes.has(input.recipientType))
    return yield* invalid("recipientType", "one-of", "must be BIREYSEL or TACIR")
  if (!consentTypes.has(input.type)) return yield* invalid("type", "one-of", "must be MESAJ, EPOSTA or ARAMA")
  const recipient = consentRecipient("recipient", input.type, input.recipient)
  if (Result.isFailure(recipient)) return yield* recipient.failure
  return new S.CheckConsentRequest({
    brandCode: code.success,
    recipient: recipient.success,
    recipientType: input.recipientType,
    type: input.type
  })
})
