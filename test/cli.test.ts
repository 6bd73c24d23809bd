/**
 * The `effect-sms` command line as a user runs it: a child process on the pinned Node, against a simulator started
 * in this process (real loopback HTTP), credentials from the environment. Every command's success and its typical
 * failure; exit codes by kind; one plain line per expected failure (no stack trace, no `\r`, no ANSI escapes when
 * nothing is a TTY); and `demo` end to end. Subprocesses run concurrently (the tests share one simulator and use
 * separate accounts where state matters).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, layer } from "@effect/vitest"
import { IletiMerkezi, Paging } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Stream } from "effect"
import { account, clientFor, turkeyDay } from "./support/harness.ts"
import { assertFailure, assertPlain, assertSuccess, lines, type Run, runNode, tempDir } from "./support/subprocess.ts"

const bin = fileURLToPath(new URL("../packages/node-runtime/src/bin/effect-sms.ts", import.meta.url))

// A finished 30-day history well in the past (3 windows of 10 days), so orders sent by the tests never fall in it.
const historyStart = turkeyDay(-70)
const historyEnd = turkeyDay(-41)

// Accounts of their own for the commands whose output depends on state other tests change.
const accounts = {
  balance: account("0000000000000000000000000000b001", { balance: { amount: 123.45, sms: 6789 } }),
  senders: account("0000000000000000000000000000b002", { senders: ["ALPHA", "BETA SMS"] }),
  blacklist: account("0000000000000000000000000000b003", { blacklist: ["905550000001"] }),
  xml: account("0000000000000000000000000000b004")
}

const simulatorOptions: Simulator.Options = {
  seed: "cli-test",
  accounts: [
    {
      ...Simulator.DemoAccount,
      synthetic: { orders: 24, recipientsPerOrder: { min: 3, max: 12 }, start: historyStart, days: 30, seed: "cli" }
    },
    ...Object.values(accounts)
  ]
}

/** The environment for an account of the simulator at `url`. */
const envFor = (url: string, a: { readonly apiKey: string; readonly apiSecret: string } = Simulator.DemoAccount) => ({
  ILETIMERKEZI_BASE_URL: url,
  ILETIMERKEZI_API_KEY: a.apiKey,
  ILETIMERKEZI_API_SECRET: a.apiSecret
})

const cli = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Effect.Effect<Run> =>
  runNode(bin, args, env)

/** The CLI with the demo account of the shared simulator. */
const cliDemo = (args: ReadonlyArray<string>) =>
  Effect.flatMap(Effect.service(Simulator.Simulator), (sim) => cli(args, envFor(sim.url)))

/** The synthetic history's order summaries, read in-process for comparison. */
const history = Effect.gen(function* () {
  const client = yield* IletiMerkezi.IletiMerkeziClient
  return yield* client.orders({ start: historyStart, end: historyEnd }).pipe(Stream.runCollect)
}).pipe(Effect.provide(clientFor()))

