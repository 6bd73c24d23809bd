/**
 * The CLI's provider-neutral commands: `estimate` (the per-provider encoding, segments and cost of a message, as a
 * table, with no credentials and no request), and the routed `send` used when no `--provider` is given and
 * `SMS_PROVIDERS` is set (the route comes from `SMS_ROUTE`).
 *
 * @since 0.1.0
 */
import { Sms, type SmsError, type SmsProvider } from "@effect-sms/core"
import { Config, Console, type DateTime, Effect, Layer, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as NodeSms from "../NodeSms.ts"
import { report, Usage } from "./Errors.ts"

/**
 * How each provider's `Sms` adapter is built from its own environment settings (`ILETIMERKEZI_*`, `TURKEYSMS_*`,
 * `INFOBIP_*`).
 *
 * @since 0.1.0
 */
export const adaptersFromConfig: Readonly<
  Partial<Record<SmsError.Provider, Effect.Effect<SmsProvider.Adapter, Config.ConfigError, never>>>
> = {
  iletimerkezi: Effect.scoped(
    Effect.flatMap(Layer.build(NodeSms.layerConfig()), (ctx) => Sms.iletiMerkezi().pipe(Effect.provide(ctx)))
  )
}

const known = (id: string): id is SmsError.Provider => id === "iletimerkezi" || id === "turkeysms" || id === "infobip"

/**
 * The `Sms` service from the environment: `SMS_PROVIDERS` (in order), `SMS_ROUTE`, `SMS_PRICES`, and each listed
 * provider's own settings.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  adapters: Readonly<
    Partial<Record<SmsError.Provider, Effect.Effect<SmsProvider.Adapter, unknown>>>
  > = adaptersFromConfig
): Layer.Layer<Sms.Sms, unknown> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const c = yield* Sms.config
      const providers: Array<Effect.Effect<SmsProvider.Adapter>> = []
      for (const id of c.providers) {
        const build = known(id) ? adapters[id] : undefined
        if (build === undefined) {
          return yield* Effect.fail(
            new Usage(`SMS_PROVIDERS names "${id}", which is not available here (${Object.keys(adapters).join(", ")})`)
          )
        }
        providers.push(Effect.orDie(build))
      }
      return Sms.layer({ providers, route: c.route, prices: c.prices })
    })
  )

/**
 * Sends through the `Sms` service and prints one line per part: the provider, its ids and any hops.
 *
 * @since 0.1.0
 */
export const routedSend = (message: Sms.Message) =>
  Effect.gen(function* () {
    const sms = yield* Sms.Sms
    const receipt = yield* sms.send(message)
    for (const part of receipt.parts) {
      const ids =
        part.orderId !== undefined
          ? `order ${part.orderId}`
          : `messages ${part.messages.map((m) => m.messageId ?? "?").join(",")}`
      const hops = part.hops.map((h) => ` (after ${h.from}: ${h.reason})`).join("")
      yield* Console.log(`${part.provider}: ${ids}, ${part.recipients.length} recipients${hops}`)
    }
    return receipt
  })

const pad = (rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)))
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd()
    )
    .join("\n")
}

/**
 * The estimate as a table.
 *
 * @since 0.1.0
 */
export const formatEstimates = (estimates: ReadonlyArray<Sms.Estimate>): string =>
  pad([
    ["provider", "encoding", "units", "segments", "recipients", "cost"],
    ...estimates.map((e) => [
      e.provider,
      e.encoding,
      String(e.units),
      String(e.segments),
      e.unservable === 0 ? String(e.recipients) : `${e.recipients} (${e.unservable} not served)`,
      e.cost === undefined ? "-" : `${e.cost.amount.toFixed(4)} ${e.cost.currency}`
    ])
  ])

/**
 * `effect-sms estimate --text … --to …`.
 *
 * @since 0.1.0
 */
export const estimate = Command.make(
  "estimate",
  {
    text: Flag.String("text").pipe(Flag.withDescription("Message text")),
    to: Flag.String("to").pipe(
      Flag.withDescription("Recipient (repeatable; comma-separated lists work too)"),
      Flag.atLeast(1)
    ),
    commercial: Flag.Boolean("commercial").pipe(
      Flag.withDescription("A commercial message (Turkish recipients need an İYS-capable provider)"),
      Flag.withDefault(false)
    )
  },
  (flags) =>
    Effect.gen(function* () {
      // Credentials are not needed: SMS_PROVIDERS (default: every provider) and SMS_PRICES are enough.
      const listed = yield* Config.option(Config.String("SMS_PROVIDERS"))
      const prices = Option.isSome(listed) ? (yield* Sms.config).prices : {}
      const ids = Option.isSome(listed)
        ? listed.value
            .split(",")
            .map((s) => s.trim())
            .filter((s) => s.length > 0)
        : Object.keys(Sms.traits)
      const providers: Array<Sms.Traits> = []
      for (const id of ids) {
        const t = known(id) ? Sms.traits[id] : undefined
        if (t === undefined) return yield* Effect.fail(new Usage(`SMS_PROVIDERS names "${id}", an unknown provider`))
        providers.push(t)
      }
      const to = flags.to.flatMap((t) => t.split(",")).map((s) => s.trim())
      const estimates = yield* Sms.estimateWith(providers, prices, {
        sender: "ESTIMATE",
        text: flags.text,
        to,
        ...(flags.commercial ? { commercial: { recipientType: "BIREYSEL" } as const } : {})
      })
      yield* Console.log(formatEstimates(estimates))
    }).pipe(report)
).pipe(Command.withDescription("Show each provider's encoding, segments and cost for a message, before sending"))

/**
 * A message from the `send` flags, for the routed send.
 *
 * @since 0.1.0
 */
export const message = (flags: {
  readonly sender: string
  readonly text: string
  readonly to: ReadonlyArray<string>
  readonly sendAt?: DateTime.Utc | undefined
  readonly commercial?: SmsProvider.Commercial | undefined
}): Sms.Message => flags
