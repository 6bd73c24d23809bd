/**
 * The simulator's hostile answers, seen from a raw HTTP client on loopback: what each fault kind and a rewrite put
 * on the wire, so that client tests can rely on them.
 */
import { assert, describe, layer } from "@effect/vitest"
import { Faults, Simulator } from "@effect-sms/simulator"
import { Effect } from "effect"
import { auth, call, postRaw, withClient } from "./support.ts"

const balanceBody = JSON.stringify({ request: { authentication: auth } })

describe("hostile answers", () => {
  layer(
    withClient(
      Simulator.layer({
        hostile: { hugeBytes: 3 * 65_536 + 10, slowByteInterval: "1 millis" },
        faults: {
          "get-balance": ["echo", "echo-error", "huge", "huge-chunked", "slow-body"],
          "get-sender": { probability: 1, kinds: ["replay"] }
        },
        rewrite: {
          "get-blacklist": (reply, request) => ({
            ...reply,
            body: reply.body.replace(/"count":\d+/, `"count":"n${request.n}"`)
          })
        }
      })
    ),
    { excludeTestServices: true }
  )((it) => {
    it.effect("echo, echo-error, huge (declared and chunked) and slow-body, in order on one route", () =>
      Effect.gen(function* () {
        const echo = yield* postRaw("/get-balance/json", balanceBody)
        assert.strictEqual(echo.status, 200)
        assert.strictEqual(echo.text, balanceBody)
        const error = yield* postRaw("/get-balance/json", balanceBody)
        assert.strictEqual(error.status, 502)
        assert.strictEqual(error.text, balanceBody)
        const huge = yield* postRaw("/get-balance/json", balanceBody)
        assert.strictEqual(huge.text.length, 3 * 65_536 + 10)
        assert.strictEqual(huge.headers["content-length"], String(3 * 65_536 + 10))
        const chunked = yield* postRaw("/get-balance/json", balanceBody)
        assert.strictEqual(chunked.text.length, 3 * 65_536 + 10)
        assert.isUndefined(chunked.headers["content-length"])
        // The slow body is the real answer, only late.
        const slow = yield* postRaw("/get-balance/json", balanceBody)
        assert.strictEqual(JSON.parse(slow.text).response.status.code, 200)
      })
    )

    it.effect("replay answers every request of a route with the first reply: pages that never end", () =>
      Effect.gen(function* () {
        const first = yield* call("get-sender")
        const second = yield* call("get-sender", { page: 2 })
        assert.strictEqual(second.text, first.text)
      })
    )

    it.effect("a rewrite sees each reply and its request number", () =>
      Effect.gen(function* () {
        const a = yield* call("get-blacklist")
        const b = yield* call("get-blacklist")
        assert.strictEqual(a.response.blacklist.count, "n1")
        assert.strictEqual(b.response.blacklist.count, "n2")
      })
    )
  })
})

describe("hostile fault flags", () => {
  layer(Simulator.layer({}))("flags", (it) => {
    it.effect("the bin's --fault accepts every hostile kind", () =>
      Effect.sync(() => {
        for (const kind of ["echo", "echo-error", "huge", "huge-chunked", "slow-body", "replay"] as const) {
          assert.deepStrictEqual(Faults.parseFlag(`get-report=${kind}:0.5`), {
            route: "get-report",
            kind,
            probability: 0.5
          })
        }
      })
    )
  })
})
