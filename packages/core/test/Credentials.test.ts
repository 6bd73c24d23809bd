import { assert, describe, it } from "@effect/vitest"
import { IletiMerkeziCredentials } from "@effect-sms/core"
import { Effect, Redacted } from "effect"

describe("Credentials", () => {
  it.effect(
    "computes the hash as hex HMAC-SHA256(key = secret, message = apiKey): the vector in docs/providers/iletimerkezi-api.md (Authentication)",
    () =>
      Effect.gen(function* () {
        const hash = yield* IletiMerkeziCredentials.hashFromSecret(
          Redacted.make("3373dcb20eb97fa575e0e214f321b08b"),
          Redacted.make("my-secret-0123456789abcdef0123456789abcdef")
        )
        assert.strictEqual(Redacted.value(hash), "0d2df51f3b2ae72a27abb1d652e09a46530842aaf3e0dae45487b22ebb8f7024")
        assert.notInclude(String(hash), "0d2df51f")
      })
  )

  it.effect("passes a panel hash through unchanged", () =>
    Effect.gen(function* () {
      const c = yield* IletiMerkeziCredentials.resolve({ apiKey: Redacted.make("k"), apiHash: Redacted.make("h") })
      assert.strictEqual(Redacted.value(c.apiHash), "h")
    })
  )
})
