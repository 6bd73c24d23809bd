/**
 * Every program in examples/ runs as a user runs it (a child process on the pinned Node, credentials from the
 * environment) against a simulator started in this process, and does what its header says.
 */
import { spawn } from "node:child_process"
import { readFileSync } from "node:fs"
import { createServer } from "node:net"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, layer } from "@effect/vitest"
import { IletiMerkezi } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { type Duration, Effect, Redacted, Schedule, Stream } from "effect"
import { account, clientFor, turkeyDay } from "./support/harness.ts"
import { assertSuccess, baseEnv, lines, root, runNode, tempDir } from "./support/subprocess.ts"

const example = (name: string) => fileURLToPath(new URL(`../examples/${name}`, import.meta.url))

const historyStart = turkeyDay(-60)
const historyEnd = turkeyDay(-41)

// Accounts of their own where an example's output or the request log must not see the others' traffic.
const accounts = {
  retry: account("0000000000000000000000000000e001", {
    balance: { amount: 10, sms: 4321 },
    senders: ["APITEST", "EFFECTSMS"]
  }),
  xml: account("0000000000000000000000000000e002"),
  webhook: account("0000000000000000000000000000e003")
}

const simulatorOptions: Simulator.Options = {
  seed: "examples-test",
  // Messages become final quickly, so webhooks arrive within the test.
  delivery: { delay: { min: "50 millis", max: "300 millis" } },
  accounts: [
    {
      ...Simulator.DemoAccount,
      synthetic: { orders: 12, recipientsPerOrder: { min: 2, max: 8 }, start: historyStart, days: 20, seed: "examples" }
    },
    ...Object.values(accounts)
  ]
}

const envFor = (url: string, a: { readonly apiKey: string; readonly apiSecret: string } = Simulator.DemoAccount) => ({
  ILETIMERKEZI_BASE_URL: url,
  ILETIMERKEZI_API_KEY: a.apiKey,
  ILETIMERKEZI_API_SECRET: a.apiSecret
})

const runExample = (
  name: string,
  args: ReadonlyArray<string>,
  a?: { readonly apiKey: string; readonly apiSecret: string }
) => Effect.flatMap(Effect.service(Simulator.Simulator), (sim) => runNode(example(name), args, envFor(sim.url, a)))

/** A port nothing listens on right now. */
const freePort = Effect.callback<number>((resume) => {
  const server = createServer()
  server.listen(0, "127.0.0.1", () => {
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    server.close(() => resume(Effect.succeed(port)))
  })
})

/** A long-running example: started now, its output collected as it comes, stopped (SIGTERM) with the scope. */
const startExample = (name: string, args: ReadonlyArray<string>) =>
  Effect.acquireRelease(
    Effect.sync(() => {
      const child = spawn(process.execPath, ["--conditions=source", example(name), ...args], {
        cwd: root,
        env: baseEnv(),
        stdio: ["ignore", "pipe", "pipe"]
      })
      const output = { stdout: "", stderr: "" }
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        output.stdout += chunk
      })
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        output.stderr += chunk
      })
      return { child, output }
    }),
    ({ child }) =>
      Effect.callback<void>((resume) => {
        if (child.exitCode !== null || child.signalCode !== null) return resume(Effect.void)
        child.once("exit", () => resume(Effect.void))
        child.kill("SIGTERM")
      }).pipe(
        Effect.timeoutOrElse({ duration: "5 seconds", orElse: () => Effect.sync(() => void child.kill("SIGKILL")) })
      )
  )

/** Waits (up to `timeout`) until `check` holds, polling every 50 ms. */
const waitUntil = (what: string, check: () => boolean, timeout: Duration.Input = "15 seconds") =>
  Effect.suspend(() => (check() ? Effect.void : Effect.fail(what))).pipe(
    Effect.retry(Schedule.spaced("50 millis")),
    Effect.timeoutOrElse({ duration: timeout, orElse: () => Effect.die(new Error(`timed out waiting for ${what}`)) })
  )

