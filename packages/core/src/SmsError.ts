/**
 * The error vocabulary shared by every provider: one tagged class per meaning, built by one factory, and one
 * classifier that every decision reads (retry, send safety, settling, CLI exit codes).
 *
 * Each provider keeps its own code → class table (`iletimerkezi/Errors.ts`, `turkeysms/Errors.ts`, ...), with an
 * English hint per code. Where two providers mean the same thing they share a class, and every instance keeps the
 * `provider`, the raw `code` and the provider's own `message` exactly as it came on the wire. Errors never carry
 * credentials: text derived from a request or a response goes through `Redaction` first.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

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

// -----------------------------------------------------------------------------------------------------------------
// The classifier
// -----------------------------------------------------------------------------------------------------------------

/**
 * How safe an endpoint is to repeat: `read` (no effect), `idempotent` (repeating leaves the same end state, e.g. a
 * cancel or a blacklist removal) or `unsafe` (a send: repeating sends again).
 *
 * @since 0.1.0
 */
export type Safety = "read" | "idempotent" | "unsafe"

/**
 * What a failure says about the request: whether trying again later can succeed (`transient`), and whether the
 * provider may have acted on it (`processed`: `"no"` when it certainly did not, `"maybe"` when it cannot be told).
 *
 * @since 0.1.0
 */
export interface Disposition {
  readonly transient: boolean
  readonly processed: "no" | "maybe"
}

const DispositionId: unique symbol = Symbol.for("@effect-sms/core/SmsError/Disposition") as never
const ErrorId: unique symbol = Symbol.for("@effect-sms/core/SmsError") as never

const settledNo: Disposition = { transient: false, processed: "no" }

/**
 * The disposition of any value: effect-sms errors say it themselves; anything else is a permanent failure that may
 * have happened after the request was sent.
 *
 * @since 0.1.0
 */
export const disposition = (error: unknown): Disposition =>
  Predicate.hasProperty(error, DispositionId)
    ? (error[DispositionId] as Disposition)
    : { transient: false, processed: "maybe" }

/**
 * Whether a failure may be retried for a call of the given safety: transient failures are retried by reads and
 * idempotent calls; a send retries only those that prove the request was not processed (503, 429, a refused
 * connection). **The one place that decides retryability.**
 *
 * @since 0.1.0
 */
export const isRetryable = (error: unknown, safety: Safety): boolean => {
  const d = disposition(error)
  return d.transient && (safety !== "unsafe" || d.processed === "no")
}

/**
 * Whether the provider may have acted on the request that failed (a timeout after writing, a reset, a truncated or
 * malformed body, a 5xx other than 503). Send safety and settling read this.
 *
 * @since 0.1.0
 */
export const mayHaveBeenProcessed = (error: unknown): boolean => disposition(error).processed !== "no"

/**
 * The delay the server asked for (Retry-After, or a provider's own field), if any.
 *
 * @since 0.1.0
 */
export const retryAfter = (error: unknown): Duration.Duration | undefined =>
  Predicate.hasProperty(error, "retryAfterMillis") && typeof error.retryAfterMillis === "number"
    ? Duration.millis(error.retryAfterMillis)
    : undefined

// -----------------------------------------------------------------------------------------------------------------
// The factory
// -----------------------------------------------------------------------------------------------------------------

/**
 * What a class says about its instances besides its fields.
 *
 * @since 0.1.0
 */
export interface Spec<A> {
  /** What the error means, in English, with the usual fix. */
  readonly hint: string | ((self: A) => string)
  /** Default: permanent, not processed (the provider refused the request). */
  readonly disposition?: Disposition | ((self: A) => Disposition) | undefined
  /** The one-line `toString`. Default: `Tag (code): message — hint`. */
  readonly render?: ((self: A) => string) | undefined
}

/**
 * What every effect-sms error offers besides its fields.
 *
 * @since 0.1.0
 */
