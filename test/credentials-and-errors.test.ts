/**
 * Credentials and errors over real HTTP on 127.0.0.1: get-balance through undici against the simulator, the error
 * vocabulary for the codes every endpoint shares, numeric-string codes, configuration from the environment, and no
 * secret in errors or logs.
 */

import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, IletiMerkeziEndpoints, IletiMerkeziSchema, IletiMerkeziWire } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { ConfigProvider, Effect, Layer, Logger, Redacted, References } from "effect"
import { clientFor, credentials } from "./support/harness.ts"

const simulator = Simulator.layer({ seed: "foundation" })

const run = <A, E>(
  effect: Effect.Effect<A, E, IletiMerkezi.IletiMerkeziClient | Simulator.Simulator>,
  client: Parameters<typeof clientFor>[0] = {}
) => effect.pipe(Effect.provide(clientFor(client).pipe(Layer.provideMerge(simulator))))

const client = Effect.service(IletiMerkezi.IletiMerkeziClient)

describe("credentials and errors", () => {
  it.live("get-balance succeeds over real HTTP", () =>
    run(
      Effect.gen(function* () {
        const balance = yield* (yield* client).getBalance
        assert.strictEqual(balance.amount, Simulator.DemoAccount.balance.amount)
        assert.strictEqual(balance.sms, Simulator.DemoAccount.balance.sms)
        const sim = yield* Effect.service(Simulator.Simulator)
        assert.strictEqual(yield* sim.requestCount("get-balance"), 1)
      })
    )
  )

  it.live("the panel hash works as well as the secret", () =>
    run(
      Effect.map(
        Effect.flatMap(client, (c) => c.getBalance),
        (b) => assert.strictEqual(b.sms, Simulator.DemoAccount.balance.sms)
      ),
      { apiHash: Redacted.make(Simulator.DemoAccount.apiHash) }
    )
  )

  it.live("a wrong hash gives AuthenticationFailed, with the wire message and the panel-toggle hint", () =>
    run(
      Effect.gen(function* () {
        const error = yield* Effect.flip((yield* client).getBalance)
        assert.strictEqual(error._tag, "AuthenticationFailed")
        assert.strictEqual(error.message, "Üyelik bilgileri hatalı")
        assert.strictEqual((error as { code: unknown }).code, 401)
        assert.include(error.explanation, "Allow API access")
      }),
      { apiHash: Redacted.make("0".repeat(64)) }
    )
  )

  it.live("a broken body gives RequestNotParsed", () => {
    // A wire format that writes half an envelope: the simulator cannot parse it and answers 400.
    const broken: IletiMerkeziWire.WireFormat = {
      ...IletiMerkeziWire.json,
      format: "xml",
      encode: (envelope) => JSON.stringify(envelope).slice(0, 20)
    }
    return Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* IletiMerkezi.make({ ...credentials, baseUrl: sim.url, format: "xml", rateLimit: false }).pipe(
        Effect.provideService(IletiMerkeziWire.XmlWire, broken)
      )
      const error = yield* Effect.flip(c.getBalance)
      assert.strictEqual(error._tag, "RequestNotParsed")
      assert.strictEqual(error.message, "İstek çözümlenemedi")
      // The HttpClient layer wraps the client's whole use: its connection pool is closed with the layer.
    }).pipe(Effect.provide(NodeSms.layerHttpClient), Effect.provide(simulator))
  })

  it.live("an unknown method gives MethodNotFound", () =>
    run(
      Effect.gen(function* () {
        const unknown = { ...IletiMerkeziEndpoints.getBalance, path: "/get-balances" }
        const error = yield* Effect.flip((yield* client).execute(unknown, new IletiMerkeziSchema.EmptyRequest({})))
        assert.strictEqual(error._tag, "MethodNotFound")
        assert.strictEqual((error as { code: unknown }).code, 404)
      })
    )
  )

  it.live("a numeric-string status code (and numeric-string payload) decodes", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const c = yield* IletiMerkezi.make({ ...credentials, baseUrl: sim.url, rateLimit: false })
      const balance = yield* c.getBalance
      assert.strictEqual(balance.sms, Simulator.DemoAccount.balance.sms)
      // The body really carried strings: check the same endpoint raw.
      const raw = yield* Effect.promise(() =>
        fetch(`${sim.url}/get-balance/json`, {
          method: "POST",
          body: JSON.stringify({
            request: { authentication: { key: Simulator.DemoAccount.apiKey, hash: Simulator.DemoAccount.apiHash } }
          })
        }).then((r) => r.json() as Promise<{ response: { status: { code: unknown } } }>)
      )
      assert.strictEqual(raw.response.status.code, "200")
    }).pipe(Effect.provide(NodeSms.layerHttpClient), Effect.provide(Simulator.layer({ legacyNumbers: true })))
  )

  it.live("layerConfig reads ILETIMERKEZI_* from the environment, computing the hash from the secret", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const env = ConfigProvider.fromUnknown({
        ILETIMERKEZI_API_KEY: Simulator.DemoAccount.apiKey,
        ILETIMERKEZI_API_SECRET: Simulator.DemoAccount.apiSecret,
        ILETIMERKEZI_BASE_URL: sim.url,
        ILETIMERKEZI_FORMAT: "xml"
      })
      const balance = yield* Effect.flatMap(client, (c) => {
        assert.strictEqual(c.format, "xml")
        return c.getBalance
      }).pipe(Effect.provide(NodeSms.layerConfig()), Effect.provide(ConfigProvider.layer(env)))
      assert.strictEqual(balance.sms, Simulator.DemoAccount.balance.sms)
    }).pipe(Effect.provide(simulator))
  )

  it.live("a missing hash or secret is a ConfigError that names both variables", () =>
    Effect.gen(function* () {
      const env = ConfigProvider.fromUnknown({ ILETIMERKEZI_API_KEY: "k" })
      const error = yield* Effect.flip(
        Effect.flatMap(client, (c) => c.getBalance).pipe(
          Effect.provide(NodeSms.layerConfig()),
          Effect.provide(ConfigProvider.layer(env))
        )
      )
      assert.strictEqual(error._tag, "ConfigError")
      assert.include(String(error), "ILETIMERKEZI_API_HASH")
      assert.include(String(error), "ILETIMERKEZI_API_SECRET")
    })
  )

  it.live("no secret appears in any error's string form or in debug logs", () => {
    const lines: Array<string> = []
    const logger = Logger.make(({ message }) => lines.push(JSON.stringify(message)))
    return Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      yield* sim.setFaults({ "get-sender": ["503", "ok"] })
      const c = yield* client
      const errors: Array<unknown> = [
        yield* Effect.flip(c.sendSms({ sender: "NOTAPPROVED", text: "x", to: "905321112233", iys: 0 })),
        yield* Effect.flip(c.cancelOrder("1"))
      ]
      yield* c.getSenders // retried once: a debug line is logged
      assert.isTrue(lines.some((l) => l.includes("retrying get-sender")))
      const secrets = [Simulator.DemoAccount.apiKey, Simulator.DemoAccount.apiSecret, Simulator.DemoAccount.apiHash]
      for (const e of errors) {
        for (const text of [String(e), JSON.stringify(e), (e as Error).message]) {
          for (const s of secrets) assert.notInclude(text, s)
        }
      }
      for (const line of lines) for (const s of secrets) assert.notInclude(line, s)
    }).pipe(
      Effect.provide(clientFor({}).pipe(Layer.provideMerge(simulator))),
      Effect.provide(Logger.layer([logger])),
      Effect.provideService(References.MinimumLogLevel, "Debug")
    )
  })
})
