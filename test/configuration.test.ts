/**
 * Bad configuration is refused when the client is built, before any request, with a `Config.ConfigError` whose
 * message names the setting and what it allows: in code (`NodeSms.layer(options)`), from the environment
 * (`IletiMerkezi.config`), and through the CLI (exit 2, one line). No secret appears in any of those messages.
 */
import { assert, describe, layer } from "@effect/vitest"
import { IletiMerkezi } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Cause, ConfigProvider, Effect, Exit, Layer, Redacted } from "effect"
import { assertFailure, runNode } from "./support/subprocess.ts"

const bin = new URL("../packages/node-runtime/src/bin/effect-sms.ts", import.meta.url).pathname
const key = Simulator.DemoAccount.apiKey
const secret = Simulator.DemoAccount.apiSecret

/** Builds a client with `options` over the simulator; returns the refusal's message, or fails the test. */
const refusal = (options: (url: string) => unknown) =>
  Effect.gen(function* () {
    const sim = yield* Simulator.Simulator
    const exit = yield* Effect.exit(
      Layer.build(NodeSms.layer(options(sim.url) as IletiMerkezi.Options)).pipe(Effect.scoped)
    )
    assert.isTrue(Exit.isFailure(exit), "the client was built")
    if (Exit.isSuccess(exit)) return ""
    assert.isFalse(Cause.hasDies(exit.cause), Cause.pretty(exit.cause))
    const error = Cause.squash(exit.cause) as { _tag?: string; message?: string }
    assert.strictEqual(error._tag, "ConfigError")
    return String(error.message)
  })

const base = (url: string) => ({ apiKey: Redacted.make(key), apiSecret: Redacted.make(secret), baseUrl: url })

type Case = readonly [name: string, options: (url: string) => unknown, mentions: RegExp]

const cases: ReadonlyArray<Case> = [
  ["timeout 0", (u) => ({ ...base(u), timeout: 0 }), /timeout must be a positive/],
  ["timeout -1 second", (u) => ({ ...base(u), timeout: "-1 seconds" }), /timeout must be a positive/],
  ["timeout 'soon'", (u) => ({ ...base(u), timeout: "soon" }), /timeout .*"soon"/],
  ["timeout Infinity", (u) => ({ ...base(u), timeout: Number.POSITIVE_INFINITY }), /timeout .*finite/],
  [
    "baseUrl ftp://",
    () => ({ ...base(""), baseUrl: "ftp://127.0.0.1/v1" }),
    /baseUrl must be an http:\/\/ or https:\/\//
  ],
  ["baseUrl not a URL", () => ({ ...base(""), baseUrl: "api.iletimerkezi.com/v1" }), /baseUrl .*http/],
  ["baseUrl empty", () => ({ ...base(""), baseUrl: "" }), /baseUrl/],
  ["format yaml", (u) => ({ ...base(u), format: "yaml" }), /format must be one of "json", "xml"; got "yaml"/],
  ["format XML (case)", (u) => ({ ...base(u), format: "XML" }), /format must be one of "json", "xml"/],
  [
    "hash and secret both",
    (u) => ({ ...base(u), apiHash: Redacted.make(Simulator.DemoAccount.apiHash) }),
    /apiHash or apiSecret, not both/
  ],
  ["neither hash nor secret", (u) => ({ apiKey: Redacted.make(key), baseUrl: u }), /apiHash or apiSecret is required/],
  ["an empty secret", (u) => ({ ...base(u), apiSecret: Redacted.make("") }), /apiSecret must be a non-empty/],
  ["an empty hash", (u) => ({ apiKey: Redacted.make(key), apiHash: Redacted.make(""), baseUrl: u }), /apiHash/],
  ["a plain-string key", (u) => ({ ...base(u), apiKey: key }), /apiKey must be a non-empty Redacted/],
  ["an empty key", (u) => ({ ...base(u), apiKey: Redacted.make("") }), /apiKey/],
  ["options null", () => null, /options must be an object/],
  [
    "rate limit 0",
    (u) => ({ ...base(u), rateLimit: { limit: 0 } }),
    /rateLimit.limit must be an integer of at least 1/
  ],
  ["rate limit -5", (u) => ({ ...base(u), rateLimit: { limit: -5 } }), /rateLimit.limit/],
  ["rate limit NaN", (u) => ({ ...base(u), rateLimit: { limit: Number.NaN } }), /rateLimit.limit .*NaN/],
  ["rate limit 1.5", (u) => ({ ...base(u), rateLimit: { limit: 1.5 } }), /rateLimit.limit/],
  ["rate window 'x'", (u) => ({ ...base(u), rateLimit: { window: "x" } }), /rateLimit.window .*"x"/],
  ["rate window 0", (u) => ({ ...base(u), rateLimit: { window: 0 } }), /rateLimit.window must be a positive/],
  ["rate burst 0", (u) => ({ ...base(u), rateLimit: { burst: 0 } }), /rateLimit.burst/],
  ["rate limit 'fast'", (u) => ({ ...base(u), rateLimit: "fast" }), /rateLimit must be false or an object/],
  [
    "resends -1",
    (u) => ({ ...base(u), reconcile: { resends: -1 } }),
    /reconcile.resends must be an integer of at least 0/
  ],
  ["clock skew 'x'", (u) => ({ ...base(u), reconcile: { clockSkew: "x" } }), /reconcile.clockSkew/]
]

