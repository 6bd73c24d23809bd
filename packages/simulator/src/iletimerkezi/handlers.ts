/**
 * The iletiMerkezi methods, as functions from a request tree to a reply, shared by the JSON and XML transports.
 * Authentication has already passed when a handler runs (docs/providers/iletimerkezi-api.md "Simulator behaviour"). Each check cites the section of
 * docs/providers/iletimerkezi-api.md it reproduces; behaviour the docs leave open is marked inferred.
 */

import { createHash } from "node:crypto"
import { type IletiMerkeziEndpoints, PhoneNumber } from "@effect-sms/core"
import { Result } from "effect"
import { formatTimestamp, parseDay, parseSendDateTime, parseTimestamp } from "../internal/turkeyTime.ts"
import * as State from "./state.ts"
import { field, first, int, isObject, list, ok, type Reply, status, str } from "./wire.ts"

/** What a handler sees. */
export interface Context {
  readonly state: State.State
  readonly account: State.Account
  readonly now: number
  /** The `request` element's tree. */
  readonly request: unknown
  readonly options: HandlerOptions
}

/** Tunables of the handlers. */
export interface HandlerOptions {
  /** Orders per get-reports page: 30, inferred from the SDKs' `ceil(count / 30)` (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports"). */
  readonly getReportsPageSize: number
  /** `"page"`: `count` is the rows on this page (2026 docs); `"total"`: the rows in the window (2024 docs). */
  readonly getReportsCount: "page" | "total"
}

/** A handler's answer, and the recipient count of a send (for the request log). */
export interface Outcome {
  readonly reply: Reply
  readonly recipients?: number | undefined
}

/** A method implementation. */
export type Handler = (ctx: Context) => Outcome

const reply = (r: Reply): Outcome => ({ reply: r })

// The default and the maximum rowCount of get-report and get-blacklist (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports").
const MaxRowCount = 1000

// Operator codes no Turkish carrier uses: 500, 56x but 561, 57x to 59x. The docs only say an invalid carrier prefix
// such as 905999… is refused (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist", 466); the exact list is inferred from the national numbering plan.
const unassignedPrefix = /^90(500|56[02-9]|5[7-9]\d)/

const normalize = (u: unknown): string | undefined => {
  const s = str(u)
  if (s === undefined) return undefined
  const result = PhoneNumber.normalizeTurkishMobile(s)
  return Result.isSuccess(result) && !unassignedPrefix.test(result.success) ? result.success : undefined
}

const e164 = (n: string) => PhoneNumber.toE164(n)

// ---------------------------------------------------------------------------------------------------------------
// send-sms (docs/providers/iletimerkezi-api.md "send-sms"; the validation order: "Simulator behaviour")
// ---------------------------------------------------------------------------------------------------------------

// "≤11 chars, no Turkish chars" (docs/providers/iletimerkezi-api.md "Limits"): any character outside printable ASCII is refused; that other non-ASCII letters
// are refused too is inferred from "alphanumeric" on the get-sender page (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist").
const validSenderCharacters = /^[\x20-\x7e]*$/

const DuplicateWindowMillis = 10 * 60 * 1000

