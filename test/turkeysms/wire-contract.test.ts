/**
 * The client's wire and the simulator's agree: every endpoint's request, as the client writes it, is routed and
 * accepted by the simulator, and the simulator's answer decodes with the client's success schema. Plain logic (no
 * sockets); the same paths run over real HTTP in the client tests.
 */
import { assert, describe, it } from "@effect/vitest"
import { Endpoint } from "@effect-sms/core"
import { TurkeySmsEndpoints as Endpoints, TurkeySmsSchema as S } from "@effect-sms/core/turkeysms"
import * as TurkeySms from "@effect-sms/simulator/turkeysms"
import { Result, Schema } from "effect"

const KEY = "contract-key"
const T0 = Date.parse("2026-04-29T07:00:00Z")

const send = new S.SendRequest({
  title: "EFFECTSMS",
  text: "Merhaba",
  recipients: ["905321112233"],
  smsLang: 0,
  contentType: 0,
  predictedParts: 1
})
const many = new S.SendRequest({ ...send, recipients: ["905321112233", "905321112234"] })
const scheduled = new S.SendRequest({ ...send, schedule: new S.Schedule({ date: "2026-04-29", time: "12:00" }) })
const mixed = new S.MixedRequest({
  title: "EFFECTSMS",
  texts: ["a", "b"],
  recipients: ["905321112233", "905321112234"],
  smsLang: 0,
  contentType: 0,
  predictedParts: 2
})
const otp = new S.OtpRequest({ mobile: "905321112233", digits: 6, lang: 1 })
const customOtp = new S.OtpRequest({
  mobile: "905321112233",
  digits: 5,
  lang: 0,
  title: "EFFECTSMS",
  text: "Kod TS-CODE"
})

const cases: ReadonlyArray<readonly [string, Endpoint.Any, unknown, string]> = [
  ["V4 checkAuth", Endpoints.V4.checkAuth, new S.EmptyRequest({}), "TS-1000"],
  ["V4 sendSms", Endpoints.V4.sendSms, send, "TS-1024"],
  ["V4 sendSms to many", Endpoints.V4.sendSms, many, "TS-1024"],
  ["V4 sendSms scheduled", Endpoints.V4.sendSms, scheduled, "TS-1024"],
  ["V4 sendGroup", Endpoints.V4.sendGroup, many, "TS-1024"],
  ["V4 sendMixed", Endpoints.V4.sendMixed, mixed, "TS-1024"],
  ["V4 sendOtp", Endpoints.V4.sendOtp, otp, "TS-1024"],
  ["V4 sendCustomOtp", Endpoints.V4.sendCustomOtp, customOtp, "TS-1024"],
  ["V4 getBalance", Endpoints.V4.getBalance, new S.EmptyRequest({}), "TS-1040"],
  ["V4 addToBlacklist", Endpoints.V4.addToBlacklist, new S.BlacklistRequest({ number: "905321119999" }), "TS-1064"],
  ["v3 sendSms", Endpoints.V3.sendSms, send, "TS-1024"],
  ["v3 sendMany", Endpoints.V3.sendMany, many, "TS-1024"],
  ["v3 sendGet", Endpoints.V3.sendGet, send, "TS-1024"],
  ["v3 sendOtp", Endpoints.V3.sendOtp, otp, "TS-1024"],
  ["v3 sendCustomOtp", Endpoints.V3.sendCustomOtp, customOtp, "TS-1024"],
  ["v3 getBalance", Endpoints.V3.getBalance, new S.EmptyRequest({}), "TS-1040"],
  ["v3 getSenders", Endpoints.V3.getSenders, new S.EmptyRequest({}), "TS-1040"]
]

const run = (model: TurkeySms.Model.Model, spec: Endpoint.Any, request: unknown) => {
  const routed = TurkeySms.Wire.route(spec.method, spec.path)
  assert.isDefined(routed, `${spec.method} ${spec.path} is routed`)
  const wire = { api_key: KEY, ...Endpoint.payload(spec, request) }
  // What goes on the wire is JSON (or a query string of strings): round-trip it the same way.
  const params =
    spec.encoding._tag === "query"
      ? TurkeySms.Wire.params(
          routed!,
          new URLSearchParams(Object.entries(wire).map(([k, v]) => [k, String(v)])).toString(),
          "",
          undefined
        )
      : TurkeySms.Wire.params(routed!, "", JSON.stringify(wire), "application/json")
  assert.isDefined(params)
  const outcome = TurkeySms.Model.handle(model, { route: routed!.route, api: routed!.api, params: params!, now: T0 })
  return { routed: routed!, outcome, answer: TurkeySms.Wire.answer(routed!, outcome, params) }
}

describe("TurkeySMS wire contract", () => {
  for (const [name, spec, request, code] of cases) {
    it(`${name}: the simulator accepts the client's request and the client decodes the answer`, () => {
      const model = TurkeySms.Model.make([{ apiKey: KEY, senders: ["EFFECTSMS"], balance: { sms: 100 } }])
      const { routed, outcome, answer } = run(model, spec, request)
      assert.strictEqual(routed.api, spec.path.startsWith("/api/v3/") ? "v3" : "v4")
      assert.strictEqual(outcome.code, code)
      assert.strictEqual(answer.status, 200)
      const decoded = Schema.decodeUnknownResult(spec.success)(JSON.parse(answer.body))
      assert.isTrue(Result.isSuccess(decoded), Result.isFailure(decoded) ? decoded.failure.message : "")
    })
  }

  it("status answers decode on both generations, with the message sent", () => {
    const model = TurkeySms.Model.make([{ apiKey: KEY, senders: ["EFFECTSMS"] }])
    const id = String(run(model, Endpoints.V4.sendSms, send).outcome.payload?.sms_id)
    for (const spec of [Endpoints.V4.getStatus, Endpoints.V3.getStatus]) {
      const { answer } = run(model, spec, new S.StatusRequest({ smsId: id }))
      const wire = Schema.decodeUnknownSync(S.StatusWire)(JSON.parse(answer.body))
      const status = S.statusOf(wire, id)
      assert.instanceOf(status, S.MessageStatus)
      assert.strictEqual((status as S.MessageStatus).state, spec.path.startsWith("/api/v3/") ? "sent" : "queued")
    }
  })

  it("V4 refusals carry the documented HTTP status; v3 answers 200 with result false", () => {
    const model = TurkeySms.Model.make([{ apiKey: KEY, senders: ["EFFECTSMS"] }])
    const routed = TurkeySms.Wire.route("POST", "/sms/send")!
    const bad = TurkeySms.Model.handle(model, { route: routed.route, api: "v4", params: { api_key: "nope" }, now: T0 })
    const v4 = TurkeySms.Wire.answer(routed, bad, {})
    assert.strictEqual(v4.status, 401)
    assert.deepInclude(JSON.parse(v4.body), { result: false, result_code: "TS-1031" })
    const v3 = TurkeySms.Wire.answer(TurkeySms.Wire.route("POST", "/api/v3/gonder/add-content")!, bad, {})
    assert.strictEqual(v3.status, 200)
    assert.deepInclude(JSON.parse(v3.body), { result: false, result_code: "TS-1031" })
    const php = TurkeySms.Wire.answer(TurkeySms.Wire.route("POST", "/api/v3/gonder/add-content")!, bad, {
      response_type: "php"
    })
    assert.include(php.body, "[result_code] => TS-1031")
  })
})
