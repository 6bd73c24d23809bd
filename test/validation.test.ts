/**
 * Bad input fails with a typed InvalidInput naming the field and the rule, and no request leaves the process: each
 * rule is checked against the simulator's own request counter.
 */

import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, type SmsError } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { DateTime, Effect, Layer } from "effect"
import { clientFor, turkeyDay } from "./support/harness.ts"

const simulator = Simulator.layer({ seed: "validation" })
const env = clientFor().pipe(Layer.provideMerge(simulator))

const ok = { sender: "APITEST", text: "Merhaba", to: "905321112233", iys: 0 } as const

type Case = {
  readonly name: string
  readonly field: string
  readonly rule: string
  readonly call: (c: IletiMerkezi.Service) => Effect.Effect<unknown, SmsError.SmsError>
}

const past = DateTime.makeUnsafe(Date.now() - 3_600_000)
const consent = {
  recipient: "905321112233",
  recipientType: "BIREYSEL",
  type: "MESAJ",
  status: "ONAY",
  source: "HS_WEB",
  consentDate: DateTime.makeUnsafe(Date.now() - 3_600_000)
} as const

const cases: ReadonlyArray<Case> = [
  { name: "empty sender", field: "sender", rule: "required", call: (c) => c.sendSms({ ...ok, sender: "" }) },
  {
    name: "sender over 11 characters",
    field: "sender",
    rule: "max-length",
    call: (c) => c.sendSms({ ...ok, sender: "ABCDEFGHIJKL" })
  },
  {
    name: "sender with Turkish characters",
    field: "sender",
    rule: "no-turkish-characters",
    call: (c) => c.sendSms({ ...ok, sender: "ŞİRKET" })
  },
  { name: "empty text", field: "text", rule: "required", call: (c) => c.sendSms({ ...ok, text: "  " }) },
  {
    name: "empty text in a message",
    field: "messages[1].text",
    rule: "required",
    call: (c) =>
      c.sendSms({
        sender: "APITEST",
        iys: 0,
        messages: [
          { text: "a", to: "905321112233" },
          { text: "", to: "905321112234" }
        ]
      })
  },
  { name: "no recipients", field: "to", rule: "required", call: (c) => c.sendSms({ ...ok, to: [] }) },
  {
    name: "a landline recipient",
    field: "to[1]",
    rule: "turkish-mobile",
    call: (c) => c.sendSms({ ...ok, to: ["905321112233", "02122223344"] })
  },
  {
    name: "a foreign recipient",
    field: "to[0]",
    rule: "turkish-mobile",
    call: (c) => c.sendSms({ ...ok, to: "+4915112345678" })
  },
  { name: "a schedule in the past", field: "sendAt", rule: "future", call: (c) => c.sendSms({ ...ok, sendAt: past }) },
  {
    name: "text over 7 parts",
    field: "text",
    rule: "max-parts",
    call: (c) => c.sendSms({ ...ok, text: "a".repeat(153 * 7 + 1) })
  },
  {
    name: "iys 1 without a list",
    field: "iysList",
    rule: "required-when-iys",
    call: (c) => c.sendSms({ ...ok, iys: 1 })
  },
  {
    name: "get-reports date not Y-m-d",
    field: "start",
    rule: "date",
    call: (c) => c.getReports({ start: "22/04/2026", end: "2026-04-29" })
  },
  {
    name: "get-reports end before start",
    field: "end",
    rule: "not-before-start",
    call: (c) => c.getReports({ start: "2026-04-29", end: "2026-04-22" })
  },
  {
    name: "get-reports range over 10 days",
    field: "end",
    rule: "max-range",
    call: (c) => c.getReports({ start: "2026-04-01", end: "2026-04-20" })
  },
  { name: "page < 1", field: "page", rule: "min", call: (c) => c.getReport("12345", { page: 0 }) },
  {
    name: "rowCount over 1000",
    field: "rowCount",
    rule: "range",
    call: (c) => c.getReport("12345", { rowCount: 1001 })
  },
  { name: "rowCount under 1", field: "rowCount", rule: "range", call: (c) => c.getBlacklist({ rowCount: 0 }) },
  { name: "a malformed order id", field: "orderId", rule: "digits", call: (c) => c.cancelOrder("12ab") },
  {
    name: "more than 5,000 consent records",
    field: "consents",
    rule: "max-records",
    call: (c) => c.registerConsents({ brandCode: 696422, consents: Array.from({ length: 5001 }, () => consent) })
  },
  {
    name: "a consent older than 3 days",
    field: "consents[0].consentDate",
    rule: "max-age",
    call: (c) =>
      c.registerConsents({ brandCode: 696422, consents: [{ ...consent, consentDate: "2020-01-01 10:00:00" }] })
  },
  {
    name: "a consent with a bad source",
    field: "consents[0].source",
    rule: "iys-source",
    call: (c) => c.registerConsents({ brandCode: 696422, consents: [{ ...consent, source: "WEB" }] })
  },
  {
    name: "an email consent that is not an email",
    field: "consents[0].recipient",
    rule: "email",
    call: (c) => c.registerConsents({ brandCode: 696422, consents: [{ ...consent, type: "EPOSTA" }] })
  },
  {
    name: "a malformed brand code",
    field: "brandCode",
    rule: "digits",
    call: (c) =>
      c.checkConsent({ brandCode: "abc", recipient: "905321112233", recipientType: "BIREYSEL", type: "MESAJ" })
  },
  {
    name: "a malformed blacklist number",
    field: "number",
    rule: "turkish-mobile",
    call: (c) => c.addToBlacklist("12345")
  },
  {
    name: "a malformed number to remove",
    field: "number",
    rule: "turkish-mobile",
    call: (c) => c.removeFromBlacklist("0212 222 33 44")
  }
]

