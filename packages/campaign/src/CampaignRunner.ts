/**
 * The layers of a campaign process on Node: Postgres through `@effect/sql-pg` for the cluster's message and runner
 * storage, the workflows' state and the campaign tables; a socket runner (`NodeClusterSocket`) that owns a share of
 * the shards; `ClusterWorkflowEngine`; the iletiMerkezi client over undici with its send limit kept in Redis
 * (`RateLimiter.layerStoreRedis`), so that every process on the account shares one limit.
 *
 * @since 0.1.0
 */
import { NodeClusterSocket, NodeRedis } from "@effect/platform-node"
import { PgClient } from "@effect/sql-pg"
import type { IletiMerkezi } from "@effect-sms/core"
import { NodeSms } from "@effect-sms/node-runtime"
import { type Duration, Effect, Layer, Option, Redacted } from "effect"
import { ClusterWorkflowEngine, RunnerAddress } from "effect/cluster"
import { RateLimiter } from "effect/persistence"
import * as Campaign from "./Campaign.ts"
import * as CampaignStore from "./CampaignStore.ts"

/**
 * Runner settings.
 *
 * @since 0.1.0
 */
export interface Options {
  /** `postgres://…` */
  readonly databaseUrl: string
  /** `redis://…`; without it the send limit is per process. */
  readonly redisUrl?: string | undefined
  /**
   * The iletiMerkezi client's options (credentials, base URL, and the send limit in recipients per second). Needed
   * by runners only.
   */
  readonly client?: IletiMerkezi.Options | undefined
  /** The address other runners reach this one at. Absent: a client-only process that owns no shards. */
  readonly runner?: { readonly host: string; readonly port: number } | undefined
  /** Faster failure detection than the defaults, for tests and demos (seconds instead of a minute). */
  readonly fastFailover?: boolean | undefined
  readonly activity?: Campaign.Options | undefined
}

/**
 * Postgres for everything durable.
 *
 * @since 0.1.0
 */
export const layerSql = (databaseUrl: string) =>
  PgClient.layer({ url: Redacted.make(databaseUrl), maxConnections: 16 }).pipe(Layer.orDie)

/**
 * The shared send limit: a `RateLimiter` on Redis.
 *
 * @since 0.1.0
 */
export const layerRateLimiter = (redisUrl: string) =>
  RateLimiter.layer.pipe(
    Layer.provide(RateLimiter.layerStoreRedis({ prefix: "effect-sms:" })),
    Layer.provide(NodeRedis.layer({ url: redisUrl })),
    Layer.orDie
  )

const fast: Record<string, Duration.Input> = {
  refreshAssignmentsInterval: "1 second",
  runnerHealthCheckInterval: "2 seconds",
  shardLockRefreshInterval: "2 seconds",
  shardLockExpiration: "6 seconds",
  entityMessagePollInterval: "1 second",
  entityReplyPollInterval: "200 millis"
}

/**
 * The cluster, the workflow engine and the campaign workflows for one process. A process with `runner` set owns
 * shards and runs workflows; one without it can only start and query campaigns.
 *
 * @since 0.1.0
 */
export const layer = (options: Options) => {
  const sql = layerSql(options.databaseUrl)
  const address = options.runner
  const sharding = NodeClusterSocket.layer({
    storage: "sql",
    clientOnly: address === undefined,
    shardingConfig: {
      ...(address === undefined
        ? { runnerAddress: Option.none() }
        : { runnerAddress: Option.some(RunnerAddress.make(address.host, address.port)) }),
      ...(options.fastFailover === true ? fast : {})
    }
  }).pipe(Layer.orDie)
  const engine = ClusterWorkflowEngine.layer.pipe(Layer.provideMerge(sharding))
  const limiter = options.redisUrl === undefined ? Layer.empty : layerRateLimiter(options.redisUrl)
  // The client looks for a RateLimiter in its context when it is built: give it the shared one.
  const migrate = Layer.effectDiscard(Effect.orDie(CampaignStore.migrate))
  const workflows =
    address === undefined
      ? Layer.empty
      : options.client === undefined
        ? Layer.effectDiscard(Effect.die(new Error("a campaign runner needs the iletiMerkezi client's options")))
        : Campaign.layer(options.activity).pipe(
            // The client looks for a RateLimiter in its context when it is built: give it the shared one.
            Layer.provide(NodeSms.layer(options.client).pipe(Layer.provide(limiter)))
          )
  return Layer.mergeAll(workflows, migrate).pipe(Layer.provideMerge(engine), Layer.provideMerge(sql))
}