layer(Simulator.layer(simulatorOptions), { excludeTestServices: true, concurrent: true })("effect-sms CLI", (it) => {
  it.effect("--help lists every command, and a command's --help its flags", () =>
    Effect.gen(function* () {
      const [top, send] = yield* Effect.all([cli(["--help"]), cli(["send", "--help"])], { concurrency: 2 })
      assertSuccess(top)
      for (const name of [
        "send",
        "cancel",
        "report",
        "orders",
        "export",
        "balance",
        "senders",
        "blacklist",
        "simulator",
        "demo"
      ]) {
        assert.match(top.stdout, new RegExp(`^\\s+${name}\\b`, "m"), `--help lists ${name}`)
      }
      assertSuccess(send)
      for (const flag of ["--sender", "--text", "--to", "--to-file", "--at", "--iys", "--iys-list", "--format"])
        assert.include(send.stdout, flag)
    })
  )

  it.effect("a bad invocation (a missing required flag) exits 2", () =>
    Effect.gen(function* () {
      const run = yield* cliDemo(["send", "--sender", "EFFECTSMS", "--to", "905321112233"])
      assert.strictEqual(run.code, 2)
      assertPlain(run)
      assert.include(run.stderr, "--text")
    })
  )

  it.effect("send prints `order <id>` and the order reaches the provider", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const text = "CLI test: kargonuz yolda"
      const run = yield* cliDemo([
        "send",
        "--sender",
        "EFFECTSMS",
        "--text",
        text,
        "--to",
        "+90 532 111 22 33,0533 444 55 66"
      ])
      assertSuccess(run)
      const id = /^order (\d+)$/.exec(run.stdout.trim())?.[1]
      assert.isDefined(id, run.stdout)
      const order = (yield* sim.orders()).find((o) => o.id === id)
      assert.isDefined(order)
      assert.deepStrictEqual(order?.numbers, ["905321112233", "905334445566"])
      assert.deepStrictEqual(order?.texts, [text])
    })
  )

  it.effect("send with an invalid recipient exits 2 with one line naming the field, and sends nothing", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const text = "CLI test: invalid recipient"
      const run = yield* cliDemo([
        "send",
        "--sender",
        "EFFECTSMS",
        "--text",
        text,
        "--to",
        "905321112233",
        "--to",
        "12345"
      ])
      assertFailure(run, 2, /^error: invalid to\[1\]/, /12345/)
      assert.isFalse((yield* sim.orders()).some((o) => o.texts.includes(text)))
    })
  )

  it.effect("send with an unapproved sender exits 1 with the provider's code and Turkish message", () =>
    Effect.gen(function* () {
      const run = yield* cliDemo(["send", "--sender", "NOTMINE", "--text", "CLI test", "--to", "905321112233"])
      assertFailure(run, 1, /^error: 450 Gönderilen başlık kullanıma uygun değil — /, /sender ID is not approved/)
    })
  )

  it.effect("send with a --to-file that does not exist exits 2 with one line naming the file", () =>
    Effect.gen(function* () {
      const missing = join(yield* tempDir, "recipients.txt")
      const run = yield* cliDemo(["send", "--sender", "EFFECTSMS", "--text", "CLI test", "--to-file", missing])
      assertFailure(run, 2, /^error: /)
      assert.include(run.stderr, missing)
    })
  )

  it.effect("cancel cancels a scheduled order", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const at = new Date(Date.now() + 86_400_000).toISOString()
      const sent = yield* cliDemo([
        "send",
        "--sender",
        "EFFECTSMS",
        "--text",
        "CLI test: scheduled",
        "--to",
        "905321112299",
        "--at",
        at
      ])
      assertSuccess(sent)
      const id = /^order (\d+) scheduled for /.exec(sent.stdout.trim())?.[1]
      assert.isDefined(id, sent.stdout)
      assert.strictEqual((yield* sim.orders()).find((o) => o.id === id)?.state, "scheduled")
      const run = yield* cliDemo(["cancel", id!])
      assertSuccess(run)
      assert.strictEqual(run.stdout, `cancelled ${id}\n`)
      assert.strictEqual((yield* sim.orders()).find((o) => o.id === id)?.state, "cancelled")
    })
  )

  it.effect("cancel and report of an unknown order exit 1 with 455", () =>
    Effect.gen(function* () {
      const [cancel, report] = yield* Effect.all([cliDemo(["cancel", "999999999"]), cliDemo(["report", "999999999"])], {
        concurrency: 2
      })
      assertFailure(cancel, 1, /^error: 455 Sipariş bulunamadı — /)
      assertFailure(report, 1, /^error: 455 Sipariş bulunamadı — /)
    })
  )

  it.effect("report prints every page's rows as NDJSON on stdout and the summary on stderr", () =>
    Effect.gen(function* () {
      const orders = yield* history
      const order = orders.find((o) => (o.total ?? 0) > 8)
      assert.isDefined(order)
      // 4 rows a page: the order spans several pages.
      const run = yield* cliDemo(["report", String(order!.id), "--row-count", "4"])
      assertSuccess(run)
      const rows = lines(run.stdout).map((l) => JSON.parse(l) as { number: string; status: number })
      assert.strictEqual(rows.length, order!.total)
      assert.strictEqual(new Set(rows.map((r) => r.number)).size, order!.total)
      for (const r of rows) {
        assert.match(r.number, /^\+905\d{9}$/)
        assert.include([110, 111, 112], r.status)
      }
      assert.strictEqual(rows.filter((r) => r.status === 111).length, order!.delivered)
      const summary = lines(run.stderr)
      assert.strictEqual(summary.length, 1)
      assert.match(
        summary[0]!,
        new RegExp(
          `^order ${order!.id}: status ${order!.status}, ${order!.total} messages — ${order!.delivered} delivered, ${order!.undelivered} undelivered, ${order!.waiting} waiting \\(\\d+\\.\\d s\\)$`
        )
      )
    })
  )

  it.effect("orders prints TSV over a range of several 10-day windows", () =>
    Effect.gen(function* () {
      const expected = yield* history
      const run = yield* cliDemo(["orders", "--from", historyStart, "--to", historyEnd])
      assertSuccess(run)
      const [header, ...rows] = lines(run.stdout).map((l) => l.split("\t"))
      assert.deepStrictEqual(header, [
        "id",
        "status",
        "total",
        "delivered",
        "undelivered",
        "waiting",
        "submitAt",
        "sender"
      ])
      assert.strictEqual(rows.length, 24)
      assert.deepStrictEqual(
        rows.map((r) => r[0]),
        expected.map((o) => String(o.id))
      )
      for (const r of rows) assert.strictEqual(r.length, 8)
      // Rows come from every window of the range.
      const windows = Paging.dayWindows(historyStart, historyEnd)!
      assert.strictEqual(windows.length, 3)
      for (const w of windows) {
        assert.isTrue(
          rows.some((r) => r[6]!.slice(0, 10) >= w.start && r[6]!.slice(0, 10) <= w.end),
          `a row from ${w.start}..${w.end}`
        )
      }
      assert.strictEqual(run.stderr, `24 orders from ${historyStart} to ${historyEnd}\n`)
    })
  )

  it.effect("orders with an invalid date exits 2 with one line and prints nothing on stdout", () =>
    Effect.gen(function* () {
      const run = yield* cliDemo(["orders", "--from", "2026-13-01", "--to", historyEnd])
      assertFailure(run, 2, /^error: --from "2026-13-01" is not a date/)
    })
  )

  it.effect("export writes NDJSON, and CSV with a header (and a BOM with --bom); --format csv picks CSV", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const expectedRows = (yield* history).reduce((n, o) => n + (o.total ?? 0), 0)
      const dir = yield* tempDir
      const range = ["--from", historyStart, "--to", historyEnd]
      const env = envFor(sim.url)
      const [ndjson, csv, forced] = yield* Effect.all(
        [
          cli(["export", ...range, "--out", join(dir, "r.ndjson")], env),
          cli(["export", ...range, "--out", join(dir, "r.csv"), "--bom"], env),
          cli(["--format", "csv", "export", ...range, "--out", join(dir, "r.txt")], env)
        ],
        { concurrency: 3 }
      )
      for (const run of [ndjson, csv, forced]) {
        assertSuccess(run)
        assert.match(
          run.stdout,
          new RegExp(`^exported ${expectedRows.toLocaleString("en-US")} rows from 24 orders to `)
        )
      }

      const rows = lines(readFileSync(join(dir, "r.ndjson"), "utf8")).map(
        (l) => JSON.parse(l) as Record<string, unknown>
      )
      assert.strictEqual(rows.length, expectedRows)
      for (const key of ["orderId", "orderStatus", "number", "status", "provisional"]) assert.property(rows[0], key)

      const header = "orderId,orderStatus,sender,submitAt,sendAt,number,status,provisional"
      const csvText = readFileSync(join(dir, "r.csv"), "utf8")
      assert.match(csvText, new RegExp(`^\\uFEFF${header}\\r?\\n\\d`))
      assert.strictEqual(lines(csvText).length, expectedRows + 1)

      const forcedText = readFileSync(join(dir, "r.txt"), "utf8")
      assert.match(forcedText, new RegExp(`^${header}\\r?\\n\\d`))
      assert.strictEqual(lines(forcedText).length, expectedRows + 1)
      // Nothing but the three files (no partial files left behind).
      assert.deepStrictEqual(readdirSync(dir).sort(), ["r.csv", "r.ndjson", "r.txt"])
    })
  )

  it.effect("export with bad credentials exits 3 and leaves no file", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const dir = yield* tempDir
      const out = join(dir, "r.csv")
      const run = yield* cli(["export", "--from", historyStart, "--to", historyEnd, "--out", out], {
        ...envFor(sim.url),
        ILETIMERKEZI_API_SECRET: "not-the-secret"
      })
      assertFailure(run, 3, /^error: 401 /)
      assert.isFalse(existsSync(out))
      assert.deepStrictEqual(readdirSync(dir), [])
    })
  )

  it.effect("export into a directory that does not exist exits 2 with one line naming the directory", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const dir = yield* tempDir
      const missing = join(dir, "missing")
      const run = yield* cli(
        ["export", "--from", historyStart, "--to", historyEnd, "--out", join(missing, "r.csv")],
        envFor(sim.url)
      )
      assertFailure(run, 2, new RegExp(`^error: --out .*: the directory ${missing} does not exist$`))
      assert.isFalse(existsSync(missing))
    })
  )

  it.effect("balance prints TL and SMS credits", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = yield* cli(["balance"], envFor(sim.url, accounts.balance))
      assertSuccess(run)
      assert.strictEqual(run.stdout, "123.45 TL, 6,789 SMS\n")
    })
  )

  it.effect("senders prints the approved sender IDs, one a line", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = yield* cli(["senders"], envFor(sim.url, accounts.senders))
      assertSuccess(run)
      assert.strictEqual(run.stdout, "ALPHA\nBETA SMS\n")
    })
  )

  it.effect("--format xml talks XML to the provider", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = yield* cli(["--format", "xml", "senders"], envFor(sim.url, accounts.xml))
      assertSuccess(run)
      assert.strictEqual(run.stdout, "EFFECTSMS\n")
      const mine = (yield* sim.requests).filter((r) => r.apiKey === accounts.xml.apiKey)
      assert.isAbove(mine.length, 0)
      for (const r of mine) assert.strictEqual(r.format, "xml")
    })
  )

  it.effect("blacklist list, add and remove; removing an unlisted number exits 1 with 474", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const env = envFor(sim.url, accounts.blacklist)
      const added = yield* cli(["blacklist", "add", "0555 000 00 02"], env)
      assertSuccess(added)
      assert.strictEqual(added.stdout, "added 0555 000 00 02\n")
      assert.deepStrictEqual((yield* sim.account(accounts.blacklist.apiKey)).blacklist, [
        "+905550000001",
        "+905550000002"
      ])

      const listed = yield* cli(["blacklist", "list"], env)
      assertSuccess(listed)
      assert.deepStrictEqual(lines(listed.stdout).sort(), ["+905550000001", "+905550000002"])
      assert.strictEqual(listed.stderr, "2 numbers on page 1, 2 in total\n")

      const removed = yield* cli(["blacklist", "remove", "905550000002"], env)
      assertSuccess(removed)
      assert.strictEqual(removed.stdout, "removed 905550000002\n")
      assert.deepStrictEqual((yield* sim.account(accounts.blacklist.apiKey)).blacklist, ["+905550000001"])

      const again = yield* cli(["blacklist", "remove", "905550000002"], env)
      assertFailure(again, 1, /^error: 474 /)
    })
  )

  it.effect("a missing credential exits 2 with one line naming the variable", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const { ILETIMERKEZI_API_KEY: _key, ...noKey } = envFor(sim.url)
      const { ILETIMERKEZI_API_SECRET: _secret, ...noSecret } = envFor(sim.url)
      const [withoutKey, withoutSecret] = yield* Effect.all([cli(["balance"], noKey), cli(["balance"], noSecret)], {
        concurrency: 2
      })
      assertFailure(withoutKey, 2, /ILETIMERKEZI_API_KEY/)
      assertFailure(withoutSecret, 2, /ILETIMERKEZI_API_HASH/, /ILETIMERKEZI_API_SECRET/)
    })
  )

  it.effect("a wrong hash exits 3 with the 'Allow API access' hint", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = yield* cli(["balance"], {
        ILETIMERKEZI_BASE_URL: sim.url,
        ILETIMERKEZI_API_KEY: Simulator.DemoAccount.apiKey,
        ILETIMERKEZI_API_HASH: "0".repeat(64)
      })
      assertFailure(run, 3, /^error: 401 Üyelik bilgileri hatalı — /, /Allow API access/)
    })
  )

  it.effect("--simulator runs against the embedded simulator without credentials", () =>
    Effect.gen(function* () {
      const run = yield* cli(["--simulator", "senders"])
      assertSuccess(run)
      assert.strictEqual(run.stdout, "APITEST\nEFFECTSMS\n")
    })
  )

  it.effect("a provider answering 503 to every request exits 4 once retries are exhausted", () =>
    Effect.gen(function* () {
      const sim = yield* Simulator.Simulator
      const run = yield* cli(["balance"], envFor(sim.url))
      assertFailure(run, 4, /^error: 503 Sunucu geçici olarak servis dışı — /)
      // The CLI retried before giving up.
      assert.isAbove(yield* sim.requestCount("get-balance"), 1)
    }).pipe(Effect.provide(Simulator.layer({ faults: { "*": { probability: 1, kinds: ["503"] } } })))
  )

  it.effect("an unreachable provider exits 4", () =>
    Effect.gen(function* () {
      // Port 1 on loopback: nothing listens there, so the connection is refused.
      const run = yield* cli(["balance"], envFor("http://127.0.0.1:1/v1"))
      assertFailure(run, 4, /^error: connect failure calling get-balance: /)
    })
  )

  it.effect("demo runs end to end: files written with the rows the summary reports, 503s retried", () =>
    Effect.gen(function* () {
      const out = yield* tempDir
      const run = yield* cli(["demo", "--out", out])
      assertSuccess(run)
      const summary = run.stdout.slice(run.stdout.indexOf("\nsummary\n"))
      const messages = /^ {2}messages +([\d,]+) /m.exec(summary)?.[1]
      assert.isDefined(messages, run.stdout)
      const rows = Number(messages!.replaceAll(",", ""))
      assert.isAbove(rows, 1000)
      assert.strictEqual(lines(readFileSync(join(out, "reports.ndjson"), "utf8")).length, rows)
      const csv = readFileSync(join(out, "reports.csv"), "utf8")
      assert.isTrue(csv.startsWith("\uFEFForderId,"))
      assert.strictEqual(lines(csv).length, rows + 1)
      const retried = /^ {2}503s retried +(\d+) of (\d+) requests$/m.exec(summary)
      assert.isNotNull(retried, summary)
      assert.isAbove(Number(retried![1]), 0)
      // The Sms part: a campaign split across providers, iletiMerkezi's breaker opening, nothing sent twice.
      const sms = run.stdout.slice(run.stdout.indexOf("\nat the simulators\n"))
      assert.include(run.stdout, "breaker iletimerkezi: Closed → Open")
      assert.match(run.stdout, /→ turkeysms \(after iletimerkezi: CircuitOpen\)/)
      for (const provider of ["iletimerkezi", "turkeysms", "infobip"]) {
        assert.match(sms, new RegExp(`^ {2}${provider} +[1-9]\\d* messages$`, "m"), sms)
      }
      assert.match(sms, /^ {2}sent twice +0$/m)
      assert.match(sms, /^ {2}missing +0$/m)
    })
  )
})
