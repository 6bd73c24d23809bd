/**
 * Infobip's HTTP surface in the simulator, as one plain function from a parsed request to a reply
 * (`docs/providers/infobip.md`). Request bodies are decoded with the same wire schemas the client encodes with.
 * Authentication is checked before anything else; v1/v2 routes answer errors in the legacy
 * `requestError.serviceException` format, v3 and the newer routes in the `errorCode` format, as Infobip does.
 */
import { Schema as Wire } from "@effect-sms/core/infobip"
import { Schema } from "effect"
import { preview } from "./preview.ts"
import * as State from "./state.ts"

/** A request as the engine hands it over. */
export interface Request {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string | undefined>>
  /** The raw body text. */
  readonly body: string
}

/** A reply: status, headers and a JSON body (undefined for none). */
export interface Reply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>> | undefined
  readonly body?: unknown
  /** The route name for the request log and fault rules (`sms/3/messages`, `sms/1/reports`, ...). */
  readonly route: string
  /** For an accepted send, the message ids it created. */
  readonly messageIds?: ReadonlyArray<string> | undefined
  /** The account the request authenticated as. */
  readonly account?: State.Account | undefined
}

/** Options of the HTTP surface. */
export interface Options {
  /** Send `Deprecation`/`Sunset` on the v1/v2 send, report and log routes. Default true. */
  readonly deprecationHeaders?: boolean | undefined
}

type Format = "legacy" | "api"

const legacyIds: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  429: "TOO_MANY_REQUESTS",
  500: "GENERAL_ERROR"
}

const errorBody = (format: Format, status: number, text: string, violations: ReadonlyArray<State.Violation> = []) => {
  if (format === "legacy") {
    const validationErrors: Record<string, Array<string>> = {}
    for (const v of violations) validationErrors[v.property] = [...(validationErrors[v.property] ?? []), v.violation]
    return {
      requestError: {
        serviceException: {
          messageId: legacyIds[status] ?? "GENERAL_ERROR",
          text,
          ...(violations.length === 0 ? {} : { validationErrors })
        }
      }
    }
  }
  return {
    errorCode: `E${status}`,
    description: text,
    action:
      status === 429 ? "Reduce the request rate and retry after the time given in Retry-After." : "Check the request.",
    violations: violations.map((v) => ({ property: v.property, violation: v.violation })),
    resources: []
  }
}

const error = (
  route: string,
  format: Format,
  status: number,
  text: string,
  violations?: ReadonlyArray<State.Violation>,
  headers?: Record<string, string>
): Reply => ({ status, route, body: errorBody(format, status, text, violations), ...(headers ? { headers } : {}) })

// A send the server failed part-way through: some destinations were accepted, the answer is a bare 500.
const crashed = (route: string, format: Format, accepted: State.Accepted): Reply => ({
  ...error(route, format, 500, "Internal server error."),
  messageIds: accepted.messages.map((m) => m.message.messageId)
})

const parseJson = (body: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(body) }
  } catch {
    return { ok: false }
  }
}

const decodeAdvanced = Schema.decodeUnknownResult(Wire.AdvancedRequest)
const decodeMessages = Schema.decodeUnknownResult(Wire.MessagesRequest)
const decodePreview = Schema.decodeUnknownResult(Wire.PreviewRequest)
const decodeSession = Schema.decodeUnknownResult(Wire.SessionRequest)
const decodeSchedule = Schema.decodeUnknownResult(Schema.Struct({ sendAt: Schema.String }))
const decodeBulkStatus = Schema.decodeUnknownResult(Schema.Struct({ status: Schema.String }))

const windowMinutes = (w: Wire.DeliveryTimeWindow | undefined): number | undefined =>
  w?.from === undefined || w.to === undefined
    ? undefined
    : w.to.hour * 60 + w.to.minute - (w.from.hour * 60 + w.from.minute)

const validityMillisV3 = (v: typeof Wire.ValidityPeriodV3.Type | undefined): number | undefined =>
  v === undefined
    ? undefined
    : v.amount * (v.timeUnit === "SECONDS" ? 1000 : v.timeUnit === "HOURS" ? 3_600_000 : 60_000)

const fromAdvanced = (version: 1 | 2, body: Wire.AdvancedRequest): State.SendRequest => ({
  version,
  bulkId: body.bulkId,
  includeSmsCount: version === 1 || body.includeSmsCountInResponse === true,
  messages: body.messages.map((m) => ({
    sender: m.from,
    destinations: m.destinations,
    text: m.text,
    transliteration: m.transliteration,
    languageCode: m.language?.languageCode,
    validityMillis: m.validityPeriod === undefined ? undefined : m.validityPeriod * 60_000,
    sendAt: m.sendAt,
    deliveryWindowMinutes: windowMinutes(m.deliveryTimeWindow),
    notifyUrl: m.notifyUrl,
    intermediateReport: m.intermediateReport === true,
    callbackData: m.callbackData,
    applicationId: m.applicationId,
    entityId: m.entityId,
    campaignReferenceId: undefined
  }))
})

