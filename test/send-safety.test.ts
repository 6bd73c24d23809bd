/**
 * Send safety across clients: a send must never claim another client's order. Two clients on one simulator account
 * send the identical order 30 s apart; the second one's first attempt is reset, its resend answers 451 (the first
 * client's order makes it a duplicate), and the lookup must not hand it the first client's order id. The lookup
 * window is measured against the provider's clock (the responses' `Date` headers), so this holds even when the
 * provider's clock is months away from ours, as the controlled simulator clock is here.
 */
import { assert, describe, layer } from "@effect/vitest"
import { IletiMerkezi, Retry } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer } from "effect"
import { TestClock } from "effect/testing"
import { credentials, T0 } from "./support/harness.ts"

const newClient = (retry: Retry.Policy) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.Simulator
    return yield* IletiMerkezi.make({ ...credentials, baseUrl: sim.url, rateLimit: false, retry })
  })

const order = (text: string) => ({ sender: "APITEST", iys: 0 as const, text, to: ["05321114455", "05321114456"] })

describe("send safety with two clients on one account", () => {
  // Our clock is the simulator's here (TestClock set to the simulated time), as when client and provider agree:
  // a fixed clock-skew allowance of minutes would reach back to the first client's order.
  layer(Layer.provideMerge(Simulator.layer({ clock: { start: T0 } }), NodeSms.layerHttpClient))((it) => {
    it.effect("the second client's reset send is never answered with the first client's order", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const sim = yield* Simulator.Simulator
        const first = yield* newClient(Retry.none)
        const second = yield* newClient(Retry.none)
        const text = "identical order from two processes"
        const a = yield* first.sendSms(order(text))
        yield* sim.clock.advance("30 seconds")
        yield* TestClock.adjust("30 seconds")
        yield* sim.setFaults({ "send-sms": ["reset-before"] })
        yield* sim.resetStats
        const b = yield* Effect.flip(second.sendSms(order(text)))
        // The resend was refused as a duplicate of the first client's order, which the lookup must not claim.
        assert.deepStrictEqual(
          (yield* sim.requests).filter((e) => e.route === "send-sms").map((e) => [e.status, e.fault]),
          [
            [undefined, "reset-before"],
            [451, undefined]
          ]
        )
        assert.strictEqual(b._tag, "SendOutcomeUnknown")
        assert.notInclude(JSON.stringify(b), a.orderId)
        const orders = (yield* sim.orders()).filter((o) => o.texts.includes(text))
        assert.deepStrictEqual(
          orders.map((o) => o.id),
          [a.orderId]
        )
      })
    )
  })

  // A fresh client whose every attempt is reset has received no response, so it has measured no clock offset yet:
  // the lookup must measure it first rather than fall back to minutes of allowance.
  layer(Layer.provideMerge(Simulator.layer({ clock: { start: T0 } }), NodeSms.layerHttpClient))((it) => {
    it.effect("a fresh client whose every attempt is reset never claims the first client's order", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const sim = yield* Simulator.Simulator
        const first = yield* newClient(Retry.none)
        const second = yield* newClient(Retry.none)
        const text = "identical order, every attempt of the second reset"
        const a = yield* first.sendSms(order(text))
        yield* sim.clock.advance("30 seconds")
        yield* TestClock.adjust("30 seconds")
        // The first attempt and the three resends are all reset before the order is taken.
        yield* sim.setFaults({ "send-sms": ["reset-before", "reset-before", "reset-before", "reset-before"] })
        yield* sim.resetStats
        const b = yield* Effect.flip(second.sendSms(order(text)))
        assert.deepStrictEqual(
          (yield* sim.requests).filter((e) => e.route === "send-sms").map((e) => e.fault),
          ["reset-before", "reset-before", "reset-before", "reset-before"]
        )
        assert.strictEqual(b._tag, "SendOutcomeUnknown")
        assert.notInclude(JSON.stringify(b), a.orderId)
        const orders = (yield* sim.orders()).filter((o) => o.texts.includes(text))
        assert.deepStrictEqual(
          orders.map((o) => o.id),
          [a.orderId]
        )
      })
    )
  })

  layer(Layer.provideMerge(Simulator.layer({ clock: { start: T0 } }), NodeSms.layerHttpClient), {
    excludeTestServices: true
  })((it) => {
    it.effect("a client's own accepted attempt is found on a provider clock months away from ours", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const client = yield* newClient(Retry.make({ base: "1 millis", maxAttempts: 2 }))
        const text = "own order found"
        yield* sim.setFaults({ "send-sms": ["reset-after"] })
        const mine = yield* client.sendSms(order(text))
        const orders = (yield* sim.orders()).filter((o) => o.texts.includes(text))
        assert.deepStrictEqual(
          orders.map((o) => o.id),
          [mine.orderId]
        )
      })
    )
  })
})
