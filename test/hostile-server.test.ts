/**
 * A hostile server, over real HTTP on loopback: the simulator's hostile faults and rewrites stand for a provider (or
 * something in front of it) that echoes requests, sends bodies without end or one byte at a time, never ends its
 * pages, or answers values of the wrong kind. Every case ends in a typed error (or the right answer), never a crash,
 * a hang or unbounded memory.
 */
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, Retry } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer, Stream } from "effect"
import { clientFor, turkeyDay } from "./support/harness.ts"
import { assertFailure, runNode } from "./support/subprocess.ts"

const bin = new URL("../packages/node-runtime/src/bin/effect-sms.ts", import.meta.url).pathname

const ok = { sender: "APITEST", text: "Merhaba", to: "905321112233", iys: 0 } as const
const status = { code: 200, message: "İşlem başarılı" }
const json = (response: object) => JSON.stringify({ response })

/** The simulator with `options` and a client without retries (each case is about one answer). */
const env = (options: Simulator.Options, client: Parameters<typeof clientFor>[0] = {}) =>
  clientFor({ retry: Retry.none, ...client }).pipe(Layer.provideMerge(Simulator.layer({ seed: "hostile", ...options })))

const services = Effect.all([Effect.service(Simulator.Simulator), Effect.service(IletiMerkezi.IletiMerkeziClient)])

describe("a huge body", () => {
  it.live("declared in Content-Length: ResponseTooLarge before the body is read", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const error = yield* Effect.flip(client.getBalance)
      assert.strictEqual(error._tag, "ResponseTooLarge")
      if (error._tag === "ResponseTooLarge") {
        assert.strictEqual(error.limit, 1024 * 1024)
        assert.strictEqual(error.received, 256 * 1024 * 1024)
      }
    }).pipe(
      Effect.provide(
        env(
          { faults: { "get-balance": ["huge"] }, hostile: { hugeBytes: 256 * 1024 * 1024 } },
          { maxResponseBytes: 1024 * 1024 }
        )
      )
    )
  )

  it.live("chunked, with no length: counted while reading and stopped at the cap", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const error = yield* Effect.flip(client.getBalance)
      assert.strictEqual(error._tag, "ResponseTooLarge")
      if (error._tag === "ResponseTooLarge") {
        assert.strictEqual(error.limit, 1024 * 1024)
        // Stopped within one chunk of the cap, never near the 256 MiB on offer.
        assert.isAtMost(error.received, 1024 * 1024 + 65_536)
      }
    }).pipe(
      Effect.provide(
        env(
          { faults: { "get-balance": ["huge-chunked"] }, hostile: { hugeBytes: 256 * 1024 * 1024 } },
          { maxResponseBytes: 1024 * 1024 }
        )
      )
    )
  )

  it.live("the default cap (16 MiB) holds against a 64 MiB body over XML too", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const error = yield* Effect.flip(client.getSenders)
      assert.strictEqual(error._tag, "ResponseTooLarge")
    }).pipe(Effect.provide(env({ faults: { "get-sender": ["huge-chunked"] } }, { format: "xml" })))
  )
})

describe("a slow body", () => {
  it.live("a body that trickles one byte at a time ends in a timeout, not a hang", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const error = yield* Effect.flip(client.getBalance)
      assert.strictEqual(error._tag, "TransportError")
      if (error._tag === "TransportError") assert.strictEqual(error.kind, "timeout")
    }).pipe(
      Effect.provide(
        env(
          { faults: { "get-balance": ["slow-body"] }, hostile: { slowByteInterval: "100 millis" } },
          { timeout: "500 millis" }
        )
      )
    )
  )
})

