/**
 * Infobip preview, scheduled bulks, balance and deprecation notices over real HTTP against the simulator. The preview
 * tests cross-check core's segment counter against what the simulator answers (its counter is written separately).
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Segments } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { DateTime, Effect, Logger } from "effect"
import { client, clientFor, T0, withSimulator } from "./harness.ts"

layer(withSimulator(), { excludeTestServices: true })("Infobip preview", (it) => {
  const cases: ReadonlyArray<[string, string, "TR" | undefined]> = [
    ["GSM-7, one full part (160)", "a".repeat(160), undefined],
    ["GSM-7, two parts of 153", "a".repeat(161), undefined],
    ["GSM-7, an escape never split (€ at 153)", `${"a".repeat(152)}€${"a".repeat(20)}`, undefined],
    ["Turkish NLI, one part of 155", `ş${"a".repeat(153)}`, "TR"],
    ["Turkish NLI, parts of 149", "ığşçİĞŞ".repeat(40), "TR"],
    ["UCS-2 without a language, 70", "ş".repeat(70), undefined],
    ["UCS-2, parts of 67", "ж".repeat(135), undefined],
    ["UCS-2, a surrogate pair never split", `${"ж".repeat(66)}😀${"ж".repeat(10)}`, undefined]
  ]
  for (const [name, text, languageCode] of cases) {
    it.effect(`${name}: core's count equals the preview's`, () =>
      Effect.gen(function* () {
        const c = yield* client
        const p = yield* c.preview({ text, ...(languageCode === undefined ? {} : { languageCode }) })
        const shown = p.previews[p.previews.length - 1]!
        // Without a language Infobip uses no national table: core is asked for GSM-7 or UCS-2 only.
        const core =
          languageCode === "TR"
            ? Segments.count(text)
            : Segments.count(text, {
                limits: {
                  "gsm7-turkish-single-shift": { single: 70, multi: 67 },
                  "gsm7-turkish-locking-shift": { single: 70, multi: 67 }
                }
              })
        assert.deepStrictEqual([shown.messageCount, shown.charactersRemaining], [core.segments, core.remaining])
      })
    )
  }

  it.effect(
    "around the both-tables limits (152/146): core's own count equals the preview's, and a send with both flags uses 152/146",
    () =>
      Effect.gen(function* () {
        const c = yield* client
        const both = { languageCode: "TR", singleShift: true, lockingShift: true } as const
        // 3GPP TS 23.038 with both Turkish tables (a 3-septet header each way): 152 septets in one part, 146 per part.
        const bothTables = (n: number) => (n <= 152 ? 1 : Math.ceil(n / 146))
        for (const n of [152, 153, 292, 293]) {
          const text = "ş".repeat(n)
          // The preview takes no shift flags: it picks a table itself, as core does with its own (default) limits.
          const p = yield* c.preview({ text, languageCode: "TR" })
          const shown = p.previews[p.previews.length - 1]!
          const core = Segments.count(text)
          assert.deepStrictEqual(
            [shown.messageCount, shown.charactersRemaining],
            [core.segments, core.remaining],
            `${n} characters`
          )
          // Both flags on a v3 send: the parts the simulator reports follow the both-tables limits.
          const r = yield* c.sendMessages({ messages: [{ destinations: "41793026727", text, language: both }] })
          assert.strictEqual(r.messages[0]!.parts, bothTables(n), `${n} characters, both tables`)
        }
      })
  )

  it.effect("transliteration: the preview shows the replaced text, which fits GSM-7", () =>
    Effect.gen(function* () {
      const c = yield* client
      const p = yield* c.preview({ text: "Şişli'de buluşalım", transliteration: "TURKISH" })
      assert.strictEqual(p.previews[1]!.textPreview, "Sisli'de bulusalim")
      assert.strictEqual(p.previews[1]!.charactersRemaining, 160 - 18)
    })
  )
})

// The simulator on the real clock: schedules are checked against "now" by the client and by the provider alike.
layer(withSimulator({ clock: "real" }), { excludeTestServices: true })("Infobip bulks and balance", (it) => {
  it.effect("a scheduled bulk is read, rescheduled, paused, resumed and cancelled", () =>
    Effect.gen(function* () {
      const c = yield* client
      const now = Date.now()
      const sent = yield* c.sendMessages({
        bulkId: "campaign-42",
        sendAt: DateTime.makeUnsafe(now + 86_400_000),
        messages: [{ destinations: ["41793026727", "41793026728"], text: "tomorrow" }]
      })
      assert.strictEqual(sent.bulkId, "campaign-42")
      const schedule = yield* c.getBulkSchedule("campaign-42")
      assert.strictEqual(schedule.sendAt, new Date(now + 86_400_000).toISOString().replace("Z", "+0000"))
      const later = yield* c.rescheduleBulk("campaign-42", DateTime.makeUnsafe(now + 2 * 86_400_000))
      assert.strictEqual(later.sendAt, new Date(now + 2 * 86_400_000).toISOString().replace("Z", "+0000"))
      assert.strictEqual((yield* c.getBulkStatus("campaign-42")).status, "PENDING")
      assert.strictEqual((yield* c.pauseBulk("campaign-42")).status, "PAUSED")
      assert.strictEqual((yield* c.resumeBulk("campaign-42")).status, "PENDING")
      assert.strictEqual((yield* c.cancelBulk("campaign-42")).status, "CANCELED")
      // A cancelled bulk cannot be resumed: the provider refuses with a 400 naming the rule.
      const e = yield* Effect.flip(c.resumeBulk("campaign-42"))
      assert.strictEqual(e._tag, "InvalidRequest")
      const empty = yield* Effect.flip(c.pauseBulk(" "))
      assert.strictEqual(empty._tag, "InvalidInput")
    })
  )

  it.effect("the balance is read, and a send's cost comes off it", () =>
    Effect.gen(function* () {
      const c = yield* client
      const before = yield* c.balance
      yield* c.sendMessages({ messages: [{ destinations: "41793026727", text: "a".repeat(161) }] })
      const after = yield* c.balance
      assert.strictEqual(after.currency, "EUR")
      assert.closeTo(before.balance - after.balance, 0.02, 1e-9)
    })
  )
})

describe("Infobip deprecation notices", () => {
  it.live("Deprecation and Sunset are logged once per endpoint", () =>
    Effect.gen(function* () {
      const c = yield* client
      for (let i = 0; i < 3; i++) yield* c.sendAdvanced({ messages: [{ destinations: "41793026727", text: "v1" }] })
      yield* c.sendAdvanced({ version: 2, messages: [{ destinations: "41793026727", text: "v2" }] })
      yield* c.sendMessages({ messages: [{ destinations: "41793026727", text: "v3" }] })
      const deprecations = logged.filter((m) => m.includes("deprecated"))
      assert.strictEqual(deprecations.length, 2)
      assert.include(deprecations[0]!, "/sms/1/text/advanced")
      assert.include(deprecations[0]!, "Sunset")
      assert.include(deprecations[1]!, "/sms/2/text/advanced")
    }).pipe(
      Effect.provide(clientFor()),
      Effect.provide(Simulator.layer({ clock: { start: T0 } })),
      Effect.provide(Logger.layer([Logger.make((o) => logged.push(String(o.message)))]))
    )
  )
})

const logged: Array<string> = []