const fromMessages = (body: Wire.MessagesRequest): State.SendRequest => ({
  version: 3,
  bulkId: body.options?.schedule?.bulkId,
  includeSmsCount: true,
  messages: body.messages.map((m) => ({
    sender: m.sender,
    destinations: m.destinations,
    text: m.content.text,
    transliteration: m.content.transliteration,
    languageCode: m.content.language?.languageCode,
    singleShift: m.content.language?.singleShift,
    lockingShift: m.content.language?.lockingShift,
    validityMillis: validityMillisV3(m.options?.validityPeriod),
    sendAt: body.options?.schedule?.sendAt,
    deliveryWindowMinutes: windowMinutes(m.options?.deliveryTimeWindow),
    notifyUrl: m.webhooks?.delivery?.url,
    intermediateReport: m.webhooks?.delivery?.intermediateReport === true,
    callbackData: m.webhooks?.callbackData,
    applicationId: m.options?.platform?.applicationId,
    entityId: m.options?.platform?.entityId,
    campaignReferenceId: m.options?.campaignReferenceId
  }))
})

const list = (q: URLSearchParams, name: string): ReadonlyArray<string> | undefined => {
  const all = q.getAll(name).flatMap((v) => v.split(","))
  const ids = all.map((s) => s.trim()).filter((s) => s.length > 0)
  return ids.length === 0 ? undefined : ids
}

const opt = (q: URLSearchParams, name: string): string | undefined => q.get(name) ?? undefined

const limitOf = (q: URLSearchParams): number | string => {
  const raw = q.get("limit")
  if (raw === null) return 50
  const n = Number(raw)
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : "must be between 1 and 1000"
}

const KNOWN = new Set([
  "/sms/1/text/advanced",
  "/sms/2/text/advanced",
  "/sms/3/messages",
  "/sms/1/reports",
  "/sms/3/reports",
  "/sms/1/logs",
  "/sms/3/logs",
  "/sms/1/preview",
  "/sms/1/bulks",
  "/sms/1/bulks/status",
  "/account/1/balance",
  "/auth/1/session",
  "/auth/1/oauth2/token"
])

// The route's name: its path without the leading slash, as the client labels its endpoints (`sms/3/messages`).
const routeName = (_method: string, path: string): string => (KNOWN.has(path) ? path.slice(1) : "unknown")

/** The route name of a request, before it is handled (for fault rules). */
export const route = (method: string, path: string): string => routeName(method, path)

const DEPRECATED = new Set(["/sms/1/text/advanced", "/sms/2/text/advanced", "/sms/1/reports", "/sms/1/logs"])

/** Handles one request at simulated time `now`. */
export const handle = (state: State.State, req: Request, now: number, options: Options = {}): Reply => {
  const reply = dispatch(state, req, now)
  if (options.deprecationHeaders !== false && DEPRECATED.has(req.path) && reply.status < 500) {
    // RFC 9745 (Deprecation, a structured date) and RFC 8594 (Sunset, an HTTP-date); the dates are illustrative.
    return {
      ...reply,
      headers: { ...reply.headers, deprecation: "@1735689600", sunset: "Wed, 31 Dec 2036 23:59:59 GMT" }
    }
  }
  return reply
}

const dispatch = (state: State.State, req: Request, now: number): Reply => {
  const name = routeName(req.method, req.path)
  const format: Format =
    req.path.startsWith("/sms/3/") || req.path.startsWith("/account/") || req.path.includes("oauth2") ? "api" : "legacy"

  // Routes that create credentials authenticate with their body, not a header.
  if (name === "auth/1/session" && req.method === "POST") {
    const body = parseJson(req.body)
    const decoded = body.ok ? decodeSession(body.value) : undefined
    if (decoded === undefined || decoded._tag === "Failure") return error(name, "legacy", 400, "Bad request")
    const s = State.createSession(state, decoded.success.username, decoded.success.password, now)
    return s === undefined ? error(name, "legacy", 401, "Invalid login details") : { status: 200, route: name, body: s }
  }
  if (name === "auth/1/oauth2/token" && req.method === "POST") {
    const form = new URLSearchParams(req.body)
    if (form.get("grant_type") !== "client_credentials") {
      return error(name, "api", 400, "Unsupported grant type", [
        { property: "grant_type", violation: "must be client_credentials" }
      ])
    }
    const t = State.issueToken(state, form.get("client_id") ?? "", form.get("client_secret") ?? "", now)
    return t === undefined
      ? error(name, "api", 401, "Invalid client credentials")
      : { status: 200, route: name, body: t }
  }

  const auth = State.authenticate(state, req.headers.authorization, now)
  if (auth._tag === "Unauthorized") return error(name, format, 401, `Invalid login details (${auth.reason})`)
  const reply = authenticated(state, req, now, name, format, auth)
  return { ...reply, account: auth.account }
}

