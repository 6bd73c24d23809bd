/**
 * Send one SMS, and schedule another. Credentials come from the environment:
 * ILETIMERKEZI_API_KEY plus ILETIMERKEZI_API_HASH or ILETIMERKEZI_API_SECRET (and ILETIMERKEZI_BASE_URL to point
 * at the simulator).
 *
 *   node examples/send.ts
 */

import { NodeRuntime } from "@effect/platform-node"
import { IletiMerkezi } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Console, DateTime, Effect } from "effect"

const program = Effect.gen(function* () {
  const sms = yield* IletiMerkezi.IletiMerkeziClient

  // One text to several recipients. Numbers are normalised (+90 5xx…, 05xx…, 5xx…) before anything is sent.
  const sent = yield* sms.sendSms({
    sender: "EFFECTSMS",
    text: "Randevunuz yarın 14:30'da. İptal için 0850 000 00 00.",
    to: ["+90 532 111 22 33", "0533 444 55 66"],
    iys: 0 // informational, not commercial
  })
  yield* Console.log(`order ${sent.orderId}`)

  // A commercial message, scheduled: it goes on the wire as dd/MM/yyyy HH:mm in Turkey time.
  const later = yield* sms.sendSms({
    sender: "EFFECTSMS",
    text: "Bu hafta sonu tüm ürünlerde %20 indirim!",
    to: "905321112233",
    iys: 1,
    iysList: "BIREYSEL",
    sendAt: DateTime.add(yield* DateTime.now, { hours: 2 })
  })
  yield* Console.log(`scheduled order ${later.orderId}`)
}).pipe(
  // Each failure is a tagged error in the type: handle the ones you care about.
  Effect.catchTag("InvalidInput", (e) => Console.error(`not sent: ${e.field}: ${e.message}`)),
  Effect.catchTag("SenderNotApproved", (e) => Console.error(`sender not approved: ${e.message}`))
)

program.pipe(Effect.provide(NodeSms.layerConfig()), NodeRuntime.runMain)
