import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"

const bin = fileURLToPath(new URL("../src/bin/effect-sms-simulator.ts", import.meta.url))

// Starts the bin, waits for its one line, makes a call, then stops it with SIGTERM and reports how it ended.
const runBin = (args: ReadonlyArray<string>, calls = 1) =>
  Effect.callback<{
    readonly line: string
    readonly balance: unknown
    readonly answers: ReadonlyArray<readonly [number, string | null]>
    readonly signal: string | null
    readonly code: number | null
  }>((resume) => {
    const child = spawn(process.execPath, ["--conditions=source", bin, ...args], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let result: { line: string; balance: unknown; answers: Array<readonly [number, string | null]> } | undefined
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString("utf8")
      const line = out.split("\n")[0]!
      if (result !== undefined || !out.includes("\n")) return
      const url = /listening on (\S+)/.exec(line)?.[1]
      const key = /apiKey=(\S+)/.exec(line)?.[1]
      const hash = /apiHash=(\S+)/.exec(line)?.[1]
      const answers: Array<readonly [number, string | null]> = []
      const call = () =>
        fetch(`${url}/get-balance/json`, {
          method: "POST",
          body: JSON.stringify({ request: { authentication: { key, hash } } })
        }).then(async (r) => {
          answers.push([r.status, r.headers.get("retry-after")])
          return r.json()
        })
      let chain: Promise<unknown> = call()
      for (let i = 1; i < calls; i++) chain = chain.then(call)
      chain.then(
        (balance) => {
          result = { line, balance, answers }
          child.kill("SIGTERM")
        },
        () => child.kill("SIGTERM")
      )
    })
    child.on("exit", (code, signal) => {
      resume(
        Effect.succeed({
          line: result?.line ?? out,
          balance: result?.balance,
          answers: result?.answers ?? [],
          code,
          signal
        })
      )
    })
    return Effect.sync(() => child.kill("SIGKILL"))
  })

describe("effect-sms-simulator bin", () => {
  it.live("prints the URL and demo credentials on one line, serves, and stops on SIGTERM", () =>
    Effect.gen(function* () {
      const run = yield* runBin(["--port", "0", "--synthetic-orders", "10", "--fault", "get-sender=503:0.5"])
      assert.match(
        run.line,
        /^listening on http:\/\/127\.0\.0\.1:\d+\/v1 apiKey=3373dcb20eb97fa575e0e214f321b08b apiSecret=\S+ apiHash=0d2df51f3b2ae72a27abb1d652e09a46530842aaf3e0dae45487b22ebb8f7024 senders=APITEST,EFFECTSMS$/
      )
      assert.deepStrictEqual(run.balance, {
        response: { status: { code: 200, message: "İşlem başarılı" }, balance: { amount: 1000, sms: 100000 } }
      })
      // The runtime interrupts the main fiber on SIGTERM, closes the server, and exits by itself.
      assert.isNull(run.signal)
    })
  )

  it.live("takes scripted faults, a Retry-After and a latency range from its flags", () =>
    Effect.gen(function* () {
      const run = yield* runBin(
        [
          "--port",
          "0",
          "--fault",
          "get-balance=503,429,ok",
          "--retry-after",
          "7",
          "--latency-min",
          "10",
          "--latency-max",
          "20"
        ],
        3
      )
      assert.deepStrictEqual(run.answers, [
        [503, "7"],
        [429, "7"],
        [200, null]
      ])
    })
  )
})
