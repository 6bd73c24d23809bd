/**
 * The Infobip SMS client (`docs/providers/infobip.md`): the advanced send (v1, v2) and v3 messages with a
 * `messageId` on every destination, delivery reports drained at least once, logs as lazy streams (v1 time windows,
 * v3 cursors), preview, scheduled bulks and the balance; four authentication schemes; retries only where safe,
 * per-endpoint request limits, and sends reconciled through the logs when their outcome is ambiguous.
 *
 * `core` requires an `HttpClient` and never provides one: `@effect-sms/node-runtime` supplies undici's.
 *
 * @since 0.1.0
 */
import {
  Clock,
  Config,
  ConfigProvider,
  Context,
  Duration,
  Effect,
  Hash,
  Layer,
  Option,
  Redacted,
  Schema,
  Stream
} from "effect"
import { HttpClient } from "effect/http"
import * as Endpoint from "../Endpoint.ts"
import * as Http from "../Http.ts"
import * as ConfigCheck from "../internal/config.ts"
import * as Paging from "../Paging.ts"
import * as RateLimit from "../RateLimit.ts"
import * as Retry from "../Retry.ts"
import * as SendSafety from "../SendSafety.ts"
import * as SmsError from "../SmsError.ts"
import * as Auth from "./Auth.ts"
import * as Endpoints from "./Endpoints.ts"
import * as Executor from "./internal/executor.ts"
import { stripUndefined } from "./internal/strip.ts"
import * as Windows from "./internal/windows.ts"
import { DeliveryReport, LogEntry } from "./Report.ts"
import * as ReportJournal from "./ReportJournal.ts"
import type * as S from "./Schema.ts"
import * as Status from "./Status.ts"
import { MessageStatus } from "./Status.ts"
import * as Validation from "./Validation.ts"

/**
 * The default per-endpoint request limits, in requests per second: the report and log endpoints are the throttled
 * ones (`docs/providers/infobip.md` §9); sends are not limited on the client.
 *
 * @since 0.1.0
 */
export const DefaultRateLimits: Readonly<Record<string, number>> = {
  "sms/1/reports": 5,
  "sms/3/reports": 5,
  "sms/1/logs": 5,
  "sms/3/logs": 5
}

/**
 * Client options.
 *
 * @since 0.1.0
 */
export interface Options {
  /** The account's base URL, e.g. `https://xxxxx.api.infobip.com`. */
  readonly baseUrl: string
  /** How to authenticate (see {@link Auth}): `Auth.app(key)`, `Auth.basic`, `Auth.ibsso`, `Auth.oauth2`. */
  readonly auth: Auth.Auth
  /** Per-request timeout, body included. Default 30 s. */
  readonly timeout?: Duration.Input | undefined
  /** The retry policy; per call, `Retry.withPolicy` wins. Default `Retry.defaultPolicy`. */
  readonly retry?: Retry.Policy | undefined
  /** Requests per second by endpoint label; `false` turns limiting off. Default {@link DefaultRateLimits}. */
  readonly rateLimit?: Readonly<Record<string, number>> | false | undefined
  /** Where a drained report batch waits until the caller has taken it. Default: in memory. */
  readonly journal?: ReportJournal.Journal | undefined
  /** Names destinations the caller gave no `messageId`. Default `crypto.randomUUID()`. */
  readonly newMessageId?: (() => string) | undefined
  /**
   * How a send whose outcome is ambiguous is resolved: wait `delay` (default 2 s, for the logs to catch up) before
   * each lookup, and resend the unknown destinations at most `rounds` times (default 3).
   */
  readonly reconcile?: { readonly delay?: Duration.Input | undefined; readonly rounds?: number | undefined } | undefined
  /** The v1 log walk's window width. Default 1 hour. */
  readonly logWindow?: Duration.Input | undefined
  /** Response body cap. Default 16 MiB. */
  readonly maxResponseBytes?: number | undefined
}

/**
 * One destination's answer to a send: its message id and status (typed; a rejected destination has a REJECTED one).
 *
 * @since 0.1.0
 */
export class SentMessage extends Schema.Class<SentMessage>("@effect-sms/core/infobip/SentMessage")({
  messageId: Schema.String,
  to: Schema.String,
  status: MessageStatus,
  /** SMS parts, when the answer gave them. */
  parts: Schema.optionalKey(Schema.Int)
}) {}

/**
 * The answer to a send: an acceptance, not an outcome. `reconciled` is true when some destinations' statuses come
 * from the logs, after an ambiguous failure.
 *
 * @since 0.1.0
 */
export class SendResult extends Schema.Class<SendResult>("@effect-sms/core/infobip/SendResult")({
  bulkId: Schema.optionalKey(Schema.String),
  messages: Schema.Array(SentMessage),
  reconciled: Schema.Boolean
}) {
  /** The destinations Infobip refused at once (REJECTED statuses inside the 200). */
  get rejected(): ReadonlyArray<SentMessage> {
    return this.messages.filter((m) => m.status.rejected)
  }
  /** The destinations accepted for delivery. */
  get accepted(): ReadonlyArray<SentMessage> {
    return this.messages.filter((m) => !m.status.rejected)
  }
}

/**
 * The errors of an endpoint: its documented status errors plus transport and decode errors.
 *
 * @since 0.1.0
 */
export type Errors<E extends Endpoint.Any> = Endpoint.Error<E> | Auth.AuthError

