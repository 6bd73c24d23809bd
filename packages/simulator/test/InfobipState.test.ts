import { assert, describe, it } from "@effect/vitest"
import { Segments } from "@effect-sms/core"
import * as Infobip from "@effect-sms/simulator/infobip"

const { State } = Infobip
const { countParts, countFor, preview } = Infobip.Preview

const T0 = Date.UTC(2026, 4, 1, 9, 0, 0)

const account: Infobip.State.AccountConfig = {
  apiKeys: ["key-1"],
  users: [{ username: "user", password: "pass" }],
  clients: [{ clientId: "client", clientSecret: "secret" }],
  senders: [],
  rejectedDestinations: ["41790000000"],
  balance: 100,
  currency: "EUR"
}

const fresh = (overrides: Partial<Infobip.State.Behaviour> = {}, config: Partial<Infobip.State.AccountConfig> = {}) => {
  const state = State.make([{ ...account, ...config }], { ...State.defaultBehaviour(7), ...overrides })
  return { state, acc: state.accounts[0]! }
}

const message = (
  to: ReadonlyArray<string>,
  extra: Partial<Infobip.State.SendMessage> = {}
): Infobip.State.SendMessage => ({
  sender: "ACME",
  destinations: to.map((t) => ({ to: t })),
  text: "hello",
  transliteration: undefined,
  languageCode: undefined,
  validityMillis: undefined,
  sendAt: undefined,
  deliveryWindowMinutes: undefined,
  notifyUrl: undefined,
  intermediateReport: false,
  callbackData: undefined,
  applicationId: undefined,
  entityId: undefined,
  campaignReferenceId: undefined,
  ...extra
})

const req = (
  messages: ReadonlyArray<Infobip.State.SendMessage>,
  version: 1 | 2 | 3 = 1,
  bulkId?: string
): Infobip.State.SendRequest => ({
  version,
  bulkId,
  messages,
  includeSmsCount: false
})

