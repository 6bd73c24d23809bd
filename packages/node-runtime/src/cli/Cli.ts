/**
 * The `effect-sms` command line: every iletiMerkezi endpoint, streaming reports and exports with progress, an
 * embedded simulator (`--simulator`), and `demo`, the main job of the README.
 *
 * @since 0.1.0
 */
import { IletiMerkezi, type IletiMerkeziSchema } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Console, DateTime, Effect, FileSystem, Layer, Option, Path, Redacted, Stream } from "effect"
import { Argument, CliError, Command, Flag } from "effect/cli"
import * as NodeSms from "../NodeSms.ts"
import * as Demo from "./Demo.ts"
import { ExitCode, Reported, report, Usage } from "./Errors.ts"
import * as InfobipCli from "./Infobip.ts"
import * as Progress from "./Progress.ts"
import { runExport } from "./RunExport.ts"
import * as SmsCli from "./SmsCli.ts"
import * as TurkeySmsCli from "./TurkeySmsCli.ts"

const root = Command.make("effect-sms").pipe(
  Command.withSharedFlags({
    // One flag for both meanings: effect/cli lets a shared flag claim its name in every subcommand, so `export`
    // cannot have a `--format` of its own. json|xml choose the wire format (get-reports and İYS always use JSON);
    // for `export`, ndjson|csv choose the file format.
    format: Flag.Literals("format", ["json", "xml", "ndjson", "csv"]).pipe(
      Flag.withDescription("Wire format, json or xml; for export, the file format, ndjson or csv"),
      Flag.optional
    ),
    baseUrl: Flag.String("base-url").pipe(
      Flag.withDescription("API base URL, e.g. http://127.0.0.1:8080/v1"),
      Flag.optional
    ),
    simulator: Flag.Boolean("simulator").pipe(
      Flag.withDescription("Run against an embedded simulator with a seeded account (no credentials, no network)"),
      Flag.withDefault(false)
    ),
    provider: Flag.Literals("provider", ["iletimerkezi", "turkeysms"]).pipe(
      Flag.withDescription(
        "The provider; default iletimerkezi, or turkeysms when only TURKEYSMS_API_KEY is set in the environment (infobip has its own commands: --provider infobip --help)"
      ),
      Flag.optional
    )
  }),
  Command.withDescription("Send SMS and stream delivery reports through iletiMerkezi")
)

interface Globals {
  readonly format: Option.Option<"json" | "xml" | "ndjson" | "csv">
  readonly baseUrl: Option.Option<string>
  readonly simulator: boolean
  readonly provider: Option.Option<TurkeySmsCli.ProviderName>
}

/** Runs the TurkeySMS command when the provider is TurkeySMS, the iletiMerkezi one otherwise. */
const byProvider = <A, E, R, A2, E2, R2>(
  turkeysms: (g: Globals) => Effect.Effect<A, E, R>,
  iletimerkezi: Effect.Effect<A2, E2, R2>
) =>
  Effect.gen(function* () {
    const g = yield* root
    return (yield* TurkeySmsCli.provider(g.provider)) === "turkeysms"
      ? yield* report(turkeysms(g))
      : yield* iletimerkezi
  })

/** A command only TurkeySMS has. */
const turkeySmsOnly = <A, E, R>(name: string, f: (g: Globals) => Effect.Effect<A, E, R>) =>
  byProvider(f, report(Effect.fail(new Usage(`${name} is a TurkeySMS command: add --provider turkeysms`))))

/** The account the embedded simulator holds: the last 30 days of traffic. */
const embeddedSimulator = Simulator.layer(Demo.simulatorOptions({ faults: false }))

const wireFormat = (g: Globals): "json" | "xml" | undefined =>
  Option.isSome(g.format) && (g.format.value === "json" || g.format.value === "xml") ? g.format.value : undefined

const clientLayer = (g: Globals): Layer.Layer<IletiMerkezi.IletiMerkeziClient, unknown> => {
  const format = wireFormat(g)
  if (g.simulator) {
    return Layer.unwrap(
      Effect.map(Effect.service(Simulator.Simulator), (sim) =>
        NodeSms.layer({
          apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
          apiSecret: Redacted.make(Simulator.DemoAccount.apiSecret),
          baseUrl: sim.url,
          ...(format === undefined ? {} : { format })
        })
      )
    ).pipe(Layer.provide(embeddedSimulator))
  }
  return NodeSms.layerConfig({
    ...(Option.isSome(g.baseUrl) ? { baseUrl: g.baseUrl.value } : {}),
    ...(format === undefined ? {} : { format })
  })
}