/**
 * The errors of a send.
 *
 * @since 0.1.0
 */
export type SendError = Errors<typeof Endpoints.sendMessages> | SmsError.InvalidInput | SmsError.SendOutcomeUnknown

/**
 * Filters of the delivery reports.
 *
 * @since 0.1.0
 */
export interface ReportsQuery {
  /** 3 (default) or 1. A report is returned once by either. */
  readonly version?: 1 | 3 | undefined
  readonly bulkId?: string | undefined
  readonly messageId?: string | undefined
  /** Reports per request, 1 to 1000. Default 1000. */
  readonly limit?: number | undefined
  /** The platform fields of the send (v1 and v3). */
  readonly applicationId?: string | undefined
  readonly entityId?: string | undefined
  /** v3 only: refused on v1 before any request. */
  readonly campaignReferenceId?: string | undefined
}

type Ids = string | ReadonlyArray<string>

/**
 * Filters of the v1 logs: any range inside the last 48 hours (default: all of it).
 *
 * @since 0.1.0
 */
export interface LogsV1Query {
  readonly from?: string | undefined
  readonly to?: string | undefined
  readonly bulkId?: Ids | undefined
  readonly messageId?: Ids | undefined
  /** A status group (`PENDING`, `DELIVERED`, ...); bulk statuses such as `PAUSED` are not log filters. */
  readonly generalStatus?: Status.GroupName | undefined
  readonly sentSince?: Validation.TimeInput | undefined
  readonly sentUntil?: Validation.TimeInput | undefined
  /** Entries per request, 1 to 1000. Default 1000. */
  readonly limit?: number | undefined
  readonly mcc?: string | undefined
  readonly mnc?: string | undefined
  readonly applicationId?: string | undefined
  readonly entityId?: string | undefined
}

/**
 * Filters of the v3 logs.
 *
 * @since 0.1.0
 */
export interface LogsQuery {
  readonly sender?: string | undefined
  readonly destination?: string | undefined
  readonly bulkId?: Ids | undefined
  readonly messageId?: Ids | undefined
  readonly generalStatus?: Status.GroupName | undefined
  readonly sentSince?: Validation.TimeInput | undefined
  readonly sentUntil?: Validation.TimeInput | undefined
  /** Entries per request, 1 to 1000. Default 1000. */
  readonly limit?: number | undefined
  readonly entityId?: string | undefined
  readonly applicationId?: string | undefined
  readonly campaignReferenceId?: Ids | undefined
  readonly mcc?: string | undefined
  /** Needs `mcc`. */
  readonly mnc?: string | undefined
}

/**
 * One page of logs. For v1, `window` is the time window it covers.
 *
 * @since 0.1.0
 */
export interface LogPage {
  readonly entries: ReadonlyArray<LogEntry>
  readonly window?: { readonly since: string; readonly until: string } | undefined
}

/**
 * The Infobip client.
 *
 * @since 0.1.0
 */
export interface Service {
  /** The authentication scheme in use, and how many sessions or tokens it has obtained. */
  readonly auth: { readonly scheme: Auth.Auth["_tag"]; readonly renewals: Effect.Effect<number> }
  /** Runs any endpoint with a request value, authenticated and under the retry policy. */
  readonly execute: <E extends Endpoint.Any>(
    endpoint: E,
    request: Endpoint.Request<E>
  ) => Effect.Effect<Endpoint.Success<E>, Errors<E>>
  /** The advanced send, v1 (default) or v2 (`version: 2`). */
  readonly sendAdvanced: (
    input: Validation.AdvancedInput & { readonly version?: 1 | 2 | undefined }
  ) => Effect.Effect<SendResult, SendError>
  /** The v3 send. */
  readonly sendMessages: (input: Validation.MessagesInput) => Effect.Effect<SendResult, SendError>
  /**
   * Delivery-report batches, drained at least once (see `ReportJournal`): a batch is fetched only when the previous
   * one has been taken, and a batch whose consumer failed is handed out again first by the next drain. Drains through
   * the same journal run one at a time: a second one waits until the first has ended.
   */
  readonly reportBatches: (
    query?: ReportsQuery
  ) => Stream.Stream<
    ReadonlyArray<DeliveryReport>,
    Errors<typeof Endpoints.reportsV3> | SmsError.InvalidInput | ReportJournal.JournalError
  >
  /** Delivery reports one by one (same contract as {@link Service.reportBatches}, acknowledged per batch). */
  readonly reports: (
    query?: ReportsQuery
  ) => Stream.Stream<
    DeliveryReport,
    Errors<typeof Endpoints.reportsV3> | SmsError.InvalidInput | ReportJournal.JournalError
  >
  /** v1 log pages over any range in the last 48 hours, walked as time windows (v1 has no cursor). */
  readonly logPagesV1: (
    query?: LogsV1Query
  ) => Stream.Stream<LogPage, Errors<typeof Endpoints.logsV1> | SmsError.InvalidInput | SmsError.ProtocolError>
  /** v1 log entries. */
  readonly logsV1: (
    query?: LogsV1Query
  ) => Stream.Stream<LogEntry, Errors<typeof Endpoints.logsV1> | SmsError.InvalidInput | SmsError.ProtocolError>
  /** v3 log pages, followed by cursor until the last. */
  readonly logPages: (
    query?: LogsQuery
  ) => Stream.Stream<LogPage, Errors<typeof Endpoints.logsV3> | SmsError.InvalidInput | SmsError.ProtocolError>
  /** v3 log entries. */
  readonly logs: (
    query?: LogsQuery
  ) => Stream.Stream<LogEntry, Errors<typeof Endpoints.logsV3> | SmsError.InvalidInput | SmsError.ProtocolError>
  /** Part counts and characters left, as Infobip would send the text, per language and transliteration. */
  readonly preview: (input: {
    readonly text: string
    readonly languageCode?: S.LanguageCode | undefined
    readonly transliteration?: S.Transliteration | undefined
  }) => Effect.Effect<S.PreviewResponse, Errors<typeof Endpoints.preview> | SmsError.InvalidInput>
  readonly getBulkSchedule: (
    bulkId: string
  ) => Effect.Effect<S.BulkSchedule, Errors<typeof Endpoints.getBulkSchedule> | SmsError.InvalidInput>
  readonly rescheduleBulk: (
    bulkId: string,
    sendAt: Validation.TimeInput
  ) => Effect.Effect<S.BulkSchedule, Errors<typeof Endpoints.rescheduleBulk> | SmsError.InvalidInput>
  readonly getBulkStatus: (
    bulkId: string
  ) => Effect.Effect<S.BulkStatus, Errors<typeof Endpoints.getBulkStatus> | SmsError.InvalidInput>
  readonly pauseBulk: (
    bulkId: string
  ) => Effect.Effect<S.BulkStatus, Errors<typeof Endpoints.setBulkStatus> | SmsError.InvalidInput>
  readonly resumeBulk: (
    bulkId: string
  ) => Effect.Effect<S.BulkStatus, Errors<typeof Endpoints.setBulkStatus> | SmsError.InvalidInput>
  readonly cancelBulk: (
    bulkId: string
  ) => Effect.Effect<S.BulkStatus, Errors<typeof Endpoints.setBulkStatus> | SmsError.InvalidInput>
  /** The account balance. */
  readonly balance: Effect.Effect<S.Balance, Errors<typeof Endpoints.balance>>
}

