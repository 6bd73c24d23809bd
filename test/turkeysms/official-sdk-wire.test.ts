/**
 * The requests TurkeySMS's official V4 Node SDK makes (`turkeysms-node`: axios POSTs of JSON to paths relative to
 * `https://api.turkeysms.com.tr/`, the key added to every body, `mobile` where the docs say `sentto`, no `digits` on
 * the custom OTP), replayed byte for byte over real HTTP: the simulator answers each as the API does, so the SDK
 * itself works against it with its base URL pointed at `${sim.origin}/turkeysms/`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { Effect } from "effect"
import { control, Demo, simulator } from "./harness.ts"

const sdkPost = (endpoint: string, data: Record<string, unknown>) =>
  Effect.flatMap(Effect.service(Simulator.Simulator), (sim) =>
    Effect.promise(async () => {
      const response = await fetch(`${sim.origin}/turkeysms/${endpoint}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ ...data, api_key: Demo.apiKey })
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    })
  )

describe("the official Node SDK's requests", () => {
  it.live(
    "sendSms(title, mobile, text, lang), sendOtp(mobile, lang = 2, digits = 4), sendDetailedOtp, getBalance, getSmsStatus, addToBlacklist",
    () =>
      Effect.gen(function* () {
        const sms = yield* sdkPost("sms/send", {
          title: "EFFECTSMS",
          mobile: "905321112233",
          text: "Hello from Node.js!",
          sms_lang: 0
        })
        assert.deepInclude(sms.body, { result: true, result_code: "TS-1024" })
        const otp = yield* sdkPost("otp/send", { mobile: "905321112234", lang: 2, digits: 4 })
        assert.deepInclude(otp.body, { result: true, result_code: "TS-1024" })
        assert.match(String(otp.body.otp_code), /^\d{4}$/)
        const detailed = yield* sdkPost("otp/detailed", {
          title: "EFFECTSMS",
          mobile: "905321112235",
          text: "Code: TS-CODE",
          lang: 1
        })
        assert.deepInclude(detailed.body, { result: true })
        // No digits given: V4's default of 6.
        assert.match(String(detailed.body.otp_code), /^\d{6}$/)
        const balance = yield* sdkPost("balance/", {})
        // The SDK's README reads `balance.balance`.
        assert.strictEqual(typeof balance.body.balance, "number")
        const status = yield* sdkPost("sms/status", { sms_id: sms.body.sms_id })
        assert.deepInclude(status.body, { result: true, result_code: "TS-1064", status: "queued" })
        const blacklist = yield* sdkPost("blacklist/add", { number: "905321119999" })
        assert.deepInclude(blacklist.body, { result: true })
        assert.strictEqual((yield* control).messages().length, 3)
      }).pipe(Effect.provide(simulator()))
  )

  it.live("the SDK's failures come back as the API's: HTTP 401 with TS-1031 for a wrong key", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const response = yield* Effect.promise(() =>
        fetch(`${sim.origin}/turkeysms/balance/`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ api_key: "not-a-key" })
        })
      )
      assert.strictEqual(response.status, 401)
      assert.deepInclude(yield* Effect.promise(() => response.json()), { result: false, result_code: "TS-1031" })
    }).pipe(Effect.provide(simulator()))
  )
})
