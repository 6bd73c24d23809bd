/**
 * The lean undici `HttpClient` over real HTTP on 127.0.0.1: what it sends (method, path, query, headers, bodies), what
 * it reads (status, headers, cookies, whole and streamed bodies), typed transport errors, and that an interrupted call
 * aborts its request, before the response and while its body is read. (Every client test in `test/` runs over it
 * too, since `NodeSms.layerHttpClient` is this client.)
 */
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { assert, describe, it } from "@effect/vitest"
import { NodeSms } from "@effect-sms/node-runtime"
import { Deferred, Effect, Fiber, Stream } from "effect"
import { HttpBody, HttpClient, HttpClientRequest } from "effect/http"

interface Seen {
  readonly method: string
  readonly url: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

/** A server on 127.0.0.1 for one test; `handle` answers, `seen` records every request with its body. */
const server = (handle: (req: http.IncomingMessage, res: http.ServerResponse, seen: Seen) => void) =>
  Effect.acquireRelease(
    Effect.callback<{ readonly url: string; readonly seen: Array<Seen> }>((resume) => {
      const seen: Array<Seen> = []
      const s = http.createServer((req, res) => {
        const chunks: Array<Buffer> = []
        req.on("data", (c: Buffer) => chunks.push(c))
        req.on("end", () => {
          const entry = {
            method: req.method ?? "",
            url: req.url ?? "",
            headers: req.headers,
            body: Buffer.concat(chunks).toString()
          }
          seen.push(entry)
          handle(req, res, entry)
        })
      })
      s.listen(0, "127.0.0.1", () => {
        const { port } = s.address() as AddressInfo
        resume(Effect.succeed(Object.assign({ url: `http://127.0.0.1:${port}`, seen }, { close: s })))
      })
    }),
    (r) =>
      Effect.callback<void>((resume) => {
        const s = (r as unknown as { close: http.Server }).close
        s.closeAllConnections()
        s.close(() => resume(Effect.void))
      })
  )

const withClient = <A, E>(f: (client: HttpClient.HttpClient) => Effect.Effect<A, E>): Effect.Effect<A, E> =>
  Effect.flatMap(Effect.service(HttpClient.HttpClient), f).pipe(Effect.provide(NodeSms.layerHttpClient))

describe("UndiciHttpClient (NodeSms.layerHttpClient)", () => {
  it.live("sends the method, path, query, headers and body, and reads status, headers, cookies and body", () =>
    Effect.gen(function* () {
      const { url, seen } = yield* server((_req, res) => {
        res.setHeader("set-cookie", ["a=1; Path=/", "b=2; Path=/"])
        res.setHeader("x-answer", "42")
        res.writeHead(201, { "content-type": "application/json" })
        res.end(JSON.stringify({ ok: "ş" }))
      })
      const response = yield* withClient((client) =>
        client.execute(
          HttpClientRequest.post(`${url}/v1/send?x=1&y=a%20b`, {
            headers: { accept: "application/json", "x-request": "r1" },
            body: HttpBody.text('{"hello":"dünya"}', "application/json; charset=utf-8")
          })
        )
      )
      assert.strictEqual(response.status, 201)
      assert.strictEqual(response.headers["x-answer"], "42")
      assert.deepStrictEqual(
        Object.keys(response.cookies.cookies).sort(),
        ["a", "b"],
        "both Set-Cookie headers are read"
      )
      assert.deepStrictEqual(yield* response.json, { ok: "ş" })
      // Read twice: the same body, as effect's responses give.
      assert.strictEqual(yield* response.text, '{"ok":"ş"}')
      assert.strictEqual(seen.length, 1)
      const [request] = seen
      assert.strictEqual(request!.method, "POST")
      assert.strictEqual(request!.url, "/v1/send?x=1&y=a%20b")
      assert.strictEqual(request!.headers["x-request"], "r1")
      assert.strictEqual(request!.headers["content-type"], "application/json; charset=utf-8")
      assert.strictEqual(request!.headers["content-length"], String(Buffer.byteLength('{"hello":"dünya"}')))
      assert.strictEqual(request!.body, '{"hello":"dünya"}')
    }).pipe(Effect.scoped)
  )

  it.live("sends a streamed request body and streams a chunked response body as it comes", () =>
    Effect.gen(function* () {
      const chunk = "x".repeat(64 * 1024)
      const { url, seen } = yield* server((_req, res) => {
        // No Content-Length: chunked, written in 16 pieces.
        res.writeHead(200, { "content-type": "text/plain" })
        for (let i = 0; i < 16; i++) res.write(chunk)
        res.end()
      })
      const parts = yield* withClient((client) =>
        client
          .execute(
            HttpClientRequest.post(url, {
              body: HttpBody.stream(
                Stream.fromIterable(["one,", "two,", "three"]).pipe(Stream.encodeText),
                "text/plain"
              )
            })
          )
          .pipe(
            Effect.flatMap((response) =>
              response.stream.pipe(
                Stream.runFold(
                  () => ({ chunks: 0, bytes: 0 }),
                  (acc, c) => ({ chunks: acc.chunks + 1, bytes: acc.bytes + c.length })
                )
              )
            )
          )
      )
      assert.strictEqual(parts.bytes, 16 * chunk.length)
      assert.isAbove(parts.chunks, 1, "the body arrives in several chunks, not as one buffer")
      assert.strictEqual(seen[0]!.body, "one,two,three")
    }).pipe(Effect.scoped)
  )

  it.live("a refused connection is a TransportError", () =>
    Effect.gen(function* () {
      // Bind a port, then close it: nothing listens there any more.
      const { url } = yield* server((_req, res) => res.end())
      const port = Number(new URL(url).port)
      const closed = yield* Effect.callback<number>((resume) => {
        const s = http.createServer()
        s.listen(0, "127.0.0.1", () => {
          const p = (s.address() as AddressInfo).port
          s.close(() => resume(Effect.succeed(p)))
        })
      })
      assert.notStrictEqual(closed, port)
      const error = yield* withClient((client) => client.get(`http://127.0.0.1:${closed}/`).pipe(Effect.flip))
      assert.strictEqual(error._tag, "HttpClientError")
      assert.strictEqual(error.reason._tag, "TransportError")
    }).pipe(Effect.scoped)
  )

  it.live("an interrupted call aborts its request before the response", () =>
    Effect.gen(function* () {
      const arrived = yield* Deferred.make<void>()
      const aborted = yield* Deferred.make<void>()
      const { url } = yield* server((_req, res) => {
        // Never answers; tells the test when the client goes away.
        res.on("close", () => Deferred.doneUnsafe(aborted, Effect.void))
        Deferred.doneUnsafe(arrived, Effect.void)
      })
      yield* withClient((client) =>
        Effect.gen(function* () {
          const fiber = yield* Effect.forkChild(client.get(`${url}/slow`))
          yield* Deferred.await(arrived)
          yield* Fiber.interrupt(fiber)
          // The server sees the connection closed: the request was aborted, not left running.
          yield* Deferred.await(aborted)
        })
      )
    }).pipe(Effect.scoped)
  )

  it.live("an interrupted call aborts its request while the body is read", () =>
    Effect.gen(function* () {
      const aborted = yield* Deferred.make<void>()
      const { url } = yield* server((_req, res) => {
        res.on("close", () => Deferred.doneUnsafe(aborted, Effect.void))
        // Headers and a first chunk, then nothing more.
        res.writeHead(200, { "content-type": "text/plain" })
        res.write("first chunk")
      })
      yield* withClient((client) =>
        Effect.gen(function* () {
          const firstChunk = yield* Deferred.make<void>()
          const fiber = yield* Effect.forkChild(
            client.get(`${url}/stalls`).pipe(
              Effect.flatMap((response) =>
                response.stream.pipe(
                  Stream.runForEach(() => Deferred.succeed(firstChunk, undefined)),
                  Effect.asVoid
                )
              )
            )
          )
          yield* Deferred.await(firstChunk)
          yield* Fiber.interrupt(fiber)
          yield* Deferred.await(aborted)
        })
      )
    }).pipe(Effect.scoped)
  )
})
