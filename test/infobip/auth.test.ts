/**
 * Infobip's four authentication schemes over real HTTP against the simulator: App, Basic, IBSSO sessions (created on
 * first use, renewed before they run out, destroyed when the scope closes) and OAuth2 tokens (refreshed before
 * `expires_in`), with renewal and refresh driven by TestClock. Credentials never travel in a URL or a send body.
 */

import { NodeHttpClient } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Auth, Infobip } from "@effect-sms/core/infobip"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer, Redacted } from "effect"
import { HttpClient } from "effect/http"
import { TestClock } from "effect/testing"
import { apiKey, baseUrl, client, control, demoClient, demoUser, T0 } from "./harness.ts"

const simulator = (infobip: Record<string, unknown> = {}) =>
  Simulator.layer({ seed: "infobip-auth", clock: { start: T0 }, providers: { infobip } })

// A client whose every request is recorded (URL, headers, body) before it goes out through undici.
const recordingClient = (auth: Auth.Auth, seen: Array<{ url: string; authorization: string; body: string }>) =>
  Layer.unwrap(
    Effect.map(baseUrl, (url) =>
      Infobip.layer({ baseUrl: url, auth, rateLimit: false, reconcile: { delay: 0 } }).pipe(
        Layer.provide(
          Layer.effect(
            HttpClient.HttpClient,
            Effect.map(Effect.service(HttpClient.HttpClient), (http) =>
              HttpClient.mapRequest(http, (request) => {
                const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : ""
                seen.push({ url: request.url, authorization: request.headers.authorization ?? "", body })
                return request
              })
            )
          ).pipe(Layer.provide(NodeHttpClient.layerUndici))
        )
      )
    )
  )

const sendAndRead = Effect.gen(function* () {
  const c = yield* client
  yield* c.sendMessages({ messages: [{ destinations: "41793026727", text: "hello" }] })
  return yield* c.balance
})