/**
 * The Infobip client service.
 *
 * @since 0.1.0
 */
export class InfobipClient extends Context.Service<InfobipClient, Service>()("@effect-sms/core/InfobipClient") {}

const joinIds = (ids: Ids | undefined): string | undefined =>
  ids === undefined ? undefined : typeof ids === "string" ? ids : ids.join(",")

// A webhook URL as an error may show it: the credentials in it (`https://user:pass@host/...`) and its last path
// segment (where a secret path token goes, `/webhooks/infobip/<token>`) are masked; the rest says where it pointed.
const maskUrl = (url: string): string => {
  try {
    const u = new URL(url)
    if (u.username !== "") u.username = "***"
    if (u.password !== "") u.password = "***"
    const segments = u.pathname.split("/")
    const last = segments.length - 1 - [...segments].reverse().findIndex((x) => x !== "")
    if (last < segments.length && segments[last] !== "") segments[last] = "***"
    u.pathname = segments.join("/")
    u.search = ""
    return u.toString().replaceAll("%2A%2A%2A", "***")
  } catch {
    return "***"
  }
}

// The send body as SendOutcomeUnknown carries it: every webhook URL masked (see maskUrl).
const maskOrder = (body: S.AdvancedRequest | S.MessagesRequest): unknown => ({
  ...body,
  messages: (body.messages as ReadonlyArray<Record<string, unknown>>).map((m) => {
    const out: Record<string, unknown> = { ...m }
    if (typeof m.notifyUrl === "string") out.notifyUrl = maskUrl(m.notifyUrl)
    const webhooks = m.webhooks as S.MessagesRequest["messages"][number]["webhooks"]
    if (webhooks?.delivery?.url !== undefined) {
      out.webhooks = { ...webhooks, delivery: { ...webhooks.delivery, url: maskUrl(webhooks.delivery.url) } }
    }
    return out
  })
})

const invalid = (field: string, rule: string, message: string) => new SmsError.InvalidInput({ field, rule, message })

// The log filter by status group: checked here as well as by the type, for callers the type does not reach.
const badGeneralStatus = (value: string | undefined) =>
  value === undefined || (Status.GroupNames as ReadonlyArray<string>).includes(value)
    ? undefined
    : Effect.fail(
        invalid("generalStatus", "general-status", `"${value}" is not a status group (${Status.GroupNames.join(", ")})`)
      )

const defaultNewId = (): string => globalThis.crypto.randomUUID()

const accountKey = (auth: Auth.Auth, baseUrl: string): string => {
  const who = auth._tag === "App" ? Redacted.value(auth.apiKey) : auth._tag === "OAuth2" ? auth.clientId : auth.username
  // A 32-bit hash: keeps accounts apart in a shared limiter store without revealing the credential.
  return (Hash.string(`${baseUrl} ${who}`) >>> 0).toString(36)
}

// A send's request as the strategy sees it: the validated body and the generation it goes to.
interface SendRequest {
  readonly endpoint: typeof Endpoints.sendAdvancedV1 | typeof Endpoints.sendAdvancedV2 | typeof Endpoints.sendMessages
  readonly validated: Validation.Validated<S.AdvancedRequest> | Validation.Validated<S.MessagesRequest>
}

/**
 * Builds a client. Requires an `HttpClient`; with IBSSO, the session is destroyed when the scope closes.
 *
 * @since 0.1.0
 */
