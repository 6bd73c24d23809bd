/**
 * TurkeySMS's request values and response payloads (`docs/providers/turkeysms.md`).
 *
 * Request values are the validated, normalised form of a call (numbers as `90…` digits, `sms_lang` decided); they are
 * Schema classes so that a call can be logged, queued or replayed. Response schemas describe the wire (snake case) and
 * are lenient where it drifts: booleans and numbers arrive as strings, fields arrive flat or under `data`, and V4 adds
 * fields without notice (unknown fields are ignored). Ids are decoded strictly: digits only.
 *
 * The simulator encodes its answers with these same schemas, so a wire shape is written once.
 *
 * @since 0.1.0
 */
import { Schema, SchemaGetter } from "effect"
import { LenientNumber } from "../internal/lenient.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A boolean that may arrive as `true`/`false`, `"true"`/`"false"`, `1`/`0` or `"1"`/`"0"` (the v3 answers are
 * rendered from PHP arrays, where booleans drift). Encodes as a boolean.
 *
 * @since 0.1.0
 */
export const LenientBoolean: Schema.Codec<boolean, boolean | string | number> = Schema.Union([
  Schema.Boolean,
  Schema.Literals(["true", "false", "1", "0", 1, 0]).pipe(
    Schema.decodeTo(Schema.Boolean, {
      decode: SchemaGetter.transform((v: "true" | "false" | "1" | "0" | 1 | 0) => v === "true" || v === "1" || v === 1),
      encode: SchemaGetter.transform((b: boolean): "true" | "false" | "1" | "0" | 1 | 0 => (b ? "true" : "false"))
    })
  )
])

const digits = /^\d{1,24}$/

/**
 * A message id: digits only, arriving as a number or a string, kept as a string. Anything else (a negative number, a
 * float, an empty string, text) is a decode error: ids are decoded strictly because they are used again (status,
 * dedupe) and a wrong one would silently query another message.
 *
 * @since 0.1.0
 */
export const SmsId: Schema.Codec<string, string | number> = Schema.Union([
  Schema.String.check(Schema.isPattern(digits)),
  Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).pipe(
    Schema.decodeTo(Schema.String, {
      decode: SchemaGetter.transform((n: number) => String(n)),
      encode: SchemaGetter.transform((s: string) => Number(s))
    })
  )
])

/**
 * An OTP code as the provider returns it (4 to 6 digits, as a number or a string; a number loses leading zeros, which
 * are restored from `digits` by the client), wrapped in `Redacted` on decoding.
 *
 * @since 0.1.0
 */
export const OtpCode = Schema.RedactedFromValue(
  Schema.Union([
    Schema.String.check(Schema.isPattern(/^\d{1,6}$/)),
    Schema.Int.check(Schema.isGreaterThanOrEqualTo(0), Schema.isLessThan(1_000_000)).pipe(
      Schema.decodeTo(Schema.String, {
        decode: SchemaGetter.transform((n: number) => String(n)),
        encode: SchemaGetter.transform((s: string) => Number(s))
      })
    )
  ]),
  { label: "otp_code" }
)

/**
 * The message languages: 0 English (GSM-7), 1 Turkish (Turkish letters), 2 Arabic / Unicode.
 *
 * @since 0.1.0
 */
export const SmsLang = Schema.Literals([0, 1, 2])

/**
 * @since 0.1.0
 */
export type SmsLang = typeof SmsLang.Type

/**
 * The content types: 0 transactional, 1 high quality, 2 advertising.
 *
 * @since 0.1.0
 */
export const ContentType = Schema.Literals([0, 1, 2])

/**
 * @since 0.1.0
 */
export type ContentType = typeof ContentType.Type

/**
 * The API generations: V4 (the default) and the legacy v3.2.0.
 *
 * @since 0.1.0
 */
export const Api = Schema.Literals(["v4", "v3"])

/**
 * @since 0.1.0
 */
export type Api = typeof Api.Type

/**
 * A message's delivery state, V4's lifecycle: `queued → sent → delivered`, `queued → failed`, `sent → failed`,
 * `sent → expired`. `delivered`, `failed` and `expired` are final.
 *
 * @since 0.1.0
 */
export const DeliveryState = Schema.Literals(["queued", "sent", "delivered", "failed", "expired"])

