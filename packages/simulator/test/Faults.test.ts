import { assert, describe, it, layer } from "@effect/vitest"
import { Faults, Simulator } from "@effect-sms/simulator"
import { XmlCodec } from "@effect-sms/xml-codec"
import { Clock, Effect, Exit, Option } from "effect"
import { auth, call, message, order, postRaw, T0, withClient } from "./support.ts"

// The reason an HttpClientError carries: TransportError (no response) or DecodeError (the body broke off).
const failureReason = (exit: Exit.Exit<unknown, unknown>): string | undefined =>
  Exit.isFailure(exit)
    ? Option.match(Exit.findErrorOption(exit), {
        onNone: () => undefined,
        onSome: (e) => (e as { reason?: { _tag?: string } }).reason?._tag
      })
    : undefined

const xmlBalance = `<request><authentication><key>${auth.key}</key><hash>${auth.hash}</hash></authentication></request>`

describe("fault injection", () => {
  layer(
    withClient(
      Simulator.layer({
        clock: { start: T0 },
        faultSeed: "fault-test",
        latencySpike: { min: "150 millis", max: "150 millis" },
        faults: { "get-sender": ["503", "ok", "503"] }
      })
    ),
    { excludeTestServices: true }
  )((it) => {
    it.effect("a scripted rule from the layer options is consumed per request on its route", () =>
      Effect.gen(function* () {
        const codes: Array<number> = []
        for (let i = 0; i < 4; i++) codes.push((yield* call("get-sender")).status)
        assert.deepStrictEqual(codes, [503, 200, 503, 200])
        // Other routes are untouched.
        assert.strictEqual((yield* call("get-balance")).status, 200)
      })
    )

    it.effect("503 carries Retry-After and the documented body; 503-no-retry-after does not; 429 says 429", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({ "get-balance": ["503", "503-no-retry-after", "429"] })
        const a = yield* call("get-balance")
        assert.strictEqual(a.status, 503)
        assert.strictEqual(a.headers["retry-after"], "0")
        assert.deepStrictEqual(a.response, { status: { code: 503, message: "Sunucu geçici olarak servis dışı" } })
        const b = yield* call("get-balance")
        assert.strictEqual(b.status, 503)
        assert.isUndefined(b.headers["retry-after"])
        const c = yield* call("get-balance")
        assert.strictEqual(c.status, 429)
        assert.deepStrictEqual(c.response.status, { code: 429, message: "Too Many Requests" })
        assert.strictEqual((yield* call("get-balance")).status, 200)
      })
    )

    it.effect("reset-before: the client sees a transport error and nothing was processed", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({ "send-sms": ["reset-before"] })
        const before = (yield* sim.orders()).length
        const exit = yield* Effect.exit(call("send-sms", order({ message: message("reset before", "5051234567") })))
        assert.strictEqual(failureReason(exit), "TransportError")
        assert.strictEqual((yield* sim.orders()).length, before)
        const log = yield* sim.requests
        const last = log[log.length - 1]!
        assert.deepStrictEqual([last.route, last.fault, last.status], ["send-sms", "reset-before", undefined])
        // The same send goes through afterwards.
        const retry = yield* call("send-sms", order({ message: message("reset before", "5051234567") }))
        assert.strictEqual(retry.code, 200)
      })
    )

    it.effect("reset-after: the order exists but no answer came; a retry of the same send is a 451 duplicate", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({ "send-sms": ["reset-after"] })
        const before = (yield* sim.orders()).length
        const exit = yield* Effect.exit(call("send-sms", order({ message: message("reset after", "5051234567") })))
        assert.strictEqual(failureReason(exit), "TransportError")
        const orders = yield* sim.orders()
        assert.strictEqual(orders.length, before + 1)
        assert.deepStrictEqual(orders[orders.length - 1]!.texts, ["reset after"])
        const retry = yield* call("send-sms", order({ message: message("reset after", "5051234567") }))
        assert.strictEqual(retry.code, 451)
        const log = yield* sim.requests
        assert.strictEqual(log[log.length - 2]!.recipients, 1)
      })
    )

    it.effect("truncated: the body ends before its Content-Length, after the order was created", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({ "send-sms": ["truncated"] })
        const before = (yield* sim.orders()).length
        // The head arrived (so this is not a transport error); reading the body fails.
        const exit = yield* Effect.exit(call("send-sms", order({ message: message("truncated", "5051234567") })))
        assert.strictEqual(failureReason(exit), "DecodeError")
        assert.strictEqual((yield* sim.orders()).length, before + 1)
      })
    )

    it.effect("malformed: HTTP 200 with a body that is not JSON (or not XML)", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({ "get-balance": ["malformed", "malformed"] })
        const json = yield* postRaw("/get-balance/json", JSON.stringify({ request: { authentication: auth } }))
        assert.strictEqual(json.status, 200)
        assert.throws(() => JSON.parse(json.text))
        const xml = yield* postRaw("/get-balance", xmlBalance, "text/xml")
        assert.strictEqual(xml.status, 200)
        assert.isTrue(Exit.isFailure(yield* Effect.exit(XmlCodec.decodeTree(xml.text))))
      })
    )

    it.effect("latency delays the answer on the real timer and leaves the simulated clock alone", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({ "get-balance": ["latency"] })
        const simBefore = yield* sim.clock.now
        const start = yield* Clock.currentTimeMillis
        const r = yield* call("get-balance")
        const took = (yield* Clock.currentTimeMillis) - start
        assert.strictEqual(r.status, 200)
        assert.isAtLeast(took, 140)
        assert.strictEqual(yield* sim.clock.now, simBefore)
      })
    )

    it.effect("peakInFlight counts concurrent requests", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({ "get-balance": { probability: 1, kinds: ["latency"] } })
        yield* sim.resetStats
        yield* Effect.forEach(Array.from({ length: 5 }), () => call("get-balance"), { concurrency: 5 })
        assert.strictEqual(yield* sim.peakInFlight, 5)
        yield* sim.resetStats
        yield* Effect.forEach(Array.from({ length: 4 }), () => call("get-balance"), { concurrency: 2 })
        assert.strictEqual(yield* sim.peakInFlight, 2)
      })
    )

    it.effect("a probability rule is deterministic from the fault seed; '*' covers routes without a rule", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const rule: Faults.FaultConfig = { "*": { probability: 0.5, kinds: ["503", "429"] }, "get-sender": [] }
        const run = Effect.gen(function* () {
          yield* sim.setFaults(rule)
          const statuses: Array<number> = []
          for (let i = 0; i < 40; i++) statuses.push((yield* call("get-balance")).status)
          return statuses
        })
        const first = yield* run
        const second = yield* run
        assert.deepStrictEqual(first, second)
        const faulted = first.filter((s) => s !== 200).length
        assert.isTrue(faulted > 8 && faulted < 32, `faulted ${faulted} of 40`)
        assert.isTrue(first.includes(503) && first.includes(429))
        // get-sender has its own (empty) script, so "*" does not apply to it.
        for (let i = 0; i < 10; i++) assert.strictEqual((yield* call("get-sender")).status, 200)
        yield* sim.setFaults(Faults.none)
      })
    )
  })
})

describe("fault flags", () => {
  it("parse route=kind:probability and combine per route", () => {
    const parsed = ["send-sms=503:0.1", "send-sms=reset-after:0.3", "*=latency"].map(Faults.parseFlag)
    assert.deepStrictEqual(parsed[2], { route: "*", kind: "latency", probability: 1 })
    const config = Faults.fromFlags(parsed.filter((p) => typeof p !== "string"))
    assert.deepStrictEqual(config["send-sms"], {
      probability: 0.4,
      kinds: ["503", "reset-after"],
      weights: [0.1, 0.3]
    })
    assert.isString(Faults.parseFlag("send-sms=boom"))
    assert.isString(Faults.parseFlag("send-sms=503:2"))
  })
})