const isSecret = (value: unknown): value is Redacted.Redacted<string> => {
  if (!Redacted.isRedacted(value)) return false
  const inner: unknown = Redacted.value(value)
  return typeof inner === "string" && inner.length > 0
}

/**
 * Checks every option before anything is built: bad configuration fails at once with a message naming the setting
 * and what it allows (never a defect, never a request to a wrong place). Secrets are never shown.
 */
const checkOptions = Effect.fnUntraced(function* (options: Options) {
  if (typeof options !== "object" || options === null) {
    return yield* ConfigCheck.fail("Infobip options must be an object with baseUrl and auth")
  }
  yield* ConfigCheck.httpUrl("baseUrl", options.baseUrl)
  const auth = options.auth as Auth.Auth | undefined
  const tag = auth?._tag
  if (tag === "App") {
    if (!isSecret(auth!.apiKey)) return yield* ConfigCheck.fail("auth.apiKey must be a non-empty Redacted string")
  } else if (tag === "Basic" || tag === "IBSSO") {
    const a = auth as { readonly username: unknown; readonly password: unknown }
    if (typeof a.username !== "string" || a.username.length === 0) {
      return yield* ConfigCheck.fail("auth.username must be a non-empty string")
    }
    if (!isSecret(a.password)) return yield* ConfigCheck.fail("auth.password must be a non-empty Redacted string")
    if (tag === "IBSSO") {
      const s = auth as { readonly lifetime?: unknown; readonly renewBefore?: unknown }
      if (s.lifetime !== undefined) yield* ConfigCheck.positiveDuration("auth.lifetime", s.lifetime)
      if (s.renewBefore !== undefined) yield* ConfigCheck.nonNegativeDuration("auth.renewBefore", s.renewBefore)
    }
  } else if (tag === "OAuth2") {
    const o = auth as { readonly clientId: unknown; readonly clientSecret: unknown; readonly refreshBefore?: unknown }
    if (typeof o.clientId !== "string" || o.clientId.length === 0) {
      return yield* ConfigCheck.fail("auth.clientId must be a non-empty string")
    }
    if (!isSecret(o.clientSecret))
      return yield* ConfigCheck.fail("auth.clientSecret must be a non-empty Redacted string")
    if (o.refreshBefore !== undefined) yield* ConfigCheck.nonNegativeDuration("auth.refreshBefore", o.refreshBefore)
  } else {
    return yield* ConfigCheck.fail(
      "auth must be one of Auth.app(key), Auth.basic(user, password), Auth.ibsso(user, password), Auth.oauth2(id, secret)"
    )
  }
  const timeout = yield* ConfigCheck.positiveDuration("timeout", options.timeout ?? "30 seconds")
  if (options.maxResponseBytes !== undefined)
    yield* ConfigCheck.integer("maxResponseBytes", options.maxResponseBytes, 1024)
  if (options.logWindow !== undefined) yield* ConfigCheck.positiveDuration("logWindow", options.logWindow)
  const rc = options.reconcile
  if (rc !== undefined) {
    if (rc.delay !== undefined) yield* ConfigCheck.nonNegativeDuration("reconcile.delay", rc.delay)
    if (rc.rounds !== undefined) yield* ConfigCheck.integer("reconcile.rounds", rc.rounds, 0)
  }
  const rl = options.rateLimit
  if (rl !== undefined && rl !== false) {
    if (typeof rl !== "object" || rl === null) {
      return yield* ConfigCheck.fail("rateLimit must be false or requests per second by endpoint label")
    }
    for (const [label, perSecond] of Object.entries(rl)) {
      if (!(typeof perSecond === "number" && Number.isFinite(perSecond) && perSecond > 0)) {
        return yield* ConfigCheck.fail(`rateLimit["${label}"] must be a positive number of requests per second`)
      }
    }
  }
  return { timeout }
})

