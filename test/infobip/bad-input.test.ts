/**
 * The bad-input table for Infobip: what a JavaScript caller (or `as any`) can pass to each public method, and what
 * a TypeScript caller can pass that the provider would refuse. Every case must fail with a typed `InvalidInput`
 * (never a defect, never a hang) and the simulator must see no Infobip request at all.
 */
import { assert, layer } from "@effect/vitest"
import { Infobip } from "@effect-sms/core/infobip"
import { Simulator } from "@effect-sms/simulator"
import { Cause, DateTime, Effect, Exit, Stream } from "effect"
import { T0, withSimulator } from "./harness.ts"

type Client = Infobip.Service
type Case = readonly [name: string, call: (c: Client) => Effect.Effect<unknown, unknown>]

const js = <A>(value: unknown): A => value as A
const msg = { destinations: "905321112233", text: "Merhaba" }
const adv =
  (message: unknown, extra: object = {}) =>
  (c: Client) =>
    c.sendAdvanced(js({ messages: [message], ...extra }))
const v3 =
  (message: unknown, extra: object = {}) =>
  (c: Client) =>
    c.sendMessages(js({ messages: [message], ...extra }))
const past = DateTime.makeUnsafe(T0 - 3_600_000)
const drain = <A, E>(s: Stream.Stream<A, E>) => Stream.runDrain(Stream.take(s, 1))

