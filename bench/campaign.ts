/**
 * Issue 14: a 1,000,000-recipient campaign on 3 runner processes (effect's cluster and workflow engine on embedded
 * Postgres, the send limit shared through Redis) against the simulator, with the limit raised to 5,000 recipients/s.
 *
 * Prints:
 * - the aggregate send rate at the simulator against the configured limit (from the simulator's request log);
 * - the per-order overhead of the workflow engine: the same number of orders of the same size sent (a) as a campaign
 *   on 3 runners with the limit off and (b) from a plain loop over the client in this process at the same
 *   concurrency, each timed at the simulator from its first to its last send;
 * - the runners' peak RSS, and duplicates and losses (the simulator's orders against the recipient list).
 *
 *   node --conditions=source bench/campaign.ts [--recipients 1000000] [--limit 5000] [--order-size 1000]
 *     [--overhead-orders 200]
 *
 * The last line is one JSON object: {"bench":"campaign","recipients",…,"rate_vs_limit",…,"overhead_vs_loop",…,
 * "peak_rss_mb",…,"duplicates",…,"lost",…}.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeRuntime } from "@effect/platform-node"
import { Campaign, CampaignRunner } from "@effect-sms/campaign"
import { IletiMerkezi } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { Simulator } from "@effect-sms/simulator"
import { Console, Context, Effect, Layer, Redacted } from "effect"
import {
  awaitShards,
  campaignCommand,
  campaignEnv,
  killNow,
  type Runner,
  startRunner,
  writeRecipients
} from "../test/support/campaign.ts"
import { freePort, postgres, redis } from "../test/support/services.ts"
import { load, numberFlag, round } from "./support/cli.ts"

const recipients = numberFlag("recipients", 1_000_000)
const limit = numberFlag("limit", 5000)
const orderSize = numberFlag("order-size", 1000)
const overheadOrders = numberFlag("overhead-orders", 200)
const ordersPerSlice = 20
const perSlice = 2

type Send = { readonly at: number; readonly recipients: number }

/** Sends from the simulator's log whose first recipient falls in [from, to) of the generated numbers. */
const span = (sends: ReadonlyArray<Send>) => {
  const sorted = [...sends].sort((a, b) => a.at - b.at)
  const total = sorted.reduce((n, s) => n + s.recipients, 0)
  const seconds = (sorted.at(-1)!.at - sorted[0]!.at) / 1000
  return { total, seconds, count: sorted.length, first: sorted[0]! }
}