/**
 * @since 0.1.0
 */
export type DeliveryState = typeof DeliveryState.Type

/**
 * A status's state: a documented {@link DeliveryState}, or `"unknown"` for a state the provider reports that we do not
 * know (V4's status schema is not published, so new states are expected; the raw one is kept in `rawState`).
 *
 * @since 0.1.0
 */
export const StatusState = Schema.Union([DeliveryState, Schema.Literal("unknown")])

/**
 * @since 0.1.0
 */
export type StatusState = typeof StatusState.Type

/**
 * Whether a state is final (it never changes again). An unknown state is not final: watching goes on.
 *
 * @since 0.1.0
 */
export const isFinal = (state: StatusState): boolean =>
  state === "delivered" || state === "failed" || state === "expired"

/**
 * The v3 status code of a state: TS-1024 delivered, TS-1022 not delivered (final), TS-1023 not delivered yet.
 *
 * @since 0.1.0
 */
export const v3StatusCode = (state: DeliveryState): "TS-1024" | "TS-1022" | "TS-1023" =>
  state === "delivered" ? "TS-1024" : state === "failed" || state === "expired" ? "TS-1022" : "TS-1023"

// ---------------------------------------------------------------------------------------------------------------------
// Requests (validated values)
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A schedule, in Turkey time: `YYYY-MM-DD` and `HH:MM`.
 *
 * @since 0.1.0
 */
export class Schedule extends Schema.Class<Schedule>("@effect-sms/core/turkeysms/Schedule")({
  date: Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/)),
  time: Schema.String.check(Schema.isPattern(/^\d{2}:\d{2}$/))
}) {}

/**
 * A validated send: one text to one or more numbers (`sendSms`, `sendGroup`).
 *
 * @since 0.1.0
 */
export class SendRequest extends Schema.Class<SendRequest>("@effect-sms/core/turkeysms/SendRequest")({
  title: Schema.String,
  text: Schema.String,
  /** Normalised numbers: `90…` digits for Turkey, the full international digits otherwise, never a `+`. */
  recipients: Schema.Array(Schema.String),
  smsLang: SmsLang,
  contentType: ContentType,
  schedule: Schema.optionalKey(Schedule),
  /** The parts the text is predicted to take, per recipient (`number_of_sms` counts them over all recipients). */
  predictedParts: Schema.Int
}) {
  /** The messages this send makes: what the per-minute limit counts. */
  get messageCount(): number {
    return this.recipients.length
  }
}

/**
 * A validated personalised send: texts and numbers index-aligned (`sendMixed`).
 *
 * @since 0.1.0
 */
export class MixedRequest extends Schema.Class<MixedRequest>("@effect-sms/core/turkeysms/MixedRequest")({
  title: Schema.String,
  texts: Schema.Array(Schema.String),
  recipients: Schema.Array(Schema.String),
  /** One language for the whole request: the widest any text needs. */
  smsLang: SmsLang,
  contentType: ContentType,
  /** The parts predicted over all messages. */
  predictedParts: Schema.Int
}) {
  get messageCount(): number {
    return this.recipients.length
  }
}

/**
 * A validated OTP send. With `text` it is a custom OTP (`/otp/detailed`); the placeholder in `text` is written as
 * `TS-CODE`, and rewritten to v3's `TS_CODE` on the v3 wire.
 *
 * @since 0.1.0
 */
export class OtpRequest extends Schema.Class<OtpRequest>("@effect-sms/core/turkeysms/OtpRequest")({
  mobile: Schema.String,
  digits: Schema.Literals([4, 5, 6]),
  lang: SmsLang,
  title: Schema.optionalKey(Schema.String),
  text: Schema.optionalKey(Schema.String)
}) {
  get messageCount(): number {
    return 1
  }
}

/**
 * One message id.
 *
 * @since 0.1.0
 */
export class StatusRequest extends Schema.Class<StatusRequest>("@effect-sms/core/turkeysms/StatusRequest")({
  smsId: Schema.String
}) {}

/**
 * One number to blacklist.
 *
 * @since 0.1.0
 */
export class BlacklistRequest extends Schema.Class<BlacklistRequest>("@effect-sms/core/turkeysms/BlacklistRequest")({
  number: Schema.String
}) {}

