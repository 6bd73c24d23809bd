/**
 * Mapping logic of the executor, over an in-memory HttpClient: every documented status code becomes its tagged
 * error, codes arrive as numbers or strings, the HTTP status is never trusted alone, and secrets never leak.
 * (Everything a user runs is tested over real HTTP against the simulator in /test.)
 */
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, IletiMerkeziEndpoints, IletiMerkeziErrors, IletiMerkeziSchema, Retry } from "@effect-sms/core"
import { Effect, Layer, Logger, Option, Redacted, Ref, References } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"

const apiKey = "3373dcb20eb97fa575e0e214f321b08b"
const apiHash = "0d2df51f3b2ae72a27abb1d652e09a46530842aaf3e0dae45487b22ebb8f7024"

interface Call {
  readonly url: string
  readonly body: string
}

const fakeHttp = (
  respond: (call: Call) => { readonly status: number; readonly body: string; readonly headers?: Record<string, string> }
) =>
  Effect.gen(function* () {
    const calls = yield* Ref.make<ReadonlyArray<Call>>([])
    const client = HttpClient.make((request) =>
      Effect.gen(function* () {
        const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
        const call = { url: request.url, body }
        yield* Ref.update(calls, (c) => [...c, call])
        const r = respond(call)
        return HttpClientResponse.fromWeb(request, new Response(r.body, { status: r.status, headers: r.headers ?? {} }))
      })
    )
    return { layer: Layer.succeed(HttpClient.HttpClient, client), calls }
  })

const client = (layer: Layer.Layer<HttpClient.HttpClient>, retry: Retry.Policy = Retry.none) =>
  IletiMerkezi.make({
    apiKey: Redacted.make(apiKey),
    apiHash: Redacted.make(apiHash),
    baseUrl: "http://sms.test/v1",
    retry,
    rateLimit: false
  }).pipe(Effect.orDie, Effect.provide(layer))

const envelope = (code: number | string, message: string, payload: object = {}) =>
  JSON.stringify({ response: { status: { code, message }, ...payload } })

