/**
 * iletiMerkezi as a provider of the neutral `Sms` service, built on {@link IletiMerkeziClient}.
 *
 * Sends keep the client's send safety: a send fails only with a settled error or with `SendOutcomeUnknown`. An
 * unknown outcome is settled by sending the identical order again: iletiMerkezi refuses an identical order within
 * 10 minutes (its documented duplicate guard, status 451), and the client's send safety then finds the earlier order,
 * so the resend can never make a second message. `Sms` only settles within `settleWithin` (2 minutes by default) of
 * the first attempt, well inside that guard. Statuses come from get-report (110 waiting, 111 delivered, 112 undelivered).
 *
 * @since 0.1.0
 */
import { Effect, Stream } from "effect"
import * as Retry from "../Retry.ts"
import type * as SmsError from "../SmsError.ts"
import type * as SmsProvider from "../SmsProvider.ts"
import { IletiMerkeziClient } from "./Client.ts"
import * as S from "./Schema.ts"
import { SegmentLimits } from "./Validation.ts"
import type * as Webhook from "./Webhook.ts"

/**
 * Adapter options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The id routes use. Default `iletimerkezi`. */
  readonly id?: string | undefined
  /**
   * The retry policy for sends made through `Sms`. Behind a failover chain a shorter one is usually right: a 503
   * moves to the next provider instead of backing off here. Default: the client's own policy.
   */
  readonly retry?: Retry.Policy | undefined
  /** Delivery reports pushed to a webhook route (node-runtime's `WebhookRoute`). Default: none. */
  readonly reports?: Stream.Stream<Webhook.Report> | undefined
}

const messageStatus = (code: number): SmsProvider.DeliveryStatus =>
  code === S.MessageStatus.Delivered
    ? "delivered"
    : code === S.MessageStatus.Undelivered
      ? "undelivered"
      : code === S.MessageStatus.Waiting
        ? "pending"
        : "pending"

const reportStatus = (status: Webhook.Report["status"]): SmsProvider.DeliveryStatus =>
  status === "delivered" ? "delivered" : status === "undelivered" ? "undelivered" : "pending"

/**
 * What iletiMerkezi can do: Turkish mobiles only, İYS-checked commercial messages, schedules; its segment sizes are
 * 5 characters short of the standard ones (see `SegmentLimits`).
 *
 * @since 0.1.0
 */
export const traits = {
  id: "iletimerkezi",
  provider: "iletimerkezi",
  local: true,
  capabilities: {
    turkishMobiles: true,
    international: false,
    commercial: true,
    schedule: true,
    status: true,
    balance: true,
    deliveryReports: "none"
  },
  limits: SegmentLimits
} as const satisfies Pick<SmsProvider.Adapter, "id" | "provider" | "local" | "capabilities" | "limits">

/**
 * Builds the adapter from the client in context.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<SmsProvider.Adapter, never, IletiMerkeziClient> =>
  Effect.gen(function* () {
    const client = yield* IletiMerkeziClient
    const id = options.id ?? "iletimerkezi"
    const withRetry = <A, E, R>(self: Effect.Effect<A, E, R>) =>
      options.retry === undefined ? self : Retry.withPolicy(options.retry)(self)

    const sendOnce = (request: SmsProvider.SendRequest) =>
      client
        .sendSms({
          sender: request.sender,
          text: request.text,
          to: request.recipients.map((r) => r.e164),
          iys: request.commercial === undefined ? 0 : 1,
          ...(request.commercial === undefined ? {} : { iysList: request.commercial.recipientType }),
          ...(request.sendAt === undefined ? {} : { sendAt: request.sendAt })
        })
        .pipe(
          withRetry,
          Effect.map(
            (result): SmsProvider.Sent => ({
              orderId: result.orderId,
              messages: request.recipients.map((r) => ({ recipient: r.e164 }))
            })
          )
        )

    const status = (sent: SmsProvider.Sent & { readonly recipients: ReadonlyArray<string> }) =>
      Effect.gen(function* () {
        const orderId = sent.orderId
        if (orderId === undefined) return []
        const pending = (raw: string | number) =>
          sent.recipients.map(
            (recipient): SmsProvider.RecipientStatus => ({ provider: id, recipient, orderId, status: "pending", raw })
          )
        const lines = yield* client.reportMessages(orderId).pipe(
          Stream.runCollect,
          Effect.map((lines) => ({ _tag: "Lines" as const, lines })),
          // A scheduled order has no report until it is due: its messages are pending.
          Effect.catchTag("OrderNotYetDue", () => Effect.succeed({ _tag: "NotDue" as const }))
        )
        if (lines._tag === "NotDue") return pending("scheduled")
        const byNumber = new Map<string, number>()
        for (const line of lines.lines) byNumber.set(`+${line.number.replace(/\D/g, "")}`, line.status)
        return sent.recipients.map((recipient): SmsProvider.RecipientStatus => {
          const raw = byNumber.get(recipient)
          // A recipient with no line in the report was dropped by the provider (blacklisted, or the order was
          // cancelled): it will never be delivered.
          return raw === undefined
            ? { provider: id, recipient, orderId, status: "rejected", raw: "absent" }
            : { provider: id, recipient, orderId, status: messageStatus(raw), raw }
        })
      })

    const adapter: SmsProvider.Adapter = {
      ...traits,
      id,
      capabilities: { ...traits.capabilities, deliveryReports: options.reports === undefined ? "none" : "push" },
      send: sendOnce,
      // The identical order again: refused as a duplicate if the first landed, and then found by the client.
      settle: (request) => sendOnce(request),
      status,
      balance: client.getBalance.pipe(
        withRetry,
        Effect.map((b): SmsProvider.Balance => ({ amount: b.amount, currency: "TRY", credits: b.sms }))
      ),
      deliveryReports:
        options.reports === undefined
          ? Stream.empty
          : (options.reports.pipe(
              Stream.map(
                (r): SmsProvider.DeliveryReport => ({
                  provider: id,
                  recipient: `+${r.to.replace(/\D/g, "")}`,
                  orderId: r.packetId,
                  messageId: r.id,
                  status: reportStatus(r.status),
                  raw: r.status
                })
              )
            ) as Stream.Stream<SmsProvider.DeliveryReport, SmsError.SmsError>)
    }
    return adapter
  })