const authenticated = (
  state: State.State,
  req: Request,
  now: number,
  name: string,
  format: Format,
  auth: Extract<State.AuthResult, { _tag: "Ok" }>
): Reply => {
  const account = auth.account

  const wait = State.throttle(state, account, name, now)
  if (wait !== undefined) {
    return error(name, "api", 429, "Too many requests sent.", [], { "retry-after": String(wait) })
  }

  switch (`${req.method} ${req.path}`) {
    case "DELETE /auth/1/session": {
      if (auth.scheme !== "IBSSO") return error(name, "legacy", 400, "Not an IBSSO session")
      State.destroySession(account, req.headers.authorization!.slice(6).trim())
      return { status: 204, route: name }
    }
    case "POST /sms/1/text/advanced":
    case "POST /sms/2/text/advanced": {
      const version = req.path.startsWith("/sms/1/") ? 1 : 2
      const body = parseJson(req.body)
      if (!body.ok) return error(name, "legacy", 400, "Bad request", [{ property: "body", violation: "is not JSON" }])
      const decoded = decodeAdvanced(body.value)
      if (decoded._tag === "Failure") {
        return error(name, "legacy", 400, "Bad request", [{ property: "body", violation: decoded.failure.message }])
      }
      const send = fromAdvanced(version, decoded.success)
      const violations = State.validate(send, now)
      if (violations.length > 0) return error(name, "legacy", 400, "Bad request", violations)
      const accepted = State.send(state, account, send, now)
      if (accepted.crashed) return crashed(name, "legacy", accepted)
      return {
        status: 200,
        route: name,
        messageIds: accepted.messages.map((m) => m.message.messageId),
        body: {
          ...(accepted.bulkId === undefined ? {} : { bulkId: accepted.bulkId }),
          messages: accepted.messages.map(({ message, status }) => ({
            to: message.to,
            status,
            ...(send.includeSmsCount ? { smsCount: message.parts } : {}),
            messageId: message.messageId
          }))
        }
      }
    }
    case "POST /sms/3/messages": {
      const body = parseJson(req.body)
      if (!body.ok) return error(name, "api", 400, "Bad request", [{ property: "body", violation: "is not JSON" }])
      const decoded = decodeMessages(body.value)
      if (decoded._tag === "Failure") {
        return error(name, "api", 400, "Bad request", [{ property: "body", violation: decoded.failure.message }])
      }
      const send = fromMessages(decoded.success)
      const violations = State.validate(send, now)
      if (violations.length > 0) return error(name, "api", 400, "Bad request", violations)
      const accepted = State.send(state, account, send, now)
      if (accepted.crashed) return crashed(name, "api", accepted)
      return {
        status: 200,
        route: name,
        messageIds: accepted.messages.map((m) => m.message.messageId),
        body: {
          ...(accepted.bulkId === undefined ? {} : { bulkId: accepted.bulkId }),
          messages: accepted.messages.map(({ message, status }) => ({
            messageId: message.messageId,
            status,
            destination: message.to,
            details: { messageCount: message.parts }
          }))
        }
      }
    }
    case "GET /sms/1/reports":
    case "GET /sms/3/reports": {
      const version = req.path.startsWith("/sms/1/") ? 1 : 3
      const limit = limitOf(req.query)
      if (typeof limit === "string")
        return error(name, format, 400, "Bad request", [{ property: "limit", violation: limit }])
      return {
        status: 200,
        route: name,
        body: State.takeReports(
          state,
          account,
          {
            limit,
            bulkId: opt(req.query, "bulkId"),
            messageId: opt(req.query, "messageId"),
            applicationId: opt(req.query, "applicationId"),
            entityId: opt(req.query, "entityId"),
            ...(version === 3 ? { campaignReferenceId: opt(req.query, "campaignReferenceId") } : {})
          },
          now,
          version
        )
      }
    }
    case "GET /sms/1/logs":
    case "GET /sms/3/logs": {
      const version = req.path.startsWith("/sms/1/") ? 1 : 3
      const q = req.query
      const limit = limitOf(q)
      if (typeof limit === "string")
        return error(name, format, 400, "Bad request", [{ property: "limit", violation: limit }])
      const since = opt(q, "sentSince")
      const until = opt(q, "sentUntil")
      const sentSince = since === undefined ? undefined : State.parseTime(since)
      const sentUntil = until === undefined ? undefined : State.parseTime(until)
      if ((since !== undefined && sentSince === undefined) || (until !== undefined && sentUntil === undefined)) {
        return error(name, format, 400, "Bad request", [{ property: "sentSince", violation: "invalid date format" }])
      }
      let after: number | undefined
      const cursor = opt(q, "cursor")
      if (version === 3 && cursor !== undefined) {
        after = State.decodeCursor(account, cursor)
        if (after === undefined)
          return error(name, format, 400, "Bad request", [{ property: "cursor", violation: "is invalid" }])
      }
      const page = State.logs(
        state,
        account,
        {
          limit,
          sender: opt(q, version === 1 ? "from" : "sender"),
          destination: opt(q, version === 1 ? "to" : "destination"),
          bulkIds: list(q, "bulkId"),
          messageIds: list(q, "messageId"),
          generalStatus: opt(q, "generalStatus"),
          sentSince,
          sentUntil,
          applicationId: opt(q, "applicationId"),
          entityId: opt(q, "entityId"),
          ...(version === 3 ? { campaignReferenceIds: list(q, "campaignReferenceId"), after } : {})
        },
        now,
        version
      )
      const useCursor = version === 3 && (q.get("useCursor") === "true" || cursor !== undefined)
      return {
        status: 200,
        route: name,
        body: {
          results: page.results,
          ...(useCursor
            ? {
                cursor: {
                  limit,
                  ...(page.next === undefined ? {} : { nextCursor: State.encodeCursor(account, page.next) })
                }
              }
            : {})
        }
      }
    }
    case "POST /sms/1/preview": {
      const body = parseJson(req.body)
      const decoded = body.ok ? decodePreview(body.value) : undefined
      if (decoded === undefined || decoded._tag === "Failure") return error(name, "legacy", 400, "Bad request")
      const p = decoded.success
      return { status: 200, route: name, body: preview(p.text, p.languageCode, p.transliteration) }
    }
    case "GET /account/1/balance":
      return {
        status: 200,
        route: name,
        body: { balance: Math.round(account.balance * 10_000) / 10_000, currency: account.config.currency }
      }
    case "GET /sms/1/bulks":
    case "GET /sms/1/bulks/status":
    case "PUT /sms/1/bulks":
    case "PUT /sms/1/bulks/status":
      return bulks(state, account, req, name, now)
    default:
      return error(name, format, 404, `No route ${req.method} ${req.path}`)
  }
}

