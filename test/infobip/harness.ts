/**
 * Test harness for Infobip: the simulator on 127.0.0.1 with its Infobip module, and a client talking to it over real
 * HTTP through undici.
 */
import { Auth, Infobip } from "@effect-sms/core/infobip"
import { NodeInfobip } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { Effect, Layer, Redacted } from "effect"

/** A fixed instant for controlled-clock tests. */
export const T0 = Date.parse("2026-05-01T09:00:00Z")

const demo = InfobipSimulator.DemoAccount
export const apiKey = Redacted.make(demo.apiKeys[0]!)
export const demoUser: { readonly username: string; readonly password: string } = demo.users[0]!
export const demoClient: { readonly clientId: string; readonly clientSecret: string } = demo.clients[0]!

/** The Infobip base URL of the simulator in context. */
export const baseUrl = Effect.map(Effect.service(Simulator.Simulator), (sim) => `${sim.origin}/infobip`)

/** The simulator's Infobip control handle. */
export const control = Effect.map(Effect.service(Simulator.Simulator), (sim) => sim.control(InfobipSimulator.module))

/** A client for the simulator in context: App key, no client-side rate limit, no wait before a reconciliation. */
export const clientFor = (
  options: Partial<Infobip.Options> = {}
): Layer.Layer<Infobip.InfobipClient, never, Simulator.Simulator> =>
  Layer.unwrap(
    Effect.map(baseUrl, (url) =>
      NodeInfobip.layer({
        baseUrl: url,
        auth: Auth.app(apiKey),
        rateLimit: false,
        reconcile: { delay: 0 },
        ...options
      })
    )
    // A configuration the client refuses is a bug in the test: it dies.
  ).pipe(Layer.orDie)

/** The simulator (controlled clock at T0 unless told otherwise) and a client for it. */
export const withSimulator = (
  simulator: Simulator.Options = {},
  client: Partial<Infobip.Options> = {}
): Layer.Layer<Infobip.InfobipClient | Simulator.Simulator> =>
  clientFor(client).pipe(Layer.provideMerge(Simulator.layer({ seed: "infobip", clock: { start: T0 }, ...simulator })))

export const client = Effect.service(Infobip.InfobipClient)
