/**
 * The TurkeySMS model: accounts, messages and their lifecycle, the per-minute limit, V4's dedupe window, OTP codes,
 * balances and webhook events, as plain synchronous logic over request parameters (`docs/providers/turkeysms.md`).
 * The HTTP side (routing, body parsing, status codes, faults) wraps it; nothing here touches a socket or a timer.
 *
 * A message's outcome and delays are pure functions of the seed and its id, computed when read: the state stores
 * only what was sent and when.
 */
import { PhoneNumber, Segments } from "@effect-sms/core"
import { Result } from "effect"
import { MinHeap } from "../internal/heap.ts"
import { hash, seedHash, unit } from "../internal/random.ts"
import { formatTimestamp, parseTimestamp } from "../internal/turkeyTime.ts"

/** The routes, named by what they do; `api` says which generation was called. */
export type Route =
  | "auth/check"
  | "sms/send"
  | "sms/send-many"
  | "sms/send-get"
  | "group/send"
  | "group/sendMixed"
  | "otp/send"
  | "otp/detailed"
  | "sms/status"
  | "balance"
  | "senders"
  | "blacklist/add"

/** An account's permissions. A missing one is granted. */
export interface Permissions {
  /** POST sends (TS-1061 when off). */
  readonly post?: boolean | undefined
  /** The v3 GET send (TS-1062 when off). */
  readonly get?: boolean | undefined
  /** Status queries (TS-1063 when off). */
  readonly status?: boolean | undefined
  /** Balance queries (TS-1065 when off). */
  readonly balance?: boolean | undefined
  /** OTP sends (TS-1065 when off). */
  readonly otp?: boolean | undefined
  /** Group sends (TS-1065 when off). */
  readonly bulk?: boolean | undefined
}

/** An account as configured. */
export interface AccountOptions {
  readonly apiKey: string
  /** TS-1030 when false. Default true. */
  readonly active?: boolean | undefined
  /** Approved sender IDs (case-sensitive). */
  readonly senders?: ReadonlyArray<string> | undefined
  /** Sender IDs that exist but are not active yet (TS-1028). */
  readonly pendingSenders?: ReadonlyArray<string> | undefined
  /** SMS credits for Turkey, and TL for international messages. */
  readonly balance?: { readonly sms?: number | undefined; readonly internationalTl?: number | undefined } | undefined
  /** Whether international numbers are enabled (TS-1032 when not). Default false. */
  readonly international?: boolean | undefined
  readonly permissions?: Permissions | undefined
  /** Messages per sliding minute (TS-1060 above it). Default 100. */
  readonly perMinuteLimit?: number | undefined
  readonly blacklist?: ReadonlyArray<string> | undefined
  /** Where V4 webhooks go, signed with the secret. */
  readonly webhook?: { readonly url: string; readonly secret: string } | undefined
}

/** Model options. */
export interface ModelOptions {
  readonly seed?: string | number | undefined
  /** How long V4 drops an identical send. Default 120 s (the provider says "a short window"). */
  readonly dedupeWindowMillis?: number | undefined
  /** Shares of final outcomes; the rest is delivered. Defaults: 5% failed, 2% expired. */
  readonly failedRatio?: number | undefined
  readonly expiredRatio?: number | undefined
  /** Delay from due to `sent`, and from `sent` to delivered/failed. Defaults 1–5 s and 1–30 s. */
  readonly sentDelayMillis?: { readonly min: number; readonly max: number } | undefined
  readonly finalDelayMillis?: { readonly min: number; readonly max: number } | undefined
  /** How long an undelivered message waits before it expires. Default 24 h (the provider's help pages). */
  readonly validityMillis?: number | undefined
  /** TL per part of an international message. Default 0.5. */
  readonly internationalPrice?: number | undefined
  /** The first message id. Default 1000007721 (the documentation's example id). */
  readonly firstId?: number | undefined
}

/** The model's settings, defaults applied. */
export interface Settings {
  readonly dedupeWindowMillis: number
  readonly failedRatio: number
  readonly expiredRatio: number
  readonly sentDelayMillis: { readonly min: number; readonly max: number }
  readonly finalDelayMillis: { readonly min: number; readonly max: number }
  readonly validityMillis: number
  readonly internationalPrice: number
  readonly firstId: number
}

