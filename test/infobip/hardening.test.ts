/**
 * Infobip under hostile input: the webhook route's body cap and content type over real HTTP; fuzzing (fast-check,
 * seeded, 10,000 cases each) of every call's answers (recorded from the simulator, replayed mutated in memory) and of
 * webhook bodies; and a distinctive App key through servers that echo every request, scanned for in every error, log
 * line and span.
 */
import { createServer } from "node:http"
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Retry, SmsError } from "@effect-sms/core"
import { Auth, Infobip, Status } from "@effect-sms/core/infobip"
import { InfobipWebhookRoute, NodeInfobip, NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { Cause, Clock, Context, Effect, Exit, Layer, Redacted, Stream } from "effect"
import { HttpClient, HttpRouter, HttpServer } from "effect/http"
import fc from "fast-check"
import { type Json, jsonBody, mutatedAnswer, type Recorded, recording, replaying, warpClock } from "../support/fuzz.ts"
import { leakScan } from "../support/leakScan.ts"
import { T0 } from "./harness.ts"

const runs = 10_000
const token = Redacted.make("path-token-0123456789")

const report = {
  bulkId: "B1",
  messageId: "m-1",
  to: "41793026727",
  from: "ACME",
  sentAt: "2026-05-01T09:00:00.000+0000",
  doneAt: "2026-05-01T09:00:05.000+0000",
  smsCount: 1,
  price: { pricePerMessage: 0.01, currency: "EUR" },
  status: Status.toWire("DELIVERED_TO_HANDSET"),
  error: Status.MessageErrors.NO_ERROR
}

describe("Infobip webhook route limits", () => {
  it.live("a wrong content type is 415, a body over the cap 413 (declared or streamed), and neither is read", () =>
    Effect.gen(function* () {
      const receiver = yield* InfobipWebhookRoute.make({ auth: { _tag: "PathToken", token }, maxBodyBytes: 2048 })
      const server = yield* Layer.build(
        HttpRouter.serve(receiver.route, { disableLogger: true }).pipe(
          Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
        )
      )
      const url = `${HttpServer.formatAddress(Context.get(server, HttpServer.HttpServer).address)}/webhooks/infobip/${Redacted.value(token)}`
      const post = (init: RequestInit) =>
        Effect.promise(async () => (await fetch(url, { method: "POST", ...init })).status)
      const ok = JSON.stringify({ results: [report] })
      assert.strictEqual(yield* post({ headers: { "content-type": "text/plain" }, body: ok }), 415)
      const big = JSON.stringify({
        results: Array.from({ length: 40 }, (_, i) => ({ ...report, messageId: `m-${i}` }))
      })
      assert.strictEqual(yield* post({ headers: { "content-type": "application/json" }, body: big }), 413)
      const bytes = new TextEncoder().encode(big)
      const streamed = yield* post({
        headers: { "content-type": "application/json" },
        body: new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes)
            controller.close()
          }
        }),
        duplex: "half"
      } as RequestInit)
      assert.strictEqual(streamed, 413)
      assert.strictEqual(yield* post({ headers: { "content-type": "application/json; charset=utf-8" }, body: ok }), 200)
      const got = yield* receiver.reports.pipe(Stream.take(1), Stream.runCollect)
      assert.strictEqual(got[0]!.messageId, "m-1")
    }).pipe(Effect.scoped)
  )
})