describe("pages that never end", () => {
  it.live("reconciliation against a get-reports that repeats its pages ends in SendOutcomeUnknown", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const error = yield* Effect.flip(client.sendSms(ok))
      assert.strictEqual(error._tag, "SendOutcomeUnknown")
      if (error._tag === "SendOutcomeUnknown") {
        assert.match(error.attempts.at(-1)!, /^lookup: ProtocolError: .*repeats page/)
      }
      // Page 1, then page 2 repeated it: two requests.
      assert.strictEqual(yield* sim.requestCount("get-reports"), 2)
    }).pipe(
      Effect.provide(
        env({
          // The send goes through but its answer is lost; the identical resend meets the duplicate guard (451).
          faults: { "send-sms": ["reset-after"], "get-reports": { probability: 1, kinds: ["replay"] } }
        })
      )
    )
  )

  it.live("reconciliation against pages of fresh orders without end is bounded and ends in SendOutcomeUnknown", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const error = yield* Effect.flip(client.sendSms(ok))
      assert.strictEqual(error._tag, "SendOutcomeUnknown")
      if (error._tag === "SendOutcomeUnknown") {
        assert.match(error.attempts.at(-1)!, /^lookup: ProtocolError: /)
      }
      // Galloping to the page bound takes log2(100,000) requests, never the bound itself.
      const lookups = yield* sim.requestCount("get-reports")
      assert.isAtLeast(lookups, 10)
      assert.isAtMost(lookups, 40)
    }).pipe(
      Effect.provide(
        env({
          faults: { "send-sms": ["reset-after"] },
          rewrite: {
            // Every page, whatever its number, holds 30 orders never seen before.
            "get-reports": (reply, request) => ({
              ...reply,
              body: json({
                status,
                count: 30,
                orders: Array.from({ length: 30 }, (_, i) => ({
                  id: request.n * 100 + i,
                  status: 114,
                  total: 1,
                  submitAt: "2026-04-29 10:00:00",
                  sender: "OTHER"
                }))
              })
            })
          }
        })
      )
    )
  )

  it.live("the CLI's send against endless pages exits 5 (outcome unknown) with one line, no stack trace", () =>
    Effect.gen(function* () {
      const [sim] = yield* services
      const run = yield* runNode(bin, ["send", "--sender", "APITEST", "--text", "Merhaba", "--to", "905321112233"], {
        ILETIMERKEZI_BASE_URL: sim.url,
        ILETIMERKEZI_API_KEY: Simulator.DemoAccount.apiKey,
        ILETIMERKEZI_API_SECRET: Simulator.DemoAccount.apiSecret
      })
      assertFailure(run, 5, /^error: send outcome unknown — the order could not be looked up/)
      assert.isAtMost(yield* sim.requestCount("get-reports"), 2)
    }).pipe(
      Effect.provide(
        env({ faults: { "send-sms": ["reset-after"], "get-reports": { probability: 1, kinds: ["replay"] } } })
      )
    )
  )

  it.live("a get-reports whose pages never end stops the orders stream with a ProtocolError", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      yield* client.sendSms(ok)
      yield* sim.setFaults({ "get-reports": { probability: 1, kinds: ["replay"] } })
      const error = yield* Effect.flip(Stream.runDrain(client.orders({ start: turkeyDay(0), end: turkeyDay(0) })))
      assert.strictEqual(error._tag, "ProtocolError")
      assert.strictEqual(yield* sim.requestCount("get-reports"), 2)
    }).pipe(Effect.provide(env({})))
  )

  it.live("a report whose total is 1e9 is refused after its first page", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const { orderId } = yield* client.sendSms(ok)
      yield* sim.clock.advance("5 minutes")
      yield* sim.setRewrites({
        "get-report": (reply) => {
          const parsed = JSON.parse(reply.body) as { response: { order: { total: number } } }
          parsed.response.order.total = 1e9
          return { ...reply, body: JSON.stringify(parsed) }
        }
      })
      const error = yield* Effect.flip(Stream.runDrain(client.reportMessages(orderId)))
      assert.strictEqual(error._tag, "ProtocolError")
      assert.strictEqual(yield* sim.requestCount("get-report"), 1)
    }).pipe(Effect.provide(env({ clock: { start: "2026-04-29T07:00:00Z" } })))
  )
})

// The status code the next rewritten get-sender answer carries.
let currentCode: unknown = 200

describe("values of the wrong kind", () => {
  it.live("a balance of {} and an SMS count of '1e400' are a DecodeError", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const error = yield* Effect.flip(client.getBalance)
      assert.strictEqual(error._tag, "DecodeError")
    }).pipe(
      Effect.provide(
        env({
          rewrite: {
            "get-balance": (reply) => ({ ...reply, body: json({ status, balance: { amount: {}, sms: "1e400" } }) })
          }
        })
      )
    )
  )

  it.live("a status code of the wrong kind is a DecodeError, never a defect", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      for (const code of [{}, [], null, "abc", true, 1.5]) {
        currentCode = code
        const error = yield* Effect.flip(client.getSenders)
        assert.strictEqual(error._tag, "DecodeError", JSON.stringify(code))
      }
    }).pipe(
      Effect.provide(
        env({
          rewrite: {
            "get-sender": (reply) => ({ ...reply, body: json({ status: { code: currentCode, message: "x" } }) })
          }
        })
      )
    )
  )

  it.live("order ids the client cannot hold (99999999999999999999, '1e400') are refused, not rounded", () =>
    Effect.gen(function* () {
      const [, client] = yield* services
      const error = yield* Effect.flip(client.getReports({ start: "2026-04-01", end: "2026-04-05" }))
      assert.strictEqual(error._tag, "DecodeError")
    }).pipe(
      Effect.provide(
        env({
          rewrite: {
            "get-reports": (reply) => ({
              ...reply,
              body: `{"response":{"status":{"code":200,"message":"ok"},"count":2,"orders":[{"id":99999999999999999999,"status":114},{"id":"1e400","status":114}]}}`
            })
          }
        })
      )
    )
  )

  it.live("a send answered with an id of 1e20 is reconciled to the order the provider really made", () =>
    Effect.gen(function* () {
      const [sim, client] = yield* services
      const { orderId } = yield* client.sendSms(ok)
      const [order] = yield* sim.orders()
      assert.strictEqual(orderId, order!.id)
      assert.notStrictEqual(orderId, "100000000000000000000")
    }).pipe(
      Effect.provide(
        env({
          rewrite: {
            "send-sms": (reply, request) =>
              request.n === 1
                ? {
                    ...reply,
                    body: `{"response":{"status":{"code":200,"message":"ok"},"order":{"id":99999999999999999999}}}`
                  }
                : reply
          }
        })
      )
    )
  )
})
