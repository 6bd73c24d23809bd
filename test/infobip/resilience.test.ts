/**
 * Infobip resilience over real HTTP: reads retried on 429 (after Retry-After), 503 and broken connections; the
 * client's per-endpoint request limit keeps a walk under the provider's throttle.
 */
import { assert, describe, it } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Stream } from "effect"
import { client, clientFor } from "./harness.ts"

// 12 messages, then a v3 log walk of 12 one-entry pages.
const walk = Effect.gen(function* () {
  const c = yield* client
  const sent = yield* c.sendMessages({
    messages: [
      { destinations: Array.from({ length: 12 }, (_, i) => `417930267${String(i).padStart(2, "0")}`), text: "x" }
    ]
  })
  const logs = yield* c.logs({ limit: 1 }).pipe(Stream.runCollect)
  return { sent: sent.messages.map((m) => m.messageId), logs: logs.map((l) => l.messageId) }
})

describe("Infobip resilience", () => {
  it.live("reads survive 429 with Retry-After, 503 and resets, and yield every entry once", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const { sent, logs } = yield* walk
      assert.deepStrictEqual([...logs].sort(), [...sent].sort())
      const faults = (yield* sim.requests).filter((r) => r.route === "infobip/sms/3/logs" && r.fault !== undefined)
      assert.deepStrictEqual(
        faults.map((f) => f.fault),
        ["429", "503", "reset-after", "truncated"]
      )
    }).pipe(
      Effect.provide(clientFor()),
      Effect.provide(
        Simulator.layer({
          retryAfterSeconds: 1,
          faults: { "infobip/sms/3/logs": ["ok", "429", "ok", "503", "reset-after", "ok", "truncated"] }
        })
      )
    )
  )

  it.live("the provider throttles a fast walk (429s, retried); the client's limit keeps the same walk under it", () =>
    Effect.gen(function* () {
      const run = (limit: number | false) =>
        Effect.gen(function* () {
          const sim = yield* Effect.service(Simulator.Simulator)
          const { sent, logs } = yield* walk.pipe(
            Effect.provide(clientFor(limit === false ? {} : { rateLimit: { "sms/3/logs": limit } }))
          )
          assert.deepStrictEqual([...logs].sort(), [...sent].sort())
          return (yield* sim.requests).filter((r) => r.route === "infobip/sms/3/logs" && r.status === 429).length
        }).pipe(
          Effect.provide(
            Simulator.layer({ retryAfterSeconds: 1, providers: { infobip: { throttle: { "sms/3/logs": 4 } } } })
          )
        )
      assert.isAbove(yield* run(false), 0)
      // The provider counts fixed one-second windows; a bucket of 2 refilled at 2 a second never puts more than 4
      // requests in any second.
      assert.strictEqual(yield* run(2), 0)
    })
  )
})
