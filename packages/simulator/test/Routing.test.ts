import { assert, describe, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { XmlCodec } from "@effect-sms/xml-codec"
import { Effect } from "effect"
import { auth, call, postRaw, T0, withClient } from "./support.ts"

const other = { apiKey: "507caf2e1fcdb5eea9786332ca2d8785", apiHash: "ab".repeat(32), senders: ["OTHER"] }
const disabled = { apiKey: "0123456789abcdef0123456789abcdef", apiSecret: "disabled-secret", apiAccess: false }

const xmlRequest = (inner: string, key = auth.key, hash = auth.hash) =>
  `<?xml version="1.0" encoding="UTF-8"?><request><authentication><key>${key}</key><hash>${hash}</hash></authentication>${inner}</request>`

describe("routing and authentication", () => {
  layer(withClient(Simulator.layer({ clock: { start: T0 }, accounts: [Simulator.DemoAccount, other, disabled] })), {
    excludeTestServices: true
  })((it) => {
    it.effect("the demo hash is HMAC-SHA256(key = secret, message = apiKey), the spec's test vector", () =>
      Effect.sync(() => {
        assert.strictEqual(
          Simulator.DemoAccount.apiHash,
          "0d2df51f3b2ae72a27abb1d652e09a46530842aaf3e0dae45487b22ebb8f7024"
        )
      })
    )

    it.effect("answers UTF-8 JSON with the exact Turkish message and HTTP status = code", () =>
      Effect.gen(function* () {
        const r = yield* call("get-balance")
        assert.strictEqual(r.status, 200)
        assert.strictEqual(r.headers["content-type"], "application/json; charset=utf-8")
        assert.strictEqual(r.code, 200)
        assert.strictEqual(r.message, "İşlem başarılı")
        assert.deepStrictEqual(r.response.balance, { amount: 1000, sms: 100000 })
      })
    )

    it.effect("accepts a configured panel hash as well as the secret-derived one", () =>
      Effect.gen(function* () {
        const r = yield* call("get-sender", { authentication: { key: other.apiKey, hash: other.apiHash } })
        assert.strictEqual(r.code, 200)
        assert.deepStrictEqual(r.response.senders, { sender: ["OTHER"] })
      })
    )

    it.effect("401 for a wrong hash, an unknown key, a missing authentication and API access off", () =>
      Effect.gen(function* () {
        const wrongHash = yield* call("get-balance", { authentication: { key: auth.key, hash: "0".repeat(64) } })
        const unknownKey = yield* call("get-balance", { authentication: { key: "f".repeat(32), hash: auth.hash } })
        const missing = yield* postRaw("/get-balance/json", JSON.stringify({ request: {} }))
        const off = yield* call("get-balance", {
          authentication: { key: disabled.apiKey, hash: Simulator.hashFor(disabled.apiKey, disabled.apiSecret) }
        })
        for (const r of [wrongHash, unknownKey, off]) {
          assert.strictEqual(r.status, 401)
          assert.deepStrictEqual(r.response, { status: { code: 401, message: "Üyelik bilgileri hatalı" } })
        }
        assert.strictEqual(missing.status, 401)
      })
    )

    it.effect("checks authentication before the body: a bad send with a bad hash is 401, not 459", () =>
      Effect.gen(function* () {
        const r = yield* call("send-sms", { authentication: { key: auth.key, hash: "x" }, order: { sender: "" } })
        assert.strictEqual(r.code, 401)
      })
    )

    it.effect("404 with code 404 for unknown methods, GET, and XML paths of JSON-only methods", () =>
      Effect.gen(function* () {
        const unknown = yield* call("get-inbox")
        assert.strictEqual(unknown.status, 404)
        assert.deepStrictEqual(unknown.response, {
          status: { code: 404, message: "API istek yapılan yönteme sahip değil" }
        })
        const get = yield* postRaw("/get-balance/json", "", "application/json", "GET")
        assert.strictEqual(get.status, 404)
        assert.strictEqual(JSON.parse(get.text).response.status.code, 404)
        const xmlReports = yield* postRaw("/get-reports", xmlRequest(""), "text/xml")
        assert.strictEqual(xmlReports.status, 404)
        assert.include(xmlReports.text, "<code>404</code>")
      })
    )

    it.effect("400 for an unparseable JSON or XML body", () =>
      Effect.gen(function* () {
        const json = yield* postRaw("/get-balance/json", '{"request":')
        assert.strictEqual(json.status, 400)
        assert.deepStrictEqual(JSON.parse(json.text), {
          response: { status: { code: 400, message: "İstek çözümlenemedi" } }
        })
        const notEnvelope = yield* postRaw("/get-balance/json", "[1,2]")
        assert.strictEqual(notEnvelope.status, 400)
        const xml = yield* postRaw("/get-balance", "<request><authentication>", "text/xml")
        assert.strictEqual(xml.status, 400)
        assert.include(xml.text, "<code>400</code><message>İstek çözümlenemedi</message>")
      })
    )

    it.effect("XML: raw body or form-encoded data=, answered with a declaration and text leaves", () =>
      Effect.gen(function* () {
        const raw = yield* postRaw("/get-balance", xmlRequest(""), "text/xml")
        assert.strictEqual(raw.status, 200)
        assert.strictEqual(raw.headers["content-type"], "application/xml; charset=utf-8")
        assert.strictEqual(
          raw.text,
          '<?xml version="1.0" encoding="UTF-8"?><response><status><code>200</code><message>İşlem başarılı</message></status><balance><amount>1000</amount><sms>100000</sms></balance></response>'
        )
        const form = yield* postRaw(
          "/get-sender",
          new URLSearchParams({ data: xmlRequest("") }).toString(),
          "application/x-www-form-urlencoded"
        )
        assert.strictEqual(form.status, 200)
        assert.include(form.text, "<senders><sender>APITEST</sender><sender>EFFECTSMS</sender></senders>")
        const wrong = yield* postRaw("/get-balance", xmlRequest("", auth.key, "nope"), "application/xml")
        assert.strictEqual(wrong.status, 401)
      })
    )

    it.effect("XML send-sms with repeated messages and CDATA text", () =>
      Effect.gen(function* () {
        const r = yield* postRaw(
          "/send-sms",
          xmlRequest(
            "<order><sender>APITEST</sender><sendDateTime></sendDateTime><iys>0</iys>" +
              "<message><text><![CDATA[Test & <mesaji>]]></text><receipents><number>5301234567</number><number>5301234568</number></receipents></message>" +
              "<message><text><![CDATA[Demo mesaji.]]></text><receipents><number>5301234569</number></receipents></message></order>"
          ),
          "text/xml"
        )
        assert.strictEqual(r.status, 200)
        assert.match(r.text, /<order><id>\d+<\/id><\/order><\/response>$/)
        const sim = yield* Simulator.Simulator
        const orders = yield* sim.orders()
        const last = orders[orders.length - 1]!
        assert.strictEqual(last.recipients, 3)
        assert.deepStrictEqual(last.texts, ["Test & <mesaji>", "Demo mesaji."])
      })
    )

    it.effect("XML get-report repeats <message>, everything as text; an XML error has no payload", () =>
      Effect.gen(function* () {
        const sent = yield* call("send-sms", {
          order: {
            sender: "APITEST",
            iys: "0",
            message: { text: "xml report", receipents: { number: ["5051234570", "5051234571"] } }
          }
        })
        const id = sent.response.order.id as string
        const r = yield* postRaw(
          "/get-report",
          xmlRequest(`<order><id>${id}</id><page>1</page><rowCount>5</rowCount></order>`),
          "text/xml"
        )
        assert.strictEqual(r.status, 200)
        const { name, tree } = yield* XmlCodec.decodeTree(r.text)
        assert.strictEqual(name, "response")
        const order = (tree as any).order
        assert.deepStrictEqual([order.id, order.status, order.total, order.waiting], [id, "113", "2", "2"])
        assert.deepStrictEqual(order.message, [
          { number: "+905051234570", status: "110" },
          { number: "+905051234571", status: "110" }
        ])
        const missing = yield* postRaw("/get-report", xmlRequest("<order><id>1</id></order>"), "text/xml")
        assert.strictEqual(missing.status, 455)
        assert.strictEqual(
          missing.text,
          '<?xml version="1.0" encoding="UTF-8"?><response><status><code>455</code><message>Sipariş bulunamadı</message></status></response>'
        )
      })
    )

    it.effect("the request log and per-route counters see every request", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.resetStats
        yield* call("get-balance")
        yield* call("get-balance")
        yield* call("nope")
        assert.strictEqual(yield* sim.requestCount("get-balance"), 2)
        assert.strictEqual(yield* sim.requestCount("unknown"), 1)
        assert.strictEqual(yield* sim.requestCount(), 3)
        const log = yield* sim.requests
        assert.deepStrictEqual(
          log.map((e) => [e.route, e.format, e.status, e.simAt]),
          [
            ["get-balance", "json", 200, T0],
            ["get-balance", "json", 200, T0],
            ["unknown", "json", 404, T0]
          ]
        )
        assert.strictEqual(log[0]!.apiKey, auth.key)
      })
    )
  })
})
