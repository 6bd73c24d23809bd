import { assert, describe, it } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer } from "effect"
import { call, message, send, T0, withClient } from "./support.ts"

// Sends three orders, lets them finish, and returns their ids and per-message statuses.
const scenario = (seed: string) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.Simulator
    const ids: Array<string> = []
    for (let i = 0; i < 3; i++) {
      ids.push(yield* send({ message: message(`determinism ${i}`, "5051234567", "5051234568", "5051234569") }))
    }
    yield* sim.clock.advance("1 minute")
    const statuses: Array<Array<number>> = []
    for (const id of ids) {
      const r = yield* call("get-report", { order: { id } })
      statuses.push(r.response.order.message.map((m: { status: number }) => m.status))
    }
    return { ids, statuses }
  }).pipe(
    Effect.provide(
      withClient(Simulator.layer({ seed, clock: { start: T0 }, delivery: { deliveredRatio: 0.5 } })).pipe(Layer.fresh)
    )
  )

describe("determinism", () => {
  it.live("the same seed gives the same ids and outcomes; another seed gives others", () =>
    Effect.gen(function* () {
      const a = yield* scenario("seed-a")
      const b = yield* scenario("seed-a")
      const c = yield* scenario("seed-b")
      assert.deepStrictEqual(a, b)
      assert.notDeepEqual(a.ids, c.ids)
      assert.notDeepEqual(a.statuses, c.statuses)
    })
  )
})
