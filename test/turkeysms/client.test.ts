/**
 * Every TurkeySMS client method, on V4 and on v3, over real HTTP against the simulator: the wire the provider
 * documents, the results decoded, the calls a generation does not document refused before any request.
 */
import { assert, describe, it } from "@effect/vitest"
import { TurkeySms, type TurkeySmsSchema } from "@effect-sms/core/turkeysms"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Fiber, Redacted, Stream } from "effect"
import { control, Demo, env, requests } from "./harness.ts"

const client = Effect.service(TurkeySms.TurkeySmsClient)

describe("TurkeySMS client, V4", () => {
  it.live("checkAuth reads the key's permissions and the account's balance", () =>
    Effect.gen(function* () {
      const info = yield* (yield* client).checkAuth
      assert.strictEqual(info.keyStatus, "active")
      assert.strictEqual(info.accountStatus, "active")
      assert.isTrue(info.permissions.send_otp)
      assert.strictEqual(info.balance.sms, Demo.balance.sms)
      assert.strictEqual(info.balance.internationalTl, Demo.balance.internationalTl)
    }).pipe(Effect.provide(env()))
  )

  it.live("sendSms sends one text, deciding sms_lang from the text, and reports the billed parts", () =>
    Effect.gen(function* () {
      const c = yield* client
      const result = yield* c.sendSms({ title: "EFFECTSMS", text: "Şifreniz: 1234", to: "+90 532 111 22 33" })
      assert.match(result.smsId, /^\d+$/)
      assert.strictEqual(result.code, "TS-1024")
      assert.strictEqual(result.parts, 1)
      assert.strictEqual(result.predictedParts, 1)
      assert.strictEqual(result.smsLang, "Turkish")
      const [m] = (yield* control).messages()
      assert.strictEqual(m?.number, "905321112233")
      assert.strictEqual(m?.text, "Şifreniz: 1234")
      const [log] = yield* requests
      assert.strictEqual(log?.route, "turkeysms/sms/send")
      assert.strictEqual(log?.method, "POST")
    }).pipe(Effect.provide(env()))
  )

  it.live("sendSms predicts the parts the provider bills, across encodings", () =>
    Effect.gen(function* () {
      const c = yield* client
      for (const text of ["a".repeat(161), "ş".repeat(156), "مرحبا ".repeat(20)]) {
        const r = yield* c.sendSms({ title: "EFFECTSMS", text, to: "5321112233" })
        assert.strictEqual(r.parts, r.predictedParts, text.slice(0, 10))
        assert.strictEqual(r.parts, 2)
      }
    }).pipe(Effect.provide(env()))
  )

  it.live("sendSms with a schedule sends it in Turkey time", () =>
    Effect.gen(function* () {
      const c = yield* client
      const date = new Date(Date.now() + 3 * 86_400_000 + 3 * 3_600_000).toISOString().slice(0, 10)
      const r = yield* c.sendSms({
        title: "EFFECTSMS",
        text: "later",
        to: "5321112233",
        schedule: { date, time: "09:30" }
      })
      const m = (yield* control).messages().find((x) => String(x.id) === r.smsId)
      assert.strictEqual(m?.dueAt, Date.parse(`${date}T06:30:00Z`))
      assert.strictEqual((yield* control).stateOf(r.smsId), "queued")
    }).pipe(Effect.provide(env()))
  )

  it.live("sendGroup sends one text to many numbers in one request", () =>
    Effect.gen(function* () {
      const c = yield* client
      const r = yield* c.sendGroup({
        title: "EFFECTSMS",
        text: "Hafta sonu açığız",
        to: ["5321110001", "5321110002", "5321110003"]
      })
      assert.strictEqual(r.totalRecipients, 3)
      assert.strictEqual(r.successCount, 3)
      // Parts are billed over all recipients, and predicted the same way.
      assert.deepStrictEqual([r.parts, r.predictedParts], [3, 3])
      assert.deepStrictEqual(
        (yield* control).messages().map((m) => m.number),
        ["905321110001", "905321110002", "905321110003"]
      )
      assert.deepStrictEqual(
        (yield* requests).map((e) => [e.route, e.recipients]),
        [["turkeysms/group/send", 3]]
      )
    }).pipe(Effect.provide(env()))
  )

  it.live("sendMixed sends text i to number i", () =>
    Effect.gen(function* () {
      const c = yield* client
      yield* c.sendMixed({
        title: "EFFECTSMS",
        texts: ["Merhaba Ada", "Merhaba Mert"],
        to: ["5321110001", "5321110002"]
      })
      assert.deepStrictEqual(
        (yield* control).messages().map((m) => [m.number, m.text]),
        [
          ["905321110001", "Merhaba Ada"],
          ["905321110002", "Merhaba Mert"]
        ]
      )
    }).pipe(Effect.provide(env()))
  )

  it.live("sendOtp returns the provider's code Redacted, 6 digits by default", () =>
    Effect.gen(function* () {
      const c = yield* client
      const r = yield* c.sendOtp({ to: "5321112233" })
      const code = Redacted.value(r.otpCode)
      assert.match(code, /^\d{6}$/)
      assert.notInclude(String(r), code)
      assert.notInclude(JSON.stringify(r), code)
      const m = (yield* control).messages().find((x) => String(x.id) === r.smsId)
      assert.include(m?.text, code)
    }).pipe(Effect.provide(env()))
  )

  it.live("sendCustomOtp puts the code where TS-CODE is", () =>
    Effect.gen(function* () {
      const c = yield* client
      const r = yield* c.sendCustomOtp({
        to: "5321112233",
        title: "EFFECTSMS",
        text: "Giriş kodunuz TS-CODE",
        digits: 4
      })
      const code = Redacted.value(r.otpCode)
      assert.match(code, /^\d{4}$/)
      const m = (yield* control).messages().find((x) => String(x.id) === r.smsId)
      assert.strictEqual(m?.text, `Giriş kodunuz ${code}`)
    }).pipe(Effect.provide(env()))
  )

  it.live("getStatus follows the lifecycle on the simulated clock", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* client
      const r = yield* c.sendSms({ title: "EFFECTSMS", text: "durum", to: "5321112233" })
      assert.strictEqual((yield* c.getStatus(r.smsId)).state, "queued")
      yield* sim.clock.advance("10 seconds")
      const sent = yield* c.getStatus(r.smsId)
      assert.strictEqual(sent.state, "sent")
      assert.isFalse(sent.final)
      yield* sim.clock.advance("1 minute")
      const final = yield* c.getStatus(Number(r.smsId))
      assert.strictEqual(final.state, "delivered")
      assert.isTrue(final.final)
      assert.isDefined(final.operator)
    }).pipe(Effect.provide(env({ failedRatio: 0, expiredRatio: 0 }, {}, { clock: { start: Date.now() } })))
  )

  it.live("getBalance goes to /balance/ with its trailing slash, and drops as messages are billed", () =>
    Effect.gen(function* () {
      const c = yield* client
      const before = yield* c.getBalance
      yield* c.sendSms({ title: "EFFECTSMS", text: "a".repeat(200), to: "5321112233" })
      const after = yield* c.getBalance
      assert.strictEqual(before.sms - after.sms, 2)
      assert.strictEqual(after.internationalTl, Demo.balance.internationalTl)
      const paths = (yield* requests).filter((e) => e.route === "turkeysms/balance").map((e) => e.path)
      assert.deepStrictEqual(paths, ["/turkeysms/balance/", "/turkeysms/balance/"])
    }).pipe(Effect.provide(env()))
  )

  it.live("addToBlacklist lists the number, and a later message to it fails", () =>
    Effect.gen(function* () {
      const c = yield* client
      yield* c.addToBlacklist("0532 111 22 33")
      assert.isTrue((yield* control).account(Demo.apiKey).blacklist.has("905321112233"))
      // Idempotent: a second add succeeds too.
      yield* c.addToBlacklist("+905321112233")
      const r = yield* c.sendSms({ title: "EFFECTSMS", text: "x", to: "5321112233" })
      assert.strictEqual((yield* control).messages().find((m) => String(m.id) === r.smsId)?.outcome, "failed")
    }).pipe(Effect.provide(env()))
  )

  it.live("watch streams each change until every message is final", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* client
      const a = yield* c.sendSms({ title: "EFFECTSMS", text: "bir", to: "5321110001" })
      const b = yield* c.sendSms({ title: "EFFECTSMS", text: "iki", to: "5321110002" })
      const seen: Array<TurkeySmsSchema.MessageStatus> = []
      const fiber = yield* c.watch([a.smsId, b.smsId], { every: "10 millis" }).pipe(
        Stream.runForEach((s) => Effect.sync(() => seen.push(s))),
        Effect.forkChild
      )
      // The simulated clock only moves when told: each step of the lifecycle is seen before the next one.
      const until = (n: number) =>
        Effect.gen(function* () {
          while (seen.length < n) yield* Effect.sleep("5 millis")
        })
      yield* until(2)
      yield* sim.clock.advance("10 seconds")
      yield* until(4)
      yield* sim.clock.advance("1 minute")
      yield* Fiber.join(fiber)
      for (const id of [a.smsId, b.smsId]) {
        assert.deepStrictEqual(
          seen.filter((s) => s.smsId === id).map((s) => [s.state, s.final]),
          [
            ["queued", false],
            ["sent", false],
            ["delivered", true]
          ]
        )
      }
    }).pipe(
      Effect.provide(
        env(
          { finalDelayMillis: { min: 20_000, max: 30_000 }, failedRatio: 0, expiredRatio: 0 },
          {},
          { clock: { start: Date.now() } }
        )
      )
    )
  )

  it.live("calls V4 does not document are refused before any request", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* client
      const senders = yield* Effect.flip(c.getSenders)
      const get = yield* Effect.flip(c.sendSms({ title: "EFFECTSMS", text: "x", to: "5321112233", method: "GET" }))
      assert.deepStrictEqual([senders._tag, get._tag], ["InvalidInput", "InvalidInput"])
      assert.strictEqual(yield* sim.requestCount(), 0)
    }).pipe(Effect.provide(env()))
  )
})

