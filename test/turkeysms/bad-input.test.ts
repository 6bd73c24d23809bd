/**
 * The bad-input table for TurkeySMS: what a JavaScript caller (or `as any`) can pass to each public method, and what
 * a TypeScript caller can pass that the provider would refuse. Every case must fail with a typed `InvalidInput`
 * (never a defect, never a hang) and the simulator must see no TurkeySMS request at all.
 */
import { assert, layer } from "@effect/vitest"
import type { TurkeySms } from "@effect-sms/core/turkeysms"
import { TurkeySms as T } from "@effect-sms/core/turkeysms"
import { Cause, DateTime, Effect, Exit, Stream } from "effect"
import { env, requests } from "./harness.ts"

type Client = TurkeySms.Service
type Case = readonly [name: string, call: (c: Client) => Effect.Effect<unknown, unknown>]

const ok = { title: "EFFECTSMS", text: "Merhaba", to: "905321112233" } as const
const at = (offsetMillis: number) => DateTime.makeUnsafe(Date.now() + offsetMillis)
const js = <A>(value: unknown): A => value as A
const send = (c: Client, input: unknown) => c.sendSms(js(input))
const group = (c: Client, input: unknown) => c.sendGroup(js(input))

const cases: ReadonlyArray<Case> = [
  // sendSms: the shape
  ["sendSms(null)", (c) => send(c, null)],
  ["sendSms(a string)", (c) => send(c, "905321112233")],
  ["sendSms: text null", (c) => send(c, { ...ok, text: null })],
  ["sendSms: text a number", (c) => send(c, { ...ok, text: 42 })],
  ["sendSms: text missing", (c) => send(c, { title: "EFFECTSMS", to: "905321112233" })],
  ["sendSms: a numeric recipient", (c) => send(c, { ...ok, to: 5321112233 })],
  ["sendSms: recipients null", (c) => send(c, { ...ok, to: null })],
  ["sendSms: recipients an object", (c) => send(c, { ...ok, to: { n: "905321112233" } })],
  ["sendSms: title a number", (c) => send(c, { ...ok, title: 1234 })],
  ["sendSms: title missing", (c) => send(c, { text: "x", to: "905321112233" })],
  ["sendSms: smsLang 3", (c) => send(c, { ...ok, smsLang: 3 })],
  ["sendSms: smsLang '1'", (c) => send(c, { ...ok, smsLang: "1" })],
  ["sendSms: contentType 7", (c) => send(c, { ...ok, contentType: 7 })],
  ["sendSms: contentType NaN", (c) => send(c, { ...ok, contentType: Number.NaN })],
  ["sendSms: schedule a string", (c) => send(c, { ...ok, schedule: "2026-12-01 09:00" })],
  ["sendSms: schedule null", (c) => send(c, { ...ok, schedule: null })],
  ["sendSms: international 'yes'", (c) => send(c, { ...ok, international: "yes" })],
  ["sendGroup: a numeric recipient in a list", (c) => group(c, { ...ok, to: ["905321112233", 5321112234] })],
  ["sendGroup(undefined)", (c) => group(c, undefined)],
  // sendSms: what the provider would refuse
  ["sendSms: empty title", (c) => c.sendSms({ ...ok, title: "" })],
  ["sendSms: empty text", (c) => c.sendSms({ ...ok, text: "" })],
  ["sendSms: blank text", (c) => c.sendSms({ ...ok, text: " \n\t " })],
  ["sendSms: no recipients", (c) => c.sendGroup({ ...ok, to: [] })],
  ["sendSms: a landline", (c) => c.sendSms({ ...ok, to: "02121112233" })],
  ["sendSms: letters in a number", (c) => c.sendSms({ ...ok, to: "0532abc2233" })],
  ["sendSms: a number too short", (c) => c.sendSms({ ...ok, to: "053211122" })],
  ["sendSms: international without opt-in", (c) => c.sendSms({ ...ok, to: "+447911123456" })],
  ["sendSms: a schedule in the past", (c) => c.sendSms({ ...ok, schedule: at(-3_600_000) })],
  ["sendSms: a schedule date malformed", (c) => c.sendSms({ ...ok, schedule: { date: "01.12.2026", time: "09:00" } })],
  ["sendSms: a schedule time malformed", (c) => c.sendSms({ ...ok, schedule: { date: "2026-12-01", time: "9" } })],
  // mixed
  ["sendMixed(null)", (c) => c.sendMixed(js(null))],
  ["sendMixed: texts not an array", (c) => c.sendMixed(js({ title: "EFFECTSMS", texts: "a", to: ["905321112233"] }))],
  ["sendMixed: a text null", (c) => c.sendMixed(js({ title: "EFFECTSMS", texts: [null], to: ["905321112233"] }))],
  ["sendMixed: a numeric number", (c) => c.sendMixed(js({ title: "EFFECTSMS", texts: ["a"], to: [5321112233] }))],
  ["sendMixed: unequal lengths", (c) => c.sendMixed({ title: "EFFECTSMS", texts: ["a", "b"], to: ["905321112233"] })],
  ["sendMixed: empty", (c) => c.sendMixed({ title: "EFFECTSMS", texts: [], to: [] })],
  [
    "sendMixed: title of 12 characters",
    (c) => c.sendMixed({ title: "ABCDEFGHIJKL", texts: ["a"], to: ["905321112233"] })
  ],
  ["sendSms: title of 12 characters", (c) => c.sendSms({ ...ok, title: "ABCDEFGHIJKL" })],
  // OTP
  ["sendOtp(null)", (c) => c.sendOtp(js(null))],
  ["sendOtp: to a number", (c) => c.sendOtp(js({ to: 5321112233 }))],
  ["sendOtp: digits 3", (c) => c.sendOtp({ to: "5321112233", digits: 3 })],
  ["sendOtp: digits 7", (c) => c.sendOtp({ to: "5321112233", digits: 7 })],
  ["sendOtp: digits 4.5", (c) => c.sendOtp({ to: "5321112233", digits: 4.5 })],
  ["sendOtp: digits '6'", (c) => c.sendOtp(js({ to: "5321112233", digits: "6" }))],
  ["sendOtp: a landline", (c) => c.sendOtp({ to: "02121112233" })],
  ["sendCustomOtp: no TS-CODE", (c) => c.sendCustomOtp({ to: "5321112233", title: "EFFECTSMS", text: "code: X" })],
  ["sendCustomOtp: text null", (c) => c.sendCustomOtp(js({ to: "5321112233", title: "EFFECTSMS", text: null }))],
  // ids
  ["getStatus(0)", (c) => c.getStatus(0)],
  ["getStatus(-1)", (c) => c.getStatus(-1)],
  ["getStatus(1.5)", (c) => c.getStatus(1.5)],
  ["getStatus(NaN)", (c) => c.getStatus(Number.NaN)],
  ["getStatus(2^53)", (c) => c.getStatus(2 ** 53)],
  ["getStatus('1e400')", (c) => c.getStatus("1e400")],
  ["getStatus('12ab')", (c) => c.getStatus("12ab")],
  ["getStatus('')", (c) => c.getStatus("")],
  ["getStatus(null)", (c) => c.getStatus(js(null))],
  ["getStatus({})", (c) => c.getStatus(js({}))],
  // blacklist
  ["addToBlacklist(a number)", (c) => c.addToBlacklist(js(5321112233))],
  ["addToBlacklist(null)", (c) => c.addToBlacklist(js(null))],
  ["addToBlacklist(a landline)", (c) => c.addToBlacklist("02161112233")],
  ["addToBlacklist(letters)", (c) => c.addToBlacklist("not a number")],
  // watch
  ["watch([0])", (c) => Stream.runDrain(c.watch([0], js({ every: "1 second" })))],
  ["watch(['abc'])", (c) => Stream.runDrain(c.watch(["abc"], js({ every: "1 second" })))],
  ["watch: ids null", (c) => Stream.runDrain(c.watch(js(null), js({ every: "1 second" })))]
]

layer(env(), { excludeTestServices: true })("TurkeySMS bad input", (it) => {
  it.effect(`the table has at least 60 cases (${cases.length})`, () =>
    Effect.sync(() => assert.isAtLeast(cases.length, 60))
  )

  it.effect.each(cases)("%s → InvalidInput, no request", ([, call]) =>
    Effect.gen(function* () {
      const client = yield* T.TurkeySmsClient
      const before = (yield* requests).length
      const exit = yield* Effect.exit(call(client))
      assert.isTrue(Exit.isFailure(exit), "the call failed")
      if (Exit.isFailure(exit)) {
        assert.isFalse(Cause.hasDies(exit.cause), `a defect: ${Cause.pretty(exit.cause)}`)
        const error = Cause.squash(exit.cause) as { _tag?: string; message?: string }
        assert.strictEqual(error._tag, "InvalidInput", Cause.pretty(exit.cause))
      }
      assert.strictEqual((yield* requests).length, before, "the simulator saw no request")
    })
  )
})
