/**
 * `effect-sms --provider infobip …`: send (v1, v2 or v3), drain delivery reports to NDJSON (optionally through a
 * durable journal), logs over any range in the last 48 hours, preview, balance, and scheduled bulks (status,
 * reschedule, pause, resume, cancel). Configuration from `INFOBIP_BASE_URL`, `INFOBIP_AUTH` and `INFOBIP_API_KEY` (or
 * `INFOBIP_USERNAME`/`INFOBIP_PASSWORD`, or `INFOBIP_CLIENT_ID`/`INFOBIP_CLIENT_SECRET`), or `--simulator`.
 *
 * @since 0.1.0
 */
import { Auth, Infobip, type Report } from "@effect-sms/core/infobip"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { Config, Console, DateTime, Effect, Layer, Option, Redacted, Stream } from "effect"
import { Argument, CliError, Command, Flag } from "effect/cli"
import * as FileJournal from "../FileJournal.ts"
import * as NodeInfobip from "../NodeInfobip.ts"
import { ExitCode, Reported, report, Usage } from "./Errors.ts"

const root = Command.make("effect-sms").pipe(
  Command.withSharedFlags({
    provider: Flag.Literals("provider", ["infobip"]).pipe(Flag.withDescription("The provider: infobip")),
    baseUrl: Flag.String("base-url").pipe(
      Flag.withDescription("The account's base URL (default INFOBIP_BASE_URL)"),
      Flag.optional
    ),
    simulator: Flag.Boolean("simulator").pipe(
      Flag.withDescription("Run against an embedded simulator with the demo account (no credentials, no network)"),
      Flag.withDefault(false)
    )
  }),
  Command.withDescription("Send SMS and read delivery reports and logs through Infobip")
)

const clientLayer = (
  g: { readonly baseUrl: Option.Option<string>; readonly simulator: boolean },
  extra: Partial<Infobip.Options> = {}
) => {
  if (g.simulator) {
    return Layer.unwrap(
      Effect.map(Effect.service(Simulator.Simulator), (sim) =>
        NodeInfobip.layer({
          baseUrl: `${sim.origin}/infobip`,
          auth: Auth.app(Redacted.make(InfobipSimulator.DemoAccount.apiKeys[0]!)),
          ...extra
        })
      )
    ).pipe(Layer.provide(Simulator.layer({ seed: "cli" })))
  }
  return NodeInfobip.layerConfig({ ...extra, ...(Option.isSome(g.baseUrl) ? { baseUrl: g.baseUrl.value } : {}) })
}

const withClient = <A, E, R>(
  f: (client: Infobip.Service) => Effect.Effect<A, E, R>,
  extra: Effect.Effect<Partial<Infobip.Options>, unknown, R> = Effect.succeed({})
) =>
  Effect.gen(function* () {
    const g = yield* root
    if (g.simulator && Option.isSome(g.baseUrl)) {
      return yield* Effect.fail(new Usage("--simulator and --base-url exclude each other"))
    }
    const options = yield* extra
    return yield* Effect.service(Infobip.InfobipClient).pipe(
      Effect.flatMap(f),
      Effect.provide(clientLayer(g, options)),
      Effect.mapError((e) => (isConfigError(e) ? configUsage(e) : e))
    )
  }).pipe(report)

const isConfigError = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === "ConfigError"

// The variable the configuration is missing, named in one line.
const configUsage = (e: unknown) => {
  const text = String((e as { message?: unknown }).message ?? e)
  const needs = /INFOBIP_AUTH=\S+ needs (?:[A-Z_]+(?: and )?)+/.exec(text)?.[0]
  if (needs !== undefined) return new Usage(`${needs.trim()}: set them in the environment, or use --simulator`)
  const name = /INFOBIP_[A-Z_]+/.exec(text)?.[0]
  return new Usage(
    `missing or invalid ${name ?? "configuration"}: set INFOBIP_BASE_URL and INFOBIP_API_KEY (or INFOBIP_AUTH=basic|ibsso|oauth2 with its credentials) in the environment, or use --simulator`
  )
}

const time = (flag: string, value: Option.Option<string>) =>
  Option.match(value, {
    onNone: () => Effect.succeed(undefined),
    onSome: (v) => {
      const parsed = DateTime.make(v)
      // An offset is required (the client refuses times without one); `DateTime.make` only checks the syntax here.
      return Option.isNone(parsed)
        ? Effect.fail(new Usage(`--${flag} "${v}" is not an ISO 8601 date-time`))
        : Effect.succeed(v)
    }
  })