/** Runs `f` with a client built from the global flags, printing expected failures as one line. */
const withClient = <A, E, R>(
  f: (client: IletiMerkezi.Service) => Effect.Effect<A, E, R>,
  options: { readonly fileFormats?: boolean } = {}
) =>
  Effect.gen(function* () {
    const g = yield* root
    if (Option.isSome(g.format) && wireFormat(g) === undefined && options.fileFormats !== true) {
      return yield* Effect.fail(
        new Usage(`--format ${g.format.value} is a file format, for export only; use json or xml`)
      )
    }
    if (g.simulator && Option.isSome(g.baseUrl)) {
      return yield* Effect.fail(new Usage("--simulator and --base-url exclude each other"))
    }
    return yield* Effect.service(IletiMerkezi.IletiMerkeziClient).pipe(
      Effect.flatMap(f),
      Effect.provide(clientLayer(g))
    )
  }).pipe(report)

const dateFlag = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(`${description} (Y-m-d, Turkey time)`))

// send ----------------------------------------------------------------------------------------------------------------

/** The recipients of `send`: `--to` (repeatable, comma-separated lists too) and `--to-file` (one per line). */
const recipientsOf = (flags: { readonly to: ReadonlyArray<string>; readonly toFile: Option.Option<string> }) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const fromFile = Option.isSome(flags.toFile) ? (yield* fs.readFileString(flags.toFile.value)).split(/\r?\n/) : []
    return [...flags.to.flatMap((t) => t.split(",")), ...fromFile].map((s) => s.trim()).filter((s) => s.length > 0)
  })

const internationalFlag = Flag.Boolean("international").pipe(
  Flag.withDescription(
    "TurkeySMS: allow numbers outside Turkey (the account must be enabled for them; billed in TL). Off by default"
  ),
  Flag.withDefault(false)
)

const send = Command.make(
  "send",
  {
    sender: Flag.String("sender").pipe(Flag.withDescription("Approved sender ID (≤ 11 characters)")),
    text: Flag.String("text").pipe(Flag.withDescription("Message text")),
    to: Flag.String("to").pipe(
      Flag.withDescription("Recipient (repeatable; comma-separated lists work too)"),
      Flag.atLeast(0)
    ),
    toFile: Flag.File("to-file").pipe(Flag.withDescription("File with one recipient per line"), Flag.optional),
    at: Flag.String("at").pipe(
      Flag.withDescription("Schedule, ISO 8601 (e.g. 2026-12-01T09:00:00+03:00)"),
      Flag.optional
    ),
    iys: Flag.Literals("iys", ["0", "1"]).pipe(
      Flag.withDescription("1 for a commercial message (checked against İYS), 0 for an informational one"),
      Flag.withDefault("0" as const)
    ),
    iysList: Flag.Literals("iys-list", ["BIREYSEL", "TACIR"]).pipe(
      Flag.withDescription("Required with --iys 1"),
      Flag.optional
    ),
    international: internationalFlag
  },
  (flags) =>
    // Without --provider, SMS_PROVIDERS routes the message through the provider-neutral Sms service (SMS_ROUTE).
    Effect.flatMap(root, (g) => {
      const single = byProvider(
        (g) =>
          Effect.flatMap(recipientsOf(flags), (to) =>
            TurkeySmsCli.send(g, {
              sender: flags.sender,
              text: flags.text,
              to,
              at: flags.at,
              international: flags.international
            })
          ),
        withClient((client) =>
          Effect.gen(function* () {
            if (flags.international) {
              return yield* Effect.fail(new Usage("--international is a TurkeySMS option: add --provider turkeysms"))
            }
            const to = yield* recipientsOf(flags)
            let sendAt: DateTime.Utc | undefined
            if (Option.isSome(flags.at)) {
              const parsed = DateTime.make(flags.at.value)
              if (Option.isNone(parsed))
                return yield* Effect.fail(new Usage(`--at "${flags.at.value}" is not an ISO 8601 date-time`))
              sendAt = DateTime.toUtc(parsed.value)
            }
            const result = yield* client.sendSms({
              sender: flags.sender,
              text: flags.text,
              to,
              iys: flags.iys === "1" ? 1 : 0,
              ...(Option.isSome(flags.iysList) ? { iysList: flags.iysList.value } : {}),
              ...(sendAt === undefined ? {} : { sendAt })
            })
            yield* Console.log(
              `order ${result.orderId}${sendAt === undefined ? "" : ` scheduled for ${DateTime.formatIso(sendAt)}`}`
            )
          })
        )
      )
      return Option.isSome(g.provider)
        ? single
        : SmsCli.sendRoutedOr(
            flags,
            { simulator: g.simulator ? Option.some(embeddedSimulator) : Option.none() },
            single
          ).pipe(report)
    })
).pipe(Command.withDescription("Send one SMS order (through the SMS_ROUTE policy when SMS_PROVIDERS is set)"))