describe("validation before any request", () => {
  it.live.each(cases)("$name → InvalidInput($field, $rule), no request sent", ({ field, rule, call }) =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(IletiMerkezi.IletiMerkeziClient)
      const before = yield* sim.requestCount()
      const error = yield* Effect.flip(call(client))
      assert.strictEqual(error._tag, "InvalidInput")
      if (error._tag === "InvalidInput") {
        assert.strictEqual(error.field, field)
        assert.strictEqual(error.rule, rule)
        assert.isAbove(error.message.length, 10)
      }
      assert.strictEqual(yield* sim.requestCount(), before, "the simulator saw no request")
    }).pipe(Effect.provide(env))
  )

  it.live("valid input in every accepted phone form is normalised and sent once", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(IletiMerkezi.IletiMerkeziClient)
      const { orderId } = yield* client.sendSms({
        ...ok,
        to: ["905321112233", "+905321112234", "05321112235", "5321112236", "+90 (532) 111-22-37", "0532 111 22 33"]
      })
      const [order] = (yield* sim.orders()).filter((o) => o.id === orderId)
      // The last one repeats the first after normalisation: it is sent once.
      assert.deepStrictEqual(order!.numbers, [
        "905321112233",
        "905321112234",
        "905321112235",
        "905321112236",
        "905321112237"
      ])
      assert.strictEqual(yield* sim.requestCount("send-sms"), 1)
    }).pipe(Effect.provide(env))
  )

  it.live("get-reports: a gap of 10 days is accepted by the client and the provider, 11 by neither", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(IletiMerkezi.IletiMerkeziClient)
      const page = yield* client.getReports({ start: "2026-04-01", end: "2026-04-11" })
      assert.strictEqual(page.count, 0)
      const before = yield* sim.requestCount()
      const error = yield* Effect.flip(client.getReports({ start: "2026-04-01", end: "2026-04-12" }))
      assert.strictEqual(error._tag, "InvalidInput")
      assert.strictEqual(yield* sim.requestCount(), before)
    }).pipe(Effect.provide(env))
  )

  it.live("parts are counted as the provider counts them: 7 × 148 GSM-7 characters are sent, one more is refused", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(IletiMerkezi.IletiMerkeziClient)
      yield* sim.resetStats
      // 7 parts of 148 (153 less the provider's 5-character operator code): the provider takes it.
      yield* client.sendSms({ ...ok, text: "b".repeat(148 * 7), to: "905321110071" })
      assert.strictEqual(yield* sim.requestCount("send-sms"), 1)
      // 1,037 to 1,071 characters fit 7 standard 3GPP parts, but not 7 of the provider's: refused here, not by a 453.
      for (const length of [148 * 7 + 1, 153 * 7]) {
        const error = yield* Effect.flip(client.sendSms({ ...ok, text: "b".repeat(length), to: "905321110072" }))
        assert.strictEqual(error._tag, "InvalidInput")
        if (error._tag === "InvalidInput") assert.strictEqual(error.rule, "max-parts")
      }
      assert.strictEqual(yield* sim.requestCount("send-sms"), 1)
    }).pipe(Effect.provide(env))
  )

  it.live("a schedule goes on the wire as dd/MM/yyyy HH:mm in Turkey time, seconds dropped", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(IletiMerkezi.IletiMerkeziClient)
      // 06:07:59 UTC, 30 days from now, is 09:07 that day in Turkey.
      const day = turkeyDay(30)
      const { orderId } = yield* client.sendSms({ ...ok, sendAt: DateTime.makeUnsafe(`${day}T06:07:59Z`) })
      const [order] = (yield* sim.orders()).filter((o) => o.id === orderId)
      assert.strictEqual(order!.scheduledFor, `${day} 09:07:00`)
    }).pipe(Effect.provide(env))
  )
})
