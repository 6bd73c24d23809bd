/**
 * Infobip's wire shapes: the request bodies and responses of the SMS API (v1/v2 advanced send, v3 messages, delivery
 * reports, logs, preview, scheduled bulks), the authentication calls and both HTTP error body formats
 * (`docs/providers/infobip.md`). The client encodes with these schemas and the simulator decodes with the same ones,
 * so each shape is written once.
 *
 * Responses are decoded leniently where Infobip's generations differ (`from` / `sender`, `smsCount` /
 * `messageCount`) and ignore fields they do not know; identifiers are decoded strictly (bounded, no control
 * characters), since they travel on into logs, files and further requests.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

// ---------------------------------------------------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A message or bulk identifier as Infobip returns it: 1 to 200 printable characters. Infobip documents no length;
 * 200 bounds what an untrusted response can make us carry, and is far above the 19-digit ids Infobip generates.
 *
 * @since 0.1.0
 */
export const Id = Schema.String.check(Schema.isBetweenLength(1, 200), Schema.isPattern(/^\P{Cc}+$/u))

/**
 * The days a delivery time window may name.
 *
 * @since 0.1.0
 */
export const Day = Schema.Literals(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"])

/**
 * @since 0.1.0
 */
export type Day = typeof Day.Type

/**
 * Transliteration codes (`docs/providers/infobip.md` §3): characters replaced by look-alikes so that the text fits
 * the GSM-7 alphabet. Decoded as any string, since Infobip adds codes over time.
 *
 * @since 0.1.0
 */
export const TransliterationCodes = [
  "NONE",
  "TURKISH",
  "GREEK",
  "CYRILLIC",
  "SERBIAN_CYRILLIC",
  "CENTRAL_EUROPEAN",
  "BALTIC",
  "NON_UNICODE",
  "PORTUGUESE",
  "COLOMBIAN",
  "BULGARIAN_CYRILLIC",
  "ALL"
] as const

/**
 * @since 0.1.0
 */
export type Transliteration = (typeof TransliterationCodes)[number]

/**
 * National language codes for the language shift tables (`TR` selects the Turkish tables).
 *
 * @since 0.1.0
 */
export const LanguageCodes = ["NONE", "TR", "ES", "PT", "AUTODETECT"] as const

/**
 * @since 0.1.0
 */
export type LanguageCode = (typeof LanguageCodes)[number]

/**
 * A time of day, in the account's time zone as Infobip configures it.
 *
 * @since 0.1.0
 */
export const TimeOfDay = Schema.Struct({
  hour: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 23 })),
  minute: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 59 }))
})

/**
 * The days and hours a message may be delivered in (at least one hour long).
 *
 * @since 0.1.0
 */
export const DeliveryTimeWindow = Schema.Struct({
  days: Schema.Array(Day),
  from: Schema.optionalKey(TimeOfDay),
  to: Schema.optionalKey(TimeOfDay)
})

/**
 * @since 0.1.0
 */
export type DeliveryTimeWindow = typeof DeliveryTimeWindow.Type

/**
 * A sending speed limit: `amount` messages per `timeUnit` (MINUTE by default).
 *
 * @since 0.1.0
 */
export const SendingSpeedLimit = Schema.Struct({
  amount: Schema.Int,
  timeUnit: Schema.optionalKey(Schema.Literals(["MINUTE", "HOUR", "DAY"]))
})

/**
 * Turkey's İYS (commercial consent) parameters.
 *
 * @since 0.1.0
 */
export const TurkeyIys = Schema.Struct({
  brandCode: Schema.optionalKey(Schema.Int),
  recipientType: Schema.Literals(["BIREYSEL", "TACIR"])
})

/**
 * Country-specific options; only Turkey's İYS is modelled, other keys pass through undecoded.
 *
 * @since 0.1.0
 */
export const Regional = Schema.Struct({
  turkeyIys: Schema.optionalKey(TurkeyIys)
})

/**
 * A price as reports and logs give it.
 *
 * @since 0.1.0
 */
export const Price = Schema.Struct({
  pricePerMessage: Schema.optionalKey(Schema.Finite),
  currency: Schema.optionalKey(Schema.String)
})

// ---------------------------------------------------------------------------------------------------------------------
// Statuses and message errors
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A message status as it travels: group (`PENDING`, `DELIVERED`, …) and the precise status inside it.
 *
 * @since 0.1.0
 */
