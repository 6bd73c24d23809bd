/**
 * No TurkeySMS credential leaves through anything derived from a request or a response: a distinctive key goes
 * through servers that echo every request back (as a 200 body and as a 502 page, POST and GET routes), and every
 * error (`String`, `JSON.stringify`, `util.inspect`, `Cause.pretty`), log line at level All and span is scanned for
 * every encoded form of it.
 */
import { describe, it } from "@effect/vitest"
import { Retry } from "@effect-sms/core"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeTurkeySms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Exit, Layer, Redacted } from "effect"
import { leakScan } from "../support/leakScan.ts"

const apiKey = "LeakTsKey-9d2f+71a3/c0=&b<8>e"
const { capture, assertFailureClean } = leakScan([apiKey])

const calls: ReadonlyArray<readonly [string, (c: TurkeySms.Service) => Effect.Effect<unknown, unknown>]> = [
  ["sendSms", (c) => c.sendSms({ title: "EFFECTSMS", text: "Merhaba", to: "905321112233" })],
  ["sendSms GET (v3)", (c) => c.sendSms({ title: "EFFECTSMS", text: "Merhaba", to: "905321112233", method: "GET" })],
  ["sendOtp", (c) => c.sendOtp({ to: "905321112233" })],
  ["getStatus", (c) => c.getStatus("1000000001")],
  ["getBalance", (c) => c.getBalance],
  ["addToBlacklist", (c) => c.addToBlacklist("905321119999")]
]

describe("no TurkeySMS key in errors, logs or spans", () => {
  for (const api of ["v4", "v3"] as const) {
    for (const kind of ["echo", "echo-error"] as const) {
      it.live(`${api}, a server that answers ${kind}`, () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const { observe, assertTelemetryClean } = capture()
          const client = yield* Effect.service(TurkeySms.TurkeySmsClient).pipe(
            Effect.provide(
              NodeTurkeySms.layer({
                apiKey: Redacted.make(apiKey),
                api,
                baseUrl: `${sim.origin}/turkeysms`,
                rateLimit: false,
                retry: Retry.make({ base: "1 millis", cap: "2 millis", maxAttempts: 2 }),
                dedupeBound: "1 millis"
              })
            )
          )
          for (const [name, call] of calls) {
            const exit = yield* observe(call(client))
            if (Exit.isFailure(exit)) assertFailureClean(name, exit)
          }
          assertTelemetryClean()
        }).pipe(
          Effect.provide(
            Simulator.layer({
              seed: "turkeysms-leaks",
              providers: {
                turkeysms: { accounts: [{ apiKey, senders: ["EFFECTSMS"], balance: { sms: 1000 } }] }
              },
              faults: { "*": { probability: 1, kinds: [kind] } }
            })
          ),
          Effect.provide(Layer.empty)
        )
      )
    }
  }
})