describe("Infobip simulator state", () => {
  describe("authentication", () => {
    it("App and Basic credentials identify the account; others are refused", () => {
      const { state } = fresh()
      assert.strictEqual(State.authenticate(state, "App key-1", T0)._tag, "Ok")
      assert.strictEqual(
        State.authenticate(state, `Basic ${Buffer.from("user:pass").toString("base64")}`, T0)._tag,
        "Ok"
      )
      assert.strictEqual(
        State.authenticate(state, `Basic ${Buffer.from("user:nope").toString("base64")}`, T0)._tag,
        "Unauthorized"
      )
      assert.strictEqual(State.authenticate(state, "App other", T0)._tag, "Unauthorized")
      assert.strictEqual(State.authenticate(state, undefined, T0)._tag, "Unauthorized")
    })

    it("an IBSSO session works for 60 minutes, then is refused; a destroyed one at once", () => {
      const { state, acc } = fresh()
      const s = State.createSession(state, "user", "pass", T0)!
      assert.strictEqual(State.authenticate(state, `IBSSO ${s.token}`, T0 + 59 * 60_000)._tag, "Ok")
      assert.strictEqual(State.authenticate(state, `IBSSO ${s.token}`, T0 + 60 * 60_000)._tag, "Unauthorized")
      const s2 = State.createSession(state, "user", "pass", T0)!
      assert.isTrue(State.destroySession(acc, s2.token))
      assert.strictEqual(State.authenticate(state, `IBSSO ${s2.token}`, T0)._tag, "Unauthorized")
      assert.deepStrictEqual([acc.sessionsCreated, acc.sessionsDestroyed], [2, 1])
      assert.strictEqual(State.createSession(state, "user", "bad", T0), undefined)
    })

    it("an OAuth2 token works until expires_in, then is refused", () => {
      const { state } = fresh({ tokenSeconds: 300 })
      const t = State.issueToken(state, "client", "secret", T0)!
      assert.strictEqual(t.expires_in, 300)
      assert.strictEqual(State.authenticate(state, `Bearer ${t.access_token}`, T0 + 299_000)._tag, "Ok")
      assert.strictEqual(State.authenticate(state, `Bearer ${t.access_token}`, T0 + 300_000)._tag, "Unauthorized")
      assert.strictEqual(State.issueToken(state, "client", "wrong", T0), undefined)
    })
  })

  describe("sending", () => {
    it("each kind of per-destination rejection comes back in the acceptance", () => {
      const { state, acc } = fresh({}, { senders: ["ACME"] })
      const a = State.send(
        state,
        acc,
        req([
          message(["41793026727", "05321112233", "41790000000", "12", ""]),
          message(["41793026728"], { sender: "OTHER" })
        ]),
        T0
      )
      assert.deepStrictEqual(
        a.messages.map((m) => m.status.name),
        [
          "PENDING_ACCEPTED",
          "REJECTED_PREFIX_MISSING",
          "REJECTED_DESTINATION",
          "REJECTED_INVALID_DESTINATION",
          "MISSING_TO",
          "REJECTED_SENDER"
        ]
      )
      assert.isDefined(a.bulkId)
    })

    it("an account out of credit rejects with REJECTED_NOT_ENOUGH_CREDITS", () => {
      const { state, acc } = fresh({}, { balance: 0.015 })
      const a = State.send(state, acc, req([message(["41793026727", "41793026728"])]), T0)
      assert.deepStrictEqual(
        a.messages.map((m) => m.status.name),
        ["PENDING_ACCEPTED", "REJECTED_NOT_ENOUGH_CREDITS"]
      )
    })

    it("keeps the caller's message ids and records every message under its id", () => {
      const { state, acc } = fresh()
      State.send(
        state,
        acc,
        { ...req([]), messages: [{ ...message([]), destinations: [{ to: "41793026727", messageId: "m1" }] }] },
        T0
      )
      State.send(
        state,
        acc,
        { ...req([]), messages: [{ ...message([]), destinations: [{ to: "41793026727", messageId: "m1" }] }] },
        T0
      )
      assert.strictEqual(acc.byId.get("m1")?.length, 2)
    })

    it("validates the way the platform does", () => {
      const v = State.validate(
        req([
          message([], { text: "" }),
          message(["41793026727"], {
            validityMillis: 49 * 3_600_000,
            deliveryWindowMinutes: 30,
            sendAt: State.formatTime(T0 + 181 * 86_400_000)
          })
        ]),
        T0
      )
      assert.deepStrictEqual(
        v.map((x) => x.property),
        [
          "messages[0].destinations",
          "messages[0].text",
          "messages[1].validityPeriod",
          "messages[1].deliveryTimeWindow",
          "messages[1].sendAt"
        ]
      )
    })
  })

  describe("lifecycle, reports and logs", () => {
    it("goes PENDING_ACCEPTED → PENDING_ENROUTE → DELIVERED_TO_OPERATOR → final", () => {
      const { state, acc } = fresh({ delayMinMillis: 9_000, delayMaxMillis: 9_000, deliveredRatio: 1 })
      const sendAt = State.formatTime(T0 + 60_000)
      State.send(state, acc, req([message(["41793026727"], { sendAt })]), T0)
      const m = acc.messages[0]!
      const at = (t: number) => State.view(state, acc, m, t).status
      assert.deepStrictEqual(
        [at(T0), at(T0 + 60_000), at(T0 + 63_000), at(T0 + 69_000)],
        ["PENDING_ACCEPTED", "PENDING_ENROUTE", "DELIVERED_TO_OPERATOR", "DELIVERED_TO_HANDSET"]
      )
    })

    it("a validity shorter than the delivery expires the message", () => {
      const { state, acc } = fresh({ delayMinMillis: 60_000, delayMaxMillis: 60_000 })
      State.send(state, acc, req([message(["41793026727"], { validityMillis: 30_000 })]), T0)
      assert.strictEqual(State.view(state, acc, acc.messages[0]!, T0 + 30_000).status, "EXPIRED_EXPIRED")
    })

    it("returns each final report exactly once, oldest first, up to the limit", () => {
      const { state, acc } = fresh({ delayMinMillis: 1_000, delayMaxMillis: 1_000 })
      State.send(state, acc, req([message(["41793026727", "41793026728", "41793026729"])]), T0)
      assert.strictEqual(State.takeReports(state, acc, { limit: 10 }, T0, 1).results.length, 0)
      const first = State.takeReports(state, acc, { limit: 2 }, T0 + 5_000, 1).results
      const second = State.takeReports(state, acc, { limit: 2 }, T0 + 5_000, 3).results
      const third = State.takeReports(state, acc, { limit: 2 }, T0 + 5_000, 1).results
      assert.deepStrictEqual(
        [...first, ...second].map((r) => r.messageId),
        acc.messages.map((m) => m.messageId)
      )
      assert.strictEqual(third.length, 0)
      assert.isTrue("smsCount" in first[0]! && "messageCount" in second[0]!)
    })

    it("a v3 cursor walk yields every log exactly once", () => {
      const { state, acc } = fresh()
      for (let i = 0; i < 25; i++)
        State.send(state, acc, req([message([`4179302${String(i).padStart(4, "0")}`])], 3), T0 + i)
      const seen: Array<string> = []
      let after: number | undefined
      let pages = 0
      do {
        const page = State.logs(state, acc, { limit: 10, ...(after === undefined ? {} : { after }) }, T0 + 100, 3)
        seen.push(...page.results.map((r) => r.messageId))
        after = page.next
        pages++
        if (after !== undefined) assert.strictEqual(State.decodeCursor(acc, State.encodeCursor(acc, after)), after)
      } while (after !== undefined)
      assert.strictEqual(pages, 3)
      assert.deepStrictEqual(
        seen,
        acc.messages.map((m) => m.messageId)
      )
    })

    it("logs filter by inclusive sentSince/sentUntil and forget what is older than 48 hours", () => {
      const { state, acc } = fresh()
      State.send(state, acc, req([message(["41793026727"])]), T0)
      State.send(state, acc, req([message(["41793026728"])]), T0 + 1_000)
      State.send(state, acc, req([message(["41793026729"])]), T0 + 2_000)
      const mid = State.logs(state, acc, { limit: 100, sentSince: T0 + 1_000, sentUntil: T0 + 2_000 }, T0 + 3_000, 1)
      assert.deepStrictEqual(
        mid.results.map((r) => r.messageId),
        acc.messages.slice(1).map((m) => m.messageId)
      )
      assert.strictEqual(State.logs(state, acc, { limit: 100 }, T0 + 48 * 3_600_000 + 1_500, 1).results.length, 1)
    })

    it("refuses a cursor made for another account", () => {
      const state = State.make([account, { ...account, apiKeys: ["key-2"] }], State.defaultBehaviour(1))
      const c = State.encodeCursor(state.accounts[0]!, 5)
      assert.strictEqual(State.decodeCursor(state.accounts[1]!, c), undefined)
      assert.strictEqual(State.decodeCursor(state.accounts[0]!, "not-a-cursor"), undefined)
    })
  })

  describe("bulks", () => {
    it("pauses, resumes, reschedules and cancels a scheduled bulk", () => {
      const { state, acc } = fresh({ delayMinMillis: 1_000, delayMaxMillis: 1_000 })
      const sendAt = State.formatTime(T0 + 3_600_000)
      const a = State.send(state, acc, req([message(["41793026727", "41793026728"], { sendAt })], 1, "B1"), T0)
      assert.strictEqual(a.bulkId, "B1")
      const bulk = acc.bulks.get("B1")!
      assert.strictEqual(State.bulkStatus(state, acc, bulk, T0), "PENDING")
      assert.isUndefined(State.setBulkStatus(state, acc, "B1", "PAUSED", T0))
      // Paused past its time: nothing goes out.
      assert.strictEqual(State.view(state, acc, bulk.messages[0]!, T0 + 7_200_000).status, "PENDING_ACCEPTED")
      assert.isUndefined(State.setBulkStatus(state, acc, "B1", "PENDING", T0 + 7_200_000))
      assert.strictEqual(State.view(state, acc, bulk.messages[0]!, T0 + 7_205_000).status, "DELIVERED_TO_HANDSET")
      assert.strictEqual(State.bulkStatus(state, acc, bulk, T0 + 7_205_000), "FINISHED")
      assert.isString(State.setBulkStatus(state, acc, "B1", "CANCELED", T0 + 7_205_000))

      State.send(state, acc, req([message(["41793026729"], { sendAt })], 1, "B2"), T0)
      assert.isUndefined(State.rescheduleBulk(state, acc, "B2", T0 + 10_800_000, T0))
      assert.strictEqual(acc.bulks.get("B2")!.sendAt, T0 + 10_800_000)
      const before = acc.balance
      assert.isUndefined(State.setBulkStatus(state, acc, "B2", "CANCELED", T0))
      assert.isAbove(acc.balance, before)
      assert.strictEqual(
        State.view(state, acc, acc.bulks.get("B2")!.messages[0]!, T0 + 20_000_000).status,
        "PENDING_ACCEPTED"
      )
      assert.strictEqual(State.setBulkStatus(state, acc, "nope", "PAUSED", T0), "not-found")
    })
  })

  describe("throttling and webhooks", () => {
    it("answers over the per-second limit with a wait, per endpoint", () => {
      const { state, acc } = fresh({ throttle: { "sms/1/reports": 2 } })
      const r = [0, 1, 2].map(() => State.throttle(state, acc, "sms/1/reports", T0 + 10))
      assert.deepStrictEqual(r, [undefined, undefined, 1])
      assert.isUndefined(State.throttle(state, acc, "sms/1/logs", T0 + 10))
      assert.isUndefined(State.throttle(state, acc, "sms/1/reports", T0 + 1_000))
    })

    it("pushes reports in batches of at most 100 per URL, and retries a failed batch", () => {
      const { state, acc } = fresh({ delayMinMillis: 1_000, delayMaxMillis: 1_000 })
      const to = Array.from({ length: 150 }, (_, i) => `4179${String(i).padStart(7, "0")}`)
      State.send(state, acc, req([message(to, { notifyUrl: "http://127.0.0.1:1/dlr" })]), T0)
      const batches = State.dueWebhooks(state, T0 + 5_000)
      assert.deepStrictEqual(
        batches.map((b) => b.results.length),
        [100, 50]
      )
      assert.strictEqual(State.dueWebhooks(state, T0 + 5_000).length, 0)
      State.webhookAttempted(state, batches[1]!, false, T0 + 5_000)
      State.webhookAttempted(state, batches[0]!, true, T0 + 5_000)
      assert.strictEqual(State.dueWebhooks(state, T0 + 5_500).length, 0)
      const retry = State.dueWebhooks(state, T0 + 6_000)
      assert.deepStrictEqual(
        retry.map((b) => [b.results.length, b.attempts]),
        [[50, 1]]
      )
      // Pushed reports are not also left for the pull endpoint.
      assert.strictEqual(State.takeReports(state, acc, { limit: 1000 }, T0 + 6_000, 1).results.length, 0)
    })
  })
})

