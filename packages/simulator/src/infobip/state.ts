/**
 * The Infobip simulator's state and behaviour as plain, synchronous logic (`docs/providers/infobip.md`): accounts and
 * their four credential kinds, IBSSO sessions and OAuth2 tokens with expiry, sends (v1, v2, v3) with per-destination
 * rejections, the message lifecycle on the simulated clock, destructive delivery reports, logs with v1 windows and
 * v3 cursors, scheduled bulks, per-endpoint throttling and batched delivery-report webhooks with retries.
 *
 * Nothing here touches the network or a real clock: every function takes `now` (simulated epoch millis). A
 * message's outcome and timing are pure functions of the seed and its sequence number, so a run replays.
 */
import { Status } from "@effect-sms/core/infobip"
import { hash, seedHash, unit } from "../internal/random.ts"
import { countFor, transliterate } from "./preview.ts"

type StatusName = Status.StatusName
type Wire = ReturnType<typeof Status.toWire>

// ---------------------------------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------------------------------

/** An account as configured. */
export interface AccountConfig {
  /** `App` keys. */
  readonly apiKeys: ReadonlyArray<string>
  /** Users for `Basic` and for creating IBSSO sessions. */
  readonly users: ReadonlyArray<{ readonly username: string; readonly password: string }>
  /** OAuth2 clients for `Bearer` tokens. */
  readonly clients: ReadonlyArray<{ readonly clientId: string; readonly clientSecret: string }>
  /** Senders the account may use; empty means any. */
  readonly senders: ReadonlyArray<string>
  /** Destinations the operator refuses (answered with REJECTED_DESTINATION). */
  readonly rejectedDestinations: ReadonlyArray<string>
  /** Balance in EUR; each part costs `pricePerPart`. */
  readonly balance: number
  readonly currency: string
}

/** Behaviour shared by all accounts. */
export interface Behaviour {
  readonly seed: number
  readonly deliveredRatio: number
  readonly delayMinMillis: number
  readonly delayMaxMillis: number
  readonly sessionMillis: number
  readonly tokenSeconds: number
  readonly pricePerPart: number
  /** Requests per second allowed per account and endpoint, for the throttled endpoints. */
  readonly throttle: Readonly<Record<string, number>>
  /** How long reports and logs are kept. */
  readonly retentionMillis: number
  /** Webhook batch size (Infobip's default is 100) and retry delays (simulated millis). */
  readonly webhookBatch: number
  readonly webhookRetryDelays: ReadonlyArray<number>
  /** How long an accepted message takes to appear in the logs (simulated millis; 0: at once). */
  readonly logLagMillis: number
}

/** The defaults of {@link Behaviour}. */
export const defaultBehaviour = (seed: number): Behaviour => ({
  seed,
  deliveredRatio: 0.9,
  delayMinMillis: 1_000,
  delayMaxMillis: 30_000,
  sessionMillis: 60 * 60_000,
  tokenSeconds: 3600,
  pricePerPart: 0.01,
  throttle: { "sms/1/reports": 100, "sms/3/reports": 100, "sms/1/logs": 100, "sms/3/logs": 100 },
  retentionMillis: 48 * 3_600_000,
  webhookBatch: 100,
  webhookRetryDelays: [1_000, 5_000, 30_000, 120_000],
  logLagMillis: 0
})

// ---------------------------------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------------------------------

/** One message: one destination of one send. */
export interface Message {
  readonly seq: number
  readonly messageId: string
  readonly bulkId: string | undefined
  readonly to: string
  readonly sender: string | undefined
  readonly text: string
  readonly version: 1 | 2 | 3
  readonly submitAt: number
  /** When the message was due to go out (`sendAt`), if scheduled. */
  readonly sendAt: number | undefined
  readonly validityMillis: number
  readonly parts: number
  readonly callbackData: string | undefined
  readonly notifyUrl: string | undefined
  readonly intermediateReport: boolean
  readonly applicationId: string | undefined
  readonly entityId: string | undefined
  readonly campaignReferenceId: string | undefined
  /** A rejection decided at acceptance, final at once. */
  readonly rejected: StatusName | undefined
  /** The report was pulled (reports are returned once), or pushed to the webhook. */
  reportTaken: boolean
  /** The webhook deliveries already made for this message (status names). */
  readonly pushed: Set<string>
}

