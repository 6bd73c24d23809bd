/**
 * The three limit shapes on the test clock: how many takes have gone through after each step.
 */
import { assert, describe, it } from "@effect/vitest"
import { RateLimit } from "@effect-sms/core"
import { Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"

// Starts `n` takes of `units` at once and returns a counter of those that went through.
const takeAll = (limit: RateLimit.Limit, n: number, units: number, key?: string) =>
  Effect.gen(function* () {
    const done = { count: 0 }
    const fiber = yield* Effect.forkChild(
      Effect.forEach(
        Array.from({ length: n }),
        () =>
          Effect.tap(limit.take(units, key), () =>
            Effect.sync(() => {
              done.count++
            })
          ),
        { concurrency: "unbounded", discard: true }
      )
    )
    yield* Effect.yieldNow
    return { done, fiber }
  })

describe("RateLimit.perSecond", () => {
  it.effect("a burst, then the steady rate", () =>
    Effect.gen(function* () {
      const limit = yield* RateLimit.perSecond({ key: "a", limit: 100, burst: 10 })
      const { done, fiber } = yield* takeAll(limit, 30, 10)
      assert.strictEqual(done.count, 1)
      yield* TestClock.adjust("1 second")
      assert.strictEqual(done.count, 11)
      yield* TestClock.adjust("2 seconds")
      assert.strictEqual(done.count, 30)
      yield* Fiber.join(fiber)
    })
  )
})

describe("RateLimit.slidingWindow", () => {
  it.effect("never more than 100 messages in any minute, by default", () =>
    Effect.gen(function* () {
      const limit = yield* RateLimit.slidingWindow({ key: "b" })
      const { done, fiber } = yield* takeAll(limit, 250, 1)
      // The burst (10), then 90 a minute: a full minute's refill plus the burst is exactly the limit.
      assert.strictEqual(done.count, 10)
      yield* TestClock.adjust("60 seconds")
      assert.strictEqual(done.count, 100)
      yield* TestClock.adjust("60 seconds")
      assert.strictEqual(done.count, 190)
      yield* TestClock.adjust("60 seconds")
      assert.strictEqual(done.count, 250)
      yield* Fiber.join(fiber)
    })
  )

  it.effect("any window of the given length sees at most the limit (probed every second)", () =>
    Effect.gen(function* () {
      const limit = yield* RateLimit.slidingWindow({ key: "c", limit: 30, window: "10 seconds", burst: 5 })
      const { done, fiber } = yield* takeAll(limit, 120, 1)
      const counts = [done.count]
      for (let s = 1; s <= 40; s++) {
        yield* TestClock.adjust("1 second")
        counts.push(done.count)
      }
      for (let s = 10; s < counts.length; s++)
        assert.isAtMost(counts[s]! - counts[s - 10]!, 30, `window ending at ${s}s`)
      yield* Fiber.interrupt(fiber)
    })
  )
})

describe("RateLimit.perEndpoint", () => {
  it.effect("each named endpoint has its own bucket; others are not limited", () =>
    Effect.gen(function* () {
      const limit = yield* RateLimit.perEndpoint({ key: "d", limits: { "sms/1/reports": 1, "sms/3/logs": 2 } })
      const reports = yield* takeAll(limit, 3, 1, "sms/1/reports")
      const logs = yield* takeAll(limit, 4, 1, "sms/3/logs")
      const other = yield* takeAll(limit, 50, 1, "sms/3/messages")
      assert.deepStrictEqual([reports.done.count, logs.done.count, other.done.count], [1, 2, 50])
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual([reports.done.count, logs.done.count], [2, 4])
      yield* TestClock.adjust("1 second")
      assert.strictEqual(reports.done.count, 3)
    })
  )
})