/** A message sent during the run. */
export interface Message {
  readonly id: number
  readonly apiKey: string
  readonly api: "v4" | "v3"
  readonly route: Route
  readonly title: string | undefined
  readonly number: string
  readonly text: string
  readonly parts: number
  readonly international: boolean
  readonly submitAt: number
  readonly dueAt: number
  readonly otp: string | undefined
  readonly outcome: "delivered" | "failed" | "expired"
  /** When the message turns `sent` (`undefined`: it fails while still queued). */
  readonly sentAt: number | undefined
  readonly finalAt: number
  /** The cost taken from the balance: SMS credits or TL. */
  readonly cost: number
  refunded: boolean
}

/** A message's state at an instant. */
export type State = "queued" | "sent" | "delivered" | "failed" | "expired"

/** A webhook delivery due on the simulated clock. */
export interface WebhookEvent {
  readonly message: Message
  readonly eventType: "sms.sent" | "sms.delivered" | "sms.failed"
  readonly status: State
  /** 0 for the first delivery, then one more per retry. */
  readonly attempt: number
}

/** The live state of an account. */
export interface Account {
  readonly apiKey: string
  active: boolean
  readonly senders: Set<string>
  readonly pendingSenders: Set<string>
  sms: number
  internationalTl: number
  international: boolean
  permissions: Required<{ [K in keyof Permissions]: boolean }>
  perMinuteLimit: number
  readonly blacklist: Set<string>
  webhook: { readonly url: string; readonly secret: string } | undefined
  /** Messages accepted in the last minute: `[at, count]`, oldest first. */
  readonly window: Array<readonly [number, number]>
  /** V4 dedupe: fingerprint → when it was first accepted and the answer given. */
  readonly recent: Map<string, { readonly at: number; readonly payload: Readonly<Record<string, unknown>> }>
}

/** What a route answers: a result code, the fields beside it, and the messages it created. */
export interface Outcome {
  readonly code: string
  readonly payload?: Readonly<Record<string, unknown>> | undefined
  /** Messages accepted by this call (0 for reads, refusals and dropped duplicates). */
  readonly messages?: number | undefined
  /** True when V4 dropped the call as an identical repeat. */
  readonly deduplicated?: boolean | undefined
  /** The verdict is `result` alone, without `result_code` and `result_message` (v3's documented status answer). */
  readonly bare?: boolean | undefined
}

/** The whole model. */
export interface Model {
  readonly seed: number
  readonly options: Settings
  readonly accounts: Map<string, Account>
  readonly messages: Map<number, Message>
  nextId: number
  /** Unrefunded failed/expired messages by when they become final. */
  readonly refunds: MinHeap<Message>
  readonly webhooks: MinHeap<WebhookEvent>
  /** Identical V4 sends dropped by the dedupe window. */
  readonly stats: { deduplicated: number }
}

const MinuteMillis = 60_000

const permissionsOf = (p: Permissions | undefined): Account["permissions"] => ({
  post: p?.post ?? true,
  get: p?.get ?? true,
  status: p?.status ?? true,
  balance: p?.balance ?? true,
  otp: p?.otp ?? true,
  bulk: p?.bulk ?? true
})

/** Makes an account's live state. */
export const makeAccount = (o: AccountOptions): Account => ({
  apiKey: o.apiKey,
  active: o.active ?? true,
  senders: new Set(o.senders ?? []),
  pendingSenders: new Set(o.pendingSenders ?? []),
  sms: o.balance?.sms ?? 10_000,
  internationalTl: o.balance?.internationalTl ?? 0,
  international: o.international ?? false,
  permissions: permissionsOf(o.permissions),
  perMinuteLimit: o.perMinuteLimit ?? 100,
  blacklist: new Set((o.blacklist ?? []).map((n) => toWire(n) ?? n)),
  webhook: o.webhook,
  window: [],
  recent: new Map()
})

