/**
 * The CLI's provider-neutral commands: `estimate` (the per-provider encoding, segments and cost of a message, as a
 * table, with no credentials and no request), and the routed `send` used when no `--provider` is given and
 * `SMS_PROVIDERS` is set (the route comes from `SMS_ROUTE`).
 *
 * @since 0.1.0
 */
import { Sms, type SmsError, type SmsProvider } from "@effect-sms/core"
import { Auth } from "@effect-sms/core/infobip"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Config, Console, DateTime, Effect, FileSystem, Layer, Option, Redacted, References, type Scope } from "effect"
import { Command, Flag } from "effect/cli"
import * as NodeInfobip from "../NodeInfobip.ts"
import * as NodeSms from "../NodeSms.ts"
import * as NodeTurkeySms from "../NodeTurkeySms.ts"
import { report, Usage } from "./Errors.ts"

/**
 * How each provider's `Sms` adapter is built from its own environment settings (`ILETIMERKEZI_*`, `TURKEYSMS_*`,
 * `INFOBIP_*`).
 *
 * @since 0.1.0
 */
export const adaptersFromConfig: Readonly<
  Partial<Record<SmsError.Provider, Effect.Effect<SmsProvider.Adapter, Config.ConfigError, Scope.Scope>>>
> = {
  iletimerkezi: adapter(NodeSms.layerConfig(), Sms.iletiMerkezi()),
  turkeysms: adapter(NodeTurkeySms.layerConfig(), Sms.turkeySms()),
  infobip: adapter(NodeInfobip.layerConfig(), Sms.infobip())
}

/**
 * Adapters for the providers of the simulator in context, with its demo accounts: what `--simulator` uses.
 *
 * @since 0.1.0
 */
export const adaptersForSimulator = (
  sim: Simulator.Simulator["Service"]
): Readonly<Record<SmsError.Provider, Effect.Effect<SmsProvider.Adapter, never, Scope.Scope>>> => ({
  iletimerkezi: adapter(
    NodeSms.layer({
      apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
      apiSecret: Redacted.make(Simulator.DemoAccount.apiSecret),
      baseUrl: sim.url
    }).pipe(Layer.orDie),
    Sms.iletiMerkezi()
  ),
  turkeysms: adapter(
    NodeTurkeySms.layer({
      apiKey: Redacted.make(TurkeySmsModule.DemoAccount.apiKey),
      baseUrl: `${sim.origin}/turkeysms`
    }).pipe(Layer.orDie),
    Sms.turkeySms()
  ),
  infobip: adapter(
    NodeInfobip.layer({
      baseUrl: `${sim.origin}/infobip`,
      auth: Auth.app(Redacted.make(InfobipSimulator.DemoAccount.apiKeys[0]!))
    }).pipe(Layer.orDie),
    Sms.infobip({ pullReports: false })
  )
})

function adapter<C, E, R>(
  client: Layer.Layer<C, E>,
  build: Effect.Effect<SmsProvider.Adapter, never, R>
): Effect.Effect<SmsProvider.Adapter, E, Scope.Scope | Exclude<R, C>> {
  return Effect.flatMap(Layer.build(client), (ctx) => Effect.provide(build, ctx)) as never
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
    Partial<Record<SmsError.Provider, Effect.Effect<SmsProvider.Adapter, unknown, Scope.Scope>>>
  > = adaptersFromConfig
): Layer.Layer<Sms.Sms, unknown> =>
  Layer.effect(
    Sms.Sms,
    Effect.gen(function* () {
      const c = yield* Sms.config
      const built: Array<SmsProvider.Adapter> = []
      for (const id of c.providers) {
        const build = known(id) ? adapters[id] : undefined
        if (build === undefined) {
          return yield* Effect.fail(
            new Usage(`SMS_PROVIDERS names "${id}", which is not available here (${Object.keys(adapters).join(", ")})`)
          )
        }
        // A provider's missing settings fail here, as a configuration error naming them.
        built.push(yield* build)
      }
      return yield* Sms.make({ providers: built.map((a) => Effect.succeed(a)), route: c.route, prices: c.prices })
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
 * The `send` flags the routed send reads.
 *
 * @since 0.1.0
 */
export interface SendFlags {
  readonly sender: string
  readonly text: string
  readonly to: ReadonlyArray<string>
  readonly toFile: Option.Option<string>
  readonly at: Option.Option<string>
  readonly iys: "0" | "1"
  readonly iysList: Option.Option<"BIREYSEL" | "TACIR">
}

/**
 * `send` without a provider: when `SMS_PROVIDERS` is set, the message goes through the `Sms` service and its route
 * (`SMS_ROUTE`); otherwise `single` runs (the one-provider send). With `--simulator`, every provider of the embedded
 * simulator is used with its demo account.
 *
 * @since 0.1.0
 */
export const sendRoutedOr = <A, E, R>(
  flags: SendFlags,
  options: { readonly simulator: Option.Option<Layer.Layer<Simulator.Simulator>> },
  single: Effect.Effect<A, E, R>
) =>
  Effect.gen(function* () {
    const listed = yield* Config.option(Config.String("SMS_PROVIDERS"))
    if (Option.isNone(listed)) return yield* single
    const fs = yield* FileSystem.FileSystem
    const fromFile = Option.isSome(flags.toFile) ? (yield* fs.readFileString(flags.toFile.value)).split(/\r?\n/) : []
    const to = [...flags.to.flatMap((t) => t.split(",")), ...fromFile].map((s) => s.trim()).filter((s) => s.length > 0)
    let sendAt: DateTime.Utc | undefined
    if (Option.isSome(flags.at)) {
      const parsed = DateTime.make(flags.at.value)
      if (Option.isNone(parsed))
        return yield* Effect.fail(new Usage(`--at "${flags.at.value}" is not an ISO 8601 date-time`))
      sendAt = DateTime.toUtc(parsed.value)
    }
    if (flags.iys === "1" && Option.isNone(flags.iysList)) {
      return yield* Effect.fail(new Usage("--iys 1 needs --iys-list BIREYSEL or TACIR"))
    }
    const message: Sms.Message = {
      sender: flags.sender,
      text: flags.text,
      to,
      ...(sendAt === undefined ? {} : { sendAt }),
      ...(flags.iys === "1" && Option.isSome(flags.iysList)
        ? { commercial: { recipientType: flags.iysList.value } }
        : {})
    }
    const layer = Option.isSome(options.simulator)
      ? Layer.unwrap(
          Effect.map(Effect.service(Simulator.Simulator), (sim) => layerConfig(adaptersForSimulator(sim)))
        ).pipe(Layer.provide(options.simulator.value))
      : layerConfig()
    // Each hop is printed on the part's line; the service's own log lines would only repeat it on stdout.
    yield* routedSend(message).pipe(Effect.provide(layer), Effect.provideService(References.MinimumLogLevel, "Error"))
  })
