/**
 * The README as a new user follows it: the documented ways to start the CLI work after the two set-up commands
 * (the launcher on the running Node, on an older Node found on the machine, and through the `node_modules/.bin`
 * shim), and every command of the README's simulator block runs as written.
 */
import { execFileSync } from "node:child_process"
import { existsSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { assertFailure, assertSuccess, lines, root, runFile } from "./support/subprocess.ts"

const launcher = join(root, "packages/node-runtime/bin/effect-sms.js")
const shim = join(root, "node_modules/.bin/effect-sms")

/** Node binaries on the machine older than the 22.19 the CLI needs (a system Node 20, say), outside the repo. */
const olderNodes = (): Array<string> =>
  ["/usr/bin/node", "/usr/local/bin/node", "/bin/node"].filter((path) => {
    if (!existsSync(path)) return false
    const version = execFileSync(path, ["--version"], { encoding: "utf8" }).trim()
    const [major, minor] = version.slice(1).split(".").map(Number)
    return major! < 22 || (major === 22 && minor! < 19)
  })

/** Splits one README command line into words: double quotes group, `#` starts a comment. */
const words = (line: string): Array<string> => {
  const out: Array<string> = []
  for (const m of line.replace(/\s+#.*$/, "").matchAll(/"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2]!)
  return out
}

describe("the CLI launcher", () => {
  it.effect("runs from the sources on the running Node, and passes the exit code through", () =>
    Effect.gen(function* () {
      const ok = yield* runFile(process.execPath, [launcher, "--simulator", "balance"])
      assertSuccess(ok)
      assert.strictEqual(ok.stdout, "1000.00 TL, 100,000 SMS\n")
      const usage = yield* runFile(process.execPath, [
        launcher,
        "--simulator",
        "send",
        "--sender",
        "EFFECTSMS",
        "--text",
        "x",
        "--to",
        "123"
      ])
      assertFailure(usage, 2, /^error: invalid to\[0\]/)
    })
  )

  // Only where the machine has an older Node (this one has the system's Node 20) is there anything to switch from.
  it.effect.skipIf(olderNodes().length === 0)("switches to the pinned Node when started by an older one", () =>
    Effect.gen(function* () {
      for (const node of olderNodes()) {
        const run = yield* runFile(node, [launcher, "--simulator", "senders"])
        assertSuccess(run)
        assert.strictEqual(run.stdout, "APITEST\nEFFECTSMS\n", node)
      }
    })
  )

  it.effect("node_modules/.bin/effect-sms (what `pnpm exec effect-sms` runs) works with no build step", () =>
    Effect.gen(function* () {
      assert.include(readFileSync(shim, "utf8"), "packages/node-runtime/bin/effect-sms.js")
      // A PATH with only the system directories, as a fresh shell has.
      const run = yield* runFile(shim, ["--simulator", "balance"], { PATH: "/usr/bin:/bin" })
      assertSuccess(run)
      assert.strictEqual(run.stdout, "1000.00 TL, 100,000 SMS\n")
    })
  )
})

describe("the README", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8")

  it("pnpm checks engines against the pinned Node, so install on Node 20 prints no 'Unsupported engine'", () => {
    const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies.node as string
    const workspace = readFileSync(join(root, "pnpm-workspace.yaml"), "utf8")
    const nodeVersion = /^nodeVersion: (\S+)$/m.exec(workspace)?.[1]
    assert.isDefined(nodeVersion)
    assert.strictEqual(pinned.replace(/^\^/, ""), nodeVersion)
  })

  it.effect("every command of the simulator block runs as written", () =>
    Effect.gen(function* () {
      const block = /runs as written[^\n]*\n\n```sh\n([\s\S]*?)```/.exec(readme)?.[1]
      assert.isDefined(block, "the README has a simulator block")
      const commands = lines(block!).map(words)
      assert.isAtLeast(commands.length, 5)
      const out = "/tmp/last-10-days.csv"
      rmSync(out, { force: true })
      const runs = yield* Effect.all(
        commands.map((command) => {
          assert.deepStrictEqual(command.slice(0, 3), ["npx", "-y", "pnpm@12"], command.join(" "))
          assert.strictEqual(command[3], "effect-sms")
          // `npx -y pnpm@12 effect-sms` is the root script `effect-sms`: the CLI's sources on the pinned Node.
          return runFile(process.execPath, [launcher, ...command.slice(4)])
        }),
        { concurrency: 2 }
      )
      for (const [i, run] of runs.entries()) {
        assert.strictEqual(run.code, 0, `${commands[i]!.join(" ")}\n${run.stderr}`)
        assert.notInclude(run.stderr, "error", commands[i]!.join(" "))
      }
      // The orders line finds the simulator's traffic, and the export wrote it.
      const orders = runs[commands.findIndex((c) => c[5] === "orders")]!
      assert.isAbove(lines(orders.stdout).length, 100)
      assert.isAbove(lines(readFileSync(out, "utf8")).length, 100)
    })
  )
})