const cases: ReadonlyArray<Case> = [
  // sendAdvanced: the shape
  ["sendAdvanced(null)", (c) => c.sendAdvanced(js(null))],
  ["sendAdvanced({})", (c) => c.sendAdvanced(js({}))],
  ["sendAdvanced: messages a string", (c) => c.sendAdvanced(js({ messages: "x" }))],
  ["sendAdvanced: no messages", (c) => c.sendAdvanced({ messages: [] })],
  ["sendAdvanced: a null message", adv(null)],
  ["sendAdvanced: text null", adv({ ...msg, text: null })],
  ["sendAdvanced: text a number", adv({ ...msg, text: 42 })],
  ["sendAdvanced: text missing", adv({ destinations: "905321112233" })],
  ["sendAdvanced: destinations null", adv({ ...msg, destinations: null })],
  ["sendAdvanced: a numeric destination", adv({ ...msg, destinations: 905321112233 })],
  ["sendAdvanced: a numeric destination in a list", adv({ ...msg, destinations: ["905321112233", 905321112234] })],
  ["sendAdvanced: a destination object with a numeric to", adv({ ...msg, destinations: [{ to: 905321112233 }] })],
  ["sendAdvanced: a destination object without to", adv({ ...msg, destinations: [{ messageId: "m1" }] })],
  ["sendAdvanced: a numeric messageId", adv({ ...msg, destinations: [{ to: "905321112233", messageId: 7 }] })],
  ["sendAdvanced: from a number", adv({ ...msg, from: 1234 })],
  ["sendAdvanced: notifyUrl a number", adv({ ...msg, notifyUrl: 80 })],
  ["sendAdvanced: validityPeriod 'x'", adv({ ...msg, validityPeriod: "x" })],
  ["sendAdvanced: validityPeriod null", adv({ ...msg, validityPeriod: null })],
  ["sendAdvanced: sendAt a number", adv({ ...msg, sendAt: 12 })],
  ["sendAdvanced: sendAt garbage", adv({ ...msg, sendAt: "tomorrow morning" })],
  ["sendAdvanced: bulkId a number", adv(msg, { bulkId: 12 })],
  ["sendAdvanced: flash 'yes'", adv({ ...msg, flash: "yes" })],
  ["sendAdvanced: callbackData an object", adv({ ...msg, callbackData: { a: 1 } })],
  // sendAdvanced: what the provider would refuse
  ["sendAdvanced: empty text", adv({ ...msg, text: "" })],
  ["sendAdvanced: no destinations", adv({ ...msg, destinations: [] })],
  ["sendAdvanced: letters for a number", adv({ ...msg, destinations: "not a number" })],
  ["sendAdvanced: a number too short", adv({ ...msg, destinations: "12" })],
  [
    "sendAdvanced: a duplicate messageId",
    adv({
      ...msg,
      destinations: [
        { to: "905321112233", messageId: "same" },
        { to: "905321112234", messageId: "same" }
      ]
    })
  ],
  ["sendAdvanced: notifyUrl ftp://", adv({ ...msg, notifyUrl: "ftp://example.com/hook" })],
  ["sendAdvanced: notifyUrl not a URL", adv({ ...msg, notifyUrl: "hook" })],
  ["sendAdvanced: a negative validity", adv({ ...msg, validityPeriod: -60_000 })],
  ["sendAdvanced: a schedule in 2099", adv({ ...msg, sendAt: DateTime.makeUnsafe("2099-01-01T00:00:00Z") })],
  ["sendAdvanced: a speed limit of 0", adv(msg, { sendingSpeedLimit: { amount: 0 } })],
  ["sendAdvanced: version 3", (c) => c.sendAdvanced(js({ messages: [msg], version: 3 }))],
  ["sendAdvanced: intermediateReport 1", adv({ ...msg, intermediateReport: 1 })],
  ["sendAdvanced: notifyContentType text/plain", adv({ ...msg, notifyContentType: "text/plain" })],
  // sendMessages (v3)
  ["sendMessages(null)", (c) => c.sendMessages(js(null))],
  ["sendMessages: no messages", (c) => c.sendMessages({ messages: [] })],
  ["sendMessages: text null", v3({ ...msg, text: null })],
  ["sendMessages: a numeric destination", v3({ ...msg, destinations: 905321112233 })],
  ["sendMessages: sender a number", v3({ ...msg, sender: 99 })],
  ["sendMessages: sendAt garbage", v3(msg, { sendAt: "soon" })],
  ["sendMessages: validity 'x'", v3({ ...msg, validityPeriod: "x" })],
  ["sendMessages: empty text", v3({ ...msg, text: "   " })],
  ["sendMessages: flash 'yes'", v3({ ...msg, flash: "yes" })],
  ["sendMessages: bulkId an object", v3(msg, { bulkId: {} })],
  // bulks
  ["getBulkSchedule(null)", (c) => c.getBulkSchedule(js(null))],
  ["getBulkSchedule('')", (c) => c.getBulkSchedule("")],
  ["getBulkStatus(a number)", (c) => c.getBulkStatus(js(42))],
  ["pauseBulk({})", (c) => c.pauseBulk(js({}))],
  ["resumeBulk(undefined)", (c) => c.resumeBulk(js(undefined))],
  ["cancelBulk('')", (c) => c.cancelBulk("")],
  ["rescheduleBulk: garbage time", (c) => c.rescheduleBulk("bulk-1", "garbage")],
  ["rescheduleBulk: a number", (c) => c.rescheduleBulk("bulk-1", js(5))],
  // preview
  ["preview(null)", (c) => c.preview(js(null))],
  ["preview: text null", (c) => c.preview(js({ text: null }))],
  ["preview: text empty", (c) => c.preview({ text: "" })],
  // reports and logs
  ["reports: limit 0", (c) => drain(c.reports({ limit: 0 }))],
  ["reports: limit 5000", (c) => drain(c.reports({ limit: 5000 }))],
  ["reports: limit 'x'", (c) => drain(c.reports(js({ limit: "x" })))],
  ["logs: limit 0", (c) => drain(c.logs({ limit: 0 }))],
  ["logs: limit 1.5", (c) => drain(c.logs({ limit: 1.5 }))],
  ["logs: sentSince garbage", (c) => drain(c.logs({ sentSince: "yesterday" }))],
  ["logs: sentSince after sentUntil", (c) => drain(c.logs({ sentSince: DateTime.makeUnsafe(T0), sentUntil: past }))],
  ["logsV1: sentSince garbage", (c) => drain(c.logsV1({ sentSince: "x" }))]
]

layer(withSimulator(), { excludeTestServices: true })("Infobip bad input", (it) => {
  it.effect(`the table has at least 60 cases (${cases.length})`, () =>
    Effect.sync(() => assert.isAtLeast(cases.length, 60))
  )

  it.effect.each(cases)("%s → InvalidInput, no request", ([, call]) =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const client = yield* Infobip.InfobipClient
      const count = Effect.map(sim.requests, (log) => log.filter((e) => e.route.startsWith("infobip/")).length)
      const before = yield* count
      const exit = yield* Effect.exit(call(client))
      assert.isTrue(Exit.isFailure(exit), "the call failed")
      if (Exit.isFailure(exit)) {
        assert.isFalse(Cause.hasDies(exit.cause), `a defect: ${Cause.pretty(exit.cause)}`)
        const error = Cause.squash(exit.cause) as { _tag?: string; message?: string }
        assert.strictEqual(error._tag, "InvalidInput", Cause.pretty(exit.cause))
      }
      assert.strictEqual(yield* count, before, "the simulator saw no request")
    })
  )
})