layer(Simulator.layer(simulatorOptions), { excludeTestServices: true, concurrent: true })("examples", (it) => {
  it.effect("send.ts sends one order and schedules another", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = yield* runExample("send.ts", [])
      assertSuccess(run)
      const [first, second] = lines(run.stdout)
      const sent = /^order (\d+)$/.exec(first ?? "")?.[1]
      const scheduled = /^scheduled order (\d+)$/.exec(second ?? "")?.[1]
      assert.isDefined(sent, run.stdout)
      assert.isDefined(scheduled, run.stdout)
      const orders = yield* sim.orders(Simulator.DemoAccount.apiKey)
      assert.deepStrictEqual(orders.find((o) => o.id === sent)?.numbers, ["905321112233", "905334445566"])
      assert.strictEqual(orders.find((o) => o.id === scheduled)?.state, "scheduled")
    })
  )

  it.effect("export-to-csv.ts writes every row of the range to a CSV file", () =>
    Effect.gen(function* () {
      const expectedRows = yield* Effect.gen(function* () {
        const client = yield* IletiMerkezi.IletiMerkeziClient
        const orders = yield* client.orders({ start: historyStart, end: historyEnd }).pipe(Stream.runCollect)
        return orders.reduce((n, o) => n + (o.total ?? 0), 0)
      }).pipe(Effect.provide(clientFor()))
      assert.isAbove(expectedRows, 0)
      const out = join(yield* tempDir, "reports.csv")
      const run = yield* runExample("export-to-csv.ts", [historyStart, historyEnd, out])
      assertSuccess(run)
      assert.strictEqual(run.stdout, `${expectedRows} rows written to ${out}\n`)
      const csv = readFileSync(out, "utf8")
      assert.isTrue(
        csv.startsWith("\uFEFForderId,orderStatus,sender,submitAt,sendAt,number,status,provisional"),
        csv.slice(0, 100)
      )
      assert.strictEqual(lines(csv).length, expectedRows + 1)
    })
  )

  it.effect("custom-retry.ts prints the SMS credits and the senders", () =>
    Effect.gen(function* () {
      const run = yield* runExample("custom-retry.ts", [], accounts.retry)
      assertSuccess(run)
      assert.strictEqual(run.stdout, "4321 SMS credits\nAPITEST, EFFECTSMS\n")
    })
  )

  it.effect("xml-transport.ts sends and reads the report over XML", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = yield* runExample("xml-transport.ts", [], accounts.xml)
      assertSuccess(run)
      const [format, report] = lines(run.stdout)
      assert.strictEqual(format, "format: xml")
      assert.match(report ?? "", /^order \d+: 1 recipients$/)
      const routes = (yield* sim.requests).filter((r) => r.apiKey === accounts.xml.apiKey)
      assert.deepStrictEqual(
        routes.map((r) => [r.route, r.format]),
        [
          ["send-sms", "xml"],
          ["get-report", "xml"]
        ]
      )
    })
  )

  it.effect("webhook-server.ts prints the delivery reports the provider POSTs", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const port = yield* freePort
      const server = yield* startExample("webhook-server.ts", [String(port)])
      yield* waitUntil("the listening line", () => server.output.stdout.includes("listening on"))
      assert.strictEqual(lines(server.output.stdout)[0], `listening on http://127.0.0.1:${port}/webhooks/iletimerkezi`)
      yield* sim.updateAccount(accounts.webhook.apiKey, {
        webhookUrl: `http://127.0.0.1:${port}/webhooks/iletimerkezi`
      })

      const { orderId } = yield* Effect.gen(function* () {
        const client = yield* IletiMerkezi.IletiMerkeziClient
        return yield* client.sendSms({
          sender: "EFFECTSMS",
          text: "Webhook testi",
          to: ["905321110001", "905321110002"],
          iys: 0
        })
      }).pipe(
        Effect.provide(
          clientFor({
            apiKey: Redacted.make(accounts.webhook.apiKey),
            apiSecret: Redacted.make(accounts.webhook.apiSecret)
          })
        )
      )

      // Each recipient is reported accepted, then delivered or undelivered.
      const reports = () => lines(server.output.stdout).filter((l) => l.startsWith(`order ${orderId}: `))
      const final = (to: string) => reports().some((l) => new RegExp(`: \\${to} (delivered|undelivered)$`).test(l))
      yield* waitUntil("final reports for both recipients", () => final("+905321110001") && final("+905321110002"))
      for (const to of ["+905321110001", "+905321110002"]) {
        assert.include(reports(), `order ${orderId}: ${to} accepted`)
      }
      assert.strictEqual(server.output.stderr, "")
    })
  )
})
