/**
 * A loopback HTTP server that behaves like iletiMerkezi's documented REST API (docs/providers/iletimerkezi-api.md),
 * deterministic from a seed, on a clock that tests control. Start it with {@link layer}; the {@link Simulator}
 * service is the control handle (URL, clock, request log, faults, state snapshots).
 *
 * @since 0.1.0
 */

import { createHmac } from "node:crypto"
import { createServer } from "node:http"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { PhoneNumber } from "@effect-sms/core"
import { Clock, Context, Duration, Effect, Layer, Result, Schedule, Semaphore } from "effect"
import { HttpClient, HttpClientRequest, HttpServer } from "effect/http"
import type * as Provider from "./engine/Provider.ts"
import * as Server from "./engine/server.ts"
import * as Faults from "./Faults.ts"
import * as IletiMerkezi from "./iletimerkezi/module.ts"
import * as State from "./iletimerkezi/state.ts"
import type * as Webhooks from "./iletimerkezi/webhooks.ts"
import { seedHash } from "./internal/random.ts"
import { formatTimestamp, parseDay } from "./internal/turkeyTime.ts"
import { providers } from "./providers.ts"
import * as SimClock from "./SimClock.ts"

/**
 * One request as the simulator saw it: real and simulated arrival time, route, format, HTTP status (absent after a
 * reset), fault, API key and, for an accepted send-sms, the recipient count.
 *
 * @since 0.1.0
 */
export type RequestLogEntry = Server.RequestLogEntry

/**
 * A generated, read-only order history for an account, produced lazily from `(seed, index)`.
 *
 * **Details**
 *
 * Order `i` is submitted at a time spread over `days` days from `start` (a Turkey-time `Y-m-d`), ascending with `i`,
 * and only exists once the simulated clock has passed it. Its recipients are `905…` numbers derived from the seed;
 * messages are delivered with `deliveredRatio`; orders in the range's last day keep `pendingRatio` of their messages
 * waiting for up to two days.
 *
 * @since 0.1.0
 */
export interface SyntheticOptions {
  readonly orders: number
  readonly recipientsPerOrder: number | { readonly min: number; readonly max: number }
  readonly start?: string | undefined
  readonly days?: number | undefined
  readonly seed?: string | number | undefined
  readonly deliveredRatio?: number | undefined
  readonly pendingRatio?: number | undefined
}

/**
 * An account: credentials (a panel hash, a secret to derive it, or both), the "Allow API access" toggle, balance,
 * approved senders, blacklist, İYS subscription, webhook URL and an optional synthetic history.
 *
 * @since 0.1.0
 */
export interface AccountOptions {
  readonly apiKey: string
  readonly apiSecret?: string | undefined
  readonly apiHash?: string | undefined
  readonly apiAccess?: boolean | undefined
  readonly balance?: { readonly amount?: number | undefined; readonly sms?: number | undefined } | undefined
  readonly senders?: ReadonlyArray<string> | undefined
  readonly blacklist?: ReadonlyArray<string> | undefined
  readonly iys?:
    | {
        readonly brandCode?: string | number | undefined
        readonly active?: boolean | undefined
        readonly quota?: number | undefined
      }
    | undefined
  readonly webhookUrl?: string | undefined
  readonly synthetic?: SyntheticOptions | undefined
}

/**
 * Options of {@link layer}.
 *
 * **Details**
 *
 * - `host` (`127.0.0.1`), `port` (0: any free port).
 * - `seed`: order ids, message ids and delivery outcomes derive from it.
 * - `accounts`: replaces the default `[DemoAccount]`.
 * - `clock`: `"real"` (the default) or `{ start }` for a clock that only moves through the handle.
 * - `delivery`: the share of messages delivered (0.9) and the delay after the order is due before a message is
 *   final (1 to 30 seconds).
 * - `getReportsPageSize` (30) and `getReportsCount` (`"page"`, the 2026 semantics, or `"total"`).
 * - `faults`, `faultSeed`, `latencySpike` (200 ms to 2 s), `retryAfterSeconds` (0): see {@link Faults}.
 * - `webhookPollInterval` (50 ms) and `requestLogLimit` (100,000 newest entries).
 *
 * @since 0.1.0
 */
