/**
 * The error vocabulary shared by every provider: one tagged error class per documented status meaning.
 *
 * Each provider keeps its own code → class table (`iletimerkezi/Errors.ts`); where two providers mean the same thing
 * they share a class, and every instance keeps the `provider`, the raw `code` and the provider's own `message`
 * exactly as it came on the wire (Turkish for iletiMerkezi). Errors never carry credentials.
 *
 * @since 0.1.0
 */
import { Predicate, Schema } from "effect"

/**
 * The providers effect-sms speaks to.
 *
 * @since 0.1.0
 */
export const Provider = Schema.Literals(["iletimerkezi", "turkeysms", "infobip"])

/**
 * @since 0.1.0
 */
export type Provider = typeof Provider.Type

/**
 * The fields every provider status error carries.
 *
 * @since 0.1.0
 */
export const StatusFields = {
  provider: Provider,
  /** The provider's raw status code: an integer for iletiMerkezi and Infobip, `TS-xxxx` for TurkeySMS. */
  code: Schema.Union([Schema.Int, Schema.String]),
  /** The provider's own message, exactly as it came on the wire. */
  message: Schema.String,
  /** The HTTP status of the response, when there was one. */
  httpStatus: Schema.optionalKey(Schema.Int),
  /** How long the server asked us to wait before retrying (Retry-After), in milliseconds. */
  retryAfterMillis: Schema.optionalKey(Schema.Number)
}

const describe = (
  self: { readonly _tag: string; readonly code: number | string; readonly message: string },
  explanation: string
) => `${self._tag} (${self.code}): ${self.message} — ${explanation}`

/**
 * The provider could not parse the request body (malformed JSON or XML, or text that breaks XML without CDATA).
 *
 * @since 0.1.0
 */