/** Makes a model. */
export const make = (accounts: ReadonlyArray<AccountOptions>, options: ModelOptions = {}): Model => ({
  seed: seedHash(options.seed ?? "turkeysms"),
  options: {
    dedupeWindowMillis: options.dedupeWindowMillis ?? 120_000,
    failedRatio: options.failedRatio ?? 0.05,
    expiredRatio: options.expiredRatio ?? 0.02,
    sentDelayMillis: options.sentDelayMillis ?? { min: 1_000, max: 5_000 },
    finalDelayMillis: options.finalDelayMillis ?? { min: 1_000, max: 30_000 },
    validityMillis: options.validityMillis ?? 86_400_000,
    internationalPrice: options.internationalPrice ?? 0.5,
    firstId: options.firstId ?? 1_000_007_721
  },
  accounts: new Map(accounts.map((a) => [a.apiKey, makeAccount(a)])),
  messages: new Map(),
  nextId: options.firstId ?? 1_000_007_721,
  refunds: new MinHeap(),
  webhooks: new MinHeap(),
  stats: { deduplicated: 0 }
})

// ---------------------------------------------------------------------------------------------------------------------
// Reading parameters
// ---------------------------------------------------------------------------------------------------------------------

/** Request parameters: a JSON body's object, or a query string's pairs. */
export type Params = Readonly<Record<string, unknown>>

const str = (u: unknown): string | undefined =>
  typeof u === "string" ? u : typeof u === "number" && Number.isFinite(u) ? String(u) : undefined

const int = (u: unknown): number | undefined => {
  if (typeof u === "number") return Number.isSafeInteger(u) ? u : undefined
  if (typeof u === "string" && /^\s*-?\d{1,15}\s*$/.test(u)) return Number(u)
  return undefined
}

const nonEmpty = (u: unknown): string | undefined => {
  const s = str(u)
  return s === undefined || s.trim() === "" ? undefined : s
}

/** The first present parameter among `keys` (the SDKs and the docs disagree on some names). */
const param = (params: Params, ...keys: ReadonlyArray<string>): unknown => {
  for (const k of keys) if (Object.hasOwn(params, k) && params[k] !== undefined && params[k] !== null) return params[k]
  return undefined
}

/** A number as the provider takes it (digits, international form), or `undefined` when it is not a number. */
export const toWire = (input: string): string | undefined => {
  const compact = input.replace(/[\s\-.()]/g, "")
  const digits = compact.startsWith("+") ? compact.slice(1) : compact.startsWith("00") ? compact.slice(2) : compact
  if (!/^\d{8,15}$/.test(digits)) return undefined
  return digits
}

// Operator codes no Turkish carrier uses: 500, 56x but 561, 57x to 59x (inferred from the national numbering plan;
// the provider only says an invalid number is refused with TS-1034).
const unassignedPrefix = /^90(500|56[02-9]|5[7-9]\d)/

/** Classifies a wire number: a Turkish mobile (`90…`), an international mobile, or invalid. */
const classify = (
  input: string
): { readonly kind: "turkish" | "international"; readonly number: string } | undefined => {
  const turkish = PhoneNumber.normalizeTurkishMobile(input)
  if (Result.isSuccess(turkish)) {
    return unassignedPrefix.test(turkish.success) ? undefined : { kind: "turkish", number: turkish.success }
  }
  const digits = toWire(input)
  // A Turkish landline or a short number is invalid (TS-1034); another country's mobile is international.
  if (digits === undefined || digits.startsWith("90") || digits.startsWith("0")) return undefined
  const international = PhoneNumber.normalizeInternational(`+${digits}`)
  return Result.isSuccess(international) ? { kind: "international", number: digits } : undefined
}

/** `sentto` as one number, a comma-separated list, or an array. */
const numbersOf = (u: unknown): ReadonlyArray<string> => {
  if (Array.isArray(u)) return u.map((x) => str(x) ?? "")
  const s = str(u)
  if (s === undefined || s.trim() === "") return []
  return s.split(",").map((x) => x.trim())
}

// ---------------------------------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------------------------------

const between = (u: number, r: { readonly min: number; readonly max: number }) =>
  Math.round(r.min + u * (r.max - r.min))

