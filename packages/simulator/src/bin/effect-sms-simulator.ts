#!/usr/bin/env node
/**
 * Runs the iletiMerkezi simulator as a process: prints one line with the URL and the demo credentials, then serves
 * until SIGINT or SIGTERM.
 *
 * ```sh
 * node --conditions=source packages/simulator/src/bin/effect-sms-simulator.ts --port 0 \
 *   --synthetic-orders 2000 --synthetic-recipients 500 --fault send-sms=503:0.1
 * ```
 *
 * @since 0.1.0
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import { Console, Context, Effect, Layer, Option } from "effect"
import { Command, Flag } from "effect/cli"
import * as Faults from "../Faults.ts"
import * as Simulator from "../Simulator.ts"

const parseRecipients = (s: string): number | { readonly min: number; readonly max: number } | undefined => {
  const m = /^(\d+)(?:-(\d+))?$/.exec(s.trim())
  if (m === null) return undefined
  return m[2] === undefined ? Number(m[1]) : { min: Number(m[1]), max: Number(m[2]) }
}

/**
 * The `effect-sms-simulator` command.
 *
 * @since 0.1.0
 */
export const command = Command.make(
  "effect-sms-simulator",
  {
    port: Flag.Int("port").pipe(Flag.withDescription("Port to listen on (0: any free port)"), Flag.withDefault(0)),
    host: Flag.String("host").pipe(Flag.withDescription("Interface to bind"), Flag.withDefault("127.0.0.1")),
    seed: Flag.String("seed").pipe(Flag.withDescription("Seed of ids and delivery outcomes"), Flag.optional),
    syntheticOrders: Flag.Int("synthetic-orders").pipe(
      Flag.withDescription("Give the demo account a generated history of N orders"),
      Flag.optional
    ),
    syntheticRecipients: Flag.String("synthetic-recipients").pipe(
      Flag.withDescription("Recipients per synthetic order: M or MIN-MAX"),
      Flag.withDefault("500")
    ),
    syntheticStart: Flag.String("synthetic-start").pipe(
      Flag.withDescription("First day of the synthetic history (Y-m-d, Turkey time)"),
      Flag.withDefault("2026-04-01")
    ),
    syntheticDays: Flag.Int("synthetic-days").pipe(
      Flag.withDescription("Days the synthetic history spans"),
      Flag.withDefault(30)
    ),
    fault: Flag.String("fault").pipe(
      Flag.withDescription(
        `Inject a fault: route=kind[:probability], or a script route=kind,ok,kind,... consumed one per request (route: a method or *; kind: ${Faults.kinds.join(", ")})`
      ),
      Flag.atLeast(0)
    ),
    faultSeed: Flag.String("fault-seed").pipe(Flag.withDescription("Seed of fault injection"), Flag.optional),
    latencyMin: Flag.Int("latency-min").pipe(
      Flag.withDescription("Shortest latency spike, in milliseconds (the latency fault)"),
      Flag.withDefault(200)
    ),
    latencyMax: Flag.Int("latency-max").pipe(
      Flag.withDescription("Longest latency spike, in milliseconds (the latency fault)"),
      Flag.withDefault(2000)
    ),
    retryAfter: Flag.Int("retry-after").pipe(
      Flag.withDescription("Retry-After, in seconds, sent with 503 and 429 faults"),
      Flag.withDefault(0)
    )
  },
  Effect.fn(function* (flags) {
    const parsed = flags.fault.map(Faults.parseFlag)
    const bad = parsed.find((p): p is string => typeof p === "string")
    if (bad !== undefined) return yield* Effect.die(new Error(`--fault: ${bad}`))
    const recipients = parseRecipients(flags.syntheticRecipients)
    if (recipients === undefined) return yield* Effect.die(new Error("--synthetic-recipients: expected M or MIN-MAX"))
    const synthetic = Option.map(flags.syntheticOrders, (orders) => ({
      orders,
      recipientsPerOrder: recipients,
      start: flags.syntheticStart,
      days: flags.syntheticDays,
      seed: Option.getOrElse(flags.seed, () => "synthetic")
    }))
    const options: Simulator.Options = {
      host: flags.host,
      port: flags.port,
      accounts: [{ ...Simulator.DemoAccount, synthetic: Option.getOrUndefined(synthetic) }],
      faults: Faults.fromFlags(parsed.filter((p) => typeof p !== "string")),
      latencySpike: {
        min: `${flags.latencyMin} millis`,
        max: `${Math.max(flags.latencyMin, flags.latencyMax)} millis`
      },
      retryAfterSeconds: flags.retryAfter,
      ...Option.match(flags.seed, { onNone: () => ({}), onSome: (seed) => ({ seed }) }),
      ...Option.match(flags.faultSeed, { onNone: () => ({}), onSome: (faultSeed) => ({ faultSeed }) })
    }
    const context = yield* Layer.build(Simulator.layer(options))
    const sim = Context.get(context, Simulator.Simulator)
    const demo = Simulator.DemoAccount
    yield* Console.log(
      `listening on ${sim.url} apiKey=${demo.apiKey} apiSecret=${demo.apiSecret} apiHash=${demo.apiHash} senders=${demo.senders.join(",")}`
    )
    return yield* Effect.never
  }, Effect.scoped)
).pipe(Command.withDescription("A loopback simulator of iletiMerkezi's SMS API"))

command.pipe(Command.run({ version: "0.1.0" }), Effect.provide(NodeServices.layer), NodeRuntime.runMain)
