/**
 * The `effect-sms` command line: every iletiMerkezi endpoint, streaming reports and exports with progress, an
 * embedded simulator (`--simulator`), and `demo`, the main job of the README.
 *
 * @since 0.1.0
 */
import { IletiMerkezi, type IletiMerkeziSchema, TurkeyTime } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Clock, Console, DateTime, Effect, FileSystem, Layer, Logger, Option, Path, Redacted, Stream } from "effect"
import { Argument, CliError, Command, Flag } from "effect/cli"
import * as NodeSms from "../NodeSms.ts"
import * as Demo from "./Demo.ts"
import { ExitCode, Reported, report, Usage } from "./Errors.ts"
import * as InfobipCli from "./Infobip.ts"
import * as Progress from "./Progress.ts"
import { runExport } from "./RunExport.ts"
import * as SmsCli from "./SmsCli.ts"
import * as TurkeySmsCli from "./TurkeySmsCli.ts"

/** The environment variables the client commands read, for `--help`. */
const environmentHelp = [
  "ENVIRONMENT (client commands, unless --simulator)",
  "  ILETIMERKEZI_API_KEY       API key (required)",
  "  ILETIMERKEZI_API_HASH      the panel's API hash; or set ILETIMERKEZI_API_SECRET (not both)",
  "  ILETIMERKEZI_API_SECRET    the account secret; the hash is computed from it",
  "  ILETIMERKEZI_BASE_URL      API base URL, http(s) (default: https://api.iletimerkezi.com/v1)",
  "  ILETIMERKEZI_FORMAT        wire format, json or xml (default: json)",
  '  ILETIMERKEZI_TIMEOUT       per-request timeout, e.g. "30 seconds" (default: 30 seconds)',
  "  TURKEYSMS_API_KEY          TurkeySMS API key (selects TurkeySMS when ILETIMERKEZI_API_KEY is not set)",
  "  TURKEYSMS_API              TurkeySMS API generation, v4 or v3 (default: v4)",
  "  TURKEYSMS_BASE_URL         TurkeySMS host root (default: the provider's)",
  "  TURKEYSMS_TIMEOUT          TurkeySMS per-request timeout (default: 30 seconds)"
].join("\n")

/** The exit codes, for `--help`. */
const exitCodeHelp = [
  "EXIT CODES",
  "  0  success",
  "  1  the provider refused the request",
  "  2  usage or configuration error (nothing was sent)",
  "  3  authentication or permission",
  "  4  transient failure: try again later",
  "  5  a send whose outcome is unknown: check the orders before resending"
].join("\n")

const root = Command.make("effect-sms").pipe(
  Command.withDescription(
    [
      "Send SMS and stream delivery reports through iletiMerkezi or TurkeySMS.",
      "Results go to stdout; progress, logs and errors to stderr.",
      "",
      environmentHelp,
      "",
      exitCodeHelp
    ]
      // The help formatter indents only the first line of a description.
      .join("\n")
      .replaceAll("\n", "\n  ")
      .replaceAll("\n  \n", "\n\n")
  )
)

// The flags of the commands that talk to the provider. They are given to each such command rather than shared from
// the root, so that `simulator` and `demo` do not list flags they ignore; `normalizeArgs` still accepts them before
// the command name (`effect-sms --simulator balance`).
const connectionFlags = {
  baseUrl: Flag.String("base-url").pipe(
    Flag.withDescription(
      "API base URL, http(s) (default: ILETIMERKEZI_BASE_URL, else https://api.iletimerkezi.com/v1)"
    ),
    Flag.optional
  ),
  simulator: Flag.Boolean("simulator").pipe(
    Flag.withDescription(
      "Run against an embedded simulator holding the last 30 days of traffic (senders APITEST and EFFECTSMS; no credentials, no network)"
    ),
    Flag.withDefault(false)
  ),
  provider: Flag.Literals("provider", ["iletimerkezi", "turkeysms"]).pipe(
    Flag.withDescription(
      "The provider (default: iletimerkezi, or turkeysms when only TURKEYSMS_API_KEY is set in the environment; infobip has its own commands: --provider infobip --help)"
    ),
    Flag.optional
  )
}

