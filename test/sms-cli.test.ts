/**
 * The provider-neutral CLI commands as a user runs them (a child process on the pinned Node): `estimate` prints each
 * provider's encoding, segments and cost as a table without credentials or requests; `send` without a provider
 * routes through `SMS_PROVIDERS`/`SMS_ROUTE` against a simulator on 127.0.0.1 holding all three providers.
 */
import { fileURLToPath } from "node:url"
import { assert, describe, it, layer } from "@effect/vitest"
import { IletiMerkeziValidation, Segments } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
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

const envFor = (sim: Simulator.Simulator["Service"]) => ({
  ILETIMERKEZI_BASE_URL: sim.url,
  ILETIMERKEZI_API_KEY: Simulator.DemoAccount.apiKey,
  ILETIMERKEZI_API_SECRET: Simulator.DemoAccount.apiSecret,
  TURKEYSMS_BASE_URL: `${sim.origin}/turkeysms`,
  TURKEYSMS_API_KEY: TurkeySmsModule.DemoAccount.apiKey,
  INFOBIP_BASE_URL: `${sim.origin}/infobip`,
  INFOBIP_API_KEY: InfobipSimulator.DemoAccount.apiKeys[0]!
})

layer(Simulator.layer({ seed: "sms-cli" }), { excludeTestServices: true })(
  "effect-sms send without --provider",
  (it) => {
    it.effect(
      "routes by SMS_ROUTE over SMS_PROVIDERS: Turkish mobiles to the first local provider, the rest abroad",
      () =>
        Effect.gen(function* () {
          const sim = yield* Simulator.Simulator
          const run = yield* runNode(
            bin,
            [
              "send",
              "--sender",
              "EFFECTSMS",
              "--text",
              "Merhaba",
              "--to",
              "05321110001,+447911000001",
              "--to",
              "05321110002"
            ],
            { ...envFor(sim), SMS_PROVIDERS: "turkeysms,iletimerkezi,infobip", SMS_ROUTE: "country" }
          )
          assertSuccess(run)
          const out = lines(run.stdout)
          assert.strictEqual(out.length, 2, run.stdout)
          assert.match(out[0]!, /^turkeysms: order \S+, 2 recipients$/)
          assert.match(out[1]!, /^infobip: messages \S+, 1 recipients$/)
          const turkey = sim.control(TurkeySmsModule.module).messages(TurkeySmsModule.DemoAccount.apiKey)
          assert.deepStrictEqual(turkey.map((m) => m.number).sort(), ["905321110001", "905321110002"])
          const infobip = sim.control(InfobipSimulator.module).messages()
          assert.deepStrictEqual(
            infobip.map((m) => m.to),
            ["447911000001"]
          )
          assert.deepStrictEqual(yield* sim.orders(Simulator.DemoAccount.apiKey), [])
        })
    )

    it.effect("a provider that is down is failed over: the line says after which provider and why", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({ "turkeysms/sms/send": { probability: 1, kinds: ["503"] } })
        const run = yield* runNode(bin, ["send", "--sender", "EFFECTSMS", "--text", "Merhaba", "--to", "05321110003"], {
          ...envFor(sim),
          SMS_PROVIDERS: "turkeysms,iletimerkezi",
          TURKEYSMS_BASE_URL: `${sim.origin}/turkeysms`
        })
        yield* sim.setFaults({})
        assertSuccess(run)
        assert.match(
          lines(run.stdout)[0]!,
          /^iletimerkezi: order \S+, 1 recipients \(after turkeysms: ServiceUnavailable 503\)$/
        )
      })
    )

    it.effect("every provider down: exit 4 (try later) with one line naming each hop, and nothing sent", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        yield* sim.setFaults({
          "turkeysms/sms/send": { probability: 1, kinds: ["503"] },
          "infobip/sms/3/messages": { probability: 1, kinds: ["503"] }
        })
        const run = yield* runNode(bin, ["send", "--sender", "EFFECTSMS", "--text", "x", "--to", "05321110009"], {
          ...envFor(sim),
          SMS_PROVIDERS: "turkeysms,infobip"
        })
        yield* sim.setFaults({})
        assertFailure(run, 4)
        assert.strictEqual(lines(run.stderr).length, 1, run.stderr)
        assert.match(
          run.stderr,
          /^error: no provider could take the message: turkeysms \(ServiceUnavailable 503\), infobip \(ServiceUnavailable \S+\)$/m
        )
        const to = "905321110009"
        assert.isFalse(
          sim
            .control(InfobipSimulator.module)
            .messages()
            .some((m) => m.to === to)
        )
        assert.isFalse(
          sim
            .control(TurkeySmsModule.module)
            .messages(TurkeySmsModule.DemoAccount.apiKey)
            .some((m) => m.number === to)
        )
      })
    )

    it.effect("examples/sms-routing.ts: estimates, then one part per provider by country, then pending statuses", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const run = yield* runNode(
          fileURLToPath(new URL("../examples/sms-routing.ts", import.meta.url)),
          [],
          envFor(sim)
        )
        assertSuccess(run)
        const out = lines(run.stdout)
        assert.deepStrictEqual(
          out.filter((l) => l.startsWith("estimate ")).map((l) => l.split(":")[0]),
          ["estimate iletimerkezi", "estimate turkeysms", "estimate infobip"]
        )
        assert.deepStrictEqual(
          out.filter((l) => l.startsWith("sent ")),
          ["sent iletimerkezi: +905321112233", "sent infobip: +447911123456"]
        )
        assert.deepStrictEqual(
          out.filter((l) => l.startsWith("status ")).map((l) => l.split(" (")[0]),
          ["status +905321112233: pending", "status +447911123456: pending"]
        )
      })
    )

    it.effect("an unknown provider in SMS_PROVIDERS is a usage error, exit 2, and nothing is sent", () =>
      Effect.gen(function* () {
        const sim = yield* Simulator.Simulator
        const before = yield* sim.requestCount()
        const run = yield* runNode(bin, ["send", "--sender", "EFFECTSMS", "--text", "x", "--to", "05321110004"], {
          ...envFor(sim),
          SMS_PROVIDERS: "iletimerkezi,nope"
        })
        assertFailure(run, 2)
        assert.include(run.stderr, "nope")
        assert.strictEqual(yield* sim.requestCount(), before)
      })
    )
  }
)