/** A scheduled bulk. */
export interface Bulk {
  readonly bulkId: string
  sendAt: number
  status: "PENDING" | "PAUSED" | "PROCESSING" | "CANCELED" | "FINISHED" | "FAILED"
  /** When a paused bulk was resumed: it goes out at `max(sendAt, resumedAt)`. */
  resumedAt: number | undefined
  readonly messages: Array<Message>
}

/** An account's live state. */
export interface Account {
  readonly config: AccountConfig
  readonly id: number
  balance: number
  readonly messages: Array<Message>
  /** Messages with a webhook URL whose final report has not been pushed yet (the webhook poller reads only these). */
  pushable: Array<Message>
  /** Every message accepted under an id, to prove that no id was sent twice. */
  readonly byId: Map<string, Array<Message>>
  readonly bulks: Map<string, Bulk>
  readonly sessions: Map<string, { readonly expiresAt: number; readonly username: string }>
  readonly tokens: Map<string, { readonly expiresAt: number }>
  /** Throttling: per endpoint, the current one-second window and the requests in it. */
  readonly windows: Map<string, { start: number; count: number }>
  /** Sessions created and destroyed, for tests of the session lifecycle. */
  sessionsCreated: number
  sessionsDestroyed: number
  tokensIssued: number
}

/** The whole state. */
export interface State {
  readonly behaviour: Behaviour
  readonly accounts: Array<Account>
  nextSeq: number
  nextToken: number
  /** Webhook batches waiting for a retry, by due time. */
  readonly webhookRetries: Array<WebhookBatch>
  /**
   * Sends to fail part-way, oldest first: each entry is how many destinations the next send accepts before the
   * server fails and answers HTTP 500 (a crash in the middle of a batch).
   */
  readonly crashes: Array<number>
}

/** Makes the state. */
export const make = (accounts: ReadonlyArray<AccountConfig>, behaviour: Behaviour): State => ({
  behaviour,
  accounts: accounts.map((config, id) => ({
    config,
    id,
    balance: config.balance,
    messages: [],
    pushable: [],
    byId: new Map(),
    bulks: new Map(),
    sessions: new Map(),
    tokens: new Map(),
    windows: new Map(),
    sessionsCreated: 0,
    sessionsDestroyed: 0,
    tokensIssued: 0
  })),
  nextSeq: 0,
  nextToken: 0,
  webhookRetries: [],
  crashes: []
})

// ---------------------------------------------------------------------------------------------------------------------
// Authentication
// ---------------------------------------------------------------------------------------------------------------------

/** The outcome of reading the `Authorization` header. */
export type AuthResult =
  | { readonly _tag: "Ok"; readonly account: Account; readonly scheme: "App" | "Basic" | "IBSSO" | "Bearer" }
  | { readonly _tag: "Unauthorized"; readonly reason: string }

/** Authenticates a request by its `Authorization` header. */
export const authenticate = (state: State, header: string | undefined, now: number): AuthResult => {
  if (header === undefined || header.trim() === "") return { _tag: "Unauthorized", reason: "missing credentials" }
  const space = header.indexOf(" ")
  const scheme = space < 0 ? header : header.slice(0, space)
  const value = space < 0 ? "" : header.slice(space + 1).trim()
  switch (scheme) {
    case "App": {
      const account = state.accounts.find((a) => a.config.apiKeys.includes(value))
      return account ? { _tag: "Ok", account, scheme } : { _tag: "Unauthorized", reason: "invalid API key" }
    }
    case "Basic": {
      const decoded = Buffer.from(value, "base64").toString("utf8")
      const colon = decoded.indexOf(":")
      const account = colon < 0 ? undefined : findUser(state, decoded.slice(0, colon), decoded.slice(colon + 1))
      return account ? { _tag: "Ok", account, scheme } : { _tag: "Unauthorized", reason: "invalid login details" }
    }
    case "IBSSO": {
      for (const account of state.accounts) {
        const s = account.sessions.get(value)
        if (s !== undefined) {
          if (s.expiresAt <= now) {
            account.sessions.delete(value)
            return { _tag: "Unauthorized", reason: "session expired" }
          }
          return { _tag: "Ok", account, scheme }
        }
      }
      return { _tag: "Unauthorized", reason: "invalid session" }
    }
    case "Bearer": {
      for (const account of state.accounts) {
        const t = account.tokens.get(value)
        if (t !== undefined) {
          if (t.expiresAt <= now) {
            account.tokens.delete(value)
            return { _tag: "Unauthorized", reason: "token expired" }
          }
          return { _tag: "Ok", account, scheme }
        }
      }
      return { _tag: "Unauthorized", reason: "invalid token" }
    }
    default:
      return { _tag: "Unauthorized", reason: `unsupported scheme ${scheme}` }
  }
}