const sendSms: Handler = (ctx) => {
  const { account, now, state } = ctx
  const order = field(ctx.request, "order")
  // The sender may arrive as a one-element array (an XML-to-JSON artefact of some clients; inferred).
  const sender = str(first(field(order, "sender")))
  if (sender === undefined || sender.trim() === "") return reply(status(459))
  if (sender.length > 11 || !validSenderCharacters.test(sender)) return reply(status(460))
  // Exact match, case and spaces included (docs/providers/iletimerkezi-api.md "send-sms", 450).
  if (!account.senders.includes(sender)) return reply(status(450))

  // `message` is one object or an array of them, each with its own text and recipients (docs/providers/iletimerkezi-api.md "send-sms").
  const messages = list(field(order, "message"))
  const texts: Array<string> = []
  for (const message of messages) {
    const text = str(field(message, "text"))
    // A text of only spaces counts as empty (inferred).
    if (text === undefined || text.trim() === "") return reply(status(454))
    texts.push(text)
  }
  if (texts.length === 0) return reply(status(454))

  // `receipents` (sic, the documented spelling) sits inside `message`; `order.receipents` is the "incorrect" legacy
  // placement (docs/providers/iletimerkezi-api.md "send-sms") and so reads as no recipients at all.
  const numbers: Array<string> = []
  const textOf: Array<number> = []
  for (let m = 0; m < messages.length; m++) {
    const raw = list(field(field(messages[m], "receipents"), "number"))
    if (raw.length === 0) return reply(status(452))
    for (const n of raw) {
      const normalized = normalize(n)
      // Invalid or blacklisted recipients fail the whole order (docs/providers/iletimerkezi-api.md "send-sms", 452).
      if (normalized === undefined || account.blacklist.has(normalized)) return reply(status(452))
      numbers.push(normalized)
      textOf.push(m)
    }
  }

  const parts = texts.map(State.partsOf)
  if (parts.some((p) => p > 7)) return reply(status(453))

  // `sendDateTime`: a string, a one-element array (the docs' sample), "" or [] or absent for "now" (docs/providers/iletimerkezi-api.md "send-sms").
  const rawDate = field(order, "sendDateTime")
  const dateValue = Array.isArray(rawDate) ? rawDate[0] : rawDate
  let scheduledFor: number | undefined
  if (dateValue !== undefined && dateValue !== "") {
    const text = str(dateValue)
    const parsed = text === undefined ? undefined : parseSendDateTime(text)
    if (parsed === undefined) return reply(status(457))
    // With seconds the backend ignores the schedule and sends at once (docs/providers/iletimerkezi-api.md "send-sms"); a past time also sends at once
    // (inferred).
    if (!parsed.immediate && parsed.millis > now) scheduledFor = parsed.millis
  }

  // iys "1"/"0" or 1/0, required (docs/providers/iletimerkezi-api.md "send-sms", 468); anything else reads as unset (inferred).
  const iysRaw = field(order, "iys")
  const iys = iysRaw === "1" || iysRaw === 1 ? 1 : iysRaw === "0" || iysRaw === 0 ? 0 : undefined
  if (iys === undefined) return reply(status(468))
  if (iys === 1) {
    const iysList = str(field(order, "iysList"))
    if (iysList !== "BIREYSEL" && iysList !== "TACIR") return reply(status(469))
    if (account.iys.brandCode === undefined) return reply(status(470))
  }

  // The cost is every recipient's parts; in-flight orders hold their reservation (see State.settle).
  let cost = 0
  for (let j = 0; j < numbers.length; j++) cost += parts[textOf[j]!]!
  if (account.sms < cost) return reply(status(402))

  // Same text(s) to the same recipient set within 10 minutes, whatever the sender (docs/providers/iletimerkezi-api.md "send-sms", 451).
  const signature = duplicateSignature(texts, numbers, textOf)
  const last = account.recent.get(signature)
  if (last !== undefined && now - last < DuplicateWindowMillis && now >= last) return reply(status(451))
  pruneRecent(account, now)
  account.recent.set(signature, now)

  const created = State.createOrder(state, account, {
    sender,
    texts,
    parts,
    numbers,
    textOf: texts.length === 1 ? undefined : textOf,
    cost,
    now,
    scheduledFor
  })
  // send-sms answers the id as a string (docs/providers/iletimerkezi-api.md "Envelope and status": the C# SDK had to switch to string).
  return { reply: ok({ order: { id: String(created.id) } }), recipients: numbers.length }
}

const duplicateSignature = (
  texts: ReadonlyArray<string>,
  numbers: ReadonlyArray<string>,
  textOf: ReadonlyArray<number>
): string => {
  const byText = new Map<string, Set<string>>()
  for (let j = 0; j < numbers.length; j++) {
    const text = texts[textOf[j]!]!
    const set = byText.get(text) ?? new Set<string>()
    set.add(numbers[j]!)
    byText.set(text, set)
  }
  const canonical = [...byText]
    .map(([text, set]) => JSON.stringify([text, [...set].sort()]))
    .sort()
    .join("\n")
  return createHash("sha256").update(canonical).digest("base64")
}

const pruneRecent = (account: State.Account, now: number) => {
  if (account.recent.size < 10_000) return
  for (const [key, at] of account.recent) if (now - at >= DuplicateWindowMillis) account.recent.delete(key)
}

// ---------------------------------------------------------------------------------------------------------------
// cancel-order, get-report, get-reports (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports")
// ---------------------------------------------------------------------------------------------------------------

const orderId = (u: unknown): number | undefined => {
  const id = int(u)
  return id !== undefined && id > 0 ? id : undefined
}

