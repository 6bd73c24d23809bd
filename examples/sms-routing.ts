/**
 * One message to Turkish and foreign numbers through the provider-neutral `Sms` service: Turkish mobiles go to
 * iletiMerkezi (TurkeySMS, then Infobip, if it is down), the rest to Infobip. Each provider reads its own settings
 * from the environment (ILETIMERKEZI_*, TURKEYSMS_*, INFOBIP_*; their *_BASE_URL point at the simulator).
 *
 *   node examples/sms-routing.ts
 */

import { NodeRuntime } from "@effect/platform-node"
import { Sms } from "@effect-sms/core"
import { NodeInfobip, NodeSms, NodeTurkeySms } from "@effect-sms/node-runtime"
import { Console, Effect, Layer } from "effect"

const SmsLive = Sms.layer({
  providers: [Sms.iletiMerkezi(), Sms.turkeySms(), Sms.infobip()],
  route: Sms.Route.byCountry({
    turkish: Sms.Route.fixed("iletimerkezi", "turkeysms", "infobip"),
    international: Sms.Route.fixed("infobip")
  })
}).pipe(Layer.provide(Layer.mergeAll(NodeSms.layerConfig(), NodeTurkeySms.layerConfig(), NodeInfobip.layerConfig())))

const program = Effect.gen(function* () {
  const sms = yield* Sms.Sms
  const message = { sender: "EFFECTSMS", text: "Siparişiniz yola çıktı.", to: ["0532 111 22 33", "+44 7911 123456"] }

  // Before sending: what each provider would make of it.
  for (const e of yield* sms.estimate(message)) {
    yield* Console.log(`estimate ${e.provider}: ${e.encoding}, ${e.segments} segment(s), ${e.recipients} recipient(s)`)
  }

  const receipt = yield* sms.send(message)
  for (const part of receipt.parts) {
    yield* Console.log(`sent ${part.provider}: ${part.recipients.join(", ")}`)
  }
  for (const s of yield* sms.status(receipt)) {
    yield* Console.log(`status ${s.recipient}: ${s.status} (${s.provider} says ${s.raw})`)
  }
}).pipe(
  // An unknown outcome is never retried elsewhere: check the provider before sending again.
  Effect.catchTag("SendOutcomeUnknown", (e) => Console.error(`check ${e.provider} before resending: ${e.message}`)),
  Effect.catchTag("FailoverExhausted", (e) => Console.error(`no provider took it: ${e.message}`))
)

program.pipe(Effect.provide(SmsLive), NodeRuntime.runMain)
