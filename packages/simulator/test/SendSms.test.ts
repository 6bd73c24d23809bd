import { assert, describe, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { Effect } from "effect"
import { call, message, order, T0, withClient } from "./support.ts"

const noBrand = { apiKey: "a".repeat(32), apiSecret: "no-brand-secret", senders: ["APITEST"] }
const poor = { apiKey: "b".repeat(32), apiSecret: "poor-secret", senders: ["APITEST"], balance: { sms: 3 } }
const as = (account: { apiKey: string; apiSecret: string }) => ({
  authentication: { key: account.apiKey, hash: Simulator.hashFor(account.apiKey, account.apiSecret) }
})

const eightParts = "a".repeat(148 * 7 + 1)

describe("send-sms", () => {
  layer(
    withClient(
      Simulator.layer({
        clock: { start: T0 },
        accounts: [{ ...Simulator.DemoAccount, blacklist: ["905559998877"] }, noBrand, poor]
      })
    ),
    { excludeTestServices: true }
  )((it) => {
    it.effect.each([
      [459, "empty sender", { sender: "" }],
      [460, "sender longer than 11", { sender: "ABCDEFGHIJKL" }],
      [460, "sender with Turkish letters", { sender: "ŞİRKET" }],
      [450, "sender not approved (case-sensitive)", { sender: "apitest" }],
      [454, "empty text", { message: message("", "5051234567") }],
      [454, "no message", { message: [] }],
      [452, "invalid recipient", { message: message("x", "5051234567", "12345") }],
      [452, "landline recipient", { message: message("x", "2121234567") }],
      [452, "blacklisted recipient", { message: message("x", "+90 555 999 88 77") }],
      [
        452,
        "receipents under order (legacy placement)",
        { message: { text: "x" }, receipents: { number: ["5051234567"] } }
      ],
      [453, "more than 7 parts", { message: message(eightParts, "5051234567") }],
      [457, "sendDateTime in Y-m-d", { sendDateTime: "2026-04-29 10:00" }],
      [457, "sendDateTime on 31/02", { sendDateTime: "31/02/2026 10:00" }],
      [468, "iys missing", { iys: undefined }],
      [468, "iys not 0/1", { iys: "2" }],
      [469, "iys=1 without iysList", { iys: "1" }],
      [469, "iys=1 with a bad iysList", { iys: 1, iysList: "HERKES" }]
    ] as const)("%s: %s", ([code, _name, overrides]) =>
      Effect.gen(function* () {
        const r = yield* call("send-sms", order(overrides))
        assert.strictEqual(r.status, code)
        assert.strictEqual(r.code, code)
        // Errors carry no payload (docs/providers/iletimerkezi-api.md "Envelope and status").
        assert.deepStrictEqual(Object.keys(r.response), ["status"])
      })
    )

    it.effect("470 when the account has no İYS brand and iys=1; iys=0 is fine there", () =>
      Effect.gen(function* () {
        const r = yield* call("send-sms", { ...as(noBrand), ...order({ iys: "1", iysList: "BIREYSEL" }) })
        assert.strictEqual(r.code, 470)
        assert.strictEqual(r.message, "IYS kodunuzu ayarlamalısınız")
        const ok = yield* call("send-sms", { ...as(noBrand), ...order({ message: message("iys 0", "5051234567") }) })
        assert.strictEqual(ok.code, 200)
      })
    )

    it.effect("402 when the credits cannot cover parts × recipients", () =>
      Effect.gen(function* () {
        const r = yield* call("send-sms", {
          ...as(poor),
          ...order({ message: message("a".repeat(200), "5051234567", "5051234568") })
        })
        assert.strictEqual(r.code, 402)
        assert.strictEqual(r.message, "Bakiye yetersiz")
        const ok = yield* call("send-sms", { ...as(poor), ...order({ message: message("short", "5051234567") }) })
        assert.strictEqual(ok.code, 200)
      })
    )

    it.effect("checks in the documented order when several things are wrong", () =>
      Effect.gen(function* () {
        const bad = {
          sender: "ŞİRKETİMİZİNADI",
          message: message("", "123"),
          sendDateTime: "bad",
          iys: undefined
        }
        const codes: Array<number> = []
        const steps: Array<Record<string, unknown>> = [
          { ...bad, sender: "" },
          bad,
          { ...bad, sender: "NOTMINE" },
          { ...bad, sender: "APITEST" },
          { ...bad, sender: "APITEST", message: message(eightParts, "123") },
          { ...bad, sender: "APITEST", message: message(eightParts, "5051234567") },
          { ...bad, sender: "APITEST", message: message("ok", "5051234567") },
          { ...bad, sender: "APITEST", message: message("ok", "5051234567"), sendDateTime: "" },
          { ...bad, sender: "APITEST", message: message("ok", "5051234567"), sendDateTime: "", iys: "1" }
        ]
        for (const step of steps) codes.push((yield* call("send-sms", order(step))).code)
        assert.deepStrictEqual(codes, [459, 460, 450, 454, 452, 453, 457, 468, 469])
      })
    )

    it.effect("tolerates the wire drift: numbers as numbers, +90 with spaces, arrays, iys as a number", () =>
      Effect.gen(function* () {
        const r = yield* call("send-sms", {
          order: {
            sender: ["EFFECTSMS"],
            sendDateTime: [],
            iys: 1,
            iysList: "TACIR",
            message: [
              { text: "drift one", receipents: { number: [905051112233, "+90 505 111 22 34"] } },
              { text: "drift two", receipents: { number: "05051112235" } }
            ]
          }
        })
        assert.strictEqual(r.code, 200)
        // send-sms answers the order id as a string (docs/providers/iletimerkezi-api.md "Envelope and status").
        assert.isString(r.response.order.id)
        const sim = yield* Simulator.Simulator
        const sent = (yield* sim.orders()).find((o) => o.id === r.response.order.id)!
        assert.deepStrictEqual(sent.numbers, ["905051112233", "905051112234", "905051112235"])
        assert.strictEqual(sent.sender, "EFFECTSMS")
      })
    )

    it.effect("seconds in sendDateTime mean 'send now'; a future dd/MM/yyyy HH:mm schedules", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const now = yield* call(
          "send-sms",
          order({ sendDateTime: "30/04/2026 10:00:00", message: message("s1", "5051230001") })
        )
        const later = yield* call(
          "send-sms",
          order({ sendDateTime: ["30/04/2026 10:00"], message: message("s2", "5051230002") })
        )
        assert.strictEqual(now.code, 200)
        assert.strictEqual(later.code, 200)
        const orders = yield* sim.orders()
        const a = orders.find((o) => o.id === now.response.order.id)!
        const b = orders.find((o) => o.id === later.response.order.id)!
        assert.isUndefined(a.scheduledFor)
        assert.strictEqual(b.scheduledFor, "2026-04-30 10:00:00")
        assert.strictEqual(b.state, "scheduled")
      })
    )

    it.effect("451 for the same text to the same recipient set within 10 minutes, any sender; OK after", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const body = (sender: string, numbers: Array<string>) =>
          order({ sender, message: message("duplicate guard", ...numbers) })
        const first = yield* call("send-sms", body("APITEST", ["5051234567", "5051234568"]))
        assert.strictEqual(first.code, 200)
        // Same set in another order and format, another sender: still a duplicate.
        const again = yield* call("send-sms", body("EFFECTSMS", ["+905051234568", "905051234567"]))
        assert.strictEqual(again.code, 451)
        assert.strictEqual(again.message, "Tekrar eden sipariş")
        // A different set is not a duplicate.
        const subset = yield* call("send-sms", body("APITEST", ["5051234567"]))
        assert.strictEqual(subset.code, 200)
        yield* sim.clock.advance("9 minutes")
        assert.strictEqual((yield* call("send-sms", body("APITEST", ["5051234567", "5051234568"]))).code, 451)
        yield* sim.clock.advance("1 minute")
        assert.strictEqual((yield* call("send-sms", body("APITEST", ["5051234567", "5051234568"]))).code, 200)
      })
    )

    it.effect("order ids increase", () =>
      Effect.gen(function* () {
        const a = yield* call("send-sms", order({ message: message("id a", "5051234567") }))
        const b = yield* call("send-sms", order({ message: message("id b", "5051234567") }))
        assert.strictEqual(Number(b.response.order.id), Number(a.response.order.id) + 1)
      })
    )
  })
})
