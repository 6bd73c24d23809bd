/**
 * Infobip as a provider of the neutral `Sms` service, built on {@link InfobipClient}.
 *
 * Sends go through the v3 messages endpoint with a message id chosen here for every destination, so that an outcome
 * the client could not settle can still be looked up later in the logs (never resent). Statuses come from the v3 logs;
 * delivery reports are pulled from the reports endpoint (each report is returned once, see the client's drain).
 * Infobip reaches numbers in every country; commercial Turkish messages need an İYS brand code (`iysBrandCode`).
 *
 * @since 0.1.0
 */
import { Effect, Stream } from "effect"
import * as Retry from "../Retry.ts"
import * as Segments from "../Segments.ts"
import * as SmsError from "../SmsError.ts"
import type * as SmsProvider from "../SmsProvider.ts"
import { InfobipClient } from "./Client.ts"
import type { MessageStatus } from "./Status.ts"

/**
 * Adapter options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The id routes use. Default `infobip`. */
  readonly id?: string | undefined
  /** The retry policy for sends made through `Sms`. Default: the client's own. */
  readonly retry?: Retry.Policy | undefined
  /** The İYS brand code for commercial messages to Turkish numbers; without it, commercial Turkish sends go elsewhere. */
  readonly iysBrandCode?: number | undefined
  /** Pull delivery reports through `Sms.deliveryReports`. Default true. */
  readonly pullReports?: boolean | undefined
  /** Message ids for destinations. Default `crypto.randomUUID()`. */
  readonly newMessageId?: (() => string) | undefined
}

/**
 * What Infobip can do: every country, schedules; İYS only with a brand code. It counts segments by the 3GPP sizes.
 *
 * @since 0.1.0
 */
export const traits = {
  id: "infobip",
  provider: "infobip",
  local: false,
  capabilities: {
    turkishMobiles: true,
    international: true,
    commercial: false,
    schedule: true,
    status: true,
    balance: true,
    deliveryReports: "pull"
  },
  limits: Segments.Standard
} as const satisfies Pick<SmsProvider.Adapter, "id" | "provider" | "local" | "capabilities" | "limits">

/**
 * The neutral status of an Infobip message status: a status that is not final is pending whatever its group
 * (DELIVERED_TO_OPERATOR is in the DELIVERED group but not final).
 *
 * @since 0.1.0
 */
export const neutralStatus = (status: MessageStatus): SmsProvider.DeliveryStatus => {
  if (!status.final) return "pending"
  switch (status.groupName) {
    case "DELIVERED":
      return "delivered"
    case "EXPIRED":
      return "expired"
    case "REJECTED":
      return "rejected"
    default:
      return "undelivered"
  }
}

