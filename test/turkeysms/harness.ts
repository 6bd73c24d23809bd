/**
 * TurkeySMS test harness: the simulator (its TurkeySMS module mounted under `/turkeysms`) on 127.0.0.1 and a client
 * talking to it over real HTTP through undici.
 */
import type { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeTurkeySms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { type Model, TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Effect, Layer, Redacted } from "effect"

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
  )

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
