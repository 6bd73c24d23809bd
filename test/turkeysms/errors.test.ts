/**
 * TurkeySMS errors over real HTTP: every code the simulator produces becomes its tagged error with the provider's
 * code, message and (on V4) HTTP status; v3 answers 200 with `result: false` and the same verdict. Answers that are
 * not the API's JSON (a proxy's page, a 5xx in plain text) are typed errors that say what came back. Errors never
 * carry the key.
 */
import { assert, describe, it } from "@effect/vitest"
import { Retry, SmsError } from "@effect-sms/core"
import { TurkeySms, TurkeySmsCodes } from "@effect-sms/core/turkeysms"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import type { Model } from "@effect-sms/simulator/turkeysms"
import { Duration, Effect, Redacted } from "effect"
import { account, env, requests } from "./harness.ts"

const KEY = "ts-errors-key-0123456789"

type Call = (c: TurkeySms.Service) => Effect.Effect<unknown, SmsError.SmsError>

const send: Call = (c) => c.sendSms({ title: "EFFECTSMS", text: "Merhaba", to: "5321112233" })

// Each code, the account that produces it, and the call. Validation that would catch a case before the request is
// what the simulator's own checks need here, so inputs the client accepts are used.
const cases: ReadonlyArray<
  readonly [
    code: string,
    tag: string,
    account: Partial<Model.AccountOptions>,
    call: Call,
    options?: Partial<TurkeySms.Options>
  ]
> = [
  ["TS-1027", "InsufficientBalance", { balance: { sms: 0 } }, send],
  [
    "TS-1028",
    "SenderNotApproved",
    { pendingSenders: ["PENDING"] },
    (c) => c.sendSms({ title: "PENDING", text: "x", to: "5321112233" })
  ],
  ["TS-1029", "SenderNotApproved", {}, (c) => c.sendSms({ title: "NOSUCH", text: "x", to: "5321112233" })],
  ["TS-1030", "AccountInactive", { active: false }, send],
  ["TS-1031", "AuthenticationFailed", {}, send, { apiKey: Redacted.make("ts-wrong-key-0123456789") }],
  [
    "TS-1032",
    "InternationalNotEnabled",
    { international: false },
    (c) => c.sendSms({ title: "EFFECTSMS", text: "x", to: "+4915112345678", international: true })
  ],
  ["TS-1033", "RequestNotParsed", {}, (c) => c.getStatus("999999999")],
  // 0500 is not a Turkish operator: the client's format check passes it, the provider refuses it.
  ["TS-1034", "InvalidRecipients", {}, (c) => c.sendSms({ title: "EFFECTSMS", text: "x", to: "0500 123 45 67" })],
  ["TS-1060", "RateLimited", { perMinuteLimit: 0 }, send],
  ["TS-1061", "PermissionDenied", { permissions: { post: false } }, send],
  ["TS-1063", "PermissionDenied", { permissions: { status: false } }, (c) => c.getStatus("1")],
  ["TS-1065", "PermissionDenied", { permissions: { balance: false } }, (c) => c.getBalance]
]

const noRetry = { retry: Retry.none }