describe("TurkeySMS client, v3", () => {
  const v3 = (turkeysms = {}, simulatorOptions = {}) => env(turkeysms, { api: "v3" }, simulatorOptions)

  it.live("sendSms uses gonder/add-content for one number and gonder_coklu_gsm for many", () =>
    Effect.gen(function* () {
      const c = yield* client
      yield* c.sendSms({ title: "EFFECTSMS", text: "tek", to: "5321110001" })
      const many = yield* c.sendSms({ title: "EFFECTSMS", text: "çok", to: ["5321110002", "5321110003"] })
      assert.strictEqual(many.totalRecipients, 2)
      assert.deepStrictEqual(
        (yield* requests).map((e) => e.path),
        ["/turkeysms/api/v3/gonder/add-content", "/turkeysms/api/v3/gonder_coklu_gsm/add-content"]
      )
      assert.strictEqual((yield* control).messages().length, 3)
    }).pipe(Effect.provide(v3()))
  )

  it.live("the GET send is used only when asked, with mobile and lang", () =>
    Effect.gen(function* () {
      const c = yield* client
      const r = yield* c.sendSms({ title: "EFFECTSMS", text: "GET ile", to: "5321112233", method: "GET" })
      const [log] = yield* requests
      assert.strictEqual(log?.method, "GET")
      assert.strictEqual(log?.route, "turkeysms/v3/sms/send-get")
      assert.strictEqual((yield* control).messages().find((m) => String(m.id) === r.smsId)?.number, "905321112233")
    }).pipe(Effect.provide(v3()))
  )

  it.live("sendGroup uses the many-numbers route", () =>
    Effect.gen(function* () {
      const c = yield* client
      yield* c.sendGroup({ title: "EFFECTSMS", text: "grup", to: ["5321110001", "5321110002"] })
      assert.deepStrictEqual(
        (yield* requests).map((e) => e.route),
        ["turkeysms/v3/sms/send-many"]
      )
    }).pipe(Effect.provide(v3()))
  )

  it.live("both OTP routes return the code Redacted; the custom text goes out with TS_CODE", () =>
    Effect.gen(function* () {
      const c = yield* client
      const plain = yield* c.sendOtp({ to: "5321110001", digits: 5 })
      assert.match(Redacted.value(plain.otpCode), /^\d{5}$/)
      const custom = yield* c.sendCustomOtp({ to: "5321110002", title: "EFFECTSMS", text: "Kod: TS-CODE" })
      const code = Redacted.value(custom.otpCode)
      assert.strictEqual((yield* control).messages().find((m) => String(m.id) === custom.smsId)?.text, `Kod: ${code}`)
      assert.deepStrictEqual(
        (yield* requests).map((e) => e.route),
        ["turkeysms/v3/otp/send", "turkeysms/v3/otp/detailed"]
      )
    }).pipe(Effect.provide(v3()))
  )

  it.live("getStatus reads v3's codes: TS-1023 is not final, TS-1024 is", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* client
      const r = yield* c.sendSms({ title: "EFFECTSMS", text: "durum", to: "5321112233" })
      const pending = yield* c.getStatus(r.smsId)
      assert.deepStrictEqual([pending.statusCode, pending.final], ["TS-1023", false])
      yield* sim.clock.advance("2 minutes")
      const done = yield* c.getStatus(r.smsId)
      assert.deepStrictEqual([done.statusCode, done.state, done.final], ["TS-1024", "delivered", true])
      assert.isDefined(done.sentAt)
    }).pipe(Effect.provide(v3({ failedRatio: 0, expiredRatio: 0 }, { clock: { start: Date.now() } })))
  )

  it.live("status answers in the documented v3 form (result, no result_code) are read by getStatus and watch", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* client
      const r = yield* c.sendSms({ title: "EFFECTSMS", text: "seed", to: "5321112233" })
      // The simulator answers as the v3 documentation shows: `result: true` and `sms_status_code`, no `result_code`.
      const raw = yield* Effect.promise(() =>
        fetch(`${sim.origin}/turkeysms/api/v3/sms-durumu/sms_durumu.php`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ api_key: Demo.apiKey, sms_id: r.smsId, response_type: "json" })
        }).then((res) => res.json() as Promise<Record<string, unknown>>)
      )
      assert.strictEqual(raw.result, true)
      assert.strictEqual(raw.sms_status_code, "TS-1023")
      assert.notProperty(raw, "result_code")
      const pending = yield* c.getStatus(r.smsId)
      assert.deepStrictEqual([pending.statusCode, pending.final], ["TS-1023", false])
      const seen: Array<TurkeySmsSchema.MessageStatus> = []
      const fiber = yield* c.watch([r.smsId], { every: "10 millis" }).pipe(
        Stream.runForEach((s) => Effect.sync(() => seen.push(s))),
        Effect.forkChild
      )
      while (seen.length < 1) yield* Effect.sleep("5 millis")
      yield* sim.clock.advance("2 minutes")
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(
        seen.map((s) => [s.statusCode, s.final]),
        [
          ["TS-1023", false],
          ["TS-1024", true]
        ]
      )
    }).pipe(Effect.provide(v3({ failedRatio: 0, expiredRatio: 0 }, { clock: { start: Date.now() } })))
  )

  it.live("getBalance reads local SMS and international TL", () =>
    Effect.gen(function* () {
      const b = yield* (yield* client).getBalance
      assert.strictEqual(b.sms, Demo.balance.sms)
      assert.strictEqual(b.internationalTl, Demo.balance.internationalTl)
    }).pipe(Effect.provide(v3()))
  )

  it.live("getSenders lists the account's sender IDs", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* (yield* client).getSenders, [...Demo.senders])
    }).pipe(Effect.provide(v3()))
  )

  it.live("calls v3 does not document are refused before any request", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* client
      const errors = [
        yield* Effect.flip(c.checkAuth),
        yield* Effect.flip(c.sendMixed({ title: "EFFECTSMS", texts: ["a"], to: ["5321112233"] })),
        yield* Effect.flip(c.addToBlacklist("5321112233")),
        yield* Effect.flip(
          c.sendSms({
            title: "EFFECTSMS",
            text: "x",
            to: "5321112233",
            schedule: { date: "2099-01-01", time: "10:00" }
          })
        )
      ]
      assert.deepStrictEqual(
        errors.map((e) => e._tag),
        ["InvalidInput", "InvalidInput", "InvalidInput", "InvalidInput"]
      )
      assert.strictEqual(yield* sim.requestCount(), 0)
    }).pipe(Effect.provide(v3()))
  )
})
