/**
 * Every iletiMerkezi endpoint, as data. The executor (`internal/executor.ts`) interprets them over JSON or XML.
 * Wire shapes follow docs/providers/iletimerkezi-api.md ("Endpoints"), including its quirks, which are kept on purpose.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as Endpoint from "../Endpoint.ts"
import * as SmsError from "../SmsError.ts"
import { formatSendDateTime } from "../TurkeyTime.ts"
import * as S from "./Schema.ts"

/**
 * The errors any endpoint can answer with: a body it cannot parse, bad credentials, an unknown method, and
 * unavailability or throttling.
 *
 * @since 0.1.0
 */
export const CommonErrors = [
  SmsError.RequestNotParsed,
  SmsError.AuthenticationFailed,
  SmsError.MethodNotFound,
  SmsError.ServiceUnavailable,
  SmsError.RateLimited
] as const

// Every iletiMerkezi call is a POST of the envelope to /v1/<method> (docs/providers/iletimerkezi-api.md "Transport").
const post = <const P extends string>(path: P) => ({ provider: "iletimerkezi" as const, method: "POST" as const, path })
const both = Endpoint.envelope("json", "xml")
const jsonOnly = Endpoint.envelope("json")

/**
 * send-sms: one order, one sender, one or more texts. Not idempotent.
 *
 * @since 0.1.0
 */
export const sendSms = Endpoint.make({
  name: "sendSms",
  ...post("/send-sms"),
  encoding: both,
  request: S.SendSmsRequest,
  toWire: (r) => {
    // `receipents` (sic) is the wire name, inside `message`; "fixing" it makes the provider see no recipients.
    const message = r.messages.map((m) => ({ text: m.text, receipents: { number: m.recipients } }))
    return {
      order: {
        sender: r.sender,
        ...(r.sendAt === undefined ? {} : { sendDateTime: formatSendDateTime(r.sendAt) }),
        // The docs give iys as the string "1"/"0"; SDKs send numbers, which the API also takes.
        iys: String(r.iys),
        ...(r.iysList === undefined ? {} : { iysList: r.iysList }),
        // One text is an object, as in the docs' JSON example; several are an array (repeated <message> in XML).
        message: message.length === 1 ? message[0] : message
      }
    }
  },
  success: S.SendSmsWire,
  toResult: (w) => new S.SendSmsResult({ orderId: w.order.id }),
  errors: [
    ...CommonErrors,
    SmsError.InsufficientBalance,
    SmsError.SenderNotApproved,
    SmsError.DuplicateOrder,
    SmsError.InvalidRecipients,
    SmsError.OrderTooLarge,
    SmsError.EmptyMessageText,
    SmsError.InvalidSendDateTime,
    SmsError.EmptySender,
    SmsError.InvalidSender,
    SmsError.DocumentMissing,
    SmsError.IysFlagRequired,
    SmsError.IysListRequired,
    SmsError.IysCodeMissing
  ],
  safety: "unsafe"
})

/**
 * cancel-order: cancels a scheduled order that has not started sending.
 *
 * @since 0.1.0
 */
export const cancelOrder = Endpoint.make({
  name: "cancelOrder",
  ...post("/cancel-order"),
  encoding: both,
  request: S.OrderIdRequest,
  toWire: (r) => ({ order: { id: r.orderId } }),
  success: S.StatusOnlyWire,
  toResult: (): void => undefined,
  errors: [...CommonErrors, SmsError.OrderNotFound],
  // Cancelling twice has the same effect as once, so it is safe to retry; but the second answers 455.
  safety: "idempotent",
  settledBy: [455]
})

/**
 * get-report: one page of an order's per-recipient report.
 *
 * @since 0.1.0
 */
export const getReport = Endpoint.make({
  name: "getReport",
  ...post("/get-report"),
  encoding: both,
  request: S.GetReportRequest,
  toWire: (r) => ({ order: { id: r.orderId, page: r.page, rowCount: r.rowCount } }),
  success: S.GetReportWire,
  toResult: ({ order: { message, ...order } }): S.ReportPage => ({
    order: new S.OrderSummary(order, { disableChecks: true }),
    messages: message ?? []
  }),
  errors: [...CommonErrors, SmsError.OrderNotFound, SmsError.OrderNotYetDue],
  safety: "read"
})

/**
 * get-reports: one page of order summaries in a range of at most 10 days. JSON only (no XML form is documented).
 *
 * @since 0.1.0
 */
export const getReports = Endpoint.make({
  name: "getReports",
  ...post("/get-reports"),
  encoding: jsonOnly,
  request: S.GetReportsRequest,
  // `page` belongs inside `filter`; the PHP and Python SDKs put it beside, where it is ignored.
  toWire: (r) => ({ filter: { start: r.start, end: r.end, page: r.page } }),
  success: S.GetReportsWire,
  toResult: (w): S.OrdersPage => {
    const orders = w.orders ?? []
    return { count: w.count ?? orders.length, orders }
  },
  errors: [...CommonErrors, SmsError.InvalidDateRange],
  safety: "read"
})

/**
 * get-balance: the account's TL and SMS credit.
 *
 * @since 0.1.0
 */
export const getBalance = Endpoint.make({
  name: "getBalance",
  ...post("/get-balance"),
  encoding: both,
  request: S.EmptyRequest,
  toWire: () => ({}),
  success: S.GetBalanceWire,
  toResult: (w) => new S.Balance(w.balance, { disableChecks: true }),
  errors: CommonErrors,
  safety: "read"
})