const bulks = (state: State.State, account: State.Account, req: Request, name: string, now: number): Reply => {
  const bulkId = req.query.get("bulkId")
  if (bulkId === null || bulkId === "") {
    return error(name, "legacy", 400, "Bad request", [{ property: "bulkId", violation: "must not be empty" }])
  }
  const bulk = account.bulks.get(bulkId)
  if (bulk === undefined) return error(name, "legacy", 404, `Bulk ${bulkId} not found`)
  const statusPath = req.path.endsWith("/status")
  if (req.method === "GET") {
    return {
      status: 200,
      route: name,
      body: statusPath
        ? { bulkId, status: State.bulkStatus(state, account, bulk, now) }
        : { bulkId, sendAt: State.formatTime(bulk.sendAt) }
    }
  }
  const body = parseJson(req.body)
  if (!body.ok) return error(name, "legacy", 400, "Bad request")
  if (statusPath) {
    const d = decodeBulkStatus(body.value)
    if (d._tag === "Failure") return error(name, "legacy", 400, "Bad request")
    const problem = State.setBulkStatus(state, account, bulkId, d.success.status, now)
    if (problem !== undefined) {
      return error(name, "legacy", 400, "Bad request", [{ property: "status", violation: problem }])
    }
    return { status: 200, route: name, body: { bulkId, status: State.bulkStatus(state, account, bulk, now) } }
  }
  const d = decodeSchedule(body.value)
  const at = d._tag === "Success" ? State.parseTime(d.success.sendAt) : undefined
  if (at === undefined) {
    return error(name, "legacy", 400, "Bad request", [{ property: "sendAt", violation: "invalid date format" }])
  }
  if (at > now + 180 * 86_400_000) {
    return error(name, "legacy", 400, "Bad request", [
      { property: "sendAt", violation: "must not be more than 180 days in the future" }
    ])
  }
  const problem = State.rescheduleBulk(state, account, bulkId, at, now)
  if (problem !== undefined)
    return error(name, "legacy", 400, "Bad request", [{ property: "sendAt", violation: problem }])
  return { status: 200, route: name, body: { bulkId, sendAt: State.formatTime(bulk.sendAt) } }
}
