/**
 * Validation of Infobip sends, before any request is made (`docs/providers/infobip.md` §3). Each rule fails with an
 * `InvalidInput` naming the field and the rule; valid input comes back as the wire body, with destinations as
 * international digits, times in Infobip's `yyyy-MM-dd'T'HH:mm:ss.SSS+0000` form, and a `messageId` on every
 * destination (the caller's, or a generated one), which is what makes a send safe to reconcile.
 *
 * @since 0.1.0
 */
import { Clock, DateTime, Duration, Effect, Option, Result, Schema } from "effect"
import * as Input from "../internal/input.ts"
import { InvalidInput } from "../SmsError.ts"
import { stripUndefined } from "./internal/strip.ts"
import type * as S from "./Schema.ts"

/**
 * Limits the provider documents (or that effect-sms infers, see `docs/providers/infobip.md`).
 *
 * @since 0.1.0
 */
export const Limits = {
  /** E.164 allows 15 digits; 7 is the shortest international number in use. */
  destinationMinDigits: 7,
  destinationMaxDigits: 15,
  maxScheduleDays: 180,
  maxValidityHours: 48,
  minDeliveryWindowMinutes: 60,
  maxCallbackDataLength: 4000,
  maxIdLength: 200,
  alphanumericSenderMaxLength: 11,
  numericSenderMaxLength: 16,
  maxLogsLimit: 1000,
  maxReportsLimit: 1000,
  logsRetentionHours: 48
} as const

const invalid = (field: string, rule: string, message: string) => new InvalidInput({ field, rule, message })

// Separators people put inside numbers; they carry no meaning and are dropped before any check.
const SEPARATORS = /[\s\-.()]/g

/**
 * Normalises a destination to the international digits Infobip takes (`41793026727`): accepts a leading `+` or
 * `00` and separators; fails with the reason otherwise.
 *
 * @since 0.1.0
 */
export const normalizeDestination = (input: string): Result.Result<string, string> => {
  const compact = input.replace(SEPARATORS, "")
  if (compact === "") return Result.fail("the destination is empty")
  const digits = compact.startsWith("+") ? compact.slice(1) : compact.startsWith("00") ? compact.slice(2) : compact
  if (!/^\d+$/.test(digits)) {
    return Result.fail(`"${input}" is not a phone number: only digits, a leading + or 00, and separators are allowed`)
  }
  if (digits.length < Limits.destinationMinDigits || digits.length > Limits.destinationMaxDigits) {
    return Result.fail(
      `"${input}" has ${digits.length} digits; an international number has ${Limits.destinationMinDigits} to ${Limits.destinationMaxDigits}`
    )
  }
  return Result.succeed(digits)
}

// ---------------------------------------------------------------------------------------------------------------------
// Times
// ---------------------------------------------------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, "0")

/**
 * Formats an instant the way Infobip's date parameters take it: `2021-08-25T16:00:00.000+0000` (always UTC).
 *
 * @since 0.1.0
 */
