/**
 * Running the repository's programs (the `effect-sms` CLI, the examples) as child processes on the pinned Node, with
 * `--conditions=source` so workspace packages resolve to their sources, and a clean environment.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert } from "@effect/vitest"
import { Effect } from "effect"

/** The repository root. */
export const root = fileURLToPath(new URL("../..", import.meta.url))

/** How a child process ended, and what it printed. */
export interface Run {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * The parent's environment without any `ILETIMERKEZI_*` variable (each test says exactly which it sets) and without
 * colour forcing, so the child sees what a pipe in CI sees.
 */
export const baseEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (
      v === undefined ||
      k.startsWith("ILETIMERKEZI_") ||
      k.startsWith("TURKEYSMS_") ||
      k.startsWith("INFOBIP_") ||
      k === "FORCE_COLOR" ||
      k === "NO_COLOR"
    )
      continue
    env[k] = v
  }
  return env
}

// Node's on-disk compile cache roughly halves the CPU time of each child's start-up after the first.
const compileCache = join(tmpdir(), "effect-sms-test-compile-cache")

/** Runs `node --conditions=source <script> ...args` from the repository root, stdin closed, until it exits. */
export const runNode = (
  script: string,
  args: ReadonlyArray<string>,
  env: Record<string, string> = {}
): Effect.Effect<Run> => runFile(process.execPath, ["--conditions=source", script, ...args], env)

/** Runs an executable from the repository root with a clean environment, stdin closed, until it exits. */
export const runFile = (
  file: string,
  args: ReadonlyArray<string>,
  env: Record<string, string> = {}
): Effect.Effect<Run> =>
  Effect.callback<Run>((resume) => {
    const child = spawn(file, args, {
      cwd: root,
      env: { ...baseEnv(), NODE_COMPILE_CACHE: compileCache, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    child.on("error", (e) => resume(Effect.die(e)))
    child.on("close", (code) => resume(Effect.succeed({ code, stdout, stderr })))
    return Effect.sync(() => {
      child.kill("SIGKILL")
    })
  })

/** A fresh temporary directory, removed with the test's scope. */
export const tempDir = Effect.acquireRelease(
  Effect.sync(() => mkdtempSync(join(tmpdir(), "effect-sms-test-"))),
  (dir) => Effect.sync(() => rmSync(dir, { recursive: true, force: true }))
)

/** Non-empty lines of a text. */
export const lines = (text: string): Array<string> => text.split("\n").filter((l) => l.length > 0)

/** Output meant for a pipe: no carriage returns, no ANSI escapes, no stack trace. */
export const assertPlain = (run: Run) => {
  for (const [name, text] of [
    ["stdout", run.stdout],
    ["stderr", run.stderr]
  ] as const) {
    assert.notInclude(text, "\r", `${name} has a carriage return`)
    assert.notInclude(text, "\x1b", `${name} has an ANSI escape`)
    assert.notMatch(text, /^ {4}at /m, `${name} has a stack trace`)
  }
}

/** A successful run: exit 0, plain output. */
export const assertSuccess = (run: Run) => {
  assert.strictEqual(run.code, 0, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`)
  assertPlain(run)
}

/** An expected failure: the exit code, nothing on stdout, one plain line on stderr matching every pattern. */
export const assertFailure = (run: Run, code: number, ...patterns: ReadonlyArray<RegExp>) => {
  assert.strictEqual(run.code, code, `exit ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`)
  assertPlain(run)
  assert.strictEqual(run.stdout, "")
  const errorLines = lines(run.stderr)
  assert.strictEqual(errorLines.length, 1, `stderr should be one line:\n${run.stderr}`)
  for (const pattern of patterns) assert.match(errorLines[0]!, pattern)
}
