/**
 * The HTTP side of the simulator: routing (iletimerkezi.md §11c.1), body parsing for JSON and XML, authentication
 * (§2, checked before any body validation), fault injection, the request log, and the response serialisation
 * (HTTP status = `status.code`, §3).
 */

import type * as Http from "node:http"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { XmlCodec } from "@effect-sms/xml-codec"
import { Clock, Duration, Effect } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Faults from "../Faults.ts"
import type { SimClock } from "../SimClock.ts"
import { type HandlerOptions, methods } from "./handlers.ts"
import * as State from "./state.ts"
import { field, isObject, type Reply, status, str, toTree } from "./wire.ts"

/** A wire format. */
export type Format = "json" | "xml"

/** One request as the simulator saw it. */
export interface RequestLogEntry {
  /** Real epoch millis at arrival. */
  readonly at: number
  /** Simulated epoch millis at arrival. */
  readonly simAt: number
  /** The HTTP method and path. */
  readonly method: string
  readonly path: string
  /** The method slug (`send-sms`, `consent/create`, ...) or `"unknown"`. */
  readonly route: string
  readonly format: Format
  /** The HTTP status sent, absent when the socket was reset. */
  readonly status?: number | undefined
  /** The fault applied, if any. */
  readonly fault?: Faults.FaultKind | undefined
  /** The API key the request carried, if it parsed. */
  readonly apiKey?: string | undefined
  /** For an accepted send-sms, the number of recipients. */
  readonly recipients?: number | undefined
}

/** Request statistics. */
export interface Stats {
  log: Array<RequestLogEntry>
  counts: Map<string, number>
  total: number
  inFlight: number
  peakInFlight: number
  readonly logLimit: number
}

/** Makes empty statistics keeping at most `logLimit` log entries (the newest). */
export const makeStats = (logLimit: number): Stats => ({
  log: [],
  counts: new Map(),
  total: 0,
  inFlight: 0,
  peakInFlight: 0,
  logLimit
})

/** Everything a request needs. */
export interface Runtime {
  /** Emit every JSON number as a numeric string (the older API's drift). */
  readonly legacyNumbers?: boolean | undefined
  readonly state: State.State
  readonly clock: SimClock
  readonly decider: Faults.Decider
  readonly stats: Stats
  readonly handlerOptions: HandlerOptions
  readonly faultSeed: string | number
  readonly latencyMinMillis: number
  readonly latencyMaxMillis: number
  readonly retryAfterSeconds: number
}

const record = (stats: Stats, entry: RequestLogEntry) => {
  stats.log.push(entry)
  // Keep the newest entries; dropping in bulk keeps this amortised O(1).
  if (stats.log.length > stats.logLimit * 2) stats.log = stats.log.slice(-stats.logLimit)
}

const contentTypes: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "application/xml; charset=utf-8"
}

/** Every number as a numeric string, as the older apidocs examples show (`"code": "200"`, `"amount": "0"`; §3). */
const stringifyNumbers = (u: unknown): unknown =>
  typeof u === "number"
    ? String(u)
    : Array.isArray(u)
      ? u.map(stringifyNumbers)
      : isObject(u)
        ? Object.fromEntries(Object.entries(u).map(([k, v]) => [k, stringifyNumbers(v)]))
        : u

/** Serialises a reply: JSON via `JSON.stringify`, XML with a declaration and text leaves (§1, §3). */
export const serialize = (format: Format, reply: Reply, legacyNumbers = false): string => {
  const tree = toTree(reply)
  if (format === "xml") return XmlCodec.encode("response", tree.response)
  return JSON.stringify(legacyNumbers ? stringifyNumbers(tree) : tree)
}

/** Finds the method slug and format of a path: `/v1/{m}/json` is JSON, `/v1/{m}` is XML (§1, §11c.1). */
export const route = (method: string, path: string): { readonly slug: string | undefined; readonly format: Format } => {
  const format: Format = path.endsWith("/json") ? "json" : "xml"
  if (method !== "POST" || !path.startsWith("/v1/")) return { slug: undefined, format }
  const rest = path.slice(4, format === "json" ? -5 : undefined)
  const found = methods.get(rest)
  // JSON-only methods (get-reports, consent/*) have no XML path (§4): asking for one is an unknown method.
  return { slug: found !== undefined && (format === "json" || found.xml) ? rest : undefined, format }
}

// The XML body is the raw document, or form-encoded `data=<xml>` (Java and Python samples), whatever the content
// type says (§1; accepting both is inferred).
const xmlDocument = (body: string): string | undefined => {
  const text = body.replace(/^\uFEFF/, "").trimStart()
  if (text.startsWith("<")) return text
  return new URLSearchParams(body).get("data") ?? undefined
}

/** Parses a body into the `request` element's tree; `undefined` when it does not parse (→ 400, §3). */
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

/** Authenticates a request: known key, API access on, and the panel hash or HMAC-SHA256(secret, key) (§2). */
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

const respond = (format: Format, reply: Reply, headers?: Record<string, string>, legacyNumbers = false) =>
  HttpServerResponse.text(serialize(format, reply, legacyNumbers), {
    status: reply.code,
    contentType: contentTypes[format],
    ...(headers === undefined ? {} : { headers })
  })