/** The state of a message at `now`. */
export const stateAt = (m: Message, now: number): State => {
  if (now >= m.finalAt) return m.outcome
  if (m.sentAt !== undefined && now >= m.sentAt) return "sent"
  return "queued"
}

const outcomeOf = (model: Model, id: number, blacklisted: boolean, due: number) => {
  const o = model.options
  const u = unit(model.seed, id, 1)
  const outcome: Message["outcome"] = blacklisted
    ? "failed"
    : u < o.failedRatio
      ? "failed"
      : u < o.failedRatio + o.expiredRatio
        ? "expired"
        : "delivered"
  // Half of the failures happen before the operator takes the message (`queued → failed`).
  const failsQueued = outcome === "failed" && (blacklisted || unit(model.seed, id, 2) < 0.5)
  const sentAt = failsQueued ? undefined : due + between(unit(model.seed, id, 3), o.sentDelayMillis)
  const finalAt =
    outcome === "expired"
      ? sentAt! + o.validityMillis
      : (sentAt ?? due) + between(unit(model.seed, id, 4), o.finalDelayMillis)
  return { outcome, sentAt, finalAt }
}

/** Refunds failed and expired messages that became final by `now` (the provider returns their cost). */
export const settle = (model: Model, now: number): void => {
  for (const m of model.refunds.popDue(now)) {
    if (m.refunded) continue
    m.refunded = true
    const account = model.accounts.get(m.apiKey)
    if (account === undefined) continue
    if (m.international) account.internationalTl += m.cost
    else account.sms += m.cost
  }
}

const sentInLastMinute = (account: Account, now: number): number => {
  const w = account.window
  while (w.length > 0 && w[0]![0] <= now - MinuteMillis) w.shift()
  let n = 0
  for (const [, count] of w) n += count
  return n
}

/** The messages an account sent in the minute before `now`. */
export const lastMinute = (model: Model, apiKey: string, now: number): number => {
  const account = model.accounts.get(apiKey)
  return account === undefined ? 0 : sentInLastMinute(account, now)
}

const langWord = (lang: number): string => (lang === 0 ? "English" : lang === 1 ? "Turkish" : "Arabic")
const contentWord = (ct: number): string => (ct === 1 ? "High Quality" : ct === 2 ? "Advertising" : "Transactional")

/** The billed parts of a text sent with `sms_lang`: the simulator's own count (3GPP sizes, 155/149 for Turkish). */
export const billedParts = (text: string, lang: number): number => {
  const natural = Segments.count(text)
  const needed = natural.encoding === "gsm7" ? 0 : natural.encoding === "ucs2" ? 2 : 1
  // A text the chosen language cannot carry is billed in the language it needs.
  const effective = Math.max(needed, lang)
  if (effective === 2) {
    const units = text.length
    return units <= 70 ? 1 : Math.ceil(units / 67)
  }
  if (effective === 1) return Segments.count(text, { limits: { gsm7: { single: 155, multi: 149 } } }).segments
  return natural.segments
}

// ---------------------------------------------------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------------------------------------------------

/** What a call is: its route, the API generation, its parameters (body or query), and the time. */
export interface Call {
  readonly route: Route
  readonly api: "v4" | "v3"
  readonly params: Params
  readonly now: number
}

const fail = (code: string): Outcome => ({ code })

/** Checks the key and the account, then the route's permission. */
const authorize = (model: Model, call: Call): Account | Outcome => {
  const key = nonEmpty(call.params.api_key)
  if (key === undefined) return fail("TS-1050")
  const account = model.accounts.get(key.trim())
  if (account === undefined) return fail("TS-1031")
  if (!account.active) return fail("TS-1030")
  const p = account.permissions
  switch (call.route) {
    case "sms/send":
    case "sms/send-many":
      return p.post ? account : fail("TS-1061")
    case "group/send":
    case "group/sendMixed":
      return !p.post ? fail("TS-1061") : p.bulk ? account : fail("TS-1065")
    case "sms/send-get":
      return p.get ? account : fail("TS-1062")
    case "otp/send":
    case "otp/detailed":
      return p.otp ? account : fail("TS-1065")
    case "sms/status":
      return p.status ? account : fail("TS-1063")
    case "balance":
      return p.balance ? account : fail("TS-1065")
    default:
      return account
  }
}

