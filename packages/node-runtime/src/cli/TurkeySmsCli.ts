/**
 * The `effect-sms` commands for TurkeySMS (`--provider turkeysms`, or `TURKEYSMS_API_KEY` set without
 * `ILETIMERKEZI_API_KEY`): `send`, `otp`, `status` (with `--watch`), `balance`, `senders` and `blacklist add`, with the
 * same progress, one-line errors and exit codes as the iletiMerkezi commands. Configuration: `TURKEYSMS_API_KEY`,
 * `TURKEYSMS_API` (`v4`/`v3`), `TURKEYSMS_BASE_URL`, `TURKEYSMS_TIMEOUT`.
 *
 * @since 0.1.0
 */
import { TurkeySms, type TurkeySmsValidation } from "@effect-sms/core/turkeysms"
import { Simulator } from "@effect-sms/simulator"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Config, Console, DateTime, Effect, Layer, Option, Redacted, Stream } from "effect"
import * as NodeTurkeySms from "../NodeTurkeySms.ts"
import { Usage } from "./Errors.ts"
import * as Progress from "./Progress.ts"

/**
 * The providers the CLI speaks to.
 *
 * @since 0.1.0
 */
export type ProviderName = "iletimerkezi" | "turkeysms"

/**
 * The provider of a run: `--provider` when given; otherwise TurkeySMS when only `TURKEYSMS_API_KEY` is set, so
 * `TURKEYSMS_*` settings alone select it; otherwise iletiMerkezi, as before.
 *
 * @since 0.1.0
 */
export const provider = (flag: Option.Option<ProviderName>): Effect.Effect<ProviderName> =>
  Option.isSome(flag)
    ? Effect.succeed(flag.value)
    : Effect.gen(function* () {
        const ileti = yield* Effect.option(Config.String("ILETIMERKEZI_API_KEY"))
        const turkey = yield* Effect.option(Config.String("TURKEYSMS_API_KEY"))
        return Option.isNone(ileti) && Option.isSome(turkey) ? "turkeysms" : "iletimerkezi"
      }).pipe(Effect.orElseSucceed(() => "iletimerkezi" as const))

/**
 * The global flags the TurkeySMS commands read.
 *
 * @since 0.1.0
 */
export interface Globals {
  readonly baseUrl: Option.Option<string>
  readonly simulator: boolean
}

const clientLayer = (g: Globals): Layer.Layer<TurkeySms.TurkeySmsClient, unknown> => {
  if (g.simulator) {
    return Layer.unwrap(
      Effect.map(Effect.service(Simulator.Simulator), (sim) =>
        NodeTurkeySms.layer({
          apiKey: Redacted.make(TurkeySmsModule.DemoAccount.apiKey),
          baseUrl: `${sim.origin}/turkeysms`
        })
      )
    ).pipe(Layer.provide(Simulator.layer({ seed: "cli" })))
  }
  return NodeTurkeySms.layerConfig(Option.isSome(g.baseUrl) ? { baseUrl: g.baseUrl.value } : {})
}

/**
 * Runs `f` with a TurkeySMS client built from the global flags and the environment.
 *
 * @since 0.1.0
 */
export const withClient = <A, E, R>(g: Globals, f: (client: TurkeySms.Service) => Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    if (g.simulator && Option.isSome(g.baseUrl)) {
      return yield* Effect.fail(new Usage("--simulator and --base-url exclude each other"))
    }
    return yield* Effect.service(TurkeySms.TurkeySmsClient).pipe(Effect.flatMap(f), Effect.provide(clientLayer(g)))
  })

/**
 * `send`: one text to one or more numbers.
 *
 * @since 0.1.0
 */
export const send = (
  g: Globals,
  flags: {
    readonly sender: string
    readonly text: string
    readonly to: ReadonlyArray<string>
    readonly at: Option.Option<string>
    /** Allow numbers outside Turkey (opt-in). */
    readonly international?: boolean | undefined
  }
) =>
  withClient(g, (client) =>
    Effect.gen(function* () {
      let schedule: TurkeySmsValidation.ScheduleInput | undefined
      if (Option.isSome(flags.at)) {
        const parsed = DateTime.make(flags.at.value)
        if (Option.isNone(parsed)) {
          return yield* Effect.fail(new Usage(`--at "${flags.at.value}" is not an ISO 8601 date-time`))
        }
        schedule = parsed.value
      }
      const input = {
        title: flags.sender,
        text: flags.text,
        to: flags.to,
        ...(schedule === undefined ? {} : { schedule }),
        ...(flags.international === true ? { international: true } : {})
      }
      // Many numbers go through the bulk route; one through the single send (which alone takes a schedule).
      const result =
        flags.to.length > 1 && schedule === undefined ? yield* client.sendGroup(input) : yield* client.sendSms(input)
      yield* Console.log(
        `sms ${result.smsId}: ${result.totalRecipients ?? flags.to.length} recipients, ${result.parts ?? "?"} parts billed (${result.predictedParts} predicted)`
      )
    })
  )