const findUser = (state: State, username: string, password: string): Account | undefined =>
  state.accounts.find((a) => a.config.users.some((u) => u.username === username && u.password === password))

const newToken = (state: State, prefix: string): string => {
  const n = state.nextToken++
  return `${prefix}${hash(state.behaviour.seed, n, 77).toString(16).padStart(8, "0")}${n.toString(16)}`
}

/** `POST /auth/1/session`: a token valid for the session lifetime, or undefined for bad credentials. */
export const createSession = (state: State, username: string, password: string, now: number) => {
  const account = findUser(state, username, password)
  if (account === undefined) return undefined
  const token = newToken(state, "ibsso-")
  account.sessions.set(token, { expiresAt: now + state.behaviour.sessionMillis, username })
  account.sessionsCreated++
  return { token }
}

/** `DELETE /auth/1/session`: destroys the session the request authenticated with. */
export const destroySession = (account: Account, token: string): boolean => {
  const had = account.sessions.delete(token)
  if (had) account.sessionsDestroyed++
  return had
}

/** `POST /auth/1/oauth2/token` with the client credentials grant. */
export const issueToken = (state: State, clientId: string, clientSecret: string, now: number) => {
  const account = state.accounts.find((a) =>
    a.config.clients.some((c) => c.clientId === clientId && c.clientSecret === clientSecret)
  )
  if (account === undefined) return undefined
  const token = newToken(state, "oauth-")
  account.tokens.set(token, { expiresAt: now + state.behaviour.tokenSeconds * 1000 })
  account.tokensIssued++
  return { access_token: token, expires_in: state.behaviour.tokenSeconds, token_type: "Bearer" }
}

// ---------------------------------------------------------------------------------------------------------------------
// Throttling
// ---------------------------------------------------------------------------------------------------------------------

/** Counts a request on a throttled endpoint; the seconds to wait when over the limit, else undefined. */
export const throttle = (state: State, account: Account, endpoint: string, now: number): number | undefined => {
  const limit = state.behaviour.throttle[endpoint]
  if (limit === undefined) return undefined
  const second = now - (now % 1000)
  const w = account.windows.get(endpoint)
  if (w === undefined || w.start !== second) {
    account.windows.set(endpoint, { start: second, count: 1 })
    return undefined
  }
  if (w.count >= limit) return 1
  w.count++
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------------------------------

/** A 400 answer: the violations found, by property. */
export interface Violation {
  readonly property: string
  readonly violation: string
}

/** One message of a send, in a form both generations reduce to. */
export interface SendMessage {
  readonly sender: string | undefined
  readonly destinations: ReadonlyArray<{ readonly to: string; readonly messageId?: string | undefined }>
  readonly text: string | undefined
  readonly transliteration: string | undefined
  readonly languageCode: string | undefined
  readonly singleShift?: boolean | undefined
  readonly lockingShift?: boolean | undefined
  readonly validityMillis: number | undefined
  readonly sendAt: string | undefined
  readonly deliveryWindowMinutes: number | undefined
  readonly notifyUrl: string | undefined
  readonly intermediateReport: boolean
  readonly callbackData: string | undefined
  readonly applicationId: string | undefined
  readonly entityId: string | undefined
  readonly campaignReferenceId: string | undefined
}

/** One send, reduced. */
export interface SendRequest {
  readonly version: 1 | 2 | 3
  readonly bulkId: string | undefined
  readonly messages: ReadonlyArray<SendMessage>
  readonly includeSmsCount: boolean
}

/** The accepted destinations of a send, for the response. */
export interface Accepted {
  readonly bulkId: string | undefined
  readonly messages: ReadonlyArray<{ readonly message: Message; readonly status: Wire }>
  /** The server failed part-way (see `State.crashes`): only `messages` were accepted, the answer is a 500. */
  readonly crashed: boolean
}

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/

/** Parses Infobip's date format (an offset is required); undefined when malformed. */
export const parseTime = (s: string): number | undefined => {
  const m = TIME.exec(s)
  if (m === null) return undefined
  const [, y, mo, d, h, mi, sec, frac, zone] = m
  let offset = 0
  if (zone !== "Z") {
    const z = zone!.replace(":", "")
    offset = (z.startsWith("-") ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)))
  }
  const t = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    sec === undefined ? 0 : Number(sec),
    frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000)
  )
  return Number.isNaN(t) ? undefined : t - offset * 60_000
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0")