export const formatTime = (millis: number): string => {
  const d = new Date(millis)
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`
  )
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/

/**
 * Parses a time with an explicit offset (`Z`, `+03:00` or `+0300`), as Infobip writes and as callers may give it;
 * `undefined` when there is no offset or a field is out of range. A time without an offset is refused rather than
 * guessed: it would be read in whatever zone the server picks.
 *
 * @since 0.1.0
 */
export const parseTime = (input: string): number | undefined => {
  const m = TIME.exec(input)
  if (m === null) return undefined
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = s === undefined ? 0 : Number(s)
  const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000)
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined
  let offsetMinutes = 0
  if (zone !== "Z") {
    const z = zone!.replace(":", "")
    const sign = z.startsWith("-") ? -1 : 1
    const oh = Number(z.slice(1, 3))
    const om = Number(z.slice(3, 5))
    if (oh > 14 || om > 59) return undefined
    offsetMinutes = sign * (oh * 60 + om)
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis)
  // Date.UTC rolls 31 February over into March: refuse what does not round-trip.
  if (new Date(local).getUTCDate() !== day) return undefined
  return local - offsetMinutes * 60_000
}

/**
 * A point in time a caller may give: an Effect `DateTime`, or a string with an explicit offset.
 *
 * @since 0.1.0
 */
export type TimeInput = DateTime.DateTime | string

const timeMillis = (field: string, input: TimeInput): Result.Result<number, InvalidInput> => {
  if (typeof input !== "string") return Result.succeed(DateTime.toEpochMillis(input))
  const millis = parseTime(input)
  return millis === undefined
    ? Result.fail(
        invalid(
          field,
          "time-with-offset",
          `"${input}" is not a time with an explicit offset (e.g. 2026-05-01T09:00:00+03:00 or …Z)`
        )
      )
    : Result.succeed(millis)
}

const validateSendAt = (field: string, input: TimeInput, now: number): Result.Result<string, InvalidInput> => {
  const at = timeMillis(field, input)
  if (Result.isFailure(at)) return Result.fail(at.failure)
  if (at.success > now + Limits.maxScheduleDays * 86_400_000) {
    return Result.fail(
      invalid(field, "max-schedule", `${formatTime(at.success)} is more than ${Limits.maxScheduleDays} days ahead`)
    )
  }
  return Result.succeed(formatTime(at.success))
}

const validityMillis = (field: string, input: Duration.Input): Result.Result<number, InvalidInput> => {
  const d = Duration.fromInput(input)
  if (Option.isNone(d)) return Result.fail(invalid(field, "duration", `${String(input)} is not a duration`))
  const ms = Duration.toMillis(d.value)
  if (!(ms > 0) || !Number.isFinite(ms)) return Result.fail(invalid(field, "positive", "the validity must be positive"))
  if (ms > Limits.maxValidityHours * 3_600_000) {
    return Result.fail(
      invalid(field, "max-validity", `${Duration.format(d.value)} is longer than ${Limits.maxValidityHours} hours`)
    )
  }
  return Result.succeed(ms)
}

const validateWindow = (field: string, w: S.DeliveryTimeWindow): Result.Result<S.DeliveryTimeWindow, InvalidInput> => {
  if (w.days.length === 0) return Result.fail(invalid(`${field}.days`, "required", "the window names no day"))
  if ((w.from === undefined) !== (w.to === undefined)) {
    return Result.fail(invalid(field, "from-and-to", "give both `from` and `to`, or neither"))
  }
  if (w.from !== undefined && w.to !== undefined) {
    for (const [k, t] of [
      ["from", w.from],
      ["to", w.to]
    ] as const) {
      if (
        !Number.isInteger(t.hour) ||
        t.hour < 0 ||
        t.hour > 23 ||
        !Number.isInteger(t.minute) ||
        t.minute < 0 ||
        t.minute > 59
      ) {
        return Result.fail(invalid(`${field}.${k}`, "time-of-day", `${t.hour}:${t.minute} is not a time of day`))
      }
    }
    const minutes = w.to.hour * 60 + w.to.minute - (w.from.hour * 60 + w.from.minute)
    const shown = `${pad(w.from.hour)}:${pad(w.from.minute)}–${pad(w.to.hour)}:${pad(w.to.minute)}`
    // A window across midnight (22:00–02:00) is not documented: ask for one within a day rather than guess how
    // Infobip reads it (`docs/providers/infobip.md` §3).
    if (minutes < 0) {
      return Result.fail(
        invalid(
          field,
          "window-order",
          `the window ${shown} ends before it starts: a delivery window runs within one day, from before to (split a window across midnight into two sends)`
        )
      )
    }
    if (minutes < Limits.minDeliveryWindowMinutes) {
      return Result.fail(invalid(field, "min-window", `the window ${shown} is shorter than an hour`))
    }
  }
  return Result.succeed(w)
}

const validateId = (field: string, id: string): InvalidInput | undefined => {
  if (id.length === 0 || id.length > Limits.maxIdLength || /\p{Cc}/u.test(id)) {
    return invalid(field, "id", `an id has 1 to ${Limits.maxIdLength} printable characters`)
  }
  return undefined
}

const validateSender = (field: string, sender: string): InvalidInput | undefined => {
  const compact = sender.trim()
  if (compact.length === 0) return invalid(field, "required", "the sender is empty")
  if (/^\+?\d+$/.test(compact)) {
    return compact.replace("+", "").length > Limits.numericSenderMaxLength
      ? invalid(field, "max-length", `a numeric sender has at most ${Limits.numericSenderMaxLength} digits`)
      : undefined
  }
  return compact.length > Limits.alphanumericSenderMaxLength
    ? invalid(
        field,
        "max-length",
        `an alphanumeric sender has at most ${Limits.alphanumericSenderMaxLength} characters`
      )
    : undefined
}

const validateUrl = (field: string, url: string): InvalidInput | undefined =>
  /^https?:\/\/[^\s]+$/i.test(url) ? undefined : invalid(field, "url", `"${url}" is not an http(s) URL`)

// ---------------------------------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A destination: a number, or a number with the `messageId` to send it under.
 *
 * @since 0.1.0
 */
export type DestinationInput = string | { readonly to: string; readonly messageId?: string | undefined }

/**
 * One message of {@link AdvancedInput}: the v1/v2 message model, with `sendAt` as a `DateTime` or a string with an
 * offset, and `validityPeriod` as a duration (sent in minutes).
 *
 * @since 0.1.0
 */
export interface AdvancedMessageInput {
  readonly from?: string | undefined
  readonly destinations: DestinationInput | ReadonlyArray<DestinationInput>
  readonly text: string
  readonly flash?: boolean | undefined
  readonly intermediateReport?: boolean | undefined
  readonly notifyUrl?: string | undefined
  readonly notifyContentType?: "application/json" | "application/xml" | undefined
  readonly callbackData?: string | undefined
  readonly validityPeriod?: Duration.Input | undefined
  readonly sendAt?: TimeInput | undefined
  readonly deliveryTimeWindow?: S.DeliveryTimeWindow | undefined
  readonly language?: { readonly languageCode: S.LanguageCode | (string & {}) } | undefined
  readonly transliteration?: S.Transliteration | (string & {}) | undefined
  readonly regional?: typeof S.Regional.Type | undefined
  readonly entityId?: string | undefined
  readonly applicationId?: string | undefined
}

/**
 * What `sendAdvanced` takes (v1 and v2).
 *
 * @since 0.1.0
 */
export interface AdvancedInput {
  readonly bulkId?: string | undefined
  readonly messages: ReadonlyArray<AdvancedMessageInput>
  readonly tracking?: typeof S.Tracking.Type | undefined
  readonly sendingSpeedLimit?: typeof S.SendingSpeedLimit.Type | undefined
  /** v2 only: ask for the part count of each message in the answer. */
  readonly includeSmsCountInResponse?: boolean | undefined
}

/**
 * One message of {@link MessagesInput}: the v3 message model, flattened where v3 nests for no gain.
 *
 * @since 0.1.0
 */
export interface MessageInput {
  readonly sender?: string | undefined
  readonly destinations: DestinationInput | ReadonlyArray<DestinationInput>
  readonly text: string
  readonly transliteration?: S.Transliteration | (string & {}) | undefined
  readonly language?: typeof S.LanguageV3.Type | undefined
  readonly validityPeriod?: Duration.Input | undefined
  readonly deliveryTimeWindow?: S.DeliveryTimeWindow | undefined
  readonly campaignReferenceId?: string | undefined
  readonly flash?: boolean | undefined
  readonly regional?: typeof S.Regional.Type | undefined
  readonly platform?:
    | { readonly entityId?: string | undefined; readonly applicationId?: string | undefined }
    | undefined
  readonly webhooks?: typeof S.WebhooksV3.Type | undefined
}

/**
 * What `sendMessages` (v3) takes.
 *
 * @since 0.1.0
 */
export interface MessagesInput {
  readonly messages: ReadonlyArray<MessageInput>
  readonly bulkId?: string | undefined
  readonly sendAt?: TimeInput | undefined
  readonly sendingSpeedLimit?: typeof S.SendingSpeedLimit.Type | undefined
  readonly tracking?: NonNullable<typeof S.RequestOptionsV3.Type.tracking> | undefined
  readonly includeSmsCountInResponse?: boolean | undefined
}

/**
 * A destination as it went on the wire: its number and message id.
 *
 * @since 0.1.0
 */
export interface SentDestination {
  readonly messageId: string
  readonly to: string
  /** The index of the message (within the request) that holds it. */
  readonly message: number
}

/**
 * A validated send: the wire body, and every destination with its message id in wire order.
 *
 * @since 0.1.0
 */
export interface Validated<Body> {
  readonly body: Body
  readonly destinations: ReadonlyArray<SentDestination>
  /** The bulk id the caller gave, if any. */
  readonly bulkId: string | undefined
}

type Fail = { readonly _tag: "Fail"; readonly error: InvalidInput }

// Validates a message's destinations and gives each its message id.
const destinations = (
  field: string,
  input: DestinationInput | ReadonlyArray<DestinationInput>,
  message: number,
  seen: Set<string>,
  newId: () => string,
  out: Array<SentDestination>
): Array<S.AdvancedMessage["destinations"][number]> | Fail => {
  const list: ReadonlyArray<DestinationInput> =
    typeof input === "string" || !Array.isArray(input) ? [input as DestinationInput] : input
  if (list.length === 0) return { _tag: "Fail", error: invalid(field, "required", "there are no destinations") }
  const wire: Array<{ to: string; messageId: string }> = []
  for (let i = 0; i < list.length; i++) {
    const d = list[i]!
    const raw = typeof d === "string" ? d : d.to
    const to = normalizeDestination(raw)
    if (Result.isFailure(to)) {
      return { _tag: "Fail", error: invalid(`${field}[${i}].to`, "international-number", to.failure) }
    }
    let messageId: string
    if (typeof d !== "string" && d.messageId !== undefined) {
      const e = validateId(`${field}[${i}].messageId`, d.messageId)
      if (e) return { _tag: "Fail", error: e }
      messageId = d.messageId
    } else {
      messageId = newId()
    }
    // One message per message id is the whole point of choosing them: a repeat would make a lookup ambiguous.
    if (seen.has(messageId)) {
      return {
        _tag: "Fail",
        error: invalid(`${field}[${i}].messageId`, "unique", `the message id "${messageId}" is used twice`)
      }
    }
    seen.add(messageId)
    wire.push({ to: to.success, messageId })
    out.push({ messageId, to: to.success, message })
  }
  return wire
}

const isFail = (u: unknown): u is Fail => typeof u === "object" && u !== null && (u as Fail)._tag === "Fail"

const common = (
  field: string,
  m: {
    readonly text: string
    readonly callbackData?: string | undefined
    readonly deliveryTimeWindow?: S.DeliveryTimeWindow | undefined
  }
): InvalidInput | undefined => {
  if (m.text.trim().length === 0) return invalid(`${field}.text`, "required", "the message text is empty")
  if (m.callbackData !== undefined && m.callbackData.length > Limits.maxCallbackDataLength) {
    return invalid(
      `${field}.callbackData`,
      "max-length",
      `callbackData has ${m.callbackData.length} characters; at most ${Limits.maxCallbackDataLength}`
    )
  }
  if (m.deliveryTimeWindow !== undefined) {
    const w = validateWindow(`${field}.deliveryTimeWindow`, m.deliveryTimeWindow)
    if (Result.isFailure(w)) return w.failure
  }
  return undefined
}

// The JavaScript shape of the send inputs, decoded first so that a value of the wrong kind (`text: null`, a numeric
// destination, `flash: "yes"`) is an InvalidInput naming the field, never a TypeError or a wrong wire body.
const AnyDateTime = Schema.declare((u: unknown): u is DateTime.DateTime => DateTime.isDateTime(u), {
  expected: "a DateTime"
})
const AnyDuration = Schema.declare((u: unknown): u is Duration.Duration => Duration.isDuration(u), {
  expected: "a Duration"
})
const TimeShape = Schema.Union([AnyDateTime, Schema.String])
const DurationShape = Schema.Union([Schema.Number, Schema.String, AnyDuration])
const DestinationShape = Schema.Union([
  Schema.String,
  Schema.Struct({ to: Schema.String, messageId: Schema.optional(Schema.String) })
])
const DestinationsShape = Schema.Union([DestinationShape, Schema.Array(DestinationShape)])
const o = Schema.optional
const AdvancedShape = Schema.Struct({
  bulkId: o(Schema.String),
  includeSmsCountInResponse: o(Schema.Boolean),
  version: o(Schema.Literals([1, 2])),
  messages: Schema.Array(
    Schema.Struct({
      from: o(Schema.String),
      destinations: DestinationsShape,
      text: Schema.String,
      flash: o(Schema.Boolean),
      intermediateReport: o(Schema.Boolean),
      notifyUrl: o(Schema.String),
      notifyContentType: o(Schema.Literals(["application/json", "application/xml"])),
      callbackData: o(Schema.String),
      validityPeriod: o(DurationShape),
      sendAt: o(TimeShape),
      transliteration: o(Schema.String),
      language: o(Schema.Struct({ languageCode: Schema.String })),
      entityId: o(Schema.String),
      applicationId: o(Schema.String)
    })
  )
})
const MessagesShape = Schema.Struct({
  bulkId: o(Schema.String),
  sendAt: o(TimeShape),
  includeSmsCountInResponse: o(Schema.Boolean),
  messages: Schema.Array(
    Schema.Struct({
      sender: o(Schema.String),
      destinations: DestinationsShape,
      text: Schema.String,
      transliteration: o(Schema.String),
      validityPeriod: o(DurationShape),
      campaignReferenceId: o(Schema.String),
      flash: o(Schema.Boolean)
    })
  )
})
const decodeAdvanced = Input.decoder(AdvancedShape)
const decodeMessages = Input.decoder(MessagesShape)

/**
 * Validates a time given to `rescheduleBulk` and the log queries: a `DateTime` or a string.
 *
 * @since 0.1.0
 */
export const timeShape = Input.decoder(TimeShape)

const validateBulkId = (bulkId: string | undefined): InvalidInput | undefined =>
  bulkId === undefined ? undefined : validateId("bulkId", bulkId)

const validateSpeed = (s: typeof S.SendingSpeedLimit.Type | undefined): InvalidInput | undefined =>
  s === undefined || (Number.isInteger(s.amount) && s.amount > 0)
    ? undefined
    : invalid("sendingSpeedLimit.amount", "positive", "the speed limit must be a positive whole number")

/**
 * Validates a v1/v2 advanced send and builds its wire body; `newId` names destinations that have no message id.
 *
 * @since 0.1.0
 */
export const advanced = Effect.fnUntraced(function* (raw: AdvancedInput, newId: () => string) {
  yield* decodeAdvanced(raw)
  const input = raw
  if (input.messages.length === 0) return yield* invalid("messages", "required", "there are no messages")
  const bulkError = validateBulkId(input.bulkId) ?? validateSpeed(input.sendingSpeedLimit)
  if (bulkError) return yield* bulkError
  const now = yield* Clock.currentTimeMillis
  const seen = new Set<string>()
  const sent: Array<SentDestination> = []
  const messages: Array<S.AdvancedMessage> = []
  for (let i = 0; i < input.messages.length; i++) {
    const m = input.messages[i]!
    const field = `messages[${i}]`
    const e =
      common(field, m) ??
      (m.from === undefined ? undefined : validateSender(`${field}.from`, m.from)) ??
      (m.notifyUrl === undefined ? undefined : validateUrl(`${field}.notifyUrl`, m.notifyUrl))
    if (e) return yield* e
    const dests = destinations(`${field}.destinations`, m.destinations, i, seen, newId, sent)
    if (isFail(dests)) return yield* dests.error
    let validityPeriod: number | undefined
    if (m.validityPeriod !== undefined) {
      const v = validityMillis(`${field}.validityPeriod`, m.validityPeriod)
      if (Result.isFailure(v)) return yield* v.failure
      // v1/v2 count the validity in whole minutes: round up, so a message never expires before the caller asked.
      validityPeriod = Math.ceil(v.success / 60_000)
    }
    let sendAt: string | undefined
    if (m.sendAt !== undefined) {
      const at = validateSendAt(`${field}.sendAt`, m.sendAt, now)
      if (Result.isFailure(at)) return yield* at.failure
      sendAt = at.success
    }
    const wire: S.AdvancedMessage = {
      ...(m.from === undefined ? {} : { from: m.from }),
      destinations: dests,
      text: m.text,
      ...(m.flash === undefined ? {} : { flash: m.flash }),
      ...(m.intermediateReport === undefined ? {} : { intermediateReport: m.intermediateReport }),
      ...(m.notifyUrl === undefined ? {} : { notifyUrl: m.notifyUrl }),
      ...(m.notifyContentType === undefined ? {} : { notifyContentType: m.notifyContentType }),
      ...(m.callbackData === undefined ? {} : { callbackData: m.callbackData }),
      ...(validityPeriod === undefined ? {} : { validityPeriod }),
      ...(sendAt === undefined ? {} : { sendAt }),
      ...(m.deliveryTimeWindow === undefined ? {} : { deliveryTimeWindow: m.deliveryTimeWindow }),
      ...(m.language === undefined ? {} : { language: { languageCode: m.language.languageCode } }),
      ...(m.transliteration === undefined ? {} : { transliteration: m.transliteration }),
      ...(m.regional === undefined ? {} : { regional: m.regional }),
      ...(m.entityId === undefined ? {} : { entityId: m.entityId }),
      ...(m.applicationId === undefined ? {} : { applicationId: m.applicationId })
    }
    messages.push(wire)
  }
  const body: S.AdvancedRequest = {
    ...(input.bulkId === undefined ? {} : { bulkId: input.bulkId }),
    messages,
    ...(input.tracking === undefined ? {} : { tracking: input.tracking }),
    ...(input.sendingSpeedLimit === undefined ? {} : { sendingSpeedLimit: input.sendingSpeedLimit }),
    ...(input.includeSmsCountInResponse === undefined
      ? {}
      : { includeSmsCountInResponse: input.includeSmsCountInResponse })
  }
  return { body, destinations: sent, bulkId: input.bulkId } satisfies Validated<S.AdvancedRequest>
})

// v3 states the validity with its unit: the largest unit that represents it exactly.
const validityV3 = (ms: number): typeof S.ValidityPeriodV3.Type =>
  ms % 3_600_000 === 0
    ? { amount: ms / 3_600_000, timeUnit: "HOURS" }
    : ms % 60_000 === 0
      ? { amount: ms / 60_000, timeUnit: "MINUTES" }
      : { amount: Math.ceil(ms / 1000), timeUnit: "SECONDS" }

/**
 * Validates a v3 send and builds its wire body; `newId` names destinations that have no message id.
 *
 * @since 0.1.0
 */
export const messages = Effect.fnUntraced(function* (raw: MessagesInput, newId: () => string) {
  yield* decodeMessages(raw)
  const input = raw
  if (input.messages.length === 0) return yield* invalid("messages", "required", "there are no messages")
  const bulkError = validateBulkId(input.bulkId) ?? validateSpeed(input.sendingSpeedLimit)
  if (bulkError) return yield* bulkError
  const now = yield* Clock.currentTimeMillis
  let sendAt: string | undefined
  if (input.sendAt !== undefined) {
    const at = validateSendAt("sendAt", input.sendAt, now)
    if (Result.isFailure(at)) return yield* at.failure
    sendAt = at.success
  }
  const seen = new Set<string>()
  const sent: Array<SentDestination> = []
  const out: Array<S.MessageV3> = []
  for (let i = 0; i < input.messages.length; i++) {
    const m = input.messages[i]!
    const field = `messages[${i}]`
    const e =
      common(field, {
        text: m.text,
        callbackData: m.webhooks?.callbackData,
        deliveryTimeWindow: m.deliveryTimeWindow
      }) ??
      (m.sender === undefined ? undefined : validateSender(`${field}.sender`, m.sender)) ??
      (m.webhooks?.delivery?.url === undefined
        ? undefined
        : validateUrl(`${field}.webhooks.delivery.url`, m.webhooks.delivery.url))
    if (e) return yield* e
    const dests = destinations(`${field}.destinations`, m.destinations, i, seen, newId, sent)
    if (isFail(dests)) return yield* dests.error
    let validityPeriod: typeof S.ValidityPeriodV3.Type | undefined
    if (m.validityPeriod !== undefined) {
      const v = validityMillis(`${field}.validityPeriod`, m.validityPeriod)
      if (Result.isFailure(v)) return yield* v.failure
      validityPeriod = validityV3(v.success)
    }
    const options: typeof S.MessageOptionsV3.Type = {
      ...(m.platform === undefined ? {} : { platform: stripUndefined(m.platform) }),
      ...(validityPeriod === undefined ? {} : { validityPeriod }),
      ...(m.deliveryTimeWindow === undefined ? {} : { deliveryTimeWindow: m.deliveryTimeWindow }),
      ...(m.campaignReferenceId === undefined ? {} : { campaignReferenceId: m.campaignReferenceId }),
      ...(m.flash === undefined ? {} : { flash: m.flash }),
      ...(m.regional === undefined ? {} : { regional: m.regional })
    }
    out.push({
      ...(m.sender === undefined ? {} : { sender: m.sender }),
      destinations: dests,
      content: {
        text: m.text,
        ...(m.transliteration === undefined ? {} : { transliteration: m.transliteration }),
        ...(m.language === undefined ? {} : { language: m.language })
      },
      ...(Object.keys(options).length === 0 ? {} : { options }),
      ...(m.webhooks === undefined ? {} : { webhooks: m.webhooks })
    })
  }
  const schedule = {
    ...(input.bulkId === undefined ? {} : { bulkId: input.bulkId }),
    ...(sendAt === undefined ? {} : { sendAt }),
    ...(input.sendingSpeedLimit === undefined ? {} : { sendingSpeedLimit: input.sendingSpeedLimit })
  }
  const options: typeof S.RequestOptionsV3.Type = {
    ...(Object.keys(schedule).length === 0 ? {} : { schedule }),
    ...(input.tracking === undefined ? {} : { tracking: input.tracking }),
    ...(input.includeSmsCountInResponse === undefined
      ? {}
      : { includeSmsCountInResponse: input.includeSmsCountInResponse })
  }
  const body: S.MessagesRequest = {
    messages: out,
    ...(Object.keys(options).length === 0 ? {} : { options })
  }
  return { body, destinations: sent, bulkId: input.bulkId } satisfies Validated<S.MessagesRequest>
})

/**
 * Validates a new `sendAt` for a scheduled bulk and formats it for the wire.
 *
 * @since 0.1.0
 */
export const reschedule = Effect.fnUntraced(function* (sendAt: TimeInput) {
  const now = yield* Clock.currentTimeMillis
  const at = validateSendAt("sendAt", sendAt, now)
  if (Result.isFailure(at)) return yield* at.failure
  return at.success
})

/**
 * A validated time range for the logs: both ends inside the last 48 hours, the start before the end.
 *
 * @since 0.1.0
 */
export const logsRange = Effect.fnUntraced(function* (range: {
  readonly sentSince?: TimeInput | undefined
  readonly sentUntil?: TimeInput | undefined
}) {
  const now = yield* Clock.currentTimeMillis
  const oldest = now - Limits.logsRetentionHours * 3_600_000
  let since = oldest
  let until = now
  if (range.sentSince !== undefined) {
    const s = timeMillis("sentSince", range.sentSince)
    if (Result.isFailure(s)) return yield* s.failure
    since = s.success
  }
  if (range.sentUntil !== undefined) {
    const u = timeMillis("sentUntil", range.sentUntil)
    if (Result.isFailure(u)) return yield* u.failure
    until = u.success
  }
  // Logs older than 48 hours are gone: a start before that is clamped (nothing is lost), not refused.
  since = Math.max(since, oldest)
  until = Math.min(until, now)
  if (until < since) {
    return yield* invalid("sentUntil", "range", `the range ${formatTime(since)}..${formatTime(until)} is empty`)
  }
  return { since, until }
})

/**
 * Validates a page size for reports or logs (1 to 1000).
 *
 * @since 0.1.0
 */
export const limit = (field: string, n: number | undefined, max: number): InvalidInput | undefined =>
  n === undefined || (Number.isInteger(n) && n >= 1 && n <= max)
    ? undefined
    : invalid(field, "range", `${field} must be a whole number from 1 to ${max}`)