export interface Behaviour {
  /** What the error means, in English, with the usual fix (a provider's table may give a more specific hint). */
  readonly explanation: string
  /** Whether retrying the same request later can succeed, whatever the call's safety. */
  readonly transient: boolean
}

/**
 * Builds a tagged error class: a `Schema.TaggedError` with `explanation`, `transient`, a readable `toString`, and
 * the disposition the classifier reads.
 *
 * @example
 * ```ts
 * export class QuotaExhausted extends SmsError.make<QuotaExhausted>()("QuotaExhausted", SmsError.StatusFields, {
 *   hint: "The daily quota is used up."
 * }) {}
 * ```
 *
 * @since 0.1.0
 */
export const make =
  <Self>() =>
  <const Tag extends string, const Fields extends Schema.Struct.Fields>(
    tag: Tag,
    fields: Fields,
    spec: Spec<Schema.Struct.Type<Fields> & { readonly _tag: Tag }>
  ) => {
    const Base = Schema.TaggedError<Self>()(tag, fields)
    const proto = (Base as unknown as { prototype: object }).prototype
    const hintOf = (self: any): string =>
      typeof self.hint === "string" ? self.hint : typeof spec.hint === "function" ? spec.hint(self) : spec.hint
    Object.defineProperties(proto, {
      [ErrorId]: { value: true },
      [DispositionId]: {
        get(this: any) {
          const d = spec.disposition
          return d === undefined ? settledNo : typeof d === "function" ? d(this) : d
        }
      },
      explanation: {
        get(this: any) {
          return hintOf(this)
        }
      },
      transient: {
        get(this: any) {
          return disposition(this).transient
        }
      },
      toString: {
        value(this: any) {
          if (spec.render !== undefined) return spec.render(this)
          return `${tag} (${this.code}): ${this.message} — ${hintOf(this)}`
        }
      }
    })
    return Base as typeof Base & (new (...args: ReadonlyArray<any>) => Behaviour)
  }

/**
 * The fields every provider status error carries.
 *
 * @since 0.1.0
 */
export const StatusFields = {
  provider: Provider,
  /** The provider's raw status code: an integer for iletiMerkezi and Infobip's HTTP statuses, `TS-xxxx` for TurkeySMS. */
  code: Schema.Union([Schema.Int, Schema.String]),
  /** The provider's own message, exactly as it came on the wire. */
  message: Schema.String,
  /** The provider table's English hint for this code, when it has a more specific one than the class. */
  hint: Schema.optionalKey(Schema.String),
  /** The HTTP status of the response, when there was one. */
  httpStatus: Schema.optionalKey(Schema.Int),
  /** How long the server asked us to wait before retrying (Retry-After), in milliseconds. */
  retryAfterMillis: Schema.optionalKey(Schema.Number)
}

/**
 * Builds a status error class: a documented provider answer with the {@link StatusFields}, plus any extra fields.
 *
 * @example
 * ```ts
 * export class DuplicateOrder extends SmsError.status<DuplicateOrder>()("DuplicateOrder", "Sent twice.") {}
 * ```
 *
 * @since 0.1.0
 */
export const status =
  <Self>() =>
  <const Tag extends string, const Extra extends Schema.Struct.Fields = {}>(
    tag: Tag,
    hint: string,
    options: { readonly transient?: boolean | undefined; readonly fields?: Extra | undefined } = {}
  ) =>
    make<Self>()(
      tag,
      { ...StatusFields, ...(options.fields ?? ({} as Extra)) },
      {
        hint,
        disposition: { transient: options.transient ?? false, processed: "no" }
      }
    )

// -----------------------------------------------------------------------------------------------------------------
// Shared status classes
// -----------------------------------------------------------------------------------------------------------------

