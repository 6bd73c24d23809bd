/**
 * examples/turkeysms-otp.ts runs as a user runs it (a child process, settings from the environment) against a
 * simulator in this process, and does what its header says: sends a code without printing it, follows the message
 * until it is final, and checks a typed code.
 */
import { fileURLToPath } from "node:url"
import { assert, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Effect } from "effect"
import { assertSuccess, lines, runNode } from "../support/subprocess.ts"
import { account } from "./harness.ts"

const KEY = "ts-example-0123456789"
const script = fileURLToPath(new URL("../../examples/turkeysms-otp.ts", import.meta.url))

layer(
  Simulator.layer({
    seed: "turkeysms-example",
    providers: {
      turkeysms: {
        accounts: [account(KEY)],
        sentDelayMillis: { min: 50, max: 100 },
        finalDelayMillis: { min: 50, max: 100 },
        failedRatio: 0,
        expiredRatio: 0
      } satisfies TurkeySmsModule.Options
    }
  }),
  { excludeTestServices: true }
)("examples/turkeysms-otp.ts", (it) => {
  it.effect("sends a code it never prints, follows it to delivered, and checks a typed code", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const run = yield* runNode(script, ["0532", "111", "22", "33", "--", "12345"], {
        TURKEYSMS_API_KEY: KEY,
        TURKEYSMS_BASE_URL: `${sim.origin}/turkeysms`
      })
      assertSuccess(run)
      const [message] = sim.control(TurkeySmsModule.module).messages(KEY)
      assert.strictEqual(message?.number, "905321112233")
      assert.notInclude(run.stdout, message!.otp!)
      const out = lines(run.stdout)
      assert.match(out[0]!, new RegExp(`^sms ${message!.id}: code sent \\(<redacted`))
      assert.strictEqual(out.at(-2), `sms ${message!.id}: delivered (final)`)
      // A 5-digit input can never match a 6-digit code.
      assert.strictEqual(out.at(-1), "code check: wrong")
    })
  )
})
