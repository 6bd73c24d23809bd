/**
 * The same client over iletiMerkezi's XML API: POST /v1/<method> with an XML body. Results and errors are the same
 * typed values as over JSON; get-reports and İYS, which are documented only in JSON, still go over JSON.
 *
 *   ILETIMERKEZI_FORMAT=xml node examples/xml-transport.ts
 */

import { NodeRuntime } from "@effect/platform-node"
import { IletiMerkezi } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Console, Effect, Stream } from "effect"

const program = Effect.gen(function* () {
  const sms = yield* IletiMerkezi.IletiMerkeziClient
  yield* Console.log(`format: ${sms.format}`)
  const { orderId } = yield* sms.sendSms({
    sender: "EFFECTSMS",
    text: "XML ile merhaba <&>",
    to: "905321112233",
    iys: 0
  })
  // Report rows stream page by page.
  const rows = yield* sms.reportMessages(orderId).pipe(Stream.runCollect)
  yield* Console.log(`order ${orderId}: ${rows.length} recipients`)
})

program.pipe(Effect.provide(NodeSms.layerConfig({ format: "xml" })), NodeRuntime.runMain)