// cancel --------------------------------------------------------------------------------------------------------------

const cancel = Command.make(
  "cancel",
  { orderId: Argument.String("orderId").pipe(Argument.withDescription("The order to cancel")) },
  ({ orderId }) =>
    withClient((client) => Effect.andThen(client.cancelOrder(orderId), Console.log(`cancelled ${orderId}`)))
).pipe(Command.withDescription("Cancel a scheduled order"))

// report --------------------------------------------------------------------------------------------------------------

const reportCommand = Command.make(
  "report",
  {
    orderId: Argument.String("orderId").pipe(Argument.withDescription("The order")),
    rowCount: Flag.Int("row-count").pipe(Flag.withDescription("Rows per page (1..1000)"), Flag.withDefault(1000))
  },
  ({ orderId, rowCount }) =>
    withClient((client) =>
      Effect.gen(function* () {
        const c = Progress.counters()
        let order: IletiMerkeziSchema.OrderSummary | undefined
        const { elapsedMillis } = yield* Progress.track(
          "report",
          c,
          client.reportPages(orderId, { rowCount }).pipe(
            Stream.runForEach((page) =>
              Effect.gen(function* () {
                if (order === undefined) {
                  order = page.order
                  c.orders = 1
                  c.expectedRows = page.order.total
                }
                const lines: Array<string> = []
                for (const m of page.messages) {
                  c.rows++
                  if (m.status === 111) c.delivered++
                  else if (m.status === 112) c.undelivered++
                  else c.waiting++
                  lines.push(JSON.stringify({ number: m.number, status: m.status }))
                }
                if (lines.length > 0) yield* Console.log(lines.join("\n"))
              })
            )
          )
        )
        yield* Console.error(
          `order ${orderId}: status ${order?.status ?? "?"}, ${c.rows} messages — ${c.delivered} delivered, ${c.undelivered} undelivered, ${c.waiting} waiting (${(elapsedMillis / 1000).toFixed(1)} s)`
        )
      })
    )
).pipe(Command.withDescription("Print an order's per-recipient report (all pages) as NDJSON"))

// orders --------------------------------------------------------------------------------------------------------------

const ordersCommand = Command.make(
  "orders",
  { from: dateFlag("from", "First day"), to: dateFlag("to", "Last day") },
  ({ from, to }) =>
    withClient((client) =>
      Effect.gen(function* () {
        // The header goes out with the first row (or at the end), so a range the client rejects leaves stdout empty.
        const header = Console.log(
          ["id", "status", "total", "delivered", "undelivered", "waiting", "submitAt", "sender"].join("\t")
        )
        let n = 0
        yield* client.orders({ start: from, end: to }).pipe(
          Stream.runForEach((o) => {
            const row = Console.log(
              [o.id, o.status, o.total, o.delivered, o.undelivered, o.waiting, o.submitAt, o.sender]
                .map((v) => v ?? "")
                .join("\t")
            )
            return n++ === 0 ? Effect.andThen(header, row) : row
          })
        )
        if (n === 0) yield* header
        yield* Console.error(`${n} orders from ${from} to ${to}`)
      })
    )
).pipe(Command.withDescription("List order summaries over any date range (split into 10-day windows)"))

// export --------------------------------------------------------------------------------------------------------------