describe("Infobip fuzzing", () => {
  type Call = readonly [name: string, run: (c: Infobip.Service) => Effect.Effect<unknown, unknown>]
  const calls: ReadonlyArray<Call> = [
    ["send v1", (c) => c.sendAdvanced({ messages: [{ destinations: ["41793026727", "41793026728"], text: "Hi" }] })],
    ["send v2", (c) => c.sendAdvanced({ version: 2, messages: [{ destinations: "41793026727", text: "Hi" }] })],
    ["send v3", (c) => c.sendMessages({ messages: [{ destinations: "41793026727", text: "Hi" }] })],
    ["balance", (c) => c.balance],
    ["preview", (c) => c.preview({ text: "Merhaba dünya" })],
    ["reports", (c) => Stream.runDrain(Stream.take(c.reports({ limit: 10 }), 5))],
    ["logs", (c) => Stream.runDrain(Stream.take(c.logs({ limit: 10 }), 30))],
    ["bulk status", (c) => c.getBulkStatus("bulk-1")]
  ]
  const options = (baseUrl: string): Infobip.Options => ({
    baseUrl,
    auth: Auth.app(Redacted.make(InfobipSimulator.DemoAccount.apiKeys[0]!)),
    rateLimit: false,
    retry: Retry.none,
    reconcile: { delay: 0, rounds: 1 }
  })

  it(`${runs} mutated replays of every call's recorded answers`, async () => {
    const recorded = await Effect.runPromise(
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const http = yield* HttpClient.HttpClient
        const out = new Map<string, Array<Recorded>>()
        for (const [name, run] of calls) {
          const sink: Array<Recorded> = []
          const client = yield* Infobip.make(options(`${sim.origin}/infobip`)).pipe(
            Effect.provideService(HttpClient.HttpClient, recording(http, sink))
          )
          yield* Effect.exit(run(client))
          out.set(name, sink)
        }
        return out
      }).pipe(
        Effect.provide(
          Layer.mergeAll(NodeSms.layerHttpClient, Simulator.layer({ seed: "infobip-fuzz", clock: { start: T0 } }))
        ),
        Effect.scoped
      )
    )
    for (const [name] of calls) assert.isAbove(recorded.get(name)?.length ?? 0, 0, `${name} recorded nothing`)
    let answers: ReadonlyArray<Recorded> = []
    const http = replaying(() => answers)
    const client = await Effect.runPromise(
      Infobip.make(options("http://infobip.test")).pipe(
        Effect.provideService(HttpClient.HttpClient, http),
        Effect.scoped
      )
    )
    const clock = warpClock()
    const outcomes = { values: 0, errors: 0 }
    await fc.assert(
      fc.asyncProperty(
        fc
          .nat(calls.length - 1)
          .chain((i) => fc.tuple(fc.constant(calls[i]!), fc.tuple(...recorded.get(calls[i]![0])!.map(mutatedAnswer)))),
        async ([[name, run], mutated]) => {
          answers = mutated
          http.reset()
          const exit = await Effect.runPromiseExit(run(client).pipe(Effect.provideService(Clock.Clock, clock)))
          if (Exit.isSuccess(exit)) {
            outcomes.values++
            return
          }
          outcomes.errors++
          if (Cause.hasDies(exit.cause) || !Cause.hasFails(exit.cause)) {
            throw new Error(`${name}: not a typed failure:\n${Cause.pretty(exit.cause)}`)
          }
          const error = Cause.squash(exit.cause)
          if (!SmsError.isSmsError(error) && (error as { _tag?: string })._tag !== "JournalError") {
            throw new Error(`${name}: not a typed error: ${String(error)}`)
          }
        }
      ),
      { seed: 9_001, numRuns: runs }
    )
    assert.isAbove(outcomes.values, 0)
    assert.isAbove(outcomes.errors, 0)
  })

  it(`${runs} webhook bodies through the route`, async () => {
    const receiver = Effect.runSync(InfobipWebhookRoute.make({ auth: { _tag: "PathToken", token } }))
    const app = HttpRouter.toWebHandler(receiver.route.pipe(Layer.provide(HttpServer.layerServices)), {
      disableLogger: true
    })
    const statuses = new Map<number, number>()
    try {
      await fc.assert(
        fc.asyncProperty(
          jsonBody([{ results: [report, { ...report, messageId: "m-2" }] } as unknown as Json]),
          async (body) => {
            const response = await app.handler(
              new Request(`http://hooks.test/webhooks/infobip/${Redacted.value(token)}`, {
                method: "POST",
                headers: { "content-type": "application/json" },
                body
              })
            )
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
            if (response.status >= 500) throw new Error(`HTTP ${response.status} for ${body}: ${await response.text()}`)
          }
        ),
        { seed: 9_002, numRuns: runs }
      )
    } finally {
      await app.dispose()
    }
    assert.isAbove(statuses.get(200) ?? 0, 0)
    assert.isAbove(statuses.get(400) ?? 0, 0)
  })
})