export interface Options {
  readonly host?: string | undefined
  readonly port?: number | undefined
  readonly seed?: string | number | undefined
  readonly accounts?: ReadonlyArray<AccountOptions> | undefined
  readonly clock?: SimClock.Mode | undefined
  readonly delivery?:
    | {
        readonly deliveredRatio?: number | undefined
        readonly delay?: { readonly min: Duration.Input; readonly max: Duration.Input } | undefined
      }
    | undefined
  readonly getReportsPageSize?: number | undefined
  readonly getReportsCount?: "page" | "total" | undefined
  readonly faults?: Faults.FaultConfig | undefined
  readonly faultSeed?: string | number | undefined
  readonly latencySpike?: { readonly min: Duration.Input; readonly max: Duration.Input } | undefined
  readonly retryAfterSeconds?: number | undefined
  readonly webhookPollInterval?: Duration.Input | undefined
  readonly requestLogLimit?: number | undefined
  /** Options of the other provider modules, by module name (each module decodes its own). */
  readonly providers?: Readonly<Record<string, unknown>> | undefined
  /** More provider modules to mount, after the registered ones (a provider of your own, or a test's). */
  readonly modules?: ReadonlyArray<Provider.Any> | undefined
  /** Send every JSON number as a numeric string, as older API versions did (docs/providers/iletimerkezi-api.md ("Envelope and status")). Default false. */
  readonly legacyNumbers?: boolean | undefined
  /** The `huge` and `slow-body` faults: body size (default 64 MiB) and the pause before each byte (default 200 ms). */
  readonly hostile?:
    | { readonly hugeBytes?: number | undefined; readonly slowByteInterval?: Duration.Input | undefined }
    | undefined
  /**
   * Content rewrites by route name: each sees the route's reply and its request, and returns the reply to send
   * (values of the wrong kind, endless pages with fresh items, absurd totals). Replaced with `setRewrites`.
   */
  readonly rewrite?: Readonly<Record<string, Server.Rewrite>> | undefined
}

/**
 * A content rewrite for a route (see `Options.rewrite`).
 *
 * @since 0.1.0
 */
export type Rewrite = Server.Rewrite

/**
 * The hex HMAC-SHA256 of the API key keyed by the secret: the panel's "API hash" (docs/providers/iletimerkezi-api.md ("Authentication")).
 *
 * @since 0.1.0
 */
export const hashFor = (apiKey: string, apiSecret: string): string =>
  createHmac("sha256", apiSecret).update(apiKey).digest("hex")

const demoKey = "3373dcb20eb97fa575e0e214f321b08b"
const demoSecret = "my-secret-0123456789abcdef0123456789abcdef"

/**
 * The demo account every simulator starts with unless `accounts` is given: the key and secret of the spec's test
 * vector, senders `APITEST` and `EFFECTSMS`, 1000 TL and 100,000 SMS credits, and an active İYS brand.
 *
 * @since 0.1.0
 */
export const DemoAccount = {
  apiKey: demoKey,
  apiSecret: demoSecret,
  apiHash: hashFor(demoKey, demoSecret),
  senders: ["APITEST", "EFFECTSMS"],
  balance: { amount: 1000, sms: 100_000 },
  iys: { brandCode: "696422", active: true, quota: 100_000 }
} as const satisfies AccountOptions

/**
 * A real order sent during the run, as the test sees it.
 *
 * @since 0.1.0
 */