/**
 * get-sender: the approved sender IDs.
 *
 * @since 0.1.0
 */
export const getSenders = Endpoint.make({
  name: "getSenders",
  ...post("/get-sender"),
  encoding: both,
  request: S.EmptyRequest,
  toWire: () => ({}),
  success: S.GetSendersWire,
  toResult: (w): ReadonlyArray<string> =>
    w.senders === undefined || typeof w.senders === "string" || Array.isArray(w.senders)
      ? []
      : ((w.senders as { readonly sender?: ReadonlyArray<string> }).sender ?? []),
  errors: CommonErrors,
  safety: "read"
})

/**
 * get-blacklist: one page of blacklisted numbers.
 *
 * @since 0.1.0
 */
export const getBlacklist = Endpoint.make({
  name: "getBlacklist",
  ...post("/get-blacklist"),
  encoding: both,
  request: S.GetBlacklistRequest,
  // Everything nests under `blacklist`; a top-level shape is silently ignored by the API
  // (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist").
  toWire: (r) => ({
    blacklist: {
      ...(r.start === undefined && r.end === undefined
        ? {}
        : {
            filter: {
              ...(r.start === undefined ? {} : { start: r.start }),
              ...(r.end === undefined ? {} : { end: r.end })
            }
          }),
      page: r.page,
      rowCount: r.rowCount
    }
  }),
  success: S.GetBlacklistWire,
  toResult: (w): S.BlacklistPage => ({ count: w.blacklist.count, numbers: w.blacklist.number ?? [] }),
  errors: CommonErrors,
  safety: "read"
})

/**
 * add-blacklist: one number per call; adding a listed number again succeeds.
 *
 * @since 0.1.0
 */
export const addToBlacklist = Endpoint.make({
  name: "addToBlacklist",
  ...post("/add-blacklist"),
  encoding: both,
  request: S.BlacklistNumberRequest,
  toWire: (r) => ({ blacklist: { number: r.number } }),
  success: S.StatusOnlyWire,
  toResult: (): void => undefined,
  errors: [...CommonErrors, SmsError.InvalidNumber],
  safety: "idempotent"
})

/**
 * delete-blacklist: one number per call; 474 when the number is not on the list.
 *
 * @since 0.1.0
 */
export const removeFromBlacklist = Endpoint.make({
  name: "removeFromBlacklist",
  ...post("/delete-blacklist"),
  encoding: both,
  request: S.BlacklistNumberRequest,
  toWire: (r) => ({ blacklist: { number: r.number } }),
  success: S.StatusOnlyWire,
  toResult: (): void => undefined,
  errors: [...CommonErrors, SmsError.InvalidNumber, SmsError.BlacklistRemovalNotAllowed],
  // A repeated delete answers 474 instead of 200: the end state is the same, so a retry is harmless.
  safety: "idempotent",
  settledBy: [474]
})

// The İYS brand code on the wire: the API takes a string or an integer (live-verified) and the docs' examples use an
// integer, so a numeric code is sent as one; anything else as given.
const brandCode = (code: string): string | number => (/^\d+$/.test(code) ? Number(code) : code)

/**
 * consent/create (İYS register): up to 5,000 records, all or nothing. JSON only.
 *
 * @since 0.1.0
 */
export const registerConsents = Endpoint.make({
  name: "registerConsents",
  ...post("/consent/create"),
  encoding: jsonOnly,
  request: S.RegisterConsentsRequest,
  toWire: (r) => ({
    consent: {
      brandCode: brandCode(r.brandCode),
      list: r.consents.map((c) => ({
        recipient: c.recipient,
        recipientType: c.recipientType,
        type: c.type,
        status: c.status,
        source: c.source,
        consentDate: c.consentDate
      }))
    }
  }),
  success: S.StatusOnlyWire,
  toResult: (): void => undefined,
  errors: [
    ...CommonErrors,
    SmsError.NoActiveSubscription,
    SmsError.SubscriptionQuotaExceeded,
    SmsError.ValidationFailed,
    SmsError.TooManyConsentRecipients
  ],
  // Registering the same consents again leaves the registry as it was.
  safety: "idempotent"
})

/**
 * consent/show (İYS check): one recipient's consent, if any. JSON only.
 *
 * @since 0.1.0
 */
export const checkConsent = Endpoint.make({
  name: "checkConsent",
  ...post("/consent/show"),
  encoding: jsonOnly,
  request: S.CheckConsentRequest,
  toWire: (r) => ({
    consent: {
      brandCode: brandCode(r.brandCode),
      recipient: r.recipient,
      recipientType: r.recipientType,
      type: r.type
    }
  }),
  success: S.CheckConsentWire,
  toResult: (w): Option.Option<S.ConsentRecord> =>
    w.consent instanceof S.ConsentRecord ? Option.some(w.consent) : Option.none(),
  errors: [
    ...CommonErrors,
    SmsError.NoActiveSubscription,
    SmsError.SubscriptionQuotaExceeded,
    SmsError.ValidationFailed
  ],
  safety: "read"
})

/**
 * Every endpoint, by client method name.
 *
 * @since 0.1.0
 */
export const all = {
  sendSms,
  cancelOrder,
  getReport,
  getReports,
  getBalance,
  getSenders,
  getBlacklist,
  addToBlacklist,
  removeFromBlacklist,
  registerConsents,
  checkConsent
} as const