describe("no Infobip key in errors, logs or spans", () => {
  const key = "LeakIbKey-51c0+2d7e/a9=&f<3>b"
  const { capture, assertFailureClean } = leakScan([key])
  for (const kind of ["echo", "echo-error"] as const) {
    it.live(`a server that answers ${kind}`, () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const { observe, assertTelemetryClean } = capture()
        const client = yield* Effect.service(Infobip.InfobipClient).pipe(
          Effect.provide(
            NodeInfobip.layer({
              baseUrl: `${sim.origin}/infobip`,
              auth: Auth.app(Redacted.make(key)),
              rateLimit: false,
              retry: Retry.make({ base: "1 millis", cap: "2 millis", maxAttempts: 2 }),
              reconcile: { delay: 0, rounds: 1 }
            })
          )
        )
        const calls: ReadonlyArray<Effect.Effect<unknown, unknown>> = [
          client.sendAdvanced({ messages: [{ destinations: "41793026727", text: "Hi" }] }),
          client.sendMessages({ messages: [{ destinations: "41793026727", text: "Hi" }] }),
          client.balance,
          client.preview({ text: "Hi" }),
          Stream.runDrain(Stream.take(client.logs({ limit: 10 }), 3)),
          client.getBulkStatus("bulk-1")
        ]
        let failures = 0
        for (const [i, call] of calls.entries()) {
          const exit = yield* observe(call)
          if (Exit.isSuccess(exit)) continue
          failures++
          assertFailureClean(`call ${i}`, exit)
        }
        assert.isAbove(failures, 0)
        assertTelemetryClean()
      }).pipe(
        Effect.provide(
          Simulator.layer({
            seed: "infobip-leaks",
            clock: { start: T0 },
            providers: { infobip: { accounts: [{ ...InfobipSimulator.DemoAccount, apiKeys: [key] }] } },
            faults: { "*": { probability: 1, kinds: [kind] } }
          })
        )
      )
    )
  }
})

describe("Infobip configuration refused before any request", () => {
  const apiKey = Redacted.make(InfobipSimulator.DemoAccount.apiKeys[0]!)
  const cases: ReadonlyArray<readonly [string, (origin: string) => unknown, RegExp]> = [
    ["baseUrl ftp://", () => ({ baseUrl: "ftp://example.com", auth: Auth.app(apiKey) }), /baseUrl must be an http/],
    ["baseUrl missing", () => ({ auth: Auth.app(apiKey) }), /baseUrl must be an http/],
    ["no auth", (o) => ({ baseUrl: `${o}/infobip` }), /auth must be one of/],
    ["an empty App key", (o) => ({ baseUrl: `${o}/infobip`, auth: Auth.app(Redacted.make("")) }), /auth.apiKey/],
    ["a plain-string App key", (o) => ({ baseUrl: `${o}/infobip`, auth: { _tag: "App", apiKey: "k" } }), /auth.apiKey/],
    ["Basic without a user", (o) => ({ baseUrl: `${o}/infobip`, auth: Auth.basic("", apiKey) }), /auth.username/],
    ["timeout 'soon'", (o) => ({ baseUrl: `${o}/infobip`, auth: Auth.app(apiKey), timeout: "soon" }), /timeout/],
    [
      "timeout 0",
      (o) => ({ baseUrl: `${o}/infobip`, auth: Auth.app(apiKey), timeout: 0 }),
      /timeout must be a positive/
    ],
    [
      "reconcile delay 'x'",
      (o) => ({ baseUrl: `${o}/infobip`, auth: Auth.app(apiKey), reconcile: { delay: "x" } }),
      /reconcile.delay/
    ],
    ["log window 0", (o) => ({ baseUrl: `${o}/infobip`, auth: Auth.app(apiKey), logWindow: 0 }), /logWindow/],
    [
      "a rate limit of 0",
      (o) => ({ baseUrl: `${o}/infobip`, auth: Auth.app(apiKey), rateLimit: { "sms/1/reports": 0 } }),
      /rateLimit/
    ]
  ]
  for (const [name, options, mentions] of cases) {
    it.live(`${name}: a ConfigError naming the setting, no request`, () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const exit = yield* Effect.exit(
          Layer.build(NodeInfobip.layer(options(sim.origin) as Infobip.Options)).pipe(Effect.scoped)
        )
        assert.isTrue(Exit.isFailure(exit), "the client was built")
        if (Exit.isFailure(exit)) {
          assert.isFalse(Cause.hasDies(exit.cause), Cause.pretty(exit.cause))
          const error = Cause.squash(exit.cause) as { _tag?: string; message?: string }
          assert.strictEqual(error._tag, "ConfigError")
          assert.match(String(error.message), mentions)
        }
        assert.strictEqual((yield* sim.requests).length, 0)
      }).pipe(Effect.provide(Simulator.layer({ seed: "infobip-config", clock: { start: T0 } })))
    )
  }
})