describe("TurkeySMS errors", () => {
  for (const api of ["v4", "v3"] as const) {
    for (const [code, tag, extra, call, options] of cases) {
      it.live(`${api}: ${code} is ${tag}`, () =>
        Effect.gen(function* () {
          const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
          const error = (yield* Effect.flip(call(c))) as SmsError.AnyStatusError
          assert.strictEqual(error._tag, tag)
          assert.strictEqual(error.provider, "turkeysms")
          assert.strictEqual(error.code, code)
          assert.strictEqual(error.message, TurkeySmsCodes.lookup(code)?.message)
          assert.strictEqual(error.httpStatus, api === "v4" ? TurkeySmsCodes.lookup(code)?.httpStatus : 200)
          assert.isAbove(error.explanation.length, 10)
          assert.notInclude(String(error), KEY)
          assert.notInclude(JSON.stringify(error), KEY)
          const log = yield* requests
          assert.strictEqual(log[log.length - 1]?.status, api === "v4" ? TurkeySmsCodes.lookup(code)?.httpStatus : 200)
        }).pipe(
          Effect.provide(
            env({ accounts: [account(KEY, extra)] }, { api, apiKey: Redacted.make(KEY), ...noRetry, ...options })
          )
        )
      )
    }
  }

  it.live("v3: TS-1062 when the key may not send over GET", () =>
    Effect.gen(function* () {
      const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const error = yield* Effect.flip(c.sendSms({ title: "EFFECTSMS", text: "x", to: "5321112233", method: "GET" }))
      assert.strictEqual(error._tag, "PermissionDenied")
      assert.strictEqual((error as SmsError.AnyStatusError).code, "TS-1062")
    }).pipe(
      Effect.provide(
        env({ accounts: [account(KEY, { permissions: { get: false } })] }, { api: "v3", apiKey: Redacted.make(KEY) })
      )
    )
  )

  it.live("TS-1060 carries the wait before a retry: the provider's minute", () =>
    Effect.gen(function* () {
      const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
      const error = yield* Effect.flip(send(c))
      assert.strictEqual(Duration.toMillis(SmsError.retryAfter(error)!), 60_000)
      assert.isTrue(SmsError.isRetryable(error, "unsafe"))
    }).pipe(
      Effect.provide(
        env({ accounts: [account(KEY, { perMinuteLimit: 0 })] }, { apiKey: Redacted.make(KEY), ...noRetry })
      )
    )
  )

  it.live("the key is never retried on TS-1031, TS-1027 or TS-1065: one request each", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
      // Under the default retry policy: a wrong key (TS-1031), an empty balance (TS-1027), a key without the balance
      // permission (TS-1065).
      const wrongKey = yield* TurkeySms.make({
        apiKey: Redacted.make("ts-no-such-key-0123456789"),
        baseUrl: `${sim.origin}/turkeysms`,
        rateLimit: false
      }).pipe(Effect.provide(NodeSms.layerHttpClient))
      const calls: ReadonlyArray<readonly [string, Effect.Effect<unknown, SmsError.SmsError>]> = [
        ["TS-1031", wrongKey.getBalance],
        ["TS-1027", send(c)],
        ["TS-1065", c.getBalance]
      ]
      for (const [code, call] of calls) {
        yield* sim.resetStats
        const error = yield* Effect.flip(call)
        assert.strictEqual((error as { code?: unknown }).code, code)
        assert.strictEqual(yield* sim.requestCount(), 1, code)
      }
    }).pipe(
      Effect.provide(
        env(
          { accounts: [account(KEY, { balance: { sms: 0 }, permissions: { balance: false } })] },
          { apiKey: Redacted.make(KEY) }
        )
      )
    )
  )

  // The codes the client's own validation pre-empts, produced with raw requests: the simulator answers each with its
  // documented HTTP status on V4 and 200 on v3.
  describe("codes the client never provokes, over raw HTTP", () => {
    const raw: ReadonlyArray<readonly [string, string, Record<string, unknown>]> = [
      ["TS-1025", "sms/send", { title: "EFFECTSMS", text: "x", sentto: "" }],
      ["TS-1026", "sms/send", { title: "EFFECTSMS", text: " ", sentto: "905321112233" }],
      ["TS-1050", "sms/send", { api_key: "", title: "EFFECTSMS", text: "x", sentto: "905321112233" }],
      ["TS-1051", "sms/send", { title: "", text: "x", sentto: "905321112233" }],
      ["TS-1052", "sms/status", {}]
    ]
    for (const [code, path, body] of raw) {
      for (const api of ["v4", "v3"] as const) {
        it.live(`${api}: ${code}`, () =>
          Effect.gen(function* () {
            const sim = yield* Effect.service(Simulator.Simulator)
            const v3Path = path === "sms/send" ? "api/v3/gonder/add-content" : "api/v3/sms-durumu/sms_durumu.php"
            const response = yield* Effect.promise(() =>
              fetch(`${sim.origin}/turkeysms/${api === "v4" ? path : v3Path}`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body: JSON.stringify({ api_key: KEY, response_type: "json", ...body })
              })
            )
            assert.strictEqual(response.status, api === "v4" ? TurkeySmsCodes.lookup(code)?.httpStatus : 200)
            assert.deepInclude(yield* Effect.promise(() => response.json()), { result: false, result_code: code })
          }).pipe(Effect.provide(env({ accounts: [account(KEY)] })))
        )
      }
    }
  })

  describe("answers that are not the API's JSON", () => {
    it.live("a proxy's HTML 503 is ServiceUnavailable, and a read retries it", () =>
      Effect.gen(function* () {
        const sim = yield* Effect.service(Simulator.Simulator)
        const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
        yield* sim.setFaults({ "turkeysms/balance": ["503", "ok"] })
        const balance = yield* c.getBalance
        assert.isAbove(balance.sms, 0)
        assert.strictEqual(yield* sim.requestCount("turkeysms/balance"), 2)
        yield* sim.setFaults({ "turkeysms/balance": ["503"] })
        const error = yield* Effect.flip(c.getBalance.pipe(Retry.withPolicy(Retry.none)))
        assert.strictEqual(error._tag, "ServiceUnavailable")
        assert.include(error.message, "HTTP 503")
        assert.include(error.message, "Service Unavailable")
      }).pipe(Effect.provide(env()))
    )

    it.live("a proxy's HTML 429 is RateLimited", () =>
      Effect.gen(function* () {
        const sim = yield* Effect.service(Simulator.Simulator)
        const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
        yield* sim.setFaults({ "turkeysms/sms/status": ["429"] })
        const error = yield* Effect.flip(c.getStatus("1"))
        assert.strictEqual(error._tag, "RateLimited")
        assert.strictEqual((error as SmsError.AnyStatusError).httpStatus, 429)
      }).pipe(Effect.provide(env({}, noRetry)))
    )

    it.live("a malformed body is a DecodeError that shows what came back", () =>
      Effect.gen(function* () {
        const sim = yield* Effect.service(Simulator.Simulator)
        const c = yield* Effect.service(TurkeySms.TurkeySmsClient)
        yield* sim.setFaults({ "turkeysms/balance": ["malformed"] })
        const error = yield* Effect.flip(c.getBalance)
        assert.strictEqual(error._tag, "DecodeError")
        assert.include(error.message, "not a JSON object")
        assert.include(error.message, "HTTP 200")
        assert.include(error.message, "result_code")
      }).pipe(Effect.provide(env({}, noRetry)))
    )
  })
})
