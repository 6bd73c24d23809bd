/**
 * The `effect-sms` command line for TurkeySMS, as a user runs it: a child process on the pinned Node against a
 * simulator in this process (real loopback HTTP), configured by `TURKEYSMS_*` settings alone or `--provider
 * turkeysms`. Each command's success and its typical failure, with the exit codes and one-line errors of the
 * iletiMerkezi commands.
 */
import { fileURLToPath } from "node:url"
import { assert, layer } from "@effect/vitest"
import { Simulator } from "@effect-sms/simulator"
import { TurkeySmsModule } from "@effect-sms/simulator/turkeysms"
import { Effect } from "effect"
import { assertFailure, assertSuccess, lines, runNode } from "../support/subprocess.ts"
import { account } from "./harness.ts"

const bin = fileURLToPath(new URL("../../packages/node-runtime/src/bin/effect-sms.ts", import.meta.url))

const keys = {
  send: "ts-cli-send-0123456789",
  otp: "ts-cli-otp-0123456789",
  watch: "ts-cli-watch-0123456789",
  reads: "ts-cli-reads-0123456789",
  abroad: "ts-cli-abroad-0123456789"
}

const simulatorOptions: Simulator.Options = {
  seed: "turkeysms-cli",
  providers: {
    turkeysms: {
      accounts: [
        account(keys.send),
        account(keys.otp),
        account(keys.watch),
        account(keys.reads, { balance: { sms: 4321, internationalTl: 12.5 }, senders: ["ALPHA", "BETA"] }),
        account(keys.abroad, { international: true, balance: { sms: 100, internationalTl: 100 } })
      ],
      sentDelayMillis: { min: 50, max: 100 },
      finalDelayMillis: { min: 50, max: 150 },
      expiredRatio: 0
    } satisfies TurkeySmsModule.Options
  }
}

/** The CLI with TurkeySMS settings for a key of the shared simulator. */
const cli = (key: string, args: ReadonlyArray<string>, extra: Record<string, string> = {}) =>
  Effect.flatMap(Effect.service(Simulator.Simulator), (sim) =>
    runNode(bin, args, { TURKEYSMS_BASE_URL: `${sim.origin}/turkeysms`, TURKEYSMS_API_KEY: key, ...extra })
  )

const ts = Effect.map(Effect.service(Simulator.Simulator), (sim) => sim.control(TurkeySmsModule.module))

