/**
 * Mapping logic of the TurkeySMS executor over an in-memory HttpClient: the body's `result_code` decides on both
 * generations, codes nobody documents become `UnknownStatus` (never a defect), unreadable answers are typed, fields
 * nested under `data` are read, the key stays out of every error, and the type of each method only admits the
 * errors its endpoint documents. (Everything a user runs is tested over real HTTP against the simulator in /test.)
 */
import { assert, describe, it } from "@effect/vitest"
import { Retry, SmsError } from "@effect-sms/core"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { Effect, Fiber, Layer, Redacted, Ref, Stream } from "effect"
import { HttpClient, HttpClientResponse } from "effect/http"
import { TestClock } from "effect/testing"

const apiKey = "ts-executor-secret-key-0123456789"

const fakeHttp = (respond: (url: string, body: string) => { readonly status: number; readonly body: string }) =>
  Effect.gen(function* () {
    const calls = yield* Ref.make<ReadonlyArray<{ readonly url: string; readonly body: string }>>([])
    const client = HttpClient.make((request) =>
      Effect.gen(function* () {
        const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
        yield* Ref.update(calls, (c) => [...c, { url: request.url, body }])
        const r = respond(request.url, body)
        return HttpClientResponse.fromWeb(request, new Response(r.body, { status: r.status }))
      })
    )
    return { layer: Layer.succeed(HttpClient.HttpClient, client), calls }
  })

const make = (layer: Layer.Layer<HttpClient.HttpClient>, api: "v4" | "v3" = "v4") =>
  TurkeySms.make({
    apiKey: Redacted.make(apiKey),
    api,
    baseUrl: "http://turkeysms.test",
    retry: Retry.none,
    rateLimit: false
  }).pipe(Effect.provide(layer))

const json = (status: number, body: object) => ({ status, body: JSON.stringify(body) })

