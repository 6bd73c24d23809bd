/**
 * The webhook route under hostile traffic, over real HTTP on loopback: it reads only JSON, only up to its body limit
 * (declared or streamed), and what it refuses never reaches the application's stream.
 */
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkeziWebhook } from "@effect-sms/core"
import { WebhookRoute } from "@effect-sms/node-runtime"
import { Context, Effect, Layer, Stream } from "effect"
import { HttpRouter, HttpServer } from "effect/http"

const report = IletiMerkeziWebhook.encode(
  new IletiMerkeziWebhook.Report({
    id: "5001",
    packetId: "316600001",
    status: "delivered",
    to: "+905321112233",
    body: "Merhaba"
  })
)

/** A receiver served on an ephemeral port: its URL, and the receiver. */
const serve = (options: WebhookRoute.Options) =>
  Effect.gen(function* () {
    const receiver = yield* WebhookRoute.make({ path: "/hook", ...options })
    const server = yield* Layer.build(
      HttpRouter.serve(receiver.route, { disableLogger: true }).pipe(
        Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
      )
    )
    const url = `${HttpServer.formatAddress(Context.get(server, HttpServer.HttpServer).address)}/hook`
    return { url, receiver }
  })

const post = (url: string, init: RequestInit) =>
  Effect.promise(async () => {
    const response = await fetch(url, { method: "POST", ...init })
    return { status: response.status, text: await response.text() }
  })

/** A body sent in chunks with no Content-Length, as a stream. */
const chunked = (chunk: string, count: number): RequestInit => {
  const bytes = new TextEncoder().encode(chunk)
  let sent = 0
  return {
    body: new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < count) controller.enqueue(bytes)
        else controller.close()
      }
    }),
    duplex: "half"
  } as RequestInit
}

describe("WebhookRoute", () => {
  it.live("refuses a body that is not declared as JSON (415), and accepts application/json with a charset", () =>
    Effect.gen(function* () {
      const { url, receiver } = yield* serve({})
      const body = JSON.stringify(report)
      const plain = yield* post(url, { headers: { "content-type": "text/plain" }, body })
      assert.strictEqual(plain.status, 415)
      const form = yield* post(url, { headers: { "content-type": "application/x-www-form-urlencoded" }, body })
      assert.strictEqual(form.status, 415)
      const lookalike = yield* post(url, { headers: { "content-type": "application/jsonx" }, body })
      assert.strictEqual(lookalike.status, 415)
      const ok = yield* post(url, { headers: { "content-type": "application/json; charset=utf-8" }, body })
      assert.strictEqual(ok.status, 200)
      const next = { report: { ...report.report, id: "5002" } }
      const ok2 = yield* post(url, { headers: { "content-type": "application/json" }, body: JSON.stringify(next) })
      assert.strictEqual(ok2.status, 200)
      // Only the accepted POSTs reached the stream, in order: the refused ones (same report) left nothing in between.
      const reports = yield* receiver.reports.pipe(Stream.take(2), Stream.runCollect)
      assert.deepStrictEqual(
        reports.map((r) => r.id),
        ["5001", "5002"]
      )
      assert.strictEqual(yield* receiver.duplicates, 0)
    }).pipe(Effect.scoped)
  )

  it.live("answers 413 to a body over the limit, declared by Content-Length or streamed without one", () =>
    Effect.gen(function* () {
      const { url, receiver } = yield* serve({ maxBodySize: 1024 })
      const json = { "content-type": "application/json" }
      // Declared: refused on the header, before the body is read.
      const declared = yield* post(url, { headers: json, body: `{"pad":"${"x".repeat(4096)}"}` })
      assert.strictEqual(declared.status, 413)
      // Streamed: 64 chunks of 1 KiB with no Content-Length, refused once the limit is passed.
      const streamed = yield* post(url, { headers: json, ...chunked(`${"x".repeat(1023)} `, 64) })
      assert.strictEqual(streamed.status, 413)
      // Just under the limit is read and judged on its content.
      const small = yield* post(url, { headers: json, body: JSON.stringify(report) })
      assert.strictEqual(small.status, 200)
      assert.strictEqual(yield* receiver.duplicates, 0)
    }).pipe(Effect.scoped)
  )

  it.live("the default limit (64 KiB) refuses a large streamed POST", () =>
    Effect.gen(function* () {
      const { url } = yield* serve({})
      // 8 MiB in 64 KiB chunks.
      const big = yield* post(url, {
        headers: { "content-type": "application/json" },
        ...chunked("x".repeat(65_536), 128)
      })
      assert.strictEqual(big.status, 413)
      assert.strictEqual(WebhookRoute.DefaultMaxBodySize, 65_536)
    }).pipe(Effect.scoped)
  )
})