export const make = Effect.fnUntraced(function* (options: Options) {
  const checked = yield* checkOptions(options)
  const httpClient = yield* HttpClient.HttpClient
  const clockOffset = Http.makeClockOffset()
  let authenticator: Auth.Authenticator | undefined
  const staticSecrets: Array<Redacted.Redacted<string>> = []
  const exec = Executor.make({
    client: httpClient,
    baseUrl: options.baseUrl,
    timeout: checked.timeout,
    maxResponseBytes: options.maxResponseBytes,
    clockOffset,
    secrets: () => (authenticator === undefined ? staticSecrets : authenticator.secrets())
  })
  const clientPolicy = options.retry ?? Retry.defaultPolicy
  const policy = Effect.map(Effect.service(Retry.CurrentPolicy), (p) => p ?? clientPolicy)
  const limits =
    options.rateLimit === false
      ? RateLimit.unlimited
      : yield* RateLimit.perEndpoint({
          key: `infobip/${accountKey(options.auth, options.baseUrl)}`,
          limits: options.rateLimit ?? DefaultRateLimits
        })

  // Auth endpoints: no Authorization header, the client's retry policy.
  const callUnauthenticated: Auth.Call = (endpoint, request, authorization) =>
    Effect.flatMap(policy, (p) =>
      exec(endpoint, request, authorization).pipe(
        Retry.retry(p, { safety: endpoint.safety, method: Endpoint.label(endpoint) })
      )
    )
  // Collect the credentials for scrubbing from the start, before any session exists.
  if (options.auth._tag === "IBSSO" || options.auth._tag === "Basic") staticSecrets.push(options.auth.password)
  if (options.auth._tag === "App") staticSecrets.push(options.auth.apiKey)
  if (options.auth._tag === "OAuth2") staticSecrets.push(options.auth.clientSecret)
  const auth = yield* Auth.make(options.auth, callUnauthenticated)
  authenticator = auth

  // One attempt: a session or token refused with 401 is renewed once.
  const once = <E extends Endpoint.Any>(
    endpoint: E,
    request: Endpoint.Request<E>
  ): Effect.Effect<Endpoint.Success<E>, Errors<E>> =>
    Effect.gen(function* () {
      yield* limits.take(1, Endpoint.label(endpoint))
      const header = yield* auth.header
      return yield* exec(endpoint, request, header).pipe(
        Effect.catchIf(
          (e): e is SmsError.AuthenticationFailed => (e as { _tag: string })._tag === "AuthenticationFailed",
          (e) =>
            Effect.flatMap(auth.invalidate(header), (renewable) =>
              renewable ? Effect.flatMap(auth.header, (fresh) => exec(endpoint, request, fresh)) : Effect.fail(e)
            )
        )
      )
    }) as Effect.Effect<Endpoint.Success<E>, Errors<E>>

  const execute = <E extends Endpoint.Any>(endpoint: E, request: Endpoint.Request<E>) =>
    Effect.flatMap(policy, (p) =>
      once(endpoint, request).pipe(Retry.retry(p, { safety: endpoint.safety, method: Endpoint.label(endpoint) }))
    )

  // -------------------------------------------------------------------------------------------------------------------
  // Sending
  // -------------------------------------------------------------------------------------------------------------------

  const newId = options.newMessageId ?? defaultNewId
  const reconcileDelay = Duration.fromInputUnsafe(options.reconcile?.delay ?? "2 seconds")
  const rounds = options.reconcile?.rounds ?? 3

  const fromAdvanced = (r: S.AdvancedResponse, reconciled: boolean) =>
    new SendResult({
      ...(r.bulkId === undefined ? {} : { bulkId: r.bulkId }),
      messages: r.messages.map(
        (m) =>
          new SentMessage({
            messageId: m.messageId,
            to: m.to,
            status: MessageStatus.fromWire(m.status),
            ...(m.smsCount === undefined ? {} : { parts: m.smsCount })
          })
      ),
      reconciled
    })
  const fromMessages = (r: S.MessagesResponse, reconciled: boolean) =>
    new SendResult({
      ...(r.bulkId === undefined ? {} : { bulkId: r.bulkId }),
      messages: r.messages.map(
        (m) =>
          new SentMessage({
            messageId: m.messageId,
            to: m.destination,
            status: MessageStatus.fromWire(m.status),
            ...(m.details?.messageCount === undefined ? {} : { parts: m.details.messageCount })
          })
      ),
      reconciled
    })

  const sendOnce = (req: SendRequest): Effect.Effect<SendResult, Errors<typeof Endpoints.sendMessages>> =>
    req.endpoint === Endpoints.sendMessages
      ? Effect.map(execute(Endpoints.sendMessages, req.validated.body as S.MessagesRequest), (r) =>
          fromMessages(r, false)
        )
      : Effect.map(
          execute(req.endpoint as typeof Endpoints.sendAdvancedV1, req.validated.body as S.AdvancedRequest),
          (r) => fromAdvanced(r, false)
        )

  // The same send restricted to some message ids (for a resend of the destinations Infobip has no record of). Both
  // body shapes (advanced and v3) keep their destinations under `messages[].destinations[]`.
  const restrict = (req: SendRequest, keep: ReadonlySet<string>): SendRequest => {
    const body = req.validated.body
    const messages = (body.messages as ReadonlyArray<S.AdvancedMessage | S.MessageV3>)
      .map((m) => ({ ...m, destinations: m.destinations.filter((d) => keep.has(d.messageId!)) }))
      .filter((m) => m.destinations.length > 0)
    return {
      endpoint: req.endpoint,
      validated: {
        ...req.validated,
        destinations: req.validated.destinations.filter((d) => keep.has(d.messageId)),
        body: { ...body, messages }
      }
    } as SendRequest
  }

  // Every log entry among `ids`, through the v3 logs (any generation's sends are there). No time filter goes to the
  // server: the provider's clock is only known once a response has carried `Date` (this lookup's own responses do),
  // so entries are filtered by their `sentAt` afterwards, against the window in the provider's time.
  const lookup = (ids: ReadonlyArray<string>) => {
    const chunks: Array<string> = []
    let current = ""
    for (const id of ids) {
      // Infobip takes at most 2048 characters of ids per request.
      if (current !== "" && current.length + 1 + id.length > 2048) {
        chunks.push(current)
        current = ""
      }
      current = current === "" ? id : `${current},${id}`
    }
    if (current !== "") chunks.push(current)
    return Stream.fromIterable(chunks).pipe(
      Stream.flatMap((messageId) => cursorWalk({ messageId, limit: 1000, useCursor: true })),
      Stream.map((page) => page.entries),
      Paging.items,
      Stream.runCollect
    )
  }

  const strategy: SendSafety.Strategy<SendRequest, SendResult, Errors<typeof Endpoints.sendMessages>> = {
    provider: "infobip",
    attempt: sendOnce,
    resolve: (req, { firstAttemptAt, failure }) =>
      Effect.gen(function* () {
        // Where the send's window starts on the provider's clock; read after each lookup, whose responses measure it.
        const windowStart = () =>
          SendSafety.windowStart(firstAttemptAt, clockOffset.current(), { fallbackSkewMillis: 300_000 })
        let since = windowStart()
        const attempts: Array<string> = [String(failure)]
        const known = new Map<string, SentMessage>()
        let bulkId: string | undefined = req.validated.bulkId
        let pending = req.validated.destinations.map((d) => d.messageId)
        const unknown = (message: string) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) =>
            Effect.fail(
              new SmsError.SendOutcomeUnknown({
                provider: "infobip",
                order: maskOrder(req.validated.body),
                windowStart: Validation.formatTime(since),
                windowEnd: Validation.formatTime(now + (clockOffset.current() ?? 0)),
                attempts,
                unresolved: pending,
                ...(known.size === 0
                  ? {}
                  : {
                      resolved: [...known.values()].map((m) => ({
                        messageId: m.messageId,
                        to: m.to,
                        status: m.status.name
                      }))
                    }),
                message
              })
            )
          )
        for (let round = 0; round <= rounds; round++) {
          yield* Effect.sleep(reconcileDelay)
          const found = yield* Effect.result(lookup(pending))
          since = windowStart()
          if (found._tag === "Failure") {
            attempts.push(`lookup failed: ${String(found.failure)}`)
            return yield* unknown(
              `the logs could not be read to resolve ${pending.length} message id(s); do not resend them blindly`
            )
          }
          for (const entry of found.success) {
            if (!pending.includes(entry.messageId)) continue
            // A record of the same id from before this send is someone else's (a caller reusing ids): not ours.
            const sentAt = entry.sentAt === undefined ? undefined : Validation.parseTime(entry.sentAt)
            if (sentAt !== undefined && sentAt < since) continue
            known.set(
              entry.messageId,
              new SentMessage({
                messageId: entry.messageId,
                to: entry.to,
                status: entry.status,
                ...(entry.parts === undefined ? {} : { parts: entry.parts })
              })
            )
            if (bulkId === undefined && entry.bulkId !== undefined) bulkId = entry.bulkId
          }
          pending = pending.filter((id) => !known.has(id))
          if (pending.length === 0) break
          if (round === rounds) {
            return yield* unknown(`${pending.length} message id(s) are still unresolved after ${rounds} resends`)
          }
          // Infobip has no record of these: they were not accepted, so sending them (under the same ids) is safe.
          const retry = yield* Effect.result(sendOnce(restrict(req, new Set(pending))))
          if (retry._tag === "Success") {
            for (const m of retry.success.messages) known.set(m.messageId, m)
            if (bulkId === undefined && retry.success.bulkId !== undefined) bulkId = retry.success.bulkId
            pending = pending.filter((id) => !known.has(id))
            if (pending.length === 0) break
            continue
          }
          attempts.push(String(retry.failure))
          if (!SmsError.mayHaveBeenProcessed(retry.failure)) {
            // Nothing of this send reached Infobip: the definite refusal is the whole answer, safe to retry.
            if (known.size === 0) return yield* Effect.fail(retry.failure)
            // Part of it did: the refusal alone would invite a retry of all, sending the known ones twice.
            return yield* unknown(
              `${known.size} message id(s) were accepted, the resend of the other ${pending.length} was refused ` +
                `(${retry.failure._tag}); resend only the unresolved ids`
            )
          }
        }
        return new SendResult({
          ...(bulkId === undefined ? {} : { bulkId }),
          messages: req.validated.destinations.map((d) => known.get(d.messageId)!),
          reconciled: true
        })
      })
  }
  const safety = SendSafety.make(strategy)

  const sendAdvanced = Effect.fn("InfobipClient.sendAdvanced")(function* (
    input: Validation.AdvancedInput & { readonly version?: 1 | 2 | undefined }
  ) {
    const validated = yield* Validation.advanced(input, newId)
    yield* Effect.annotateCurrentSpan({ "sms.destinations": validated.destinations.length })
    return yield* safety.send({
      endpoint: input.version === 2 ? Endpoints.sendAdvancedV2 : Endpoints.sendAdvancedV1,
      validated
    })
  })

  const sendMessages = Effect.fn("InfobipClient.sendMessages")(function* (input: Validation.MessagesInput) {
    const validated = yield* Validation.messages(input, newId)
    yield* Effect.annotateCurrentSpan({ "sms.destinations": validated.destinations.length })
    return yield* safety.send({ endpoint: Endpoints.sendMessages, validated })
  })

  // -------------------------------------------------------------------------------------------------------------------
  // Reports and logs
  // -------------------------------------------------------------------------------------------------------------------

  const journal = options.journal ?? ReportJournal.memory()

  const reportBatches = (query: ReportsQuery = {}) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const bad = Validation.limit("limit", query.limit, Validation.Limits.maxReportsLimit)
        if (bad) return yield* bad
        if (query.version === 1 && query.campaignReferenceId !== undefined) {
          return yield* invalid("campaignReferenceId", "v3-only", "the v1 reports take no campaignReferenceId")
        }
        const { version, ...filters } = query
        const request = stripUndefined({ ...filters, limit: query.limit ?? Validation.Limits.maxReportsLimit })
        const fetch =
          version === 1
            ? Effect.map(execute(Endpoints.reportsV1, request), (r) => r.results)
            : Effect.map(execute(Endpoints.reportsV3, request), (r) => r.results)
        return ReportJournal.drain(fetch, journal, DeliveryReport.fromWire)
      })
    )

  const reports = (query?: ReportsQuery) => Paging.items(reportBatches(query))

  // The v3 cursor walk over a query already in wire form.
  const cursorWalk = (base: Endpoint.Request<typeof Endpoints.logsV3>) =>
    Paging.cursor({ provider: "infobip", method: "sms/3/logs" }, (cursor) =>
      Effect.map(execute(Endpoints.logsV3, cursor === undefined ? base : { ...base, cursor }), (r) => ({
        page: { entries: r.results.map(LogEntry.fromV3) } satisfies LogPage,
        next: r.cursor?.nextCursor ?? undefined
      }))
    )

  const logStream = (query: LogsQuery, defaults: { readonly limit: number }) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const bad =
          Validation.limit("limit", query.limit, Validation.Limits.maxLogsLimit) ??
          badGeneralStatus(query.generalStatus)
        if (bad) return yield* bad
        if (query.mnc !== undefined && query.mcc === undefined) {
          return yield* invalid("mnc", "needs-mcc", "mnc can only be given together with mcc")
        }
        const messageId = joinIds(query.messageId)
        if (messageId !== undefined && messageId.length > 2048) {
          return yield* invalid("messageId", "max-length", "at most 2048 characters of message ids per query")
        }
        const range =
          query.sentSince === undefined && query.sentUntil === undefined
            ? undefined
            : yield* Validation.logsRange({ sentSince: query.sentSince, sentUntil: query.sentUntil })
        return cursorWalk(
          stripUndefined({
            sender: query.sender,
            destination: query.destination,
            bulkId: joinIds(query.bulkId),
            messageId,
            generalStatus: query.generalStatus,
            sentSince: range === undefined ? undefined : Validation.formatTime(range.since),
            // Only the caller's own end: a default "now" on our clock could cut off what the provider's clock, if
            // ahead, has just recorded.
            sentUntil:
              query.sentUntil === undefined || range === undefined ? undefined : Validation.formatTime(range.until),
            limit: query.limit ?? defaults.limit,
            entityId: query.entityId,
            applicationId: query.applicationId,
            campaignReferenceId: joinIds(query.campaignReferenceId),
            mcc: query.mcc,
            mnc: query.mnc,
            useCursor: true
          })
        )
      })
    )

  const logPages = (query: LogsQuery = {}) => logStream(query, { limit: Validation.Limits.maxLogsLimit })
  const logs = (query?: LogsQuery) => Paging.items(Stream.map(logPages(query), (p) => p.entries))

  const windowWidth = Duration.toMillis(Duration.fromInputUnsafe(options.logWindow ?? "1 hour"))
  const logPagesV1 = (query: LogsV1Query = {}) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const bad =
          Validation.limit("limit", query.limit, Validation.Limits.maxLogsLimit) ??
          badGeneralStatus(query.generalStatus)
        if (bad) return yield* bad
        const range = yield* Validation.logsRange({ sentSince: query.sentSince, sentUntil: query.sentUntil })
        const limit = query.limit ?? Validation.Limits.maxLogsLimit
        const base = stripUndefined({
          from: query.from,
          to: query.to,
          bulkId: joinIds(query.bulkId),
          messageId: joinIds(query.messageId),
          generalStatus: query.generalStatus,
          limit,
          mcc: query.mcc,
          mnc: query.mnc,
          applicationId: query.applicationId,
          entityId: query.entityId
        })
        // Without an end from the caller, walk up to our "now" moved onto the provider's clock when it is ahead, so
        // that what it has just recorded is not cut off.
        const until =
          query.sentUntil === undefined ? range.until + Math.max(0, clockOffset.current() ?? 0) + 1000 : range.until
        return Windows.walk({
          since: range.since,
          until,
          width: windowWidth,
          limit,
          fetch: (w) =>
            Effect.map(
              execute(Endpoints.logsV1, {
                ...base,
                sentSince: Validation.formatTime(w.since),
                sentUntil: Validation.formatTime(w.until)
              }),
              (r) => r.results.map(LogEntry.fromV1)
            ),
          tooDense: (w) =>
            new SmsError.ProtocolError({
              provider: "infobip",
              method: "sms/1/logs",
              rule: "window-too-dense",
              message: `${limit} or more log entries at ${Validation.formatTime(w.since)}: lower the filters or use the v3 logs`
            })
        }).pipe(
          Stream.map(
            ({ items, window }): LogPage => ({
              entries: items,
              window: { since: Validation.formatTime(window.since), until: Validation.formatTime(window.until) }
            })
          )
        )
      })
    )
  const logsV1 = (query?: LogsV1Query) => Paging.items(Stream.map(logPagesV1(query), (p) => p.entries))

  // -------------------------------------------------------------------------------------------------------------------
  // Preview, bulks, balance
  // -------------------------------------------------------------------------------------------------------------------

  const preview = Effect.fn("InfobipClient.preview")(function* (input: {
    readonly text: string
    readonly languageCode?: S.LanguageCode | undefined
    readonly transliteration?: S.Transliteration | undefined
  }) {
    if (typeof input !== "object" || input === null || typeof input.text !== "string") {
      return yield* invalid("text", "type", "preview takes { text: string }")
    }
    if (input.text.length === 0) return yield* invalid("text", "required", "the text is empty")
    return yield* execute(Endpoints.preview, stripUndefined({ ...input }))
  })

  const bulkId = (id: string) =>
    typeof id !== "string"
      ? Effect.fail(invalid("bulkId", "type", "the bulk id must be a string"))
      : id.trim().length === 0
        ? Effect.fail(invalid("bulkId", "required", "the bulk id is empty"))
        : Effect.succeed(id)

  const getBulkSchedule = Effect.fn("InfobipClient.getBulkSchedule")(function* (id: string) {
    return yield* execute(Endpoints.getBulkSchedule, { bulkId: yield* bulkId(id) })
  })
  const rescheduleBulk = Effect.fn("InfobipClient.rescheduleBulk")(function* (
    id: string,
    sendAt: Validation.TimeInput
  ) {
    const b = yield* bulkId(id)
    yield* Validation.timeShape(sendAt)
    const at = yield* Validation.reschedule(sendAt)
    return yield* execute(Endpoints.rescheduleBulk, { bulkId: b, sendAt: at })
  })
  const getBulkStatus = Effect.fn("InfobipClient.getBulkStatus")(function* (id: string) {
    return yield* execute(Endpoints.getBulkStatus, { bulkId: yield* bulkId(id) })
  })
  const setStatus = (name: string, status: "PAUSED" | "PENDING" | "CANCELED") =>
    Effect.fn(name)(function* (id: string) {
      return yield* execute(Endpoints.setBulkStatus, { bulkId: yield* bulkId(id), status })
    })

  return InfobipClient.of({
    auth: { scheme: auth.scheme, renewals: Effect.sync(() => auth.renewals()) },
    execute,
    sendAdvanced,
    sendMessages,
    reportBatches,
    reports,
    logPagesV1,
    logsV1,
    logPages,
    logs,
    preview,
    getBulkSchedule,
    rescheduleBulk,
    getBulkStatus,
    pauseBulk: setStatus("InfobipClient.pauseBulk", "PAUSED"),
    resumeBulk: setStatus("InfobipClient.resumeBulk", "PENDING"),
    cancelBulk: setStatus("InfobipClient.cancelBulk", "CANCELED"),
    balance: execute(Endpoints.balance, {}).pipe(Effect.withSpan("InfobipClient.balance"))
  })
})

