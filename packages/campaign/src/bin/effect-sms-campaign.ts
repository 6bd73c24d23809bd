#!/usr/bin/env node
/**
 * The `effect-sms-campaign` command: run a runner process, or start, watch, pause, resume and cancel campaigns.
 *
 * Settings come from the environment: `DATABASE_URL` (postgres://…), `REDIS_URL` (redis://…, shares the send limit
 * between processes) and the iletiMerkezi client's `ILETIMERKEZI_*` variables.
 *
 * ```sh
 * effect-sms-campaign runner --port 34431 --rate-limit 100
 * effect-sms-campaign start --id spring --sender EFFECTSMS --text "Hello" --file numbers.txt
 * effect-sms-campaign status --id spring
 * ```
 *
 * @since 0.1.0
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { IletiMerkezi } from "@effect-sms/core"
import { Config, Console, Effect, Layer, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Campaign from "../Campaign.ts"
import * as CampaignRunner from "../CampaignRunner.ts"

const env = Config.all({
  databaseUrl: Config.String("DATABASE_URL"),
  redisUrl: Config.option(Config.String("REDIS_URL"))
})

const rateLimit = Flag.Int("rate-limit").pipe(
  Flag.withDescription("The account's send limit, in recipients per second (shared through Redis)"),
  Flag.withDefault(100)
)

const headroom = Flag.Finite("headroom").pipe(
  Flag.withDescription(
    "Share of the limit kept free (default 0.02): the provider counts arrivals, which the network jitters"
  ),
  Flag.withDefault(0.02)
)

const processLayer = (
  runner: { readonly host: string; readonly port: number } | undefined,
  limit: number,
  headroom = 0
) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const e = yield* env
      const client = yield* IletiMerkezi.config
      return CampaignRunner.layer({
        databaseUrl: e.databaseUrl,
        redisUrl: Option.getOrUndefined(e.redisUrl),
        client: { ...client, rateLimit: { limit: limit * (1 - headroom) } },
        runner,
        fastFailover: true,
        ...(runner === undefined ? {} : { activity: { runnerName: `${runner.host}:${runner.port}` } })
      })
    }).pipe(Effect.orDie)
  )

const runner = Command.make(
  "runner",
  {
    host: Flag.String("host").pipe(Flag.withDefault("127.0.0.1")),
    port: Flag.Int("port").pipe(Flag.withDescription("Port other runners reach this one at")),
    rateLimit,
    headroom
  },
  (flags) =>
    Effect.gen(function* () {
      yield* Console.log(`runner listening on ${flags.host}:${flags.port}`)
      return yield* Layer.launch(processLayer({ host: flags.host, port: flags.port }, flags.rateLimit, flags.headroom))
    })
).pipe(Command.withDescription("Run a campaign runner: it owns a share of the shards and sends their orders"))

const id = Flag.String("id").pipe(Flag.withDescription("The campaign id"))

const start = Command.make(
  "start",
  {
    id,
    sender: Flag.String("sender"),
    text: Flag.String("text"),
    file: Flag.String("file").pipe(
      Flag.withDescription("Recipient file, read by the runner (one number a line)"),
      Flag.optional
    ),
    query: Flag.String("query").pipe(Flag.withDescription("SQL query whose first column is the number"), Flag.optional),
    orderSize: Flag.Int("order-size").pipe(Flag.withDefault(1000)),
    ordersPerSlice: Flag.Int("orders-per-slice").pipe(Flag.withDefault(20)),
    concurrency: Flag.Int("concurrency").pipe(Flag.withDefault(2))
  },
  (flags) =>
    Effect.gen(function* () {
      const source: Campaign.Source = Option.isSome(flags.file)
        ? { _tag: "File", path: flags.file.value }
        : Option.isSome(flags.query)
          ? { _tag: "Query", sql: flags.query.value }
          : { _tag: "Stored" }
      const executionId = yield* Campaign.start({
        id: flags.id,
        sender: flags.sender,
        text: flags.text,
        source,
        orderSize: flags.orderSize,
        ordersPerSlice: flags.ordersPerSlice,
        concurrency: flags.concurrency
      })
      yield* Console.log(`started ${flags.id} (execution ${executionId})`)
    }).pipe(Effect.provide(processLayer(undefined, 100)))
).pipe(Command.withDescription("Start a campaign (returns at once; the runners do the work)"))

const status = Command.make("status", { id }, (flags) =>
  Effect.gen(function* () {
    const p = yield* Campaign.progress(flags.id)
    yield* Console.log(p === undefined ? `no campaign ${flags.id}` : JSON.stringify(p))
  }).pipe(Effect.provide(sqlLayer))
).pipe(Command.withDescription("Print a campaign's progress as JSON"))

const sqlLayer = Layer.unwrap(Effect.map(Effect.orDie(env), (e) => CampaignRunner.layerSql(e.databaseUrl)))

const control = (name: "pause" | "resume" | "cancel", f: (id: string) => ReturnType<typeof Campaign.pause>) =>
  Command.make(name, { id }, (flags) =>
    Effect.gen(function* () {
      const changed = yield* f(flags.id)
      yield* Console.log(changed ? `${name}: ${flags.id}` : `${name}: ${flags.id} is finished or unknown`)
    }).pipe(Effect.provide(sqlLayer))
  )

/**
 * The command.
 *
 * @since 0.1.0
 */
export const command = Command.make("effect-sms-campaign").pipe(
  Command.withSubcommands([
    runner,
    start,
    status,
    control("pause", Campaign.pause),
    control("resume", Campaign.resume),
    control("cancel", Campaign.cancel)
  ]),
  Command.withDescription("Durable SMS campaigns on effect's cluster and workflow engine")
)

command.pipe(Command.run({ version: "0.1.0" }), Effect.provide(NodeServices.layer), NodeRuntime.runMain)
