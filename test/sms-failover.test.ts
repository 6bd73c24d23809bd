/**
 * Failover under load, over real HTTP: 1,000 sends through the `Sms` service while the primary provider's simulator
 * (iletiMerkezi) fails half of all send requests (503, resets before processing, resets after processing). Every message must go
 * out exactly once across the providers (the secondary is Infobip), none may be lost, and each receipt must name the provider whose simulator
 * holds the message.
 */

import { assert, describe, it } from "@effect/vitest"
import { Retry, Sms, type SmsProvider } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer, References, Stream } from "effect"
import { CircuitBreaker } from "effect/persistence"
import { iletiClient, iletiHandle, infobipClient, infobipHandle } from "./support/smsTargets.ts"

// One simulator serves both providers; only iletiMerkezi's send route fails.
const simulator = Simulator.layer({
  seed: "failover",
  faults: { "send-sms": { probability: 0.5, kinds: ["503", "reset-before", "reset-after"] } },
  faultSeed: "failover"
})

const N = 1000

describe("Sms failover under faults", () => {
  it.live(
    `${N} sends, primary failing 50% (503, reset before and after processing): each message out exactly once`,
    () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        // Behind a chain a 503 moves on rather than backing off: one attempt per send at the primary.
        const noRetry = Retry.make({ maxAttempts: 1 })
        const build = <R>(layer: Layer.Layer<R>, adapter: Effect.Effect<SmsProvider.Adapter, never, R>) =>
          Effect.flatMap(Layer.build(layer), (ctx) => Effect.provide(adapter, ctx))
        const sms = yield* Sms.make({
          providers: [
            build(iletiClient(sim, false), Sms.iletiMerkezi({ retry: noRetry })),
            build(infobipClient(sim, false), Sms.infobip({ pullReports: false }))
          ],
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

        const primary = iletiHandle(sim, "iletimerkezi")
        const secondary = infobipHandle(sim, "infobip")
        const atPrimary = yield* primary.accepted
        const atSecondary = yield* secondary.accepted
        const where = new Map<string, Array<string>>()
        for (const r of atPrimary) where.set(r, [...(where.get(r) ?? []), "iletimerkezi"])
        for (const r of atSecondary) where.set(r, [...(where.get(r) ?? []), "infobip"])

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
          if (provider === "infobip") {
            viaSecondary++
            assert.isAbove(result.success.parts[0]!.hops.length, 0)
          }
        }
        // Both providers carried traffic: messages moved while the primary failed or its circuit was open.
        assert.isAbove(viaSecondary, 0)
        assert.isAbove(atPrimary.length, 0)
        const faults = (yield* sim.requests).filter((e) => e.route === "send-sms" && e.fault !== undefined)
        assert.isAbove(faults.filter((e) => e.fault === "reset-after").length, 0)
        assert.isAbove(faults.filter((e) => e.fault === "reset-before").length, 0)
        assert.isAbove(faults.filter((e) => e.fault === "503").length, 0)
        assert.include(transitions, "Closed->Open")
        console.log(
          `failover: ${atPrimary.length} via iletiMerkezi, ${atSecondary.length} via Infobip, ${faults.length} faults, breaker ${transitions.filter((t) => t === "Closed->Open").length} openings`
        )
      }).pipe(
        Effect.scoped,
        Effect.provide(simulator),
        // One warning per hop is the feature, but 600 of them drown the test output.
        Effect.provideService(References.MinimumLogLevel, "Error")
      ),
    120_000
  )
})