interface Recipient {
  readonly number: string
  readonly international: boolean
}

/** Checks a list of numbers: empty → TS-1025, invalid → TS-1034, international not enabled → TS-1032. */
const recipientsOf = (account: Account, raw: ReadonlyArray<string>): ReadonlyArray<Recipient> | Outcome => {
  if (raw.length === 0 || raw.every((n) => n.trim() === "")) return fail("TS-1025")
  const out: Array<Recipient> = []
  for (const n of raw) {
    const c = classify(n)
    if (c === undefined) return fail("TS-1034")
    if (c.kind === "international" && !account.international) return fail("TS-1032")
    out.push({ number: c.number, international: c.kind === "international" })
  }
  return out
}

const titleOf = (account: Account, raw: unknown): string | Outcome => {
  const title = nonEmpty(raw)
  if (title === undefined) return fail("TS-1051")
  if (account.pendingSenders.has(title)) return fail("TS-1028")
  if (!account.senders.has(title)) return fail("TS-1029")
  return title
}

/** A schedule: `scheduled_sms` 1 with `scheduled_date` YYYY-MM-DD and `scheduled_time` HH:MM, in the future. */
const scheduleOf = (params: Params, now: number): number | undefined | Outcome => {
  const flag = int(params.scheduled_sms)
  if (flag !== 1) return undefined
  const date = str(params.scheduled_date)?.trim() ?? ""
  const time = str(params.scheduled_time)?.trim() ?? ""
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return fail("TS-1033")
  const at = parseTimestamp(`${date} ${time}:00`)
  if (at === undefined) return fail("TS-1033")
  // The minute the request arrives in still counts as "now" (inferred): only earlier minutes are the past.
  if (at < now - (now % MinuteMillis)) return fail("TS-1033")
  return Math.max(at, now)
}

const isOutcome = (u: unknown): u is Outcome => typeof u === "object" && u !== null && "code" in u

/** One text to one number (OTP routes and single sends). */
interface Plan {
  readonly number: string
  readonly international: boolean
  readonly text: string
  readonly lang: number
  readonly otp?: string | undefined
}

/** The fingerprint of a send: everything that makes it the same send (V4 dedupe). */
const fingerprint = (call: Call, title: string | undefined, plans: ReadonlyArray<Plan>, due: number | undefined) =>
  JSON.stringify([
    call.route,
    title ?? "",
    due ?? 0,
    plans.map((p) => [p.number, p.otp === undefined ? p.text : "otp", p.lang])
  ])