export class RequestNotParsed extends Schema.TaggedError<RequestNotParsed>()("RequestNotParsed", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The provider could not parse the request body (malformed JSON or XML, or text that breaks XML without CDATA)."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The credentials were rejected. For iletiMerkezi the usual cause is the panel's "Allow API access" toggle being off (Settings → Security → Access Permissions); otherwise check the API key and hash/secret, and any fixed-IP restriction on the account.
 *
 * @since 0.1.0
 */
export class AuthenticationFailed extends Schema.TaggedError<AuthenticationFailed>()(
  "AuthenticationFailed",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return 'The credentials were rejected. For iletiMerkezi the usual cause is the panel\'s "Allow API access" toggle being off (Settings → Security → Access Permissions); otherwise check the API key and hash/secret, and any fixed-IP restriction on the account.'
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The account has no balance (TL or SMS credits) left for this order.
 *
 * @since 0.1.0
 */
export class InsufficientBalance extends Schema.TaggedError<InsufficientBalance>()(
  "InsufficientBalance",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The account has no balance (TL or SMS credits) left for this order."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * There is no active İYS subscription, or the İYS brand code is not provisioned; start the brand registration from the panel.
 *
 * @since 0.1.0
 */
export class NoActiveSubscription extends Schema.TaggedError<NoActiveSubscription>()(
  "NoActiveSubscription",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "There is no active İYS subscription, or the İYS brand code is not provisioned; start the brand registration from the panel."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The provider has no such API method; the URL or method name is wrong.
 *
 * @since 0.1.0
 */
export class MethodNotFound extends Schema.TaggedError<MethodNotFound>()("MethodNotFound", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The provider has no such API method; the URL or method name is wrong."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The İYS subscription quota is used up.
 *
 * @since 0.1.0
 */
export class SubscriptionQuotaExceeded extends Schema.TaggedError<SubscriptionQuotaExceeded>()(
  "SubscriptionQuotaExceeded",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The İYS subscription quota is used up."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The provider could not validate values in the request (for İYS: a consent date older than 3 days, a malformed recipient, or an out-of-enum field). The whole batch was rejected.
 *
 * @since 0.1.0
 */
export class ValidationFailed extends Schema.TaggedError<ValidationFailed>()("ValidationFailed", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The provider could not validate values in the request (for İYS: a consent date older than 3 days, a malformed recipient, or an out-of-enum field). The whole batch was rejected."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The sender ID is not approved for this account; it must match an approved sender exactly, including case and spaces.
 *
 * @since 0.1.0
 */
export class SenderNotApproved extends Schema.TaggedError<SenderNotApproved>()("SenderNotApproved", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The sender ID is not approved for this account; it must match an approved sender exactly, including case and spaces."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The same text was sent to the same recipients within the last 10 minutes, so the provider refused it as a duplicate. After an ambiguous failure this usually means the earlier attempt was accepted.
 *
 * @since 0.1.0
 */
export class DuplicateOrder extends Schema.TaggedError<DuplicateOrder>()("DuplicateOrder", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The same text was sent to the same recipients within the last 10 minutes, so the provider refused it as a duplicate. After an ambiguous failure this usually means the earlier attempt was accepted."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The recipients are missing or invalid, or a recipient is on the account's blacklist.
 *
 * @since 0.1.0
 */
export class InvalidRecipients extends Schema.TaggedError<InvalidRecipients>()("InvalidRecipients", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The recipients are missing or invalid, or a recipient is on the account's blacklist."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The message text is longer than the provider's maximum of 7 SMS parts for its encoding.
 *
 * @since 0.1.0
 */
export class OrderTooLarge extends Schema.TaggedError<OrderTooLarge>()("OrderTooLarge", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The message text is longer than the provider's maximum of 7 SMS parts for its encoding."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The message text is empty.
 *
 * @since 0.1.0
 */
export class EmptyMessageText extends Schema.TaggedError<EmptyMessageText>()("EmptyMessageText", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The message text is empty."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * No such order on this account, or it can no longer be cancelled (already queued at the carrier or finished).
 *
 * @since 0.1.0
 */
export class OrderNotFound extends Schema.TaggedError<OrderNotFound>()("OrderNotFound", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "No such order on this account, or it can no longer be cancelled (already queued at the carrier or finished)."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The order is scheduled and its send time has not arrived yet, so it has no report.
 *
 * @since 0.1.0
 */
export class OrderNotYetDue extends Schema.TaggedError<OrderNotYetDue>()("OrderNotYetDue", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The order is scheduled and its send time has not arrived yet, so it has no report."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The scheduled send time is not in the dd/MM/yyyy HH:mm format.
 *
 * @since 0.1.0
 */
export class InvalidSendDateTime extends Schema.TaggedError<InvalidSendDateTime>()(
  "InvalidSendDateTime",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The scheduled send time is not in the dd/MM/yyyy HH:mm format."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The date range is invalid: dates must be Y-m-d and the range at most 10 days.
 *
 * @since 0.1.0
 */
export class InvalidDateRange extends Schema.TaggedError<InvalidDateRange>()("InvalidDateRange", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The date range is invalid: dates must be Y-m-d and the range at most 10 days."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The sender ID is empty.
 *
 * @since 0.1.0
 */
export class EmptySender extends Schema.TaggedError<EmptySender>()("EmptySender", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The sender ID is empty."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The sender ID is longer than 11 characters or contains Turkish characters.
 *
 * @since 0.1.0
 */
export class InvalidSender extends Schema.TaggedError<InvalidSender>()("InvalidSender", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The sender ID is longer than 11 characters or contains Turkish characters."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The contact group name is empty.
 *
 * @since 0.1.0
 */
export class GroupNameRequired extends Schema.TaggedError<GroupNameRequired>()("GroupNameRequired", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The contact group name is empty."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The contact group id is empty.
 *
 * @since 0.1.0
 */
export class GroupIdRequired extends Schema.TaggedError<GroupIdRequired>()("GroupIdRequired", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The contact group id is empty."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * No such contact group.
 *
 * @since 0.1.0
 */
export class GroupNotFound extends Schema.TaggedError<GroupNotFound>()("GroupNotFound", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "No such contact group."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The page number must start at 1.
 *
 * @since 0.1.0
 */
export class InvalidPage extends Schema.TaggedError<InvalidPage>()("InvalidPage", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The page number must start at 1."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * No such contact.
 *
 * @since 0.1.0
 */
export class ContactNotFound extends Schema.TaggedError<ContactNotFound>()("ContactNotFound", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "No such contact."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The number is not a valid Turkish mobile number (bad carrier prefix).
 *
 * @since 0.1.0
 */
export class InvalidNumber extends Schema.TaggedError<InvalidNumber>()("InvalidNumber", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The number is not a valid Turkish mobile number (bad carrier prefix)."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * Required document information is missing on the account.
 *
 * @since 0.1.0
 */
export class DocumentMissing extends Schema.TaggedError<DocumentMissing>()("DocumentMissing", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "Required document information is missing on the account."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The iys flag (whether to check the İYS consent registry) must be set.
 *
 * @since 0.1.0
 */
export class IysFlagRequired extends Schema.TaggedError<IysFlagRequired>()("IysFlagRequired", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The iys flag (whether to check the İYS consent registry) must be set."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * With iys=1 the İYS list must be BIREYSEL or TACIR.
 *
 * @since 0.1.0
 */
export class IysListRequired extends Schema.TaggedError<IysListRequired>()("IysListRequired", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "With iys=1 the İYS list must be BIREYSEL or TACIR."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The account's İYS code is not configured.
 *
 * @since 0.1.0
 */
export class IysCodeMissing extends Schema.TaggedError<IysCodeMissing>()("IysCodeMissing", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The account's İYS code is not configured."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The search term must be at least 3 characters.
 *
 * @since 0.1.0
 */
export class SearchTermTooShort extends Schema.TaggedError<SearchTermTooShort>()("SearchTermTooShort", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The search term must be at least 3 characters."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * At least one of name, surname, mobile number or email must be given.
 *
 * @since 0.1.0
 */
export class ContactFieldRequired extends Schema.TaggedError<ContactFieldRequired>()(
  "ContactFieldRequired",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "At least one of name, surname, mobile number or email must be given."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * No such custom field.
 *
 * @since 0.1.0
 */
export class CustomFieldNotFound extends Schema.TaggedError<CustomFieldNotFound>()(
  "CustomFieldNotFound",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "No such custom field."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The block on this number cannot be removed; usually the number is not on the blacklist.
 *
 * @since 0.1.0
 */
export class BlacklistRemovalNotAllowed extends Schema.TaggedError<BlacklistRemovalNotAllowed>()(
  "BlacklistRemovalNotAllowed",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The block on this number cannot be removed; usually the number is not on the blacklist."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * An İYS consent batch may hold at most 5,000 records; split the list.
 *
 * @since 0.1.0
 */
export class TooManyConsentRecipients extends Schema.TaggedError<TooManyConsentRecipients>()(
  "TooManyConsentRecipients",
  StatusFields
) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return false
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "An İYS consent batch may hold at most 5,000 records; split the list."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The provider is temporarily unavailable. Safe to retry after a backoff; no order was accepted.
 *
 * @since 0.1.0
 */
export class ServiceUnavailable extends Schema.TaggedError<ServiceUnavailable>()("ServiceUnavailable", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return true
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The provider is temporarily unavailable. Safe to retry after a backoff; no order was accepted."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * The provider throttled the request. Retry after the delay it gave, or after a backoff.
 *
 * @since 0.1.0
 */
export class RateLimited extends Schema.TaggedError<RateLimited>()("RateLimited", StatusFields) {
  /** Whether retrying the same request can succeed. */
  get retryable(): boolean {
    return true
  }
  /** What the status means, in English, with the usual fix. */
  get explanation(): string {
    return "The provider throttled the request. Retry after the delay it gave, or after a backoff."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * A status code that no table knows. It keeps the code and message; it never becomes a defect.
 *
 * @since 0.1.0
 */
export class UnknownStatus extends Schema.TaggedError<UnknownStatus>()("UnknownStatus", StatusFields) {
  get retryable(): boolean {
    return typeof this.code === "number" && this.code >= 500
  }
  get explanation(): string {
    return "The provider answered with a status code that is not documented."
  }
  override toString(): string {
    return describe(this, this.explanation)
  }
}

/**
 * Where a transport failure happened, which decides whether the request could have been accepted.
 *
 * - `connect`: the connection was never made (refused, DNS); the request was certainly not sent.
 * - `timeout`: no complete response in time; the request may have been processed.
 * - `reset`: the connection broke after the request was written; it may have been processed.
 * - `body`: the response started but its body could not be read (truncated).
 * - `other`: anything else.
 *
 * @since 0.1.0
 */
export const TransportKind = Schema.Literals(["connect", "timeout", "reset", "body", "other"])

/**
 * @since 0.1.0
 */
export type TransportKind = typeof TransportKind.Type

/**
 * The request did not complete at the HTTP level.
 *
 * @since 0.1.0
 */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  provider: Provider,
  kind: TransportKind,
  /** The endpoint that was being called, e.g. `send-sms`. */
  method: Schema.String,
  message: Schema.String,
  cause: Schema.optionalKey(Schema.Defect())
}) {
  /** Whether the request certainly never reached the server, so that even a send can be retried. */
  get notSent(): boolean {
    return this.kind === "connect"
  }
  /** Safe to retry for any request only when it was never sent; reads may retry every kind. */
  get retryable(): boolean {
    return this.notSent
  }
  get explanation(): string {
    switch (this.kind) {
      case "connect":
        return "Could not connect to the provider; the request was not sent."
      case "timeout":
        return "The provider did not answer in time; the request may or may not have been processed."
      case "reset":
        return "The connection broke before a response arrived; the request may or may not have been processed."
      case "body":
        return "The response body was cut off."
      default:
        return "The HTTP request failed."
    }
  }
  override toString(): string {
    return `TransportError (${this.kind}) on ${this.method}: ${this.message} — ${this.explanation}`
  }
}

/**
 * The response arrived but was not what the provider documents (not JSON/XML, or the wrong shape).
 *
 * @since 0.1.0
 */
export class DecodeError extends Schema.TaggedError<DecodeError>()("DecodeError", {
  provider: Provider,
  method: Schema.String,
  message: Schema.String,
  httpStatus: Schema.optionalKey(Schema.Int)
}) {
  /** A malformed body is retryable for reads only; the retry policy decides. */
  get retryable(): boolean {
    return false
  }
  get explanation(): string {
    return "The provider's response could not be decoded."
  }
  override toString(): string {
    return `DecodeError on ${this.method}: ${this.message}`
  }
}

/**
 * Bad input, caught before any request was made. Names the field and the rule it broke.
 *
 * @since 0.1.0
 */
export class InvalidInput extends Schema.TaggedError<InvalidInput>()("InvalidInput", {
  /** The input field, as a path such as `messages[0].recipients[2]`. */
  field: Schema.String,
  /** A short machine-readable rule name, such as `max-length` or `turkish-mobile`. */
  rule: Schema.String,
  message: Schema.String
}) {
  get retryable(): boolean {
    return false
  }
  get explanation(): string {
    return `Invalid ${this.field}: ${this.message}`
  }
  override toString(): string {
    return `InvalidInput [${this.field}] (${this.rule}): ${this.message}`
  }
}

/**
 * A send whose outcome could not be determined: the request may have been accepted, but no order id could be
 * found. It carries everything needed to reconcile by hand (the order as sent, its time window and each attempt).
 *
 * @since 0.1.0
 */
export class SendOutcomeUnknown extends Schema.TaggedError<SendOutcomeUnknown>()("SendOutcomeUnknown", {
  provider: Provider,
  /** The order as it was sent (schema-encoded, without credentials). */
  order: Schema.Unknown,
  /** The Turkey-time window (`YYYY-MM-DD HH:MM:SS`) in which the order would have been submitted. */
  windowStart: Schema.String,
  windowEnd: Schema.String,
  /** One line per attempt: what happened. */
  attempts: Schema.Array(Schema.String),
  message: Schema.String
}) {
  get retryable(): boolean {
    return false
  }
  get explanation(): string {
    return "The send may or may not have been accepted. Look for the order in get-reports within the window before sending again."
  }
  override toString(): string {
    return `SendOutcomeUnknown: ${this.message} (window ${this.windowStart} .. ${this.windowEnd}; ${this.attempts.length} attempts)`
  }
}

/**
 * Every status error class, for tables and exhaustive checks.
 *
 * @since 0.1.0
 */
export const StatusErrors = [
  RequestNotParsed,
  AuthenticationFailed,
  InsufficientBalance,
  NoActiveSubscription,
  MethodNotFound,
  SubscriptionQuotaExceeded,
  ValidationFailed,
  SenderNotApproved,
  DuplicateOrder,
  InvalidRecipients,
  OrderTooLarge,
  EmptyMessageText,
  OrderNotFound,
  OrderNotYetDue,
  InvalidSendDateTime,
  InvalidDateRange,
  EmptySender,
  InvalidSender,
  GroupNameRequired,
  GroupIdRequired,
  GroupNotFound,
  InvalidPage,
  ContactNotFound,
  InvalidNumber,
  DocumentMissing,
  IysFlagRequired,
  IysListRequired,
  IysCodeMissing,
  SearchTermTooShort,
  ContactFieldRequired,
  CustomFieldNotFound,
  BlacklistRemovalNotAllowed,
  TooManyConsentRecipients,
  ServiceUnavailable,
  RateLimited,
  UnknownStatus
] as const

/**
 * Any provider status error.
 *
 * @since 0.1.0
 */
export type StatusError = InstanceType<(typeof StatusErrors)[number]>

/**
 * Any error an effect-sms call can fail with.
 *
 * @since 0.1.0
 */
export type SmsError = StatusError | TransportError | DecodeError | InvalidInput | SendOutcomeUnknown

/**
 * A status error class, as listed in an endpoint's documented errors.
 *
 * @since 0.1.0
 */
export type StatusErrorClass = (typeof StatusErrors)[number]

const smsErrorTags: ReadonlySet<string> = new Set<string>([
  "RequestNotParsed",
  "AuthenticationFailed",
  "InsufficientBalance",
  "NoActiveSubscription",
  "MethodNotFound",
  "SubscriptionQuotaExceeded",
  "ValidationFailed",
  "SenderNotApproved",
  "DuplicateOrder",
  "InvalidRecipients",
  "OrderTooLarge",
  "EmptyMessageText",
  "OrderNotFound",
  "OrderNotYetDue",
  "InvalidSendDateTime",
  "InvalidDateRange",
  "EmptySender",
  "InvalidSender",
  "GroupNameRequired",
  "GroupIdRequired",
  "GroupNotFound",
  "InvalidPage",
  "ContactNotFound",
  "InvalidNumber",
  "DocumentMissing",
  "IysFlagRequired",
  "IysListRequired",
  "IysCodeMissing",
  "SearchTermTooShort",
  "ContactFieldRequired",
  "CustomFieldNotFound",
  "BlacklistRemovalNotAllowed",
  "TooManyConsentRecipients",
  "ServiceUnavailable",
  "RateLimited",
  "UnknownStatus",
  "TransportError",
  "DecodeError",
  "InvalidInput",
  "SendOutcomeUnknown"
])

/**
 * Whether a value is one of the effect-sms errors.
 *
 * @since 0.1.0
 */
export const isSmsError = (u: unknown): u is SmsError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && smsErrorTags.has(u._tag)
