/**
 * Infobip as a simulator provider module, mounted under `/infobip` (clients use `${sim.origin}/infobip` as their
 * base URL): the routes of `routes.ts` over the state of `state.ts`, status faults in Infobip's error format, and
 * batched delivery-report webhooks with retries on the simulated clock. See `docs/providers/infobip.md`.
 *
 * @since 0.1.0
 */
import { Duration, Effect } from "effect"
import type * as Provider from "../engine/Provider.ts"
import { seedHash } from "../internal/random.ts"
import * as Routes from "./routes.ts"
import * as State from "./state.ts"

/**
 * The path prefix the module serves.
 *
 * @since 0.1.0
 */
export const Prefix = "/infobip"

/**
 * The demo account: an API key, a user (Basic and IBSSO) and an OAuth2 client, 1000 EUR, any sender, and one
 * destination the operator refuses (`41790000000`).
 *
 * @since 0.1.0
 */
export const DemoAccount: State.AccountConfig = {
  apiKeys: ["infobip-demo-key-0123456789"],
  users: [{ username: "demo-user", password: "demo-password-0123" }],
  clients: [{ clientId: "demo-client", clientSecret: "demo-client-secret-0123" }],
  senders: [],
  rejectedDestinations: ["41790000000"],
  balance: 1000,
  currency: "EUR"
}

/**
 * The module's options, under `Simulator.layer({ providers: { infobip: { ... } } })`.
 *
 * @since 0.1.0
 */
export interface Options {
  /** Replaces `[DemoAccount]`; missing fields take the demo account's. */
  readonly accounts?: ReadonlyArray<Partial<State.AccountConfig>> | undefined
  /** The share delivered (0.9) and the delay before a message is final (1 to 30 seconds). */
  readonly delivery?:
    | {
        readonly deliveredRatio?: number | undefined
        readonly delay?: { readonly min: Duration.Input; readonly max: Duration.Input } | undefined
      }
    | undefined
  /** IBSSO session lifetime (60 minutes) and OAuth2 token lifetime (`expires_in`, 3600 s). */
  readonly sessionLifetime?: Duration.Input | undefined
  readonly tokenSeconds?: number | undefined
  /** Requests per second per account on the throttled routes (reports and logs: 100 each). */
  readonly throttle?: Readonly<Record<string, number>> | undefined
  /** Webhook batch size (100) and retry delays (1 s, 5 s, 30 s, 2 min). */
  readonly webhookBatch?: number | undefined
  readonly webhookRetryDelays?: ReadonlyArray<Duration.Input> | undefined
  /** `Deprecation`/`Sunset` on the v1/v2 send, report and log routes. Default true. */
  readonly deprecationHeaders?: boolean | undefined
  /** How long an accepted message takes to appear in the logs (simulated clock). Default 0. */
  readonly logLag?: Duration.Input | undefined
}

/**
 * The test-facing handle: the live state, and counts that prove properties (one message per id).
 *
 * @since 0.1.0
 */
export interface Control {
  readonly state: State.State
  /** Every message accepted under an id (more than one means it was sent twice). */
  readonly messagesWithId: (messageId: string) => number
  /** Every message id that was accepted more than once. */
  readonly duplicates: () => ReadonlyArray<string>
  /** The messages of an account (the first by default), oldest first. */
  readonly messages: (account?: number) => ReadonlyArray<State.Message>
  /** The webhook batches POSTed, with their outcome. */
  readonly webhookLog: ReadonlyArray<{ readonly url: string; readonly reports: number; readonly ok: boolean }>
  /**
   * Makes the next send fail part-way: it accepts its first `accepted` destinations, then answers HTTP 500 (a server
   * failing in the middle of a batch). Calls queue up, one per send.
   */
  readonly crashNextSend: (accepted: number) => void
}

const json = (status: number, body: unknown, headers?: Readonly<Record<string, string>>): Provider.Reply => ({
  status,
  contentType: "application/json; charset=utf-8",
  body: body === undefined ? "" : JSON.stringify(body),
  ...(headers === undefined ? {} : { headers })
})