/** @since 0.1.0 */
export class RequestNotParsed extends status<RequestNotParsed>()(
  "RequestNotParsed",
  "The provider could not parse the request body (malformed JSON or XML, or text that breaks XML without CDATA)."
) {}
/** @since 0.1.0 */
export class AuthenticationFailed extends status<AuthenticationFailed>()(
  "AuthenticationFailed",
  "The credentials were rejected: check the API key and its secret, and any IP restriction on the account."
) {}
/** @since 0.1.0 */
export class PermissionDenied extends status<PermissionDenied>()(
  "PermissionDenied",
  "The credentials are valid but not allowed to do this; enable the permission for the key in the provider's panel."
) {}
/** @since 0.1.0 */
export class AccountInactive extends status<AccountInactive>()(
  "AccountInactive",
  "The account is not active; contact the provider."
) {}
/** @since 0.1.0 */
export class InsufficientBalance extends status<InsufficientBalance>()(
  "InsufficientBalance",
  "The account has no balance left for this order."
) {}
/** @since 0.1.0 */
export class NoActiveSubscription extends status<NoActiveSubscription>()(
  "NoActiveSubscription",
  "There is no active İYS subscription, or the İYS brand code is not provisioned; start the brand registration from the panel."
) {}
/** @since 0.1.0 */
export class MethodNotFound extends status<MethodNotFound>()(
  "MethodNotFound",
  "The provider has no such API method; the URL or method name is wrong."
) {}
/** @since 0.1.0 */
export class NotFound extends status<NotFound>()("NotFound", "The provider has no such resource.") {}
/** @since 0.1.0 */
export class SubscriptionQuotaExceeded extends status<SubscriptionQuotaExceeded>()(
  "SubscriptionQuotaExceeded",
  "The İYS subscription quota is used up."
) {}
/** @since 0.1.0 */
export class ValidationFailed extends status<ValidationFailed>()(
  "ValidationFailed",
  "The provider could not validate values in the request (for İYS: a consent date older than 3 days, a malformed recipient, or an out-of-enum field). The whole batch was rejected."
) {}

/**
 * One rule a request broke, as a provider listed it (Infobip's `violations` / `validationErrors`).
 *
 * @since 0.1.0
 */
export const Violation = Schema.Struct({ property: Schema.optionalKey(Schema.String), violation: Schema.String })

/**
 * @since 0.1.0
 */
export type Violation = typeof Violation.Type

