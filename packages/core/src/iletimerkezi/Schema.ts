/**
 * iletiMerkezi's request values and response payloads.
 *
 * Request values are the validated, normalised form of a call (phone numbers as `905XXXXXXXXX`, schedules as
 * `DateTime.Utc`); they are Schema classes so that a call can be logged, queued or replayed. Response schemas are
 * lenient where the wire drifts (docs/providers/iletimerkezi-api.md ("Envelope and status")): ids, codes and counters arrive as numbers or strings, and
 * repeated elements arrive as one value or an array.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaJITCompiler from "effect/schema/SchemaJITCompiler"
import * as Codecs from "../internal/codecs.ts"
import { DigitsId, LenientId, LenientInt, LenientNumber, OneOrMany } from "../internal/lenient.ts"

// ---------------------------------------------------------------------------------------------------------------------
// Shared
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The İYS list a commercial message is checked against: individuals or merchants.
 *
 * @since 0.1.0
 */
export const IysList = Schema.Literals(["BIREYSEL", "TACIR"])

/**
 * @since 0.1.0
 */
export type IysList = typeof IysList.Type

/**
 * An order's overall status: 113 sending, 114 finished (not "all delivered"), 115 could not be sent or cancelled.
 *
 * @since 0.1.0
 */
export const OrderStatus = {
  Sending: 113,
  Completed: 114,
  Failed: 115
} as const

/**
 * A message's status: 110 queued at the carrier, 111 delivered, 112 undelivered.
 *
 * @since 0.1.0
 */
export const MessageStatus = {
  Waiting: 110,
  Delivered: 111,
  Undelivered: 112
} as const

// ---------------------------------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------------------------------

/**
 * One text and its recipients, within an order.
 *
 * @since 0.1.0
 */
export class SmsMessage extends Schema.Class<SmsMessage>("@effect-sms/core/iletimerkezi/SmsMessage")({
  text: Schema.String,
  /** Normalised Turkish mobile numbers, `905XXXXXXXXX`. */
  recipients: Schema.Array(Schema.String)
}) {}

/**
 * A validated send-sms order: one sender, one or more texts each with its recipients.
 *
 * @since 0.1.0
 */
export class SendSmsRequest extends Schema.Class<SendSmsRequest>("@effect-sms/core/iletimerkezi/SendSmsRequest")({
  sender: Schema.String,
  messages: Schema.Array(SmsMessage),
  /** When to send; absent means now. Goes on the wire as `dd/MM/yyyy HH:mm` in Turkey time. */
  sendAt: Schema.optionalKey(Schema.DateTimeUtcFromString),
  /** 1: a commercial message, checked against İYS; 0: an informational one. */
  iys: Schema.Literals([0, 1]),
  iysList: Schema.optionalKey(IysList)
}) {
  /** The number of recipients over all texts: what the provider's 100 SMS/s limit counts. */
  get recipientCount(): number {
    let n = 0
    for (const m of this.messages) n += m.recipients.length
    return n
  }
}

/**
 * @since 0.1.0
 */
export class OrderIdRequest extends Schema.Class<OrderIdRequest>("@effect-sms/core/iletimerkezi/OrderIdRequest")({
  orderId: Schema.String
}) {}

/**
 * One page of an order's per-recipient report.
 *
 * @since 0.1.0
 */
export class GetReportRequest extends Schema.Class<GetReportRequest>("@effect-sms/core/iletimerkezi/GetReportRequest")({
  orderId: Schema.String,
  page: Schema.Int,
  rowCount: Schema.Int
}) {}

/**
 * One page of order summaries in a date range of at most 10 days (`Y-m-d`, both ends inclusive).
 *
 * @since 0.1.0
 */
export class GetReportsRequest extends Schema.Class<GetReportsRequest>(
  "@effect-sms/core/iletimerkezi/GetReportsRequest"
)({
  start: Schema.String,
  end: Schema.String,
  page: Schema.Int
}) {}

/**
 * A request with no payload besides the credentials.
 *
 * @since 0.1.0
 */
export class EmptyRequest extends Schema.Class<EmptyRequest>("@effect-sms/core/iletimerkezi/EmptyRequest")({}) {}

/**
 * One page of the blacklist, optionally filtered by when numbers were added (`YYYY-MM-DD HH:MM:SS`).
 *
 * @since 0.1.0
 */
export class GetBlacklistRequest extends Schema.Class<GetBlacklistRequest>(
  "@effect-sms/core/iletimerkezi/GetBlacklistRequest"
)({
  start: Schema.optionalKey(Schema.String),
  end: Schema.optionalKey(Schema.String),
  page: Schema.Int,
  rowCount: Schema.Int
}) {}

/**
 * One number to add to or remove from the blacklist.
 *
 * @since 0.1.0
 */
