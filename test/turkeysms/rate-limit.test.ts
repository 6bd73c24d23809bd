/**
 * TurkeySMS's per-minute limit, on the TestClock: the client's limiter holds a burst to 100 messages in any sliding
 * minute, measured on the simulator's request log (whose clock is set to the client's clock as each request leaves,
 * so a request is logged at the instant the limiter let it go); and a TS-1060 is retried once the client's own sends
 * leave room in the provider's minute.
 */
import { assert, describe, it } from "@effect/vitest"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Fiber, Layer } from "effect"
import { TestClock } from "effect/testing"
import { account, control, requests, settled, simulator, steppedClient, T0, until } from "./harness.ts"

const KEY = "ts-limit-key-0123456789"

describe("TurkeySMS per-minute limit", () => {
  it.effect("the client holds a burst of 250 messages to 100 in any sliding minute, on the simulator's log", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const fiber = yield* Effect.forEach(
        Array.from({ length: 250 }, (_, i) => i),
        (i) => client.sendSms({ title: "EFFECTSMS", text: `Kampanya ${i}`, to: `53212${String(i).padStart(5, "0")}` }),
        { concurrency: "unbounded", discard: true }
      ).pipe(Effect.forkChild)
      yield* until(settled)
      // Nothing has moved the clock: only the limiter's burst has gone out.
      const burst = (yield* control).messages().length
      assert.isAbove(burst, 0)
      assert.isBelow(burst, 100)
      for (let second = 0; second < 200 && (yield* control).messages().length < 250; second++) {
        yield* TestClock.adjust("1 second")
        yield* until(settled)
      }
      yield* Fiber.join(fiber)
      const log = (yield* requests).filter((e) => e.route === "turkeysms/sms/send")
      const times = log.map((e) => e.simAt).sort((a, b) => a - b)
      assert.strictEqual(times.length, 250, "every message was sent once, none refused")
      assert.isTrue(
        log.every((e) => e.status === 200),
        "the simulator never answered TS-1060"
      )
      let busiest = 0
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[j]! <= times[i]! - 60_000) j++
        busiest = Math.max(busiest, i - j + 1)
      }
      assert.isAtMost(busiest, 100)
      // And the limit is used, not just respected: some minute holds close to 100.
      assert.isAtLeast(busiest, 95)
    }).pipe(
      Effect.provide(
        steppedClient(KEY, { rateLimit: { perMinute: 100 } }).pipe(
          Layer.provideMerge(simulator({ accounts: [account(KEY)] }, { clock: { start: T0 } }))
        )
      )
    )
  )

  it.effect("TS-1060 is retried once the provider's minute has passed", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      yield* client.sendSms({ title: "EFFECTSMS", text: "bir", to: "5321110001" })
      yield* client.sendSms({ title: "EFFECTSMS", text: "iki", to: "5321110002" })
      const third = yield* client.sendSms({ title: "EFFECTSMS", text: "üç", to: "5321110003" }).pipe(Effect.forkChild)
      yield* until(Effect.map(requests, (log) => log.some((e) => e.status === 403)))
      yield* TestClock.adjust("59 seconds")
      yield* until(settled)
      assert.strictEqual(yield* sim.requestCount("turkeysms/sms/send"), 3, "no retry before the minute is over")
      yield* TestClock.adjust("1 second")
      const result = yield* Fiber.join(third)
      assert.match(result.smsId, /^\d+$/)
      const log = (yield* requests).map((e) => [e.status, e.simAt - T0])
      assert.deepStrictEqual(log, [
        [200, 0],
        [200, 0],
        [403, 0],
        [200, 60_000]
      ])
      assert.strictEqual((yield* control).messages().length, 3)
    }).pipe(
      Effect.provide(
        steppedClient(KEY, { rateLimit: false }).pipe(
          Layer.provideMerge(simulator({ accounts: [account(KEY, { perMinuteLimit: 2 })] }, { clock: { start: T0 } }))
        )
      )
    )
  )

  it.effect(
    "after TS-1060 the wait ends when the client's oldest send leaves the minute, not a fixed minute later",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const sim = yield* Effect.service(Simulator.Simulator)
        const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
        yield* client.sendSms({ title: "EFFECTSMS", text: "bir", to: "5321110001" })
        yield* TestClock.adjust("20 seconds")
        yield* client.sendSms({ title: "EFFECTSMS", text: "iki", to: "5321110002" })
        yield* TestClock.adjust("10 seconds")
        const third = yield* client.sendSms({ title: "EFFECTSMS", text: "üç", to: "5321110003" }).pipe(Effect.forkChild)
        yield* until(Effect.map(requests, (log) => log.some((e) => e.status === 403)))
        // The provider counted 2 (total_has_sent_last_1_min), both this client's: the first leaves at 60 s.
        yield* TestClock.adjust("29 seconds")
        yield* until(settled)
        assert.strictEqual(yield* sim.requestCount("turkeysms/sms/send"), 3, "no retry before the first send has left")
        yield* TestClock.adjust("1 second")
        yield* until(settled)
        assert.strictEqual(yield* sim.requestCount("turkeysms/sms/send"), 4, "retried as the first send left")
        const result = yield* Fiber.join(third)
        assert.match(result.smsId, /^\d+$/)
        assert.deepStrictEqual(
          (yield* requests).map((e) => [e.status, e.simAt - T0]),
          [
            [200, 0],
            [200, 20_000],
            [403, 30_000],
            [200, 60_000]
          ]
        )
      }).pipe(
        Effect.provide(
          steppedClient(KEY, { rateLimit: false }).pipe(
            Layer.provideMerge(simulator({ accounts: [account(KEY, { perMinuteLimit: 2 })] }, { clock: { start: T0 } }))
          )
        )
      )
  )

  it.effect("a request larger than the limit goes out whole after a window of capacity; later sends pay for it", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const to = Array.from({ length: 250 }, (_, i) => `53213${String(i).padStart(5, "0")}`)
      const big = yield* client.sendGroup({ title: "EFFECTSMS", text: "Toplu", to }).pipe(Effect.forkChild)
      yield* until(settled)
      const next = yield* client.sendSms({ title: "EFFECTSMS", text: "sonra", to: "5321119999" }).pipe(Effect.forkChild)
      for (let s = 0; s < 400 && (big.pollUnsafe() === undefined || next.pollUnsafe() === undefined); s++) {
        yield* TestClock.adjust("1 second")
        yield* until(settled)
      }
      const bigResult = yield* Fiber.join(big)
      yield* Fiber.join(next)
      // One request, one id, every number: never split, never refused by the client.
      assert.strictEqual(bigResult.totalRecipients, 250)
      const log = yield* requests
      assert.deepStrictEqual(
        log.map((e) => [e.route, e.status]),
        [
          ["turkeysms/group/send", 200],
          ["turkeysms/sms/send", 200]
        ]
      )
      const [bigAt, nextAt] = log.map((e) => e.simAt - T0)
      // It waited for a window's capacity (the limiter holds a tenth of it as a burst: about a minute), no more.
      assert.isAtMost(bigAt!, 61_000)
      // The 150 messages beyond one window are paid by the next send: at the refill rate (90 a minute), 100 s more.
      assert.isAtLeast(nextAt! - bigAt!, 100_000)
      assert.strictEqual((yield* control).messages().length, 251)
    }).pipe(
      Effect.provide(
        steppedClient(KEY, { rateLimit: { perMinute: 100 } }).pipe(
          Layer.provideMerge(
            simulator({ accounts: [account(KEY, { perMinuteLimit: 1_000_000 })] }, { clock: { start: T0 } })
          )
        )
      )
    )
  )
})