/** @since 0.1.0 */
export class InvalidRequest extends status<InvalidRequest>()(
  "InvalidRequest",
  "The provider refused the request as invalid; see `violations` for what it objected to.",
  { fields: { violations: Schema.Array(Violation) } }
) {}
/** @since 0.1.0 */
export class SenderNotApproved extends status<SenderNotApproved>()(
  "SenderNotApproved",
  "The sender ID is not approved (or not active) for this account; it must match an approved sender exactly, including case and spaces."
) {}
/** @since 0.1.0 */
export class DuplicateOrder extends status<DuplicateOrder>()(
  "DuplicateOrder",
  "The same text was sent to the same recipients within the last 10 minutes, so the provider refused it as a duplicate. After an ambiguous failure this usually means the earlier attempt was accepted."
) {}
/** @since 0.1.0 */
export class InvalidRecipients extends status<InvalidRecipients>()(
  "InvalidRecipients",
  "The recipients are missing or invalid, or a recipient is on the account's blacklist."
) {}
/** @since 0.1.0 */
export class InternationalNotEnabled extends status<InternationalNotEnabled>()(
  "InternationalNotEnabled",
  "A recipient is outside Turkey and the account is not enabled for international sends."
) {}
/** @since 0.1.0 */
export class OrderTooLarge extends status<OrderTooLarge>()(
  "OrderTooLarge",
  "The message text is longer than the provider's maximum number of SMS parts for its encoding."
) {}
/** @since 0.1.0 */
export class EmptyMessageText extends status<EmptyMessageText>()("EmptyMessageText", "The message text is empty.") {}
/** @since 0.1.0 */
export class OrderNotFound extends status<OrderNotFound>()(
  "OrderNotFound",
  "No such order on this account, or it can no longer be cancelled (already queued at the carrier or finished)."
) {}
/** @since 0.1.0 */
export class OrderNotYetDue extends status<OrderNotYetDue>()(
  "OrderNotYetDue",
  "The order is scheduled and its send time has not arrived yet, so it has no report."
) {}
/** @since 0.1.0 */
export class InvalidSendDateTime extends status<InvalidSendDateTime>()(
  "InvalidSendDateTime",
  "The scheduled send time is not in the format the provider expects."
) {}
/** @since 0.1.0 */
export class InvalidDateRange extends status<InvalidDateRange>()(
  "InvalidDateRange",
  "The date range is invalid: check the date format and the provider's longest range."
) {}
/** @since 0.1.0 */
export class EmptySender extends status<EmptySender>()("EmptySender", "The sender ID is empty.") {}
/** @since 0.1.0 */
export class InvalidSender extends status<InvalidSender>()(
  "InvalidSender",
  "The sender ID is too long or contains characters the provider does not allow."
) {}
/** @since 0.1.0 */
export class InvalidNumber extends status<InvalidNumber>()(
  "InvalidNumber",
  "The number is not a valid mobile number (bad carrier prefix)."
) {}
/** @since 0.1.0 */
export class DocumentMissing extends status<DocumentMissing>()(
  "DocumentMissing",
  "Required document information is missing on the account."
) {}
/** @since 0.1.0 */
export class IysFlagRequired extends status<IysFlagRequired>()(
  "IysFlagRequired",
  "The iys flag (whether to check the İYS consent registry) must be set."
) {}
/** @since 0.1.0 */
export class IysListRequired extends status<IysListRequired>()(
  "IysListRequired",
  "With iys=1 the İYS list must be BIREYSEL or TACIR."
) {}
/** @since 0.1.0 */
export class IysCodeMissing extends status<IysCodeMissing>()(
  "IysCodeMissing",
  "The account's İYS code is not configured."
) {}
/** @since 0.1.0 */
export class BlacklistRemovalNotAllowed extends status<BlacklistRemovalNotAllowed>()(
  "BlacklistRemovalNotAllowed",
  "The block on this number cannot be removed; usually the number is not on the blacklist."
) {}
/** @since 0.1.0 */
export class TooManyConsentRecipients extends status<TooManyConsentRecipients>()(
  "TooManyConsentRecipients",
  "An İYS consent batch may hold at most 5,000 records; split the list."
) {}
/** @since 0.1.0 */
export class ServiceUnavailable extends status<ServiceUnavailable>()(
  "ServiceUnavailable",
  "The provider is temporarily unavailable. Safe to retry after a backoff; the request was not accepted.",
  { transient: true }
) {}
/** @since 0.1.0 */
export class RateLimited extends status<RateLimited>()(
  "RateLimited",
  "The provider throttled the request. Retry after the delay it gave, or after a backoff.",
  { transient: true }
) {}

/**
 * A status code that no table knows, or that the endpoint does not document. It keeps the code and message; it never
 * becomes a defect. Inside an HTTP 5xx (any code, such as an unknown TurkeySMS `TS-xxxx`), or as a numeric 5xx code
 * other than 503, it may come from a server that failed half way through: transient, but it may have been processed.
 *
 * @since 0.1.0
 */
export class UnknownStatus extends make<UnknownStatus>()("UnknownStatus", StatusFields, {
  hint: "The provider answered with a status code that is not documented for this call.",
  disposition: (self) =>
    (self.httpStatus ?? 0) >= 500 || (typeof self.code === "number" && self.code >= 500)
      ? { transient: true, processed: "maybe" }
      : settledNo
}) {}

// -----------------------------------------------------------------------------------------------------------------
// Failures that are not provider statuses
// -----------------------------------------------------------------------------------------------------------------

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

const transportHints: Record<TransportKind, string> = {
  connect: "Could not connect to the provider; the request was not sent.",
  timeout: "The provider did not answer in time; the request may or may not have been processed.",
  reset: "The connection broke before a response arrived; the request may or may not have been processed.",
  body: "The response body was cut off.",
  other: "The HTTP request failed."
}

