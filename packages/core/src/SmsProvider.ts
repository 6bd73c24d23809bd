/**
 * The small interface every provider implements to take part in the provider-neutral `Sms` service: send one part of
 * a message and say whether the outcome is settled, read neutral delivery statuses (keeping the raw one), balance, and
 * delivery reports. `Sms.iletiMerkezi`, `Sms.turkeySms` and `Sms.infobip` build one from each provider's client.
 *
 * It also holds the one place that decides what a send failure means for routing: fail over, stay, or stop.
 *
 * @since 0.1.0
 */
import type { DateTime, Effect, Stream } from "effect"
import type * as Segments from "./Segments.ts"
import * as SmsError from "./SmsError.ts"
import type { Capabilities, Recipient } from "./SmsRoute.ts"

/**
 * A provider-neutral delivery status.
 *
 * @since 0.1.0
 */
export type DeliveryStatus = "pending" | "delivered" | "undelivered" | "expired" | "rejected"

/**
 * Whether a status is final: only `pending` can still change.
 *
 * @since 0.1.0
 */
export const isFinal = (status: DeliveryStatus): boolean => status !== "pending"

/**
 * Commercial-message data: the İYS recipient type a Turkish commercial message is checked against.
 *
 * @since 0.1.0
 */
export interface Commercial {
  readonly recipientType: "BIREYSEL" | "TACIR"
}

/**
 * One part of a message, as a provider is asked to send it: the recipients already normalised to E.164.
 *
 * @since 0.1.0
 */
export interface SendRequest {
  readonly sender: string
  readonly text: string
  readonly recipients: ReadonlyArray<Recipient>
  readonly sendAt?: DateTime.Utc | undefined
  readonly commercial?: Commercial | undefined
}

/**
 * What a provider answered for one part: its order id when it has one, and one entry per recipient with the message
 * id when the provider gives one.
 *
 * @since 0.1.0
 */
export interface Sent {
  readonly orderId?: string | undefined
  readonly messages: ReadonlyArray<{ readonly recipient: string; readonly messageId?: string | undefined }>
}

/**
 * One recipient's delivery status at one provider. `raw` is the provider's own status, unchanged.
 *
 * @since 0.1.0
 */
export interface RecipientStatus {
  readonly provider: string
  readonly recipient: string
  readonly orderId?: string | undefined
  readonly messageId?: string | undefined
  readonly status: DeliveryStatus
  readonly raw: string | number
}

/**
 * A delivery report a provider pushed (webhook) or let us pull.
 *
 * @since 0.1.0
 */
export type DeliveryReport = RecipientStatus

/**
 * A provider's balance: money, credits, or both, as the provider reports it.
 *
 * @since 0.1.0
 */
export interface Balance {
  readonly amount?: number | undefined
  readonly currency?: string | undefined
  readonly credits?: number | undefined
}

/**
 * A provider as the `Sms` service sees it.
 *
 * **Details**
 *
 * - `send` must only fail with an error that is settled (the part certainly was not sent), or with
 *   `SendOutcomeUnknown` when it cannot tell. `Sms` fails over only on settled failures.
 * - `settle`, when present, tries again to settle an unknown outcome on the same provider without risking a second
 *   message (for example by resending an identical order the provider de-duplicates). It is never called past
 *   `Options.settleWithin` after the send started.
 *
 * @since 0.1.0
 */
export interface Adapter {
  /** The name routes use; the provider's name unless two accounts of one provider are configured. */
  readonly id: string
  readonly provider: SmsError.Provider
  /** A Turkish provider (iletiMerkezi, TurkeySMS): preferred for Turkish mobiles by the `country` route. */
  readonly local: boolean
  readonly capabilities: Capabilities & {
    readonly status: boolean
    readonly balance: boolean
    readonly deliveryReports: "push" | "pull" | "none"
  }
  /** The segment sizes the provider counts with. */
  readonly limits: Partial<Record<Segments.Encoding, Segments.Limits>>
  readonly send: (request: SendRequest) => Effect.Effect<Sent, SmsError.SmsError>
  readonly settle?:
    | ((request: SendRequest, unknown: SmsError.SendOutcomeUnknown) => Effect.Effect<Sent, SmsError.SmsError>)
    | undefined
  readonly status: (
    sent: Sent & { readonly recipients: ReadonlyArray<string> }
  ) => Effect.Effect<ReadonlyArray<RecipientStatus>, SmsError.SmsError>
  readonly balance: Effect.Effect<Balance, SmsError.SmsError>
  readonly deliveryReports: Stream.Stream<DeliveryReport, SmsError.SmsError>
}

/**
 * What a failed send means for routing.
 *
 * - `unknown`: the part may have been sent. Never fail over: that could send it twice.
 * - `unavailable`: certainly not sent, because the provider is down, throttling past the wait, or unreachable.
 *   Fail over, and count it against the provider's circuit breaker.
 * - `account`: certainly not sent, because of the account at that provider (credentials, balance, sender ID not
 *   approved there). Fail over; the provider itself is healthy.
 * - `message`: certainly not sent, because of the message itself (bad number, empty text, bad schedule). Another
 *   provider would refuse it too: stop.
 *
 * @since 0.1.0
 */
export type Verdict = "unknown" | "unavailable" | "account" | "message"

/**
 * The one place that decides what a send failure means for routing. It reads core's classifier: whatever
 * `SmsError.mayHaveBeenProcessed` says may have been processed is `unknown`; a transient failure that certainly was
 * not processed (503, 429, a refused connection) is `unavailable`.
 *
 * @since 0.1.0
 */
export const verdict = (error: SmsError.SmsError): Verdict => {
  if (SmsError.mayHaveBeenProcessed(error)) return "unknown"
  if (SmsError.disposition(error).transient) return "unavailable"
  switch (error._tag) {
    case "AuthenticationFailed":
    case "PermissionDenied":
    case "AccountInactive":
    case "InsufficientBalance":
    case "NoActiveSubscription":
    case "SubscriptionQuotaExceeded":
    case "SenderNotApproved":
    case "InvalidSender":
    case "InternationalNotEnabled":
    case "MethodNotFound":
      return "account"
    default:
      return "message"
  }
}
