/**
 * The simulator's TurkeySMS model as plain logic: what each call answers, the per-minute limit, V4's dedupe, the
 * lifecycle on the simulated clock, balances and refunds. The HTTP side is tested over real sockets elsewhere.
 */
import { assert, describe, it } from "@effect/vitest"
import * as TurkeySms from "@effect-sms/simulator/turkeysms"

const T0 = Date.parse("2026-04-29T07:00:00Z")
const KEY = "ts-key-1"

const account = (extra: Partial<TurkeySms.Model.AccountOptions> = {}): TurkeySms.Model.AccountOptions => ({
  apiKey: KEY,
  senders: ["EFFECTSMS"],
  pendingSenders: ["PENDING"],
  balance: { sms: 1000, internationalTl: 10 },
  ...extra
})

const fresh = (extra: Partial<TurkeySms.Model.AccountOptions> = {}, options: TurkeySms.Model.ModelOptions = {}) =>
  TurkeySms.Model.make([account(extra)], { seed: "model-test", ...options })

const send = { api_key: KEY, title: "EFFECTSMS", text: "Merhaba", sentto: "905321112233", sms_lang: 0 }

const call = (
  model: TurkeySms.Model.Model,
  route: TurkeySms.Model.Route,
  params: TurkeySms.Model.Params,
  options: { readonly api?: "v4" | "v3"; readonly now?: number } = {}
) => TurkeySms.Model.handle(model, { route, api: options.api ?? "v4", params, now: options.now ?? T0 })