const wireFormatFlag = Flag.Literals("format", ["json", "xml"]).pipe(
  Flag.withDescription("Wire format, json or xml (default: ILETIMERKEZI_FORMAT, else json)"),
  Flag.optional
)

const clientFlags = { ...connectionFlags, format: wireFormatFlag }

interface Connection {
  readonly format: Option.Option<"json" | "xml">
  readonly baseUrl: Option.Option<string>
  readonly simulator: boolean
  readonly provider: Option.Option<TurkeySmsCli.ProviderName>
}

/** Runs the TurkeySMS command when the provider is TurkeySMS, the iletiMerkezi one otherwise. */
const byProvider = <A, E, R, A2, E2, R2>(
  g: { readonly provider: Option.Option<TurkeySmsCli.ProviderName> },
  turkeysms: Effect.Effect<A, E, R>,
  iletimerkezi: Effect.Effect<A2, E2, R2>
) =>
  Effect.flatMap(
    TurkeySmsCli.provider(g.provider),
    (p): Effect.Effect<A | A2, E | Reported | E2, R | R2> =>
      p === "turkeysms" ? report(turkeysms, "turkeysms") : iletimerkezi
  )

/** A command only one provider has. */
const only = <A, E, R>(
  name: string,
  provider: TurkeySmsCli.ProviderName,
  g: { readonly provider: Option.Option<TurkeySmsCli.ProviderName> },
  self: Effect.Effect<A, E, R>
) =>
  Effect.flatMap(
    TurkeySmsCli.provider(g.provider),
    (p): Effect.Effect<A, E | Reported | Usage, R> =>
      p === provider
        ? self
        : report(
            Effect.fail(
              new Usage(
                provider === "turkeysms"
                  ? `${name} is a TurkeySMS command: add --provider turkeysms`
                  : `${name} is an iletiMerkezi command: add --provider iletimerkezi`
              )
            )
          )
  )

/** The recipients of `send`: `--to` (repeatable, comma-separated lists too) and `--to-file` (one per line). */
const recipientsOf = (flags: { readonly to: ReadonlyArray<string>; readonly toFile: Option.Option<string> }) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const fromFile = Option.isSome(flags.toFile) ? (yield* fs.readFileString(flags.toFile.value)).split(/\r?\n/) : []
    return [...flags.to.flatMap((t) => t.split(",")), ...fromFile].map((s) => s.trim()).filter((s) => s.length > 0)
  })

/** The account the embedded simulator holds: the last 30 days of traffic. */
const embeddedSimulator = Simulator.layer(Demo.simulatorOptions({ faults: false }))

