/**
 * One-time codes with TurkeySMS: send a code, follow its delivery, and check what the user typed. The code the
 * provider returns is `Redacted`: it never shows in logs, spans or errors, and is compared in constant time.
 * Settings come from the environment: TURKEYSMS_API_KEY, and optionally TURKEYSMS_API (v4 | v3) and
 * TURKEYSMS_BASE_URL (to point at the simulator).
 *
 *   node examples/turkeysms-otp.ts 0532 111 22 33            send a code and follow it until delivered
 *   node examples/turkeysms-otp.ts 0532 111 22 33 -- 482913  ... then check 482913 against it
 */

import { NodeRuntime } from "@effect/platform-node"
import { TurkeySms } from "@effect-sms/core/turkeysms"
import { NodeTurkeySms } from "@effect-sms/node-runtime"
import { Console, Effect, Redacted, Stream } from "effect"

const args = process.argv.slice(2)
const dash = args.indexOf("--")
const to = (dash < 0 ? args : args.slice(0, dash)).join(" ") || "0532 111 22 33"
const typed = dash < 0 ? undefined : args[dash + 1]

/** Compares what the user typed with the code, in constant time: the code is a secret. */
const matches = (code: Redacted.Redacted<string>, input: string): boolean => {
  const expected = Redacted.value(code)
  let difference = expected.length ^ input.length
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ (input.charCodeAt(i) || 0)
  return difference === 0
}

const program = Effect.gen(function* () {
  const sms = yield* TurkeySms.TurkeySmsClient

  // The provider generates the code (6 digits by default) and sends it in its Turkish template.
  const otp = yield* sms.sendOtp({ to, digits: 6 })
  yield* Console.log(`sms ${otp.smsId}: code sent (${otp.otpCode})`)

  // Follow the message until it is final: queued → sent → delivered | failed | expired.
  yield* sms
    .watch([otp.smsId], { every: "2 seconds" })
    .pipe(
      Stream.runForEach((status) =>
        Console.log(`sms ${status.smsId}: ${status.state}${status.final ? " (final)" : ""}`)
      )
    )

  if (typed !== undefined) yield* Console.log(matches(otp.otpCode, typed) ? "code check: correct" : "code check: wrong")
}).pipe(
  // Each failure is a tagged error in the type: handle the ones you care about.
  Effect.catchTag("InvalidInput", (e) => Console.error(`not sent: ${e.field}: ${e.message}`)),
  Effect.catchTag("RateLimited", (e) => Console.error(`too many codes this minute: ${e.message}`)),
  Effect.catchTag("PermissionDenied", (e) => Console.error(`this key may not send OTP: ${e.message}`))
)

program.pipe(Effect.provide(NodeTurkeySms.layerConfig()), NodeRuntime.runMain)