const exportCommand = Command.make(
  "export",
  {
    from: dateFlag("from", "First day"),
    to: dateFlag("to", "Last day"),
    out: Flag.String("out").pipe(
      Flag.withDescription(
        "Output file (written atomically), or a postgres://… URL: rows upserted into --table on (order id, number)"
      )
    ),
    table: Flag.String("table").pipe(
      Flag.withDescription("With a postgres:// --out: the table, created if missing"),
      Flag.withDefault("effect_sms_export")
    ),
    concurrency: Flag.Int("concurrency").pipe(
      Flag.withDescription("Report pages fetched at once"),
      Flag.withDefault(8)
    ),
    bom: Flag.Boolean("bom").pipe(
      Flag.withDescription("CSV: start with a UTF-8 BOM (for Excel)"),
      Flag.withDefault(false)
    )
  },
  (flags) =>
    Effect.gen(function* () {
      const g = yield* root
      // Postgres when --out is a postgres:// URL; else the file format: --format ndjson|csv, else the extension.
      const toPostgres = /^postgres(ql)?:\/\//i.test(flags.out)
      const format = toPostgres
        ? "postgres"
        : Option.isSome(g.format) && (g.format.value === "ndjson" || g.format.value === "csv")
          ? g.format.value
          : flags.out.toLowerCase().endsWith(".csv")
            ? "csv"
            : "ndjson"
      return yield* withClient(
        (client) =>
          Effect.gen(function* () {
            if (flags.concurrency < 1 || flags.concurrency > 64) {
              return yield* Effect.fail(new Usage(`--concurrency must be from 1 to 64, got ${flags.concurrency}`))
            }
            if (toPostgres) {
              if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(flags.table)) {
                return yield* Effect.fail(new Usage(`--table ${flags.table}: letters, digits and _ only`))
              }
              return yield* runExport(client, { ...flags, format })
            }
            const fs = yield* FileSystem.FileSystem
            const path = yield* Path.Path
            const dir = path.dirname(path.resolve(flags.out))
            if (!(yield* fs.exists(dir))) {
              return yield* Effect.fail(new Usage(`--out ${flags.out}: the directory ${dir} does not exist`))
            }
            yield* runExport(client, { ...flags, format })
          }),
        { fileFormats: true }
      )
    })
).pipe(Command.withDescription("Export every recipient's report over a date range to NDJSON, CSV or Postgres"))

// balance, senders ----------------------------------------------------------------------------------------------------

const balance = Command.make("balance", {}, () =>
  byProvider(
    TurkeySmsCli.balance,
    withClient((client) =>
      Effect.flatMap(client.getBalance, (b) =>
        Console.log(`${b.amount.toFixed(2)} TL, ${b.sms.toLocaleString("en-US")} SMS`)
      )
    )
  )
).pipe(Command.withDescription("Show the account balance"))

const senders = Command.make("senders", {}, () =>
  byProvider(
    TurkeySmsCli.senders,
    withClient((client) => Effect.flatMap(client.getSenders, (list) => Console.log(list.join("\n"))))
  )
).pipe(Command.withDescription("List the approved sender IDs"))

// otp, status (TurkeySMS) ---------------------------------------------------------------------------------------------

const otp = Command.make(
  "otp",
  {
    to: Flag.String("to").pipe(Flag.withDescription("Recipient")),
    digits: Flag.Int("digits").pipe(Flag.withDescription("Code length, 4 to 6"), Flag.withDefault(6)),
    text: Flag.String("text").pipe(
      Flag.withDescription("A custom text containing TS-CODE, which the provider replaces with the code"),
      Flag.optional
    ),
    sender: Flag.String("sender").pipe(Flag.withDescription("Sender ID (required with --text)"), Flag.optional),
    showCode: Flag.Boolean("show-code").pipe(
      Flag.withDescription("Print the code (it is a secret: hidden by default)"),
      Flag.withDefault(false)
    ),
    international: internationalFlag
  },
  (flags) => turkeySmsOnly("otp", (g) => TurkeySmsCli.otp(g, flags))
).pipe(Command.withDescription("Send a one-time code (TurkeySMS)"))

const status = Command.make(
  "status",
  {
    ids: Argument.String("smsId").pipe(Argument.withDescription("Message ids"), Argument.atLeast(1)),
    watch: Flag.Boolean("watch").pipe(
      Flag.withDescription("Follow the statuses until every message is final"),
      Flag.withDefault(false)
    ),
    every: Flag.Int("every").pipe(Flag.withDescription("Seconds between polls with --watch"), Flag.withDefault(5))
  },
  (flags) => turkeySmsOnly("status", (g) => TurkeySmsCli.status(g, flags))
).pipe(Command.withDescription("Show message statuses, or follow them with --watch (TurkeySMS)"))