const program = Effect.gen(function* () {
  yield* Console.log(`bench campaign: node ${process.version}; ${load()}`)
  const databaseUrl = yield* postgres
  const redisUrl = yield* redis
  const simContext = yield* Layer.build(
    Simulator.layer({
      accounts: [{ ...Simulator.DemoAccount, balance: { amount: 1_000_000_000, sms: 100_000_000 } }],
      requestLogLimit: 1_000_000
    })
  )
  const sim = Context.get(simContext, Simulator.Simulator)
  const dir = mkdtempSync(join(tmpdir(), "effect-sms-bench-campaign-"))
  yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dir, { recursive: true, force: true })))
  const env = campaignEnv({ databaseUrl, redisUrl, baseUrl: sim.url })
  const sql = CampaignRunner.layerSql(databaseUrl)
  const cluster = (rate: number) =>
    Effect.gen(function* () {
      const runners: Array<Runner> = []
      for (let i = 0; i < 3; i++) runners.push(yield* startRunner(env, yield* freePort, rate))
      yield* awaitShards(3).pipe(Effect.provide(sql))
      return runners
    })
  const run = (id: string, path: string, orders: number) =>
    Effect.gen(function* () {
      const started = yield* campaignCommand(env, [
        "start",
        "--id",
        id,
        "--sender",
        "EFFECTSMS",
        "--text",
        `Kampanya ${id}`,
        "--file",
        path,
        "--order-size",
        String(orderSize),
        "--orders-per-slice",
        String(ordersPerSlice),
        "--concurrency",
        String(perSlice)
      ])
      if (started.code !== 0) return yield* Effect.die(new Error(`start failed: ${started.stderr}`))
      for (let i = 1; ; i++) {
        yield* Effect.sleep("2 seconds")
        const p = yield* Campaign.progress(id).pipe(Effect.provide(sql))
        if (i % 10 === 0 && p !== undefined) {
          yield* Console.log(`  ${id}: ${p.sent.toLocaleString("en-US")} sent, ${p.rate.toFixed(0)}/s; ${load()}`)
        }
        if (p?.finished === true) return { orders, progress: p }
      }
    })

  // 1. The shared limit at scale.
  const big = writeRecipients(dir, recipients)
  const runners = yield* cluster(limit)
  const before = (yield* sim.requests).length
  yield* Console.log(`1,000,000-recipient campaign at ${limit}/s on 3 runners…`)
  const t0 = performance.now()
  const bigResult = yield* run("bench-rate", big.path, Math.ceil(recipients / orderSize))
  const wall = (performance.now() - t0) / 1000
  const peakRss = Math.max(...runners.map((r) => r.peakRssMb()))
  yield* Console.log(`  runners' peak RSS: ${runners.map((r) => `${r.peakRssMb().toFixed(0)} MB`).join(", ")}`)
  const bigSends = (yield* sim.requests)
    .slice(before)
    .filter((r) => r.route === "send-sms" && r.status === 200 && r.recipients !== undefined)
    .map((r) => ({ at: r.at, recipients: r.recipients! }))
  const s = span(bigSends)
  // The first order goes out on the bucket's initial tokens; the rate is what follows it.
  const rate = (s.total - s.first.recipients) / s.seconds
  const counts = new Map<string, number>()
  for (const o of yield* sim.orders()) {
    for (const n of o.numbers) {
      const k = n.replace(/^\+/, "")
      counts.set(k, (counts.get(k) ?? 0) + 1)
    }
  }
  const duplicates = [...counts.values()].filter((c) => c > 1).length
  const lost = big.numbers.filter((n) => !counts.has(n)).length
  yield* Console.log(
    `  ${s.total.toLocaleString("en-US")} recipients in ${s.count} orders over ${s.seconds.toFixed(1)} s of sending ` +
      `(${wall.toFixed(1)} s from start, load included): ${rate.toFixed(0)}/s against ${limit}/s = ${(rate / limit).toFixed(3)}; ` +
      `peak runner RSS ${peakRss.toFixed(0)} MB; duplicates ${duplicates}, lost ${lost}; state ${bigResult.progress.state}`
  )
  for (const r of runners) killNow(r)

  // 2. Engine overhead: the same orders as a campaign (limit off) and from a plain loop.
  const inFlight = Math.ceil(overheadOrders / ordersPerSlice) * perSlice
  const viaCampaign = writeRecipients(dir, overheadOrders * orderSize, 100_000_000)
  const viaLoop = writeRecipients(dir, overheadOrders * orderSize, 200_000_000)
  const unthrottled = yield* cluster(1_000_000_000)
  const before2 = (yield* sim.requests).length
  yield* run("bench-overhead", viaCampaign.path, overheadOrders)
  const campaignSends = (yield* sim.requests)
    .slice(before2)
    .filter((r) => r.route === "send-sms" && r.status === 200 && r.recipients !== undefined)
    .map((r) => ({ at: r.at, recipients: r.recipients! }))
  for (const r of unthrottled) killNow(r)
  const before3 = (yield* sim.requests).length
  yield* Effect.gen(function* () {
    const client = yield* IletiMerkezi.IletiMerkeziClient
    const orders = Array.from({ length: overheadOrders }, (_, i) =>
      viaLoop.numbers.slice(i * orderSize, (i + 1) * orderSize)
    )
    yield* Effect.forEach(orders, (to) => client.sendSms({ sender: "EFFECTSMS", iys: 0, text: "Kampanya loop", to }), {
      concurrency: inFlight,
      discard: true
    })
  }).pipe(
    Effect.provide(
      NodeSms.layer({
        apiKey: Redacted.make(Simulator.DemoAccount.apiKey),
        apiSecret: Redacted.make(Simulator.DemoAccount.apiSecret),
        baseUrl: sim.url,
        rateLimit: false
      })
    )
  )
  const loopSends = (yield* sim.requests)
    .slice(before3)
    .filter((r) => r.route === "send-sms" && r.status === 200 && r.recipients !== undefined)
    .map((r) => ({ at: r.at, recipients: r.recipients! }))
  const c = span(campaignSends)
  const l = span(loopSends)
  const campaignPerOrder = (c.seconds * 1000) / (c.count - 1)
  const loopPerOrder = (l.seconds * 1000) / (l.count - 1)
  yield* Console.log(
    `${overheadOrders} orders of ${orderSize}, ${inFlight} in flight, limit off: campaign ${campaignPerOrder.toFixed(2)} ms/order, ` +
      `plain loop ${loopPerOrder.toFixed(2)} ms/order: engine overhead ${(campaignPerOrder - loopPerOrder).toFixed(2)} ms/order, ` +
      `ratio ${(campaignPerOrder / loopPerOrder).toFixed(2)}`
  )
  yield* Console.log(
    JSON.stringify({
      bench: "campaign",
      recipients,
      limit,
      rate_per_s: round(rate, 1),
      rate_vs_limit: round(rate / limit, 3),
      campaign_ms_per_order: round(campaignPerOrder, 2),
      loop_ms_per_order: round(loopPerOrder, 2),
      overhead_ms_per_order: round(campaignPerOrder - loopPerOrder, 2),
      overhead_vs_loop: round(campaignPerOrder / loopPerOrder, 2),
      peak_rss_mb: round(peakRss, 0),
      duplicates,
      lost
    })
  )
})

program.pipe(Effect.scoped, NodeRuntime.runMain)
