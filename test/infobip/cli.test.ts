/**
 * `effect-sms --provider infobip` as a user runs it: a child process on the pinned Node against a simulator started
 * in this process (real loopback HTTP), configured from INFOBIP_* variables.
 */
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { assert, layer } from "@effect/vitest"
import { Status } from "@effect-sms/core/infobip"
import { Simulator } from "@effect-sms/simulator"
import { InfobipSimulator } from "@effect-sms/simulator/infobip"
import { Effect } from "effect"
import { assertFailure, assertSuccess, lines, runNode } from "../support/subprocess.ts"

const bin = fileURLToPath(new URL("../../packages/node-runtime/src/bin/effect-sms.ts", import.meta.url))
const demo = InfobipSimulator.DemoAccount

// The `reports` journal of these runs, outside the repository.
const journalDir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "infobip-cli-"))
const journal = Path.join(journalDir, "reports.journal.json")

const env = Effect.map(Effect.service(Simulator.Simulator), (sim) => ({
  INFOBIP_BASE_URL: `${sim.origin}/infobip`,
  INFOBIP_API_KEY: demo.apiKeys[0]!,
  INFOBIP_REPORTS_JOURNAL: journal
}))

const cli = (args: ReadonlyArray<string>, extra: Record<string, string> = {}) =>
  Effect.flatMap(env, (e) => runNode(bin, ["--provider", "infobip", ...args], { ...e, ...extra }))

const simulator = Simulator.layer({
  seed: "infobip-cli",
  providers: { infobip: { delivery: { delay: { min: "10 millis", max: "40 millis" } } } }
})

layer(simulator, { excludeTestServices: true, timeout: 120_000 })("effect-sms --provider infobip", (it) => {
  it.effect("send prints one line per destination, rejections included; logs and reports then show them", () =>
    Effect.gen(function* () {
      const sent = yield* cli([
        "send",
        "--to",
        "41793026701,05321112233",
        "--to",
        "41793026702",
        "--text",
        "Merhaba",
        "--from",
        "ACME"
      ])
      assertSuccess(sent)
      const rows = lines(sent.stdout).map((l) => l.split("\t"))
      assert.deepStrictEqual(
        rows.map((r) => [r[1], r[2]]),
        [
          ["41793026701", "PENDING"],
          ["05321112233", "REJECTED"],
          ["41793026702", "PENDING"]
        ]
      )
      assert.match(sent.stderr, /2 accepted, 1 rejected/)
      const ids = rows.map((r) => r[0]!)
      const logs = yield* cli(["logs", "--message-id", ids.join(",")])
      assertSuccess(logs)
      assert.deepStrictEqual(
        lines(logs.stdout)
          .map((l) => JSON.parse(l).messageId)
          .sort(),
        [...ids].sort()
      )
      yield* Effect.sleep("300 millis")
      const reports = yield* cli(["reports", "--limit", "2"])
      assertSuccess(reports)
      const got = lines(reports.stdout).map((l) => JSON.parse(l) as { messageId: string; final: boolean })
      for (const id of ids)
        assert.isTrue(
          got.some((r) => r.messageId === id && r.final),
          id
        )
      // Each report is returned once: a second drain prints none of them.
      const again = yield* cli(["reports"])
      assertSuccess(again)
      assert.isFalse(lines(again.stdout).some((l) => ids.includes(JSON.parse(l).messageId)))
    })
  )

  it.effect("preview, balance and a scheduled bulk's status, pause, resume, reschedule and cancel", () =>
    Effect.gen(function* () {
      const preview = yield* cli([
        "preview",
        "--text",
        "Şişli'de buluşalım",
        "--language",
        "TR",
        "--transliteration",
        "TURKISH"
      ])
      assertSuccess(preview)
      assert.match(preview.stdout, /^as is: 1 part\(s\), 52 characters left/m)
      assert.match(
        preview.stdout,
        /language TR, transliteration TURKISH: 1 part\(s\), 142 characters left\tSisli'de bulusalim/
      )
      const balance = yield* cli(["balance"])
      assertSuccess(balance)
      assert.match(balance.stdout, /^\d+\.\d\d EUR\n$/)
      const at = new Date(Date.now() + 86_400_000).toISOString()
      assertSuccess(yield* cli(["send", "--to", "41793026703", "--text", "later", "--bulk-id", "cli-bulk", "--at", at]))
      const status = yield* cli(["bulk", "status", "cli-bulk"])
      assertSuccess(status)
      assert.match(status.stdout, /^cli-bulk\tPENDING\t/)
      assert.strictEqual((yield* cli(["bulk", "pause", "cli-bulk"])).stdout, "cli-bulk\tPAUSED\n")
      assert.strictEqual((yield* cli(["bulk", "resume", "cli-bulk"])).stdout, "cli-bulk\tPENDING\n")
      const moved = yield* cli([
        "bulk",
        "reschedule",
        "cli-bulk",
        "--at",
        new Date(Date.now() + 2 * 86_400_000).toISOString()
      ])
      assertSuccess(moved)
      assert.strictEqual((yield* cli(["bulk", "cancel", "cli-bulk"])).stdout, "cli-bulk\tCANCELED\n")
    })
  )

  it.effect("reports without --journal still keeps a file journal: a batch left by a dead run is printed first", () =>
    Effect.gen(function* () {
      // What a run that died with a batch in hand leaves behind (the wire form of the batch).
      const left = [
        {
          bulkId: "B-dead",
          messageId: "left-by-a-dead-run",
          to: "41793026727",
          sentAt: "2026-05-01T09:00:00.000+0000",
          doneAt: "2026-05-01T09:00:05.000+0000",
          smsCount: 1,
          status: Status.toWire("DELIVERED_TO_HANDSET"),
          error: Status.MessageErrors.NO_ERROR
        }
      ]
      Fs.writeFileSync(journal, JSON.stringify(left))
      const run = yield* cli(["reports"])
      assertSuccess(run)
      assert.strictEqual(JSON.parse(lines(run.stdout)[0]!).messageId, "left-by-a-dead-run")
      // Taken and acknowledged by the end of the drain: the journal is gone.
      assert.isFalse(Fs.existsSync(journal))
    })
  )

  it.effect("bad input exits 2 before any request; a wrong key exits 3; IBSSO from the environment works", () =>
    Effect.gen(function* () {
      const sim = yield* Effect.service(Simulator.Simulator)
      const before = yield* sim.requestCount("infobip/sms/3/messages")
      assertFailure(
        yield* cli(["send", "--to", "12345", "--text", "x"]),
        2,
        /invalid messages\[0\]\.destinations\[0\]\.to/
      )
      assert.strictEqual(yield* sim.requestCount("infobip/sms/3/messages"), before)
      assertFailure(yield* cli(["balance"], { INFOBIP_API_KEY: "wrong-key" }), 3, /E401/)
      const ibsso = yield* cli(["balance"], {
        INFOBIP_AUTH: "ibsso",
        INFOBIP_USERNAME: demo.users[0]!.username,
        INFOBIP_PASSWORD: demo.users[0]!.password
      })
      assertSuccess(ibsso)
      assertFailure(
        yield* cli(["balance"], { INFOBIP_AUTH: "oauth2" }),
        2,
        /INFOBIP_CLIENT_ID and INFOBIP_CLIENT_SECRET/
      )
    })
  )
})