const clientLayer = (g: Connection): Layer.Layer<IletiMerkezi.IletiMerkeziClient, unknown> => {
  const format = Option.getOrUndefined(g.format)
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

/** Runs `f` with a client built from the connection flags, printing expected failures as one line. */
const withClient = <A, E, R>(
  command: string,
  g: Connection,
  f: (client: IletiMerkezi.Service) => Effect.Effect<A, E, R>,
  checks: Effect.Effect<void, Usage, R> = Effect.void
) =>
  Effect.gen(function* () {
    if (g.simulator && Option.isSome(g.baseUrl)) {
      return yield* Effect.fail(new Usage("--simulator and --base-url exclude each other"))
    }
    if ((yield* TurkeySmsCli.provider(g.provider)) === "turkeysms") {
      return yield* Effect.fail(
        new Usage(`${command} is an iletiMerkezi command (TurkeySMS has none): add --provider iletimerkezi`)
      )
    }
    // Checks that need no provider (paths, numbers) run before any client is built.
    yield* checks
    return yield* Effect.service(IletiMerkezi.IletiMerkeziClient).pipe(
      Effect.flatMap(f),
      Effect.provide(clientLayer(g))
    )
  }).pipe((self) => report(self, command))

/**
 * A day in Turkey time: `Y-m-d`, or `today`, or `today-N` (N days before today), so that commands against the
 * simulator's rolling 30 days can be written once.
 */
const resolveDay = (name: string, value: string, nowMillis: number): Effect.Effect<string, Usage> => {
  const relative = /^today(?:-(\d{1,4}))?$/.exec(value.trim())
  if (relative !== null) return Effect.succeed(TurkeyTime.formatDate(nowMillis, -Number(relative[1] ?? 0)))
  return TurkeyTime.parseDay(value) === undefined
    ? Effect.fail(new Usage(`--${name} "${value}" is not a date: use Y-m-d, today or today-N`))
    : Effect.succeed(value)
}

const dateFlag = (name: string, description: string) =>
  Flag.String(name).pipe(Flag.withDescription(`${description}: Y-m-d in Turkey time, or today, or today-N`))

/** `2026-12-01 09:00 Turkey time`: how the provider schedules, to the minute. */
const turkeyMinute = (at: DateTime.DateTime) => `${TurkeyTime.formatTimestamp(at).slice(0, 16)} Turkey time`

/**
 * Moves the connection flags given before the command name (`effect-sms --simulator balance`) to after it, where
 * the command declares them. Other leading flags (`--log-level debug`) stay where they are.
 */
export const normalizeArgs = (args: ReadonlyArray<string>): ReadonlyArray<string> => {
  const moved: Array<string> = []
  const kept: Array<string> = []
  let i = 0
  for (; i < args.length; i++) {
    const a = args[i]!
    if (!a.startsWith("-")) break
    const name = a.split("=")[0]!
    const takesValue = !a.includes("=")
    if (name === "--simulator") moved.push(a)
    else if (name === "--format" || name === "--base-url" || name === "--provider") {
      moved.push(a)
      if (takesValue && i + 1 < args.length) moved.push(args[++i]!)
    } else {
      kept.push(a)
      if (name === "--log-level" && takesValue && i + 1 < args.length) kept.push(args[++i]!)
    }
  }
  if (moved.length === 0) return args
  const rest = args.slice(i)
  // `blacklist list|add|remove` is two words deep.
  const depth =
    rest[0] === "blacklist" && ["list", "add", "remove"].includes(rest[1] ?? "") ? 2 : rest.length > 0 ? 1 : 0
  return [...kept, ...rest.slice(0, depth), ...moved, ...rest.slice(depth)]
}

// send ----------------------------------------------------------------------------------------------------------------

const internationalFlag = Flag.Boolean("international").pipe(
  Flag.withDescription(
    "TurkeySMS: allow numbers outside Turkey (the account must be enabled for them; billed in TL). Off by default"
  ),
  Flag.withDefault(false)
)

const send = Command.make(
  "send",
  {
    ...clientFlags,
    sender: Flag.String("sender").pipe(
      Flag.withDescription(
        "Approved sender ID: at most 11 ASCII letters, digits or spaces (the simulator's: EFFECTSMS, APITEST)"
      )
    ),
    text: Flag.String("text").pipe(Flag.withDescription("Message text (at most 7 SMS parts)")),
    to: Flag.String("to").pipe(
      Flag.withDescription(
        "Recipient, a Turkish mobile in any common form (repeatable; comma-separated lists work too)"
      ),
      Flag.atLeast(0)
    ),
    toFile: Flag.File("to-file").pipe(Flag.withDescription("File with one recipient per line"), Flag.optional),
    at: Flag.String("at").pipe(
      Flag.withDescription("Schedule, ISO 8601 (e.g. 2026-12-01T09:00:00+03:00); sent to the minute (default: now)"),
      Flag.optional
    ),
    iys: Flag.Literals("iys", ["0", "1"]).pipe(
      Flag.withDescription("1 for a commercial message (checked against İYS), 0 for an informational one (default: 0)"),
      Flag.withDefault("0" as const)
    ),
    iysList: Flag.Literals("iys-list", ["BIREYSEL", "TACIR"]).pipe(
      Flag.withDescription("The İYS list, required with --iys 1"),
      Flag.optional
    ),
    international: internationalFlag
  },
  (flags) =>
    // Without --provider, SMS_PROVIDERS routes the message through the provider-neutral Sms service (SMS_ROUTE).
    Effect.suspend(() => {
      const single = byProvider(
        flags,
        Effect.flatMap(recipientsOf(flags), (to) =>
          TurkeySmsCli.send(flags, {
            sender: flags.sender,
            text: flags.text,
            to,
            at: flags.at,
            international: flags.international
          })
        ),
        withClient("send", flags, (client) =>
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
              `order ${result.orderId}${sendAt === undefined ? "" : ` scheduled for ${turkeyMinute(sendAt)}`}`
            )
          })
        )
      )
      return Option.isSome(flags.provider)
        ? single
        : SmsCli.sendRoutedOr(
            flags,
            { simulator: flags.simulator ? Option.some(embeddedSimulator) : Option.none() },
            single
          ).pipe(report)
    })
).pipe(Command.withDescription("Send one SMS order (through the SMS_ROUTE policy when SMS_PROVIDERS is set)"))