/**
 * `otp`: a provider-generated code, in the standard template or in `--text` containing `TS-CODE`.
 *
 * @since 0.1.0
 */
export const otp = (
  g: Globals,
  flags: {
    readonly to: string
    readonly digits: number
    readonly text: Option.Option<string>
    readonly sender: Option.Option<string>
    readonly showCode: boolean
    /** Allow a number outside Turkey (opt-in). */
    readonly international?: boolean | undefined
  }
) =>
  withClient(g, (client) =>
    Effect.gen(function* () {
      const international = flags.international === true ? { international: true } : {}
      const result = Option.isSome(flags.text)
        ? yield* client.sendCustomOtp({
            to: flags.to,
            digits: flags.digits,
            text: flags.text.value,
            title: Option.getOrElse(flags.sender, () => ""),
            ...international
          })
        : yield* client.sendOtp({
            to: flags.to,
            digits: flags.digits,
            ...(Option.isSome(flags.sender) ? { title: flags.sender.value } : {}),
            ...international
          })
      // The code is a secret: printed only when asked for.
      const code = flags.showCode ? Redacted.value(result.otpCode) : "<redacted> (--show-code prints it)"
      yield* Console.log(`sms ${result.smsId}: code ${code}`)
    })
  )

const statusLine = (s: {
  readonly smsId: string
  readonly state: string
  readonly final: boolean
  readonly statusCode?: string | undefined
  readonly operator?: string | undefined
}) => [s.smsId, s.state, s.final ? "final" : "pending", s.statusCode ?? "", s.operator ?? ""].join("\t").trimEnd()

/**
 * `status`: one line per message; with `--watch`, every change until each message is final.
 *
 * @since 0.1.0
 */
export const status = (
  g: Globals,
  flags: { readonly ids: ReadonlyArray<string>; readonly watch: boolean; readonly every: number }
) =>
  withClient(g, (client) =>
    Effect.gen(function* () {
      if (flags.ids.length === 0) return yield* Effect.fail(new Usage("give at least one message id"))
      if (!flags.watch) {
        const statuses = yield* Effect.forEach(flags.ids, client.getStatus, { concurrency: 4 })
        yield* Console.log(statuses.map(statusLine).join("\n"))
        return
      }
      if (flags.every < 1) return yield* Effect.fail(new Usage(`--every must be at least 1 second, got ${flags.every}`))
      const c = Progress.counters()
      c.expectedRows = undefined
      const { elapsedMillis } = yield* Progress.track(
        "watch",
        c,
        client.watch(flags.ids, { every: `${flags.every} seconds` }).pipe(
          Stream.runForEach((s) => {
            c.rows++
            if (s.final) {
              c.orders++
              if (s.state === "delivered") c.delivered++
              else c.undelivered++
            }
            return Console.log(statusLine(s))
          })
        )
      )
      yield* Console.error(
        `${flags.ids.length} messages final: ${c.delivered} delivered, ${c.undelivered} not (${(elapsedMillis / 1000).toFixed(1)} s)`
      )
    })
  )

/**
 * `balance`.
 *
 * @since 0.1.0
 */
export const balance = (g: Globals) =>
  withClient(g, (client) =>
    Effect.flatMap(client.getBalance, (b) =>
      Console.log(
        `${b.sms.toLocaleString("en-US")} SMS${b.internationalTl === undefined ? "" : `, ${b.internationalTl.toFixed(2)} TL international`}`
      )
    )
  )

/**
 * `senders` (v3).
 *
 * @since 0.1.0
 */
export const senders = (g: Globals) =>
  withClient(g, (client) => Effect.flatMap(client.getSenders, (list) => Console.log(list.join("\n"))))

/**
 * `blacklist add`.
 *
 * @since 0.1.0
 */
export const blacklistAdd = (g: Globals, number: string) =>
  withClient(g, (client) => Effect.andThen(client.addToBlacklist(number), Console.log(`added ${number}`)))
