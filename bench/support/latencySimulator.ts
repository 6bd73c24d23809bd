/**
 * The simulator with a fixed delay on every answer, for `bench/export.ts --latency <ms>`: on loopback a request costs
 * about a millisecond, so one-at-a-time and concurrent exports differ only in CPU; a WAN-like delay shows what
 * concurrency buys. Takes the same synthetic-history flags as the simulator's own command and prints the same
 * `listening on …` line.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import { Simulator } from "@effect-sms/simulator"
import { Console, Context, Effect, Layer } from "effect"
import { flag, numberFlag } from "./cli.ts"

const latency = numberFlag("latency", 20)
const demo = Simulator.DemoAccount

const program = Effect.gen(function* () {
  const context = yield* Layer.build(
    Simulator.layer({
      port: 0,
      accounts: [
        {
          ...demo,
          synthetic: {
            orders: numberFlag("synthetic-orders", 2000),
            recipientsPerOrder: numberFlag("synthetic-recipients", 500),
            start: flag("synthetic-start", "2026-04-01"),
            days: numberFlag("synthetic-days", 30)
          }
        }
      ],
      faults: { "*": { probability: 1, kinds: ["latency"] } },
      latencySpike: { min: `${latency} millis`, max: `${latency} millis` }
    })
  )
  const sim = Context.get(context, Simulator.Simulator)
  yield* Console.log(
    `listening on ${sim.url} apiKey=${demo.apiKey} apiSecret=${demo.apiSecret} apiHash=${demo.apiHash}`
  )
  return yield* Effect.never
})

program.pipe(Effect.scoped, NodeRuntime.runMain)
