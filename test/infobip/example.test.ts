/**
 * examples/infobip-reports.ts runs as a user runs it (a child process, credentials from the environment) against a
 * simulator in this process, and writes every accepted message's delivery report to its NDJSON file exactly once.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { Effect } from "effect"
import { assertSuccess, lines, runNode, tempDir } from "../support/subprocess.ts"

const example = fileURLToPath(new URL("../../examples/infobip-reports.ts", import.meta.url))

layer(
  Simulator.layer({
    seed: "infobip-example",
    providers: { infobip: { delivery: { delay: { min: "50 millis", max: "300 millis" } } } }
  }),
  { excludeTestServices: true, timeout: 60_000 }
)("examples/infobip-reports.ts", (it) => {
  it.effect("sends, then drains each accepted message's report into the NDJSON file once", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const dir = yield* tempDir
      const out = join(dir, "reports.ndjson")
      const run = yield* runNode(example, [out], {
        INFOBIP_BASE_URL: `${sim.origin}/infobip`,
        INFOBIP_API_KEY: InfobipSimulator.DemoAccount.apiKeys[0]!
      })
      assertSuccess(run)
      const sent = lines(run.stdout).filter((l) => /PENDING|REJECTED/.test(l))
      assert.strictEqual(sent.length, 3)
      assert.match(sent[2]!, /05331112233 REJECTED\/REJECTED_PREFIX_MISSING/)
      const accepted = sent.filter((l) => l.includes("PENDING")).map((l) => l.split(" ")[0]!)
      const written = lines(readFileSync(out, "utf8")).map(
        (l) => JSON.parse(l) as { messageId: string; callbackData?: string; final: boolean }
      )
      for (const id of accepted) assert.strictEqual(written.filter((r) => r.messageId === id).length, 1, id)
      assert.isTrue(written.every((r) => r.final && r.callbackData === "campaign-2026-05"))
      assert.match(run.stdout, /delivery reports written to/)
    }).pipe(Effect.scoped)
  )
})
