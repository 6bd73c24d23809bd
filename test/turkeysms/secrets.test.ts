/**
 * The TurkeySMS key and OTP codes stay secret over real HTTP: no span attribute or event, no log line and no error
 * carries them, even for v3's GET send, whose URL holds the key; and the simulator's request log holds an account id,
 * not the key.
 */
import { assert, describe, it } from "@effect/vitest"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { Effect, Logger, Redacted, References, Tracer } from "effect"
import { control, env, requests } from "./harness.ts"

const KEY = "ts-secret-key-0123456789abcdef"

const capture = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const logs: Array<string> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  const logger = Logger.make((options) => {
    logs.push(
      JSON.stringify({ message: options.message, annotations: options.fiber.getRef(References.CurrentLogAnnotations) })
    )
  })
  const dump = () =>
    JSON.stringify(
      spans.map((s) => ({
        name: s.name,
        attributes: Object.fromEntries(s.attributes),
        events: s.events.map(([name, , attributes]) => [name, attributes])
      }))
    ) + logs.join("\n")
  return { spans, tracer, logger, dump }
}

describe("TurkeySMS secrets", () => {
  it.live("v3's GET send, an OTP and a failure leave the key and the code in no span, log or error", () => {
    const c = capture()
    return Effect.gen(function* () {
      const sms = yield* Effect.service(TurkeySms.TurkeySmsClient)
      yield* sms.sendSms({ title: "EFFECTSMS", text: "GET", to: "5321112233", method: "GET" })
      const otp = yield* sms.sendOtp({ to: "5321112234" })
      const failure = yield* Effect.flip(sms.sendSms({ title: "NOSUCH", text: "x", to: "5321112235", method: "GET" }))
      yield* Effect.logInfo("done", otp, failure)
      const code = Redacted.value(otp.otpCode)
      assert.isAbove(c.spans.length, 3)
      // The GET send is traced by the executor's span; the HTTP layer is not traced at all, since its span would end
      // with the response, whose URL holds the key.
      assert.isTrue(
        c.spans.some((s) => s.name === "turkeysms api/v3/get/get.php"),
        `the GET request was traced: ${c.spans.map((s) => s.name).join(", ")}`
      )
      assert.isFalse(
        c.spans.some((s) => s.name === "GET" || s.name === "POST"),
        "an HTTP-level span"
      )
      const all = c.dump() + String(failure) + JSON.stringify(failure)
      assert.notInclude(all, KEY)
      assert.notInclude(all, code)
      // The simulator logs an account id for the key, never the key.
      const log = yield* requests
      const id = (yield* control).accountId(KEY)
      assert.isTrue(log.every((e) => e.apiKey === id))
      assert.notInclude(JSON.stringify(log), KEY)
    }).pipe(
      Effect.provideService(Tracer.Tracer, c.tracer),
      Effect.provide(Logger.layer([c.logger])),
      Effect.provide(
        env({ accounts: [{ apiKey: KEY, senders: ["EFFECTSMS"] }] }, { api: "v3", apiKey: Redacted.make(KEY) })
      )
    )
  })
})