export class BlacklistNumberRequest extends Schema.Class<BlacklistNumberRequest>(
  "@effect-sms/core/iletimerkezi/BlacklistNumberRequest"
)({
  number: Schema.String
}) {}

/**
 * Who a consent is for.
 *
 * @since 0.1.0
 */
export const RecipientType = Schema.Literals(["BIREYSEL", "TACIR"])

/**
 * The channel a consent covers.
 *
 * @since 0.1.0
 */
export const ConsentType = Schema.Literals(["MESAJ", "EPOSTA", "ARAMA"])

/**
 * Consent given (ONAY) or refused (RET).
 *
 * @since 0.1.0
 */
export const ConsentStatus = Schema.Literals(["ONAY", "RET"])

/**
 * One İYS consent record.
 *
 * @since 0.1.0
 */
export class Consent extends Schema.Class<Consent>("@effect-sms/core/iletimerkezi/Consent")({
  /** A Turkish mobile (`+905XXXXXXXXX`) for MESAJ and ARAMA, an email address for EPOSTA. */
  recipient: Schema.String,
  recipientType: RecipientType,
  type: ConsentType,
  status: ConsentStatus,
  /** İYS source, e.g. `HS_WEB`, `HS_FIZIKSEL_ORTAM`. */
  source: Schema.String,
  /** `YYYY-MM-DD HH:MM:SS`, Turkey time, at most 3 days old. */
  consentDate: Schema.String
}) {}

/**
 * @since 0.1.0
 */
export class RegisterConsentsRequest extends Schema.Class<RegisterConsentsRequest>(
  "@effect-sms/core/iletimerkezi/RegisterConsentsRequest"
)({
  brandCode: Schema.String,
  consents: Schema.Array(Consent)
}) {}

/**
 * @since 0.1.0
 */
export class CheckConsentRequest extends Schema.Class<CheckConsentRequest>(
  "@effect-sms/core/iletimerkezi/CheckConsentRequest"
)({
  brandCode: Schema.String,
  recipient: Schema.String,
  recipientType: RecipientType,
  type: ConsentType
}) {}

// ---------------------------------------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------------------------------------

/**
 * The status every response carries. `code` arrives as an integer or a numeric string.
 *
 * @since 0.1.0
 */
export const Status = Schema.Struct({
  code: LenientInt,
  message: Schema.String
})

/**
 * The envelope, read before anything else to find the verdict.
 *
 * @since 0.1.0
 */
export const StatusEnvelope = Schema.Struct({
  response: Schema.Struct({ status: Status })
})

/**
 * @since 0.1.0
 */
export const SendSmsWire = Schema.Struct({
  order: Schema.Struct({ id: DigitsId })
})

/**
 * The result of a send: the order id the provider assigned.
 *
 * @since 0.1.0
 */
export class SendSmsResult extends Schema.Class<SendSmsResult>("@effect-sms/core/iletimerkezi/SendSmsResult")({
  orderId: Schema.String
}) {}

/**
 * A status-only response.
 *
 * @since 0.1.0
 */
export const StatusOnlyWire = Schema.Struct({})

/**
 * One recipient's line in a report.
 *
 * @since 0.1.0
 */
export const ReportMessage = Schema.Struct({
  /** As the provider echoes it, usually `+905XXXXXXXXX`. */
  number: LenientId,
  /** 110 waiting, 111 delivered, 112 undelivered. */
  status: LenientInt
})

/**
 * A report line. A plain object rather than a class: reports run to millions of lines, and a struct decodes in about
 * half the time.
 *
 * @since 0.1.0
 */
export type ReportMessage = typeof ReportMessage.Type

const counter = Schema.optionalKey(LenientInt)

/**
 * An order's summary, as get-report and get-reports give it. Old API versions omit the counters and times.
 *
 * @since 0.1.0
 */
export class OrderSummary extends Schema.Class<OrderSummary>("@effect-sms/core/iletimerkezi/OrderSummary")({
  id: DigitsId,
  /** 113 sending, 114 completed, 115 failed or cancelled. */
  status: LenientInt,
  total: counter,
  delivered: counter,
  undelivered: counter,
  waiting: counter,
  /** `YYYY-MM-DD HH:MM:SS`, Turkey time. */
  submitAt: Schema.optionalKey(Schema.String),
  sendAt: Schema.optionalKey(Schema.String),
  sender: Schema.optionalKey(Schema.String),
  /** Credits consumed; undelivered messages are free. */
  price: Schema.optionalKey(LenientNumber)
}) {}

/**
 * @since 0.1.0
 */
export const GetReportWire = Schema.Struct({
  order: Schema.Struct({
    ...OrderSummary.fields,
    message: Schema.optionalKey(OneOrMany(ReportMessage))
  })
})