/** Accepts a planned send: dedupe, per-minute limit, balance, then messages and their events. */
const accept = (
  model: Model,
  call: Call,
  account: Account,
  title: string | undefined,
  plans: ReadonlyArray<Plan>,
  options: { readonly due?: number | undefined; readonly contentType?: number | undefined; readonly otpKey?: string }
): Outcome => {
  const now = call.now
  let print: string | undefined
  if (call.api === "v4") {
    // For OTP the server picks the code, so the fingerprint leaves it out: the repeat gets the first answer back.
    print = fingerprint(call, title, plans, options.due)
    for (const [k, v] of account.recent) {
      if (v.at > now - model.options.dedupeWindowMillis) break
      account.recent.delete(k)
    }
    const seen = account.recent.get(print)
    if (seen !== undefined) {
      model.stats.deduplicated++
      return { code: "TS-1024", payload: seen.payload, messages: 0, deduplicated: true }
    }
  }
  const sent = sentInLastMinute(account, now)
  if (sent + plans.length > account.perMinuteLimit) {
    return { code: "TS-1060", payload: { total_has_sent_last_1_min: sent } }
  }
  let sms = 0
  let tl = 0
  const parts = plans.map((p) => billedParts(p.text, p.lang))
  plans.forEach((p, i) => {
    if (p.international) tl += parts[i]! * model.options.internationalPrice
    else sms += parts[i]!
  })
  if (sms > account.sms || tl > account.internationalTl + 1e-9) return fail("TS-1027")
  account.sms -= sms
  account.internationalTl -= tl
  const due = options.due ?? now
  const firstId = model.nextId
  plans.forEach((p, i) => {
    const id = model.nextId++
    const blacklisted = account.blacklist.has(p.number)
    const life = outcomeOf(model, id, blacklisted, due)
    const message: Message = {
      id,
      apiKey: account.apiKey,
      api: call.api,
      route: call.route,
      title,
      number: p.number,
      text: p.otp === undefined ? p.text : p.text.split("TS-CODE").join(p.otp).split("TS_CODE").join(p.otp),
      parts: parts[i]!,
      international: p.international,
      submitAt: now,
      dueAt: due,
      otp: p.otp,
      ...life,
      cost: p.international ? parts[i]! * model.options.internationalPrice : parts[i]!,
      refunded: false
    }
    model.messages.set(id, message)
    if (life.outcome !== "delivered") model.refunds.push(life.finalAt, message)
    if (account.webhook !== undefined && call.api === "v4") {
      if (life.sentAt !== undefined) {
        model.webhooks.push(life.sentAt, { message, eventType: "sms.sent", status: "sent", attempt: 0 })
      }
      model.webhooks.push(life.finalAt, {
        message,
        eventType: life.outcome === "delivered" ? "sms.delivered" : "sms.failed",
        status: life.outcome,
        attempt: 0
      })
    }
  })
  account.window.push([now, plans.length])
  const lang = plans.reduce((m, p) => Math.max(m, p.lang), 0)
  const payload: Record<string, unknown> = {
    sms_id: firstId,
    number_of_sms: parts.reduce((a, b) => a + b, 0),
    total_recipients: plans.length,
    success_count: plans.length,
    total_has_sent_last_1_min: sent + plans.length,
    sms_lang: langWord(lang),
    ...(options.otpKey === undefined ? { content_type: contentWord(options.contentType ?? 0) } : {}),
    country: plans.every((p) => !p.international) ? "Turkey-TR" : "International",
    ...(options.otpKey === undefined ? {} : { otp_code: plans[0]!.otp })
  }
  if (print !== undefined) account.recent.set(print, { at: now, payload })
  return { code: "TS-1024", payload, messages: plans.length }
}

const langOf = (u: unknown, fallback: number): number | Outcome => {
  if (u === undefined || u === "") return fallback
  const n = int(u)
  return n === 0 || n === 1 || n === 2 ? n : fail("TS-1033")
}

const sendOne = (model: Model, call: Call, account: Account, many: boolean): Outcome => {
  const p = call.params
  const isGet = call.route === "sms/send-get"
  const title = titleOf(account, p.title)
  if (isOutcome(title)) return title
  // The docs say `sentto`; the official SDKs send `mobile`; the v3 GET send documents `mobile`.
  const raw = numbersOf(param(p, ...(isGet ? ["mobile", "sentto"] : ["sentto", "mobile"])))
  const text = nonEmpty(p.text)
  const recipients = recipientsOf(account, raw)
  if (isOutcome(recipients)) return recipients
  if (text === undefined) return fail("TS-1026")
  if (!many && call.api === "v3" && recipients.length > 1 && !isGet) return fail("TS-1034")
  const lang = langOf(param(p, ...(isGet ? ["lang", "sms_lang"] : ["sms_lang", "lang"])), 2)
  if (isOutcome(lang)) return lang
  const contentType = langOf(p.content_type, 0)
  if (isOutcome(contentType)) return contentType
  const due = call.api === "v4" ? scheduleOf(p, call.now) : undefined
  if (isOutcome(due)) return due
  const plans = recipients.map((r) => ({ ...r, text, lang }))
  return accept(model, call, account, title, plans, { due, contentType })
}

