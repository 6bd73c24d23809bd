/**
 * The providers the `Sms` conformance suite runs against, each on its own simulator over real HTTP on 127.0.0.1, and
 * the one place where each provider's unsupported behaviours are declared (with the reason).
 */

import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { type IletiMerkezi, Retry, Sms } from "@effect-sms/core"
import { Auth, type Infobip } from "@effect-sms/core/infobip"
import type { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeInfobip, NodeSms, NodeTurkeySms, TurkeySmsWebhookRoute, WebhookRoute } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Context, type Duration, Effect, Layer, Redacted } from "effect"
import { HttpRouter, HttpServer } from "effect/http"

/**
 * The behaviours of the conformance suite.
 */
export type Behaviour =
  | "send"
  | "schedule"
  | "status"
  | "watch"
  | "balance"
  | "validation"
  | "deliveryReports"
  | "commercial"
  | "insufficientBalance"
  | "authentication"
  | "retry503"
  | "resetBeforeProcessing"
  | "resetAfterProcessing"

/**
 * What a test needs from a provider's simulator, whatever the provider.
 */
export interface Handle {
  /** The provider id in receipts. */
  readonly provider: string
  /** A sender ID the simulator account has approved. */
  readonly sender: string
  /** Every message the simulator accepted, by recipient (E.164), in order. */
  readonly accepted: Effect.Effect<ReadonlyArray<string>>
  /** Requests that reached the send route. */
  readonly sendRequests: Effect.Effect<number>
  /** Every request the simulator saw. */
  readonly requests: Effect.Effect<number>
  /** The next sends meet these faults, one per request, then succeed. */
  readonly faultSends: (script: ReadonlyArray<"503" | "reset-before" | "reset-after" | "ok">) => Effect.Effect<void>
  /** Send faults with a probability, from a seed. */
  readonly faultSendsRandomly: (probability: number, seed: string) => Effect.Effect<void>
  /** Moves the simulator's clock. */
  readonly advance: (duration: Duration.Input) => Effect.Effect<void>
  /** Leaves the account without credit. */
  readonly emptyBalance: Effect.Effect<void>
}

/**
 * The control handle of the simulator behind the `Sms` service under test.
 */
export class SmsTarget extends Context.Service<SmsTarget, Handle>()("test/SmsTarget") {}

/**
 * A provider the suite runs against.
 */
export interface Target {
  readonly name: string
  /**
   * Behaviours the provider cannot offer, and why. The suite checks that each is really refused (the adapter does not
   * claim the capability) or lists it as skipped with this reason; nothing is skipped silently.
   */
  readonly unsupported: Partial<Record<Behaviour, string>>
  /** The simulator, its handle and an `Sms` service over this provider alone. */
  readonly layer: (options?: { readonly badCredentials?: boolean | undefined }) => Layer.Layer<Sms.Sms | SmsTarget>
}

const e164 = (n: string) => `+${n.replace(/\D/g, "")}`

// ---------------------------------------------------------------------------------------------------------------------
// iletiMerkezi
// ---------------------------------------------------------------------------------------------------------------------

export const iletiHandle = (sim: Simulator.Simulator["Service"], provider: string): Handle => ({
  provider,
  sender: "EFFECTSMS",
  accepted: Effect.map(sim.orders(Simulator.DemoAccount.apiKey), (orders) =>
    orders.flatMap((o) => o.numbers.map(e164))
  ),
  sendRequests: sim.requestCount("send-sms"),
  requests: sim.requestCount(),
  faultSends: (script) => sim.setFaults({ "send-sms": script }),
  faultSendsRandomly: (probability) =>
    sim.setFaults({ "send-sms": { probability, kinds: ["503", "reset-before", "reset-after"] } }),
  advance: (d) => sim.clock.advance(d),
  emptyBalance: sim.updateAccount(Simulator.DemoAccount.apiKey, { balance: { amount: 0, sms: 0 } })
})

export const iletiClient = (
  sim: Simulator.Simulator["Service"],
  badCredentials: boolean
): Layer.Layer<IletiMerkezi.IletiMerkeziClient> =>
  NodeSms.layer({
    apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
    apiSecret: Redacted.make(badCredentials ? "wrong-secret" : Simulator.DemoAccount.apiSecret),
    baseUrl: sim.url,
    rateLimit: false,
    // Fast backoff: the simulator answers 503 with Retry-After 0.
    retry: Retry.make({ base: "10 millis", cap: "50 millis" })
  }).pipe(Layer.orDie)