/**
 * The request did not complete at the HTTP level.
 *
 * @since 0.1.0
 */
export class TransportError extends make<TransportError>()(
  "TransportError",
  {
    provider: Provider,
    kind: TransportKind,
    /** The endpoint that was being called, e.g. `send-sms`. */
    method: Schema.String,
    message: Schema.String,
    cause: Schema.optionalKey(Schema.Defect())
  },
  {
    hint: (self) => transportHints[self.kind],
    disposition: (self) => ({ transient: true, processed: self.kind === "connect" ? "no" : "maybe" }),
    render: (self) => `TransportError (${self.kind}) on ${self.method}: ${self.message} — ${transportHints[self.kind]}`
  }
) {}

/**
 * The response arrived but was not what the provider documents (not JSON/XML, or the wrong shape). The request may
 * have been processed; reads retry it.
 *
 * @since 0.1.0
 */
export class DecodeError extends make<DecodeError>()(
  "DecodeError",
  {
    provider: Provider,
    method: Schema.String,
    message: Schema.String,
    httpStatus: Schema.optionalKey(Schema.Int)
  },
  {
    hint: "The provider's response could not be decoded.",
    disposition: { transient: true, processed: "maybe" },
    render: (self) => `DecodeError on ${self.method}: ${self.message}`
  }
) {}

/**
 * The response body was larger than the cap (declared by `Content-Length`, or counted while reading). Not retried:
 * the same request would get the same answer. The request may have been processed.
 *
 * @since 0.1.0
 */
export class ResponseTooLarge extends make<ResponseTooLarge>()(
  "ResponseTooLarge",
  {
    provider: Provider,
    method: Schema.String,
    /** The cap, in bytes. */
    limit: Schema.Number,
    /** The declared length, or the bytes read when the cap was crossed. */
    received: Schema.Number,
    message: Schema.String
  },
  {
    hint: "The response was larger than the configured limit; raise `maxResponseBytes` if the provider is trusted.",
    disposition: { transient: false, processed: "maybe" },
    render: (self) => `ResponseTooLarge on ${self.method}: ${self.message}`
  }
) {}

/**
 * The server broke the protocol in a way that would make the client loop or trust impossible values: a page that
 * repeats the previous one, a page beyond what the totals allow, more pages than the bound, a cursor that comes back.
 * `message` says what the server did.
 *
 * @since 0.1.0
 */
export class ProtocolError extends make<ProtocolError>()(
  "ProtocolError",
  {
    provider: Provider,
    method: Schema.String,
    /** A short machine-readable name: `repeated-page`, `page-beyond-total`, `too-many-pages`, `repeated-cursor`. */
    rule: Schema.String,
    message: Schema.String
  },
  {
    hint: "The provider answered in a way the protocol does not allow; the walk was stopped.",
    render: (self) => `ProtocolError (${self.rule}) on ${self.method}: ${self.message}`
  }
) {}

/**
 * Bad input, caught before any request was made. Names the field and the rule it broke.
 *
 * @since 0.1.0
 */
export class InvalidInput extends make<InvalidInput>()(
  "InvalidInput",
  {
    /** The input field, as a path such as `messages[0].recipients[2]`. */
    field: Schema.String,
    /** A short machine-readable rule name, such as `max-length` or `turkish-mobile`. */
    rule: Schema.String,
    message: Schema.String
  },
  {
    hint: (self) => `Invalid ${self.field}: ${self.message}`,
    render: (self) => `InvalidInput [${self.field}] (${self.rule}): ${self.message}`
  }
) {}

/**
 * A send whose outcome could not be determined: the request may have been accepted, but the provider's records did
 * not tell. It carries everything needed to reconcile by hand (the order as sent, its time window and each attempt).
 *
 * @since 0.1.0
 */