const list = (values: ReadonlyArray<string>) =>
  values
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter((s) => s.length > 0)

const reportLine = (r: Report.DeliveryReport | Report.LogEntry) =>
  JSON.stringify({
    messageId: r.messageId,
    ...(r.bulkId === undefined ? {} : { bulkId: r.bulkId }),
    to: r.to,
    ...(r.sender === undefined ? {} : { sender: r.sender }),
    status: r.status.name,
    group: r.status.groupName,
    final: r.status.final,
    ...(r.error === undefined || r.error.ok ? {} : { error: r.error.name, permanent: r.error.permanent }),
    ...(r.sentAt === undefined ? {} : { sentAt: r.sentAt }),
    ...(r.doneAt === undefined ? {} : { doneAt: r.doneAt }),
    ...(r.parts === undefined ? {} : { parts: r.parts }),
    ...("callbackData" in r && r.callbackData !== undefined ? { callbackData: r.callbackData } : {})
  })

// send ----------------------------------------------------------------------------------------------------------------

const send = Command.make(
  "send",
  {
    to: Flag.String("to").pipe(
      Flag.withDescription("Destination (repeatable; comma-separated lists work too)"),
      Flag.atLeast(1)
    ),
    text: Flag.String("text").pipe(Flag.withDescription("Message text")),
    from: Flag.String("from").pipe(Flag.withDescription("Sender (alphanumeric ≤ 11, or a number)"), Flag.optional),
    at: Flag.String("at").pipe(Flag.withDescription("Schedule, ISO 8601 with an offset"), Flag.optional),
    bulkId: Flag.String("bulk-id").pipe(
      Flag.withDescription("Bulk id (to manage a scheduled send later)"),
      Flag.optional
    ),
    api: Flag.Literals("api", ["v1", "v2", "v3"]).pipe(
      Flag.withDescription("Which send: /sms/1|2/text/advanced or /sms/3/messages"),
      Flag.withDefault("v3" as const)
    )
  },
  (flags) =>
    withClient((client) =>
      Effect.gen(function* () {
        const sendAt = yield* time("at", flags.at)
        const destinations = list(flags.to)
        const from = Option.getOrUndefined(flags.from)
        const bulkId = Option.getOrUndefined(flags.bulkId)
        const result =
          flags.api === "v3"
            ? yield* client.sendMessages({
                ...(bulkId === undefined ? {} : { bulkId }),
                ...(sendAt === undefined ? {} : { sendAt }),
                messages: [{ destinations, text: flags.text, ...(from === undefined ? {} : { sender: from }) }]
              })
            : yield* client.sendAdvanced({
                version: flags.api === "v2" ? 2 : 1,
                ...(bulkId === undefined ? {} : { bulkId }),
                messages: [
                  {
                    destinations,
                    text: flags.text,
                    ...(from === undefined ? {} : { from }),
                    ...(sendAt === undefined ? {} : { sendAt })
                  }
                ]
              })
        yield* Console.log(
          result.messages.map((m) => `${m.messageId}\t${m.to}\t${m.status.groupName}\t${m.status.name}`).join("\n")
        )
        yield* Console.error(
          `${result.accepted.length} accepted, ${result.rejected.length} rejected${result.bulkId === undefined ? "" : `, bulk ${result.bulkId}`}${result.reconciled ? " (reconciled through the logs)" : ""}`
        )
      })
    )
).pipe(Command.withDescription("Send one text to one or more destinations; prints messageId, destination and status"))

// reports -------------------------------------------------------------------------------------------------------------

// Where `reports` keeps the batch in hand unless told otherwise.
const DefaultJournal = ".infobip-reports.journal.json"

