/**
 * Receive iletiMerkezi delivery reports. The route answers each POST at once and drops repeated (id, status)
 * reports; the application reads them as a Stream.
 *
 *   node examples/webhook-server.ts 3000
 */

import { createServer } from "node:http"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { WebhookRoute } from "@effect-sms/node-runtime"
import { Console, Effect, Layer, Stream } from "effect"
import { HttpRouter } from "effect/http"

const port = Number(process.argv[2] ?? 3000)

const program = Effect.gen(function* () {
  const receiver = yield* WebhookRoute.make({ path: "/webhooks/iletimerkezi" })
  // Serve the route in the background, for as long as the program runs.
  yield* Layer.launch(
    HttpRouter.serve(receiver.route).pipe(
      Layer.provide(NodeHttpServer.layer(createServer, { port, host: "127.0.0.1" }))
    )
  ).pipe(Effect.forkScoped)
  yield* Console.log(`listening on http://127.0.0.1:${port}/webhooks/iletimerkezi`)
  yield* receiver.reports.pipe(
    Stream.runForEach((report) => Console.log(`order ${report.packetId}: ${report.to} ${report.status}`))
  )
})

program.pipe(Effect.scoped, NodeRuntime.runMain)
