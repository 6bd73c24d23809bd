/**
 * Infobip sends over real HTTP against the simulator: v1, v2 and v3, generated message ids, per-destination
 * rejections inside a 200, both error body formats, and validation before any request.
 */
import { assert, describe, it, layer } from "@effect/vitest"
import { Retry, SmsError } from "@effect-sms/core"
import { Auth, InfobipEndpoints, Status } from "@effect-sms/core/infobip"
import { Simulator } from "@effect-sms/simulator"
import { DateTime, Effect, Redacted } from "effect"
import { client, control, T0, withSimulator } from "./harness.ts"

const sim = Effect.service(Simulator.Simulator)

layer(withSimulator(), { excludeTestServices: true })("Infobip sends", (it) => {
  it.effect("v1: the seed's model goes out; every destination gets a message id, the caller's kept", () =>
    Effect.gen(function* () {
      const c = yield* client
      const r = yield* c.sendAdvanced({
        bulkId: "BULK-ID-123-xyz",
        messages: [
          {
            from: "SMSC",
            destinations: [{ to: "41793026727", messageId: "MESSAGE-ID-123-xyz" }, "41793026834"],
            text: "Artık Ulusal Dil Tanımlayıcısı ile Türkçe karakterli smslerinizi rahatlıkla iletebilirsiniz.",
            flash: false,
            intermediateReport: true,
            callbackData: "DLR callback data",
            validityPeriod: "12 hours",
            language: { languageCode: "TR" },
            transliteration: "TURKISH"
          },
          {
            from: "41793026700",
            destinations: "41793026700",
            text: "A long time ago, in a galaxy far, far away...",
            sendAt: DateTime.makeUnsafe(T0 + 3_600_000),
            deliveryTimeWindow: {
              days: ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"],
              from: { hour: 6, minute: 0 },
              to: { hour: 15, minute: 30 }
            }
          }
        ],
        tracking: { track: "SMS", type: "MY_CAMPAIGN" }
      })
      assert.strictEqual(r.bulkId, "BULK-ID-123-xyz")
      assert.strictEqual(r.messages.length, 3)
      assert.strictEqual(r.messages[0]!.messageId, "MESSAGE-ID-123-xyz")
      assert.match(r.messages[1]!.messageId, /^[0-9a-f-]{36}$/)
      assert.isTrue(r.messages.every((m) => m.status.name === "PENDING_ACCEPTED" && !m.status.final))
      assert.isFalse(r.reconciled)
      const ctl = yield* control
      const stored = ctl.messages().find((m) => m.messageId === "MESSAGE-ID-123-xyz")!
      assert.strictEqual(stored.validityMillis, 12 * 3_600_000)
      assert.strictEqual(stored.callbackData, "DLR callback data")
    })
  )

  it.effect("v2 answers the part count when asked; v3 always", () =>
    Effect.gen(function* () {
      const c = yield* client
      const v2 = yield* c.sendAdvanced({
        version: 2,
        includeSmsCountInResponse: true,
        messages: [{ destinations: "41793026727", text: "a".repeat(161) }]
      })
      assert.strictEqual(v2.messages[0]!.parts, 2)
      const v3 = yield* c.sendMessages({
        messages: [
          {
            sender: "ACME",
            destinations: ["905321112233"],
            text: "ş".repeat(10),
            language: { languageCode: "TR", singleShift: true, lockingShift: true },
            validityPeriod: "2 hours",
            regional: { turkeyIys: { brandCode: 123456, recipientType: "BIREYSEL" } },
            webhooks: { callbackData: "order-9" }
          }
        ]
      })
      assert.strictEqual(v3.messages[0]!.parts, 1)
      assert.strictEqual(v3.messages[0]!.to, "905321112233")
    })
  )

  it.effect("each per-destination rejection comes back typed inside the 200", () =>
    Effect.gen(function* () {
      const c = yield* client
      const r = yield* c.sendMessages({
        messages: [{ destinations: ["41793026727", "05321112233", "41790000000"], text: "hi" }]
      })
      assert.deepStrictEqual(
        r.messages.map((m) => [m.status.groupName, m.status.name, m.status.final]),
        [
          ["PENDING", "PENDING_ACCEPTED", false],
          ["REJECTED", "REJECTED_PREFIX_MISSING", true],
          ["REJECTED", "REJECTED_DESTINATION", true]
        ]
      )
      assert.strictEqual(r.rejected.length, 2)
      assert.strictEqual(r.accepted.length, 1)
      assert.strictEqual(r.rejected[0]!.status.id, Status.Statuses.REJECTED_PREFIX_MISSING.id)
    })
  )

  it.effect("bad input fails with InvalidInput before any request is made", () =>
    Effect.gen(function* () {
      const c = yield* client
      const s = yield* sim
      yield* s.resetStats
      // The client checks against its own clock (here the real one).
      const now = Date.now()
      const bad = [
        c.sendMessages({ messages: [{ destinations: "123456", text: "x" }] }),
        c.sendMessages({ messages: [{ destinations: "1234567890123456", text: "x" }] }),
        c.sendAdvanced({ messages: [{ destinations: "41793026727", text: "" }] }),
        c.sendMessages({
          sendAt: DateTime.makeUnsafe(now + 181 * 86_400_000),
          messages: [{ destinations: "41793026727", text: "x" }]
        }),
        c.sendAdvanced({ messages: [{ destinations: "41793026727", text: "x", sendAt: "2026-06-01T10:00:00" }] }),
        c.sendAdvanced({ messages: [{ destinations: "41793026727", text: "x", validityPeriod: "49 hours" }] }),
        c.sendMessages({
          messages: [
            {
              destinations: "41793026727",
              text: "x",
              deliveryTimeWindow: { days: ["MONDAY"], from: { hour: 9, minute: 0 }, to: { hour: 9, minute: 30 } }
            }
          ]
        }),
        c.sendMessages({
          messages: [
            {
              destinations: "41793026727",
              text: "x",
              deliveryTimeWindow: { days: ["MONDAY"], from: { hour: 22, minute: 0 }, to: { hour: 2, minute: 0 } }
            }
          ]
        })
      ]
      const rules: Array<string> = []
      for (const call of bad) {
        const e = yield* Effect.flip(call)
        assert.strictEqual(e._tag, "InvalidInput")
        if (e._tag === "InvalidInput") rules.push(e.rule)
      }
      assert.deepStrictEqual(rules, [
        "international-number",
        "international-number",
        "required",
        "max-schedule",
        "time-with-offset",
        "max-validity",
        "min-window",
        "window-order"
      ])
      assert.strictEqual(yield* s.requestCount(), 0)
    })
  )
})

