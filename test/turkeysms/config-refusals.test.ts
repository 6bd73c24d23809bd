/**
 * Bad TurkeySMS configuration is refused when the client is built, before any request, with a `Config.ConfigError`
 * naming the setting and what it allows: in code (`NodeTurkeySms.layer(options)`) and from the environment.
 */
import { assert, describe, layer } from "@effect/vitest"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeTurkeySms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Cause, ConfigProvider, Effect, Exit, Layer, Redacted } from "effect"
import { requests } from "./harness.ts"

const key = TurkeySmsModule.DemoAccount.apiKey

type Case = readonly [name: string, options: (origin: string) => unknown, mentions: RegExp]

const base = (origin: string) => ({ apiKey: Redacted.make(key), baseUrl: `${origin}/turkeysms` })

const cases: ReadonlyArray<Case> = [
  ["timeout 0", (o) => ({ ...base(o), timeout: 0 }), /timeout must be a positive/],
  ["timeout 'soon'", (o) => ({ ...base(o), timeout: "soon" }), /timeout .*"soon"/],
  ["baseUrl ftp://", () => ({ ...base(""), baseUrl: "ftp://127.0.0.1/turkeysms" }), /baseUrl must be an http/],
  ["baseUrl not a URL", () => ({ ...base(""), baseUrl: "turkeysms.com.tr" }), /baseUrl/],
  ["api v5", (o) => ({ ...base(o), api: "v5" }), /api must be one of "v4", "v3"; got "v5"/],
  ["an empty key", (o) => ({ ...base(o), apiKey: Redacted.make("") }), /apiKey must be a non-empty Redacted/],
  ["a plain-string key", (o) => ({ ...base(o), apiKey: key }), /apiKey must be a non-empty Redacted/],
  ["rate limit 0 a minute", (o) => ({ ...base(o), rateLimit: { perMinute: 0 } }), /rateLimit.perMinute/],
  ["rate limit NaN", (o) => ({ ...base(o), rateLimit: { perMinute: Number.NaN } }), /rateLimit.perMinute .*NaN/],
  ["dedupe bound 'x'", (o) => ({ ...base(o), dedupeBound: "x" }), /dedupeBound/],
  ["a 10-byte response cap", (o) => ({ ...base(o), maxResponseBytes: 10 }), /maxResponseBytes/]
]

layer(Simulator.layer({ seed: "turkeysms-config" }), { excludeTestServices: true })(
  "TurkeySMS configuration in code",
  (it) => {
    it.effect.each(cases)("%s is refused before any request, naming the setting", ([, options, mentions]) =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const before = (yield* requests).length
        const exit = yield* Effect.exit(
          Layer.build(NodeTurkeySms.layer(options(sim.origin) as TurkeySms.Options)).pipe(Effect.scoped)
        )
        assert.isTrue(Exit.isFailure(exit), "the client was built")
        if (Exit.isFailure(exit)) {
          assert.isFalse(Cause.hasDies(exit.cause), Cause.pretty(exit.cause))
          const error = Cause.squash(exit.cause) as { _tag?: string; message?: string }
          assert.strictEqual(error._tag, "ConfigError")
          assert.match(String(error.message), mentions)
          assert.notInclude(String(error.message), key)
        }
        assert.strictEqual((yield* requests).length, before)
      })
    )
  }
)

describe("TurkeySMS configuration from the environment", () => {
  layer(Layer.empty, { excludeTestServices: true })("env", (it) => {
    it.effect.each([
      ["TURKEYSMS_TIMEOUT=soon", { TURKEYSMS_TIMEOUT: "soon" }, /TURKEYSMS_TIMEOUT .*"soon"/],
      ["TURKEYSMS_TIMEOUT=0 seconds", { TURKEYSMS_TIMEOUT: "0 seconds" }, /TURKEYSMS_TIMEOUT must be a positive/],
      ["TURKEYSMS_API=v5", { TURKEYSMS_API: "v5" }, /TURKEYSMS_API must be one of "v4", "v3"/],
      ["TURKEYSMS_BASE_URL=ftp://", { TURKEYSMS_BASE_URL: "ftp://x" }, /TURKEYSMS_BASE_URL must be an http/]
    ] as const)("%s is refused with the variable's allowed values", ([, extra, mentions]) =>
      Effect.gen(function* () {
        const exit = yield* Effect.exit(
          Effect.gen(function* () {
            return yield* TurkeySms.config
          })
        ).pipe(
          Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env: { TURKEYSMS_API_KEY: key, ...extra } })))
        )
        assert.isTrue(Exit.isFailure(exit))
        if (Exit.isFailure(exit))
          assert.match(String((Cause.squash(exit.cause) as { message?: string }).message), mentions)
      })
    )
  })
})