const cancelOrder: Handler = (ctx) => {
  const id = orderId(field(field(ctx.request, "order"), "id"))
  const found = id === undefined ? undefined : State.findOrder(ctx.state, ctx.account, id, ctx.now)
  // Only a scheduled order that has not started can be cancelled; unknown, synthetic (read-only history), due,
  // started, finished or already cancelled orders all answer 455 (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports").
  const real = found?.real
  if (real === undefined || real.cancelled || ctx.now >= real.dueAt) return reply(status(455))
  State.cancelOrder(real)
  return reply(status(200))
}

const positive = (u: unknown, fallback: number): number => {
  const n = int(u)
  // A missing, zero or negative page or rowCount falls back to the default (inferred).
  return n === undefined || n < 1 ? fallback : n
}

/** An order's summary fields, in the documented order, as get-report and get-reports share them (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports"). */
const summary = (view: State.OrderView, counts: ReturnType<State.OrderView["counts"]>) => ({
  id: view.id,
  status: counts.status,
  total: view.total,
  delivered: counts.delivered,
  undelivered: counts.undelivered,
  waiting: counts.waiting,
  submitAt: formatTimestamp(view.submitAt),
  sendAt: formatTimestamp(view.dueAt),
  sender: view.sender
})

const getReport: Handler = (ctx) => {
  const order = field(ctx.request, "order")
  const id = orderId(field(order, "id"))
  const found = id === undefined ? undefined : State.findOrder(ctx.state, ctx.account, id, ctx.now)
  if (found === undefined) return reply(status(455))
  const view = found.view
  // A scheduled order answers 456 until it is due; once cancelled it shows 115 (the docs allow 455 too, docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports"; 115
  // keeps the cancellation observable).
  if (!view.cancelled && ctx.now < view.dueAt) return reply(status(456))
  const page = positive(field(order, "page"), 1)
  // rowCount above 1000 is clamped to 1000 (inferred; the docs only give the maximum, docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports").
  const rowCount = Math.min(positive(field(order, "rowCount"), MaxRowCount), MaxRowCount)
  const counts = view.counts(ctx.now)
  const start = (page - 1) * rowCount
  const end = Math.min(view.total, start + rowCount)
  const message: Array<{ number: string; status: number }> = []
  for (let j = start; j < end; j++) message.push({ number: e164(view.numberAt(j)), status: view.statusAt(j, ctx.now) })
  return reply(
    ok({
      order: {
        // get-report answers the id as a string, like the 2026 docs (docs/providers/iletimerkezi-api.md "Envelope and status"; "cancel-order, get-report, get-reports"), and adds the price.
        ...summary(view, counts),
        id: String(view.id),
        price: counts.price,
        message
      }
    })
  )
}

const MaxReportDays = 10

const getReports: Handler = (ctx) => {
  const filter = field(ctx.request, "filter")
  const startText = str(field(filter, "start"))
  const endText = str(field(filter, "end"))
  const start = startText === undefined ? undefined : parseDay(startText)
  const end = endText === undefined ? undefined : parseDay(endText)
  // Strict Y-m-d, end not before start, at most 10 days apart (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports", 458).
  if (start === undefined || end === undefined || end < start || end - start > MaxReportDays * 86_400_000) {
    return reply(status(458))
  }
  // `page` belongs inside `filter`; the PHP and Python SDKs put it at `request.page`, which the docs do not read, so
  // it is ignored here too (docs/providers/iletimerkezi-api.md "cancel-order, get-report, get-reports").
  const page = positive(field(filter, "page"), 1)
  const size = ctx.options.getReportsPageSize
  // The window is the Turkey-time days [start, end], both inclusive.
  const { rows, total } = State.ordersInWindow(
    ctx.state,
    ctx.account,
    start,
    end + 86_400_000,
    (page - 1) * size,
    size,
    ctx.now
  )
  const orders = rows.map((view) => {
    // get-reports answers ids as integers (docs/providers/iletimerkezi-api.md "Envelope and status", seed get-reports JSON).
    return summary(view, view.counts(ctx.now))
  })
  return reply(ok({ count: ctx.options.getReportsCount === "page" ? orders.length : total, orders }))
}

// ---------------------------------------------------------------------------------------------------------------
// get-balance, get-sender (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist")
// ---------------------------------------------------------------------------------------------------------------

const getBalance: Handler = (ctx) =>
  reply(ok({ balance: { amount: ctx.account.amount, sms: Math.max(0, Math.round(ctx.account.sms)) } }))

const getSender: Handler = (ctx) => reply(ok({ senders: { sender: [...ctx.account.senders] } }))

// ---------------------------------------------------------------------------------------------------------------
// Blacklist (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist")
// ---------------------------------------------------------------------------------------------------------------

