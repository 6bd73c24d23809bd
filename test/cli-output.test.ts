/**
 * The `effect-sms` command line's contract with scripts and people: data on stdout and everything else on stderr at
 * any log level; bad command lines refused before any request; `--help` that documents every flag, its default, the
 * environment and the exit codes; and messages that mean what they say in context. Each test runs the CLI as a
 * child process against a simulator in this process, over real loopback HTTP.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { assert, describe, layer } from "@effect/vitest"
import { IletiMerkezi } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Redacted, Stream } from "effect"
import { account, clientFor, turkeyDay } from "./support/harness.ts"
import {
  assertFailure,
  assertPlain,
  assertSuccess,
  baseEnv,
  lines,
  root,
  runNode,
  tempDir
} from "./support/subprocess.ts"

const bin = fileURLToPath(new URL("../packages/node-runtime/src/bin/effect-sms.ts", import.meta.url))

const history = account("0000000000000000000000000000c001", {
  synthetic: { orders: 6, recipientsPerOrder: { min: 3, max: 6 }, start: turkeyDay(-40), days: 5, seed: "out" }
})

const envFor = (url: string) => ({
  ILETIMERKEZI_BASE_URL: url,
  ILETIMERKEZI_API_KEY: history.apiKey,
  ILETIMERKEZI_API_SECRET: history.apiSecret
})

const cli = (args: ReadonlyArray<string>) =>
  Effect.flatMap(Effect.service(Simulator.Simulator), (sim) => runNode(bin, args, envFor(sim.url)))

const someOrderId = Effect.gen(function* () {
  const client = yield* IletiMerkezi.IletiMerkeziClient
  const orders = yield* client.orders({ start: turkeyDay(-40), end: turkeyDay(-36) }).pipe(Stream.runCollect)
  return orders[0]!.id
}).pipe(
  Effect.provide(clientFor({ apiKey: Redacted.make(history.apiKey), apiSecret: Redacted.make(history.apiSecret) }))
)

// Every request on get-report fails once with a 503 before it succeeds: each report retries, and the retry is logged
// at debug level.
const simulator = Simulator.layer({
  seed: "cli-output",
  accounts: [history],
  faults: { "get-report": ["503", "ok", "503", "ok", "503", "ok"] }
})

layer(simulator, { excludeTestServices: true })("effect-sms CLI output", (it) => {
  it.effect("at --log-level debug and all, logs go to stderr and stdout stays NDJSON", () =>
    Effect.gen(function* () {
      const id = yield* someOrderId
      for (const level of ["debug", "all"]) {
        const run = yield* cli(["--log-level", level, "report", id])
        assertSuccess(run)
        const out = lines(run.stdout)
        assert.isAbove(out.length, 2)
        for (const line of out) {
          const row = JSON.parse(line) as Record<string, unknown>
          assert.deepStrictEqual(Object.keys(row), ["number", "status"], line)
        }
        // The retry of the 503 was logged, on stderr.
        assert.match(run.stderr, /retry|503/i, run.stderr)
        assert.notMatch(run.stdout, /level=|DEBUG|503/)
      }
    })
  )

  it.effect("export --out <a directory> exits 2 before any request", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const dir = yield* tempDir
      const before = (yield* sim.requests).length
      const run = yield* cli(["export", "--from", turkeyDay(-40), "--to", turkeyDay(-36), "--out", dir])
      assertFailure(run, 2, /is a directory/)
      assert.strictEqual((yield* sim.requests).length, before)
    })
  )

  it.effect("a bad relative date exits 2 before any request; today-N walks back from today", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const before = (yield* sim.requests).length
      const bad = yield* cli(["orders", "--from", "yesterday", "--to", "today"])
      assertFailure(bad, 2, /--from "yesterday" is not a date/)
      assert.strictEqual((yield* sim.requests).length, before)
      const good = yield* cli(["orders", "--from", "today-40", "--to", "today-36"])
      assertSuccess(good)
      assert.strictEqual(lines(good.stdout).length, 1 + 6)
      assert.strictEqual(good.stderr, `6 orders from ${turkeyDay(-40)} to ${turkeyDay(-36)}\n`)
    })
  )

  it.effect("send --at prints the schedule in Turkey time, to the minute", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      // Two days ahead at 09:00:42 in Turkey (UTC+3): printed 09:00, no seconds, no UTC offset to convert.
      const day = turkeyDay(2)
      const run = yield* runNode(
        bin,
        ["send", "--sender", "EFFECTSMS", "--text", "Yarın", "--to", "05321112233", "--at", `${day}T09:00:42+03:00`],
        envFor(sim.url)
      )
      assertSuccess(run)
      assert.match(run.stdout, new RegExp(`^order \\d+ scheduled for ${day} 09:00 Turkey time\\n$`))
    })
  )

  it.effect("455 is explained for what the command asked: a report of no such order, or a cancel", () =>
    Effect.gen(function* () {
      const report = yield* cli(["report", "999999999"])
      assertFailure(report, 1, /^error: 455 /, /check the order id/)
      assert.notInclude(report.stderr, "cancel")
      const cancel = yield* cli(["cancel", "999999999"])
      assertFailure(cancel, 1, /^error: 455 /, /can no longer be cancelled/)
    })
  )
})

describe("effect-sms --help", () => {
  const help = (args: ReadonlyArray<string>) => runNode(bin, [...args, "--help"])

  // The FLAGS section of a help text: `--name type    description` lines.
  const flagLines = (text: string): Array<string> => {
    const section = /\nFLAGS\n([\s\S]*?)(?:\n\n|\n[A-Z ]+\n|$)/.exec(text)?.[1] ?? ""
    return lines(section).filter((l) => /^\s+--/.test(l))
  }

  layer(Simulator.layer({ seed: "help" }), { excludeTestServices: true })("help", (it) => {
    it.effect("the top level lists the environment variables and every exit code", () =>
      Effect.gen(function* () {
        const run = yield* help([])
        assertSuccess(run)
        for (const name of [
          "ILETIMERKEZI_API_KEY",
          "ILETIMERKEZI_API_HASH",
          "ILETIMERKEZI_API_SECRET",
          "ILETIMERKEZI_BASE_URL",
          "ILETIMERKEZI_FORMAT",
          "ILETIMERKEZI_TIMEOUT"
        ])
          assert.include(run.stdout, name)
        for (const code of [0, 1, 2, 3, 4, 5]) assert.match(run.stdout, new RegExp(`^\\s+${code}  \\S`, "m"))
      })
    )

    it.effect("every flag of every command has a description, and defaults are shown", () =>
      Effect.gen(function* () {
        const commands = [
          ["send"],
          ["cancel"],
          ["report"],
          ["orders"],
          ["export"],
          ["balance"],
          ["senders"],
          ["blacklist", "list"],
          ["blacklist", "add"],
          ["blacklist", "remove"],
          ["simulator"],
          ["demo"]
        ]
        const runs = yield* Effect.all(commands.map(help), { concurrency: 2 })
        for (const [i, run] of runs.entries()) {
          assertSuccess(run)
          const flags = flagLines(run.stdout)
          assert.isAbove(flags.length, 0, commands[i]!.join(" "))
          for (const line of flags) {
            // Name, type, then at least two spaces and a description.
            assert.match(line, /^\s+--[\w-]+(?: [\w<>|]+)?\s{2,}\S/, `${commands[i]!.join(" ")}: ${line}`)
          }
        }
        const byName = Object.fromEntries(commands.map((c, i) => [c.join(" "), runs[i]!.stdout]))
        assert.match(byName.export!, /--concurrency integer\s+.*\(default: 8\)/)
        assert.match(byName.report!, /--row-count integer\s+.*\(default: 1000\)/)
        assert.match(byName["blacklist list"]!, /--page integer\s+.*\(default: 1\)/)
        assert.match(byName.simulator!, /--port integer\s+.*\(default: 8080\)/)
        assert.match(byName.demo!, /--out \S+\s+.*\(default: \.out\/demo\)/)
      })
    )

    it.effect("simulator and demo do not offer the client flags they would ignore", () =>
      Effect.gen(function* () {
        for (const command of ["simulator", "demo"]) {
          const run = yield* help([command])
          assertSuccess(run)
          for (const flag of ["--base-url", "--simulator", "--format"]) assert.notInclude(run.stdout, flag, command)
        }
      })
    )
  })
})

describe("effect-sms with connection flags before the command", () => {
  layer(Simulator.layer({ seed: "order" }), { excludeTestServices: true })("order", (it) => {
    it.effect("`--simulator --format xml blacklist list` works as `blacklist list --simulator --format xml`", () =>
      Effect.gen(function* () {
        const [before, after] = yield* Effect.all(
          [
            runNode(bin, ["--simulator", "--format", "xml", "blacklist", "list", "--row-count", "5"]),
            runNode(bin, ["blacklist", "list", "--row-count", "5", "--simulator", "--format", "xml"])
          ],
          { concurrency: 2 }
        )
        assertSuccess(before)
        assertSuccess(after)
        assert.strictEqual(before.stderr, "0 numbers on page 1, 0 in total\n")
        assert.strictEqual(after.stderr, before.stderr)
      })
    )
  })
})

describe("effect-sms on a closed pipe", () => {
  layer(Simulator.layer({ seed: "pipe" }), { excludeTestServices: true })("pipe", (it) => {
    it.effect("a reader that stops early ends the command quietly, without a stack trace", () =>
      Effect.callback<{ code: number | null; stderr: string }>((resume) => {
        // 720 orders from the embedded simulator, one line each: far more than the first chunk the reader takes.
        const child = spawn(
          process.execPath,
          ["--conditions=source", bin, "orders", "--simulator", "--from", "today-29", "--to", "today"],
          { cwd: root, env: baseEnv(), stdio: ["ignore", "pipe", "pipe"] }
        )
        let stderr = ""
        child.stderr.setEncoding("utf8").on("data", (c: string) => {
          stderr += c
        })
        child.stdout.once("data", () => child.stdout.destroy())
        child.on("close", (code) => resume(Effect.succeed({ code, stderr })))
        return Effect.sync(() => child.kill("SIGKILL"))
      }).pipe(
        Effect.map(({ code, stderr }) => {
          assert.strictEqual(code, 0, stderr)
          assert.notInclude(stderr, "EPIPE")
          assertPlain({ code, stdout: "", stderr })
          return code
        })
      )
    )
  })
})