const chunk = <A>(list: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

/**
 * Builds the adapter from the client in context.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<SmsProvider.Adapter, never, InfobipClient> =>
  Effect.gen(function* () {
    const client = yield* InfobipClient
    const id = options.id ?? "infobip"
    const newId = options.newMessageId ?? (() => globalThis.crypto.randomUUID())
    const withRetry = <A, E, R>(self: Effect.Effect<A, E, R>) =>
      options.retry === undefined ? self : Retry.withPolicy(options.retry)(self)

    // Message ids per send request, so that `settle` can look up exactly the ids that went on the wire.
    const ids = new WeakMap<SmsProvider.SendRequest, ReadonlyArray<{ recipient: string; messageId: string }>>()
    const idsFor = (request: SmsProvider.SendRequest) => {
      let list = ids.get(request)
      if (list === undefined) {
        list = request.recipients.map((r) => ({ recipient: r.e164, messageId: newId() }))
        ids.set(request, list)
      }
      return list
    }

    const send = (request: SmsProvider.SendRequest) =>
      Effect.suspend(() => {
        const destinations = idsFor(request)
        return client
          .sendMessages({
            messages: [
              {
                sender: request.sender,
                text: request.text,
                destinations: destinations.map((d) => ({ to: d.recipient, messageId: d.messageId })),
                ...(request.commercial !== undefined && options.iysBrandCode !== undefined
                  ? {
                      regional: {
                        turkeyIys: { brandCode: options.iysBrandCode, recipientType: request.commercial.recipientType }
                      }
                    }
                  : {})
              }
            ],
            ...(request.sendAt === undefined ? {} : { sendAt: request.sendAt })
          })
          .pipe(
            withRetry,
            Effect.flatMap((result) => {
              // Infobip answers 200 even when it refuses every destination; for routing that is a refusal. No credit
              // is an account problem (another provider may take it); anything else is about the numbers.
              const rejected = result.rejected
              if (rejected.length > 0 && rejected.length === result.messages.length) {
                const first = rejected[0]!.status
                const fields = {
                  provider: "infobip" as const,
                  code: first.name,
                  message: first.description ?? first.name
                }
                return Effect.fail(
                  first.name === "REJECTED_NOT_ENOUGH_CREDITS"
                    ? new SmsError.InsufficientBalance(fields)
                    : new SmsError.InvalidRecipients(fields)
                )
              }
              return Effect.succeed<SmsProvider.Sent>({
                ...(result.bulkId === undefined ? {} : { orderId: result.bulkId }),
                messages: destinations.map((d) => ({ recipient: d.recipient, messageId: d.messageId }))
              })
            })
          )
      })

    const lookup = (messageIds: ReadonlyArray<string>) =>
      Effect.forEach(chunk(messageIds, 50), (group) => Stream.runCollect(client.logs({ messageId: group })), {
        concurrency: 1
      }).pipe(Effect.map((pages) => pages.flat()))

    const status = (sent: SmsProvider.Sent & { readonly recipients: ReadonlyArray<string> }) =>
      Effect.gen(function* () {
        const known = sent.messages.filter((m) => m.messageId !== undefined)
        const entries = yield* lookup(known.map((m) => m.messageId!))
        const byId = new Map(entries.map((e) => [e.messageId, e]))
        return sent.messages.map((m): SmsProvider.RecipientStatus => {
          const entry = m.messageId === undefined ? undefined : byId.get(m.messageId)
          // The logs can lag a fresh send by a few seconds: no entry yet is pending, not lost.
          return {
            provider: id,
            recipient: m.recipient,
            ...(sent.orderId === undefined ? {} : { orderId: sent.orderId }),
            ...(m.messageId === undefined ? {} : { messageId: m.messageId }),
            status: entry === undefined ? "pending" : neutralStatus(entry.status),
            raw: entry === undefined ? "NOT_IN_LOGS_YET" : entry.status.name
          }
        })
      })

    const adapter: SmsProvider.Adapter = {
      ...traits,
      id,
      capabilities: {
        ...traits.capabilities,
        commercial: options.iysBrandCode !== undefined,
        deliveryReports: options.pullReports === false ? "none" : "pull"
      },
      send,
      // The client already resent what the logs did not know; here the logs are only read again (never a resend):
      // if every message id is there now, the part went out.
      settle: (request, unknown) =>
        Effect.gen(function* () {
          const destinations = idsFor(request)
          const entries = yield* lookup(destinations.map((d) => d.messageId))
          const found = new Set(entries.map((e) => e.messageId))
          if (!destinations.every((d) => found.has(d.messageId))) return yield* Effect.fail(unknown)
          return { messages: destinations } satisfies SmsProvider.Sent
        }),
      status,
      balance: client.balance.pipe(
        withRetry,
        Effect.map((b): SmsProvider.Balance => ({ amount: b.balance, currency: b.currency }))
      ),
      deliveryReports:
        options.pullReports === false
          ? Stream.empty
          : (client.reports().pipe(
              Stream.map(
                (r): SmsProvider.DeliveryReport => ({
                  provider: id,
                  recipient: `+${r.to.replace(/\D/g, "")}`,
                  messageId: r.messageId,
                  ...(r.bulkId === undefined ? {} : { orderId: r.bulkId }),
                  status: neutralStatus(r.status),
                  raw: r.status.name
                })
              )
            ) as Stream.Stream<SmsProvider.DeliveryReport, SmsError.SmsError>)
    }
    return adapter
  })
