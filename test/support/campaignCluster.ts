/**
 * Vitest helpers for the campaign tests: a whole cluster per test (Postgres, Redis, the simulator and runner
 * processes), polling, and the exactly-once check against the simulator.
 */
import { assert } from "@effect/vitest"
import { Campaign, CampaignRunner, type CampaignStore } from "@effect-sms/campaign"
import { Simulator } from "@effect-sms/simulator"
import { Effect, type Scope } from "effect"
import type { SqlError } from "effect/sql"
import { awaitShards, campaignCommand, campaignEnv, holdingProxy, type Runner, startRunner } from "./campaign.ts"
import { freePort, postgres, redis } from "./services.ts"
import { tempDir } from "./subprocess.ts"

export const bigAccount = { ...Simulator.DemoAccount, balance: { amount: 1_000_000_000, sms: 100_000_000 } }

/** Polls until `done` holds (at most `tries` half-seconds). */
export const waitFor = <A, E, R>(probe: Effect.Effect<A, E, R>, done: (a: A) => boolean, what: string, tries = 600) =>
  Effect.gen(function* () {
    for (let i = 0; i < tries; i++) {
      const a = yield* probe
      if (done(a)) return a
      yield* Effect.sleep("500 millis")
    }
    return yield* Effect.die(new Error(`timed out waiting for ${what}`))
  })

/** A test's cluster. */
export interface Cluster {
  readonly databaseUrl: string
  readonly redisUrl: string
  readonly sim: Simulator.Simulator["Service"]
  readonly dir: string
  readonly env: Record<string, string>
  readonly runners: Array<Runner>
  readonly start: () => Effect.Effect<Runner, never, Scope.Scope>
  readonly sql: ReturnType<typeof CampaignRunner.layerSql>
  readonly progress: (id: string) => Effect.Effect<CampaignStore.Progress | undefined, SqlError.SqlError>
  readonly launch: (id: string, args: ReadonlyArray<string>) => Effect.Effect<void>
  readonly finished: (
    id: string,
    tries?: number
  ) => Effect.Effect<CampaignStore.Progress | undefined, SqlError.SqlError>
  /** How many send-sms answers the holding proxy holds now (0 without it). */
  readonly heldSends: () => number
}

/** Postgres, Redis, the simulator and N runners; everything stops when the test's scope closes. */
export const cluster = (o: {
  readonly runners: number
  readonly rateLimit: number
  readonly holdSendsMillis?: number
}): Effect.Effect<Cluster, never, Scope.Scope | Simulator.Simulator> =>
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
export const assertExactlyOnce = (orders: ReadonlyArray<Simulator.OrderSnapshot>, numbers: ReadonlyArray<string>) => {
  const counts = new Map<string, number>()
  for (const o of orders)
    for (const n of o.numbers) counts.set(n.replace(/^\+/, ""), (counts.get(n.replace(/^\+/, "")) ?? 0) + 1)
  const duplicates = [...counts.values()].filter((c) => c > 1).length
  const lost = numbers.filter((n) => !counts.has(n)).length
  const foreign = [...counts.keys()].filter((n) => !numbers.includes(n)).length
  assert.deepStrictEqual({ duplicates, lost, foreign }, { duplicates: 0, lost: 0, foreign: 0 })
  return { duplicates, lost }
}

export const withSimulator = Effect.provide(Simulator.layer({ accounts: [bigAccount] }))
