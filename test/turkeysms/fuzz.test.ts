/**
 * Fuzzing TurkeySMS's decoders (fast-check, seeded, 10,000 cases each): every call's answers, recorded from the
 * simulator over HTTP, replayed mutated through the same client in memory; and signed webhook events of every shape
 * through the webhook route. Each case ends in a value or a typed error (an `SmsError`; a 4xx from the route), never
 * a defect or a 500.
 */
import { createHmac } from "node:crypto"
import { assert, describe, it } from "@effect/vitest"
import { Retry, SmsError } from "@effect-sms/core"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeSms, TurkeySmsWebhookRoute } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Cause, Clock, Effect, Exit, Layer, Redacted } from "effect"
import { HttpClient, HttpRouter, HttpServer } from "effect/http"
import fc from "fast-check"
import { type Json, jsonBody, mutatedAnswer, type Recorded, recording, replaying, warpClock } from "../support/fuzz.ts"

const runs = Number(process.env.FUZZ_RUNS ?? 10_000)

type Call = readonly [name: string, run: (c: TurkeySms.Service) => Effect.Effect<unknown, unknown>]

const ok = { title: "EFFECTSMS", text: "Merhaba", to: "905321112233" } as const
const calls: ReadonlyArray<Call> = [
  ["send", (c) => c.sendSms(ok)],
  ["group", (c) => c.sendGroup({ ...ok, to: ["905321112233", "905321112234"] })],
  ["mixed", (c) => c.sendMixed({ title: "EFFECTSMS", texts: ["a", "b"], to: ["905321112233", "905321112234"] })],
  ["otp", (c) => c.sendOtp({ to: "905321112233" })],
  ["custom otp", (c) => c.sendCustomOtp({ to: "905321112233", title: "EFFECTSMS", text: "Kod: TS-CODE" })],
  ["status", (c) => c.getStatus("1000000001")],
  ["balance", (c) => c.getBalance],
  ["auth", (c) => c.checkAuth],
  ["blacklist", (c) => c.addToBlacklist("905321119999")]
]

const options = (baseUrl: string): TurkeySms.Options => ({
  apiKey: Redacted.make(TurkeySmsModule.DemoAccount.apiKey),
  baseUrl,
  retry: Retry.none,
  rateLimit: false,
  // An ambiguous send is resent while the provider's dedupe is trusted: a short bound keeps each case to a few resends.
  dedupeBound: "1 second"
})

const record = Effect.gen(function* () {
  const sim = yield* Simulator.Simulator
  const http = yield* HttpClient.HttpClient
  const recorded = new Map<string, Array<Recorded>>()
  for (const [name, run] of calls) {
    const sink: Array<Recorded> = []
    const client = yield* TurkeySms.make(options(`${sim.origin}/turkeysms`)).pipe(
      Effect.provideService(HttpClient.HttpClient, recording(http, sink))
    )
    yield* Effect.exit(run(client))
    recorded.set(name, sink)
  }
  return recorded
}).pipe(
  Effect.provide(Layer.mergeAll(NodeSms.layerHttpClient, Simulator.layer({ seed: "turkeysms-fuzz" }))),
  Effect.scoped
)

describe("TurkeySMS: fuzzed answers never become defects", () => {
  it(`${runs} mutated replays of every call's recorded answers`, async () => {
    const recorded = await Effect.runPromise(record)
    for (const [name] of calls) assert.isAbove(recorded.get(name)?.length ?? 0, 0, `${name} recorded nothing`)
    let answers: ReadonlyArray<Recorded> = []
    const http = replaying(() => answers)
    const client = await Effect.runPromise(
      TurkeySms.make(options("http://sms.test")).pipe(Effect.provideService(HttpClient.HttpClient, http), Effect.scoped)
    )
    const outcomes = { values: 0, errors: 0 }
    const clock = warpClock()
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
          if (!SmsError.isSmsError(Cause.squash(exit.cause))) throw new Error(`${name}: not an SmsError`)
        }
      ),
      { seed: 8_001, numRuns: runs }
    )
    assert.isAbove(outcomes.values, 0)
    assert.isAbove(outcomes.errors, 0)
  })
})

describe("TurkeySMS: fuzzed webhook events never become defects", () => {
  it(`${runs} signed events of every shape through the webhook route`, async () => {
    const secret = "whsec-fuzz"
    const receiver = Effect.runSync(TurkeySmsWebhookRoute.make({ secret: Redacted.make(secret) }))
    const app = HttpRouter.toWebHandler(receiver.route.pipe(Layer.provide(HttpServer.layerServices)), {
      disableLogger: true
    })
    const sample = {
      event_type: "sms.delivered",
      timestamp: new Date().toISOString(),
      data: { sms_id: 1000007721, status: "delivered" }
    } as unknown as Json
    const statuses = new Map<number, number>()
    try {
      await fc.assert(
        fc.asyncProperty(jsonBody([sample]), fc.boolean(), async (body, signed) => {
          const at = Math.floor(Date.now() / 1000)
          const signature = `sha256=${createHmac("sha256", signed ? secret : "wrong")
            .update(body)
            .digest("hex")}`
          const response = await app.handler(
            new Request("http://hooks.test/webhooks/turkeysms", {
              method: "POST",
              headers: {
                "content-type": "application/json",
                "x-turkeysms-signature": signature,
                "x-turkeysms-timestamp": String(at)
              },
              body
            })
          )
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
          if (response.status >= 500) {
            throw new Error(`HTTP ${response.status} for ${JSON.stringify(body)}: ${await response.text()}`)
          }
        }),
        { seed: 8_002, numRuns: runs }
      )
    } finally {
      await app.dispose()
    }
    // Signed valid events were accepted, and the rest refused with a 4xx.
    assert.isAbove(statuses.get(200) ?? 0, 0, JSON.stringify([...statuses]))
    assert.isAbove(
      [...statuses].filter(([s]) => s >= 400 && s < 500).reduce((n, [, c]) => n + c, 0),
      0
    )
  })
})