// cancel --------------------------------------------------------------------------------------------------------------

const orderIdArgument = (description: string) => Argument.String("orderId").pipe(Argument.withDescription(description))

const cancel = Command.make(
  "cancel",
  { ...clientFlags, orderId: orderIdArgument("The scheduled order to cancel, as send printed it") },
  (flags) =>
    withClient("cancel", flags, (client) =>
      Effect.andThen(client.cancelOrder(flags.orderId), Console.log(`cancelled ${flags.orderId}`))
    )
).pipe(Command.withDescription("Cancel a scheduled order that has not started"))

// report --------------------------------------------------------------------------------------------------------------

const reportCommand = Command.make(
  "report",
  {
    ...clientFlags,
    orderId: orderIdArgument("The order, as send printed it"),
    rowCount: Flag.Int("row-count").pipe(
      Flag.withDescription("Rows per page, 1 to 1000 (default: 1000)"),
      Flag.withDefault(1000)
    )
  },
  (flags) =>
    withClient("report", flags, (client) =>
      Effect.gen(function* () {
        const { orderId, rowCount } = flags
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
  { ...clientFlags, from: dateFlag("from", "First day"), to: dateFlag("to", "Last day") },
  (flags) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      return yield* withClient("orders", flags, (client) =>
        Effect.gen(function* () {
          const from = yield* resolveDay("from", flags.from, now)
          const to = yield* resolveDay("to", flags.to, now)
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
    })
).pipe(Command.withDescription("List order summaries as TSV over any date range (walked in 10-day windows)"))

// export --------------------------------------------------------------------------------------------------------------

const exportCommand = Command.make(
  "export",
  {
    ...connectionFlags,
    from: dateFlag("from", "First day"),
    to: dateFlag("to", "Last day"),
    out: Flag.String("out").pipe(
      Flag.withDescription(
        "Output file (written to a temporary name, then renamed), or a postgres://… URL: rows upserted into --table on (order id, number)"
      )
    ),
    table: Flag.String("table").pipe(
      Flag.withDescription("With a postgres:// --out: the table, created if missing (default: effect_sms_export)"),
      Flag.withDefault("effect_sms_export")
    ),
    format: Flag.Literals("format", ["ndjson", "csv"]).pipe(
      Flag.withDescription(
        "File format, ndjson or csv (default: from the --out extension, .csv or else ndjson); the wire format comes from ILETIMERKEZI_FORMAT"
      ),
      Flag.optional
    ),
    concurrency: Flag.Int("concurrency").pipe(
      Flag.withDescription("Report pages fetched at once, 1 to 64 (default: 8)"),
      Flag.withDefault(8)
    ),
    bom: Flag.Boolean("bom").pipe(
      Flag.withDescription("CSV only: start with a UTF-8 byte order mark, for Excel (default: off)"),
      Flag.withDefault(false)
    )
  },
  (flags) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      // Postgres when --out is a postgres:// URL; else the file format: --format, else the --out extension.
      const toPostgres = /^postgres(ql)?:\/\//i.test(flags.out)
      const format = toPostgres
        ? ("postgres" as const)
        : Option.getOrElse(flags.format, () =>
            flags.out.toLowerCase().endsWith(".csv") ? ("csv" as const) : ("ndjson" as const)
          )
      // Everything about the command line and the output is checked before the first request: an export that could
      // not write its output must not find out after reading the provider for minutes.
      const checks = Effect.gen(function* () {
        if (!Number.isInteger(flags.concurrency) || flags.concurrency < 1 || flags.concurrency > 64) {
          return yield* Effect.fail(new Usage(`--concurrency must be from 1 to 64, got ${flags.concurrency}`))
        }
        yield* resolveDay("from", flags.from, now)
        yield* resolveDay("to", flags.to, now)
        if (toPostgres) {
          if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(flags.table)) {
            return yield* Effect.fail(new Usage(`--table ${flags.table}: letters, digits and _ only`))
          }
          return
        }
        const fs = yield* FileSystem.FileSystem
        const path = yield* Path.Path
        const target = path.resolve(flags.out)
        const existing = yield* fs.stat(target).pipe(Effect.option)
        if (Option.isSome(existing) && existing.value.type === "Directory") {
          return yield* Effect.fail(new Usage(`--out ${flags.out} is a directory; give a file name inside it`))
        }
        const dir = path.dirname(target)
        if (!(yield* fs.exists(dir).pipe(Effect.orElseSucceed(() => false)))) {
          return yield* Effect.fail(new Usage(`--out ${flags.out}: the directory ${dir} does not exist`))
        }
      })
      return yield* withClient(
        "export",
        { ...flags, format: Option.none() },
        (client) =>
          Effect.gen(function* () {
            const from = yield* resolveDay("from", flags.from, now)
            const to = yield* resolveDay("to", flags.to, now)
            yield* runExport(client, {
              from,
              to,
              out: flags.out,
              concurrency: flags.concurrency,
              bom: flags.bom,
              format,
              table: flags.table
            })
          }),
        checks
      )
    })
).pipe(Command.withDescription("Export every recipient's report over a date range to NDJSON, CSV or Postgres"))

// balance, senders ----------------------------------------------------------------------------------------------------

const balance = Command.make("balance", clientFlags, (flags) =>
  byProvider(
    flags,
    TurkeySmsCli.balance(flags),
    withClient("balance", flags, (client) =>
      Effect.flatMap(client.getBalance, (b) =>
        Console.log(`${b.amount.toFixed(2)} TL, ${b.sms.toLocaleString("en-US")} SMS`)
      )
    )
  )
).pipe(Command.withDescription("Show the account balance"))

const senders = Command.make("senders", clientFlags, (flags) =>
  byProvider(
    flags,
    TurkeySmsCli.senders(flags),
    withClient("senders", flags, (client) =>
      Effect.flatMap(client.getSenders, (list) => (list.length === 0 ? Effect.void : Console.log(list.join("\n"))))
    )
  )
).pipe(Command.withDescription("List the approved sender IDs"))

// blacklist -----------------------------------------------------------------------------------------------------------

const numberArgument = Argument.String("number").pipe(
  Argument.withDescription("A Turkish mobile number in any common form, e.g. 05321112233")
)

const blacklistList = Command.make(
  "list",
  {
    ...clientFlags,
    page: Flag.Int("page").pipe(Flag.withDescription("The page, from 1 (default: 1)"), Flag.withDefault(1)),
    rowCount: Flag.Int("row-count").pipe(
      Flag.withDescription("Numbers per page, 1 to 1000 (default: 1000)"),
      Flag.withDefault(1000)
    )
  },
  (flags) =>
    withClient("blacklist list", flags, (client) =>
      Effect.gen(function* () {
        const result = yield* client.getBlacklist({ page: flags.page, rowCount: flags.rowCount })
        if (result.numbers.length > 0) yield* Console.log(result.numbers.join("\n"))
        yield* Console.error(`${result.numbers.length} numbers on page ${flags.page}, ${result.count} in total`)
      })
    )
).pipe(Command.withDescription("List blacklisted numbers, one page"))

const blacklistAdd = Command.make("add", { ...clientFlags, number: numberArgument }, (flags) =>
  byProvider(
    flags,
    TurkeySmsCli.blacklistAdd(flags, flags.number),
    withClient("blacklist add", flags, (client) =>
      Effect.andThen(client.addToBlacklist(flags.number), Console.log(`added ${flags.number}`))
    )
  )
).pipe(Command.withDescription("Add a number to the blacklist"))

const blacklistRemove = Command.make("remove", { ...clientFlags, number: numberArgument }, (flags) =>
  withClient("blacklist remove", flags, (client) =>
    Effect.andThen(client.removeFromBlacklist(flags.number), Console.log(`removed ${flags.number}`))
  )
).pipe(Command.withDescription("Remove a number from the blacklist"))

const blacklist = Command.make("blacklist").pipe(
  Command.withSubcommands([blacklistList, blacklistAdd, blacklistRemove]),
  Command.withDescription("Manage the blacklist")
)

// otp, status (TurkeySMS) ---------------------------------------------------------------------------------------------

const otp = Command.make(
  "otp",
  {
    ...connectionFlags,
    to: Flag.String("to").pipe(Flag.withDescription("Recipient")),
    digits: Flag.Int("digits").pipe(Flag.withDescription("Code length, 4 to 6 (default: 6)"), Flag.withDefault(6)),
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
  (flags) => only("otp", "turkeysms", flags, report(TurkeySmsCli.otp(flags, flags), "otp"))
).pipe(Command.withDescription("Send a one-time code (TurkeySMS)"))

const status = Command.make(
  "status",
  {
    ...connectionFlags,
    ids: Argument.String("smsId").pipe(Argument.withDescription("Message ids"), Argument.atLeast(1)),
    watch: Flag.Boolean("watch").pipe(
      Flag.withDescription("Follow the statuses until every message is final (default: off)"),
      Flag.withDefault(false)
    ),
    every: Flag.Int("every").pipe(
      Flag.withDescription("Seconds between polls with --watch (default: 5)"),
      Flag.withDefault(5)
    )
  },
  (flags) => only("status", "turkeysms", flags, report(TurkeySmsCli.status(flags, flags), "status"))
).pipe(Command.withDescription("Show message statuses, or follow them with --watch (TurkeySMS)"))

// simulator, demo -----------------------------------------------------------------------------------------------------

const simulatorCommand = Command.make(
  "simulator",
  {
    port: Flag.Int("port").pipe(Flag.withDescription("Port to listen on (default: 8080)"), Flag.withDefault(8080)),
    host: Flag.String("host").pipe(
      Flag.withDescription("Address to listen on (default: 127.0.0.1)"),
      Flag.withDefault("127.0.0.1")
    )
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
).pipe(Command.withDescription("Run the iletiMerkezi simulator in the foreground (the last 30 days of traffic)"))

const demo = Command.make(
  "demo",
  {
    out: Flag.Directory("out").pipe(
      Flag.withDescription("Where to write the exports (default: .out/demo)"),
      Flag.withDefault(".out/demo")
    )
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
    blacklist,
    otp,
    status,
    simulatorCommand,
    demo,
    SmsCli.estimate
  ])
)

/**
 * Runs the CLI with the given arguments (without `node` and the script). Logs go to stderr whatever the level, so
 * that stdout carries only results.
 *
 * @since 0.1.0
 */
export const run = (args: ReadonlyArray<string>) =>
  InfobipCli.providerOf(args) === "infobip" ? InfobipCli.run(args) : runIletiMerkezi(args)

const runIletiMerkezi = (args: ReadonlyArray<string>) =>
  Command.runWith(command, { version: "0.1.0" })(normalizeArgs(args)).pipe(
    // effect/cli has already printed the help and the problem, and would exit 1; a bad invocation is a usage error.
    Effect.catchIf(
      (e): e is CliError.ShowHelp => CliError.isCliError(e) && e._tag === "ShowHelp" && e.errors.length > 0,
      () => Effect.fail(new Reported(ExitCode.Usage))
    ),
    Effect.provideService(Logger.LogToStderr, true)
  )
