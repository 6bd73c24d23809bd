import { assert, describe, it } from "@effect/vitest"
import { TurkeySmsSchema as S, TurkeySmsWatch as Watch } from "@effect-sms/core/turkeysms"
import { Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"

// Each id walks a scripted list of states, one per poll; the last one repeats.
const scripted = (script: Record<string, ReadonlyArray<S.DeliveryState>>) => {
  const polls = new Map<string, number>()
  const getStatus = (id: string) =>
    Effect.sync(() => {
      const n = polls.get(id) ?? 0
      polls.set(id, n + 1)
      const states = script[id]!
      const state = states[Math.min(n, states.length - 1)]!
      return new S.MessageStatus({ smsId: id, state, final: S.isFinal(state) })
    })
  return { getStatus, polls }
}

describe("TurkeySMS watch", () => {
  it.effect("emits each change once, stops polling final messages, and ends when all are final", () =>
    Effect.gen(function* () {
      const { getStatus, polls } = scripted({
        a: ["queued", "sent", "sent", "delivered"],
        b: ["queued", "failed"],
        c: ["delivered"]
      })
      const fiber = yield* Watch.watch(["a", "b", "c", "a"], getStatus, { every: "10 seconds" }).pipe(
        Stream.runCollect,
        Effect.forkChild
      )
      for (let i = 0; i < 5; i++) yield* TestClock.adjust("10 seconds")
      const changes = yield* Fiber.join(fiber)
      assert.deepStrictEqual(
        changes.map((s) => `${s.smsId}:${s.state}`),
        ["a:queued", "b:queued", "c:delivered", "a:sent", "b:failed", "a:delivered"]
      )
      // c was final at once, b after two polls, a after four; nothing is polled after its final state.
      assert.deepStrictEqual(Object.fromEntries(polls), { a: 4, b: 2, c: 1 })
    })
  )

  it.effect("waits `every` between rounds", () =>
    Effect.gen(function* () {
      const { getStatus, polls } = scripted({ a: ["queued", "queued", "delivered"] })
      const fiber = yield* Watch.watch(["a"], getStatus, { every: "1 minute" }).pipe(
        Stream.runCollect,
        Effect.forkChild
      )
      yield* TestClock.adjust("59 seconds")
      assert.strictEqual(polls.get("a"), 1)
      yield* TestClock.adjust("1 second")
      assert.strictEqual(polls.get("a"), 2)
      yield* TestClock.adjust("1 minute")
      assert.strictEqual((yield* Fiber.join(fiber)).length, 2)
    })
  )

  it.effect("polls at most `concurrency` statuses at once", () =>
    Effect.gen(function* () {
      let inFlight = 0
      let peak = 0
      const getStatus = (id: string) =>
        Effect.gen(function* () {
          inFlight++
          peak = Math.max(peak, inFlight)
          yield* Effect.sleep("1 second")
          inFlight--
          return new S.MessageStatus({ smsId: id, state: "delivered", final: true })
        })
      const ids = Array.from({ length: 10 }, (_, i) => String(i))
      const fiber = yield* Watch.watch(ids, getStatus, { every: "1 second", concurrency: 3 }).pipe(
        Stream.runCollect,
        Effect.forkChild
      )
      for (let i = 0; i < 5; i++) yield* TestClock.adjust("1 second")
      assert.strictEqual((yield* Fiber.join(fiber)).length, 10)
      assert.strictEqual(peak, 3)
    })
  )

  it.effect("an empty list ends at once", () =>
    Effect.gen(function* () {
      const { getStatus, polls } = scripted({})
      assert.strictEqual((yield* Stream.runCollect(Watch.watch([], getStatus, { every: "1 second" }))).length, 0)
      assert.strictEqual(polls.size, 0)
    })
  )
})
