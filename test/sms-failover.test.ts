/**
 * Failover under load, over real HTTP: 1,000 sends through the `Sms` service while the primary provider's simulator
 * fails half of all send requests (503, resets before processing, resets after processing). Every message must go
 * out exactly once across the providers, none may be lost, and each receipt must name the provider whose simulator
 * holds the message.
 */

import { assert, describe, it } from "@effect/vitest"
import { Retry, Sms } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Context, Effect, Layer, References, Stream } from "effect"
import { CircuitBreaker } from "effect/persistence"
import { iletiClient, iletiHandle } from "./support/smsTargets.ts"

class Primary extends Context.Service<Primary, Simulator.Simulator["Service"]>()("test/Primary") {}
class Secondary extends Context.Service<Secondary, Simulator.Simulator["Service"]>()("test/Secondary") {}

const simulators = Layer.mergeAll(
  Layer.effect(
    Primary,
    Simulator.make({
      seed: "failover-primary",
      faults: { "send-sms": { probability: 0.5, kinds: ["503", "reset-before", "reset-after"] } },
      faultSeed: "failover"
    })
  ),
  Layer.effect(Secondary, Simulator.make({ seed: "failover-secondary" }))
).pipe(Layer.provide(NodeSms.layerHttpClient))

const N = 1000

describe("Sms failover under faults", () => {
  it.live(
    `${N} sends, primary failing 50% (503, reset before and after processing): each message out exactly once`,
    () =>
      Effect.gen(function* () {
        const primarySim = yield* Primary
        const secondarySim = yield* Secondary
        // Behind a chain a 503 moves on rather than backing off: one attempt per send at the primary.
        const noRetry = Retry.make({ maxAttempts: 1 })
        const adapter = (id: string, sim: Simulator.Simulator["Service"]) =>
          Effect.flatMap(Layer.build(iletiClient(sim, false)), (ctx) =>
            Sms.iletiMerkezi({ id, retry: noRetry }).pipe(Effect.provide(ctx))
          )
        const sms = yield* Sms.make({
          providers: [adapter("primary", primarySim), adapter("secondary", secondarySim)],
          breaker: { tripPolicy: CircuitBreaker.consecutive(3), openDuration: "100 millis" },
          settleAttempts: 5
        })
        const transitions: Array<string> = []
        yield* sms.transitions.pipe(
          Stream.runForEach((t) => Effect.sync(() => transitions.push(`${t.from}->${t.to}`))),
          Effect.forkScoped({ startImmediately: true })
        )

        const to = Array.from({ length: N }, (_, i) => `+90533${String(i).padStart(7, "0")}`)
        const results = yield* Effect.forEach(
          to,
          (recipient, i) =>
            Effect.result(sms.send({ sender: "EFFECTSMS", text: `Kampanya mesajı ${i}`, to: recipient })),
          { concurrency: 16 }
        )

        const primary = iletiHandle(primarySim, "primary")
        const secondary = iletiHandle(secondarySim, "secondary")
        const atPrimary = yield* primary.accepted
        const atSecondary = yield* secondary.accepted
        const where = new Map<string, Array<string>>()
        for (const r of atPrimary) where.set(r, [...(where.get(r) ?? []), "primary"])
        for (const r of atSecondary) where.set(r, [...(where.get(r) ?? []), "secondary"])

        const failures = results.flatMap((r, i) => (r._tag === "Failure" ? [`${to[i]}: ${r.failure._tag}`] : []))
        assert.deepStrictEqual(failures, [], "every send has a receipt")
        // Exactly once across providers, and nothing at the simulators that was not asked for.
        assert.strictEqual(atPrimary.length + atSecondary.length, N)
        for (const r of to) assert.deepStrictEqual(where.get(r)?.length, 1, r)
        // The receipt names the provider whose simulator holds the message.
        let viaSecondary = 0
        for (let i = 0; i < N; i++) {
          const result = results[i]!
          if (result._tag !== "Success") continue
          const provider = result.success.providerOf(to[i]!)
          assert.deepStrictEqual([provider], where.get(to[i]!))
          if (provider === "secondary") {
            viaSecondary++
            assert.isAbove(result.success.parts[0]!.hops.length, 0)
          }
        }
        // Both providers carried traffic: messages moved while the primary failed or its circuit was open.
        assert.isAbove(viaSecondary, 0)
        assert.isAbove(atPrimary.length, 0)
        const faults = (yield* primarySim.requests).filter((e) => e.route === "send-sms" && e.fault !== undefined)
        assert.isAbove(faults.filter((e) => e.fault === "reset-after").length, 0)
        assert.isAbove(faults.filter((e) => e.fault === "reset-before").length, 0)
        assert.isAbove(faults.filter((e) => e.fault === "503").length, 0)
        assert.include(transitions, "Closed->Open")
        console.log(
          `failover: ${atPrimary.length} via primary, ${atSecondary.length} via secondary, ${faults.length} faults, breaker ${transitions.filter((t) => t === "Closed->Open").length} openings`
        )
      }).pipe(
        Effect.scoped,
        Effect.provide(simulators),
        // One warning per hop is the feature, but 600 of them drown the test output.
        Effect.provideService(References.MinimumLogLevel, "Error")
      ),
    120_000
  )
})