const filterInstant = (u: unknown): number | undefined => {
  const s = str(u)
  if (s === undefined || s === "") return undefined
  // Documented as `YYYY-MM-DD HH:MM:SS`; a bare date is accepted as its midnight (inferred).
  return parseTimestamp(s) ?? parseDay(s)
}

const getBlacklist: Handler = (ctx) => {
  // Everything sits under `request.blacklist` (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist": top-level paging is silently dropped by the real API).
  const params = field(ctx.request, "blacklist")
  const filter = field(params, "filter")
  // A filter that does not parse is ignored (inferred: no error code is documented for it).
  const from = filterInstant(field(filter, "start")) ?? Number.NEGATIVE_INFINITY
  const to = filterInstant(field(filter, "end")) ?? Number.POSITIVE_INFINITY
  const page = positive(field(params, "page"), 1)
  const rowCount = Math.min(positive(field(params, "rowCount"), MaxRowCount), MaxRowCount)
  const start = (page - 1) * rowCount
  const number: Array<string> = []
  let index = 0
  for (const [n, addedAt] of ctx.account.blacklist) {
    if (addedAt < from || addedAt > to) continue
    if (index >= start && number.length < rowCount) number.push(e164(n))
    index++
    if (number.length >= rowCount) break
  }
  // `count` is the total on the account, independent of paging; numbers come back as +90… (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist").
  return reply(ok({ blacklist: { count: ctx.account.blacklist.size, number } }))
}

const blacklistNumber = (ctx: Context): string | undefined =>
  // One number per call (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist"); given several, the first is taken, as the SDKs send (inferred).
  normalize(first(field(field(ctx.request, "blacklist"), "number")))

const addBlacklist: Handler = (ctx) => {
  const n = blacklistNumber(ctx)
  if (n === undefined) return reply(status(466))
  // Idempotent: adding again keeps the original time (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist").
  if (!ctx.account.blacklist.has(n)) ctx.account.blacklist.set(n, ctx.now)
  return reply(status(200))
}

const deleteBlacklist: Handler = (ctx) => {
  const n = blacklistNumber(ctx)
  if (n === undefined) return reply(status(466))
  // A number that is not listed answers 474 (docs/providers/iletimerkezi-api.md "Balance, senders, blacklist", verified live 2026-04-29).
  if (!ctx.account.blacklist.delete(n)) return reply(status(474))
  return reply(status(200))
}

// ---------------------------------------------------------------------------------------------------------------
// İYS consent (docs/providers/iletimerkezi-api.md "İYS consents")
// ---------------------------------------------------------------------------------------------------------------

const RecipientTypes = new Set(["BIREYSEL", "TACIR"])
const ConsentTypes = new Set(["MESAJ", "EPOSTA", "ARAMA"])
const ConsentStatuses = new Set(["ONAY", "RET"])
// Sources seen in the docs (HS_EORTAM, HS_FIZIKSEL_ORTAM, HS_WEB, HS_KARAR) plus the rest of İYS's list (inferred
// from dev.iys.org.tr, docs/providers/iletimerkezi-api.md "İYS consents").
const ConsentSources = new Set([
  "HS_FIZIKSEL_ORTAM",
  "HS_ISLAK_IMZA",
  "HS_WEB",
  "HS_CAGRI_MERKEZI",
  "HS_SOSYAL_MEDYA",
  "HS_EPOSTA",
  "HS_MESAJ",
  "HS_MOBIL",
  "HS_EORTAM",
  "HS_ETKINLIK",
  "HS_2015",
  "HS_ATM",
  "HS_KARAR"
])
const MaxConsentRecords = 5000
const MaxConsentAgeMillis = 3 * 86_400_000
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

// The recipient as stored: +90… for phones (MESAJ, ARAMA), lower-cased e-mail for EPOSTA.
const consentRecipient = (type: string, u: unknown): string | undefined => {
  if (type === "EPOSTA") {
    const s = str(u)?.trim()
    return s !== undefined && emailPattern.test(s) ? s.toLowerCase() : undefined
  }
  const n = normalize(u)
  return n === undefined ? undefined : e164(n)
}

const consentKey = (recipientType: string, type: string, recipient: string) => `${recipientType}|${type}|${recipient}`

// 403 when the İYS subscription is inactive, the brand is not provisioned, or the request names another brand.
const brandMatches = (ctx: Context, consent: unknown): boolean => {
  const { brandCode, active } = ctx.account.iys
  return active && brandCode !== undefined && str(field(consent, "brandCode"))?.trim() === brandCode
}