const sendGroup = (model: Model, call: Call, account: Account): Outcome => {
  const p = call.params
  const title = titleOf(account, p.title)
  if (isOutcome(title)) return title
  const recipients = recipientsOf(account, numbersOf(p.sentto))
  if (isOutcome(recipients)) return recipients
  const text = nonEmpty(p.text)
  if (text === undefined) return fail("TS-1026")
  const lang = langOf(p.sms_lang, 2)
  if (isOutcome(lang)) return lang
  const contentType = langOf(p.content_type, 0)
  if (isOutcome(contentType)) return contentType
  return accept(
    model,
    call,
    account,
    title,
    recipients.map((r) => ({ ...r, text, lang })),
    { contentType }
  )
}

const sendMixed = (model: Model, call: Call, account: Account): Outcome => {
  const p = call.params
  const title = titleOf(account, p.title)
  if (isOutcome(title)) return title
  if (!Array.isArray(p.text) || !Array.isArray(p.sentto)) return fail("TS-1033")
  const recipients = recipientsOf(account, numbersOf(p.sentto))
  if (isOutcome(recipients)) return recipients
  const texts = p.text.map((t) => nonEmpty(t))
  if (texts.length === 0 || texts.some((t) => t === undefined)) return fail("TS-1026")
  if (texts.length !== recipients.length) return fail("TS-1033")
  const lang = langOf(p.sms_lang, 2)
  if (isOutcome(lang)) return lang
  const contentType = langOf(p.content_type, 0)
  if (isOutcome(contentType)) return contentType
  return accept(
    model,
    call,
    account,
    title,
    recipients.map((r, i) => ({ ...r, text: texts[i]!, lang })),
    { contentType }
  )
}

const otpTemplates: Record<number, string> = {
  0: "Your verification code is: TS-CODE",
  1: "Doğrulama kodunuz: TS-CODE",
  2: "رمز التحقق الخاص بك: TS-CODE"
}

const sendOtp = (model: Model, call: Call, account: Account, custom: boolean): Outcome => {
  const p = call.params
  let title: string | undefined
  // OTP needs no approved sender ID (v3 docs); a custom OTP carries the account's title, which must exist.
  if (custom) {
    const t = titleOf(account, p.title)
    if (isOutcome(t)) return t
    title = t
  } else {
    title = nonEmpty(p.title)
  }
  const recipients = recipientsOf(account, numbersOf(param(p, "mobile", "sentto")))
  if (isOutcome(recipients)) return recipients
  if (recipients.length !== 1) return fail("TS-1034")
  const digits = p.digits === undefined || p.digits === "" ? (call.api === "v4" ? 6 : 4) : int(p.digits)
  if (digits === undefined || digits < 4 || digits > 6) return fail("TS-1033")
  let text: string
  let lang: number
  if (custom) {
    const raw = nonEmpty(param(p, ...(call.api === "v4" ? ["text", "sms_text"] : ["sms_text", "text"])))
    if (raw === undefined) return fail("TS-1026")
    const placeholder = call.api === "v4" ? "TS-CODE" : "TS_CODE"
    if (!raw.includes(placeholder)) return fail("TS-1033")
    text = raw
    const l = langOf(p.lang, 2)
    if (isOutcome(l)) return l
    lang = l
  } else {
    const l = langOf(p.lang, 2)
    if (isOutcome(l)) return l
    lang = l
    text = otpTemplates[lang]!
  }
  const code = String(hash(model.seed, model.nextId, 5) % 10 ** digits).padStart(digits, "0")
  return accept(model, call, account, title, [{ ...recipients[0]!, text, lang, otp: code }], { otpKey: "otp" })
}

const status = (model: Model, call: Call, account: Account): Outcome => {
  const raw = nonEmpty(call.params.sms_id)
  if (raw === undefined) return fail("TS-1052")
  const id = int(raw)
  const m = id === undefined ? undefined : model.messages.get(id)
  if (m === undefined || m.apiKey !== account.apiKey) return fail("TS-1033")
  const state = stateAt(m, call.now)
  const sentAt = formatTimestamp(m.sentAt ?? m.dueAt)
  const v3Code = state === "delivered" ? "TS-1024" : state === "failed" || state === "expired" ? "TS-1022" : "TS-1023"
  const words =
    state === "delivered"
      ? "Number received the message"
      : state === "failed" || state === "expired"
        ? "The number did not receive the message"
        : "The number out of coverage did not receive the message yet"
  const common = {
    sender_id: m.id,
    date_of_sending: sentAt.slice(0, 10),
    time_of_sending: sentAt.slice(11),
    sms_status: words,
    sms_status_code: v3Code,
    sms_balance: `${m.parts} SMS`,
    operator: operatorOf(m.number)
  }
  // v3's status answer is documented with `result` and no `result_code`: written that way.
  return call.api === "v4"
    ? { code: "TS-1064", payload: { sms_id: m.id, status: state, ...common } }
    : { code: "TS-1064", payload: common, bare: true }
}

