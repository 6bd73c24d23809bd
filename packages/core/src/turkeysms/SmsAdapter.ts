/**
 * TurkeySMS as a provider of the neutral `Sms` service, built on {@link TurkeySmsClient}.
 *
 * Sends keep the client's send safety: on V4 an identical resend inside the provider's dedupe window settles an
 * ambiguous attempt; past that bound (and always on v3, which documents no dedupe) the send fails with
 * `SendOutcomeUnknown`, which `Sms` never fails over and this adapter does not try to settle (a resend could send it
 * twice). One send is one `sms_id`: its status (`queued → sent → delivered | failed | expired`) stands for every
 * recipient of the part. Numbers outside Turkey only with `international: true` (the account must be enabled).
 *
 * @since 0.1.0
 */
import { Effect, Stream } from "effect"
import * as Retry from "../Retry.ts"
import * as Segments from "../Segments.ts"
import type * as SmsError from "../SmsError.ts"
import type * as SmsProvider from "../SmsProvider.ts"
import { TurkeySmsClient } from "./Client.ts"
import type * as S from "./Schema.ts"
import type * as Webhook from "./Webhook.ts"

/**
 * Adapter options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The id routes use. Default `turkeysms`. */
  readonly id?: string | undefined
  /** The retry policy for sends made through `Sms`. Default: the client's own. */
  readonly retry?: Retry.Policy | undefined
  /** The account is enabled for numbers outside Turkey (TS-1032 otherwise). Default false. */
  readonly international?: boolean | undefined
  /** Verified webhook events (node-runtime's `TurkeySmsWebhookRoute`). Default: none. */
  readonly events?: Stream.Stream<Webhook.Event> | undefined
}

/**
 * What TurkeySMS can do: Turkish mobiles, schedules on V4; no İYS check is documented, so commercial Turkish messages
 * go elsewhere. It counts segments by the 3GPP sizes (`sms_lang` 0, 1 or 2).
 *
 * @since 0.1.0
 */
export const traits = {
  id: "turkeysms",
  provider: "turkeysms",
  local: true,
  capabilities: {
    turkishMobiles: true,
    international: false,
    commercial: false,
    schedule: true,
    status: true,
    balance: true,
    deliveryReports: "none"
  },
  limits: Segments.Standard
} as const satisfies Pick<SmsProvider.Adapter, "id" | "provider" | "local" | "capabilities" | "limits">

/**
 * The neutral status of a TurkeySMS delivery state.
 *
 * @since 0.1.0
 */
export const neutralStatus = (state: S.StatusState): SmsProvider.DeliveryStatus => {
  switch (state) {
    case "delivered":
      return "delivered"
    case "failed":
      return "undelivered"
    case "expired":
      return "expired"
    default:
      // queued, sent, and a state the provider did not name: not final yet.
      return "pending"
  }
}

/**
 * Builds the adapter from the client in context.
 *
 * @since 0.1.0
 */
export const make = (options: Options = {}): Effect.Effect<SmsProvider.Adapter, never, TurkeySmsClient> =>
  Effect.gen(function* () {
    const client = yield* TurkeySmsClient
    const id = options.id ?? "turkeysms"
    const withRetry = <A, E, R>(self: Effect.Effect<A, E, R>) =>
      options.retry === undefined ? self : Retry.withPolicy(options.retry)(self)
    // Webhook events carry the sms_id only: the recipients of our own sends, so reports can name them.
    const recipientsOf = new Map<string, ReadonlyArray<string>>()

    const send = (request: SmsProvider.SendRequest) =>
      client
        .sendSms({
          title: request.sender,
          text: request.text,
          to: request.recipients.map((r) => r.e164),
          ...(request.sendAt === undefined ? {} : { schedule: request.sendAt }),
          ...(options.international === true ? { international: true } : {})
        })
        .pipe(
          withRetry,
          Effect.map((result): SmsProvider.Sent => {
            const recipients = request.recipients.map((r) => r.e164)
            recipientsOf.set(result.smsId, recipients)
            return { orderId: result.smsId, messages: recipients.map((recipient) => ({ recipient })) }
          })
        )

    const status = (sent: SmsProvider.Sent & { readonly recipients: ReadonlyArray<string> }) =>
      Effect.gen(function* () {
        if (sent.orderId === undefined) return []
        const orderId = sent.orderId
        const s = yield* client.getStatus(orderId)
        return sent.recipients.map(
          (recipient): SmsProvider.RecipientStatus => ({
            provider: id,
            recipient,
            orderId,
            status: neutralStatus(s.state),
            raw: s.statusCode ?? s.state
          })
        )
      })

    const adapter: SmsProvider.Adapter = {
      ...traits,
      id,
      capabilities: {
        ...traits.capabilities,
        international: options.international === true,
        schedule: client.api === "v4",
        deliveryReports: options.events === undefined ? "none" : "push"
      },
      send,
      status,
      balance: client.getBalance.pipe(
        withRetry,
        Effect.map(
          (b): SmsProvider.Balance => ({
            credits: b.sms,
            ...(b.internationalTl === undefined ? {} : { amount: b.internationalTl, currency: "TRY" })
          })
        )
      ),
      deliveryReports:
        options.events === undefined
          ? Stream.empty
          : (options.events.pipe(
              Stream.flatMap((e) => {
                const state = e.state
                if (e.smsId === undefined || state === undefined) return Stream.empty
                const smsId = e.smsId
                return Stream.fromIterable(
                  (recipientsOf.get(smsId) ?? [""]).map(
                    (recipient): SmsProvider.DeliveryReport => ({
                      provider: id,
                      recipient,
                      orderId: smsId,
                      status: neutralStatus(state),
                      raw: state
                    })
                  )
                )
              })
            ) as Stream.Stream<SmsProvider.DeliveryReport, SmsError.SmsError>)
    }
    return adapter
  })
