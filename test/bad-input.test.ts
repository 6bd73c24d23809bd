/**
 * The bad-input table for iletiMerkezi: what a JavaScript caller (or `as any`) can pass to each public method, and
 * what a TypeScript caller can pass that the provider would refuse. Every case must fail with a typed `InvalidInput`
 * (never a defect, never a hang) and the simulator must see no request at all.
 */
import { assert, layer } from "@effect/vitest"
import { IletiMerkezi, IletiMerkeziEndpoints } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Cause, DateTime, Effect, Exit, Layer, Stream } from "effect"
import { clientFor } from "./support/harness.ts"

const env = clientFor().pipe(Layer.provideMerge(Simulator.layer({ seed: "bad-input" })))

type Client = IletiMerkezi.Service
type Case = readonly [name: string, call: (c: Client) => Effect.Effect<unknown, unknown>]

const ok = { sender: "APITEST", text: "Merhaba", to: "905321112233", iys: 0 } as const
const day = 86_400_000
const at = (offsetMillis: number) => DateTime.makeUnsafe(Date.now() + offsetMillis)
// Values a JavaScript caller can pass where the types say otherwise.
const js = <A>(value: unknown): A => value as A
const drain = <A, E>(stream: Stream.Stream<A, E>) => Stream.runDrain(stream)
const consent = {
  recipient: "905321112233",
  recipientType: "BIREYSEL",
  type: "MESAJ",
  status: "ONAY",
  source: "HS_WEB",
  consentDate: at(-3_600_000)
} as const
const send = (c: Client, input: unknown) => c.sendSms(js(input))

