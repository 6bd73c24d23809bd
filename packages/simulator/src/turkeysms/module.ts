/**
 * TurkeySMS as a simulator provider module, mounted under `/turkeysms`: V4's routes at `/turkeysms/...` and v3's at
 * `/turkeysms/api/v3/...`, so a client's base URL is `${sim.origin}/turkeysms` for both generations. The model
 * (`model.ts`) decides; the wire (`wire.ts`) reads and writes; this module adds the engine's parts: status faults in
 * TurkeySMS's shape, the lifecycle settling on the simulated clock, and signed webhooks with retries.
 * See `docs/providers/turkeysms.md`.
 */
import { createHmac } from "node:crypto"
import { Effect } from "effect"
import type * as Provider from "../engine/Provider.ts"
import { seedHash } from "../internal/random.ts"
import * as Model from "./model.ts"
import * as Wire from "./wire.ts"

/** The path prefix the module serves. */
export const Prefix = "/turkeysms"

/**
 * The account the simulator starts with unless `accounts` is given: senders `EFFECTSMS` and `APITEST`, 100,000 SMS
 * credits and 100 TL of international balance, international sends enabled, and the default limit of 100 messages
 * per minute.
 */
export const DemoAccount = {
  apiKey: "ts-demo-0b1c2d3e4f5a6b7c8d9e",
  senders: ["EFFECTSMS", "APITEST"],
  balance: { sms: 100_000, internationalTl: 100 },
  international: true
} as const satisfies Model.AccountOptions

/** The module's options, under `Simulator.layer({ providers: { turkeysms: ... } })`. */
export interface Options extends Model.ModelOptions {
  /** Replaces `[DemoAccount]`. */
  readonly accounts?: ReadonlyArray<Model.AccountOptions> | undefined
  /** How many times a failed webhook delivery is retried (2^n seconds apart on the simulated clock). Default 3. */
  readonly webhookRetries?: number | undefined
}

/** One webhook POST the simulator attempted. */
export interface Delivery {
  readonly url: string
  readonly body: string
  readonly signature: string
  readonly timestamp: string
  readonly ok: boolean
  readonly attempt: number
}

/** The test-facing handle: the model itself, plus snapshots. */
export interface Control {
  readonly model: Model.Model
  /** Messages sent during the run, oldest first, optionally for one key. */
  readonly messages: (apiKey?: string) => ReadonlyArray<Model.Message>
  /** A message's state at the current simulated time. */
  readonly stateOf: (id: number | string) => Model.State | undefined
  readonly account: (apiKey: string) => Model.Account
  readonly addAccount: (options: Model.AccountOptions) => void
  /** Every webhook POST attempted, in order. */
  readonly deliveries: () => ReadonlyArray<Delivery>
  /** The short id the request log shows for a key (the key itself is the credential: it is never logged). */
  readonly accountId: (apiKey: string) => string
}

/** The log's account id for a key: a hash, so that the request log never holds the credential. */
export const accountId = (apiKey: string): string => `ts-${seedHash(apiKey).toString(36)}`

const html = (status: number, text: string, headers?: Readonly<Record<string, string>>): Provider.Reply => ({
  status,
  contentType: "text/html; charset=utf-8",
  body: `<html><head><title>${status} ${text}</title></head><body><h1>${text}</h1></body></html>`,
  ...(headers === undefined ? {} : { headers })
})

/** The module. */
export const module: Provider.Module<Control> = {
  name: "turkeysms",
  make: (ctx) =>
    Effect.sync(() => {
      const options = (ctx.options ?? {}) as Options
      const model = Model.make(options.accounts ?? [DemoAccount], { ...options, seed: options.seed ?? ctx.seed })
      const maxRetries = options.webhookRetries ?? 3
      const deliveries: Array<Delivery> = []

      const routeOf = (method: string, path: string): Wire.Routed | undefined =>
        path === Prefix || path.startsWith(`${Prefix}/`) ? Wire.route(method, path.slice(Prefix.length)) : undefined

      const deliver = (event: Model.WebhookEvent, now: number) =>
        Effect.suspend(() => {
          const account = model.accounts.get(event.message.apiKey)
          const hook = account?.webhook
          if (hook === undefined) return Effect.void
          const payload = Model.webhookBody(event, now)
          // The engine serialises the payload with JSON.stringify: the signature covers exactly these bytes.
          const body = JSON.stringify(payload)
          const signature = `sha256=${createHmac("sha256", hook.secret).update(body).digest("hex")}`
          const timestamp = String(Math.floor(now / 1000))
          return Effect.map(
            ctx.postJson(hook.url, payload, {
              "x-turkeysms-signature": signature,
              "x-turkeysms-timestamp": timestamp
            }),
            (ok) => {
              deliveries.push({ url: hook.url, body, signature, timestamp, ok, attempt: event.attempt })
              if (!ok) Model.retryWebhook(model, event, now, maxRetries)
            }
          )
        })

      const control: Control = {
        model,
        messages: (apiKey) => [...model.messages.values()].filter((m) => apiKey === undefined || m.apiKey === apiKey),
        stateOf: (id) => {
          const m = model.messages.get(Number(id))
          return m === undefined ? undefined : Model.stateAt(m, ctx.clock.nowUnsafe())
        },
        account: (apiKey) => {
          const a = model.accounts.get(apiKey)
          if (a === undefined) throw new Error(`TurkeySMS simulator: no account ${apiKey}`)
          return a
        },
        addAccount: (o) => {
          model.accounts.set(o.apiKey, Model.makeAccount(o))
        },
        deliveries: () => deliveries,
        accountId
      }

      return {
        route: (method, path) => {
          const routed = routeOf(method, path)
          return routed === undefined
            ? undefined
            : { name: `turkeysms/${routed.api === "v3" ? "v3/" : ""}${routed.route}`, format: "json" }
        },
        handle: (request) =>
          Effect.sync((): Provider.Reply => {
            const routed = routeOf(request.method, request.path)
            if (routed === undefined) return html(404, "Not Found")
            const params = Wire.params(routed, request.query.toString(), request.body, request.headers["content-type"])
            const outcome: Model.Outcome =
              params === undefined
                ? { code: "TS-1033" }
                : Model.handle(model, { route: routed.route, api: routed.api, params, now: request.now })
            const answer = Wire.answer(routed, outcome, params)
            const key = typeof params?.api_key === "string" ? params.api_key.trim() : undefined
            return {
              status: answer.status,
              contentType: answer.contentType,
              body: answer.body,
              ...(key === undefined || !model.accounts.has(key) ? {} : { account: accountId(key) }),
              ...(outcome.messages === undefined || outcome.messages === 0 ? {} : { recipients: outcome.messages })
            }
          }),
        // What a proxy in front of the API answers: an HTML page, never the API's JSON.
        faultReply: (fault, _route, retryAfterSeconds) =>
          fault === "429"
            ? html(429, "Too Many Requests", { "retry-after": String(retryAfterSeconds) })
            : html(
                503,
                "Service Unavailable",
                fault === "503" ? { "retry-after": String(retryAfterSeconds) } : undefined
              ),
        tick: (now) =>
          Effect.suspend(() => {
            Model.settle(model, now)
            const due = model.webhooks.popDue(now)
            if (due.length === 0) return Effect.void
            // Sent in order: a message's `sms.sent` goes before its final event.
            return Effect.forEach(due, (event) => deliver(event, now), { discard: true })
          }),
        control
      }
    })
}
