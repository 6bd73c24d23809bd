/**
 * Bad TurkeySMS input fails with a typed InvalidInput naming the field and the rule, and no request leaves the
 * process: each rule is checked against the simulator's own request counter.
 */
import { assert, describe, it } from "@effect/vitest"
import type { SmsError } from "@effect-sms/core"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { Simulator } from "@effect-sms/simulator"
import { DateTime, Effect } from "effect"
import { control, env } from "./harness.ts"

const ok = { title: "EFFECTSMS", text: "Merhaba", to: "905321112233" } as const

type Case = {
  readonly name: string
  readonly field: string
  readonly rule: string
  readonly call: (c: TurkeySms.Service) => Effect.Effect<unknown, SmsError.SmsError>
}

const past = DateTime.makeUnsafe(Date.now() - 3_600_000)

const cases: ReadonlyArray<Case> = [
  { name: "empty text", field: "text", rule: "required", call: (c) => c.sendSms({ ...ok, text: " \n " }) },
  { name: "empty title", field: "title", rule: "required", call: (c) => c.sendSms({ ...ok, title: "" }) },
  { name: "a bad number", field: "to", rule: "turkish-mobile", call: (c) => c.sendSms({ ...ok, to: "12345" }) },
  {
    name: "a landline",
    field: "to[1]",
    rule: "turkish-mobile",
    call: (c) => c.sendGroup({ ...ok, to: ["5321112233", "0212 222 33 44"] })
  },
  {
    name: "international without opt-in",
    field: "to",
    rule: "international-not-enabled",
    call: (c) => c.sendSms({ ...ok, to: "+44 7911 123456" })
  },
  {
    name: "an international landline with opt-in",
    field: "to",
    rule: "e164",
    call: (c) => c.sendSms({ ...ok, to: "+44 20 7946 0958", international: true })
  },
  {
    name: "a custom OTP text without TS-CODE",
    field: "text",
    rule: "otp-placeholder",
    call: (c) => c.sendCustomOtp({ to: "5321112233", title: "EFFECTSMS", text: "Your code: CODE" })
  },
  { name: "3 OTP digits", field: "digits", rule: "range", call: (c) => c.sendOtp({ to: "5321112233", digits: 3 }) },
  { name: "7 OTP digits", field: "digits", rule: "range", call: (c) => c.sendOtp({ to: "5321112233", digits: 7 }) },
  {
    name: "mixed sends of unequal length",
    field: "to",
    rule: "same-length",
    call: (c) => c.sendMixed({ title: "EFFECTSMS", texts: ["a", "b", "c"], to: ["5321112233", "5321112234"] })
  },
  {
    name: "a schedule in the past",
    field: "schedule",
    rule: "future",
    call: (c) => c.sendSms({ ...ok, schedule: past })
  },
  {
    name: "a malformed schedule",
    field: "schedule.date",
    rule: "format",
    call: (c) => c.sendSms({ ...ok, schedule: { date: "31.12.2030", time: "09:00" } })
  },
  {
    name: "a schedule on a day that does not exist",
    field: "schedule",
    rule: "format",
    call: (c) => c.sendSms({ ...ok, schedule: { date: "2030-02-30", time: "09:00" } })
  },
  {
    name: "Turkish letters with sms_lang 0",
    field: "text",
    rule: "sms-lang",
    call: (c) => c.sendSms({ ...ok, text: "Teşekkürler", smsLang: 0 })
  },
  { name: "a malformed message id", field: "smsId", rule: "digits", call: (c) => c.getStatus("12ab") },
  {
    name: "a malformed blacklist number",
    field: "number",
    rule: "turkish-mobile",
    call: (c) => c.addToBlacklist("555")
  }
]

describe("TurkeySMS validation before any request", () => {
  it.live.each(cases)("$name → InvalidInput($field, $rule), no request sent", ({ field, rule, call }) =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const error = yield* Effect.flip(call(client))
      assert.strictEqual(error._tag, "InvalidInput")
      if (error._tag === "InvalidInput") {
        assert.strictEqual(error.field, field)
        assert.strictEqual(error.rule, rule)
        assert.isAbove(error.message.length, 10)
      }
      assert.strictEqual(yield* sim.requestCount(), 0, "the simulator saw no request")
    }).pipe(Effect.provide(env()))
  )

  it.live("+ and spaces in numbers are normalised to 90… digits, duplicates sent once", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const client = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const result = yield* client.sendGroup({
        ...ok,
        to: ["+90 532 111 22 33", "0532 111 22 34", "(532) 111-22-35", "0090 532 111 22 33"]
      })
      assert.strictEqual(result.totalRecipients, 3)
      assert.deepStrictEqual(
        (yield* control).messages().map((m) => m.number),
        ["905321112233", "905321112234", "905321112235"]
      )
      assert.strictEqual(yield* sim.requestCount(), 1)
    }).pipe(Effect.provide(env()))
  )
})