export class SendOutcomeUnknown extends make<SendOutcomeUnknown>()(
  "SendOutcomeUnknown",
  {
    provider: Provider,
    /** The order as it was sent (schema-encoded, without credentials). */
    order: Schema.Unknown,
    /** The provider-time window (`YYYY-MM-DD HH:MM:SS`) in which the order would have been submitted. */
    windowStart: Schema.String,
    windowEnd: Schema.String,
    /** One line per attempt: what happened. */
    attempts: Schema.Array(Schema.String),
    /** Ids the caller chose that are still unresolved (Infobip's `messageId`s), when the provider has them. */
    unresolved: Schema.optionalKey(Schema.Array(Schema.String)),
    /**
     * What is known of the order's other destinations (accepted or refused, found in the provider's records), when
     * some were resolved: resend only the `unresolved` ones.
     */
    resolved: Schema.optionalKey(
      Schema.Array(Schema.Struct({ messageId: Schema.String, to: Schema.String, status: Schema.String }))
    ),
    message: Schema.String
  },
  {
    hint: "The send may or may not have been accepted. Look for it in the provider's reports within the window before sending again.",
    disposition: { transient: false, processed: "maybe" },
    render: (self) =>
      `SendOutcomeUnknown: ${self.message} (window ${self.windowStart} .. ${self.windowEnd}; ${self.attempts.length} attempts)`
  }
) {}

/**
 * Every shared status error class, for tables and exhaustive checks.
 *
 * @since 0.1.0
 */
export const StatusErrors = [
  RequestNotParsed,
  AuthenticationFailed,
  PermissionDenied,
  AccountInactive,
  InsufficientBalance,
  NoActiveSubscription,
  MethodNotFound,
  NotFound,
  SubscriptionQuotaExceeded,
  ValidationFailed,
  InvalidRequest,
  SenderNotApproved,
  DuplicateOrder,
  InvalidRecipients,
  InternationalNotEnabled,
  OrderTooLarge,
  EmptyMessageText,
  OrderNotFound,
  OrderNotYetDue,
  InvalidSendDateTime,
  InvalidDateRange,
  EmptySender,
  InvalidSender,
  InvalidNumber,
  DocumentMissing,
  IysFlagRequired,
  IysListRequired,
  IysCodeMissing,
  BlacklistRemovalNotAllowed,
  TooManyConsentRecipients,
  ServiceUnavailable,
  RateLimited,
  UnknownStatus
] as const

/**
 * Any provider status error: a shared class, or one a provider built with {@link status}.
 *
 * @since 0.1.0
 */
export interface AnyStatusError extends Behaviour {
  readonly _tag: string
  readonly provider: Provider
  readonly code: number | string
  readonly message: string
  readonly httpStatus?: number
  readonly retryAfterMillis?: number
}

/**
 * A status error class, as listed in an endpoint's documented errors.
 *
 * @since 0.1.0
 */
export type StatusErrorClass = new (...args: ReadonlyArray<any>) => AnyStatusError

/**
 * Any shared status error.
 *
 * @since 0.1.0
 */
export type StatusError = InstanceType<(typeof StatusErrors)[number]>

/**
 * The errors any HTTP call can fail with besides its status errors.
 *
 * @since 0.1.0
 */
export type CallError = TransportError | DecodeError | ResponseTooLarge

/**
 * Any error an effect-sms call can fail with.
 *
 * @since 0.1.0
 */
export type SmsError = StatusError | CallError | ProtocolError | InvalidInput | SendOutcomeUnknown

/**
 * Any effect-sms error, whichever class built it: a shared class or a provider's own (from {@link make} or
 * {@link status}). Its tag is any string, so narrow further with `instanceof` or the tag.
 *
 * @since 0.1.0
 */
export interface AnySmsError extends Behaviour {
  readonly _tag: string
  readonly message: string
}

/**
 * Whether a value is one of the effect-sms errors (any class built by {@link make}, providers' own included).
 *
 * @since 0.1.0
 */
export const isSmsError = (u: unknown): u is AnySmsError => Predicate.hasProperty(u, ErrorId)
