/**
 * The provider module interface: what a provider folder (`src/iletimerkezi/`, `src/turkeysms/`, `src/infobip/`)
 * gives the provider-neutral engine. The engine owns the socket, the simulated clock, fault injection, the request
 * log and the webhook poller; a module owns its routes, its wire format, its accounts and its state.
 *
 * A module is registered with one line in `src/providers.ts`.
 *
 * @since 0.1.0
 */
import type { Duration, Effect } from "effect"
import type { HttpServerRequest } from "effect/http"
import type * as Faults from "../Faults.ts"
import type { SimClock } from "../SimClock.ts"

/**
 * A request as the engine hands it to a module: method, path (no query), query parameters, headers and raw body.
 *
 * @since 0.1.0
 */
export interface Incoming {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The raw body, read once by the engine. */
  readonly body: string
  /** The simulated time at arrival. */
  readonly now: number
  /** The underlying request, for modules that need more (rarely). */
  readonly raw: HttpServerRequest.HttpServerRequest
}

/**
 * A module's answer. The engine serialises nothing itself: `body` is the exact text to send. Faults such as
 * `truncated` and `malformed` are applied by the engine to this text.
 *
 * @since 0.1.0
 */
export interface Reply {
  readonly status: number
  readonly contentType: string
  readonly body: string
  readonly headers?: Readonly<Record<string, string>> | undefined
  /** For the request log: the account the request authenticated as (a key or a user name, never a secret). */
  readonly account?: string | undefined
  /** For the request log: the messages an accepted send created. */
  readonly recipients?: number | undefined
}

/**
 * How a path maps to a route.
 *
 * @since 0.1.0
 */
export interface Route {
  /**
   * The route's name in fault rules and the request log. iletiMerkezi uses its bare method slugs (`send-sms`); other
   * providers prefix theirs (`turkeysms/sms/send`, `infobip/sms/3/messages`) so names never collide.
   */
  readonly name: string
  /** The wire format (`json`, `xml`, `form`, ...), for the request log. */
  readonly format: string
}

/**
 * What the engine gives a module when the simulator starts.
 *
 * @since 0.1.0
 */
export interface EngineContext {
  readonly clock: SimClock
  /** The simulator's seed: ids and outcomes derive from it. */
  readonly seed: string | number
  /** This module's options, as the user passed them under `providers[name]` (the module decodes them). */
  readonly options: unknown
  /** POSTs a JSON body to a URL through undici; failures are counted by the engine and swallowed. */
  readonly postJson: (url: string, body: unknown, headers?: Readonly<Record<string, string>>) => Effect.Effect<boolean>
  /** The delay of webhook delivery polling (the engine calls `tick`). */
  readonly pollInterval: Duration.Duration
}

/**
 * A running provider module.
 *
 * @since 0.1.0
 */
export interface Instance<Control> {
  /** The route of a request, or `undefined` when this module does not serve the path. */
  readonly route: (method: string, path: string) => Route | undefined
  /** Answers a request the engine routed here (after a fault decided to let it through). */
  readonly handle: (request: Incoming, route: Route) => Effect.Effect<Reply>
  /** The answer to an injected status fault on a route, in this provider's wire format. */
  readonly faultReply: (fault: "503" | "503-no-retry-after" | "429", route: Route, retryAfterSeconds: number) => Reply
  /** Runs when the clock moves or the poller ticks: settle lifecycles, deliver due webhooks. */
  readonly tick: (now: number) => Effect.Effect<void>
  /** The test-facing handle (accounts, messages, state snapshots). */
  readonly control: Control
}

/**
 * A provider module.
 *
 * @example
 * ```ts
 * export const module: Provider.Module<Control> = {
 *   name: "turkeysms",
 *   make: (ctx) => Effect.sync(() => ({ route, handle, faultReply, tick: () => Effect.void, control }))
 * }
 * ```
 *
 * @since 0.1.0
 */
export interface Module<Control> {
  readonly name: string
  readonly make: (context: EngineContext) => Effect.Effect<Instance<Control>>
}

/**
 * Any module.
 *
 * @since 0.1.0
 */
export type Any = Module<any>

/**
 * The fault kinds a module never sees (the engine applies them).
 *
 * @since 0.1.0
 */
export type EngineFault = Faults.FaultKind
