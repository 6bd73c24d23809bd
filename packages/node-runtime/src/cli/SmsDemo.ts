/**
 * The demo's second part: one `Sms` service over iletiMerkezi, TurkeySMS and Infobip on the embedded simulator. A
 * campaign is routed across them (Turkish mobiles to a Turkish provider, numbers abroad to Infobip), then iletiMerkezi
 * starts answering 503: its circuit breaker opens and TurkeySMS takes over. The simulators' own counts prove that no
 * message went out twice.
 *
 * @since 0.1.0
 */
import { Retry, Sms, type SmsProvider } from "@effect-sms/core"
import { Auth } from "@effect-sms/core/infobip"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Console, Effect, Layer, Redacted, References, Stream } from "effect"
import { CircuitBreaker } from "effect/persistence"
import * as NodeInfobip from "../NodeInfobip.ts"
import * as NodeSms from "../NodeSms.ts"
import * as NodeTurkeySms from "../NodeTurkeySms.ts"
import { formatEstimates } from "./SmsCli.ts"

const adapter = <C, R>(client: Layer.Layer<C>, build: Effect.Effect<SmsProvider.Adapter, never, R>) =>
  Effect.flatMap(Layer.build(client), (ctx) => Effect.provide(build, ctx)) as Effect.Effect<SmsProvider.Adapter>

/** Distinct recipients: Turkish mobiles `+90533 7xx xx xx` and UK mobiles `+44 7700 9xxxxx`. */
const turkish = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => `+905337${String(from + i).padStart(6, "0")}`)
const abroad = (n: number, from: number) =>
  Array.from({ length: n }, (_, i) => `+4477009${String(from + i).padStart(5, "0")}`)

/**
 * Runs the part against the simulator in context.
 *
 * @since 0.1.0
 */