const reports = Command.make(
  "reports",
  {
    limit: Flag.Int("limit").pipe(Flag.withDescription("Reports per request (1..1000)"), Flag.withDefault(1000)),
    api: Flag.Literals("api", ["v1", "v3"]).pipe(Flag.withDefault("v3" as const)),
    bulkId: Flag.String("bulk-id").pipe(Flag.optional),
    messageId: Flag.String("message-id").pipe(Flag.optional),
    journal: Flag.String("journal").pipe(
      Flag.withDescription(
        `A file holding the batch in hand: a batch not yet written when the process dies is printed again by the next run (default INFOBIP_REPORTS_JOURNAL, else ${DefaultJournal} in the working directory)`
      ),
      Flag.withFallbackConfig(Config.String("INFOBIP_REPORTS_JOURNAL")),
      Flag.withDefault(DefaultJournal)
    )
  },
  (flags) =>
    withClient(
      (client) =>
        Effect.gen(function* () {
          let n = 0
          yield* client
            .reportBatches({
              version: flags.api === "v1" ? 1 : 3,
              limit: flags.limit,
              ...(Option.isSome(flags.bulkId) ? { bulkId: flags.bulkId.value } : {}),
              ...(Option.isSome(flags.messageId) ? { messageId: flags.messageId.value } : {})
            })
            .pipe(
              // A batch counts as taken once it is on stdout: the next pull clears it from the journal.
              Stream.runForEach((batch) => {
                n += batch.length
                return Console.log(batch.map(reportLine).join("\n"))
              })
            )
          yield* Console.error(`${n} delivery reports`)
        }),
      // Always a file journal: Infobip forgets a report once read, so a batch held only in memory would be lost with
      // the process.
      Effect.map(FileJournal.make(flags.journal), (journal) => ({ journal }))
    )
).pipe(Command.withDescription("Drain delivery reports (each is returned once by Infobip) to stdout as NDJSON"))

// logs ----------------------------------------------------------------------------------------------------------------

const logs = Command.make(
  "logs",
  {
    since: Flag.String("since").pipe(
      Flag.withDescription("Start, ISO 8601 with an offset (default: 48 hours ago)"),
      Flag.optional
    ),
    until: Flag.String("until").pipe(
      Flag.withDescription("End, ISO 8601 with an offset (default: now)"),
      Flag.optional
    ),
    api: Flag.Literals("api", ["v1", "v3"]).pipe(
      Flag.withDescription("v3 pages by cursor; v1 walks time windows"),
      Flag.withDefault("v3" as const)
    ),
    from: Flag.String("from").pipe(Flag.withDescription("Sender"), Flag.optional),
    to: Flag.String("to").pipe(Flag.withDescription("Destination"), Flag.optional),
    bulkId: Flag.String("bulk-id").pipe(Flag.atLeast(0)),
    messageId: Flag.String("message-id").pipe(Flag.atLeast(0)),
    status: Flag.Literals("status", ["ACCEPTED", "PENDING", "UNDELIVERABLE", "DELIVERED", "EXPIRED", "REJECTED"]).pipe(
      Flag.optional
    )
  },
  (flags) =>
    withClient((client) =>
      Effect.gen(function* () {
        const sentSince = yield* time("since", flags.since)
        const sentUntil = yield* time("until", flags.until)
        const bulkIds = list(flags.bulkId)
        const messageIds = list(flags.messageId)
        const common = {
          ...(sentSince === undefined ? {} : { sentSince }),
          ...(sentUntil === undefined ? {} : { sentUntil }),
          ...(bulkIds.length === 0 ? {} : { bulkId: bulkIds }),
          ...(messageIds.length === 0 ? {} : { messageId: messageIds }),
          ...(Option.isSome(flags.status) ? { generalStatus: flags.status.value } : {})
        }
        const entries =
          flags.api === "v1"
            ? client.logsV1({
                ...common,
                ...(Option.isSome(flags.from) ? { from: flags.from.value } : {}),
                ...(Option.isSome(flags.to) ? { to: flags.to.value } : {})
              })
            : client.logs({
                ...common,
                ...(Option.isSome(flags.from) ? { sender: flags.from.value } : {}),
                ...(Option.isSome(flags.to) ? { destination: flags.to.value } : {})
              })
        let n = 0
        yield* entries.pipe(
          Stream.runForEach((e) => {
            n++
            return Console.log(reportLine(e))
          })
        )
        yield* Console.error(`${n} log entries`)
      })
    )
).pipe(Command.withDescription("Print the logs of any range in the last 48 hours as NDJSON"))

// preview, balance ----------------------------------------------------------------------------------------------------