export const iletiMerkezi: Target = {
  name: "iletimerkezi",
  unsupported: {},
  layer: (options) =>
    Layer.unwrap(
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = iletiClient(sim, options?.badCredentials ?? false)
        // Delivery reports: the simulator POSTs them to a webhook route served on 127.0.0.1.
        const receiver = yield* WebhookRoute.make({ path: "/hooks/iletimerkezi" })
        const server = yield* Layer.build(
          HttpRouter.serve(receiver.route, { disableLogger: true }).pipe(
            Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
          )
        ).pipe(Effect.orDie)
        const address = Context.get(server, HttpServer.HttpServer).address
        yield* sim.updateAccount(Simulator.DemoAccount.apiKey, {
          webhookUrl: `${HttpServer.formatAddress(address)}/hooks/iletimerkezi`
        })
        return Layer.mergeAll(
          Sms.layer({ providers: [Sms.iletiMerkezi({ reports: receiver.reports })] }).pipe(Layer.provide(client)),
          Layer.succeed(SmsTarget, iletiHandle(sim, "iletimerkezi"))
        )
      })
    ).pipe(Layer.provide(Simulator.layer({ seed: "conformance" })))
}

// ---------------------------------------------------------------------------------------------------------------------
// Infobip
// ---------------------------------------------------------------------------------------------------------------------

const infobipSend = "infobip/sms/3/messages"

export const infobipHandle = (sim: Simulator.Simulator["Service"], provider = "infobip"): Handle => {
  const control = sim.control(InfobipSimulator.module)
  return {
    provider,
    sender: "EFFECTSMS",
    accepted: Effect.sync(() =>
      control
        .messages()
        .filter((m) => m.rejected === undefined)
        .map((m) => e164(m.to))
    ),
    sendRequests: sim.requestCount(infobipSend),
    requests: sim.requestCount(),
    faultSends: (script) => sim.setFaults({ [infobipSend]: script }),
    faultSendsRandomly: (probability) =>
      sim.setFaults({ [infobipSend]: { probability, kinds: ["503", "reset-before", "reset-after"] } }),
    advance: (d) => sim.clock.advance(d),
    emptyBalance: Effect.sync(() => {
      for (const a of control.state.accounts) a.balance = 0
    })
  }
}

export const infobipClient = (
  sim: Simulator.Simulator["Service"],
  badCredentials: boolean
): Layer.Layer<Infobip.InfobipClient> =>
  NodeInfobip.layer({
    baseUrl: `${sim.origin}/infobip`,
    auth: Auth.app(Redacted.make(badCredentials ? "not-a-key" : InfobipSimulator.DemoAccount.apiKeys[0]!)),
    rateLimit: false,
    reconcile: { delay: 0 },
    retry: Retry.make({ base: "10 millis", cap: "50 millis" })
  }).pipe(Layer.orDie)

export const infobip: Target = {
  name: "infobip",
  unsupported: {},
  layer: (options) =>
    Layer.unwrap(
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        return Layer.mergeAll(
          Sms.layer({ providers: [Sms.infobip({ iysBrandCode: 696422 })] }).pipe(
            Layer.provide(infobipClient(sim, options?.badCredentials ?? false))
          ),
          Layer.succeed(SmsTarget, infobipHandle(sim))
        )
      })
    ).pipe(Layer.provide(Simulator.layer({ seed: "conformance" })))
}

// ---------------------------------------------------------------------------------------------------------------------
// TurkeySMS
// ---------------------------------------------------------------------------------------------------------------------

const turkeySmsSend = "turkeysms/sms/send"
const turkeySmsKey = TurkeySmsModule.DemoAccount.apiKey

export const turkeySmsHandle = (sim: Simulator.Simulator["Service"], provider = "turkeysms"): Handle => {
  const control = sim.control(TurkeySmsModule.module)
  return {
    provider,
    sender: "EFFECTSMS",
    accepted: Effect.sync(() => control.messages(turkeySmsKey).map((m) => e164(m.number))),
    sendRequests: sim.requestCount(turkeySmsSend),
    requests: sim.requestCount(),
    faultSends: (script) => sim.setFaults({ [turkeySmsSend]: script }),
    faultSendsRandomly: (probability) =>
      sim.setFaults({ [turkeySmsSend]: { probability, kinds: ["503", "reset-before", "reset-after"] } }),
    advance: (d) => sim.clock.advance(d),
    emptyBalance: Effect.sync(() => {
      control.account(turkeySmsKey).sms = 0
    })
  }
}