describe("TurkeySMS simulator model", () => {
  describe("every documented code", () => {
    const cases: ReadonlyArray<
      readonly [
        string,
        Partial<TurkeySms.Model.AccountOptions>,
        TurkeySms.Model.Route,
        TurkeySms.Model.Params,
        "v4" | "v3" | undefined
      ]
    > = [
      ["TS-1024", {}, "sms/send", send, undefined],
      ["TS-1000", {}, "auth/check", { api_key: KEY }, undefined],
      ["TS-1040", {}, "balance", { api_key: KEY }, undefined],
      ["TS-1025", {}, "sms/send", { ...send, sentto: "" }, undefined],
      ["TS-1026", {}, "sms/send", { ...send, text: " " }, undefined],
      ["TS-1027", { balance: { sms: 0 } }, "sms/send", send, undefined],
      ["TS-1028", {}, "sms/send", { ...send, title: "PENDING" }, undefined],
      ["TS-1029", {}, "sms/send", { ...send, title: "NOSUCH" }, undefined],
      ["TS-1030", { active: false }, "sms/send", send, undefined],
      ["TS-1031", {}, "sms/send", { ...send, api_key: "wrong" }, undefined],
      ["TS-1032", {}, "sms/send", { ...send, sentto: "4915112345678" }, undefined],
      [
        "TS-1033",
        {},
        "otp/detailed",
        { api_key: KEY, title: "EFFECTSMS", mobile: "905321112233", text: "no code" },
        undefined
      ],
      ["TS-1034", {}, "sms/send", { ...send, sentto: "902122223344" }, undefined],
      ["TS-1050", {}, "sms/send", { ...send, api_key: "" }, undefined],
      ["TS-1051", {}, "sms/send", { ...send, title: "" }, undefined],
      ["TS-1052", {}, "sms/status", { api_key: KEY }, undefined],
      ["TS-1060", { perMinuteLimit: 0 }, "sms/send", send, undefined],
      ["TS-1061", { permissions: { post: false } }, "sms/send", send, undefined],
      ["TS-1062", { permissions: { get: false } }, "sms/send-get", { ...send, mobile: "905321112233" }, "v3"],
      ["TS-1063", { permissions: { status: false } }, "sms/status", { api_key: KEY, sms_id: 1 }, undefined],
      ["TS-1065", { permissions: { balance: false } }, "balance", { api_key: KEY }, undefined]
    ]
    for (const [code, extra, route, params, api] of cases) {
      it(`${code} from ${route}`, () => {
        const out = call(fresh(extra), route, params, api === undefined ? {} : { api })
        assert.strictEqual(out.code, code)
      })
    }

    it("TS-1064 from a status query, with V4's state and v3's code", () => {
      const model = fresh()
      const sent = call(model, "sms/send", send)
      const id = sent.payload?.sms_id
      const v4 = call(model, "sms/status", { api_key: KEY, sms_id: id })
      assert.strictEqual(v4.code, "TS-1064")
      assert.strictEqual(v4.payload?.status, "queued")
      const v3 = call(model, "sms/status", { api_key: KEY, sms_id: String(id) }, { api: "v3" })
      assert.strictEqual(v3.payload?.sms_status_code, "TS-1023")
      assert.isUndefined(v3.payload?.status)
    })
  })

  describe("numbers and languages", () => {
    it("accepts sentto or the SDKs' mobile, with +, spaces or a trunk 0", () => {
      const model = fresh()
      const a = call(model, "sms/send", { ...send, sentto: undefined, mobile: "+90 532 111 22 33" })
      const b = call(model, "sms/send", { ...send, text: "other", sentto: "0532 111 22 34" })
      assert.deepStrictEqual([a.code, b.code], ["TS-1024", "TS-1024"])
      const numbers = [...model.messages.values()].map((m) => m.number)
      assert.deepStrictEqual(numbers, ["905321112233", "905321112234"])
    })

    it("bills a missing sms_lang as Unicode, and Turkish at 155 characters", () => {
      const model = fresh()
      const unicode = call(model, "sms/send", { ...send, sms_lang: undefined, text: "a".repeat(100) })
      assert.strictEqual(unicode.payload?.number_of_sms, 2)
      assert.strictEqual(unicode.payload?.sms_lang, "Arabic")
      const turkish = call(model, "sms/send", { ...send, sms_lang: 1, text: "ş".repeat(155) })
      assert.strictEqual(turkish.payload?.number_of_sms, 1)
      const turkishLong = call(model, "sms/send", { ...send, sms_lang: 1, text: "ş".repeat(156) })
      assert.strictEqual(turkishLong.payload?.number_of_sms, 2)
    })

    it("sends international numbers on an enabled account, in TL", () => {
      const model = fresh({ international: true })
      const out = call(model, "sms/send", { ...send, sentto: "4915112345678" })
      assert.strictEqual(out.code, "TS-1024")
      assert.strictEqual(out.payload?.country, "International")
      const balance = call(model, "balance", { api_key: KEY })
      assert.strictEqual(balance.payload?.international_balance, 9.5)
      assert.strictEqual(balance.payload?.balance, 1000)
    })
  })

  describe("the per-minute limit", () => {
    it("counts messages per sliding minute and reports the last minute's count", () => {
      const model = fresh({ perMinuteLimit: 5 })
      const group = call(model, "group/send", {
        api_key: KEY,
        title: "EFFECTSMS",
        text: "hi",
        sentto: ["905321110001", "905321110002", "905321110003", "905321110004"]
      })
      assert.strictEqual(group.payload?.total_has_sent_last_1_min, 4)
      const two = call(
        model,
        "group/send",
        {
          api_key: KEY,
          title: "EFFECTSMS",
          text: "hi",
          sentto: ["905321110005", "905321110006"]
        },
        { now: T0 + 30_000 }
      )
      assert.strictEqual(two.code, "TS-1060")
      assert.strictEqual(two.payload?.total_has_sent_last_1_min, 4)
      const one = call(model, "sms/send", { ...send, text: "one" }, { now: T0 + 30_000 })
      assert.strictEqual(one.code, "TS-1024")
      // The first four leave the window a minute after they were sent.
      assert.strictEqual(call(model, "sms/send", { ...send, text: "x" }, { now: T0 + 59_999 }).code, "TS-1060")
      assert.strictEqual(call(model, "sms/send", { ...send, text: "x" }, { now: T0 + 60_000 }).code, "TS-1024")
      assert.strictEqual(TurkeySms.Model.lastMinute(model, KEY, T0 + 60_000), 2)
    })
  })

  describe("dedupe", () => {
    it("V4 answers an identical send within the window with the first answer and sends nothing", () => {
      const model = fresh({}, { dedupeWindowMillis: 120_000 })
      const first = call(model, "sms/send", send)
      const again = call(model, "sms/send", send, { now: T0 + 119_000 })
      assert.isTrue(again.deduplicated)
      assert.strictEqual(again.payload?.sms_id, first.payload?.sms_id)
      assert.strictEqual(model.messages.size, 1)
      const later = call(model, "sms/send", send, { now: T0 + 121_000 })
      assert.notStrictEqual(later.payload?.sms_id, first.payload?.sms_id)
      assert.strictEqual(model.messages.size, 2)
    })

    it("a different text, number or schedule is another send", () => {
      const model = fresh()
      call(model, "sms/send", send)
      call(model, "sms/send", { ...send, text: "Merhaba!" })
      call(model, "sms/send", { ...send, sentto: "905321112234" })
      call(model, "sms/send", { ...send, scheduled_sms: 1, scheduled_date: "2026-04-29", scheduled_time: "12:00" })
      assert.strictEqual(model.messages.size, 4)
    })

    it("v3 has no dedupe: the same send twice is two messages", () => {
      const model = fresh()
      call(model, "sms/send", send, { api: "v3" })
      call(model, "sms/send", send, { api: "v3" })
      assert.strictEqual(model.messages.size, 2)
    })

    it("a repeated OTP request gets the first code back", () => {
      const model = fresh()
      const first = call(model, "otp/send", { api_key: KEY, mobile: "905321112233" })
      const again = call(model, "otp/send", { api_key: KEY, mobile: "905321112233" }, { now: T0 + 5_000 })
      assert.strictEqual(again.payload?.otp_code, first.payload?.otp_code)
      assert.strictEqual(model.messages.size, 1)
    })
  })

  describe("OTP", () => {
    it("generates codes of the asked length (6 by default on V4, 4 on v3) and puts them in the text", () => {
      const model = fresh()
      const v4 = call(model, "otp/send", { api_key: KEY, mobile: "905321112233" })
      assert.match(String(v4.payload?.otp_code), /^\d{6}$/)
      const v3 = call(model, "otp/send", { api_key: KEY, mobile: "905321112234", title: "EFFECTSMS" }, { api: "v3" })
      assert.match(String(v3.payload?.otp_code), /^\d{4}$/)
      const custom = call(model, "otp/detailed", {
        api_key: KEY,
        title: "EFFECTSMS",
        mobile: "905321112235",
        text: "Code TS-CODE",
        digits: 5
      })
      const code = String(custom.payload?.otp_code)
      assert.match(code, /^\d{5}$/)
      const message = model.messages.get(Number(custom.payload?.sms_id))
      assert.strictEqual(message?.text, `Code ${code}`)
    })

    it("v3's custom OTP needs TS_CODE, V4's TS-CODE", () => {
      const model = fresh()
      const base = { api_key: KEY, title: "EFFECTSMS", mobile: "905321112233" }
      assert.strictEqual(
        call(model, "otp/detailed", { ...base, sms_text: "Kod TS_CODE" }, { api: "v3" }).code,
        "TS-1024"
      )
      assert.strictEqual(
        call(model, "otp/detailed", { ...base, sms_text: "Kod TS-CODE" }, { api: "v3" }).code,
        "TS-1033"
      )
      assert.strictEqual(call(model, "otp/detailed", { ...base, text: "Kod TS_CODE" }).code, "TS-1033")
    })

    for (const digits of [3, 7, "x"]) {
      it(`refuses digits ${digits}`, () => {
        assert.strictEqual(call(fresh(), "otp/send", { api_key: KEY, mobile: "905321112233", digits }).code, "TS-1033")
      })
    }
  })

  describe("lifecycle", () => {
    it("moves queued → sent → final on the simulated clock, and a failed message is refunded", () => {
      const model = fresh({}, { failedRatio: 1, expiredRatio: 0, sentDelayMillis: { min: 1000, max: 1000 } })
      const out = call(model, "sms/send", send)
      const m = model.messages.get(Number(out.payload?.sms_id))!
      assert.strictEqual(TurkeySms.Model.stateAt(m, T0), "queued")
      assert.strictEqual(TurkeySms.Model.stateAt(m, m.finalAt), "failed")
      const before = call(model, "balance", { api_key: KEY }, { now: m.finalAt - 1 }).payload?.balance
      const after = call(model, "balance", { api_key: KEY }, { now: m.finalAt }).payload?.balance
      assert.deepStrictEqual([before, after], [999, 1000])
    })

    it("delivered messages pass through sent, expired ones wait for the validity window", () => {
      const delivered = fresh({}, { failedRatio: 0, expiredRatio: 0 })
      const d = delivered.messages.get(Number(call(delivered, "sms/send", send).payload?.sms_id))!
      assert.isDefined(d.sentAt)
      assert.strictEqual(TurkeySms.Model.stateAt(d, d.sentAt!), "sent")
      assert.strictEqual(TurkeySms.Model.stateAt(d, d.finalAt), "delivered")
      const expired = fresh({}, { failedRatio: 0, expiredRatio: 1, validityMillis: 3_600_000 })
      const e = expired.messages.get(Number(call(expired, "sms/send", send).payload?.sms_id))!
      assert.strictEqual(e.finalAt - e.sentAt!, 3_600_000)
      assert.strictEqual(TurkeySms.Model.stateAt(e, e.finalAt - 1), "sent")
      assert.strictEqual(TurkeySms.Model.stateAt(e, e.finalAt), "expired")
    })

    it("a scheduled message stays queued until its minute", () => {
      const model = fresh({}, { failedRatio: 0, expiredRatio: 0 })
      const out = call(model, "sms/send", {
        ...send,
        scheduled_sms: 1,
        scheduled_date: "2026-04-29",
        scheduled_time: "12:00"
      })
      const m = model.messages.get(Number(out.payload?.sms_id))!
      assert.strictEqual(m.dueAt, Date.parse("2026-04-29T09:00:00Z"))
      assert.strictEqual(TurkeySms.Model.stateAt(m, m.dueAt - 1), "queued")
    })

    it("a blacklisted number fails without being sent", () => {
      const model = fresh({}, { failedRatio: 0, expiredRatio: 0 })
      assert.strictEqual(call(model, "blacklist/add", { api_key: KEY, number: "+90 532 111 22 33" }).code, "TS-1064")
      const m = model.messages.get(Number(call(model, "sms/send", send).payload?.sms_id))!
      assert.strictEqual(m.outcome, "failed")
      assert.isUndefined(m.sentAt)
    })

    it("schedules signed-webhook events for V4 sends only", () => {
      const model = fresh(
        { webhook: { url: "http://127.0.0.1:1/hook", secret: "s" } },
        { failedRatio: 0, expiredRatio: 0 }
      )
      call(model, "sms/send", send)
      call(model, "sms/send", { ...send, text: "v3" }, { api: "v3" })
      const events = model.webhooks.popDue(Number.POSITIVE_INFINITY)
      assert.deepStrictEqual(
        events.map((e) => e.eventType),
        ["sms.sent", "sms.delivered"]
      )
    })
  })

  it("mixed sends need equal lengths", () => {
    const model = fresh()
    const base = { api_key: KEY, title: "EFFECTSMS" }
    assert.strictEqual(
      call(model, "group/sendMixed", { ...base, text: ["a", "b"], sentto: ["905321112233"] }).code,
      "TS-1033"
    )
    const ok = call(model, "group/sendMixed", { ...base, text: ["a", "b"], sentto: ["905321112233", "905321112234"] })
    assert.strictEqual(ok.code, "TS-1024")
    assert.deepStrictEqual(
      [...model.messages.values()].map((m) => [m.number, m.text]),
      [
        ["905321112233", "a"],
        ["905321112234", "b"]
      ]
    )
  })
})