export const run: Effect.Effect<void, unknown, Simulator.Simulator> = Effect.gen(function* () {
  const sim = yield* Simulator.Simulator
  yield* Console.log("\none Sms service over iletiMerkezi, TurkeySMS and Infobip (same embedded simulator)")
  const route = Sms.Route.byCountry({
    turkish: Sms.Route.fixed("iletimerkezi", "turkeysms", "infobip"),
    international: Sms.Route.fixed("infobip")
  })
  const prices = {
    iletimerkezi: { currency: "TRY", turkish: 0.19 },
    turkeysms: { currency: "TRY", turkish: 0.21 },
    infobip: { currency: "TRY", turkish: 0.62, international: 1.9 }
  }
  // Behind a chain, a 503 moves on after one quick retry instead of backing off for seconds.
  const quick = Retry.make({ maxAttempts: 2, base: "20 millis", cap: "50 millis" })
  const sms = yield* Sms.make({
    providers: [
      adapter(
        NodeSms.layer({
          apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
          apiSecret: Redacted.make(Simulator.DemoAccount.apiSecret),
          baseUrl: sim.url,
          rateLimit: false
        }).pipe(Layer.orDie),
        Sms.iletiMerkezi({ retry: quick })
      ),
      adapter(
        NodeTurkeySms.layer({
          apiKey: Redacted.make(TurkeySmsModule.DemoAccount.apiKey),
          baseUrl: `${sim.origin}/turkeysms`,
          rateLimit: false
        }).pipe(Layer.orDie),
        Sms.turkeySms({ retry: quick })
      ),
      adapter(
        NodeInfobip.layer({
          baseUrl: `${sim.origin}/infobip`,
          auth: Auth.app(Redacted.make(InfobipSimulator.DemoAccount.apiKeys[0]!)),
          rateLimit: false
        }).pipe(Layer.orDie),
        Sms.infobip({ retry: quick, pullReports: false })
      )
    ],
    route,
    prices,
    breaker: { tripPolicy: CircuitBreaker.consecutive(3), openDuration: "1 minute" }
  })
  yield* sms.transitions.pipe(
    Stream.runForEach((t) => Console.log(`  breaker ${t.key}: ${t.from} → ${t.to}`)),
    Effect.forkScoped({ startImmediately: true })
  )

  const text = "Kargonuz yola çıktı. Takip: https://example.test/k/8F2Q"
  const campaign = [...turkish(32, 0), ...abroad(8, 0)]
  yield* Console.log(`route: Turkish mobiles iletimerkezi → turkeysms → infobip; abroad infobip\n`)
  yield* Console.log(formatEstimates(yield* sms.estimate({ sender: "EFFECTSMS", text, to: campaign })))

  const receipts: Array<Sms.SendReceipt> = []
  const first = yield* sms.send({ sender: "EFFECTSMS", text, to: campaign })
  receipts.push(first)
  yield* Console.log(`\ncampaign of ${campaign.length} recipients, split ${first.parts.length} ways:`)
  for (const p of first.parts) {
    yield* Console.log(`  ${p.provider.padEnd(12)} ${String(p.recipients.length).padStart(3)} recipients`)
  }

  yield* Console.log("\niletiMerkezi starts answering 503 …")
  yield* sim.setFaults({ "send-sms": { probability: 1, kinds: ["503"] } })
  const second = turkish(12, 100)
  for (const to of second) {
    const receipt = yield* sms.send({ sender: "EFFECTSMS", text: "Randevunuz yarın 10:00'da.", to })
    receipts.push(receipt)
    const part = receipt.parts[0]!
    const hops = part.hops.map((h) => `after ${h.from}: ${h.reason}`).join(", ")
    yield* Console.log(`  ${to} → ${part.provider}${hops === "" ? "" : ` (${hops})`}`)
  }
  yield* sim.setFaults({})

  // What the simulators hold, by recipient: every message of this part exactly once, across the three providers.
  const mine = new Set([...campaign, ...second])
  const held = new Map<string, Array<string>>()
  const hold = (provider: string, numbers: ReadonlyArray<string>) => {
    for (const n of numbers) {
      const e164 = `+${n.replace(/\D/g, "")}`
      if (mine.has(e164)) held.set(e164, [...(held.get(e164) ?? []), provider])
    }
  }
  hold(
    "iletimerkezi",
    (yield* sim.orders(Simulator.DemoAccount.apiKey)).flatMap((o) => o.numbers)
  )
  hold(
    "turkeysms",
    sim
      .control(TurkeySmsModule.module)
      .messages(TurkeySmsModule.DemoAccount.apiKey)
      .map((m) => m.number)
  )
  hold(
    "infobip",
    sim
      .control(InfobipSimulator.module)
      .messages()
      .map((m) => m.to)
  )
  const byProvider = new Map<string, number>()
  for (const list of held.values()) for (const p of list) byProvider.set(p, (byProvider.get(p) ?? 0) + 1)
  const twice = [...held.values()].filter((l) => l.length > 1).length
  const missing = [...mine].filter((r) => !held.has(r)).length

  yield* sim.clock.advance("2 minutes")
  const statuses = (yield* Effect.forEach(receipts, sms.status)).flat()
  const delivered = statuses.filter((s) => s.status === "delivered").length
  const balances = yield* sms.balance

  yield* Console.log(
    [
      "",
      "at the simulators",
      ...["iletimerkezi", "turkeysms", "infobip"].map((p) => `  ${p.padEnd(16)}${byProvider.get(p) ?? 0} messages`),
      `  sent twice      ${twice}`,
      `  missing         ${missing}`,
      `  delivered       ${delivered} of ${statuses.length} (the rest undelivered: the simulators' seeded share)`,
      ...balances.map((b) =>
        "balance" in b
          ? `  balance ${b.provider.padEnd(13)}${[
              b.balance.amount === undefined ? undefined : `${b.balance.amount.toFixed(2)} ${b.balance.currency ?? ""}`,
              b.balance.credits === undefined ? undefined : `${b.balance.credits} SMS`
            ]
              .filter((x) => x !== undefined)
              .join(", ")}`
          : `  balance ${b.provider.padEnd(13)}unavailable (${b.error._tag})`
      )
    ].join("\n")
  )
}).pipe(
  Effect.scoped,
  // The breaker's transitions are printed above; the service's own log lines would repeat each hop.
  Effect.provideService(References.MinimumLogLevel, "Error")
)
