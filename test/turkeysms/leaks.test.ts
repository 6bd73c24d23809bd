/**
 * No TurkeySMS credential leaves through anything derived from a request or a response: a distinctive key goes
 * through servers that echo every request back (as a 200 body and as a 502 page, POST and GET routes), and every
 * error (`String`, `JSON.stringify`, `util.inspect`, `Cause.pretty`), log line at level All and span is scanned for
 * every encoded form of it.
 */
import { inspect } from "node:util"
import { assert, describe, it } from "@effect/vitest"
import { Redaction, Retry } from "@effect-sms/core"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeTurkeySms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Cause, Effect, Exit, Layer, Logger, Redacted, References, Tracer } from "effect"
import { deepText } from "../support/deepText.ts"

const apiKey = "LeakTsKey-9d2f+71a3/c0=&b<8>e"
const forbidden = Redaction.formsOf(apiKey)

const assertClean = (what: string, text: string) => {
  for (const form of forbidden) {
    const at = text.indexOf(form)
    assert.isFalse(
      at >= 0,
      `${what} carries the key (${JSON.stringify(form)}):\n${text.slice(Math.max(0, at - 1500), at + 200)}`
    )
  }
}

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
          const lines: Array<string> = []
          const logger = Logger.make((options) => {
            lines.push(inspect({ message: options.message }, { depth: 20 }))
            lines.push(Cause.pretty(options.cause))
          })
          const spans: Array<Tracer.NativeSpan> = []
          const tracer = Tracer.make({
            span(options) {
              const span = new Tracer.NativeSpan(options)
              spans.push(span)
              return span
            }
          })
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
            const exit = yield* Effect.exit(call(client)).pipe(
              Effect.provide(Logger.layer([logger])),
              Effect.provideService(References.MinimumLogLevel, "All"),
              Effect.provideService(Tracer.Tracer, tracer)
            )
            if (Exit.isSuccess(exit)) continue
            assert.isFalse(Cause.hasDies(exit.cause), Cause.pretty(exit.cause))
            const error = Cause.squash(exit.cause)
            assertClean(`${name}: String(error)`, String(error))
            assertClean(`${name}: JSON.stringify(error)`, JSON.stringify(error))
            assertClean(`${name}: util.inspect(error)`, inspect(error, { depth: 20 }))
            assertClean(`${name}: every reachable string and byte of the error`, deepText(error))
            assertClean(`${name}: Cause.pretty`, Cause.pretty(exit.cause))
          }
          assert.isAbove(spans.length, 0)
          for (const line of lines) assertClean("a log line", line)
          for (const span of spans) {
            assertClean(`span ${span.name}`, inspect(span, { depth: 20 }))
            assertClean(`span ${span.name} (every reachable string and byte)`, deepText(span))
          }
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
