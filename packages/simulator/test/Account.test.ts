import { assert, describe, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { Effect } from "effect"
import { call, message, order, T0, withClient } from "./support.ts"

const credentials = (apiKey: string, apiSecret: string) => ({
  authentication: { key: apiKey, hash: Simulator.hashFor(apiKey, apiSecret) }
})
const inactive = { apiKey: "e".repeat(32), apiSecret: "inactive", iys: { brandCode: 696422, active: false } }
const tinyQuota = { apiKey: "f".repeat(32), apiSecret: "tiny", iys: { brandCode: "123456", quota: 1 } }

// T0 is 2026-04-29 12:00 Turkey time.
const record = (overrides: Record<string, unknown> = {}) => ({
  recipient: "+905051234567",
  recipientType: "BIREYSEL",
  type: "MESAJ",
  status: "ONAY",
  source: "HS_WEB",
  consentDate: "2026-04-28 09:30:00",
  ...overrides
})

describe("blacklist", () => {
  layer(withClient(Simulator.layer({ clock: { start: T0 } })), { excludeTestServices: true })((it) => {
    it.effect("add is idempotent, numbers come back as +90…, and a listed number makes send-sms 452", () =>
      Effect.gen(function* () {
        assert.strictEqual((yield* call("add-blacklist", { blacklist: { number: "5051234567" } })).code, 200)
        assert.strictEqual((yield* call("add-blacklist", { blacklist: { number: "+90 505 123 45 67" } })).code, 200)
        const listed = yield* call("get-blacklist")
        assert.deepStrictEqual(listed.response.blacklist, { count: 1, number: ["+905051234567"] })
        const send = yield* call("send-sms", order({ message: message("to a blocked number", "905051234567") }))
        assert.strictEqual(send.code, 452)
      })
    )

    it.effect("466 for invalid numbers (bad length, landline, unassigned carrier prefix)", () =>
      Effect.gen(function* () {
        for (const number of ["12345", "2121234567", "905999123456", ""]) {
          const r = yield* call("add-blacklist", { blacklist: { number } })
          assert.deepStrictEqual(r.response, { status: { code: 466, message: "Hatalı numara" } })
        }
        assert.strictEqual((yield* call("delete-blacklist", { blacklist: { number: "905999123456" } })).code, 466)
      })
    )

    it.effect("delete: 474 when not listed, 200 when listed", () =>
      Effect.gen(function* () {
        const missing = yield* call("delete-blacklist", { blacklist: { number: "5059990000" } })
        assert.deepStrictEqual(missing.response.status, {
          code: 474,
          message: "Bu numara üzerindeki engelleme kaldırılamaz"
        })
        assert.strictEqual((yield* call("add-blacklist", { blacklist: { number: "5059990000" } })).code, 200)
        assert.strictEqual((yield* call("delete-blacklist", { blacklist: { number: "905059990000" } })).code, 200)
        assert.strictEqual((yield* call("delete-blacklist", { blacklist: { number: "905059990000" } })).code, 474)
      })
    )

    it.effect(
      "get-blacklist pages with page/rowCount under blacklist, count stays the account total, filter by time",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          for (let i = 0; i < 5; i++) {
            yield* sim.clock.advance("1 hour")
            yield* call("add-blacklist", { blacklist: { number: `50611100${i}0` } })
          }
          const all = (yield* call("get-blacklist")).response.blacklist
          assert.strictEqual(all.count, 6)
          const page2 = (yield* call("get-blacklist", { blacklist: { page: 2, rowCount: 2 } })).response.blacklist
          assert.deepStrictEqual(page2, { count: 6, number: ["+905061110010", "+905061110020"] })
          const past = (yield* call("get-blacklist", { blacklist: { page: 9, rowCount: "2" } })).response.blacklist
          assert.deepStrictEqual(past, { count: 6, number: [] })
          // Added at 13:00, 14:00, ... 17:00 Turkey time on 2026-04-29.
          const filtered = yield* call("get-blacklist", {
            blacklist: { filter: { start: "2026-04-29 14:00:00", end: "2026-04-29 15:30:00" } }
          })
          assert.deepStrictEqual(filtered.response.blacklist.number, ["+905061110010", "+905061110020"])
        })
    )
  })
})