layer(Simulator.layer({ seed: "configuration" }), { excludeTestServices: true })("configuration in code", (it) => {
  it.effect.each(cases)("%s is refused before any request, naming the setting", ([, options, mentions]) =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const before = yield* sim.requestCount()
      const message = yield* refusal(options)
      assert.match(message, mentions)
      assert.notInclude(message, secret)
      assert.notInclude(message, Simulator.DemoAccount.apiHash)
      assert.strictEqual(yield* sim.requestCount(), before)
    })
  )
})

describe("configuration from the environment", () => {
  const fromEnv = (env: Record<string, string>) =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Effect.gen(function* () {
          return yield* IletiMerkezi.config
        })
      ).pipe(Effect.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env }))))
      assert.isTrue(Exit.isFailure(exit))
      return Exit.isFailure(exit) ? String((Cause.squash(exit.cause) as { message?: string }).message) : ""
    })

  const env = { ILETIMERKEZI_API_KEY: key, ILETIMERKEZI_API_SECRET: secret }

  layer(Layer.empty, { excludeTestServices: true })("env", (it) => {
    it.effect.each([
      ["ILETIMERKEZI_TIMEOUT=0", { ILETIMERKEZI_TIMEOUT: "0 seconds" }, /ILETIMERKEZI_TIMEOUT must be a positive/],
      ["ILETIMERKEZI_TIMEOUT=soon", { ILETIMERKEZI_TIMEOUT: "soon" }, /ILETIMERKEZI_TIMEOUT .*"soon"/],
      [
        "ILETIMERKEZI_BASE_URL=ftp://",
        { ILETIMERKEZI_BASE_URL: "ftp://x/v1" },
        /ILETIMERKEZI_BASE_URL must be an http/
      ],
      ["ILETIMERKEZI_FORMAT=yaml", { ILETIMERKEZI_FORMAT: "yaml" }, /ILETIMERKEZI_FORMAT must be one of "json", "xml"/],
      [
        "hash and secret both",
        { ILETIMERKEZI_API_HASH: Simulator.DemoAccount.apiHash },
        /Both ILETIMERKEZI_API_HASH and ILETIMERKEZI_API_SECRET are set/
      ]
    ] as const)("%s is refused with the variable's allowed values", ([, extra, mentions]) =>
      Effect.gen(function* () {
        const message = yield* fromEnv({ ...env, ...extra })
        assert.match(message, mentions)
        assert.notInclude(message, secret)
      })
    )
  })
})

layer(Simulator.layer({ seed: "configuration-cli" }), { excludeTestServices: true })(
  "configuration via the CLI",
  (it) => {
    it.effect("bad variables exit 2 with one line naming the variable, and the simulator sees no request", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const env = { ILETIMERKEZI_BASE_URL: sim.url, ILETIMERKEZI_API_KEY: key, ILETIMERKEZI_API_SECRET: secret }
        const runs = yield* Effect.all(
          [
            runNode(bin, ["balance"], { ...env, ILETIMERKEZI_TIMEOUT: "0 seconds" }),
            runNode(bin, ["balance"], { ...env, ILETIMERKEZI_BASE_URL: "ftp://127.0.0.1/v1" }),
            runNode(bin, ["balance"], { ...env, ILETIMERKEZI_FORMAT: "yaml" }),
            runNode(bin, ["balance", "--base-url", "file:///etc/passwd"], env)
          ],
          { concurrency: 2 }
        )
        assertFailure(runs[0]!, 2, /^error: configuration: ILETIMERKEZI_TIMEOUT must be a positive/)
        assertFailure(runs[1]!, 2, /^error: configuration: ILETIMERKEZI_BASE_URL must be an http/)
        assertFailure(runs[2]!, 2, /^error: configuration: ILETIMERKEZI_FORMAT must be one of "json", "xml"/)
        assertFailure(runs[3]!, 2, /^error: configuration: baseUrl must be an http/)
        assert.strictEqual(yield* sim.requestCount(), 0)
      })
    )
  }
)