describe("Infobip error bodies", () => {
  it.live("a legacy 400 keeps its validation errors as violations", () =>
    Effect.gen(function* () {
      const c = yield* client
      // A raw request through `execute` skips client validation: the simulator answers in the legacy format.
      const e = yield* Effect.flip(
        c.execute(InfobipEndpoints.sendAdvancedV1, { messages: [{ destinations: [], text: "" }] })
      )
      assert.strictEqual(e._tag, "InvalidRequest")
      if (e._tag === "InvalidRequest") {
        assert.strictEqual(e.code, "E400")
        assert.strictEqual(e.httpStatus, 400)
        assert.deepStrictEqual(
          e.violations.map((v) => v.property),
          ["messages[0].destinations", "messages[0].text"]
        )
      }
    }).pipe(Effect.provide(withSimulator()))
  )

  it.live("a v3 400 in the errorCode format keeps its violations too", () =>
    Effect.gen(function* () {
      const c = yield* client
      const e = yield* Effect.flip(
        c.execute(InfobipEndpoints.sendMessages, {
          messages: [{ destinations: [{ to: "41793026727" }], content: { text: "" } }]
        })
      )
      assert.strictEqual(e._tag, "InvalidRequest")
      if (e._tag === "InvalidRequest")
        assert.deepStrictEqual(e.violations, [{ property: "messages[0].content.text", violation: "must not be blank" }])
    }).pipe(Effect.provide(withSimulator()))
  )

  it.live("401 is AuthenticationFailed and carries no credential", () =>
    Effect.gen(function* () {
      const c = yield* client
      const e = yield* Effect.flip(c.balance)
      assert.strictEqual(e._tag, "AuthenticationFailed")
      assert.notInclude(JSON.stringify(e), "wrong-key-123456")
      assert.notInclude(String(e), "wrong-key-123456")
    }).pipe(Effect.provide(withSimulator({}, { auth: Auth.app(Redacted.make("wrong-key-123456")) })))
  )

  it.live("404 on an unknown bulk is NotFound; 429 is RateLimited with Retry-After", () =>
    Effect.gen(function* () {
      const c = yield* client
      const nf = yield* Effect.flip(c.getBulkStatus("no-such-bulk"))
      assert.strictEqual(nf._tag, "NotFound")
      const s = yield* sim
      yield* s.setFaults({ "infobip/account/1/balance": ["429"] })
      const rl = yield* Effect.flip(c.balance.pipe(Retry.withPolicy(Retry.none)))
      assert.strictEqual(rl._tag, "RateLimited")
      assert.isDefined(SmsError.retryAfter(rl))
    }).pipe(Effect.provide(withSimulator({ retryAfterSeconds: 3 })))
  )
})

describe("Infobip per-destination rejections", () => {
  it.live("sender not allowed, credit exhausted, missing and invalid destinations: each typed in the 200", () =>
    Effect.gen(function* () {
      const c = yield* client
      const sender = yield* c.sendMessages({ messages: [{ sender: "OTHER", destinations: "41793026727", text: "x" }] })
      assert.strictEqual(sender.messages[0]!.status.name, "REJECTED_SENDER")
      const credit = yield* c.sendMessages({
        messages: [{ sender: "ACME", destinations: ["41793026727", "41793026728"], text: "x" }]
      })
      assert.deepStrictEqual(
        credit.messages.map((m) => m.status.name),
        ["PENDING_ACCEPTED", "REJECTED_NOT_ENOUGH_CREDITS"]
      )
      // What the client's validation never lets through, sent raw: the provider's own answers.
      const raw = yield* c.execute(InfobipEndpoints.sendAdvancedV1, {
        messages: [{ from: "ACME", destinations: [{ to: "" }, { to: "12" }], text: "x" }]
      })
      assert.deepStrictEqual(
        raw.messages.map((m) => [m.status.groupName, m.status.name]),
        [
          ["REJECTED", "MISSING_TO"],
          ["REJECTED", "REJECTED_INVALID_DESTINATION"]
        ]
      )
    }).pipe(
      Effect.provide(withSimulator({ providers: { infobip: { accounts: [{ senders: ["ACME"], balance: 0.015 }] } } }))
    )
  )
})
