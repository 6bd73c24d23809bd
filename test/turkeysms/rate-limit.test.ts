/**
 * TurkeySMS's per-minute limit, on the TestClock: the client's limiter holds a burst to 100 messages in any sliding
 * minute, measured on the simulator's request log (whose clock is set to the client's clock as each request leaves,
 * so a request is logged at the instant the limiter let it go); and a TS-1060 is retried once the minute has passed.
 */
import { assert, describe, it } from "@effect/vitest"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Clock, Context, Effect, Fiber, Layer, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import { account, control, requests, simulator, T0 } from "./harness.ts"

const KEY = "ts-limit-key-0123456789"

/** Waits on the real clock until `done` holds, polling every few milliseconds (at most 10 s). */
const until = (done: Effect.Effect<boolean, never, any>) =>
  Effect.gen(function* () {
    for (let i = 0; i < 2000; i++) {
      if (yield* done) return
      yield* TestClock.withLive(Effect.sleep("5 millis"))
    }
    return yield* Effect.die(new Error("timed out waiting"))
  })

/** Requests the stepped client started, and answers it received. */
class Counts extends Context.Service<Counts, { started: number; answered: number }>()("test/turkeysms/Counts") {}

/**
 * A client whose requests set the simulator's clock to the client's (test) clock as they leave, and that counts
 * requests started and answered.
 */
const steppedClient = (options: Partial<TurkeySms.Options>) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const counts = { started: 0, answered: 0 }
      const http = HttpClient.transform(
        HttpClient.tapRequest(yield* Effect.service(HttpClient.HttpClient), () =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => {
            counts.started++
            return sim.clock.set(now)
          })
        ),
        (response) =>
          Effect.ensuring(
            response,
            Effect.sync(() => counts.answered++)
          )
      )
      return Layer.merge(
        TurkeySms.layer({
          apiKey: Redacted.make(KEY),
          baseUrl: `${sim.origin}/turkeysms`,
          ...options
        }).pipe(Layer.provide(Layer.succeed(HttpClient.HttpClient, http))),
        Layer.succeed(Counts, counts)
      )
    })
  ).pipe(Layer.provide(NodeSms.layerHttpClient))

const settled = Effect.flatMap(Effect.service(Counts), (c) => {
  const before = c.started
  return Effect.map(
    TestClock.withLive(Effect.sleep("15 millis")),
    () => c.started === before && c.answered === c.started
  )
})

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
        steppedClient({ rateLimit: { perMinute: 100 } }).pipe(
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
        steppedClient({ rateLimit: false }).pipe(
          Layer.provideMerge(simulator({ accounts: [account(KEY, { perMinuteLimit: 2 })] }, { clock: { start: T0 } }))
        )
      )
    )
  )
})