// Brand codes are numeric on the wire (`696422`, docs/providers/iletimerkezi-api.md "İYS consents"); a non-numeric configured code is echoed as a string.
const brandCodeValue = (brandCode: string): string | number =>
  /^\d{1,15}$/.test(brandCode) ? Number(brandCode) : brandCode

const consentCreate: Handler = (ctx) => {
  const consent = field(ctx.request, "consent")
  if (!brandMatches(ctx, consent)) return reply(status(403))
  // Quota exhausted before anything else is looked at (inferred order).
  if (ctx.account.iys.quota <= 0) return reply(status(405))
  const records = list(field(consent, "list"))
  if (records.length > MaxConsentRecords) return reply(status(475))
  if (records.length === 0) return reply(status(422))
  // Batch-atomic: every record is validated before any is stored (docs/providers/iletimerkezi-api.md "İYS consents").
  const valid: Array<State.ConsentRecord> = []
  for (const record of records) {
    if (!isObject(record)) return reply(status(422))
    const recipientType = str(record.recipientType)
    const type = str(record.type)
    const consentStatus = str(record.status)
    const source = str(record.source)
    const consentDate = str(record.consentDate)
    if (recipientType === undefined || !RecipientTypes.has(recipientType)) return reply(status(422))
    if (type === undefined || !ConsentTypes.has(type)) return reply(status(422))
    if (consentStatus === undefined || !ConsentStatuses.has(consentStatus)) return reply(status(422))
    if (source === undefined || !ConsentSources.has(source)) return reply(status(422))
    const recipient = consentRecipient(type, record.recipient)
    if (recipient === undefined) return reply(status(422))
    const at = consentDate === undefined ? undefined : parseTimestamp(consentDate)
    // Older than 3 days by the simulated clock fails (docs/providers/iletimerkezi-api.md "İYS consents"); a future date is accepted (inferred).
    if (at === undefined || ctx.now - at > MaxConsentAgeMillis) return reply(status(422))
    valid.push({ recipient, recipientType, type, status: consentStatus, source, consentDate: consentDate! })
  }
  // A batch larger than the remaining quota is refused whole (inferred).
  if (valid.length > ctx.account.iys.quota) return reply(status(405))
  for (const record of valid) {
    ctx.account.consents.set(consentKey(record.recipientType, record.type, record.recipient), record)
  }
  ctx.account.iys.quota -= valid.length
  // The success payload is undocumented (docs/providers/iletimerkezi-api.md "İYS consents", [U]); status only.
  return reply(status(200))
}

const consentShow: Handler = (ctx) => {
  const consent = field(ctx.request, "consent")
  if (!brandMatches(ctx, consent)) return reply(status(403))
  const recipientType = str(field(consent, "recipientType"))
  const type = str(field(consent, "type"))
  if (recipientType === undefined || !RecipientTypes.has(recipientType)) return reply(status(422))
  if (type === undefined || !ConsentTypes.has(type)) return reply(status(422))
  const recipient = consentRecipient(type, field(consent, "recipient"))
  if (recipient === undefined) return reply(status(422))
  const record = ctx.account.consents.get(consentKey(recipientType, type, recipient))
  // No record answers 422, the docs' primary behaviour; the MCP changelog also saw `200` with `consent: []` for
  // TACIR/MESAJ (docs/providers/iletimerkezi-api.md "İYS consents" drift), which is not reproduced.
  if (record === undefined) return reply(status(422))
  return reply(
    ok({
      consent: {
        brandCode: brandCodeValue(ctx.account.iys.brandCode!),
        recipient: record.recipient,
        recipientType: record.recipientType,
        type: record.type,
        status: record.status,
        source: record.source,
        consentDate: record.consentDate
      }
    })
  )
}

// ---------------------------------------------------------------------------------------------------------------
// Routing table (docs/providers/iletimerkezi-api.md "Endpoints")
// ---------------------------------------------------------------------------------------------------------------

/**
 * One handler per client endpoint, by the endpoint's name: paths and formats come from the client's endpoint table
 * (`IletiMerkeziEndpoints.all`), so a new endpoint without a handler does not type-check.
 */
export const handlers: { readonly [K in keyof typeof IletiMerkeziEndpoints.all]: Handler } = {
  sendSms,
  cancelOrder,
  getReport,
  getReports,
  getBalance,
  getSenders: getSender,
  getBlacklist,
  addToBlacklist: addBlacklist,
  removeFromBlacklist: deleteBlacklist,
  registerConsents: consentCreate,
  checkConsent: consentShow
}