const cases: ReadonlyArray<Case> = [
  // sendSms: the shape
  ["sendSms(null)", (c) => send(c, null)],
  ["sendSms(a string)", (c) => send(c, "905321112233")],
  ["sendSms: text null", (c) => send(c, { ...ok, text: null })],
  ["sendSms: text a number", (c) => send(c, { ...ok, text: 42 })],
  ["sendSms: text missing", (c) => send(c, { sender: "APITEST", to: "905321112233", iys: 0 })],
  ["sendSms: a numeric recipient", (c) => send(c, { ...ok, to: 5321112233 })],
  ["sendSms: a numeric recipient in a list", (c) => send(c, { ...ok, to: ["905321112233", 5321112234] })],
  ["sendSms: recipients null", (c) => send(c, { ...ok, to: null })],
  ["sendSms: recipients an object", (c) => send(c, { ...ok, to: { number: "905321112233" } })],
  ["sendSms: sender a number", (c) => send(c, { ...ok, sender: 1234 })],
  ["sendSms: sender missing", (c) => send(c, { text: "x", to: "905321112233", iys: 0 })],
  ["sendSms: iys 2", (c) => send(c, { ...ok, iys: 2 })],
  ["sendSms: iys '1'", (c) => send(c, { ...ok, iys: "1" })],
  ["sendSms: iys missing", (c) => send(c, { sender: "APITEST", text: "x", to: "905321112233" })],
  ["sendSms: iysList unknown", (c) => send(c, { ...ok, iys: 1, iysList: "HERKES" })],
  ["sendSms: iys 1 without iysList", (c) => send(c, { ...ok, iys: 1 })],
  ["sendSms: sendAt a string", (c) => send(c, { ...ok, sendAt: "2026-12-01 09:00" })],
  ["sendSms: sendAt a Date", (c) => send(c, { ...ok, sendAt: new Date() })],
  ["sendSms: messages not an array", (c) => send(c, { sender: "APITEST", iys: 0, messages: "x" })],
  ["sendSms: messages empty", (c) => send(c, { sender: "APITEST", iys: 0, messages: [] })],
  ["sendSms: messages[0] null", (c) => send(c, { sender: "APITEST", iys: 0, messages: [null] })],
  [
    "sendSms: messages[1].to numeric",
    (c) =>
      send(c, {
        sender: "APITEST",
        iys: 0,
        messages: [
          { text: "a", to: "905321112233" },
          { text: "b", to: 5321112234 }
        ]
      })
  ],
  // sendSms: what the provider would refuse
  ["sendSms: empty sender", (c) => c.sendSms({ ...ok, sender: "" })],
  ["sendSms: blank sender", (c) => c.sendSms({ ...ok, sender: "   " })],
  ["sendSms: sender of 12 characters", (c) => c.sendSms({ ...ok, sender: "ABCDEFGHIJKL" })],
  ["sendSms: sender with Turkish letters", (c) => c.sendSms({ ...ok, sender: "ŞİRKET" })],
  ["sendSms: sender with other letters", (c) => c.sendSms({ ...ok, sender: "CAFÉ" })],
  ["sendSms: sender with an emoji", (c) => c.sendSms({ ...ok, sender: "SHOP🚀" })],
  ["sendSms: sender with a tab", (c) => c.sendSms({ ...ok, sender: "ACME\tX" })],
  ["sendSms: sender with a newline", (c) => c.sendSms({ ...ok, sender: "ACME\n" })],
  ["sendSms: empty text", (c) => c.sendSms({ ...ok, text: "" })],
  ["sendSms: blank text", (c) => c.sendSms({ ...ok, text: " \n\t " })],
  ["sendSms: GSM-7 text of 1,037 characters", (c) => c.sendSms({ ...ok, text: "a".repeat(1037) })],
  ["sendSms: GSM-7 text of 1,071 characters", (c) => c.sendSms({ ...ok, text: "a".repeat(1071) })],
  ["sendSms: Turkish text of 8 parts", (c) => c.sendSms({ ...ok, text: "ş".repeat(144 * 7 + 1) })],
  ["sendSms: Unicode text of 8 parts", (c) => c.sendSms({ ...ok, text: "Ж".repeat(62 * 7 + 1) })],
  ["sendSms: emoji text of 8 parts", (c) => c.sendSms({ ...ok, text: "🚀".repeat(31 * 7 + 1) })],
  ["sendSms: no recipients", (c) => c.sendSms({ ...ok, to: [] })],
  ["sendSms: a landline", (c) => c.sendSms({ ...ok, to: "02121112233" })],
  ["sendSms: a foreign number", (c) => c.sendSms({ ...ok, to: "+4915112345678" })],
  ["sendSms: letters in a number", (c) => c.sendSms({ ...ok, to: "0532abc2233" })],
  ["sendSms: a number too short", (c) => c.sendSms({ ...ok, to: "053211122" })],
  ["sendSms: an empty number", (c) => c.sendSms({ ...ok, to: "" })],
  [
    "sendSms: 50,001 recipients",
    (c) =>
      c.sendSms({
        ...ok,
        to: Array.from({ length: 50_001 }, (_, i) => `905${String(300_000_000 + i).padStart(9, "0")}`)
      })
  ],
  ["sendSms: a schedule in the past", (c) => c.sendSms({ ...ok, sendAt: at(-3_600_000) })],
  ["sendSms: a schedule in 2099", (c) => c.sendSms({ ...ok, sendAt: DateTime.makeUnsafe("2099-01-01T09:00:00Z") })],
  ["sendSms: a schedule 366 days ahead", (c) => c.sendSms({ ...ok, sendAt: at(366 * day) })],
  // order ids
  ["cancelOrder(0)", (c) => c.cancelOrder(0)],
  ["cancelOrder('0')", (c) => c.cancelOrder("0")],
  ["cancelOrder(-1)", (c) => c.cancelOrder(-1)],
  ["cancelOrder(1.5)", (c) => c.cancelOrder(1.5)],
  ["cancelOrder(NaN)", (c) => c.cancelOrder(Number.NaN)],
  ["cancelOrder(Infinity)", (c) => c.cancelOrder(Number.POSITIVE_INFINITY)],
  ["cancelOrder(2^53)", (c) => c.cancelOrder(2 ** 53)],
  ["cancelOrder('99999999999999999999')", (c) => c.cancelOrder("99999999999999999999")],
  ["cancelOrder('1e400')", (c) => c.cancelOrder("1e400")],
  ["cancelOrder('12ab')", (c) => c.cancelOrder("12ab")],
  ["cancelOrder('0x1F')", (c) => c.cancelOrder("0x1F")],
  ["cancelOrder('')", (c) => c.cancelOrder("")],
  ["cancelOrder(null)", (c) => c.cancelOrder(js(null))],
  ["cancelOrder({})", (c) => c.cancelOrder(js({}))],
  ["getReport('-5')", (c) => c.getReport("-5")],
  ["getReport: page 0", (c) => c.getReport("12345", { page: 0 })],
  ["getReport: page 1.5", (c) => c.getReport("12345", { page: 1.5 })],
  ["getReport: page '2'", (c) => c.getReport("12345", { page: js("2") })],
  ["getReport: rowCount 1001", (c) => c.getReport("12345", { rowCount: 1001 })],
  ["getReport: rowCount 0", (c) => c.getReport("12345", { rowCount: 0 })],
  // ranges
  ["getReports(null)", (c) => c.getReports(js(null))],
  ["getReports: start a number", (c) => c.getReports(js({ start: 20260401, end: "2026-04-05" }))],
  ["getReports: end missing", (c) => c.getReports(js({ start: "2026-04-01" }))],
  ["getReports: start not a date", (c) => c.getReports({ start: "2026-02-30", end: "2026-03-01" })],
  ["getReports: end before start", (c) => c.getReports({ start: "2026-04-05", end: "2026-04-01" })],
  ["getReports: 11 days apart", (c) => c.getReports({ start: "2026-04-01", end: "2026-04-12" })],
  ["getReports: page 0", (c) => c.getReports({ start: "2026-04-01", end: "2026-04-05" }, { page: 0 })],
  // blacklist
  ["getBlacklist: page -1", (c) => c.getBlacklist({ page: -1 })],
  ["getBlacklist: rowCount 5000", (c) => c.getBlacklist({ rowCount: 5000 })],
  ["getBlacklist: start malformed", (c) => c.getBlacklist({ start: "2026-04-01" })],
  ["getBlacklist: end a number", (c) => c.getBlacklist({ end: js(20260401) })],
  ["addToBlacklist(a number)", (c) => c.addToBlacklist(js(5321112233))],
  ["addToBlacklist(null)", (c) => c.addToBlacklist(js(null))],
  ["addToBlacklist(a landline)", (c) => c.addToBlacklist("02161112233")],
  ["removeFromBlacklist(undefined)", (c) => c.removeFromBlacklist(js(undefined))],
  ["removeFromBlacklist(a foreign number)", (c) => c.removeFromBlacklist("+15551234567")],
  // İYS
  ["registerConsents(null)", (c) => c.registerConsents(js(null))],
  ["registerConsents: consents not an array", (c) => c.registerConsents(js({ brandCode: 1, consents: "x" }))],
  ["registerConsents: no consents", (c) => c.registerConsents({ brandCode: 696422, consents: [] })],
  [
    "registerConsents: 5,001 consents",
    (c) => c.registerConsents({ brandCode: 696422, consents: Array.from({ length: 5001 }, () => consent) })
  ],
  ["registerConsents: brandCode 'abc'", (c) => c.registerConsents({ brandCode: "abc", consents: [consent] })],
  [
    "registerConsents: recipient null",
    (c) => c.registerConsents(js({ brandCode: 696422, consents: [{ ...consent, recipient: null }] }))
  ],
  [
    "registerConsents: recipientType unknown",
    (c) => c.registerConsents(js({ brandCode: 696422, consents: [{ ...consent, recipientType: "KURUM" }] }))
  ],
  [
    "registerConsents: a consent date in the future",
    (c) => c.registerConsents({ brandCode: 696422, consents: [{ ...consent, consentDate: at(day) }] })
  ],
  [
    "registerConsents: a consent date 4 days old",
    (c) => c.registerConsents({ brandCode: 696422, consents: [{ ...consent, consentDate: at(-4 * day) }] })
  ],
  [
    "registerConsents: a bad email",
    (c) =>
      c.registerConsents({ brandCode: 696422, consents: [{ ...consent, type: "EPOSTA", recipient: "not-an-email" }] })
  ],
  ["checkConsent(null)", (c) => c.checkConsent(js(null))],
  [
    "checkConsent: recipient a number",
    (c) => c.checkConsent(js({ brandCode: 696422, recipient: 5321112233, recipientType: "BIREYSEL", type: "MESAJ" }))
  ],
  [
    "checkConsent: type unknown",
    (c) => c.checkConsent(js({ brandCode: 696422, recipient: "905321112233", recipientType: "BIREYSEL", type: "FAX" }))
  ],
  // streams
  ["reportPages(0)", (c) => drain(c.reportPages(0))],
  ["reportPages: rowCount 2000", (c) => drain(c.reportPages("12345", { rowCount: 2000 }))],
  ["reportMessages('1e400')", (c) => drain(c.reportMessages("1e400"))],
  ["orders(null)", (c) => drain(c.orders(js(null)))],
  ["orders: end before start", (c) => drain(c.orders({ start: "2026-04-05", end: "2026-04-01" }))],
  ["orders: start malformed", (c) => drain(c.orders({ start: "01/04/2026", end: "2026-04-05" }))],
  ["orderPages: start a number", (c) => drain(c.orderPages(js({ start: 1, end: "2026-04-05" })))],
  [
    "exportMessages: concurrency NaN",
    (c) => drain(c.exportMessages({ start: "2026-04-01", end: "2026-04-05" }, { concurrency: Number.NaN }))
  ],
  [
    "exportMessages: concurrency 0",
    (c) => drain(c.exportMessages({ start: "2026-04-01", end: "2026-04-05" }, { concurrency: 0 }))
  ],
  [
    "exportMessages: concurrency 2.5",
    (c) => drain(c.exportMessages({ start: "2026-04-01", end: "2026-04-05" }, { concurrency: 2.5 }))
  ],
  [
    "exportMessages: rowCount 0",
    (c) => drain(c.exportMessages({ start: "2026-04-01", end: "2026-04-05" }, { rowCount: 0 }))
  ],
  ["exportMessages(null)", (c) => drain(c.exportMessages(js(null)))],
  // execute takes request values from anywhere (queues, replays)
  ["execute(getReport, {})", (c) => c.execute(IletiMerkeziEndpoints.getReport, js({}))],
  ["execute(sendSms, null)", (c) => c.execute(IletiMerkeziEndpoints.sendSms, js(null))],
  [
    "execute(sendSms, a plain object)",
    (c) => c.execute(IletiMerkeziEndpoints.sendSms, js({ sender: "APITEST", messages: [], iys: 0 }))
  ]
]

layer(env, { excludeTestServices: true })("iletiMerkezi bad input", (it) => {
  it.effect(`the table has at least 60 cases (${cases.length})`, () =>
    Effect.sync(() => assert.isAtLeast(cases.length, 60))
  )

  it.effect.each(cases)("%s → InvalidInput, no request", ([, call]) =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const client = yield* IletiMerkezi.IletiMerkeziClient
      const before = yield* sim.requestCount()
      const exit = yield* Effect.exit(call(client))
      assert.isTrue(Exit.isFailure(exit), "the call failed")
      if (Exit.isFailure(exit)) {
        assert.isFalse(Cause.hasDies(exit.cause), `a defect: ${Cause.pretty(exit.cause)}`)
        const error = Cause.squash(exit.cause) as { _tag?: string; field?: string; message?: string }
        assert.strictEqual(error._tag, "InvalidInput", Cause.pretty(exit.cause))
        assert.isAbove(error.message?.length ?? 0, 5)
      }
      assert.strictEqual(yield* sim.requestCount(), before, "the simulator saw no request")
    })
  )
})