/**
 * A layer for the client. With IBSSO the session is destroyed when the layer's scope closes.
 *
 * @since 0.1.0
 */
export const layer = (options: Options): Layer.Layer<InfobipClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(InfobipClient, make(options))

/**
 * The client's settings from the environment: `INFOBIP_BASE_URL`, and by `INFOBIP_AUTH` (`app` by default, `basic`,
 * `ibsso` or `oauth2`): `INFOBIP_API_KEY`; `INFOBIP_USERNAME` and `INFOBIP_PASSWORD`; or `INFOBIP_CLIENT_ID` and
 * `INFOBIP_CLIENT_SECRET`. Optionally `INFOBIP_TIMEOUT`. Secrets are read as `Redacted`.
 *
 * @since 0.1.0
 */
export const config: Config.Config<Options> = Config.all({
  baseUrl: Config.String("INFOBIP_BASE_URL"),
  scheme: Config.withDefault(Config.Literals(["app", "basic", "ibsso", "oauth2"], "INFOBIP_AUTH"), "app" as const),
  apiKey: Config.option(Config.Redacted("INFOBIP_API_KEY")),
  username: Config.option(Config.String("INFOBIP_USERNAME")),
  password: Config.option(Config.Redacted("INFOBIP_PASSWORD")),
  clientId: Config.option(Config.String("INFOBIP_CLIENT_ID")),
  clientSecret: Config.option(Config.Redacted("INFOBIP_CLIENT_SECRET")),
  timeout: Config.withDefault(Config.Duration("INFOBIP_TIMEOUT"), Duration.seconds(30))
}).pipe(
  Config.mapEffect((c) => {
    const missing = (what: string) =>
      Effect.fail(
        new Config.ConfigError(new ConfigProvider.SourceError({ message: `INFOBIP_AUTH=${c.scheme} needs ${what}` }))
      )
    const rest = { baseUrl: c.baseUrl, timeout: c.timeout }
    switch (c.scheme) {
      case "app":
        return Option.isSome(c.apiKey)
          ? Effect.succeed<Options>({ ...rest, auth: Auth.app(c.apiKey.value) })
          : missing("INFOBIP_API_KEY")
      case "basic":
      case "ibsso": {
        if (Option.isNone(c.username) || Option.isNone(c.password))
          return missing("INFOBIP_USERNAME and INFOBIP_PASSWORD")
        const auth =
          c.scheme === "basic"
            ? Auth.basic(c.username.value, c.password.value)
            : Auth.ibsso(c.username.value, c.password.value)
        return Effect.succeed<Options>({ ...rest, auth })
      }
      case "oauth2":
        return Option.isSome(c.clientId) && Option.isSome(c.clientSecret)
          ? Effect.succeed<Options>({ ...rest, auth: Auth.oauth2(c.clientId.value, c.clientSecret.value) })
          : missing("INFOBIP_CLIENT_ID and INFOBIP_CLIENT_SECRET")
    }
  })
)

/**
 * A layer for the client from the environment (see {@link config}), with optional overrides.
 *
 * @since 0.1.0
 */
export const layerConfig = (
  overrides: Partial<Options> = {}
): Layer.Layer<InfobipClient, Config.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(
    InfobipClient,
    Effect.flatMap(config, (options) => make({ ...options, ...overrides }))
  )