// Report pages carry up to a thousand messages each, and exports run to millions: effect's compiled parser decodes
// them in about 60% of the interpreter's time, with fewer allocations. It is the same decoder (same results, same
// errors); where `new Function` is blocked, effect keeps interpreting.
SchemaJITCompiler.enable(GetReportWire.ast)

const decodeReportOrder = Schema.decodeUnknownResult(Schema.Struct({ order: Schema.Struct(OrderSummary.fields) }))

/**
 * The common form of a report page, decoded by hand: `message` an array of `{ number: string, status: integer }`,
 * as the JSON API sends it. Each message becomes the `{ number, status }` that `ReportMessage` makes of it, and the
 * order's fields go through the schema. Any other form (one message, a numeric `number`, a string `status`, XML's
 * strings) returns `undefined`, and `GetReportWire` decodes the page (with its errors). About a quarter of the CPU of
 * a report page's request was the schema's walk over its messages.
 */
const reportShortcut = (u: unknown): typeof GetReportWire.Type | undefined => {
  if (typeof u !== "object" || u === null) return undefined
  const order = (u as { readonly order?: unknown }).order
  if (typeof order !== "object" || order === null) return undefined
  const items = (order as { readonly message?: unknown }).message
  if (!Array.isArray(items)) return undefined
  const messages: Array<ReportMessage> = new Array(items.length)
  for (let i = 0; i < items.length; i++) {
    const m: unknown = items[i]
    if (typeof m !== "object" || m === null || Array.isArray(m)) return undefined
    const { number, status } = m as { readonly number?: unknown; readonly status?: unknown }
    if (typeof number !== "string" || typeof status !== "number" || !Number.isSafeInteger(status)) return undefined
    messages[i] = { number, status }
  }
  const summary = decodeReportOrder(u)
  if (Result.isFailure(summary)) return undefined
  return { order: { ...summary.success.order, message: messages } }
}
Codecs.shortcut(GetReportWire, reportShortcut)

/**
 * One page of an order's report.
 *
 * @since 0.1.0
 */
export interface ReportPage {
  readonly order: OrderSummary
  readonly messages: ReadonlyArray<ReportMessage>
}

/**
 * @since 0.1.0
 */
export const GetReportsWire = Schema.Struct({
  count: Schema.optionalKey(LenientInt),
  orders: Schema.optionalKey(OneOrMany(OrderSummary))
})

SchemaJITCompiler.enable(GetReportsWire.ast)

/**
 * One page of order summaries. `count` is the number of orders on this page, not in the range.
 *
 * @since 0.1.0
 */
export interface OrdersPage {
  readonly count: number
  readonly orders: ReadonlyArray<OrderSummary>
}

/**
 * @since 0.1.0
 */
export const GetBalanceWire = Schema.Struct({
  balance: Schema.Struct({ amount: LenientNumber, sms: LenientInt })
})

/**
 * The account balance: TL credit and SMS credits.
 *
 * @since 0.1.0
 */
export class Balance extends Schema.Class<Balance>("@effect-sms/core/iletimerkezi/Balance")({
  /** TL credit. */
  amount: Schema.Number,
  /** SMS credits. */
  sms: Schema.Int
}) {}

/**
 * `senders` is `{ sender: string | string[] }`, or empty (`[]` in JSON, an empty element in XML) on new accounts.
 *
 * @since 0.1.0
 */
export const GetSendersWire = Schema.Struct({
  senders: Schema.optionalKey(
    Schema.Union([
      Schema.Struct({ sender: Schema.optionalKey(OneOrMany(Schema.String)) }),
      Schema.Literal(""),
      Schema.Tuple([])
    ])
  )
})

/**
 * @since 0.1.0
 */
export const GetBlacklistWire = Schema.Struct({
  blacklist: Schema.Struct({
    count: LenientInt,
    number: Schema.optionalKey(OneOrMany(Schema.String))
  })
})

/**
 * One page of the blacklist. `count` is the total on the account, independent of paging.
 *
 * @since 0.1.0
 */
export interface BlacklistPage {
  readonly count: number
  readonly numbers: ReadonlyArray<string>
}

/**
 * @since 0.1.0
 */
export class ConsentRecord extends Schema.Class<ConsentRecord>("@effect-sms/core/iletimerkezi/ConsentRecord")({
  brandCode: DigitsId,
  ...Consent.fields
}) {}

/**
 * consent/show answers with the record, or (drift, docs/providers/iletimerkezi-api.md ("İYS consents")) with `consent: []` when there is none.
 *
 * @since 0.1.0
 */
export const CheckConsentWire = Schema.Struct({
  consent: Schema.optionalKey(Schema.Union([ConsentRecord, Schema.Tuple([]), Schema.Literal("")]))
})
