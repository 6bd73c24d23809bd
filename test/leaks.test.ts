/**
 * No credential leaves through anything derived from a request or a response. A distinctive key, secret and hash go
 * through a server that echoes every request back (as a 200 body and as a 502 page), over JSON and XML, and through
 * every kind of call (reads, a send reconciled into SendOutcomeUnknown, a stream). Then every channel is scanned for
 * every form of them (as is, URL-, JSON-, XML-escaped, base64): errors through `String`, `JSON.stringify`,
 * `util.inspect` and `Cause.pretty`; every log line at level All; every span (attributes, events, status); and the
 * CLI's stdout and stderr, at its most verbose log level.
 */
import { assert, describe, it } from "@effect/vitest"
import { Endpoint, IletiMerkezi, IletiMerkeziEndpoints, Retry } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Exit, Layer, Redacted, Stream } from "effect"
import { clientFor, turkeyDay } from "./support/harness.ts"
import { leakScan } from "./support/leakScan.ts"
import { runNode } from "./support/subprocess.ts"

const bin = new URL("../packages/node-runtime/src/bin/effect-sms.ts", import.meta.url).pathname

// Distinctive values, with characters that every encoding changes (so that each encoded form is looked for).
const apiKey = "LeakKey-7f3a9c1e+5b2d/4f60=&x"
const apiSecret = "LeakSecret-2b8e6d4a<1c9f>0e37"
const apiHash = Simulator.hashFor(apiKey, apiSecret)
const account = { apiKey, apiSecret, senders: ["APITEST"] }

const { assertClean, capture, assertFailureClean } = leakScan([apiKey, apiSecret, apiHash])

// A server that puts the request into its own status message, where an error keeps the provider's message as it came.
const statusEcho: Record<string, Simulator.Rewrite> = Object.fromEntries(
  Object.values(IletiMerkeziEndpoints.all).map((e) => [
    Endpoint.label(e),
    (reply, request) => ({
      ...reply,
      body: reply.contentType.includes("xml")
        ? `<?xml version="1.0"?><response><status><code>499</code><message><![CDATA[${request.body}]]></message></status></response>`
        : JSON.stringify({ response: { status: { code: 499, message: request.body } } })
    })
  ])
)

const calls: ReadonlyArray<readonly [string, (c: IletiMerkezi.Service) => Effect.Effect<unknown, unknown>]> = [
  ["getBalance", (c) => c.getBalance],
  ["getSenders", (c) => c.getSenders],
  ["getReport", (c) => c.getReport("316600001")],
  ["getReports", (c) => c.getReports({ start: turkeyDay(0), end: turkeyDay(0) })],
  ["cancelOrder", (c) => c.cancelOrder("316600001")],
  ["addToBlacklist", (c) => c.addToBlacklist("905321112233")],
  ["removeFromBlacklist", (c) => c.removeFromBlacklist("905321112233")],
  ["sendSms", (c) => c.sendSms({ sender: "APITEST", text: "Merhaba", to: "905321112233", iys: 0 })],
  ["orders", (c) => Stream.runDrain(c.orders({ start: turkeyDay(-12), end: turkeyDay(0) }))],
  ["reportMessages", (c) => Stream.runDrain(c.reportMessages("316600001"))]
]

describe("no credential in errors, logs or spans", () => {
  for (const format of ["json", "xml"] as const) {
    for (const kind of ["echo", "echo-error", "status-echo"] as const) {
      it.live(`${format}, a server that answers ${kind}: every call's error, logs and spans are clean`, () =>
        Effect.gen(function* () {
          const client = yield* IletiMerkezi.IletiMerkeziClient
          const { spans, observe, assertTelemetryClean } = capture()
          let failures = 0
          for (const [name, call] of calls) {
            const exit = yield* observe(call(client))
            assert.isTrue(Exit.isFailure(exit), `${name} succeeded against an echoing server`)
            if (Exit.isSuccess(exit)) continue
            failures++
            assertFailureClean(name, exit)
          }
          assert.strictEqual(failures, calls.length)
          // The calls did log (retries, reconciliation) and trace; none of it carries a credential.
          assert.isAbove(spans.length, calls.length)
          assertTelemetryClean()
        }).pipe(
          Effect.provide(
            clientFor({
              apiKey: Redacted.make(apiKey),
              apiSecret: Redacted.make(apiSecret),
              format,
              retry: Retry.make({ base: "1 millis", cap: "2 millis", maxAttempts: 2 }),
              reconcile: { resends: 1 }
            }).pipe(
              Layer.provideMerge(
                Simulator.layer({
                  seed: "leaks",
                  accounts: [account],
                  ...(kind === "status-echo"
                    ? { rewrite: statusEcho }
                    : { faults: { "*": { probability: 1, kinds: [kind] } } })
                })
              )
            )
          )
        )
      )
    }
  }

  it.live("the CLI at --log-level all: stdout and stderr of every command against an echoing server are clean", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const env = { ILETIMERKEZI_BASE_URL: sim.url, ILETIMERKEZI_API_KEY: apiKey, ILETIMERKEZI_API_SECRET: apiSecret }
      const commands = [
        ["balance"],
        ["senders"],
        ["report", "316600001"],
        ["cancel", "316600001"],
        ["orders", "--from", "today-2", "--to", "today"],
        ["blacklist", "list"],
        ["send", "--sender", "APITEST", "--text", "Merhaba", "--to", "905321112233"],
        ["balance", "--format", "xml"]
      ]
      const runs = yield* Effect.all(
        commands.map((args) => runNode(bin, ["--log-level", "all", ...args], env)),
        { concurrency: 2 }
      )
      for (const [i, run] of runs.entries()) {
        const what = commands[i]!.join(" ")
        assert.notStrictEqual(run.code, 0, `${what} succeeded against an echoing server`)
        assert.isAbove(run.stderr.length, 0, what)
        assertClean(`${what}: stdout`, run.stdout)
        assertClean(`${what}: stderr`, run.stderr)
      }
      // The send ended in "outcome unknown" (exit 5): its attempts are printed, scrubbed.
      assert.strictEqual(runs[6]!.code, 5, runs[6]!.stderr)
    }).pipe(
      Effect.provide(
        Simulator.layer({
          seed: "leaks-cli",
          accounts: [account],
          faults: {
            "*": { probability: 1, kinds: ["echo"] },
            "get-balance": { probability: 1, kinds: ["echo", "echo-error"] }
          }
        })
      )
    )
  )
})