/** Formats a time as Infobip writes it: `2021-08-25T16:00:00.000+0000`. */
export const formatTime = (t: number): string => {
  const d = new Date(t)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes()
  )}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}+0000`
}

/** Checks a send the way the platform does before accepting anything; the violations, empty when valid. */
export const validate = (req: SendRequest, now: number): Array<Violation> => {
  const out: Array<Violation> = []
  if (req.messages.length === 0) out.push({ property: "messages", violation: "must not be empty" })
  req.messages.forEach((m, i) => {
    const p = `messages[${i}]`
    if (m.destinations.length === 0) out.push({ property: `${p}.destinations`, violation: "must not be empty" })
    if (m.text === undefined || m.text.length === 0) {
      out.push({ property: req.version === 3 ? `${p}.content.text` : `${p}.text`, violation: "must not be blank" })
    }
    if (m.validityMillis !== undefined && (m.validityMillis <= 0 || m.validityMillis > 48 * 3_600_000)) {
      out.push({ property: `${p}.validityPeriod`, violation: "must be between 1 minute and 48 hours" })
    }
    if (m.deliveryWindowMinutes !== undefined && m.deliveryWindowMinutes < 60) {
      out.push({ property: `${p}.deliveryTimeWindow`, violation: "must be at least one hour long" })
    }
    if (m.sendAt !== undefined) {
      const at = parseTime(m.sendAt)
      if (at === undefined) out.push({ property: `${p}.sendAt`, violation: "invalid date format" })
      else if (at > now + 180 * 86_400_000) {
        out.push({ property: `${p}.sendAt`, violation: "must not be more than 180 days in the future" })
      }
    }
  })
  return out
}

// A 19-digit id like Infobip's, derived from the seed and the sequence number.
const generatedId = (state: State, seq: number): string =>
  `${(2_000_000_000 + (hash(state.behaviour.seed, seq, 91) % 999_999_999)).toString()}${String(seq).padStart(9, "0")}`

const rejectionFor = (
  account: Account,
  sender: string | undefined,
  to: string,
  parts: number,
  price: number
): StatusName | undefined => {
  if (to === "") return "MISSING_TO"
  if (!/^\d{7,15}$/.test(to)) return "REJECTED_INVALID_DESTINATION"
  // A national number (trunk 0) carries no country code.
  if (to.startsWith("0")) return "REJECTED_PREFIX_MISSING"
  if (account.config.rejectedDestinations.includes(to)) return "REJECTED_DESTINATION"
  if (sender !== undefined && account.config.senders.length > 0 && !account.config.senders.includes(sender)) {
    return "REJECTED_SENDER"
  }
  if (account.balance < parts * price) return "REJECTED_NOT_ENOUGH_CREDITS"
  return undefined
}

/** Accepts a validated send: every destination becomes a message (rejected ones final at once). */
export const send = (state: State, account: Account, req: SendRequest, now: number): Accepted => {
  const crashAfter = state.crashes.shift()
  const destinations = req.messages.reduce((n, m) => n + m.destinations.length, 0)
  const scheduled = req.messages.some((m) => m.sendAt !== undefined)
  const bulkId =
    req.bulkId ?? (destinations > 1 || scheduled ? generatedId(state, state.nextSeq + 500_000_000) : undefined)
  const out: Array<{ message: Message; status: Wire }> = []
  for (const m of req.messages) {
    const shown = transliterate(m.text ?? "", m.transliteration)
    const parts = Math.max(
      1,
      countFor(shown, m.languageCode, { singleShift: m.singleShift, lockingShift: m.lockingShift }).parts
    )
    const sendAt = m.sendAt === undefined ? undefined : parseTime(m.sendAt)
    for (const d of m.destinations) {
      if (crashAfter !== undefined && out.length >= crashAfter) return { bulkId, messages: out, crashed: true }
      const seq = state.nextSeq++
      const rejected = rejectionFor(account, m.sender, d.to, parts, state.behaviour.pricePerPart)
      if (rejected === undefined) account.balance -= parts * state.behaviour.pricePerPart
      const message: Message = {
        seq,
        messageId: d.messageId ?? generatedId(state, seq),
        bulkId,
        to: d.to,
        sender: m.sender,
        text: m.text ?? "",
        version: req.version,
        submitAt: now,
        sendAt,
        validityMillis: m.validityMillis ?? 48 * 3_600_000,
        parts,
        callbackData: m.callbackData,
        notifyUrl: m.notifyUrl,
        intermediateReport: m.intermediateReport,
        applicationId: m.applicationId,
        entityId: m.entityId,
        campaignReferenceId: m.campaignReferenceId,
        rejected,
        reportTaken: false,
        pushed: new Set()
      }
      account.messages.push(message)
      if (message.notifyUrl !== undefined) account.pushable.push(message)
      const same = account.byId.get(message.messageId)
      if (same) same.push(message)
      else account.byId.set(message.messageId, [message])
      if (scheduled && bulkId !== undefined && sendAt !== undefined && sendAt > now && rejected === undefined) {
        let bulk = account.bulks.get(bulkId)
        if (bulk === undefined) {
          bulk = { bulkId, sendAt, status: "PENDING", resumedAt: undefined, messages: [] }
          account.bulks.set(bulkId, bulk)
        }
        bulk.messages.push(message)
      }
      out.push({ message, status: Status.toWire(rejected ?? "PENDING_ACCEPTED") })
    }
  }
  return { bulkId, messages: out, crashed: crashAfter !== undefined }
}

// ---------------------------------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------------------------------

/** Where a message is at `now`. */
export interface View {
  readonly status: StatusName
  readonly final: boolean
  /** When the current status was reached (the report's `doneAt` when final). */
  readonly since: number
  /** When it went out, if it did. */
  readonly sentAt: number | undefined
  readonly error: keyof typeof Status.MessageErrors
}

const bulkOf = (account: Account, m: Message): Bulk | undefined =>
  m.bulkId === undefined ? undefined : account.bulks.get(m.bulkId)

/** When the message goes out, or undefined while its bulk is paused or after it was cancelled. */
export const dispatchAt = (account: Account, m: Message): number | undefined => {
  const bulk = bulkOf(account, m)
  if (bulk?.messages.includes(m)) {
    if (bulk.status === "PAUSED" || bulk.status === "CANCELED") return undefined
    return Math.max(bulk.sendAt, bulk.resumedAt ?? bulk.sendAt)
  }
  return Math.max(m.submitAt, m.sendAt ?? m.submitAt)
}

/** The status of a message at `now`: PENDING_ACCEPTED → PENDING_ENROUTE → DELIVERED_TO_OPERATOR → final. */
export const view = (state: State, account: Account, m: Message, now: number): View => {
  if (m.rejected !== undefined) {
    return {
      status: m.rejected,
      final: true,
      since: m.submitAt,
      sentAt: undefined,
      error: "EC_INVALID_DESTINATION_ADDRESS"
    }
  }
  const b = state.behaviour
  const at = dispatchAt(account, m)
  const pending = {
    status: "PENDING_ACCEPTED",
    final: false,
    since: m.submitAt,
    sentAt: undefined,
    error: "NO_ERROR"
  } as const
  if (at === undefined || now < at) return pending
  const delay = b.delayMinMillis + Math.floor(unit(b.seed, m.seq, 2) * (b.delayMaxMillis - b.delayMinMillis))
  const delivered = unit(b.seed, m.seq, 1) < b.deliveredRatio
  const expired = m.validityMillis < delay
  const finalAt = at + (expired ? m.validityMillis : delay)
  if (now >= finalAt) {
    if (expired)
      return { status: "EXPIRED_EXPIRED", final: true, since: finalAt, sentAt: at, error: "EC_ABSENT_SUBSCRIBER" }
    return delivered
      ? { status: "DELIVERED_TO_HANDSET", final: true, since: finalAt, sentAt: at, error: "NO_ERROR" }
      : {
          status: "UNDELIVERABLE_NOT_DELIVERED",
          final: true,
          since: finalAt,
          sentAt: at,
          error: "EC_UNKNOWN_SUBSCRIBER"
        }
  }
  const operatorAt = at + Math.floor(delay / 3)
  if (now >= operatorAt) {
    return { status: "DELIVERED_TO_OPERATOR", final: false, since: operatorAt, sentAt: at, error: "NO_ERROR" }
  }
  return { status: "PENDING_ENROUTE", final: false, since: at, sentAt: at, error: "NO_ERROR" }
}

/** A report or log line for a message, in the v1 or v3 shape. */
export const reportOf = (
  state: State,
  account: Account,
  m: Message,
  now: number,
  version: 1 | 3,
  kind: "report" | "log"
) => {
  const v = view(state, account, m, now)
  const price = {
    pricePerMessage: v.final && v.sentAt !== undefined ? state.behaviour.pricePerPart * m.parts : 0,
    currency: account.config.currency
  }
  const common = {
    ...(m.bulkId === undefined ? {} : { bulkId: m.bulkId }),
    messageId: m.messageId,
    sentAt: formatTime(m.submitAt),
    doneAt: formatTime(v.since),
    mccMnc: "28601",
    price,
    status: Status.toWire(v.status),
    error: Status.MessageErrors[v.error]
  }
  const callback = kind === "report" && m.callbackData !== undefined ? { callbackData: m.callbackData } : {}
  if (version === 1) {
    return {
      ...common,
      to: m.to,
      ...(m.sender === undefined ? {} : { from: m.sender }),
      ...(kind === "log" ? { text: m.text } : {}),
      smsCount: m.parts,
      ...callback,
      ...(m.applicationId === undefined ? {} : { applicationId: m.applicationId }),
      ...(m.entityId === undefined ? {} : { entityId: m.entityId })
    }
  }
  return {
    ...common,
    ...(kind === "log" ? { destination: m.to, content: { text: m.text } } : { to: m.to }),
    ...(m.sender === undefined ? {} : { sender: m.sender }),
    messageCount: m.parts,
    ...callback,
    ...(m.applicationId === undefined && m.entityId === undefined
      ? {}
      : {
          platform: {
            ...(m.applicationId === undefined ? {} : { applicationId: m.applicationId }),
            ...(m.entityId === undefined ? {} : { entityId: m.entityId })
          }
        }),
    ...(m.campaignReferenceId === undefined ? {} : { campaignReferenceId: m.campaignReferenceId })
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Reports (destructive) and logs
// ---------------------------------------------------------------------------------------------------------------------

/** Filters of the report endpoints. */
export interface ReportQuery {
  readonly bulkId?: string | undefined
  readonly messageId?: string | undefined
  readonly limit: number
  readonly applicationId?: string | undefined
  readonly entityId?: string | undefined
  readonly campaignReferenceId?: string | undefined
}

/**
 * Takes up to `limit` final reports not yet returned, oldest first, and marks them taken: each report is returned
 * once. Messages with a webhook URL report there instead, and reports older than the retention are gone.
 */
export const takeReports = (state: State, account: Account, q: ReportQuery, now: number, version: 1 | 3) => {
  const out: Array<ReturnType<typeof reportOf>> = []
  const oldest = now - state.behaviour.retentionMillis
  for (const m of account.messages) {
    if (out.length >= q.limit) break
    if (m.reportTaken || m.notifyUrl !== undefined || m.submitAt < oldest) continue
    if (q.bulkId !== undefined && m.bulkId !== q.bulkId) continue
    if (q.messageId !== undefined && m.messageId !== q.messageId) continue
    if (q.applicationId !== undefined && m.applicationId !== q.applicationId) continue
    if (q.entityId !== undefined && m.entityId !== q.entityId) continue
    if (q.campaignReferenceId !== undefined && m.campaignReferenceId !== q.campaignReferenceId) continue
    if (!view(state, account, m, now).final) continue
    m.reportTaken = true
    out.push(reportOf(state, account, m, now, version, "report"))
  }
  return { results: out }
}

/** Filters of the log endpoints (v1 names the parties `from`/`to`, v3 `sender`/`destination`). */
export interface LogQuery {
  readonly sender?: string | undefined
  readonly destination?: string | undefined
  readonly bulkIds?: ReadonlyArray<string> | undefined
  readonly messageIds?: ReadonlyArray<string> | undefined
  readonly generalStatus?: string | undefined
  readonly sentSince?: number | undefined
  readonly sentUntil?: number | undefined
  readonly limit: number
  readonly applicationId?: string | undefined
  readonly entityId?: string | undefined
  readonly campaignReferenceIds?: ReadonlyArray<string> | undefined
  /** v3: the sequence number after which to continue. */
  readonly after?: number | undefined
}

/**
 * The logs matching `q`, oldest first, at most `limit`; `next` is the last sequence number returned when more
 * remain (what a v3 cursor encodes). `sentSince` and `sentUntil` are inclusive.
 */
export const logs = (state: State, account: Account, q: LogQuery, now: number, version: 1 | 3) => {
  const oldest = now - state.behaviour.retentionMillis
  // Logs lag behind acceptance: what was accepted in the last `logLagMillis` is not visible yet.
  const newest = now - state.behaviour.logLagMillis
  const out: Array<ReturnType<typeof reportOf>> = []
  let last: number | undefined
  let more = false
  for (const m of account.messages) {
    if (m.submitAt < oldest) continue
    if (m.submitAt > newest) continue
    if (q.after !== undefined && m.seq <= q.after) continue
    if (q.sentSince !== undefined && m.submitAt < q.sentSince) continue
    if (q.sentUntil !== undefined && m.submitAt > q.sentUntil) continue
    if (q.sender !== undefined && m.sender !== q.sender) continue
    if (q.destination !== undefined && m.to !== q.destination) continue
    if (q.bulkIds !== undefined && (m.bulkId === undefined || !q.bulkIds.includes(m.bulkId))) continue
    if (q.messageIds !== undefined && !q.messageIds.includes(m.messageId)) continue
    if (q.applicationId !== undefined && m.applicationId !== q.applicationId) continue
    if (q.entityId !== undefined && m.entityId !== q.entityId) continue
    if (
      q.campaignReferenceIds !== undefined &&
      (m.campaignReferenceId === undefined || !q.campaignReferenceIds.includes(m.campaignReferenceId))
    )
      continue
    if (q.generalStatus !== undefined) {
      const group = Status.Statuses[view(state, account, m, now).status].groupName
      if (group !== q.generalStatus) continue
    }
    if (out.length >= q.limit) {
      more = true
      break
    }
    out.push(reportOf(state, account, m, now, version, "log"))
    last = m.seq
  }
  return { results: out, next: more ? last : undefined }
}

/** Encodes a v3 cursor: opaque to clients, bound to the account so it cannot be replayed elsewhere. */
export const encodeCursor = (account: Account, after: number): string =>
  Buffer.from(JSON.stringify({ a: account.id, s: after }), "utf8").toString("base64url")

/** Decodes a v3 cursor; undefined when it is not one of ours. */
export const decodeCursor = (account: Account, cursor: string): number | undefined => {
  try {
    const v = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { a?: unknown; s?: unknown }
    return v.a === account.id && typeof v.s === "number" && Number.isInteger(v.s) ? v.s : undefined
  } catch {
    return undefined
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Bulks
// ---------------------------------------------------------------------------------------------------------------------

/** The status of a bulk at `now`: a pending bulk whose time has come is PROCESSING, then FINISHED. */
export const bulkStatus = (state: State, account: Account, bulk: Bulk, now: number): Bulk["status"] => {
  if (bulk.status !== "PENDING") return bulk.status
  const at = Math.max(bulk.sendAt, bulk.resumedAt ?? bulk.sendAt)
  if (now < at) return "PENDING"
  return bulk.messages.every((m) => view(state, account, m, now).final) ? "FINISHED" : "PROCESSING"
}

/** Reschedules a bulk that has not gone out; an error message otherwise. */
export const rescheduleBulk = (
  state: State,
  account: Account,
  bulkId: string,
  sendAt: number,
  now: number
): string | undefined => {
  const bulk = account.bulks.get(bulkId)
  if (bulk === undefined) return "not-found"
  const s = bulkStatus(state, account, bulk, now)
  if (s !== "PENDING" && s !== "PAUSED") return `a ${s} bulk cannot be rescheduled`
  bulk.sendAt = sendAt
  bulk.resumedAt = undefined
  return undefined
}

/** Pauses (PAUSED), resumes (PENDING) or cancels (CANCELED) a bulk; an error message when the move is not allowed. */
export const setBulkStatus = (
  state: State,
  account: Account,
  bulkId: string,
  target: string,
  now: number
): string | undefined => {
  const bulk = account.bulks.get(bulkId)
  if (bulk === undefined) return "not-found"
  const s = bulkStatus(state, account, bulk, now)
  const allowed =
    (target === "PAUSED" && s === "PENDING") ||
    (target === "PENDING" && s === "PAUSED") ||
    (target === "CANCELED" && (s === "PENDING" || s === "PAUSED"))
  if (!allowed) return `a ${s} bulk cannot become ${target}`
  if (target === "PENDING") bulk.resumedAt = now
  bulk.status = target as Bulk["status"]
  if (target === "CANCELED") {
    // A cancelled message never goes out: its credit comes back.
    for (const m of bulk.messages) account.balance += m.parts * state.behaviour.pricePerPart
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------------
// Webhooks
// ---------------------------------------------------------------------------------------------------------------------

/** A batch of reports for one URL, with its delivery attempts. */
export interface WebhookBatch {
  readonly url: string
  readonly version: 1 | 3
  readonly results: ReadonlyArray<ReturnType<typeof reportOf>>
  attempts: number
  dueAt: number
}

/**
 * The webhook batches due at `now`: reports not yet pushed (final ones, and intermediate ones for messages that
 * asked), grouped by URL in batches of at most `webhookBatch`, followed by earlier batches whose retry is due.
 */
export const dueWebhooks = (state: State, now: number): Array<WebhookBatch> => {
  const fresh = new Map<string, Array<ReturnType<typeof reportOf>>>()
  for (const account of state.accounts) {
    if (account.pushable.length === 0) continue
    for (const m of account.pushable) {
      if (m.notifyUrl === undefined || m.reportTaken) continue
      const v = view(state, account, m, now)
      const wanted = v.final || (m.intermediateReport && v.status !== "PENDING_ACCEPTED")
      if (!wanted || m.pushed.has(v.status)) continue
      m.pushed.add(v.status)
      if (v.final) m.reportTaken = true
      const key = `${m.version === 3 ? 3 : 1} ${m.notifyUrl}`
      const list = fresh.get(key) ?? []
      list.push(reportOf(state, account, m, now, m.version === 3 ? 3 : 1, "report"))
      fresh.set(key, list)
    }
  }
  for (const account of state.accounts) {
    if (account.pushable.some((m) => m.reportTaken)) account.pushable = account.pushable.filter((m) => !m.reportTaken)
  }
  const out: Array<WebhookBatch> = []
  for (const [key, list] of fresh) {
    const space = key.indexOf(" ")
    const version = key.slice(0, space) === "3" ? 3 : 1
    const url = key.slice(space + 1)
    for (let i = 0; i < list.length; i += state.behaviour.webhookBatch) {
      out.push({ url, version, results: list.slice(i, i + state.behaviour.webhookBatch), attempts: 0, dueAt: now })
    }
  }
  for (let i = state.webhookRetries.length - 1; i >= 0; i--) {
    const b = state.webhookRetries[i]!
    if (b.dueAt <= now) {
      state.webhookRetries.splice(i, 1)
      out.push(b)
    }
  }
  return out
}

/** Records a delivery attempt: a failed batch is retried after the next delay, until the delays run out. */
export const webhookAttempted = (state: State, batch: WebhookBatch, ok: boolean, now: number): void => {
  batch.attempts++
  if (ok) return
  const delay = state.behaviour.webhookRetryDelays[batch.attempts - 1]
  if (delay === undefined) return
  batch.dueAt = now + delay
  state.webhookRetries.push(batch)
}

/** A seed from a string or number, as the other simulators take it. */
export const seedOf = (seed: string | number): number => seedHash(seed)
