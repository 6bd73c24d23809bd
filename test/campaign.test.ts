/**
 * Durable campaigns end to end: Postgres (embedded), Redis (redis-server), the simulator on loopback, and runner
 * processes of `effect-sms-campaign` sharing shards through effect's cluster.
 */
import { Campaign, CampaignRunner } from "@effect-sms/campaign"
import { Simulator } from "@effect-sms/simulator"
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { campaignCommand, campaignEnv, killNow, startRunner, writeRecipients } from "./support/campaign.ts"
import { postgres, redis, freePort } from "./support/services.ts"
import { tempDir } from "./support/subprocess.ts"

const bigAccount = { ...Simulator.DemoAccount, balance: { amount: 1_000_000_000, sms: 100_000_000 } }

const waitFor = <A, E, R>(probe: Effect.Effect<A, E, R>, done: (a: A) => boolean, what: string, tries = 600) =>
  Effect.gen(function* () {
    for (let i = 0; i < tries; i++) {
      const a = yield* probe
      if (done(a)) return a
      yield* Effect.sleep("500 millis")
    }
    return yield* Effect.die(new Error(`timed out waiting for ${what}`))
  })

describe("campaign", () => {
  it.live(
    "smoke: 3 runners send a small campaign exactly once",
    () =>
      Effect.gen(function* () {
        const databaseUrl = yield* postgres
        const redisUrl = yield* redis
        const sim = yield* Simulator.Simulator
        const dir = yield* tempDir
        const env = campaignEnv({ databaseUrl, redisUrl, baseUrl: sim.url })
        const { path, numbers } = writeRecipients(dir, 3000)
        const runners = []
        for (let i = 0; i < 3; i++) runners.push(yield* startRunner(env, yield* freePort, 2000))
        const started = yield* campaignCommand(env, ["start", "--id", "smoke", "--sender", "EFFECTSMS", "--text", "Merhaba", "--file", path, "--order-size", "100", "--orders-per-slice", "5"])
        assert.strictEqual(started.code, 0, started.stderr + started.stdout)
        const sql = CampaignRunner.layerSql(databaseUrl)
        const final = yield* waitFor(Campaign.progress("smoke").pipe(Effect.provide(sql)), (p) => p?.state === "completed", "completion")
        console.log(final)
        const orders = yield* sim.orders()
        const sent = orders.flatMap((o) => o.numbers)
        assert.strictEqual(sent.length, numbers.length)
        assert.strictEqual(new Set(sent).size, numbers.length)
        for (const r of runners) killNow(r)
      }).pipe(Effect.scoped, Effect.provide(Simulator.layer({ accounts: [bigAccount] }))),
    180_000
  )
})