export interface OrderSnapshot {
  readonly id: string
  readonly apiKey: string
  readonly sender: string
  readonly recipients: number
  readonly numbers: ReadonlyArray<string>
  readonly texts: ReadonlyArray<string>
  /** `YYYY-MM-DD HH:MM:SS`, Turkey time. */
  readonly submitAt: string
  readonly scheduledFor?: string | undefined
  /** 113, 114 or 115 (a scheduled order reads 113). */
  readonly status: number
  readonly state: "scheduled" | "sending" | "completed" | "cancelled"
  readonly delivered: number
  readonly undelivered: number
  readonly waiting: number
  readonly price: number
}

/**
 * An account's state.
 *
 * @since 0.1.0
 */
export interface AccountSnapshot {
  readonly apiKey: string
  readonly apiAccess: boolean
  /** `sms` is the free credit: in-flight orders hold a reservation until their messages are final. */
  readonly balance: { readonly amount: number; readonly sms: number }
  readonly senders: ReadonlyArray<string>
  /** `+90…` numbers in the order they were added. */
  readonly blacklist: ReadonlyArray<string>
  readonly iys: { readonly brandCode: string | undefined; readonly active: boolean; readonly quota: number }
  readonly consents: number
  readonly webhookUrl: string | undefined
  readonly orders: number
  readonly syntheticOrders: number
}

/**
 * Runtime changes to an account.
 *
 * @since 0.1.0
 */
export interface AccountPatch {
  readonly apiAccess?: boolean | undefined
  readonly webhookUrl?: string | null | undefined
  readonly balance?: { readonly amount?: number | undefined; readonly sms?: number | undefined } | undefined
  readonly senders?: ReadonlyArray<string> | undefined
  readonly iys?:
    | {
        readonly brandCode?: string | number | null | undefined
        readonly active?: boolean | undefined
        readonly quota?: number | undefined
      }
    | undefined
}

/**
 * The control handle of a running simulator.
 *
 * @since 0.1.0
 */
export class Simulator extends Context.Service<
  Simulator,
  {
    /** `http://127.0.0.1:PORT/v1`: iletiMerkezi's base URL. */
    readonly url: string
    /** `http://127.0.0.1:PORT`: other providers' base URLs start here (see each module). */
    readonly origin: string
    /** The simulated clock; `advance` and `set` return after the webhooks that became due have been POSTed. */
    readonly clock: {
      readonly now: Effect.Effect<number>
      readonly advance: (duration: Duration.Input) => Effect.Effect<void>
      readonly set: (millis: number) => Effect.Effect<void>
    }
    readonly requests: Effect.Effect<ReadonlyArray<RequestLogEntry>>
    readonly requestCount: (route?: string) => Effect.Effect<number>
    readonly peakInFlight: Effect.Effect<number>
    /** Requests the server is handling right now (a request the client gave up on counts until its handler ends). */
    readonly inFlight: Effect.Effect<number>
    readonly resetStats: Effect.Effect<void>
    readonly setFaults: (faults: Faults.FaultConfig) => Effect.Effect<void>
    /** Replaces the content rewrites (see `Options.rewrite`). */
    readonly setRewrites: (rewrites: Readonly<Record<string, Rewrite>>) => Effect.Effect<void>
    /** Orders sent during the run (synthetic ones are not listed), oldest first. */
    readonly orders: (apiKey?: string) => Effect.Effect<ReadonlyArray<OrderSnapshot>>
    readonly account: (apiKey: string) => Effect.Effect<AccountSnapshot>
    readonly updateAccount: (apiKey: string, patch: AccountPatch) => Effect.Effect<void>
    /** Webhook POSTs attempted and failed since the start. */
    readonly webhookStats: Effect.Effect<{ readonly sent: number; readonly failed: number }>
    /** The test-facing handle of a mounted provider module (`Simulator.control(TurkeySms.module)`). */
    readonly control: <C>(module: Provider.Module<C>) => C
  }
>()("@effect-sms/simulator/Simulator") {}