export const turkeySmsClient = (
  sim: Simulator.Simulator["Service"],
  badCredentials: boolean,
  api: "v4" | "v3" = "v4"
): Layer.Layer<TurkeySms.TurkeySmsClient> =>
  NodeTurkeySms.layer({
    apiKey: Redacted.make(badCredentials ? "ts-not-a-key" : turkeySmsKey),
    baseUrl: `${sim.origin}/turkeysms`,
    api,
    rateLimit: false,
    retry: Retry.make({ base: "10 millis", cap: "50 millis" })
  }).pipe(Layer.orDie)

export const turkeySms: Target = {
  name: "turkeysms",
  unsupported: {
    commercial: "TurkeySMS documents no İYS check, so commercial Turkish messages must go to a provider that has one"
  },
  layer: (options) =>
    Layer.unwrap(
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        // Signed webhooks to a route on 127.0.0.1. The simulator's clock runs ahead of ours once a test advances
        // it, so the replay window is wide here; its own tests check the 5-minute default.
        const secret = "conformance-webhook-secret"
        const receiver = yield* TurkeySmsWebhookRoute.make({
          secret: Redacted.make(secret),
          path: "/hooks/turkeysms",
          tolerance: "1 day"
        })
        const server = yield* Layer.build(
          HttpRouter.serve(receiver.route, { disableLogger: true }).pipe(
            Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
          )
        ).pipe(Effect.orDie)
        const address = Context.get(server, HttpServer.HttpServer).address
        sim.control(TurkeySmsModule.module).account(turkeySmsKey).webhook = {
          url: `${HttpServer.formatAddress(address)}/hooks/turkeysms`,
          secret
        }
        return Layer.mergeAll(
          Sms.layer({ providers: [Sms.turkeySms({ events: receiver.events })] }).pipe(
            Layer.provide(turkeySmsClient(sim, options?.badCredentials ?? false))
          ),
          Layer.succeed(SmsTarget, turkeySmsHandle(sim))
        )
      })
    ).pipe(Layer.provide(Simulator.layer({ seed: "conformance" })))
}

/**
 * TurkeySMS's older v3 API: no schedule, no webhooks, and no dedupe, so an ambiguous send cannot be settled.
 */
export const turkeySmsV3: Target = {
  name: "turkeysms (v3 API)",
  unsupported: {
    schedule: "the v3 API documents no schedule",
    deliveryReports: "the v3 API has no webhooks",
    commercial: turkeySms.unsupported.commercial!,
    resetBeforeProcessing: "v3 documents no dedupe, so an ambiguous send is never resent: it is reported unknown",
    resetAfterProcessing: "v3 documents no dedupe, so an ambiguous send is never resent: it is reported unknown"
  },
  layer: (options) =>
    Layer.unwrap(
      Effect.map(Effect.service(Simulator.Simulator), (sim) => {
        // v3's routes are named under turkeysms/v3/, and its many-numbers send is a route of its own: faults go to both.
        const handle = turkeySmsHandle(sim)
        return Layer.mergeAll(
          Sms.layer({ providers: [Sms.turkeySms()] }).pipe(
            Layer.provide(turkeySmsClient(sim, options?.badCredentials ?? false, "v3"))
          ),
          Layer.succeed(SmsTarget, {
            ...handle,
            sendRequests: Effect.zipWith(
              sim.requestCount("turkeysms/v3/sms/send"),
              sim.requestCount("turkeysms/v3/sms/send-many"),
              (a, b) => a + b
            ),
            faultSends: (script) =>
              sim.setFaults({ "turkeysms/v3/sms/send": script, "turkeysms/v3/sms/send-many": script })
          })
        )
      })
    ).pipe(Layer.provide(Simulator.layer({ seed: "conformance" })))
}

/**
 * Every provider the suite runs against.
 */
export const targets: ReadonlyArray<Target> = [iletiMerkezi, turkeySms, turkeySmsV3, infobip]