describe("Infobip simulator preview", () => {
  const cases: ReadonlyArray<[string, string, boolean, boolean, number, number]> = [
    ["GSM-7", "a", false, false, 160, 153],
    ["Turkish single shift", "ş", true, false, 155, 149],
    ["Turkish locking shift", "ş", false, true, 155, 149],
    ["both shifts", "ş", true, true, 152, 146]
  ]
  for (const [name, ch, single, locking, one, multi] of cases) {
    it(`${name}: ${one} in one part, ${multi} per part after`, () => {
      // Under single shift ş costs 2 septets, so fill with plain letters and one Turkish letter.
      const fillTo = (n: number) => (ch === "a" ? "a".repeat(n) : ch + "a".repeat(n - (single && !locking ? 2 : 1)))
      assert.strictEqual(countParts(fillTo(one), { single, locking }).parts, 1)
      assert.strictEqual(countParts(fillTo(one + 1), { single, locking }).parts, 2)
      assert.strictEqual(countParts(fillTo(multi * 2), { single, locking }).parts, 2)
      assert.strictEqual(countParts(fillTo(multi * 2 + 1), { single, locking }).parts, 3)
    })
  }

  it("UCS-2: 70 in one part, 67 per part after; a surrogate pair is never split", () => {
    assert.strictEqual(countParts("ж".repeat(70), { single: false, locking: false }).parts, 1)
    assert.strictEqual(countParts("ж".repeat(71), { single: false, locking: false }).parts, 2)
    // 66 units, then an emoji (2 units) that would straddle the 67-unit boundary: it moves whole to part 2.
    const c = countParts(`${"ж".repeat(66)}😀${"ж".repeat(67)}`, { single: false, locking: false })
    // Part 2 holds the emoji and 65 ж; the last 2 ж open part 3.
    assert.deepStrictEqual([c.parts, c.remaining], [3, 65])
  })

  it("an escape pair is never split across parts", () => {
    // 152 plain characters and then a € (2 septets) at 153..154: the € moves whole to part 2.
    const c = countParts(`${"a".repeat(152)}€${"a".repeat(10)}`, { single: false, locking: false })
    assert.deepStrictEqual([c.parts, c.remaining], [2, 153 - 12])
  })

  it("previews the text as is and with the requested language and transliteration", () => {
    const p = preview("Şişli'de buluşalım", "TR", "TURKISH")
    assert.strictEqual(p.previews.length, 2)
    assert.strictEqual(p.previews[0]!.messageCount, 1)
    assert.strictEqual(p.previews[0]!.charactersRemaining, 70 - 18)
    assert.strictEqual(p.previews[1]!.textPreview, "Sisli'de bulusalim")
    assert.deepStrictEqual(p.previews[1]!.configuration, {
      language: { languageCode: "TR" },
      transliteration: "TURKISH"
    })
  })

  it("agrees with core's counter on part counts for GSM-7, Turkish and UCS-2 texts", () => {
    const texts = [
      "a".repeat(160),
      "a".repeat(161),
      `${"a".repeat(152)}€`,
      "ığşçİĞŞ".repeat(30),
      "Merhaba dünya".repeat(20),
      "😀".repeat(40),
      "ж".repeat(134)
    ]
    for (const t of texts) {
      const core = Segments.count(t)
      const sim = countFor(t, "TR")
      assert.strictEqual(sim.parts, core.segments, t.slice(0, 20))
      assert.strictEqual(sim.remaining, core.remaining, t.slice(0, 20))
    }
  })
})