// Infobip may be given `https://user:pass@host/path` as a notify URL: the credentials become a Basic header.
const splitCredentials = (url: string): { readonly url: string; readonly headers?: Record<string, string> } => {
  try {
    const u = new URL(url)
    if (u.username === "" && u.password === "") return { url }
    const user = decodeURIComponent(u.username)
    const pass = decodeURIComponent(u.password)
    u.username = ""
    u.password = ""
    return {
      url: u.toString(),
      headers: { authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}` }
    }
  } catch {
    return { url }
  }
}

// The path inside the prefix; a trailing slash is ignored (the community SDK writes `/sms/1/bulks/?bulkId=`).
const inner = (path: string): string => path.slice(Prefix.length).replace(/(.)\/+$/, "$1")

/**
 * The Infobip module.
 *
 * @since 0.1.0
 */
export const module: Provider.Module<Control> = {
  name: "infobip",
  make: (ctx) =>
    Effect.sync(() => {
      const o = (ctx.options ?? {}) as Options
      const defaults = State.defaultBehaviour(seedHash(`infobip/${String(ctx.seed)}`))
      const behaviour: State.Behaviour = {
        ...defaults,
        ...(o.delivery?.deliveredRatio === undefined ? {} : { deliveredRatio: o.delivery.deliveredRatio }),
        ...(o.delivery?.delay === undefined
          ? {}
          : {
              delayMinMillis: Duration.toMillis(Duration.fromInputUnsafe(o.delivery.delay.min)),
              delayMaxMillis: Duration.toMillis(Duration.fromInputUnsafe(o.delivery.delay.max))
            }),
        ...(o.sessionLifetime === undefined
          ? {}
          : { sessionMillis: Duration.toMillis(Duration.fromInputUnsafe(o.sessionLifetime)) }),
        ...(o.tokenSeconds === undefined ? {} : { tokenSeconds: o.tokenSeconds }),
        ...(o.throttle === undefined ? {} : { throttle: o.throttle }),
        ...(o.webhookBatch === undefined ? {} : { webhookBatch: o.webhookBatch }),
        ...(o.webhookRetryDelays === undefined
          ? {}
          : { webhookRetryDelays: o.webhookRetryDelays.map((d) => Duration.toMillis(Duration.fromInputUnsafe(d))) }),
        ...(o.logLag === undefined ? {} : { logLagMillis: Duration.toMillis(Duration.fromInputUnsafe(o.logLag)) })
      }
      const accounts = (o.accounts ?? [DemoAccount]).map((a) => ({ ...DemoAccount, ...a }))
      const state = State.make(accounts, behaviour)
      const webhookLog: Array<{ url: string; reports: number; ok: boolean }> = []
      const control: Control = {
        state,
        messagesWithId: (id) => state.accounts.reduce((n, a) => n + (a.byId.get(id)?.length ?? 0), 0),
        duplicates: () =>
          state.accounts.flatMap((a) => [...a.byId.entries()].filter(([, ms]) => ms.length > 1).map(([id]) => id)),
        messages: (account = 0) => state.accounts[account]?.messages ?? [],
        webhookLog,
        crashNextSend: (accepted) => {
          state.crashes.push(accepted)
        }
      }
      const routeOptions = { deprecationHeaders: o.deprecationHeaders ?? true }
      return {
        route: (method, path) => {
          if (path !== Prefix && !path.startsWith(`${Prefix}/`)) return undefined
          const name = Routes.route(method, inner(path))
          return { name: `infobip/${name}`, format: name.includes("oauth2") ? "form" : "json" }
        },
        handle: (request) =>
          Effect.sync(() => {
            const reply = Routes.handle(
              state,
              {
                method: request.method,
                path: inner(request.path),
                query: request.query,
                headers: request.headers,
                body: request.body
              },
              request.now,
              routeOptions
            )
            return {
              ...json(reply.status, reply.body, reply.headers),
              ...(reply.account === undefined ? {} : { account: `infobip-account-${reply.account.id}` }),
              ...(reply.messageIds === undefined ? {} : { recipients: reply.messageIds.length })
            }
          }),
        faultReply: (fault, _route, retryAfterSeconds) => {
          const status = fault === "429" ? 429 : 503
          return json(
            status,
            {
              errorCode: `E${status}`,
              description: status === 429 ? "Too many requests sent." : "Service temporarily unavailable.",
              action: "Retry later.",
              violations: [],
              resources: []
            },
            fault === "503-no-retry-after" ? undefined : { "retry-after": String(retryAfterSeconds) }
          )
        },
        tick: (now) =>
          Effect.suspend(() => {
            const batches = State.dueWebhooks(state, now)
            return Effect.forEach(
              batches,
              (batch) => {
                const target = splitCredentials(batch.url)
                return Effect.map(ctx.postJson(target.url, { results: batch.results }, target.headers), (ok) => {
                  webhookLog.push({ url: target.url, reports: batch.results.length, ok })
                  State.webhookAttempted(state, batch, ok, now)
                })
              },
              { concurrency: 8, discard: true }
            )
          }),
        control
      } satisfies Provider.Instance<Control>
    })
}