layer(Simulator.layer(simulatorOptions), { excludeTestServices: true, concurrent: true })(
  "effect-sms CLI, TurkeySMS",
  (it) => {
    it.effect("send: TURKEYSMS_* settings alone select TurkeySMS; one line per send", () =>
      Effect.gen(function* () {
        const run = yield* cli(keys.send, [
          "send",
          "--sender",
          "EFFECTSMS",
          "--text",
          "Merhaba",
          "--to",
          "0532 111 22 33,5321112234"
        ])
        assertSuccess(run)
        const [line] = lines(run.stdout)
        const id = /^sms (\d+): 2 recipients, 2 parts billed \(2 predicted\)$/.exec(line ?? "")?.[1]
        assert.isDefined(id, run.stdout)
        const sent = (yield* ts).messages(keys.send)
        assert.deepStrictEqual(
          sent.map((m) => m.number),
          ["905321112233", "905321112234"]
        )
      })
    )

    it.effect("send and otp: numbers outside Turkey only with --international, refused before any request", () =>
      Effect.gen(function* () {
        const sim = yield* Effect.service(Simulator.Simulator)
        const [plainSend, plainOtp] = yield* Effect.all(
          [
            cli(keys.abroad, ["send", "--sender", "EFFECTSMS", "--text", "Hallo", "--to", "+49 151 23456789"]),
            cli(keys.abroad, ["otp", "--to", "+49 151 23456780"])
          ],
          { concurrency: 2 }
        )
        assertFailure(plainSend, 2, /international/)
        assertFailure(plainOtp, 2, /international/)
        assert.strictEqual(
          (yield* sim.requests).filter((e) => e.apiKey === keys.abroad).length,
          0,
          "refused before any request"
        )
        const [send, otp] = yield* Effect.all(
          [
            cli(keys.abroad, [
              "send",
              "--sender",
              "EFFECTSMS",
              "--text",
              "Hallo",
              "--to",
              "+49 151 23456789",
              "--international"
            ]),
            cli(keys.abroad, ["--provider", "turkeysms", "otp", "--international", "--to", "+49 151 23456780"])
          ],
          { concurrency: 2 }
        )
        assertSuccess(send)
        assertSuccess(otp)
        assert.sameMembers(
          (yield* ts).messages(keys.abroad).map((m) => m.number),
          ["4915123456789", "4915123456780"]
        )
      })
    )

    it.effect("otp: the code stays hidden unless --show-code, and then matches the message", () =>
      Effect.gen(function* () {
        const hidden = yield* cli(keys.otp, ["--provider", "turkeysms", "otp", "--to", "5321110001"])
        assertSuccess(hidden)
        const first = (yield* ts).messages(keys.otp)[0]!
        assert.notInclude(hidden.stdout, first.otp!)
        assert.include(hidden.stdout, "<redacted>")
        const shown = yield* cli(keys.otp, [
          "otp",
          "--to",
          "5321110002",
          "--digits",
          "4",
          "--show-code",
          "--sender",
          "EFFECTSMS",
          "--text",
          "Kod: TS-CODE"
        ])
        assertSuccess(shown)
        const second = (yield* ts).messages(keys.otp)[1]!
        assert.strictEqual(second.text, `Kod: ${second.otp}`)
        assert.match(shown.stdout, new RegExp(`^sms ${second.id}: code ${second.otp}$`, "m"))
      })
    )

    it.effect("status, then status --watch until every message is final, progress on stderr", () =>
      Effect.gen(function* () {
        const send = yield* cli(keys.watch, ["send", "--sender", "EFFECTSMS", "--text", "izle", "--to", "5321110003"])
        assertSuccess(send)
        const id = /^sms (\d+)/.exec(send.stdout)![1]!
        const once = yield* cli(keys.watch, ["status", id])
        assertSuccess(once)
        assert.match(once.stdout, new RegExp(`^${id}\\t(queued|sent|delivered|failed)\\t`))
        const watch = yield* cli(keys.watch, ["status", "--watch", "--every", "1", id])
        assertSuccess(watch)
        const states = lines(watch.stdout).map((l) => l.split("\t")[1])
        assert.include(["delivered", "failed"], states[states.length - 1])
        assert.match(lines(watch.stdout).at(-1)!, /\tfinal/)
        assert.match(watch.stderr, /1 messages final/)
      })
    )

    it.effect("balance, senders (v3) and blacklist add", () =>
      Effect.gen(function* () {
        const balance = yield* cli(keys.reads, ["balance"])
        assertSuccess(balance)
        assert.strictEqual(balance.stdout.trim(), "4,321 SMS, 12.50 TL international")
        const senders = yield* cli(keys.reads, ["senders"], { TURKEYSMS_API: "v3" })
        assertSuccess(senders)
        assert.deepStrictEqual(lines(senders.stdout), ["ALPHA", "BETA"])
        const add = yield* cli(keys.reads, ["blacklist", "add", "0532 999 88 77"])
        assertSuccess(add)
        assert.isTrue((yield* ts).account(keys.reads).blacklist.has("905329998877"))
      })
    )

    it.effect("failures are one line with the code and its meaning, and exit by kind", () =>
      Effect.gen(function* () {
        const [auth, usage, v4Only, otpElsewhere] = yield* Effect.all(
          [
            cli("ts-cli-nobody-0123456789", ["balance"]),
            cli(keys.reads, ["otp", "--to", "5321110004", "--digits", "9"]),
            cli(keys.reads, ["senders"]),
            runNode(bin, ["otp", "--to", "5321110004"])
          ],
          { concurrency: 4 }
        )
        assertFailure(auth, 3, /TS-1031/, /API key was rejected/)
        assert.notInclude(auth.stderr, "ts-cli-nobody-0123456789")
        assertFailure(usage, 2, /invalid digits/)
        assertFailure(v4Only, 2, /v3/)
        assertFailure(otpElsewhere, 2, /otp is a TurkeySMS command/)
      })
    )
  }
)