export const StatusWire = Schema.Struct({
  groupId: Schema.Int,
  groupName: Schema.String,
  id: Schema.Int,
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  action: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 */
export type StatusWire = typeof StatusWire.Type

/**
 * A message error: `permanent` says whether sending the same message again can ever succeed.
 *
 * @since 0.1.0
 */
export const MessageErrorWire = Schema.Struct({
  groupId: Schema.Int,
  groupName: Schema.String,
  id: Schema.Int,
  name: Schema.String,
  description: Schema.optionalKey(Schema.String),
  permanent: Schema.optionalKey(Schema.Boolean)
})

/**
 * @since 0.1.0
 */
export type MessageErrorWire = typeof MessageErrorWire.Type

// ---------------------------------------------------------------------------------------------------------------------
// v1 / v2 advanced send
// ---------------------------------------------------------------------------------------------------------------------

/**
 * One destination of a v1/v2 message.
 *
 * @since 0.1.0
 */
export const Destination = Schema.Struct({
  to: Schema.String,
  messageId: Schema.optionalKey(Schema.String)
})

/**
 * The language of a v1/v2 message (`TR` selects the Turkish shift tables).
 *
 * @since 0.1.0
 */
export const Language = Schema.Struct({
  languageCode: Schema.String
})

/**
 * One message of the advanced send: a text to one or more destinations with its options.
 *
 * @since 0.1.0
 */
export const AdvancedMessage = Schema.Struct({
  from: Schema.optionalKey(Schema.String),
  destinations: Schema.Array(Destination),
  text: Schema.optionalKey(Schema.String),
  flash: Schema.optionalKey(Schema.Boolean),
  intermediateReport: Schema.optionalKey(Schema.Boolean),
  notifyUrl: Schema.optionalKey(Schema.String),
  notifyContentType: Schema.optionalKey(Schema.String),
  callbackData: Schema.optionalKey(Schema.String),
  /** Minutes, at most 2880 (48 hours). */
  validityPeriod: Schema.optionalKey(Schema.Int),
  /** `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, e.g. `2021-08-25T16:00:00.000+0000`. */
  sendAt: Schema.optionalKey(Schema.String),
  deliveryTimeWindow: Schema.optionalKey(DeliveryTimeWindow),
  language: Schema.optionalKey(Language),
  transliteration: Schema.optionalKey(Schema.String),
  regional: Schema.optionalKey(Regional),
  entityId: Schema.optionalKey(Schema.String),
  applicationId: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 */
export type AdvancedMessage = typeof AdvancedMessage.Type

/**
 * URL tracking of the advanced send.
 *
 * @since 0.1.0
 */
export const Tracking = Schema.Struct({
  track: Schema.optionalKey(Schema.String),
  type: Schema.optionalKey(Schema.String),
  baseUrl: Schema.optionalKey(Schema.String),
  processKey: Schema.optionalKey(Schema.String)
})

/**
 * The body of `POST /sms/1/text/advanced` and `POST /sms/2/text/advanced` (v2 adds `includeSmsCountInResponse`).
 *
 * @since 0.1.0
 */
export const AdvancedRequest = Schema.Struct({
  bulkId: Schema.optionalKey(Schema.String),
  messages: Schema.Array(AdvancedMessage),
  tracking: Schema.optionalKey(Tracking),
  sendingSpeedLimit: Schema.optionalKey(SendingSpeedLimit),
  includeSmsCountInResponse: Schema.optionalKey(Schema.Boolean)
})

/**
 * @since 0.1.0
 */
export type AdvancedRequest = typeof AdvancedRequest.Type

/**
 * One destination's acceptance in the advanced send's answer.
 *
 * @since 0.1.0
 */
export const AdvancedSentMessage = Schema.Struct({
  to: Schema.String,
  status: StatusWire,
  smsCount: Schema.optionalKey(Schema.Int),
  messageId: Id
})

/**
 * The answer of the advanced send: `bulkId` only when there were several destinations or the caller gave one.
 *
 * @since 0.1.0
 */
export const AdvancedResponse = Schema.Struct({
  bulkId: Schema.optionalKey(Id),
  trackingProcessKey: Schema.optionalKey(Schema.String),
  messages: Schema.Array(AdvancedSentMessage)
})

/**
 * @since 0.1.0
 */
export type AdvancedResponse = typeof AdvancedResponse.Type

// ---------------------------------------------------------------------------------------------------------------------
// v3 messages
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The language of a v3 message: a language code and which Turkish-style shift tables to use.
 *
 * @since 0.1.0
 */
export const LanguageV3 = Schema.Struct({
  languageCode: Schema.optionalKey(Schema.String),
  singleShift: Schema.optionalKey(Schema.Boolean),
  lockingShift: Schema.optionalKey(Schema.Boolean)
})

/**
 * The text content of a v3 message.
 *
 * @since 0.1.0
 */
export const ContentV3 = Schema.Struct({
  text: Schema.String,
  transliteration: Schema.optionalKey(Schema.String),
  language: Schema.optionalKey(LanguageV3)
})

/**
 * A v3 validity period: `amount` of `timeUnit` (MINUTES by default).
 *
 * @since 0.1.0
 */
export const ValidityPeriodV3 = Schema.Struct({
  amount: Schema.Int,
  timeUnit: Schema.optionalKey(Schema.Literals(["SECONDS", "MINUTES", "HOURS"]))
})

/**
 * Per-message options of a v3 message.
 *
 * @since 0.1.0
 */
export const MessageOptionsV3 = Schema.Struct({
  platform: Schema.optionalKey(
    Schema.Struct({
      entityId: Schema.optionalKey(Schema.String),
      applicationId: Schema.optionalKey(Schema.String)
    })
  ),
  validityPeriod: Schema.optionalKey(ValidityPeriodV3),
  deliveryTimeWindow: Schema.optionalKey(DeliveryTimeWindow),
  campaignReferenceId: Schema.optionalKey(Schema.String),
  flash: Schema.optionalKey(Schema.Boolean),
  regional: Schema.optionalKey(Regional)
})

/**
 * Where and how v3 delivery reports are pushed for a message.
 *
 * @since 0.1.0
 */
export const WebhooksV3 = Schema.Struct({
  delivery: Schema.optionalKey(
    Schema.Struct({
      url: Schema.optionalKey(Schema.String),
      intermediateReport: Schema.optionalKey(Schema.Boolean),
      notify: Schema.optionalKey(Schema.Boolean)
    })
  ),
  contentType: Schema.optionalKey(Schema.String),
  callbackData: Schema.optionalKey(Schema.String)
})

/**
 * One v3 message.
 *
 * @since 0.1.0
 */
export const MessageV3 = Schema.Struct({
  sender: Schema.optionalKey(Schema.String),
  destinations: Schema.Array(Destination),
  content: ContentV3,
  options: Schema.optionalKey(MessageOptionsV3),
  webhooks: Schema.optionalKey(WebhooksV3)
})

/**
 * @since 0.1.0
 */
export type MessageV3 = typeof MessageV3.Type

/**
 * Request-wide options of a v3 send: the schedule (bulk id, time, speed), tracking and the segment count.
 *
 * @since 0.1.0
 */
export const RequestOptionsV3 = Schema.Struct({
  schedule: Schema.optionalKey(
    Schema.Struct({
      bulkId: Schema.optionalKey(Schema.String),
      sendAt: Schema.optionalKey(Schema.String),
      sendingSpeedLimit: Schema.optionalKey(SendingSpeedLimit)
    })
  ),
  tracking: Schema.optionalKey(
    Schema.Struct({
      shortenUrl: Schema.optionalKey(Schema.Boolean),
      trackClicks: Schema.optionalKey(Schema.Boolean),
      trackingUrl: Schema.optionalKey(Schema.String),
      removeProtocol: Schema.optionalKey(Schema.Boolean),
      customDomain: Schema.optionalKey(Schema.String)
    })
  ),
  includeSmsCountInResponse: Schema.optionalKey(Schema.Boolean)
})

/**
 * The body of `POST /sms/3/messages`.
 *
 * @since 0.1.0
 */
export const MessagesRequest = Schema.Struct({
  messages: Schema.Array(MessageV3),
  options: Schema.optionalKey(RequestOptionsV3)
})

/**
 * @since 0.1.0
 */
export type MessagesRequest = typeof MessagesRequest.Type

/**
 * One destination's acceptance in the v3 answer.
 *
 * @since 0.1.0
 */
export const SentMessageV3 = Schema.Struct({
  messageId: Id,
  status: StatusWire,
  destination: Schema.String,
  details: Schema.optionalKey(Schema.Struct({ messageCount: Schema.optionalKey(Schema.Int) }))
})

/**
 * The answer of `POST /sms/3/messages`.
 *
 * @since 0.1.0
 */
export const MessagesResponse = Schema.Struct({
  bulkId: Schema.optionalKey(Id),
  messages: Schema.Array(SentMessageV3)
})

/**
 * @since 0.1.0
 */
export type MessagesResponse = typeof MessagesResponse.Type

// ---------------------------------------------------------------------------------------------------------------------
// Delivery reports and logs
// ---------------------------------------------------------------------------------------------------------------------

/**
 * A delivery report, v1 or v3 shape (pull and webhook alike): v1 names the sender `from` and counts `smsCount`, v3
 * names them `sender` and `messageCount`. Both forms are accepted; use {@link reportSender} and {@link reportCount}.
 *
 * @since 0.1.0
 */
export const DeliveryReport = Schema.Struct({
  bulkId: Schema.optionalKey(Id),
  messageId: Id,
  to: Schema.String,
  from: Schema.optionalKey(Schema.String),
  sender: Schema.optionalKey(Schema.String),
  sentAt: Schema.optionalKey(Schema.String),
  doneAt: Schema.optionalKey(Schema.String),
  smsCount: Schema.optionalKey(Schema.Int),
  messageCount: Schema.optionalKey(Schema.Int),
  mccMnc: Schema.optionalKey(Schema.String),
  callbackData: Schema.optionalKey(Schema.String),
  price: Schema.optionalKey(Price),
  status: StatusWire,
  error: Schema.optionalKey(MessageErrorWire),
  applicationId: Schema.optionalKey(Schema.String),
  entityId: Schema.optionalKey(Schema.String),
  campaignReferenceId: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 */
export type DeliveryReport = typeof DeliveryReport.Type

/**
 * The sender of a report, whichever generation named it.
 *
 * @since 0.1.0
 */
export const reportSender = (r: DeliveryReport): string | undefined => r.sender ?? r.from

/**
 * The number of SMS parts of a report, whichever generation counted it.
 *
 * @since 0.1.0
 */
export const reportCount = (r: DeliveryReport): number | undefined => r.messageCount ?? r.smsCount

/**
 * `{ results }`: the answer of the report endpoints and the body of a delivery-report webhook.
 *
 * @since 0.1.0
 */
export const ReportsResponse = Schema.Struct({
  results: Schema.Array(DeliveryReport)
})

/**
 * A v1 log entry.
 *
 * @since 0.1.0
 */
export const LogV1 = Schema.Struct({
  bulkId: Schema.optionalKey(Id),
  messageId: Id,
  to: Schema.String,
  from: Schema.optionalKey(Schema.String),
  text: Schema.optionalKey(Schema.String),
  sentAt: Schema.optionalKey(Schema.String),
  doneAt: Schema.optionalKey(Schema.String),
  smsCount: Schema.optionalKey(Schema.Int),
  mccMnc: Schema.optionalKey(Schema.String),
  price: Schema.optionalKey(Price),
  status: StatusWire,
  error: Schema.optionalKey(MessageErrorWire),
  applicationId: Schema.optionalKey(Schema.String),
  entityId: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 */
export type LogV1 = typeof LogV1.Type

/**
 * `GET /sms/1/logs`.
 *
 * @since 0.1.0
 */
export const LogsV1Response = Schema.Struct({
  results: Schema.Array(LogV1)
})

/**
 * A v3 log entry.
 *
 * @since 0.1.0
 */
export const LogV3 = Schema.Struct({
  bulkId: Schema.optionalKey(Id),
  messageId: Id,
  destination: Schema.String,
  sender: Schema.optionalKey(Schema.String),
  sentAt: Schema.optionalKey(Schema.String),
  doneAt: Schema.optionalKey(Schema.String),
  messageCount: Schema.optionalKey(Schema.Int),
  mccMnc: Schema.optionalKey(Schema.String),
  price: Schema.optionalKey(Price),
  status: StatusWire,
  error: Schema.optionalKey(MessageErrorWire),
  platform: Schema.optionalKey(
    Schema.Struct({
      entityId: Schema.optionalKey(Schema.String),
      applicationId: Schema.optionalKey(Schema.String)
    })
  ),
  content: Schema.optionalKey(Schema.Struct({ text: Schema.optionalKey(Schema.String) })),
  campaignReferenceId: Schema.optionalKey(Schema.String)
})

/**
 * @since 0.1.0
 */
export type LogV3 = typeof LogV3.Type

/**
 * `GET /sms/3/logs`: with `useCursor=true` the answer carries `cursor.nextCursor` until the last page.
 *
 * @since 0.1.0
 */
export const LogsV3Response = Schema.Struct({
  results: Schema.Array(LogV3),
  cursor: Schema.optionalKey(
    Schema.Struct({
      limit: Schema.optionalKey(Schema.Int),
      nextCursor: Schema.optionalKey(Schema.NullOr(Schema.String.check(Schema.isBetweenLength(1, 2048))))
    })
  )
})

/**
 * @since 0.1.0
 */
export type LogsV3Response = typeof LogsV3Response.Type

// ---------------------------------------------------------------------------------------------------------------------
// Preview, bulks, balance
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The body of `POST /sms/1/preview`.
 *
 * @since 0.1.0
 */
export const PreviewRequest = Schema.Struct({
  text: Schema.String,
  languageCode: Schema.optionalKey(Schema.String),
  transliteration: Schema.optionalKey(Schema.String)
})

/**
 * One preview: the text as it would be sent, its part count and the characters left in the last part.
 *
 * @since 0.1.0
 */
export const Preview = Schema.Struct({
  textPreview: Schema.String,
  messageCount: Schema.Int,
  charactersRemaining: Schema.Int,
  configuration: Schema.optionalKey(
    Schema.Struct({
      language: Schema.optionalKey(Schema.Struct({ languageCode: Schema.optionalKey(Schema.String) })),
      transliteration: Schema.optionalKey(Schema.String)
    })
  )
})

/**
 * @since 0.1.0
 */
export type Preview = typeof Preview.Type

/**
 * The answer of `POST /sms/1/preview`.
 *
 * @since 0.1.0
 */
export const PreviewResponse = Schema.Struct({
  originalText: Schema.optionalKey(Schema.String),
  previews: Schema.Array(Preview)
})

/**
 * @since 0.1.0
 */
export type PreviewResponse = typeof PreviewResponse.Type

/**
 * A scheduled bulk's time (`GET /sms/1/bulks`), and the body that reschedules it (`PUT`).
 *
 * @since 0.1.0
 */
export const BulkSchedule = Schema.Struct({
  bulkId: Schema.optionalKey(Id),
  sendAt: Schema.String
})

/**
 * @since 0.1.0
 */
export type BulkSchedule = typeof BulkSchedule.Type

/**
 * The states of a scheduled bulk.
 *
 * @since 0.1.0
 */
export const BulkStatusValue = Schema.Literals(["PENDING", "PAUSED", "PROCESSING", "CANCELED", "FINISHED", "FAILED"])

/**
 * @since 0.1.0
 */
export type BulkStatusValue = typeof BulkStatusValue.Type

/**
 * A scheduled bulk's status (`GET /sms/1/bulks/status`), and the body that changes it (`PUT`): PAUSED to pause,
 * PENDING to resume, CANCELED to cancel.
 *
 * @since 0.1.0
 */
export const BulkStatus = Schema.Struct({
  bulkId: Schema.optionalKey(Id),
  status: BulkStatusValue
})

/**
 * @since 0.1.0
 */
export type BulkStatus = typeof BulkStatus.Type

/**
 * `GET /account/1/balance`.
 *
 * @since 0.1.0
 */
export const Balance = Schema.Struct({
  balance: Schema.Finite,
  currency: Schema.String
})

/**
 * @since 0.1.0
 */
export type Balance = typeof Balance.Type

// ---------------------------------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The body of `POST /auth/1/session`.
 *
 * @since 0.1.0
 */
export const SessionRequest = Schema.Struct({
  username: Schema.String,
  password: Schema.String
})

/**
 * The answer of `POST /auth/1/session`: the IBSSO token.
 *
 * @since 0.1.0
 */
export const SessionResponse = Schema.Struct({
  token: Schema.String.check(Schema.isBetweenLength(1, 4096))
})

/**
 * The answer of `POST /auth/1/oauth2/token` (client credentials grant). `expires_in` is in seconds.
 *
 * @since 0.1.0
 */
export const TokenResponse = Schema.Struct({
  access_token: Schema.String.check(Schema.isBetweenLength(1, 8192)),
  expires_in: Schema.Int,
  token_type: Schema.optionalKey(Schema.String)
})

// ---------------------------------------------------------------------------------------------------------------------
// HTTP error bodies
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The legacy error body: `requestError.serviceException` with an id such as `BAD_REQUEST`, a text, and for a 400
 * the invalid fields with their messages.
 *
 * @since 0.1.0
 */
export const LegacyErrorBody = Schema.Struct({
  requestError: Schema.Struct({
    serviceException: Schema.Struct({
      messageId: Schema.optionalKey(Schema.String),
      text: Schema.optionalKey(Schema.String),
      validationErrors: Schema.optionalKey(
        Schema.Record(Schema.String, Schema.Union([Schema.Array(Schema.String), Schema.String]))
      )
    })
  })
})

/**
 * @since 0.1.0
 */
export type LegacyErrorBody = typeof LegacyErrorBody.Type

/**
 * The current error body: an `E4xx`/`E5xx` code, a description, the action to take, and for a 400 the violations.
 *
 * @since 0.1.0
 */
export const ApiErrorBody = Schema.Struct({
  errorCode: Schema.String,
  description: Schema.optionalKey(Schema.String),
  action: Schema.optionalKey(Schema.String),
  violations: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        property: Schema.optionalKey(Schema.String),
        violation: Schema.optionalKey(Schema.String)
      })
    )
  ),
  resources: Schema.optionalKey(
    Schema.Array(
      Schema.Struct({
        name: Schema.optionalKey(Schema.String),
        url: Schema.optionalKey(Schema.String)
      })
    )
  )
})

/**
 * @since 0.1.0
 */
export type ApiErrorBody = typeof ApiErrorBody.Type

/**
 * One invalid field, whichever body format named it.
 *
 * @since 0.1.0
 */
export interface Violation {
  readonly property: string
  readonly violation: string
}

/**
 * Either error body, normalised: a code (`E400`, or the legacy id mapped to one), the provider's text, and the
 * violations. The legacy ids map as Infobip's own Java client maps them (`docs/providers/infobip.md` §5).
 *
 * @since 0.1.0
 */
export interface ErrorDetails {
  readonly code: string
  readonly text: string
  readonly action: string | undefined
  readonly violations: ReadonlyArray<Violation>
}

const legacyCodes: Record<string, string> = {
  BAD_REQUEST: "E400",
  UNAUTHORIZED: "E401",
  FORBIDDEN: "E403",
  NOT_FOUND: "E404",
  TOO_MANY_REQUESTS: "E429",
  GENERAL_ERROR: "E500"
}

const decodeLegacy = Schema.decodeUnknownOption(LegacyErrorBody)
const decodeApi = Schema.decodeUnknownOption(ApiErrorBody)

/**
 * Reads either error body format; `undefined` when the body is neither (an HTML page from a proxy, say).
 *
 * @since 0.1.0
 */
export const errorDetails = (body: unknown): ErrorDetails | undefined => {
  const api = decodeApi(body)
  if (api._tag === "Some") {
    const b = api.value
    return {
      code: b.errorCode,
      text: b.description ?? b.errorCode,
      action: b.action,
      violations: (b.violations ?? []).map((v) => ({ property: v.property ?? "", violation: v.violation ?? "" }))
    }
  }
  const legacy = decodeLegacy(body)
  if (legacy._tag === "Some") {
    const e = legacy.value.requestError.serviceException
    const violations: Array<Violation> = []
    for (const [property, messages] of Object.entries(e.validationErrors ?? {})) {
      for (const violation of typeof messages === "string" ? [messages] : messages) {
        violations.push({ property, violation })
      }
    }
    const id = e.messageId ?? "GENERAL_ERROR"
    return { code: legacyCodes[id] ?? id, text: e.text ?? id, action: undefined, violations }
  }
  return undefined
}
