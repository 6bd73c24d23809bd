/**
 * TurkeySMS settings from the environment: the key and the webhook secret are read as `Redacted`, `TURKEYSMS_API`
 * picks the generation, and a missing key is a configuration error that names the variable.
 */
import { assert, describe, it } from "@effect/vitest"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { TurkeySmsWebhookRoute } from "@effect-sms/node-runtime"
import { ConfigProvider, Effect, Redacted } from "effect"

const withEnv = (env: Record<string, string>) => Effect.provide(ConfigProvider.layer(ConfigProvider.fromUnknown(env)))

describe("TurkeySMS configuration", () => {
  it.effect("reads the key Redacted, the API generation and the base URL", () =>
    Effect.gen(function* () {
      const options = yield* TurkeySms.config
      assert.isTrue(Redacted.isRedacted(options.apiKey))
      assert.strictEqual(Redacted.value(options.apiKey), "ts-env-key-0123456789")
      assert.notInclude(String(options.apiKey), "ts-env-key")
      assert.strictEqual(options.api, "v3")
      assert.strictEqual(options.baseUrl, "http://127.0.0.1:9/turkeysms")
    }).pipe(
      withEnv({
        TURKEYSMS_API_KEY: "ts-env-key-0123456789",
        TURKEYSMS_API: "v3",
        TURKEYSMS_BASE_URL: "http://127.0.0.1:9/turkeysms"
      })
    )
  )

  it.effect("V4 is the default, and an unknown generation is refused", () =>
    Effect.gen(function* () {
      assert.strictEqual((yield* TurkeySms.config.pipe(withEnv({ TURKEYSMS_API_KEY: "k" }))).api, "v4")
      const error = yield* Effect.flip(TurkeySms.config.pipe(withEnv({ TURKEYSMS_API_KEY: "k", TURKEYSMS_API: "v5" })))
      assert.include(String(error), "TURKEYSMS_API")
    })
  )

  it.effect("a missing key names TURKEYSMS_API_KEY", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(TurkeySms.config.pipe(withEnv({})))
      assert.include(String(error), "TURKEYSMS_API_KEY")
    })
  )

  it.effect("the webhook route reads TURKEYSMS_WEBHOOK_SECRET", () =>
    Effect.gen(function* () {
      const secret = yield* TurkeySms.webhookSecret
      assert.strictEqual(Redacted.value(secret), "whsec-env")
      const receiver = yield* TurkeySmsWebhookRoute.makeConfig({ path: "/hooks/ts" })
      assert.strictEqual(yield* receiver.rejected, 0)
      const missing = yield* Effect.flip(TurkeySmsWebhookRoute.makeConfig().pipe(withEnv({})))
      assert.include(String(missing), "TURKEYSMS_WEBHOOK_SECRET")
    }).pipe(withEnv({ TURKEYSMS_WEBHOOK_SECRET: "whsec-env" }))
  )
})