const operators = ["Turkcell", "Vodafone", "Türk Telekom"] as const
const operatorOf = (number: string): string => {
  if (!number.startsWith("90")) return "International"
  const prefix = Number(number.slice(2, 5))
  return prefix >= 530 && prefix < 540 ? operators[0] : prefix >= 540 && prefix < 550 ? operators[1] : operators[2]
}

const balance = (account: Account, call: Call): Outcome =>
  call.api === "v4"
    ? {
        code: "TS-1040",
        payload: { balance: account.sms, international_balance: round2(account.internationalTl) }
      }
    : {
        code: "TS-1040",
        payload: {
          result_message: "operation_success",
          api_key: account.apiKey,
          local_balance_sms: account.sms,
          international_balance_tl: round2(account.internationalTl)
        }
      }

const round2 = (n: number) => Math.round(n * 100) / 100

const authCheck = (account: Account): Outcome => ({
  code: "TS-1000",
  payload: {
    key_details: {
      status: "active",
      permissions: {
        send_single_sms: account.permissions.post,
        send_otp: account.permissions.otp,
        send_bulk_sms: account.permissions.bulk,
        check_balance: account.permissions.balance,
        check_sms_status: account.permissions.status
      }
    },
    account_summary: {
      account_status: account.active ? "active" : "inactive",
      balance: { main: account.sms, international: round2(account.internationalTl) }
    }
  }
})

const blacklistAdd = (account: Account, call: Call): Outcome => {
  const raw = nonEmpty(call.params.number)
  if (raw === undefined) return fail("TS-1025")
  const c = classify(raw)
  if (c === undefined) return fail("TS-1034")
  // Adding a number already listed succeeds again (inferred): the call is idempotent.
  account.blacklist.add(c.number)
  return { code: "TS-1064", payload: { number: c.number } }
}

/** Runs a call. */
export const handle = (model: Model, call: Call): Outcome => {
  settle(model, call.now)
  const account = authorize(model, call)
  if (isOutcome(account)) return account
  switch (call.route) {
    case "auth/check":
      return authCheck(account)
    case "sms/send":
      return sendOne(model, call, account, call.api === "v4")
    case "sms/send-many":
      return sendOne(model, call, account, true)
    case "sms/send-get":
      return sendOne(model, call, account, false)
    case "group/send":
      return sendGroup(model, call, account)
    case "group/sendMixed":
      return sendMixed(model, call, account)
    case "otp/send":
      return sendOtp(model, call, account, false)
    case "otp/detailed":
      return sendOtp(model, call, account, true)
    case "sms/status":
      return status(model, call, account)
    case "balance":
      return balance(account, call)
    case "senders":
      return { code: "TS-1040", payload: { sender_ids: [...account.senders] } }
    case "blacklist/add":
      return blacklistAdd(account, call)
  }
}

/** The webhook body of an event (`docs/providers/turkeysms.md` §7). */
export const webhookBody = (event: WebhookEvent, at: number) => ({
  event_type: event.eventType,
  timestamp: new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z"),
  data: { sms_id: event.message.id, status: event.status }
})

/** Schedules a failed webhook delivery again: up to `maxRetries`, 2^attempt seconds later on the simulated clock. */
export const retryWebhook = (model: Model, event: WebhookEvent, now: number, maxRetries: number): boolean => {
  if (event.attempt >= maxRetries) return false
  model.webhooks.push(now + 2 ** event.attempt * 1000, { ...event, attempt: event.attempt + 1 })
  return true
}