// The Node socket behind a request, for the faults that break the transport on purpose.
const nodeResponse = (request: HttpServerRequest.HttpServerRequest) =>
  NodeHttpServerRequest.toServerResponse(request) as Http.ServerResponse

// Destroys the connection and waits until Node has closed the response, so that the server's own response writer
// finds it destroyed and writes nothing.
const resetSocket = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.callback<HttpServerResponse.HttpServerResponse>((resume) => {
    const response = nodeResponse(request)
    const done = () => resume(Effect.succeed(HttpServerResponse.empty()))
    if (response.destroyed) return done()
    response.once("close", done)
    NodeHttpServerRequest.toIncomingMessage(request).socket.destroy()
  })

// Sends the head and the first half of the body, declaring the full length, then closes the connection.
const truncate = (request: HttpServerRequest.HttpServerRequest, format: Format, reply: Reply) =>
  Effect.callback<HttpServerResponse.HttpServerResponse>((resume) => {
    const response = nodeResponse(request)
    const bytes = Buffer.from(serialize(format, reply), "utf8")
    const done = () => resume(Effect.succeed(HttpServerResponse.empty()))
    response.once("close", done)
    response.writeHead(reply.code, { "content-type": contentTypes[format], "content-length": String(bytes.length) })
    response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy())
  })

// Half the document followed by a stray character: never valid JSON or XML, with a correct Content-Length.
const malformed = (format: Format, reply: Reply) => {
  const body = serialize(format, reply)
  return HttpServerResponse.text(`${body.slice(0, Math.floor(body.length / 2))}#`, {
    status: 200,
    contentType: contentTypes[format]
  })
}

/** The HTTP app. */
export const makeApp = (rt: Runtime) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const stats = rt.stats
    stats.inFlight++
    if (stats.inFlight > stats.peakInFlight) stats.peakInFlight = stats.inFlight
    return yield* handle(rt, request).pipe(
      Effect.ensuring(
        Effect.sync(() => {
          stats.inFlight--
        })
      )
    )
  })

const handle = Effect.fnUntraced(function* (rt: Runtime, request: HttpServerRequest.HttpServerRequest) {
  const at = yield* Clock.currentTimeMillis
  const simAt = rt.clock.nowUnsafe()
  const path = request.url.split("?")[0] ?? "/"
  const { format, slug } = route(request.method, path)
  const routeName = slug ?? "unknown"
  const stats = rt.stats
  stats.total++
  stats.counts.set(routeName, (stats.counts.get(routeName) ?? 0) + 1)
  const fault = rt.decider.decide(routeName)
  const base = { at, simAt, method: request.method, path, route: routeName, format, fault }

  if (fault === "reset-before") {
    record(stats, base)
    return yield* resetSocket(request)
  }
  if (fault === "503" || fault === "503-no-retry-after" || fault === "429") {
    const code = fault === "429" ? 429 : 503
    record(stats, { ...base, status: code })
    return respond(
      format,
      status(code),
      fault === "503-no-retry-after" ? undefined : { "retry-after": String(rt.retryAfterSeconds) }
    )
  }
  if (fault === "latency") {
    // A real-timer delay: the simulated clock never moves by itself in tests.
    const millis = Faults.latencyMillis(rt.faultSeed, stats.total, rt.latencyMinMillis, rt.latencyMaxMillis)
    yield* Effect.sleep(Duration.millis(millis))
  }

  let reply: Reply
  let apiKey: string | undefined
  let recipients: number | undefined
  if (slug === undefined) {
    reply = status(404)
  } else {
    const body = yield* request.text.pipe(Effect.orElseSucceed(() => undefined))
    const tree = body === undefined ? undefined : yield* parseBody(format, body)
    if (tree === undefined) {
      reply = status(400)
    } else {
      apiKey = str(field(field(tree, "authentication"), "key"))
      const account = authenticate(rt.state, tree)
      if (account === undefined) {
        reply = status(401)
      } else {
        const now = rt.clock.nowUnsafe()
        State.settle(rt.state, now)
        const outcome = methods.get(slug)!.handler({
          state: rt.state,
          account,
          now,
          request: tree,
          options: rt.handlerOptions
        })
        reply = outcome.reply
        recipients = outcome.recipients
      }
    }
  }

  const entry: RequestLogEntry = {
    ...base,
    ...(apiKey === undefined ? {} : { apiKey }),
    ...(recipients === undefined ? {} : { recipients })
  }
  switch (fault) {
    case "reset-after": {
      // Processed (an order may exist now), but the client never hears back: the ambiguous case.
      record(stats, entry)
      return yield* resetSocket(request)
    }
    case "truncated": {
      record(stats, { ...entry, status: reply.code })
      return yield* truncate(request, format, reply)
    }
    case "malformed": {
      record(stats, { ...entry, status: 200 })
      return malformed(format, reply)
    }
    default: {
      record(stats, { ...entry, status: reply.code })
      return respond(format, reply, undefined, rt.legacyNumbers)
    }
  }
})