// blacklist -----------------------------------------------------------------------------------------------------------

const blacklistList = Command.make(
  "list",
  {
    page: Flag.Int("page").pipe(Flag.withDefault(1)),
    rowCount: Flag.Int("row-count").pipe(Flag.withDefault(1000))
  },
  ({ page, rowCount }) =>
    withClient((client) =>
      Effect.gen(function* () {
        const result = yield* client.getBlacklist({ page, rowCount })
        if (result.numbers.length > 0) yield* Console.log(result.numbers.join("\n"))
        yield* Console.error(`${result.numbers.length} numbers on page ${page}, ${result.count} in total`)
      })
    )
).pipe(Command.withDescription("List blacklisted numbers"))

const blacklistAdd = Command.make("add", { number: Argument.String("number") }, ({ number }) =>
  byProvider(
    (g) => TurkeySmsCli.blacklistAdd(g, number),
    withClient((client) => Effect.andThen(client.addToBlacklist(number), Console.log(`added ${number}`)))
  )
).pipe(Command.withDescription("Add a number to the blacklist"))

const blacklistRemove = Command.make("remove", { number: Argument.String("number") }, ({ number }) =>
  withClient((client) => Effect.andThen(client.removeFromBlacklist(number), Console.log(`removed ${number}`)))
).pipe(Command.withDescription("Remove a number from the blacklist"))

const blacklist = Command.make("blacklist").pipe(
  Command.withSubcommands([blacklistList, blacklistAdd, blacklistRemove]),
  Command.withDescription("Manage the blacklist")
)

// simulator, demo -----------------------------------------------------------------------------------------------------

const simulatorCommand = Command.make(
  "simulator",
  {
    port: Flag.Int("port").pipe(Flag.withDefault(8080)),
    host: Flag.String("host").pipe(Flag.withDefault("127.0.0.1"))
  },
  ({ host, port }) =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      yield* Console.log(`simulator listening on ${sim.url}`)
      yield* Console.log(
        `ILETIMERKEZI_BASE_URL=${sim.url} ILETIMERKEZI_API_KEY=${Simulator.DemoAccount.apiKey} ILETIMERKEZI_API_SECRET=${Simulator.DemoAccount.apiSecret}`
      )
      yield* Console.log(
        `TURKEYSMS_BASE_URL=${sim.origin}/turkeysms TURKEYSMS_API_KEY=${TurkeySmsModule.DemoAccount.apiKey}`
      )
      yield* Console.log(
        `INFOBIP_BASE_URL=${sim.origin}/infobip INFOBIP_API_KEY=${InfobipSimulator.DemoAccount.apiKeys[0]}`
      )
      return yield* Effect.never
    }).pipe(Effect.provide(Simulator.layer({ ...Demo.simulatorOptions({ faults: false }), host, port })))
).pipe(Command.withDescription("Run the iletiMerkezi simulator in the foreground"))

const demo = Command.make(
  "demo",
  {
    out: Flag.Directory("out").pipe(Flag.withDescription("Where to write the exports"), Flag.withDefault(".out/demo"))
  },
  ({ out }) => Demo.run({ out }).pipe(report)
).pipe(Command.withDescription("Run the demo: embedded simulator, a small campaign, and a 30-day export"))

/**
 * The whole command tree.
 *
 * @since 0.1.0
 */
export const command = root.pipe(
  Command.withSubcommands([
    send,
    cancel,
    reportCommand,
    ordersCommand,
    exportCommand,
    balance,
    senders,
    otp,
    status,
    blacklist,
    simulatorCommand,
    demo,
    SmsCli.estimate
  ])
)

/**
 * Runs the CLI with the given arguments (without `node` and the script).
 *
 * @since 0.1.0
 */
export const run = (args: ReadonlyArray<string>) =>
  InfobipCli.providerOf(args) === "infobip" ? InfobipCli.run(args) : runIletiMerkezi(args)

const runIletiMerkezi = (args: ReadonlyArray<string>) =>
  Command.runWith(command, { version: "0.1.0" })(args).pipe(
    // effect/cli has already printed the help and the problem, and would exit 1; a bad invocation is a usage error.
    Effect.catchIf(
      (e): e is CliError.ShowHelp => CliError.isCliError(e) && e._tag === "ShowHelp" && e.errors.length > 0,
      () => Effect.fail(new Reported(ExitCode.Usage))
    )
  )
