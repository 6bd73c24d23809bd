/**
 * Test harness: the simulator on 127.0.0.1 and a client talking to it over real HTTP through undici.
 */
import { type IletiMerkezi, TurkeyTime } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer, Redacted } from "effect"

/** The demo account's credentials, as a client takes them. */
export const credentials = {
  apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
  apiSecret: Redacted.make(Simulator.DemoAccount.apiSecret)
} as const

/**
 * A client layer for the simulator in context. Rate limiting is off unless asked for, so tests run fast. A
 * configuration the client refuses is a bug in the test: it dies.
 */
export const clientFor = (
  options: Partial<Omit<IletiMerkezi.Options, "apiKey" | "apiHash" | "apiSecret">> & {
    readonly apiKey?: Redacted.Redacted<string>
    readonly apiHash?: Redacted.Redacted<string>
    readonly apiSecret?: Redacted.Redacted<string>
  } = {}
): Layer.Layer<IletiMerkezi.IletiMerkeziClient, never, Simulator.Simulator> =>
  Layer.unwrap(
    Effect.map(Effect.service(Simulator.Simulator), (sim) =>
      NodeSms.layer({
        ...(options.apiHash === undefined
          ? { apiKey: options.apiKey ?? credentials.apiKey, apiSecret: options.apiSecret ?? credentials.apiSecret }
          : { apiKey: options.apiKey ?? credentials.apiKey, apiHash: options.apiHash }),
        baseUrl: sim.url,
        rateLimit: false,
        ...options
      } as IletiMerkezi.Options)
    )
  ).pipe(Layer.orDie)

/** The simulator and a client for it. */
export const withSimulator = (
  simulator: Simulator.Options = {},
  client: Parameters<typeof clientFor>[0] = {}
): Layer.Layer<IletiMerkezi.IletiMerkeziClient | Simulator.Simulator> =>
  clientFor(client).pipe(Layer.provideMerge(Simulator.layer(simulator)))

/** A fixed instant for controlled-clock tests: 2026-04-29 10:00 in Turkey. */
export const T0 = Date.parse("2026-04-29T07:00:00Z")

/** A Y-m-d in Turkey time, `days` from today. */
export const turkeyDay = (days: number): string => TurkeyTime.formatDate(Date.now(), days)

/** A simulator account with a derived secret and the EFFECTSMS sender, for tests that need accounts of their own. */
export const account = (
  apiKey: string,
  extra: Partial<Simulator.AccountOptions> = {}
): Simulator.AccountOptions & { readonly apiSecret: string } => ({
  apiKey,
  senders: ["EFFECTSMS"],
  ...extra,
  apiSecret: `secret-for-${apiKey}`
})
