/**
 * Fuzzing seeded by what the simulator really answers: each call runs once against the simulator over HTTP with a
 * recording client, then 10,000 seeded cases replay mutated versions of those very answers (JSON and XML) through
 * the same client in memory. Every case must end in a value or a typed `SmsError`, never a defect or a hang.
 */
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi, Retry, SmsError } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Cause, Effect, Exit, Layer, Redacted, Stream } from "effect"
import { HttpClient } from "effect/http"
import fc from "fast-check"
import { mutatedAnswer, type Recorded, recording, replaying } from "./support/fuzz.ts"
import { turkeyDay } from "./support/harness.ts"

const runs = 10_000

type Call = readonly [name: string, run: (c: IletiMerkezi.Service) => Effect.Effect<unknown, unknown>]

const calls: ReadonlyArray<Call> = [
  ["send-sms", (c) => c.sendSms({ sender: "APITEST", text: "Merhaba", to: ["905321112233", "905321112234"], iys: 0 })],
  ["get-balance", (c) => c.getBalance],
  ["get-sender", (c) => c.getSenders],
  ["get-blacklist", (c) => c.getBlacklist()],
  ["add-blacklist", (c) => c.addToBlacklist("905321119999")],
  ["orders", (c) => Stream.runDrain(c.orders({ start: turkeyDay(-20), end: turkeyDay(0) }))],
  ["report", (c) => Stream.runDrain(Stream.take(c.reportMessages("316600001", { rowCount: 5 }), 12))]
]

const options = (format: "json" | "xml"): IletiMerkezi.Options => ({
  apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
  apiHash: Redacted.make(Simulator.DemoAccount.apiHash),
  baseUrl: "http://127.0.0.1:1/v1",
  format,
  retry: Retry.none,
  rateLimit: false,
  reconcile: { resends: 1, maxLookupRequests: 8 }
})

/** Runs every call once against the simulator and keeps its answers, in order. */
const record = (format: "json" | "xml") =>
  Effect.gen(function* () {
    const sim = yield* Simulator.Simulator
    const http = yield* HttpClient.HttpClient
    const recorded = new Map<string, Array<Recorded>>()
    for (const [name, run] of calls) {
      const sink: Array<Recorded> = []
      const client = yield* IletiMerkezi.make({ ...options(format), baseUrl: sim.url }).pipe(
        Effect.provideService(HttpClient.HttpClient, recording(http, sink)),
        Effect.orDie
      )
      yield* Effect.exit(run(client))
      recorded.set(name, sink)
    }
    return recorded
  }).pipe(
    Effect.provide(
      Layer.mergeAll(
        NodeSms.layerHttpClient,
        Simulator.layer({
          seed: "fuzz-recorded",
          accounts: [
            {
              ...Simulator.DemoAccount,
              synthetic: {
                orders: 40,
                recipientsPerOrder: { min: 3, max: 30 },
                start: turkeyDay(-20),
                days: 20,
                seed: "f"
              }
            }
          ]
        })
      )
    ),
    Effect.scoped
  )

describe("fuzzing seeded by the simulator's own answers", () => {
  for (const format of ["json", "xml"] as const) {
    it(`iletiMerkezi over ${format}: ${runs} mutated replays of every call's recorded answers`, async () => {
      const recorded = await Effect.runPromise(record(format))
      for (const [name] of calls) assert.isAbove(recorded.get(name)?.length ?? 0, 0, `${name} recorded nothing`)
      let answers: ReadonlyArray<Recorded> = []
      const http = replaying(() => answers)
      const client = Effect.runSync(
        IletiMerkezi.make(options(format)).pipe(
          Effect.provideService(HttpClient.HttpClient, http),
          Effect.orDie,
          Effect.scoped
        )
      )
      const outcomes = { values: 0, errors: 0 }
      await fc.assert(
        fc.asyncProperty(
          fc
            .nat(calls.length - 1)
            .chain((i) =>
              fc.tuple(fc.constant(calls[i]!), fc.tuple(...recorded.get(calls[i]![0])!.map(mutatedAnswer)))
            ),
          async ([[name, run], mutated]) => {
            answers = mutated
            http.reset()
            const exit = await Effect.runPromiseExit(run(client))
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
        { seed: format === "json" ? 7_001 : 7_002, numRuns: runs }
      )
      assert.isAbove(outcomes.values, 0)
      assert.isAbove(outcomes.errors, 0)
    })
  }
})
