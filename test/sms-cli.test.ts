/**
 * The provider-neutral CLI commands as a user runs them (a child process on the pinned Node): `estimate` prints each
 * provider's encoding, segments and cost as a table without credentials or requests.
 */
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkeziValidation, Segments } from "@effect-sms/core"
import { Effect } from "effect"
import { assertFailure, assertSuccess, lines, runNode } from "./support/subprocess.ts"

const bin = fileURLToPath(new URL("../packages/node-runtime/src/bin/effect-sms.ts", import.meta.url))

describe("effect-sms estimate", () => {
  it.effect("prints one row per provider with encoding, segments, recipients served and cost", () =>
    Effect.gen(function* () {
      const text = "Çok değerli müşterimiz, siparişiniz yola çıktı."
      // The CLI must agree with core's segment counter at iletiMerkezi's sizes.
      const expected = Segments.count(text, { limits: IletiMerkeziValidation.SegmentLimits })
      const run = yield* runNode(bin, ["estimate", "--text", text, "--to", "05321112233,+447911123456"], {
        SMS_PROVIDERS: "iletimerkezi",
        SMS_PRICES: "iletimerkezi=TRY:0.25"
      })
      assertSuccess(run)
      const rows = lines(run.stdout).map((l) => l.split(/\s{2,}/))
      assert.deepStrictEqual(rows[0], ["provider", "encoding", "units", "segments", "recipients", "cost"])
      assert.deepStrictEqual(rows[1], [
        "iletimerkezi",
        expected.encoding,
        String(expected.units),
        String(expected.segments),
        "1 (1 not served)",
        `${(0.25 * expected.segments).toFixed(4)} TRY`
      ])
    })
  )

  it.effect("a bad number is a usage error naming the field, exit 2", () =>
    Effect.gen(function* () {
      const run = yield* runNode(bin, ["estimate", "--text", "x", "--to", "0212 123 45 67"], {
        SMS_PROVIDERS: "iletimerkezi"
      })
      assertFailure(run, 2)
      assert.include(run.stderr, "to[0]")
    })
  )
})
