/**
 * The provider-neutral HTTP side of the simulator: dispatch to the provider module that serves a path, fault
 * injection (status faults, resets, truncation, malformed bodies, a 500 after processing, latency), the request log and the in-flight count.
 * Modules answer with finished text; the engine never parses or serialises a provider's wire format.
 */

import type * as Http from "node:http"
import * as NodeHttpServerRequest from "@effect/platform-node/NodeHttpServerRequest"
import { Clock, Duration, Effect, Stream } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Faults from "../Faults.ts"
import type { SimClock } from "../SimClock.ts"
import type * as Provider from "./Provider.ts"

/** One request as the simulator saw it. */
export interface RequestLogEntry {
  /** Real epoch millis at arrival. */
  readonly at: number
  /** Simulated epoch millis at arrival. */
  readonly simAt: number
  /** The provider module that served it, absent when none did. */
  readonly provider?: string | undefined
  /** The HTTP method and path. */
  readonly method: string
  readonly path: string
  /** The route name (`send-sms`, `turkeysms/sms/send`, ...) or `"unknown"`. */
  readonly route: string
  readonly format: string
  /** The HTTP status sent, absent when the socket was reset. */
  readonly status?: number | undefined
  /** The fault applied, if any. */
  readonly fault?: Faults.FaultKind | undefined
  /** The account the request carried (an API key or user name), if it parsed. */
  readonly apiKey?: string | undefined
  /** For an accepted send, the number of recipients. */
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

/** A mounted module. */
export interface Mounted {
  readonly name: string
  readonly instance: Provider.Instance<unknown>
}

/** Everything a request needs. */
export interface Runtime {
  readonly modules: ReadonlyArray<Mounted>
  /** Answers requests no module routes (e.g. iletiMerkezi's 404 envelope for an unknown `/v1/` method). */
  readonly fallback: Mounted | undefined
  readonly clock: SimClock
  readonly decider: Faults.Decider
  readonly stats: Stats
  readonly faultSeed: string | number
  readonly latencyMinMillis: number
  readonly latencyMaxMillis: number
  readonly retryAfterSeconds: number
  /** Hostile answers: the size of `huge` bodies and the pace of `slow-body` ones. */
  readonly hugeBytes: number
  readonly slowByteMillis: number
  /** Content rewrites by route, applied to every reply of the route before faults. */
  readonly rewrites: () => Readonly<Record<string, Rewrite>>
  /** The reply each route answers with under `replay`, once it has one. */
  readonly replays: Map<string, Provider.Reply>
}

/**
 * A content rewrite: sees a route's reply and the request that caused it (`n` counts the route's requests from 1),
 * and returns the reply to send. For hostile content the engine cannot know about: values of the wrong kind, pages
 * that never end with fresh items, totals of 1e9.
 */
export type Rewrite = (
  reply: Provider.Reply,
  request: { readonly body: string; readonly path: string; readonly query: URLSearchParams; readonly n: number }
) => Provider.Reply

const record = (stats: Stats, entry: RequestLogEntry) => {
  stats.log.push(entry)
  // Keep the newest entries; dropping in bulk keeps this amortised O(1).
  if (stats.log.length > stats.logLimit * 2) stats.log = stats.log.slice(-stats.logLimit)
}

// `Date` is written from the simulated clock (Node would write the real one): clients measure the provider's clock
// offset from it, and a controlled-clock simulator is a provider whose clock is elsewhere.
const httpDate = (now: number) => new Date(now).toUTCString()

const toResponse = (reply: Provider.Reply, now: number) =>
  HttpServerResponse.text(reply.body, {
    status: reply.status,
    contentType: reply.contentType,
    headers: { date: httpDate(now), ...reply.headers }
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
const truncate = (request: HttpServerRequest.HttpServerRequest, reply: Provider.Reply, now: number) =>
  Effect.callback<HttpServerResponse.HttpServerResponse>((resume) => {
    const response = nodeResponse(request)
    const bytes = Buffer.from(reply.body, "utf8")
    const done = () => resume(Effect.succeed(HttpServerResponse.empty()))
    response.once("close", done)
    response.writeHead(reply.status, {
      "content-type": reply.contentType,
      "content-length": String(bytes.length),
      date: httpDate(now)
    })
    response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy())
  })

// Half the document followed by a stray character: never valid JSON or XML, with a correct Content-Length.
const malformed = (reply: Provider.Reply, now: number) =>
  HttpServerResponse.text(`${reply.body.slice(0, Math.floor(reply.body.length / 2))}#`, {
    status: 200,
    contentType: reply.contentType,
    headers: { date: httpDate(now) }
  })

// The request's body sent back: what a broken proxy or a debugging endpoint does, credentials included.
const echo = (body: string, status: number, contentType: string, now: number) =>
  HttpServerResponse.text(body, { status, contentType, headers: { date: httpDate(now) } })

// A body of `size` bytes of JSON-looking padding, in 64 KiB chunks, with or without a declared length.
const huge = (reply: Provider.Reply, size: number, declared: boolean, now: number) => {
  const chunk = new TextEncoder().encode(" ".repeat(65_536))
  const count = Math.ceil(size / chunk.length)
  const body = Stream.range(1, count).pipe(
    Stream.map((i) => (i < count ? chunk : chunk.subarray(0, size - (count - 1) * chunk.length)))
  )
  return HttpServerResponse.stream(body, {
    status: 200,
    contentType: reply.contentType,
    headers: { date: httpDate(now) },
    ...(declared ? { contentLength: size } : {})
  })
}

// The reply's head at once, then its body one byte at a time, `millis` apart (real time), never sooner.
const slowBody = (reply: Provider.Reply, millis: number, now: number) => {
  const bytes = new TextEncoder().encode(reply.body)
  const body = Stream.range(0, bytes.length - 1).pipe(
    Stream.mapEffect((i) => Effect.as(Effect.sleep(Duration.millis(millis)), bytes.subarray(i, i + 1)))
  )
  return HttpServerResponse.stream(body, {
    status: reply.status,
    contentType: reply.contentType,
    headers: { date: httpDate(now) },
    contentLength: bytes.length
  })
}

/** Finds the module and route of a request. */
export const dispatch = (
  rt: Runtime,
  method: string,
  path: string
): { readonly mounted: Mounted | undefined; readonly route: Provider.Route } => {
  for (const mounted of rt.modules) {
    const route = mounted.instance.route(method, path)
    if (route !== undefined) return { mounted, route }
  }
  return { mounted: rt.fallback, route: { name: "unknown", format: path.endsWith("/json") ? "json" : "xml" } }
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
  const [path = "/", search = ""] = request.url.split("?")
  const { mounted, route } = dispatch(rt, request.method, path)
  const stats = rt.stats
  stats.total++
  stats.counts.set(route.name, (stats.counts.get(route.name) ?? 0) + 1)
  const fault = rt.decider.decide(route.name)
  const base = {
    at,
    simAt,
    ...(mounted === undefined ? {} : { provider: mounted.name }),
    method: request.method,
    path,
    route: route.name,
    format: route.format,
    fault
  }

  if (fault === "reset-before") {
    record(stats, base)
    return yield* resetSocket(request)
  }
  if (mounted !== undefined && (fault === "503" || fault === "503-no-retry-after" || fault === "429")) {
    const reply = mounted.instance.faultReply(fault, route, rt.retryAfterSeconds)
    record(stats, { ...base, status: reply.status })
    return toResponse(reply, rt.clock.nowUnsafe())
  }
  if (fault === "latency") {
    // A real-timer delay: the simulated clock never moves by itself in tests.
    const millis = Faults.latencyMillis(rt.faultSeed, stats.total, rt.latencyMinMillis, rt.latencyMaxMillis)
    yield* Effect.sleep(Duration.millis(millis))
  }

  let reply: Provider.Reply
  const body = yield* request.text.pipe(Effect.orElseSucceed(() => ""))
  const replayed = fault === "replay" ? rt.replays.get(route.name) : undefined
  if (replayed !== undefined) {
    reply = replayed
  } else if (mounted === undefined) {
    reply = { status: 404, contentType: "text/plain; charset=utf-8", body: "Not Found" }
  } else {
    const query = new URLSearchParams(search)
    reply = yield* mounted.instance.handle(
      {
        method: request.method,
        path,
        query,
        headers: request.headers,
        body,
        now: rt.clock.nowUnsafe(),
        raw: request
      },
      route
    )
    const rewrite = rt.rewrites()[route.name]
    if (rewrite !== undefined) reply = rewrite(reply, { body, path, query, n: stats.counts.get(route.name) ?? 1 })
  }
  if (fault === "replay" && replayed === undefined) rt.replays.set(route.name, reply)

  const entry: RequestLogEntry = {
    ...base,
    ...(reply.account === undefined ? {} : { apiKey: reply.account }),
    ...(reply.recipients === undefined ? {} : { recipients: reply.recipients })
  }
  switch (fault) {
    case "reset-after": {
      // Processed (an order may exist now), but the client never hears back: the ambiguous case.
      record(stats, entry)
      return yield* resetSocket(request)
    }
    case "truncated": {
      record(stats, { ...entry, status: reply.status })
      return yield* truncate(request, reply, rt.clock.nowUnsafe())
    }
    case "malformed": {
      record(stats, { ...entry, status: 200 })
      return malformed(reply, rt.clock.nowUnsafe())
    }
    case "echo":
    case "echo-error": {
      const status = fault === "echo" ? 200 : 502
      record(stats, { ...entry, status })
      const contentType = fault === "echo" ? reply.contentType : "text/plain; charset=utf-8"
      return echo(body, status, contentType, rt.clock.nowUnsafe())
    }
    case "huge":
    case "huge-chunked": {
      record(stats, { ...entry, status: 200 })
      return huge(reply, rt.hugeBytes, fault === "huge", rt.clock.nowUnsafe())
    }
    case "slow-body": {
      record(stats, { ...entry, status: reply.status })
      return slowBody(reply, rt.slowByteMillis, rt.clock.nowUnsafe())
    }
    case "500-after": {
      // Processed, then a bare 500: whatever the provider did stands, the client only sees the failure.
      record(stats, { ...entry, status: 500 })
      return toResponse(
        { status: 500, contentType: "text/plain; charset=utf-8", body: "Internal Server Error" },
        rt.clock.nowUnsafe()
      )
    }
    default: {
      record(stats, { ...entry, status: reply.status })
      return toResponse(reply, rt.clock.nowUnsafe())
    }
  }
})
