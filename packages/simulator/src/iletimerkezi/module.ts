/**
 * iletiMerkezi as a simulator provider module: its routes (`POST /v1/<method>/json` for JSON, `POST /v1/<method>`
 * for XML, derived from the client's own endpoint table), the JSON and XML envelope, authentication (checked before
 * any body validation), the accounts and orders, and webhook delivery. See `docs/providers/iletimerkezi-api.md`.
 */
import { Endpoint, IletiMerkeziEndpoints } from "@effect-sms/core"
import { XmlCodec } from "@effect-sms/xml-codec"
import { Effect } from "effect"
import type * as Provider from "../engine/Provider.ts"
import { type Handler, type HandlerOptions, handlers } from "./handlers.ts"
import * as State from "./state.ts"
import * as Webhooks from "./webhooks.ts"
import { field, isObject, type Reply, status, str, toTree } from "./wire.ts"

/** A wire format. */
export type Format = "json" | "xml"

const contentTypes: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "application/xml; charset=utf-8"
}

// The routes, from the client's endpoint table: slug → its handler and whether XML is documented.
const routes: ReadonlyMap<string, { readonly handler: Handler; readonly xml: boolean }> = new Map(
  Object.entries(IletiMerkeziEndpoints.all).map(([name, e]) => [
    Endpoint.label(e),
    { handler: handlers[name as keyof typeof handlers], xml: Endpoint.supports(e, "xml") }
  ])
)

/** Every number as a numeric string, as the older API examples show (`"code": "200"`, `"amount": "0"`). */
const stringifyNumbers = (u: unknown): unknown =>
  typeof u === "number"
    ? String(u)
    : Array.isArray(u)
      ? u.map(stringifyNumbers)
      : isObject(u)
        ? Object.fromEntries(Object.entries(u).map(([k, v]) => [k, stringifyNumbers(v)]))
        : u

/** Serialises a reply: JSON via `JSON.stringify`, XML with a declaration and text leaves. */
export const serialize = (format: Format, reply: Reply, legacyNumbers = false): string => {
  const tree = toTree(reply)
  if (format === "xml") return XmlCodec.encode("response", tree.response)
  return JSON.stringify(legacyNumbers ? stringifyNumbers(tree) : tree)
}

/** Finds the method slug and format of a path: `/v1/{m}/json` is JSON, `/v1/{m}` is XML. */
export const route = (method: string, path: string): { readonly slug: string | undefined; readonly format: Format } => {
  const format: Format = path.endsWith("/json") ? "json" : "xml"
  if (method !== "POST" || !path.startsWith("/v1/")) return { slug: undefined, format }
  const rest = path.slice(4, format === "json" ? -5 : undefined)
  const found = routes.get(rest)
  // JSON-only methods (get-reports, consent/*) have no XML path: asking for one is an unknown method.
  return {
    slug: found !== undefined && (format === "json" || found.xml) ? rest : undefined,
    format
  }
}

// The XML body is the raw document, or form-encoded `data=<xml>` (Java and Python samples), whatever the content
// type says (accepting both is inferred).
const xmlDocument = (body: string): string | undefined => {
  const text = body.replace(/^\uFEFF/, "").trimStart()
  if (text.startsWith("<")) return text
  return new URLSearchParams(body).get("data") ?? undefined
}

/** Parses a body into the `request` element's tree; `undefined` when it does not parse (→ 400). */
export const parseBody = (format: Format, body: string): Effect.Effect<unknown> => {
  if (format === "json") {
    return Effect.sync(() => {
      try {
        const parsed: unknown = JSON.parse(body)
        const request = field(parsed, "request")
        return isObject(request) ? request : undefined
      } catch {
        return undefined
      }
    })
  }
  const document = xmlDocument(body)
  if (document === undefined) return Effect.void
  return XmlCodec.decodeTree(document).pipe(
    Effect.map(({ name, tree }) => (name === "request" && isObject(tree) ? tree : undefined)),
    Effect.orElseSucceed(() => undefined)
  )
}

/** Authenticates a request: known key, API access on, and the panel hash or HMAC-SHA256(secret, key). */
export const authenticate = (state: State.State, request: unknown): State.Account | undefined => {
  const auth = field(request, "authentication")
  const key = str(field(auth, "key"))
  const hash = str(field(auth, "hash"))
  if (key === undefined || hash === undefined) return undefined
  const account = state.accounts.get(key)
  // Hex is compared case-insensitively (inferred).
  if (account === undefined || !account.apiAccess || !account.hashes.has(hash.toLowerCase())) return undefined
  return account
}

/** What the module needs besides the engine. */
export interface Options {
  readonly state: State.State
  readonly handlerOptions: HandlerOptions
  readonly legacyNumbers: boolean
  readonly post: Webhooks.Post
}

/** The iletiMerkezi module over a state the simulator built. */
export const module = (options: Options): Provider.Module<Options> => ({
  name: "iletimerkezi",
  make: () =>
    Effect.sync(() => {
      const { state, handlerOptions, legacyNumbers } = options
      const reply = (format: Format, r: Reply, extra: Partial<Provider.Reply> = {}): Provider.Reply => ({
        status: r.code,
        contentType: contentTypes[format],
        body: serialize(format, r, legacyNumbers),
        ...extra
      })
      return {
        route: (method, path) => {
          const { slug, format } = route(method, path)
          return slug === undefined ? undefined : { name: slug, format }
        },
        handle: (request, r) =>
          Effect.gen(function* () {
            const format: Format = r.format === "json" ? "json" : "xml"
            // The fallback for any path no module serves: iletiMerkezi answers an unknown method with 404.
            if (r.name === "unknown") return reply(format, status(404))
            const tree = yield* parseBody(format, request.body)
            if (tree === undefined) return reply(format, status(400))
            const apiKey = str(field(field(tree, "authentication"), "key"))
            const account = authenticate(state, tree)
            const who = apiKey === undefined ? {} : { account: apiKey }
            if (account === undefined) return reply(format, status(401), who)
            State.settle(state, request.now)
            const outcome = routes.get(r.name)!.handler({
              state,
              account,
              now: request.now,
              request: tree,
              options: handlerOptions
            })
            return reply(format, outcome.reply, {
              ...who,
              ...(outcome.recipients === undefined ? {} : { recipients: outcome.recipients })
            })
          }),
        faultReply: (fault, r, retryAfterSeconds) => {
          const format: Format = r.format === "json" ? "json" : "xml"
          const code = fault === "429" ? 429 : 503
          return reply(format, status(code), {
            ...(fault === "503-no-retry-after" ? {} : { headers: { "retry-after": String(retryAfterSeconds) } })
          })
        },
        tick: (now) =>
          Effect.suspend(() => {
            State.settle(state, now)
            return Effect.asVoid(Webhooks.deliverDue(state, now, options.post))
          }),
        control: options
      } satisfies Provider.Instance<Options>
    })
})