const preview = Command.make(
  "preview",
  {
    text: Flag.String("text"),
    language: Flag.Literals("language", ["TR", "ES", "PT", "AUTODETECT"]).pipe(Flag.optional),
    transliteration: Flag.String("transliteration").pipe(Flag.withDescription("e.g. TURKISH"), Flag.optional)
  },
  (flags) =>
    withClient((client) =>
      Effect.gen(function* () {
        const p = yield* client.preview({
          text: flags.text,
          ...(Option.isSome(flags.language) ? { languageCode: flags.language.value } : {}),
          ...(Option.isSome(flags.transliteration) ? { transliteration: flags.transliteration.value as "TURKISH" } : {})
        })
        for (const v of p.previews) {
          const config = [
            v.configuration?.language?.languageCode === undefined
              ? undefined
              : `language ${v.configuration.language.languageCode}`,
            v.configuration?.transliteration === undefined
              ? undefined
              : `transliteration ${v.configuration.transliteration}`
          ].filter((x) => x !== undefined)
          yield* Console.log(
            `${config.length === 0 ? "as is" : config.join(", ")}: ${v.messageCount} part(s), ${v.charactersRemaining} characters left\t${v.textPreview}`
          )
        }
      })
    )
).pipe(Command.withDescription("Show how many SMS parts a text takes, per language and transliteration"))

const balance = Command.make("balance", {}, () =>
  withClient((client) => Effect.flatMap(client.balance, (b) => Console.log(`${b.balance.toFixed(2)} ${b.currency}`)))
).pipe(Command.withDescription("Show the account balance"))

// bulk ----------------------------------------------------------------------------------------------------------------

const bulkIdArg = Argument.String("bulkId").pipe(Argument.withDescription("The bulk"))

const bulkStatus = Command.make("status", { bulkId: bulkIdArg }, ({ bulkId }) =>
  withClient((client) =>
    Effect.gen(function* () {
      const s = yield* client.getBulkStatus(bulkId)
      const at = yield* client.getBulkSchedule(bulkId)
      yield* Console.log(`${bulkId}\t${s.status}\t${at.sendAt}`)
    })
  )
).pipe(Command.withDescription("Show a scheduled bulk's status and time"))

const bulkReschedule = Command.make(
  "reschedule",
  { bulkId: bulkIdArg, at: Flag.String("at").pipe(Flag.withDescription("New time, ISO 8601 with an offset")) },
  ({ bulkId, at }) =>
    withClient((client) =>
      Effect.flatMap(client.rescheduleBulk(bulkId, at), (s) => Console.log(`${bulkId}\t${s.sendAt}`))
    )
).pipe(Command.withDescription("Move a scheduled bulk"))

const bulkSet = (name: "pause" | "resume" | "cancel", description: string) =>
  Command.make(name, { bulkId: bulkIdArg }, ({ bulkId }) =>
    withClient((client) =>
      Effect.flatMap(
        name === "pause"
          ? client.pauseBulk(bulkId)
          : name === "resume"
            ? client.resumeBulk(bulkId)
            : client.cancelBulk(bulkId),
        (s) => Console.log(`${bulkId}\t${s.status}`)
      )
    )
  ).pipe(Command.withDescription(description))

const bulk = Command.make("bulk").pipe(
  Command.withSubcommands([
    bulkStatus,
    bulkReschedule,
    bulkSet("pause", "Pause a scheduled bulk"),
    bulkSet("resume", "Resume a paused bulk"),
    bulkSet("cancel", "Cancel a scheduled bulk")
  ]),
  Command.withDescription("Manage scheduled bulks")
)

/**
 * The Infobip command tree.
 *
 * @since 0.1.0
 */
export const command = root.pipe(Command.withSubcommands([send, reports, logs, preview, balance, bulk]))

/**
 * Finds `--provider <name>` (or `--provider=<name>`) in the arguments.
 *
 * @since 0.1.0
 */
export const providerOf = (args: ReadonlyArray<string>): string | undefined => {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === "--provider") return args[i + 1]
    if (a.startsWith("--provider=")) return a.slice("--provider=".length)
  }
  return undefined
}

/**
 * Runs the Infobip CLI with the given arguments (without `node` and the script).
 *
 * @since 0.1.0
 */
export const run = (args: ReadonlyArray<string>) =>
  Command.runWith(command, { version: "0.1.0" })(args).pipe(
    Effect.catchIf(
      (e): e is CliError.ShowHelp => CliError.isCliError(e) && e._tag === "ShowHelp" && e.errors.length > 0,
      () => Effect.fail(new Reported(ExitCode.Usage))
    )
  )