const toAccountConfig = (o: AccountOptions): State.AccountConfig => {
  const hashes: Array<string> = []
  if (o.apiHash !== undefined) hashes.push(o.apiHash.toLowerCase())
  if (o.apiSecret !== undefined) hashes.push(hashFor(o.apiKey, o.apiSecret))
  if (hashes.length === 0) throw new Error(`Simulator: account ${o.apiKey} needs an apiHash or an apiSecret`)
  const blacklist = (o.blacklist ?? []).map((n) => {
    const normalized = PhoneNumber.normalizeTurkishMobile(n)
    if (Result.isFailure(normalized)) throw new Error(`Simulator: blacklist of ${o.apiKey}: ${normalized.failure}`)
    return normalized.success
  })
  return {
    apiKey: o.apiKey,
    hashes,
    apiAccess: o.apiAccess ?? true,
    amount: o.balance?.amount ?? 1000,
    sms: o.balance?.sms ?? 100_000,
    senders: o.senders ?? [],
    blacklist,
    iys: {
      brandCode: o.iys?.brandCode === undefined ? undefined : String(o.iys.brandCode),
      active: o.iys?.active ?? o.iys?.brandCode !== undefined,
      quota: o.iys?.quota ?? 100_000
    },
    webhookUrl: o.webhookUrl,
    synthetic: o.synthetic === undefined ? undefined : toSyntheticConfig(o.synthetic)
  }
}

const toSyntheticConfig = (o: SyntheticOptions): State.SyntheticConfig => {
  const start = o.start ?? "2026-04-01"
  const startMillis = parseDay(start)
  if (startMillis === undefined) throw new Error(`Simulator: synthetic start must be Y-m-d, got ${start}`)
  const r = o.recipientsPerOrder
  const [min, max] = typeof r === "number" ? [r, r] : [r.min, r.max]
  if (!(o.orders >= 0 && min >= 1 && max >= min)) throw new Error("Simulator: invalid synthetic options")
  return {
    orders: Math.floor(o.orders),
    minRecipients: Math.floor(min),
    maxRecipients: Math.floor(max),
    startMillis,
    days: o.days ?? 30,
    seed: seedHash(o.seed ?? "synthetic"),
    deliveredRatio: o.deliveredRatio ?? 0.9,
    pendingRatio: o.pendingRatio ?? 0.2
  }
}

/**
 * Builds the simulator in the current scope: the state, the HTTP server on `host:port`, and the webhook poller.
 *
 * @since 0.1.0
 */
