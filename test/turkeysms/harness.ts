/**
 * TurkeySMS test harness: the simulator (its TurkeySMS module mounted under `/turkeysms`) on 127.0.0.1 and a client
 * talking to it over real HTTP through undici.
 */
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeSms, NodeTurkeySms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { type Model, TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Clock, Context, Effect, Layer, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"

export const Demo = TurkeySmsModule.DemoAccount

/** A fixed instant for controlled-clock tests: 2026-04-29 10:00 in Turkey. */
export const T0 = Date.parse("2026-04-29T07:00:00Z")

/** The simulator with TurkeySMS options. */
export const simulator = (
  turkeysms: TurkeySmsModule.Options = {},
  options: Simulator.Options = {}
): Layer.Layer<Simulator.Simulator> =>
  Simulator.layer({ seed: "turkeysms", ...options, providers: { ...options.providers, turkeysms } })

/** A client for the simulator in context. Rate limiting is off unless asked for. */
export const client = (
  options: Partial<TurkeySms.Options> = {}
): Layer.Layer<TurkeySms.TurkeySmsClient, never, Simulator.Simulator> =>
  Layer.unwrap(
    Effect.map(Effect.service(Simulator.Simulator), (sim) =>
      NodeTurkeySms.layer({
        apiKey: Redacted.make(Demo.apiKey),
        baseUrl: `${sim.origin}/turkeysms`,
        rateLimit: false,
        ...options
      })
    )
    // A configuration the client refuses is a bug in the test: it dies.
  ).pipe(Layer.orDie)

/** The simulator and a client for it. */
export const env = (
  turkeysms: TurkeySmsModule.Options = {},
  clientOptions: Partial<TurkeySms.Options> = {},
  options: Simulator.Options = {}
) => client(clientOptions).pipe(Layer.provideMerge(simulator(turkeysms, options)))

/** The TurkeySMS control handle of the simulator in context. */
export const control = Effect.map(Effect.service(Simulator.Simulator), (sim) => sim.control(TurkeySmsModule.module))

/** The requests the simulator logged for TurkeySMS routes. */
export const requests: Effect.Effect<
  ReadonlyArray<Simulator.RequestLogEntry>,
  never,
  Simulator.Simulator
> = Effect.flatMap(Effect.service(Simulator.Simulator), (sim) =>
  Effect.map(sim.requests, (log) => log.filter((e) => e.route.startsWith("turkeysms/")))
)

/** An account with the EFFECTSMS sender. */
export const account = (apiKey: string, extra: Partial<Model.AccountOptions> = {}): Model.AccountOptions => ({
  apiKey,
  senders: ["EFFECTSMS"],
  balance: { sms: 100_000 },
  ...extra
})

/** Waits on the real clock until `done` holds, polling every few milliseconds (at most 10 s). */
export const until = (done: Effect.Effect<boolean, never, any>) =>
  Effect.gen(function* () {
    for (let i = 0; i < 2000; i++) {
      if (yield* done) return
      yield* TestClock.withLive(Effect.sleep("5 millis"))
    }
    return yield* Effect.die(new Error("timed out waiting"))
  })

/** Requests the stepped client started, and answers it received. */
export class Counts extends Context.Service<Counts, { started: number; answered: number }>()("test/turkeysms/Counts") {}

/**
 * A client (for the TestClock) whose requests set the simulator's clock to the client's clock as they leave, so a
 * request is logged at the instant the client wrote it, and that counts requests started and answered.
 */
export const steppedClient = (apiKey: string, options: Partial<TurkeySms.Options>) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const counts = { started: 0, answered: 0 }
      const http = HttpClient.transform(
        HttpClient.tapRequest(yield* Effect.service(HttpClient.HttpClient), () =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => {
            counts.started++
            return sim.clock.set(now)
          })
        ),
        (response) =>
          Effect.ensuring(
            response,
            Effect.sync(() => counts.answered++)
          )
      )
      return Layer.merge(
        TurkeySms.layer({
          apiKey: Redacted.make(apiKey),
          baseUrl: `${sim.origin}/turkeysms`,
          ...options
        }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, http))),
        Layer.succeed(Counts, counts)
      )
    })
  ).pipe(Layer.provide(NodeSms.layerHttpClient))

/** Whether the stepped client is idle: nothing started for a moment of real time, every request answered. */
export const settled = Effect.flatMap(Effect.service(Counts), (c) => {
  const before = c.started
  return Effect.map(
    TestClock.withLive(Effect.sleep("15 millis")),
    () => c.started === before && c.answered === c.started
  )
})