describe("executor", () => {
  it.effect("posts the documented envelope to /v1/<method>/json and decodes the payload", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({
        status: 200,
        body: envelope(200, "İşlem başarılı", { balance: { amount: "10.584", sms: "67" } })
      }))
      const sms = yield* client(http.layer)
      const balance = yield* sms.getBalance
      assert.strictEqual(balance.amount, 10.584)
      assert.strictEqual(balance.sms, 67)
      const [call] = yield* Ref.get(http.calls)
      assert.strictEqual(call!.url, "http://sms.test/v1/get-balance/json")
      assert.deepStrictEqual(JSON.parse(call!.body), { request: { authentication: { key: apiKey, hash: apiHash } } })
    })
  )

  it.effect("accepts status.code as a numeric string", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({
        status: 200,
        body: envelope("200", "İşlem başarılı", { balance: { amount: 1, sms: 2 } })
      }))
      const sms = yield* client(http.layer)
      assert.strictEqual((yield* sms.getBalance).sms, 2)
    })
  )

  // Every documented code, on an endpoint that documents it, becomes its own class; the same code on an endpoint
  // that does not document it becomes UnknownStatus, keeping the code.
  const table = Object.entries(IletiMerkeziErrors.Statuses).map(([code, entry]) => ({ ...entry, code: Number(code) }))
  it.effect.each(table)("code $code maps to its class on the send endpoint or to UnknownStatus", (entry) =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({ status: entry.code, body: envelope(entry.code, entry.message) }))
      const sms = yield* client(http.layer)
      const error = yield* Effect.flip(sms.execute(IletiMerkeziEndpoints.sendSms, sendRequest))
      const documented = (IletiMerkeziEndpoints.sendSms.errors as ReadonlyArray<unknown>).includes(entry.error)
      assert.strictEqual(error._tag, documented ? entry.error.name : "UnknownStatus")
      assert.strictEqual((error as { code: unknown }).code, entry.code)
      assert.strictEqual((error as { message: string }).message, entry.message)
    })
  )

  it.effect("a 200 HTTP status with an error code in the body is an error", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({ status: 200, body: envelope(401, "Üyelik bilgileri hatalı") }))
      const sms = yield* client(http.layer)
      const error = yield* Effect.flip(sms.getBalance)
      assert.strictEqual(error._tag, "AuthenticationFailed")
      assert.include(error.toString(), "Allow API access")
    })
  )

  it.effect("a 4xx HTTP status with a success body is a success: the body decides", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({
        status: 404,
        body: envelope(200, "İşlem başarılı", { senders: { sender: "ONE" } })
      }))
      const sms = yield* client(http.layer)
      assert.deepStrictEqual(yield* sms.getSenders, ["ONE"])
    })
  )

  it.effect("an unreadable 503 from a proxy is ServiceUnavailable with its Retry-After", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({ status: 503, body: "<html>busy</html>", headers: { "retry-after": "7" } }))
      const sms = yield* client(http.layer)
      const error = yield* Effect.flip(sms.getBalance)
      assert.strictEqual(error._tag, "ServiceUnavailable")
      assert.strictEqual((error as { retryAfterMillis?: number }).retryAfterMillis, 7000)
    })
  )

  it.effect("an unreadable 200 body is a DecodeError", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({ status: 200, body: '{"response":{"status":' }))
      const sms = yield* client(http.layer)
      assert.strictEqual((yield* Effect.flip(sms.getBalance))._tag, "DecodeError")
    })
  )

  it.effect("consent/show answering `consent: []` (a documented drift) is no consent, not an error", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({ status: 200, body: envelope(200, "İşlem başarılı", { consent: [] }) }))
      const sms = yield* client(http.layer)
      const found = yield* sms.checkConsent({
        brandCode: 696422,
        recipient: "905321112233",
        recipientType: "TACIR",
        type: "MESAJ"
      })
      assert.isTrue(Option.isNone(found))
      const [call] = yield* Ref.get(http.calls)
      assert.strictEqual(call!.url, "http://sms.test/v1/consent/show/json")
      assert.deepStrictEqual(JSON.parse(call!.body).request.consent, {
        brandCode: 696422,
        recipient: "+905321112233",
        recipientType: "TACIR",
        type: "MESAJ"
      })
    })
  )

  it.effect("an undocumented code is UnknownStatus with the code, never a defect", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => ({ status: 499, body: envelope(499, "Yeni bir hata") }))
      const sms = yield* client(http.layer)
      const error = yield* Effect.flip(sms.getBalance)
      assert.strictEqual(error._tag, "UnknownStatus")
      assert.strictEqual((error as { code: unknown }).code, 499)
    })
  )

  it.effect("no secret appears in errors, their string forms, or logs", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const logger = Logger.make(({ message }) => lines.push(JSON.stringify(message)))
      const http = yield* fakeHttp(({ url }) =>
        url.endsWith("get-sender/json")
          ? { status: 503, body: envelope(503, "Sunucu geçici olarak servis dışı"), headers: { "retry-after": "0" } }
          : { status: 401, body: envelope(401, "Üyelik bilgileri hatalı") }
      )
      const sms = yield* client(http.layer, Retry.make({ base: "1 millis", maxAttempts: 2 }))
      const errors = yield* Effect.all([
        Effect.flip(sms.getBalance),
        Effect.flip(sms.getSenders),
        Effect.flip(sms.sendSms({ sender: "APITEST", text: "x", to: "not a number", iys: 0 })),
        Effect.flip(sms.execute(IletiMerkeziEndpoints.sendSms, sendRequest))
      ]).pipe(Effect.provide(Logger.layer([logger])), Effect.provideService(References.MinimumLogLevel, "Debug"))
      // The 503 was retried once, so a debug line was logged: the check below is not vacuous.
      assert.isTrue(lines.some((l) => l.includes("retrying get-sender")))
      for (const e of errors) {
        for (const text of [
          String(e),
          JSON.stringify(e),
          e.message,
          (e as { explanation?: string }).explanation ?? ""
        ]) {
          assert.notInclude(text, apiHash)
          assert.notInclude(text, apiKey)
        }
      }
      for (const line of lines) {
        assert.notInclude(line, apiHash)
        assert.notInclude(line, apiKey)
      }
    })
  )

  it.effect("a server that echoes the request never carries the key or hash into an error", () =>
    Effect.gen(function* () {
      // Not JSON (a proxy page quoting the request), a 502 quoting it, and a 200 whose payload is the echo.
      const answers = [
        (body: string) => ({ status: 200, body: `<html>bad gateway: ${body}</html>` }),
        (body: string) => ({ status: 502, body: `upstream said: ${encodeURIComponent(body)}` }),
        (body: string) => ({
          status: 200,
          body: JSON.stringify({ response: { status: { code: 599, message: body } } })
        })
      ]
      for (const answer of answers) {
        const http = yield* fakeHttp(({ body }) => answer(body))
        const sms = yield* client(http.layer)
        const error = yield* Effect.flip(sms.getBalance)
        for (const text of [String(error), JSON.stringify(error), error.message]) {
          assert.notInclude(text, apiKey)
          assert.notInclude(text, apiHash)
          assert.notInclude(text, encodeURIComponent(apiKey))
        }
        assert.include(String(error), "[REDACTED]")
      }
    })
  )
})

const sendRequest = new IletiMerkeziSchema.SendSmsRequest({
  sender: "APITEST",
  messages: [new IletiMerkeziSchema.SmsMessage({ text: "Merhaba", recipients: ["905321234567"] })],
  iys: 0
})