/**
 * A request with no payload besides the key.
 *
 * @since 0.1.0
 */
export class EmptyRequest extends Schema.Class<EmptyRequest>("@effect-sms/core/turkeysms/EmptyRequest")({}) {}

// ---------------------------------------------------------------------------------------------------------------------
// Responses (the wire)
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The verdict every answer carries: `result`, usually with `result_code` and the provider's message. v3's status
 * answer is documented with `result` alone (docs/providers/turkeysms.md ("3. v3 routes")), so `result_code` is
 * optional here and `result` decides when it is missing; every form is accepted.
 *
 * @since 0.1.0
 */
export const Verdict = Schema.Struct({
  result: LenientBoolean,
  result_code: Schema.optionalKey(Schema.String),
  result_message: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 */
export type Verdict = typeof Verdict.Type

const Count = Schema.optionalKey(LenientNumber.pipe(Schema.check(Schema.isInt())))

/**
 * A send's answer (`/sms/send`, `/group/send`, `/group/sendMixed`, v3's send routes).
 *
 * @since 0.1.0
 */
export const SendWire = Schema.Struct({
  ...Verdict.fields,
  /** Documented on every send answer of both generations; the result reports it. */
  result_code: Schema.String,
  sms_id: SmsId,
  /** Billed parts. */
  number_of_sms: Count,
  total_recipients: Count,
  success_count: Count,
  /** Messages the key sent in the last minute (v3; V4 may send it too). */
  total_has_sent_last_1_min: Count,
  /** Words: `"Turkish"`, `"English"`, `"Arabic"`. */
  sms_lang: Schema.optionalKey(Schema.String),
  content_type: Schema.optionalKey(Schema.String),
  country: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 */
export type SendWire = typeof SendWire.Type

/**
 * An OTP send's answer: a send's fields plus the generated code.
 *
 * @since 0.1.0
 */
export const OtpWire = Schema.Struct({
  ...SendWire.fields,
  otp_code: OtpCode
})

/**
 * @since 0.1.0
 */
export type OtpWire = typeof OtpWire.Type

/**
 * A status answer. V4 reports `status` as a lifecycle state; v3 reports `sms_status_code` (TS-1024/1022/1023), the
 * message id in `sender_id` (sic), and when and through which operator it went. Both shapes are accepted.
 *
 * @since 0.1.0
 */
export const StatusWire = Schema.Struct({
  ...Verdict.fields,
  sms_id: Schema.optionalKey(SmsId),
  /**
   * V4's lifecycle state. Any string is accepted: the documented states are read, others become `"unknown"` (not
   * final) with the raw value kept, as V4's status schema is not published
   * (docs/providers/turkeysms.md ("2. V4 routes")).
   */
  status: Schema.optionalKey(Schema.String),
  sender_id: Schema.optionalKey(Schema.Union([Schema.String, Schema.Number])),
  sms_status: Schema.optionalKey(Schema.String),
  sms_status_code: Schema.optionalKey(Schema.String),
  date_of_sending: Schema.optionalKey(Schema.String),
  time_of_sending: Schema.optionalKey(Schema.String),
  operator: Schema.optionalKey(Schema.String),
  sms_balance: Schema.optionalKey(Schema.Union([Schema.String, Schema.Number]))
})

/**
 * @since 0.1.0
 */
export type StatusWire = typeof StatusWire.Type

const Money = LenientNumber

/**
 * A balance answer in any of its forms: V4's `balance` number with `international_balance`, an `{ main,
 * international }` object, or v3's `local_balance_sms` and `international_balance_tl`.
 *
 * @since 0.1.0
 */
export const BalanceWire = Schema.Struct({
  ...Verdict.fields,
  balance: Schema.optionalKey(
    Schema.Union([Money, Schema.Struct({ main: Money, international: Schema.optionalKey(Money) })])
  ),
  international_balance: Schema.optionalKey(Money),
  local_balance_sms: Schema.optionalKey(Money),
  international_balance_tl: Schema.optionalKey(Money)
})

/**
 * @since 0.1.0
 */
export type BalanceWire = typeof BalanceWire.Type

/**
 * `/auth/check`'s answer.
 *
 * @since 0.1.0
 */
export const AuthCheckWire = Schema.Struct({
  ...Verdict.fields,
  key_details: Schema.Struct({
    status: Schema.String,
    permissions: Schema.Record(Schema.String, LenientBoolean)
  }),
  account_summary: Schema.Struct({
    account_status: Schema.String,
    balance: Schema.Struct({ main: Money, international: Money })
  })
})

/**
 * @since 0.1.0
 */
export type AuthCheckWire = typeof AuthCheckWire.Type

const SenderItem = Schema.Union([
  Schema.String,
  Schema.Struct({ title: Schema.String }),
  Schema.Struct({ sender_id: Schema.String })
])

/**
 * v3's sender-ID answer. The list's field name is undocumented: `sender_ids`, `senderids`, `senders` and `titles`
 * are all accepted, each a list of strings or of `{ title }` / `{ sender_id }` objects.
 *
 * @since 0.1.0
 */
export const SendersWire = Schema.Struct({
  ...Verdict.fields,
  sender_ids: Schema.optionalKey(Schema.Array(SenderItem)),
  senderids: Schema.optionalKey(Schema.Array(SenderItem)),
  senders: Schema.optionalKey(Schema.Array(SenderItem)),
  titles: Schema.optionalKey(Schema.Array(SenderItem))
})

/**
 * @since 0.1.0
 */
export type SendersWire = typeof SendersWire.Type

// ---------------------------------------------------------------------------------------------------------------------
// Results (what callers get)
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A send's result: the provider's id and counts, beside what the client predicted.
 *
 * @since 0.1.0
 */
export class SendResult extends Schema.Class<SendResult>("@effect-sms/core/turkeysms/SendResult")({
  smsId: Schema.String,
  /** The provider's success code (TS-1024). */
  code: Schema.String,
  /** The parts the provider billed (`number_of_sms`) over all recipients, when it said. */
  parts: Schema.optionalKey(Schema.Int),
  /** The parts the client predicted before sending, over all recipients. */
  predictedParts: Schema.Int,
  totalRecipients: Schema.optionalKey(Schema.Int),
  successCount: Schema.optionalKey(Schema.Int),
  /** Messages the key sent in the last minute, as the provider counted them. */
  sentLastMinute: Schema.optionalKey(Schema.Int),
  smsLang: Schema.optionalKey(Schema.String),
  contentType: Schema.optionalKey(Schema.String),
  country: Schema.optionalKey(Schema.String)
}) {}

/**
 * An OTP send's result. The code is `Redacted`: it never shows in logs, spans or `toString`.
 *
 * @since 0.1.0
 */
export class OtpResult extends Schema.Class<OtpResult>("@effect-sms/core/turkeysms/OtpResult")({
  smsId: Schema.String,
  code: Schema.String,
  otpCode: Schema.Redacted(Schema.String),
  parts: Schema.optionalKey(Schema.Int),
  country: Schema.optionalKey(Schema.String)
}) {}

/**
 * A message's status.
 *
 * @since 0.1.0
 */
export class MessageStatus extends Schema.Class<MessageStatus>("@effect-sms/core/turkeysms/MessageStatus")({
  smsId: Schema.String,
  state: StatusState,
  final: Schema.Boolean,
  /** The provider's state as written, when it is not a documented one (`state` is then `"unknown"`). */
  rawState: Schema.optionalKey(Schema.String),
  /** v3's status code (TS-1024/1022/1023), when the answer had one. */
  statusCode: Schema.optionalKey(Schema.String),
  /** The provider's status words. */
  description: Schema.optionalKey(Schema.String),
  operator: Schema.optionalKey(Schema.String),
  /** `YYYY-MM-DD HH:MM:SS` in Turkey time, when the answer said when the message went. */
  sentAt: Schema.optionalKey(Schema.String)
}) {}

/**
 * The account's balance: SMS credits for Turkey, and TL for international messages.
 *
 * @since 0.1.0
 */
export class Balance extends Schema.Class<Balance>("@effect-sms/core/turkeysms/Balance")({
  sms: Schema.Number,
  internationalTl: Schema.optionalKey(Schema.Number)
}) {}

/**
 * `/auth/check`'s result: the key's status and permissions, and the account's status and balance.
 *
 * @since 0.1.0
 */
export class AuthInfo extends Schema.Class<AuthInfo>("@effect-sms/core/turkeysms/AuthInfo")({
  keyStatus: Schema.String,
  permissions: Schema.Record(Schema.String, Schema.Boolean),
  accountStatus: Schema.String,
  balance: Balance
}) {}

// ---------------------------------------------------------------------------------------------------------------------
// Wire → result
// ---------------------------------------------------------------------------------------------------------------------

const opt = <K extends string, V>(key: K, value: V | undefined): { readonly [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { readonly [P in K]?: V }

/**
 * A send's result from its answer and the client's prediction.
 *
 * @since 0.1.0
 */
export const sendResult = (wire: SendWire, predictedParts: number): SendResult =>
  new SendResult({
    smsId: wire.sms_id,
    code: wire.result_code,
    predictedParts,
    ...opt("parts", wire.number_of_sms),
    ...opt("totalRecipients", wire.total_recipients),
    ...opt("successCount", wire.success_count),
    ...opt("sentLastMinute", wire.total_has_sent_last_1_min),
    ...opt("smsLang", wire.sms_lang),
    ...opt("contentType", wire.content_type),
    ...opt("country", wire.country)
  })

/**
 * A balance from any of its wire forms, or `undefined` when the answer has none.
 *
 * @since 0.1.0
 */
export const balanceOf = (wire: BalanceWire): Balance | undefined => {
  if (typeof wire.balance === "number") {
    return new Balance({
      sms: wire.balance,
      ...opt("internationalTl", wire.international_balance ?? wire.international_balance_tl)
    })
  }
  if (wire.balance !== undefined) {
    return new Balance({
      sms: wire.balance.main,
      ...opt("internationalTl", wire.balance.international ?? wire.international_balance)
    })
  }
  if (wire.local_balance_sms !== undefined) {
    return new Balance({ sms: wire.local_balance_sms, ...opt("internationalTl", wire.international_balance_tl) })
  }
  return undefined
}

/**
 * The sender IDs of a v3 answer, from whichever field carries them.
 *
 * @since 0.1.0
 */
export const sendersOf = (wire: SendersWire): ReadonlyArray<string> => {
  const list = wire.sender_ids ?? wire.senderids ?? wire.senders ?? wire.titles ?? []
  return list.map((item) => (typeof item === "string" ? item : "title" in item ? item.title : item.sender_id))
}

const isDeliveryStateGuard = Schema.is(DeliveryState)
const isDeliveryState = (s: string): DeliveryState | undefined => (isDeliveryStateGuard(s) ? s : undefined)

const v3States: Record<string, DeliveryState> = { "TS-1024": "delivered", "TS-1022": "failed", "TS-1023": "sent" }

/**
 * A status from its answer, or a message saying why the answer has no usable state.
 *
 * **Details**
 *
 * V4's `status` wins (in any case). Otherwise v3's `sms_status_code` decides: TS-1024 delivered, TS-1022 failed
 * (final), TS-1023 "out of coverage, not received yet" is `sent` and not final. A `status` that is none of the
 * documented states, with no code to go by, is `"unknown"`, not final, its raw value in `rawState`.
 *
 * @since 0.1.0
 */
export const statusOf = (wire: StatusWire, smsId: string): MessageStatus | string => {
  const code = wire.sms_status_code?.trim().toUpperCase()
  const raw = wire.status?.trim()
  const documented = raw === undefined ? undefined : isDeliveryState(raw.toLowerCase())
  const state: StatusState | undefined =
    documented ??
    (code === undefined ? undefined : v3States[code]) ??
    (raw === undefined || raw === "" ? undefined : "unknown")
  if (state === undefined) {
    return code === undefined
      ? "the answer has neither `status` nor `sms_status_code`"
      : `unknown sms_status_code ${JSON.stringify(wire.sms_status_code)}`
  }
  const sentAt =
    wire.date_of_sending !== undefined && wire.time_of_sending !== undefined
      ? `${wire.date_of_sending} ${wire.time_of_sending}`
      : undefined
  return new MessageStatus({
    smsId: wire.sms_id ?? smsId,
    state,
    final: isFinal(state),
    ...opt("rawState", documented === undefined && raw !== "" ? raw : undefined),
    ...opt("statusCode", code),
    ...opt("description", wire.sms_status),
    ...opt("operator", wire.operator),
    ...opt("sentAt", sentAt)
  })
}