export const make = Effect.fnUntraced(function* (options: Options = {}) {
  // The simulator serves real sockets: sleeps (latency spikes, the poller) use the real clock, even under a test
  // runtime that put a TestClock in context.
  const realClock = Clock.Clock.defaultValue()
  const clock = SimClock.make(options.clock ?? "real")
  const delay = options.delivery?.delay
  const state = State.make({
    seed: options.seed ?? "effect-sms",
    delivery: {
      deliveredRatio: options.delivery?.deliveredRatio ?? 0.9,
      delayMinMillis: Duration.toMillis(delay?.min ?? "1 second"),
      delayMaxMillis: Duration.toMillis(delay?.max ?? "30 seconds")
    },
    accounts: (options.accounts ?? [DemoAccount]).map(toAccountConfig)
  })
  const stats = Server.makeStats(options.requestLogLimit ?? 100_000)
  const faultSeed = options.faultSeed ?? "faults"
  const decider = Faults.makeDecider(options.faults ?? Faults.none, faultSeed)
  const pollInterval = Duration.fromInputUnsafe(options.webhookPollInterval ?? "50 millis")

  // Webhooks: POSTed through undici; a failed POST is counted and dropped (retries are undocumented).
  const webhookCounters = { sent: 0, failed: 0 }
  const client = (yield* HttpClient.HttpClient).pipe(HttpClient.filterStatusOk)
  const postJson = (target: string, payload: unknown, headers?: Readonly<Record<string, string>>) =>
    client
      .execute(
        HttpClientRequest.post(target).pipe(
          HttpClientRequest.bodyJsonUnsafe(payload),
          HttpClientRequest.setHeaders(headers ?? {})
        )
      )
      .pipe(
        Effect.timeout("5 seconds"),
        Effect.matchCause({
          onFailure: () => {
            webhookCounters.failed++
            return false
          },
          onSuccess: () => {
            webhookCounters.sent++
            return true
          }
        })
      )
  const post: Webhooks.Post = (target, payload) => Effect.asVoid(postJson(target, payload))

  const seed = options.seed ?? "effect-sms"
  const iletiMerkezi = IletiMerkezi.module({
    state,
    handlerOptions: {
      getReportsPageSize: options.getReportsPageSize ?? 30,
      getReportsCount: options.getReportsCount ?? "page"
    },
    legacyNumbers: options.legacyNumbers ?? false,
    post
  })
  const mounted: Array<Server.Mounted> = []
  const controls = new Map<string, unknown>()
  for (const module of [iletiMerkezi, ...providers, ...(options.modules ?? [])]) {
    const instance = yield* module.make({
      clock,
      seed,
      options: options.providers?.[module.name],
      postJson,
      pollInterval
    })
    mounted.push({ name: module.name, instance })
    controls.set(module.name, instance.control)
  }
  let rewrites: Readonly<Record<string, Server.Rewrite>> = options.rewrite ?? {}
  const runtime: Server.Runtime = {
    modules: mounted,
    fallback: mounted[0],
    clock,
    decider,
    stats,
    faultSeed,
    latencyMinMillis: Duration.toMillis(options.latencySpike?.min ?? "200 millis"),
    latencyMaxMillis: Duration.toMillis(options.latencySpike?.max ?? "2 seconds"),
    retryAfterSeconds: options.retryAfterSeconds ?? 0,
    hugeBytes: options.hostile?.hugeBytes ?? 64 * 1024 * 1024,
    slowByteMillis: Duration.toMillis(options.hostile?.slowByteInterval ?? "200 millis"),
    rewrites: () => rewrites,
    replays: new Map()
  }

  const server = yield* NodeHttpServer.make(() => createServer(), {
    host: options.host ?? "127.0.0.1",
    port: options.port ?? 0,
    // Keep-alive sockets from test clients must not hold the scope open on shutdown.
    gracefulShutdownTimeout: Duration.millis(200)
  }).pipe(Effect.orDie)
  yield* HttpServer.serveEffect()(Server.makeApp(runtime)).pipe(
    Effect.provideService(HttpServer.HttpServer, server),
    Effect.provideService(Clock.Clock, realClock)
  )
  const origin = HttpServer.formatAddress(server.address)
  const url = `${origin}/v1`

  const lock = Semaphore.makeUnsafe(1)
  const flush = lock.withPermit(
    Effect.suspend(() => {
      const now = clock.nowUnsafe()
      return Effect.forEach(mounted, (m) => m.instance.tick(now), { discard: true })
    })
  )
  yield* flush.pipe(
    Effect.repeat(Schedule.spaced(pollInterval)),
    Effect.provideService(Clock.Clock, realClock),
    Effect.forkScoped
  )

  const accountOf = (apiKey: string) =>
    Effect.suspend(() => {
      const account = state.accounts.get(apiKey)
      return account === undefined ? Effect.die(new Error(`Simulator: no account ${apiKey}`)) : Effect.succeed(account)
    })

  const snapshotOrder = (order: State.RealOrder, now: number): OrderSnapshot => {
    const counts = State.realView(state, order).counts(now)
    const orderState = order.cancelled
      ? "cancelled"
      : now < order.dueAt
        ? "scheduled"
        : counts.status === 114
          ? "completed"
          : "sending"
    return {
      id: String(order.id),
      apiKey: order.account.apiKey,
      sender: order.sender,
      recipients: order.numbers.length,
      numbers: order.numbers,
      texts: order.texts,
      submitAt: formatTimestamp(order.submitAt),
      ...(order.scheduledFor === undefined ? {} : { scheduledFor: formatTimestamp(order.scheduledFor) }),
      status: counts.status,
      state: orderState,
      delivered: counts.delivered,
      undelivered: counts.undelivered,
      waiting: counts.waiting,
      price: counts.price
    }
  }

  return Simulator.of({
    url,
    origin,
    clock: {
      now: clock.now,
      advance: (duration) => Effect.andThen(clock.advance(duration), flush),
      set: (millis) => Effect.andThen(clock.set(millis), flush)
    },
    requests: Effect.sync(() => stats.log.slice(-stats.logLimit)),
    requestCount: (routeName) =>
      Effect.sync(() => (routeName === undefined ? stats.total : (stats.counts.get(routeName) ?? 0))),
    peakInFlight: Effect.sync(() => stats.peakInFlight),
    inFlight: Effect.sync(() => stats.inFlight),
    resetStats: Effect.sync(() => {
      stats.log = []
      stats.counts = new Map()
      stats.total = 0
      stats.peakInFlight = stats.inFlight
    }),
    setFaults: (faults) =>
      Effect.sync(() => {
        decider.set(faults)
        runtime.replays.clear()
      }),
    setRewrites: (next) =>
      Effect.sync(() => {
        rewrites = next
      }),
    orders: (apiKey) =>
      Effect.sync(() => {
        const now = clock.nowUnsafe()
        State.settle(state, now)
        const out: Array<OrderSnapshot> = []
        for (const order of state.ordersById.values()) {
          if (apiKey === undefined || order.account.apiKey === apiKey) out.push(snapshotOrder(order, now))
        }
        return out
      }),
    account: (apiKey) =>
      Effect.map(accountOf(apiKey), (account): AccountSnapshot => {
        State.settle(state, clock.nowUnsafe())
        return {
          apiKey: account.apiKey,
          apiAccess: account.apiAccess,
          balance: { amount: account.amount, sms: account.sms },
          senders: [...account.senders],
          blacklist: [...account.blacklist.keys()].map((n) => `+${n}`),
          iys: { ...account.iys },
          consents: account.consents.size,
          webhookUrl: account.webhookUrl,
          orders: account.orders.length,
          syntheticOrders: account.synthetic?.config.orders ?? 0
        }
      }),
    updateAccount: (apiKey, patch) =>
      Effect.map(accountOf(apiKey), (account) => {
        if (patch.apiAccess !== undefined) account.apiAccess = patch.apiAccess
        if (patch.webhookUrl !== undefined) account.webhookUrl = patch.webhookUrl ?? undefined
        if (patch.balance?.amount !== undefined) account.amount = patch.balance.amount
        if (patch.balance?.sms !== undefined) account.sms = patch.balance.sms
        if (patch.senders !== undefined) account.senders.splice(0, account.senders.length, ...patch.senders)
        if (patch.iys?.brandCode !== undefined) {
          account.iys.brandCode = patch.iys.brandCode === null ? undefined : String(patch.iys.brandCode)
        }
        if (patch.iys?.active !== undefined) account.iys.active = patch.iys.active
        if (patch.iys?.quota !== undefined) account.iys.quota = patch.iys.quota
      }),
    webhookStats: Effect.sync(() => ({ ...webhookCounters })),
    control: <C>(module: Provider.Module<C>): C => {
      if (!controls.has(module.name)) throw new Error(`Simulator: no provider module ${module.name}`)
      return controls.get(module.name) as C
    }
  })
})

/**
 * Starts a simulator on 127.0.0.1 (port 0 by default) for the lifetime of the layer.
 *
 * @since 0.1.0
 */
export const layer = (options: Options = {}): Layer.Layer<Simulator> =>
  Layer.effect(Simulator, make(options)).pipe(Layer.provide(NodeHttpClient.layerUndici))