describe("Infobip authentication", () => {
  const schemes: ReadonlyArray<[string, Auth.Auth, ReadonlyArray<string>]> = [
    ["App", Auth.app(apiKey), [Redacted.value(apiKey)]],
    ["Basic", Auth.basic(demoUser.username, Redacted.make(demoUser.password)), [demoUser.password]],
    ["IBSSO", Auth.ibsso(demoUser.username, Redacted.make(demoUser.password)), [demoUser.password]],
    ["OAuth2", Auth.oauth2(demoClient.clientId, Redacted.make(demoClient.clientSecret)), [demoClient.clientSecret]]
  ]
  for (const [name, auth, secrets] of schemes) {
    it.live(`${name}: sends and reads; the credential is only ever in the Authorization header or the auth call`, () =>
      Effect.gen(function* () {
        const seen: Array<{ url: string; authorization: string; body: string }> = []
        const balance = yield* sendAndRead.pipe(Effect.provide(recordingClient(auth, seen)))
        assert.strictEqual(balance.currency, "EUR")
        const calls = seen.filter((s) => !s.url.includes("/auth/1/"))
        assert.strictEqual(calls.length, 2)
        const scheme = name === "OAuth2" ? "Bearer" : name
        for (const c of calls) {
          assert.isTrue(c.authorization.startsWith(`${scheme} `), c.authorization.slice(0, 8))
          for (const secret of secrets) {
            assert.notInclude(c.url, secret)
            assert.notInclude(c.body, secret)
          }
        }
        // The OAuth2 secret travels in the token request's form body, never in its URL.
        for (const s of seen.filter((x) => x.url.includes("/auth/1/"))) {
          for (const secret of secrets) assert.notInclude(s.url, secret)
        }
      }).pipe(Effect.provide(simulator()))
    )
  }

  it.effect(
    "IBSSO: one session on first use, renewed 5 minutes before its 60 run out, the old one destroyed first",
    () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(T0)
        const sim = yield* Effect.service(Simulator.Simulator)
        const account = (yield* control).state.accounts[0]!
        const auth = Auth.ibsso(demoUser.username, Redacted.make(demoUser.password))
        yield* Effect.gen(function* () {
          const c = yield* client
          const at = (minutes: number) =>
            Effect.gen(function* () {
              yield* TestClock.setTime(T0 + minutes * 60_000)
              yield* sim.clock.set(T0 + minutes * 60_000)
              yield* c.balance
            })
          yield* at(0)
          yield* at(30)
          yield* at(54)
          assert.strictEqual(yield* c.auth.renewals, 1)
          assert.strictEqual(account.sessionsCreated, 1)
          yield* at(56)
          assert.strictEqual(yield* c.auth.renewals, 2)
          assert.deepStrictEqual([account.sessionsCreated, account.sessionsDestroyed], [2, 1])
          yield* at(112)
          assert.deepStrictEqual([account.sessionsCreated, account.sessionsDestroyed], [3, 2])
          assert.strictEqual(account.sessions.size, 1)
        }).pipe(Effect.provide(clientForAuth(auth)))
        // The layer's scope closed: the last session was destroyed.
        assert.deepStrictEqual([account.sessionsCreated, account.sessionsDestroyed], [3, 3])
        assert.strictEqual(account.sessions.size, 0)
      }).pipe(Effect.provide(simulator()))
  )

  it.effect("IBSSO: a session the server ended early (401) is replaced once and the call succeeds", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* Effect.service(Simulator.Simulator)
      const account = (yield* control).state.accounts[0]!
      yield* Effect.gen(function* () {
        const c = yield* client
        yield* c.balance
        // The server's sessions last 30 minutes here; the client believes 60.
        yield* TestClock.setTime(T0 + 40 * 60_000)
        yield* sim.clock.set(T0 + 40 * 60_000)
        const b = yield* c.balance
        assert.strictEqual(b.currency, "EUR")
        assert.strictEqual(account.sessionsCreated, 2)
      }).pipe(Effect.provide(clientForAuth(Auth.ibsso(demoUser.username, Redacted.make(demoUser.password)))))
    }).pipe(Effect.provide(simulator({ sessionLifetime: "30 minutes" })))
  )

  it.effect("OAuth2: a token is refreshed before expires_in runs out, not before", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(T0)
      const sim = yield* Effect.service(Simulator.Simulator)
      const account = (yield* control).state.accounts[0]!
      yield* Effect.gen(function* () {
        const c = yield* client
        const at = (seconds: number) =>
          Effect.gen(function* () {
            yield* TestClock.setTime(T0 + seconds * 1000)
            yield* sim.clock.set(T0 + seconds * 1000)
            yield* c.balance
          })
        // expires_in is 300 s: refreshed 30 s before (a tenth, under the one-minute default).
        yield* at(0)
        yield* at(269)
        assert.strictEqual(account.tokensIssued, 1)
        yield* at(271)
        assert.strictEqual(account.tokensIssued, 2)
        yield* at(500)
        assert.strictEqual(account.tokensIssued, 2)
        yield* at(542)
        assert.strictEqual(account.tokensIssued, 3)
        assert.strictEqual(yield* c.auth.renewals, 3)
      }).pipe(Effect.provide(clientForAuth(Auth.oauth2(demoClient.clientId, Redacted.make(demoClient.clientSecret)))))
    }).pipe(Effect.provide(simulator({ tokenSeconds: 300 })))
  )

  it.live("wrong session credentials fail with AuthenticationFailed that names no secret", () =>
    Effect.gen(function* () {
      const c = yield* client
      const e = yield* Effect.flip(c.balance)
      assert.strictEqual(e._tag, "AuthenticationFailed")
      assert.notInclude(`${String(e)} ${JSON.stringify(e)}`, "not-the-password")
    }).pipe(
      Effect.provide(clientForAuth(Auth.ibsso(demoUser.username, Redacted.make("not-the-password")))),
      Effect.provide(simulator())
    )
  )
})

function clientForAuth(auth: Auth.Auth) {
  return Layer.unwrap(
    Effect.map(baseUrl, (url) =>
      Infobip.layer({ baseUrl: url, auth, rateLimit: false }).pipe(Layer.provide(NodeHttpClient.layerUndici))
    )
  )
}