describe("TurkeySMS executor", () => {
  it.effect("posts api_key in the JSON body to the V4 path, and reads the answer", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => json(200, { result: true, result_code: "TS-1040", balance: 12 }))
      const sms = yield* make(http.layer)
      assert.strictEqual((yield* sms.getBalance).sms, 12)
      const [call] = yield* Ref.get(http.calls)
      assert.strictEqual(call!.url, "http://turkeysms.test/balance/")
      assert.deepStrictEqual(JSON.parse(call!.body), { api_key: apiKey })
    })
  )

  it.effect("v3 asks for JSON and a report under /api/v3", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() =>
        json(200, { result: true, result_code: "TS-1040", local_balance_sms: 3, international_balance_tl: 1 })
      )
      const sms = yield* make(http.layer, "v3")
      assert.strictEqual((yield* sms.getBalance).sms, 3)
      const [call] = yield* Ref.get(http.calls)
      assert.strictEqual(call!.url, "http://turkeysms.test/api/v3/bakiye_sorgulama/add-content")
      assert.deepStrictEqual(JSON.parse(call!.body), { api_key: apiKey, report: 1, response_type: "json" })
    })
  )

  it.effect("a code nobody documents is UnknownStatus with the code, on HTTP 200 or 4xx", () =>
    Effect.gen(function* () {
      for (const status of [200, 418]) {
        const http = yield* fakeHttp(() =>
          json(status, { result: false, result_code: "TS-9999", result_message: "Yeni" })
        )
        const sms = yield* make(http.layer)
        const error = yield* Effect.flip(sms.getBalance)
        assert.strictEqual(error._tag, "UnknownStatus")
        if (error._tag === "UnknownStatus") {
          assert.strictEqual(error.code, "TS-9999")
          assert.strictEqual(error.message, "Yeni")
          assert.strictEqual(error.httpStatus, status)
        }
      }
    })
  )

  it.effect("a documented code the endpoint does not list is UnknownStatus too", () =>
    Effect.gen(function* () {
      // TS-1027 (balance) cannot come from a balance query.
      const http = yield* fakeHttp(() => json(403, { result: false, result_code: "TS-1027" }))
      const sms = yield* make(http.layer)
      const error = yield* Effect.flip(sms.getBalance)
      assert.strictEqual(error._tag, "UnknownStatus")
    })
  )

  it.effect("the code decides, not `result`: a success code with result false is not a success", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => json(200, { result: false, result_code: "TS-1040", balance: 1 }))
      const error = yield* Effect.flip((yield* make(http.layer)).getBalance)
      assert.strictEqual(error._tag, "UnknownStatus")
    })
  )

  it.effect("an undocumented success code with result true is a success (V4 adds codes)", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() => json(200, { result: true, result_code: "TS-1041", balance: 9 }))
      assert.strictEqual((yield* (yield* make(http.layer)).getBalance).sms, 9)
    })
  )

  it.effect(
    "a V4 status nobody documents is read as unknown and not final: watch keeps polling until a final one",
    () =>
      Effect.gen(function* () {
        const states = ["queued", "processing", "in_flight", "delivered"]
        let poll = 0
        const http = yield* fakeHttp(() =>
          json(200, { result: true, result_code: "TS-1064", sms_id: 7, status: states[Math.min(poll++, 3)] })
        )
        const sms = yield* make(http.layer)
        const fiber = yield* sms.watch(["7"], { every: "1 second" }).pipe(Stream.runCollect, Effect.forkChild)
        for (let i = 0; i < 5; i++) yield* TestClock.adjust("1 second")
        const seen = yield* Fiber.join(fiber)
        assert.deepStrictEqual(
          seen.map((st) => [st.state, st.rawState, st.final]),
          [
            ["queued", undefined, false],
            ["unknown", "processing", false],
            ["unknown", "in_flight", false],
            ["delivered", undefined, true]
          ]
        )
        assert.strictEqual((yield* Ref.get(http.calls)).length, 4)
      })
  )

  it.effect("an ambiguous send's SendOutcomeUnknown carries the request encoded by its endpoint's schema", () =>
    Effect.gen(function* () {
      // A 500 with a proxy's page: the send may have gone through; v3 never resends.
      const http = yield* fakeHttp(() => ({ status: 500, body: "<html>Internal Server Error</html>" }))
      const sms = yield* make(http.layer, "v3")
      const otp = yield* Effect.flip(sms.sendOtp({ to: "5321112233", digits: 4 }))
      assert.strictEqual(otp._tag, "SendOutcomeUnknown")
      assert.deepInclude((otp as SmsError.SendOutcomeUnknown).order as object, { mobile: "905321112233", digits: 4 })
      const v4 = yield* TurkeySms.make({
        apiKey: Redacted.make(apiKey),
        baseUrl: "http://turkeysms.test",
        retry: Retry.none,
        rateLimit: false,
        dedupeBound: "0 millis"
      }).pipe(Effect.provide(http.layer))
      const mixed = yield* Effect.flip(
        v4.sendMixed({ title: "EFFECTSMS", texts: ["a", "b"], to: ["5321112233", "5321112234"] })
      )
      assert.strictEqual(mixed._tag, "SendOutcomeUnknown")
      assert.deepInclude((mixed as SmsError.SendOutcomeUnknown).order as object, {
        texts: ["a", "b"],
        recipients: ["905321112233", "905321112234"]
      })
      // One request each: nothing was resent.
      assert.strictEqual((yield* Ref.get(http.calls)).length, 2)
    })
  )

  it.effect("fields under `data` are read", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() =>
        json(200, { result: true, result_code: "TS-1024", data: { sms_id: 77, number_of_sms: 1 } })
      )
      const r = yield* (yield* make(http.layer)).sendSms({ title: "EFFECTSMS", text: "x", to: "5321112233" })
      assert.strictEqual(r.smsId, "77")
    })
  )

  it.effect(
    "a 502 page is UnknownStatus (it may have been processed); a 200 page is a DecodeError; both say what came",
    () =>
      Effect.gen(function* () {
        const page = `<html><body>Bad gateway for ${apiKey}</body></html>`
        const bad = yield* fakeHttp(() => ({ status: 502, body: page }))
        const e502 = yield* Effect.flip((yield* make(bad.layer)).getBalance)
        assert.strictEqual(e502._tag, "UnknownStatus")
        assert.isTrue(SmsError.mayHaveBeenProcessed(e502))
        assert.include(e502.message, "Bad gateway")
        assert.notInclude(e502.message, apiKey)
        const html = yield* fakeHttp(() => ({ status: 200, body: page }))
        const e200 = yield* Effect.flip((yield* make(html.layer)).getBalance)
        assert.strictEqual(e200._tag, "DecodeError")
        assert.include(e200.message, "not a JSON object (HTTP 200")
        assert.notInclude(e200.message, apiKey)
        assert.include(e200.message, "[REDACTED]")
      })
  )

  it.effect("an echoed key in a provider message is scrubbed", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() =>
        json(401, { result: false, result_code: "TS-1031", result_message: `Invalid API key ${apiKey}` })
      )
      const error = yield* Effect.flip((yield* make(http.layer)).getBalance)
      assert.strictEqual(error._tag, "AuthenticationFailed")
      assert.notInclude(error.message, apiKey)
      assert.notInclude(JSON.stringify(error), apiKey)
    })
  )

  it.effect("a mangled id is a DecodeError, never a wrong id", () =>
    Effect.gen(function* () {
      const http = yield* fakeHttp(() =>
        json(200, { result: true, result_code: "TS-1064", sms_id: "12e3", status: "delivered" })
      )
      const error = yield* Effect.flip((yield* make(http.layer)).getStatus("12"))
      assert.strictEqual(error._tag, "DecodeError")
    })
  )
})

// Type-level: a method's error type admits only what its endpoint documents, so catchTag of an error the call cannot
// return does not type-check.
export const typeChecks = (sms: TurkeySms.Service) => [
  sms.getBalance.pipe(Effect.catchTag("PermissionDenied", () => Effect.void)),
  // @ts-expect-error a balance query cannot fail with InsufficientBalance
  sms.getBalance.pipe(Effect.catchTag("InsufficientBalance", () => Effect.void)),
  sms.getStatus("1").pipe(Effect.catchTag("ValidationFailed", () => Effect.void)),
  // @ts-expect-error a status query cannot fail with SenderNotApproved
  sms.getStatus("1").pipe(Effect.catchTag("SenderNotApproved", () => Effect.void)),
  sms.sendOtp({ to: "5321112233" }).pipe(Effect.catchTag("InsufficientBalance", () => Effect.void)),
  // @ts-expect-error an OTP send cannot fail with ValidationFailed (TS-1052 is the status query's)
  sms.sendOtp({ to: "5321112233" }).pipe(Effect.catchTag("ValidationFailed", () => Effect.void)),
  // @ts-expect-error a blacklist add cannot fail with SenderNotApproved
  sms.addToBlacklist("5321112233").pipe(Effect.catchTag("SenderNotApproved", () => Effect.void))
]