describe("İYS consent", () => {
  layer(withClient(Simulator.layer({ clock: { start: T0 }, accounts: [Simulator.DemoAccount, inactive, tinyQuota] })), {
    excludeTestServices: true
  })((it) => {
    it.effect("create stores the records; show returns one, with the recipient as +90…", () =>
      Effect.gen(function* () {
        const created = yield* call("consent/create", {
          consent: {
            brandCode: 696422,
            list: [record({ recipient: "5051234567" }), record({ recipient: "a@b.co", type: "EPOSTA", status: "RET" })]
          }
        })
        assert.deepStrictEqual(created.response, { status: { code: 200, message: "İşlem başarılı" } })
        const shown = yield* call("consent/show", {
          consent: { brandCode: "696422", recipient: "905051234567", recipientType: "BIREYSEL", type: "MESAJ" }
        })
        assert.strictEqual(shown.code, 200)
        assert.deepStrictEqual(shown.response.consent, {
          brandCode: 696422,
          recipient: "+905051234567",
          recipientType: "BIREYSEL",
          type: "MESAJ",
          status: "ONAY",
          source: "HS_WEB",
          consentDate: "2026-04-28 09:30:00"
        })
        const none = yield* call("consent/show", {
          consent: { brandCode: 696422, recipient: "+905051234567", recipientType: "TACIR", type: "MESAJ" }
        })
        assert.deepStrictEqual(none.response, {
          status: { code: 422, message: "İstek içerisindeki değerler doğrulanamadı" }
        })
      })
    )

    it.effect.each<readonly [string, Record<string, unknown>]>([
      ["consentDate older than 3 days", { consentDate: "2026-04-26 11:59:00" }],
      ["consentDate not a timestamp", { consentDate: "28/04/2026 09:30" }],
      ["malformed recipient", { recipient: "+90505" }],
      ["e-mail for MESAJ", { recipient: "a@b.co" }],
      ["recipientType out of enum", { recipientType: "KURUMSAL" }],
      ["type out of enum", { type: "SMS" }],
      ["status out of enum", { status: "EVET" }],
      ["source out of enum", { source: "HS_BILMEM" }]
    ])("422 and nothing persists when one record has %s", ([_name, overrides]) =>
      Effect.gen(function* () {
        const good = record({ recipient: "+905321112233" })
        const r = yield* call("consent/create", { consent: { brandCode: 696422, list: [good, record(overrides)] } })
        assert.strictEqual(r.status, 422)
        const shown = yield* call("consent/show", {
          consent: { brandCode: 696422, recipient: "+905321112233", recipientType: "BIREYSEL", type: "MESAJ" }
        })
        assert.strictEqual(shown.code, 422)
      })
    )

    it.effect("475 above 5000 records; exactly 5000 is accepted", () =>
      Effect.gen(function* () {
        const list = (n: number) =>
          Array.from({ length: n }, (_, i) => record({ recipient: `+9053${String(i).padStart(8, "0")}` }))
        const over = yield* call("consent/create", { consent: { brandCode: 696422, list: list(5001) } })
        assert.deepStrictEqual(over.response, { status: { code: 475, message: "Alıcı sayısı 5000 kişiyi geçemez" } })
        const max = yield* call("consent/create", { consent: { brandCode: 696422, list: list(5000) } })
        assert.strictEqual(max.code, 200)
      })
    )

    it.effect("403 for another brand or an inactive subscription; 405 once the quota is used up", () =>
      Effect.gen(function* () {
        const otherBrand = yield* call("consent/create", { consent: { brandCode: 1, list: [record()] } })
        assert.deepStrictEqual(otherBrand.response.status, { code: 403, message: "Aktif abonelik bulunamadı" })
        const off = yield* call("consent/create", {
          ...credentials(inactive.apiKey, inactive.apiSecret),
          consent: { brandCode: 696422, list: [record()] }
        })
        assert.strictEqual(off.code, 403)
        const tiny = credentials(tinyQuota.apiKey, tinyQuota.apiSecret)
        const two = yield* call("consent/create", {
          ...tiny,
          consent: { brandCode: 123456, list: [record(), record()] }
        })
        assert.strictEqual(two.code, 405)
        const one = yield* call("consent/create", { ...tiny, consent: { brandCode: 123456, list: [record()] } })
        assert.strictEqual(one.code, 200)
        const again = yield* call("consent/create", { ...tiny, consent: { brandCode: 123456, list: [record()] } })
        assert.deepStrictEqual(again.response.status, { code: 405, message: "Aboneliğinizin kotası dolmuş" })
      })
    )
  })
})
